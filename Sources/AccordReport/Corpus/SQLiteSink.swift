import AccordCore
import Foundation
import GRDB

/// `accord.sqlite`: the corpus's records in tables with foreign keys and indexes, written
/// through GRDB into a temporary file that replaces the old one only when complete.
public final class SQLiteSink: CorpusSink {
    let url: URL
    let temporary: URL
    let queue: DatabaseQueue
    let index: CorpusIndex
    var mentionID = 0

    /// The schema, as the README documents it.
    public static let schema = """
        CREATE TABLE documents (id TEXT PRIMARY KEY, source TEXT NOT NULL, kind TEXT NOT NULL, genre TEXT, title TEXT, date TEXT);
        CREATE TABLE entities (id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, country_id TEXT REFERENCES entities(id), mentions INTEGER NOT NULL);
        CREATE TABLE aliases (entity_id TEXT NOT NULL REFERENCES entities(id), alias TEXT NOT NULL);
        CREATE TABLE roles (entity_id TEXT NOT NULL REFERENCES entities(id), title TEXT NOT NULL, organization_id TEXT REFERENCES entities(id), country_id TEXT REFERENCES entities(id), date TEXT, document_id TEXT NOT NULL REFERENCES documents(id));
        CREATE TABLE mentions (id INTEGER PRIMARY KEY, entity_id TEXT NOT NULL REFERENCES entities(id), document_id TEXT NOT NULL REFERENCES documents(id), start INTEGER NOT NULL, "end" INTEGER NOT NULL, source_start INTEGER NOT NULL, source_end INTEGER NOT NULL, text TEXT NOT NULL, rule TEXT);
        CREATE TABLE agreements (id TEXT PRIMARY KEY, title TEXT NOT NULL, type TEXT NOT NULL, date TEXT, place_id TEXT REFERENCES entities(id), status TEXT, text_document_id TEXT REFERENCES documents(id));
        CREATE TABLE agreement_parties (agreement_id TEXT NOT NULL REFERENCES agreements(id), entity_id TEXT NOT NULL REFERENCES entities(id), PRIMARY KEY (agreement_id, entity_id));
        CREATE TABLE agreement_signatories (agreement_id TEXT NOT NULL REFERENCES agreements(id), entity_id TEXT NOT NULL REFERENCES entities(id), PRIMARY KEY (agreement_id, entity_id));
        CREATE TABLE agreement_documents (agreement_id TEXT NOT NULL REFERENCES agreements(id), document_id TEXT NOT NULL REFERENCES documents(id), PRIMARY KEY (agreement_id, document_id));
        CREATE TABLE programs (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, status TEXT, established_by TEXT REFERENCES agreements(id));
        CREATE TABLE program_participants (program_id TEXT NOT NULL REFERENCES programs(id), entity_id TEXT NOT NULL REFERENCES entities(id), PRIMARY KEY (program_id, entity_id));
        CREATE TABLE program_documents (program_id TEXT NOT NULL REFERENCES programs(id), document_id TEXT NOT NULL REFERENCES documents(id), PRIMARY KEY (program_id, document_id));
        CREATE TABLE commitments (id TEXT PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents(id), local_id TEXT NOT NULL, modality TEXT NOT NULL, negated INTEGER NOT NULL, text TEXT NOT NULL, date TEXT, start INTEGER, "end" INTEGER);
        CREATE TABLE commitment_actors (commitment_id TEXT NOT NULL REFERENCES commitments(id), entity_id TEXT NOT NULL REFERENCES entities(id), PRIMARY KEY (commitment_id, entity_id));
        CREATE TABLE commitment_related (commitment_id TEXT NOT NULL REFERENCES commitments(id), record_id TEXT NOT NULL);
        CREATE TABLE events (id TEXT PRIMARY KEY, type TEXT NOT NULL, place_id TEXT REFERENCES entities(id), date TEXT);
        CREATE TABLE event_participants (event_id TEXT NOT NULL REFERENCES events(id), entity_id TEXT NOT NULL REFERENCES entities(id), PRIMARY KEY (event_id, entity_id));
        CREATE TABLE event_documents (event_id TEXT NOT NULL REFERENCES events(id), document_id TEXT NOT NULL REFERENCES documents(id), PRIMARY KEY (event_id, document_id));
        CREATE TABLE quotes (id INTEGER PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents(id), speaker_id TEXT REFERENCES entities(id), text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL);
        CREATE TABLE "references" (document_id TEXT NOT NULL REFERENCES documents(id), from_id TEXT NOT NULL, to_id TEXT NOT NULL, relation TEXT NOT NULL);
        CREATE INDEX mentions_entity ON mentions(entity_id);
        CREATE INDEX mentions_document ON mentions(document_id);
        CREATE INDEX aliases_entity ON aliases(entity_id);
        CREATE INDEX roles_entity ON roles(entity_id);
        CREATE INDEX entities_name ON entities(type, name);
        CREATE INDEX commitments_document ON commitments(document_id);
        CREATE INDEX commitment_actors_entity ON commitment_actors(entity_id);
        CREATE INDEX agreement_parties_entity ON agreement_parties(entity_id);
        CREATE INDEX agreement_documents_document ON agreement_documents(document_id);
        CREATE INDEX program_participants_entity ON program_participants(entity_id);
        CREATE INDEX program_documents_document ON program_documents(document_id);
        CREATE INDEX event_participants_entity ON event_participants(entity_id);
        CREATE INDEX quotes_document ON quotes(document_id);
        CREATE INDEX references_document ON "references"(document_id);
        """

    /// The schema's tables, made before the rows go in; its indexes (`indexes`) are made
    /// after the last row, once each from the sorted column rather than a row at a time.
    /// sqlite_master holds them in the same order either way.
    static let tables = schema.split(separator: "\n").filter { !$0.hasPrefix("CREATE INDEX") }.joined(separator: "\n")
    static let indexes = schema.split(separator: "\n").filter { $0.hasPrefix("CREATE INDEX") }.joined(separator: "\n")

    /// A statement run with its arguments, prepared once per connection (GRDB's statement
    /// cache) rather than parsed again for every row.
    @inline(__always) static func run(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    public convenience init(url: URL, corpus: CorpusReport) throws {
        try self.init(url: url, corpus: corpus, index: CorpusIndex(corpus))
    }

    public init(url: URL, corpus: CorpusReport, index: CorpusIndex) throws {
        self.url = url
        temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        try? FileManager.default.removeItem(at: temporary)
        var configuration = GRDB.Configuration()
        configuration.foreignKeysEnabled = true
        // A scratch file, renamed into place (after an fsync) only when complete: no journal on
        // disk and no sync per transaction (one transaction a document) while it is built.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = MEMORY")
            try db.execute(sql: "PRAGMA synchronous = OFF")
        }
        queue = try DatabaseQueue(path: temporary.path, configuration: configuration)
        self.index = index
        try queue.write { db in
            try db.execute(sql: Self.tables)
            for d in corpus.documents {
                try Self.run(db, "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)", [d.id, d.source, d.kind, d.genre, d.title, d.date])
            }
            for e in corpus.entities {
                try Self.run(db, "INSERT INTO entities VALUES (?, ?, ?, NULL, ?)", [e.id, e.type, e.name, e.mentions])
            }
            for e in corpus.entities {
                if let country = e.country { try Self.run(db, "UPDATE entities SET country_id = ? WHERE id = ?", [country, e.id]) }
                for alias in e.aliases { try Self.run(db, "INSERT INTO aliases VALUES (?, ?)", [e.id, alias]) }
                for r in e.roles ?? [] {
                    try Self.run(db, "INSERT INTO roles VALUES (?, ?, ?, ?, ?, ?)", [e.id, r.title, r.organization, r.country, r.date, r.document])
                }
            }
            for a in corpus.agreements {
                try Self.run(db, "INSERT INTO agreements VALUES (?, ?, ?, ?, ?, ?, ?)", [a.id, a.title, a.type, a.date, a.place, a.status, a.text])
                for p in Set(a.parties).sorted() { try Self.run(db, "INSERT INTO agreement_parties VALUES (?, ?)", [a.id, p]) }
                for p in Set(a.signatories).sorted() { try Self.run(db, "INSERT INTO agreement_signatories VALUES (?, ?)", [a.id, p]) }
                for d in Set(a.documents).sorted() { try Self.run(db, "INSERT INTO agreement_documents VALUES (?, ?)", [a.id, d]) }
            }
            for p in corpus.programs {
                try Self.run(db, "INSERT INTO programs VALUES (?, ?, ?, ?, ?)", [p.id, p.name, p.kind, p.status, p.establishedBy])
                for e in Set(p.participants).sorted() { try Self.run(db, "INSERT INTO program_participants VALUES (?, ?)", [p.id, e]) }
                for d in Set(p.documents).sorted() { try Self.run(db, "INSERT INTO program_documents VALUES (?, ?)", [p.id, d]) }
            }
            for c in corpus.commitments {
                try Self.run(db, "INSERT INTO commitments VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
                             [c.id, c.document, c.local, c.modality, c.negated, c.text, c.date])
                for a in Set(c.actors).sorted() { try Self.run(db, "INSERT INTO commitment_actors VALUES (?, ?)", [c.id, a]) }
                for r in c.relatedTo { try Self.run(db, "INSERT INTO commitment_related VALUES (?, ?)", [c.id, r]) }
            }
            for v in corpus.events {
                try Self.run(db, "INSERT INTO events VALUES (?, ?, ?, ?)", [v.id, v.type, v.place, v.date])
                for p in Set(v.participants).sorted() { try Self.run(db, "INSERT INTO event_participants VALUES (?, ?)", [v.id, p]) }
                for d in Set(v.documents).sorted() { try Self.run(db, "INSERT INTO event_documents VALUES (?, ?)", [v.id, d]) }
            }
        }
    }

    public func add(_ report: DocumentReport) throws {
        let doc = report.document.id
        try queue.write { db in
            for e in report.entities {
                guard let entity = index.id(doc, e.id) else { continue }
                for m in e.mentions {
                    mentionID += 1
                    try Self.run(db, "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 [mentionID, entity, doc, m.start, m.end, m.source.start, m.source.end, m.text, m.rule])
                }
            }
            for c in report.commitments {
                guard let id = index.commitmentID(doc, c.id) else { continue }
                try Self.run(db, "UPDATE commitments SET start = ?, \"end\" = ? WHERE id = ?", [c.sentence.start, c.sentence.end, id])
            }
            for q in report.quotes {
                try Self.run(db, "INSERT INTO quotes (document_id, speaker_id, text, start, \"end\") VALUES (?, ?, ?, ?, ?)",
                             [doc, index.id(doc, q.speaker), q.text, q.span.start, q.span.end])
            }
            for r in report.references {
                try Self.run(db, "INSERT INTO \"references\" VALUES (?, ?, ?, ?)",
                             [doc, index.id(doc, r.from) ?? r.from, index.id(doc, r.to) ?? r.to, r.relation])
            }
        }
    }

    public func finish() throws {
        try queue.write { db in try db.execute(sql: Self.indexes) }
        try queue.close()
        let fd = open(temporary.path, O_RDONLY)
        guard fd >= 0, fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            if fd >= 0 { close(fd) }
            throw AtomicFile.WriteError(path: url.path, reason: reason)
        }
        close(fd)
        if rename(temporary.path, url.path) != 0 {
            throw AtomicFile.WriteError(path: url.path, reason: String(cString: strerror(errno)))
        }
    }
}

