import Foundation

/// A gold annotation file (spec/GOLD.md): what a careful analyst would extract from one
/// document. A record type that is absent is not scored for that document.
public struct GoldFile: Decodable, Sendable {
    public struct Entity: Decodable, Sendable {
        public var type: String
        public var name: String
        public var aliases: [String]?
        public var role: String?
        public var country: String?
        public var affiliation: String?
    }

    public struct Agreement: Decodable, Sendable {
        public var title: String
        public var aliases: [String]?
        public var parties: [String]?
        public var signatories: [String]?
        public var date: String?
        public var place: String?
    }

    public struct Program: Decodable, Sendable {
        public var name: String
        public var aliases: [String]?
        public var participants: [String]?
    }

    public struct Commitment: Decodable, Sendable {
        public var actors: [String]?
        public var sentence_contains: String
        public var modality: String?
        public var negated: Bool?
    }

    public struct Quote: Decodable, Sendable {
        public var speaker: String?
        public var text_contains: String
    }

    public var document: String
    public var kind: String?
    public var language: String?
    public var partial: [String]?
    public var entities: [Entity]?
    public var agreements: [Agreement]?
    public var programs: [Program]?
    public var commitments: [Commitment]?
    public var quotes: [Quote]?
    /// How the file was made ("hand-annotated ...", "automatic from HUGGO metadata ...").
    public var annotation: String?

    public var isAutomatic: Bool { annotation?.lowercased().hasPrefix("automatic") ?? false }

    public func isPartial(_ type: String) -> Bool { partial?.contains(type) ?? false }
}
