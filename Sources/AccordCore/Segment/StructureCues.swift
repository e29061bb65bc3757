/// Small, shared tests on the shape of a line: list markers, provision labels, capitals.
/// They work on scalars, not `Character`s, and allocate nothing on the common path.
public enum StructureCues {
    static let provisionWords: [String: ProvisionKind] = [
        "article": .article, "art": .article, "section": .section, "chapter": .chapter, "part": .part,
        "annex": .annex, "appendix": .annex, "schedule": .annex, "rule": .article, "paragraph": .paragraph,
        "artículo": .article, "articulo": .article, "artikel": .article, "articolo": .article, "статья": .article,
    ]
    /// The provision words, looked up by the hash the scan makes of an ASCII word.
    static let provisionTable = WordTable(provisionWords, bits: 1 << 10)
    /// How many scalars the provision words have: a word of another length is none of them.
    static let provisionWordLengths: ClosedRange<Int> = {
        let lengths = provisionWords.keys.map(\.unicodeScalars.count)
        return lengths.min()!...lengths.max()!
    }()

    /// A list marker at the start of a line, as it is written.
    public struct ItemMarker: Equatable, Sendable {
        /// Its scalars, with the spaces after it.
        public var length: Int
        /// The bullet (`•`, `-`), or nil for a label.
        public var bullet: Unicode.Scalar?
        /// The label's scalars (indices of the line), without bracket and closer: `a` of
        /// `(a) `, `1.2` of `1.2. `; empty for a bullet.
        public var label: Range<Int>
        /// Kinds of label (every label is one): digits (possibly dotted), one letter, or a
        /// roman numeral of up to five letters ("i" is both a letter and a numeral).
        public var isDigits: Bool
        public var isLetter: Bool
        public var isRoman: Bool
        public var parenthesized: Bool
        /// `.` or `)` after the label; nil for a bullet.
        public var closer: Unicode.Scalar?
    }

    /// Length of a list marker at the start (`- `, `• `, `* `, `(a) `, `a) `, `1. `, `1) `,
    /// `(iv) `), or nil.
    public static func itemMarkerLength<C: BidirectionalCollection>(_ s: C) -> Int? where C.Element == Unicode.Scalar, C.Index == Int {
        itemMarker(s)?.length
    }

    /// The list marker at the start (`itemMarkerLength`'s), with its parts, or nil.
    public static func itemMarker<C: BidirectionalCollection>(_ s: C) -> ItemMarker? where C.Element == Unicode.Scalar, C.Index == Int {
        let start = s.startIndex
        guard let first = s.first else { return nil }
        func spaceAt(_ i: Int) -> Bool { i < s.endIndex && (s[i] == " " || s[i] == "\t") }
        if isBullet(first) {
            guard spaceAt(start + 1) else { return nil }
            return ItemMarker(length: 2, bullet: first, label: start..<start, isDigits: false, isLetter: false, isRoman: false,
                              parenthesized: false, closer: nil)
        }
        var i = start
        var parenthesised = false
        if first == "(" {
            parenthesised = true
            i += 1
        }
        let labelStart = i
        while i < s.endIndex, i - labelStart < 6,
              isLabelScalar(s[i]) || (s[i] == "." && i + 1 < s.endIndex && ("0"..."9").contains(s[i + 1]) && i > labelStart) {
            i += 1
        }
        let label = labelStart..<i
        guard !label.isEmpty, i < s.endIndex else { return nil }
        // A lone letter or a roman numeral, or digits (possibly dotted: 1.2).
        let isDigits = label.allSatisfy { ("0"..."9").contains(s[$0]) || s[$0] == "." } && (label.count <= 3 || label.contains { s[$0] == "." })
        let isLetter = label.count == 1 && s[label.lowerBound].isLetterFast
        let isRoman = label.count <= 5 && label.allSatisfy { isRomanDigit(s[$0]) }
        guard isDigits || isLetter || isRoman else { return nil }
        let closer = s[i]
        if parenthesised {
            guard closer == ")" else { return nil }
        } else {
            guard closer == "." || closer == ")" else { return nil }
            // "U.S." is not an item; neither is a decimal like "1.5 million".
            if isLetter && closer == "." && i + 1 < s.endIndex && s[i + 1].isLetterFast { return nil }
        }
        guard spaceAt(i + 1) || i + 1 == s.endIndex else { return nil }
        if isLetter && !parenthesised && closer == "." && s[label.lowerBound].isUppercaseFast {
            // "A. Smith" is an initial more often than an item label.
            return nil
        }
        return ItemMarker(length: i + 1 - start + (spaceAt(i + 1) ? 1 : 0), bullet: nil, label: label, isDigits: isDigits,
                          isLetter: isLetter, isRoman: isRoman, parenthesized: parenthesised, closer: closer)
    }

    /// One of `-•*–·▪◦●`. (A switch: the string of them was decoded at every line.)
    static func isBullet(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x2D, 0x2022, 0x2A, 0x2013, 0xB7, 0x25AA, 0x25E6, 0x25CF: return true
        default: return false
        }
    }

    /// One of `ivxlcIVXLC`.
    static func isRomanDigit(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x69, 0x76, 0x78, 0x6C, 0x63, 0x49, 0x56, 0x58, 0x4C, 0x43: return true
        default: return false
        }
    }

    static func isLabelScalar(_ c: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(c) || c.isLetterFast
    }

    /// A line that starts a new unit: a list marker or a provision heading.
    public static func startsItem(_ s: [Unicode.Scalar]) -> Bool {
        s.withUnsafeBufferPointer { startsItem($0) }
    }

    /// `startsItem` of scalars read in place (a line of a block, not copied out of it).
    static func startsItem(_ s: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        itemMarkerLength(s) != nil || provisionLabel(s) != nil
    }

    /// A line that is only a label: `1.`, `(a)`, `Article 5`, `ARTICLE V`, `IV.`
    public static func isLabelOnly(_ s: [Unicode.Scalar]) -> Bool {
        s.withUnsafeBufferPointer { isLabelOnly($0) }
    }

    static func isLabelOnly(_ s: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        if let length = itemMarkerLength(s), length >= s.count { return true }
        if let label = provisionLabel(s), label.length >= s.count - 1 { return true }
        return false
    }

    /// A short line saying on whose behalf the name under it signs: "For the Government of
    /// Canada", "FOR THE UNITED STATES OF AMERICA:", "On behalf of the Republic of Estonia"
    /// (at most 100 scalars, not ending a sentence).
    static func isBehalfLine(_ s: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        guard s.count >= 8, s.count <= 100, s.last != ".", let opening = behalfOpening(s) else { return false }
        if opening == .named { return true }
        // "For the" and a capital, and a government, a state or an office named, or a colon
        // ("For the purpose of ...", "For the lakes ..." go on a sentence).
        if s.last == ":" { return true }
        let line = String(String.UnicodeScalarView(s)).lowercased()
        return Self.behalfWords.contains { line.contains($0) }
    }

    enum BehalfOpening { case named, forThe }

    /// How `s` opens a statement of on whose behalf: "For Government of …", "On behalf of …"
    /// (`named`), or "For the" and a capital (`forThe`, which the rest of a line must confirm);
    /// nil otherwise. (Side-by-side columns open one at each of their starts.)
    static func behalfOpening(_ s: UnsafeBufferPointer<Unicode.Scalar>) -> BehalfOpening? {
        func startsWith(_ prefix: String) -> Bool {
            var k = 0
            for p in prefix.unicodeScalars {
                // ASCII letters in either case (the prefixes are lower-case ASCII).
                guard k < s.count, s[k] == p || (p != " " && s[k].value < 0x80 && s[k].value | 0x20 == p.value) else { return false }
                k += 1
            }
            return true
        }
        guard !s.isEmpty, s[0] == "F" || s[0] == "O" else { return nil }
        if startsWith("for government of ") || startsWith("on behalf of ") { return .named }
        return startsWith("for the ") && s.count > 8 && s[8].isUppercaseFast ? .forThe : nil
    }

    static let behalfWords = ["government", "kingdom", "republic", "united states", "state of", "union of", "federation",
                              "commonwealth", "secretary", "minister"]

    /// An upper-case line: at least two letters and no lower-case letter.
    public static func isUppercaseLine<C: Collection>(_ s: C) -> Bool where C.Element == Unicode.Scalar {
        var letters = 0
        for c in s where c.isLetterFast {
            if c.isLowercaseFast { return false }
            letters += 1
        }
        return letters >= 2
    }

    public struct ProvisionLabel: Sendable, Equatable {
        public var kind: ProvisionKind
        /// `4`, `IV`, `4 bis`
        public var number: String
        /// Scalars the label takes, including the trailing punctuation.
        public var length: Int
    }

    /// `Article 4`, `ARTICLE IV`, `Art. 4.`, `Section 2`, `Annex I`, `Chapter III`, `Artículo 5`.
    public static func provisionLabel(_ s: [Unicode.Scalar]) -> ProvisionLabel? {
        s.withUnsafeBufferPointer { provisionLabel($0) }
    }

    /// `provisionLabel` of scalars read in place.
    static func provisionLabel(_ s: UnsafeBufferPointer<Unicode.Scalar>) -> ProvisionLabel? {
        // The word must be capitalised ("Article", "ARTICLE"), not "article" mid-sentence:
        // most lines are answered here, before any string is made.
        guard let first = s.first, first.isUppercaseFast else { return nil }
        var i = 0
        var ascii = true
        while i < s.count, s[i].isLetterFast, i < 12 {
            if s[i].value >= 0x80 { ascii = false }
            i += 1
        }
        guard provisionWordLengths.contains(i) else { return nil }
        let kind: ProvisionKind
        if ascii {
            // ASCII letters lower-cased and hashed as they are written; looked up by the hash.
            var hash: UInt64 = 0
            let lower = String(unsafeUninitializedCapacity: i) { buffer in
                for k in 0..<i {
                    buffer[k] = UInt8(truncatingIfNeeded: s[k].value) | 0x20  // letters only
                }
                hash = WordHash.of(bytes: UnsafeBufferPointer(rebasing: buffer[0..<i]))
                return i
            }
            guard let found = provisionTable.value(lower, hash: hash) else { return nil }
            kind = found
        } else {
            guard let found = provisionWords[Lowercase.of(String(scalars: s[0..<i]))] else { return nil }
            kind = found
        }
        if i < s.count, s[i] == "." { i += 1 }
        guard i < s.count, s[i] == " " else {
            // A bare heading "ANNEX" / "Annex" alone on its line.
            return (kind == .annex && i == s.count) ? ProvisionLabel(kind: kind, number: "", length: i) : nil
        }
        i += 1
        let numberStart = i
        while i < s.count, ("0"..."9").contains(s[i]) || isRomanDigit(s[i]) || (s[i] == "." && i + 1 < s.count && ("0"..."9").contains(s[i + 1])) {
            i += 1
        }
        // Spelled-out ordinals are common in older treaties: "ARTICLE FIRST", "Article One".
        if i == numberStart {
            var spelled = String.UnicodeScalarView()
            while i < s.count, s[i].isLetterFast { spelled.append(s[i]); i += 1 }
            guard ordinalWords.contains(String(spelled).lowercased()) else { return nil }
        } else if i - numberStart == 1, s[numberStart].isLetterFast, "ivxlc".unicodeScalars.contains(s[numberStart]) {
            // "Part i" is odd but harmless; accept.
        }
        let number = String(scalars: s[numberStart..<i])
        // A letter right after the number means a word ("Article Iceland") unless it is "bis"/"ter".
        if i < s.count, s[i].isLetterFast { return nil }
        // A reference at the start of a wrapped line, not a heading: "Article IV, paragraph
        // two", "Article 5 of the Convention".
        if i < s.count, s[i] == "," || s[i] == ";" { return nil }
        if i + 1 < s.count, s[i] == " ", s[i + 1].isLowercaseFast { return nil }
        var end = i
        while end < s.count, s[end] == "." || s[end] == ":" || s[end] == "-" || s[end] == ")" || s[end] == " " && end == i { end += 1 }
        return ProvisionLabel(kind: kind, number: number, length: end)
    }

    static let ordinalWords: Set<String> = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
        "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
        "eighteenth", "nineteenth", "twentieth", "final", "last",
    ]
}

/// The structural units of an agreement text.
public enum ProvisionKind: String, Sendable, Codable, CaseIterable {
    case title, preamble, part, chapter, article, section, paragraph, annex
    case finalClauses = "final-clauses"
    case signatureBlock = "signature-block"
}
