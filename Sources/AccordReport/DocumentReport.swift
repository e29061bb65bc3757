import AccordCore
import Foundation

/// The report DTOs: the JSON/XML contract of `OUTPUT.md`, kept apart from the record
/// model so the model can change without breaking what scripts read.
public struct SpanDTO: Codable, Equatable, Sendable {
    public struct Source: Codable, Equatable, Sendable {
        public var start: Int
        public var end: Int
    }

    public var start: Int
    public var end: Int
    /// The span's text, made a string when asked: it is kept as `slice`.
    public var text: String {
        get { slice.string }
        set { slice = SpanText(newValue) }
    }
    /// The span's text as a range of the bytes of the document's normalized text: a report's
    /// spans (every block, sentence, provision, mention and piece of evidence) are written
    /// from the document's own bytes, not each copied into a string of its own first.
    public private(set) var slice: SpanText
    public var source: Source
    public var rule: String?

    init(start: Int, end: Int, text: String, source: Source, rule: String?) {
        self.start = start
        self.end = end
        slice = SpanText(text)
        self.source = source
        self.rule = rule
    }

    init(_ range: TextRange, in text: NormalizedText, rule: String? = nil) {
        start = range.start
        end = range.end
        if let bytes = text.utf8Range(range) {
            slice = SpanText(text.text, bytes)
        } else {
            slice = SpanText(text.string(range))
        }
        let bytes = text.sourceRange(range)
        source = Source(start: bytes.lowerBound, end: bytes.upperBound)
        self.rule = rule
    }

    /// The text is read and written as the string `text` (`SpanText` codes as one).
    enum CodingKeys: String, CodingKey { case start, end, slice = "text", source, rule }
}

/// A span's text: a range of the bytes of a string (the document's normalized text), which
/// holds it without a copy of its own. Equal as the strings are; coded as the string.
public struct SpanText: Codable, Equatable, Sendable {
    let base: String
    let bytes: Range<Int>

    init(_ string: String) {
        base = string
        bytes = 0..<string.utf8.count
    }

    /// `bytes` of `base` (a range of its UTF-8 that starts and ends on scalars).
    init(_ base: String, _ bytes: Range<Int>) {
        precondition(bytes.lowerBound >= 0 && bytes.upperBound <= base.utf8.count, "span outside its text")
        self.base = base
        self.bytes = bytes
    }

    public var string: String {
        if bytes.lowerBound == 0 && bytes.upperBound == base.utf8.count { return base }
        return withUTF8Bytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The span's bytes in place.
    @inline(__always)
    public func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try base.withUTF8Bytes { try body(UnsafeBufferPointer(rebasing: $0[bytes])) }
    }

    public static func == (a: SpanText, b: SpanText) -> Bool { a.string == b.string }

    public init(from decoder: any Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(string)
    }
}

public struct DocumentReport: Codable, Sendable {
    public static let schemaName = "accord.document/1"

    public struct DocumentInfo: Codable, Sendable {
        public var id: String
        public var source: String
        public var format: String
        public var encoding: String
        public var kind: String
        public var genre: String?
        public var kindEvidence: [String]
        public var title: String?
        public var date: String?
        public var language: String?
        public var sourceURL: String?
        public var parties: [String]?
        /// Entity ids of the two sides (of the agreement, or the statement's subject).
        public var principalParties: [String]
        public var metadata: [String: String]?
        public var sha256: String
        public var bytes: Int
        public var characters: Int
        public var text: String
    }

    public struct BlockDTO: Codable, Sendable {
        public var role: String
        public var level: Int?
        public var span: SpanDTO
        public var marker: String?
    }

    public struct ProvisionDTO: Codable, Sendable {
        public var kind: String
        public var label: String?
        public var number: String?
        public var heading: String?
        public var span: SpanDTO
    }

    public struct SignatoryDTO: Codable, Sendable {
        public var name: String
        public var onBehalfOf: String?
        public var span: SpanDTO
    }

    public struct SignatureDTO: Codable, Sendable {
        public var place: String?
        public var date: String?
        public var dateText: String?
        public var signatories: [SignatoryDTO]
        public var span: SpanDTO
    }

    public struct StructureDTO: Codable, Sendable {
        public var blocks: [BlockDTO]
        public var sentences: [SpanDTO]
        public var provisions: [ProvisionDTO]
        public var signature: SignatureDTO?
    }

    public struct RoleDTO: Codable, Sendable {
        public var title: String
        public var organization: String?
        public var country: String?
        public var date: String?
    }

    public struct EntityDTO: Codable, Sendable {
        public var id: String
        public var type: String
        public var name: String
        public var aliases: [String]
        public var roles: [RoleDTO]?
        public var country: String?
        public var parent: String?
        public var codes: [String: String]?
        public var mentions: [SpanDTO]
    }

    public struct AgreementDTO: Codable, Sendable {
        public var id: String
        public var title: String
        public var type: String
        public var parties: [String]
        public var signatories: [String]
        public var date: String?
        public var place: String?
        public var status: String?
        public var evidence: [SpanDTO]
    }

    public struct ProgramDTO: Codable, Sendable {
        public var id: String
        public var name: String
        public var kind: String
        public var participants: [String]
        public var establishedBy: String?
        public var status: String?
        public var evidence: [SpanDTO]
    }

    public struct CommitmentDTO: Codable, Sendable {
        public var id: String
        public var actors: [String]
        public var modality: String
        public var negated: Bool
        public var action: String
        public var text: String
        public var sentence: SpanDTO
        public var conditions: [String]?
        public var timeframe: String?
        public var relatedTo: [String]
        public var evidence: [SpanDTO]
    }

    public struct EventDTO: Codable, Sendable {
        public var id: String
        public var type: String
        public var participants: [String]
        public var place: String?
        public var date: String?
        public var evidence: [SpanDTO]
    }

    public struct QuoteDTO: Codable, Sendable {
        public var id: String
        public var speaker: String?
        public var text: String
        public var span: SpanDTO
        public var evidence: [SpanDTO]
    }

    public struct DateDTO: Codable, Sendable {
        public var value: String?
        public var relative: Bool
        public var span: SpanDTO
    }

    public struct CollectiveDTO: Codable, Sendable {
        public var refersTo: [String]
        public var span: SpanDTO
    }

    public struct ReferenceDTO: Codable, Sendable {
        public var from: String
        public var to: String
        public var relation: String
    }

    public var schema: String
    public var pipeline: String
    public var document: DocumentInfo
    public var structure: StructureDTO
    public var entities: [EntityDTO]
    public var agreements: [AgreementDTO]
    public var programs: [ProgramDTO]
    public var commitments: [CommitmentDTO]
    public var events: [EventDTO]
    public var quotes: [QuoteDTO]
    public var references: [ReferenceDTO]
    public var dates: [DateDTO]
    public var collectiveMentions: [CollectiveDTO]
    public var warnings: [String]

    init(schema: String, pipeline: String, document: DocumentInfo, structure: StructureDTO, entities: [EntityDTO],
         agreements: [AgreementDTO], programs: [ProgramDTO], commitments: [CommitmentDTO], events: [EventDTO], quotes: [QuoteDTO],
         references: [ReferenceDTO], dates: [DateDTO], collectiveMentions: [CollectiveDTO], warnings: [String]) {
        self.schema = schema
        self.pipeline = pipeline
        self.document = document
        self.structure = structure
        self.entities = entities
        self.agreements = agreements
        self.programs = programs
        self.commitments = commitments
        self.events = events
        self.quotes = quotes
        self.references = references
        self.dates = dates
        self.collectiveMentions = collectiveMentions
        self.warnings = warnings
    }

    public init(_ analysis: DocumentAnalysis, pipeline: String) {
        let text = analysis.text
        func span(_ range: TextRange, rule: String? = nil) -> SpanDTO { SpanDTO(range, in: text, rule: rule) }
        func spans(_ evidence: [Evidence]) -> [SpanDTO] { evidence.map { span($0.range, rule: $0.rule) } }
        schema = Self.schemaName
        self.pipeline = pipeline
        var extra = analysis.metadata.extra
        extra.removeValue(forKey: "vocabulary")
        if let vocabulary = analysis.metadata.extra["vocabulary"], vocabulary != "generic" { extra["vocabulary"] = vocabulary }
        document = DocumentInfo(
            id: analysis.id, source: analysis.source, format: analysis.format.rawValue, encoding: analysis.encoding.rawValue,
            kind: analysis.kind.kind.rawValue, genre: analysis.kind.genre, kindEvidence: analysis.kind.evidence,
            title: analysis.title, date: analysis.date, language: analysis.language, sourceURL: analysis.metadata.sourceURL,
            parties: analysis.metadata.parties.isEmpty ? nil : analysis.metadata.parties,
            principalParties: analysis.records.principalParties,
            metadata: extra.isEmpty ? nil : extra, sha256: analysis.sha256, bytes: analysis.byteCount,
            characters: text.count, text: text.text)
        let segmentation = analysis.segmentation
        structure = StructureDTO(
            blocks: segmentation.blocks.map {
                BlockDTO(role: $0.role.rawValue, level: $0.level > 0 ? $0.level : nil, span: span($0.range),
                         marker: $0.marker.map { text.string($0).trimmingSpaces() })
            },
            sentences: segmentation.sentences.map { span($0.range) },
            provisions: segmentation.provisions.map {
                ProvisionDTO(kind: $0.kind.rawValue, label: $0.label, number: $0.number, heading: $0.heading, span: span($0.range))
            },
            signature: segmentation.signature.map { sig in
                SignatureDTO(place: sig.place, date: sig.date, dateText: sig.dateText,
                             signatories: sig.signatories.map { SignatoryDTO(name: $0.name, onBehalfOf: $0.onBehalfOf, span: span($0.range)) },
                             span: span(sig.range))
            })
        let records = analysis.records
        entities = records.entities.map {
            EntityDTO(id: $0.id, type: $0.type.rawValue, name: $0.name, aliases: $0.aliases,
                      roles: $0.roles.isEmpty ? nil : $0.roles.map { RoleDTO(title: $0.title, organization: $0.organization, country: $0.country, date: $0.date) },
                      country: $0.country, parent: $0.parent, codes: $0.codes.isEmpty ? nil : $0.codes, mentions: spans($0.mentions))
        }
        agreements = records.agreements.map {
            AgreementDTO(id: $0.id, title: $0.title, type: $0.type.rawValue, parties: $0.parties, signatories: $0.signatories,
                         date: $0.date, place: $0.place, status: $0.status, evidence: spans($0.evidence))
        }
        programs = records.programs.map {
            ProgramDTO(id: $0.id, name: $0.name, kind: $0.kind, participants: $0.participants, establishedBy: $0.establishedBy,
                       status: $0.status, evidence: spans($0.evidence))
        }
        commitments = records.commitments.map {
            // The sentence's text is the commitment's text too: made once.
            let sentence = span($0.sentence)
            return CommitmentDTO(id: $0.id, actors: $0.actors, modality: $0.modality.rawValue, negated: $0.negated, action: $0.action,
                          text: sentence.text, sentence: sentence,
                          conditions: $0.conditions.isEmpty ? nil : $0.conditions, timeframe: $0.timeframe,
                          relatedTo: $0.relatedTo, evidence: spans($0.evidence))
        }
        events = records.events.map {
            EventDTO(id: $0.id, type: $0.type.rawValue, participants: $0.participants, place: $0.place, date: $0.date, evidence: spans($0.evidence))
        }
        quotes = records.quotes.map {
            let quoted = span($0.span)
            return QuoteDTO(id: $0.id, speaker: $0.speaker, text: quoted.text, span: quoted, evidence: spans($0.evidence))
        }
        references = records.references.map { ReferenceDTO(from: $0.from, to: $0.to, relation: $0.relation.rawValue) }
        collectiveMentions = records.collectiveMentions.map { CollectiveDTO(refersTo: $0.refersTo, span: span($0.range, rule: $0.rule)) }
        dates = records.dates.map { DateDTO(value: $0.value, relative: $0.relative, span: span($0.range, rule: $0.rule)) }
        warnings = analysis.diagnostics.map { $0.formatted(path: analysis.source) }
    }
}

extension CodingUserInfoKey {
    /// Set to `true` in a decoder's `userInfo` to read a document report's records without
    /// its structure, dates and collective mentions (left empty): what the corpus outputs
    /// read, at about half the cost of the whole report.
    public static let accordRecordsOnly = CodingUserInfoKey(rawValue: "accord.recordsOnly")!
}

extension DocumentReport {
    /// The synthesized decoding, key by key, except that with `accordRecordsOnly` the
    /// structure, dates and collective mentions are not decoded (their keys must still be
    /// there: the report is checked as the schema has it).
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let recordsOnly = decoder.userInfo[.accordRecordsOnly] as? Bool == true
        func skipped<T: Decodable>(_ key: CodingKeys, _ empty: T) throws -> T {
            guard recordsOnly else { return try container.decode(T.self, forKey: key) }
            guard container.contains(key) else {
                throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: container.codingPath, debugDescription: "No value for \(key.stringValue)"))
            }
            return empty
        }
        schema = try container.decode(String.self, forKey: .schema)
        pipeline = try container.decode(String.self, forKey: .pipeline)
        document = try container.decode(DocumentInfo.self, forKey: .document)
        structure = try skipped(.structure, StructureDTO(blocks: [], sentences: [], provisions: [], signature: nil))
        entities = try container.decode([EntityDTO].self, forKey: .entities)
        agreements = try container.decode([AgreementDTO].self, forKey: .agreements)
        programs = try container.decode([ProgramDTO].self, forKey: .programs)
        commitments = try container.decode([CommitmentDTO].self, forKey: .commitments)
        events = try container.decode([EventDTO].self, forKey: .events)
        quotes = try container.decode([QuoteDTO].self, forKey: .quotes)
        references = try container.decode([ReferenceDTO].self, forKey: .references)
        dates = try skipped(.dates, [])
        collectiveMentions = try skipped(.collectiveMentions, [])
        warnings = try container.decode([String].self, forKey: .warnings)
    }
}

/// Deterministic JSON: sorted keys, pretty printed, no escaped slashes, trailing newline.
public enum JSONOutput {
    /// Sorted keys, pretty printed, slashes unescaped, and a final newline. Document and
    /// corpus reports (the bulk of a run's output) are written directly, in exactly the form
    /// `JSONEncoder` gives them; anything else (manifest, diff, figures) goes through it.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        if let writable = value as? JSONWritable {
            var json = JSONBuffer(capacity: writable.expectedBytes)
            writable.write(to: &json)
            json.bytes.append(0x0A)
            return json.bytes.takeData()
        }
        return try foundationEncode(value)
    }

    /// The corpus report into `file`, chunk by chunk; the same bytes as `encode`.
    public static func write(_ corpus: CorpusReport, to file: AtomicFile.Writer) {
        var json = JSONBuffer(capacity: 1 << 19, sink: file)
        corpus.write(to: &json)
        json.bytes.append(0x0A)
        json.bytes.withUnsafeBytes { file.write($0) }
    }

    /// `JSONEncoder` with the report options: for everything without a writer of its own, and
    /// the reference the report writers are tested against.
    public static func foundationEncode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}

extension JSONOutput {
    /// What `write` writes, with the final newline: `encode`'s bytes for a value whose
    /// `Encodable` form has the same fields (tests compare the two).
    public static func encode(capacity: Int, _ write: (inout JSONRecordWriter) -> Void) -> Data {
        var writer = JSONRecordWriter(capacity: capacity)
        write(&writer)
        writer.json.bytes.append(0x0A)
        return writer.json.bytes.takeData()
    }
}
