/// The records extraction produces. Each carries the spans that justify it and the rule
/// that produced it, so an analyst can go from any record to its words.

public enum EntityType: String, Sendable, Codable, CaseIterable {
    case country, subdivision, city, place, organization, person
}

public struct Evidence: Sendable, Equatable, Hashable, Codable {
    public var range: TextRange
    /// The rule, pattern or gazetteer entry that matched.
    public var rule: String

    public init(range: TextRange, rule: String) {
        self.range = range
        self.rule = rule
    }
}

public struct Role: Sendable, Equatable, Codable {
    public var title: String
    public var organization: String?
    public var country: String?
    public var date: String?

    public init(title: String, organization: String? = nil, country: String? = nil, date: String? = nil) {
        self.title = title
        self.organization = organization
        self.country = country
        self.date = date
    }
}

public struct Entity: Sendable, Equatable, Codable {
    public var id: String
    public var type: EntityType
    public var name: String
    public var aliases: [String] = []
    public var roles: [Role] = []
    public var country: String?
    public var parent: String?
    public var codes: [String: String] = [:]
    public var mentions: [Evidence] = []
    /// A state, or an organization that concludes agreements as a party (the EU).
    public var canBeParty = false
    /// An organization's kind as the gazetteer gives it (`igo`, `forum`, `agency`,
    /// `company`, ...; see Scripts/gazetteers/README.md); nil for one found by rule.
    public var organizationKind: String?
    /// A company acts for no state or party, and neither do the people who speak for it.
    public var isCompany: Bool { organizationKind == "company" }

    public init(id: String, type: EntityType, name: String, aliases: [String] = [], roles: [Role] = [], country: String? = nil, parent: String? = nil, codes: [String: String] = [:], mentions: [Evidence] = []) {
        self.id = id
        self.type = type
        self.name = name
        self.aliases = aliases
        self.roles = roles
        self.country = country
        self.parent = parent
        self.codes = codes
        self.mentions = mentions
    }
}

public enum AgreementType: String, Sendable, Codable, CaseIterable {
    case treaty, agreement, `protocol`, convention
    case memorandumOfUnderstanding = "memorandum-of-understanding"
    case exchangeOfNotes = "exchange-of-notes"
    case jointStatement = "joint-statement"
    case jointDeclaration = "joint-declaration"
}

public struct Agreement: Sendable, Equatable, Codable {
    public var id: String
    public var title: String
    public var type: AgreementType
    public var parties: [String] = []
    public var signatories: [String] = []
    public var date: String?
    public var place: String?
    public var status: String?
    public var evidence: [Evidence] = []

    public init(id: String, title: String, type: AgreementType, parties: [String] = [], signatories: [String] = [], date: String? = nil, place: String? = nil, status: String? = nil, evidence: [Evidence] = []) {
        self.id = id
        self.title = title
        self.type = type
        self.parties = parties
        self.signatories = signatories
        self.date = date
        self.place = place
        self.status = status
        self.evidence = evidence
    }
}

public struct Program: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var kind: String
    public var participants: [String] = []
    public var establishedBy: String?
    public var status: String?
    public var evidence: [Evidence] = []

    public init(id: String, name: String, kind: String, participants: [String] = [], establishedBy: String? = nil, status: String? = nil, evidence: [Evidence] = []) {
        self.id = id
        self.name = name
        self.kind = kind
        self.participants = participants
        self.establishedBy = establishedBy
        self.status = status
        self.evidence = evidence
    }
}

public enum Modality: String, Sendable, Codable, CaseIterable {
    case obligation, commitment, intention, permission, discussion
}

public struct Commitment: Sendable, Equatable, Codable {
    public var id: String
    public var actors: [String] = []
    public var modality: Modality
    public var negated = false
    public var action: String
    public var sentence: TextRange
    public var conditions: [String] = []
    public var timeframe: String?
    public var relatedTo: [String] = []
    public var evidence: [Evidence] = []

    public init(id: String, actors: [String] = [], modality: Modality, negated: Bool = false, action: String, sentence: TextRange, conditions: [String] = [], timeframe: String? = nil, relatedTo: [String] = [], evidence: [Evidence] = []) {
        self.id = id
        self.actors = actors
        self.modality = modality
        self.negated = negated
        self.action = action
        self.sentence = sentence
        self.conditions = conditions
        self.timeframe = timeframe
        self.relatedTo = relatedTo
        self.evidence = evidence
    }
}

public enum EventType: String, Sendable, Codable, CaseIterable {
    case meeting, call, visit, signing, announcement, statement, negotiation
}

public struct Event: Sendable, Equatable, Codable {
    public var id: String
    public var type: EventType
    public var participants: [String] = []
    public var place: String?
    public var date: String?
    public var evidence: [Evidence] = []

    public init(id: String, type: EventType, participants: [String] = [], place: String? = nil, date: String? = nil, evidence: [Evidence] = []) {
        self.id = id
        self.type = type
        self.participants = participants
        self.place = place
        self.date = date
        self.evidence = evidence
    }
}

public struct Quote: Sendable, Equatable, Codable {
    public var id: String
    public var speaker: String?
    public var span: TextRange
    public var evidence: [Evidence] = []

    public init(id: String, speaker: String? = nil, span: TextRange, evidence: [Evidence] = []) {
        self.id = id
        self.speaker = speaker
        self.span = span
        self.evidence = evidence
    }
}

public enum Relation: String, Sendable, Codable, CaseIterable {
    case affiliatedWith = "affiliated-with"
    case partyTo = "party-to"
    case signed
    case establishes
    case relatedTo = "related-to"
    case reportsOn = "reports-on"
    case sameAs = "same-as"
    case amends
}

public struct CrossReference: Sendable, Equatable, Codable {
    public var from: String
    public var to: String
    public var relation: Relation

    public init(from: String, to: String, relation: Relation) {
        self.from = from
        self.to = to
        self.relation = relation
    }
}

/// Everything extracted from one document.
public struct Records: Sendable, Equatable {
    /// The two sides of the agreement, or the countries a statement is about (entity ids).
    public var principalParties: [String] = []
    public var collectiveMentions: [CollectiveMention] = []
    public var entities: [Entity] = []
    public var agreements: [Agreement] = []
    public var programs: [Program] = []
    public var commitments: [Commitment] = []
    public var events: [Event] = []
    public var quotes: [Quote] = []
    public var references: [CrossReference] = []
    public var dates: [DateMention] = []

    public init() {}
}

extension Array where Element == Entity {
    /// How many mentions the entities have, all told. (Through the array's memory: `reduce`
    /// handed each entity to its closure as a copy, every string and array in it retained
    /// and released.)
    var mentionCount: Int {
        withUnsafeBufferPointer { entities in
            var count = 0
            for index in entities.indices { count += entities[index].mentions.count }
            return count
        }
    }
}
