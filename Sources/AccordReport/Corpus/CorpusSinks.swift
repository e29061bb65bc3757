import AccordCore
import AccordXML
import Foundation

/// A corpus-wide output that receives the reports one at a time. The corpus stage reads
/// them back with `accordRecordsOnly`: a sink sees no structure, dates or collective
/// mentions.
public protocol CorpusSink {
    func add(_ report: DocumentReport) throws
    func finish() throws
}

/// Local ids (document, record) to corpus ids, for the sinks: built once for all of them,
/// keyed by document and then by local id (a document's id is not repeated in every key).
public struct CorpusIndex: Sendable {
    var entity: [String: [String: String]] = [:]
    var agreement: [String: [String: String]] = [:]
    var program: [String: [String: String]] = [:]
    var commitment: [String: [String: String]] = [:]
    var event: [String: [String: String]] = [:]
    var names: [String: String] = [:]

    public init(_ corpus: CorpusReport) {
        for e in corpus.entities {
            names[e.id] = e.name
            for l in e.local { entity[l.document, default: [:]][l.id] = e.id }
        }
        for a in corpus.agreements {
            names[a.id] = a.title
            for l in a.local { agreement[l.document, default: [:]][l.id] = a.id }
        }
        for p in corpus.programs {
            names[p.id] = p.name
            for l in p.local { program[l.document, default: [:]][l.id] = p.id }
        }
        for c in corpus.commitments { commitment[c.document, default: [:]][c.local] = c.id }
        for v in corpus.events { for m in v.mentions { event[m.document, default: [:]][m.id] = v.id } }
    }

    func id(_ document: String, _ local: String?) -> String? {
        guard let local else { return nil }
        return entity[document]?[local] ?? agreement[document]?[local] ?? program[document]?[local]
            ?? commitment[document]?[local] ?? event[document]?[local]
    }

    func commitmentID(_ document: String, _ local: String) -> String? { commitment[document]?[local] }
}

// MARK: CSV

/// `csv/`: one file per record type, one row per record (per mention for entities), each
/// with its document and span, for spreadsheets.
public final class CSVSink: CorpusSink {
    let directory: URL
    let index: CorpusIndex
    /// Rows go to disk as they come (a temporary file per table, renamed on `finish`).
    var files: [String: AtomicFile.Writer] = [:]
    static let headers: [String: [String]] = [
        "entities": ["corpus_id", "document", "local_id", "type", "name", "mention", "start", "end", "source_start", "source_end", "rule"],
        "agreements": ["corpus_id", "document", "local_id", "title", "type", "status", "date", "parties", "signatories", "start", "end"],
        "programs": ["corpus_id", "document", "local_id", "name", "kind", "status", "participants", "start", "end"],
        "commitments": ["corpus_id", "document", "local_id", "actors", "modality", "negated", "timeframe", "text", "start", "end", "source_start", "source_end"],
        "events": ["corpus_id", "document", "local_id", "type", "participants", "place", "date", "start", "end"],
    ]

    public convenience init(directory: URL, corpus: CorpusReport) throws {
        try self.init(directory: directory, corpus: corpus, index: CorpusIndex(corpus))
    }

    public init(directory: URL, corpus: CorpusReport, index: CorpusIndex) throws {
        self.directory = directory
        self.index = index
        for (name, header) in Self.headers.sorted(by: { $0.key < $1.key }) {
            let writer = try AtomicFile.Writer(directory.appendingPathComponent("\(name).csv"))
            files[name] = writer
            append(name, header)
        }
    }

    /// The row being written (one buffer for the sink's life). The sink is fed by one
    /// thread at a time and never re-entered: no dynamic exclusivity checks on the line (a
    /// runtime call at every cell).
    @exclusivity(unchecked) var line: [UInt8] = []

    func append(_ file: String, _ cells: [String]) {
        for value in cells { cell(value) }
        endRow(files[file]!)
    }

    /// Whether the line has a cell yet (then the next one follows a comma).
    @exclusivity(unchecked) private var lineHasCell = false

    /// `cell(value)` appended to the row being written.
    func cell(_ value: String) {
        if lineHasCell { line.append(UInt8(ascii: ",")) }
        Self.appendCell(value, to: &line)
        lineHasCell = true
    }

    /// `cell(String(value))` appended to the row being written.
    func cell(_ value: Int) {
        if lineHasCell { line.append(UInt8(ascii: ",")) }
        Self.appendCell(value, to: &line)
        lineHasCell = true
    }

    /// `appendCell(String(value), to: &line)`: the digits by the report writers' decimal
    /// writer, a negative number after the formula prefix (its "-" would take it).
    static func appendCell(_ value: Int, to line: inout [UInt8]) {
        if value < 0 { line.append(UInt8(ascii: "'")) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            let start = digits.baseAddress!
            line.append(contentsOf: UnsafeBufferPointer(start: start, count: ByteBuffer.writeDecimal(value, at: start) - start))
        }
    }

    /// Ends the row being written and writes it to `file`.
    func endRow(_ file: AtomicFile.Writer) {
        line.append(0x0D)
        line.append(0x0A)
        file.write(line)
        line.removeAll(keepingCapacity: true)
        lineHasCell = false
    }

    /// RFC 4180 quoting; a cell a spreadsheet would run as a formula is prefixed with '.
    static func cell(_ value: String) -> String {
        var line: [UInt8] = []
        appendCell(value, to: &line)
        return String(decoding: line, as: UTF8.self)
    }

    /// First bytes that make a cell a formula in a spreadsheet: = + - @ TAB CR.
    static let formulaStarts: [UInt8] = Array("=+-@\t\r".utf8)

    /// `cell(value)`, appended to `line`. Written on the value's bytes: the characters it
    /// looks for are ASCII, and in UTF-8 their bytes are never part of another scalar, so a
    /// comma with a combining accent on it, or a CR LF, is quoted like any other.
    static func appendCell(_ value: String, to line: inout [UInt8]) {
        value.withUTF8Bytes { (bytes: UnsafeBufferPointer<UInt8>) in
            let quote = bytes.contains { (byte: UInt8) -> Bool in
                byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D  // , " LF CR
            }
            let first: UInt8 = bytes.first ?? 0
            let prefix = Self.formulaStarts.contains(first)
            if quote { line.append(UInt8(ascii: "\"")) }
            if prefix { line.append(UInt8(ascii: "'")) }
            if quote {
                for byte in bytes {
                    line.append(byte)
                    if byte == UInt8(ascii: "\"") { line.append(byte) }
                }
                line.append(UInt8(ascii: "\""))
            } else {
                line.append(contentsOf: bytes)
            }
        }
    }

    public func add(_ report: DocumentReport) throws {
        let doc = report.document.id
        func names(_ ids: [String]) -> String { ids.map { index.names[index.id(doc, $0) ?? ""] ?? $0 }.joined(separator: "; ") }
        // A row a mention (most of the rows): written cell by cell into the line, the
        // entity's corpus id found once for all its mentions.
        let entities = files["entities"]!
        for e in report.entities {
            let corpusID = index.id(doc, e.id) ?? ""
            for m in e.mentions {
                cell(corpusID)
                cell(doc)
                cell(e.id)
                cell(e.type)
                cell(e.name)
                cell(m.text)
                cell(m.start)
                cell(m.end)
                cell(m.source.start)
                cell(m.source.end)
                cell(m.rule ?? "")
                endRow(entities)
            }
        }
        for a in report.agreements {
            let span = a.evidence.first
            append("agreements", [index.id(doc, a.id) ?? "", doc, a.id, a.title, a.type, a.status ?? "", a.date ?? "",
                                                  names(a.parties), names(a.signatories), span.map { String($0.start) } ?? "", span.map { String($0.end) } ?? ""])
        }
        for p in report.programs {
            let span = p.evidence.first
            append("programs", [index.id(doc, p.id) ?? "", doc, p.id, p.name, p.kind, p.status ?? "", names(p.participants),
                                                span.map { String($0.start) } ?? "", span.map { String($0.end) } ?? ""])
        }
        for c in report.commitments {
            append("commitments", [index.id(doc, c.id) ?? "", doc, c.id, names(c.actors), c.modality, c.negated ? "true" : "false",
                                                   c.timeframe ?? "", c.text, String(c.sentence.start), String(c.sentence.end),
                                                   String(c.sentence.source.start), String(c.sentence.source.end)])
        }
        for v in report.events {
            let span = v.evidence.first
            append("events", [index.id(doc, v.id) ?? "", doc, v.id, v.type, names(v.participants), v.place.map { names([$0]) } ?? "",
                                              v.date ?? "", span.map { String($0.start) } ?? "", span.map { String($0.end) } ?? ""])
        }
    }

    public func finish() throws {
        for name in files.keys.sorted() { try files[name]!.commit() }
    }
}

// MARK: Corpus XML

/// `corpus.xml`: the corpus report in XML, valid against Schemas/accord-corpus.xsd.
public enum CorpusXML {
    public static func encode(_ corpus: CorpusReport) -> Data {
        var data = Data()
        write(corpus) { data.append(contentsOf: $0) }
        return data
    }

    /// Writes the document to `file` as it goes (a chunk every few hundred kilobytes), so a
    /// large corpus is never whole in memory twice.
    public static func write(_ corpus: CorpusReport, to file: AtomicFile.Writer) {
        write(corpus) { file.write($0) }
    }

    static func write(_ corpus: CorpusReport, _ sink: (UnsafeRawBufferPointer) -> Void) {
        let w = XMLWriter()
        func drainIfLarge() { if w.bufferedCount > 1 << 18 { w.drain(sink) } }
        w.startElement("corpus")
        w.attribute("schema", corpus.schema)
        w.attribute("pipeline", corpus.pipeline)
        func list(_ name: String, _ values: [String]) { XMLReport.list(w, name, values) }
        func optional(_ name: String, _ value: String?) { XMLReport.optional(w, name, value) }
        func locals(_ refs: [CorpusReport.LocalReference]) {
            for ref in refs {
                w.startElement("local")
                w.attribute("document", ref.document)
                w.attribute("id", ref.id)
                w.endElement()
            }
        }
        w.startElement("documents")
        for d in corpus.documents {
            drainIfLarge()
            w.startElement("document")
            w.attribute("id", d.id)
            w.attribute("source", d.source)
            w.attribute("kind", d.kind)
            optional("genre", d.genre)
            optional("date", d.date)
            if let title = d.title { w.text(title) }
            w.endElement()
        }
        w.endElement()
        w.startElement("entities")
        for e in corpus.entities {
            drainIfLarge()
            w.startElement("entity")
            w.attribute("xml:id", e.id)
            w.attribute("type", e.type)
            w.attribute("name", e.name)
            optional("country", e.country)
            w.attribute("mentions", String(e.mentions))
            list("documents", e.documents)
            for alias in e.aliases { w.element("alias", text: alias) }
            XMLReport.codes(w, e.codes)
            for role in e.roles ?? [] {
                w.startElement("role")
                w.attribute("title", role.title)
                optional("organization", role.organization)
                optional("country", role.country)
                optional("date", role.date)
                w.attribute("document", role.document)
                w.endElement()
            }
            locals(e.local)
            w.endElement()
        }
        w.endElement()
        w.startElement("agreements")
        for a in corpus.agreements {
            drainIfLarge()
            w.startElement("agreement")
            w.attribute("xml:id", a.id)
            w.attribute("type", a.type)
            w.attribute("title", a.title)
            list("parties", a.parties)
            list("signatories", a.signatories)
            optional("date", a.date)
            optional("place", a.place)
            optional("status", a.status)
            optional("text", a.text)
            list("documents", a.documents)
            list("reportedIn", a.reportedIn)
            locals(a.local)
            w.endElement()
        }
        w.endElement()
        w.startElement("programs")
        for p in corpus.programs {
            drainIfLarge()
            w.startElement("program")
            w.attribute("xml:id", p.id)
            w.attribute("name", p.name)
            w.attribute("kind", p.kind)
            list("participants", p.participants)
            optional("establishedBy", p.establishedBy)
            optional("status", p.status)
            list("documents", p.documents)
            locals(p.local)
            w.endElement()
        }
        w.endElement()
        w.startElement("commitments")
        for c in corpus.commitments {
            drainIfLarge()
            w.startElement("commitment")
            w.attribute("xml:id", c.id)
            w.attribute("document", c.document)
            w.attribute("local", c.local)
            list("actors", c.actors)
            w.attribute("modality", c.modality)
            w.attribute("negated", c.negated ? "true" : "false")
            optional("date", c.date)
            list("relatedTo", c.relatedTo)
            w.text(c.text)
            w.endElement()
        }
        w.endElement()
        w.startElement("events")
        for v in corpus.events {
            drainIfLarge()
            w.startElement("event")
            w.attribute("xml:id", v.id)
            w.attribute("type", v.type)
            list("participants", v.participants)
            optional("place", v.place)
            optional("date", v.date)
            list("documents", v.documents)
            locals(v.mentions)
            w.endElement()
        }
        w.endElement()
        w.startElement("parties")
        for p in corpus.parties {
            drainIfLarge()
            w.startElement("party")
            w.attribute("entity", p.entity)
            w.attribute("name", p.name)
            list("agreements", p.agreements)
            list("programs", p.programs)
            list("counterparts", p.counterparts)
            list("places", p.places)
            list("dates", p.dates)
            list("documents", p.documents)
            for (modality, ids) in p.commitments.sorted(by: { $0.key < $1.key }) {
                w.startElement("commitments")
                w.attribute("modality", modality)
                list("ids", ids)
                w.endElement()
            }
            w.endElement()
        }
        w.endElement()
        w.endElement()
        w.finish(sink)
    }
}
