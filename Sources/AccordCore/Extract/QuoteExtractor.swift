/// Direct quotations and who said them, whether the attribution comes before
/// ("As Secretary Napolitano stated: "...") or after (""...," the Minister said"), including
/// quotations that run over several paragraphs.
public struct QuoteExtractor: Sendable {
    public init() {}

    static let speechVerbs: Set<String> = [
        "said", "says", "say", "stated", "states", "noted", "notes", "added", "adds", "remarked", "remarks", "emphasized",
        "emphasised", "emphasizes", "underscored", "underscores", "stressed", "stresses", "explained", "explains", "declared",
        "declares", "told", "tells", "wrote", "writes", "observed", "affirmed", "highlighted", "commented", "asserted",
        "continued", "concluded", "announced", "insisted", "argued", "recalled", "acknowledged", "warned", "urged",
        "according", "words", "saying", "stating", "noting", "adding", "expressed", "reiterated",
    ]
    static let pronouns: Set<String> = ["he", "she", "He", "She"]

    struct Mark {
        var index: Int
        var opening: Bool
    }

    public func run(text: NormalizedText, segmentation: Segmentation, tokens: [Token], entities: [Entity]) -> [Quote] {
        let s = text.mapped.scalars
        // Quote marks, each told opening or closing from its neighbours.
        var marks: [Mark] = []
        s.withUnsafeBufferPointer { all in
            for block in segmentation.blocks where block.range.start < block.range.end {
                precondition(block.range.start >= 0 && block.range.end <= all.count, "block outside the text")
                // Each block's quote marks found at memory speed, not by a look at every scalar.
                let scalars = UnsafeBufferPointer(rebasing: all[block.range.start..<block.range.end])
                var k = ScalarSearch.first("\"", in: scalars, from: 0)
                while k < scalars.count {
                    let i = block.range.start + k
                    let before: Unicode.Scalar? = i > block.range.start ? all[i - 1] : nil
                    let after: Unicode.Scalar? = i + 1 < block.range.end ? all[i + 1] : nil
                    let opensAfter = after.map { !$0.isWhitespaceFast } ?? false
                    let closesBefore = before.map { !$0.isWhitespaceFast && $0 != "(" && $0 != "[" } ?? false
                    let opening = opensAfter && (!closesBefore || before == "(" || before == "-")
                    marks.append(Mark(index: i, opening: opening))
                    k = ScalarSearch.first("\"", in: scalars, from: k + 1)
                }
            }
        }
        // Pair them; an opening mark at a paragraph start with no closing mark before the
        // next paragraph's opening mark continues the quotation there.
        var spans: [TextRange] = []
        var k = 0
        while k < marks.count {
            guard marks[k].opening else {
                k += 1
                continue
            }
            var j = k + 1
            var end: Int?
            while j < marks.count {
                if !marks[j].opening {
                    end = marks[j].index
                    break
                }
                // Another opening: a continuation only if it starts a new paragraph.
                if !startsBlock(marks[j].index, segmentation) { break }
                j += 1
            }
            if let end {
                spans.append(TextRange(marks[k].index + 1, end))
                k = j + 1
            } else {
                k = max(j, k + 1)
            }
        }
        var quotes: [Quote] = []
        // The persons, and the persons read once for the attributions, made lazily: most texts
        // have no quotation (a copy of each person, every string and array of it retained,
        // was made for nothing).
        lazy var persons = entities.filter { $0.type == .person }
        lazy var people = People(persons, tokens: tokens)
        for span in spans {
            let (wordCount, capitalized) = Self.wordCounts(s, span) ?? {
                let words = text.string(span).split(whereSeparator: { $0 == " " || $0 == "\n" })
                return (words.count, words.filter { $0.first?.isUppercase ?? false }.count)
            }()
            guard wordCount >= 4 else { continue }
            // A name in quotation marks ("Los Angeles Declaration on Migration") is not a quotation.
            if Double(capitalized) >= Double(wordCount) * 0.7 { continue }
            let attribution = speaker(for: span, text: text, tokens: tokens, persons: persons, people: people, segmentation: segmentation)
            var quote = Quote(id: "q\(quotes.count + 1)", speaker: attribution?.speaker, span: trimmed(span, s))
            if let attribution { quote.evidence = [Evidence(range: attribution.range, rule: attribution.rule)] }
            quotes.append(quote)
        }
        return quotes
    }

    /// The words of a span of ASCII text without a carriage return (where every character is
    /// a scalar), split at spaces and line feeds, and how many begin with a capital: what
    /// splitting the span's string into characters counts, read on the scalars. Nil for any
    /// other span (the caller splits its string).
    static func wordCounts(_ s: [Unicode.Scalar], _ span: TextRange) -> (words: Int, capitalized: Int)? {
        s.withUnsafeBufferPointer { s -> (words: Int, capitalized: Int)? in
            precondition(span.start >= 0 && span.end <= s.count, "span outside the text")
            var words = 0, capitalized = 0
            var inWord = false
            for k in span.start..<span.end {
                let v = s[k].value
                if v >= 0x80 || v == 0x0D { return nil }
                if v == 0x20 || v == 0x0A {
                    inWord = false
                } else if !inWord {
                    inWord = true
                    words += 1
                    if ASCIIByte.isUpper(v) { capitalized += 1 }
                }
            }
            return (words, capitalized)
        }
    }

    func trimmed(_ span: TextRange, _ s: [Unicode.Scalar]) -> TextRange {
        var a = span.start, b = span.end
        while a < b, s[a].isWhitespaceFast { a += 1 }
        while b > a, s[b - 1].isWhitespaceFast { b -= 1 }
        return TextRange(a, b)
    }

    func startsBlock(_ index: Int, _ segmentation: Segmentation) -> Bool {
        segmentation.blocks.contains { $0.range.start == index }
    }

    struct Attribution {
        var speaker: String?
        var range: TextRange
        var rule: String
    }

    /// The persons of a text read once for the quotations' attributions: each token's person,
    /// who holds each title head, and every mention's end in order. Each question is then a
    /// look-up or a binary search, not a pass over every person and mention for each token of
    /// each quotation's window.
    struct People {
        /// For each token, the index of the first person (in their order) with a mention
        /// holding it (`start <= token.start && token.end <= end`), or -1.
        let at: [Int]
        /// Each title head (`Names.titleHead` of a role) → the persons (indices) holding it.
        let byTitleHead: [String: [Int]]
        /// Every mention's end, with its person's index, in order of end and then person.
        let ends: [(end: Int, person: Int)]

        init(_ persons: [Entity], tokens: [Token]) {
            var at = [Int](repeating: -1, count: tokens.count)
            var byTitleHead: [String: [Int]] = [:]
            var ends: [(end: Int, person: Int)] = []
            for (index, person) in persons.enumerated() {
                for role in person.roles { byTitleHead[Names.titleHead(role.title), default: []].append(index) }
                for mention in person.mentions {
                    ends.append((mention.range.end, index))
                    // The tokens a mention holds are a run of them, found by binary search.
                    guard let first = tokens.firstIndex(startingAtOrAfter: mention.range.start),
                          let last = tokens.lastIndex(endingAtOrBefore: mention.range.end), first <= last else { continue }
                    for k in first...last where at[k] < 0 { at[k] = index }
                }
            }
            self.at = at
            self.byTitleHead = byTitleHead
            self.ends = ends.sorted { $0.end != $1.end ? $0.end < $1.end : $0.person < $1.person }
        }

        /// The persons with a role whose title head `text` contains, in their order.
        func titled(in text: String) -> [Int] {
            var found = Set<Int>()
            for (head, holders) in byTitleHead where text.contains(head) { found.formUnion(holders) }
            return found.sorted()
        }

        /// The person mentioned last before `position` (the greatest mention end at or before
        /// it; of two ending there, the first in order), as `persons.max` by that end found it.
        func lastMentioned(before position: Int) -> Int? {
            var low = 0, high = ends.count
            while low < high {
                let middle = (low + high) / 2
                if ends[middle].end <= position { low = middle + 1 } else { high = middle }
            }
            guard low > 0 else { return nil }
            let last = ends[low - 1].end
            // The first entry with that end (entries with one end are in persons' order): the
            // first person with a mention ending there.
            high = low - 1
            low = 0
            while low < high {
                let middle = (low + high) / 2
                if ends[middle].end < last { low = middle + 1 } else { high = middle }
            }
            return ends[low].person
        }
    }

    /// Looks for the speaker in the sentence around the quotation: before it ("Harris
    /// remarked,") or after it ("," Secretary Raimondo stated.").
    func speaker(for span: TextRange, text: NormalizedText, tokens: [Token], persons: [Entity], people: People,
                 segmentation: Segmentation) -> Attribution? {
        guard let firstInside = tokens.firstIndex(startingAtOrAfter: span.start) else { return nil }
        let lastInside = tokens.lastIndex(endingAtOrBefore: span.end) ?? firstInside
        // Before: back to the previous sentence end or closing quote, at most 25 tokens.
        var before: [Int] = []
        var k = firstInside - 1
        while k >= 0, before.count < 25 {
            let t = tokens[k].text
            if t == "\"" && !before.isEmpty { break }
            if (t == "." || t == "?" || t == "!") && !before.isEmpty { break }
            before.insert(k, at: 0)
            k -= 1
        }
        // After: forward to the sentence end, at most 15 tokens.
        var after: [Int] = []
        k = lastInside + 1
        while k < tokens.count, after.count < 15 {
            let t = tokens[k].text
            if (t == "." || t == "?" || t == "!") && after.count > 1 { break }
            if t == "\"" && after.count > 1 { break }
            after.append(k)
            k += 1
        }
        // "..., " Secretary Raimondo stated": a quotation ending in a comma (or ? !) is
        // attributed after it; one that ends its sentence, before it.
        let s = text.mapped.scalars
        var lastInsideScalar = span.end - 1
        while lastInsideScalar > span.start, s[lastInsideScalar].isWhitespaceFast { lastInsideScalar -= 1 }
        let continuesAfter = [",", "?", "!", "-"].contains(s[lastInsideScalar])
        let windows = continuesAfter ? [(after, "quote:attribution-after"), (before, "quote:attribution-before")]
                                     : [(before, "quote:attribution-before")]
        for (window, rule) in windows {
            let hasVerb = window.contains { Self.speechVerbs.contains(tokens[$0].lower) }
            let endsWithColon = rule.hasSuffix("before") && window.last.map { tokens[$0].text == ":" || tokens[$0].text == "," } ?? false
            guard hasVerb || (endsWithColon && rule.hasSuffix("before") && window.count <= 8) else { continue }
            guard let first = window.first, let last = window.last else { continue }
            let range = TextRange(tokens[first].range.start, tokens[last].range.end)
            // A person mentioned in the window, the nearest to the quotation.
            let ordered = rule.hasSuffix("after") ? window : window.reversed()
            for index in ordered where people.at[index] >= 0 {
                return Attribution(speaker: persons[people.at[index]].id, range: range, rule: rule)
            }
            // A title alone: "the Vice President noted", "the Minister said".
            let windowText = text.string(range)
            let titled = people.titled(in: windowText).map { persons[$0] }
            if titled.count == 1 {
                return Attribution(speaker: titled[0].id, range: range, rule: rule + ":title")
            }
            if !titled.isEmpty {
                // The one mentioned last before the quotation.
                let nearest = titled.max { a, b in
                    (a.mentions.filter { $0.range.end <= span.start }.map(\.range.end).max() ?? -1)
                        < (b.mentions.filter { $0.range.end <= span.start }.map(\.range.end).max() ?? -1)
                }
                return Attribution(speaker: nearest?.id, range: range, rule: rule + ":title")
            }
            // "he said": the person mentioned last before the quotation.
            if window.contains(where: { Self.pronouns.contains(tokens[$0].text) }), let nearest = people.lastMentioned(before: span.start) {
                return Attribution(speaker: persons[nearest].id, range: range, rule: rule + ":pronoun")
            }
            return Attribution(speaker: nil, range: range, rule: rule)
        }
        return nil
    }
}
