/// A phrase that stands for several parties at once: "the two countries", "both
/// Parties", "the two Presidents", "both leaders".
public struct CollectiveMention: Sendable, Equatable, Codable {
    public var range: TextRange
    public var refersTo: [String]
    public var rule: String
}

/// Finds a document's principal parties (the two sides of the agreement, or the
/// countries the statement is about) and resolves collective phrases to them.
public struct PartyResolver: Sendable {
    public init() {}

    public struct Output: Sendable {
        public var principal: [String]
        public var collective: [CollectiveMention]
    }

    /// Phrases (as lower-case token sequences) that name the parties together.
    static let collectivePhrases: [[String]] = [
        ["the", "two", "countries"], ["both", "countries"], ["our", "two", "countries"], ["the", "two", "nations"],
        ["our", "two", "nations"], ["both", "nations"], ["the", "two", "governments"], ["both", "governments"],
        ["our", "two", "governments"], ["the", "parties"], ["both", "parties"], ["the", "two", "parties"],
        ["the", "contracting", "parties"], ["the", "high", "contracting", "parties"], ["each", "party"],
        ["the", "two", "presidents"], ["both", "presidents"], ["the", "two", "leaders"], ["both", "leaders"],
        ["the", "leaders"], ["the", "two", "sides"], ["both", "sides"], ["the", "two", "heads", "of", "state"],
        ["the", "countries"], ["the", "two", "ministers"],
        // Treaty language: one party or the other, each by its role.
        ["the", "two", "governments"], ["each", "government"], ["each", "governments"], ["either", "government"], ["both", "governments"],
        ["the", "governments"], ["either", "party"], ["each", "contracting", "party"], ["either", "contracting", "party"],
        ["each", "country"], ["either", "country"], ["the", "host", "party"], ["the", "host", "country"],
        ["the", "country", "of", "export"], ["the", "country", "of", "import"], ["the", "country", "of", "transit"],
        ["the", "country", "of", "origin"], ["the", "requesting", "party"], ["the", "requested", "party"],
        ["the", "party"], ["a", "party"], ["the", "government"], ["the", "other", "party"], ["the", "other", "government"], ["both", "ministers"], ["the", "two", "secretaries"], ["the", "two", "delegations"],
        ["both", "delegations"], ["the", "two", "prime", "ministers"],
        // Three parties: "the trilateral discussed ways to …".
        ["the", "three", "countries"], ["the", "three", "nations"], ["the", "three", "governments"], ["the", "three", "leaders"],
        ["all", "three", "countries"], ["all", "three", "leaders"], ["the", "trilateral"],
        // The two sides of a dialogue's meeting: "participants discussed the four pillars".
        ["the", "participants"], ["both", "participants"],
    ]

    /// What follows "the trilateral" when it names the parties: a verb ("the trilateral
    /// discussed", "agreed", "will"), not a noun ("the trilateral partnership").
    static let trilateralVerbs: Set<String> = ["will", "shall", "agreed", "discussed", "committed", "noted", "welcomed", "also",
                                               "has", "have", "is", "are", "was", "were", "intends", "plans", "seeks", "expressed"]

    /// A phrase with the `WordHash` of each word: a token whose lower-case hash differs is
    /// not that word (the words are ASCII letters, which no other string equals), so most
    /// words are ruled out without comparing strings.
    struct Phrase: Sendable {
        let words: [String]
        let hashes: [UInt64]
        /// The rule a mention of it is recorded under (made once, not for every mention).
        let rule: String
        init(_ words: [String]) {
            self.words = words
            hashes = words.map(WordHash.of)
            rule = "collective:" + words.joined(separator: "-")
        }
        var count: Int { words.count }
        var last: String? { words.last }
        subscript(_ index: Int) -> String { words[index] }
    }

    /// The phrases that start with one word, in `collectivePhrases` order, and the hashes of
    /// their second words: every phrase has two words at least, so a next word whose hash is
    /// none of these rules them all out at once ("the" before most words).
    struct Candidates: Sendable {
        let phrases: [Phrase]
        let secondHashes: [UInt64]
        /// A bit for each second word's hash (its low six bits): most words after a first word
        /// ("the" above all) are ruled out by one test, not a walk of the list.
        let secondBits: UInt64
        init(_ phrases: [Phrase]) {
            self.phrases = phrases
            secondHashes = phrases.map { $0.hashes[1] }
            secondBits = secondHashes.reduce(0) { $0 | 1 << ($1 & 63) }
        }

        /// Whether a phrase's second word has this hash.
        @inline(__always) func hasSecond(_ hash: UInt64) -> Bool {
            secondBits & 1 << (hash & 63) != 0 && secondHashes.contains(hash)
        }
    }

    /// The phrases by their first word.
    static let phrasesByFirstWord = WordTable<Candidates>(Dictionary(grouping: collectivePhrases, by: { $0[0] }).mapValues { Candidates($0.map(Phrase.init)) })

    /// A phrase's first two words' hashes as one key (`pairScreen`'s).
    @inline(__always) static func pairKey(_ first: UInt64, _ second: UInt64) -> UInt64 {
        (first &* 0x9E37_79B9_7F4A_7C15) ^ second
    }

    /// The first two words of every phrase, as `pairKey`s: a word and the next can begin a
    /// phrase only if their key is here (a phrase matches only words with its hashes), so most
    /// words are ruled out before their first word is looked up ("the" begins phrases, and
    /// is followed by anything).
    static let pairScreen: WordFilter = {
        var filter = WordFilter([], bits: 1 << 12)
        for phrase in collectivePhrases.map(Phrase.init) { filter.insert(hash: pairKey(phrase.hashes[0], phrase.hashes[1])) }
        return filter
    }()

    /// `title`: the document's title from its metadata (a press statement's front matter), which
    /// the text does not hold.
    public func run(entities: [Entity], tokens: [Token], text: NormalizedText, segmentation: Segmentation, kind: DocumentKind,
                    title: String? = nil) -> Output {
        let principal = title.flatMap { issuers(named: $0, entities: entities) }
            ?? principalParties(entities: entities, text: text, segmentation: segmentation)
        guard principal.count >= 2 else { return Output(principal: principal, collective: []) }
        var collective: [CollectiveMention] = []
        // (Words read from the tokens where a phrase's hashes match, not copied into an array
        // for every token first.)
        let phrasesByFirstWord = Self.phrasesByFirstWord  // read once, not through its lazy initializer every token
        let pairScreen = Self.pairScreen
        var i = 0
        while i < tokens.count {
            // (The word and its hash read in place: a token passed whole is copied, its two
            // strings retained and released, at every word.)
            guard i + 1 < tokens.count, pairScreen.mayContain(hash: Self.pairKey(tokens[i].lowerHash, tokens[i + 1].lowerHash)),
                  let candidates = phrasesByFirstWord.value(tokens[i].lower, hash: tokens[i].lowerHash),
                  candidates.hasSecond(tokens[i + 1].lowerHash) else {
                i += 1
                continue
            }
            var matched = false
            for phrase in candidates.phrases where i + phrase.count <= tokens.count {
                guard phrase.hashes.indices.allSatisfy({ tokens[i + $0].lowerHash == phrase.hashes[$0] && tokens[i + $0].lower == phrase[$0] }),
                      tokens[i + phrase.count - 1].sentence == tokens[i].sentence else { continue }
                // "the Government of Mexico" names one state, not the parties.
                let next = i + phrase.count < tokens.count ? tokens[i + phrase.count].lower : ""
                if (phrase.last == "government" || phrase.last == "party") && (next == "of" || next == "'s") { continue }
                // Singular roles ("the Party", "the Government") only in an agreement's own words.
                if phrase.count == 2, phrase[0].isOne(of: "the", "a"), phrase[1].isOne(of: "party", "government"), kind != .agreement { continue }
                // "The trilateral discussed …" names the parties; "the Trilateral Commission" and
                // "the trilateral partnership" do not.
                if phrase.last == "trilateral", tokens[i + 1].isCapitalized || !(next.hasSuffix("ed") || Self.trilateralVerbs.contains(next)) {
                    continue
                }
                // "the Participants" of a memorandum, written so ("The participants reviewed the
                // curriculum" are someone else).
                if phrase.last == "participants", !tokens[i + phrase.count - 1].isCapitalized { continue }
                // "the Parties" in a treaty, "the parties" in a statement: both name the two sides.
                let range = TextRange(tokens[i].range.start, tokens[i + phrase.count - 1].range.end)
                collective.append(CollectiveMention(range: range, refersTo: principal, rule: phrase.rule))
                i += phrase.count
                matched = true
                break
            }
            if !matched { i += 1 }
        }
        collective += administrationMentions(entities: entities, tokens: tokens, principal: principal)
        collective.sort { $0.range.start < $1.range.start }
        return Output(principal: principal, collective: collective)
    }

    /// "The Administration", "the Biden-Harris Administration": the United States' government,
    /// when the United States is a principal party (the word names the American executive).
    /// Not "the Administration of ..." or "for ...", nor the word inside an entity's name ("the
    /// Small Business Administration").
    func administrationMentions(entities: [Entity], tokens: [Token], principal: [String]) -> [CollectiveMention] {
        // (Each entity read where it is: `first(where:)` handed each one to its closure as a copy.)
        let unitedStates = entities.withUnsafeBufferPointer { entities -> String? in
            entities.indices.first { entities[$0].codes["iso3166"] == "US" && principal.contains(entities[$0].id) }.map { entities[$0].id }
        }
        guard let unitedStates else { return [] }
        var mentions: [CollectiveMention] = []
        for i in tokens.indices where tokens[i].lowerHash == Self.administrationHash && tokens[i].lower == "administration"
            && tokens[i].isCapitalized {
            if i + 1 < tokens.count, tokens[i + 1].sentence == tokens[i].sentence, tokens[i + 1].lower.isOne(of: "of", "for", "on") { continue }
            // Back over the names before it ("Biden-Harris") to "the".
            var start = i - 1
            while start >= 0, i - start <= 4, tokens[start].sentence == tokens[i].sentence,
                  tokens[start].isCapitalized && tokens[start].lower != "the" || tokens[start].text == "-" { start -= 1 }
            guard start >= 0, tokens[start].lower == "the", tokens[start].sentence == tokens[i].sentence else { continue }
            // "since the beginning of the Administration": a time, not the government acting.
            if start >= 1, tokens[start - 1].lower == "of" { continue }
            // The word itself in no entity's name (a person named before it, "the Trump
            // Administration", is no matter).
            let word = tokens[i].range
            if entities.contains(where: { entity in entity.mentions.contains { $0.range.start < word.end && word.start < $0.range.end } }) { continue }
            let range = TextRange(tokens[start].range.start, tokens[i].range.end)
            mentions.append(CollectiveMention(range: range, refersTo: [unitedStates], rule: "collective:administration"))
        }
        return mentions
    }

    static let administrationHash = WordHash.of("administration")

    /// Three or more states and bodies a jointly issued document's title lists ("Joint
    /// Statement from Mexico, Canada, and the United States Reaffirming …"), in its order; nil
    /// for one or two (the text's opening decides those), and for other titles (a readout's
    /// title lists the counterparts, not who issues it).
    func issuers(named title: String, entities: [Entity]) -> [String]? {
        // (Asked of every document with a title, on bytes: the title folded once, and a name
        // looked for only when the title has its first word. A joint document's title, or a
        // meeting's "between" three or a "trilateral" one: "Readout
        // of the Third Trilateral Fentanyl Committee Meeting between the United States, Mexico,
        // and Canada"; not "Readout of President Biden's Call with Chancellor Scholz of Germany,
        // President Macron of France, and …", which names only the counterparts.)
        let words = Self.folded(title)
        var start: Int?
        if let joint = Self.find(Self.jointBytes, in: words[...]) {
            start = Self.listOpeners.compactMap { Self.find($0, in: words[joint...]) }.min()
        } else if let between = Self.find(Self.betweenBytes, in: words[...]) {
            start = between + Self.betweenBytes.count - 1
        } else if let trilateral = Self.find(Self.trilateralBytes, in: words[...]) {
            start = trilateral + Self.trilateralBytes.count - 1
        }
        guard let listStart = start else { return nil }
        // The list ends at its subject: a cue ("on", "to", "with" …) or a word in -ing
        // ("… and the Republic of Korea Condemning …"), up to the space that ends its last name.
        var listEnd = Self.subjectCueBytes.compactMap { Self.find($0, in: words[(listStart + 1)...]) }.min() ?? (words.count - 1)
        var k = listStart + 1
        while k + 3 < listEnd {
            if words[k] == UInt8(ascii: "i"), words[k + 1] == UInt8(ascii: "n"), words[k + 2] == UInt8(ascii: "g"), words[k + 3] == 0x20,
               k >= 3, words[k - 3] != 0x20, words[k - 2] != 0x20, words[k - 1] != 0x20 {
                var wordStart = k
                while wordStart > listStart, words[wordStart - 1] != 0x20 { wordStart -= 1 }
                listEnd = wordStart - 1
                break
            }
            k += 1
        }
        let listed = words[listStart...listEnd]
        var titleWords = Set<UInt64>()
        var hash = WordHash.Builder()
        for byte in listed {
            if byte == 0x20 {
                if !hash.isEmpty { titleWords.insert(hash.value) }
                hash = WordHash.Builder()
            } else {
                hash.add(byte)
            }
        }
        var found: [(id: String, at: Int, length: Int)] = []
        for entity in entities where entity.canBeParty {
            var best: (at: Int, length: Int)?
            func look(_ form: String) {
                guard titleWords.contains(Self.firstWordHash(form)) else { return }
                let bytes = Self.folded(form)
                if let at = Self.find(bytes, in: listed), best.map({ at < $0.at }) ?? true { best = (at, bytes.count) }
            }
            look(entity.name)
            for alias in entity.aliases { look(alias) }
            if let best { found.append((entity.id, best.at, best.length)) }
        }
        // (A name inside a longer one is that one's: "Sudan" in "South Sudan".)
        let kept = found.filter { name in
            !found.contains { other in
                other.id != name.id && other.length > name.length && other.at <= name.at && name.at + name.length <= other.at + other.length
            }
        }
        guard kept.count >= 3 else { return nil }
        return kept.sorted { $0.at < $1.at }.map(\.id)
    }

    static let jointBytes = Array(" joint ".utf8), trilateralBytes = Array(" trilateral ".utf8), betweenBytes = Array(" between ".utf8)
    /// Words after which a joint title lists its issuers.
    static let listOpeners = [" from ", " of ", " by ", " between ", " among "].map { Array($0.utf8) }
    /// Words that begin a title's subject after the list of who issues it.
    static let subjectCueBytes = [" on ", " regarding ", " concerning ", " about ", " to ", " for ", " in ", " at ", " after ", " with "]
        .map { Array($0.utf8) }

    /// A name's bytes for matching: ASCII letters in lower case, every other ASCII byte but
    /// "." a single space, with a space at each end ("the United States," → " the united
    /// states "). Without `collapsingSpaces`, a space for each such byte: byte `k + 1` of the
    /// result is then byte `k` of `text`.
    static func folded(_ text: String, collapsingSpaces: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = [0x20]
        bytes.reserveCapacity(text.utf8.count + 2)
        fold(text) { byte in
            if collapsingSpaces, byte == 0x20, bytes.last == 0x20 { return true }
            bytes.append(byte)
            return true
        }
        if bytes.last != 0x20 { bytes.append(0x20) }
        return bytes
    }

    /// The `WordHash` of a name's first word as `folded` writes it (read in place).
    static func firstWordHash(_ text: String) -> UInt64 {
        var hash = WordHash.Builder()
        fold(text) { byte in
            if byte == 0x20 { return hash.isEmpty }
            hash.add(byte)
            return true
        }
        return hash.value
    }

    /// `text`'s bytes as names are matched, to `emit` until it returns false: letters in lower
    /// case, digits and bytes beyond ASCII as they are, a period inside a name ("U.S.", not
    /// the end of "… the United States."), every other byte a space.
    static func fold(_ text: String, _ emit: (UInt8) -> Bool) {
        func run(_ source: UnsafeBufferPointer<UInt8>) {
            var previous: UInt8 = 0x20, beforePrevious: UInt8 = 0x20
            for k in source.indices {
                let byte = source[k]
                var out: UInt8 = 0x20
                if isNameByte(byte) {
                    out = ASCIIByte.lowercased(byte)
                } else if byte == UInt8(ascii: "."), isNameByte(previous) {
                    let next = k + 1 < source.count ? source[k + 1] : 0x20
                    if isNameByte(next) || beforePrevious == UInt8(ascii: ".") { out = byte }
                }
                if !emit(out) { return }
                beforePrevious = previous
                previous = out
            }
        }
        var text = text
        text.withUTF8 { run($0) }
    }

    /// A byte of a name: a letter, a digit, or a byte of a scalar beyond ASCII.
    @inline(__always) static func isNameByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || ASCIIByte.isDigit(byte) || ASCIIByte.isLetter(byte)
    }

    /// Where `needle` (not empty) first occurs in `haystack`, as an index of the whole array
    /// (`ByteSearch.firstOffset` on the slice).
    static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard !needle.isEmpty else { return nil }
        let offset = haystack.withUnsafeBufferPointer { h in needle.withUnsafeBufferPointer { n in ByteSearch.firstOffset(h, n) } }
        return offset.map { haystack.startIndex + $0 }
    }

    /// The countries (or organizations that can be parties, such as the EU) named in the
    /// title and preamble; failing those, the two most mentioned.
    func principalParties(entities: [Entity], text: NormalizedText, segmentation: Segmentation) -> [String] {
        // (The candidates by their places: a copy of each, every string and array of it
        // retained, is not made.)
        let candidates = entities.indices.filter { entities[$0].canBeParty }
        guard !candidates.isEmpty else { return [] }
        var opening: TextRange?
        if let title = segmentation.provisions.first(where: { $0.kind == .title }) { opening = title.range }
        if let preamble = segmentation.provisions.first(where: { $0.kind == .preamble }) {
            opening = TextRange(opening?.start ?? preamble.range.start, preamble.range.end)
        }
        if opening == nil, let first = segmentation.blocks.first, first.role == .heading { opening = first.range }
        var ordered: [(String, Int)] = []
        if let opening {
            for index in candidates {
                if let first = entities[index].mentions.map(\.range).filter({ opening.contains($0) }).map(\.start).min() {
                    ordered.append((entities[index].id, first))
                }
            }
            ordered.sort { $0.1 < $1.1 }
        }
        // Two sides, or all the states and bodies an opening lists before its subject ("Joint
        // Statement from Canada, Mexico, and the United States on …": three; "… of the United
        // States and Japan on Ukraine": two).
        // (Counted in the title only: a treaty's preamble names much else.)
        var limit = 2
        let titleRange = segmentation.provisions.first(where: { $0.kind == .title })?.range
            ?? segmentation.blocks.first.flatMap { $0.role == .heading ? $0.range : nil }
        if ordered.count > 2, let opening = titleRange {
            // (The title's words folded on bytes, as for a front matter's title, a byte for each
            // of the title's, so that the cue's place is its place in the title; its scalars
            // counted up to the subject cue.)
            let title = text.string(opening)
            let words = Self.folded(title, collapsingSpaces: false)
            if let cue = Self.subjectCueBytes.compactMap({ Self.find($0, in: words[...]) }).min() {
                // Bytes of the title before the cue, counted as scalars.
                var scalars = 0, bytes = 1
                for scalar in title.unicodeScalars where bytes < cue + 1 {
                    scalars += 1
                    bytes += UTF8.width(scalar)
                }
                let subject = opening.start + scalars
                limit = max(2, ordered.filter { opening.start <= $0.1 && $0.1 < subject }.count)
            } else {
                limit = max(2, ordered.filter { opening.start <= $0.1 && $0.1 < opening.end }.count)
            }
        }
        var result = ordered.prefix(limit).map(\.0)
        if result.count < 2, candidates.count == 2 {
            // Exactly two states named: they are the two sides.
            for index in candidates where !result.contains(entities[index].id) { result.append(entities[index].id) }
        }
        if result.count < 2 {
            let byMentions = candidates.filter { !result.contains(entities[$0].id) && entities[$0].mentions.count >= 2 }
                .sorted { a, b in
                    entities[a].mentions.count != entities[b].mentions.count
                        ? entities[a].mentions.count > entities[b].mentions.count : entities[a].id < entities[b].id
                }
            for index in byMentions where result.count < 2 { result.append(entities[index].id) }
        }
        return Array(result.prefix(limit))
    }
}
