import AccordCore
import Foundation
import GRDB
import GRDBSQLite

/// `accord.sqlite`: the corpus's records in tables with foreign keys and indexes, written
/// through GRDB into a temporary file that replaces the old one only when complete.
public final class SQLiteSink: CorpusSink {
    let url: URL
    let temporary: URL
    let queue: DatabaseQueue
    let index: CorpusIndex
    var mentionID = 0
    /// Set once the store is in place: a sink let go before that (a run that failed on the
    /// way) removes its scratch file instead of leaving it in the output folder.
    private var committed = false

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
            var insert = try RowInsert(db, "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)")
            for d in corpus.documents {
                insert.text(d.id); insert.text(d.source); insert.text(d.kind); insert.text(d.genre); insert.text(d.title); insert.text(d.date)
                try insert.run()
            }
            insert = try RowInsert(db, "INSERT INTO entities VALUES (?, ?, ?, NULL, ?)")
            for e in corpus.entities {
                insert.text(e.id); insert.text(e.type); insert.text(e.name); insert.int(e.mentions)
                try insert.run()
            }
            var country = try RowInsert(db, "UPDATE entities SET country_id = ? WHERE id = ?")
            var alias = try RowInsert(db, "INSERT INTO aliases VALUES (?, ?)")
            var role = try RowInsert(db, "INSERT INTO roles VALUES (?, ?, ?, ?, ?, ?)")
            for e in corpus.entities {
                if let c = e.country {
                    country.text(c); country.text(e.id)
                    try country.run()
                }
                for a in e.aliases {
                    alias.text(e.id); alias.text(a)
                    try alias.run()
                }
                for r in e.roles ?? [] {
                    role.text(e.id); role.text(r.title); role.text(r.organization); role.text(r.country); role.text(r.date); role.text(r.document)
                    try role.run()
                }
            }
            var agreement = try RowInsert(db, "INSERT INTO agreements VALUES (?, ?, ?, ?, ?, ?, ?)")
            var agreementParty = try RowInsert(db, "INSERT INTO agreement_parties VALUES (?, ?)")
            var agreementSignatory = try RowInsert(db, "INSERT INTO agreement_signatories VALUES (?, ?)")
            var agreementDocument = try RowInsert(db, "INSERT INTO agreement_documents VALUES (?, ?)")
            for a in corpus.agreements {
                agreement.text(a.id); agreement.text(a.title); agreement.text(a.type); agreement.text(a.date); agreement.text(a.place)
                agreement.text(a.status); agreement.text(a.text)
                try agreement.run()
                try agreementParty.pairs(a.id, Set(a.parties).sorted())
                try agreementSignatory.pairs(a.id, Set(a.signatories).sorted())
                try agreementDocument.pairs(a.id, Set(a.documents).sorted())
            }
            var program = try RowInsert(db, "INSERT INTO programs VALUES (?, ?, ?, ?, ?)")
            var programParticipant = try RowInsert(db, "INSERT INTO program_participants VALUES (?, ?)")
            var programDocument = try RowInsert(db, "INSERT INTO program_documents VALUES (?, ?)")
            for p in corpus.programs {
                program.text(p.id); program.text(p.name); program.text(p.kind); program.text(p.status); program.text(p.establishedBy)
                try program.run()
                try programParticipant.pairs(p.id, Set(p.participants).sorted())
                try programDocument.pairs(p.id, Set(p.documents).sorted())
            }
            var commitment = try RowInsert(db, "INSERT INTO commitments VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)")
            var commitmentActor = try RowInsert(db, "INSERT INTO commitment_actors VALUES (?, ?)")
            var commitmentRelated = try RowInsert(db, "INSERT INTO commitment_related VALUES (?, ?)")
            for c in corpus.commitments {
                commitment.text(c.id); commitment.text(c.document); commitment.text(c.local); commitment.text(c.modality)
                commitment.bool(c.negated); commitment.text(c.text); commitment.text(c.date)
                try commitment.run()
                try commitmentActor.pairs(c.id, Set(c.actors).sorted())
                try commitmentRelated.pairs(c.id, c.relatedTo)
            }
            var event = try RowInsert(db, "INSERT INTO events VALUES (?, ?, ?, ?)")
            var eventParticipant = try RowInsert(db, "INSERT INTO event_participants VALUES (?, ?)")
            var eventDocument = try RowInsert(db, "INSERT INTO event_documents VALUES (?, ?)")
            for v in corpus.events {
                event.text(v.id); event.text(v.type); event.text(v.place); event.text(v.date)
                try event.run()
                try eventParticipant.pairs(v.id, Set(v.participants).sorted())
                try eventDocument.pairs(v.id, Set(v.documents).sorted())
            }
        }
    }

    public func add(_ report: DocumentReport) throws {
        let doc = report.document.id
        try queue.write { db in
            var mention = try RowInsert(db, "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            for e in report.entities {
                guard let entity = index.id(doc, e.id) else { continue }
                for m in e.mentions {
                    mentionID += 1
                    mention.int(mentionID); mention.text(entity); mention.text(doc); mention.int(m.start); mention.int(m.end)
                    mention.int(m.source.start); mention.int(m.source.end); mention.text(m.text); mention.text(m.rule)
                    try mention.run()
                }
            }
            var placed = try RowInsert(db, "UPDATE commitments SET start = ?, \"end\" = ? WHERE id = ?")
            for c in report.commitments {
                guard let id = index.commitmentID(doc, c.id) else { continue }
                placed.int(c.sentence.start); placed.int(c.sentence.end); placed.text(id)
                try placed.run()
            }
            var quote = try RowInsert(db, "INSERT INTO quotes (document_id, speaker_id, text, start, \"end\") VALUES (?, ?, ?, ?, ?)")
            for q in report.quotes {
                quote.text(doc); quote.text(index.id(doc, q.speaker)); quote.text(q.text); quote.int(q.span.start); quote.int(q.span.end)
                try quote.run()
            }
            var reference = try RowInsert(db, "INSERT INTO \"references\" VALUES (?, ?, ?, ?)")
            for r in report.references {
                reference.text(doc); reference.text(index.id(doc, r.from) ?? r.from); reference.text(index.id(doc, r.to) ?? r.to)
                reference.text(r.relation)
                try reference.run()
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
        committed = true
    }

    deinit {
        guard !committed else { return }
        try? queue.close()
        try? FileManager.default.removeItem(at: temporary)
    }
}


/// One statement of the store, prepared once (GRDB's statement cache) and run for row after
/// row: its values bound one by one through SQLite's C interface on GRDB's statement
/// (`Statement.sqliteStatement`, GRDB's documented way to the C API), then stepped and reset.
/// The rows are GRDB's `execute(arguments:)` rows exactly (text bound up to its first NUL
/// byte, as GRDB binds a string; a Bool as the integer 0 or 1; nil as NULL), without an
/// array of `DatabaseValueConvertible` values made, checked and converted again for every
/// row: that cost more than SQLite's own work on the row.
/// Only inside the `queue.write` closure that made it; values are bound in the statement's
/// order, then `run` (which checks that every parameter has its value). (This file alone
/// calls SQLite's C interface; GRDB owns the connection and the transactions.) Bound through
/// GRDB's own `StatementBinding` by a parameter pack, the values cost a sixth more: the pack
/// was copied value by value through witness tables.
struct RowInsert {
    private let statement: Statement
    private let handle: SQLiteStatement
    private let parameters: CInt
    private var column: CInt = 0
    /// The first binding that failed since the last run (SQLite's code), thrown by `run`.
    private var failure: CInt = SQLITE_OK
    /// SQLite copies a value bound with it (the string's storage lives only for the call).
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    init(_ db: Database, _ sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        parameters = sqlite3_bind_parameter_count(handle)
    }

    @inline(__always) private mutating func bound(_ code: CInt) {
        if code != SQLITE_OK && failure == SQLITE_OK { failure = code }
    }

    mutating func text(_ value: String) {
        column += 1
        let column = column, handle = handle
        bound(value.withCString { sqlite3_bind_text(handle, column, $0, -1, Self.transient) })
    }

    mutating func text(_ value: String?) {
        if let value { text(value) } else { null() }
    }

    mutating func int(_ value: Int) {
        column += 1
        bound(sqlite3_bind_int64(handle, column, Int64(value)))
    }

    mutating func bool(_ value: Bool) { int(value ? 1 : 0) }

    mutating func null() {
        column += 1
        bound(sqlite3_bind_null(handle, column))
    }

    /// One row for each of `values`: `owner` then the value (a link table's rows).
    mutating func pairs(_ owner: String, _ values: [String]) throws {
        for value in values {
            text(owner)
            text(value)
            try run()
        }
    }

    /// Runs the statement with the values bound since the last run; throws SQLite's error
    /// (a constraint, a full disk), with the statement's SQL, or a binding's.
    mutating func run() throws {
        let count = column
        column = 0
        defer { failure = SQLITE_OK }
        guard count == parameters else {
            sqlite3_clear_bindings(handle)
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "\(count) values bound for \(parameters) parameters", sql: statement.sql)
        }
        guard failure == SQLITE_OK else {
            let message = String(cString: sqlite3_errstr(failure))
            sqlite3_clear_bindings(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: failure), message: message, sql: statement.sql)
        }
        let code = sqlite3_step(handle)
        // The message before the reset, which may set another.
        let message = code == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}
