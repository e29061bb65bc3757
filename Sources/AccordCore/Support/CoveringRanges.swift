/// Ranges of text asked, offset by offset or range by range, "does one of you hold this?" (a
/// treaty's articles, asked of each of its sentences; entity mentions, asked of each candidate
/// name): sorted by start once, each question a binary search, not a scan of every range.
/// Ranges may overlap or be empty, as a list of them may.
struct CoveringRanges: Sendable {
    /// The ranges' starts, in order.
    private let starts: [Int]
    /// `reach[k]`: the furthest end of the ranges `0...k` in that order. An offset lies in one
    /// of the ranges that start at or before it exactly when the furthest of their ends is
    /// past it.
    private let reach: [Int]

    init(_ ranges: [TextRange]) {
        let sorted = ranges.sorted { $0.start < $1.start }
        starts = sorted.map(\.start)
        var furthest = Int.min
        reach = sorted.map { range in
            furthest = max(furthest, range.end)
            return furthest
        }
    }

    /// The number of ranges that start at or before `offset`.
    private func countStarting(atOrBefore offset: Int) -> Int {
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Whether some range has `start <= offset < end`.
    func contains(_ offset: Int) -> Bool {
        let count = countStarting(atOrBefore: offset)
        return count > 0 && reach[count - 1] > offset
    }

    /// Whether some range contains `other` (`start <= other.start && other.end <= end`, as
    /// `TextRange.contains` has it): among the ranges that start at or before it, the one
    /// that reaches furthest reaches its end.
    func contains(range other: TextRange) -> Bool {
        let count = countStarting(atOrBefore: other.start)
        return count > 0 && reach[count - 1] >= other.end
    }

    /// Whether some range starts at `offset`.
    func hasRange(startingAt offset: Int) -> Bool {
        let count = countStarting(atOrBefore: offset)
        return count > 0 && starts[count - 1] == offset
    }
}
