import AccordXML
import Foundation
/// Turns the mentions found into entities: one per thing, named by its fullest form,
/// with its aliases, mentions, roles and country.
extension Context {
    /// (Its properties are read and written only by `assemble`, one access at a time: without
    /// the run-time exclusivity checks that each access to a class's stored property makes,
    /// tens of thousands a document.)
    private final class Cluster {
        @exclusivity(unchecked) var type: EntityType
        @exclusivity(unchecked) var name: String
        @exclusivity(unchecked) var words: [String] = []
        /// The forms its mentions take, each once (by its bytes), in the order they first come.
        @exclusivity(unchecked) var surfaces: [String] = []
        @exclusivity(unchecked) var extraAliases: [String] = []
        @exclusivity(unchecked) var mentions: [Evidence] = []
        /// How many mentions it has: its list of them is made at its size once all are known.
        @exclusivity(unchecked) var mentionCount = 0
        @exclusivity(unchecked) var firstPosition: Int
        @exclusivity(unchecked) var lastPosition: Int
        @exclusivity(unchecked) var gazetteerEntry: Int?
        @exclusivity(unchecked) var countryEntry: Int?
        @exclusivity(unchecked) var roles: [(title: String, organization: Range<Int>?, country: Int?)] = []
        /// The entity's id, once the clusters are numbered; nil for one the stop list removed.
        @exclusivity(unchecked) var id: String?

        init(type: EntityType, name: String, position: Int) {
            self.type = type
            self.name = name
            firstPosition = position
            lastPosition = position
        }
    }

    /// Offices whose holders are styled "Ambassador" (folded, as `Names.fold` gives them).
    static let ambassadorRanks = ["representative", "envoy", "ambassador at large", "ambassadoratlarge"]

    func entityType(_ kind: GazetteerEntry.Kind) -> EntityType {
        switch kind {
        case .country, .formerCountry: return .country
        case .organization: return .organization
        case .subdivision: return .subdivision
        case .city: return .city
        case .place, .title, .agreement, .program: return .place
        case .person: return .person
        }
    }

    func surface(_ range: Range<Int>) -> String {
        text.string(TextRange(tokens[range.lowerBound].range.start, tokens[range.upperBound - 1].range.end))
    }

    func textRange(_ range: Range<Int>) -> TextRange {
        TextRange(tokens[range.lowerBound].range.start, tokens[range.upperBound - 1].range.end)
    }

    /// The gazetteer organization whose name or alias is exactly these words, if any.
    func gazetteerOrganization(_ range: Range<Int>) -> Int? {
        // (The tokens read where they are: no copy of them, no list of matches.)
        guard let hits = gazetteer.wholeMatch(in: tokens, range) else { return nil }
        return hits.first(where: { gazetteer.traits[$0.entry].kind == .organization })?.entry
    }

    func assemble() -> EntityRecognizer.Output {
        var clusters: [Cluster] = []
        // Clusters of gazetteer entries by the gazetteer's cluster number; the others (named
        // places, organizations not in the gazetteer) by their folded name's key.
        var byGazetteerCluster: [Int: Cluster] = [:]
        // (Two tables, not one keyed by "n:" or "o:" and the name: no string made for each mention.)
        var byPlaceName: [String: Cluster] = [:], byOrganizationName: [String: Cluster] = [:]
        var personClusters: [Cluster] = []
        // Person clusters by each word of their names, as written and without an Arabic article
        // (`Names.withoutArticle`): one name contiguous in another shares its words, so a
        // mention is compared only with the clusters that share a word with it, not with every
        // person so far (which grew with the square of a long text's length). A cluster is
        // indexed again when its name grows; a word it no longer has only adds a candidate.
        // (Made once there are sixteen persons: a short text's few are compared with all, which
        // costs less than hashing their words.)
        var personsByWord: [String: [Int]] = [:], personsByPlainWord: [String: [Int]] = [:]
        var personsIndexed = false
        func indexPerson(_ index: Int) {
            for word in personClusters[index].words {
                personsByWord[word, default: []].append(index)
                personsByPlainWord[Names.withoutArticle(word), default: []].append(index)
            }
        }
        func addPerson(_ cluster: Cluster) {
            personClusters.append(cluster)
            if personsIndexed {
                indexPerson(personClusters.count - 1)
            } else if personClusters.count >= 16 {
                personsIndexed = true
                for index in personClusters.indices { indexPerson(index) }
            }
        }
        /// The clusters with a word in `words` (all of them before the index is made), in
        /// `personClusters`' order.
        func persons(sharing words: [String], in table: [String: [Int]]) -> [Cluster] {
            guard personsIndexed else { return personClusters }
            var indices = Set<Int>()
            for word in words { if let list = table[word] { indices.formUnion(list) } }
            return indices.sorted().map { personClusters[$0] }
        }
        // Each candidate's cluster, by the candidate's index (every candidate gets one below).
        var candidateCluster = [Cluster?](repeating: nil, count: candidates.count)
        func clusterOf(_ candidate: Int) -> Cluster? {
            candidateCluster.indices.contains(candidate) ? candidateCluster[candidate] : nil
        }

        // The comparison reads a local array: a closure reading `candidates` captured the whole
        // context, copied (every array and table in it retained and released) at each comparison.
        let starts = candidates.map(\.tokens.lowerBound)
        let order = starts.indices.sorted { starts[$0] < starts[$1] }
        for index in order {
            // (The candidate's fields read where they are: a copy of it retained and released
            // its rule, its title's strings and a person's words.)
            let range = candidates[index].tokens
            let position = range.lowerBound
            let form = surface(range)
            var cluster: Cluster
            if let owner = candidates[index].sameAs, let known = clusterOf(owner) {
                cluster = known
            } else {
            switch candidates[index].source {
            case .gazetteer(let entry, _):
                let number = gazetteer.cluster[entry]
                if let existing = byGazetteerCluster[number] {
                    cluster = existing
                } else {
                    // (The entry's fields read in place: a copy of the entry is four retains
                    // and four releases.)
                    cluster = Cluster(type: entityType(gazetteer.entries[entry].kind), name: gazetteer.entries[entry].name, position: position)
                    cluster.gazetteerEntry = entry
                    cluster.extraAliases = gazetteer.entries[entry].aliases
                    byGazetteerCluster[number] = cluster
                    clusters.append(cluster)
                }
            case .namedPlace:
                let key = Names.fold(form)
                if let existing = byPlaceName[key] {
                    cluster = existing
                } else {
                    cluster = Cluster(type: .place, name: form, position: position)
                    byPlaceName[key] = cluster
                    clusters.append(cluster)
                }
            case .organization(let core, let country):
                // A gazetteer organization's mentions join its cluster (the one its entry's
                // own mentions make: `gazetteerOrganization` finds only organizations).
                let known = gazetteerOrganization(core) ?? gazetteerOrganization(range)
                let coreText = surface(core)
                let key = known == nil ? Names.fold(coreText) : ""
                if let existing = known.map({ byGazetteerCluster[gazetteer.cluster[$0]] }) ?? byOrganizationName[key] {
                    cluster = existing
                    if cluster.name.count < form.count && known == nil { cluster.name = form }
                } else {
                    cluster = Cluster(type: .organization, name: known.map { gazetteer.entries[$0].name } ?? form, position: position)
                    if let known {
                        cluster.gazetteerEntry = known
                        cluster.extraAliases = gazetteer.entries[known].aliases
                        byGazetteerCluster[gazetteer.cluster[known]] = cluster
                    } else {
                        byOrganizationName[key] = cluster
                    }
                    clusters.append(cluster)
                }
                if coreText != form { cluster.extraAliases.append(coreText) }
                if let country { cluster.countryEntry = cluster.countryEntry ?? country }
            case .person(let words):
                // (A name without a suffix, nearly every one, is its words as they are.)
                let bare = words.contains(where: { Vocabulary.nameSuffixes.contains($0) }) ? words.filter { !Vocabulary.nameSuffixes.contains($0) } : words
                var matching = persons(sharing: bare, in: personsByWord).filter { Names.isContiguous(bare, in: $0.words) || Names.isContiguous($0.words, in: bare) }
                // ("Prime Minister Sudani" is "Mohammed Shia'a Al-Sudani": the article of an Arabic
                // surname is left out as often as not. Asked only when the names as written match
                // no one.)
                if matching.isEmpty {
                    let plain = bare.map(Names.withoutArticle)
                    matching = persons(sharing: plain, in: personsByPlainWord).filter { cluster in
                        let words = cluster.words.map(Names.withoutArticle)
                        return words != cluster.words || plain != bare
                            ? Names.isContiguous(plain, in: words) || Names.isContiguous(words, in: plain) : false
                    }
                }
                // "President Biden" beside "Dr. Jill Biden": a surname with a title joins only
                // someone who holds that title.
                // ("Ambassador" is also how a trade representative, an envoy or a representative
                // to the UN is addressed: "Ambassador Tai".)
                func holds(_ cluster: Cluster, _ head: String) -> Bool {
                    cluster.roles.contains { role in
                        let held = Names.fold(Names.titleHead(role.title))
                        return held.hasSuffix(head) || head == "ambassador" && Self.ambassadorRanks.contains { held.hasSuffix($0) }
                    }
                }
                if bare.count == 1, let title = candidates[index].title, !title.plural {
                    let head = Names.fold(Names.titleHead(title.text))
                    matching = matching.filter { cluster in cluster.words.count == 1 || holds(cluster, head) }
                }

                if let best = matching.max(by: { $0.lastPosition < $1.lastPosition }) {
                    cluster = best
                    if bare.count > cluster.words.count {
                        cluster.words = bare
                        cluster.name = words.joined(separator: " ")
                        if personsIndexed, let index = personClusters.firstIndex(where: { $0 === best }) { indexPerson(index) }
                    }
                } else {
                    cluster = Cluster(type: .person, name: words.joined(separator: " "), position: position)
                    cluster.words = bare
                    addPerson(cluster)
                    clusters.append(cluster)
                }
                if let title = candidates[index].title {
                    if !title.plural { cluster.roles.append((title.text, title.organization, title.countryEntry)) }
                    if let direct = title.directForm, title.tokens.upperBound == range.lowerBound {
                        cluster.extraAliases.append(direct + " " + words.joined(separator: " "))
                    }
                }
            }
            }
            // (A form repeats with every mention of the thing; what reads the list, the stop
            // list and the aliases, takes each form once anyway.)
            if !cluster.surfaces.contains(where: { Names.sameBytes($0, form) }) { cluster.surfaces.append(form) }
            cluster.mentionCount += 1
            cluster.lastPosition = max(cluster.lastPosition, position)
            candidateCluster[index] = cluster
        }
        // Each cluster's mentions, in the order its candidates were taken, in a list made at
        // its size (appended one by one as they came, each list grew by doubling).
        for index in order {
            guard let cluster = candidateCluster[index] else { continue }
            if cluster.mentions.isEmpty { cluster.mentions.reserveCapacity(cluster.mentionCount) }
            cluster.mentions.append(Evidence(range: textRange(candidates[index].tokens), rule: candidates[index].rule))
        }

        // The user's stop list: names never to extract as that type.
        if !configuration.stopList.isEmpty {
            clusters.removeAll { cluster in
                guard let names = configuration.stopList[cluster.type] else { return false }
                let stopped = Set(names.map(Names.fold))
                return stopped.contains(Names.fold(cluster.name)) || cluster.surfaces.contains { stopped.contains(Names.fold($0)) }
            }
        }
        // Ids in order of first mention.
        clusters.sort { $0.firstPosition < $1.firstPosition }
        // (Kept on the cluster: no table of the clusters hashed for each id asked.)
        for (n, cluster) in clusters.enumerated() { cluster.id = "e\(n + 1)" }
        // Nil for a cluster the stop list removed: what points at it (a person's country or
        // organization, an organization's country) then points at nothing.
        func id(_ c: Cluster) -> String? { c.id }
        func countryID(code: String?) -> String? {
            guard let code, let number = gazetteer.countryCluster(code: code) else { return nil }
            return byGazetteerCluster[number].flatMap(id)
        }
        func countryID(_ entry: Int?) -> String? {
            guard let entry else { return nil }
            return countryID(code: gazetteer.entries[entry].key)
        }
        func organizationID(_ range: Range<Int>?) -> String? {
            guard let range, let owner = occupied[range.lowerBound], let cluster = clusterOf(owner) else { return nil }
            return cluster.type == .organization ? id(cluster) : nil
        }

        var entities: [Entity] = []
        entities.reserveCapacity(clusters.count)  // (one a cluster: room made once)
        var references: [CrossReference] = []
        // The names seen and written for the entity at hand (few surfaces): two arrays kept
        // from one entity to the next, emptied, not two made for each.
        var seenFolds: [String] = [], writtenSurfaces: [String] = []
        for cluster in clusters {
            var aliases: [String] = []
            let surfaceCount = cluster.surfaces.count + cluster.extraAliases.count
            // A surface repeats with every mention: folded once (a byte-for-byte repeat folds to
            // a name already seen; a merely canonically equal one is folded, since folding
            // need not keep canonical equivalence). Most entities have a few surfaces: those
            // are compared with the ones kept; more are hashed into sets.
            // (The surfaces, then the other aliases: each list read in place, not the two
            // joined through an array made of them.)
            if surfaceCount <= 8 {
                seenFolds.removeAll(keepingCapacity: true)
                writtenSurfaces.removeAll(keepingCapacity: true)
                seenFolds.append(Names.fold(cluster.name))
                func consider(_ alias: String) {
                    if writtenSurfaces.contains(where: { Names.sameBytes($0, alias) }) { return }
                    writtenSurfaces.append(alias)
                    // (The name itself, byte for byte, folds to the name's fold, seen first.)
                    if Names.sameBytes(alias, cluster.name) { return }
                    let folded = Names.fold(alias)
                    guard !folded.isEmpty, !seenFolds.contains(folded) else { return }
                    seenFolds.append(folded)
                    aliases.append(alias)
                }
                for alias in cluster.surfaces { consider(alias) }
                for alias in cluster.extraAliases { consider(alias) }
            } else {
                // Both sets made at their size (one entry a surface at most), not grown by rehashing.
                var seen = Set<String>(minimumCapacity: surfaceCount + 1)
                seen.insert(Names.fold(cluster.name))
                var written = Set<String>(minimumCapacity: surfaceCount)
                func consider(_ alias: String) {
                    let (inserted, member) = written.insert(alias)
                    if !inserted && Names.sameBytes(member, alias) { return }
                    if Names.sameBytes(alias, cluster.name) { return }  // (as above)
                    let folded = Names.fold(alias)
                    guard !folded.isEmpty, seen.insert(folded).inserted else { return }
                    aliases.append(alias)
                }
                for alias in cluster.surfaces { consider(alias) }
                for alias in cluster.extraAliases { consider(alias) }
            }
            var entity = Entity(id: cluster.id!, type: cluster.type, name: cluster.name, aliases: aliases, mentions: cluster.mentions)
            if let entry = cluster.gazetteerEntry {
                switch gazetteer.traits[entry].kind {
                case .country:
                    entity.canBeParty = true
                    entity.codes.reserveCapacity(2)  // (the code and its alpha-3 form: room made once)
                    entity.codes["iso3166"] = gazetteer.entries[entry].key
                    if let alpha3 = gazetteer.entries[entry].attributes["alpha3"] { entity.codes["iso3166-alpha3"] = alpha3 }
                case .formerCountry:
                    entity.canBeParty = true
                    entity.codes["iso3166-3"] = gazetteer.entries[entry].key
                default:
                    entity.canBeParty = gazetteer.entries[entry].attributes["party"] == "1"
                    entity.organizationKind = gazetteer.traits[entry].organizationKind
                    entity.country = countryID(code: gazetteer.entries[entry].attributes["country"])
                }
            }
            if let country = countryID(cluster.countryEntry) { entity.country = country }
            // Roles a user's configuration gives a person, with their dates.
            if let entry = cluster.gazetteerEntry, let index = gazetteer.entries[entry].attribute("config-entity").flatMap(Int.init),
               index < configuration.entities.count {
                for role in configuration.entities[index].roles where role.from.map({ from in (documentDate ?? "9999") >= from }) ?? true
                    && role.to.map({ to in (documentDate ?? "0000") <= to }) ?? true {
                    let organization = role.organization.flatMap { name in entities.first { $0.type == .organization && ([$0.name] + $0.aliases).contains { Names.fold($0) == Names.fold(name) } }?.id }
                    let country = role.country.flatMap { name in clusters.first { $0.type == .country && (Names.fold($0.name) == Names.fold(name) || $0.extraAliases.contains { Names.fold($0) == Names.fold(name) }) }.flatMap(id) }
                    entity.roles.append(Role(title: role.title, organization: organization, country: country, date: role.from))
                    if entity.country == nil { entity.country = country }
                }
            }
            // The roles kept, by title and organization (an entity has a few: compared with
            // those kept, not joined into a string and hashed into a set made for each entity).
            var roleKeys: [(title: String, organization: String?)] = []
            // "Secretary" adds nothing to "Secretary of Homeland Security". A title is kept
            // unless another is longer and ends with it (for strings, having it as a suffix
            // and being another string) or starts with it and a space: asked once for each
            // distinct title (a role repeats with each mention), not for every pair of roles.
            // (One title, nearly always, however many mentions repeat it: it is the fullest.)
            let fullest: [(title: String, organization: Range<Int>?, country: Int?)]
            if let first = cluster.roles.first, cluster.roles.allSatisfy({ $0.title == first.title }) {
                fullest = cluster.roles
            } else {
                let keptTitles = Names.fullestTitles(cluster.roles.map(\.title))
                fullest = cluster.roles.filter { keptTitles.contains($0.title) }
            }
            for role in fullest {
                let organization = organizationID(role.organization)
                var country = countryID(role.country)
                // (The organization's country read in place: a copy of the entity is made for nothing.)
                if country == nil, let org = organization, let index = entities.firstIndex(where: { $0.id == org }) {
                    country = entities[index].country
                }
                guard !roleKeys.contains(where: { $0.title == role.title && $0.organization == organization }) else { continue }
                roleKeys.append((role.title, organization))
                entity.roles.append(Role(title: role.title, organization: organization, country: country))
                if entity.country == nil { entity.country = country }
                if let organization, !references.contains(CrossReference(from: entity.id, to: organization, relation: .affiliatedWith)) {
                    references.append(CrossReference(from: entity.id, to: organization, relation: .affiliatedWith))
                }
            }
            entities.append(entity)
        }
        // Persons whose organization was assembled after them get its country.
        // (Each entity's country by its id: the entities themselves are not copied into a table.)
        // (The table made only when a person asks: most documents have none to ask. Its keys
        // are organizations, whose countries this loop does not change.)
        var countryByID: [String: String?] = [:]
        for index in entities.indices where entities[index].type == .person && entities[index].country == nil {
            guard let org = entities[index].roles.first(where: { $0.organization != nil })?.organization else { continue }
            if countryByID.isEmpty { countryByID = Dictionary(uniqueKeysWithValues: entities.map { ($0.id, $0.country) }) }
            if let country = countryByID[org] ?? nil {
                entities[index].country = country
            }
        }
        return EntityRecognizer.Output(entities: entities, references: references, tokens: tokens,
                                       mechanisms: mechanisms.map(textRange),
                                       knownAgreements: knownAgreements.map { ($0.0, gazetteer.entries[$0.1]) },
                                       knownPrograms: knownPrograms.map { ($0.0, gazetteer.entries[$0.1]) },
                                       lowercaseWords: lowercaseWords)
    }
}

extension EntityRecognizer.Candidate.Source {
    var isPerson: Bool {
        if case .person = self { return true }
        return false
    }
}

/// Name comparison as GOLD.md defines it: case, diacritics, punctuation and "the" folded.
public enum Names {
    /// A title's head: what comes before its first " of " ("Secretary" of "Secretary of
    /// State"), as `components(separatedBy: " of ").first` gives it; on bytes for text whose
    /// characters are scalars (an ASCII phrase then matches only as itself).
    public static func titleHead(_ title: String) -> String {
        guard CharactersAreScalars.check(title) else { return title.components(separatedBy: " of ").first ?? title }
        // (The title's bytes read in place, not copied into an array first.)
        return title.withUTF8Bytes { bytes in
            guard bytes.count >= 4 else { return title }
            for k in 0...(bytes.count - 4) where bytes[k] == 0x20 && bytes[k + 1] == 0x6F && bytes[k + 2] == 0x66 && bytes[k + 3] == 0x20 {
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<k]), as: UTF8.self)
            }
            return title
        }
    }

    public static func fold(_ name: String) -> String {
        if let ascii = foldASCII(name) { return ascii }
        return foldGeneral(name)
    }

    static func foldGeneral(_ name: String) -> String {
        let plain = Normalize.plainText(name)
        if let folded = foldByTable(plain) { return folded }
        return foldFoundation(plain)
    }

    /// The last step of `foldGeneral`: Foundation's folding of the plain text, then words.
    static func foldFoundation(_ plain: String) -> String {
        let stripped = plain.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var words: [String] = []
        var current = ""
        for scalar in stripped.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if scalar == "." || scalar == "'" {
                continue  // "U.S." = "US", "People's" = "Peoples"
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        if words.first == "the" { words.removeFirst() }
        return words.joined(separator: " ")
    }

    /// Scalars whose folding is looked up (`tableFolds`): ASCII, Latin-1 and Latin Extended
    /// A and B, Cyrillic but its combining marks (U+0483–U+0489, which Foundation drops in a
    /// string and keeps alone).
    static func isTabled(_ value: UInt32) -> Bool {
        value < 0x250 || (value >= 0x400 && value < 0x483) || (value > 0x489 && value < 0x500)
    }

    /// Foundation's case- and diacritic-insensitive folding of each tabled scalar alone.
    static let tableFolds: [[Unicode.Scalar]] = (0..<UInt32(0x500)).map { value in
        guard isTabled(value), let scalar = Unicode.Scalar(value) else { return [] }
        return Array(String(scalar).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).unicodeScalars)
    }

    /// The titles no other title extends: none longer ends with it, none starts with it and a
    /// space ("Secretary" beside "Secretary of Homeland Security"). For strings, a longer
    /// string ending with a title is one that has it as a suffix and is not equal to it.
    static func fullestTitles(_ titles: [String]) -> Set<String> {
        var distinct: [String] = []
        var seen = Set<String>()
        for title in titles where seen.insert(title).inserted { distinct.append(title) }
        return Set(distinct.filter { title in
            !distinct.contains { other in other != title && other.hasSuffix(title) || other.hasPrefix(title + " ") }
        })
    }

    /// `foldFoundation` for plain text of tabled scalars only (Latin and Cyrillic names):
    /// no combining marks are among them, so each folds alone as Foundation folds it in the
    /// string (a test compares the two on random strings of these scalars); nil otherwise.
    static func foldByTable(_ plain: String) -> String? {
        guard plain.unicodeScalars.allSatisfy({ isTabled($0.value) }) else { return nil }
        let folds = tableFolds
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for original in plain.unicodeScalars {
            for scalar in folds[Int(original.value)] {
                if scalar.isLetterFast || ("0"..."9").contains(scalar) {
                    current.append(scalar)
                } else if scalar == "." || scalar == "'" {
                    continue
                } else if !current.isEmpty {
                    words.append(String(current))
                    current = String.UnicodeScalarView()
                }
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        if words.first == "the" { words.removeFirst() }
        return words.joined(separator: " ")
    }

    /// The two strings have the same bytes (not merely canonically equal, as `==` says).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.withUTF8Bytes { x in
            b.withUTF8Bytes { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
    }

    /// `foldASCII`'s class of each byte: the byte itself lower-cased for a letter or digit
    /// (all at least `foldLetter`); `foldDropped` for "." and "'" ("U.S." = "US", "People's" =
    /// "Peoples") and the control characters but tab to carriage return, and DEL (normalization
    /// drops those); `foldNotASCII` past 0x7F; `foldSeparator` for the rest (spaces, punctuation).
    static let foldDropped: UInt8 = 0, foldSeparator: UInt8 = 1, foldNotASCII: UInt8 = 2, foldLetter: UInt8 = 0x30
    static let foldClasses: [UInt8] = (0..<256).map { (value: Int) -> UInt8 in
        let b = UInt8(value)
        if b >= 0x80 { return foldNotASCII }
        if ASCIIByte.isLetter(b) || ASCIIByte.isDigit(b) { return ASCIIByte.lowercased(b) }
        if b == 0x2E || b == 0x27 { return foldDropped }
        // (DEL too, as `foldGeneral` drops it: the loop this table replaced took it for a
        // separator, "a\u{7F}b" → "a b" against "ab"; a name from normalized text has none.)
        if (b < 0x20 && !(b >= 0x09 && b <= 0x0D)) || b == 0x7F { return foldDropped }
        return foldSeparator
    }

    /// `fold` for ASCII names, on bytes (the same result without Foundation's folding).
    static func foldASCII(_ name: String) -> String? {
        return name.withUTF8Bytes { utf8 -> String? in
            // At most one byte out a byte in, written into a buffer on the stack.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, utf8.count)) { out -> String? in
                var count = 0
                var pendingSpace = false
                // Each byte's class from one table (`foldClasses`): a letter or digit is
                // written lower-cased, with one space first where a separator came since the
                // last; a separator is remembered; the rest are dropped.
                let ok = Self.foldClasses.withUnsafeBufferPointer { classes -> Bool in
                    for b in utf8 {
                        let c = classes[Int(b)]
                        if c >= Self.foldLetter {
                            if pendingSpace && count > 0 {
                                out[count] = 0x20
                                count += 1
                            }
                            pendingSpace = false
                            out[count] = c
                            count += 1
                        } else if c == Self.foldSeparator {
                            pendingSpace = true
                        } else if c == Self.foldNotASCII {
                            return false
                        }
                    }
                    return true
                }
                guard ok else { return nil }
                var start = 0
                if count >= 4, out[0] == 0x74, out[1] == 0x68, out[2] == 0x65, out[3] == 0x20 { start = 4 }
                else if count == 3, out[0] == 0x74, out[1] == 0x68, out[2] == 0x65 { start = 3 }
                return String(decoding: UnsafeBufferPointer(rebasing: out[start..<count]), as: UTF8.self)
            }
        }
    }

    /// Titles that name the same thing: one contains the other after folding, or their
    /// word sets overlap by Jaccard ≥ 0.5 (spec/GOLD.md).
    public static func titlesMatch(_ a: String, _ b: String) -> Bool {
        titlesMatch(FoldedTitle(a), FoldedTitle(b))
    }

    /// A title folded once, for comparing with many others.
    public struct FoldedTitle: Sendable {
        public let folded: String
        public let words: Set<Substring>
        public init(_ title: String) {
            self.init(alreadyFolded: Names.fold(title))
        }

        /// A title already folded (`Names.fold`'s result), with its words. (Not an `init`
        /// taking one string: `FoldedTitle.init` passed to `map` would be ambiguous.)
        static func ofFolded(_ folded: String) -> FoldedTitle { FoldedTitle(alreadyFolded: folded) }

        private init(alreadyFolded folded: String) {
            self.folded = folded
            words = Set(Names.words(folded))
        }
    }

    /// `text.split(separator: " ")`: its words between spaces, none empty. Where its
    /// characters are scalars (`CharactersAreScalars`: nearly every name and title, and every
    /// ASCII one) a space character is a space byte, so it is split on its bytes, not read
    /// character by character.
    public static func words(_ text: String) -> [Substring] {
        guard CharactersAreScalars.check(text) else { return text.split(separator: " ") }
        return text.utf8.split(separator: UInt8(ascii: " ")).map { Substring($0) }
    }

    /// One title contains the other, or they share at least half their words.
    public static func titlesMatch(_ a: FoldedTitle, _ b: FoldedTitle) -> Bool {
        guard !a.folded.isEmpty, !b.folded.isEmpty else { return false }
        // Shared words first (counted, no sets made), then containment: the same answer.
        let (small, large) = a.words.count <= b.words.count ? (a.words, b.words) : (b.words, a.words)
        var shared = 0
        for word in small where large.contains(word) { shared += 1 }
        let union = a.words.count + b.words.count - shared
        if union > 0 && Double(shared) / Double(union) >= 0.5 { return true }
        return a.folded.contains(b.folded) || b.folded.contains(a.folded)
    }

    /// A surname without its Arabic article: "Al-Sudani" → "Sudani", "el-Sisi" → "Sisi".
    static func withoutArticle(_ word: String) -> String {
        // (Read on the first bytes: asked for every word of every person's name.)
        let bytes = word.utf8
        guard bytes.count > 4 else { return word }
        var index = bytes.startIndex
        let first = bytes[index]
        guard first | 0x20 == UInt8(ascii: "a") || first | 0x20 == UInt8(ascii: "e") else { return word }
        index = bytes.index(after: index)
        guard bytes[index] == UInt8(ascii: "l") else { return word }
        index = bytes.index(after: index)
        guard bytes[index] == UInt8(ascii: "-") else { return word }
        let rest = word[bytes.index(after: index)...]
        guard let next = rest.unicodeScalars.first, next.properties.isUppercase else { return word }
        return String(rest)
    }

    static func isContiguous(_ needle: [String], in haystack: [String]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return false }
        // (Each window compared in place: an array was made of every window.)
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }

}
