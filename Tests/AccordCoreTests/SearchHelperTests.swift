import CAccordBytes
import Foundation
import Testing
@testable import AccordCore
import AccordXML

/// The byte-level helpers the hot loops use, against the plain definitions they replace.
@Suite("Search helpers")
struct SearchHelperTests {
    /// The first offset of `needle` in `haystack`, the slow way.
    func naiveOffset(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for i in 0...(haystack.count - needle.count) where Array(haystack[i..<(i + needle.count)]) == needle { return i }
        return nil
    }

    @Test func byteSearchFindsTheFirstOccurrence() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(" esaxz,\n".utf8)
        for _ in 0..<2_000 {
            let haystack = (0..<Int.random(in: 0...60, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let needle = (0..<Int.random(in: 1...4, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            #expect(ByteSearch.firstOffset(haystack, needle) == naiveOffset(haystack, needle), "\(haystack) \(needle)")
            #expect(ByteSearch.contains(haystack, needle) == (naiveOffset(haystack, needle) != nil))
        }
        #expect(ByteSearch.firstOffset(Array("the president said".utf8), Array(" said".utf8)) == 13)
        #expect(ByteSearch.firstOffset(Array("sai".utf8), Array(" said".utf8)) == nil)
        #expect(ByteSearch.firstOffset([], Array("x".utf8)) == nil)
        #expect(ByteSearch.firstOffset(Array("x".utf8), []) == 0)
        #expect("Mexico and the United States".contains("United"))
        #expect(!"Mexico".contains("Mexicans"))
    }

    /// `ASCIIByte`'s tests and folding, for every byte and for scalar values well past ASCII,
    /// against `Character`'s own ASCII answers (and past ASCII: no letter, no digit, unchanged).
    @Test func asciiByteTestsAreCharactersASCIIAnswers() {
        for value in Array(UInt32(0)..<0x1000) + [0x1_0041, 0x1_0061, 0xFFFF_FF41, 0xFFFF_FF61, UInt32.max] {
            let ascii = value < 0x80
            let character = Character(Unicode.Scalar(UInt8(truncatingIfNeeded: value)))
            let isUpper = ascii && character.isUppercase && character.isLetter
            let isLower = ascii && character.isLowercase && character.isLetter
            let isDigit = ascii && character.isWholeNumber
            let lowered = isUpper ? UInt32(character.lowercased().unicodeScalars.first!.value) : value
            #expect(ASCIIByte.isUpper(value) == isUpper, "\(value)")
            #expect(ASCIIByte.isLower(value) == isLower, "\(value)")
            #expect(ASCIIByte.isLetter(value) == (isUpper || isLower), "\(value)")
            #expect(ASCIIByte.isDigit(value) == isDigit, "\(value)")
            #expect(ASCIIByte.lowercased(value) == lowered, "\(value)")
            if value < 0x100 {
                let byte = UInt8(value)
                #expect(ASCIIByte.isUpper(byte) == isUpper && ASCIIByte.isLower(byte) == isLower, "\(byte)")
                #expect(ASCIIByte.isLetter(byte) == (isUpper || isLower) && ASCIIByte.isDigit(byte) == isDigit, "\(byte)")
                #expect(ASCIIByte.lowercased(byte) == UInt8(lowered), "\(byte)")
            }
        }
    }

    @Test func trimmingSpacesMatchesFoundation() {
        for text in ["", " ", "  a b  ", "\tword\t", "\u{A0}no-break\u{A0}", "\u{3000}ideographic\u{2003}", "\nline\n", "é ", " 中"] {
            #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
    }

    @Test func wordFilterNeverMissesAWordOfItsList() {
        let words = (0..<500).map { "word\($0)" } + ["agreement", "treaty", "Ünïcödé", ""]
        let filter = WordFilter(words)
        for word in words { #expect(filter.mayContain(hash: WordHash.of(word))) }
        let others = (0..<5_000).map { "other\($0)" }
        let falsePositives = others.filter { filter.mayContain(hash: WordHash.of($0)) }.count
        // Two bits of one filter word a word: about one in two hundred passes here (one bit
        // would let about three in a hundred through).
        #expect(falsePositives < others.count / 50, "\(falsePositives)")
    }

    @Test func wordTablesAnswerForTokensAsTheirDictionaryDoes() throws {
        let analysis = try analyse("The Treaty was SIGNED by both Parties in Ciudad Juárez and signed again.")
        let tokens = Tokenizer.tokenize(analysis.text, sentences: analysis.segmentation.sentences)
        let table = WordTable(["signed": 1, "treaty": 2, "juárez": 3, "both": 4])
        let written = WordTable(words: ["SIGNED", "Juárez", "Parties"])
        for token in tokens {
            #expect(table.value(lower: token) == ["signed": 1, "treaty": 2, "juárez": 3, "both": 4][token.lower], "\(token.text)")
            #expect(written.contains(text: token) == ["SIGNED", "Juárez", "Parties"].contains(token.text), "\(token.text)")
            #expect(table.value(token.lower, hash: token.lowerHash) == table[token.lower])
        }
        #expect(tokens.filter { table.value(lower: $0) == 1 }.count == 2)
    }

    /// A word table finds words by their hashes first (its index), and answers what its
    /// dictionary answers (by a hash, for words that are NFC for sure, as before the index):
    /// on random words of composed and decomposed letters, singletons (the Kelvin and ohm
    /// signs), Greek and Cyrillic, in tables and out of them.
    @Test func wordTablesAnswerAsTheirDictionaryOnRandomWords() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["e", "\u{301}", "é", "K", "\u{212A}", "k", "a", "Ω", "\u{2126}", "ω", "ά", "α\u{301}", "д", "Д", "ﬁ", "fi", "ß", "1", "-"]
        func word() -> String { (0..<Int.random(in: 1...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined() }
        for _ in 0..<60 {
            var dictionary: [String: Int] = [:]
            for k in 0..<Int.random(in: 0...40, using: &generator) { dictionary[word()] = k }
            let table = WordTable(dictionary, bits: 1 << 8)
            for _ in 0..<200 {
                let query = Bool.random(using: &generator) ? word() : (dictionary.keys.randomElement(using: &generator) ?? word())
                // By a hash: exact for a word that is NFC for sure (a token's, nearly always);
                // for another, the filter of hashes may answer nil first, never a wrong value.
                let byHash = table.value(query, hash: WordHash.of(query))
                if NFCCheck.isNFCForSure(query) {
                    #expect(byHash == dictionary[query], "\(query.unicodeScalars.map(\.value))")
                } else {
                    #expect(byHash == nil || byHash == dictionary[query], "\(query.unicodeScalars.map(\.value))")
                }
                for token in rawTokens(query) {
                    #expect(table.value(text: token) == dictionary[token.text], "\(token.text.unicodeScalars.map(\.value))")
                    let lower = table.value(lower: token)
                    if NFCCheck.isNFCForSure(token.lower) {
                        #expect(lower == dictionary[token.lower], "\(token.lower.unicodeScalars.map(\.value))")
                    } else {
                        #expect(lower == nil || lower == dictionary[token.lower], "\(token.lower.unicodeScalars.map(\.value))")
                    }
                }
            }
        }
    }

    /// Words that share a hash are left to the dictionary: with every word hashed alike,
    /// the table still answers what the dictionary does.
    @Test func wordTablesAnswerWhenWordsShareAHash() {
        let dictionary = ["treaty": 1, "accord": 2, "Juárez": 3, "e\u{301}": 4]
        let table = WordTable(dictionary, bits: 1 << 8, hashOf: { _ in 7 })
        for word in ["treaty", "accord", "Juárez", "Jua\u{301}rez", "é", "e\u{301}", "pact", ""] {
            #expect(table.value(word, hash: 7) == dictionary[word], "\(word)")
        }
        let single = WordTable(["treaty": 1], bits: 1 << 8, hashOf: { _ in 7 })
        #expect(single.value("treaty", hash: 7) == 1 && single.value("pact", hash: 7) == nil && single.value("treaty", hash: 8) == nil)
    }

    /// A word list asked about tokens answers as the set of strings does, for plain tokens
    /// (through the hash filter), composed and decomposed forms, and a Kelvin sign for a K.
    @Test func wordListsAnswerForTokensAsTheirSetDoes() throws {
        let words: Set<String> = ["Department", "Ministry", "de", "Jr.", "Zócalo", "Cafe\u{301}", "Kiev", "Secretar\u{00ED}a"]
        let set = WordTable(words: words)
        // As written (not normalized): decomposed words and the Kelvin sign reach the table.
        let tokens = rawTokens("The Department and the Ministry of de la Cruz Jr. met at the Zo\u{301}calo, the Café, \u{212A}iev and Kiev; Secretari\u{301}a.")
        #expect(tokens.contains { $0.text == "Zo\u{301}calo" && !$0.isPlainNFC } && tokens.contains { $0.text.unicodeScalars.first == "\u{212A}" })
        for token in tokens {
            #expect(set.contains(text: token) == words.contains(token.text), "\(token.text)")
        }
        #expect(tokens.filter { set.contains(text: $0) }.count >= 7)
        #expect(set.contains("Kiev") && !set.contains("kiev"))
    }

    /// A document's tokens are in text order (starts and ends strictly increasing), so the
    /// binary searches find, for every position, the token the linear scans find.
    @Test func tokenSearchesAgreeWithScans() throws {
        let analysis = try analyse(bytes: try corpusBytes("RUS-USA_FRW_1973A.txt"), name: "RUS-USA_FRW_1973A.txt")
        let tokens = Tokenizer.tokenize(analysis.text, sentences: analysis.segmentation.sentences)
        #expect(tokens.count > 1000)
        #expect(zip(tokens, tokens.dropFirst()).allSatisfy { $0.range.start < $1.range.start && $0.range.end < $1.range.end })
        for position in stride(from: -1, through: analysis.text.count + 1, by: 7) {
            #expect(tokens.firstIndex(startingAtOrAfter: position) == tokens.firstIndex { $0.range.start >= position }, "\(position)")
            #expect(tokens.lastIndex(endingAtOrBefore: position) == tokens.lastIndex { $0.range.end <= position }, "\(position)")
        }
        #expect([Token]().firstIndex(startingAtOrAfter: 0) == nil && [Token]().lastIndex(endingAtOrBefore: 0) == nil)
    }

    /// Each sentence's run of tokens, found by galloping, is the run a scan of every token
    /// finds: for a real text's sentences, and for made-up runs of every length from 1 to 40
    /// with sentences left out between them (no tokens: nil).
    @Test func sentenceRunsAreThoseOfAScan() throws {
        func scanned(_ sentenceOf: [Int], sentences: Int) -> [Range<Int>?] {
            var runs = [Range<Int>?](repeating: nil, count: max(sentences, (sentenceOf.last ?? -1) + 1))
            for (index, sentence) in sentenceOf.enumerated() {
                runs[sentence] = (runs[sentence]?.lowerBound ?? index)..<(index + 1)
            }
            return runs
        }
        let analysis = try analyse(bytes: try corpusBytes("RUS-USA_FRW_1973A.txt"), name: "RUS-USA_FRW_1973A.txt")
        let sentences = analysis.segmentation.sentences.count
        let tokens = Tokenizer.tokenize(analysis.text, sentences: analysis.segmentation.sentences)
        #expect(sentences > 50)
        #expect(tokens.sentenceRuns(sentences: sentences) == scanned(tokens.map(\.sentence), sentences: sentences))
        // (A token keeps its places and sentence in 32 bits and its kind and flags in one
        // byte: 64 bytes, which every pass over a document's tokens reads.)
        #expect(MemoryLayout<Token>.stride == 64)
        // The largest place and sentence a token can have come back as they went in.
        let last = Token.maximumPosition
        let far = Token(range: TextRange(last - 1, last), text: "x", lower: "x", kind: .word, sentence: last, sentenceInitial: false)
        #expect(far.range == TextRange(last - 1, last) && far.sentence == last)
        // The kind and the five flags, kept in one byte, each read back as it went in: every
        // kind with every combination of the flags.
        for kind in [Token.Kind.word, .number, .punctuation] {
            for combination in 0..<32 {
                let flags = (0..<5).map { combination >> $0 & 1 == 1 }
                let token = Token(range: TextRange(0, 1), text: "x", lower: "x", lowerHash: 1, textHash: 2, kind: kind, sentence: 3,
                                  sentenceInitial: flags[0], isCapitalized: flags[1], isAllCaps: flags[2], isLowercase: flags[3],
                                  isPlainNFC: flags[4])
                #expect(token.kind == kind && token.sentenceInitial == flags[0] && token.isCapitalized == flags[1]
                        && token.isAllCaps == flags[2] && token.isLowercase == flags[3] && token.isPlainNFC == flags[4]
                        && token.lowerHash == 1 && token.textHash == 2 && token.sentence == 3, "\(kind) \(flags)")
            }
        }
        var sentenceOf: [Int] = []
        for length in 1...40 { sentenceOf += [Int](repeating: 2 * length, count: length) }
        let runs = Tokenizer.sentenceRuns(count: sentenceOf.count, sentences: 3) { sentenceOf[$0] }
        #expect(runs == scanned(sentenceOf, sentences: 3))
        #expect(runs.count == 81 && runs[0] == nil && runs[2] == 0..<1 && runs[80] == (sentenceOf.count - 40)..<sentenceOf.count)
        #expect(Tokenizer.sentenceRuns(count: 0, sentences: 2) { _ in 0 } == [nil, nil])
        #expect([Token]().sentenceRuns(sentences: 0).isEmpty)
    }

    @Test func tokensCarryTheHashOfTheirLowerCaseForm() throws {
        let analysis = try analyse("The Treaty was SIGNED in Ciudad Juárez by U.S. and CBP officials, 24th Sept.")
        let tokens = Tokenizer.tokenize(analysis.text, sentences: analysis.segmentation.sentences)
        #expect(tokens.count == 16)
        for token in tokens {
            #expect(token.lowerHash == WordHash.of(token.lower))
            // The tokenizer's one-pass ASCII tokens equal tokens built the general way.
            let general = Token(range: token.range, text: token.text, lower: Tokenizer.lowercased(token.text), kind: token.kind,
                                sentence: token.sentence, sentenceInitial: token.sentenceInitial)
            #expect(token == general, "\(token.text)")
        }
        #expect(tokens.contains { $0.lower == "signed" && $0.lowerHash == WordHash.of("signed") })
    }

    /// A word's hash is the same however its bytes come: one at a time (`Builder`), from a
    /// buffer, from a string, or packed in two words; at every length about the eight-byte
    /// steps. Words of up to eight bytes and one length never share a hash.
    @Test func wordHashIsOneFunctionOfTheBytes() {
        var generator = SystemRandomNumberGenerator()
        for count in 0...40 {
            for _ in 0..<40 {
                let bytes = (0..<count).map { _ in UInt8.random(in: 0x01...0xFF, using: &generator) }
                var builder = WordHash.Builder()
                for byte in bytes { builder.add(byte) }
                let buffered = bytes.withUnsafeBufferPointer { WordHash.of(bytes: $0) }
                #expect(builder.value == buffered && builder.count == count && builder.isEmpty == (count == 0))
                if count <= SmallASCII.capacity {
                    var low: UInt64 = 0, high: UInt64 = 0
                    for k in 0..<count { SmallASCII.pack(bytes[k], at: k, &low, &high) }
                    #expect(WordHash.of(packed: low, high, count: count) == buffered)
                }
                let ascii = bytes.map { $0 & 0x3F | 0x40 }
                #expect(WordHash.of(String(decoding: ascii, as: UTF8.self)) == ascii.withUnsafeBufferPointer { WordHash.of(bytes: $0) })
            }
        }
        // The length counts: a word and the same word with zero bytes after it differ.
        #expect(WordHash.of("ab") != WordHash.of("ab\u{0}") && WordHash.of("") != WordHash.of("\u{0}"))
        var seen = Set<UInt64>()
        var words = 0
        for a in UInt8(0x61)...0x7A { for b in UInt8(0x61)...0x7A { for c in UInt8(0x61)...0x7A {
            seen.insert(WordHash.of(String(decoding: [a, b, c], as: UTF8.self)))
            words += 1
        } } }
        #expect(seen.count == words)
    }

    /// A batch's shares are chosen by FNV-1a of the path, as they always were: a run split
    /// with one version and finished with another puts each document in the same share.
    @Test func pathHashIsFNV1a() {
        #expect(PathHash.of("") == 0xcbf2_9ce4_8422_2325)
        #expect(PathHash.of("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(PathHash.of("foobar") == 0x85944171f73967e8)
    }

    /// Tokens of Latin and Cyrillic scalars made from the lower-case table equal tokens built
    /// the general way, on random runs of letters with capitals, titlecase and multi-scalar
    /// mappings, marks, Greek, digits and punctuation; the table declines what it cannot make
    /// (Greek among it).
    @Test func tableTokensEqualTokensMadeTheOrdinaryWay() {
        // (Short words are made as small strings from their bytes: here, on the platforms we
        // build for, that is available.)
        #expect(SmallASCII.isAvailableForUTF8)
        var generator = SystemRandomNumberGenerator()
        let pool = Array("aZéÉñÑßøØÿŸĳĲǅǄǆİıȺⱥΣσςΆάΐЁёДдЖжЩщЪъЇїҐґӀӏ\u{301}\u{308}\u{483}1.-'’—Ωω".unicodeScalars)
        var made = 0
        for _ in 0..<5_000 {
            let length = Int.random(in: 1...12, using: &generator)
            let scalars = (0..<length).map { _ in pool.randomElement(using: &generator)! }
            let text = String(String.UnicodeScalarView(scalars))
            scalars.withUnsafeBufferPointer { s in
                for kind in [Token.Kind.word, .number, .punctuation] {
                    let general = Token(range: TextRange(0, length), text: text, lower: Tokenizer.lowercased(text), kind: kind,
                                        sentence: 2, sentenceInitial: kind == .word)
                    guard let table = Tokenizer.tableToken(s, 0, length, kind: kind, sentence: 2, sentenceInitial: kind == .word) else {
                        // Declined: a scalar beyond the table or one NFC may change, or a lower
                        // case of more than one scalar or beyond those.
                        #expect(scalars.contains { !NFCCheck.isStable($0.value) || $0.value >= 0x530 || $0 == "İ" || $0 == "Ⱥ" }, "\(text)")
                        continue
                    }
                    #expect(table == general, "\(text)")
                    made += 1
                }
            }
        }
        #expect(made > 1_000)
        let words = Array("Москва".unicodeScalars)
        words.withUnsafeBufferPointer { s in
            let token = Tokenizer.tableToken(s, 0, s.count, kind: .word, sentence: 0, sentenceInitial: false)
            #expect(token?.lower == "москва" && token?.isCapitalized == true && token?.lowerHash == WordHash.of("москва"))
        }
    }

    /// A token is an initial ("R.") as the array of its scalars said: two scalars, a capital
    /// and a period; on random short texts of capitals, periods, marks and other letters.
    @Test func initialsAreTwoScalarsACapitalAndAPeriod() {
        var generator = SystemRandomNumberGenerator()
        let pool: [Unicode.Scalar] = ["R", "r", ".", "É", "\u{301}", "Д", "1", "-", "ǅ"]
        for _ in 0..<3_000 {
            let scalars = (0..<Int.random(in: 0...4, using: &generator)).map { _ in pool.randomElement(using: &generator)! }
            let text = String(String.UnicodeScalarView(scalars))
            let token = Token(range: TextRange(0, scalars.count), text: text, lower: text.lowercased(), kind: .word, sentence: 0, sentenceInitial: false)
            #expect(token.isInitial == (scalars.count == 2 && scalars[0].isUppercaseFast && scalars[1] == "."), "\(text)")
        }
        #expect(rawTokens("Joseph R. Biden").map(\.isInitial) == [false, true, false])
    }

    /// The tokenizer's word path (ASCII words and numbers made in the pass that finds their
    /// end) gives the tokens of the general scan alone: on every corpus document, and on
    /// random sentences of the cases at a word's end (periods of initials, abbreviations and
    /// titles, decimal points, thousands separators, apostrophes, ordinals, accented and
    /// combining letters, words of 15 letters and more).
    @Test func theWordPathGivesTheGeneralScansTokens() throws {
        #expect(SmallASCII.isAvailable)
        var compared = 0
        for (name, analysis, _) in try RewriteEquivalenceTests.corpusTokens() {
            let fast = Tokenizer.tokenize(analysis.text, sentences: analysis.segmentation.sentences, wordPath: true)
            let general = Tokenizer.tokenize(analysis.text, sentences: analysis.segmentation.sentences, wordPath: false)
            #expect(fast == general, "\(name)")
            compared += fast.count
        }
        #expect(compared > 5_000)
        var generator = SystemRandomNumberGenerator()
        let pieces = ["U", "S", "R", "Mr", "Mrs", "Jr", "St", "Dr", "e", "g", "24", "1", "2000", "5", "th", "st", "nd", "a", "ab", "abc",
                      "Treaty", "CBP", "O", "Brien", "don", "t", "s", "Ciudad", "Juárez", "é", "e\u{301}", "Москва", "Ω",
                      "abcdefghijklmno", "ABCDEFGHIJKLMNOP", "123456789012345678", "G7", "3D", "x",
                      // Runs about the word path's sixteen-scalar reads, and scalars beyond ASCII that
                      // narrow to a byte of their own (U+00FF) or saturate (U+0100, U+8000) beside letters.
                      "abcdefg", "ABCDEFGH", "abcdEFGHi", "Abcdefghijklmn", "x1y2z3w4v5u6t7", "abcÿ", "ÿabc", "abĀc", "ab耀",
                      "McDonald", "iPhone", "1234567", "12345678901234"]
        let joins = [" ", ".", ". ", ",", ", ", "'", "'s", "’", "-", "\n", "", "\"", "(", ")", ":", "—", ".."]
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...10, using: &generator) {
                text += pieces.randomElement(using: &generator)! + joins.randomElement(using: &generator)!
            }
            let normalized = NormalizedText(mapped: MappedText(text), text: text, units: [])
            let sentences = [Sentence(range: TextRange(0, normalized.mapped.count), block: 0)]
            let fast = Tokenizer.tokenize(normalized, sentences: sentences, wordPath: true)
            let general = Tokenizer.tokenize(normalized, sentences: sentences, wordPath: false)
            #expect(fast == general, "\(text)")
        }
    }

    /// The tokenizer's sixteen-scalar read of a word's ASCII run equals a plain loop over the
    /// scalars (and the C fallback for machines without SSE2 does too), for runs of every
    /// length cut off by the sentence's end (`available`) or the text's (`readable`), beside
    /// scalars that narrow to a byte of their own or saturate.
    @Test func asciiWordRunsEqualALoop() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt32] = [0x41, 0x5A, 0x61, 0x7A, 0x30, 0x39, 0x4D, 0x6D, 0x35, 0x40, 0x5B, 0x60, 0x7B, 0x2F, 0x3A,
                                  0x20, 0x2E, 0x27, 0x0A, 0x00, 0x7F, 0x80, 0xC1, 0xE1, 0xFF, 0x100, 0x141, 0x7FFF, 0x8000,
                                  0x8041, 0x10041, 0x10FFFF]
        let letters: [UInt32] = [0x41, 0x5A, 0x61, 0x7A, 0x30, 0x39, 0x4D, 0x6D, 0x35]
        for _ in 0..<20_000 {
            let count = Int.random(in: 1...24, using: &generator)
            // Mostly letters and digits, so that runs of every length come up.
            let values: [UInt32] = (0..<count).map { _ in
                Int.random(in: 0..<4, using: &generator) == 0 ? alphabet.randomElement(using: &generator)! : letters.randomElement(using: &generator)!
            }
            let readable = count
            let available = Int.random(in: 0...count, using: &generator)
            // The reference: the loop over at most sixteen scalars the fast path replaced.
            var length = 0, upper: UInt32 = 0, lower: UInt32 = 0, digits: UInt32 = 0, low: UInt64 = 0, high: UInt64 = 0
            while length < min(available, readable, 16) {
                let v = values[length]
                if v >= 0x41 && v <= 0x5A { upper |= 1 << length } else if v >= 0x61 && v <= 0x7A { lower |= 1 << length }
                else if v >= 0x30 && v <= 0x39 { digits |= 1 << length } else { break }
                if length < 8 { low |= UInt64(v) << (8 * length) } else { high |= UInt64(v) << (8 * (length - 8)) }
                length += 1
            }
            for word in [accord_ascii_word(values, available, readable), accord_ascii_word_scalar(values, available, readable)] {
                #expect(Int(word.length) == length && word.upper == upper && word.lower == lower && word.digits == digits
                        && word.low == low && word.high == high, "\(values) available \(available)")
            }
        }
    }

    /// A text of more tokens than the room first made for them (one in five scalars) goes on
    /// into more arrays from where the scan stopped: the tokens of sentences read one at a
    /// time, whose words after the first are still not sentence-initial, in every sentence.
    @Test func tokensBeyondTheFirstRoomAreTheSentencesTokens() {
        let pieces = ["Alpha" + String(repeating: " ,", count: 150) + " Beta U.S. 24th 2,000.",
                      String(repeating: "(;)", count: 90) + " Gamma" + String(repeating: "!", count: 200) + " delta",
                      "Juárez" + String(repeating: "-", count: 333) + " O'Brien's 1.5"]
        let text = pieces.joined(separator: " ")
        var sentences: [Sentence] = []
        var start = 0
        for piece in pieces {
            let count = piece.unicodeScalars.count
            sentences.append(Sentence(range: TextRange(start, start + count), block: 0))
            start += count + 1
        }
        let normalized = NormalizedText(mapped: MappedText(text), text: text, units: [])
        #expect(normalized.mapped.count / 5 + 16 < 400)
        for wordPath in [true, false] {
            let whole = Tokenizer.tokenize(normalized, sentences: sentences, wordPath: wordPath)
            var one: [Token] = []
            for (index, sentence) in sentences.enumerated() {
                one += Tokenizer.tokenize(normalized, sentences: [sentence], wordPath: wordPath).map {
                    Token(range: $0.range, text: $0.text, lower: $0.lower, lowerHash: $0.lowerHash, textHash: $0.textHash, kind: $0.kind,
                          sentence: index, sentenceInitial: $0.sentenceInitial, isCapitalized: $0.isCapitalized,
                          isAllCaps: $0.isAllCaps, isLowercase: $0.isLowercase, isPlainNFC: $0.isPlainNFC)
                }
            }
            #expect(whole.count > 900)
            #expect(whole == one)
            #expect(whole.filter(\.sentenceInitial).map(\.text) == ["Alpha", "Gamma", "Juárez"])
        }
    }

    /// A string's bytes read in place are its UTF-8, small or large, ASCII or not, made from a
    /// substring or through Foundation.
    @Test func bytesReadInPlaceAreTheStringsUTF8() {
        let strings = ["", "a", "short ASCII", "fifteen bytes!!", "sixteen bytes!!!", "Ciudad Juárez", String(repeating: "Москва ", count: 40),
                       String("  padded substring  ".dropFirst(2)), NSString(string: "through Foundation, long enough to be large").description]
        for string in strings {
            #expect(string.withUTF8Bytes { Array($0) } == Array(string.utf8), "\(string)")
        }
    }

    /// The capitals' bits of a packed word lower-case exactly the ASCII capitals: every byte
    /// below 0x80 in every position, beside random neighbours.
    @Test func capitalsBitLowerCasesTheCapitals() {
        var generator = SystemRandomNumberGenerator()
        for byte in UInt64(0)..<0x80 {
            for position in UInt64(0)..<8 {
                var word: UInt64 = 0
                for k in UInt64(0)..<8 { word |= (k == position ? byte : UInt64.random(in: 0..<0x80, using: &generator)) << (k * 8) }
                let lowered = word | SmallASCII.capitalsBit(word)
                for k in UInt64(0)..<8 {
                    let b = UInt8((word >> (k * 8)) & 0xFF)
                    let expected = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                    #expect(UInt8((lowered >> (k * 8)) & 0xFF) == expected, "\(b) at \(k)")
                }
            }
        }
    }

    /// Strings made from packed bytes equal those the standard library makes, here (the
    /// platforms we build for), and tokens made that way equal the one-pass ASCII tokens
    /// and tokens built the general way, on random ASCII of every length around the limit.
    @Test func smallASCIITokensEqualTokensMadeTheOrdinaryWay() {
        #expect(SmallASCII.isAvailable)
        var generator = SystemRandomNumberGenerator()
        let pool = Array("aZqQ09.,'-\"()&/ ~\u{7F}\u{1}é".unicodeScalars)
        for _ in 0..<5_000 {
            let length = Int.random(in: 1...18, using: &generator)
            let scalars = (0..<length).map { _ in Bool.random(using: &generator) ? pool.randomElement(using: &generator)!
                                                : Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &generator)) }
            scalars.withUnsafeBufferPointer { s in
                for kind in [Token.Kind.word, .number, .punctuation] {
                    let small = Tokenizer.smallASCIIToken(s, 0, length, kind: kind, sentence: 3, sentenceInitial: kind == .word)
                    let ordinary = Tokenizer.asciiToken(s, 0, length, kind: kind, sentence: 3, sentenceInitial: kind == .word)
                    let text = String(String.UnicodeScalarView(scalars))
                    if length <= 15 && scalars.allSatisfy(\.isASCII) {
                        #expect(small == ordinary && small != nil, "\(text)")
                        let general = Token(range: TextRange(0, length), text: text, lower: Tokenizer.lowercased(text), kind: kind,
                                            sentence: 3, sentenceInitial: kind == .word)
                        #expect(small == general, "\(text)")
                        #expect(small?.text.utf8.count == length && small.map { Array($0.lower.utf8) } == Array(text.lowercased().utf8))
                    } else {
                        #expect(small == nil, "\(text)")
                    }
                }
            }
        }
    }
}

@Suite("Document ids")
struct DocumentIDTests {
    @Test func theASCIIShortcutGivesTheGeneralResult() {
        let sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
        let paths = ["a.txt", "dir/sub/US-Mexico Border_Security.md", "archive.zip!inner/file.TXT", ".hidden", "no-extension",
                     "x//y//", "trailing.", "--weird--name--.txt", String(repeating: "long-name-", count: 12) + ".txt",
                     "UPPER CASE 2021.PDF", "a!b!c.xml", "dots.in.name.json", "!!", "/", "-", "---.md", "123.456", "tab\tname.txt"]
        for path in paths {
            let general = Pipeline.generalDocumentID(path: path, sha256: sha)
            #expect(Pipeline.documentID(path: path, sha256: sha) == general, "\(path)")
            if let shortcut = Pipeline.asciiDocumentID(path: path, sha256: sha) { #expect(shortcut == general, "\(path)") }
        }
        #expect(Pipeline.documentID(path: "Ciudad Juárez.txt", sha256: sha) == "ciudad-ju-rez-01234567")
    }
}

/// The gazetteer's fast paths at startup, against the general ones they stand in for.
@Suite("Gazetteer loading")
struct GazetteerLoadingTests {
    /// The TSV read by lines and columns of characters, as the gazetteer was read before it
    /// was read on bytes: the reference for `Gazetteer.parse`.
    static func parseCharacters(_ tsv: String) -> ([GazetteerEntry], [String]) {
        var entries: [GazetteerEntry] = []
        var provenance: [String] = []
        for line in tsv.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#") {
                provenance.append(String(line.dropFirst()).trimmingCharacters(in: .whitespaces))
                continue
            }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 3, let kind = GazetteerEntry.Kind(rawValue: columns[0]) else { continue }
            let aliases = columns.count > 3 ? columns[3].split(separator: "|").map(String.init).filter { !$0.isEmpty } : []
            var attributes: [String: String] = [:]
            if columns.count > 4 {
                for pair in columns[4].split(separator: ";") {
                    guard let eq = pair.firstIndex(of: "=") else { continue }
                    attributes[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
                }
            }
            entries.append(GazetteerEntry(kind: kind, key: columns[1], name: columns[2], aliases: aliases, attributes: attributes))
        }
        return (entries, provenance)
    }

    let builtInTSV = try! String(contentsOf: repositoryRoot.appendingPathComponent("Sources/AccordCore/Resources/gazetteer.tsv"), encoding: .utf8)

    @Test func byteParserReadsWhatTheCharacterParserReads() {
        let (entries, provenance) = Gazetteer.parse(builtInTSV)
        let (reference, referenceProvenance) = Self.parseCharacters(builtInTSV)
        #expect(entries.count > 10_000)
        #expect(entries == reference)
        #expect(provenance == referenceProvenance)
        // Odd but legal lines: empty columns and lists, attributes without a value or an
        // "=", non-ASCII names, a comment with spaces, blank lines, unknown kinds.
        let odd = "#  header  \n\ncountry\tXX\tÉtat\t|Ét|\tparty=1;;empty=;noequals;a=b=c\ncity\tk\tSão Paulo\nbogus\tx\ty\n\tonly\ttabs\t\t\ncountry\tYY\n"
        let (oddEntries, oddProvenance) = Gazetteer.parse(odd)
        let (oddReference, oddReferenceProvenance) = Self.parseCharacters(odd)
        #expect(oddEntries == oddReference && oddEntries.count == 2)
        #expect(oddProvenance == oddReferenceProvenance)
    }

    @Test func plainPhrasesSplitAsTheTokenizerSplitsThem() {
        let (entries, _) = Gazetteer.parse(builtInTSV)
        var plain = 0
        for entry in entries {
            let phrases = [entry.name] + entry.aliases + entry.list("demonyms") + (entry.attribute("plural").map { [$0] } ?? [])
            for phrase in phrases {
                guard let words = Gazetteer.plainWords(phrase) else { continue }
                plain += 1
                #expect(words == Gazetteer.tokenizedPhrase(phrase), "\(phrase)")
            }
        }
        #expect(plain > 19_000)
        // Made-up phrases at the edges of the short way, against the tokenizer too.
        for phrase in ["Guinea-Bissau", "São Tomé", "-Mexico", "Mexico-", "a--b", "Ærø", "Łódź", "Ǆemal", "ÀÉÎÕÜ-àéîõü", "x - y"] {
            #expect(Gazetteer.plainWords(phrase) == Gazetteer.tokenizedPhrase(phrase), "\(phrase)")
        }
        // Anything else goes to the tokenizer.
        for phrase in ["U.S.", "Côte d'Ivoire", " Mexico", "Mexico ", "New  York", "G7", "", "e\u{301}", "Aʼx", "a×b", "Straße’s", "ǅ-ɐ"] {
            #expect(Gazetteer.plainWords(phrase) == nil, "\(phrase)")
        }
    }
}

@Suite("Lower case")
struct LowercaseTests {
    /// Every scalar of the table (and a few past it), alone and inside text.
    @Test func equalsTheStandardLibraryOnEveryScalarOfTheTable() {
        for value in UInt32(0)..<(Lowercase.limit + 0x300) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let alone = String(Character(scalar))
            #expect(Lowercase.of(alone) == alone.lowercased(), "U+\(String(value, radix: 16))")
            let inside = "Ab" + alone + "ÉZ"
            #expect(Lowercase.of(inside) == inside.lowercased(), "U+\(String(value, radix: 16)) inside text")
            #expect(Lowercase.firstScalar(of: scalar) == scalar.properties.lowercaseMapping.unicodeScalars.first?.value ?? value)
        }
        for text in ["", "ASCII ONLY", "İSTANBUL", "ΣΟΦΊΑ ΣΟΦΌΣ", "ДОГОВОР О ДРУЖБЕ", "Ǆemal ǅ", "ﬀ STRASSE ẞ", "Ⅻ ⓐⒶ", "𐐀𐐨 😀"] {
            #expect(Lowercase.of(text) == text.lowercased(), "\(text)")
        }
    }

    /// Every line of the repository's documents and test data.
    @Test func equalsTheStandardLibraryOnTheCorpus() throws {
        var lines = 0
        for folder in ["Corpus", "Tests/Data"] {
            let root = repositoryRoot.appendingPathComponent(folder)
            let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            for case let url as URL in files {
                guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
                for line in text.split(separator: "\n") {
                    lines += 1
                    #expect(Lowercase.of(String(line)) == line.lowercased())
                }
            }
        }
        #expect(lines > 1_000)
    }
}

@Suite("Scalar classes")
struct ScalarClassTests {
    /// The table's answers are the Unicode properties', on every scalar it covers and past it.
    @Test func tableEqualsTheProperties() {
        for value in UInt32(0)..<(ScalarTable.limit + 0x300) {
            guard let c = Unicode.Scalar(value) else { continue }
            let p = c.properties
            #expect(c.isUppercaseFast == (value < 0x80 ? (0x41...0x5A).contains(value) : p.isUppercase), "U+\(String(value, radix: 16))")
            #expect(c.isLowercaseFast == (value < 0x80 ? (0x61...0x7A).contains(value) : p.isLowercase), "U+\(String(value, radix: 16))")
            #expect(c.isWhitespaceFast == (value < 0x80 ? (value == 0x20 || (0x09...0x0D).contains(value)) : p.isWhitespace), "U+\(String(value, radix: 16))")
            if value >= 0x80 {
                #expect(c.isLetterFast == p.isAlphabetic, "U+\(String(value, radix: 16))")
                #expect(c.isWordFast == (p.isAlphabetic || p.generalCategory == .nonspacingMark), "U+\(String(value, radix: 16))")
            } else {
                #expect(c.isLetterFast == ((0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)))
                #expect(c.isWordFast == (c.isLetterFast || (0x30...0x39).contains(value)))
            }
        }
    }
}

@Suite("Scalar search")
struct ScalarSearchTests {
    /// The first scalar found at memory speed, and the line bounds found with it, against
    /// plain loops, on random texts of spaces, line feeds, '<' and other scalars.
    @Test func firstScalarAndLineBoundsMatchLoops() {
        var generator = SystemRandomNumberGenerator()
        let pool = Array("  \n\n<ab.~\u{0}\u{1F}\u{7F}\u{A0}é中😀\u{10FFFF}".unicodeScalars)
        // Up to 72 scalars: past the scans' sixteen-a-step blocks and their four-a-step and
        // one-by-one ends; every other text mostly "b", so that first hits fall deep in a block.
        for round in 0..<2_000 {
            let sparse = round % 2 == 1
            let scalars = (0..<Int.random(in: 0...72, using: &generator)).map { _ in
                sparse && Int.random(in: 0..<12, using: &generator) > 0 ? "b" : pool.randomElement(using: &generator)!
            }
            scalars.withUnsafeBufferPointer { buffer in
                for from in 0...scalars.count + 1 {
                    for target: Unicode.Scalar in ["<", "\n", "\u{0}", "\u{10FFFF}"] {
                        let expected = from >= scalars.count ? scalars.count : (scalars[from...].firstIndex(of: target) ?? scalars.count)
                        #expect(ScalarSearch.first(target, in: buffer, from: from) == expected)
                    }
                    // Any of four (as the sentence splitter asks for its marks; here including a line
                    // feed and the last scalar, the edges of the search).
                    let marks: [Unicode.Scalar] = [".", "\n", "<", "\u{10FFFF}"]
                    let any = from >= scalars.count ? scalars.count : (scalars[from...].firstIndex { marks.contains($0) } ?? scalars.count)
                    #expect(ScalarSearch.first(anyOf: marks[0], marks[1], marks[2], marks[3], in: buffer, from: from) == any)
                    // Any of eight (inline markup's starts), and the first scalar that is neither
                    // a line feed nor printable ASCII (character normalization's runs).
                    let eight: [Unicode.Scalar] = ["<", "a", "\u{0}", "é", "中", "😀", "\u{10FFFF}", "~"]
                    let anyEight = from >= scalars.count ? scalars.count : (scalars[from...].firstIndex { eight.contains($0) } ?? scalars.count)
                    #expect(ScalarSearch.first(anyOf: (eight[0], eight[1], eight[2], eight[3], eight[4], eight[5], eight[6], eight[7]),
                                               in: buffer, from: from) == anyEight)
                    let notPrintable = from >= scalars.count ? scalars.count
                        : (scalars[from...].firstIndex { !($0 == "\n" || ($0.value >= 0x20 && $0.value < 0x7F)) } ?? scalars.count)
                    #expect(ScalarSearch.firstNotPrintable(in: buffer, from: from) == notPrintable)
                    // A line feed, or a space right after a space within the search (collapsing
                    // spaces): the scalar at `from` is not asked about the one before it.
                    let expected = from >= scalars.count ? scalars.count : (scalars.indices[from...].first {
                        scalars[$0] == "\n" || ($0 > from && scalars[$0] == " " && scalars[$0 - 1] == " ")
                    } ?? scalars.count)
                    #expect(ScalarSearch.firstLineFeedOrDoubleSpace(in: buffer, from: from) == expected, "\(scalars.map(\.value)) from \(from)")
                }
            }
            var reference: [(start: Int, trimmed: Range<Int>)] = []
            var start = 0
            for i in 0...scalars.count where i == scalars.count || scalars[i] == "\n" {
                var lo = start
                while lo < i, scalars[lo] == " " { lo += 1 }
                var hi = i
                while hi > lo, scalars[hi - 1] == " " { hi -= 1 }
                reference.append((start, lo..<hi))
                start = i + 1
            }
            let bounds = Normalize.lineBounds(scalars)
            #expect(bounds.map(\.start) == reference.map(\.start) && bounds.map(\.trimmed) == reference.map(\.trimmed))
        }
    }
}

@Suite("Phrase sets")
struct PhraseSetTests {
    /// One pass of the automaton finds what a search per phrase finds: on random texts and
    /// phrases over a small alphabet (so that phrases overlap, nest and share prefixes and
    /// suffixes), and on the classifier's own phrases in sample texts.
    @Test func automatonFindsWhatSearchesFind() {
        Self.forRandomSets(rounds: 2_000, alphabet: "ab a\nbé", longest: { $0 % 3 == 0 ? 3 : 7 }, textLength: 80) { phrases, text, set in
            #expect(set.found(in: text) == Self.searched(set, in: text), "\(phrases) in \(text)")
        }
        let classifier = PhraseSet(["have agreed as follows", "agreed as follows", "done at", " said ", "###", " signed "])
        let text = Array(" the parties have agreed as follows: ... done at washington. he said ### ".utf8)
        #expect(classifier.found(in: text) == 0b011111)
        #expect(PhraseSet(["x"]).found(in: []) == 0)
        // Capitals read as lower case, and the padding spaces, as the classifier's lowered body.
        let folded = PhraseSet(["have agreed as follows", " said ", "###", " shall", "ya "], asciiCaseInsensitive: true)
        for text in ["The Parties HAVE AGREED AS FOLLOWS", "Said the man", "he SAID", "###", "Shall", "ÉYA", "yA", "Y"] {
            let body = [0x20] + ByteSearch.asciiLowercased(text.utf8) + [0x20]
            #expect(folded.found(inSpacePadded: text) == folded.found(in: body), "\(text)")
            #expect(folded.found(inSpacePadded: text) == Self.searched(folded, in: body), "\(text)")
        }
    }
}

extension PhraseSetTests {
    /// What a search per phrase finds in `body`, as the bits `found` gives (bit i for the set's
    /// i-th phrase).
    static func searched(_ set: PhraseSet, in body: [UInt8]) -> UInt64 {
        var bits: UInt64 = 0
        for (index, phrase) in set.phrases.enumerated() where ByteSearch.contains(body, phrase) { bits |= 1 << UInt64(index) }
        return bits
    }

    /// `body` of `rounds` random sets: each of one to 64 phrases of one to `longest(round)`
    /// bytes, with a text of up to `textLength` bytes, all drawn from a small alphabet, so that
    /// phrases overlap, nest and share prefixes and suffixes, and occur in the text.
    static func forRandomSets(rounds: Int, alphabet: String, longest: (Int) -> Int, textLength: Int,
                              _ body: (_ phrases: [String], _ text: [UInt8], _ set: PhraseSet) -> Void) {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(alphabet.utf8)
        for round in 0..<rounds {
            let phrases = (0..<Int.random(in: 1...64, using: &generator)).map { _ in
                String(decoding: (0..<Int.random(in: 1...longest(round), using: &generator)).map { _ in alphabet.randomElement(using: &generator)! },
                       as: UTF8.self)
            }
            let text = (0..<Int.random(in: 0...textLength, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            body(phrases, text, PhraseSet(phrases))
        }
    }

    /// A long text read by two automata at once (each from its own place) gives what one
    /// reading it all gives, and what a search per phrase gives: random texts of every length
    /// around the two-automata threshold and well past it, between spaces and not, with
    /// phrases that straddle the middle.
    @Test func twoAutomataFindWhatOneFinds() {
        Self.forRandomSets(rounds: 1_500, alphabet: "ab a\nb", longest: { $0 % 2 == 0 ? 4 : 12 }, textLength: 400) { phrases, text, set in
            text.withUnsafeBufferPointer { bytes in
                for padded in [false, true] {
                    let two = set.found(in: bytes, padded: padded), one = set.found(in: bytes, padded: padded, twoAtOnce: false)
                    #expect(two == one, "\(phrases) in \(text)")
                    #expect(two == Self.searched(set, in: padded ? [0x20] + text + [0x20] : text), "\(phrases) in \(text)")
                }
            }
        }
    }
}

@Suite("Byte words")
struct ByteWordTests {
    /// The eight-at-a-time tests against a byte-by-byte look, on random words (bytes drawn
    /// mostly from around the values tested) at every offset of a buffer.
    @Test func wordTestsEqualByteTests() {
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [0x00, 0x01, 0x08, 0x09, 0x0A, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x26, 0x3B, 0x3C, 0x3D, 0x3E, 0x5B, 0x5C, 0x5D,
                                    0x61, 0x7F, 0x80, 0x81, 0x9F, 0xA0, 0xBF, 0xC3, 0xEE, 0xEF, 0xF0, 0xFF]
        for _ in 0..<2_000 {
            let bytes = (0..<16).map { _ in Bool.random(using: &generator) ? interesting.randomElement(using: &generator)! : UInt8.random(in: 0...0xFF, using: &generator) }
            bytes.withUnsafeBufferPointer { buffer in
                for offset in 0...8 {
                    let word = ByteWord.load(buffer, offset)
                    let eight = buffer[offset..<(offset + 8)]
                    #expect(word == eight.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
                    for limit: UInt8 in [0x01, 0x20, 0x80] { #expect(ByteWord.hasLess(limit, in: word) == eight.contains { $0 < limit }) }
                }
            }
        }
    }

    /// The sixteen-a-step scans (C, SSE2) against a byte-by-byte search, from every offset of
    /// buffers of every length up to 80 (past the 32-a-step blocks, the 16-a-step ones and the
    /// last sixteen read again), mostly letters so that long plain runs come up.
    @Test func scansFindTheFirstSpecialByte() {
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x21, 0x22, 0x26, 0x3B, 0x3C, 0x3D, 0x3E, 0x5B, 0x5C, 0x5D, 0x7F, 0x80,
                                    0x9F, 0xA2, 0xBC, 0xDC, 0xEE, 0xEF, 0xF0, 0xFF]
        func json(_ b: UInt8) -> Bool { b < 0x20 || b == 0x22 || b == 0x5C }
        func xml(_ b: UInt8, _ attribute: Bool) -> Bool {
            b < 0x20 ? attribute || (b != 0x0A && b != 0x09) : [0x3C, 0x3E, 0x26, 0x22, 0xEF].contains(b)
        }
        for _ in 0..<3_000 {
            let length = Int.random(in: 0...80, using: &generator)
            let rare = Int.random(in: 2...40, using: &generator)
            let bytes = (0..<length).map { _ in Int.random(in: 0..<rare, using: &generator) > 0
                ? UInt8.random(in: 0x61...0x7A, using: &generator)
                : Bool.random(using: &generator) ? interesting.randomElement(using: &generator)! : UInt8.random(in: 0...0xFF, using: &generator) }
            bytes.withUnsafeBufferPointer { buffer in
                for start in 0...length {
                    #expect(ByteScan.jsonSpecial(buffer, from: start) == (start..<length).first { json(bytes[$0]) } ?? length)
                    for attribute in [false, true] {
                        #expect(ByteScan.xmlSpecial(buffer, from: start, attribute: attribute) == (start..<length).first { xml(bytes[$0], attribute) } ?? length)
                    }
                }
            }
        }
    }
}

@Suite("Mapped text")
struct MappedTextStringTests {
    /// Strings of any range (ASCII, two-, three- and four-byte scalars, mixed; short, and
    /// long enough to be narrowed sixteen scalars a step) equal the scalars made into a
    /// string the general way.
    @Test func stringOfARangeEqualsItsScalars() {
        var generator = SystemRandomNumberGenerator()
        let pool = Array("aZ 09.,\n-é ñ Ж ß 中 € 😀 İ".unicodeScalars)
        for round in 0..<1_000 {
            let length = Int.random(in: 0...(round % 2 == 0 ? 40 : 300), using: &generator)
            // ASCII only; any scalars; or mostly ASCII, so that long texts beyond ASCII have
            // runs of sixteen ASCII scalars and more between the others.
            let mode = Int.random(in: 0..<3, using: &generator)
            let scalars = (0..<length).map { _ in
                mode == 0 || (mode == 2 && Int.random(in: 0..<20, using: &generator) > 0)
                    ? pool[Int.random(in: 0..<7, using: &generator)] : pool.randomElement(using: &generator)!
            }
            let text = MappedText(String(String.UnicodeScalarView(scalars)))
            let lower = Int.random(in: 0...length, using: &generator), upper = Int.random(in: lower...length, using: &generator)
            #expect(text.string(lower..<upper) == String(String.UnicodeScalarView(scalars[lower..<upper])))
            #expect(text.string == String(String.UnicodeScalarView(scalars)))
        }
    }
}

@Suite("Word hash set")
struct WordHashSetTests {
    /// As a `Set<UInt64>` would answer, across growth, with colliding slots and the value 0.
    @Test func answersAsASet() {
        var set = WordHashSet(capacity: 1)
        var reference = Set<UInt64>()
        var state: UInt64 = 0x1234_5678
        for round in 0..<5_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let value = round % 10 == 0 ? UInt64(round % 7) : state >> UInt64(round % 40)  // small values collide often
            set.insert(value)
            reference.insert(value)
        }
        for value in reference { #expect(set.contains(value)) }
        var probe: UInt64 = 99
        for _ in 0..<5_000 {
            probe = probe &* 2862933555777941757 &+ 3037000493
            #expect(set.contains(probe) == reference.contains(probe))
        }
        #expect(set.contains(0) == reference.contains(0))
        #expect(!WordHashSet().contains(0) && !WordHashSet().contains(42))
        // As a map: values replaced, the key 0 kept apart, all kept across growth.
        var map = WordHashMap<Int>(capacity: 1, empty: -1)
        for key in UInt64(0)..<300 { map[key * 7919] = Int(key) }
        for key in UInt64(0)..<300 { map[key * 7919] = Int(key) * 2 + 1 }
        #expect((UInt64(0)..<300).allSatisfy { map[$0 * 7919] == Int($0) * 2 + 1 })
        #expect(map[1] == nil && map[0] == 1)
    }
}

@Suite("Metadata dates")
struct MetadataDateTests {
    /// Trimmed as Foundation's `.whitespacesAndNewlines` trims (White_Space, and U+200B).
    @Test func trimmedAsFoundationTrims() {
        for pad in ["", " ", "\n", "\t\r\n", "\u{A0}", "\u{200B}", "\u{2028}", "\u{3000}", "\u{85}", "\u{FEFF}", "x"] {
            for value in ["2021-01-20", "January 20, 2021", "20210120", "2021-01-20T18:56:04-05:00"] {
                let padded = pad + value + pad
                let reference = DateText.isoDate(fromMetadata: padded.trimmingCharacters(in: .whitespacesAndNewlines))
                #expect(DateText.isoDate(fromMetadata: padded) == reference, "\(padded.debugDescription)")
            }
        }
        #expect(DateText.isoDate(fromMetadata: "\u{200B} 2021-01-20\n") == "2021-01-20")
    }
}

@Suite("NFC for sure")
struct NFCCheckTests {
    /// Every scalar the check calls stable has combining class 0 and is its own NFC form,
    /// alone and after other scalars (compared scalar by scalar: `==` on strings would
    /// already treat canonical equivalents as equal).
    @Test func everyStableScalarIsItsOwnNFCForm() {
        // Every scalar the check accepts, whatever its ranges are.
        let scalars = (UInt32(0)...0x10FFFF).filter(NFCCheck.isStable).compactMap(Unicode.Scalar.init)
        #expect(scalars.count > 20_000)
        let cyrillic = (0x410...0x44F).compactMap(Unicode.Scalar.init) + [0x406, 0x456, 0x474, 0x475, 0x4D8, 0x4D9, 0x4E8, 0x4E9].compactMap(Unicode.Scalar.init)
        let bases = (0x41...0x5A).compactMap(Unicode.Scalar.init) + (0x61...0x7A).compactMap(Unicode.Scalar.init) + cyrillic
        func nfc(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
            Array(String(String.UnicodeScalarView(scalars)).precomposedStringWithCanonicalMapping.unicodeScalars)
        }
        var checked = 0
        for scalar in scalars {
            #expect(scalar.properties.canonicalCombiningClass == .notReordered, "U+\(String(scalar.value, radix: 16))")
            #expect(nfc([scalar]) == [scalar], "U+\(String(scalar.value, radix: 16))")
            // After other scalars: every base for the small ranges, a few for the ideographs.
            for base in scalar.value >= 0x4E00 ? bases.prefix(3) : bases[...] where NFCCheck.isStable(base.value) {
                if nfc([base, scalar]) != [base, scalar] { Issue.record("U+\(String(base.value, radix: 16)) U+\(String(scalar.value, radix: 16))") }
                checked += 1
            }
        }
        #expect(checked > 100_000)
        // Outside the ranges: combining marks, singletons (Ohm, Kelvin, the en quad) are not stable.
        for value: UInt32 in [0x300, 0x301, 0x483, 0x2000, 0x2001, 0x2126, 0x212A, 0xF900] { #expect(!NFCCheck.isStable(value)) }
        #expect(NFCCheck.isNFCForSure("Москва — 東京 →"))
        #expect(!NFCCheck.isNFCForSure("\u{418}\u{306}"))  // И and a combining breve
        #expect(!NFCCheck.isNFCForSure("\u{212A}enya"))
    }

    /// Tokens of Cyrillic words are NFC for sure, and the gazetteer still matches them as written.
    @Test func cyrillicTokensSkipComposing() {
        let tokens = rawTokens("Москва и Киев")
        #expect(tokens.map(\.text) == ["Москва", "и", "Киев"])
        #expect(tokens.allSatisfy { $0.isPlainNFC })
        // Йошкар written with И and a combining breve is not NFC for sure: composed, it matches.
        let gazetteer = Gazetteer(entries: [GazetteerEntry(kind: .city, key: "msk", name: "Москва", aliases: [], attributes: [:]),
                                            GazetteerEntry(kind: .city, key: "yo", name: "\u{419}ошкар", aliases: [], attributes: [:])], provenance: [])
        #expect(gazetteer.matches(in: tokens).map(\.tokens) == [0..<1])
        let decomposed = rawTokens("в \u{418}\u{306}ошкар")
        #expect(decomposed.count == 2 && !decomposed[1].isPlainNFC)
        #expect(gazetteer.matches(in: decomposed).map(\.tokens) == [1..<2])
    }
}
