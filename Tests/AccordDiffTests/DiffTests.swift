import AccordCore
@testable import AccordDiff
import AccordReport
import AccordXML
import Foundation
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let sharedPipeline = Pipeline()

func side(_ text: String, path: String = "doc.txt") throws -> DiffSide {
    DiffSide(source: path, analysis: try sharedPipeline.run(DocumentInput(bytes: Array(text.utf8), path: path)))
}

func diff(_ old: String, _ new: String, sideBySide: Bool = false) throws -> DiffReport {
    DocumentDiff(sideBySide: sideBySide).compare(try side(old, path: "old.txt"), try side(new, path: "new.txt"), pipeline: "test")
}

func pair(_ name: String) throws -> DiffReport {
    let folder = repositoryRoot.appendingPathComponent("Tests/Data/versions/\(name)")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    func load(_ stem: String) throws -> DiffSide {
        let file = files.first { $0.hasPrefix(stem + ".") }!
        let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(file)))
        return DiffSide(source: file, analysis: try sharedPipeline.run(DocumentInput(bytes: bytes, path: file)))
    }
    return DocumentDiff().compare(try load("old"), try load("new"), pipeline: "test")
}

/// A real treaty text (Corpus/RUS-USA_FRW_1973A.txt: eight articles, a preamble naming
/// the parties, a signature date) to apply known edits to.
let treaty = try! String(contentsOf: repositoryRoot.appendingPathComponent("Corpus/RUS-USA_FRW_1973A.txt"), encoding: .utf8)

/// The text of one article, from its label to the next article or the signature line.
func article(_ n: Int, in text: String) -> Range<String.Index> {
    let start = text.range(of: "\nArticle \(n). ")!.lowerBound
    let next = text.range(of: "\nArticle \(n + 1). ", range: start..<text.endIndex)?.lowerBound
        ?? text.range(of: "\nDONE at", range: start..<text.endIndex)!.lowerBound
    return start..<next
}

func renumber(_ text: String, from first: Int, by delta: Int) -> String {
    var result = text
    for n in stride(from: 8, through: first, by: -1) {
        result = result.replacingOccurrences(of: "\nArticle \(n). ", with: "\nArticle \(n + delta). ")
    }
    return result
}

func kinds(_ report: DiffReport) -> [String] { report.changes.map(\.kind) }

@Suite("diff: known edits of a real treaty")
struct TreatyEditTests {
    @Test func sameTextIsIdentical() throws {
        let report = try diff(treaty, treaty)
        #expect(report.identical)
        #expect(report.changes.isEmpty)
    }

    @Test func rewrappedTextIsIdentical() throws {
        // Every line break inside a paragraph moved; quotes made typographic.
        let rewrapped = treaty.replacingOccurrences(of: "the Parties", with: "the\nParties")
            .replacingOccurrences(of: "'", with: "\u{2019}").replacingOccurrences(of: "\n", with: "\r\n")
        let report = try diff(treaty, rewrapped)
        #expect(report.identical, "\(kinds(report))")
    }

    @Test func movedArticle() throws {
        var text = treaty
        let range = article(6, in: text)
        let moved = String(text[range])
        text.removeSubrange(range)
        let signature = text.range(of: "\nDONE at")!.lowerBound
        text.insert(contentsOf: moved, at: signature)
        let report = try diff(treaty, text)
        let change = try #require(report.changes.first { $0.kind == "moved" })
        #expect(change.old?.label == "Article 6")
        #expect(kinds(report).filter { $0 == "moved" }.count == 1)
        #expect(!kinds(report).contains("inserted") && !kinds(report).contains("deleted") && !kinds(report).contains("modified"))
    }

    @Test func insertedArticleRenumbersTheRest() throws {
        var text = renumber(treaty, from: 3, by: 1)
        let at = text.range(of: "\nArticle 4. ")!.lowerBound
        text.insert(contentsOf: "\nArticle 3. The Parties shall exchange data on marine pollution every year.", at: at)
        let report = try diff(treaty, text)
        #expect(kinds(report).filter { $0 == "inserted" }.count == 1)
        let renumbered = report.changes.filter { $0.kind == "renumbered" }
        #expect(renumbered.count == 6)
        #expect(renumbered.first?.from == "Article 3" && renumbered.first?.to == "Article 4")
        #expect(!kinds(report).contains("deleted") && !kinds(report).contains("modified") && !kinds(report).contains("moved"))
    }

    @Test func splitArticle() throws {
        var text = renumber(treaty, from: 6, by: 1)
        let five = article(5, in: text)
        let second = text.range(of: "2. The Joint Committee", range: five)!.lowerBound
        text.insert(contentsOf: "Article 6. ", at: second)
        let report = try diff(treaty, text)
        let split = try #require(report.changes.first { $0.kind == "split" })
        #expect(split.old?.label == "Article 5")
        #expect(split.new?.label == "Article 5, Article 6")
        #expect(!kinds(report).contains("deleted") && !kinds(report).contains("inserted"))
    }

    @Test func shallBecomesMay() throws {
        let text = treaty.replacingOccurrences(of: "Each Party shall designate", with: "Each Party may designate")
        let report = try diff(treaty, text)
        let modality = try #require(report.changes.first { $0.kind == "modality" })
        #expect(modality.from == "obligation" && modality.to == "permission")
        let modified = try #require(report.changes.first { $0.kind == "modified" })
        #expect(modified.old?.label == "Article 5")
        #expect(modified.redline?.contains { $0.op == "replace" && $0.old == "shall" && $0.new == "may" } == true)
        #expect(report.changes.filter { $0.kind == "modified" }.count == 1)
    }

    @Test func negationAdded() throws {
        let text = treaty.replacingOccurrences(of: "Each Party shall designate", with: "Each Party shall not designate")
        let report = try diff(treaty, text)
        let negation = try #require(report.changes.first { $0.kind == "negation" })
        #expect(negation.detail == "added")
    }

    @Test func partyAddedToThePreamble() throws {
        let text = treaty.replacingOccurrences(
            of: "The Government of the United States of America and the Government of the\nUnion of Soviet Socialist Republics;",
            with: "The Government of the United States of America, the Government of Canada and the Government of the\nUnion of Soviet Socialist Republics;")
        #expect(text != treaty)
        let report = try diff(treaty, text)
        let party = try #require(report.changes.first { $0.kind == "party" })
        #expect(party.detail == "added" && party.to == "Canada")
        #expect(!report.changes.contains { $0.kind == "party" && $0.detail == "removed" })
    }

    @Test func signatureDateChanged() throws {
        let text = treaty.replacingOccurrences(of: "this 19th day of June, 1973", with: "this 21st day of June, 1973")
        #expect(text != treaty)
        let report = try diff(treaty, text)
        let date = try #require(report.changes.first { $0.kind == "date" })
        #expect(date.from == "1973-06-19" && date.to == "1973-06-21")
    }

    @Test func amountChanged() throws {
        let text = treaty.replacingOccurrences(of: "once a year", with: "twice a year")
        let report = try diff(treaty, text)
        #expect(kinds(report) == ["modified"])
        let withNumber = try diff("The Parties will contribute $10 million to the fund.\n", "The Parties will contribute $12 million to the fund.\n")
        let amount = try #require(withNumber.changes.first { $0.kind == "amount" })
        #expect(amount.from == "10" && amount.to == "12")
    }
}

@Suite("diff: real version pairs")
struct VersionPairTests {
    @Test(arguments: ["reflow-CAN-USA_FCS_1989A", "reflow-COL-CRI_SAM_1977A", "reflow-COM-EC_FSU_2007A"])
    func formattingOnlyPairsAreIdentical(_ name: String) throws {
        let report = try pair(name)
        #expect(report.identical, "\(report.changes.map { "\($0.kind) \($0.old?.label ?? "")" })")
    }

    @Test func bangladeshStatement() throws {
        let report = try pair("wh-2026-02-09-joint-statement-on-framework-for-united-states-bangladesh-agreement-o-cb4320f31")
        let title = try #require(report.changes.first { $0.kind == "title" })
        #expect(title.from?.contains("Framework for United States") == true)
        #expect(title.to?.contains("Framework for") == false)
        let modified = report.changes.filter { $0.kind == "modified" }
        #expect(modified.contains { $0.redline?.contains { $0.op == "replace" && $0.old == "TIFCA" && $0.new == "TICFA" } == true })
        #expect(modified.contains { $0.redline?.contains { $0.old == "has committed" && $0.new == "commits" } == true })
        // Nothing else: the other paragraphs are untouched.
        #expect(!kinds(report).contains("inserted") && !kinds(report).contains("deleted") && !kinds(report).contains("moved"))
        #expect(modified.count <= 4)
    }

    @Test func koreaStatement() throws {
        let report = try pair("wh-2023-04-26-leaders-joint-statement-in-commemoration-of-the-70th-anniversary-of-t-427bcea3f")
        let modified = report.changes.filter { $0.kind == "modified" }
        #expect(modified.count == 2)
        #expect(modified.contains { $0.redline?.contains { $0.old == "ROK" && $0.new == "Korea" } == true })
    }

    @Test func addedParagraphOnly() throws {
        let report = try pair("wh-2022-12-13-fact-sheet-u-s-africa-partnership-in-health-cooperation-58e009724")
        #expect(report.changes.filter { $0.kind == "inserted" }.count == 1)
        #expect(!kinds(report).contains("modified") && !kinds(report).contains("deleted"))
    }

    @Test func rewordedSentenceOnly() throws {
        let report = try pair("wh-2022-06-10-fact-sheet-the-los-angeles-declaration-on-migration-and-protection-u-23cccd5a5")
        #expect(kinds(report) == ["modified"])
        #expect(report.changes[0].redline?.contains { $0.op == "replace" && $0.old == "a critical step" } == true)
    }
}

@Suite("diff: output")
struct DiffOutputTests {
    @Test func jsonAndXMLAreValid() throws {
        let text = renumber(treaty, from: 3, by: 1).replacingOccurrences(of: "Each Party shall designate", with: "Each Party may designate")
            .replacingOccurrences(of: "\nArticle 4. ", with: "\nArticle 3. The Parties shall exchange <data> & \"notes\".\nArticle 4. ")
        let report = try diff(treaty, text)
        let json = try DiffOutput.json(report)
        let validator = try JSONSchemaValidator(schema: try ReportSchemas.jsonSchema("diff"))
        #expect(validator.validate(json).isEmpty, "\(validator.validate(json))")
        let object = try JSONSerialization.jsonObject(with: json) as! [String: Any]
        #expect(object["schema"] as? String == "accord.diff/1")
        #expect(object["identical"] as? Bool == false)
        let xml = DiffOutput.xml(report)
        let xsd = try XMLSchemaValidator(path: ReportSchemas.diffXSDPath)
        #expect(xsd.validate(xml).isEmpty, "\(xsd.validate(xml))")
        let identical = try DiffOutput.json(try diff(treaty, treaty))
        #expect(validator.validate(identical).isEmpty)
    }

    @Test func htmlEscapesAndParses() throws {
        let old = "The Parties will meet in <script>alert(1)</script> Geneva on 4 May to review the plan of work and the budget.\n\nSecond paragraph stays.\n"
        let new = "The Parties will meet in <b>Vienna</b> & Geneva on 4 May to review the plan of work and the budget.\n\nSecond paragraph stays.\n"
        let report = try diff(old, new, sideBySide: true)
        let html = DiffOutput.html(report)
        #expect(try diff(old, new).rows.allSatisfy { $0.redline == nil }, "the full redline is made only for the side-by-side view")
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;<ins>b</ins>&gt;<ins>Vienna</ins>&lt;/<ins>b</ins>&gt; <ins>&amp;</ins>"))
        #expect(html.contains("<del>") && html.contains("<ins>"))
        let parsed = try MarkupParser.parseHTML(Array(html.utf8))
        #expect(parsed.warnings.isEmpty, "\(parsed.warnings)")
    }

    @Test func textShowsTheRedline() throws {
        let report = try diff(treaty, treaty.replacingOccurrences(of: "Each Party shall designate", with: "Each Party may designate"))
        let text = DiffOutput.text(report, color: false)
        #expect(text.contains("[-shall-]{+may+}"))
        #expect(text.contains("modality"))
        #expect(!text.contains("\u{1B}["))
        #expect(DiffOutput.text(report, color: true).contains("\u{1B}[31m"))
    }
}

@Suite("diff: word diff")
struct WordDiffTests {
    /// Applies the hunks to `x`; the result must be `y`, and no hunk may hold equal words.
    func check(_ x: [Int], _ y: [Int]) {
        let hunks = WordDiff.hunks(x, y)
        var out: [Int] = []
        var i = 0
        for h in hunks {
            #expect(h.old.lowerBound >= i)
            out += x[i..<h.old.lowerBound]
            out += y[h.new]
            i = h.old.upperBound
        }
        out += x[i...]
        #expect(out == y)
    }

    func edited(_ x: [Int], seed: UInt64, every: Int) -> [Int] {
        var state = seed, y: [Int] = []
        for t in x {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            switch (state >> 33) % UInt64(every) {
            case 0: y.append(t + 1_000_000)  // replaced
            case 1: break  // deleted
            case 2: y += [t, t + 2_000_000]  // inserted after
            default: y.append(t)
            }
        }
        return y
    }

    @Test func smallEdits() {
        check([1, 2, 3], [1, 2, 3])
        check([], [4, 5])
        check([4, 5], [])
        check([1, 2, 3, 4], [1, 9, 3, 4, 5])
        let x = Array(0..<500).map { $0 % 37 }
        check(x, edited(x, seed: 1, every: 10))
    }

    @Test func largeInputsGoThroughAnchors() {
        // 6000 × 6000 tokens: above the direct limit, so unique words anchor the pieces.
        let x = Array(0..<6000).map { $0 % 7 == 0 ? $0 : $0 % 50 }
        check(x, edited(x, seed: 7, every: 50))
        // Nothing in common: one replacement.
        let y = Array(100_000..<106_000)
        #expect(WordDiff.hunks(x, y) == [WordDiff.Hunk(old: 0..<6000, new: 0..<6000)])
    }

    /// The recursive patience diff the word diff was before its rounds were bounded (the same
    /// anchors and Myers pieces, taken by recursion): for pairs within the budget the two give
    /// the same hunks, in the same order.
    /// `depth`: the deepest anchoring reached (1 for one round), for a test to know it nested.
    func recursiveReference(_ x: ArraySlice<Int>, _ y: ArraySlice<Int>, into hunks: inout [WordDiff.Hunk],
                            level: Int = 1, depth: inout Int) {
        var x = x, y = y
        while let a = x.first, let b = y.first, a == b { x = x.dropFirst(); y = y.dropFirst() }
        while let a = x.last, let b = y.last, a == b { x = x.dropLast(); y = y.dropLast() }
        if x.isEmpty && y.isEmpty { return }
        if x.isEmpty || y.isEmpty || x.count * y.count > WordDiff.directLimit {
            if !x.isEmpty && !y.isEmpty {
                let chain = WordDiff.anchors(x, y)
                if !chain.isEmpty {
                    depth = max(depth, level)
                    var i = x.startIndex, j = y.startIndex
                    for (ai, aj) in chain {
                        recursiveReference(x[i..<ai], y[j..<aj], into: &hunks, level: level + 1, depth: &depth)
                        i = ai + 1
                        j = aj + 1
                    }
                    recursiveReference(x[i..<x.endIndex], y[j..<y.endIndex], into: &hunks, level: level + 1, depth: &depth)
                    return
                }
            }
            hunks.append(WordDiff.Hunk(old: x.startIndex..<x.endIndex, new: y.startIndex..<y.endIndex))
            return
        }
        WordDiff.myers(x, y, into: &hunks)
    }

    @Test func roundsGiveTheHunksOfTheRecursion() {
        for seed in 1...4 as ClosedRange<UInt64> {
            // 6000 words: above the direct limit, anchored in one round, its pieces small.
            let x = Array(0..<6000).map { $0 % Int(5 + seed) == 0 ? $0 : $0 % 60 }
            // Three blocks of 2,500 words between words unique in the whole text: each block's
            // own unique words repeat in the others, so they anchor only in a second round, the
            // pieces of the first being above the direct limit.
            let period = Int(9 + seed)
            var blocks: [Int] = []
            for block in 0..<3 {
                blocks.append(5_000_000 + block)
                for k in 0..<2_500 { blocks.append(k % period == 0 ? 10_000 + k : k % 40) }
            }
            for (x, y) in [(x, edited(x, seed: seed, every: 40)), (blocks, edited(blocks, seed: seed, every: 40))] {
                var reference: [WordDiff.Hunk] = []
                var depth = 0
                recursiveReference(x[...], y[...], into: &reference, depth: &depth)
                #expect(WordDiff.hunks(x, y) == reference, "seed \(seed)")
                #expect(depth >= (x == blocks ? 2 : 1), "seed \(seed): anchored \(depth) deep")
                check(x, y)
            }
        }
    }

    /// A pair built so that each anchoring round finds one anchor, at the front, and leaves
    /// the rest for another round in which the next word has become unique: as many rounds
    /// as word pairs, each reading the whole rest (quadratic time, and as deep a recursion as
    /// there are rounds before the rounds were bounded). Now the rounds stop within a budget
    /// of reading and what is left is one replacement: a correct, coarser diff, made at once.
    @Test func nestedAnchorsAreBounded() {
        let n = 40_000
        var x: [Int] = [], y: [Int] = []
        for k in 0..<n {
            x += [k + 1, k]
            y += [1_000_000 + k, k]
        }
        x += (0..<2_100).map { 2_000_000 + $0 }
        y += (0..<2_100).map { 3_000_000 + $0 }
        check(x, y)
        let hunks = WordDiff.hunks(x, y)
        // The rounds the budget allows still anchor, each leaving a one-word hunk before its
        // anchor; the rest is one replacement. (Each round reads nearly the whole pair, so
        // the budget of `anchorBudget` readings of it allows that many rounds.)
        #expect(hunks.count == WordDiff.anchorBudget + 1, "\(hunks.count)")
    }
}
