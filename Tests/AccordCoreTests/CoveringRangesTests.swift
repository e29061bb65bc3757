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
