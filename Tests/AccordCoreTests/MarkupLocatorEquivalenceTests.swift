import Foundation
import Testing
@testable import AccordCore

/// The HTML and XML text locator and block builder copy runs of scalars with their byte
/// ranges at once; here against the scalar-by-scalar readings they replaced (the locator's
/// character data read with `inRuns: false`; its `locate` and the builder's `add` kept here as
/// the reference), on generated markup.
@Suite("Markup text located as scalar by scalar")
struct MarkupLocatorEquivalenceTests {
    /// The character data as the locator read it before: every scalar emitted on its own.
    static func referenceData(_ source: MappedText, skipRawText: Bool) -> MappedText {
        SourceLocator(source: source, skipRawText: skipRawText, inRuns: false).data
    }

    /// `locate` as it was: scalar by scalar over the character data.
    struct ReferenceLocator {
        let data: MappedText
        var cursor = 0

        mutating func locate(_ text: String) -> MappedText {
            var out = MappedText()
            let needle = Array(text.unicodeScalars)
            var i = 0
            while i < needle.count {
                if cursor < data.count, data.scalars[cursor] == needle[i] {
                    out.append(needle[i], start: Int(data.starts[cursor]), end: Int(data.ends[cursor]))
                    cursor += 1
                    i += 1
                    continue
                }
                if let found = find(needle, from: i) {
                    cursor = found
                    continue
                }
                let at = cursor < data.count ? Int(data.starts[cursor]) : Int(data.ends.last ?? 0)
                out.append(needle[i], start: at, end: at)
                i += 1
            }
            return out
        }

        func find(_ needle: [Unicode.Scalar], from: Int) -> Int? {
            let length = min(16, needle.count - from)
            guard length > 0 else { return nil }
            let limit = min(data.count - length, cursor + (1 << 20))
            guard cursor <= limit else { return nil }
            var p = cursor
            while p <= limit {
                if data.scalars[p] == needle[from] {
                    var k = 1
                    while k < length, data.scalars[p + k] == needle[from + k] { k += 1 }
                    if k == length { return p }
                }
                p += 1
            }
            return nil
        }
    }

    /// `BlockBuilder.add` as it was: scalar by scalar.
    struct ReferenceBuilder {
        var locator: ReferenceLocator
        var blocks: [IngestedBlock] = []
        var kind: BlockKind = .paragraph
        var current = MappedText()
        var pendingSpace: (start: Int, end: Int)?

        mutating func add(_ text: String, preserveWhitespace: Bool) {
            let located = locator.locate(text)
            let preserve = preserveWhitespace || kind == .raw || kind == .preformatted
            for i in 0..<located.count {
                let scalar = located.scalars[i]
                if !preserve && scalar.isWhitespaceFast && scalar != "\u{A0}" {
                    if !current.isEmpty && pendingSpace == nil { pendingSpace = (Int(located.starts[i]), Int(located.ends[i])) }
                    continue
                }
                if let space = pendingSpace {
                    current.append(" ", start: space.start, end: space.end)
                    pendingSpace = nil
                }
                current.append(scalar, start: Int(located.starts[i]), end: Int(located.ends[i]))
            }
        }

        mutating func flush() {
            pendingSpace = nil
            if current.scalars.contains(where: { !$0.isWhitespaceFast }) { blocks.append(IngestedBlock(kind: kind, level: 0, text: current)) }
            current = MappedText()
        }
    }

    static let pieces = ["<p>", "</p>", "<p class=\"a>b\">", "<br/>", "<!-- note -->", "<!-- open", "<![CDATA[x < y]]>", "<![CDATA[open",
                         "<script>var a = '<p>';</script>", "<STYLE>p { }</STYLE>", "<?xml version=\"1.0\"?>", "< 5", "a<b", "&amp;", "&eacute;",
                         "&#233;", "&#x2014;", "&bogus;", "& ", "\r\n", "\r", "\n", "  ", "\t", "\u{A0}", "Mexico", "the United States",
                         "Juárez", "Борис", "—", "e\u{301}", "word", ".", "'quoted'", "\"", ">",
                         "Cross Border Security Communications Network between the two governments"]

    static func source(_ generator: inout SystemRandomNumberGenerator) -> MappedText {
        let text = (0..<Int.random(in: 1...60, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        return MappedText(text, sourceStart: Int.random(in: 0...3, using: &generator))
    }

    @Test func characterDataIsReadAsScalarByScalar() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let source = Self.source(&generator)
            for skip in [false, true] {
                #expect(SourceLocator(source: source, skipRawText: skip).data == Self.referenceData(source, skipRawText: skip),
                        "\(source.string)")
            }
        }
    }

    /// Text nodes: pieces of the character data in order (some skipped, some changed, some
    /// made up), located and built into blocks by both.
    @Test func textIsLocatedAndBuiltAsScalarByScalar() {
        var generator = SystemRandomNumberGenerator()
        var located = 0
        for _ in 0..<2_000 {
            let source = Self.source(&generator)
            let data = Self.referenceData(source, skipRawText: true)
            var builder = BlockBuilder(locator: SourceLocator(source: source, skipRawText: true))
            var reference = ReferenceBuilder(locator: ReferenceLocator(data: data))
            var at = 0
            let scalars = data.scalars
            while at < scalars.count {
                let length = Int.random(in: 1...90, using: &generator)
                let end = min(scalars.count, at + length)
                var piece = String(String.UnicodeScalarView(scalars[at..<end]))
                switch Int.random(in: 0..<8, using: &generator) {
                case 0: piece = "made up"
                case 1: piece += "x"
                case 2: at = end; continue  // skipped text
                default: break
                }
                let preserve = Int.random(in: 0..<5, using: &generator) == 0
                if Int.random(in: 0..<6, using: &generator) == 0 {
                    let kind: BlockKind = [.paragraph, .heading, .preformatted, .raw].randomElement(using: &generator)!
                    builder.flush(); reference.flush()
                    builder.kind = kind; reference.kind = kind
                }
                builder.add(piece, preserveWhitespace: preserve)
                reference.add(piece, preserveWhitespace: preserve)
                located += 1
                at = end
            }
            builder.flush(); reference.flush()
            #expect(builder.blocks.map(\.text) == reference.blocks.map(\.text), "\(source.string)")
            #expect(builder.blocks.map(\.kind) == reference.blocks.map(\.kind))
        }
        #expect(located > 5_000)
    }
}
