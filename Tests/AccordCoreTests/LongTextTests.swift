import Foundation
import Testing
@testable import AccordCore

@Suite("Covering ranges")
struct CoveringRangesTests {
    /// The binary search answers as a scan of every range does: generated lists of ranges
    /// (overlapping, nested, empty, reversed, repeated, out of order), every offset around them.
    @Test func answersAsAScanOfEveryRange() {
        var generator = SystemRandomNumberGenerator()
        var inside = 0, outside = 0
        for _ in 0..<500 {
            let ranges = (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                TextRange(Int.random(in: 0...60, using: &generator), Int.random(in: 0...60, using: &generator))
            }
            let index = CoveringRanges(ranges)
            for offset in -2...62 {
                let scanned = ranges.contains { $0.start <= offset && offset < $0.end }
                #expect(index.contains(offset) == scanned, "\(ranges) at \(offset)")
                #expect(index.hasRange(startingAt: offset) == ranges.contains { $0.start == offset }, "\(ranges) at \(offset)")
                if scanned { inside += 1 } else { outside += 1 }
                let query = TextRange(offset, offset + Int.random(in: -1...6, using: &generator))
                #expect(index.contains(range: query) == ranges.contains { $0.contains(query) }, "\(ranges) holding \(query)")
            }
        }
        #expect(inside > 1_000 && outside > 1_000)
        let articles = CoveringRanges([TextRange(10, 20), TextRange(30, 40), TextRange(12, 15)])
        #expect(articles.contains(10) && articles.contains(19) && !articles.contains(20) && !articles.contains(25) && articles.contains(39))
        #expect(!CoveringRanges([]).contains(0) && !CoveringRanges([]).hasRange(startingAt: 0))
    }
}

@Suite("Flagged tokens")
struct FlaggedTokensTests {
    /// The agreement stage's skip to the next flagged token, eight flags a step, stops where
    /// a scan of every token does: generated flags (mostly none), every start, every mask.
    @Test func stopsWhereAScanStops() {
        var generator = SystemRandomNumberGenerator()
        var found = 0, none = 0
        for _ in 0..<300 {
            let flags = (0..<Int.random(in: 0...40, using: &generator)).map { _ -> UInt8 in
                Int.random(in: 0..<6, using: &generator) == 0 ? UInt8.random(in: 1...15, using: &generator) : 0
            }
            for mask: UInt8 in [1, 2, 4, 8, 7, 15] {
                for start in -1...(flags.count + 1) {
                    let scanned = flags.indices.first { $0 >= start && flags[$0] & mask != 0 } ?? flags.count
                    #expect(AgreementExtractor.nextFlagged(flags, from: start, mask: mask) == scanned, "\(flags) from \(start) mask \(mask)")
                    if scanned < flags.count { found += 1 } else { none += 1 }
                }
            }
        }
        #expect(found > 1_000 && none > 1_000)
    }
}

@Suite("Words of a sentence")
struct SentenceWordsTests {
    /// A sentence's words asked by hash answer as a set of the words does: every sentence of
    /// the bundled documents and of a text with unusual forms, for the words and tables the
    /// agreement stage asks.
    @Test func answersAsASetOfTheWords() throws {
        var texts = try bundledDocuments().map(\.1.text)
        texts.append(try analyse("The Treaty was SIGNED and si\u{0301}gned; it entered into FORCE today. They will plan. Ｓigned.").text)
        let words = ["force", "enter", "extend", "extended", "renewed", "today", "signed", "will", "the", "sígned", "Force"]
        let tables = [AgreementExtractor.signVerbs, AgreementExtractor.announceVerbs, AgreementExtractor.planCues]
        var found = 0, inTables = 0
        for text in texts {
            let tokens = Tokenizer.tokenize(text, sentences: Segment().run(text).sentences)
            var start = 0
            while start < tokens.count {
                var end = start + 1
                while end < tokens.count, tokens[end].sentence == tokens[start].sentence { end += 1 }
                let sentence = AgreementExtractor.SentenceWords(tokens: tokens, range: start..<end)
                let set = Set(tokens[start..<end].map(\.lower))
                for word in words {
                    #expect(sentence.contains(word) == set.contains(word), "\(word)")
                    if set.contains(word) { found += 1 }
                }
                // (The table's own dictionary, asked word by word, is the reference.)
                for table in tables {
                    let listed = set.contains { table[$0] != nil }
                    #expect(sentence.containsAny(of: table) == listed)
                    if listed { inTables += 1 }
                }
                start = end
            }
        }
        #expect(found > 20 && inTables > 5, "\(found) words, \(inTables) sentences with a table's word")
    }
}

@Suite("Words of a text")
struct WordsOfTheTextTests {
    /// An entry's other names looked up by hash answer as the scan of every token does: texts
    /// of generated words (capitals, accents composed and not, a Kelvin sign, punctuation),
    /// names among them and not.
    @Test func answersAsTheScanOfEveryToken() {
        let words = ["Chad", "Chadian", "Chadians", "Jordan", "Jordanian", "Georgia", "Georgian", "Tbilisi", "Québécois",
                     "Que\u{301}be\u{301}cois", "\u{212A}elvin", "Kelvin", "the", "of", "U.S.", "-", ",", "Côte", "Co\u{302}te", "d'Ivoire"]
        var generator = SystemRandomNumberGenerator()
        var yes = 0, no = 0
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 1...12, using: &generator)).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ")
            let tokens = rawTokens(text)
            let index = Context.WordsOfTheText(tokens)
            for _ in 0..<4 {
                let names = (0..<Int.random(in: 0...3, using: &generator)).map { _ in words.randomElement(using: &generator)! }
                let entry = GazetteerEntry(kind: .country, key: "XX", name: "X", aliases: names, attributes: [:])
                let scanned = Context.speaks(of: entry, in: tokens)
                #expect(index.containsAny(of: names, in: tokens) == scanned, "\(names) in \(text.debugDescription)")
                if scanned { yes += 1 } else { no += 1 }
            }
        }
        #expect(yes > 100 && no > 100)
    }
}

/// The documents of `Corpus/` (not their gold files), analysed, by file name.
func bundledDocuments() throws -> [(String, DocumentAnalysis)] {
    let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus")
    return try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted().filter { !$0.hasSuffix(".json") }.map { file in
        (file, try analyse(bytes: Array(try Data(contentsOf: corpus.appendingPathComponent(file))), name: file))
    }
}

@Suite("Quotation speakers")
struct QuotationSpeakerTests {
    /// Each token's person, made once by binary search, is the first person with a mention
    /// holding the token, as a scan of every mention finds it: over the bundled documents.
    @Test func eachTokensPersonIsTheFirstWithAMentionHoldingIt() throws {
        var held = 0
        for (file, analysis) in try bundledDocuments() {
            let tokens = Tokenizer.tokenize(analysis.text, sentences: analysis.segmentation.sentences)
            let persons = analysis.records.entities.filter { $0.type == .person }
            let owner = QuoteExtractor.People(persons, tokens: tokens).at
            for k in tokens.indices {
                let position = tokens[k].range
                let scanned = persons.firstIndex { $0.mentions.contains { $0.range.start <= position.start && position.end <= $0.range.end } }
                #expect(owner[k] == (scanned ?? -1), "\(file) token \(k)")
                if scanned != nil { held += 1 }
            }
        }
        #expect(held > 20)
    }
}

@Suite("Mentions in a range")
struct MentionIndexTests {
    /// The mentions inside a range, found by binary search, are those a scan of every entity's
    /// mentions finds (each entity's first inside, in its own order): every sentence of the
    /// bundled documents, and every type.
    @Test func answersAsAScanOfEveryMention() throws {
        var found = 0
        for (file, analysis) in try bundledDocuments() {
            let entities = analysis.records.entities
            // Sorted (as for a long text) and read as they are (a short one's), against the scan.
            let index = AgreementExtractor.MentionIndex(entities, sortedFrom: 0)
            let plain = AgreementExtractor.MentionIndex(entities, sortedFrom: .max)
            let ranges = analysis.segmentation.sentences.map(\.range) + [TextRange(0, analysis.text.count)]
            for range in ranges {
                for types in [[EntityType.person], [.country, .organization], [.city, .subdivision, .place]] {
                    let indexed = index.firstMentions(in: range, types: types)
                    let read = plain.firstMentions(in: range, types: types)
                    #expect(read.map(\.entity) == indexed.map(\.entity) && read.map(\.start) == indexed.map(\.start))
                    let scanned = entities.indices.compactMap { k -> (Int, Int)? in
                        guard types.contains(entities[k].type), let first = entities[k].mentions.first(where: { range.contains($0.range) }) else { return nil }
                        return (k, first.range.start)
                    }
                    #expect(indexed.map(\.entity) == scanned.map(\.0) && indexed.map(\.start) == scanned.map(\.1), "\(file) \(range)")
                    found += scanned.count
                }
            }
        }
        #expect(found > 100)
    }
}

@Suite("Names inside names")
struct NameIndexScreenTests {
    /// The byte screen that passes over names without a search never passes over one that
    /// contains the key or is contained in it: generated names of a few words.
    @Test func theScreenSkipsNoOverlappingName() {
        let words = ["task", "force", "joint", "border", "security", "network", "cross", "the", "of", "us-mexico", "workforce", "a", "\r\n"]
        var generator = SystemRandomNumberGenerator()
        var overlapping = 0
        for _ in 0..<5_000 {
            func name() -> String { (0..<Int.random(in: 1...4, using: &generator)).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ") }
            let (a, b) = (name(), name())
            guard a.contains(b) || b.contains(a) else { continue }
            overlapping += 1
            let (ma, mb) = (AgreementExtractor.NameIndex.byteMask(a)!, AgreementExtractor.NameIndex.byteMask(b)!)
            #expect(!(ma & ~mb != 0 && mb & ~ma != 0), "\(a.debugDescription) / \(b.debugDescription)")
        }
        #expect(overlapping > 100)
        var index = AgreementExtractor.NameIndex()
        index["joint task force"] = 0
        index["border security network"] = 1
        #expect(index.overlapping("task force") == 0 && index.overlapping("border security") == 1 && index.overlapping("workforce") == nil)
        #expect(AgreementExtractor.NameIndex.byteMask("Québec") == nil)
    }
}

@Suite("Quotation speakers by index")
struct PeopleIndexTests {
    /// Who holds a title head found in a window, and the person mentioned last before a
    /// position, answer as the passes over every person and mention they replace: generated
    /// persons, roles and mentions (ties in mention ends included).
    @Test func answersAsThePassesOverEveryPerson() {
        var generator = SystemRandomNumberGenerator()
        let titles = ["President", "Secretary of State", "Minister", "Prime Minister", "Ambassador", "Vice President"]
        var attributed = 0
        for _ in 0..<300 {
            let persons = (0..<Int.random(in: 0...6, using: &generator)).map { n in
                Entity(id: "e\(n)", type: .person, name: "P\(n)",
                       roles: (0..<Int.random(in: 0...2, using: &generator)).map { _ in Role(title: titles.randomElement(using: &generator)!) },
                       mentions: (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                           let start = Int.random(in: 0...40, using: &generator)
                           return Evidence(range: TextRange(start, start + Int.random(in: 1...5, using: &generator)), rule: "r")
                       })
            }
            let people = QuoteExtractor.People(persons, tokens: [])
            for window in ["the Vice President noted", "the Minister said", "she said", "Secretary Blinken and the President"] {
                let scanned = persons.indices.filter { persons[$0].roles.contains { window.contains(Names.titleHead($0.title)) } }
                #expect(people.titled(in: window) == scanned)
            }
            for position in 0...50 {
                let nearest = persons.indices.max { a, b in
                    (persons[a].mentions.filter { $0.range.end <= position }.map(\.range.end).max() ?? -1)
                        < (persons[b].mentions.filter { $0.range.end <= position }.map(\.range.end).max() ?? -1)
                }
                let expected = nearest.flatMap { persons[$0].mentions.contains { $0.range.end <= position } ? $0 : nil }
                #expect(people.lastMentioned(before: position) == expected, "\(position)")
                if expected != nil { attributed += 1 }
            }
        }
        #expect(attributed > 1_000)
    }
}
