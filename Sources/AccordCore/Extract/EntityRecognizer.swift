/// Finds the entities of a document (countries, subdivisions, cities and places,
/// organizations, persons) with their mentions, and resolves mentions of the same
/// thing to one entity ("Napolitano", "Secretary Napolitano", "Janet Napolitano").
public struct EntityRecognizer: Sendable {
    public let gazetteer: Gazetteer
    public let configuration: Configuration

    public init(gazetteer: Gazetteer = .builtIn, configuration: Configuration = Configuration()) {
        self.gazetteer = gazetteer.adding(configuration)
        self.configuration = configuration
    }

    /// A mention before resolution.
    struct Candidate {
        enum Source {
            case gazetteer(entry: Int, form: GazetteerHit.Form)
            case organization(core: Range<Int>, country: Int?)
            /// A named building, base or facility found by its head noun.
            case namedPlace
            case person(name: [String])
        }
        var tokens: Range<Int>
        var source: Source
        var rule: String
        /// Person mentions: the title before the name, if any ("Secretary").
        var title: TitleInfo?
        /// Another mention of the same entity (an acronym's definition, a surname's full name).
        var sameAs: Int?
    }

    struct TitleInfo {
        var tokens: Range<Int>
        var text: String
        /// The title alone ("Secretary"), when it stands right before the name with no
        /// complement, so "Secretary Napolitano" is a form of the name.
        var directForm: String?
        var countryEntry: Int?
        var organization: Range<Int>?
        var plural: Bool
    }

    public struct Output: Sendable {
        public var entities: [Entity]
        public var references: [CrossReference]
        public var tokens: [Token]
        /// Joint bodies of the parties (commissions, councils) left for the program stage.
        public var mechanisms: [TextRange]
        /// Agreements found by name in the gazetteer: where, and the entry.
        public var knownAgreements: [(range: TextRange, entry: GazetteerEntry)]
        /// Programs named in the user's configuration: where, and the entry.
        public var knownPrograms: [(range: TextRange, entry: GazetteerEntry)]
        /// Words that open a sentence capitalized and are also written in lower case (lower
        /// case forms): their capital says nothing of a name.
        public var lowercaseWords: Set<String> = []
    }

    /// - Parameter documentDate: when the document was written or signed (ISO 8601), so
    ///   "Russia" in a 1922 treaty is the Russian SFSR.
    public func run(text: NormalizedText, segmentation: Segmentation, documentDate: String? = nil) -> Output {
        run(text: text, segmentation: segmentation, tokens: Tokenizer.tokenize(text, sentences: segmentation.sentences), documentDate: documentDate)
    }

    public func run(text: NormalizedText, segmentation: Segmentation, tokens: [Token], documentDate: String?) -> Output {
        var context = Context(tokens: tokens, gazetteer: gazetteer, text: text)
        context.documentDate = documentDate
        context.configuration = configuration
        context.collectGazetteerMatches()
        context.findOrganizations()
        context.findAcronyms()
        context.findPersons()
        context.addSignatories(segmentation.signature)
        context.linkSurnames()
        return context.assemble()
    }
}

/// The working state of one document's recognition.
struct Context {
    let tokens: [Token]
    let gazetteer: Gazetteer
    let text: NormalizedText
    var candidates: [EntityRecognizer.Candidate] = []
    /// `usedInLowerCase`'s hashes, made when first asked for.
    var lowerCaseWordHashes: WordHashSet?
    /// Tokens already taken by a mention (index → candidate).
    var occupied: [Int?]
    /// Title matches, kept apart: they are not entities but introduce persons.
    /// Only ever added to (`addTitle`), which keeps the marks below up to date.
    private(set) var titles: [Range<Int>: Int] = [:]
    /// Where title matches start (bit 1), and every token inside one (bit 2), by token: asked
    /// of token after token, a bit of an array, not a set's hashing.
    private var titleMarks: [UInt8]

    mutating func addTitle(_ range: Range<Int>, entry: Int) {
        titles[range] = entry
        titleMarks[range.lowerBound] |= 1
        for k in range { titleMarks[k] |= 2 }
    }

    /// A title match starts at token `index`.
    func startsTitle(_ index: Int) -> Bool { index >= 0 && index < titleMarks.count && titleMarks[index] & 1 != 0 }

    /// Token `index` is inside a title match.
    func inTitle(_ index: Int) -> Bool { index >= 0 && index < titleMarks.count && titleMarks[index] & 2 != 0 }
    var placeMatches: [Int: (Range<Int>, Int, GazetteerHit.Form)] = [:]
    /// `speaks(of:in:)` for the gazetteer entries asked about so far (by entry index).
    var speaksOfEntry: [Int: Bool] = [:]
    /// Lower-case words of the document: a capitalized word that also appears in lower
    /// case is an ordinary word at the start of a sentence, not a name. Only asked of
    /// capitalized words that start a sentence, so it holds just those that occur in lower case.
    let lowercaseWords: Set<String>
    var acronyms: [String: Int] = [:]
    var documentDate: String?
    /// Joint bodies of the parties (commissions, councils, groups), kept for programs.
    var mechanisms: [Range<Int>] = []
    /// Agreements the gazetteer knows by name, with their gazetteer entries.
    var knownAgreements: [(TextRange, Int)] = []
    /// Programs a user's configuration names.
    var knownPrograms: [(TextRange, Int)] = []
    var configuration = Configuration()

    static let honorifics: WordTable<Bool> = ["Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr"]

    func textRangeOf(_ range: Range<Int>) -> TextRange {
        TextRange(tokens[range.lowerBound].range.start, tokens[range.upperBound - 1].range.end)
    }

    init(tokens: [Token], gazetteer: Gazetteer, text: NormalizedText) {
        self.tokens = tokens
        self.gazetteer = gazetteer
        self.text = text
        occupied = Array(repeating: nil, count: tokens.count)
        titleMarks = [UInt8](repeating: 0, count: tokens.count)
        lowercaseWords = Self.lowercaseWordsAsked(tokens)
    }

    /// The lower-case tokens' texts that the `WordTable` of the lower-case forms of capitalized
    /// words starting a sentence finds (`lowercaseWordsByTable`, the reference): the words
    /// asked of `lowercaseWords`. The asked forms are found by the hashes the tokens carry, in
    /// a small table made per document, not hashed again for a dictionary. Where every asked
    /// form and every lower-case token is NFC for sure, a text equals a form exactly when
    /// their bytes are equal, and then it has the form's hash; a form or token that is not
    /// NFC for sure, or two forms with one hash, leave the question to the `WordTable`.
    static func lowercaseWordsAsked(_ tokens: [Token]) -> Set<String> {
        lowercaseWordsByHash(tokens) ?? lowercaseWordsByTable(tokens)
    }

    /// `lowercaseWordsAsked` by the tokens' hashes; nil where it leaves the question to the table.
    static func lowercaseWordsByHash(_ tokens: [Token]) -> Set<String>? {
        tokens.withUnsafeBufferPointer { tokens -> Set<String>? in
            // Hash of an asked form -> its place in `forms` (a token with that form).
            var asked = WordHashMap<Int>(capacity: 64, empty: -1)
            var forms: [Int] = []
            // The asked forms' hashes as bits of a set of 1,024 (ten bits of each hash): a
            // lower-case word whose bit is clear is none of them, without a probe of `asked`
            // (most words: a document asks a few dozen forms).
            var screen = [UInt64](repeating: 0, count: 16)
            // One pass over the tokens (each read once: they are many, and mostly out of the
            // nearest caches by now): the asked forms, and the places of the lower-case words,
            // listed without a branch on each token's case (which no processor could predict:
            // lower-case words and others alternate in no order); every place is written, and
            // the count moves on by the answer. Whether a lower-case word is not NFC for sure
            // is gathered the same way.
            var lowerCount = 0
            var unsure: UInt8 = 0
            var failed = false  // two asked forms with one hash, or one not NFC for sure
            // (Each lower-case word's hash beside its place: the list is read without the tokens.)
            var lowerHashes = [UInt64](repeating: 0, count: tokens.count)
            let lowerPlaces = [Int32](unsafeUninitializedCapacity: tokens.count) { places, made in
                for index in tokens.indices {
                    let isLowercase: UInt8 = tokens[index].isLowercase ? 1 : 0
                    places[lowerCount] = Int32(truncatingIfNeeded: index)
                    lowerHashes[lowerCount] = tokens[index].textHash
                    lowerCount &+= Int(isLowercase)
                    unsure |= isLowercase & (tokens[index].isPlainNFC ? 0 : 1)
                    // (A word that begins a sentence, at most one a sentence: a branch taken rarely.)
                    guard tokens[index].sentenceInitial && tokens[index].isCapitalized else { continue }
                    let hash = tokens[index].lowerHash
                    if let other = asked[hash] {
                        if Names.sameBytes(tokens[forms[other]].lower, tokens[index].lower) { continue }
                        failed = true
                        break
                    }
                    guard NFCCheck.isNFCForSure(tokens[index].lower) else {
                        failed = true
                        break
                    }
                    asked[hash] = forms.count
                    forms.append(index)
                    screen[Int(hash >> 6 & 15)] |= 1 << (hash & 63)
                }
                made = lowerCount
            }
            if failed { return nil }
            guard !forms.isEmpty else { return [] }
            // A lower-case word not NFC for sure leaves the question to the table.
            guard unsure == 0 else { return nil }
            // (Room for every asked form made at once: grown from empty, the set was rehashed
            // at each doubling.)
            var lower = Set<String>(minimumCapacity: forms.count)
            // Each form found in lower case goes into the set once, not hashed for the set
            // again at every later occurrence ("the" after "The" began a sentence).
            var found = [Bool](repeating: false, count: forms.count)
            let bits = screen
            for k in lowerPlaces.indices {
                let hash = lowerHashes[k]
                if bits[Int(hash >> 6 & 15)] >> (hash & 63) & 1 == 0 { continue }
                let index = Int(lowerPlaces[k])
                // Two NFC strings are equal as strings only when their bytes are: an asked form
                // equal to the text has the text's hash.
                guard let place = asked[hash], !found[place],
                      Names.sameBytes(tokens[forms[place]].lower, tokens[index].text) else { continue }
                found[place] = true
                lower.insert(tokens[index].text)
            }
            return lower
        }
    }

    /// `lowercaseWordsAsked` through a `WordTable` of the asked forms (any text; what the
    /// table finds, as it always did).
    static func lowercaseWordsByTable(_ tokens: [Token]) -> Set<String> {
        let asked = WordTable(words: tokens.indices.lazy.filter { tokens[$0].sentenceInitial && tokens[$0].isCapitalized }.map { tokens[$0].lower },
                              bits: 1 << 12)
        // A lower-case token equal to an asked word has that word as its lower-case form, so
        // its lower-case hash is the word's: the filter rules out most tokens.
        var lower = Set<String>()
        // A word found again ("the" after "The" began a sentence) is recognized by its hash and
        // confirmed by its text, without asking the table and the set again.
        var found = WordHashMap<Int>(capacity: 64, empty: -1)
        var foundTexts: [String] = []
        // Through a buffer pointer: each token's fields read where they are, the token not
        // copied out (its strings retained and released) for every lower-case word.
        tokens.withUnsafeBufferPointer { tokens in
            for index in tokens.indices where tokens[index].isLowercase {
                let hash = tokens[index].lowerHash
                if let seen = found[hash], foundTexts[seen] == tokens[index].text { continue }
                // Asked as written, by the text's own hash (equal to the lower-case form's
                // for every word the table can hold: a lower-case form is its own).
                guard asked.contains(tokens[index].text, hash: tokens[index].textHash) else { continue }
                lower.insert(tokens[index].text)
                found[hash] = foundTexts.count
                foundTexts.append(tokens[index].text)
            }
        }
        return lower
    }

    // MARK: Gazetteer

    mutating func collectGazetteerMatches() {
        let traits = gazetteer.traits
        let matches = gazetteer.matches(in: tokens)
        // (Room for a place a match, made once: grown from empty, the table was rehashed at
        // each doubling.)
        placeMatches.reserveCapacity(placeMatches.count + matches.count)
        for match in matches {
            let range = match.tokens
            let words = tokens[range]
            // Proper names are capitalized; lower-case phrases only count as titles ("legal advisor").
            let capitalized = words.contains { $0.isCapitalized }
            // Agreements and programs known by name ("the USMCA") are records of their own, not entities.
            if let hit = match.hits.first(where: { traits[$0.entry].kind == .agreement || traits[$0.entry].kind == .program }),
               capitalized || traits[hit.entry].isUser {
                if traits[hit.entry].kind == .agreement { knownAgreements.append((textRangeOf(range), hit.entry)) }
                else { knownPrograms.append((textRangeOf(range), hit.entry)) }
                continue
            }
            for hit in match.hits where traits[hit.entry].kind == .title {
                addTitle(range, entry: hit.entry)
                // "Secretary of Homeland Security": the department inside the title is named too.
                if range.count > 2 {
                    for sub in gazetteer.matches(in: tokens, (range.lowerBound + 1)..<range.upperBound) {
                        guard let innerHit = preferredHit(sub.hits.filter { [.organization, .country, .formerCountry].contains(gazetteer.traits[$0.entry].kind) }),
                              tokens[sub.tokens].contains(where: { $0.isCapitalized }) else { continue }
                        placeMatches[sub.tokens.lowerBound] = (sub.tokens, innerHit.entry, innerHit.form)
                    }
                }
            }
            guard capitalized else { continue }
            // "Major Non-NATO Ally", "non-EU countries": what is not the body names no body.
            if range.lowerBound >= 2, tokens[range.lowerBound - 1].text == "-", tokens[range.lowerBound - 2].lower == "non" { continue }
            // (Nearly always every hit: the match's own list then, shared, not copied.)
            func isPlace(_ hit: GazetteerHit) -> Bool {
                let kind = traits[hit.entry].kind
                return kind != .title && kind != .agreement && kind != .program
            }
            let places = match.hits.allSatisfy(isPlace) ? match.hits : match.hits.filter(isPlace)
            // "the U.S.-ASEAN Summit", "the United Nations Climate Change Conference": a body
            // named inside an event's name is not named by it (events are no entities).
            if !places.isEmpty, places.allSatisfy({ traits[$0.entry].kind == .organization }), opensAnEventName(after: range) { continue }
            // The words as written are read only by a former country's shared names and an
            // entry's ambiguous names or demonyms; for any other match (nearly all), they are
            // not made.
            // (Each trait read where it is: a copy of an entry's traits is four retains and
            // four releases.)
            let readsSurface = places.contains { hit in
                traits[hit.entry].kind == .formerCountry || !traits[hit.entry].ambiguousAliases.isEmpty
                    || (hit.form == .demonym && !traits[hit.entry].ambiguousDemonyms.isEmpty)
            }
            let surface = readsSurface ? tokens[range].map(\.text).joined(separator: " ") : ""
            // Entries in order of preference; an ambiguous one ("Georgia", "Turkey") only
            // where the context says so, else the next reading (the US state).
            let ordered = orderedHits(datedHits(places, surface: surface))
            let lowered = readsSurface ? surface.lowercased() : ""
            guard let hit = ordered.first(where: { hit in
                let needsContext = traits[hit.entry].isAmbiguous || traits[hit.entry].ambiguousAliases.contains(lowered)
                    || (hit.form == .demonym && traits[hit.entry].ambiguousDemonyms.contains(lowered))
                return !needsContext || ambiguousNameIsMeant(range, entry: hit.entry)
            }) else { continue }
            // (The entry's kind from its traits: the entry itself is not copied.)
            let kind = traits[hit.entry].kind
            // A capitalized word that the document also uses in lower case, alone at the
            // start of a sentence, is the ordinary word ("Reading", "Mobile").
            if range.count == 1, words.first!.sentenceInitial, lowercaseWords.contains(words.first!.lower) { continue }
            if titles[range] != nil && kind != .country { continue }
            if isInsideAName(range, kind: kind) { continue }
            if hit.form == .demonym && !demonymNamesTheState(range) { continue }
            placeMatches[range.lowerBound] = (range, hit.entry, hit.form)
        }
    }

    /// Countries before former countries before organizations before places; an entry
    /// that needs no context before one that does.
    func orderedHits(_ hits: [GazetteerHit]) -> [GazetteerHit] {
        let order: [GazetteerEntry.Kind] = [.person, .country, .formerCountry, .organization, .subdivision, .city, .place]
        guard hits.count > 1 else { return hits }
        // The user's own entries win over built-in readings of the same words; then entries
        // that need no context; then by kind; then in gazetteer order. Keys computed once a hit.
        let keyed = hits.map { hit -> (user: Int, ambiguous: Int, kind: Int, entry: Int, hit: GazetteerHit) in
            let entry = gazetteer.traits[hit.entry]
            return (entry.isUser ? 0 : 1, entry.isAmbiguous ? 1 : 0, order.firstIndex(of: entry.kind) ?? 9, hit.entry, hit)
        }
        return keyed.sorted { a, b in (a.user, a.ambiguous, a.kind, a.entry) < (b.user, b.ambiguous, b.kind, b.entry) }.map(\.hit)
    }

    func preferredHit(_ hits: [GazetteerHit]) -> GazetteerHit? { orderedHits(hits).first }

    /// A form a former country shares with its successor ("Russia") names the former one
    /// only in a document dated while it existed; then it is the only reading.
    func datedHits(_ hits: [GazetteerHit], surface: String) -> [GazetteerHit] {
        // Without a former country among them (nearly always), the hits as they are.
        guard hits.contains(where: { gazetteer.traits[$0.entry].kind == .formerCountry }) else { return hits }
        var result: [GazetteerHit] = []
        var dated: [GazetteerHit] = []
        for hit in hits {
            guard gazetteer.traits[hit.entry].kind == .formerCountry else {
                result.append(hit)
                continue
            }
            let entry = gazetteer.entries[hit.entry]
            guard entry.kind == .formerCountry, entry.list("shared-aliases").contains(where: { $0.lowercased() == surface.lowercased() }) else {
                result.append(hit)
                continue
            }
            guard let date = documentDate, let from = entry.attribute("from"), let to = entry.attribute("to"),
                  from <= date, date < to else { continue }
            dated.append(hit)
        }
        return dated.isEmpty ? result : dated
    }

    /// Capitalized words after `range`, in its sentence, up to a word that names an event
    /// ("Summit", "Conference"): "ASEAN Summit", "United Nations Climate Change Conference".
    func opensAnEventName(after range: Range<Int>) -> Bool {
        var k = range.upperBound
        while k < tokens.count, k - range.upperBound < 6, tokens[k].sentence == tokens[range.lowerBound].sentence,
              tokens[k].isCapitalized || tokens[k].text == "-" {
            if Self.eventHeads.contains(tokens[k].text) { return true }
            k += 1
        }
        return false
    }

    static let eventHeads: Set<String> = ["Summit", "Conference", "Ministerial", "Meeting", "Games", "Olympics", "Expo"]

    /// A one-word city or state followed by a capitalized word that is not itself a place
    /// is the first word of a longer name: "Antony Blinken", "Los Angeles Declaration",
    /// "Victoria Nuland". ("Matamoros, Tamaulipas" has its comma.)
    func isInsideAName(_ range: Range<Int>, kind: GazetteerEntry.Kind) -> Bool {
        guard kind == .city || kind == .subdivision || kind == .place else { return false }
        guard range.upperBound < tokens.count else { return false }
        let next = tokens[range.upperBound]
        guard next.sentence == tokens[range.lowerBound].sentence, next.isCapitalized, !next.isAllCaps || next.text.count > 3 else { return false }
        if Vocabulary.determiners.contains(text: next) { return false }
        // "Texas State University"? The next word begins a longer name either way.
        return gazetteer.matches(in: tokens, range.upperBound..<(range.upperBound + 1)).allSatisfy { match in match.hits.allSatisfy { gazetteer.traits[$0.entry].kind == .title } }
    }

    /// "Mexican officials", "the Mexican Security Cabinet", "Mexican President": a demonym
    /// names the state only before a word for its government, officials or bodies.
    func demonymNamesTheState(_ range: Range<Int>) -> Bool {
        guard range.upperBound < tokens.count else { return false }
        let next = tokens[range.upperBound]
        guard next.sentence == tokens[range.lowerBound].sentence else { return false }
        if Vocabulary.stateNouns.contains(next.lower) { return true }
        if next.isCapitalized { return true }  // a title, a body or a name: "Mexican Secretary", "Mexican Federal Police"
        return false
    }

    /// "Chad", "Jordan", "Georgia": a country only where the context says so.
    mutating func ambiguousNameIsMeant(_ range: Range<Int>, entry index: Int) -> Bool {
        let before = range.lowerBound > 0 ? tokens[range.lowerBound - 1] : nil
        let after = range.upperBound < tokens.count ? tokens[range.upperBound] : nil
        // Part of a person's name: "Michael Jordan", "Jordan Peterson".
        if let b = before, b.isCapitalized, b.sentence == tokens[range.lowerBound].sentence, !Vocabulary.notNames.contains(text: b),
           gazetteer.matches(in: tokens, (range.lowerBound - 1)..<range.lowerBound).isEmpty { return false }
        if let a = after, a.isCapitalized, a.sentence == tokens[range.lowerBound].sentence, !Vocabulary.notNames.contains(text: a),
           gazetteer.matches(in: tokens, range.upperBound..<(range.upperBound + 1)).isEmpty { return false }
        if let b = before, Self.countryCues.contains(b.text) { return true }
        // The document speaks of the country elsewhere: its demonym, or its other names. A
        // scan of every token, the same for each mention of the entry: made once an entry.
        if let known = speaksOfEntry[index] { return known }
        let found: Bool
        if speaksOfEntry.count < 2 {
            found = Self.speaks(of: gazetteer.entries[index], in: tokens)
        } else {
            if wordsOfTheText == nil { wordsOfTheText = WordsOfTheText(tokens) }
            found = wordsOfTheText!.containsAny(of: gazetteer.entries[index].list("demonyms") + gazetteer.entries[index].aliases, in: tokens)
        }
        speaksOfEntry[index] = found
        return found
    }

    /// The document's words by hash, made when a third entry's other names are asked for
    /// (`ambiguousNameIsMeant`; the first two are read by a scan of the tokens, as cheap as
    /// making it): each entry is then answered by a look-up of each of its names, not a scan
    /// of every token (which, for each entry a long text asks about, grew with the square of
    /// its length).
    var wordsOfTheText: WordsOfTheText?

    /// Where each word of a text first occurs, by its `WordHash`.
    struct WordsOfTheText {
        /// The text hash of each token that is NFC for sure → its first token.
        private var first: WordHashMap<Int>
        /// The tokens that are not NFC for sure (nearly none): asked one by one.
        private var others: [Int] = []

        init(_ tokens: [Token]) {
            first = WordHashMap(capacity: 1024, empty: -1)
            for k in tokens.indices {
                if !tokens[k].isPlainNFC { others.append(k); continue }
                if first[tokens[k].textHash] == nil { first[tokens[k].textHash] = k }
            }
        }

        /// Whether a token's text is one of `words` (as strings are compared), as `speaks(of:in:)`
        /// answers. A token that is NFC for sure and equal to a word has the bytes, so the hash,
        /// of the word's NFC form: the first token with that hash is the word, or (two words
        /// with one hash, in theory) the tokens are all read.
        func containsAny(of words: [String], in tokens: [Token]) -> Bool {
            for word in words {
                let nfc = NFCCheck.isNFCForSure(word) ? word : word.precomposedStringWithCanonicalMapping
                guard let k = first[WordHash.of(nfc)] else { continue }
                if tokens[k].text == word { return true }
                if tokens.indices.contains(where: { tokens[$0].isPlainNFC && tokens[$0].text == word }) { return true }
            }
            guard !others.isEmpty else { return false }
            let table = WordTable(words: words, bits: 1 << 10)
            return others.contains { table.contains(text: tokens[$0]) }
        }
    }

    /// Whether any token is one of the entry's demonyms or other names, by a scan of every
    /// token (`WordsOfTheText` answers the same by hash; the tests compare the two).
    static func speaks(of entry: GazetteerEntry, in tokens: [Token]) -> Bool {
        let forms = WordTable(words: entry.list("demonyms") + entry.aliases, bits: 1 << 10)
        return tokens.indices.contains { forms.contains(text: tokens[$0]) }
    }

    static let countryCues: Set<String> = ["of", "in", "to", "from", "with", "and", "between", "visit", "visited", "Republic", "Kingdom", "State",
                                           "toward", "towards", ","]

    // MARK: Organizations

    @inline(__always)
    func isHead(_ index: Int) -> Bool {
        tokens[index].isCapitalized && Vocabulary.organizationHeads.contains(text: tokens[index])
    }

    @inline(__always)
    func isFacilityHead(_ index: Int) -> Bool {
        tokens[index].isCapitalized && Vocabulary.facilityHeads.contains(text: tokens[index])
    }

    /// The name of a natural feature whose head word is at `index`: capitalized words before a
    /// head that ends a name ("Narva River"), or after one that begins it ("Lake Peipus",
    /// "Cape Hatteras"), or "of" and a name after either ("Gulf of Mexico", "Sea of Japan").
    func featureName(at index: Int, gazetteerName: [Int?]) -> Range<Int>? {
        // (Asked at every token: the cheap test on the token in place, before a copy of it.)
        guard tokens[index].isCapitalized, !tokens[index].isAllCaps else { return nil }
        // (The token's fields read in place: a copy of it, at every capitalized word, was a
        // retain and a release of each of its strings.)
        let ends = Vocabulary.featureHeads.contains(text: tokens[index])
        let begins = Vocabulary.featurePrefixes.contains(text: tokens[index])
        guard ends || begins, gazetteerName[index] == nil, !isHead(index), !isFacilityHead(index) else { return nil }
        let sentence = tokens[index].sentence
        // A word of the name: capitalized, no acronym ("VHF Channel") or code ("Sea I960").
        func nameWord(_ k: Int) -> Bool {
            // (Nor an instrument's head: "Camp David Accords".)
            k >= 0 && k < tokens.count && tokens[k].sentence == sentence && tokens[k].isCapitalized && tokens[k].kind == .word
                && (AgreementExtractor.headFlags.value(lower: tokens[k]) ?? 0) & AgreementExtractor.agreementHeadFlag == 0
                && !tokens[k].isAllCaps && !tokens[k].text.utf8.contains(where: { ASCIIByte.isDigit($0) })
                && !Vocabulary.determiners.contains(text: tokens[k]) && !Vocabulary.months.contains(text: tokens[k])
                && !isHead(k) && !isFacilityHead(k) && !inTitle(k)
        }
        var start = index, end = index + 1
        if ends {
            // Capitalized words before it, joined by hyphens ("Peipus-Pihkva River").
            var j = index - 1
            while nameWord(j) && !(tokens[j].sentenceInitial && lowercaseWords.contains(tokens[j].lower)) {
                start = j
                j -= 1
                if j - 1 >= 0, tokens[j].text == "-", nameWord(j - 1) { j -= 1 }
            }
        }
        // "Lake Peipus", "Cape Hatteras": a name of one or two words after "Lake", "Mount",
        // "Cape" or "Isle", not a demonym ("Cape Verdean"); "Sea", "Gulf", "Bay" and "Strait"
        // begin a name only with "of" ("Gulf of Mexico", not "Gulf Cartel").
        if begins && start == index && Vocabulary.featureNamePrefixes.contains(text: tokens[index]) {
            var k = index + 1, words = 0
            while nameWord(k), words < 2, !Vocabulary.demonymEndings.contains(where: { tokens[k].lower.hasSuffix($0) }) {
                end = k + 1
                k += 1
                words += 1
                if k + 1 < tokens.count, tokens[k].text == "-", nameWord(k + 1) { k += 1 }
            }
        }
        // "of" and a name after a head in the singular ("Island of Aruba", not "Rivers of
        // Mutual Interest").
        if end == index + 1, !tokens[index].text.hasSuffix("s"), end < tokens.count, tokens[end].text == "of", tokens[end].sentence == sentence,
           nameWord(end + 1) || placeMatches[end + 1] != nil {
            var k = end + 1
            while k < tokens.count, let place = placeMatches[k] { k = place.0.upperBound }
            while nameWord(k) { k += 1 }
            end = k
        }
        guard end - start >= 2 else { return nil }
        // "… Waterbodies and International Lakes": part of a longer name (but "Lake Huron and
        // Lake Erie": after a place already taken).
        if start >= 2, Self.nameConnectors.contains(tokens[start - 1].text), tokens[start - 2].isCapitalized,
           tokens[start - 2].sentence == sentence, occupied[start - 2] == nil, gazetteerName[start - 2] == nil { return nil }
        // "Ocean Conference", "Coast Guard", "Island Nations": the name goes on past the head.
        if end < tokens.count, tokens[end].sentence == sentence, tokens[end].isCapitalized, tokens[end].kind == .word { return nil }
        // The whole name is the gazetteer's ("Solomon Islands", "South China Sea").
        if let first = gazetteerName[start], let match = placeMatches[first], match.0 == start..<end { return nil }
        return start..<end
    }

    /// Words that join the parts of one long name: "Waterbodies and International Lakes".
    static let nameConnectors: Set<String> = ["and", "of", "&", "for", "on"]

    func isProgramHead(endingAt index: Int) -> Bool {
        // (Each phrase's words compared from its last, the head, with the tokens read in
        // place: zipped with a slice, every token was copied, and the first word compared
        // first, where the head tells most phrases apart.)
        for phrase in Vocabulary.programHeadPhrases where index + 1 >= phrase.count {
            let start = index + 1 - phrase.count
            if phrase.indices.reversed().allSatisfy({ tokens[start + $0].text == phrase[$0] }) { return true }
        }
        return false
    }

    func placeMatch(endingAt index: Int) -> (Range<Int>, Int, GazetteerHit.Form)? {
        for (_, match) in placeMatches where match.0.upperBound == index + 1 { return match }
        return nil
    }

    /// "Mexican Federal Police", "US Border Patrol", "Department of Homeland Security",
    /// "South Texas/Tamaulipas Border Violence Prevention Group": a run of capitalized
    /// words around an organization head noun.
    mutating func findOrganizations() {
        // Tokens inside a gazetteer name ("Office of the United States Trade Representative").
        var gazetteerName = [Int?](repeating: nil, count: tokens.count)
        for (start, match) in placeMatches {
            for k in match.0 { gazetteerName[k] = start }
        }
        var i = 0
        while i < tokens.count {
            // (A named place ending in a head noun is the place: "Oval Office".)
            if let start = gazetteerName[i], let match = placeMatches[start],
               gazetteer.traits[match.1].kind == .organization || (gazetteer.traits[match.1].kind == .place && match.0.lowerBound == i) {
                i = match.0.upperBound
                continue
            }
            // A natural feature: "Narva River", "Middle Atlantic Ocean", "Lake Peipus-Pihkva",
            // "Cape Hatteras", "Gulf of Mexico"; not inside a name the gazetteer knows ("Rhode
            // Island", "Cape Verde") or a longer one ("Ocean Conference", "Coast Guard").
            // (Its first test made here, on the token in place: a call for every token copied
            // the whole context to pass it.)
            if tokens[i].isCapitalized, !tokens[i].isAllCaps, let feature = featureName(at: i, gazetteerName: gazetteerName) {
                take(feature, EntityRecognizer.Candidate(tokens: feature, source: .namedPlace, rule: "place:feature-name"))
                i = feature.upperBound
                continue
            }
            guard isHead(i) || isFacilityHead(i), !isProgramHead(endingAt: i) else {
                i += 1
                continue
            }
            let sentence = tokens[i].sentence
            // Extend left over capitalized words and inner connectors.
            var start = i
            var j = i - 1
            while j >= 0, tokens[j].sentence == sentence {
                let t = tokens[j]
                if Vocabulary.determiners.contains(text: t) { break }
                if t.isCapitalized && !(t.sentenceInitial && lowercaseWords.contains(t.lower) && placeMatches[j] == nil)
                    && !Vocabulary.months.contains(text: t) && !inTitle(j) {
                    start = j
                    j -= 1
                    continue
                }
                if t.text.isOne(of: "/", "-", "&") || t.text == "and", j - 1 >= 0, tokens[j - 1].isCapitalized,
                   tokens[j - 1].sentence == sentence, !isHead(j - 1),
                   // (Not into another body's name: "Ministry of Foreign Affairs and Ministry of …",
                   // "… of Energy and Kenyan Ministry of Energy"; but "Department of Health and
                   // Human Services" is one.)
                   !(endsANameOfItsOwn(before: j) && ((j + 1)..<i).allSatisfy({ gazetteerName[$0] != nil })) {
                    start = j - 1
                    j -= 2
                    continue
                }
                break
            }
            if j >= 0, tokens[j].text == "the", j + 1 == start, start < i, tokens[start].text == "The" { start += 1 }
            // Extend right: "of Homeland Security", "for Foreign Affairs", "of the Interior".
            var end = i + 1
            if end + 1 < tokens.count, tokens[end].text.isOne(of: "of", "for", "on"), tokens[end].sentence == sentence {
                var k = end + 1
                if k < tokens.count, tokens[k].text == "the" { k += 1 }
                var last = end
                while k < tokens.count, tokens[k].sentence == sentence {
                    // "Agency for Science, Technology, and Research": a list of fields inside the name.
                    if let listEnd = commaListEnd(from: k, sentence: sentence) {
                        k = listEnd
                        last = k
                        continue
                    }
                    // ("and" before another body's head joins two bodies: "Ministry of Foreign
                    // Affairs and Ministry of Digital Development".)
                    guard tokens[k].isCapitalized
                            || (tokens[k].text.isOne(of: "and", "&") && k + 1 < tokens.count && tokens[k + 1].isCapitalized && !isHead(k + 1)) else {
                        break
                    }
                    if let place = placeMatches[k] {
                        // A whole name: "Council of the European Union", "Office of the United States Trade Representative".
                        k = place.0.upperBound
                        last = k
                        continue
                    }
                    if tokens[k].isCapitalized && !Vocabulary.domainWords.contains(text: tokens[k])
                        && !isHead(k) && !tokens[k].isAllCaps && last > end { break }
                    k += 1
                    last = k
                }
                if last > end { end = last }
            }
            // Also a head followed by more head words: "Security Council", "Border Patrol Agency",
            // or by a few capitalized words ending in one: "Naval Forces Central Command".
            while end < tokens.count, isHead(end) || isFacilityHead(end), tokens[end].sentence == sentence { end += 1 }
            var ahead = end
            while ahead < tokens.count, ahead - end < 3, tokens[ahead].sentence == sentence, tokens[ahead].isCapitalized,
                  placeMatches[ahead] == nil, !Vocabulary.determiners.contains(text: tokens[ahead]) {
                if isHead(ahead) || isFacilityHead(ahead) {
                    end = ahead + 1
                    break
                }
                ahead += 1
            }
            let span = start..<end
            let standalone = span.count == 1 && Vocabulary.standaloneHeads.contains(text: tokens[i])
            if isMechanism(span, head: i) {
                // A body the parties set up together is a cooperation mechanism (a program), not a party.
                mechanisms.append(span)
            } else if isFacilityHead(end - 1), span.count >= 2 {
                // "Lithuanian Exhibition and Congress Centre", "Ben Gurion International Airport".
                take(span, EntityRecognizer.Candidate(tokens: span, source: .namedPlace, rule: "place:facility-name"))
            } else if (span.count >= 2 || standalone) && !isAdministrationOfAPerson(span, head: i) {
                addOrganization(span)
            }
            i = end
        }
        // Gazetteer organizations and places not inside a rule-found organization.
        for (start, match) in placeMatches.sorted(by: { $0.key < $1.key }) {
            let (range, entry, form) = match
            if range.contains(where: { occupied[$0] != nil }) { continue }
            // "the Middle Atlantic Ocean", "the Eastern Mediterranean": a sea or region with a
            // capitalized direction before it is a place of its own name.
            var first = range.lowerBound
            if gazetteer.traits[entry].kind == .place {
                while first > 0, tokens[first - 1].sentence == tokens[first].sentence, occupied[first - 1] == nil,
                      Self.directions.contains(tokens[first - 1].text) { first -= 1 }
            }
            if first < range.lowerBound {
                let named = first..<range.upperBound
                take(named, EntityRecognizer.Candidate(tokens: named, source: .namedPlace, rule: "place:qualified-name"))
                continue
            }
            take(range, EntityRecognizer.Candidate(tokens: range, source: .gazetteer(entry: entry, form: form), rule: gazetteer.traits[entry].rule))
            _ = start
        }
    }

    /// Directions that begin a place's own name ("Middle Atlantic", "Western Pacific").
    static let directions: Set<String> = ["Middle", "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western",
                                          "Central", "Upper", "Lower", "Northeast", "Northwest", "Southeast", "Southwest"]

    /// Heads of works and venues that joint bodies and programs are also named after ("Joint
    /// Border Coordination Center", "U.S.-UK Data Bridge"): those stay mechanisms; other works
    /// and venues do not ("Iraq-Turkiye Pipeline", "U.S.-Japan Friendship Museum").
    static let figurativeWorks: Set<String> = ["Center", "Centre", "Bridge", "Station"]

    /// The capitalized words before `j` (a connector) close another body's name: "Ministry
    /// of Foreign Affairs and …" (the words go back to "of", "for" or "on" after a head).
    func endsANameOfItsOwn(before j: Int) -> Bool {
        var k = j - 1
        while k >= 0, tokens[k].sentence == tokens[j].sentence, tokens[k].isCapitalized { k -= 1 }
        return k >= 1 && k < j - 1 && tokens[k].lower.isOne(of: "of", "for", "on") && isHead(k - 1)
    }

    /// The end of a list of capitalized words at `k` (a comma) that ends in "and" and one
    /// more ("…, Technology, and Research"), inside one name: no place, body or head among
    /// them, at most eight tokens; nil otherwise.
    func commaListEnd(from k: Int, sentence: Int) -> Int? {
        guard k < tokens.count, tokens[k].text == "," else { return nil }
        func word(_ j: Int) -> Bool {
            j < tokens.count && tokens[j].sentence == sentence && tokens[j].isCapitalized && tokens[j].kind == .word
                && placeMatches[j] == nil && !isHead(j) && !Vocabulary.determiners.contains(text: tokens[j])
        }
        var j = k + 1
        while j - k <= 8 {
            guard word(j) else { return nil }
            while word(j) { j += 1 }
            guard j < tokens.count, tokens[j].sentence == sentence else { return nil }
            if tokens[j].text == "," { j += 1 }
            if j < tokens.count, tokens[j].text == "and" {
                guard word(j + 1) else { return nil }
                j += 1
                while word(j) { j += 1 }
                return j
            }
            guard j > k + 1, tokens[j - 1].text == "," else { return nil }
        }
        return nil
    }

    /// "Joint Economic Commission", "High-Level Defense Group", "NATO-Ukraine Council",
    /// "U.S.-Mexico Bilateral Committee": joint bodies of the parties.
    func isMechanism(_ span: Range<Int>, head: Int) -> Bool {
        // (A work or a body of its own: "Iraq-Turkiye Pipeline", "Joint Genome Institute".)
        let last = tokens[span.upperBound - 1]
        if (Vocabulary.facilityHeads.contains(text: last) && !Self.figurativeWorks.contains(last.text)) || Vocabulary.ownBodyHeads.contains(text: last) {
            return false
        }
        let first = tokens[span.lowerBound].text
        if first.isOne(of: "Joint", "Bilateral", "Trilateral", "Binational") { return true }
        if first == "High", span.count > 2, tokens[span.lowerBound + 1].text == "-" { return true }  // "High-Level ..."
        // Two countries or organizations joined by a hyphen or a slash at the start.
        var k = span.lowerBound
        var named = 0
        while k < head {
            if let place = placeMatches[k], [.country, .formerCountry, .organization].contains(gazetteer.traits[place.1].kind) {
                named += 1
                k = place.0.upperBound
                if k < head, tokens[k].text == "-" || tokens[k].text == "/" { k += 1; continue }
                break
            }
            break
        }
        return named >= 2
    }

    /// "Biden Administration", "Biden-Harris Administration": a government, named after
    /// its leader, not a body.
    func isAdministrationOfAPerson(_ span: Range<Int>, head: Int) -> Bool {
        guard tokens[head].text == "Administration", head == span.upperBound - 1 else { return false }
        let prefix = tokens[span.lowerBound..<head]
        return prefix.count == 1 || prefix.contains { $0.text == "-" }
    }

    mutating func addOrganization(_ span: Range<Int>) {
        // A gazetteer organization that covers the same words is the better name.
        if let (range, entry, form) = placeMatches[span.lowerBound], range == span, gazetteer.traits[entry].kind == .organization {
            take(span, EntityRecognizer.Candidate(tokens: span, source: .gazetteer(entry: entry, form: form), rule: "gazetteer:organization:\(gazetteer.entries[entry].key)"))
            return
        }
        // A gazetteer organization and a head word its own names have: "NATO Alliance" (the
        // "Atlantic Alliance"), "OPEC Organization". The same body, not a second one.
        if let (range, entry, form) = placeMatches[span.lowerBound], range.upperBound + 1 == span.upperBound,
           gazetteer.traits[entry].kind == .organization, restatesItsKind(span.upperBound - 1, entry: entry) {
            take(span, EntityRecognizer.Candidate(tokens: span, source: .gazetteer(entry: entry, form: form), rule: "gazetteer:organization:\(gazetteer.entries[entry].key)"))
            return
        }
        // The country it belongs to, from a leading country or demonym ("Mexican Federal Police").
        var core = span
        var country: Int?
        var k = span.lowerBound
        while k < span.upperBound {
            // (A leading company is part of the name: "Mastercard Foundation" and "BlackRock
            // Foundation" are two foundations, not one "Foundation" of two owners. A leading
            // public body is the one it belongs to: "White House Office of Management and Budget".)
            if let (range, entry, _) = placeMatches[k], range.upperBound < span.upperBound,
               !gazetteer.traits[entry].isCompany {
                let kind = gazetteer.traits[entry].kind
                if kind == .country || kind == .formerCountry { country = country ?? entry }
                k = range.upperBound
                // Skip connectors after a leading place ("South Texas/Tamaulipas Border ...").
                while k < span.upperBound, tokens[k].text.isOne(of: "/", "-", "&", "and") { k += 1 }
                core = k..<span.upperBound
                continue
            }
            if k == span.lowerBound || core.lowerBound == k { k += 1; continue }
            break
        }
        if core.isEmpty { core = span }
        // Inside "Department of Homeland Security", "Homeland Security" is not separate.
        take(span, EntityRecognizer.Candidate(tokens: span, source: .organization(core: core, country: country), rule: "organization:head-noun"))
    }

    /// The word at `index` is a word of the entry's name or of one of its aliases, in any case.
    func restatesItsKind(_ index: Int, entry: Int) -> Bool {
        let names = [gazetteer.entries[entry].name] + gazetteer.entries[entry].aliases
        return names.contains { name in
            name.split(separator: " ").contains { Names.sameBytes(Lowercase.of(String($0)), tokens[index].lower) }
        }
    }

    mutating func take(_ range: Range<Int>, _ candidate: EntityRecognizer.Candidate) {
        let index = candidates.count
        candidates.append(candidate)
        for k in range where occupied[k] == nil { occupied[k] = index }
    }

    // MARK: Acronyms

    /// "Customs and Border Protection (CBP)": the acronym names the same entity.
    mutating func findAcronyms() {
        // The "(" tokens found by the scalar search; each neighbour asked by its hash before
        // its string is compared (no token copied).
        let open = WordHash.of("("), close = WordHash.of(")")
        for i in Self.tokensAfterOpeningParentheses(tokens, text) where i >= 2 && i + 1 < tokens.count {
            guard tokens[i - 1].textHash == open, tokens[i + 1].textHash == close,
                  tokens[i - 1].text == "(", tokens[i + 1].text == ")",
                  tokens[i].isAllCaps || tokens[i].text.allSatisfy({ $0.isUppercase || $0 == "." || $0 == "&" }) else { continue }
            guard let owner = occupied[i - 2] else { continue }
            let acronym = tokens[i].text
            acronyms[acronym] = owner
            take(i..<(i + 1), EntityRecognizer.Candidate(tokens: i..<(i + 1), source: candidates[owner].source, rule: "acronym-definition", sameAs: owner))
        }
        guard !acronyms.isEmpty else { return }
        let defined = WordTable(acronyms, bits: 1 << 10)
        // (A word with a small letter is none of them: every letter of an acronym defined
        // above is a capital. Asked first, on the token's flag, before the table.)
        for index in tokens.indices where !tokens[index].isLowercase && occupied[index] == nil {
            if let owner = defined.value(text: tokens[index]) {
                take(index..<(index + 1), EntityRecognizer.Candidate(tokens: index..<(index + 1), source: candidates[owner].source, rule: "acronym", sameAs: owner))
            }
        }
    }

    /// The index after each token that starts at a "(" of the text, in order: every token
    /// whose text is "(" is one (a "(" is a token of its own, and such a token starts at its
    /// scalar). Found by the scalar search over the text and a binary search of the tokens a
    /// parenthesis, not by a look at every token (most texts have few).
    static func tokensAfterOpeningParentheses(_ tokens: [Token], _ text: NormalizedText) -> [Int] {
        text.mapped.scalars.withUnsafeBufferPointer { s -> [Int] in
            var found: [Int] = []
            var p = ScalarSearch.first("(", in: s, from: 0)
            while p < s.count {
                if let k = tokens.firstIndex(startingAtOrAfter: p), tokens[k].range.start == p { found.append(k + 1) }
                p = ScalarSearch.first("(", in: s, from: p + 1)
            }
            return found
        }
    }

    // MARK: Persons

    func isNameToken(_ index: Int, allCaps: Bool) -> Bool {
        let token = tokens[index]
        guard token.kind == .word, occupied[index] == nil else { return false }
        if token.isInitial { return true }
        guard token.isCapitalized, token.text.unicodeScalars.count >= 2 else { return false }
        if token.isAllCaps && !allCaps && token.text.unicodeScalars.count > 2 { return false }
        // No period byte, no period (most names): the characters are asked only otherwise.
        if token.text.utf8.contains(0x2E) && token.text.contains(".") { return false }
        if Self.isContraction(token.text) { return false }
        let display = allCaps ? titleCased(token.text) : token.text
        if allCaps {
            if Vocabulary.notNames.contains(display) || Vocabulary.organizationHeads.contains(display) { return false }
        } else if Vocabulary.notNames.contains(text: token) || Vocabulary.organizationHeads.contains(text: token) {
            return false
        }
        if startsTitle(index) { return false }
        if placeMatches[index] != nil { return false }
        return true
    }

    /// Short words of a title in capitals that are no acronym ("MINISTER OF FOREIGN AFFAIRS AND TRADE").
    static let titleFunctionWords: Set<String> = ["and", "for", "the", "of", "on", "to", "in", "at"]

    /// "I'm", "I'll", "We've": a word and a contraction after an apostrophe ("O'Brien" is a
    /// name: a capital follows its apostrophe). Normalization makes every apostrophe "'".
    static func isContraction(_ word: String) -> Bool {
        let bytes = word.utf8
        guard let apostrophe = bytes.lastIndex(of: 0x27) else { return false }
        let rest = bytes[bytes.index(after: apostrophe)...]
        return contractions.contains { rest.elementsEqual($0.utf8) }
    }

    static let contractions = ["m", "ll", "ve", "d", "re", "s", "t"]

    /// A person's name starting at `start`: capitalized words, initials, particles, a suffix.
    func nameRun(from start: Int, allCaps: Bool = false, afterTitle: Bool = false) -> Range<Int>? {
        if afterTitle, start < tokens.count, Vocabulary.nameParticles.contains(text: tokens[start]) {
            var k = start
            while k < tokens.count, Vocabulary.nameParticles.contains(text: tokens[k]) { k += 1 }
            if k < tokens.count, isNameToken(k, allCaps: allCaps), let rest = nameRun(from: k, allCaps: allCaps) {
                return start..<rest.upperBound
            }
            return nil
        }
        guard start < tokens.count, isNameToken(start, allCaps: allCaps), !tokens[start].isInitial || start + 1 < tokens.count else { return nil }
        let sentence = tokens[start].sentence
        var end = start + 1
        while end < tokens.count, tokens[end].sentence == sentence, end - start < 7 {
            if isNameToken(end, allCaps: allCaps) { end += 1; continue }
            let t = tokens[end].text
            if Vocabulary.nameParticles.contains(text: tokens[end]) {
                // "von der Leyen", "de la Fuente": particles, then a name.
                var k = end
                while k < tokens.count, Vocabulary.nameParticles.contains(text: tokens[k]) { k += 1 }
                if k < tokens.count, isNameToken(k, allCaps: allCaps) || tokens[k].text == "-" {
                    end = k
                    continue
                }
            }
            if t == "-", end + 1 < tokens.count, isNameToken(end + 1, allCaps: allCaps) || Vocabulary.nameParticles.contains(text: tokens[end + 1]) {
                end += 1
                continue
            }
            if Vocabulary.nameSuffixes.contains(text: tokens[end]) { end += 1; break }
            if t == ",", end + 1 < tokens.count, Vocabulary.nameSuffixes.contains(text: tokens[end + 1]) { end += 2; break }
            break
        }
        // Trailing initials or particles are not a name's end.
        while end > start, tokens[end - 1].isInitial || Vocabulary.nameParticles.contains(text: tokens[end - 1]) || tokens[end - 1].text == "-" { end -= 1 }
        return end > start ? start..<end : nil
    }

    func titleCased(_ word: String) -> String {
        guard word.unicodeScalars.count > 1 else { return word }
        let lower = word.lowercased()
        return lower.prefix(1).uppercased() + lower.dropFirst()
    }

    /// The words of a name as written ("Abdel-Fattah" stays one word), names in capitals
    /// title-cased, and the comma before "Jr." dropped.
    func nameWords(_ range: Range<Int>, allCaps: Bool) -> [String] {
        var words: [String] = []
        words.reserveCapacity(range.count)  // (a word a token at most: room made once)
        var previousEnd = -1
        for token in tokens[range] where token.text != "," {
            let word = allCaps && token.isAllCaps ? titleCased(token.text) : token.text
            if let last = words.last, token.range.start == previousEnd, token.text == "-" || last.hasSuffix("-") {
                words[words.count - 1] = last + word
            } else {
                words.append(word)
            }
            previousEnd = token.range.end
        }
        return words
    }

    /// The full title before a name: modifiers, the title, its complement
    /// ("Acting Commissioner", "Secretary of Homeland Security", "Ambassador to Mexico").
    func extendTitle(_ range: Range<Int>) -> (range: Range<Int>, country: Int?, organization: Range<Int>?) {
        var start = range.lowerBound
        while start > 0, Vocabulary.titleModifiers.contains(text: tokens[start - 1]), tokens[start - 1].sentence == tokens[range.lowerBound].sentence,
              tokens[start - 1].text != "Under" || tokens[start].text == "Secretary" { start -= 1 }
        var country: Int?
        var organization: Range<Int>?
        // What precedes the title: a demonym or country ("Mexican Secretary"), an organization.
        if start > 0, let owner = occupied[start - 1] {
            switch candidates[owner].source {
            case .gazetteer(let entry, _):
                let kind = gazetteer.traits[entry].kind
                if kind == .country || kind == .formerCountry { country = entry }
                if kind == .organization { organization = candidates[owner].tokens }
            case .organization:
                organization = candidates[owner].tokens
            case .person, .namedPlace:
                break
            }
        }
        // Inside the title: "Secretary of Homeland Security" names the department.
        for k in range {
            guard let owner = occupied[k], case .gazetteer(let entry, _) = candidates[owner].source else { continue }
            let kind = gazetteer.traits[entry].kind
            let afterTo = k > range.lowerBound && tokens[k - 1].text == "to"
            if (kind == .country || kind == .formerCountry) && !afterTo { country = country ?? entry }
            if kind == .organization { organization = organization ?? candidates[owner].tokens }
        }
        var end = range.upperBound
        // "Ambassador to Mexico" serves in Mexico; it is not the ambassador's country.
        let towards = end < tokens.count && tokens[end].text == "to"
        if end + 1 < tokens.count, tokens[end].text.isOne(of: "of", "for", "to", "on") {
            var k = end + 1
            if k < tokens.count, tokens[k].text == "the" { k += 1 }
            var last = end
            while k < tokens.count, tokens[k].sentence == tokens[range.lowerBound].sentence {
                if let owner = occupied[k] {
                    let source = candidates[owner].source
                    if case .person = source { break }
                    if case .gazetteer(let entry, _) = source {
                        let kind = gazetteer.traits[entry].kind
                        if (kind == .country || kind == .formerCountry) && !towards { country = country ?? entry }
                        if kind == .organization { organization = organization ?? candidates[owner].tokens }
                    }
                    if case .organization = source { organization = organization ?? candidates[owner].tokens }
                    k = candidates[owner].tokens.upperBound
                    last = k
                    continue
                }
                if Vocabulary.domainWords.contains(text: tokens[k]) {
                    k += 1
                    last = k
                    continue
                }
                if tokens[k].text.isOne(of: "and", "&", "of"), k + 1 < tokens.count,
                   Vocabulary.domainWords.contains(text: tokens[k + 1]) || occupied[k + 1] != nil
                    || (tokens[k + 1].text == "the" && k + 2 < tokens.count && (Vocabulary.domainWords.contains(text: tokens[k + 2]) || occupied[k + 2] != nil)) {
                    k += tokens[k + 1].text == "the" ? 2 : 1
                    continue
                }
                break
            }
            if last > end { end = last }
        }
        return (start..<end, country, organization)
    }

    /// Titles of office that are also common adjectives.
    static let adjectiveTitles: Set<String> = ["general", "commander", "admiral"]

    /// Whether the word of token `index` appears somewhere in the document in lower case, as
    /// it is or with a plural ending ("obligations" for "General Obligation"): by the hashes of
    /// the document's lower-case words, gathered in one pass the first time it is asked.
    mutating func usedInLowerCase(_ index: Int) -> Bool { usedInLowerCase(word: tokens[index].lower) }

    mutating func usedInLowerCase(word: String) -> Bool {
        if lowerCaseWordHashes == nil {
            var set = WordHashSet(capacity: 1024)
            // (By index: `for token in tokens` copied each token, retaining its strings.)
            for k in tokens.indices where tokens[k].isLowercase { set.insert(tokens[k].textHash) }
            lowerCaseWordHashes = set
        }
        return [word, word + "s", word + "es"].contains { lowerCaseWordHashes!.contains(WordHash.of($0)) }
    }

    mutating func findPersons() {
        // Title + name, and the plural "Secretaries Napolitano and Chong".
        for (range, entry) in titles.sorted(by: { $0.key.lowerBound < $1.key.lowerBound }) {
            // (The plural's words made once by the gazetteer, compared with the tokens' in place.)
            let plural = gazetteer.pluralWords[entry].map { words in
                words.count == range.count && zip(words, range).allSatisfy { $0 == tokens[$1].text }
            } ?? false
            let allCaps = tokens[range].allSatisfy { $0.isAllCaps }
            let extended = extendTitle(range)
            var next = extended.range.upperBound
            var appositive = false
            if next < tokens.count, tokens[next].text == ",", tokens[next].sentence == tokens[range.lowerBound].sentence {
                next += 1
                appositive = true
            }
            let direct = !plural && extended.range.upperBound == range.upperBound && tokens[range].allSatisfy { $0.isCapitalized }
            let info = EntityRecognizer.TitleInfo(tokens: extended.range, text: titleText(extended.range),
                                                  directForm: direct ? titleText(range) : nil,
                                                  countryEntry: extended.country, organization: extended.organization, plural: plural)
            while let name = nameRun(from: next, allCaps: allCaps, afterTitle: true) {
                let words = nameWords(name, allCaps: allCaps)
                // "General Obligation", "General Provisions": a title that is also an adjective,
                // before one word the document also writes in lower case, is no person's title.
                if name.count == 1, Self.adjectiveTitles.contains(gazetteer.entries[entry].key), usedInLowerCase(name.lowerBound) { break }
                take(name, EntityRecognizer.Candidate(tokens: name, source: .person(name: words),
                                                      rule: appositive ? "person:title-appositive" : "person:title-name", title: info))
                guard plural, name.upperBound + 1 < tokens.count, tokens[name.upperBound].text.isOne(of: "and", ",") else { break }
                next = name.upperBound + 1
                if next < tokens.count, tokens[next].text == "and" { next += 1 }
            }
        }
        // "Mr. Smith", "Dr. Jones".
        for index in tokens.indices where tokens[index].isCapitalized && Self.honorifics.contains(text: tokens[index]) {
            if let name = nameRun(from: index + 1) {
                take(name, EntityRecognizer.Candidate(tokens: name, source: .person(name: nameWords(name, allCaps: false)), rule: "person:honorific"))
            }
        }
        // "Janet Napolitano, the Secretary of Homeland Security".
        for (range, entry) in titles.sorted(by: { $0.key.lowerBound < $1.key.lowerBound }) {
            var k = extendTitle(range).range.lowerBound - 1
            if k >= 0, tokens[k].text == "the" { k -= 1 }
            guard k >= 1, tokens[k].text == "," else { continue }
            var start = k - 1
            while start > 0, isNameToken(start - 1, allCaps: false) || tokens[start - 1].isInitial { start -= 1 }
            guard let name = nameRun(from: start), name.upperBound == k, name.count >= 2 else { continue }
            let extended = extendTitle(range)
            let info = EntityRecognizer.TitleInfo(tokens: extended.range, text: titleText(extended.range), directForm: nil,
                                                  countryEntry: extended.country, organization: extended.organization, plural: false)
            _ = entry
            take(name, EntityRecognizer.Candidate(tokens: name, source: .person(name: nameWords(name, allCaps: false)), rule: "person:name-appositive-title", title: info))
        }
    }

    func titleText(_ range: Range<Int>) -> String {
        // A title set in capitals ("SECRETARY OF STATE") is written in title case; in a title
        // of mixed case, a word in capitals is an acronym ("U.S. Trade Representative", "NATO
        // Secretary General") and stays as it is.
        // (The tokens read in place, not copied; a word's scalars counted once, and whether it
        // is an acronym asked only of a word of three in a title in capitals, the one case
        // where the answer is used: asked of every word, it hashed each for the set.)
        let inCapitals = range.allSatisfy { tokens[$0].kind != .word || tokens[$0].isAllCaps || tokens[$0].text.unicodeScalars.count == 1 }
        var out = ""
        for k in range {
            let text = tokens[k].text
            if !out.isEmpty && text != "," && text != "-" && !out.hasSuffix("-") { out += " " }
            guard inCapitals && tokens[k].isAllCaps else {
                out += text
                continue
            }
            let scalars = text.unicodeScalars.count
            // (An acronym of three letters stays, in capitals too: "CEO", "FBI"; "AND" does not.)
            let acronym = scalars <= 3 && !Self.titleFunctionWords.contains(tokens[k].lower)
            out += scalars > 2 && !text.contains(".") && !acronym ? titleCased(text) : text
        }
        return out
    }

    /// The names under a signature block are persons ("ERNEST LAPOINTE", "A. Gromyko").
    mutating func addSignatories(_ signature: SignatureBlock?) {
        guard let signature else { return }
        for signatory in signature.signatories {
            // The tokens inside the signatory's line: a run of them, found by binary search
            // (starts and ends both increase), not by testing every token of the document.
            guard let first = tokens.firstIndex(startingAtOrAfter: signatory.range.start),
                  let last = tokens.lastIndex(endingAtOrBefore: signatory.range.end), first <= last else { continue }
            // The name is at the end of the line ("(Seal) ERNEST LAPOINTE.", "For Canada: John Smith").
            var start = last
            while start > first, tokens[start].kind == .punctuation { start -= 1 }
            var end = start + 1
            while start > first, tokens[start - 1].kind == .word, tokens[start - 1].isCapitalized || tokens[start - 1].isInitial
                    || Vocabulary.nameParticles.contains(text: tokens[start - 1]) { start -= 1 }
            while end > start, tokens[end - 1].kind == .punctuation { end -= 1 }
            let range = start..<end
            guard !range.isEmpty, range.allSatisfy({ occupied[$0] == nil }) else { continue }
            // A heading after the block ("GENERAL PROVISIONS"): every word one the document
            // also writes in lower case is no name.
            let words = signatory.name.split(separator: " ").map(String.init)
            // (Initials and Roman numerals, "Note II", say nothing either way.)
            let nameWords = words.flatMap { $0.split(separator: "-") }.map { Lowercase.of(String($0)) }
                .filter { $0.count > 1 && !$0.allSatisfy { "ivxlc.".contains($0) } }
            if !nameWords.isEmpty, nameWords.allSatisfy({ usedInLowerCase(word: $0) }) { continue }
            take(range, EntityRecognizer.Candidate(tokens: range, source: .person(name: words), rule: "person:signatory"))
        }
    }

    /// Later mentions by surname: "Napolitano", "Osorio Chong", "Peña Nieto".
    mutating func linkSurnames() {
        // Surnames alone and the last two words of longer names, each to the first candidate
        // with it; tokens are screened through word tables (their hashes) before a pair of
        // words is made into a key.
        var singleForms: [String: Int] = [:]
        var pairForms: [[String]: Int] = [:]
        for (index, candidate) in candidates.enumerated() {
            guard case .person(let name) = candidate.source, name.count >= 2 else { continue }
            let words = name.filter { !Vocabulary.nameSuffixes.contains($0) && !$0.hasSuffix(".") }
            guard let last = words.last else { continue }
            singleForms[last] = singleForms[last] ?? index
            if words.count >= 3, let first = words.dropLast().last?.unicodeScalars.first, first.isUppercaseFast {
                pairForms[Array(words.suffix(2))] = pairForms[Array(words.suffix(2))] ?? index
            }
        }
        guard !singleForms.isEmpty || !pairForms.isEmpty else { return }
        let singles = WordTable(singleForms, bits: 1 << 10)
        let pairStarts = WordTable<Bool>(words: pairForms.keys.map { $0[0] }, bits: 1 << 10)
        var i = 0
        while i < tokens.count {
            if occupied[i] != nil || !tokens[i].isCapitalized {
                i += 1
                continue
            }
            if i + 1 < tokens.count, occupied[i + 1] == nil, pairStarts.contains(text: tokens[i]),
               let owner = pairForms[[tokens[i].text, tokens[i + 1].text]] {
                take(i..<(i + 2), EntityRecognizer.Candidate(tokens: i..<(i + 2), source: candidates[owner].source, rule: "person:surname"))
                i += 2
                continue
            }
            if let owner = singles.value(text: tokens[i]) {
                // Not the first word of a longer unknown name ("Napolitano Smith").
                let nextIsName = i + 1 < tokens.count && isNameToken(i + 1, allCaps: false)
                if !nextIsName {
                    take(i..<(i + 1), EntityRecognizer.Candidate(tokens: i..<(i + 1), source: candidates[owner].source, rule: "person:surname"))
                }
            }
            i += 1
        }
    }
}
