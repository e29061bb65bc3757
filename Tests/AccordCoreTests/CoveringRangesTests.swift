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
