import Foundation
import Testing
@testable import AccordCore

/// Documents that once ended the whole process (a trap or a stack overflow): each is now
/// read, with a diagnostic where part of it could not be. A crash here would take the test
/// run with it, which is the failure these tests exist to show.
@Suite("Documents that once crashed the process")
struct HostileInputTests {
    func analysis(_ text: String, path: String) throws -> DocumentAnalysis {
        try Pipeline().run(DocumentInput(bytes: Array(text.utf8), path: path))
    }

    /// A fence never closed, the text ending in a line feed: the empty last line is part of
    /// the code block, joined by a line break placed where the text ends.
    @Test func anUnclosedFenceEndingInALineFeed() throws {
        let text = "Intro line here.\n\n```\ncode one\ncode two\n"
        let result = try analysis(text, path: "fence.md")
        #expect(result.text.text.contains("code one\ncode two"))
        let blocks = MarkdownIngest.parseBlocks(MappedText(text))
        let code = try #require(blocks.last)
        #expect(code.kind == .preformatted)
        #expect(code.text.scalars.count == "code one\ncode two\n".unicodeScalars.count)
        // The inserted break before the empty last line stands at the text's end.
        #expect(code.text.starts.last == UInt32(text.utf8.count) && code.text.ends.last == UInt32(text.utf8.count))
    }

    /// A bare ">" as the very last line, without a line feed.
    @Test func aBareQuoteMarkerAtTheEnd() throws {
        let result = try analysis("Some text here for the reader.\n>", path: "quote.md")
        #expect(result.text.text.hasPrefix("Some text here for the reader."))
        _ = try analysis("Some text here.\n> ", path: "quote2.md")
        _ = try analysis("- item one\n>", path: "quote3.md")
    }

    /// Integers whose base-60 reading would trap in Yams (past Int.max, or Int.min
    /// negated), as resolved or tagged `!!int`, in a value or an ordered map's key: read as
    /// the strings they are, the rest of the front matter kept.
    @Test func integersYamsWouldOverflowAreReadAsText() throws {
        for value in ["1:2:3:4:5:6:7:8:9:10:11", "200000000000000000:0", "-1:2:3:4:5:6:7:8:9:10:11:12", "1_000:0:0:0:0:0:0:0:0:0:0"] {
            for tagged in [false, true] {
                let text = "---\ntitle: A statement\nref: \(value)\n\(tagged ? "kind: !custom x\n" : "")---\nThe parties met in Paris on 3 May 2021.\n"
                let result = try analysis(text, path: "sixty.md")
                #expect(!result.diagnostics.contains { $0.id == "markdown.front-matter" }, "\(value)")
                #expect(result.metadata.title == "A statement")
                #expect(result.metadata.extra["ref"] == value, "\(value)")
            }
        }
        for yaml in ["x: !!int 9223372036854775807:60\n", "x: !!int 1:1:1:1:1:1:1:1:1:1:1:x\n", "x: !!int -:-9223372036854775808\n",
                     "x: !!int 1:1:1:1:1:1:1 1:1:1:1:1:1\n", "x: !!omap\n  - 99999999999999999:59:59:59:59:59:59:59:59:59:59: v\n"] {
            let result = try analysis("---\ntitle: T\n" + yaml + "---\nBody text here.\n", path: "tagged.md")
            #expect(result.metadata.title == "T", "\(yaml)")
            #expect(result.text.text.contains("Body text here."))
        }
        // Base-60 numbers that fit are still read as Yams reads them (1:2:3 is 3,723).
        let fits = try analysis("---\ntitle: A statement\nref: 1:2:3\n---\nBody text here.\n", path: "fits.md")
        #expect(fits.metadata.extra["ref"] == "3723")
    }

    @Test func theBaseSixtyCheckMirrorsYams() {
        #expect(FrontMatterLimits.sexagesimalTraps("1:2:3:4:5:6:7:8:9:10:11"))
        #expect(FrontMatterLimits.sexagesimalTraps("200000000000000000:0"))
        #expect(FrontMatterLimits.sexagesimalTraps("9223372036854775807:60"))
        #expect(FrontMatterLimits.sexagesimalTraps("1:1:1:1:1:1:1:1:1:1:1:x"))  // the part that is no number dropped
        #expect(FrontMatterLimits.sexagesimalTraps("99999999999999999:59:59:59:59:59:59:59:59:59:59:"))
        #expect(FrontMatterLimits.sexagesimalTraps("-:-9223372036854775808"))  // Int.min, negated
        #expect(!FrontMatterLimits.sexagesimalTraps("1:2:3:4:5:6:7:8:9:10"))  // 60^10 fits
        #expect(!FrontMatterLimits.sexagesimalTraps("12:30"))
        #expect(!FrontMatterLimits.sexagesimalTraps("18:56:04-05:00"))
        #expect(!FrontMatterLimits.sexagesimalTraps("0:1:2:3:4:5:6:7:8:9:10:11"))  // read in octal: no trap
        #expect(!FrontMatterLimits.sexagesimalTraps("123456789012345678901234567890"))  // no colon: Int(...) is nil
    }

    /// Ways past narrower bounds: brackets inside quotes, lines ending at CR or U+2028,
    /// aliases after a colon or a line break, alias chains and "billion laughs". Each
    /// ended the run; each is now unreadable front matter, the body read.
    @Test func frontMatterThatGotPastNarrowerChecks() throws {
        let laughs = "l0: &l0 [x]\n" + (1..<10).map { level in
            "l\(level): &l\(level) [" + (0..<10).map { _ in "\r*l\(level - 1)" }.joined(separator: ",") + "]\n"
        }.joined()
        let cases = [
            "x: " + String(repeating: "[']', ", count: 5_000) + "1" + String(repeating: "]", count: 5_000) + "\n",
            (0..<6_000).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\r") + "\n",
            (0..<6_000).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\u{2028}") + "\n",
            "a0: &a0 x\n" + (1..<5_000).map { "a\($0): &a\($0)\n  - *a\($0 - 1)\n" }.joined(),
            "a0: &a0 x\n" + (1..<40).map { "a\($0): &a\($0) {\"k\":*a\($0 - 1)}\n" }.joined(),
            laughs,
        ]
        for yaml in cases {
            let result = try analysis("---\n" + yaml + "---\nBody text here.\n", path: "bypass.md")
            #expect(result.diagnostics.contains { $0.id == "markdown.front-matter" }, "\(yaml.prefix(40))")
            #expect(result.text.text.contains("Body text here."))
        }
        // What real front matter has is read: a few aliases and brackets, times, URLs with
        // ports, Markdown bullets and emphasis in a block (no anchors: no aliases either).
        let ordinary = try analysis("---\ntitle: T\nbase: &base [a, b]\nmore: *base\nmap: {k: [1, 2]}\n---\nBody.\n", path: "ok.md")
        #expect(!ordinary.diagnostics.contains { $0.id == "markdown.front-matter" })
        #expect(ordinary.metadata.title == "T")
        let bullets = "---\ntitle: T\nsummary: |\n" + (0..<30).map { "  * point \($0) with *emphasis*\n" }.joined()
            + "time: 2021-01-20 18:56:04-05:00\nurl: https://example.org:8080/a\n---\nBody.\n"
        let read = try analysis(bullets, path: "bullets.md")
        #expect(!read.diagnostics.contains { $0.id == "markdown.front-matter" })
        #expect(read.metadata.title == "T")
    }

    /// Front matter nested far deeper than any real one (Yams would recurse until the
    /// thread's stack ran out): reported unreadable, the body read.
    @Test func frontMatterNestedTooDeep() throws {
        let brackets = "---\na: " + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "\n---\nBody text here.\n"
        var indented = "---\n"
        for level in 0..<6_000 { indented += String(repeating: " ", count: level) + "k\(level):\n" }
        indented += "---\nBody text here.\n"
        for text in [brackets, indented] {
            let result = try analysis(text, path: "deep.md")
            #expect(result.diagnostics.contains { $0.id == "markdown.front-matter" })
            #expect(result.text.text.contains("Body text here."))
        }
        // Ordinary nesting is read.
        let nested = try analysis("---\ntitle: T\ntags: [a, [b, c], {d: e}]\nauthors:\n  - name: X\n    roles: [r]\n---\nBody.\n", path: "nested.md")
        #expect(!nested.diagnostics.contains { $0.id == "markdown.front-matter" })
        #expect(nested.metadata.title == "T")
    }

    /// A named reference libxml2 decodes but Accord's own table lacks ("&hearts;"): its
    /// character is located at the reference's bytes (it was left nowhere, and each one
    /// cost a search of the whole window: 50,000 took 13 s), and the text after them too.
    @Test func referencesTheParserDecodesAreLocated() throws {
        let html = "<html><body><p>The parties met. " + String(repeating: "&hearts; ", count: 20_000)
            + "</p><p>Mexico and the United States signed the agreement.</p></body></html>"
        let bytes = Array(html.utf8)
        let blocks = try MarkupIngest.runHTML(MappedText(html)).blocks
        let first = try #require(blocks.first)
        let heart = try #require(first.text.scalars.firstIndex(of: "\u{2665}"))
        let start = Int(first.text.starts[heart]), end = Int(first.text.ends[heart])
        #expect(String(decoding: bytes[start..<end], as: UTF8.self) == "&hearts;")
        let last = try #require(blocks.last)
        let mexico = try #require(last.text.scalars.firstIndex(of: "M"))
        let at = Int(last.text.starts[mexico])
        #expect(String(decoding: bytes[at..<(at + 6)], as: UTF8.self) == "Mexico")
    }

    /// A spelled number past what an Int holds ("one hundred hundred ... hundred") stops
    /// where it would overflow: no year, no trap.
    @Test func aSpelledNumberTooLargeForAnInt() throws {
        let hundreds = String(repeating: " hundred", count: 12)
        for text in ["The fourth day of January one\(hundreds).",
                     "The fourth day of January one\(String(repeating: " hundred", count: 8)) thousand.",
                     "The fourth day of January ninety\(String(repeating: " hundred", count: 9)) nine."] {
            let result = try analysis(text + "\n", path: "spelled.txt")
            #expect(!result.records.dates.contains { $0.value?.hasPrefix("1") == true && $0.rule == "date:spelled" })
        }
        // An ordinary spelled date is still read.
        let ordinary = try analysis("Done on the fourth day of January, one thousand nine hundred and eighty-two.\n", path: "date.txt")
        #expect(ordinary.records.dates.contains { $0.value == "1982-01-04" })
    }
}
