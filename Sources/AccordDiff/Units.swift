import AccordCore
import Foundation

/// Words to small integers, shared by both sides so equal words compare as equal ints.
struct Interner {
    private var ids: [Substring: Int] = [:]
    private(set) var words: [String] = []
    /// Each word lower-cased, by id (made once, when the word is first seen).
    private(set) var lowered: [String] = []

    mutating func id(_ word: Substring.UnicodeScalarView) -> Int {
        let key = Substring(word)
        if let id = ids[key] { return id }
        let id = words.count
        ids[key] = id
        words.append(String(key))
        lowered.append(String(key).lowercased())
        return id
    }
}

/// A unit of one side: an article (with its label apart) or a paragraph.
struct Unit {
    var kind: String
    var label: String?
    var number: String?
    var range: TextRange
    /// Indices into the side's tokens of the unit's words, label excluded.
    var content: [Int]
    /// The words as interned ids (what units are compared by).
    var ids: [Int]
    /// The words without case, as hashes (what similar units are found by).
    var folded: [Int]
    var labelKey: String { label?.lowercased() ?? "" }
}

/// One side's normalized text as tokens: runs of letters and digits, and single
/// punctuation marks; whitespace is not a token, so wrapping never counts.
struct UnitText {
    let analysis: DocumentAnalysis
    let scalars: [Unicode.Scalar]
    /// Interned id of each token.
    let tokens: [Int]
    let ranges: [TextRange]
    let lowered: [String]

    init(_ analysis: DocumentAnalysis, interner: inout Interner) {
        self.analysis = analysis
        let text = analysis.text.text
        scalars = Array(text.unicodeScalars)
        var tokens: [Int] = [], ranges: [TextRange] = []
        tokens.reserveCapacity(scalars.count / 5)
        ranges.reserveCapacity(scalars.count / 5)
        let view = Substring(text).unicodeScalars
        var index = view.startIndex
        var offset = 0
        var wordStart: (Substring.UnicodeScalarView.Index, Int)?
        func isWord(_ s: Unicode.Scalar) -> Bool {
            if s.isASCII {
                let v = s.value
                return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
            }
            return s.properties.isAlphabetic || s.properties.numericType != nil || s.properties.generalCategory == .nonspacingMark
        }
        while index < view.endIndex {
            let s = view[index]
            let next = view.index(after: index)
            if isWord(s) {
                if wordStart == nil { wordStart = (index, offset) }
            } else if wordStart != nil, s == "." || s == "," || s == "'", next < view.endIndex, offset > 0,
                      Self.joins(s, before: scalars[offset - 1], after: view[next]) {
                // "3.2", "1,000", "country's": one word.
            } else {
                if let (start, startOffset) = wordStart {
                    tokens.append(interner.id(view[start..<index]))
                    ranges.append(TextRange(startOffset, offset))
                    wordStart = nil
                }
                if !s.properties.isWhitespace && s.value != 0xAD {
                    tokens.append(interner.id(view[index..<next]))
                    ranges.append(TextRange(offset, offset + 1))
                }
            }
            index = next
            offset += 1
        }
        if let (start, startOffset) = wordStart {
            tokens.append(interner.id(view[start..<view.endIndex]))
            ranges.append(TextRange(startOffset, offset))
        }
        self.tokens = tokens
        self.ranges = ranges
        lowered = interner.lowered
    }

    static func joins(_ s: Unicode.Scalar, before: Unicode.Scalar, after: Unicode.Scalar) -> Bool {
        func digit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
        if s == "'" { return before.properties.isAlphabetic && after.properties.isAlphabetic }
        return digit(before) && digit(after)
    }

    var articleCount: Int { analysis.segmentation.provisions.filter { $0.kind == .article }.count }

    /// The units that partition the text: provisions when `provisions`, else blocks.
    func units(provisions: Bool) -> [Unit] {
        var starts: [(start: Int, kind: String, label: String?, number: String?)] = []
        if provisions {
            let kinds: Set<ProvisionKind> = [.preamble, .part, .chapter, .article, .annex, .finalClauses, .signatureBlock]
            for p in analysis.segmentation.provisions where kinds.contains(p.kind) {
                if let last = starts.last, last.start == p.range.start {
                    if p.kind == .article { starts[starts.count - 1] = (p.range.start, p.kind.rawValue, p.label, p.number) }
                    continue
                }
                starts.append((p.range.start, p.kind.rawValue, p.label, p.number))
            }
        } else {
            for block in analysis.segmentation.blocks where starts.last.map({ $0.start < block.range.start }) ?? true {
                starts.append((block.range.start, block.role.rawValue, nil, nil))
            }
        }
        starts.sort { $0.start < $1.start }
        if starts.first.map({ $0.start > 0 }) ?? true {
            starts.insert((0, provisions ? "title" : "paragraph", nil, nil), at: 0)
        }
        var units: [Unit] = []
        var t = 0
        for (k, s) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1].start : scalars.count
            guard end > s.start else { continue }
            while t < ranges.count && ranges[t].start < s.start { t += 1 }
            var content: [Int] = []
            while t < ranges.count && ranges[t].start < end {
                content.append(t)
                t += 1
            }
            // The label ("Article 4") is compared apart from the words.
            if let label = s.label {
                let labelWords = label.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.lowercased() }
                var k = 0
                var skip = 0
                while skip < content.count, k < labelWords.count {
                    let w = lowered[tokens[content[skip]]]
                    if w == labelWords[k] { k += 1; skip += 1 } else if w.unicodeScalars.allSatisfy({ !($0.properties.isAlphabetic || $0.properties.numericType != nil) }) { skip += 1 } else { break }
                }
                if k == labelWords.count {
                    // Trailing punctuation of the label ("Article 4." / "Article 4 -").
                    while skip < content.count, [".", ":", "-", "—", "–"].contains(lowered[tokens[content[skip]]]) { skip += 1 }
                    content.removeFirst(skip)
                }
            }
            if units.isEmpty == false, content.isEmpty, s.label == nil, !provisions {
                units[units.count - 1].range.end = end
                continue
            }
            units.append(Unit(kind: s.kind, label: s.label, number: s.number, range: TextRange(s.start, end),
                              content: content, ids: content.map { tokens[$0] }, folded: content.map { lowered[tokens[$0]].hashValue }))
        }
        return units
    }

    func word(_ token: Int) -> String {
        let r = ranges[token]
        return String(scalars: scalars[r.start..<r.end])
    }

    /// The text from the start of token `from` to the end of token `to`.
    func text(from: Int, to: Int) -> String {
        String(scalars: scalars[ranges[from].start..<ranges[to].end])
    }

    func span(_ range: TextRange, label: String? = nil) -> DiffSpan {
        var start = range.start, end = range.end
        while start < end, scalars[start].properties.isWhitespace { start += 1 }
        while end > start, scalars[end - 1].properties.isWhitespace { end -= 1 }
        let trimmed = TextRange(start, end)
        let source = analysis.text.sourceRange(trimmed)
        return DiffSpan(label: label, start: start, end: end, text: String(scalars: scalars[start..<end]),
                        source: .init(start: source.lowerBound, end: source.upperBound))
    }

    /// The lowercased words of a range (to pair sentences).
    func wordSet(_ range: TextRange) -> Set<String> {
        var lo = 0, hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ranges[mid].start < range.start { lo = mid + 1 } else { hi = mid }
        }
        var result = Set<String>()
        var t = lo
        while t < ranges.count, ranges[t].start < range.end {
            result.insert(lowered[tokens[t]])
            t += 1
        }
        return result
    }
}

/// Word diff of two token arrays: stdlib's Myers difference after the common prefix
/// and suffix are set aside.
public enum WordDiff {
    public struct Hunk: Equatable, Sendable {
        public var old: Range<Int>
        public var new: Range<Int>

        public init(old: Range<Int>, new: Range<Int>) {
            self.old = old
            self.new = new
        }
    }

    /// Above this many token pairs, Myers (time O((N+M)·D)) is not run on the whole:
    /// words unique on both sides anchor the pair (patience diff) and the pieces between
    /// anchors are compared; a piece still too large with no anchor is one replacement.
    static let directLimit = 4_000_000

    /// The anchoring rounds read at most this many times the tokens of both sides (each
    /// round reads its piece whole). Real edits take a few rounds, each over less than the
    /// whole; a pair built so that every round peels off one anchor would otherwise take a
    /// round per word, quadratic in time. Past the budget, a piece still too large for
    /// Myers is one replacement.
    static let anchorBudget = 16

    public static func hunks(_ x: [Int], _ y: [Int]) -> [Hunk] {
        var result: [Hunk] = []
        // The pieces still to compare, the next one last. A round of anchoring replaces its
        // piece by the pieces between its anchors, in order, so hunks come out in order as
        // they would from a recursion, with no recursion as deep as the rounds.
        var pending: [(ArraySlice<Int>, ArraySlice<Int>)] = [(x[...], y[...])]
        var budget = anchorBudget * (x.count + y.count)
        while let (a, b) = pending.popLast() {
            diff(a, b, into: &result, pending: &pending, budget: &budget)
        }
        return result
    }

    private static func diff(_ x: ArraySlice<Int>, _ y: ArraySlice<Int>, into hunks: inout [Hunk],
                             pending: inout [(ArraySlice<Int>, ArraySlice<Int>)], budget: inout Int) {
        var x = x, y = y
        while let a = x.first, let b = y.first, a == b { x = x.dropFirst(); y = y.dropFirst() }
        while let a = x.last, let b = y.last, a == b { x = x.dropLast(); y = y.dropLast() }
        if x.isEmpty && y.isEmpty { return }
        if x.isEmpty || y.isEmpty {
            hunks.append(Hunk(old: x.startIndex..<x.endIndex, new: y.startIndex..<y.endIndex))
            return
        }
        if x.count * y.count > directLimit {
            guard budget >= x.count + y.count else {
                hunks.append(Hunk(old: x.startIndex..<x.endIndex, new: y.startIndex..<y.endIndex))
                return
            }
            budget -= x.count + y.count
            let chain = anchors(x, y)
            guard !chain.isEmpty else {
                hunks.append(Hunk(old: x.startIndex..<x.endIndex, new: y.startIndex..<y.endIndex))
                return
            }
            var pieces: [(ArraySlice<Int>, ArraySlice<Int>)] = []
            pieces.reserveCapacity(chain.count + 1)
            var i = x.startIndex, j = y.startIndex
            for (ai, aj) in chain {
                pieces.append((x[i..<ai], y[j..<aj]))
                i = ai + 1
                j = aj + 1
            }
            pieces.append((x[i..<x.endIndex], y[j..<y.endIndex]))
            pending.append(contentsOf: pieces.reversed())
            return
        }
        myers(x, y, into: &hunks)
    }

    /// The words that occur once on each side, as positions on both, in the longest run that
    /// keeps their order on both sides (patience diff's anchors).
    static func anchors(_ x: ArraySlice<Int>, _ y: ArraySlice<Int>) -> [(Int, Int)] {
        var countX: [Int: Int] = [:], countY: [Int: Int] = [:], positionY: [Int: Int] = [:]
        for t in x { countX[t, default: 0] += 1 }
        for (k, t) in zip(y.indices, y) { countY[t, default: 0] += 1; positionY[t] = k }
        var pairs: [(Int, Int)] = []
        for (k, t) in zip(x.indices, x) where countX[t] == 1 && countY[t] == 1 { pairs.append((k, positionY[t]!)) }
        return Aligner.longestIncreasing(pairs.map(\.1)).map { pairs[$0] }
    }

    /// The hunks of a piece small enough for the standard library's Myers difference, its
    /// runs of removed and inserted words paired in order.
    static func myers(_ x: ArraySlice<Int>, _ y: ArraySlice<Int>, into hunks: inout [Hunk]) {
        let xs = Array(x), ys = Array(y)
        let difference = ys.difference(from: xs)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var i = 0, j = 0
        while i < xs.count || j < ys.count {
            if (i < xs.count && removed.contains(i)) || (j < ys.count && inserted.contains(j)) {
                let i0 = i, j0 = j
                while i < xs.count && removed.contains(i) { i += 1 }
                while j < ys.count && inserted.contains(j) { j += 1 }
                hunks.append(Hunk(old: (x.startIndex + i0)..<(x.startIndex + i), new: (y.startIndex + j0)..<(y.startIndex + j)))
            } else {
                i += 1
                j += 1
            }
        }
    }
}

/// Matches the units of two sides.
struct Aligner {
    let old: [Unit]
    let new: [Unit]

    enum Row {
        case deleted(Int)
        case inserted(Int)
        case group([Int], [Int])
    }

    struct Result {
        var rows: [Row]
        /// Old units whose match keeps the order (the others moved).
        var inOrder: Set<Int>
    }

    static func shingles(_ ids: [Int]) -> Set<Int> {
        if ids.count == 1 { return [ids[0] &* 1_000_003] }
        var result = Set<Int>()
        for k in 0..<max(0, ids.count - 1) { result.insert(ids[k] &* 1_000_003 &+ ids[k + 1]) }
        return result
    }

    func align() -> Result {
        var oldGroup = [Int?](repeating: nil, count: old.count)
        var newGroup = [Int?](repeating: nil, count: new.count)
        var groups: [(olds: [Int], news: [Int])] = []
        func pair(_ i: Int, _ j: Int) {
            oldGroup[i] = groups.count
            newGroup[j] = groups.count
            groups.append(([i], [j]))
        }
        // 1. The same words (label aside); empty units by label.
        struct Key: Hashable { var ids: [Int]; var label: String }
        var byKey: [Key: [Int]] = [:]
        for (i, u) in old.enumerated() { byKey[Key(ids: u.ids, label: u.ids.isEmpty ? u.labelKey : ""), default: []].append(i) }
        var cursor: [Key: Int] = [:]
        for (j, u) in new.enumerated() {
            let key = Key(ids: u.ids, label: u.ids.isEmpty ? u.labelKey : "")
            guard let list = byKey[key] else { continue }
            let c = cursor[key, default: 0]
            if c < list.count {
                pair(list[c], j)
                cursor[key] = c + 1
            }
        }
        // 2. Most word pairs in common.
        let oldShingles = old.map { Self.shingles($0.folded) }
        let newShingles = new.map { Self.shingles($0.folded) }
        var index: [Int: [Int]] = [:]
        for i in old.indices { for s in oldShingles[i] { index[s, default: []].append(i) } }
        var candidates: [(score: Double, i: Int, j: Int)] = []
        var containedIn: [Int: (i: Int, score: Double)] = [:]
        for j in new.indices where newGroup[j] == nil && !newShingles[j].isEmpty {
            var overlap: [Int: Int] = [:]
            for s in newShingles[j] { for i in index[s] ?? [] { overlap[i, default: 0] += 1 } }
            for (i, n) in overlap {
                let dice = 2 * Double(n) / Double(oldShingles[i].count + newShingles[j].count)
                if oldGroup[i] == nil && dice >= 0.5 { candidates.append((dice, i, j)) }
                let containment = Double(n) / Double(newShingles[j].count)
                if containment >= 0.6, newShingles[j].count >= 3, containment > (containedIn[j]?.score ?? 0) { containedIn[j] = (i, containment) }
            }
        }
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : ($0.i, $0.j) < ($1.i, $1.j) }
        for c in candidates where oldGroup[c.i] == nil && newGroup[c.j] == nil { pair(c.i, c.j) }
        // 3. Splits: an unmatched new unit inside an old unit matched to its neighbour.
        for j in new.indices where newGroup[j] == nil {
            guard let (i, _) = containedIn[j], let g = oldGroup[i], groups[g].olds.count == 1 else { continue }
            if groups[g].news.contains(where: { abs($0 - j) == 1 }) {
                groups[g].news = (groups[g].news + [j]).sorted()
                newGroup[j] = g
            }
        }
        // Merges: an unmatched old unit inside a new unit matched to its neighbour.
        var newIndex: [Int: [Int]] = [:]
        for j in new.indices { for s in newShingles[j] { newIndex[s, default: []].append(j) } }
        for i in old.indices where oldGroup[i] == nil && oldShingles[i].count >= 3 {
            var overlap: [Int: Int] = [:]
            for s in oldShingles[i] { for j in newIndex[s] ?? [] { overlap[j, default: 0] += 1 } }
            guard let (j, n) = overlap.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }),
                  Double(n) / Double(oldShingles[i].count) >= 0.6, let g = newGroup[j], groups[g].news.count == 1 else { continue }
            if groups[g].olds.contains(where: { abs($0 - i) == 1 }) {
                groups[g].olds = (groups[g].olds + [i]).sorted()
                oldGroup[i] = g
            }
        }
        // Wholesale merges and splits: several unmatched units of one side inside one
        // unmatched unit of the other (paragraphs run together, or one cut in many).
        func gather(_ big: [Set<Int>], _ bigFree: (Int) -> Bool, _ small: [Set<Int>], _ smallFree: (Int) -> Bool) -> [(Int, [Int])] {
            var index: [Int: [Int]] = [:]
            for k in small.indices where smallFree(k) && small[k].count >= 3 { for s in small[k] { index[s, default: []].append(k) } }
            var result: [(Int, [Int])] = []
            var taken = Set<Int>()
            for b in big.indices where bigFree(b) && big[b].count >= 6 {
                var overlap: [Int: Int] = [:]
                for s in big[b] { for k in index[s] ?? [] where !taken.contains(k) { overlap[k, default: 0] += 1 } }
                let members = overlap.filter { Double($0.value) / Double(small[$0.key].count) >= 0.5 }.keys.sorted()
                if members.count >= 2 {
                    result.append((b, members))
                    taken.formUnion(members)
                }
            }
            return result
        }
        for (j, olds) in gather(newShingles, { newGroup[$0] == nil }, oldShingles, { oldGroup[$0] == nil }) {
            for i in olds { oldGroup[i] = groups.count }
            newGroup[j] = groups.count
            groups.append((olds, [j]))
        }
        for (i, news) in gather(oldShingles, { oldGroup[$0] == nil }, newShingles, { newGroup[$0] == nil }) {
            for j in news { newGroup[j] = groups.count }
            oldGroup[i] = groups.count
            groups.append(([i], news))
        }
        // Order: the longest run of groups in the same order on both sides stayed.
        let ordered = groups.indices.sorted { groups[$0].olds[0] < groups[$1].olds[0] }
        let stayed = Self.longestIncreasing(ordered.map { groups[$0].news[0] }).map { ordered[$0] }
        var inOrder = Set<Int>()
        for g in stayed { inOrder.formUnion(groups[g].olds) }
        // Rows in the new order; a deleted unit after the unit that preceded it.
        var rows: [Row] = []
        var emitted = Set<Int>()
        var i = 0
        func flushDeleted(upTo limit: Int) {
            while i < old.count && i <= limit {
                if oldGroup[i] == nil { rows.append(.deleted(i)) }
                i += 1
            }
        }
        for j in new.indices {
            guard let g = newGroup[j] else {
                rows.append(.inserted(j))
                continue
            }
            guard emitted.insert(g).inserted else { continue }
            if stayed.contains(g) { flushDeleted(upTo: groups[g].olds[0] - 1) }
            rows.append(.group(groups[g].olds, groups[g].news))
            if stayed.contains(g) { i = max(i, groups[g].olds.last! + 1) }
        }
        flushDeleted(upTo: old.count - 1)
        // Deleted units passed over by a moved group are still due.
        let shown = Set(rows.compactMap { if case .deleted(let k) = $0 { return k } else { return nil } })
        for k in old.indices where oldGroup[k] == nil && !shown.contains(k) { rows.append(.deleted(k)) }
        return Result(rows: rows, inOrder: inOrder)
    }

    /// Indices of a longest strictly increasing subsequence.
    static func longestIncreasing(_ values: [Int]) -> [Int] {
        var tails: [Int] = [], previous = [Int](repeating: -1, count: values.count)
        for (k, v) in values.enumerated() {
            var lo = 0, hi = tails.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if values[tails[mid]] < v { lo = mid + 1 } else { hi = mid }
            }
            if lo > 0 { previous[k] = tails[lo - 1] }
            if lo == tails.count { tails.append(k) } else { tails[lo] = k }
        }
        var result: [Int] = []
        var k = tails.last ?? -1
        while k >= 0 {
            result.append(k)
            k = previous[k]
        }
        return result.reversed()
    }
}
