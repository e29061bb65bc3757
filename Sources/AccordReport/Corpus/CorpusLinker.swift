import AccordCore
import Foundation

/// The corpus report (`corpus.json`, schema accord.corpus/1): records resolved across
/// documents, each with the documents and local records that support it, and per party
/// what it committed to, under which agreements and programs, with whom, where and when.
public struct CorpusReport: Codable, Sendable {
    public static let schemaName = "accord.corpus/1"

    public struct DocumentEntry: Codable, Sendable, Equatable {
        public var id: String
        public var source: String
        public var kind: String
        public var genre: String?
        public var title: String?
        public var date: String?
        public var counts: [String: Int]?

        public init(id: String, source: String, kind: String, genre: String?, title: String?, date: String?, counts: [String: Int]? = nil) {
            self.id = id
            self.source = source
            self.kind = kind
            self.genre = genre
            self.title = title
            self.date = date
            self.counts = counts
        }
    }

    public struct LocalReference: Codable, Sendable, Equatable, Hashable {
        public var document: String
        public var id: String
    }

    public struct RoleEntry: Codable, Sendable, Equatable, Hashable {
        public var title: String
        public var organization: String?
        public var country: String?
        /// When the role is attested: the role's own date, else the document's.
        public var date: String?
        public var document: String
    }

    public struct EntityEntry: Codable, Sendable {
        public var id: String
        public var type: String
        public var name: String
        public var aliases: [String]
        public var codes: [String: String]?
        public var country: String?
        public var roles: [RoleEntry]?
        public var documents: [String]
        public var mentions: Int
        public var local: [LocalReference]
    }

    public struct AgreementEntry: Codable, Sendable {
        public var id: String
        public var title: String
        public var type: String
        public var parties: [String]
        public var signatories: [String]
        public var date: String?
        public var place: String?
        public var status: String?
        public var documents: [String]
        /// The agreement's own text, when the corpus holds it.
        public var text: String?
        /// Statements that report on it.
        public var reportedIn: [String]
        public var local: [LocalReference]
    }

    public struct ProgramEntry: Codable, Sendable {
        public var id: String
        public var name: String
        public var kind: String
        public var participants: [String]
        public var establishedBy: String?
        public var status: String?
        public var documents: [String]
        public var local: [LocalReference]
    }

    public struct CommitmentEntry: Codable, Sendable {
        public var id: String
        public var document: String
        public var local: String
        public var actors: [String]
        public var modality: String
        public var negated: Bool
        /// The sentence, read from the linker's spool when asked for (see `TextSpool`).
        public var text: String {
            get { storedText.string }
            set { storedText = SpooledText(newValue) }
        }
        var storedText: SpooledText
        public var date: String?
        public var relatedTo: [String]
        public var span: SpanDTO.Source?

        public init(id: String, document: String, local: String, actors: [String], modality: String, negated: Bool, text: String,
                    date: String?, relatedTo: [String], span: SpanDTO.Source?) {
            self.init(id: id, document: document, local: local, actors: actors, modality: modality, negated: negated,
                      storedText: SpooledText(text), date: date, relatedTo: relatedTo, span: span)
        }

        init(id: String, document: String, local: String, actors: [String], modality: String, negated: Bool, storedText: SpooledText,
             date: String?, relatedTo: [String], span: SpanDTO.Source?) {
            self.id = id
            self.document = document
            self.local = local
            self.actors = actors
            self.modality = modality
            self.negated = negated
            self.storedText = storedText
            self.date = date
            self.relatedTo = relatedTo
            self.span = span
        }

        /// The sentence is read and written as the string `text` (`SpooledText` codes as one).
        enum CodingKeys: String, CodingKey {
            case id, document, local, actors, modality, negated, storedText = "text", date, relatedTo, span
        }
    }

    public struct EventEntry: Codable, Sendable {
        public var id: String
        public var type: String
        public var participants: [String]
        public var place: String?
        public var date: String?
        public var documents: [String]
        public var mentions: [LocalReference]
    }

    public struct PartyEntry: Codable, Sendable {
        public var entity: String
        public var name: String
        /// Commitment ids by modality.
        public var commitments: [String: [String]]
        public var agreements: [String]
        public var programs: [String]
        /// Who it committed or agreed with.
        public var counterparts: [String]
        public var places: [String]
        public var dates: [String]
        public var documents: [String]
    }

    public var schema = CorpusReport.schemaName
    public var pipeline: String
    public var documents: [DocumentEntry]
    public var entities: [EntityEntry] = []
    public var agreements: [AgreementEntry] = []
    public var programs: [ProgramEntry] = []
    public var commitments: [CommitmentEntry] = []
    public var events: [EventEntry] = []
    public var parties: [PartyEntry] = []

    public init(pipeline: String, documents: [DocumentEntry]) {
        self.pipeline = pipeline
        self.documents = documents
    }

    /// Why a commitment's text could not be read back from the linker's spool, if one could
    /// not: outputs written with it are incomplete and must not be committed.
    public var textFailure: String? { textSpools.lazy.compactMap(\.failure).first }

    /// The spools the commitments' sentences are read from (one, usually).
    public var textSpools: [TextSpool] {
        var seen = Set<ObjectIdentifier>()
        var spools: [TextSpool] = []
        for c in commitments {
            guard let spool = c.storedText.spool, seen.insert(ObjectIdentifier(spool)).inserted else { continue }
            spools.append(spool)
        }
        return spools
    }
}

/// Link: the same country, organization, person, program, agreement and event across
/// documents gets one corpus id. It keeps compact indexes, not whole reports, so a corpus
/// of any size is read one report at a time.
public final class CorpusLinker {
    // Union-find over entity observations.
    private var parent: [Int] = []
    private func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    struct Observation {
        var document: String
        var local: String
        var type: String
        var name: String
        var aliases: [String]
        var codes: [String: String]
        var mentions: Int
        var roles: [(title: String, organization: String?, country: String?, date: String?)]
        var countryLocal: String?
    }

    private var observations: [Observation] = []
    /// Each observation's local id (kept apart: they outlive the observations in `build`).
    private var localIDs: [String] = []
    private var keyOwner: [String: Int] = [:]
    private var documents: [CorpusReport.DocumentEntry] = []
    /// Agreements, programs and events are kept without their evidence (the corpus report
    /// does not take it); of an agreement's evidence, only whether it is the document's title.
    private var agreementObservations: [(document: String, report: DocumentReport.AgreementDTO, kind: String, known: String?, isDocumentTitle: Bool)] = []
    private var programObservations: [(document: String, report: DocumentReport.ProgramDTO)] = []
    private var commitmentObservations: [KeptCommitment] = []
    private var eventObservations: [(document: String, report: DocumentReport.EventDTO)] = []
    /// Document → its entities' observations (added together, so a range of indices): no
    /// dictionary of local ids per document.
    private var observationsOf: [String: Range<Int>] = [:]
    /// Names, aliases, codes and role titles recur from document to document ("Mexico", "the
    /// President"): each distinct value is kept once and shared.
    private var strings = Interner<String>()
    private var stringLists = Interner<[String]>()
    private var codeTables = Interner<[String: String]>()
    /// The full names (two words or more) in each cluster, to keep two people apart.
    private var namesOf: [Int: [[String]]] = [:]
    private let pipeline: String
    /// Where the sentences of the commitments of `add(_: DocumentReport)` are kept.
    private let spool: TextSpool?

    /// - Parameter spool: where to keep the commitments' sentences until the corpus report
    ///   is written; by default a scratch file of the linker's own (nil: in memory).
    public init(pipeline: String, spool: TextSpool? = TextSpool()) {
        self.pipeline = pipeline
        self.spool = spool
    }

    static let nameParticles: Set<String> = ["de", "del", "la", "van", "von", "der", "da", "dos", "di", "du", "le", "bin", "al", "el", "y"]

    /// Common English diminutives, so "Joe Biden" and "Joseph R. Biden Jr." are one name.
    static let diminutives: [String: String] = [
        "joe": "joseph", "bill": "william", "will": "william", "bob": "robert", "rob": "robert", "jim": "james",
        "jimmy": "james", "tony": "anthony", "mike": "michael", "tom": "thomas", "dick": "richard", "rick": "richard",
        "chuck": "charles", "charlie": "charles", "ted": "edward", "ed": "edward", "liz": "elizabeth", "beth": "elizabeth",
        "kate": "katherine", "katie": "katherine", "dan": "daniel", "dave": "david", "steve": "stephen", "andy": "andrew",
        "alex": "alexander", "ben": "benjamin", "sam": "samuel", "nick": "nicholas", "pat": "patrick", "chris": "christopher",
        "matt": "matthew", "jon": "jonathan", "larry": "lawrence", "jerry": "gerald", "hank": "henry", "peggy": "margaret",
        "meg": "margaret", "sue": "susan", "vicky": "victoria", "greg": "gregory", "ron": "ronald", "don": "donald",
    ]

    /// A person's name as comparable words: folded, without particles, initials and
    /// suffixes, first name undiminished.
    static func nameWords(_ name: String) -> [String] {
        var words = Names.words(Names.fold(name)).map(String.init)
        words.removeAll { nameParticles.contains($0) || $0.count == 1 || ["jr", "sr", "ii", "iii"].contains($0) }
        if words.count >= 2, let full = diminutives[words[0]] { words[0] = full }
        return words
    }

    /// What the linker takes from one document's report, made on any thread (the work of
    /// reading a report: observations, keys, what each record keeps); `add` then files it.
    /// A batch run makes it from the report in memory, so the corpus stage need not read
    /// the report back from disk to link it.
    public struct Contribution: Sendable {
        let document: CorpusReport.DocumentEntry
        let entities: [(observation: Observation, words: [String], keys: [String])]
        let agreements: [(report: DocumentReport.AgreementDTO, known: String?, isDocumentTitle: Bool)]
        let programs: [DocumentReport.ProgramDTO]
        let commitments: [KeptCommitment]
        let events: [DocumentReport.EventDTO]

        /// - Parameter spool: where the commitments' sentences are kept until the corpus
        ///   report is written (in memory when nil).
        public init(_ report: DocumentReport, spool: TextSpool?) {
            let doc = report.document.id
            document = CorpusReport.DocumentEntry(
                id: doc, source: report.document.source, kind: report.document.kind, genre: report.document.genre,
                title: report.document.title, date: report.document.date,
                counts: ["entities": report.entities.count, "agreements": report.agreements.count, "programs": report.programs.count,
                         "commitments": report.commitments.count, "events": report.events.count, "quotes": report.quotes.count])
            entities = report.entities.map { entity in
                // A person's name words (only a person's are asked for), made once for both.
                let words = entity.type == "person" ? CorpusLinker.nameWords(entity.name) : []
                return (Observation(document: doc, local: entity.id, type: entity.type, name: entity.name, aliases: entity.aliases,
                                    codes: entity.codes ?? [:], mentions: entity.mentions.count,
                                    roles: (entity.roles ?? []).map { ($0.title, $0.organization, $0.country, $0.date ?? report.document.date) },
                                    countryLocal: entity.country),
                        words, CorpusLinker.keys(entity, words: words, document: report))
            }
            agreements = report.agreements.map { agreement in
                let known = agreement.evidence.compactMap(\.rule).first { $0.hasPrefix("agreement:known:") }.map { String($0.dropFirst("agreement:known:".count)) }
                let isDocumentTitle = agreement.evidence.contains { $0.rule == "agreement:document-title" }
                var kept = agreement
                kept.evidence = []
                return (kept, known, isDocumentTitle)
            }
            programs = report.programs.map { program in
                var kept = program
                kept.evidence = []
                return kept
            }
            commitments = report.commitments.map { c in
                KeptCommitment(document: doc, local: c.id, actors: c.actors, modality: c.modality, negated: c.negated,
                               text: SpooledText(c.text, in: spool),
                               relatedTo: c.relatedTo, span: c.sentence.source, date: report.document.date)
            }
            events = report.events.map { event in
                var kept = event
                kept.evidence = []
                return kept
            }
        }
    }

    /// Adds one document's report. Add them in the same order every time (the corpus stage
    /// uses the manifest's): which record comes first decides ties in naming and numbering.
    public func add(_ report: DocumentReport) { add(Contribution(report, spool: spool)) }

    /// Adds what was taken from one document's report, in the same way.
    public func add(_ contribution: Contribution) {
        let doc = contribution.document.id
        documents.append(contribution.document)
        let first = observations.count
        for (observation, words, _) in contribution.entities {
            let index = observations.count
            var kept = observation
            kept.type = strings(observation.type)
            kept.name = strings(observation.name)
            kept.aliases = observation.aliases.isEmpty ? [] : stringLists(observation.aliases)
            kept.codes = observation.codes.isEmpty ? [:] : codeTables(observation.codes)
            kept.roles = observation.roles.map { (strings($0.title), $0.organization, $0.country, $0.date) }
            observations.append(kept)
            localIDs.append(kept.local)
            parent.append(index)
            if observation.type == "person" && words.count >= 2 { namesOf[index] = [words] }  // a full name
        }
        let added = first..<observations.count
        observationsOf[doc] = added
        // Keys that say two observations are one thing.
        for (observation, _, keys) in contribution.entities {
            guard let index = observationIndex(in: added, observation.local) else { continue }
            for key in keys { link(index, key: key) }
        }
        for (agreement, known, isDocumentTitle) in contribution.agreements {
            var kept = agreement
            kept.title = strings(agreement.title)
            agreementObservations.append((doc, kept, contribution.document.kind, known, isDocumentTitle))
        }
        for program in contribution.programs {
            var kept = program
            kept.name = strings(program.name)
            programObservations.append((doc, kept))
        }
        for c in contribution.commitments {
            var kept = c
            kept.actors = c.actors.isEmpty ? [] : stringLists(c.actors)
            kept.modality = strings(c.modality)
            kept.relatedTo = c.relatedTo.isEmpty ? [] : stringLists(c.relatedTo)
            commitmentObservations.append(kept)
        }
        for event in contribution.events { eventObservations.append((doc, event)) }
    }

    /// The observation of a document's entity, by its local id.
    private func observationIndex(_ document: String, _ localID: String) -> Int? {
        guard let range = observationsOf[document] else { return nil }
        return observationIndex(in: range, localID)
    }

    /// The observation of a local id among a document's observations, `range`.
    private func observationIndex(in range: Range<Int>, _ localID: String) -> Int? {
        // Reports number their entities e1, e2, … in order: that is looked at first.
        if let k = Self.localNumber(localID), k >= 1, k <= range.count,
           localIDs[range.lowerBound + k - 1] == localID {
            return range.lowerBound + k - 1
        }
        return range.first { localIDs[$0] == localID }
    }

    /// `Int(localID.dropFirst())`: the number after a local id's first character. Read from
    /// the bytes for an ASCII letter and digits ("e12", nearly every id: the letter is then
    /// the first character), else by `Int`'s parse.
    static func localNumber(_ localID: String) -> Int? {
        let fast = localID.withUTF8Bytes { bytes -> Int? in
            guard bytes.count >= 2, bytes.count <= 19, bytes[0] < 0x80 else { return nil }
            var value = 0
            for byte in bytes.dropFirst() {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        return fast ?? Int(localID.dropFirst())
    }

    /// The keys an entity is known by across documents.
    /// - Parameter words: a person's `nameWords` (made by the caller, which keeps them too).
    static func keys(_ entity: DocumentReport.EntityDTO, words: [String], document report: DocumentReport) -> [String] {
        let group = ["subdivision", "city", "place"].contains(entity.type) ? "place" : entity.type
        switch entity.type {
        case "country":
            if let code = entity.codes?["iso3166"] { return ["country:" + code] }
            if let code = entity.codes?["iso3166-3"] { return ["country:" + code] }
            return ["country:" + Names.fold(entity.name)]
        case "person":
            var result: [String] = []
            // A full name names one person; a surname alone needs a role to go with it.
            if words.count >= 2 { result.append("person:" + words.joined(separator: " ")) }
            if let surname = words.last {
                var countries = Set((entity.roles ?? []).compactMap(\.country).compactMap { id in report.entities.first { $0.id == id }.map { countryKey($0) } })
                if countries.isEmpty, let own = entity.country, let country = report.entities.first(where: { $0.id == own }) {
                    countries.insert(countryKey(country))
                }
                for role in entity.roles ?? [] {
                    let head = Names.fold(Names.titleHead(role.title))
                    guard ["president", "prime minister", "vice president", "king", "queen", "chancellor", "secretary general",
                           "emir", "crown prince", "pope"].contains(head) else { continue }
                    for country in countries.isEmpty ? ["?"] : Array(countries).sorted() {
                        result.append("role:\(surname)|\(head)|\(country)")
                    }
                }
            }
            return result
        default:
            var result = ["\(group):" + Names.fold(entity.name)]
            // The first mention's rule from a gazetteer or the configuration, read in place (no
            // list of every mention's rule made for it).
            for mention in entity.mentions {
                guard let rule = mention.rule, rule.hasPrefix("gazetteer:") || rule.hasPrefix("config:") else { continue }
                if rule.hasPrefix("gazetteer:") { result.append("\(group):key:" + rule) }
                break
            }
            return result
        }
    }

    static func countryKey(_ entity: DocumentReport.EntityDTO) -> String {
        entity.codes?["iso3166"] ?? entity.codes?["iso3166-3"] ?? Names.fold(entity.name)
    }

    private func link(_ index: Int, key: String) {
        guard let owner = keyOwner[key] else {
            keyOwner[key] = index
            return
        }
        let a = find(owner), b = find(index)
        guard a != b else { return }
        // Two full names are one person only when one ends the other ("López Obrador",
        // "Andrés Manuel López Obrador"); "Jill Biden" and "Joseph Biden" stay two.
        let na = namesOf[a] ?? [], nb = namesOf[b] ?? []
        for x in na {
            for y in nb where !(x.count <= y.count ? Array(y.suffix(x.count)) == x : Array(x.suffix(y.count)) == y) { return }
        }
        let (root, child) = a < b ? (a, b) : (b, a)
        parent[child] = root
        let merged = na + nb.filter { !na.contains($0) }
        namesOf[root] = merged.isEmpty ? nil : merged
    }

    /// "President Biden" in a statement that does not say of where: the same surname and
    /// title as exactly one person whose country is known is that person.
    private func linkRolesWithoutCountry() {
        var known: [String: Set<String>] = [:]
        for key in keyOwner.keys where key.hasPrefix("role:") && !key.hasSuffix("|?") {
            let parts = key.split(separator: "|", omittingEmptySubsequences: false)
            known[parts.dropLast().joined(separator: "|"), default: []].insert(String(parts.last!))
        }
        for key in keyOwner.keys.sorted() where key.hasSuffix("|?") {
            let base = String(key.dropLast(2))
            guard let countries = known[base], countries.count == 1, let owner = keyOwner[key] else { continue }
            link(owner, key: base + "|" + countries.first!)
        }
    }

    /// The corpus report, once every report is added. Building it hands over the linker's
    /// records as it goes (each kind let go once its part of the report is made), so later
    /// calls return the same report, and reports added after it are not in it.
    public func build() -> CorpusReport {
        if let built { return built }
        let report = makeReport()
        built = report
        return report
    }

    private var built: CorpusReport?

    private func makeReport() -> CorpusReport {
        linkRolesWithoutCountry()
        // (By their ids, taken out once: the entries are not copied at every comparison.)
        let documentIDs = documents.map(\.id)
        var report = CorpusReport(pipeline: pipeline, documents: documentIDs.indices.sorted { documentIDs[$0] < documentIDs[$1] }.map { self.documents[$0] })
        documents = []
        // Entities: clusters, named by their most mentioned (then longest) name.
        var clusters: [Int: [Int]] = [:]
        for index in observations.indices { clusters[find(index), default: []].append(index) }
        // Each cluster's name made once (not once a comparison of the sort: a name counts
        // its cluster's members, and a country's cluster has one in every document).
        let unordered = clusters.values.map { members -> (members: [Int], name: String, folded: String) in
            let sorted = members.sorted()
            let name = canonicalName(sorted)
            return (sorted, name, Names.fold(name))
        }
        // Ordered by type, folded name, then the first member's document and local id: those
        // taken out once each, and the clusters' numbers sorted by them (neither an observation
        // nor a cluster is copied at every comparison and move of the sort).
        let firsts = unordered.map { $0.members[0] }
        let types = firsts.map { observations[$0].type }, folded = unordered.map(\.folded)
        let documents = firsts.map { observations[$0].document }, locals = firsts.map { localIDs[$0] }
        let order = Array(unordered.indices).sorted { a, b in
            if types[a] != types[b] { return types[a] < types[b] }
            if folded[a] != folded[b] { return folded[a] < folded[b] }
            if documents[a] != documents[b] { return documents[a] < documents[b] }
            return locals[a] < locals[b]
        }
        let named = order.map { unordered[$0] }
        let ordered = named.map(\.members)
        // Observation → its cluster's corpus id, one slot an observation (every one is in a cluster).
        var corpusID = [String](repeating: "", count: observations.count)
        for (number, members) in ordered.enumerated() {
            let id = "E\(number + 1)"
            for member in members { corpusID[member] = id }
        }
        func id(_ document: String, _ localID: String?) -> String? {
            guard let localID, let index = observationIndex(document, localID) else { return nil }
            return corpusID[index]
        }
        for (number, (members, name, foldedName)) in named.enumerated() {
            var aliases = Set<String>()
            var codes: [String: String] = [:]
            var docs = Set<String>()
            var mentions = 0
            var roles = Set<CorpusReport.RoleEntry>()
            var country: String?
            // One member after another mostly repeats the name, aliases and codes (interned:
            // one storage), which are then not hashed into the cluster's sets again (adding an
            // equal value again would change nothing).
            var lastName: String?, lastAliases: [String]?, lastCodes: [String: String]?
            for member in members {
                let o = observations[member]
                if o.name != lastName {
                    aliases.insert(o.name)
                    lastName = o.name
                }
                if o.aliases != lastAliases {
                    aliases.formUnion(o.aliases)
                    lastAliases = o.aliases
                }
                if o.codes != lastCodes {
                    codes.merge(o.codes) { a, _ in a }
                    lastCodes = o.codes
                }
                docs.insert(o.document)
                mentions += o.mentions
                country = country ?? id(o.document, o.countryLocal)
                for role in o.roles {
                    roles.insert(.init(title: role.title, organization: id(o.document, role.organization), country: id(o.document, role.country),
                                       date: role.date, document: o.document))
                }
            }
            aliases = aliases.filter { Names.fold($0) != foldedName }
            let first = observations[members[0]]
            report.entities.append(.init(
                id: "E\(number + 1)", type: first.type, name: name,
                aliases: Array(aliases).sorted().prefix(40).map { $0 }, codes: codes.isEmpty ? nil : codes, country: country,
                roles: roles.isEmpty ? nil : Self.sortedRoles(roles),
                documents: docs.sorted(), mentions: mentions,
                local: members.map { .init(document: observations[$0].document, id: observations[$0].local) }.sorted { ($0.document, $0.id) < ($1.document, $1.id) }))
        }

        // The entities are made: of their observations, only the local ids are needed now.
        observations = []
        parent = []
        namesOf = [:]

        // Agreements: by the gazetteer's key or the folded title; the same title with
        // overlapping parties in a statement and in an agreement text is one agreement.
        var agreementGroups: [String: [Int]] = [:]
        var groupOrder: [String] = []
        for (index, observation) in agreementObservations.enumerated() {
            let key = observation.known.map { "known:" + $0 } ?? ("title:" + Names.fold(observation.report.title))
            if agreementGroups[key] == nil { groupOrder.append(key) }
            agreementGroups[key, default: []].append(index)
        }
        // A statement's agreement and an agreement text of matching title and parties.
        let textKeys = groupOrder.filter { key in agreementGroups[key]!.contains { agreementObservations[$0].kind == "agreement" } }
        let textKeySet = Set(textKeys)
        // Titles folded once each, not once a comparison (statements × agreement texts).
        let textSamples = textKeys.map { key -> (key: String, title: Names.FoldedTitle, parties: Set<String>) in
            let other = agreementObservations[agreementGroups[key]![0]]
            return (key, Names.FoldedTitle(other.report.title), Set(other.report.parties.compactMap { id(other.document, $0) }))
        }
        let textIndex = TitleIndex(textSamples.map(\.title))
        for key in groupOrder where !textKeySet.contains(key) {
            guard let sample = agreementGroups[key]?.first else { continue }
            let observation = agreementObservations[sample]
            let parties = Set(observation.report.parties.compactMap { id(observation.document, $0) })
            let title = Names.FoldedTitle(observation.report.title)
            if let target = textIndex.candidates(for: title).first(where: { index in
                let text = textSamples[index]
                return (parties.isEmpty || !parties.isDisjoint(with: text.parties)) && Names.titlesMatch(text.title, title)
            }).map({ textSamples[$0].key }) {
                agreementGroups[target]! += agreementGroups[key]!
                agreementGroups[key] = nil
            }
        }
        var agreementCorpusID: [String: String] = [:]  // "doc|local" → A id
        for (number, key) in groupOrder.filter({ agreementGroups[$0] != nil }).sorted().enumerated() {
            let members = agreementGroups[key]!.map { agreementObservations[$0] }
            let id = "A\(number + 1)"
            let text = members.first { $0.kind == "agreement" && $0.isDocumentTitle }
            let main = text ?? members[0]
            var parties: [String] = []
            var signatories: [String] = []
            for member in members {
                for party in member.report.parties { if let p = self.localID(member.document, party, corpusID), !parties.contains(p) { parties.append(p) } }
                for s in member.report.signatories { if let p = self.localID(member.document, s, corpusID), !signatories.contains(p) { signatories.append(p) } }
                agreementCorpusID[member.document + "|" + member.report.id] = id
            }
            let documents = Set(members.map(\.document)).sorted()
            report.agreements.append(.init(
                id: id, title: main.report.title, type: main.report.type, parties: parties, signatories: signatories,
                date: members.compactMap(\.report.date).first, place: members.compactMap { m in m.report.place.flatMap { self.localID(m.document, $0, corpusID) } }.first,
                status: members.compactMap(\.report.status).first, documents: documents, text: text?.document,
                reportedIn: documents.filter { doc in doc != text?.document && members.contains { $0.document == doc && $0.kind != "agreement" } },
                local: members.map { .init(document: $0.document, id: $0.report.id) }))
        }

        agreementObservations = []

        // Programs by folded name.
        var programGroups: [String: [Int]] = [:]
        for (index, observation) in programObservations.enumerated() {
            programGroups[Names.fold(observation.report.name), default: []].append(index)
        }
        var programCorpusID: [String: String] = [:]
        for (number, key) in programGroups.keys.sorted().enumerated() {
            let members = programGroups[key]!.map { programObservations[$0] }
            let id = "P\(number + 1)"
            var participants: [String] = []
            for member in members {
                for p in member.report.participants { if let c = localID(member.document, p, corpusID), !participants.contains(c) { participants.append(c) } }
                programCorpusID[member.document + "|" + member.report.id] = id
            }
            report.programs.append(.init(
                id: id, name: members[0].report.name, kind: members[0].report.kind, participants: participants,
                establishedBy: members.compactMap { m in m.report.establishedBy.flatMap { agreementCorpusID[m.document + "|" + $0] } }.first,
                status: members.compactMap(\.report.status).first, documents: Set(members.map(\.document)).sorted(),
                local: members.map { .init(document: $0.document, id: $0.report.id) }))
        }

        programObservations = []

        // Commitments, each under corpus ids.
        // (Each one's document and number taken out once, not at every comparison.)
        let commitmentKeys = commitmentObservations.map { ($0.document, Self.localNumber($0.local) ?? 0) }
        let commitmentOrder = commitmentKeys.indices.sorted { a, b in commitmentKeys[a] < commitmentKeys[b] }
        report.commitments.reserveCapacity(commitmentOrder.count)
        var actorLists = Interner<[String]>()  // the same parties make many commitments
        for (number, index) in commitmentOrder.enumerated() {
            let c = commitmentObservations[index]
            report.commitments.append(.init(
                id: "C\(number + 1)", document: c.document, local: c.local,
                actors: actorLists(c.actors.compactMap { localID(c.document, $0, corpusID) }), modality: c.modality, negated: c.negated,
                storedText: c.text, date: c.date,
                relatedTo: c.relatedTo.compactMap { agreementCorpusID[c.document + "|" + $0] ?? programCorpusID[c.document + "|" + $0] },
                span: c.span))
        }

        commitmentObservations = []

        // Events: one event reported in several documents (same type, date and place).
        var eventGroups: [String: [Int]] = [:]
        for (index, observation) in eventObservations.enumerated() {
            let e = observation.report
            let place = e.place.flatMap { localID(observation.document, $0, corpusID) } ?? "-"
            let key = e.date != nil && place != "-" ? "\(e.type)|\(e.date!)|\(place)" : "\(e.type)|\(observation.document)|\(e.id)"
            eventGroups[key, default: []].append(index)
        }
        for (number, key) in eventGroups.keys.sorted().enumerated() {
            let members = eventGroups[key]!.map { eventObservations[$0] }
            var participants: [String] = []
            for member in members {
                for p in member.report.participants { if let c = localID(member.document, p, corpusID), !participants.contains(c) { participants.append(c) } }
            }
            report.events.append(.init(
                id: "V\(number + 1)", type: members[0].report.type, participants: participants,
                place: members.compactMap { m in m.report.place.flatMap { localID(m.document, $0, corpusID) } }.first,
                date: members.compactMap(\.report.date).first, documents: Set(members.map(\.document)).sorted(),
                mentions: members.map { .init(document: $0.document, id: $0.report.id) }))
        }

        eventObservations = []

        // Per party.
        let entityByID = Dictionary(uniqueKeysWithValues: report.entities.map { ($0.id, $0) })
        var partyIDs = Set<String>()
        for c in report.commitments { partyIDs.formUnion(c.actors) }
        for a in report.agreements { partyIDs.formUnion(a.parties) }
        for p in report.programs { partyIDs.formUnion(p.participants) }
        var commitmentsOf: [String: [Int]] = [:], agreementsOf: [String: [Int]] = [:]
        var programsOf: [String: [Int]] = [:], eventsOf: [String: [Int]] = [:]
        for (i, c) in report.commitments.enumerated() { for actor in Set(c.actors) { commitmentsOf[actor, default: []].append(i) } }
        for (i, a) in report.agreements.enumerated() { for party in Set(a.parties) { agreementsOf[party, default: []].append(i) } }
        for (i, p) in report.programs.enumerated() { for party in Set(p.participants) { programsOf[party, default: []].append(i) } }
        for (i, e) in report.events.enumerated() { for party in Set(e.participants) { eventsOf[party, default: []].append(i) } }
        for partyID in partyIDs.sorted(by: { (Int($0.dropFirst()) ?? 0) < (Int($1.dropFirst()) ?? 0) }) {
            guard let entity = entityByID[partyID], ["country", "organization"].contains(entity.type) else { continue }
            var byModality: [String: [String]] = [:]
            var counterparts = Set<String>()
            var docs = Set<String>()
            var dates = Set<String>()
            for c in (commitmentsOf[partyID] ?? []).map({ report.commitments[$0] }) {
                byModality[c.modality, default: []].append(c.id)
                counterparts.formUnion(c.actors.filter { $0 != partyID })
                docs.insert(c.document)
                if let d = c.date { dates.insert(d) }
            }
            let agreements = (agreementsOf[partyID] ?? []).map { report.agreements[$0] }
            for a in agreements {
                counterparts.formUnion(a.parties.filter { $0 != partyID })
                docs.formUnion(a.documents)
                if let d = a.date { dates.insert(d) }
            }
            let programs = (programsOf[partyID] ?? []).map { report.programs[$0] }
            let places = Set(agreements.compactMap(\.place) + (eventsOf[partyID] ?? []).compactMap { report.events[$0].place })
            report.parties.append(.init(
                entity: partyID, name: entity.name, commitments: byModality, agreements: agreements.map(\.id), programs: programs.map(\.id),
                counterparts: counterparts.sorted { (Int($0.dropFirst()) ?? 0) < (Int($1.dropFirst()) ?? 0) },
                places: places.sorted(), dates: dates.sorted(), documents: docs.sorted()))
        }
        return report
    }

    /// A cluster's roles by date (none first), title, document, organization and country:
    /// those taken out once each, and the roles' places sorted by them (the roles are not
    /// copied at every comparison).
    static func sortedRoles(_ roles: Set<CorpusReport.RoleEntry>) -> [CorpusReport.RoleEntry] {
        let list = Array(roles)
        let dates = list.map { $0.date ?? "" }, titles = list.map(\.title), documents = list.map(\.document)
        let organizations = list.map { $0.organization ?? "" }, countries = list.map { $0.country ?? "" }
        return list.indices.sorted { a, b in
            if dates[a] != dates[b] { return dates[a] < dates[b] }
            if titles[a] != titles[b] { return titles[a] < titles[b] }
            if documents[a] != documents[b] { return documents[a] < documents[b] }
            if organizations[a] != organizations[b] { return organizations[a] < organizations[b] }
            return countries[a] < countries[b]
        }.map { list[$0] }
    }

    func localID(_ document: String, _ localID: String, _ corpusID: [String]) -> String? {
        guard let index = observationIndex(document, localID) else { return nil }
        return corpusID[index]
    }

    /// A cluster's name: the one most documents use (a full name before a surname alone),
    /// then the longest.
    func canonicalName(_ members: [Int]) -> String {
        var counts: [String: Int] = [:]
        let full = members.filter { observations[$0].type != "person" || observations[$0].name.contains(" ") }
        for member in full.isEmpty ? members : full { counts[observations[member].name, default: 0] += 1 }
        return counts.max { a, b in a.value != b.value ? a.value < b.value : (a.key.count != b.key.count ? a.key.count < b.key.count : a.key > b.key) }!.key
    }
}

/// What the corpus report takes from a document's commitment (not its evidence, action,
/// conditions or time frame, nor the sentence's words a second time).
struct KeptCommitment {
    var document: String
    var local: String
    var actors: [String]
    var modality: String
    var negated: Bool
    var text: SpooledText
    var relatedTo: [String]
    var span: SpanDTO.Source
    var date: String?
}

/// Keeps one copy of each distinct value and hands it back for equal ones, so values that
/// recur share their storage.
struct Interner<Value: Hashable> {
    private var values = Set<Value>()

    mutating func callAsFunction(_ value: Value) -> Value { values.insert(value).memberAfterInsert }
}

/// The agreement texts' titles indexed so that a statement's agreement is compared only with
/// the texts it could match (`Names.titlesMatch`), not with every text of the corpus: a word
/// shared by most titles ("agreement") no longer makes every text that has it a candidate,
/// only those of which it is among the rarest words (with titles whose words are all common,
/// that can still be every text). Two titles match when they share half their words or when
/// one contains the other, and the candidates always include every match:
///
/// - Half their words shared: with the words of every title in one order, rarest first (by
///   how many texts have them, then by the words themselves), two word sets of which half
///   the union is shared have a word in common among the first ⌊n/2⌋ + 1 of each (the
///   prefix filter of set-similarity joins). Texts are found by the first words of the title.
/// - A text inside the title: for ASCII texts of three words or more, the text's middle
///   words (all but its first and last) are whole words of the title. Each such text is
///   filed under its rarest middle word, and found by any word of the title.
/// - The title inside a text: likewise, for ASCII titles of three words or more, the title's
///   rarest middle word is a whole word of the text. Texts are found by that word.
///
/// Any other text (shorter, or not ASCII, where characters are not bytes) is compared with
/// every title, and any other title with every text.
struct TitleIndex {
    /// Every text with the word.
    private var byWord: [Substring: [Int]] = [:]
    /// Texts with the word among their first words (rarest first: see above).
    private var byFirstWords: [Substring: [Int]] = [:]
    /// Texts of three words or more by their rarest middle word.
    private var byMiddleWord: [Substring: [Int]] = [:]
    /// Texts compared with every title.
    private var always: [Int] = []
    private let count: Int

    init(_ titles: [Names.FoldedTitle]) {
        count = titles.count
        for (index, title) in titles.enumerated() {
            for word in title.words { byWord[word, default: []].append(index) }
        }
        // (The order of words is known once every text is counted.)
        for (index, title) in titles.enumerated() {
            guard Self.isIndexable(title) else {
                always.append(index)
                continue
            }
            for word in firstWords(title) { byFirstWords[word, default: []].append(index) }
            if let middle = rarestMiddleWord(title) { byMiddleWord[middle, default: []].append(index) }
        }
    }

    static func isIndexable(_ title: Names.FoldedTitle) -> Bool {
        title.folded.utf8.allSatisfy { $0 < 0x80 } && title.folded.utf8.lazy.filter { $0 == 0x20 }.count >= 2
    }

    /// Words with how many texts have them (each looked up once, not at every comparison).
    private func counted<Words: Sequence<Substring>>(_ words: Words) -> [(count: Int, word: Substring)] {
        words.map { (byWord[$0]?.count ?? 0, $0) }
    }

    /// The index's order of words: fewer texts have it, or as many and it sorts first.
    private static func isRarer(_ a: (count: Int, word: Substring), _ b: (count: Int, word: Substring)) -> Bool {
        a.count != b.count ? a.count < b.count : a.word < b.word
    }

    /// The title's first ⌊n/2⌋ + 1 words of its n, rarest first.
    private func firstWords(_ title: Names.FoldedTitle) -> [Substring] {
        counted(title.words).sorted(by: Self.isRarer).prefix(title.words.count / 2 + 1).map(\.word)
    }

    /// The rarest of an ASCII title's words but its first and last (nil for fewer than three).
    private func rarestMiddleWord(_ title: Names.FoldedTitle) -> Substring? {
        let words = Names.words(title.folded)
        guard words.count >= 3 else { return nil }
        return counted(words.dropFirst().dropLast()).min(by: Self.isRarer)?.word
    }

    /// Indices of the texts that may match `title`, ascending (the order of a scan).
    func candidates(for title: Names.FoldedTitle) -> [Int] {
        guard Self.isIndexable(title) else { return Array(0..<count) }
        var found = Set(always)
        for word in firstWords(title) { if let texts = byFirstWords[word] { found.formUnion(texts) } }
        for word in title.words { if let texts = byMiddleWord[word] { found.formUnion(texts) } }
        if let middle = rarestMiddleWord(title), let texts = byWord[middle] { found.formUnion(texts) }
        return found.sorted()
    }
}
