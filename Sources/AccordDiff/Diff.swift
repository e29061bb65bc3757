import AccordCore
import Foundation

/// One side of a comparison: the document as the pipeline read it.
public struct DiffSide: Sendable {
    public var source: String
    public var analysis: DocumentAnalysis

    public init(source: String, analysis: DocumentAnalysis) {
        self.source = source
        self.analysis = analysis
    }
}

/// A span on one side of a change: scalar offsets into the normalized text (as in the
/// document reports), the source byte offsets, the unit's label and the words.
public struct DiffSpan: Sendable, Codable, Equatable {
    public var label: String?
    public var start: Int
    public var end: Int
    public var text: String
    public var source: SourceSpan?

    public struct SourceSpan: Sendable, Codable, Equatable {
        public var start: Int
        public var end: Int
    }
}

/// One piece of a redline: words kept, deleted, inserted or replaced.
public struct RedlineOp: Sendable, Codable, Equatable {
    /// `equal`, `insert`, `delete` or `replace`.
    public var op: String
    public var old: String?
    public var new: String?
    /// True when no space separates this piece from the one before ("$" "3.2").
    public var joined: Bool?
}

/// A change between the two versions (see OUTPUT.md, `accord diff --format json`).
public struct DiffChange: Sendable, Codable, Equatable {
    public var kind: String
    /// The kind of unit for structural changes: article, annex, preamble, paragraph, ...
    public var unit: String?
    /// For `modified`: `wording`, `case` or `punctuation`; for semantic kinds: `added`,
    /// `removed` or `changed`.
    public var detail: String?
    public var from: String?
    public var to: String?
    public var old: DiffSpan?
    public var new: DiffSpan?
    /// For `modified`, `split` and `merged`: the words around each edit.
    public var redline: [RedlineOp]?
}

public struct DiffReport: Sendable, Codable {
    public var schema = "accord.diff/1"
    public var pipeline: String
    public var old: SideInfo
    public var new: SideInfo
    public var identical: Bool
    public var summary: [String: Int]
    public var changes: [DiffChange]
    /// The aligned units, in the new document's order (deleted units at their old place):
    /// what the HTML side-by-side view is drawn from. Not in the JSON (it is the texts).
    public var rows: [Row] = []

    public struct SideInfo: Sendable, Codable {
        public var source: String
        public var sha256: String
        public var title: String?
        public var units: Int
    }

    /// One line of the side-by-side view: a unit of OLD, of NEW, or both.
    public struct Row: Sendable, Codable {
        public var old: DiffSpan?
        public var new: DiffSpan?
        /// Token-level ops when both sides exist and differ.
        public var redline: [RedlineOp]?
        public var moved = false
    }

    enum CodingKeys: String, CodingKey {
        case schema, pipeline, old, new, identical, summary, changes
    }
}

/// Structure-aware comparison of two versions of a document.
///
/// 1. Each side is cut into units: its articles, annexes, preamble, parts, final clauses and
///    signature block when both sides have articles; its paragraphs, headings and list
///    items otherwise. The units partition the text, so no word is outside a unit.
/// 2. Units are matched by identical content (label aside), then by word-pair overlap;
///    one unit whose words are spread over neighbouring units of the other side is a split
///    (or a merge). Matched units out of order (not on the longest increasing run) moved;
///    a matched article whose number changed was renumbered.
/// 3. Inside each pair, a word diff over tokens of the normalized text, so wrapping,
///    whitespace, quote style and end-of-line hyphenation never count.
/// 4. Semantic changes from the records of both sides: title, parties, signatories,
///    modality and negation of commitments, dates, amounts, places, programs, agreements.
public struct DocumentDiff {
    public var context = 6
    /// Whether to keep every aligned unit's full marked text in `rows` (the HTML view needs it).
    public var sideBySide = false

    public init(sideBySide: Bool = false) {
        self.sideBySide = sideBySide
    }

    public func compare(_ old: DiffSide, _ new: DiffSide, pipeline: String) -> DiffReport {
        var interner = Interner()
        let a = UnitText(old.analysis, interner: &interner)
        let b = UnitText(new.analysis, interner: &interner)
        let provisionMode = a.articleCount >= 2 && b.articleCount >= 2
        let oldUnits = a.units(provisions: provisionMode)
        let newUnits = b.units(provisions: provisionMode)
        var changes: [DiffChange] = []
        var rows: [DiffReport.Row] = []

        let oldTitle = Self.squash(old.analysis.title ?? "")
        let newTitle = Self.squash(new.analysis.title ?? "")
        let sameWords = a.tokens == b.tokens
        let sameStructure = !provisionMode || oldUnits.map(\.labelKey) == newUnits.map(\.labelKey)
        if sameWords && sameStructure && (oldTitle == newTitle || oldTitle.isEmpty || newTitle.isEmpty) {
            if sideBySide { rows = zip(oldUnits, newUnits).map { .init(old: a.span($0.range, label: $0.label), new: b.span($1.range, label: $1.label)) } }
            return report(old, new, pipeline: pipeline, units: (oldUnits.count, newUnits.count), changes: [], rows: rows)
        }
        // A title only one side's reader found is not a change (its words are compared below).
        if oldTitle != newTitle, !oldTitle.isEmpty, !newTitle.isEmpty {
            changes.append(DiffChange(kind: "title", detail: "changed", from: old.analysis.title, to: new.analysis.title))
        }

        let alignment = Aligner(old: oldUnits, new: newUnits).align()
        let inOrder = alignment.inOrder
        // Structural and word changes, in the new document's order.
        var semanticPairs: [(old: [Int], new: [Int])] = []
        var emittedOld = Set<Int>()
        for row in alignment.rows {
            switch row {
            case .deleted(let i):
                let u = oldUnits[i]
                changes.append(DiffChange(kind: "deleted", unit: u.kind, old: a.span(u.range, label: u.label)))
                rows.append(.init(old: a.span(u.range, label: u.label), new: nil))
            case .inserted(let j):
                let u = newUnits[j]
                changes.append(DiffChange(kind: "inserted", unit: u.kind, new: b.span(u.range, label: u.label)))
                rows.append(.init(old: nil, new: b.span(u.range, label: u.label)))
            case .group(let olds, let news):
                let oldRange = TextRange(oldUnits[olds.first!].range.start, oldUnits[olds.last!].range.end)
                let newRange = TextRange(newUnits[news.first!].range.start, newUnits[news.last!].range.end)
                let oldLabel = olds.compactMap { oldUnits[$0].label }.joined(separator: ", ")
                let newLabel = news.compactMap { newUnits[$0].label }.joined(separator: ", ")
                let oldSpan = a.span(oldRange, label: oldLabel.isEmpty ? nil : oldLabel)
                let newSpan = b.span(newRange, label: newLabel.isEmpty ? nil : newLabel)
                let kind = oldUnits[olds[0]].kind
                let oldTokens = olds.flatMap { oldUnits[$0].content }
                let newTokens = news.flatMap { newUnits[$0].content }
                let hunks = WordDiff.hunks(oldTokens.map { a.tokens[$0] }, newTokens.map { b.tokens[$0] })
                let redline = hunks.isEmpty ? nil : self.redline(hunks, a: a, oldTokens: oldTokens, b: b, newTokens: newTokens)
                if olds.count > 1 || news.count > 1 {
                    // The same words cut differently where at most one piece has a number
                    // (a preamble the reader found on one side only) is not a change.
                    let labelled = (news.count > 1 ? news.map { newUnits[$0].number } : olds.map { oldUnits[$0].number }).compactMap { $0 }.count
                    if hunks.isEmpty && labelled <= 1 {
                        rows.append(.init(old: oldSpan, new: newSpan))
                        continue
                    }
                    changes.append(DiffChange(kind: news.count > 1 ? "split" : "merged", unit: kind, old: oldSpan, new: newSpan))
                    if !hunks.isEmpty {
                        changes.append(DiffChange(
                            kind: "modified", unit: kind, detail: Self.detail(hunks, a: a, oldTokens: oldTokens, b: b, newTokens: newTokens),
                            old: oldSpan, new: newSpan, redline: redline))
                    }
                } else {
                    if !inOrder.contains(olds[0]) {
                        changes.append(DiffChange(kind: "moved", unit: kind, old: oldSpan, new: newSpan))
                    }
                    let ou = oldUnits[olds[0]], nu = newUnits[news[0]]
                    if provisionMode, let x = ou.number, let y = nu.number, x.lowercased() != y.lowercased() {
                        changes.append(DiffChange(kind: "renumbered", unit: kind, from: ou.label, to: nu.label, old: oldSpan, new: newSpan))
                    } else if ou.labelKey != nu.labelKey, ou.label != nil || nu.label != nil, hunks.isEmpty, provisionMode {
                        changes.append(DiffChange(kind: "renumbered", unit: kind, from: ou.label, to: nu.label, old: oldSpan, new: newSpan))
                    }
                    if !hunks.isEmpty {
                        changes.append(DiffChange(
                            kind: "modified", unit: kind, detail: Self.detail(hunks, a: a, oldTokens: oldTokens, b: b, newTokens: newTokens),
                            old: oldSpan, new: newSpan, redline: redline))
                    }
                }
                if provisionMode, olds.contains(where: { ["title", "preamble"].contains(oldUnits[$0].kind) }) {
                    changes += partiesNamed(hunks, a: a, oldTokens: oldTokens, b: b, newTokens: newTokens, old: old.analysis, new: new.analysis)
                }
                for hunk in hunks {
                    changes += semantic(hunk, a: a, oldTokens: oldTokens, b: b, newTokens: newTokens, old: old.analysis, new: new.analysis)
                }
                semanticPairs.append((olds, news))
                olds.forEach { emittedOld.insert($0) }
                // The whole text of the pair, marked, only for the side-by-side view.
                let fullRedline = sideBySide && !hunks.isEmpty ? self.redline(hunks, a: a, oldTokens: oldTokens, b: b, newTokens: newTokens, full: true) : nil
                rows.append(.init(old: oldSpan, new: newSpan, redline: fullRedline, moved: olds.count == 1 && !inOrder.contains(olds[0])))
            }
        }
        changes += commitmentChanges(semanticPairs, oldUnits: oldUnits, newUnits: newUnits, a: a, b: b, old: old.analysis, new: new.analysis)
        for change in recordChanges(old.analysis, new.analysis, a: a, b: b)
        where !(change.kind == "party" && changes.contains { $0.kind == "party" && $0.from == change.from && $0.to == change.to }) {
            changes.append(change)
        }
        return report(old, new, pipeline: pipeline, units: (oldUnits.count, newUnits.count), changes: changes, rows: rows)
    }

    func report(_ old: DiffSide, _ new: DiffSide, pipeline: String, units: (Int, Int), changes: [DiffChange], rows: [DiffReport.Row]) -> DiffReport {
        var summary: [String: Int] = [:]
        for change in changes { summary[change.kind, default: 0] += 1 }
        var report = DiffReport(
            pipeline: pipeline,
            old: .init(source: old.source, sha256: old.analysis.sha256, title: old.analysis.title, units: units.0),
            new: .init(source: new.source, sha256: new.analysis.sha256, title: new.analysis.title, units: units.1),
            identical: changes.isEmpty, summary: summary, changes: changes)
        report.rows = rows
        return report
    }

    static func squash(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// `case` when only letter case differs, `punctuation` when only punctuation does.
    static func detail(_ hunks: [WordDiff.Hunk], a: UnitText, oldTokens: [Int], b: UnitText, newTokens: [Int]) -> String {
        var caseOnly = true, punctuationOnly = true
        for hunk in hunks {
            let x = hunk.old.map { a.word(oldTokens[$0]) }, y = hunk.new.map { b.word(newTokens[$0]) }
            if x.map({ $0.lowercased() }) != y.map({ $0.lowercased() }) { caseOnly = false }
            if (x + y).contains(where: { $0.unicodeScalars.contains { CharacterSet.alphanumerics.contains($0) } }) { punctuationOnly = false }
        }
        return caseOnly ? "case" : (punctuationOnly ? "punctuation" : "wording")
    }

    /// The redline of a pair: each edit with `context` words either side (all words with `full`).
    func redline(_ hunks: [WordDiff.Hunk], a: UnitText, oldTokens: [Int], b: UnitText, newTokens: [Int], full: Bool = false) -> [RedlineOp] {
        var ops: [RedlineOp] = []
        // Whether token `k` of a side follows the token before it with no space.
        // `joined` (true, or absent) when token `k` follows the one before with no space.
        func touches(_ text: UnitText, _ tokens: [Int], _ k: Int) -> Bool? {
            k > 0 && k < tokens.count && text.ranges[tokens[k]].start == text.ranges[tokens[k - 1]].end ? true : nil
        }
        var i = 0  // next old token not yet shown
        func equalText(_ from: Int, _ to: Int) -> String? {
            guard from < to else { return nil }
            return a.text(from: oldTokens[from], to: oldTokens[to - 1])
        }
        for hunk in hunks {
            let start = hunk.old.lowerBound
            if full {
                if let text = equalText(i, start) { ops.append(.init(op: "equal", old: text, new: text, joined: touches(a, oldTokens, i))) }
            } else {
                let lead = max(i, start - context)
                if lead > i, !ops.isEmpty || lead > 0 { ops.append(.init(op: "equal", old: "…", new: "…")) }
                if let text = equalText(lead, start) { ops.append(.init(op: "equal", old: text, new: text, joined: touches(a, oldTokens, lead))) }
            }
            let oldText = hunk.old.isEmpty ? nil : a.text(from: oldTokens[hunk.old.lowerBound], to: oldTokens[hunk.old.upperBound - 1])
            let newText = hunk.new.isEmpty ? nil : b.text(from: newTokens[hunk.new.lowerBound], to: newTokens[hunk.new.upperBound - 1])
            let joined = hunk.old.isEmpty ? touches(b, newTokens, hunk.new.lowerBound) : touches(a, oldTokens, hunk.old.lowerBound)
            ops.append(.init(op: oldText == nil ? "insert" : (newText == nil ? "delete" : "replace"), old: oldText, new: newText, joined: joined))
            i = hunk.old.upperBound
            if !full {
                let tail = min(oldTokens.count, i + context)
                // Context after this edit, unless the next edit is near.
                let next = hunks.first { $0.old.lowerBound >= i && $0 != hunk }?.old.lowerBound ?? Int.max
                let end = min(tail, next)
                if let text = equalText(i, end) { ops.append(.init(op: "equal", old: text, new: text, joined: touches(a, oldTokens, i))) }
                i = end
            }
        }
        if full {
            if let text = equalText(i, oldTokens.count) { ops.append(.init(op: "equal", old: text, new: text, joined: touches(a, oldTokens, i))) }
        } else if i < oldTokens.count {
            ops.append(.init(op: "equal", old: "…", new: "…"))
        }
        return ops
    }

    // MARK: Semantic changes

    /// A date, amount or place that one edit replaced.
    func semantic(_ hunk: WordDiff.Hunk, a: UnitText, oldTokens: [Int], b: UnitText, newTokens: [Int],
                  old: DocumentAnalysis, new: DocumentAnalysis) -> [DiffChange] {
        guard !hunk.old.isEmpty || !hunk.new.isEmpty else { return [] }
        let oldRange = hunk.old.isEmpty ? nil : TextRange(a.ranges[oldTokens[hunk.old.lowerBound]].start, a.ranges[oldTokens[hunk.old.upperBound - 1]].end)
        let newRange = hunk.new.isEmpty ? nil : TextRange(b.ranges[newTokens[hunk.new.lowerBound]].start, b.ranges[newTokens[hunk.new.upperBound - 1]].end)
        func overlaps(_ r: TextRange, _ s: TextRange?) -> Bool { s.map { r.start < $0.end && $0.start < r.end } ?? false }
        let oldDates = old.records.dates.filter { overlaps($0.range, oldRange) }
        let newDates = new.records.dates.filter { overlaps($0.range, newRange) }
        if !oldDates.isEmpty || !newDates.isEmpty {
            let from = oldDates.first, to = newDates.first
            if from?.value != to?.value || from == nil || to == nil {
                return [DiffChange(kind: "date", detail: from == nil ? "added" : (to == nil ? "removed" : "changed"),
                                   from: from.map { $0.value ?? old.text.string($0.range) }, to: to.map { $0.value ?? new.text.string($0.range) },
                                   old: from.map { a.span($0.range) }, new: to.map { b.span($0.range) })]
            }
            return []
        }
        let oldWords = hunk.old.map { a.word(oldTokens[$0]) }, newWords = hunk.new.map { b.word(newTokens[$0]) }
        func isAmount(_ w: String) -> Bool {
            w.unicodeScalars.first.map { CharacterSet.decimalDigits.contains($0) } ?? false
                || ["$", "€", "£", "¥", "percent", "%", "million", "billion", "trillion", "thousand"].contains(w.lowercased())
        }
        if oldWords.contains(where: isAmount) && newWords.contains(where: isAmount), let oldRange, let newRange {
            return [DiffChange(kind: "amount", detail: "changed", from: a.span(oldRange).text, to: b.span(newRange).text,
                               old: a.span(oldRange), new: b.span(newRange))]
        }
        let places: Set<EntityType> = [.city, .place, .subdivision, .country]
        let oldPlace = old.records.entities.first { places.contains($0.type) && $0.mentions.contains { overlaps($0.range, oldRange) } }
        let newPlace = new.records.entities.first { places.contains($0.type) && $0.mentions.contains { overlaps($0.range, newRange) } }
        if let oldPlace, let newPlace, oldPlace.name != newPlace.name, let oldRange, let newRange {
            // A party is reported by party changes; a place here is where something happens.
            return [DiffChange(kind: "place", detail: "changed", from: oldPlace.name, to: newPlace.name, old: a.span(oldRange), new: b.span(newRange))]
        }
        return []
    }

    /// A country or organization named in the title or preamble by one side only: a party
    /// added or removed (the preamble is where an agreement names its parties).
    func partiesNamed(_ hunks: [WordDiff.Hunk], a: UnitText, oldTokens: [Int], b: UnitText, newTokens: [Int],
                      old: DocumentAnalysis, new: DocumentAnalysis) -> [DiffChange] {
        func key(_ e: Entity) -> String { e.codes["iso3166"] ?? Self.fold(e.name) }
        func named(_ d: DocumentAnalysis, _ text: UnitText, _ tokens: [Int], _ ranges: [Range<Int>]) -> [(key: String, name: String, range: TextRange)] {
            let spans = ranges.filter { !$0.isEmpty }.map { TextRange(text.ranges[tokens[$0.lowerBound]].start, text.ranges[tokens[$0.upperBound - 1]].end) }
            var result: [(key: String, name: String, range: TextRange)] = []
            for e in d.records.entities where e.type == .country || (e.type == .organization && e.canBeParty) {
                for m in e.mentions where spans.contains(where: { $0.start <= m.range.start && m.range.end <= $0.end }) {
                    result.append((key(e), e.name, m.range))
                    break
                }
            }
            return result
        }
        let unitOld = [0..<oldTokens.count], unitNew = [0..<newTokens.count]
        let oldKeys = Set(named(old, a, oldTokens, unitOld).map(\.key)), newKeys = Set(named(new, b, newTokens, unitNew).map(\.key))
        var changes: [DiffChange] = []
        var seen = Set<String>()
        for item in named(new, b, newTokens, hunks.map(\.new)) where !oldKeys.contains(item.key) && seen.insert(item.key).inserted {
            changes.append(DiffChange(kind: "party", detail: "added", to: item.name, new: b.span(item.range)))
        }
        for item in named(old, a, oldTokens, hunks.map(\.old)) where !newKeys.contains(item.key) && seen.insert(item.key).inserted {
            changes.append(DiffChange(kind: "party", detail: "removed", from: item.name, old: a.span(item.range)))
        }
        return changes
    }

    /// Commitments of matched units whose modality or negation changed.
    func commitmentChanges(_ pairs: [(old: [Int], new: [Int])], oldUnits: [Unit], newUnits: [Unit], a: UnitText, b: UnitText,
                           old: DocumentAnalysis, new: DocumentAnalysis) -> [DiffChange] {
        var changes: [DiffChange] = []
        func inside(_ c: Commitment, _ units: [Unit], _ indices: [Int]) -> Bool {
            indices.contains { units[$0].range.start <= c.sentence.start && c.sentence.start < units[$0].range.end }
        }
        for pair in pairs {
            let olds = old.records.commitments.filter { inside($0, oldUnits, pair.old) }
            var news = new.records.commitments.filter { inside($0, newUnits, pair.new) }
            guard !olds.isEmpty, !news.isEmpty else { continue }
            for c in olds {
                let words = a.wordSet(c.sentence)
                guard let best = news.indices.max(by: { Self.dice(words, b.wordSet(news[$0].sentence)) < Self.dice(words, b.wordSet(news[$1].sentence)) }),
                      Self.dice(words, b.wordSet(news[best].sentence)) >= 0.5 else { continue }
                let d = news.remove(at: best)
                let oldTrigger = c.evidence.first?.range ?? c.sentence, newTrigger = d.evidence.first?.range ?? d.sentence
                if c.modality != d.modality {
                    changes.append(DiffChange(kind: "modality", detail: "changed", from: c.modality.rawValue, to: d.modality.rawValue,
                                              old: a.span(oldTrigger), new: b.span(newTrigger)))
                }
                if c.negated != d.negated {
                    changes.append(DiffChange(kind: "negation", detail: d.negated ? "added" : "removed", from: c.negated ? "negated" : "affirmed",
                                              to: d.negated ? "negated" : "affirmed", old: a.span(c.sentence), new: b.span(d.sentence)))
                }
            }
        }
        return changes
    }

    static func dice(_ x: Set<String>, _ y: Set<String>) -> Double {
        x.isEmpty && y.isEmpty ? 1 : 2 * Double(x.intersection(y).count) / Double(x.count + y.count)
    }

    /// Parties, signatories, programs and agreements added or removed.
    func recordChanges(_ old: DocumentAnalysis, _ new: DocumentAnalysis, a: UnitText, b: UnitText) -> [DiffChange] {
        var changes: [DiffChange] = []
        func key(_ e: Entity) -> String { e.codes["iso3166"] ?? Self.fold(e.name) }
        func partyEntities(_ d: DocumentAnalysis) -> [Entity] {
            var ids = d.records.principalParties
            for agreement in d.records.agreements { ids += agreement.parties }
            var seen = Set<String>()
            return ids.compactMap { id in d.records.entities.first { $0.id == id } }.filter { seen.insert(key($0)).inserted }
        }
        func compare(_ kind: String, _ x: [(key: String, name: String, range: TextRange?)], _ y: [(key: String, name: String, range: TextRange?)]) {
            let xs = Set(x.map(\.key)), ys = Set(y.map(\.key))
            for item in x where !ys.contains(item.key) {
                changes.append(DiffChange(kind: kind, detail: "removed", from: item.name, old: item.range.map { a.span($0) }))
            }
            for item in y where !xs.contains(item.key) {
                changes.append(DiffChange(kind: kind, detail: "added", to: item.name, new: item.range.map { b.span($0) }))
            }
        }
        compare("party", partyEntities(old).map { (key($0), $0.name, $0.mentions.first?.range) },
                partyEntities(new).map { (key($0), $0.name, $0.mentions.first?.range) })
        func signatories(_ d: DocumentAnalysis) -> [(key: String, name: String, range: TextRange?)] {
            var seen = Set<String>()
            var result: [(key: String, name: String, range: TextRange?)] = []
            for s in d.segmentation.signature?.signatories ?? [] where seen.insert(Self.fold(s.name)).inserted { result.append((Self.fold(s.name), s.name, s.range)) }
            for agreement in d.records.agreements {
                for id in agreement.signatories {
                    guard let e = d.records.entities.first(where: { $0.id == id }), seen.insert(Self.fold(e.name)).inserted else { continue }
                    result.append((Self.fold(e.name), e.name, e.mentions.first?.range))
                }
            }
            return result
        }
        compare("signatory", signatories(old), signatories(new))
        func programs(_ d: DocumentAnalysis) -> [(key: String, name: String, range: TextRange?)] {
            var seen = Set<String>()
            return d.records.programs.filter { seen.insert(Self.fold($0.name)).inserted }.map { (Self.fold($0.name), $0.name, $0.evidence.first?.range) }
        }
        compare("program", programs(old), programs(new))
        func agreements(_ d: DocumentAnalysis) -> [(key: String, name: String, range: TextRange?)] {
            // The document's own title is reported as a title change, not as an agreement.
            let titles = Set([old.title, new.title].compactMap { $0 }.map(Self.fold))
            var seen = Set<String>()
            return d.records.agreements.filter { !titles.contains(Self.fold($0.title)) && seen.insert(Self.fold($0.title)).inserted }
                .map { (Self.fold($0.title), $0.title, $0.evidence.first?.range) }
        }
        compare("agreement", agreements(old), agreements(new))
        return changes
    }

    static func fold(_ s: String) -> String {
        squash(s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil))
    }
}
