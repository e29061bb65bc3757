import AccordCore
import AccordXML

/// Document reports written straight into bytes, in the exact form `JSONEncoder` gives them
/// with `[.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]`: no Codable containers, no
/// tree of values, keys written in their sorted order by hand. Reports are the bulk of what a
/// run writes (about ten bytes of JSON per character of the document), so this is the emit
/// stage's hot path.
///
/// The key order is checked as it is written (a key not after the one before it stops a
/// debug build), and a test compares the output with `JSONEncoder`'s on every sample report:
/// a field added to a DTO and not here shows up there.
protocol JSONWritable {
    func write(to json: inout JSONBuffer)
    /// The bytes its JSON is expected to take: room made at once, not by doubling.
    var expectedBytes: Int { get }
}

extension JSONWritable {
    var expectedBytes: Int { 1 << 16 }
}

struct JSONBuffer {
    let bytes: ByteBuffer
    /// Containers open.
    private var depth = 0
    /// The innermost open container has a member already: the next one follows a comma.
    /// (One flag for all levels: a container is opened as a member's value, or as the root,
    /// so the container it closes into always has a member: that one.)
    private var hasMembers = false
    #if DEBUG
    private var lastKeys: [[UInt8]] = []
    #endif

    /// Where to spill full chunks (a large corpus report goes to its file as it is written).
    var sink: AtomicFile.Writer?

    init(capacity: Int, sink: AtomicFile.Writer? = nil) {
        bytes = ByteBuffer(capacity: capacity)
        self.sink = sink
    }

    mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        bytes.append(0x0A)
        depth += 1
        hasMembers = false
        #if DEBUG
        lastKeys.append([])
        #endif
    }

    mutating func close(_ bracket: UInt8) {
        depth -= 1
        hasMembers = true
        #if DEBUG
        lastKeys.removeLast()
        #endif
        bytes.appendJSONClose(bracket, indent: depth * 2)
    }

    mutating func openObject() { open(UInt8(ascii: "{")) }

    /// An object opened with `key` and an integer as its first member, in one append (the
    /// same bytes as `openObject()` and `field(key, value)`).
    mutating func openObject(_ key: StaticString, _ value: Int) {
        spill()
        depth += 1
        #if DEBUG
        lastKeys.append(Array(UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)))
        #endif
        bytes.appendJSONObjectOpen(indent: depth * 2, key: key, value: value)
        hasMembers = true
    }

    /// A span's `source` object and `start`, the two members after its `rule`, in one append
    /// (the same bytes as `field("source", source)` and `field("start", start)`).
    mutating func spanSource(_ source: SpanDTO.Source, start: Int) {
        spill()
        #if DEBUG
        precondition(lastKeys[lastKeys.count - 1].lexicographicallyPrecedes(Array("source".utf8)), "JSON keys out of order")
        lastKeys[lastKeys.count - 1] = Array("start".utf8)
        #endif
        bytes.appendJSONSpanSource(separated: hasMembers, indent: depth * 2, sourceEnd: source.end, sourceStart: source.start, start: start)
        hasMembers = true
    }
    mutating func closeObject() { close(UInt8(ascii: "}")) }
    mutating func openArray() { open(UInt8(ascii: "[")) }
    mutating func closeArray() { close(UInt8(ascii: "]")) }

    /// Full chunks to the sink, if there is one.
    @inline(__always) private mutating func spill() {
        if let sink, bytes.count >= 1 << 18 {
            bytes.withUnsafeBytes { sink.write($0) }
            bytes.removeAll()
        }
    }

    /// The separator and indentation before an array element (or a key written as a string).
    mutating func next() {
        spill()
        bytes.appendJSONElement(separated: hasMembers, indent: depth * 2)
        hasMembers = true
    }

    mutating func key(_ key: StaticString) {
        spill()
        #if DEBUG
        let utf8 = Array(UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        precondition(lastKeys[lastKeys.count - 1].lexicographicallyPrecedes(utf8) || lastKeys[lastKeys.count - 1].isEmpty,
                     "JSON keys out of order: \(key) after \(String(decoding: lastKeys[lastKeys.count - 1], as: UTF8.self))")
        lastKeys[lastKeys.count - 1] = utf8
        #endif
        // The separator, indentation, quoted key and ` : `, in one append.
        bytes.appendJSONMember(separated: hasMembers, indent: depth * 2, key: key)
        hasMembers = true
    }

    /// A dictionary's key (already in sorted order).
    mutating func key(_ key: String) {
        next()
        string(key)
        bytes.append(" : ")
    }

    func string(_ value: String) { Self.appendQuoted(value, to: bytes) }

    /// A JSON string as JSONEncoder writes it: quotes, backslashes and control characters
    /// escaped (the usual short forms, else `\u00XX`), slashes and all else as they are.
    static func appendQuoted(_ value: String, to bytes: ByteBuffer) {
        value.withUTF8Bytes { appendQuoted(utf8: $0, to: bytes) }
    }

    /// `appendQuoted` of UTF-8 bytes (a span of a document's text, written from its bytes).
    static func appendQuoted(utf8: UnsafeBufferPointer<UInt8>, to bytes: ByteBuffer) {
        // Straight to the first byte that needs escaping: most strings have none, and are
        // written with their quotes in one append.
        var index = ByteScan.jsonSpecial(utf8, from: 0)
        guard index < utf8.count else {
            bytes.appendQuoted(plain: utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        var mark = 0
        while index < utf8.count {
            // (A byte below 0x20, a quote or a backslash.)
            let byte = utf8[index]
            if index > mark { bytes.append(UnsafeBufferPointer(rebasing: utf8[mark..<index])) }
            mark = index + 1
            bytes.append(UInt8(ascii: "\\"))
            JSONEscape.forEach(byte) { bytes.append($0) }
            // On to the next byte that needs escaping.
            index = ByteScan.jsonSpecial(utf8, from: index + 1)
        }
        if utf8.count > mark { bytes.append(UnsafeBufferPointer(rebasing: utf8[mark...])) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `value` as JSONEncoder writes it (as `String(value)` does): its digits written two at a
    /// time from a table, straight into the buffer (`ByteBuffer.appendDecimal`).
    mutating func int(_ value: Int) { bytes.appendDecimal(value) }

    // Fields: the key, then the value; optional ones left out when nil, as synthesized Codable does.
    mutating func field(_ name: StaticString, _ value: String) { key(name); string(value) }
    mutating func field(_ name: StaticString, _ value: SpanText) { key(name); value.withUTF8Bytes { Self.appendQuoted(utf8: $0, to: bytes) } }
    mutating func field(_ name: StaticString, _ value: String?) { if let value { key(name); string(value) } }
    mutating func field(_ name: StaticString, _ value: Int) { key(name); int(value) }
    mutating func field(_ name: StaticString, _ value: Int?) { if let value { key(name); int(value) } }
    mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        let literal: StaticString = value ? "true" : "false"
        bytes.append(literal)
    }
    mutating func field(_ name: StaticString, _ value: [String]) {
        key(name)
        openArray()
        for element in value { next(); string(element) }
        closeArray()
    }
    mutating func field(_ name: StaticString, _ value: [String]?) { if let value { field(name, value) } }
    mutating func field<T: JSONWritable>(_ name: StaticString, _ value: T) { key(name); value.write(to: &self) }
    mutating func field<T: JSONWritable>(_ name: StaticString, _ value: T?) { if let value { field(name, value) } }
    mutating func field<T: JSONWritable>(_ name: StaticString, _ value: [T]) {
        key(name)
        openArray()
        for element in value { next(); element.write(to: &self) }
        closeArray()
    }
    mutating func field<T: JSONWritable>(_ name: StaticString, _ value: [T]?) { if let value { field(name, value) } }
    mutating func field(_ name: StaticString, _ value: [String: Int]?) {
        guard let value else { return }
        key(name)
        openObject()
        for key in value.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            self.key(key)
            int(value[key]!)
        }
        closeObject()
    }
    mutating func field(_ name: StaticString, _ value: [String: [String]]) {
        key(name)
        openObject()
        for key in value.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            self.key(key)
            openArray()
            for element in value[key]! { next(); string(element) }
            closeArray()
        }
        closeObject()
    }
    mutating func field(_ name: StaticString, _ value: [String: String]?) {
        guard let value else { return }
        key(name)
        openObject()
        value.forEachInOrder(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) { entry in
            key(entry.key)
            string(entry.value)
        }
        closeObject()
    }
}

extension SpanDTO.Source: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("end", end)
        json.field("start", start)
        json.closeObject()
    }
}

extension SpanDTO: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject("end", end)
        json.field("rule", rule)
        json.spanSource(source, start: start)
        json.field("text", slice)
        json.closeObject()
    }
}

extension DocumentReport: JSONWritable {
    /// About ten bytes of JSON a character of the document, thirteen in one of ten reports:
    /// room for thirteen, the rest cut off when the bytes are taken.
    var expectedBytes: Int { expectedBytes(perCharacter: 13) }

    /// Room for a report of `perCharacter` bytes a character of the document: at least 64 KiB,
    /// at most `perCharacter` times 16 MiB (a larger report grows as it is written).
    func expectedBytes(perCharacter: Int) -> Int { max(1 << 16, min(document.characters, 1 << 24) * perCharacter) }

    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("agreements", agreements)
        json.field("collectiveMentions", collectiveMentions)
        json.field("commitments", commitments)
        json.field("dates", dates)
        json.field("document", document)
        json.field("entities", entities)
        json.field("events", events)
        json.field("pipeline", pipeline)
        json.field("programs", programs)
        json.field("quotes", quotes)
        json.field("references", references)
        json.field("schema", schema)
        json.field("structure", structure)
        json.field("warnings", warnings)
        json.closeObject()
    }
}

extension DocumentReport.DocumentInfo: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("bytes", bytes)
        json.field("characters", characters)
        json.field("date", date)
        json.field("encoding", encoding)
        json.field("format", format)
        json.field("genre", genre)
        json.field("id", id)
        json.field("kind", kind)
        json.field("kindEvidence", kindEvidence)
        json.field("language", language)
        json.field("metadata", metadata)
        json.field("parties", parties)
        json.field("principalParties", principalParties)
        json.field("sha256", sha256)
        json.field("source", source)
        json.field("sourceURL", sourceURL)
        json.field("text", text)
        json.field("title", title)
        json.closeObject()
    }
}

extension DocumentReport.BlockDTO: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("level", level)
        json.field("marker", marker)
        json.field("role", role)
        json.field("span", span)
        json.closeObject()
    }
}

extension DocumentReport.ProvisionDTO: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("heading", heading)
        json.field("kind", kind)
        json.field("label", label)
        json.field("number", number)
        json.field("span", span)
        json.closeObject()
    }
}

extension DocumentReport.SignatoryDTO: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("name", name)
        json.field("onBehalfOf", onBehalfOf)
        json.field("span", span)
        json.closeObject()
    }
}

extension DocumentReport.SignatureDTO: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("date", date)
        json.field("dateText", dateText)
        json.field("place", place)
        json.field("signatories", signatories)
        json.field("span", span)
        json.closeObject()
    }
}

extension DocumentReport.StructureDTO: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("blocks", blocks)
        json.field("provisions", provisions)
        json.field("sentences", sentences)
        json.field("signature", signature)
        json.closeObject()
    }
}

extension DocumentReport.RoleDTO: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("country", country)
        json.field("date", date)
        json.field("organization", organization)
        json.field("title", title)
        json.closeObject()
    }
}

extension DocumentReport.EntityDTO: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("aliases", aliases)
        json.field("codes", codes)
        json.field("country", country)
        json.field("id", id)
        json.field("mentions", mentions)
        json.field("name", name)
        json.field("parent", parent)
        json.field("roles", roles)
        json.field("type", type)
        json.closeObject()
    }
}

extension DocumentReport.AgreementDTO: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("date", date)
        json.field("evidence", evidence)
        json.field("id", id)
        json.field("parties", parties)
        json.field("place", place)
        json.field("signatories", signatories)
        json.field("status", status)
        json.field("title", title)
        json.field("type", type)
        json.closeObject()
    }
}

extension DocumentReport.ProgramDTO: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("establishedBy", establishedBy)
        json.field("evidence", evidence)
        json.field("id", id)
        json.field("kind", kind)
        json.field("name", name)
        json.field("participants", participants)
        json.field("status", status)
        json.closeObject()
    }
}

extension DocumentReport.CommitmentDTO: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("action", action)
        json.field("actors", actors)
        json.field("conditions", conditions)
        json.field("evidence", evidence)
        json.field("id", id)
        json.field("modality", modality)
        json.field("negated", negated)
        json.field("relatedTo", relatedTo)
        json.field("sentence", sentence)
        json.field("text", text)
        json.field("timeframe", timeframe)
        json.closeObject()
    }
}

extension DocumentReport.EventDTO: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("date", date)
        json.field("evidence", evidence)
        json.field("id", id)
        json.field("participants", participants)
        json.field("place", place)
        json.field("type", type)
        json.closeObject()
    }
}

extension DocumentReport.QuoteDTO: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("evidence", evidence)
        json.field("id", id)
        json.field("span", span)
        json.field("speaker", speaker)
        json.field("text", text)
        json.closeObject()
    }
}

extension DocumentReport.DateDTO: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("relative", relative)
        json.field("span", span)
        json.field("value", value)
        json.closeObject()
    }
}

extension DocumentReport.CollectiveDTO: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("refersTo", refersTo)
        json.field("span", span)
        json.closeObject()
    }
}

extension DocumentReport.ReferenceDTO: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("from", from)
        json.field("relation", relation)
        json.field("to", to)
        json.closeObject()
    }
}

extension Dictionary where Key == String {
    /// `body` of each entry in the order of its key by `precedes` (the order of the reports'
    /// code tables: UTF-8 bytes in JSON, `<` in XML). One or two entries, as an entity's codes
    /// have, are put in order without a sorted array made.
    func forEachInOrder(by precedes: (String, String) -> Bool, _ body: (Element) -> Void) {
        guard count > 2 else {
            var entries = makeIterator()
            guard let first = entries.next() else { return }
            guard let second = entries.next() else { return body(first) }
            let (a, b) = precedes(second.key, first.key) ? (second, first) : (first, second)
            body(a)
            body(b)
            return
        }
        for entry in sorted(by: { precedes($0.key, $1.key) }) { body(entry) }
    }
}

/// JSON written as the report writers write it (`JSONEncoder`'s form: sorted keys, pretty
/// printed, slashes unescaped), for the records of other modules (the manifest): objects,
/// arrays and the kinds of field they need. Keys are given in increasing order, as
/// `JSONEncoder` sorts them; an optional that is nil is left out, as it leaves it out.
/// What `JSONEncoder` writes after the backslash for a byte it escapes: a quote, a backslash
/// or a slash as itself; a control character as its short form (`b`, `f`, `n`, `r`, `t`) or
/// `u00` and two lower-case hex digits. (The report writers never escape a slash; the run's
/// state file, written as `JSONEncoder` writes it by default, does.)
public enum JSONEscape {
    @inline(__always) public static func forEach(_ byte: UInt8, _ body: (UInt8) -> Void) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): body(byte)
        case 0x08: body(UInt8(ascii: "b"))
        case 0x0C: body(UInt8(ascii: "f"))
        case 0x0A: body(UInt8(ascii: "n"))
        case 0x0D: body(UInt8(ascii: "r"))
        case 0x09: body(UInt8(ascii: "t"))
        default:
            let hex: StaticString = "0123456789abcdef"
            body(UInt8(ascii: "u"))
            body(UInt8(ascii: "0"))
            body(UInt8(ascii: "0"))
            body(hex.utf8Start[Int(byte >> 4)])
            body(hex.utf8Start[Int(byte & 0xF)])
        }
    }
}

public struct JSONRecordWriter {
    var json: JSONBuffer

    init(capacity: Int) { json = JSONBuffer(capacity: capacity) }

    public mutating func openObject() { json.openObject() }
    public mutating func closeObject() { json.closeObject() }
    /// The field `name`, an array whose elements follow (each after `nextElement`).
    public mutating func openArray(_ name: StaticString) {
        json.key(name)
        json.openArray()
    }
    public mutating func closeArray() { json.closeArray() }
    public mutating func nextElement() { json.next() }
    public mutating func field(_ name: StaticString, _ value: String) { json.field(name, value) }
    public mutating func field(_ name: StaticString, _ value: String?) { json.field(name, value) }
    public mutating func field(_ name: StaticString, _ value: Int?) { json.field(name, value) }
    public mutating func field(_ name: StaticString, _ value: [String]?) { json.field(name, value) }
}
