/// Agreements and programs: the instrument itself in an agreement text; in a statement,
/// every agreement signed, announced or referred to, and the programs (networks, patrols,
/// dialogues, working groups, funds, initiatives) launched or planned.
public struct AgreementExtractor: Sendable {
    public init() {}

    static let agreementHeads: [String: AgreementType] = [
        "agreement": .agreement, "agreements": .agreement, "treaty": .treaty, "convention": .convention,
        "protocol": .protocol, "memorandum": .memorandumOfUnderstanding, "mou": .memorandumOfUnderstanding,
        "declaration": .jointDeclaration, "accord": .agreement, "accords": .agreement, "arrangement": .agreement,
        "charter": .treaty, "compact": .agreement, "pact": .agreement, "understanding": .memorandumOfUnderstanding,
        "understandings": .memorandumOfUnderstanding, "communiqué": .jointStatement, "communique": .jointStatement,
        "statement": .jointStatement,
    ]
    static let programHeads: [String: String] = [
        "network": "network", "patrol": "patrol", "patrols": "patrol", "dialogue": "dialogue", "initiative": "initiative",
        "program": "program", "programme": "program", "partnership": "partnership", "fund": "fund", "mechanism": "mechanism",
        "strategy": "strategy", "corridor": "corridor", "task force": "task-force", "working group": "working-group",
        "task forces": "task-force", "working groups": "working-group",
        "forum": "forum", "plan": "plan", "coalition": "coalition", "exercise": "exercise", "exercises": "exercise",
        "commission": "commission", "committee": "committee", "council": "council", "group": "group", "mission": "mission",
        "pledge": "initiative", "roadmap": "plan", "package": "package", "pathway": "plan", "scheme": "program",
    ]
    /// Whether the capitalized words from `start` (at most four, in the sentence) reach a head
    /// word of an agreement, or of a program too unless `agreementsOnly`. Words in capitals go
    /// on only after a word in capitals before `start` ("FISHERIES PARTNERSHIP AGREEMENT"; not
    /// "Exercise JUSTIFIED ACCORD", whose code name is in capitals), and never through "OF"
    /// or "THE".
    static func nameGoesOnToAHead(from start: Int, sentence: Int, tokens: [Token], flags: [UInt8], sentenceOf: [Int],
                                  agreementsOnly: Bool = false) -> Bool {
        guard start >= 1 else { return false }
        let inCapitals = tokens[start - 1].isAllCaps
        var j = start
        while j < tokens.count, j - start < 4, sentenceOf[j] == sentence, tokens[j].isCapitalized,
              !tokens[j].isAllCaps || (inCapitals && !capitalFunctionWords.contains(tokens[j].lower)) {
            if flags[j] & agreementHeadFlag != 0 { return true }
            if !agreementsOnly {
                if flags[j] & programHeadFlag != 0 { return true }
                if flags[j] & programPairFlag != 0, j + 1 < tokens.count, programHeads[tokens[j].lower + " " + tokens[j + 1].lower] != nil {
                    return true
                }
            }
            j += 1
        }
        return false
    }

    /// Per word, which head lists it starts an entry of: one dictionary lookup per token
    /// instead of one per list and per loop.
    static let agreementHeadFlag: UInt8 = 1, programHeadFlag: UInt8 = 2, programPairFlag: UInt8 = 4, descriptiveFlag: UInt8 = 8

    /// The first token from `start` whose flags share a bit with `mask` (`flags.count` if
    /// none): most tokens have no flag, and the loops over the heads skip them here, eight
    /// tokens' flags a step, rather than asking the array a token at a time in `run`.
    @inline(never)
    static func nextFlagged(_ flags: [UInt8], from start: Int, mask: UInt8) -> Int {
        flags.withUnsafeBufferPointer { flags in
            var i = max(start, 0)
            guard i < flags.count, let base = flags.baseAddress else { return flags.count }
            let masks = UInt64(mask) &* 0x0101_0101_0101_0101
            while i + 8 <= flags.count, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & masks == 0 { i += 8 }
            while i < flags.count, flags[i] & mask == 0 { i += 1 }
            return i
        }
    }
    /// The words that give an agreement mentioned in a sentence its status, in order, with
    /// their hashes.
    static let statusCues: [((words: [String], hashes: [UInt64]), String)] = [
        (["inauguration", "inaugurated", "inaugurate"], "inaugurated"),
        (["launched", "launch", "launching"], "launched"),
        (["announced", "announce"], "announced"),
        (["will", "intend", "intends", "plan", "plans", "establish", "create", "propose"], "planned"),
    ].map { (($0.0, $0.0.map(WordHash.of)), $0.1) }

    static let descriptiveHeads: [[String]: String] = [
        ["program"]: "program", ["programme"]: "program", ["initiative"]: "initiative", ["mechanism"]: "mechanism",
        ["patrols"]: "patrol", ["network"]: "network", ["fund"]: "fund", ["working", "group"]: "working-group",
        ["task", "force"]: "task-force", ["dialogue"]: "dialogue", ["commission"]: "commission", ["committee"]: "committee",
        ["working", "groups"]: "working-group", ["task", "forces"]: "task-force", ["roundtable"]: "dialogue",
    ]
    /// Words between an article and a descriptive program's head ("a new joint working group",
    /// "an expert working group").
    static let programModifiers: Set<String> = ["new", "joint", "bilateral", "coordinated", "pilot", "border", "trilateral", "binational",
                                                "technical", "high-level", "expert", "interagency", "senior", "ministerial", "permanent",
                                                "standing", "working-level"]
    /// Numbers that open one, as an article does, and stay in its name ("three working groups").
    static let programCounts: Set<String> = ["two", "three", "four", "five", "six", "several"]
    static let headsByFirstWord = Dictionary(grouping: descriptiveHeads, by: { $0.key[0] })
    static let headFlags = WordTable<UInt8>({
        var flags: [String: UInt8] = [:]
        for word in agreementHeads.keys { flags[word, default: 0] |= agreementHeadFlag }
        for phrase in programHeads.keys {
            let words = phrase.split(separator: " ")
            flags[String(words[0]), default: 0] |= words.count == 1 ? programHeadFlag : programPairFlag
        }
        for word in headsByFirstWord.keys { flags[word, default: 0] |= descriptiveFlag }
        return flags
    }())

    /// A list item up to its first semicolon, comma or colon, without periods at its end; the
    /// number of its words (runs between spaces; counted to 17) and the first. Read by
    /// bytes when its characters are its scalars (nearly always: items run to hundreds of
    /// characters, and a walk by characters costs about a hundred instructions each).
    /// - Parameter byCharacters: the walk by characters whatever the text (tests compare).
    static func listItemHead(_ full: String, byCharacters: Bool = false) -> (item: String, words: Int, first: Substring) {
        var item = full
        if !byCharacters, CharactersAreScalars.check(item) {
            if let cut = item.utf8.firstIndex(where: { $0 == 0x3B || $0 == 0x2C || $0 == 0x3A }) { item = String(item[..<cut]) }
            while item.utf8.last == 0x2E { item.removeLast() }
            var words = 0
            var first = item[item.startIndex..<item.startIndex]
            var index = item.utf8.startIndex
            let end = item.utf8.endIndex
            while index < end && words <= 16 {
                guard item.utf8[index] != 0x20 else {
                    index = item.utf8.index(after: index)
                    continue
                }
                let wordStart = index
                while index < end && item.utf8[index] != 0x20 { index = item.utf8.index(after: index) }
                if words == 0 { first = item[wordStart..<index] }
                words += 1
            }
            return (item, words, first)
        }
        if let cut = item.firstIndex(where: { $0 == ";" || $0 == "," || $0 == ":" }) { item = String(item[..<cut]) }
        while item.hasSuffix(".") { item.removeLast() }
        let words = item.split(separator: " ")
        return (item, min(words.count, 17), words.first ?? item[item.startIndex..<item.startIndex])
    }

    /// The first token of a title whose head is at `head`: the capitalized words, numbers and
    /// hyphenated words before it in its sentence. (A function of its own: in the body of
    /// `run`, too large for the compiler to inline an array's getter, each read of a token's
    /// field there copied the whole token.)
    static func titleStart(head i: Int, sentence: Int, agreementHead: Bool, tokens: [Token], lower: LowerWords, flags: [UInt8],
                           sentenceOf: [Int]) -> Int {
        var start = i
        while start > 0, sentenceOf[start - 1] == sentence {
            if Vocabulary.determiners.contains(text: tokens[start - 1]) { break }
            if tokens[start - 1].isAllCaps && capitalFunctionWords.contains(lower[start - 1]) { break }
            if tokens[start - 1].isCapitalized || tokens[start - 1].kind == .number
                || (tokens[start - 1].text == "-" && start - 2 >= 0 && (tokens[start - 2].isCapitalized || tokens[start - 2].isAllCaps)) {
                start -= 1
                continue
            }
            // "Trade and Investment Agreement", "Rescue and Return Agreement": two capitalized
            // words joined by "and" before the head. Not a sentence's first word, not an
            // acronym ("ABAC and Pacific Economic Cooperation Council" are two bodies) and not
            // another head ("Framework Arrangement and Work Plan" are two instruments).
            if (tokens[start - 1].text == "and" || tokens[start - 1].text == "&"), start < i, start - 2 >= 0, sentenceOf[start - 2] == sentence,
               tokens[start - 2].isCapitalized, !tokens[start - 2].sentenceInitial, !tokens[start - 2].isAllCaps,
               flags[start - 2] & agreementHeadFlag == 0,
               flags[start - 2] & programHeadFlag == 0 || agreementHead,
               !Vocabulary.determiners.contains(text: tokens[start - 2]) {
                start -= 1
                continue
            }
            break
        }
        return start
    }

    /// Whether the words from `start` (after "to") name an instrument before the title's words
    /// end: "the Convention on ...", "the 1906 Convention", "Annex I to the Agreement".
    static func leadsToInstrument(from start: Int, sentence: Int, tokens: [Token], lower: LowerWords, flags: [UInt8],
                                  sentenceOf: [Int]) -> Bool {
        var j = start
        while j < tokens.count, sentenceOf[j] == sentence, j - start < 12 {
            if flags[j] & agreementHeadFlag != 0 && tokens[j].isCapitalized { return true }
            guard tokens[j].isCapitalized || tokens[j].isAllCaps || tokens[j].kind == .number || connectors.contains(lower[j]) else { return false }
            j += 1
        }
        return false
    }

    /// Records by their folded names, and by the words of those names but for the little ones
    /// ("Joint Declaration on Support for Ukraine" and "… of Support for Ukraine", parties named
    /// in either order), for `overlapping`. The words are kept as a hash that does not depend
    /// on their order, computed on the name's bytes; a match is confirmed on the words.
    struct NameIndex {
        /// Each name's record, and for an ASCII name the bytes it has (`byteMask`).
        private var byName: [String: (record: Int, mask: UInt64?)] = [:]
        private var byWords: [UInt64: (record: Int, name: String)] = [:]

        subscript(key: String) -> Int? {
            get { byName[key]?.record }
            set {
                // (As `WordHashMap`: records are only added; a removal would leave `byWords` behind.)
                guard let newValue else { preconditionFailure("NameIndex keeps no removals") }
                byName[key] = (newValue, Self.byteMask(key))
                let hash = AgreementExtractor.contentHash(key)
                if byWords[hash].map({ $0.record > newValue }) ?? true { byWords[hash] = (newValue, key) }
            }
        }

        /// The bytes an ASCII string has, as bits (a byte `b` sets bit `b % 64`); nil for any other
        /// string. An ASCII string inside another (as characters: ASCII characters are bytes,
        /// "\r\n" aside, which has both) has no bit the other lacks.
        static func byteMask(_ string: String) -> UInt64? {
            var mask: UInt64 = 0
            for byte in string.utf8 {
                guard byte < 0x80 else { return nil }
                mask |= 1 << UInt64(byte & 63)
            }
            return mask
        }

        /// The record whose name contains `key` or is contained in it: the longest such name,
        /// then the earliest record (never the dictionary's order, which changes run to run);
        /// else the earliest with the same words. (Two ASCII strings neither of whose bytes are
        /// all among the other's cannot be one inside the other: those are passed over without
        /// a search.)
        func overlapping(_ key: String) -> Int? {
            var best: (record: Int, length: Int)?
            let keyMask = Self.byteMask(key)
            for (name, value) in byName {
                if let keyMask, let mask = value.mask, keyMask & ~mask != 0 && mask & ~keyMask != 0 { continue }
                guard name.contains(key) || key.contains(name) else { continue }
                let record = value.record
                let length = name.utf8.count
                if best == nil || length > best!.length || (length == best!.length && record < best!.record) { best = (record, length) }
            }
            if let best { return best.record }
            guard let same = byWords[AgreementExtractor.contentHash(key)],
                  AgreementExtractor.contentKey(same.name) == AgreementExtractor.contentKey(key) else { return nil }
            return same.record
        }
    }

    /// The mentions of a text's entities, for the question "which entities have a mention inside
    /// this range?": in a text of many mentions, sorted by start, so that those inside a range
    /// are a run of them found by binary search; a text of few is read as it is (cheaper than
    /// sorting them). Both answer alike (a test compares them).
    struct MentionIndex {
        private let entities: [Entity]
        /// (start, end, entity index, the mention's place among its entity's mentions), by
        /// start; nil for a text of at most `sortedFrom` mentions.
        private let sorted: [(start: Int, end: Int, entity: Int, order: Int)]?
        static let sortedFrom = 512

        // (Out of line, as the search: inlined into `AgreementExtractor.run`, they changed how
        // the compiler laid out that function's own loops, and those got slower.)
        @inline(never) init(_ entities: [Entity], sortedFrom: Int = MentionIndex.sortedFrom) {
            self.entities = entities
            // (Through the array's memory: each entity read where it is, not copied.)
            let count = entities.mentionCount
            guard count > sortedFrom else {
                sorted = nil
                return
            }
            var mentions: [(start: Int, end: Int, entity: Int, order: Int)] = []
            mentions.reserveCapacity(count)
            entities.withUnsafeBufferPointer { entities in
                for entity in entities.indices {
                    for (order, mention) in entities[entity].mentions.enumerated() {
                        mentions.append((mention.range.start, mention.range.end, entity, order))
                    }
                }
            }
            sorted = mentions.sorted { $0.start < $1.start }
        }

        /// For each entity of `types` with a mention inside `range` (`range.contains`), its
        /// index and the start of the first such mention in its own order; by entity index.
        @inline(never) func firstMentions(in range: TextRange, types: [EntityType]) -> [(entity: Int, start: Int)] {
            guard let mentions = sorted else {
                var found: [(entity: Int, start: Int)] = []
                // (By index: each entity read where it is, not copied with all its strings and
                // arrays retained; the types a short list, not a set made at each call.)
                for index in entities.indices where types.contains(entities[index].type) {
                    if let first = entities[index].mentions.first(where: { range.contains($0.range) }) {
                        found.append((index, first.range.start))
                    }
                }
                return found
            }
            var low = 0, high = mentions.count
            while low < high {
                let middle = (low + high) / 2
                if mentions[middle].start < range.start { low = middle + 1 } else { high = middle }
            }
            var first: [Int: (order: Int, start: Int)] = [:]
            var k = low
            while k < mentions.count, mentions[k].start <= range.end {
                let mention = mentions[k]
                k += 1
                guard mention.end <= range.end, first[mention.entity].map({ mention.order < $0.order }) ?? true,
                      types.contains(entities[mention.entity].type) else { continue }
                first[mention.entity] = (mention.order, mention.start)
            }
            return first.keys.sorted().map { ($0, first[$0]!.start) }
        }
    }

    /// A folded name's words but for prepositions, articles and "and", sorted and joined.
    static func contentKey(_ key: String) -> String {
        key.split(separator: " ").filter { !littleWords.contains($0) }.sorted().joined(separator: " ")
    }

    /// `contentKey` as a hash of its words in any order (each word's hash, mixed, added up),
    /// read from the name's bytes without splitting it.
    static func contentHash(_ key: String) -> UInt64 {
        var total: UInt64 = 0
        var hasher = WordHash.Builder()
        func close() {
            let word = hasher.value
            if !hasher.isEmpty, !littleWordHashes.contains(word) {
                var mixed = word ^ (word >> 33)
                mixed = mixed &* 0xff51_afd7_ed55_8ccd
                total = total &+ (mixed ^ (mixed >> 33))
            }
            hasher = WordHash.Builder()
        }
        for byte in key.utf8 {
            if byte == 0x20 { close() } else { hasher.add(byte) }
        }
        close()
        return total
    }

    static let littleWordHashes = Set(littleWords.map { WordHash.of(String($0)) })
    static let dateConnectors: Set<String> = ["of", "dated", "on", "in"], ownDateConnectors: Set<String> = ["of", "dated"]

    /// Verbs whose date is not the agreement's: "withdrew from the Paris Agreement in 2017".
    static let leavingVerbs: Set<String> = ["withdrew", "withdraw", "withdrawn", "withdrawal", "exit", "exited", "left", "leave",
                                            "suspended", "suspend", "terminated", "rejoined", "rejoin", "joined", "join", "ratified",
                                            "violated", "invoked", "notified"]

    static let littleWords: Set<Substring> = ["of", "on", "for", "the", "and", "to", "in", "a", "an", "at", "with", "regarding", "concerning"]

    /// Words before an agreement's head in lower case: "a new bilateral agreement on".
    static let headModifiers: WordTable<Bool> = ["new", "bilateral", "historic", "landmark", "joint", "formal", "binding", "trade",
                                                 "security", "cooperation", "comprehensive", "framework"]
    /// Verbs by which a sentence sets up a body or a program.
    static let establishingWords: WordTable<Bool> = ["establish", "establishes", "established", "form", "create", "created", "launch",
                                                     "launched"]
    static let genericModifiers: Set<String> = ["international", "bilateral", "multilateral", "other", "existing", "relevant",
                                                "previous", "such", "these", "related", "regional", "global", "various", "all", "new"]
    /// Whether token `neighbor` (before or after `token`; maybe out of range) touches it and
    /// carries its word on: a word, number or hyphen with no space between ("C-" of "C-SIPA").
    static func continues(_ tokens: [Token], _ token: Int, with neighbor: Int) -> Bool {
        guard neighbor >= 0, neighbor < tokens.count else { return false }
        let touching = neighbor < token ? tokens[neighbor].range.end == tokens[token].range.start
            : tokens[token].range.end == tokens[neighbor].range.start
        return touching && (tokens[neighbor].kind != .punctuation || tokens[neighbor].text == "-")
    }

    /// A signing that has happened: "signed", "concluded", "inked".
    static let pastSignVerbs: Set<String> = ["signed", "concluded", "inked", "finalized"]
    static let signVerbs: WordTable<Bool> = ["signed", "sign", "signing", "concluded", "conclude", "finalized", "reached", "inked", "adopted", "entered"]
    static let announceVerbs: WordTable<Bool> = ["announced", "announce", "announcing", "launched", "launch", "launching", "unveiled", "inaugurated", "inaugurate", "inauguration"]
    static let planCues: WordTable<Bool> = ["will", "intend", "intends", "plan", "plans", "propose", "proposed", "aim", "seek", "create", "establish", "negotiate", "negotiating", "framework"]

    /// The lower-case words of a sentence's tokens, asked of the tokens in place by their
    /// hashes (no set of the sentence's words made, every word hashed again for it).
    struct SentenceWords {
        let tokens: [Token]
        let range: Range<Int>

        /// Whether a word of the sentence is `word`.
        func contains(_ word: String) -> Bool {
            let hash = WordHash.of(word)
            // (A hash that differs is a word that differs only for a word of lower-case ASCII
            // letters, which no other characters are equal to; others are compared whole.)
            let screened = word.utf8.allSatisfy { ASCIIByte.isLower($0) }
            return range.contains { (!screened || tokens[$0].lowerHash == hash) && tokens[$0].lower == word }
        }

        /// Whether a word of the sentence is in `table`.
        func containsAny(of table: WordTable<Bool>) -> Bool {
            range.contains { table.contains(tokens[$0].lower, hash: tokens[$0].lowerHash) }
        }
    }
    static let connectors: Set<String> = ["on", "of", "for", "between", "concerning", "regarding", "to", "and", "the", "in", "&", "a", "an"]
    /// Connectors a title never has right after its head word: "the Treaty and the Protocol"
    /// coordinates two instruments, "Agreement the Government of Canada" runs into the next
    /// clause. (After "of", "on" or a name they belong to the title: "Treaty of Friendship
    /// and Cooperation".)
    static let notAfterHead: Set<String> = ["and", "&", "the", "a", "an"]
    static let articles: Set<String> = ["the", "a", "an", "this", "that", "its", "their", "such"]
    /// Words a title in capitals does not reach back over to its head: in "REDUCTION OF THE
    /// CANADIAN ENTITLEMENT IN ACCORDANCE WITH THE TREATY" the title is not the heading.
    static let capitalFunctionWords: Set<String> = connectors.union(["with", "by", "under", "from", "at", "as", "into", "within",
                                                                     "accordance", "pursuant", "per", "than", "or"])
    /// Words a headline in title case leaves in lower case.
    static let headlineLowercase: Set<String> = capitalFunctionWords.union([
        "over", "upon", "about", "after", "before", "through", "toward", "towards", "against", "without", "during", "among",
        "across", "than", "that", "this", "these", "those", "onto", "amid", "amongst", "beyond", "within", "until"])
    /// "the Agreement between the Parties": the document's own instrument, not a title.
    static let partiesWords: Set<String> = ["the", "parties", "party", "contracting", "high", "two", "both", "governments", "government",
                                            "countries", "states", "sides", "signatories"]

    public struct Output: Sendable {
        public var agreements: [Agreement]
        public var programs: [Program]
        public var events: [Event]
        public var references: [CrossReference]
    }

    struct Phrase {
        var tokens: Range<Int>
        var head: Int
        var named: Bool
    }

    public func run(document: (kind: KindDecision, title: String?, date: String?), text: NormalizedText, segmentation: Segmentation,
                    tokens: [Token], entities: [Entity], principal: [String], mechanisms: [TextRange], dates: [DateMention] = [],
                    known: [(range: TextRange, entry: GazetteerEntry)] = [],
                    knownPrograms: [(range: TextRange, entry: GazetteerEntry)] = [],
                    sentenceTokens runs: [Range<Int>?]? = nil) -> Output {
        var agreements: [Agreement] = []
        var programs: [Program] = []
        var agreementIndex = NameIndex()
        /// The agreements announced "today" (dated by the document unless they say otherwise).
        var announcedToday = Set<Int>()
        var programIndex = NameIndex()
        // Per token, once: the head flags and sentences the rules below ask for, by index
        // (`map` would copy each token, retaining its strings), into arrays made at their
        // size. The lower-case words are read from the tokens where a rule asks.
        let lower = LowerWords(tokens, 0..<tokens.count)
        let headFlags = Self.headFlags
        let flags = [UInt8](count: tokens.count) { headFlags.value(lower: tokens[$0]) ?? 0 }
        let sentenceOf = [Int](count: tokens.count) { tokens[$0].sentence }
        // Each sentence's run of tokens, by sentence index.
        // (Tokens come in sentence order; a sentence's tokens are one run.)
        let sentenceTokens = runs ?? sentenceOf.withUnsafeBufferPointer { sentenceOf in
            Tokenizer.sentenceRuns(count: sentenceOf.count, sentences: segmentation.sentences.count) { sentenceOf[$0] }
        }

        // Computed once, not per candidate phrase.
        // (Sorted for a binary search: asked of every candidate name, a scan of them all grew
        // with the square of a long document's length. The same below for mentions.)
        let headingRanges = CoveringRanges(segmentation.blocks.filter { $0.role == .heading }.map(\.range))
        // Short paragraphs set as headlines: every word of four letters or more capitalized and
        // no punctuation at the end ("*United States and EU Reach Agreement to Address Shared
        // Challenges from China*", a subtitle in italics). No agreement is named by their
        // capitals; a program may be (a fact sheet's "Space Situational Awareness Initiative"
        // line before its paragraph).
        // (Asked only of the paragraph an agreement's name is in, found by the block of the
        // name's sentence, and answered once.)
        var headlines: [Int: Bool] = [:]
        func headlineBlock(ofToken token: Int) -> TextRange? {
            let index = segmentation.sentences[sentenceOf[token]].block
            let block = segmentation.blocks[index]
            if let known = headlines[index] { return known ? block.range : nil }
            let isHeadline: Bool = {
                guard block.role == .paragraph, block.range.length <= 200,
                      var k = tokens.firstIndex(startingAtOrAfter: block.range.start) else { return false }
                var long = 0, last = k
                while k < tokens.count, tokens[k].range.end <= block.range.end {
                    if tokens[k].kind == .word, tokens[k].range.length >= 4, !Self.headlineLowercase.contains(lower[k]) {
                        guard tokens[k].isCapitalized || tokens[k].isAllCaps else { return false }
                        long += 1
                    }
                    last = k
                    k += 1
                }
                return long >= 4 && tokens[last].kind != .punctuation
            }()
            headlines[index] = isHeadline
            return isHeadline ? block.range : nil
        }
        // (By index, in the entities' order: each entity's mentions read where they are, the
        // entity not copied.)
        var entityMentionRanges: [TextRange] = []
        var knownBodyRanges: [TextRange] = []
        // (Through the array's memory: an element read by the array's subscript, or handed to
        // a closure, was copied, each of its strings and arrays retained and released.)
        let mentionTotal = entities.mentionCount
        entities.withUnsafeBufferPointer { entities in
            entityMentionRanges.reserveCapacity(mentionTotal)  // (room for every mention, made once)
            for index in entities.indices {
                let type = entities[index].type
                guard type == .organization || type == .person || type == .place || type == .city else { continue }
                for mention in entities[index].mentions {
                    entityMentionRanges.append(mention.range)
                    if type == .organization && mention.rule.hasPrefix("gazetteer:") { knownBodyRanges.append(mention.range) }
                }
            }
        }
        let entityMentions = CoveringRanges(entityMentionRanges), knownBodies = CoveringRanges(knownBodyRanges)

        // Every entity's mentions by start, for `mentionsIn` in a text of many mentions (asked
        // for each agreement and program, a pass over every mention each time grew with the
        // square of a long text); a short text's few are read as they are, which costs less
        // than sorting them.
        let mentionIndex = MentionIndex(entities)
        /// The entities of `types` with a mention inside `range`, in the order of their first
        /// such mention (first in each entity's own order of mentions).
        func mentionsIn(_ range: TextRange, types: [EntityType]) -> [String] {
            mentionIndex.firstMentions(in: range, types: types).sorted { $0.start < $1.start }.map { entities[$0.entity].id }
        }
        func textOf(_ range: Range<Int>) -> String {
            text.string(TextRange(tokens[range.lowerBound].range.start, tokens[range.upperBound - 1].range.end))
        }
        func sentenceRange(_ token: Int) -> TextRange {
            segmentation.sentences[sentenceOf[token]].range
        }
        /// A signing in `sentence` of the agreement named at `name`: who signed (persons before
        /// the name), where and when.
        func recordSigning(_ agreement: inout Agreement, sentence: TextRange, name: TextRange, today: Bool) {
            agreement.signatories = mentionsIn(TextRange(sentence.start, name.start), types: [.person])
            agreement.place = mentionsIn(sentence, types: [.city, .subdivision, .place]).first
                ?? nearestPlace(before: sentence.start, entities: entities, segmentation: segmentation, tokens: tokens)
            agreement.date = dateOfSigning(in: sentence, name: name) ?? (today ? document.date : nil)
        }
        /// The date written right after an agreement's name: "the Convention … of 17 March 1992",
        /// "the Agreement … signed in 1988", ", signed at Washington on May 3, 1970", "dated
        /// 3 May 2001". Nil when anything else comes first.
        func dateRightAfter(_ name: TextRange) -> String? {
            guard var k = tokens.firstIndex(startingAtOrAfter: name.end), k < tokens.count else { return nil }
            let sentence = sentenceOf[k]
            // (A list literal here is an array, compared; a set literal was a set made and hashed
            // into at each call. The connectors' static sets are asked as sets.)
            func at<Words: Sequence<String>>(_ words: Words) -> Bool {
                k < tokens.count && sentenceOf[k] == sentence && words.contains(lower[k])
            }
            if at([","]) { k += 1 }
            var signed = false
            if at(["signed", "done", "concluded", "adopted"]) {
                k += 1
                signed = true
                // "signed at Washington", "signed in Ottawa": the place before the date.
                if at(["at", "in"]), k + 1 < tokens.count, tokens[k + 1].isCapitalized, !Vocabulary.months.contains(text: tokens[k + 1]) {
                    k += 1
                    while k < tokens.count, sentenceOf[k] == sentence, tokens[k].isCapitalized, !Vocabulary.months.contains(text: tokens[k]) { k += 1 }
                    if at([","]) { k += 1 }
                }
            }
            // ("in" or "on" is the agreement's date ("the Washington Declaration in April 2023"),
            // not after a verb of leaving or joining it: "withdrew from the Paris Agreement in June
            // 2017" gives the withdrawal's.)
            let leaving = !signed && at(["on", "in"]) && {
                let nameStart = tokens.firstIndex(startingAtOrAfter: name.start) ?? k
                return (max(0, nameStart - 6)..<nameStart).contains { sentenceOf[$0] == sentence && Self.leavingVerbs.contains(lower[$0]) }
            }()
            let connectors = leaving ? Self.ownDateConnectors : Self.dateConnectors
            guard at(connectors) || signed else { return nil }
            if at(connectors) { k += 1 }
            guard k < tokens.count, sentenceOf[k] == sentence else { return nil }
            let start = tokens[k].range.start
            if let date = dates.first(where: { $0.range.start == start && !$0.relative }), let value = date.value, !value.contains("W") {
                return value
            }
            // A year alone only after "signed in" ("signed in 1988"), not "of 2030".
            if signed, Self.isYear(tokens[k]), !(k + 1 < tokens.count && sentenceOf[k + 1] == sentence && Vocabulary.months.contains(text: tokens[k + 1])) {
                return tokens[k].text
            }
            return nil
        }

        /// The date a sentence gives a signing: the first after the agreement's name ("signed in
        /// Washington on December 11, 1970"), else the last before it; not a date it enters into
        /// force, takes effect or lasts until.
        func dateOfSigning(in sentence: TextRange, name: TextRange) -> String? {
            let told = dates.filter { date in
                // (A week, "this week", is no date of signing.)
                guard let value = date.value, !value.contains("W"), sentence.contains(date.range) else { return false }
                let before = tokens.firstIndex(startingAtOrAfter: date.range.start) ?? tokens.count
                return !(max(0, before - 4)..<before).contains { Self.durationCues.contains(lower[$0]) }
            }
            return (told.first { $0.range.start >= name.end } ?? told.last { $0.range.end <= name.start })?.value
        }

        func addProgram(_ range: Range<Int>, kind: String, establishedBy: String?, sentence: TextRange) {
            let name = textOf(range)
            let key = Names.fold(name)
            let span = TextRange(tokens[range.lowerBound].range.start, tokens[range.upperBound - 1].range.end)
            if let existing = programIndex[key] ?? programIndex.overlapping(key) {
                programs[existing].evidence.append(Evidence(range: span, rule: "program:mention"))
                if programs[existing].establishedBy == nil { programs[existing].establishedBy = establishedBy }
                return
            }
            var program = Program(id: "p\(programs.count + 1)", name: name, kind: kind, establishedBy: establishedBy,
                                  evidence: [Evidence(range: span, rule: establishedBy == nil ? "program:named" : "program:established-by-agreement")])
            program.participants = participants(in: sentence, around: span, principal: principal)
            program.status = status(sentence)
            programIndex[key] = programs.count
            programs.append(program)
        }

        /// The capitalized name ending in a program head inside an unnamed agreement's title:
        /// "an agreement on a Cross Border Security Communications Network".
        func addProgramNamed(in titleTokens: Range<Int>, establishedBy: String?, sentence: TextRange) {
            guard let programHead = titleTokens.last(where: { Self.programHeads[lower[$0]] != nil }) else { return }
            var programStart = programHead
            while programStart > titleTokens.lowerBound, tokens[programStart - 1].isCapitalized || tokens[programStart - 1].text == "-" { programStart -= 1 }
            if programStart < programHead {
                addProgram(programStart..<(programHead + 1), kind: Self.programHeads[lower[programHead]]!, establishedBy: establishedBy, sentence: sentence)
            }
        }

        func participants(in sentence: TextRange, around span: TextRange, principal: [String]) -> [String] {
            // "between the US Border Patrol and Mexican Federal Police": the bodies named after "between".
            let first = tokens.firstIndex(startingAtOrAfter: span.end) ?? tokens.count
            // (The words after it are a run of tokens: its range, not a list of their indices.)
            var w = first
            while w < tokens.count, tokens[w].range.end <= sentence.end { w += 1 }
            if let between = (first..<w).first(where: { lower[$0] == "between" }) {
                let rest = TextRange(tokens[between].range.end, sentence.end)
                let named = mentionsIn(rest, types: [.organization, .country])
                if named.count >= 2 { return Array(named.prefix(4)) }
            }
            let inName = mentionsIn(span, types: [.country, .organization])
            return inName.count >= 2 ? inName : principal
        }

        // The first agreement's title folded (for an agreement, the document's own title:
        // long, and compared with every named agreement and phrase): folded once while it
        // stays the same, not at every comparison.
        // (Its set of words, which only a known agreement's title is compared with, is made
        // only then: a document's title may be its whole first paragraph.)
        var firstTitle: (title: String, folded: String)?
        var firstTitleWords: Names.FoldedTitle?
        func foldedFirstTitle() -> String? {
            guard let first = agreements.first else { return nil }
            if let cached = firstTitle, cached.title == first.title { return cached.folded }
            let folded = Names.fold(first.title)
            firstTitle = (first.title, folded)
            firstTitleWords = nil
            return folded
        }
        func foldedFirstTitleWords() -> Names.FoldedTitle? {
            // (The folded title above, its words added once.)
            guard let folded = foldedFirstTitle() else { return nil }
            if let words = firstTitleWords { return words }
            let words = Names.FoldedTitle.ofFolded(folded)
            firstTitleWords = words
            return words
        }

        func status(_ sentence: TextRange) -> String? {
            let index = tokens.firstIndex(startingAtOrAfter: sentence.start) ?? 0
            // The sentence's words looked through for each cue list (no set of them made).
            let range = sentenceTokens[sentenceOf[min(index, tokens.count - 1)]] ?? 0..<0
            // Hashes first: the words are compared only where a hash matches.
            func has(_ cues: (words: [String], hashes: [UInt64])) -> Bool {
                range.contains { cues.hashes.contains(tokens[$0].lowerHash) && cues.words.contains(lower[$0]) }
            }
            for (cues, status) in Self.statusCues where has(cues) { return status }
            return nil
        }

        // The instrument itself.
        if document.kind.kind == .agreement {
            let type = AgreementType(rawValue: document.kind.genre ?? "agreement") ?? .agreement
            let titleRange = segmentation.provisions.first(where: { $0.kind == .title })?.range
                ?? segmentation.blocks.first.map(\.range) ?? TextRange(0, 0)
            var instrument = Agreement(id: "a1", title: document.title ?? text.string(titleRange), type: type, parties: principal,
                                       evidence: [Evidence(range: titleRange, rule: "agreement:document-title")])
            instrument.date = document.date
            if let signature = segmentation.signature {
                instrument.status = "signed"
                let names = Set(signature.signatories.map { Names.fold($0.name) })
                instrument.signatories = entities.filter { $0.type == .person && names.contains(Names.fold($0.name)) }.map(\.id)
                if let place = signature.place {
                    instrument.place = entities.first { [.city, .subdivision, .place, .country].contains($0.type) && Names.fold($0.name) == Names.fold(place) }?.id
                        ?? entities.first { [.city, .subdivision, .place].contains($0.type) && ($0.aliases.map(Names.fold) + [Names.fold($0.name)]).contains(Names.fold(place)) }?.id
                }
                instrument.evidence.append(Evidence(range: signature.range, rule: "agreement:signature-block"))
            }
            agreements.append(instrument)
        }

        // Agreements known by name: the gazetteer gives the full title and the parties.
        for (range, entry) in known {
            let key = Names.fold(entry.name)
            let surface = text.string(range)
            if let existing = agreementIndex[key] {
                agreements[existing].evidence.append(Evidence(range: range, rule: entry.userLocation.map { "config:\($0)" } ?? "agreement:known:\(entry.key)"))
                continue
            }
            if document.kind.kind == .agreement, let first = foldedFirstTitleWords(), Names.titlesMatch(first, Names.FoldedTitle(entry.name)) { continue }
            let type = AgreementType(rawValue: entry.attribute("type") ?? "agreement") ?? .agreement
            var agreement = Agreement(id: "a\(agreements.count + 1)", title: surface == entry.name ? entry.name : "\(entry.name) (\(surface))", type: type,
                                      evidence: [Evidence(range: range, rule: entry.userLocation.map { "config:\($0)" } ?? "agreement:known:\(entry.key)")])
            let codes = entry.list("parties")
            agreement.parties = entities.filter { entity in entity.codes["iso3166"].map(codes.contains) ?? false }.map(\.id)
            agreementIndex[key] = agreements.count
            agreementIndex[Names.fold(surface)] = agreements.count
            agreements.append(agreement)
        }

        // Programs a user's configuration names.
        for (range, entry) in knownPrograms {
            let key = Names.fold(entry.name)
            if let existing = programIndex[key] {
                programs[existing].evidence.append(Evidence(range: range, rule: "config:\(entry.userLocation ?? entry.key)"))
                continue
            }
            let sentence = segmentation.sentences.first { $0.range.contains(range) }?.range ?? range
            var program = Program(id: "p\(programs.count + 1)", name: entry.name, kind: entry.attribute("type") ?? "program",
                                  evidence: [Evidence(range: range, rule: "config:\(entry.userLocation ?? entry.key)")])
            let codes = entry.list("parties")
            program.participants = codes.isEmpty ? participants(in: sentence, around: range, principal: principal)
                : entities.filter { entity in entity.codes["iso3166"].map(codes.contains) ?? false }.map(\.id)
            program.status = status(sentence)
            programIndex[key] = programs.count
            for alias in entry.aliases { programIndex[Names.fold(alias)] = programs.count }
            programs.append(program)
        }

        // Named agreements and programs: capitalized phrases around a head word.
        var phrases: [Phrase] = []
        var i = 0
        while true {
            i = Self.nextFlagged(flags, from: i, mask: Self.agreementHeadFlag | Self.programHeadFlag | Self.programPairFlag)
            guard i < tokens.count else { break }
            guard tokens[i].isCapitalized else {
                i += 1
                continue
            }
            let word = lower[i]
            let twoWord = i + 1 < tokens.count && flags[i] & Self.programPairFlag != 0 ? word + " " + lower[i + 1] : ""
            let headLength = Self.programHeads[twoWord] != nil ? 2 : (flags[i] & (Self.agreementHeadFlag | Self.programHeadFlag) != 0 ? 1 : 0)
            guard headLength > 0 else {
                i += 1
                continue
            }
            let sentence = sentenceOf[i]
            let agreementHead = headLength == 1 && Self.agreementHeads[word] != nil && Self.programHeads[twoWord] == nil
            // "Action Package Working Groups", "Dialogue Steering Committee": a program's head
            // followed by capitalized words up to another head is part of that head's name.
            if !agreementHead, Self.nameGoesOnToAHead(from: i + headLength, sentence: sentence, tokens: tokens, flags: flags, sentenceOf: sentenceOf) {
                i += 1
                continue
            }
            var start = Self.titleStart(head: i, sentence: sentence, agreementHead: agreementHead, tokens: tokens, lower: lower, flags: flags,
                                        sentenceOf: sentenceOf)
            // A hyphen the scan took before a word it stopped at ("FIRST-OF-ITS-KIND") is no part of the title.
            while start < i, tokens[start].text == "-" { start += 1 }
            var end = i + headLength
            // "the Australian Treaty Series": a publication, not an instrument.
            let notTitle = agreementHead && i + 1 < tokens.count && sentenceOf[i + 1] == sentence && lower[i + 1] == "series"
            // "Enhanced Partnership and Cooperation Agreement": a program's head word that is
            // part of an agreement's name (found from the agreement's head).
            var partOfInstrument = false
            // "Memorandum of Understanding", "Declaration on Migration and Protection", "Partnership for Economic Prosperity".
            var k = end
            while k < tokens.count, sentenceOf[k] == sentence, !notTitle {
                // Right after the head only a number or an acronym ("Task Force 59"); more
                // words come through a connector ("Declaration on Migration and Protection").
                let direct = k == i + headLength
                if Vocabulary.determiners.contains(text: tokens[k]) { break }
                if direct && Self.notAfterHead.contains(lower[k]) {
                    if !agreementHead, lower[k] == "and" || lower[k] == "&" {
                        partOfInstrument = Self.nameGoesOnToAHead(from: k + 1, sentence: sentence, tokens: tokens, flags: flags,
                                                                  sentenceOf: sentenceOf, agreementsOnly: true)
                    }
                    break
                }
                // "the Agreement in Australia", "the Treaty in the English text", "the Convention in
                // Statistical Area 1", "the Global Coalition in Iraq", "the CET Dialogue in the
                // United States": a place or a phrase after the title. (So "Agreement in
                // Principle" is lost too: a title that is rarer than those.)
                // (A program's name may go on into a field: "Youth Initiative in Science and
                // Technology"; not into a place or a time: "Dialogue in Port Moresby", "in June".)
                if direct && lower[k] == "in",
                   agreementHead || k + 1 >= tokens.count || !(tokens[k + 1].isCapitalized && Vocabulary.domainWords.contains(text: tokens[k + 1])) {
                    break
                }
                // "Protocol to the Convention on ...", not "the Agreement to the United States Entity":
                // right after an instrument, "to the" leads to another instrument. ("to" and a
                // verb is a title's: "Convention to Combat Desertification".)
                if direct && agreementHead && lower[k] == "to", k + 1 < tokens.count, Self.articles.contains(lower[k + 1]),
                   !Self.leadsToInstrument(from: k + 1, sentence: sentence, tokens: tokens, lower: lower, flags: flags, sentenceOf: sentenceOf) {
                    break
                }
                // "the Treaty between April 1 and ...", "the CEO Forum in March": a date, not the title.
                // (The month looked up first, by the token's hash: most words are followed by none.)
                if k + 1 < tokens.count, Vocabulary.months.contains(text: tokens[k + 1]), Self.connectors.contains(lower[k]) { break }
                // (In a title set in capitals every word is: "AGREEMENT OF" is no acronym.)
                if (!direct && (tokens[k].isCapitalized || tokens[k].isAllCaps))
                    || (direct && (tokens[k].kind == .number || tokens[k].isAllCaps && !Self.capitalFunctionWords.contains(lower[k])))
                    || (!direct && tokens[k].text == "-" && k + 1 < tokens.count && tokens[k + 1].isCapitalized) {
                    k += 1
                    end = k
                    continue
                }
                if Self.connectors.contains(lower[k]), k + 1 < tokens.count,
                   tokens[k + 1].isCapitalized || (lower[k + 1].isOne(of: "the", "a", "an") && k + 2 < tokens.count && tokens[k + 2].isCapitalized),
                   lower[k] != "to" || k == end {
                    k += 1
                    continue
                }
                break
            }
            // Headlines are in title case: every word capitalized says nothing about names.
            // (A headline that is nothing but the name is the name: "U.S.-Mexico Security
            // Cooperation Agreement" on a line of its own.)
            let inHeading = document.kind.kind != .agreement && (headingRanges.contains(range: tokens[i].range)
                || agreementHead && headlineBlock(ofToken: i).map { line in
                    !(tokens[start].range.start <= line.start && line.end <= tokens[end - 1].range.end)
                } ?? false)
            let named = !inHeading && (end - start > headLength || (i + headLength < end))
            // "US Border Patrol" is a body, already an entity; a commission an agreement
            // establishes is both a body and a program of the parties.
            let headRange = tokens[i].range
            let isEntity = entityMentions.contains(range: headRange)
            let isBody = lower[i + headLength - 1].isOne(of: "commission", "committee", "council", "board", "group")
            let knownBody = knownBodies.contains(range: headRange)
            let establishedHere = isBody && !knownBody && (document.kind.kind == .agreement
                || (sentenceTokens[sentence] ?? 0..<0).contains { lower.isIn(Self.establishingWords, $0) })
            // "International Agreements", "Other Conventions": no name, only generic words.
            let modifiers = (start..<i).map { lower[$0] }
            var generic = !modifiers.isEmpty && modifiers.allSatisfy { Self.genericModifiers.contains($0) } && i + headLength == end
            // "the Agreement between the Parties", "this Treaty between the two Governments".
            if agreementHead, start == i, end > i + 2, lower[i + 1] == "between",
               ((i + 2)..<end).allSatisfy({ Self.partiesWords.contains(lower[$0]) }) {
                generic = true
            }
            if notTitle || partOfInstrument { generic = true }
            if named && !generic && (!isEntity || establishedHere) {
                phrases.append(Phrase(tokens: start..<end, head: i, named: true))
            }
            i = max(end, i + 1)
        }

        // Descriptive agreements: "signed an agreement on a US-Mexico Cross Border Security Communications Network".
        var nextAgreementHead = Self.nextFlagged(flags, from: 0, mask: Self.agreementHeadFlag)
        while nextAgreementHead < tokens.count {
            let index = nextAgreementHead
            nextAgreementHead = Self.nextFlagged(flags, from: index + 1, mask: Self.agreementHeadFlag)
            guard !tokens[index].isCapitalized else { continue }
            guard index >= 1 else { continue }
            let word = lower[index]
            var k = index - 1
            while k >= 0, lower.isIn(Self.headModifiers, k) { k -= 1 }
            guard k >= 0, ["a", "an", "the", "this", "their", "its", "our"].contains(lower[k]) else { continue }
            guard index + 1 < tokens.count, ["on", "to", "for", "regarding", "concerning", "between", "that", "of"].contains(lower[index + 1]) || (word == "memorandum") else { continue }
            // The object: to the end of the noun phrase.
            var end = index + 1
            if word == "memorandum", index + 2 < tokens.count, lower[index + 1] == "of", lower[index + 2] == "understanding" { end = index + 3 }
            if end < tokens.count, lower[end].isOne(of: "on", "to", "for", "regarding", "concerning") {
                var j = end + 1
                while j < tokens.count, sentenceOf[j] == sentenceOf[index], ![",", ".", ";", ":", "\"", "(", ")"].contains(tokens[j].text),
                      !lower[j].isOne(of: "that", "which", "who", "and") || (lower[j] == "and" && j + 1 < tokens.count && tokens[j + 1].isCapitalized) {
                    j += 1
                }
                // At least one word of what it is about: "an agreement to" alone says nothing.
                if j - end <= 14 && j > end + 1 { end = j }
            }
            guard end > index + 1, !Self.connectors.contains(lower[end - 1]) else { continue }
            phrases.append(Phrase(tokens: (k + 1)..<end, head: index, named: false))
        }

        // Records from the phrases.
        for phrase in phrases.sorted(by: { $0.tokens.lowerBound < $1.tokens.lowerBound }) {
            let headWord = lower[phrase.head]
            let twoWord = phrase.head + 1 < tokens.count ? headWord + " " + lower[phrase.head + 1] : ""
            var titleTokens = phrase.tokens
            while titleTokens.count > 1, ["a", "an", "the", "this", "their", "its", "our"].contains(lower[titleTokens.lowerBound]) {
                titleTokens = (titleTokens.lowerBound + 1)..<titleTokens.upperBound
            }
            let title = textOf(titleTokens)
            let range = TextRange(tokens[titleTokens.lowerBound].range.start, tokens[titleTokens.upperBound - 1].range.end)
            let sentence = sentenceRange(phrase.head)
            // The sentence's words, made only for a new agreement (the one use).
            let sentenceWords = SentenceWords(tokens: tokens, range: sentenceTokens[sentenceOf[phrase.head]] ?? 0..<0)
            if let type = Self.agreementHeads[headWord], Self.programHeads[twoWord] == nil {
                // The document's own title is the instrument, not another agreement.
                if document.kind.kind == .agreement, let first = foldedFirstTitle(), first.contains(Names.fold(title)) { continue }
                if headWord == "statement" && !phrase.named { continue }
                if headWord == "statement", !lower[phrase.tokens].contains("joint") { continue }
                let key = Names.fold(title)
                if let existing = agreementIndex[key] ?? agreementIndex.overlapping(key) {
                    agreements[existing].evidence.append(Evidence(range: range, rule: "agreement:mention"))
                    continue
                }
                var status: String?
                let before = phrase.tokens.lowerBound > 0 ? lower[phrase.tokens.lowerBound - 1] : ""
                if before == "under" || sentenceWords.contains("force") && !sentenceWords.contains("enter") { status = "in force" }
                else if sentenceWords.containsAny(of: Self.signVerbs) { status = "signed" }
                else if sentenceWords.containsAny(of: Self.announceVerbs) { status = "announced" }
                else if sentenceWords.contains("extend") || sentenceWords.contains("extended") || sentenceWords.contains("renewed") { status = "extended" }
                else if sentenceWords.containsAny(of: Self.planCues) { status = "proposed" }
                // An unnamed agreement that is only mentioned or hoped for ("reach an agreement on
                // the filling of the dam", "bilateral agreements") is no record; one signed,
                // announced, in force or extended is. (The network "an agreement on a ...
                // Network" names is still read below.)
                if !phrase.named && (status == nil || status == "proposed") {
                    addProgramNamed(in: titleTokens, establishedBy: nil, sentence: sentence)
                    continue
                }
                var agreement = Agreement(id: "a\(agreements.count + 1)", title: title, type: type, status: status,
                                          evidence: [Evidence(range: range, rule: phrase.named ? "agreement:named" : "agreement:described")])
                // Parties: the countries named in the title, else the principal parties for a signing.
                let inTitle = mentionsIn(range, types: [.country])
                agreement.parties = inTitle.count >= 2 ? inTitle : (status == "signed" ? principal : inTitle)
                if status == "signed" { recordSigning(&agreement, sentence: sentence, name: range, today: sentenceWords.contains("today")) }
                // "I am pleased to announce the Joint Declaration … today": made on the day (unless
                // its name or the words after it give its date: read below).
                if status == "announced", sentenceWords.contains("today") { announcedToday.insert(agreements.count) }
                agreementIndex[key] = agreements.count
                agreements.append(agreement)
                // "an agreement on a ... Network" also names the network it establishes.
                if !phrase.named { addProgramNamed(in: titleTokens, establishedBy: agreement.id, sentence: sentence) }
                continue
            }
            let kind = Self.programHeads[twoWord] ?? Self.programHeads[headWord] ?? "program"
            // Councils, committees and groups are programs only when they are joint bodies,
            // or bodies the agreement establishes.
            if kind.isOne(of: "commission", "committee", "council", "group", "mission"),
               !mechanisms.contains(where: { $0.start <= range.start && range.end <= $0.end + 1 }) {
                // (Each word asked by its hash: no set made of the sentence's words.)
                let established = document.kind.kind == .agreement
                    || (sentenceTokens[sentenceOf[phrase.head]] ?? 0..<0).contains { lower.isIn(Self.establishingWords, $0) }
                if !established { continue }
            }
            addProgram(titleTokens, kind: kind, establishedBy: nil, sentence: sentence)
        }

        // Descriptive programs: "a program of coordinated patrols", "a working group to advance
        // electrical interconnection", "establish a task force on ...".
        var nextDescriptive = Self.nextFlagged(flags, from: 0, mask: Self.descriptiveFlag)
        while nextDescriptive < tokens.count {
            let index = nextDescriptive
            nextDescriptive = Self.nextFlagged(flags, from: index + 1, mask: Self.descriptiveFlag)
            guard !tokens[index].isCapitalized else { continue }
            guard let candidates = Self.headsByFirstWord[lower[index]], let (head, kind) = candidates.first(where: { head, _ in
                index + head.count <= lower.count && head.indices.allSatisfy { lower[index + $0] == head[$0] }
            }) else { continue }
            guard index >= 1 else { continue }
            var k = index - 1
            while k >= 0, Self.programModifiers.contains(lower[k]) { k -= 1 }
            guard k >= 0, lower[k].isOne(of: "a", "an", "the") || Self.programCounts.contains(lower[k]) else { continue }
            // ("three working groups": the number is part of the name.)
            if Self.programCounts.contains(lower[k]) { k -= 1 }
            // Bodies and funds count only when set up ("establish", "create", "launch") or named by what they do.
            let headEnd = index + head.count
            var end = headEnd
            if head != ["patrols"], end < tokens.count, lower[end].isOne(of: "of", "for", "on", "to") {
                var j = end + 1
                while j < tokens.count, sentenceOf[j] == sentenceOf[index], j - end < 8, tokens[j].kind == .word,
                      !Self.connectors.contains(lower[j]) || lower[j] == "of"
                        // ("and" joins the object's words, not a second program: "… to identify
                        // challenges and three working groups on energy".)
                        || (lower[j] == "and" && j + 1 < tokens.count && tokens[j + 1].kind == .word
                            && !Self.programCounts.contains(lower[j + 1]) && !lower[j + 1].isOne(of: "a", "an", "the")) {
                    j += 1
                }
                end = j
            }
            let setUp = k >= 1 && ["establish", "create", "launch", "form", "set", "convene", "inaugurate", "inauguration", "of"].contains(lower[k - 1])
            guard end - (k + 1) >= 2, end > headEnd || setUp || ["patrols"].contains(head.last!) || k + 1 < index else { continue }
            addProgram((k + 1)..<end, kind: kind, establishedBy: nil, sentence: sentenceRange(index))
        }
        // In an agreement text, the items under "... shall ensure the following:" or "...
        // may take the following forms:" are the programs of cooperation it sets up.
        if document.kind.kind == .agreement {
            var leadIn = false
            for block in segmentation.blocks {
                if block.role == .listItem {
                    guard leadIn else { continue }
                    let start = block.marker?.end ?? block.range.start
                    let head = Self.listItemHead(text.string(TextRange(start, block.range.end)).trimmingSpaces())
                    guard (2...16).contains(head.words) else { continue }
                    var item = head.item
                    let first = head.first.lowercased()
                    let itemLower = item.lowercased()
                    // Activities, not obligations: "exchange of data", "meetings of scientists", "joint research".
                    guard ["exchange", "exchanges", "meetings", "meeting", "visits", "joint", "mutual", "training", "research",
                           "cooperation", "consultations", "an", "a", "the"].contains(first),
                          itemLower.contains("exchange") || itemLower.contains("meeting") || itemLower.contains("visit")
                            || itemLower.contains("research") || itemLower.contains("program") || itemLower.contains("training")
                            || itemLower.contains("project") else { continue }
                    for article in ["An ", "A ", "The ", "an ", "a ", "the "] where item.hasPrefix(article) { item = String(item.dropFirst(article.count)) }
                    let key = Names.fold(item)
                    guard programIndex[key] == nil else { continue }
                    let span = TextRange(start, block.range.end)
                    var program = Program(id: "p\(programs.count + 1)", name: item, kind: "cooperation", participants: principal,
                                          evidence: [Evidence(range: span, rule: "program:form-of-cooperation")])
                    program.status = "planned"
                    programIndex[key] = programs.count
                    programs.append(program)
                } else {
                    // A lead-in ends with a colon (lower-casing does not change the end), so
                    // only such blocks are lower-cased. (A text whose last scalar is not a colon
                    // has no colon as its last character: most blocks are not made strings.)
                    guard block.range.end > block.range.start, text.mapped.scalars[block.range.end - 1] == ":" else {
                        leadIn = false
                        continue
                    }
                    let block = text.string(block.range)
                    leadIn = block.hasSuffix(":") && {
                        let lowered = Lowercase.of(block)
                        return ["following", "forms", "activities", "cooperation", "include"].contains { lowered.contains($0) }
                    }()
                }
            }
        }

        // Drop the leading article from program names.
        for index in programs.indices {
            for article in ["a ", "an ", "the ", "A ", "An ", "The "] where programs[index].name.hasPrefix(article) {
                programs[index].name = String(programs[index].name.dropFirst(article.count))
            }
        }

        // An agreement given an acronym in parentheses is named by it later (`acronymMentions`,
        // out of this function: grown further, it no longer had its array reads inlined). A
        // signing under the acronym is recorded as one under the full name; a status that says
        // more (in force) stays.
        for mention in Self.acronymMentions(agreements, tokens: tokens, lower: lower, sentenceOf: sentenceOf, isEntity: { acronym in
            entityMentions.contains(range: tokens[acronym.lowerBound].range)
                || !mentionsIn(TextRange(tokens[acronym.lowerBound].range.start, tokens[acronym.upperBound - 1].range.end), types: [.country]).isEmpty
        }) {
            let index = mention.agreement
            // (A known agreement's alias is already its mention there.)
            if !agreements[index].evidence.contains(where: { $0.range == mention.range }) {
                agreements[index].evidence.append(Evidence(range: mention.range, rule: "agreement:acronym"))
            }
            guard mention.signed, [nil, "announced", "proposed"].contains(agreements[index].status) else { continue }
            agreements[index].status = "signed"
            let today = (sentenceTokens[sentenceOf[mention.token]] ?? 0..<0).contains { lower[$0] == "today" }
            recordSigning(&agreements[index], sentence: sentenceRange(mention.token), name: mention.range, today: today)
            if agreements[index].parties.isEmpty { agreements[index].parties = principal }
        }

        // "the 1972 London Dumping Convention", "the 1949 International Convention": a year
        // right before an agreement's name (or opening it) is its year; not one after the
        // document's ("the 2030 Agenda" names a target).
        let documentYear = document.date.flatMap { Int($0.prefix(4)) } ?? Int.max
        for index in agreements.indices where agreements[index].date == nil {
            for evidence in agreements[index].evidence {
                guard let first = tokens.firstIndex(startingAtOrAfter: evidence.range.start) else { continue }
                let candidates = first > 0 && tokens[first].range.start == evidence.range.start ? [first, first - 1] : [first]
                if let year = candidates.first(where: { Self.isYear(tokens[$0]) && Int(tokens[$0].text)! <= documentYear }) {
                    agreements[index].date = tokens[year].text
                    break
                }
                if let date = dateRightAfter(evidence.range), Int(date.prefix(4)).map({ $0 <= documentYear }) ?? false {
                    agreements[index].date = date
                    break
                }
            }
            if agreements[index].date == nil, announcedToday.contains(index) { agreements[index].date = document.date }
        }

        // References.
        var references: [CrossReference] = []
        for agreement in agreements {
            for party in agreement.parties { references.append(CrossReference(from: party, to: agreement.id, relation: .partyTo)) }
            for signatory in agreement.signatories { references.append(CrossReference(from: signatory, to: agreement.id, relation: .signed)) }
        }
        for program in programs {
            if let agreement = program.establishedBy { references.append(CrossReference(from: agreement, to: program.id, relation: .establishes)) }
        }
        let events = EventExtractor().run(text: text, segmentation: segmentation, tokens: tokens, entities: entities, documentDate: document.date,
                                          sentenceTokens: sentenceTokens)
        return Output(agreements: agreements, programs: programs, events: events, references: references)
    }

    /// The later mentions of agreements by the acronym given them in parentheses after their
    /// name ("the “Comprehensive Security Integration and Prosperity Agreement” (C-SIPA) ...
    /// Secretary Blinken and Crown Prince Salman today signed C-SIPA"), in text order, and
    /// whether each is what was signed, in the past ("signed C-SIPA", "signed the C-SIPA";
    /// not "will sign", "did not sign"). The acronym is one word and no entity's ("UN" after
    /// "Charter of the United Nations"; `isEntity` says, of its tokens).
    static func acronymMentions(_ agreements: [Agreement], tokens: [Token], lower: LowerWords, sentenceOf: [Int],
                                isEntity: (Range<Int>) -> Bool) -> [(agreement: Int, token: Int, range: TextRange, signed: Bool)] {
        var acronyms: [(words: [String], agreement: Int, after: Int)] = []
        for index in agreements.indices {
            guard let named = agreements[index].evidence.first,
                  var k = tokens.firstIndex(startingAtOrAfter: named.range.end) else { continue }
            while k < tokens.count, tokens[k].text.isOne(of: "\u{201D}", "\"", "'", "\u{2019}") { k += 1 }
            guard k < tokens.count, tokens[k].text == "(", tokens[k].range.start - named.range.end <= 3 else { continue }
            var close = k + 1
            while close < tokens.count, close - k <= 6, tokens[close].text != ")" { close += 1 }
            let acronym = (k + 1)..<close
            guard close < tokens.count, tokens[close].text == ")", !acronym.isEmpty,
                  acronym.contains(where: { tokens[$0].isAllCaps }),
                  acronym.allSatisfy({ tokens[$0].isAllCaps || tokens[$0].text == "-" || tokens[$0].kind == .number
                                       || (tokens[$0].text.unicodeScalars.count == 1 && tokens[$0].isCapitalized) }),
                  acronym.dropFirst().allSatisfy({ tokens[$0].range.start == tokens[$0 - 1].range.end }),
                  !isEntity(acronym)
            else { continue }
            acronyms.append((acronym.map { tokens[$0].text }, index, close + 1))
        }
        guard !acronyms.isEmpty else { return [] }
        // One pass over the tokens, each screened by its hash against the few first words (a
        // dictionary lookup would hash the string again at every token). By bytes only where
        // bytes decide: a token or first word not NFC for sure is compared as a string.
        let byFirstWord = Dictionary(grouping: acronyms.indices, by: { acronyms[$0].words[0] })
        var firstHashes = WordHashSet(capacity: 16)
        for acronym in acronyms { firstHashes.insert(WordHash.of(acronym.words[0])) }
        let screened = acronyms.allSatisfy { NFCCheck.isNFCForSure($0.words[0]) }
        var mentions: [(agreement: Int, token: Int, range: TextRange, signed: Bool)] = []
        var j = 0
        while j < tokens.count {
            guard !screened || !tokens[j].isPlainNFC || firstHashes.contains(tokens[j].textHash),
                  let candidates = byFirstWord[tokens[j].text],
                  let found = candidates.first(where: { c in
                      let words = acronyms[c].words
                      return j >= acronyms[c].after && j + words.count <= tokens.count
                          && (0..<words.count).allSatisfy { tokens[j + $0].text == words[$0] }
                          // A whole word: not the "SIPA" of "C-SIPA" (a word or hyphen right against it).
                          && !continues(tokens, j + words.count - 1, with: j + words.count) && !continues(tokens, j, with: j - 1)
                  }) else {
                j += 1
                continue
            }
            let count = acronyms[found].words.count
            let verb = (max(0, j - 3)..<j).last { sentenceOf[$0] == sentenceOf[j] && pastSignVerbs.contains(lower[$0]) }
            let signed = verb.map { verb in !(max(0, verb - 2)..<verb).contains { lower[$0].isOne(of: "will", "to", "not", "never", "would") } } ?? false
            mentions.append((acronyms[found].agreement, j, TextRange(tokens[j].range.start, tokens[j + count - 1].range.end), signed))
            j += count
        }
        return mentions
    }


    /// The place where the paragraph says things happened: the last city or place named
    /// after "in" or "at" before `position` ("They began Tuesday in Matamoros, ...").
    func nearestPlace(before position: Int, entities: [Entity], segmentation: Segmentation, tokens: [Token]) -> String? {
        guard let block = segmentation.blocks.first(where: { $0.range.start <= position && position <= $0.range.end }) else { return nil }
        var best: (String, Int)?
        var located: (String, Int)?
        for entityIndex in entities.indices where entities[entityIndex].type == .city || entities[entityIndex].type == .place {
            for mention in entities[entityIndex].mentions where mention.range.start >= block.range.start && mention.range.end <= position {
                if best == nil || mention.range.start > best!.1 { best = (entities[entityIndex].id, mention.range.start) }
                if let index = tokens.firstIndex(startingAtOrAfter: mention.range.start), tokens[index].range.start == mention.range.start, index > 0,
                   tokens[index - 1].lower.isOne(of: "in", "at"), located == nil || mention.range.start > located!.1 {
                    located = (entities[entityIndex].id, mention.range.start)
                }
            }
        }
        return located?.0 ?? best?.0
    }

    /// A year written alone: four digits from 1800 to 2099.
    static func isYear(_ token: Token) -> Bool {
        guard token.kind == .number, token.text.utf8.count == 4, let value = Int(token.text) else { return false }
        return (1800...2099).contains(value)
    }

    /// Words shortly before a date that make it no date of signing: "enters into force on",
    /// "until". ("by" is not one: "signed by Secretary Chong on May 1".)
    static let durationCues: Set<String> = ["force", "effect", "effective", "until", "through", "expire", "expires"]

    /// When the instrument was signed: a full date in the signature block; else one right
    /// after "done", "signed", "dated" or "issued"; else the first full date at the top.
    public static func signatureDate(dates: [DateMention], tokens: [Token], text: NormalizedText, segmentation: Segmentation) -> String? {
        let full = dates.filter { !$0.relative && ($0.value?.count ?? 0) == 10 }
        if let block = segmentation.signature?.range, let date = full.first(where: { block.contains($0.range) }) { return date.value }
        if let date = segmentation.signature?.date { return date }
        // Notes are dated "Ottawa, May 9, 1974": an exchange of notes is concluded by the last one.
        let datelines = full.filter { date in
            guard let block = segmentation.blocks.first(where: { $0.range.contains(date.range) }) else { return false }
            // A dateline's date ends its paragraph: asked first, so the words before a date in
            // a long paragraph are not split into characters for every date in it.
            guard block.range.end - date.range.end <= 2 else { return false }
            let before = text.string(TextRange(block.range.start, date.range.start))
            let words = before.split(whereSeparator: { $0 == " " || $0 == "," })
            return !words.isEmpty && words.count <= 5 && words.allSatisfy { $0.first?.isUppercase ?? false }
        }
        if datelines.count >= 2, let last = datelines.last { return last.value }
        let cues: Set<String> = ["done", "signed", "dated", "issued", "concluded", "adopted", "executed"]
        for date in full {
            guard let index = tokens.firstIndex(startingAtOrAfter: date.range.start) else { continue }
            let window = tokens[max(0, index - 8)..<index].map { $0.lower }
            if window.contains(where: cues.contains) && !window.contains("force") { return date.value }
        }
        let top = max(400, text.count / 20)
        return full.first(where: { $0.range.start < top })?.value
    }
}

/// Meetings, calls, visits, signings and announcements, in the spirit of CAMEO event
/// codes: who, where, when.
public struct EventExtractor: Sendable {
    public init() {}

    static let cues: [(String, EventType)] = [
        ("met", .meeting), ("meet", .meeting), ("meeting", .meeting), ("meetings", .meeting), ("convened", .meeting),
        ("hosted", .meeting), ("spoke", .call), ("call", .call), ("called", .call), ("visit", .visit), ("visited", .visit),
        ("visiting", .visit), ("traveled", .visit), ("travelled", .visit), ("trip", .visit), ("signed", .signing),
        ("signing", .signing), ("announced", .announcement), ("announce", .announcement), ("negotiated", .negotiation),
        ("negotiations", .negotiation), ("talks", .negotiation),
    ]
    static let cueTypes = WordTable<EventType>(Dictionary(cues, uniquingKeysWith: { first, _ in first }))

    /// `sentenceTokens`: each sentence's run of tokens (`sentenceRuns`), when the caller has it.
    public func run(text: NormalizedText, segmentation: Segmentation, tokens: [Token], entities: [Entity], documentDate: String?,
                    sentenceTokens: [Range<Int>?]? = nil) -> [Event] {
        var events: [Event] = []
        let cueTypes = Self.cueTypes  // read once, not through its lazy initializer every token
        // Which entities each sentence mentions, in one pass over the mentions: each mention's
        // sentence, then the entities grouped by sentence in one array (`mentioned[first[s]..<
        // filled[s]]` are sentence s's, in entity order, an entity once for a run of its
        // mentions; the room up to `first[s + 1]` that repeats would have taken stays unused),
        // not an array for each sentence.
        let sentenceCount = segmentation.sentences.count
        let starts = segmentation.sentences.map(\.range.start)
        var pairs: [(sentence: Int, entity: Int)] = []
        pairs.reserveCapacity(entities.mentionCount)
        for index in entities.indices {
            for mention in entities[index].mentions {
                var lo = 0, hi = starts.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if starts[mid] <= mention.range.start { lo = mid + 1 } else { hi = mid }
                }
                let sentence = lo - 1
                guard sentence >= 0, segmentation.sentences[sentence].range.contains(mention.range) else { continue }
                pairs.append((sentence, index))
            }
        }
        var first = [Int](repeating: 0, count: sentenceCount + 1)
        for pair in pairs { first[pair.sentence + 1] += 1 }
        for s in 0..<sentenceCount { first[s + 1] += first[s] }
        var mentioned = [Int](repeating: 0, count: pairs.count)
        var filled = Array(first.dropLast())
        for pair in pairs where filled[pair.sentence] == first[pair.sentence] || mentioned[filled[pair.sentence] - 1] != pair.entity {
            mentioned[filled[pair.sentence]] = pair.entity
            filled[pair.sentence] += 1
        }
        // Tokens come in sentence order: each sentence's tokens are one run.
        let bySentence = sentenceTokens ?? tokens.sentenceRuns(sentences: segmentation.sentences.count)
        var participants: [String] = []
        for sentenceIndex in segmentation.sentences.indices {
            guard sentenceIndex < bySentence.count, let indices = bySentence[sentenceIndex] else { continue }
            // The participants first (a sentence naming no person or organization has no event,
            // and its words need not be looked up), then the sentence's first cue word.
            // (Into one list kept from sentence to sentence: a sentence's own list was made for
            // every sentence that names someone, nearly all of them for no event.)
            participants.removeAll(keepingCapacity: true)
            var place: String?
            // (An entity's fields read where they are: a copy of the entity is a retain and a
            // release of each of its strings and arrays.)
            for index in mentioned[first[sentenceIndex]..<filled[sentenceIndex]] {
                switch entities[index].type {
                case .person, .organization: participants.append(entities[index].id)
                case .city, .place: place = place ?? entities[index].id
                case .country, .subdivision: break
                }
            }
            guard !participants.isEmpty else { continue }
            var cue: (index: Int, type: EventType)?
            for i in indices {
                if let type = cueTypes.value(lower: tokens[i]) {
                    cue = (i, type)
                    break
                }
            }
            guard let (cueIndex, type) = cue else { continue }
            let date: String? = nil
            events.append(Event(id: "v\(events.count + 1)", type: type, participants: participants, place: place, date: date ?? documentDate,
                                evidence: [Evidence(range: tokens[cueIndex].range, rule: "event:\(tokens[cueIndex].lower)")]))
        }
        return events
    }
}
