import AccordXML
import Foundation

/// A unit of the normalized text: a paragraph, heading, list item or line, in reading order.
public struct TextUnit: Sendable, Equatable {
    /// The kind the source format gave (`raw` text leaves it to the segmenter).
    public var kind: BlockKind
    public var level: Int
    public var range: TextRange
    /// Units of one source paragraph share this number.
    public var paragraph: Int
}

/// The document's text after normalization, the map back to the source bytes, and the
/// units (blocks, lines) it is made of.
public struct NormalizedText: Sendable {
    public let mapped: MappedText
    /// `mapped`'s scalars as a string (or empty, for a text made only to be searched).
    public let text: String
    public let units: [TextUnit]
    /// Where each scalar's bytes start in `text` (and, last, the end of its bytes): a range of
    /// scalars is a range of the string's bytes. Empty for an ASCII text, whose scalars are
    /// its bytes, and for a text without its string.
    private let byteOffsets: [UInt32]
    /// `text` holds `mapped`'s scalars, one byte each: a range of scalars is that of bytes.
    private let isASCII: Bool

    public init(mapped: MappedText, text: String, units: [TextUnit]) {
        self.mapped = mapped
        self.text = text
        self.units = units
        assert(text.isEmpty || text.utf8.elementsEqual(mapped.string(0..<mapped.count).utf8), "the text is not its scalars' string")
        // The string of n scalars has n bytes exactly when every scalar is one byte.
        let bytes = text.utf8.count
        isASCII = bytes > 0 && bytes == mapped.count
        guard bytes > 0, !isASCII, bytes < Int(UInt32.max) else {
            byteOffsets = []
            return
        }
        let scalars = mapped.count
        byteOffsets = text.utf8.withContiguousStorageIfAvailable { utf8 in
            [UInt32](unsafeUninitializedCapacity: scalars + 1) { offsets, made in
                // A scalar starts at each byte that is not a continuation byte (10xxxxxx).
                // (Counted past `scalars` without being written: a string of another count of
                // scalars than `mapped` gets no table.)
                var n = 0
                for k in 0..<utf8.count where utf8[k] & 0xC0 != 0x80 {
                    if n < scalars { offsets[n] = UInt32(truncatingIfNeeded: k) }
                    n += 1
                }
                guard n == scalars else { return }
                offsets[n] = UInt32(truncatingIfNeeded: utf8.count)
                made = n + 1
            }
        } ?? []
    }

    public var count: Int { mapped.count }

    /// The text of a range of scalars: a copy of those bytes of `text` (every span of a
    /// report is made here); made from the scalars for a text without its string.
    public func string(_ range: TextRange) -> String {
        guard let bytes = utf8Range(range) else { return mapped.string(range.start..<range.end) }
        if bytes.isEmpty { return "" }
        return text.utf8.withContiguousStorageIfAvailable { utf8 in
            String(unsafeUninitializedCapacity: bytes.count) { buffer in
                buffer.baseAddress!.update(from: utf8.baseAddress! + bytes.lowerBound, count: bytes.count)
                return bytes.count
            }
        } ?? mapped.string(range.start..<range.end)
    }

    /// The bytes of `text` that hold the scalars of `range`: the bytes `string(range)` copies
    /// (an empty range is the empty string wherever it is, as `mapped.string` has it); nil for
    /// a text without its string.
    public func utf8Range(_ range: TextRange) -> Range<Int>? {
        guard isASCII || !byteOffsets.isEmpty else { return nil }
        if range.start == range.end { return 0..<0 }
        precondition(range.start >= 0 && range.start < range.end && range.end <= mapped.count, "range outside the text")
        return isASCII ? range.start..<range.end : Int(byteOffsets[range.start])..<Int(byteOffsets[range.end])
    }

    /// The byte range in the original source that the normalized range came from.
    public func sourceRange(_ range: TextRange) -> Range<Int> { mapped.sourceRange(range.start..<range.end) }
}

/// Normalize: Unicode NFC; apostrophes, quotes, dashes and spaces made plain; hard line
/// wraps inside a paragraph joined; end-of-line hyphenation repaired. Every scalar keeps
/// the source bytes it came from.
public struct Normalize: Sendable {
    public init() {}

    public func run(_ document: IngestedDocument, diagnostics: inout [Diagnostic]) -> NormalizedText {
        let blocks = document.blocks.map { IngestedBlock(kind: $0.kind, level: $0.level, text: Self.normalizeCharacters($0.text)) }
        let width = Self.wrapWidth(Self.rawLineLengths(blocks))
        let vocabulary = Self.hyphenVocabulary(blocks)

        var out = MappedText()
        // Room for every block and a separator before each, made once rather than by doubling.
        out.reserveCapacity(blocks.reduce(2 * blocks.count) { $0 + $1.text.count })
        var units: [TextUnit] = []
        // A unit a block, most of the time (a raw block's logical lines add more).
        units.reserveCapacity(blocks.count)
        var paragraph = 0
        var previousKind: BlockKind?
        func separate(_ separator: String, at: Int) {
            guard !out.isEmpty else { return }
            for scalar in separator.unicodeScalars { out.appendInserted(scalar, at: at) }
        }
        // A logical line or a paragraph's lines are joined here, one after another, in room
        // kept from one to the next (not a new text of two arrays each), and appended
        // collapsed (`appendCollapsed`) straight onto the text.
        var joined = MappedText()
        // A paragraph's logical lines (runs of its lines), in one list kept from paragraph to
        // paragraph.
        var runs: [Range<Int>] = []
        for block in blocks {
            switch block.kind {
            case .raw, .preformatted:
                // Lines are ranges of the block's text: each logical line is made once (one
                // line: appended straight from the block), not copied line by line first.
                let text = block.text
                let kind: BlockKind = block.kind == .raw ? .raw : .preformatted
                // (The block's lines in one list, each paragraph a range of it: no list made
                // for each paragraph.)
                let (allLines, paragraphRanges) = Self.paragraphRanges(of: text)
                for (paragraphIndex, lineRange) in paragraphRanges.enumerated() {
                    let lines = allLines[lineRange]
                    // A title set in capitals over several short lines at the very top is one heading.
                    let titleLines = paragraph == 0 && paragraphIndex == 0 && units.isEmpty
                        ? text.scalars.withUnsafeBufferPointer { s in
                            lines.prefix(while: { line in
                                let scalars = UnsafeBufferPointer(rebasing: s[line.trimmed])
                                return StructureCues.isUppercaseLine(scalars) && !StructureCues.startsItem(scalars)
                            }).count
                        } : 0
                    // The logical lines: runs of the paragraph's lines, each run joined into one.
                    // (By the lines' places in the block: `lines` is a slice of its lines.)
                    runs.removeAll(keepingCapacity: true)
                    if block.kind == .preformatted {
                        for k in lines.indices { runs.append(k..<(k + 1)) }
                    } else if titleLines > 1 {
                        runs.append(lines.startIndex..<(lines.startIndex + titleLines))
                        Self.wrappedRuns(lines, from: lines.startIndex + titleLines, in: text, width: width, into: &runs)
                    } else {
                        Self.wrappedRuns(lines, from: lines.startIndex, in: text, width: width, into: &runs)
                    }
                    for (index, run) in runs.enumerated() {
                        let first = lines[run.lowerBound].trimmed
                        if run.count == 1 && Self.hasNothingToCollapse(text, first) {
                            // `collapseSpaces` would give the line as it is.
                            separate(index == 0 ? "\n\n" : "\n", at: Int(text.start(first.lowerBound)))
                            let start = out.count
                            out.append(contentsOf: text, range: first)
                            units.append(TextUnit(kind: kind, level: 0, range: TextRange(start, out.count), paragraph: paragraph))
                            continue
                        }
                        Self.join(lines[run], of: text, into: &joined, vocabulary: vocabulary)
                        guard let kept = Self.firstKept(joined) else { continue }
                        separate(index == 0 ? "\n\n" : "\n", at: Int(joined.start(kept)))
                        let start = out.count
                        Self.appendCollapsed(joined, to: &out)
                        units.append(TextUnit(kind: kind, level: 0, range: TextRange(start, out.count), paragraph: paragraph))
                    }
                    paragraph += 1
                }
            case .paragraph, .heading, .listItem:
                // One line (most blocks): nothing to join, and collapsing drops the spaces at
                // its ends as trimming the line would have. Else the lines joined straight from
                // the block's text (no copy of each line).
                // (The block's text bound once: passed as `block.text` at each line, it was
                // retained and released, its two arrays, for every line.)
                let text = block.text
                let oneLine = !text.scalars.contains("\n")
                if !oneLine {
                    joined.removeAll(keepingCapacity: true)
                    // (Each line joined as it is found: no list of the lines made.)
                    Self.forEachLineBounds(text.scalars) { _, trimmed in
                        if !trimmed.isEmpty { Self.join(&joined, text, range: trimmed, vocabulary: vocabulary) }
                    }
                }
                let lines = oneLine ? text : joined
                guard let kept = Self.firstKept(lines) else { continue }
                let tight = block.kind == .listItem && previousKind == .listItem
                separate(tight ? "\n" : "\n\n", at: Int(lines.start(kept)))
                let start = out.count
                Self.appendCollapsed(lines, to: &out)
                units.append(TextUnit(kind: block.kind, level: block.level, range: TextRange(start, out.count), paragraph: paragraph))
                paragraph += 1
            }
            previousKind = block.kind
        }
        return NormalizedText(mapped: out, text: out.string, units: units)
    }

    // MARK: Characters

    /// The same character normalization for a string without offsets (metadata values).
    public static func plainText(_ value: String) -> String {
        // Printable ASCII and Latin letters with single spaces between words and none at
        // either end (most titles and names): the steps below would give it back as it is.
        if value.withUTF8Bytes({ isPlainLatin($0) }) { return value }
        return plainTextByNormalizing(value)
    }

    /// Bytes 0x20-0x7E and scalars U+00C0–U+02BF but U+02B9 and U+02BC (Latin letters, IPA,
    /// spacing modifiers, and × and ÷: no combining mark, none made plain, each a character
    /// of its own), no space at either end and no two in a row (and empty): the text
    /// `plainText`'s steps give back as it is.
    static func isPlainLatin(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        guard first != 0x20, last != 0x20 else { return false }
        var previousSpace = false
        var i = 0
        let n = bytes.count
        while i < n {
            let byte = bytes[i]
            if byte >= 0x80 {
                // Two bytes, a lead 0xC3-0xCA (U+00C0-U+02BF), not U+02B9 or U+02BC.
                guard byte >= 0xC3 && byte <= 0xCA, i + 1 < n, !(byte == 0xCA && (bytes[i + 1] == 0xB9 || bytes[i + 1] == 0xBC)) else { return false }
                previousSpace = false
                i += 2
                continue
            }
            guard byte >= 0x20 && byte < 0x7F else { return false }
            if byte == 0x20 && previousSpace { return false }
            previousSpace = byte == 0x20
            i += 1
        }
        return true
    }

    /// `plainText` by its steps (tests compare the shortcut with it).
    static func plainTextByNormalizing(_ value: String) -> String {
        let normalized = normalizeCharacters(MappedText(value)).string
        return joinedWords(normalized) ?? normalized.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    /// `split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")` on bytes, for
    /// text whose characters are single scalars (`CharactersAreScalars`); nil for any other text.
    static func joinedWords(_ text: String) -> String? {
        guard CharactersAreScalars.check(text) else { return nil }
        return text.withUTF8Bytes { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for byte in bytes {
                if byte == 0x20 || byte == 0x0A {
                    pendingSpace = !out.isEmpty
                    continue
                }
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// One scalar in, at most one out (so offsets stay simple), except NFC composition,
    /// which maps the composed scalar to the bytes of all its parts.
    /// - Parameter keptLetters: runs of letters kept as they are (`isKeptLetter`) copied
    ///   whole; false only in tests, which compare the two ways, scalar by scalar.
    static func normalizeCharacters(_ text: MappedText, keptLetters: Bool = true) -> MappedText {
        // Printable ASCII and line feeds only (most blocks): one run the loop below would copy
        // whole, so the text is its own result (shared, not copied).
        if keptLetters, text.scalars.withUnsafeBufferPointer({ ScalarSearch.firstNotPrintable(in: $0, from: 0) == $0.count }) { return text }
        var out = MappedText()
        out.reserveCapacity(text.count)
        let s = text.scalars
        let n = s.count
        var i = 0
        while i < n {
            let c = s[i]
            if c.value < 0x80 {
                // ASCII fast path, unless a combining mark follows.
                if i + 1 >= n || s[i + 1].value < 0x300 {
                    switch c {
                    case "\r":
                        if i + 1 < n, s[i + 1] == "\n" {
                            i += 1
                            continue
                        }
                        out.append("\n", start: Int(text.start(i)), end: Int(text.end(i)))
                    case "\t", "\u{0B}", "\u{0C}":
                        out.append(" ", start: Int(text.start(i)), end: Int(text.end(i)))
                    case "\n", " "..."~":
                        // The whole run of printable ASCII in one copy; its last scalar stays
                        // behind when a combining mark follows it.
                        // Runs of printable ASCII at memory speed, kept letters between them.
                        var j = s.withUnsafeBufferPointer { ScalarSearch.firstNotPrintable(in: $0, from: i + 1) }
                        while j < n, keptLetters && isKeptLetter(s[j].value) {
                            j = s.withUnsafeBufferPointer { ScalarSearch.firstNotPrintable(in: $0, from: j + 1) }
                        }
                        if j < n, s[j].value >= 0x300 { j -= 1 }
                        out.append(contentsOf: text, range: i..<j)
                        i = j
                        continue
                    default:
                        break  // other control characters carry no text
                    }
                    i += 1
                    continue
                }
            }
            // A run that starts with a letter kept as it is (Cyrillic, an ideograph) and no
            // combining mark after it: copied as the printable ASCII runs above are.
            if keptLetters, isKeptLetter(c.value), i + 1 >= n || s[i + 1].value < 0x300 || isKeptLetter(s[i + 1].value) {
                var j = i + 1
                while j < n, s[j] == "\n" || (s[j].value >= 0x20 && s[j].value < 0x7F) || isKeptLetter(s[j].value) { j += 1 }
                if j < n, s[j].value >= 0x300 { j -= 1 }
                out.append(contentsOf: text, range: i..<j)
                i = j
                continue
            }
            // A starter and the combining marks after it, composed (NFC).
            var j = i + 1
            // (Every scalar below U+0300 has combining class 0.)
            while j < n, s[j].value >= 0x300, s[j].properties.canonicalCombiningClass.rawValue != 0 { j += 1 }
            if j - i > 1 || isDecomposedHangul(c) {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: s[i..<j])
                let composed = String(view).precomposedStringWithCanonicalMapping.unicodeScalars
                let start = Int(text.start(i))
                let end = Int(text.end(j - 1))
                if composed.count == j - i {
                    for (k, scalar) in composed.enumerated() {
                        out.append(plain(scalar, previous: out.scalars.last, next: j < n ? s[j] : nil),
                                   start: Int(text.start(i + k)), end: Int(text.end(i + k)))
                    }
                } else {
                    for scalar in composed {
                        out.append(plain(scalar, previous: out.scalars.last, next: j < n ? s[j] : nil), start: start, end: end)
                    }
                }
                i = j
                continue
            }
            if isRemoved(c) {
                i += 1
                continue
            }
            out.append(plain(c, previous: out.scalars.last, next: i + 1 < n ? s[i + 1] : nil),
                       start: Int(text.start(i)), end: Int(text.end(i)))
            i += 1
        }
        return out
    }

    /// Letters this step keeps as they are when no combining mark follows: the Cyrillic block
    /// and the CJK ideographs (treaty texts in Russian, Ukrainian and Chinese are mostly
    /// these), where NFC keeps them (`NFCCheck`, which leaves out the Cyrillic combining
    /// marks); none is removed or made plain, none is Hangul.
    @inline(__always) static func isKeptLetter(_ value: UInt32) -> Bool {
        ((value >= 0x400 && value <= 0x4FF) || (value >= 0x4E00 && value <= 0x9FFF)) && NFCCheck.isStable(value)
    }

    private static func isDecomposedHangul(_ c: Unicode.Scalar) -> Bool {
        (0x1100...0x11FF).contains(c.value)
    }

    /// Invisible characters that carry no text.
    static func isRemoved(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD: return true
        case 0x80...0x9F: return true  // C1 controls
        default: return false
        }
    }

    /// Typographic apostrophes, quotes, dashes and spaces as plain ASCII.
    static func plain(_ c: Unicode.Scalar, previous: Unicode.Scalar?, next: Unicode.Scalar?) -> Unicode.Scalar {
        switch c.value {
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x02BC, 0x02B9, 0xFF07: return "'"
        case 0x00B4:
            // The acute accent typed as an apostrophe: "Mexico´s".
            return "'"
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB, 0xFF02: return "\""
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: return "-"
        case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000, 0x1680: return " "
        case 0x2028, 0x2029, 0x0085: return "\n"
        default: return c
        }
    }

    // MARK: Lines and paragraphs

    struct Line {
        /// Leading spaces before trimming.
        var indent: Int
        /// The line without its leading and trailing spaces: a range of the text's scalars.
        var trimmed: Range<Int>
    }

    static func lines(of text: MappedText) -> [Line] {
        // (Each line made as it is found: no list of bounds made first.)
        eachLineBounds(text.scalars) { Line(indent: $1.lowerBound - $0, trimmed: $1) }
    }

    /// The raw blocks' lines that are not blank, each's length without its leading and
    /// trailing spaces, in one list: what the wrap width is found from.
    static func rawLineLengths(_ blocks: [IngestedBlock]) -> [Int] {
        var lengths: [Int] = []
        for index in blocks.indices where blocks[index].kind == .raw {
            forEachLineBounds(blocks[index].text.scalars) { _, trimmed in
                if !trimmed.isEmpty { lengths.append(trimmed.count) }
            }
        }
        return lengths
    }

    /// Each line's start and its range without leading and trailing spaces.
    static func lineBounds(_ scalars: [Unicode.Scalar]) -> [(start: Int, trimmed: Range<Int>)] {
        eachLineBounds(scalars) { ($0, $1) }
    }

    /// `make` of each line's start and its range without leading and trailing spaces.
    @inline(__always)
    private static func eachLineBounds<T>(_ scalars: [Unicode.Scalar], _ make: (Int, Range<Int>) -> T) -> [T] {
        var result: [T] = []
        // Room for a line every 64 scalars (wrapped text runs 60 to 80 a line), made once.
        result.reserveCapacity(scalars.count / 64 + 1)
        forEachLineBounds(scalars) { result.append(make($0, $1)) }
        return result
    }

    /// `body` of each line's start and its range without leading and trailing spaces, in order.
    @inline(__always)
    static func forEachLineBounds(_ scalars: [Unicode.Scalar], _ body: (Int, Range<Int>) -> Void) {
        scalars.withUnsafeBufferPointer { s in
            var start = 0
            while true {
                // The line's end: the next line feed (found at memory speed), or the text's end.
                let i = ScalarSearch.first("\n", in: s, from: start)
                var lo = start
                while lo < i, s[lo] == " " { lo += 1 }
                var hi = i
                while hi > lo, s[hi - 1] == " " { hi -= 1 }
                body(start, lo..<hi)
                guard i < s.count else { break }
                start = i + 1
            }
        }
    }

    /// The paragraphs of `text`: its runs of lines that are not blank.
    static func paragraphs(of text: MappedText) -> [[Line]] {
        let (lines, paragraphs) = paragraphRanges(of: text)
        return paragraphs.map { Array(lines[$0]) }
    }

    /// `paragraphs(of:)` as ranges of the text's lines, given with them.
    static func paragraphRanges(of text: MappedText) -> (lines: [Line], paragraphs: [Range<Int>]) {
        let lines = lines(of: text)
        var paragraphs: [Range<Int>] = []
        var start: Int?
        for k in lines.indices {
            if lines[k].trimmed.isEmpty {
                if let first = start { paragraphs.append(first..<k) }
                start = nil
            } else if start == nil {
                start = k
            }
        }
        if let first = start { paragraphs.append(first..<lines.count) }
        return (lines, paragraphs)
    }

    /// The width the text was wrapped at: a high percentile of line lengths. With few
    /// lines there is no evidence of wrapping, and nothing is joined unless it reaches it.
    static func wrapWidth(_ lengths: [Int]) -> Int {
        guard lengths.count >= 4 else { return Int.max }
        let sorted = lengths.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.9))]
    }

    /// The runs of lines, from `from` on, each wrapped onto the next (`isWrap`: the line
    /// break is a wrap, not a choice; the next line's first word would not have fitted on
    /// this line): each run is one logical line.
    static func wrappedRuns(_ lines: [Line], from: Int, in text: MappedText, width: Int) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        wrappedRuns(lines[...], from: from, in: text, width: width, into: &runs)
        return runs
    }

    /// `wrappedRuns` of a slice of lines (by their places in it), appended to `runs`.
    static func wrappedRuns(_ lines: ArraySlice<Line>, from: Int, in text: MappedText, width: Int, into runs: inout [Range<Int>]) {
        text.scalars.withUnsafeBufferPointer { s in
            var first = from
            while first < lines.endIndex {
                var end = first + 1
                while end < lines.endIndex, isWrap(lines[end - 1], lines[end], width: width, in: s) { end += 1 }
                runs.append(first..<end)
                first = end
            }
        }
    }

    /// The lines joined (`join`) into one text: `joined`, emptied first, its room kept from
    /// the text made in it before.
    static func join(_ lines: ArraySlice<Line>, of text: MappedText, into joined: inout MappedText, vocabulary: HyphenVocabulary) {
        joined.removeAll(keepingCapacity: true)
        for line in lines { join(&joined, text, range: line.trimmed, vocabulary: vocabulary) }
    }

    /// A line (trimmed, so neither end is a space) with no line feed and no two spaces in a
    /// row: `collapseSpaces` leaves it as it is.
    static func hasNothingToCollapse(_ text: MappedText, _ range: Range<Int>) -> Bool {
        text.scalars.withUnsafeBufferPointer { s in
            let line = UnsafeBufferPointer(rebasing: s[range])
            return ScalarSearch.firstLineFeedOrDoubleSpace(in: line, from: 0) == line.count
        }
    }

    static func isWrap(_ line: Line, _ next: Line, width: Int, in scalars: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        guard width != Int.max else { return false }
        let text = UnsafeBufferPointer(rebasing: scalars[line.trimmed])
        let nextText = UnsafeBufferPointer(rebasing: scalars[next.trimmed])
        guard let last = text.last, let first = nextText.first else { return false }
        if StructureCues.startsItem(nextText) || StructureCues.isLabelOnly(text) || last == ":" { return false }
        // "For the Government of Canada" over a signature starts a line of its own.
        if StructureCues.isBehalfLine(nextText) { return false }
        if next.indent > line.indent + 1 && next.indent >= 2 { return false }
        let upper = StructureCues.isUppercaseLine(text)
        let nextUpper = StructureCues.isUppercaseLine(nextText)
        if upper && !nextUpper { return false }
        // A title set in capitals over several lines is one heading; short lines in
        // capitals (names under a signature) stay apart.
        if upper && nextUpper { return text.count >= 30 && last != "." && last != ":" }
        // A word broken at the line end ("appli-" / "cable") is a wrap whatever the widths.
        if last == "-", text.count >= 2, text[text.count - 2].isLetterFast, first.isLowercaseFast { return true }
        let firstWord = nextText.prefix(while: { $0 != " " }).count
        let fits = text.count + 1 + firstWord <= Int(Double(width) * 0.85)
        if fits { return false }
        _ = first
        return true
    }

    /// Appends `line` to `text` across a line break: a space, or nothing where a word
    /// was hyphenated at the line end ("co-" + "operation" keeps its hyphen only when
    /// the document writes it that way elsewhere).
    static func join(_ text: inout MappedText, _ line: MappedText, vocabulary: HyphenVocabulary) {
        join(&text, line, range: 0..<line.count, vocabulary: vocabulary)
    }

    /// `join` of the scalars of `source` in `range` (a line of a block), without copying the
    /// line out of it first.
    static func join(_ text: inout MappedText, _ source: MappedText, range: Range<Int>, vocabulary: HyphenVocabulary) {
        guard !text.isEmpty else {
            if range == 0..<source.count { text = source } else { text.append(contentsOf: source, range: range) }
            return
        }
        let n = text.count
        let line = source.scalars[range]
        if n >= 2, text.scalars[n - 1] == "-", text.scalars[n - 2].isLetterFast, let first = line.first, first.isLowercaseFast {
            var p = n - 2
            while p > 0, text.scalars[p - 1].isLetterFast { p -= 1 }
            let prefix = text.string(p..<(n - 1)).lowercased()
            let suffix = String(scalars: line.prefix(while: { $0.isLetterFast })).lowercased()
            if !vocabulary.keepsHyphen(prefix: prefix, suffix: suffix) {
                text.removeLast()
            }
            text.append(contentsOf: source, range: range)
            return
        }
        text.appendInserted(" ", at: Int(range.isEmpty ? text.lastEnd ?? 0 : source.start(range.lowerBound)))
        text.append(contentsOf: source, range: range)
    }

    /// Runs of spaces become one; leading and trailing spaces go.
    static func collapseSpaces(_ text: MappedText) -> MappedText {
        // Usually there is nothing to collapse: the text is its own result (shared, not copied).
        if hasNothingToCollapse(text) { return text }
        var out = MappedText()
        out.reserveCapacity(text.count)
        appendCollapsed(text, to: &out)
        return out
    }

    /// No line break, no double space, none at the ends (and not empty): what
    /// `collapseSpaces` gives back as it is.
    static func hasNothingToCollapse(_ text: MappedText) -> Bool {
        let scalars = text.scalars
        guard let first = scalars.first, first != " ", first != "\n", scalars.last != " ", scalars.last != "\n" else { return false }
        // No line feed and no space after a space, at memory speed (the first scalar is
        // neither, so the scan from it asks just that).
        return scalars.withUnsafeBufferPointer { p -> Bool in
            ScalarSearch.firstLineFeedOrDoubleSpace(in: p, from: 0) == p.count
        }
    }

    /// The first scalar `collapseSpaces` keeps, the first of its result: the first that is no
    /// space or line feed (nil: the result is empty).
    static func firstKept(_ text: MappedText) -> Int? {
        text.scalars.firstIndex { $0 != " " && $0 != "\n" }
    }

    /// Appends `collapseSpaces(text)` to `out`, without making it first.
    static func appendCollapsed(_ text: MappedText, to out: inout MappedText) {
        if hasNothingToCollapse(text) {
            out.append(contentsOf: text)
            return
        }
        // Runs of words and single spaces are copied whole; a longer run of white space (or a
        // line break) becomes one space, mapped to its first character; none at the ends.
        text.scalars.withUnsafeBufferPointer { s in
            let n = s.count
            var i = 0
            while i < n, s[i] == " " || s[i] == "\n" { i += 1 }
            while i < n {
                // The run ends at a line feed, or at a space followed by a space, a line feed
                // or the end. (s[i] is neither a space nor a line feed.) The vector scan finds
                // the first line feed or second space of a pair; a space before it ends the
                // run there.
                let found = ScalarSearch.firstLineFeedOrDoubleSpace(in: s, from: i)
                var j = found < n ? found : n
                if j > i, s[j - 1] == " " { j -= 1 }
                out.append(contentsOf: text, range: i..<j)
                guard j < n else { break }
                var k = j
                while k < n, s[k] == " " || s[k] == "\n" { k += 1 }
                if k < n { out.append(" ", start: Int(text.start(j)), end: Int(text.end(j))) }
                i = k
            }
        }
    }

    // MARK: Hyphenation evidence

    /// The document's words, as hashes of their lower-cased scalars (no String per word).
    struct HyphenVocabulary {
        var hyphenated = WordHashSet()
        var words = WordHashSet()

        static func hash<S: Sequence>(_ scalars: S) -> UInt64 where S.Element == Unicode.Scalar {
            var h = ScalarHash.seed
            for c in scalars {
                let v = c.isASCII ? ASCIIByte.lowercased(c.value) : Lowercase.firstScalar(of: c)
                h = ScalarHash.step(h, UInt64(v))
            }
            return h
        }

        func keepsHyphen(prefix: String, suffix: String) -> Bool {
            if hyphenated.contains(Self.hash((prefix + "-" + suffix).unicodeScalars)) { return true }
            if words.contains(Self.hash((prefix + suffix).unicodeScalars)) { return false }
            return Self.hyphenPrefixes.contains(prefix)
        }

        static let hyphenPrefixes: Set<String> = ["co", "non", "self", "cross", "anti", "ex", "semi", "vice", "well", "long", "short", "full", "high", "low", "all", "half", "multi", "post", "pre"]
    }

    /// Some block has a hyphen right before a line feed or carriage return: found from hyphen
    /// to hyphen (a vector search between them), not by a look at every scalar.
    static func hasHyphenBeforeBreak(_ blocks: [IngestedBlock]) -> Bool {
        blocks.contains { block in
            block.text.scalars.withUnsafeBufferPointer { t in
                var k = ScalarSearch.first("-", in: t, from: 0)
                while k + 1 < t.count {
                    if t[k + 1] == "\n" || t[k + 1] == "\r" { return true }
                    k = ScalarSearch.first("-", in: t, from: k + 1)
                }
                return false
            }
        }
    }

    /// - Parameter screened: false only in tests, which compare the joins with the evidence
    ///   screened and with it gathered wherever a hyphen comes right before a line break.
    static func hyphenVocabulary(_ blocks: [IngestedBlock], screened: Bool = true) -> HyphenVocabulary {
        var vocabulary = HyphenVocabulary()
        // The evidence is gathered for a document with a hyphen right before a line break
        // (as it always was), and only where a join can ask for it there: somewhere a letter
        // and a hyphen end a line and a lower-case letter starts the next, spaces aside. Most
        // documents have neither. (Tabs and blank lines are let through by the second screen
        // too: it only has to keep every place a join asks.)
        let hyphenBeforeBreak = hasHyphenBeforeBreak(blocks)
        let needed = hyphenBeforeBreak && blocks.contains { block in
            block.text.scalars.withUnsafeBufferPointer { t in
                // From hyphen to hyphen, as above.
                var k = ScalarSearch.first("-", in: t, from: 1)
                while k + 1 < t.count {
                    if t[k - 1].isLetterFast {
                        var j = k + 1
                        var lineEnd = false
                        while j < t.count, t[j] == " " || t[j] == "\t" || t[j] == "\n" || t[j] == "\r" {
                            if t[j] == "\n" || t[j] == "\r" { lineEnd = true }
                            j += 1
                        }
                        if lineEnd, j < t.count, t[j].isLowercaseFast { return true }
                    }
                    k = ScalarSearch.first("-", in: t, from: k + 1)
                }
                return false
            }
        }
        guard screened ? needed : hyphenBeforeBreak else { return vocabulary }
        // Words are runs of letters and hyphens; each one's hash (`HyphenVocabulary.hash`)
        // is folded as the run is read, not in a second pass over it.
        var hyphenated = WordHashSet(), words = WordHashSet(capacity: 1024)
        for block in blocks {
            block.text.scalars.withUnsafeBufferPointer { t in
                var inWord = false
                var hasHyphen = false
                var h = ScalarHash.seed
                var k = 0
                while k <= t.count {
                    let c: Unicode.Scalar = k < t.count ? t[k] : " "
                    let v = c.value
                    // ASCII letters and hyphens (most of them) without the general tests.
                    let asciiLetter = ASCIIByte.isLetter(v)
                    if k < t.count && (asciiLetter || c == "-" || (v >= 0x80 && c.isLetterFast)) {
                        if !inWord {
                            inWord = true
                            hasHyphen = false
                            h = ScalarHash.seed
                        }
                        if c == "-" { hasHyphen = true }
                        let folded = v < 0x80 ? ASCIIByte.lowercased(v) : Lowercase.firstScalar(of: c)
                        h = ScalarHash.step(h, UInt64(folded))
                    } else if inWord {
                        if !hasHyphen { words.insert(h) } else if t[k - 1] != "-" { hyphenated.insert(h) }
                        inWord = false
                    }
                    k += 1
                }
            }
        }
        vocabulary.hyphenated = hyphenated
        vocabulary.words = words
        return vocabulary
    }
}
