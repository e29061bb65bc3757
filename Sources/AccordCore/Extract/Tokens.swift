import CAccordBytes

/// A word, number or punctuation mark of the normalized text.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case word, number, punctuation }

    /// The largest position a token can have: a text's places and sentence numbers are kept
    /// in 32 bits (`Pipeline` refuses a longer text, with a reason).
    public static let maximumPosition = Int(Int32.max)

    public let text: String
    /// `text` lower-cased (once, here, rather than by every extractor).
    public let lower: String
    /// `WordHash.of(lower)` and `WordHash.of(text)`, for `WordFilter` checks.
    public let lowerHash: UInt64
    public let textHash: UInt64
    // The range and the sentence in 32 bits each, and the kind and the five flags below in
    // one byte: a token is 64 bytes (61 rounded up), not 72 with a byte for each flag (or 88
    // with the places in 64 bits), so the tokenizer writes less and every pass over a
    // document's tokens, a dozen of them, reads less.
    private let start: Int32
    private let end: Int32
    private let sentenceIndex: Int32
    /// The kind in the low two bits (`Kind`'s order), then one bit for each flag below.
    private let bits: UInt8
    public var range: TextRange { TextRange(Int(start), Int(end)) }
    /// Index of the sentence the token is in.
    public var sentence: Int { Int(sentenceIndex) }
    @inline(__always) public var kind: Kind {
        switch bits & 3 {
        case 0: return .word
        case 1: return .number
        default: return .punctuation
        }
    }
    /// First word of its sentence (its capital says nothing about it being a name).
    @inline(__always) public var sentenceInitial: Bool { bits & Self.sentenceInitialBit != 0 }
    /// A word whose first letter is a capital. Computed once: every extractor asks.
    @inline(__always) public var isCapitalized: Bool { bits & Self.capitalizedBit != 0 }
    /// Every letter in capitals (and at least two letters): "UNITED", "CBP", "U.S.".
    @inline(__always) public var isAllCaps: Bool { bits & Self.allCapsBit != 0 }
    /// A word whose first letter is lower case.
    @inline(__always) public var isLowercase: Bool { bits & Self.lowercaseBit != 0 }
    /// `text` is in NFC for sure (`NFCCheck`): nearly every token, whose hash then stands for
    /// its NFC form's.
    @inline(__always) public var isPlainNFC: Bool { bits & Self.plainNFCBit != 0 }

    private static var sentenceInitialBit: UInt8 { 0x04 }
    private static var capitalizedBit: UInt8 { 0x08 }
    private static var allCapsBit: UInt8 { 0x10 }
    private static var lowercaseBit: UInt8 { 0x20 }
    private static var plainNFCBit: UInt8 { 0x40 }

    /// The byte of `bits`.
    @inline(__always) private static func bits(kind: Kind, sentenceInitial: Bool, isCapitalized: Bool, isAllCaps: Bool,
                                               isLowercase: Bool, isPlainNFC: Bool) -> UInt8 {
        let kindBits: UInt8 = kind == .word ? 0 : (kind == .number ? 1 : 2)
        return kindBits | (sentenceInitial ? sentenceInitialBit : 0) | (isCapitalized ? capitalizedBit : 0)
            | (isAllCaps ? allCapsBit : 0) | (isLowercase ? lowercaseBit : 0) | (isPlainNFC ? plainNFCBit : 0)
    }

    /// Everything precomputed (the tokenizer's one pass over an ASCII word). The places fit
    /// in 32 bits: the tokenizer checks the text's length once, not each token.
    init(range: TextRange, text: String, lower: String, lowerHash: UInt64, textHash: UInt64, kind: Kind, sentence: Int,
         sentenceInitial: Bool, isCapitalized: Bool, isAllCaps: Bool, isLowercase: Bool, isPlainNFC: Bool) {
        start = Int32(truncatingIfNeeded: range.start)
        end = Int32(truncatingIfNeeded: range.end)
        self.text = text
        self.lower = lower
        self.lowerHash = lowerHash
        self.textHash = textHash
        sentenceIndex = Int32(truncatingIfNeeded: sentence)
        bits = Self.bits(kind: kind, sentenceInitial: sentenceInitial, isCapitalized: isCapitalized, isAllCaps: isAllCaps,
                         isLowercase: isLowercase, isPlainNFC: isPlainNFC)
    }

    public init(range: TextRange, text: String, lower: String, kind: Kind, sentence: Int, sentenceInitial: Bool) {
        start = Int32(range.start)
        end = Int32(range.end)
        self.text = text
        self.lower = lower
        lowerHash = WordHash.of(lower)
        textHash = text == lower ? lowerHash : WordHash.of(text)
        sentenceIndex = Int32(sentence)
        let first = kind == .word ? text.unicodeScalars.first : nil
        var allCaps = false
        if kind == .word {
            var letters = 0
            allCaps = true
            for scalar in text.unicodeScalars where scalar.isLetterFast {
                if !scalar.isUppercaseFast { allCaps = false; break }
                letters += 1
            }
            allCaps = allCaps && letters >= 2
        }
        bits = Self.bits(kind: kind, sentenceInitial: sentenceInitial, isCapitalized: first?.isUppercaseFast ?? false, isAllCaps: allCaps,
                         isLowercase: first?.isLowercaseFast ?? false, isPlainNFC: NFCCheck.isNFCForSure(text))
    }

    /// "R." in "Joseph R. Biden".
    public var isInitial: Bool {
        // Two scalars, read in place (no array of them made).
        var scalars = text.unicodeScalars.makeIterator()
        guard let first = scalars.next(), let second = scalars.next(), scalars.next() == nil else { return false }
        return first.isUppercaseFast && second == "."
    }
}

/// Splits normalized text into tokens, sentence by sentence. Abbreviations with inner
/// periods ("U.S.", "U.N.") and initials ("R.") stay one token; possessive "'s" and
/// hyphens are tokens of their own, so "US-Mexico" gives "US", "-", "Mexico".
public enum Tokenizer {
    /// ASCII words lower-cased on bytes; others by the standard library.
    static func lowercased(_ word: String) -> String {
        guard word.utf8.allSatisfy({ $0 < 0x80 }) else { return Lowercase.of(word) }
        guard word.utf8.contains(where: { ASCIIByte.isUpper($0) }) else { return word }
        return String(decoding: ByteSearch.asciiLowercased(word.utf8), as: UTF8.self)
    }

    public static func tokenize(_ text: NormalizedText, sentences: [Sentence]) -> [Token] {
        tokenize(text, sentences: sentences, wordPath: SmallASCII.isAvailable)
    }

    /// `wordPath` false leaves every token to the general scan (tests compare the two).
    static func tokenize(_ text: NormalizedText, sentences: [Sentence], wordPath: Bool) -> [Token] {
        // (A token's places and sentence are kept in 32 bits; every sentence lies in the text.)
        precondition(text.count <= Token.maximumPosition, "a text of \(text.count) characters: more than a token can place")
        return text.mapped.scalars.withUnsafeBufferPointer { s in
            tokenize(text, s, sentences: sentences, wordPath: wordPath)
        }
    }

    /// Where a scan stopped: the sentence, the scalar and whether a word has come in the
    /// sentence before it.
    struct ScanPosition {
        var sentence: Int
        var scalar: Int
        var first: Bool
    }

    /// The tokens are made straight into an array's memory, of room for one token in four
    /// scalars (English prose has about one in six, but lists, tables and treaty texts, with
    /// their numbers and punctuation, more: at one in five, a fifth of the bench's documents
    /// filled it, and their tokens were copied into a larger array); a text with more tokens
    /// fills that and the scan goes on into another array from where it stopped.
    private static func tokenize(_ text: NormalizedText, _ s: UnsafeBufferPointer<Unicode.Scalar>, sentences: [Sentence],
                                 wordPath: Bool) -> [Token] {
        var position = ScanPosition(sentence: 0, scalar: sentences.first?.range.start ?? 0, first: true)
        var tokens: [Token] = []
        var room = s.count / 4 + 16
        while true {
            var finished = false
            let made = [Token](unsafeUninitializedCapacity: room) { buffer, count in
                var sink = TokenSink(buffer)
                finished = scan(text, s, sentences: sentences, wordPath: wordPath, from: &position, into: &sink)
                count = sink.count
            }
            if tokens.isEmpty { tokens = made } else { tokens.append(contentsOf: made) }
            if finished { return tokens }
            room *= 2
        }
    }

    /// Tokens from `position` until the sentences end (true) or `sink` is full (false, and
    /// `position` where the next token starts). The scan reads every scalar, several times
    /// near a token's end (sentence ranges always lie within the text).
    private static func scan(_ text: NormalizedText, _ s: UnsafeBufferPointer<Unicode.Scalar>, sentences: [Sentence],
                             wordPath: Bool,
                             from position: inout ScanPosition, into tokens: inout TokenSink) -> Bool {
        let small = SmallASCII.isAvailable
        var index = position.sentence
        var i = position.scalar
        var first = position.first
        while index < sentences.count {
            let sentence = sentences[index]
            precondition(sentence.range.start >= 0 && sentence.range.end <= s.count && i >= sentence.range.start, "sentence outside the text")
            let end = sentence.range.end
            while i < end {
                let c = s[i]
                if c == " " || c == "\n" {
                    i += 1
                    continue
                }
                if tokens.isFull {
                    position = ScanPosition(sentence: index, scalar: i, first: first)
                    return false
                }
                let start = i
                // Most tokens: a word or number of ASCII letters and digits, made in the pass
                // that finds its end.
                if wordPath {
                    let next = asciiWord(s, start, end, sentence: index, first: first, into: &tokens)
                    if next > start {
                        first = false
                        i = next
                        continue
                    }
                }
                var kind = Token.Kind.punctuation
                if isWordScalar(c) {
                    kind = ("0"..."9").contains(c) ? .number : .word
                    i += 1
                    while i < end {
                        let d = s[i]
                        if isWordScalar(d) {
                            if kind == .number && d.isLetterFast {
                                if ("0"..."9").contains(s[i - 1]) && isOrdinalSuffix(s, i, end) {
                                    i += 2  // "24th" stays a number
                                    continue
                                }
                                kind = .word
                            }
                            i += 1
                            continue
                        }
                        // Inner periods of abbreviations: "U.S.", "U.S.A.", "e.g.", and numbers "1.5", "2,000".
                        if d == "." || d == ",", i + 1 < end, kind == .number, ("0"..."9").contains(s[i + 1]) {
                            i += 1
                            continue
                        }
                        if d == ".", kind == .word, i - start == 1, i + 2 < end, s[i + 1].isLetterFast, s[i + 2] == "." {
                            // "U.S." / "e.g.": single letters separated by periods.
                            var j = i
                            while j + 2 <= end, s[j] == ".", j + 1 < end, s[j + 1].isLetterFast, j + 2 < end, s[j + 2] == "." {
                                j += 2
                            }
                            i = j + 1
                            break
                        }
                        // An apostrophe inside a word ("O'Brien", "don't") but not a possessive "'s".
                        if d == "'", i + 1 < end, s[i + 1].isLetterFast,
                           !(s[i + 1] == "s" && (i + 2 >= end || !s[i + 2].isLetterFast)) {
                            i += 1
                            continue
                        }
                        break
                    }
                    // An initial keeps its period: "R." (a single capital letter).
                    if kind == .word, i - start == 1, i < end, s[i] == ".", s[start].isUppercaseFast {
                        i += 1
                    }
                    // "Jr." and "Sr." keep theirs too.
                    if kind == .word, i < end, s[i] == ".", i - start == 2 {
                        let word = text.mapped.string(start..<i)
                        if word == "Jr" || word == "Sr" || word == "Mr" || word == "Ms" || word == "Dr" || word == "St" { i += 1 }
                    }
                    if kind == .word, i < end, s[i] == ".", i - start == 3 {
                        let word = text.mapped.string(start..<i)
                        if word == "Mrs" { i += 1 }
                    }
                } else if c == "'" && i + 1 < end && s[i + 1] == "s" && (i + 2 >= end || !s[i + 2].isLetterFast) {
                    i += 2
                } else {
                    i += 1
                }
                if small, let token = smallASCIIToken(s, start, i, kind: kind, sentence: index, sentenceInitial: first && kind == .word) {
                    tokens.append(token)
                } else if let token = asciiToken(s, start, i, kind: kind, sentence: index, sentenceInitial: first && kind == .word) {
                    tokens.append(token)
                } else if let token = tableToken(s, start, i, kind: kind, sentence: index, sentenceInitial: first && kind == .word) {
                    tokens.append(token)
                } else {
                    let word = text.mapped.string(start..<i)
                    tokens.append(Token(range: TextRange(start, i), text: word, lower: Self.lowercased(word),
                                        kind: kind, sentence: index, sentenceInitial: first && kind == .word))
                }
                if kind == .word || kind == .number { first = false }
                // A quote or bracket at the start does not end "initial" position.
            }
            index += 1
            if index < sentences.count {
                i = sentences[index].range.start
                first = true
            }
        }
        return true
    }

    /// A token of ASCII scalars in one pass: its text and lower-case form written straight
    /// into their strings, both hashes and the case flags computed on the way (what
    /// `Token.init` computes for any text). Nil for anything else, or longer than 64 bytes.
    static func asciiToken(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int, kind: Token.Kind, sentence: Int, sentenceInitial: Bool) -> Token? {
        let count = end - start
        guard count > 0, count <= 64 else { return nil }
        var upper = 0, lowerLetters = 0
        var textHash = WordHash.Builder()
        var lowerHash = WordHash.Builder()
        // One pass: the bytes written, both hashes and the letter counts, stopping at the
        // first scalar that is not ASCII (the string made then is empty and dropped).
        var ascii = true
        let text = String(unsafeUninitializedCapacity: count) { buffer in
            for k in 0..<count {
                let v = s[start + k].value
                guard v < 0x80 else {
                    ascii = false
                    return 0
                }
                let byte = UInt8(truncatingIfNeeded: v)
                if ASCIIByte.isUpper(byte) { upper += 1 } else if ASCIIByte.isLower(byte) { lowerLetters += 1 }
                buffer[k] = byte
                textHash.add(byte)
                lowerHash.add(ASCIIByte.lowercased(byte))
            }
            return count
        }
        guard ascii else { return nil }
        let lower = upper == 0 ? text : String(unsafeUninitializedCapacity: count) { buffer in
            for k in 0..<count {
                let byte = UInt8(truncatingIfNeeded: s[start + k].value)
                buffer[k] = ASCIIByte.lowercased(byte)
            }
            return count
        }
        return asciiToken(s, start, end, text: text, lower: lower, textHash: textHash.value, lowerHash: lowerHash.value, upper: upper,
                          lowerLetters: lowerLetters, kind: kind, sentence: sentence, sentenceInitial: sentenceInitial)
    }

    /// A token of scalars below U+0530 that NFC keeps as they are (Latin and Cyrillic; not
    /// Greek, which `NFCCheck` does not vouch for) and whose lower case is one such scalar
    /// each (`Lowercase.table`): its text and lower-case form written from the scalars and the
    /// table, its hashes over their bytes, its case flags from `ScalarTable`. What `Token.init`
    /// computes from the strings, for the words of Russian, Spanish or French text; nil for
    /// any other token.
    static func tableToken(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int, kind: Token.Kind, sentence: Int, sentenceInitial: Bool) -> Token? {
        guard end > start else { return nil }
        var textLength = 0, lowerLength = 0
        var changed = false
        var letters = 0, allUpper = true
        let limit = ScalarTable.limit
        let ok = Lowercase.table.withUnsafeBufferPointer { table -> Bool in
            for k in start..<end {
                let v = s[k].value
                guard v < limit, NFCCheck.isStable(v) else { return false }
                let m = table[Int(v)]
                guard m != UInt32.max, NFCCheck.isStable(m) else { return false }
                if m != v { changed = true }
                textLength += UTF8.width(s[k])
                lowerLength += UTF8.width(value: m)
                if s[k].isLetterFast {
                    letters += 1
                    if !s[k].isUppercaseFast { allUpper = false }
                }
            }
            return true
        }
        guard ok else { return nil }
        let isWord = kind == .word
        if textLength <= SmallASCII.capacity && lowerLength <= SmallASCII.capacity && SmallASCII.isAvailableForUTF8 {
            // Both strings small (a word of up to seven Cyrillic letters): their bytes written
            // into two words each and the strings made from them, without the standard
            // library's initializer, which checks the bytes it is given are UTF-8.
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { bytes -> Token in
                bytes.initialize(repeating: 0)
                let textBytes = UnsafeMutableBufferPointer(rebasing: bytes[0..<16])
                let lowerBytes = UnsafeMutableBufferPointer(rebasing: bytes[16..<32])
                var n = 0, m = 0
                Lowercase.table.withUnsafeBufferPointer { table in
                    for k in start..<end {
                        n += UTF8Bytes.write(s[k].value, into: textBytes, at: n)
                        m += UTF8Bytes.write(table[Int(s[k].value)], into: lowerBytes, at: m)
                    }
                }
                let raw = UnsafeRawPointer(bytes.baseAddress!)
                let low = raw.loadUnaligned(as: UInt64.self), high = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                let lowerLow = raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
                let lowerHigh = raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                let textHash = WordHash.of(packed: low, high, count: n)
                return Token(range: TextRange(start, end), text: SmallASCII.make(utf8: low, high, count: n),
                             lower: SmallASCII.make(utf8: lowerLow, lowerHigh, count: m),
                             lowerHash: changed ? WordHash.of(packed: lowerLow, lowerHigh, count: m) : textHash, textHash: textHash,
                             kind: kind, sentence: sentence, sentenceInitial: sentenceInitial,
                             isCapitalized: isWord && s[start].isUppercaseFast, isAllCaps: isWord && allUpper && letters >= 2,
                             isLowercase: isWord && s[start].isLowercaseFast, isPlainNFC: true)
            }
        }
        var textHash: UInt64 = 0
        let text = String(unsafeUninitializedCapacity: textLength) { out in
            var n = 0
            for k in start..<end { n += UTF8Bytes.write(s[k].value, into: out, at: n) }
            textHash = WordHash.of(bytes: UnsafeBufferPointer(rebasing: out[0..<n]))
            return n
        }
        var lowerHash = textHash
        let lower = !changed ? text : Lowercase.table.withUnsafeBufferPointer { table in
            return String(unsafeUninitializedCapacity: lowerLength) { out in
                var n = 0
                for k in start..<end { n += UTF8Bytes.write(table[Int(s[k].value)], into: out, at: n) }
                lowerHash = WordHash.of(bytes: UnsafeBufferPointer(rebasing: out[0..<n]))
                return n
            }
        }
        // Both strings are NFC (every scalar stable), so they are equal as strings exactly
        // when their bytes are: the text's hash is the lower-case form's when nothing changed.
        return Token(range: TextRange(start, end), text: text, lower: lower, lowerHash: lowerHash, textHash: textHash,
                     kind: kind, sentence: sentence, sentenceInitial: sentenceInitial,
                     isCapitalized: isWord && s[start].isUppercaseFast, isAllCaps: isWord && allUpper && letters >= 2,
                     isLowercase: isWord && s[start].isLowercaseFast, isPlainNFC: true)
    }

    /// `asciiToken` for tokens of at most 15 scalars (the punctuation, and the words the word
    /// path leaves to the general scan), whose strings are made from packed bytes
    /// (`SmallASCII`); nil for anything else. Only when `SmallASCII.isAvailable`.
    @inline(__always)
    static func smallASCIIToken(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int, kind: Token.Kind, sentence: Int, sentenceInitial: Bool) -> Token? {
        let count = end - start
        guard count > 0, count <= SmallASCII.capacity else { return nil }
        var upper = 0, lowerLetters = 0
        var textLow: UInt64 = 0, textHigh: UInt64 = 0, lowerLow: UInt64 = 0, lowerHigh: UInt64 = 0
        for k in 0..<count {
            let v = s[start + k].value
            guard v < 0x80 else { return nil }
            let byte = UInt8(truncatingIfNeeded: v)
            let isUpper = ASCIIByte.isUpper(byte)
            if isUpper { upper += 1 } else if ASCIIByte.isLower(byte) { lowerLetters += 1 }
            let folded = isUpper ? byte | 0x20 : byte
            SmallASCII.pack(byte, at: k, &textLow, &textHigh)
            SmallASCII.pack(folded, at: k, &lowerLow, &lowerHigh)
        }
        let textHash = WordHash.of(packed: textLow, textHigh, count: count)
        let lowerHash = WordHash.of(packed: lowerLow, lowerHigh, count: count)
        let text = SmallASCII.make(textLow, textHigh, count: count)
        // Made from its own packed bytes even when they are the text's (no capitals): a small
        // string made twice costs less than a copy of one, which calls the runtime to retain it.
        let lower = SmallASCII.make(lowerLow, lowerHigh, count: count)
        return asciiToken(s, start, end, text: text, lower: lower, textHash: textHash, lowerHash: lowerHash, upper: upper,
                          lowerLetters: lowerLetters, kind: kind, sentence: sentence, sentenceInitial: sentenceInitial)
    }

    /// The token of an ASCII text whose strings, hashes and letter counts are made: the case
    /// flags from its first byte and the counts (all three ASCII paths end here; `lowerLetters`
    /// is read only as none or some).
    @inline(__always)
    private static func asciiToken(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int, text: String, lower: String,
                                   textHash: UInt64, lowerHash: UInt64, upper: Int, lowerLetters: Int,
                                   kind: Token.Kind, sentence: Int, sentenceInitial: Bool) -> Token {
        let first = s[start].value
        let isWord = kind == .word
        return Token(range: TextRange(start, end), text: text, lower: lower, lowerHash: lowerHash, textHash: upper == 0 ? lowerHash : textHash,
                     kind: kind, sentence: sentence, sentenceInitial: sentenceInitial,
                     isCapitalized: isWord && ASCIIByte.isUpper(first),
                     isAllCaps: isWord && lowerLetters == 0 && upper >= 2,
                     isLowercase: isWord && ASCIIByte.isLower(first), isPlainNFC: true)
    }

    /// The word or number at `start` (an ASCII letter or digit), appended to `tokens`, and
    /// the index after it, when it is at most 15 ASCII letters and digits and nothing after
    /// it could carry it on (the general scan's rules: a word scalar beyond ASCII, an inner
    /// apostrophe, the period of an initial, abbreviation or title, a decimal point or
    /// thousands separator, a number turning into a word); else nothing appended and
    /// `start` returned, for the general scan to read the token. The token is the one the
    /// general scan makes: the same end, kind, strings, hashes and flags.
    @inline(__always)
    static func asciiWord(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int,
                          sentence: Int, first: Bool, into tokens: inout TokenSink) -> Int {
        // Anything but an ASCII letter or digit (punctuation, above all) is the general scan's,
        // without the read below.
        let v0 = s[start].value
        guard ASCIIByte.isLetter(v0) || ASCIIByte.isDigit(v0) else { return start }
        // The run of ASCII letters and digits (sixteen scalars looked at once), its bytes
        // packed as `SmallASCII` keeps them and which of them are capitals, small letters and
        // digits.
        let word = (s.baseAddress! + start).withMemoryRebound(to: UInt32.self, capacity: s.count &- start) {
            accord_ascii_word($0, end &- start, s.count &- start)
        }
        let count = Int(word.length)
        let i = start &+ count
        let isNumber = word.digits & 1 != 0
        // Too long, or a number that turns into a word ("24th", "3D"): the general scan.
        if count > SmallASCII.capacity || (isNumber && (word.upper | word.lower) != 0) { return start }
        let upper = word.upper.nonzeroBitCount
        if i < end {
            switch s[i].value {
            case 0x2E:  // "." : a decimal point, an initial, "U.S.", "Mr.", "Mrs."
                if isNumber || count <= 3 { return start }
            case 0x2C:  // "," : a thousands separator
                if isNumber { return start }
            case 0x27:  // an apostrophe inside a word
                if i + 1 < end, isLetterOutOfLine(s[i + 1]) { return start }
            case 0x80...:
                if isWordScalarOutOfLine(s[i]) { return start }
            default:
                break
            }
        }
        // The lower-case form's bytes by the capitals' bits; the hashes over their bytes (the
        // text's only when it has a capital).
        let low = word.low, high = word.high
        var lowerLow = low, lowerHigh = high
        if upper > 0 {
            lowerLow |= SmallASCII.capitalsBit(low)
            lowerHigh |= SmallASCII.capitalsBit(high)
        }
        let lowerHash = WordHash.of(packed: lowerLow, lowerHigh, count: count)
        let textHash = upper > 0 ? WordHash.of(packed: low, high, count: count) : lowerHash
        tokens.append(asciiToken(s, start, i, text: SmallASCII.make(low, high, count: count),
                                 lower: SmallASCII.make(lowerLow, lowerHigh, count: count), textHash: textHash, lowerHash: lowerHash,
                                 upper: upper, lowerLetters: word.lower == 0 ? 0 : 1, kind: isNumber ? .number : .word,
                                 sentence: sentence, sentenceInitial: first && !isNumber))
        return i
    }

    @inline(__always) static func isWordScalar(_ c: Unicode.Scalar) -> Bool { c.isWordFast }

    /// `isLetterFast` out of line, for `asciiWord`: inlined, its fallback to the scalar's
    /// properties made every call of that function ask for their type's metadata.
    @inline(never) static func isLetterOutOfLine(_ c: Unicode.Scalar) -> Bool { c.isLetterFast }

    /// `isWordFast` out of line (see `isLetterOutOfLine`).
    @inline(never) static func isWordScalarOutOfLine(_ c: Unicode.Scalar) -> Bool { c.isWordFast }

    /// "24th", "1st", "2nd", "3rd": two letters after the digits, then the word ends.
    static func isOrdinalSuffix(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ i: Int, _ end: Int) -> Bool {
        guard i + 1 < end, i + 2 >= end || !s[i + 2].isLetterFast else { return false }
        let two = String(scalars: [s[i], s[i + 1]]).lowercased()
        return two == "st" || two == "nd" || two == "rd" || two == "th"
    }
}

/// The tokenizer's tokens, initialized in place in an array's memory as they are made.
/// (`Array.append` of a token was three calls into the standard library.)
struct TokenSink {
    private let base: UnsafeMutablePointer<Token>
    private let capacity: Int
    private(set) var count = 0

    init(_ buffer: UnsafeMutableBufferPointer<Token>) {
        base = buffer.baseAddress!
        capacity = buffer.count
    }

    var isFull: Bool { count == capacity }

    @inline(__always) mutating func append(_ token: consuming Token) {
        precondition(count < capacity, "token past the room made for it")
        (base + count).initialize(to: token)
        count &+= 1
    }
}

extension Array where Element == Token {
    /// The first token starting at or after `position`, by binary search: a document's
    /// tokens are in text order, their starts strictly increasing, so this is
    /// `firstIndex { $0.range.start >= position }` without a scan from the first token.
    func firstIndex(startingAtOrAfter position: Int) -> Int? {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid].range.start < position { lo = mid + 1 } else { hi = mid }
        }
        return lo < count ? lo : nil
    }

    /// The last token ending at or before `position` (`lastIndex { $0.range.end <= position }`),
    /// by binary search: token ends increase too.
    func lastIndex(endingAtOrBefore position: Int) -> Int? {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid].range.end <= position { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? lo - 1 : nil
    }

    /// Each sentence's run of tokens, by sentence index (nil for a sentence without tokens),
    /// for `sentences` sentences or as many as the tokens name. See `sentenceRuns(count:)`.
    func sentenceRuns(sentences: Int) -> [Range<Int>?] {
        withUnsafeBufferPointer { tokens in
            Tokenizer.sentenceRuns(count: tokens.count, sentences: sentences) { tokens[$0].sentence }
        }
    }
}

extension Tokenizer {
    /// Each sentence's run of `count` tokens whose sentences `sentenceAt` gives, in sentence
    /// order (so each sentence's tokens are one run), by sentence index; nil for a sentence
    /// without tokens. A run's end is found by galloping from its start and then halving: a
    /// few tokens a sentence are read, not every token.
    @inline(__always)
    static func sentenceRuns(count: Int, sentences: Int, sentenceAt: (Int) -> Int) -> [Range<Int>?] {
        var runs = [Range<Int>?](repeating: nil, count: max(sentences, count > 0 ? sentenceAt(count - 1) + 1 : 0))
        var start = 0
        while start < count {
            let sentence = sentenceAt(start)
            // `low` is in the sentence; `high` is past the tokens or past the sentence.
            var low = start, step = 1, high = start + 1
            while high < count, sentenceAt(high) == sentence {
                low = high
                step &<<= 1
                high = start + step
            }
            high = min(high, count)
            while high - low > 1 {
                let middle = low + (high - low) / 2
                if sentenceAt(middle) == sentence { low = middle } else { high = middle }
            }
            runs[sentence] = start..<high
            start = high
        }
        return runs
    }
}

/// The lower-case words of a run of tokens, read from the tokens where a rule asks for them:
/// `words[i]` is the lower-case form of the run's i-th token. Rules index a sentence's
/// words from 0 as they would an array of them, without one being made (a string copied,
/// retained and released for every token of every sentence).
struct LowerWords: RandomAccessCollection {
    let tokens: [Token]
    /// The index of the run's first token.
    let firstToken: Int
    let endIndex: Int

    init(_ tokens: [Token], _ range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= tokens.count, "run outside the tokens")
        self.tokens = tokens
        firstToken = range.lowerBound
        endIndex = range.count
    }

    var startIndex: Int { 0 }

    subscript(i: Int) -> String {
        precondition(i >= 0 && i < endIndex, "word outside the run")
        return tokens[firstToken &+ i].lower
    }

    /// `self[range].joined(separator: " ")`, made at its size.
    func joined(_ range: ClosedRange<Int>) -> String {
        precondition(range.lowerBound >= 0 && range.upperBound < endIndex, "words outside the run")
        var length = range.count - 1
        for i in range { length += tokens[firstToken &+ i].lower.utf8.count }
        var phrase = ""
        phrase.reserveCapacity(length)
        for i in range {
            if i > range.lowerBound { phrase.append(" ") }
            phrase.append(tokens[firstToken &+ i].lower)
        }
        return phrase
    }

    /// `WordHash.of(self[i])`, as the token carries it.
    func hash(_ i: Int) -> UInt64 {
        precondition(i >= 0 && i < endIndex, "word outside the run")
        return tokens[firstToken &+ i].lowerHash
    }

    /// Word `i` is in `table` (of ASCII words, whose only canonical equivalents are
    /// themselves), asked by the word's hash: a filter's bit test for most words, not a
    /// string hashed for a set.
    @inline(__always) func isIn(_ table: WordTable<Bool>, _ i: Int) -> Bool {
        table.contains(self[i], hash: hash(i))
    }
}
