import AccordXML
import Foundation

/// One entry of the gazetteer: a country, former country, organization, subdivision,
/// city, place or title of office, with its aliases.
public struct GazetteerEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case country, formerCountry = "former-country", organization, subdivision, city, place, title, agreement
        /// Only from a user's configuration: people and programs known by name.
        case person, program
    }

    public var kind: Kind
    public var key: String
    public var name: String
    public var aliases: [String]
    public var attributes: [String: String]

    public func attribute(_ name: String) -> String? { attributes[name] }
    public func list(_ name: String) -> [String] {
        attributes[name].map { $0.split(separator: "|").map(String.init) } ?? []
    }
    public var isAmbiguous: Bool { attributes["ambiguous"] == "1" }
    /// Where a user's configuration defined it ("accord.yaml:12"), if it did.
    public var userLocation: String? { attributes["user"] }
}

/// What a matched phrase means.
public struct GazetteerHit: Sendable, Equatable {
    public enum Form: Sendable, Equatable {
        /// The entry's name or one of its aliases.
        case name
        /// A demonym ("Mexican") standing for the country.
        case demonym
        /// A title's plural ("Secretaries").
        case plural
    }

    public var entry: Int
    public var form: Form
}

/// The gazetteers, as one token trie: phrases are token sequences, matched leftmost-
/// longest in a single pass over a document's tokens (no per-token regular expressions).
public final class Gazetteer: @unchecked Sendable {
    public let entries: [GazetteerEntry]
    /// A description of where the data came from (the header of the resource file).
    public let provenance: [String]
    /// SHA-256 of every entry (kind, key, name, aliases, attributes), in order: any change
    /// to the data changes the pipeline's identity, and so what incremental runs redo.
    public let digest: String

    /// What recognition asks of an entry for every match, read once from its attributes:
    /// matches then neither copy entries nor look attributes up (and split lists) by name.
    public struct Traits: Sendable {
        public let kind: GazetteerEntry.Kind
        public let isAmbiguous: Bool
        public let isUser: Bool
        /// `list("ambiguous-aliases")` and `list("ambiguous-demonyms")`, lower-cased.
        public let ambiguousAliases: [String]
        public let ambiguousDemonyms: [String]
        /// The rule its mentions cite ("gazetteer:country:MX", or "config:" and where the
        /// user's entry came from): made once here, not at each match.
        public let rule: String
        /// An organization's `type` (`igo`, `forum`, `agency`, `company`, ...); nil otherwise.
        public let organizationKind: String?
        public var isCompany: Bool { organizationKind == "company" }

        init(_ entry: GazetteerEntry) {
            kind = entry.kind
            organizationKind = entry.kind == .organization ? entry.attribute("type") : nil
            isAmbiguous = entry.isAmbiguous
            isUser = entry.userLocation != nil
            ambiguousAliases = entry.list("ambiguous-aliases").map { $0.lowercased() }
            ambiguousDemonyms = entry.list("ambiguous-demonyms").map { $0.lowercased() }
            rule = entry.userLocation.map { "config:\($0)" } ?? "gazetteer:\(entry.kind.rawValue):\(entry.key)"
        }
    }
    public let traits: [Traits]
    /// Each entry's plural (a title's: "Secretaries") as the phrase's tokens, made once here,
    /// not at each mention of the title.
    let pluralWords: [[String]?]

    /// Each entry's cluster number: entries whose mentions group together (one kind and key;
    /// a former country's with the countries') share it, so a document's entities are found
    /// by an integer.
    public let cluster: [Int]
    /// The cluster number of each kind and key ("country:MX").
    private let clusterByKey: [String: Int]

    static func clusterKey(_ kind: GazetteerEntry.Kind, _ key: String) -> String {
        "\(kind == .formerCountry ? "country" : kind.rawValue):\(key)"
    }

    /// The cluster of the country whose ISO code is `code`, if it has one.
    public func countryCluster(code: String) -> Int? { clusterByKey[Self.clusterKey(.country, code)] }

    /// The trie, built once, then only read (`let`s: no exclusivity checks on lookups): what
    /// each node's phrase names, and the edges between nodes.
    private let hits: [[GazetteerHit]]
    /// Whether a node names anything (`!hits[node].isEmpty`), without reaching into its list.
    private let isTerminal: [Bool]
    private let edges: EdgeTable

    /// The trie's edges in one open-addressed table keyed by (node, word): the word's
    /// `WordHash`, which every token carries already, finds the slot, and the word itself
    /// confirms it. One probe in one array, instead of hashing the word again for a
    /// dictionary of the node's own.
    struct EdgeTable {
        /// One edge: a probe reads 16 bytes (four slots to a cache line; the table stays
        /// small enough for the processor's caches). Its word, needed only to confirm a
        /// match of node and hash, is kept apart.
        private struct Slot {
            var hash: UInt64 = 0
            var parent: Int32 = -1  // -1: empty
            var child: Int32 = 0
        }

        private var slots: [Slot]
        private var words: [String]
        private var mask: Int
        private var count = 0
        /// Every edge's key (its parent and its word's hash), about sixteen bits an edge: a
        /// probe for an edge that is not there (a common word after a node it does not
        /// follow: "of", "and" inside a name) is most often answered by this filter, which
        /// stays in the processor's caches, instead of by a read of the table's slot, which
        /// is often not there.
        private var filter: WordFilter

        init(capacity: Int = 16) {
            var size = 16
            while size < capacity * 2 { size <<= 1 }
            mask = size - 1
            slots = [Slot](repeating: Slot(), count: size)
            words = [String](repeating: "", count: size)
            filter = WordFilter([], bits: max(1 << 12, size * 8))
        }

        /// Adds the edge from `parent` by `word` (not there yet) to `child`; the table doubles
        /// when half full.
        mutating func insert(parent: Int, word: String, hash: UInt64, child: Int) {
            if (count + 1) * 2 > mask + 1 {
                var bigger = EdgeTable(capacity: mask + 1)
                for i in slots.indices where slots[i].parent >= 0 {
                    bigger.insert(parent: Int(slots[i].parent), word: words[i], hash: slots[i].hash, child: Int(slots[i].child))
                }
                self = bigger
            }
            let key = Self.key(parent, hash)
            filter.insert(hash: key)
            var i = Self.slot(key, mask)
            while slots[i].parent >= 0 { i = (i + 1) & mask }
            slots[i] = Slot(hash: hash, parent: Int32(parent), child: Int32(child))
            words[i] = word
            count += 1
        }

        /// The keys of the words on the edges that leave the root, and on all the others.
        func edgeKeys() -> (root: [UInt64], inner: [UInt64]) {
            (slots.filter { $0.parent == 0 }.map(\.hash), slots.filter { $0.parent > 0 }.map(\.hash))
        }

        /// Every word that leaves `parent`.
        func words(from parent: Int) -> [String] {
            slots.indices.filter { slots[$0].parent == Int32(parent) }.map { words[$0] }
        }

        /// An edge's key: its parent and its word's hash, mixed.
        @inline(__always) static func key(_ parent: Int, _ hash: UInt64) -> UInt64 {
            (hash ^ (UInt64(truncatingIfNeeded: parent) &* 0x9E37_79B9_7F4A_7C15)) &* 0xFF51_AFD7_ED55_8CCD
        }

        @inline(__always) static func slot(_ key: UInt64, _ mask: Int) -> Int {
            Int(truncatingIfNeeded: key >> 32) & mask
        }

        /// The node that `word` (whose `WordHash` is `hash`) leads to from `parent`.
        @inline(__always) func child(of parent: Int, word: String, hash: UInt64) -> Int? {
            let key = Self.key(parent, hash)
            guard filter.mayContain(hash: key) else { return nil }
            var i = Self.slot(key, mask)
            let parent = Int32(truncatingIfNeeded: parent)
            return slots.withUnsafeBufferPointer { slots in
                while true {
                    let p = slots[i].parent
                    if p < 0 { return nil }
                    if p == parent && slots[i].hash == hash && words[i] == word { return Int(slots[i].child) }
                    i = (i + 1) & mask
                }
            }
        }
    }

    /// The built-in gazetteer, generated by Scripts/gazetteers/generate.py.
    public static let builtIn: Gazetteer = {
        guard let url = Bundle.module.url(forResource: "gazetteer", withExtension: "tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            return Gazetteer(tsv: "")
        }
        return Gazetteer(tsv: text)
    }()

    public convenience init(tsv: String) {
        let (entries, provenance) = Self.parse(tsv)
        self.init(entries: entries, provenance: provenance)
    }

    /// `digest`: the entries written one a line, tab-separated, attributes sorted by name.
    static func digest(_ entries: [GazetteerEntry]) -> String {
        SHA256.hex(digestBytes(entries))
    }

    /// The bytes `digest` hashes, written field by field (a startup cost of every run: the
    /// aliases and attributes are not joined into strings first).
    static func digestBytes(_ entries: [GazetteerEntry]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * 96)
        func add(_ string: String) {
            string.withUTF8Bytes { bytes.append(contentsOf: $0) }
        }
        for entry in entries {
            add(entry.kind.rawValue)
            bytes.append(0x09)
            add(entry.key)
            bytes.append(0x09)
            add(entry.name)
            bytes.append(0x09)
            for (index, alias) in entry.aliases.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: "|")) }
                add(alias)
            }
            bytes.append(0x09)
            for (index, pair) in entry.attributes.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ";")) }
                add(pair.key)
                bytes.append(UInt8(ascii: "="))
                add(pair.value)
            }
            bytes.append(0x0A)
        }
        return bytes
    }

    /// The TSV read on its bytes: lines, then tab-separated columns (kind, key, name, aliases
    /// separated by `|`, attributes `name=value` separated by `;`). Startup cost of every
    /// run: the built-in file is close to a megabyte.
    static func parse(_ tsv: String) -> ([GazetteerEntry], [String]) {
        return tsv.withUTF8Bytes { parse(bytes: $0) }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> ([GazetteerEntry], [String]) {
        var entries: [GazetteerEntry] = []
        var provenance: [String] = []
        func string(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        /// The pieces of `range` between `separator` bytes (empty pieces included), into
        /// `result` (emptied first: each list is kept from line to line, not made for each).
        func pieces(_ range: Range<Int>, _ separator: UInt8, into result: inout [Range<Int>]) {
            result.removeAll(keepingCapacity: true)
            var start = range.lowerBound
            for i in range where bytes[i] == separator {
                result.append(start..<i)
                start = i + 1
            }
            result.append(start..<range.upperBound)
        }
        var columns: [Range<Int>] = [], aliasRanges: [Range<Int>] = [], pairs: [Range<Int>] = []
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            var line = lineStart..<lineEnd
            if !line.isEmpty && bytes[line.upperBound - 1] == 0x0D { line = line.lowerBound..<(line.upperBound - 1) }
            guard !line.isEmpty else { continue }
            if bytes[line.lowerBound] == UInt8(ascii: "#") {
                provenance.append(string((line.lowerBound + 1)..<line.upperBound).trimmingCharacters(in: .whitespaces))
                continue
            }
            pieces(line, 0x09, into: &columns)
            guard columns.count >= 3, let kind = GazetteerEntry.Kind(rawValue: string(columns[0])) else { continue }
            var aliases: [String] = []
            if columns.count > 3 && !columns[3].isEmpty {
                pieces(columns[3], UInt8(ascii: "|"), into: &aliasRanges)
                aliases.reserveCapacity(aliasRanges.count)
                for range in aliasRanges where !range.isEmpty { aliases.append(string(range)) }
            }
            var attributes: [String: String] = [:]
            if columns.count > 4 {
                pieces(columns[4], UInt8(ascii: ";"), into: &pairs)
                // (Room made once: grown pair by pair, the table was made again as it filled.)
                attributes.reserveCapacity(pairs.count)
                for pair in pairs where !pair.isEmpty {
                    guard let eq = pair.firstIndex(where: { bytes[$0] == UInt8(ascii: "=") }) else { continue }
                    attributes[string(pair.lowerBound..<eq)] = string((eq + 1)..<pair.upperBound)
                }
            }
            entries.append(GazetteerEntry(kind: kind, key: string(columns[1]), name: string(columns[2]), aliases: aliases, attributes: attributes))
        }
        return (entries, provenance)
    }

    public init(entries: [GazetteerEntry], provenance: [String]) {
        self.entries = entries
        self.provenance = provenance
        digest = Self.digest(entries)
        traits = entries.map(Traits.init)
        pluralWords = entries.map { $0.attribute("plural").map(Self.phraseTokens) }
        var clusterByKey: [String: Int] = [:]
        cluster = entries.map { entry in
            let key = Self.clusterKey(entry.kind, entry.key)
            if let known = clusterByKey[key] { return known }
            clusterByKey[key] = clusterByKey.count
            return clusterByKey.count - 1
        }
        self.clusterByKey = clusterByKey
        var hits: [[GazetteerHit]] = [[]]
        var edges = EdgeTable(capacity: entries.count * 2)  // about the edges the built-in entries make: no doubling
        for (index, entry) in entries.enumerated() {
            for phrase in [entry.name] + entry.aliases {
                Self.insert(phrase, GazetteerHit(entry: index, form: .name), hits: &hits, edges: &edges)
            }
            for demonym in entry.list("demonyms") {
                Self.insert(demonym, GazetteerHit(entry: index, form: .demonym), hits: &hits, edges: &edges)
            }
            if entry.kind == .title, let plural = entry.attribute("plural") {
                Self.insert(plural, GazetteerHit(entry: index, form: .plural), hits: &hits, edges: &edges)
            }
        }
        self.hits = hits
        isTerminal = hits.map { !$0.isEmpty }
        self.edges = edges
        let keys = edges.edgeKeys()
        var root = WordFilter([], bits: 1 << 18), inner = WordFilter([], bits: 1 << 18)
        for hash in keys.root { root.insert(hash: hash) }
        for hash in keys.inner { inner.insert(hash: hash) }
        rootFilter = root
        innerFilter = inner
    }

    /// The words that start an entry: most tokens start none, and this says so from the
    /// token's precomputed hash, without hashing the word again for the dictionary.
    private let rootFilter: WordFilter

    /// The keys of the words that continue an entry (every edge but the root's): after a
    /// first word, most next words continue nothing ("the" before most nouns), and this says
    /// so without a probe of the edge table, which is larger than the caches nearest the
    /// processor.
    private let innerFilter: WordFilter

    /// The hash the edge table keys a word by. Words are compared as Swift compares strings
    /// (canonical equivalence: "\u{212A}" is "K"), so equal words must get equal keys: the
    /// `WordHash` of the word's NFC form. A word that is NFC for sure (`NFCCheck`: nearly
    /// every word) is its own NFC form.
    @inline(__always) static func edgeHash(_ word: String, rawHash: UInt64) -> UInt64 {
        if NFCCheck.isNFCForSure(word) { return rawHash }
        return WordHash.of(word.precomposedStringWithCanonicalMapping)
    }

    /// A token's text by the same key, with the check the tokenizer made once; the composed
    /// forms of other words kept in `cache` for the rest of the document.
    @inline(__always) static func edgeHash(_ token: Token, cache: inout [String: UInt64]) -> UInt64 {
        if token.isPlainNFC { return token.textHash }
        if let hash = cache[token.text] { return hash }
        let hash = WordHash.of(token.text.precomposedStringWithCanonicalMapping)
        cache[token.text] = hash
        return hash
    }

    /// The built-in entries plus a user's: their entities, programs and agreements become
    /// entries (marked `user=file:line`) that win over built-in readings of the same words.
    public func adding(_ configuration: Configuration) -> Gazetteer {
        guard !(configuration.entities.isEmpty && configuration.programs.isEmpty && configuration.agreements.isEmpty) else { return self }
        var added: [GazetteerEntry] = []
        func countryCode(_ name: String?) -> String? {
            guard let name else { return nil }
            let folded = Names.fold(name)
            return entries.first { $0.kind == .country && ([$0.name] + $0.aliases).contains { Names.fold($0) == folded } }?.key
                ?? (entries.contains { $0.kind == .country && $0.key == name.uppercased() } ? name.uppercased() : nil)
        }
        for (index, entity) in configuration.entities.enumerated() {
            let kind: GazetteerEntry.Kind
            switch entity.type {
            case .country: kind = .country
            case .subdivision: kind = .subdivision
            case .city: kind = .city
            case .place: kind = .place
            case .organization: kind = .organization
            case .person: kind = .person
            }
            var attributes = ["user": "\(entity.location.file):\(entity.location.line)", "config-entity": String(index)]
            if let code = countryCode(entity.country) { attributes["country"] = code }
            if kind == .country { attributes["party"] = "1" }
            added.append(GazetteerEntry(kind: kind, key: "user-\(index + 1)", name: entity.name, aliases: entity.aliases, attributes: attributes))
        }
        for (index, program) in configuration.programs.enumerated() {
            var attributes = ["user": "\(program.location.file):\(program.location.line)", "type": program.kind ?? "program"]
            let codes = program.parties.compactMap(countryCode)
            if !codes.isEmpty { attributes["parties"] = codes.joined(separator: "|") }
            added.append(GazetteerEntry(kind: .program, key: "user-program-\(index + 1)", name: program.name, aliases: program.aliases, attributes: attributes))
        }
        for (index, agreement) in configuration.agreements.enumerated() {
            var attributes = ["user": "\(agreement.location.file):\(agreement.location.line)", "type": agreement.kind ?? "agreement"]
            let codes = agreement.parties.compactMap(countryCode)
            if !codes.isEmpty { attributes["parties"] = codes.joined(separator: "|") }
            added.append(GazetteerEntry(kind: .agreement, key: "user-agreement-\(index + 1)", name: agreement.name, aliases: agreement.aliases, attributes: attributes))
        }
        let provenance = self.provenance + ["user configuration \(configuration.source ?? "(inline)") sha256 \(configuration.sha256 ?? "-")"]
        return Gazetteer(entries: entries + added, provenance: provenance)
    }

    /// Phrases are split the way documents are tokenized, so they match token by token.
    /// Most are plain words (Latin letters, hyphens and single spaces): those are split on
    /// their spaces and around their hyphens, which is what normalizing and tokenizing them
    /// gives (a test checks it on every built-in phrase).
    static func phraseTokens(_ phrase: String) -> [String] {
        if let words = plainWords(phrase) { return words }
        return tokenizedPhrase(phrase)
    }

    /// The tokens of a phrase made only of letters below U+0250 (precomposed Latin, which
    /// normalization leaves as they are and the tokenizer keeps together), single spaces
    /// between words, and hyphens (a token each); nil for any other phrase.
    static func plainWords(_ phrase: String) -> [String]? {
        var previousSpace = true
        for scalar in phrase.unicodeScalars {
            if scalar == " " {
                if previousSpace { return nil }
                previousSpace = true
            } else if scalar == "-" || (scalar.value < 0x250 && scalar.isLetterFast) {
                previousSpace = false
            } else {
                return nil
            }
        }
        guard !previousSpace else { return nil }
        // On bytes: a space or hyphen byte is never inside a multi-byte scalar.
        var words: [String] = []
        phrase.withUTF8Bytes { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") {
                if start < index { words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) }
                if byte == UInt8(ascii: "-") { words.append("-") }
                start = index + 1
            }
            if start < bytes.count { words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)) }
        }
        return words
    }

    static func tokenizedPhrase(_ phrase: String) -> [String] {
        let text = NormalizedText(mapped: MappedText(Normalize.plainText(phrase)), text: "", units: [])
        let sentence = Sentence(range: TextRange(0, text.mapped.count), block: 0)
        return Tokenizer.tokenize(text, sentences: [sentence]).map(\.text)
    }

    private static func insert(_ phrase: String, _ hit: GazetteerHit, hits: inout [[GazetteerHit]], edges: inout EdgeTable) {
        let tokens = phraseTokens(phrase)
        guard !tokens.isEmpty else { return }
        var node = 0
        for token in tokens {
            let hash = Self.edgeHash(token, rawHash: WordHash.of(token))
            if let next = edges.child(of: node, word: token, hash: hash) {
                node = next
            } else {
                hits.append([])
                edges.insert(parent: node, word: token, hash: hash, child: hits.count - 1)
                node = hits.count - 1
            }
        }
        if !hits[node].contains(hit) { hits[node].append(hit) }
    }

    public struct Match: Sendable, Equatable {
        /// Token indices [start, end).
        public var tokens: Range<Int>
        public var hits: [GazetteerHit]
    }

    /// A lower-case word with its first character upper-cased (`prefix(1).uppercased() +
    /// dropFirst()`), on bytes for an ASCII word.
    static func capitalized(_ lower: String) -> String {
        guard lower.utf8.allSatisfy({ $0 < 0x80 }) else { return lower.prefix(1).uppercased() + lower.dropFirst() }
        // (Written into the string's own storage: no array made and freed for each word.)
        let count = lower.utf8.count
        return String(unsafeUninitializedCapacity: count) { buffer in
            _ = buffer.initialize(from: lower.utf8)
            if count > 0, ASCIIByte.isLower(buffer[0]) { buffer[0] -= 0x20 }
            return count
        }
    }

    /// Leftmost-longest matches over the tokens; a match never crosses a sentence.
    public func matches(in tokens: [Token]) -> [Match] {
        matches(in: tokens, 0..<tokens.count)
    }

    /// `matches(in: Array(tokens[range]))`, its matches' places in `tokens` (no copy of the
    /// tokens made).
    public func matches(in tokens: [Token], _ range: Range<Int>) -> [Match] {
        precondition(range.lowerBound >= 0 && range.upperBound <= tokens.count, "range outside the tokens")
        var walk = Walk()
        // One token (a word before or after a name, asked whether it names anything): its
        // screen and its walk, without a list of starts.
        if range.count == 1 {
            let k = range.lowerBound
            guard mayStartEntry(tokens[k]) else { return [] }
            return longestMatch(in: tokens, at: k, end: range.upperBound, &walk).map { [$0] } ?? []
        }
        var result: [Match] = []
        // Most tokens start no entry: one bit of the root filter says so.
        // (By the edges' own keys: a token that is not plain NFC skips the screen, and the
        // table, which compares words as Swift does, answers for it.)
        // The tokens that pass are listed first, without a branch on each token's answer
        // (which passes follows no pattern a processor could predict): every token's index
        // is written, and the count moves on by its answer.
        let starts = [Int](unsafeUninitializedCapacity: range.count) { buffer, count in
            var n = 0
            tokens.withUnsafeBufferPointer { tokens in
                for k in range {
                    buffer[n] = k
                    n &+= mayStartEntry(tokens[k]) ? 1 : 0
                }
            }
            count = n
        }
        var i = range.lowerBound
        for start in starts {
            // A start inside the match before it is no start.
            guard start >= i else { continue }
            i = start
            if let match = longestMatch(in: tokens, at: i, end: range.upperBound, &walk) {
                result.append(match)
                i = match.tokens.upperBound
            } else {
                i += 1
            }
        }
        return result
    }

    /// The root screen: a token that is plain NFC and not in capitals starts an entry only if
    /// the root filter holds its hash (any other token is walked: the table answers for it).
    @inline(__always) private func mayStartEntry(_ token: Token) -> Bool {
        let screened = token.isPlainNFC && !token.isAllCaps
        return (screened ? 0 : 1) | (rootFilter.mayContain(hash: token.textHash) ? 1 : 0) != 0
    }

    /// The hits of the entries named by exactly the tokens of `range` (within a sentence),
    /// as `matches(in: Array(tokens[range]))` finds them in a match of all its tokens; nil
    /// when no match spans them all. (The longest match from the range's first token is
    /// the leftmost match that can; no copy of the tokens, no list of starts.)
    public func wholeMatch(in tokens: [Token], _ range: Range<Int>) -> [GazetteerHit]? {
        precondition(range.lowerBound >= 0 && range.upperBound <= tokens.count, "range outside the tokens")
        guard !range.isEmpty else { return nil }
        var walk = Walk()
        guard let match = longestMatch(in: tokens, at: range.lowerBound, end: range.upperBound, &walk), match.tokens == range else { return nil }
        return match.hits
    }

    /// A word in capitals, whose capitalized and lower-case forms are walked too ("UNITED
    /// STATES"), and not an abbreviation with periods ("U.S.", walked as written).
    /// (A word in capitals has two letters or more, so two scalars or more; a word that is
    /// NFC for sure has no mark to join a period into another character, so its bytes are
    /// searched for one.)
    @inline(__always) static func takesCapitalForms(_ token: Token) -> Bool {
        token.isAllCaps && !(token.isPlainNFC ? token.text.utf8.contains(0x2E) : token.text.contains("."))
    }

    /// What a walk down the trie keeps from one start to the next: the nodes reached so far
    /// and those of the next step (two buffers reused for a whole document, not two arrays a
    /// step), and the keys of the words that are not NFC for sure.
    struct Walk {
        var frontier: [Int] = []
        var next: [Int] = []
        var composed: [String: UInt64] = [:]
    }

    /// The longest match that starts at token `i` and ends by `end`, within `i`'s sentence.
    private func longestMatch(in tokens: [Token], at i: Int, end: Int, _ walk: inout Walk) -> Match? {
        if !walk.frontier.isEmpty { walk.frontier.removeAll(keepingCapacity: true) }
        var best: Match?
        var j = i
        if tokens[i].isAllCaps {
            walk.frontier.append(0)  // the word as written, capitalized and in lower case: below
        } else {
            // The first step is the word as written alone: one probe, taken here.
            guard var node = edges.child(of: 0, word: tokens[i].text, hash: Self.edgeHash(tokens[i], cache: &walk.composed)) else {
                return nil
            }
            j = i + 1
            // While no word in capitals comes (nearly every walk to its end), one node leads to
            // one node at most (a word has one form): the node is kept in a variable, and the
            // longest match so far by its end and node, its hits taken once at the end.
            var bestEnd = isTerminal[node] ? j : -1, bestNode = node
            func found() -> Match? { bestEnd < 0 ? nil : Match(tokens: i..<bestEnd, hits: hits[bestNode]) }
            while true {
                guard j < end, tokens[j].sentence == tokens[i].sentence else { return found() }
                if Self.takesCapitalForms(tokens[j]) { break }
                let textHash = Self.edgeHash(tokens[j], cache: &walk.composed)
                // (As below: a word that continues no entry ends the match.)
                guard innerFilter.mayContain(hash: textHash),
                      let next = edges.child(of: node, word: tokens[j].text, hash: textHash) else { return found() }
                node = next
                j += 1
                if isTerminal[node] { bestEnd = j; bestNode = node }
            }
            // A word in capitals: the walk goes on from this node by every form of it.
            best = found()
            walk.frontier.append(node)
        }
        while j < end, !walk.frontier.isEmpty, tokens[j].sentence == tokens[i].sentence {
            // The token as written; a word in capitals also capitalized and in lower case
            // (`forms`, without building an array a step).
            let caps = Self.takesCapitalForms(tokens[j])
            let textHash = Self.edgeHash(tokens[j], cache: &walk.composed)
            // A word that continues no entry ends the match here (as an empty step would);
            // a word in capitals takes its first step from the root, by all its forms.
            // (Asked before the word is taken from the token: most words end the match here.)
            if j > i && !caps && !innerFilter.mayContain(hash: textHash) { break }
            let text = tokens[j].text
            let lower = caps ? tokens[j].lower : ""
            let capitalized = caps ? Self.capitalized(lower) : ""
            let capitalizedHash = caps ? Self.edgeHash(capitalized, rawHash: WordHash.of(capitalized)) : 0
            let lowerHash = caps ? Self.edgeHash(lower, rawHash: tokens[j].lowerHash) : 0
            if !walk.next.isEmpty { walk.next.removeAll(keepingCapacity: true) }
            for node in walk.frontier {
                if let child = edges.child(of: node, word: text, hash: textHash), !walk.next.contains(child) { walk.next.append(child) }
                if caps {
                    if let child = edges.child(of: node, word: capitalized, hash: capitalizedHash), !walk.next.contains(child) { walk.next.append(child) }
                    if let child = edges.child(of: node, word: lower, hash: lowerHash), !walk.next.contains(child) { walk.next.append(child) }
                }
            }
            swap(&walk.frontier, &walk.next)
            j += 1
            // The hits of the nodes that name something, in the frontier's order: a node's
            // own list when it is the only one (nearly always), shared rather than copied
            // into a new array.
            var named = -1, namedCount = 0
            for node in walk.frontier where isTerminal[node] {
                if namedCount == 0 { named = node }
                namedCount += 1
            }
            if namedCount == 1 {
                best = Match(tokens: i..<j, hits: hits[named])
            } else if namedCount > 1 {
                best = Match(tokens: i..<j, hits: walk.frontier.flatMap { hits[$0] })
            }
        }
        return best
    }
}
