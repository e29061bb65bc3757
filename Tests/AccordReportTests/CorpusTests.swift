import AccordCore
import AccordXML
import Foundation
import GRDB
import Testing
@testable import AccordReport

func corpusReport(_ texts: [(String, String)]) throws -> CorpusReport {
    let pipeline = Pipeline()
    let linker = CorpusLinker(pipeline: pipeline.identity)
    for (name, text) in texts {
        linker.add(DocumentReport(try pipeline.run(DocumentInput(bytes: Array(text.utf8), path: name)), pipeline: pipeline.identity))
    }
    return linker.build()
}

@Suite("Corpus linking")
struct CorpusLinkingTests {
    let documents = [
        ("a.txt", "Border talks\n\nPresident Joe Biden met President Andrés Manuel López Obrador of Mexico in Washington. The United States and Mexico agreed to cooperate on migration."),
        ("b.txt", "A visit\n\nDr. Jill Biden visited Mexico City with officials. President Biden said the United States will help Mexico."),
        ("c.txt", "Summit\n\nPrime Minister Kishida Fumio of Japan and President Joseph R. Biden Jr. of the United States met in Tokyo. Japan and the United States will work together."),
    ]

    @Test func oneIdPerCountryAndPerPerson() throws {
        let corpus = try corpusReport(documents)
        let states = corpus.entities.filter { $0.type == "country" && $0.name == "United States" }
        #expect(states.count == 1)
        #expect(states.first?.documents.count == 3)
        #expect(corpus.entities.filter { $0.name == "Mexico" }.first?.documents.count == 2)
        // The president in three forms is one person.
        let president = try #require(corpus.entities.first { $0.type == "person" && $0.documents.count == 3 })
        #expect(Set(president.aliases + [president.name]).isSuperset(of: ["Joe Biden", "Joseph R. Biden Jr."]))
        #expect(president.roles?.contains { $0.title.hasPrefix("President") } == true)
    }

    /// The linker finds a document's entity by its local id whether or not the report lists
    /// its entities in the order of their numbers (it looks at the numbered place first).
    @Test func entitiesAreFoundByLocalIdInAnyOrder() throws {
        let pipeline = Pipeline()
        func build(reversed: Bool) throws -> CorpusReport {
            let linker = CorpusLinker(pipeline: pipeline.identity)
            for (name, text) in documents {
                var report = DocumentReport(try pipeline.run(DocumentInput(bytes: Array(text.utf8), path: name)), pipeline: pipeline.identity)
                if reversed { report.entities.reverse() }
                linker.add(report)
            }
            return linker.build()
        }
        let ordered = try build(reversed: false), reversed = try build(reversed: true)
        // Building lets the linker's records go: a second call gives the same report.
        let linker = CorpusLinker(pipeline: pipeline.identity)
        linker.add(DocumentReport(try pipeline.run(DocumentInput(bytes: Array(documents[0].1.utf8), path: documents[0].0)), pipeline: pipeline.identity))
        #expect(try JSONOutput.encode(linker.build()) == JSONOutput.encode(linker.build()))
        #expect(!ordered.commitments.isEmpty && ordered.commitments.allSatisfy { !$0.actors.isEmpty })
        #expect(ordered.commitments.map(\.actors) == reversed.commitments.map(\.actors))
        #expect(ordered.entities.map(\.name) == reversed.entities.map(\.name))
        #expect(ordered.entities.map(\.local) == reversed.entities.map(\.local))
    }

    @Test func peopleWhoShareASurnameAreNotMerged() throws {
        let corpus = try corpusReport(documents)
        let bidens = corpus.entities.filter { $0.type == "person" && ($0.name.contains("Biden") || $0.aliases.contains { $0.contains("Biden") }) }
        #expect(bidens.count == 2)
        let jill = try #require(bidens.first { $0.name == "Jill Biden" })
        #expect(jill.documents == ["b-" + jill.local[0].document.split(separator: "-").last!] || jill.documents.count == 1)
        #expect(!jill.aliases.contains("Joe Biden"))
    }

    @Test func perPartyCommitmentsAgreementsAndCounterparts() throws {
        let corpus = try corpusReport(documents)
        let mexico = try #require(corpus.entities.first { $0.name == "Mexico" })
        let party = try #require(corpus.parties.first { $0.entity == mexico.id })
        #expect(party.commitments["commitment"]?.isEmpty == false)
        let us = try #require(corpus.entities.first { $0.name == "United States" })
        #expect(party.counterparts.contains(us.id))
    }

    @Test func theCorpusReportIsValidJSONAndXML() throws {
        let corpus = try corpusReport(documents)
        let json = try JSONOutput.encode(corpus)
        let errors = try JSONSchemaValidator(schema: try ReportSchemas.jsonSchema("corpus")).validate(json)
        #expect(errors.isEmpty, "\(errors.prefix(5))")
        let xml = CorpusXML.encode(corpus)
        let problems = try ReportSchemas.corpusXMLValidator().validate(xml)
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }
}

extension CorpusLinkingTests {
    /// A name's words split on the folded name's space bytes where its characters are
    /// scalars, and by characters otherwise: the words the split by characters gives, on
    /// generated names with accents, combining marks after spaces, Cyrillic and particles.
    @Test func nameWordsAreTheFoldedNamesWordsByCharacters() {
        func byCharacters(_ name: String) -> [String] {
            var words = Names.fold(name).split(separator: " ").map(String.init)
            words.removeAll { CorpusLinker.nameParticles.contains($0) || $0.count == 1 || ["jr", "sr", "ii", "iii"].contains($0) }
            if words.count >= 2, let full = CorpusLinker.diminutives[words[0]] { words[0] = full }
            return words
        }
        var generator = SystemRandomNumberGenerator()
        let parts = ["Joe", "Joseph", "R.", "Biden", "Jr.", "de", "la", "Peña", "Nieto", "José", "Андрей", "Громыко", "O'Brien",
                     "\u{301}x", "e\u{301}", "  ", "-", "Bill", "van", "Gogh", "\u{93E}a", "Mc\u{0308}Cain", "II", "\r\n"]
        var byScalars = 0
        for _ in 0..<2_000 {
            let name = (0..<Int.random(in: 1...5, using: &generator)).map { _ in parts.randomElement(using: &generator)! }.joined(separator: " ")
            #expect(CorpusLinker.nameWords(name) == byCharacters(name), "\(name)")
            if CharactersAreScalars.check(Names.fold(name)) { byScalars += 1 }
        }
        #expect(byScalars > 1_000)
    }

    /// A local id's number read from its bytes is `Int`'s parse of all but its first
    /// character: for ids as reports write them, and for ones whose first character is not
    /// one byte, or whose rest is not plain digits, or too long for the bytes' reading.
    @Test func localNumbersAreIntsOfTheIdAfterItsFirstCharacter() {
        let ids = ["e1", "e12", "e0", "e", "", "7", "e+3", "e-1", "e 1", "E7", "c19", "é12", "e\u{301}12", "\r\n12", "e١٢",
                   "e123456789012345678", "e1234567890123456789", "e99999999999999999999", "e12x", "ee12"]
        for id in ids { #expect(CorpusLinker.localNumber(id) == Int(id.dropFirst()), "\(id)") }
        var generator = SystemRandomNumberGenerator()
        let pieces = ["e", "1", "0", "9", "+", "-", "é", "\u{301}", " ", "x"]
        for _ in 0..<2_000 {
            let id = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(CorpusLinker.localNumber(id) == Int(id.dropFirst()), "\(id)")
        }
    }
}

@Suite("Corpus outputs")
struct CorpusOutputTests {
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("accord-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func htmlEscapesDocumentTextAndEveryPageParses() throws {
        let out = try folder()
        defer { try? FileManager.default.removeItem(at: out) }
        let hostile = "Talks <script>alert('x')</script> & \"quotes\"\n\nMexico and the United States agreed to cooperate. <img src=x onerror=alert(1)>"
        let pipeline = Pipeline()
        let analysis = try pipeline.run(DocumentInput(bytes: Array(hostile.utf8), path: "hostile.txt"))
        let report = DocumentReport(analysis, pipeline: pipeline.identity)
        let linker = CorpusLinker(pipeline: pipeline.identity)
        linker.add(report)
        let sink = try HTMLSink(directory: out, corpus: linker.build())
        try sink.add(report)
        try sink.finish()
        let pages = (FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".html") }
        #expect(pages.count >= 5)
        for page in pages {
            let url = out.appendingPathComponent(page)
            let html = try String(contentsOf: url, encoding: .utf8)
            #expect(!html.contains("<script"), "\(page)")
            #expect(!html.contains("<img"), "\(page)")
            let parsed = try MarkupParser.parseHTML(Array(html.utf8))
            #expect(parsed.rootName == "html")
            // Every link points at a page that exists.
            for case .start("a", let attributes) in parsed.events {
                guard let href = attributes["href"], !href.hasPrefix("#") else { continue }
                let target = href.split(separator: "#").first.map(String.init) ?? href
                let resolved = url.deletingLastPathComponent().appendingPathComponent(target).standardized
                #expect(FileManager.default.fileExists(atPath: resolved.path), "\(page) links to \(href)")
            }
        }
        let documentPage = try String(contentsOf: out.appendingPathComponent("html/documents/\(report.document.id).html"), encoding: .utf8)
        #expect(documentPage.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(documentPage.contains("<mark class=\"country\""))
    }

    /// A number's cell written digit by digit is the cell of its decimal text.
    @Test func csvNumberCellsAreTheirTextsCells() {
        var values = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1_000, 65_535, 1_000_000, Int.max, Int.max - 1, -1, -10, Int.min]
        var power = 1
        while power <= Int.max / 10 { power *= 10; values += [power - 1, power, power + 1] }
        for value in values {
            var line: [UInt8] = []
            CSVSink.appendCell(value, to: &line)
            #expect(String(decoding: line, as: UTF8.self) == CSVSink.cell(String(value)), "\(value)")
        }
    }

    @Test func csvQuotesCellsAndDefusesFormulas() {
        #expect(CSVSink.cell("plain") == "plain")
        #expect(CSVSink.cell("a, b") == "\"a, b\"")
        #expect(CSVSink.cell("say \"yes\"") == "\"say \"\"yes\"\"\"")
        #expect(CSVSink.cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVSink.cell("-1") == "'-1")
    }

    /// File names of ids that need no change are the ids; every other id goes the general way.
    @Test func fileNamesOfIDs() {
        for id in ["E12", "border-talks-3f9c2a1b", "a_b", "", "a b", "a/b", "é", "e\u{301}", "A.1", "@", "[", "`", "{", "\u{7F}", "Z", "z", "0", "9", "\u{212A}"] {
            #expect(HTMLSink.fileName(id) == HTMLSink.generalFileName(id), "\(id)")
        }
        for byte in UInt8(0)...0x7F {
            let id = "x" + String(UnicodeScalar(byte)) + "y"
            #expect(HTMLSink.fileName(id) == HTMLSink.generalFileName(id), "\(byte)")
        }
        #expect(HTMLSink.fileName("a b/é") == "a_b__")
    }

    /// A cell reads back as its value (RFC 4180: a quoted cell's `""` is one quote), with a
    /// `'` in front of a formula's first character; an unquoted cell holds no comma, quote
    /// or line break; commas, quotes and line breaks with combining marks on them, and CR LF,
    /// count as such.
    @Test func cellsReadBackAsTheirValues() {
        let pieces = ["", "a", "plain words", ",", "\"", "\n", "\r", "\r\n", "=", "+", "-", "@", "\t", "'", "é", "e\u{301}", ",\u{301}",
                      "\"\u{301}", "=\u{301}", "\n\u{301}", "\u{2014}", "“", "\u{37E}", "\u{212A}", "👍🏽", "\u{200D}", "1,5"]
        var values = pieces
        for a in pieces { for b in pieces { values.append(a + b); values.append(a + "x" + b + "y") } }
        func read(_ cell: [UInt8]) -> [UInt8]? {
            guard cell.first == UInt8(ascii: "\"") else {
                return cell.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D } ? nil : cell
            }
            guard cell.count >= 2, cell.last == UInt8(ascii: "\"") else { return nil }
            var value: [UInt8] = []
            var k = 1
            while k < cell.count - 1 {
                if cell[k] == UInt8(ascii: "\"") {
                    guard cell[k + 1] == UInt8(ascii: "\""), k + 1 < cell.count - 1 else { return nil }
                    k += 1
                }
                value.append(cell[k])
                k += 1
            }
            return value
        }
        for value in values {
            var line: [UInt8] = []
            CSVSink.appendCell(value, to: &line)
            let formula = value.utf8.first.map { "=+-@\t\r".utf8.contains($0) } ?? false
            #expect(read(line) == Array(((formula ? "'" : "") + value).utf8), "\(value.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(line == Array(CSVSink.cell(value).utf8))
        }
        #expect(CSVSink.cell(",\u{301}") == "\",\u{301}\"")
        #expect(CSVSink.cell("a\r\nb") == "\"a\r\nb\"")
    }
}

@Suite("Agreement title index")
struct TitleIndexTests {
    /// Every text whose title matches is among the index's candidates, so the first match is
    /// the scan's: titles that share words, contain one another (inside words too), are short,
    /// or are not ASCII.
    @Test func candidatesHoldEveryMatch() {
        let words = ["agreement", "on", "border", "security", "cooperation", "the", "treaty", "of", "amity", "trade", "mexico", "canada", "états", "unis", "e\u{301}tats", "ree", "order"]
        var titles: [String] = []
        var seed: UInt64 = 7
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        for _ in 0..<400 { titles.append((0..<(1 + next(6))).map { _ in words[next(words.count)] }.joined(separator: " ")) }
        // Titles inside others, whole words and not.
        for title in titles.prefix(100) {
            let scalars = Array(title.unicodeScalars)
            let a = next(scalars.count), b = a + next(scalars.count - a + 1)
            titles.append(String(String.UnicodeScalarView(scalars[a..<b])))
        }
        titles += ["Agreement on Border Security Cooperation", "border security", "Treaty of Amity", "amity and trade", ""]
        let folded = titles.map(Names.FoldedTitle.init)
        let texts = Array(folded.prefix(250))
        let index = TitleIndex(texts)
        var matched = 0
        for title in folded {
            let candidates = Set(index.candidates(for: title))
            for (k, text) in texts.enumerated() where Names.titlesMatch(text, title) {
                #expect(candidates.contains(k), "\(title.folded) / \(text.folded)")
                matched += 1
            }
            #expect(index.candidates(for: title) == index.candidates(for: title).sorted())
        }
        #expect(matched > 1_000)
        // An ASCII title of three words is not compared with texts that share none of its
        // words, nor with one that shares a word but could not share half of them.
        #expect(TitleIndex([Names.FoldedTitle("treaty of amity"), Names.FoldedTitle("border security agreement")])
            .candidates(for: Names.FoldedTitle("agreement on trade")) == [])
    }

    /// A word every text has ("agreement") does not make every text a candidate: this title,
    /// whose other words no text has, is compared with none. Each way of matching is found
    /// through its own part of the index (the last two cases below reach only one each).
    @Test func commonWordsDoNotMakeEveryTextACandidate() {
        let texts = (0..<1_000).map { Names.FoldedTitle("Agreement on the Fisheries Zone \($0) and the Continental Shelf") }
        let index = TitleIndex(texts)
        #expect(index.candidates(for: Names.FoldedTitle("Agreement on Trade between Iceland and Norway")).isEmpty)
        // Half the words shared; a text inside the title; the title inside a text (neither of
        // the last two shares half the other's words).
        let shared = Names.FoldedTitle("the Fisheries Zone 17 Agreement and Continental Shelf")
        let textInside = Names.FoldedTitle("Protocol of 2010 amending the Agreement on the Fisheries Zone 170 and the Continental Shelf, "
                                           + "signed at Reykjavik on 4 May 2010 by the Parties' Ministers of Fisheries and Foreign Affairs")
        let titleInside = Names.FoldedTitle("Fisheries Zone 42 and")
        for (title, text) in [(shared, 17), (textInside, 170), (titleInside, 42)] {
            #expect(Names.titlesMatch(texts[text], title), "\(title.folded)")
            #expect(index.candidates(for: title).contains(text), "\(title.folded)")
        }
        // Half the words shared, found only by the first words ("zz" is no text's); and the
        // title inside every text without half the words shared, found only by its rarest
        // middle word: both match every text.
        for title in ["agreement zz on the fisheries zone and", "ment on the fisheri"].map(Names.FoldedTitle.init) {
            #expect(texts.allSatisfy { Names.titlesMatch($0, title) }, "\(title.folded)")
            #expect(index.candidates(for: title) == Array(0..<1_000), "\(title.folded)")
        }
    }
}

@Suite("Corpus outputs read back")
struct RecordsOnlyTests {
    /// The corpus stage reads reports back without their structure, dates and collective
    /// mentions; everything else is what the whole decoding gives.
    @Test func recordsOnlyDecodingKeepsEveryRecord() throws {
        let inputs = try sampleDocuments()
        var sawStructure = false
        for (path, bytes) in inputs {
            let json = try JSONOutput.encode(try report(path, bytes))
            var whole = try JSONDecoder().decode(DocumentReport.self, from: json)
            let decoder = JSONDecoder()
            decoder.userInfo[.accordRecordsOnly] = true
            let records = try decoder.decode(DocumentReport.self, from: json)
            #expect(records.structure.blocks.isEmpty && records.structure.sentences.isEmpty && records.dates.isEmpty && records.collectiveMentions.isEmpty)
            sawStructure = sawStructure || !whole.structure.sentences.isEmpty && !whole.dates.isEmpty
            #expect(try JSONOutput.encode(whole) == json)  // the hand-written decoding, whole
            whole.structure = records.structure
            whole.dates = []
            whole.collectiveMentions = []
            #expect(try JSONOutput.encode(records) == JSONOutput.encode(whole), "\(path)")
        }
        #expect(sawStructure)
        // The skipped keys must still be there.
        let json = try JSONOutput.encode(try report(inputs[0].path, inputs[0].bytes))
        var object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        object.removeValue(forKey: "structure")
        let decoder = JSONDecoder()
        decoder.userInfo[.accordRecordsOnly] = true
        #expect(throws: DecodingError.self) { try decoder.decode(DocumentReport.self, from: try JSONSerialization.data(withJSONObject: object)) }
    }

    /// The reader's ASCII test (`ByteScan.isASCII`, sixty-four bytes a step) against the
    /// byte-by-byte one: a byte of 0x80 or more at every place of buffers of every length up
    /// to 140 (in the steps, in the bytes after them).
    @Test func asciiTestFindsAHighByteAnywhere() {
        for length in 0...140 {
            let plain = [UInt8]((0..<length).map { UInt8(0x20 + $0 % 0x5F) })
            plain.withUnsafeBufferPointer { #expect(ByteScan.isASCII($0)) }
            for place in 0..<length {
                for high: UInt8 in [0x80, 0xC3, 0xFF] {
                    var bytes = plain
                    bytes[place] = high
                    bytes.withUnsafeBufferPointer { #expect(!ByteScan.isASCII($0), "\(length) \(place)") }
                }
            }
        }
    }

    /// The reader's UTF-8 check accepts exactly what the standard library's does: every
    /// lead byte with every second byte (and valid or invalid bytes after it), at every
    /// place in a run of ASCII, and random byte strings made of UTF-8 pieces and stray bytes.
    @Test func utf8CheckAgreesWithTheStandardLibrary() {
        func agree(_ bytes: [UInt8]) -> Bool {
            bytes.withUnsafeBufferPointer { JSONReader.isValidUTF8($0) == (String(validating: $0, as: UTF8.self) != nil) }
        }
        for lead in 0...255 {
            for second in 0...255 {
                for tail: [UInt8] in [[], [0x80], [0xBF, 0x80], [0x41], [0x80, 0x41, 0x80]] {
                    let sequence = [UInt8(lead), UInt8(second)] + tail
                    #expect(agree(sequence), "\(sequence)")
                    #expect(agree(Array("abcdefghij".utf8) + sequence + Array("klmnopq".utf8)), "\(sequence)")
                }
            }
        }
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [Array("Paris Agreement ".utf8), Array("é".utf8), Array("—".utf8), Array("𝄞".utf8), Array("Россия".utf8),
                                 [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFF]]
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) { bytes += pieces.randomElement(using: &generator)! }
            #expect(agree(bytes), "\(bytes)")
        }
    }

    /// Keys are compared by their UTF-8 bytes, as `lexicographicallyPrecedes` compares them.
    @Test func keysPrecedeByTheirBytes() {
        let words = ["", "a", "ab", "abc", "b", "agreements", "agreement", "é", "e", "z", "Z", "ü", "Россия", "\u{0}"]
        for a in words {
            for b in words {
                #expect(JSONReader.precedes(a, b) == a.utf8.lexicographicallyPrecedes(b.utf8), "\(a) \(b)")
            }
        }
    }

    /// The corpus stage's own reader of reports gives what `JSONDecoder` gives (records
    /// only), reads every sample report itself, and where it is unsure leaves the answer to
    /// `JSONDecoder`: on re-serialized copies (compact, other key orders), edited copies
    /// (nulls, missing optional keys, unknown keys, escapes) and thousands of corrupted ones.
    @Test func ownReaderGivesWhatJSONDecoderGives() throws {
        let decoder = JSONDecoder()
        decoder.userInfo[.accordRecordsOnly] = true
        func decoded(_ data: Data) -> Data? { (try? decoder.decode(DocumentReport.self, from: data)).flatMap { try? JSONOutput.encode($0) } }
        func read(_ data: Data) -> Data? { (try? DocumentReport.readRecords(data)).flatMap { try? JSONOutput.encode($0) } }
        func own(_ data: Data) -> Data? { (try? DocumentReportReader.recordsOnly(data)).flatMap { try? JSONOutput.encode($0) } }
        let inputs = try sampleDocuments()
        var generator = SystemRandomNumberGenerator()
        var ownRead = 0, corrupted = 0
        for (index, (path, bytes)) in inputs.enumerated() {
            let json = try JSONOutput.encode(try report(path, bytes))
            let expected = try #require(decoded(json))
            #expect(own(json) == expected, "\(path)")
            // Other forms of the same JSON: compact with sorted keys (read by the own reader),
            // unsorted (which it leaves to JSONDecoder: `read` then is JSONDecoder's answer).
            let object = try JSONSerialization.jsonObject(with: json)
            let unsorted = try JSONSerialization.data(withJSONObject: object, options: [])
            #expect(own(unsorted) == nil || own(unsorted) == expected)
            for options: JSONSerialization.WritingOptions in [[.sortedKeys], [.sortedKeys, .prettyPrinted], []] {
                let other = try JSONSerialization.data(withJSONObject: object, options: options)
                #expect(read(other) == decoded(other), "\(path) \(options)")
                if options.contains(.sortedKeys) { #expect(own(other) == expected, "\(path) \(options)") }
            }
            guard index < 8 else { continue }
            // Corrupted copies: whatever the own reader reads, JSONDecoder reads the same.
            let alphabet = Array("{}[]\",:-0123456789.eEntfrul\\/ \n\u{7F}xé".utf8)
            for _ in 0..<160 {
                var bytes = [UInt8](json)
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    let at = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: bytes.remove(at: at)
                    case 1: bytes.insert(alphabet.randomElement(using: &generator)!, at: at)
                    default: bytes[at] = alphabet.randomElement(using: &generator)!
                    }
                }
                let data = Data(bytes)
                let mine = own(data)
                if mine != nil { ownRead += 1 }
                #expect(mine == nil || mine == decoded(data), "\(path)")
                #expect(read(data) == decoded(data), "\(path)")
                corrupted += 1
            }
        }
        #expect(ownRead > 50 && corrupted > 1_000)
        // Edited copies.
        var json = String(decoding: try JSONOutput.encode(try report(inputs[0].path, inputs[0].bytes)), as: UTF8.self)
        // The warnings made one of our own (the list may be empty).
        let warnings = try #require(json.range(of: "\"warnings\" : ["))
        let close = try #require(json[warnings.upperBound...].firstIndex(of: "]"))
        json.replaceSubrange(warnings.upperBound..<close, with: "\"w\"")
        let edits = [
            json.replacingOccurrences(of: "\"warnings\" : [", with: "\"warnings\" : [\"\\u00e9\\ud83d\\ude00\\/\\t\\\"\","),
            json.replacingOccurrences(of: "\"schema\"", with: "\"sche\\u006da\""),
            json.replacingOccurrences(of: "\"language\" : \"en\"", with: "\"language\" : null"),
            json.replacingOccurrences(of: "\"language\" : \"en\",", with: ""),
            json.replacingOccurrences(of: "\"pipeline\" :", with: "\"other\" : {\"a\" : [1.5e3, -0, true, null]},\n  \"pipeline\" :"),
            json.replacingOccurrences(of: "\"bytes\" : ", with: "\"bytes\" : 1"),
            json.replacingOccurrences(of: "\"characters\" : ", with: "\"characters\" : 0.0 + "),
            json.replacingOccurrences(of: "\"negated\" : false", with: "\"negated\" : 0"),
            json.replacingOccurrences(of: "\"warnings\" : [", with: "\"warnings\" : [\"\\ud83d\","),
            json.replacingOccurrences(of: "\"structure\" :", with: "\"structures\" :"),
        ]
        for edit in edits {
            let data = Data(edit.utf8)
            #expect(read(data) == decoded(data), "\(edit.prefix(200))")
            let mine = own(data)
            #expect(mine == nil || mine == decoded(data))
        }
        #expect(own(Data(edits[0].utf8)) != nil && own(Data(edits[1].utf8)) != nil && own(Data(edits[3].utf8)) != nil)
        #expect(try DocumentReport.readRecords(Data(edits[0].utf8)).warnings.first == "é😀/\t\"")
        #expect(own(Data(edits[8].utf8)) == nil)  // a lone surrogate: left to JSONDecoder
    }

    /// The database's indexes are made after its rows: every table and index of the schema
    /// is there, in the schema's order, and the rows are all in.
    @Test func theDatabaseHasTheWholeSchemaAndEveryRow() throws {
        let pipeline = Pipeline()
        let linker = CorpusLinker(pipeline: pipeline.identity)
        var reports: [DocumentReport] = []
        for (name, text) in CorpusLinkingTests().documents {
            let report = DocumentReport(try pipeline.run(DocumentInput(bytes: Array(text.utf8), path: name)), pipeline: pipeline.identity)
            linker.add(report)
            reports.append(report)
        }
        let corpus = linker.build()
        let directory = try CorpusOutputTests().folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("accord.sqlite")
        let sink = try SQLiteSink(url: url, corpus: corpus)
        for report in reports { try sink.add(report) }
        try sink.finish()
        let expected = SQLiteSink.schema.split(separator: "\n").map { line -> String in
            let words = line.split(separator: " ")
            return "\(words[1].lowercased()) \(words[2].replacingOccurrences(of: "\"", with: ""))"
        }
        let queue = try DatabaseQueue(path: url.path)
        let (objects, mentions, quotes, unplaced) = try queue.read { db in
            (try String.fetchAll(db, sql: "SELECT type || ' ' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%' ORDER BY rowid"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM mentions") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM quotes") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM commitments WHERE start IS NULL") ?? -1)
        }
        let (documents, entities, commitments) = try queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM documents") ?? 0, try Int.fetchOne(db, sql: "SELECT count(*) FROM entities") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM commitments") ?? 0)
        }
        #expect(documents == corpus.documents.count && entities == corpus.entities.count && commitments == corpus.commitments.count)
        #expect(commitments > 0)
        #expect(objects == expected)
        #expect(mentions == reports.reduce(0) { $0 + $1.entities.reduce(0) { $0 + $1.mentions.count } })
        #expect(quotes == reports.reduce(0) { $0 + $1.quotes.count })
        #expect(unplaced == 0)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(".accord.sqlite.tmp-\(getpid())").path))
    }
}

@Suite("HTML pages")
struct PageWriterTests {
    /// Pages are all written by the time `finish` returns, and a page that cannot be written
    /// makes `finish` (or a later `write`) throw, naming the file.
    @Test func everyPageIsWrittenAndFailuresAreThrown() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("accord-pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = PageWriter()
        for k in 0..<40 { try writer.write(Data("page \(k)".utf8), to: directory.appendingPathComponent("\(k).html")) }
        try writer.finish()
        for k in 0..<40 { #expect(try String(contentsOf: directory.appendingPathComponent("\(k).html"), encoding: .utf8) == "page \(k)") }

        let failing = PageWriter()
        try failing.write(Data("x".utf8), to: directory.appendingPathComponent("0.html/page.html"))
        let error = #expect(throws: (any Error).self) { try failing.finish() }
        #expect(error.map { String(describing: $0) }?.contains("0.html") == true)
        #expect(throws: (any Error).self) { try failing.write(Data("y".utf8), to: directory.appendingPathComponent("after.html")) }
    }
}

@Suite("SQLite scratch file")
struct SQLiteScratchTests {
    /// A store let go before it finished (a run that failed on the way) leaves no scratch file
    /// and no store behind; one that finished is in place and its scratch file gone.
    @Test func anUnfinishedStoreLeavesNothing() throws {
        let corpus = try corpusReport(CorpusLinkingTests().documents)
        let directory = try CorpusOutputTests().folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("accord.sqlite")
        let scratch = directory.appendingPathComponent(".accord.sqlite.tmp-\(getpid())")
        do {
            let sink = try SQLiteSink(url: url, corpus: corpus)
            #expect(FileManager.default.fileExists(atPath: scratch.path))
            _ = sink
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path))
        #expect(!FileManager.default.fileExists(atPath: url.path))
        do {
            let sink = try SQLiteSink(url: url, corpus: corpus)
            try sink.finish()
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path))
        #expect(FileManager.default.fileExists(atPath: url.path))
    }
}

@Suite("SQLite rows")
struct RowInsertTests {
    /// Rows bound through the C interface are the rows GRDB's `execute(arguments:)` writes, for
    /// every kind of value the store binds: text (empty, beyond ASCII, with a NUL byte, which
    /// both bind up to), NULL, integers at their limits, booleans; the text compared by its bytes
    /// (`hex`: read back as a C string, text would stop at a NUL).
    @Test func rowsAreThoseGRDBWrites() throws {
        let queue = try DatabaseQueue()
        let texts: [String?] = ["", "plain", "México – Россия", "before\u{0}after", nil, String(repeating: "long ", count: 40)]
        let ints = [0, -1, 42, Int.max, Int.min]
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE grdb (t TEXT, i INTEGER, b INTEGER); CREATE TABLE ours (t TEXT, i INTEGER, b INTEGER)")
            var insert = try RowInsert(db, "INSERT INTO ours VALUES (?, ?, ?)")
            for (k, text) in texts.enumerated() {
                for int in ints {
                    let flag = (k &+ int) % 2 == 0
                    try db.execute(sql: "INSERT INTO grdb VALUES (?, ?, ?)", arguments: [text, int, flag])
                    insert.text(text)
                    insert.int(int)
                    insert.bool(flag)
                    try insert.run()
                }
            }
        }
        let (grdb, ours) = try queue.read { db in
            (try Row.fetchAll(db, sql: "SELECT hex(t), typeof(t), i, b, typeof(b) FROM grdb ORDER BY rowid"),
             try Row.fetchAll(db, sql: "SELECT hex(t), typeof(t), i, b, typeof(b) FROM ours ORDER BY rowid"))
        }
        #expect(ours.count == texts.count * ints.count)
        #expect(ours == grdb)
    }

    /// A row SQLite refuses throws its error with the statement, and the statement goes on to
    /// the next row; too few or too many values throw before anything is written.
    @Test func refusedRowsThrowAndTheNextGoesIn() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER NOT NULL)")
            var insert = try RowInsert(db, "INSERT INTO t VALUES (?, ?)")
            insert.text("a")
            insert.int(1)
            try insert.run()
            insert.text("a")
            insert.int(2)
            #expect {
                try insert.run()
            } throws: { error in
                guard let error = error as? DatabaseError else { return false }
                return error.resultCode == .SQLITE_CONSTRAINT && error.sql == "INSERT INTO t VALUES (?, ?)"
            }
            insert.text("b")
            #expect {
                try insert.run()
            } throws: { error in
                (error as? DatabaseError)?.resultCode == .SQLITE_MISUSE
            }
            insert.text("c")
            insert.int(3)
            insert.int(4)
            #expect(throws: DatabaseError.self) { try insert.run() }
            insert.text("b")
            insert.null()
            #expect(throws: DatabaseError.self) { try insert.run() }
            insert.text("b")
            insert.int(2)
            try insert.run()
        }
        let rows = try queue.read { db in try Row.fetchAll(db, sql: "SELECT id, n FROM t ORDER BY id") }
        #expect(rows.map { $0["id"] as String } == ["a", "b"])
        #expect(rows.map { $0["n"] as Int } == [1, 2])
    }
}

/// The report reader's skip of a value as it was written in Swift before the C scan
/// (`accord_json_value_end`) took its place: the reference the scan is compared with.
private struct ReferenceSkip {
    struct Refused: Error {}
    let bytes: [UInt8]
    var index: Int

    mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    mutating func peek() throws -> UInt8 {
        skipSpace()
        guard index < bytes.count else { throw Refused() }
        return bytes[index]
    }

    mutating func expect(_ byte: UInt8) throws {
        guard try peek() == byte else { throw Refused() }
        index += 1
    }

    mutating func literal(_ word: String) throws {
        let word = Array(word.utf8)
        guard index + word.count <= bytes.count, Array(bytes[index..<index + word.count]) == word else { throw Refused() }
        index += word.count
    }

    mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
              bytes[index..<index + 4].allSatisfy({ ASCIIHex.digit($0) != nil }) else { throw Refused() }
        index += 4
        return value
    }

    mutating func skipValue(depth: Int = 0) throws {
        guard depth < 64 else { throw Refused() }
        switch try peek() {
        case UInt8(ascii: "{"):
            try expect(UInt8(ascii: "{"))
            if try peek() == UInt8(ascii: "}") {
                index += 1
                return
            }
            while true {
                try skipString()
                try expect(UInt8(ascii: ":"))
                try skipValue(depth: depth + 1)
                switch try peek() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"): index += 1; return
                default: throw Refused()
                }
            }
        case UInt8(ascii: "["):
            try expect(UInt8(ascii: "["))
            if try peek() == UInt8(ascii: "]") {
                index += 1
                return
            }
            while true {
                try skipValue(depth: depth + 1)
                switch try peek() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"): index += 1; return
                default: throw Refused()
                }
            }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: try skipNumber()
        }
    }

    mutating func skipString() throws {
        try expect(UInt8(ascii: "\""))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return
            }
            guard byte >= 0x20 else { throw Refused() }
            guard byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            guard index + 1 < bytes.count else { throw Refused() }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
                 UInt8(ascii: "r"), UInt8(ascii: "t"):
                break
            case UInt8(ascii: "u"):
                let value = try hex4()
                if (0xD800..<0xDC00).contains(value) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { throw Refused() }
                    index += 2
                    guard (0xDC00..<0xE000).contains(try hex4()) else { throw Refused() }
                } else if Unicode.Scalar(value) == nil {
                    throw Refused()
                }
            default:
                throw Refused()
            }
        }
        throw Refused()
    }

    mutating func skipNumber() throws {
        func digits() -> Int {
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let start = index
        let whole = digits()
        guard whole > 0, !(whole > 1 && bytes[start] == 0x30) else { throw Refused() }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw Refused() }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw Refused() }
        }
    }

    /// Where the value at `start` ends, or nil.
    static func end(_ bytes: [UInt8], from start: Int, depth: Int = 0) -> Int? {
        var reader = ReferenceSkip(bytes: bytes, index: start)
        return (try? reader.skipValue(depth: depth)) == nil ? nil : reader.index
    }
}

@Suite("Skipped JSON values")
struct JSONSkipTests {
    static func scan(_ bytes: [UInt8], from start: Int, depth: Int = 0) -> Int? {
        bytes.withUnsafeBufferPointer { ByteScan.jsonValueEnd($0, from: start, depth: depth) }
    }

    /// The scan ends each value where the reference does, and refuses what it refuses:
    /// literals, numbers, strings and escapes at the edges of the grammar, white space,
    /// nesting at the depth limit, values cut short.
    @Test func edgesOfTheGrammar() {
        let values = [
            "0", "-0", "01", "-", "1.", "1.5", ".5", "1e5", "1E+5", "1e-", "1e", "-12.5e-3", "+1", "00", "0.0e0",
            "true", "tru", "false", "fals", "null", "nul", "nulls", "truex",
            "\"\"", "\"a\"", "\"a", "\"\\\"\"", "\"\\\\\"", "\"\\/\\b\\f\\n\\r\\t\"", "\"\\x\"", "\"\\u00e9\"", "\"\\u00E9\"", "\"\\u00g9\"",
            "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\ud83dx\"", "\"\\ud83d\\u0041\"", "\"\\ude00\"", "\"\\u0000\"", "\"tab\there\"",
            "\"é — Россия 𝄞\"", "\"\\", "\"\\u12",
            "{}", "{ }", "{\"a\":1}", "{\"a\" : [1, 2, {\"b\": null}]}", "{\"a\":}", "{\"a\" 1}", "{a:1}", "{\"a\":1,}", "{,}", "{\"a\":1 \"b\":2}",
            "[]", "[ ]", "[1,2]", "[1,]", "[,1]", "[1 2]", "[[[]]]", "[", "]", "{", "}", ":", ",", "",
            "  \n\t\r 1", " [ 1 , \"x\" , { } ] ", "[\"a\"]x", "1 2",
            String(repeating: "[", count: 63) + String(repeating: "]", count: 63),
            String(repeating: "[", count: 64) + String(repeating: "]", count: 64),
            String(repeating: "[", count: 63) + "1" + String(repeating: "]", count: 63),
            String(repeating: "{\"k\":", count: 63) + "1" + String(repeating: "}", count: 63),
            String(repeating: "{\"k\":", count: 64) + "1" + String(repeating: "}", count: 64),
            "\"" + String(repeating: "long string ", count: 9) + "\"", "\"" + String(repeating: "x", count: 40) + "\\n" + String(repeating: "y", count: 17) + "\"",
            "[" + String(repeating: " ", count: 37) + "1" + String(repeating: "\n ", count: 20) + "]",
        ]
        for value in values {
            let bytes = Array(value.utf8)
            for depth in [0, 1, 63] {
                #expect(Self.scan(bytes, from: 0, depth: depth) == ReferenceSkip.end(bytes, from: 0, depth: depth), "\(value) at depth \(depth)")
            }
            #expect(Self.scan(bytes, from: bytes.count) == nil)
        }
        #expect(Self.scan(Array("[1, 2]".utf8), from: 0) == 6)
        #expect(Self.scan(Array("  \"ab\" : 1".utf8), from: 0) == 6)
        #expect(Self.scan(Array("1".utf8), from: 0, depth: 64) == nil)
        #expect(Self.scan([], from: 0) == nil)
    }

    /// On a report and on thousands of corrupted copies of it, the scan ends every value
    /// (each one that starts at a line's first non-blank byte) where the reference does.
    @Test func reportsAndCorruptedCopies() throws {
        let inputs = try sampleDocuments()
        let json = [UInt8](try JSONOutput.encode(try report(inputs[0].path, inputs[0].bytes)))
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("{}[]\",:-0123456789.eEntfrul\\/ \n\u{7F}x\u{1F}é".utf8)
        var agreed = 0, ended = 0
        for round in 0..<400 {
            var bytes = json
            if round > 0 {
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    let at = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: bytes.remove(at: at)
                    case 1: bytes.insert(alphabet.randomElement(using: &generator)!, at: at)
                    default: bytes[at] = alphabet.randomElement(using: &generator)!
                    }
                }
                // (Both read UTF-8 only: a corruption that breaks it is left out.)
                guard String(validating: bytes, as: UTF8.self) != nil else { continue }
            }
            var starts = [0]
            for k in bytes.indices.dropLast() where bytes[k] == 0x0A { starts.append(k + 1) }
            for start in round == 0 ? starts : Array(starts.shuffled(using: &generator).prefix(40)) {
                let mine = Self.scan(bytes, from: start), reference = ReferenceSkip.end(bytes, from: start)
                #expect(mine == reference, "round \(round) at \(start)")
                if mine == reference { agreed += 1 }
                if mine != nil { ended += 1 }
            }
        }
        #expect(agreed > 10_000 && ended > 1_000)
    }
}

@Suite("HTML timeline lines")
struct LeadingCharactersTests {
    /// A text's first characters cut from its bytes are `prefix`'s, whatever comes at the cut:
    /// ASCII, a carriage return and line feed (one character), a combining mark or an emoji
    /// joined to the character before the cut, text shorter than the cut.
    @Test func leadingCharactersArePrefix() {
        let ends = ["", "a", "\r\n", "\n", "\r", "e\u{301}", "\u{301}", "👍🏽", "👩‍👩‍👧", "é", "Россия", " x", "\u{0}"]
        for count in [0, 1, 2, 5, 12] {
            for length in max(0, count - 3)...(count + 3) {
                for end in ends {
                    for text in [String(repeating: "a", count: length) + end, end + String(repeating: "b", count: length),
                                 String(repeating: "c", count: length) + end + "tail"] {
                        #expect(HTMLSink.leadingCharacters(text, count) == String(text.prefix(count)), "\(count) \(text.debugDescription)")
                    }
                }
            }
        }
        let long = String(repeating: "The Parties shall cooperate. ", count: 10)
        #expect(HTMLSink.leadingCharacters(long, 120) == String(long.prefix(120)))
    }
}
