import Foundation
import Testing
@testable import AccordCore

@Suite("Normalization and the offset map")
struct NormalizeTests {
    /// NFC composition looks for combining marks only from U+0300 on: none is below.
    @Test func noScalarBelowU0300Combines() {
        #expect((0..<0x300).allSatisfy { Unicode.Scalar($0).map { $0.properties.canonicalCombiningClass.rawValue == 0 } ?? true })
    }

    /// The hyphenation evidence (words, hyphenated words) folded while scanning is the set
    /// the word-by-word reading gives, kept here as the reference.
    @Test func hyphenVocabularyMatchesTheWordByWordReading() {
        let texts = ["Co-\noperation and cooperation; self-\nreliance, SELF-RELIANCE and non-state\nactors.",
                     "Über-\ngroße Ämter -- a- -b trailing-", "ΑΘΗΝΑ-\nΠόλη İstanbul-\nlı", "-", "", "no hyphen at a line end here, well-known"]
        let blocks = texts.map { IngestedBlock(kind: .raw, text: MappedText($0)) }
        let vocabulary = Normalize.hyphenVocabulary(blocks)
        var hyphenated = Set<UInt64>(), words = Set<UInt64>()
        for block in blocks {
            let t = block.text.scalars
            var start = -1
            var hasHyphen = false
            func finish(_ end: Int) {
                if start >= 0 {
                    let word = t[start..<end]
                    if hasHyphen { if t[end - 1] != "-" { hyphenated.insert(Normalize.HyphenVocabulary.hash(word)) } } else { words.insert(Normalize.HyphenVocabulary.hash(word)) }
                    start = -1
                    hasHyphen = false
                }
            }
            for (k, c) in t.enumerated() {
                if c.isLetterFast || c == "-" {
                    if start < 0 { start = k }
                    if c == "-" { hasHyphen = true }
                } else {
                    finish(k)
                }
            }
            finish(t.count)
        }
        #expect(words.count > 10 && hyphenated.count >= 4)
        #expect(vocabulary.words.count == words.subtracting([0]).count && hyphenated.allSatisfy { vocabulary.hyphenated.contains($0) })
        #expect(vocabulary.hyphenated.count == hyphenated.subtracting([0]).count && words.allSatisfy { vocabulary.words.contains($0) })
    }

    @Test func apostrophesQuotesDashesAndSpaces() throws {
        let source = "Mexico\u{B4}s border and Mexico\u{2019}s \u{201C}network\u{201D} \u{2014} US\u{2013}Mexico\u{A0}ties\u{200B}."
        let analysis = try analyse(source)
        #expect(analysis.text.text == "Mexico's border and Mexico's \"network\" - US-Mexico ties.")
        // The apostrophe maps back to the two bytes of U+00B4.
        let bytes = Array(source.utf8)
        let range = analysis.text.sourceRange(TextRange(6, 7))
        #expect(Array(bytes[range]) == [0xC2, 0xB4])
    }

    @Test func nfcComposesCombiningMarks() throws {
        let decomposed = "Miguel A\u{301}ngel Osorio Chong and Pen\u{303}a Nieto met."
        let analysis = try analyse(decomposed)
        #expect(analysis.text.text == "Miguel Ángel Osorio Chong and Peña Nieto met.")
        #expect(analysis.text.text.unicodeScalars.count == analysis.text.count)
    }

    @Test func hardWrapsAreJoinedAndHyphenationRepaired() throws {
        let source = """
            The Government of the United States of America and the Government of the
            United Mexican States, hereinafter referred to as the Parties, desiring to
            strengthen their co-operation in the field of border security and to pro-
            mote the exchange of information between their competent co-
            operation agencies, have agreed as follows:
            Article 1
            Definitions
            """
        let analysis = try analyse(source, name: "wrapped.txt")
        let lines = analysis.text.text.components(separatedBy: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("The Government of the United States of America and the Government of the United Mexican States, hereinafter"))
        #expect(lines[0].contains(" to promote the exchange"))
        #expect(lines[0].contains("competent co-operation agencies"))
        #expect(lines[1] == "Article 1")
        #expect(lines[2] == "Definitions")
    }

    @Test func paragraphsOfUnwrappedTextStayApart() throws {
        let analysis = try analyse("Title Line\n\nFirst paragraph is long and has one sentence.\n\nSecond paragraph.")
        #expect(analysis.text.text == "Title Line\n\nFirst paragraph is long and has one sentence.\n\nSecond paragraph.")
    }

    /// Every sentence of a real document maps back to source bytes whose text, normalized
    /// character by character, is the sentence itself.
    @Test(arguments: ["us-mexico-border-security.txt", "RUS-USA_FRW_1973A.txt", "CAN-USA_LLW_1925P__CAN-USA_LLW_1925A.txt"])
    func spansRoundTripToTheSourceBytes(_ name: String) throws {
        let bytes = try corpusBytes(name)
        let analysis = try analyse(bytes: bytes, name: name)
        #expect(!analysis.segmentation.sentences.isEmpty)
        for sentence in analysis.segmentation.sentences {
            let normalized = analysis.text.string(sentence.range)
            let sourceBytes = Array(bytes[analysis.text.sourceRange(sentence.range)])
            let original = String(decoding: sourceBytes, as: UTF8.self)
            // Same words once whitespace and typographic marks are made plain.
            func plain(_ s: String) -> String {
                var t = s
                for (from, to) in [("\u{B4}", "'"), ("\u{2019}", "'"), ("\u{201C}", "\""), ("\u{201D}", "\""), ("\u{2013}", "-")] {
                    t = t.replacingOccurrences(of: from, with: to)
                }
                return t.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            }
            let joinedOriginal = plain(original).replacingOccurrences(of: "- ", with: "-")
            let joinedNormalized = plain(normalized).replacingOccurrences(of: "- ", with: "-")
            #expect(joinedOriginal.replacingOccurrences(of: "-", with: "") == joinedNormalized.replacingOccurrences(of: "-", with: ""),
                    "\(name): \(normalized.prefix(60))")
        }
    }

    @Test func exactBytesForUntouchedText() throws {
        let bytes = try corpusBytes("us-mexico-border-security.txt")
        let analysis = try analyse(bytes: bytes, name: "seed.txt")
        let text = analysis.text.text
        for phrase in ["Janet Napolitano", "Miguel Ángel Osorio Chong", "Enrique Peña Nieto", "Cross Border Security Communications Network"] {
            let range = text.range(of: phrase)!
            let start = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.lowerBound)
            let span = TextRange(start, start + phrase.unicodeScalars.count)
            #expect(String(decoding: bytes[analysis.text.sourceRange(span)], as: UTF8.self) == phrase)
        }
    }
}

@Suite("Kept letters")
struct KeptLetterTests {
    /// Runs of Cyrillic letters and ideographs copied whole give what the scalar-by-scalar
    /// path gives: the same scalars and the same source offsets, with combining marks,
    /// typographic characters and controls next to them.
    @Test func keptLetterRunsAreTheScalarPath() {
        let pieces = ["Москва", "Київ", "東京", "a", " ", "\n", "\r\n", "\u{306}", "\u{308}\u{301}", "\u{483}", "—", "’", "\u{A0}", "\u{AD}",
                      "\u{85}", "\u{200B}", "é", "e\u{301}", "\u{1100}\u{1161}", "\t", "\u{2190}", "И", "ї", "\u{4E00}", "\u{9FFF}", "\u{482}", "\u{48A}"]
        var texts = pieces
        for a in pieces { for b in pieces { texts.append(a + b); texts.append(b + "x" + a) } }
        for value in stride(from: 0x3F0, through: 0x510, by: 1) { texts.append("a\(Unicode.Scalar(value)!)\u{306}б") }
        // Printable ASCII and line feeds only (a text that is its own result), and just beside it.
        let printable = String(String.UnicodeScalarView((0x20...0x7E).map { Unicode.Scalar(UInt8($0)) }))
        texts += [printable, "\n" + printable + "\n\n" + printable, printable + "\u{7F}", "\u{1F}" + printable, printable + "\t", printable + "\u{301}"]
        for text in texts {
            let mapped = MappedText(text, sourceStart: 3)
            let fast = Normalize.normalizeCharacters(mapped)
            let scalarwise = Normalize.normalizeCharacters(mapped, keptLetters: false)
            #expect(fast == scalarwise, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        // Every kept letter is one the scalar path leaves as it is.
        for value in UInt32(0)...0xFFFF where Normalize.isKeptLetter(value) {
            let scalar = Unicode.Scalar(value)!
            #expect(NFCCheck.isStable(value) && !Normalize.isRemoved(scalar) && Normalize.plain(scalar, previous: nil, next: nil) == scalar)
        }
        #expect(String(String.UnicodeScalarView(Normalize.normalizeCharacters(MappedText("Ми\u{306}р")).scalars)) == "Мйр")
    }
}

@Suite("Sentence segmentation")
struct SentenceTests {
    func boundaries(_ marked: String) throws -> (expected: [Int], found: [Int]) {
        let (text, positions) = markers(marked)
        let analysis = try analyse(text)
        return (positions, analysis.segmentation.sentences.map(\.range.end))
    }

    @Test(arguments: [
        "Dr. Smith met the Minister.1️⃣ They signed.2️⃣",
        "The U.S. and Mexico agreed.1️⃣ The U.N. welcomed it.2️⃣",
        "It was signed in the U.S.1️⃣ The next day, talks resumed.2️⃣",
        "President Joseph R. Biden Jr. met Mr. López Obrador.1️⃣ They spoke.2️⃣",
        "See Art. 4 and No. 12 of the annex, e.g. the list, i.e. all items.1️⃣ Done.2️⃣",
        "Trade grew by 1.5 percent to $2.3 billion.1️⃣ Both welcomed it.2️⃣",
        "He paused... and went on.1️⃣ Then silence…1️⃣ Later they met.2️⃣",
        "She said: \"We will act.\"1️⃣ The meeting ended.2️⃣",
        "Will they agree?1️⃣ Yes!2️⃣ Of course.3️⃣",
        "Talks are set for 9 a.m. Thursday in Washington, D.C. and Mexico City.1️⃣",
    ])
    func sentenceBoundaries(_ marked: String) throws {
        let (text, positions) = markers(marked)
        let analysis = try analyse(text)
        #expect(analysis.segmentation.sentences.map(\.range.end) == positions, "\(text)")
    }
}

@Suite("Agreement structure")
struct StructureTests {
    /// The shortcuts of the signature search keep its answers: a line of more than six words
    /// is no name, a date needs three digits in a row, and a place needs "done" or "signed".
    @Test func signatureLineShortcuts() {
        #expect(SignatureParser.personName("(Signed) JOHN SMITH") == "John Smith")
        #expect(SignatureParser.personName("(L.S.)  Maria de la Cruz") == "Maria de la Cruz")
        #expect(SignatureParser.personName("The Parties shall consult each other on any matter arising.") == nil)
        #expect(SignatureParser.personName("A B C D E F") == "A B C D E F")  // six words: still looked at
        #expect(SignatureParser.personName("A B C D E F G") == nil)
        // Runs of spaces count as one when the words are counted on bytes.
        #expect(SignatureParser.personName("A  B  C  D  E  F") != nil)
        #expect(SignatureParser.personName("A  B  C  D  E  F  G") == nil)
        #expect(SignatureParser.personName("Ana María Pérez Gómez de la Fuente Ruiz") == nil)
        #expect(DateFinder.first(in: "Done on 24.02.1925")?.iso == "1925-02-24")
        #expect(DateFinder.first(in: "Article 12, paragraph 3 of Annex 45") == nil)
        #expect(DateFinder.first(in: "done at Ottawa on 24 February 1925")?.iso == "1925-02-24")
        let blocks = [Block(role: .paragraph, range: TextRange(0, 39), marker: nil, level: 0)]
        let text = NormalizedText(mapped: MappedText("DONE at Washington, this 2nd day of May"), text: "", units: [])
        #expect(SignatureParser.parse(text: text, blocks: blocks)?.place == "Washington")
    }

    @Test func articlesPreambleAndSignatureOfARealTreaty() throws {
        let analysis = try analyse(bytes: try corpusBytes("RUS-USA_FRW_1973A.txt"), name: "RUS-USA_FRW_1973A.txt")
        let provisions = analysis.segmentation.provisions
        let articles = provisions.filter { $0.kind == .article }
        #expect(articles.map(\.number) == ["1", "2", "3", "4", "5", "6", "7", "8"])
        #expect(articles.first?.label == "Article 1")
        #expect(provisions.first?.kind == .title)
        #expect(provisions.first?.heading?.hasPrefix("AGREEMENT BETWEEN THE GOVERNMENT OF THE UNITED STATES OF AMERICA AND THE GOVERNMENT OF THE UNION OF SOVIET SOCIALIST REPUBLICS") == true)
        let preamble = try #require(provisions.first { $0.kind == .preamble })
        let preambleText = analysis.text.string(preamble.range)
        #expect(preambleText.hasPrefix("The Government of the United States of America"))
        #expect(preambleText.hasSuffix("Have agreed as follows:"))
        let signature = try #require(analysis.segmentation.signature)
        #expect(signature.place == "Washington")
        #expect(signature.date == "1973-06-19")
        #expect(signature.signatories.map(\.name) == ["William P. Rogers", "A. Gromyko"])
        #expect(signature.signatories.first?.onBehalfOf == "For the Government of the United States of America")
        #expect(analysis.kind.kind == .agreement)
        #expect(analysis.date == "1973-06-19")
    }

    /// Signatures without a final clause ("In witness whereof", "Done at"): a line saying on
    /// whose behalf, then the name, at the end of the text; the behalf line is a line of its
    /// own, not the wrapped end of the paragraph before it, while "For the purpose of ..." is.
    @Test func signaturesWithoutAFinalClause() throws {
        let long = String(repeating: "The Parties will cooperate on the protection of transboundary waters and fisheries. ", count: 3)
        let analysis = try analyse("""
            AGREEMENT ON TRANSBOUNDARY WATERS

            Article 1
            \(long)
            The agreement comes into force the day it is signed and is in force for five years.
            For the Government of the Estonian Republic
            V. Reiljan
            For Government of the Russian Federation
            N. Mikheev
            """)
        let signature = try #require(analysis.segmentation.signature)
        #expect(signature.signatories.map(\.name) == ["V. Reiljan", "N. Mikheev"])
        #expect(signature.signatories.map(\.onBehalfOf) == ["For the Government of the Estonian Republic", "For Government of the Russian Federation"])
        func behalf(_ line: String) -> Bool { Array(line.unicodeScalars).withUnsafeBufferPointer { StructureCues.isBehalfLine($0) } }
        #expect(behalf("FOR THE GOVERNMENT OF AUSTRALIA:") && behalf("For the Secretary of State:") && behalf("On behalf of Canada"))
        #expect(!behalf("For the purpose of catching trout, pike") && !behalf("For the lakes it is permissible to fish")
                && !behalf("For the Government of Canada, this is a sentence."))
    }

    /// Signatures side by side, flattened into one line each: the names line is split into as
    /// many names as the behalf line has parties, at the cut that ends no name in an initial
    /// and leaves the columns most even; each name keeps its own words' span.
    @Test func signaturesInColumns() throws {
        let analysis = try analyse("""
            AGREEMENT ON MIGRATORY BIRDS

            Article 1
            The two Governments shall exchange data on migratory birds.

            IN WITNESS WHEREOF the undersigned have signed this Agreement.

            DONE in duplicate at Tokyo, this sixth day of February, 1974.

            FOR THE GOVERNMENT OF FOR THE GOVERNMENT OF

            AUSTRALIA: JAPAN:

            [Signed:] [Signed:]

            D J HORNE MASAYOSHI OHIRA
            """)
        let signature = try #require(analysis.segmentation.signature)
        #expect(signature.signatories.map(\.name) == ["D J Horne", "Masayoshi Ohira"])
        #expect(signature.signatories.map { analysis.text.string($0.range) } == ["D J HORNE", "MASAYOSHI OHIRA"])
        let persons = analysis.records.entities.filter { $0.type == .person }.map(\.name)
        #expect(persons.contains("D J Horne") && persons.contains("Masayoshi Ohira"))
        #expect(SignatureParser.behalfColumns("For the Government of Australia For the Government of the")
                == ["For the Government of Australia", "For the Government of the"])
        #expect(SignatureParser.behalfColumns("FOR THE GOVERNMENT OF AUSTRALIA:").isEmpty)
        // The most even cut; a line of too few words, or a party's name, is no names line.
        #expect(SignatureParser.columnNames("Roberto Florez Bermudez David Allan Osborne", columns: 2)?.map(\.name)
                == ["Roberto Florez Bermudez", "David Allan Osborne"])
        #expect(SignatureParser.columnNames("ANTHONY CROSLAND B. SMIRNOV", columns: 2)?.map(\.name) == ["Anthony Crosland", "B. Smirnov"])
        #expect(SignatureParser.columnNames("AUSTRALIA: JAPAN:", columns: 2) == nil)
        // Names in columns come right after the behalf line: two names on a later line, after
        // names on lines of their own, are not split.
        let later = try analyse("""
            AGREEMENT ON MIGRATORY BIRDS

            Article 1
            The two Governments shall exchange data on migratory birds.

            IN WITNESS WHEREOF the undersigned have signed this Agreement.

            FOR THE GOVERNMENT OF CANADA FOR THE GOVERNMENT OF THE UNITED STATES OF AMERICA

            JOE CLARK

            THOMAS NILES

            Mary Anne Smith John Paul Jones
            """)
        #expect(later.segmentation.signature?.signatories.map(\.name).prefix(2) == ["Joe Clark", "Thomas Niles"])
        #expect(later.segmentation.signature?.signatories.contains { $0.name == "Mary Anne Smith" } == false)
        #expect(SignatureParser.columnNames("Democratic Republic of Timor-Leste", columns: 2) == nil)
    }

    @Test func numberedParagraphsAndSealedSignatures() throws {
        let analysis = try analyse(bytes: try corpusBytes("CAN-USA_LLW_1925P__CAN-USA_LLW_1925A.txt"), name: "llw.txt")
        let paragraphs = analysis.segmentation.provisions.filter { $0.kind == .paragraph }
        #expect(paragraphs.map(\.number) == ["1", "2", "3", "4", "5"])
        let signature = try #require(analysis.segmentation.signature)
        #expect(signature.date == "1925-02-24")
        #expect(signature.dateText == "24th day of February, 1925")
        #expect(signature.place == "Washington")
        #expect(signature.signatories.map(\.name) == ["Ernest Lapointe", "Charles Evans Hughes"])
    }

    @Test func labelsAndMarkers() throws {
        func label(_ s: String) -> StructureCues.ProvisionLabel? { StructureCues.provisionLabel(Array(s.unicodeScalars)) }
        #expect(label("Article 4")?.number == "4")
        #expect(label("ARTICLE IV")?.number == "IV")
        #expect(label("Art. 12. Scope")?.kind == .article)
        #expect(label("Annex I")?.kind == .annex)
        #expect(label("ARTICLE FIRST")?.kind == .article)
        #expect(label("article 4 of the Convention") == nil)
        #expect(label("Articles of Association") == nil)
        // Words in other languages and scripts, bare annex headings, and words of other lengths.
        #expect(label("Artículo 5")?.kind == .article && label("Artículo 5")?.number == "5")
        #expect(label("СТАТЬЯ 3")?.kind == .article && label("Статья 3")?.number == "3")
        #expect(label("ANNEX") == StructureCues.ProvisionLabel(kind: .annex, number: "", length: 5))
        #expect(label("Schedule")?.kind == .annex)
        #expect(label("Part") == nil)
        #expect(label("PART II")?.kind == .part)
        #expect(label("Paragraphs 3") == nil && label("Ru 3") == nil && label("ÁRTICULO 1") == nil)
        #expect(label("") == nil && label("4 Article") == nil && label("Section") == nil)
        func marker(_ s: String) -> Int? { StructureCues.itemMarkerLength(Array(s.unicodeScalars)) }
        #expect(marker("1. The plans") == 3)
        #expect(marker("(a) each Party") == 4)
        #expect(marker("- item") == 2)
        #expect(marker("2.") == 2)
        #expect(marker("U.S. officials") == nil)
        #expect(marker("2021. The year") == nil)
        #expect(marker("A. Gromyko") == nil)
        // Its parts, as the commitment stage reads a label.
        let roman = try #require(StructureCues.itemMarker(Array("(iv) exchange".unicodeScalars)))
        #expect(roman.label == 1..<3 && roman.isRoman && !roman.isLetter && roman.parenthesized && roman.closer == ")")
        let dotted = try #require(StructureCues.itemMarker(Array("1.2. The plans".unicodeScalars)))
        #expect(dotted.label == 0..<3 && dotted.isDigits && !dotted.parenthesized && dotted.closer == "." && dotted.length == 5)
        let bullet = try #require(StructureCues.itemMarker(Array("• item".unicodeScalars)))
        #expect(bullet.bullet == "•" && bullet.label.isEmpty && bullet.closer == nil)
        let letter = try #require(StructureCues.itemMarker(Array("i) notify".unicodeScalars)))
        #expect(letter.isLetter && letter.isRoman)
    }
}

@Suite("Document kind")
struct KindTests {
    @Test(arguments: [
        ("us-mexico-border-security.txt", DocumentKind.pressStatement),
        ("RUS-USA_FRW_1973A.txt", .agreement),
        ("CAN-USA_LLW_1925P__CAN-USA_LLW_1925A.txt", .agreement),
        ("MEX-USA_BNW_1987A.txt", .agreement),
        ("2023-11-17-readout-of-president-joe-bidens-meeting-with-president-andres-manuel-lopez-obrador-of-mexico.md", .pressStatement),
        ("2023-04-20-joint-statement-from-the-united-states-and-colombia-following-the-bilateral-meeting-between-president-joe-biden-and-president-gustavo-petro.md", .agreement),
    ])
    func corpusDocuments(_ name: String, _ kind: DocumentKind) throws {
        let analysis = try analyse(bytes: try corpusBytes(name), name: name)
        #expect(analysis.kind.kind == kind)
        #expect(!analysis.kind.evidence.isEmpty)
    }

    @Test func readoutGenreAndOther() throws {
        let readout = try analyse("Readout of the President's Call with the Prime Minister of Japan\n\nThe President spoke today with the Prime Minister.")
        #expect(readout.kind.kind == .pressStatement)
        #expect(readout.kind.genre == "readout")
        let recipe = try analyse("Tomato soup\n\nChop the tomatoes and simmer them for an hour.")
        #expect(recipe.kind.kind == .other)
    }
}

/// The sentence splitter's ASCII path decides as its general path did, at every period.
@Suite("Sentence boundaries on ASCII words")
struct SentenceBoundaryTests {
    /// The general decision (what `isBoundary` did for every word before its ASCII path).
    static func reference(_ s: [Unicode.Scalar], mark: Int, next: Int, rangeStart: Int, end: Int) -> Bool {
        let n = s[next]
        if n.isLowercaseFast { return false }
        let startsLikeSentence = n.isUppercaseFast || ("0"..."9").contains(n) || n == "\"" || n == "'" || n == "(" || n == "[" || n == "-" || !n.isLetterFast
        guard startsLikeSentence else { return false }
        var w = mark
        while w > rangeStart, s[w - 1].isLetterFast || s[w - 1] == "." || ("0"..."9").contains(s[w - 1]) { w -= 1 }
        let word = String(String.UnicodeScalarView(s[w..<mark]))
        let lower = word.lowercased()
        if word.isEmpty { return true }
        if word.unicodeScalars.count == 1, word.unicodeScalars.first!.isUppercaseFast { return false }
        if SentenceSplitter.prefixAbbreviations.contains(lower) { return false }
        if SentenceSplitter.ambiguousAbbreviations.contains(lower) || SentenceSplitter.isDottedAbbreviation(word) {
            return SentenceSplitter.sentenceStarters.contains(SentenceSplitter.wordAt(s, next, end: end).lowercased())
        }
        return true
    }

    @Test func asciiWordsDecideAsBefore() {
        let words = ["U.S", "u.s", "U.S.A", "N.A.T.O", "e.g", "i.e", "Mr", "MR", "Dr", "No", "Art", "R", "r", "J", "5", "2024", "a.5",
                     "A.B.", "U..S", ".S", "S.", "AB.C", "A.BC", "Inc", "etc", "Corp", "word", "WORD", "x1.y", "1.2.3", "Sept", "p", "Co",
                     "Washington", "Jr", "St"]
        let followers = ["The", "the", "President", "Smith", "5", "\"We", "(a)", "[1]", "-", "é", "Él", "they", "In", "Ünder", "$"]
        var checked = 0
        for word in words {
            for follower in followers {
                let s = Array("Met \(word). \(follower) said.".unicodeScalars)
                // Every period but the last: its mark, and the first scalar after the space.
                for mark in s.indices.dropLast(2) where s[mark] == "." && s[mark + 1] == " " {
                    let next = mark + 2
                    #expect(SentenceSplitter.isBoundary(s, mark: mark, markEnd: mark + 1, next: next, rangeStart: 0, end: s.count)
                            == Self.reference(s, mark: mark, next: next, rangeStart: 0, end: s.count), "\(word). \(follower)")
                    checked += 1
                }
            }
        }
        #expect(checked >= words.count * followers.count)
    }
}

@Suite("Day numbers")
struct DayNumberTests {
    @Test func asBefore() {
        var tokens = (0...120).map(String.init) + (0...9).map { "0\($0)" } + ["000", "001", "0031", "2021", "99999999999999999999999"]
        tokens += ["1st", "2nd", "3rd", "24th", "2Ist", "l5th", "I", "l", "", "x", "1.5", "2,000", "٣", "3\u{301}", "+5", "-5", "12TH", "31st", "32nd",
                   "1.", ",5", "2.Ist", "1,st", "0th", "00th", "09Th", "5TH", "5tH", "5sT", "5nd", "5rd", "5ts", "5t", "5th.", "5 th", "\u{0660}st", "12ñd"]
        tokens += ["a", "ab", "A1", "aI", "Il", "lI", "st", "th", "Ab5", "x5th", "ñ1", "a\u{301}", "Z", "zz9"]
        for token in tokens {
            #expect(DateFinder.dayNumber(token) == DateFinder.generalDayNumber(token), "\(token.debugDescription)")
        }
    }

    /// The tokens of an ASCII line read on its bytes are those read on its characters (the
    /// texts and the ranges), on random lines of words, numbers, dates, dots, hyphens and
    /// "\r\n"; a line beyond ASCII is left to the characters.
    @Test func asciiLineTokensAreItsCharactersTokens() {
        let pieces = ["24th", " ", "day", "of", "February", ",", "1925", ".", "-", "2021-10-08", "24.02.1925", "\r\n", "\n", "\t", "Done",
                      "at", "Ottawa", "(", ")", "l5th", "A.", "a-b", "--", "..", "x", "7"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let line = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let fast = DateFinder.asciiTokens(line)
            let slow = DateFinder.characterTokens(line)
            #expect(fast?.map(\.text) == slow.map(\.text), "\(line.debugDescription)")
            #expect(fast?.map(\.range) == slow.map(\.range), "\(line.debugDescription)")
        }
        for word in ["done", "DONE", "Done", "dOnE", "don", "donee", "signed", "SIGNED", "at", "AT", "At", "a", "att", "\u{212A}",
                     "d\u{F6}ne", "ДONE", "at\u{301}", ""] {
            for letters in ["done", "signed", "at"] {
                #expect(SignatureParser.isWord(word, letters) == (word.lowercased() == letters), "\(word.debugDescription)")
            }
        }
        #expect(DateFinder.asciiTokens("24 février 1925") == nil)
        #expect(DateFinder.first(in: "Done at Ottawa on the 24th day of February, 1925.")?.iso == "1925-02-24")
    }
}

@Suite("Language guess")
struct LanguageGuessTests {
    @Test func stopwordsDecide() {
        #expect(LanguageGuess.guess("The parties shall cooperate in the field of energy and of the environment.") == "en")
        #expect(LanguageGuess.guess("Las partes cooperarán en el campo de la energía y del medio ambiente para los pueblos.") == "es")
        #expect(LanguageGuess.guess("Les parties coopèrent dans le domaine de l'énergie et des transports pour les peuples.") == "fr")
        #expect(LanguageGuess.guess("Die Vertragsparteien arbeiten auf dem Gebiet der Energie und des Verkehrs zusammen, mit den Ländern.") == "de")
        #expect(LanguageGuess.guess("Стороны сотрудничают в области энергетики и транспорта, что не для всех.") == "ru")
    }

    /// The scan (64 bytes a step, in C) gives the guess of a reading of its own: the text's
    /// first 20,000 bytes split into words (runs of ASCII letters and of other scripts'
    /// bytes), each looked up in the stopword lists as a string.
    @Test func scanMatchesTheWordByWordReading() {
        func referenceTally(_ text: String) -> (words: Int, counts: [Int]) {
            let bytes = Array(text.utf8.prefix(20_000))
            let words = bytes.split { !((($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A) || $0 >= 0x80) }
                .map { String(decoding: $0.map { $0 < 0x80 ? $0 | 0x20 : $0 }, as: UTF8.self) }
            return (words.count, LanguageGuess.stopwords.map { entry in words.filter { entry.1.contains($0) }.count })
        }
        func reference(_ text: String) -> String? {
            let (words, counts) = referenceTally(text)
            guard words >= 5, let best = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[best] * 20 >= words else { return nil }
            return LanguageGuess.stopwords[best].0
        }
        func check(_ text: String) {
            #expect(LanguageGuess.guess(text) == reference(text), "\(text.prefix(60))")
            let (words, counts) = LanguageGuess.tally(text)
            let expected = referenceTally(text)
            #expect(words == expected.words && counts == expected.counts, "\(text.prefix(60))")
            // The same through the hash map the direct table stands in for.
            let packed = LanguageGuess.tally(text, direct: nil)
            #expect(packed.words == expected.words && packed.counts == expected.counts, "\(text.prefix(60))")
        }
        #expect(LanguageGuess.direct != nil, "a multiplier giving every stopword its own slot")
        let texts = ["", "the the the the", "THE AND OF TO IN", "de la de la el y los", "Стороны и в не на с по",
                     String(repeating: "x", count: 19_998) + " the and of to in shall",
                     String(repeating: "el la ", count: 3_000) + String(repeating: "the and ", count: 3_000),
                     "mixed éé the [and] of—to in, shall; is for 123 with"]
        for text in texts { check(text) }
        // Words ending at, and across, the scan's 64-byte steps and the text's end: the last
        // word's key read from fewer than eight bytes, a word of eight or nine letters at the end.
        for length in [1, 7, 8, 9, 15, 16, 17, 62, 63, 64, 65, 127, 128, 129, 191, 192] {
            for word in ["the", "THE", "Stoppers", "abcdefghi", "é", "и", "в"] where length >= word.utf8.count {
                let text = String(repeating: " ", count: length - word.utf8.count) + word
                check(text)
                check(text + " de")
                check(String(repeating: "a", count: length) + " " + word)
            }
        }
        // Random texts of stopwords, other words, capitals, digits, punctuation and other
        // scripts, long enough for the 20,000-byte cut to fall inside words.
        var generator = SystemRandomNumberGenerator()
        // (Words of seven, eight and nine letters: a word is looked up when it has at most eight bytes.)
        let pieces = LanguageGuess.stopwords.flatMap { $0.1 } + ["Treaty", "THE", "El", "x", "12", ",", ".", " ", "  ", "\n", "é", "中", "[", "@", "`", "{",
                                                                "Parties", "ZYXWVUTS", "abcdefghi", "\u{7F}", "\0", "ä"]
        for round in 0..<300 {
            let count = round % 10 == 0 ? 6_000 : Int.random(in: 0...60, using: &generator)
            let text = (0..<count).map { _ in pieces.randomElement(using: &generator)! + (Bool.random(using: &generator) ? " " : "") }.joined()
            check(text)
        }
    }

    /// Every stopword is found under each of its languages, and words that are none are not.
    @Test func theTableHoldsEveryStopword() {
        for (index, entry) in LanguageGuess.stopwords.enumerated() {
            for word in entry.1 {
                var key: UInt64 = 0
                for byte in word.utf8 { key = key << 8 | UInt64(byte) }
                #expect((LanguageGuess.packed[key] ?? 0) & (1 << UInt16(index)) != 0, "\(word) \(entry.0)")
                // In the direct table: at its slot, with a count of one in its language's lane.
                if let direct = LanguageGuess.direct {
                    let slot = Int(truncatingIfNeeded: (key &* direct.multiplier) >> UInt64(64 - LanguageGuess.DirectTable.bits))
                    let lanes = index < 4 ? direct.low[slot] : direct.high[slot]
                    #expect(direct.keys[slot] == key && lanes >> UInt64(16 * (index % 4)) & 0xFFFF == 1, "\(word) \(entry.0)")
                }
            }
        }
        for word in ["treaty", "xyz", "thee", "an"] {
            var key: UInt64 = 0
            for byte in word.utf8 { key = key << 8 | UInt64(byte) }
            #expect((LanguageGuess.packed[key] ?? 0) == 0, "\(word)")
        }
    }
}
