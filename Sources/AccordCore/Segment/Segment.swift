/// What a unit of text is, once segmented.
public enum UnitRole: String, Sendable, Codable {
    case heading, paragraph
    case listItem = "list-item"
    case preformatted
}

public struct Block: Sendable, Equatable {
    public var role: UnitRole
    public var range: TextRange
    /// The list marker or provision label at its start, if any.
    public var marker: TextRange?
    public var level: Int
}

public struct Sentence: Sendable, Equatable {
    public var range: TextRange
    /// Index into `Segmentation.blocks`.
    public var block: Int
}

/// A structural unit of an agreement text (title, preamble, article, annex, ...).
public struct Provision: Sendable, Equatable {
    public var kind: ProvisionKind
    public var label: String?
    public var number: String?
    public var heading: String?
    public var range: TextRange
}

/// The signature block: "Done at Washington, in duplicate, this 24th day of February, 1925", and who signed.
public struct SignatureBlock: Sendable, Equatable {
    public var range: TextRange
    public var place: String?
    public var date: String?
    public var dateText: String?
    public var signatories: [Signatory]

    public struct Signatory: Sendable, Equatable {
        public var name: String
        public var range: TextRange
        /// "For the Government of Canada" when the block says on whose behalf.
        public var onBehalfOf: String?
    }
}

public struct Segmentation: Sendable {
    public var blocks: [Block]
    public var sentences: [Sentence]
    public var provisions: [Provision]
    public var signature: SignatureBlock?
}

/// Segment: blocks (paragraphs, headings, list items), sentences (abbreviation-aware),
/// and the structure of agreement texts.
public struct Segment: Sendable {
    public init() {}

    public func run(_ text: NormalizedText) -> Segmentation {
        let s = text.mapped.scalars
        var blocks: [Block] = []
        blocks.reserveCapacity(text.units.count)
        // Each unit's scalars read where they are (not copied into an array of their own).
        s.withUnsafeBufferPointer { all in
            for unit in text.units {
                let scalars = UnsafeBufferPointer(rebasing: all[unit.range.start..<unit.range.end])
                var role: UnitRole
                var marker: TextRange?
                switch unit.kind {
                case .heading: role = .heading
                case .listItem: role = .listItem
                case .preformatted: role = .preformatted
                case .paragraph, .raw:
                    role = .paragraph
                    if let length = StructureCues.itemMarkerLength(scalars) {
                        role = .listItem
                        marker = TextRange(unit.range.start, unit.range.start + length)
                    } else if let label = StructureCues.provisionLabel(scalars) {
                        marker = TextRange(unit.range.start, unit.range.start + label.length)
                        if Self.looksLikeHeading(scalars) { role = .heading }
                    } else if Self.looksLikeHeading(scalars) && unit.kind == .raw {
                        role = .heading
                    }
                }
                if role == .listItem && marker == nil, let length = StructureCues.itemMarkerLength(scalars) {
                    marker = TextRange(unit.range.start, unit.range.start + length)
                }
                blocks.append(Block(role: role, range: unit.range, marker: marker, level: unit.level))
            }
        }
        var sentences: [Sentence] = []
        // Room for a sentence a block and one every 128 scalars (prose runs about 150 a
        // sentence), made once (the array stays with the segmentation: not much more).
        sentences.reserveCapacity(blocks.count + s.count / 128)
        for (index, block) in blocks.enumerated() {
            let start = block.role == .listItem ? (block.marker?.end ?? block.range.start) : block.range.start
            let range = TextRange(min(start, block.range.end), block.range.end)
            if block.role == .heading || block.role == .preformatted {
                sentences.append(Sentence(range: block.range, block: index))
                continue
            }
            SentenceSplitter.split(s, range, block: index, into: &sentences)
        }
        let structure = AgreementStructure.find(text: text, blocks: blocks)
        return Segmentation(blocks: blocks, sentences: sentences, provisions: structure.provisions, signature: structure.signature)
    }

    /// A short line without closing punctuation, in capitals or title case.
    static func looksLikeHeading(_ s: [Unicode.Scalar]) -> Bool {
        s.withUnsafeBufferPointer { looksLikeHeading($0) }
    }

    static func looksLikeHeading(_ s: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        guard !s.isEmpty, s.count <= 150, let last = s.last else { return false }
        if last == "." || last == "," || last == ";" || last == ":" {
            // "Article 4." is a heading; "He left." is not.
            if let label = StructureCues.provisionLabel(s), label.length >= s.count - 1 { return true }
            return false
        }
        if StructureCues.provisionLabel(s) != nil { return true }
        var words = 0
        var capitalised = 0
        var inWord = false
        var firstOfWord = true
        for (index, c) in s.enumerated() {
            if c == " " {
                inWord = false
                firstOfWord = true
                continue
            }
            if !inWord {
                inWord = true
                words += 1
            }
            if firstOfWord, c.isLetterFast, c.isLowercaseFast, isFunctionWord(s, from: index) {
                // "of", "the", "and" do not count either way in title case.
                words -= 1
                firstOfWord = false
            } else if firstOfWord, c.isLetterFast {
                if c.isUppercaseFast { capitalised += 1 }
                firstOfWord = false
            } else if firstOfWord && !c.isLetterFast {
                // numbers and symbols count as neutral
                if ("0"..."9").contains(c) { capitalised += 1; firstOfWord = false }
            }
        }
        guard words <= 20 else { return false }
        if StructureCues.isUppercaseLine(s) { return true }
        // Title case: most words capitalised (short function words aside).
        return words >= 1 && Double(capitalised) >= Double(words) * 0.6 && words <= 14
    }
}

/// Short words that stay lower case in a title.
let titleFunctionWords: Set<String> = [
    "a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from", "as", "de", "la", "del",
    "y", "et", "du", "des", "le", "les", "between", "into", "over", "under", "via", "per", "vs",
]

/// `titleFunctionWords`, each packed into a UInt64 (its ASCII bytes, first byte highest).
private let packedTitleFunctionWords: Set<UInt64> = Set(titleFunctionWords.map { word in
    // Eight ASCII bytes at most fit a number (a longer word would lose its first bytes).
    precondition(word.utf8.count <= 8 && word.utf8.allSatisfy { $0 < 0x80 }, "a title function word that cannot be packed: \(word)")
    return word.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
})

/// The word of at most eight letters from `index` (letters after the eighth left out) is a
/// title function word. ASCII letters (nearly always) are packed and looked up as a number;
/// a word with others goes through a string, as before.
func isFunctionWord(_ s: [Unicode.Scalar], from index: Int) -> Bool {
    s.withUnsafeBufferPointer { isFunctionWord($0, from: index) }
}

func isFunctionWord(_ s: UnsafeBufferPointer<Unicode.Scalar>, from index: Int) -> Bool {
    var key: UInt64 = 0
    var i = index
    while i < s.count, s[i].isLetterFast, i - index < 8 {
        guard s[i].value < 0x80 else { return isFunctionWordByString(s, from: index) }
        key = key << 8 | UInt64(s[i].value)
        i += 1
    }
    return packedTitleFunctionWords.contains(key)
}

func isFunctionWordByString(_ s: [Unicode.Scalar], from index: Int) -> Bool {
    s.withUnsafeBufferPointer { isFunctionWordByString($0, from: index) }
}

func isFunctionWordByString(_ s: UnsafeBufferPointer<Unicode.Scalar>, from index: Int) -> Bool {
    var view = String.UnicodeScalarView()
    var i = index
    while i < s.count, s[i].isLetterFast, view.count < 8 {
        view.append(s[i])
        i += 1
    }
    return titleFunctionWords.contains(String(view))
}

/// Splits text into sentences: a terminal mark followed by a space and a likely sentence
/// start, unless the word before is an abbreviation, an initial or a number.
public enum SentenceSplitter {
    /// Abbreviations that never end a sentence (they introduce what follows).
    static let prefixAbbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "art", "arts", "para", "paras", "vol", "p", "pp",
        "e.g", "i.e", "cf", "vs", "v", "jr", "sr", "gen", "gov", "sen", "rep", "reps", "hon", "amb", "lt", "col",
        "capt", "sgt", "adm", "maj", "cmdr", "rev", "fig", "figs", "approx", "ch", "sec", "secs", "sect", "h.e",
        "h.r", "s", "ss", "op", "cit", "ibid", "viz", "al", "mt", "ft", "messrs", "mme", "mlle", "nr", "tel",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s.c", "subpara",
    ]
    /// Abbreviations that may also end a sentence ("... with the U.S. The next ...").
    static let ambiguousAbbreviations: Set<String> = [
        "u.s", "u.n", "u.k", "e.u", "u.s.a", "d.c", "a.m", "p.m", "etc", "inc", "ltd", "co", "corp", "bros",
        "n.a", "p.r.c", "r.o.k", "s.a", "plc", "llc", "gmbh",
    ]
    /// The two lists above, looked up by a word's hash (`isBoundaryAfterASCIIWord`).
    static let prefixAbbreviationTable = WordTable(words: prefixAbbreviations, bits: 1 << 10)
    static let ambiguousAbbreviationTable = WordTable(words: ambiguousAbbreviations, bits: 1 << 10)
    /// Words that usually start a sentence, deciding the ambiguous cases.
    static let sentenceStarters: Set<String> = [
        "the", "this", "that", "these", "those", "it", "its", "we", "he", "she", "they", "i", "in", "on", "at", "a",
        "an", "but", "and", "as", "for", "our", "their", "his", "her", "both", "each", "today", "there", "after",
        "during", "while", "since", "with", "under", "president", "secretary", "however", "moreover", "finally",
    ]

    static let closers: Set<Unicode.Scalar> = ["\"", "'", ")", "]", "}", "»"]

    /// The sentences of `range`, each appended to `result` as one of `block` (no array of its
    /// own for each block's sentences).
    static func split(_ s: [Unicode.Scalar], _ range: TextRange, block: Int, into result: inout [Sentence]) {
        var start = range.start
        let end = range.end
        var i = range.start
        func emit(_ upTo: Int, next: Int) {
            var lo = start
            while lo < upTo, s[lo] == " " { lo += 1 }
            var hi = upTo
            while hi > lo, s[hi - 1] == " " { hi -= 1 }
            if hi > lo { result.append(Sentence(range: TextRange(lo, hi), block: block)) }
            start = next
        }
        precondition(range.start >= 0 && end <= s.count, "range outside the text")
        while i < end {
            // To the next terminal mark, through a buffer pointer (the range is inside the text).
            i = s.withUnsafeBufferPointer { p in
                // . ! ? … sixteen scalars a step; the range's end bounds the search.
                min(end, ScalarSearch.first(anyOf: ".", "!", "?", "\u{2026}", in: UnsafeBufferPointer(rebasing: p[..<end]), from: i))
            }
            guard i < end else { break }
            var j = i + 1
            while j < end, s[j] == "." || s[j] == "!" || s[j] == "?" || s[j] == "…" { j += 1 }
            while j < end, closers.contains(s[j]) { j += 1 }
            if j >= end {
                break
            }
            guard s[j] == " " else {
                i = j
                continue
            }
            var k = j
            while k < end, s[k] == " " { k += 1 }
            guard k < end else { break }
            let next = s[k]
            if isBoundary(s, mark: i, markEnd: j, next: k, rangeStart: range.start, end: end) {
                emit(j, next: k)
                _ = next
            }
            i = k
        }
        emit(end, next: end)
    }

    static func isBoundary(_ s: [Unicode.Scalar], mark: Int, markEnd: Int, next: Int, rangeStart: Int, end: Int) -> Bool {
        let n = s[next]
        let ellipsis = s[mark] == "…" || (mark + 2 < markEnd && s[mark + 1] == "." && s[mark + 2] == ".")
        // Lower case after the mark continues the sentence.
        if n.isLowercaseFast { return false }
        let startsLikeSentence = n.isUppercaseFast || ("0"..."9").contains(n) || n == "\"" || n == "'" || n == "(" || n == "[" || n == "-" || !n.isLetterFast
        guard startsLikeSentence else { return false }
        if ellipsis { return true }
        guard s[mark] == "." else { return true }
        // The word before the period, with inner periods ("U.S", "e.g").
        var w = mark
        while w > rangeStart, s[w - 1].isLetterFast || s[w - 1] == "." || ("0"..."9").contains(s[w - 1]) { w -= 1 }
        if w == mark { return true }
        if s[w..<mark].allSatisfy({ $0.isASCII }) { return isBoundaryAfterASCIIWord(s, word: w..<mark, next: next, end: end) }
        let word = String(scalars: s[w..<mark])
        let lower = word.lowercased()
        if word.isEmpty { return true }
        // An initial: "Joseph R. Biden", "J. F. Kennedy".
        if word.unicodeScalars.count == 1, word.unicodeScalars.first!.isUppercaseFast {
            return false
        }
        // "No. 5", "Art. 4", "Mr. Smith".
        if prefixAbbreviations.contains(lower) { return false }
        if ambiguousAbbreviations.contains(lower) || isDottedAbbreviation(word) {
            let nextWord = wordAt(s, next, end: end).lowercased()
            return sentenceStarters.contains(nextWord)
        }
        return true
    }

    /// The same decision as the general path when the word before the period is ASCII (most
    /// are): its lower-case form written in one pass, the dotted-abbreviation test on scalars.
    static func isBoundaryAfterASCIIWord(_ s: [Unicode.Scalar], word: Range<Int>, next: Int, end: Int) -> Bool {
        let count = word.count
        // An initial: "Joseph R. Biden", "J. F. Kennedy".
        if count == 1, s[word.lowerBound].isUppercaseFast { return false }
        // The word lower-cased and its `WordHash`, in one pass: most words are no
        // abbreviation, and the tables' screens say so from the hash.
        var hash: UInt64 = 0
        let lower = String(unsafeUninitializedCapacity: count) { buffer in
            for k in 0..<count {
                let byte = UInt8(truncatingIfNeeded: s[word.lowerBound + k].value)
                buffer[k] = ASCIIByte.lowercased(byte)
            }
            hash = WordHash.of(bytes: UnsafeBufferPointer(rebasing: buffer[0..<count]))
            return count
        }
        if prefixAbbreviationTable.contains(lower, hash: hash) { return false }
        // "U.S", "N.A.T.O": letters at the even places, periods between them.
        var dotted = count >= 3 && count % 2 == 1
        if dotted {
            for k in 0..<count where (k % 2 == 0) != s[word.lowerBound + k].isLetterFast || (k % 2 == 1 && s[word.lowerBound + k] != ".") {
                dotted = false
                break
            }
        }
        if ambiguousAbbreviationTable.contains(lower, hash: hash) || dotted {
            let nextWord = wordAt(s, next, end: end).lowercased()
            return sentenceStarters.contains(nextWord)
        }
        return true
    }

    /// "U.S", "N.A.T.O": single letters separated by periods.
    static func isDottedAbbreviation(_ word: String) -> Bool {
        let parts = word.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts.allSatisfy { $0.count == 1 && $0.first!.isLetter }
    }

    static func wordAt(_ s: [Unicode.Scalar], _ index: Int, end: Int) -> String {
        var j = index
        var view = String.UnicodeScalarView()
        while j < end, s[j].isLetterFast {
            view.append(s[j])
            j += 1
        }
        return String(view)
    }
}
