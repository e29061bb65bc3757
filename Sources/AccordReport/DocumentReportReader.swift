import AccordCore
import AccordXML
import Foundation

/// Document reports read back without `JSONDecoder`, for the corpus stage, which reads every
/// report of a run again (the linker, CSV, SQLite and HTML need their records) and spent most
/// of its time in Foundation's decoder.
///
/// The reader takes JSON as the grammar defines it, with the keys of each object in the
/// report writer's order (increasing UTF-8; other orders are left to `JSONDecoder`), any white
/// space, unknown keys skipped, `null` or a missing key for an optional field; it checks the
/// whole text is UTF-8 and every skipped value well formed, and gives the value
/// `JSONDecoder` would give with `userInfo[.accordRecordsOnly] = true`: structure, dates and
/// collective mentions must be there and are not read. Anything it is not sure of (a number
/// that is not a plain integer, a repeated key, a lone surrogate, a value of the wrong type)
/// throws, and the caller asks `JSONDecoder` (`DocumentReport.readRecords`), so a file
/// decodes exactly as it did, or fails as it did. Tests compare the two on every sample
/// report and on altered copies of them.
enum DocumentReportReader {
    struct Unsure: Error {
        var reason: String
        var offset: Int
    }

    static func recordsOnly(_ data: Data) throws -> DocumentReport {
        try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard JSONReader.isUTF8(bytes) else { throw Unsure(reason: "not UTF-8", offset: 0) }
            var reader = JSONReader(bytes)
            let report = try reader.report()
            try reader.end()
            return report
        }
    }
}

extension DocumentReport {
    /// The records of a report file (structure, dates and collective mentions left empty),
    /// as `JSONDecoder` reads them with `userInfo[.accordRecordsOnly] = true`: by
    /// `DocumentReportReader`, or by `JSONDecoder` where that reader is unsure.
    public static func readRecords(_ data: Data) throws -> DocumentReport {
        if let report = try? DocumentReportReader.recordsOnly(data) { return report }
        let decoder = JSONDecoder()
        decoder.userInfo[.accordRecordsOnly] = true
        return try decoder.decode(DocumentReport.self, from: data)
    }
}

/// A pull reader over JSON bytes.
struct JSONReader {
    typealias Unsure = DocumentReportReader.Unsure
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Whether the bytes are UTF-8 (false, leaving the text to `JSONDecoder`, where the
    /// check is not available).
    static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteScan.isASCII(bytes) || isValidUTF8(bytes)
    }

    /// Whether the bytes are well-formed UTF-8 (what `String(validating:as:)` accepts: no
    /// overlong forms, surrogates or scalars past U+10FFFF), runs of ASCII eight bytes a
    /// step. (The standard library's check, made on the whole of each report that is not
    /// ASCII, read it a byte at a time and copied it into a string.)
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        var i = 0
        @inline(__always) func continuation(_ k: Int) -> Bool { bytes[k] & 0xC0 == 0x80 }
        while i < n {
            if i + 8 <= n, ByteWord.load(bytes, i) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let lead = bytes[i]
            switch lead {
            case 0..<0x80:
                i += 1
            case 0xC2..<0xE0:
                guard i + 1 < n, continuation(i + 1) else { return false }
                i += 2
            case 0xE0..<0xF0:
                guard i + 2 < n, continuation(i + 1), continuation(i + 2) else { return false }
                let second = bytes[i + 1]
                if lead == 0xE0 && second < 0xA0 { return false }  // overlong
                if lead == 0xED && second >= 0xA0 { return false }  // a surrogate
                i += 3
            case 0xF0..<0xF5:
                guard i + 3 < n, continuation(i + 1), continuation(i + 2), continuation(i + 3) else { return false }
                let second = bytes[i + 1]
                if lead == 0xF0 && second < 0x90 { return false }  // overlong
                if lead == 0xF4 && second >= 0x90 { return false }  // past U+10FFFF
                i += 4
            default:
                return false  // a continuation byte, an overlong lead (C0, C1) or F5 and above
            }
        }
        return true
    }

    /// `a.utf8.lexicographicallyPrecedes(b.utf8)`, by `memcmp` of their bytes.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.withUTF8Bytes { a in
            b.withUTF8Bytes { b in
                let common = min(a.count, b.count)
                let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
                return order != 0 ? order < 0 : a.count < b.count
            }
        }
    }

    func unsure(_ reason: String) -> Unsure { Unsure(reason: reason, offset: index) }

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next byte after white space (not consumed).
    mutating func peek() throws -> UInt8 {
        skipSpace()
        guard index < bytes.count else { throw unsure("unexpected end") }
        return bytes[index]
    }

    mutating func expect(_ byte: UInt8) throws {
        guard try peek() == byte else { throw unsure("expected \(Character(Unicode.Scalar(byte)))") }
        index += 1
    }

    mutating func end() throws {
        skipSpace()
        guard index == bytes.count else { throw unsure("text after the value") }
    }

    // MARK: Objects and arrays

    /// Reads an object, calling `field` with each key (the reader then at its value, which
    /// `field` must read or skip). A key seen twice makes the reader unsure.
    /// Keys must come in increasing order (of their UTF-8 bytes), as the report writer puts
    /// them: then none is repeated. Any other order makes the reader unsure.
    mutating func object(_ field: (inout JSONReader, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        var previous: String?
        while true {
            let key = try string()
            if let previous, !Self.precedes(previous, key) { throw unsure("keys out of order at \(key)") }
            previous = key
            try expect(UInt8(ascii: ":"))
            try field(&self, key)
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return
            default: throw unsure("expected , or }")
            }
        }
    }

    mutating func array<T>(_ element: (inout JSONReader) throws -> T) throws -> [T] {
        try expect(UInt8(ascii: "["))
        var result: [T] = []
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return result
        }
        while true {
            result.append(try element(&self))
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return result
            default: throw unsure("expected , or ]")
            }
        }
    }

    /// True (and consumed) when the value is `null`.
    mutating func null() throws -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw unsure("unexpected end") }
        for k in 0..<count where bytes[index + k] != word.utf8Start[k] { throw unsure("expected \(word)") }
        index += count
    }

    // MARK: Values

    mutating func bool() throws -> Bool {
        switch try peek() {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        default: throw unsure("expected a boolean")
        }
    }

    /// A plain integer (`-`, digits, no leading zero); anything else makes the reader unsure.
    mutating func int() throws -> Int {
        _ = try peek()
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let start = index
        var value = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            let digit = Int(bytes[index] - 0x30)
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !o1, !o2 else { throw unsure("integer out of range") }
            value = sum
            index += 1
        }
        guard index > start, !(index - start > 1 && bytes[start] == 0x30) else { throw unsure("not a plain integer") }
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
            throw unsure("not a plain integer")
        }
        return value
    }

    mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        // Most strings have no escape: their bytes as they are (checked UTF-8 already), up to
        // the first quote, backslash or control character, found sixteen bytes at a time.
        index = ByteScan.jsonSpecial(bytes, from: index)
        if index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let string = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return string
            }
            guard byte >= 0x20 else { throw unsure("control character in a string") }
        }
        // An escape: the bytes so far, then each escape's and the plain run after it.
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            guard byte == UInt8(ascii: "\\") else { throw unsure("control character in a string") }
            try escape(into: &out)
            let plain = index
            index = ByteScan.jsonSpecial(bytes, from: index)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain..<index]))
        }
        throw unsure("unterminated string")
    }

    /// The escape at `index` (a backslash), its character's UTF-8 bytes appended to `out`:
    /// the short forms, and `\uXXXX` with surrogates in pairs.
    private mutating func escape(into out: inout [UInt8]) throws {
        guard index + 1 < bytes.count else { throw unsure("unexpected end") }
        let escape = bytes[index + 1]
        index += 2
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var value = try hex4()
            if (0xD800..<0xDC00).contains(value) {
                // A high surrogate and its low one.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw unsure("lone surrogate")
                }
                index += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw unsure("lone surrogate") }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(value) else { throw unsure("lone surrogate") }
            UTF8.encode(scalar) { out.append($0) }
        default:
            throw unsure("unknown escape")
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count, let value = ASCIIHex.value(bytes, index, digits: 4) else { throw unsure("bad \\u escape") }
        index += 4
        return value
    }

    /// Any value, read for its form only (strings by their escapes, numbers by the JSON
    /// grammar), at most 64 containers deep: by `accord_json_value_end` (C, strings sixteen
    /// bytes and more a step), which takes exactly what the reader's own rules take. Most of a
    /// report's bytes are skipped (its structure, dates and collective mentions).
    mutating func skipValue(depth: Int = 0) throws {
        guard let end = ByteScan.jsonValueEnd(bytes, from: index, depth: depth) else { throw unsure("malformed value") }
        index = end
    }

    // MARK: Helpers for fields

    mutating func optionalString() throws -> String? { try null() ? nil : string() }
    mutating func strings() throws -> [String] { try array { try $0.string() } }
    mutating func optionalStrings() throws -> [String]? { try null() ? nil : strings() }
    mutating func optionalInt() throws -> Int? { try null() ? nil : int() }
    mutating func stringMap() throws -> [String: String] {
        var map: [String: String] = [:]
        try object { reader, key in map[key] = try reader.string() }
        return map
    }
    mutating func optionalStringMap() throws -> [String: String]? { try null() ? nil : stringMap() }

    static func required<T>(_ value: T?, _ key: String, _ reader: JSONReader) throws -> T {
        guard let value else { throw reader.unsure("no \(key)") }
        return value
    }
}

// MARK: The report's parts

extension JSONReader {
    mutating func report() throws -> DocumentReport {
        var schema: String?, pipeline: String?, document: DocumentReport.DocumentInfo?
        var entities: [DocumentReport.EntityDTO]?, agreements: [DocumentReport.AgreementDTO]?, programs: [DocumentReport.ProgramDTO]?
        var commitments: [DocumentReport.CommitmentDTO]?, events: [DocumentReport.EventDTO]?, quotes: [DocumentReport.QuoteDTO]?
        var references: [DocumentReport.ReferenceDTO]?, warnings: [String]?
        var structure = false, dates = false, collective = false
        try object { r, key in
            switch key {
            case "schema": schema = try r.string()
            case "pipeline": pipeline = try r.string()
            case "document": document = try r.documentInfo()
            case "structure": try r.skipValue(); structure = true
            case "entities": entities = try r.array { try $0.entity() }
            case "agreements": agreements = try r.array { try $0.agreement() }
            case "programs": programs = try r.array { try $0.program() }
            case "commitments": commitments = try r.array { try $0.commitment() }
            case "events": events = try r.array { try $0.event() }
            case "quotes": quotes = try r.array { try $0.quote() }
            case "references": references = try r.array { try $0.reference() }
            case "dates": try r.skipValue(); dates = true
            case "collectiveMentions": try r.skipValue(); collective = true
            case "warnings": warnings = try r.strings()
            default: try r.skipValue()
            }
        }
        guard structure, dates, collective else { throw unsure("a skipped part missing") }
        return DocumentReport(
            schema: try Self.required(schema, "schema", self), pipeline: try Self.required(pipeline, "pipeline", self),
            document: try Self.required(document, "document", self),
            structure: DocumentReport.StructureDTO(blocks: [], sentences: [], provisions: [], signature: nil),
            entities: try Self.required(entities, "entities", self), agreements: try Self.required(agreements, "agreements", self),
            programs: try Self.required(programs, "programs", self), commitments: try Self.required(commitments, "commitments", self),
            events: try Self.required(events, "events", self), quotes: try Self.required(quotes, "quotes", self),
            references: try Self.required(references, "references", self), dates: [], collectiveMentions: [],
            warnings: try Self.required(warnings, "warnings", self))
    }

    mutating func documentInfo() throws -> DocumentReport.DocumentInfo {
        var id: String?, source: String?, format: String?, encoding: String?, kind: String?, genre: String?
        var kindEvidence: [String]?, title: String?, date: String?, language: String?, sourceURL: String?, parties: [String]?
        var principalParties: [String]?, metadata: [String: String]?, sha256: String?, bytes: Int?, characters: Int?, text: String?
        try object { r, key in
            switch key {
            case "id": id = try r.string()
            case "source": source = try r.string()
            case "format": format = try r.string()
            case "encoding": encoding = try r.string()
            case "kind": kind = try r.string()
            case "genre": genre = try r.optionalString()
            case "kindEvidence": kindEvidence = try r.strings()
            case "title": title = try r.optionalString()
            case "date": date = try r.optionalString()
            case "language": language = try r.optionalString()
            case "sourceURL": sourceURL = try r.optionalString()
            case "parties": parties = try r.optionalStrings()
            case "principalParties": principalParties = try r.strings()
            case "metadata": metadata = try r.optionalStringMap()
            case "sha256": sha256 = try r.string()
            case "bytes": bytes = try r.int()
            case "characters": characters = try r.int()
            case "text": text = try r.string()
            default: try r.skipValue()
            }
        }
        return DocumentReport.DocumentInfo(
            id: try Self.required(id, "id", self), source: try Self.required(source, "source", self),
            format: try Self.required(format, "format", self), encoding: try Self.required(encoding, "encoding", self),
            kind: try Self.required(kind, "kind", self), genre: genre, kindEvidence: try Self.required(kindEvidence, "kindEvidence", self),
            title: title, date: date, language: language, sourceURL: sourceURL, parties: parties,
            principalParties: try Self.required(principalParties, "principalParties", self), metadata: metadata,
            sha256: try Self.required(sha256, "sha256", self), bytes: try Self.required(bytes, "bytes", self),
            characters: try Self.required(characters, "characters", self), text: try Self.required(text, "text", self))
    }

    mutating func span() throws -> SpanDTO {
        var start: Int?, end: Int?, text: String?, source: SpanDTO.Source?, rule: String?
        try object { r, key in
            switch key {
            case "start": start = try r.int()
            case "end": end = try r.int()
            case "text": text = try r.string()
            case "rule": rule = try r.optionalString()
            case "source":
                var from: Int?, to: Int?
                try r.object { r, key in
                    switch key {
                    case "start": from = try r.int()
                    case "end": to = try r.int()
                    default: try r.skipValue()
                    }
                }
                source = SpanDTO.Source(start: try Self.required(from, "start", r), end: try Self.required(to, "end", r))
            default: try r.skipValue()
            }
        }
        return SpanDTO(start: try Self.required(start, "start", self), end: try Self.required(end, "end", self),
                       text: try Self.required(text, "text", self), source: try Self.required(source, "source", self), rule: rule)
    }

    mutating func spans() throws -> [SpanDTO] { try array { try $0.span() } }

    mutating func entity() throws -> DocumentReport.EntityDTO {
        var id: String?, type: String?, name: String?, aliases: [String]?, roles: [DocumentReport.RoleDTO]?
        var country: String?, parent: String?, codes: [String: String]?, mentions: [SpanDTO]?
        try object { r, key in
            switch key {
            case "id": id = try r.string()
            case "type": type = try r.string()
            case "name": name = try r.string()
            case "aliases": aliases = try r.strings()
            case "roles": roles = try r.null() ? nil : r.array { try $0.role() }
            case "country": country = try r.optionalString()
            case "parent": parent = try r.optionalString()
            case "codes": codes = try r.optionalStringMap()
            case "mentions": mentions = try r.spans()
            default: try r.skipValue()
            }
        }
        return DocumentReport.EntityDTO(
            id: try Self.required(id, "id", self), type: try Self.required(type, "type", self), name: try Self.required(name, "name", self),
            aliases: try Self.required(aliases, "aliases", self), roles: roles, country: country, parent: parent, codes: codes,
            mentions: try Self.required(mentions, "mentions", self))
    }

    mutating func role() throws -> DocumentReport.RoleDTO {
        var title: String?, organization: String?, country: String?, date: String?
        try object { r, key in
            switch key {
            case "title": title = try r.string()
            case "organization": organization = try r.optionalString()
            case "country": country = try r.optionalString()
            case "date": date = try r.optionalString()
            default: try r.skipValue()
            }
        }
        return DocumentReport.RoleDTO(title: try Self.required(title, "title", self), organization: organization, country: country, date: date)
    }

    mutating func agreement() throws -> DocumentReport.AgreementDTO {
        var id: String?, title: String?, type: String?, parties: [String]?, signatories: [String]?
        var date: String?, place: String?, status: String?, evidence: [SpanDTO]?
        try object { r, key in
            switch key {
            case "id": id = try r.string()
            case "title": title = try r.string()
            case "type": type = try r.string()
            case "parties": parties = try r.strings()
            case "signatories": signatories = try r.strings()
            case "date": date = try r.optionalString()
            case "place": place = try r.optionalString()
            case "status": status = try r.optionalString()
            case "evidence": evidence = try r.spans()
            default: try r.skipValue()
            }
        }
        return DocumentReport.AgreementDTO(
            id: try Self.required(id, "id", self), title: try Self.required(title, "title", self), type: try Self.required(type, "type", self),
            parties: try Self.required(parties, "parties", self), signatories: try Self.required(signatories, "signatories", self),
            date: date, place: place, status: status, evidence: try Self.required(evidence, "evidence", self))
    }

    mutating func program() throws -> DocumentReport.ProgramDTO {
        var id: String?, name: String?, kind: String?, participants: [String]?, establishedBy: String?, status: String?, evidence: [SpanDTO]?
        try object { r, key in
            switch key {
            case "id": id = try r.string()
            case "name": name = try r.string()
            case "kind": kind = try r.string()
            case "participants": participants = try r.strings()
            case "establishedBy": establishedBy = try r.optionalString()
            case "status": status = try r.optionalString()
            case "evidence": evidence = try r.spans()
            default: try r.skipValue()
            }
        }
        return DocumentReport.ProgramDTO(
            id: try Self.required(id, "id", self), name: try Self.required(name, "name", self), kind: try Self.required(kind, "kind", self),
            participants: try Self.required(participants, "participants", self), establishedBy: establishedBy, status: status,
            evidence: try Self.required(evidence, "evidence", self))
    }

    mutating func commitment() throws -> DocumentReport.CommitmentDTO {
        var id: String?, actors: [String]?, modality: String?, negated: Bool?, action: String?, text: String?
        var sentence: SpanDTO?, conditions: [String]?, timeframe: String?, relatedTo: [String]?, evidence: [SpanDTO]?
        try object { r, key in
            switch key {
            case "id": id = try r.string()
            case "actors": actors = try r.strings()
            case "modality": modality = try r.string()
            case "negated": negated = try r.bool()
            case "action": action = try r.string()
            case "text": text = try r.string()
            case "sentence": sentence = try r.span()
            case "conditions": conditions = try r.optionalStrings()
            case "timeframe": timeframe = try r.optionalString()
            case "relatedTo": relatedTo = try r.strings()
            case "evidence": evidence = try r.spans()
            default: try r.skipValue()
            }
        }
        return DocumentReport.CommitmentDTO(
            id: try Self.required(id, "id", self), actors: try Self.required(actors, "actors", self),
            modality: try Self.required(modality, "modality", self), negated: try Self.required(negated, "negated", self),
            action: try Self.required(action, "action", self), text: try Self.required(text, "text", self),
            sentence: try Self.required(sentence, "sentence", self), conditions: conditions, timeframe: timeframe,
            relatedTo: try Self.required(relatedTo, "relatedTo", self), evidence: try Self.required(evidence, "evidence", self))
    }

    mutating func event() throws -> DocumentReport.EventDTO {
        var id: String?, type: String?, participants: [String]?, place: String?, date: String?, evidence: [SpanDTO]?
        try object { r, key in
            switch key {
            case "id": id = try r.string()
            case "type": type = try r.string()
            case "participants": participants = try r.strings()
            case "place": place = try r.optionalString()
            case "date": date = try r.optionalString()
            case "evidence": evidence = try r.spans()
            default: try r.skipValue()
            }
        }
        return DocumentReport.EventDTO(
            id: try Self.required(id, "id", self), type: try Self.required(type, "type", self),
            participants: try Self.required(participants, "participants", self), place: place, date: date,
            evidence: try Self.required(evidence, "evidence", self))
    }

    mutating func quote() throws -> DocumentReport.QuoteDTO {
        var id: String?, speaker: String?, text: String?, span: SpanDTO?, evidence: [SpanDTO]?
        try object { r, key in
            switch key {
            case "id": id = try r.string()
            case "speaker": speaker = try r.optionalString()
            case "text": text = try r.string()
            case "span": span = try r.span()
            case "evidence": evidence = try r.spans()
            default: try r.skipValue()
            }
        }
        return DocumentReport.QuoteDTO(
            id: try Self.required(id, "id", self), speaker: speaker, text: try Self.required(text, "text", self),
            span: try Self.required(span, "span", self), evidence: try Self.required(evidence, "evidence", self))
    }

    mutating func reference() throws -> DocumentReport.ReferenceDTO {
        var from: String?, to: String?, relation: String?
        try object { r, key in
            switch key {
            case "from": from = try r.string()
            case "to": to = try r.string()
            case "relation": relation = try r.string()
            default: try r.skipValue()
            }
        }
        return DocumentReport.ReferenceDTO(from: try Self.required(from, "from", self), to: try Self.required(to, "to", self),
                                           relation: try Self.required(relation, "relation", self))
    }
}
