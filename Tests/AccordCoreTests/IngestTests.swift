import Foundation
import Testing
@testable import AccordCore
import Yams

@Suite("Encoding detection")
struct EncodingTests {
    @Test func sha256MatchesStandardVectors() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var hasher = SHA256()
        for _ in 0..<1000 { hasher.update([UInt8](repeating: 0x61, count: 1000)) }
        #expect(SHA256.hexString(hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // Fed in pieces of every size (partial blocks kept between calls), and as a
        // non-contiguous collection: the same digest as in one piece.
        let message = (0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = SHA256.hex(message)
        for size in [1, 3, 63, 64, 65, 100, 999] {
            var pieces = SHA256()
            var start = 0
            while start < message.count {
                pieces.update(message[start..<min(message.count, start + size)])
                start += size
            }
            #expect(SHA256.hexString(pieces.finalize()) == whole, "pieces of \(size)")
        }
        #expect(SHA256.hex(message.lazy.map { $0 }) == whole)
    }

    /// File extensions read on bytes for ASCII names are those the character-wise reading
    /// gives; the lower-cased head of a text is the one built scalar by scalar.
    @Test func extensionAndHeadFastPathsMatchTheGeneralOnes() {
        let names = ["", "/", "///", "a", ".txt", "a.txt", "A.TXT", "dir.d/file", "dir.d/file.", "dir/.hidden", "dir/x.Md/",
                     "x/y/z.tar.gz", "a..b", "corpus/press/2021-01-20.md#3", "C:\\docs\\a.HTML", "a.b/c.d//", "é/x.txt", "x.txt\r\n"]
        for name in names {
            #expect(FormatDetection.fileExtension(name) == FormatDetection.generalExtension(name), "\(name)")
            if let ascii = FormatDetection.asciiExtension(name) { #expect(ascii == FormatDetection.generalExtension(name), "\(name)") }
        }
        #expect(FormatDetection.asciiExtension("é/x.txt") == nil)
        let texts = ["", "   ", " \n\t<?XML version", "\u{2003}<HTML>", "---\nTitle: X", "İstanbul ÉTÉ", String(repeating: "Ab ", count: 600),
                     "  " + String(repeating: "x", count: 1023) + "É", "\u{85}\u{A0}Text"]
        for text in texts {
            let scalars = Array(text.unicodeScalars)
            #expect(FormatDetection.head(scalars) == FormatDetection.generalHead(scalars), "\(text.prefix(20))")
        }
        // The format decided without the head where the text cannot start with markup is the
        // one the head gives, on random starts of texts under every kind of name.
        var generator = SystemRandomNumberGenerator()
        let pieces = [" ", "\n", "\t", "\u{2003}", "\u{85}", "<", "<?XML", "<!DOCTYPE html", "<html", "<HEAD>", "<body", "---", "-", "\r", "\r\n",
                      "\n", "\u{301}", "x", "É", "İ", "Title: x", "\u{200D}"]
        let files = ["a.txt", "a.md", "a.MARKDOWN", "a.html", "a.XHTML", "a.xml", "a.akn", "a", "a.json", ".md"]
        for _ in 0..<4_000 {
            let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let mapped = MappedText(text)
            for file in files {
                #expect(FormatDetection.detect(fileName: file, text: mapped) == FormatDetection.generalDetect(fileName: file, text: mapped),
                        "\(text.debugDescription) \(file)")
            }
        }
        let long = MappedText(String(repeating: " ", count: 1_022) + "---\nx")
        #expect(FormatDetection.detect(fileName: "a.txt", text: long) == FormatDetection.generalDetect(fileName: "a.txt", text: long))
    }

    /// The SHA instructions (where this processor has them) and the Swift rounds give the
    /// same digest for every length across several blocks, and for a long message fed in
    /// uneven pieces; the Swift rounds alone also meet the standard vectors.
    @Test func processorInstructionsMatchTheSwiftRounds() {
        func digest(_ bytes: [UInt8], portable: Bool, piece: Int? = nil) -> String {
            var hasher = SHA256()
            hasher.portable = portable
            var start = 0
            let size = piece ?? max(1, bytes.count)
            repeat {
                hasher.update(bytes[start..<min(bytes.count, start + size)])
                start += size
            } while start < bytes.count
            return SHA256.hexString(hasher.finalize())
        }
        #expect(digest(Array("abc".utf8), portable: true) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(digest([], portable: true) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // The default path (the SHA instructions where there are any) against the standard's
        // two-block vector too, not only against the Swift rounds.
        let twoBlocks = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(digest(twoBlocks, portable: false) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(digest(twoBlocks, portable: true) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var seed: UInt64 = 0x9E3779B97F4A7C15
        let message = (0..<70_000).map { _ -> UInt8 in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: seed >> 56)
        }
        for length in 0...300 {
            let bytes = Array(message[0..<length])
            #expect(digest(bytes, portable: false) == digest(bytes, portable: true), "length \(length)")
        }
        #expect(digest(message, portable: false, piece: 1_000) == digest(message, portable: true))
        #expect(digest(message, portable: false, piece: 77) == digest(message, portable: true, piece: 4_096))
    }

    @Test func invalidUTF8IsReplacedWithAWarning() throws {
        var bytes = Array("Peña Nieto met ".utf8)
        bytes += [0xFF, 0xFE, 0x41]
        bytes += Array(" officials.".utf8)
        let decoded = TextDecoding.decode(bytes)
        #expect(decoded.encoding == .utf8)
        #expect(decoded.text.string == "Peña Nieto met \u{FFFD}\u{FFFD}A officials.")
        #expect(decoded.diagnostics.map(\.id) == ["encoding.invalid-utf8"])
        // The replacement maps to the one bad byte.
        let index = decoded.text.scalars.firstIndex(of: "\u{FFFD}")!
        #expect(decoded.text.sourceRange(index..<(index + 1)) == 16..<17)
    }

    /// The decoder (sixteen ASCII bytes at a time where it can) against a byte-by-byte reading
    /// of the same rules, on random mixes of ASCII runs of every length, line feeds, NULs,
    /// two- to four-byte scalars and invalid bytes: the same scalars, source ranges, and
    /// warnings (with the line of the first invalid byte).
    @Test func utf8DecodingEqualsAByteByByteReading() {
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [Array("a".utf8), Array("The Parties agree".utf8), [0x0A], [0x00], Array("é".utf8), Array("中".utf8),
                                 Array("😀".utf8), [0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0x7F], [0x0D, 0x0A]]
        for round in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                if Bool.random(using: &generator) {
                    // (Up to 40 bytes: one or two of the widening's sixteen-byte blocks, and
                    // line feeds inside them.)
                    bytes += (0..<Int.random(in: 1...40, using: &generator)).map { _ in
                        Int.random(in: 0..<10, using: &generator) == 0 ? 0x0A : UInt8.random(in: 0x20...0x7E, using: &generator)
                    }
                } else {
                    bytes += pieces.randomElement(using: &generator)!
                }
            }
            if round % 2 == 0 { bytes += Array("ü".utf8) }  // keeps most inputs UTF-8 (no Windows-1252 fallback)
            var scalars: [Unicode.Scalar] = [], ranges: [Range<Int>] = []
            var invalid = 0, multibyte = 0, nul = 0, line = 1
            var firstInvalidLine: Int?
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x80 {
                    if b == 0x0A { line += 1 }
                    if b == 0 { nul += 1 }
                    scalars.append(b == 0 ? "\u{FFFD}" : Unicode.Scalar(b))
                    ranges.append(i..<(i + 1))
                    i += 1
                    continue
                }
                let length = b >= 0xF0 && b < 0xF8 ? 4 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xC0 && b < 0xE0 ? 2 : 0
                var value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                var valid = length > 0 && i + length <= bytes.count
                if valid {
                    for k in 1..<length {
                        guard bytes[i + k] & 0xC0 == 0x80 else { valid = false; break }
                        value = value << 6 | UInt32(bytes[i + k] & 0x3F)
                    }
                }
                let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
                if valid, value >= minimum, let scalar = Unicode.Scalar(value) {
                    scalars.append(scalar)
                    ranges.append(i..<(i + length))
                    multibyte += 1
                    i += length
                } else {
                    invalid += 1
                    if firstInvalidLine == nil { firstInvalidLine = line }
                    scalars.append("\u{FFFD}")
                    ranges.append(i..<(i + 1))
                    i += 1
                }
            }
            guard bytes.first != 0xEF, bytes.first != 0xFE, bytes.first != 0xFF, bytes.first != 0x00 else { continue }  // no BOM guesses
            let decoded = TextDecoding.decode(bytes)
            if invalid > 0 && multibyte == 0 {
                #expect(decoded.encoding == .windows1252)
                continue
            }
            #expect(decoded.encoding == .utf8)
            #expect(decoded.text.scalars == scalars)
            #expect((0..<scalars.count).map { decoded.text.sourceRange($0..<($0 + 1)) } == ranges)
            var expected: [String] = []
            if invalid > 0 { expected.append("encoding.invalid-utf8:\(firstInvalidLine!)") }
            if nul > 0 { expected.append("encoding.nul-bytes") }
            #expect(decoded.diagnostics.map { diagnostic in diagnostic.line.map { "\(diagnostic.id):\($0)" } ?? diagnostic.id } == expected)
        }
    }

    @Test func utf16WithBOM() {
        let text = "Osorio Chong signed."
        var little: [UInt8] = [0xFF, 0xFE]
        var big: [UInt8] = [0xFE, 0xFF]
        for unit in text.utf16 {
            little += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            big += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        for (bytes, encoding) in [(little, TextDecoding.Encoding.utf16LE), (big, .utf16BE)] {
            let decoded = TextDecoding.decode(bytes)
            #expect(decoded.encoding == encoding)
            #expect(decoded.text.string == text)
            #expect(decoded.diagnostics.isEmpty)
            #expect(decoded.text.sourceRange(0..<6) == 2..<14)
        }
    }

    @Test func utf32WithBOM() {
        var bytes: [UInt8] = [0xFF, 0xFE, 0x00, 0x00]
        for scalar in "Méx".unicodeScalars {
            let v = scalar.value
            bytes += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), 0]
        }
        let decoded = TextDecoding.decode(bytes)
        #expect(decoded.encoding == .utf32LE)
        #expect(decoded.text.string == "Méx")
    }

    @Test func latin1FallsBackToWindows1252WithAWarning() throws {
        // "Peña said “yes”" in Windows-1252: ñ = F1, curly quotes = 93/94.
        let bytes: [UInt8] = Array("Pe".utf8) + [0xF1] + Array("a said ".utf8) + [0x93] + Array("yes".utf8) + [0x94]
        let decoded = TextDecoding.decode(bytes)
        #expect(decoded.encoding == .windows1252)
        #expect(decoded.text.string == "Peña said \u{201C}yes\u{201D}")
        #expect(decoded.diagnostics.first?.id == "encoding.windows-1252-fallback")
        let analysis = try analyse(bytes: bytes, name: "latin1.txt")
        #expect(analysis.text.text == "Peña said \"yes\"")
        #expect(analysis.diagnostics.contains { $0.id == "encoding.windows-1252-fallback" })
    }

    /// The binary test (eight bytes at a time where none is a control byte) against a byte
    /// by byte count, on texts with control bytes and NULs around the thresholds.
    @Test func binaryTestCountsEveryControlByte() {
        func reference(_ bytes: [UInt8]) -> (control: Int, nul: Int) {
            let sample = bytes.prefix(8192)
            return (sample.filter { $0 < 0x20 && ![0x09, 0x0A, 0x0D, 0x0C].contains($0) }.count, sample.filter { $0 == 0 }.count)
        }
        var generator = SystemRandomNumberGenerator()
        for round in 0..<400 {
            let length = round % 20 == 0 ? Int.random(in: 8_000...9_000, using: &generator) : Int.random(in: 1...600, using: &generator)
            let rate = [0, 2, 5, 8, 20, 60][round % 6]
            // (Starting with a letter: no byte order mark or file signature decides first.)
            let bytes = [UInt8(ascii: "a")] + (0..<length).map { _ in Int.random(in: 0..<100, using: &generator) < rate
                ? [0x00, 0x01, 0x09, 0x0A, 0x0C, 0x0D, 0x1B, 0x1F].randomElement(using: &generator)! : UInt8.random(in: 0x20...0xFF, using: &generator) }
            let (control, nul) = reference(bytes)
            let count = min(bytes.count, 8192)
            let binary = nul * 10 > count || control * 20 > count
            let reason = TextDecoding.binaryReason(bytes)
            #expect((reason != nil) == binary, "\(control) \(nul) \(count)")
            if binary { #expect(reason?.contains("\(control) of the first \(count) bytes") == true) }
        }
    }

    @Test func binaryAndEmptyFilesFailWithAReason() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 64)
        #expect(throws: PipelineError.self) { try analyse(bytes: png, name: "image.txt") }
        do {
            _ = try analyse(bytes: png, name: "image.txt")
        } catch {
            #expect(error.description.contains("binary content"))
            #expect(error.stage == .ingest)
        }
        do {
            _ = try analyse(bytes: [], name: "empty.txt")
            Issue.record("an empty file must fail")
        } catch {
            #expect(error.reason == "empty file")
        }
        do {
            _ = try analyse(bytes: Array(" \n\n \t\n".utf8), name: "blank.txt")
            Issue.record("a blank file must fail")
        } catch {
            #expect(error.reason.contains("no text"))
        }
    }
}

@Suite("Markdown and front matter")
struct MarkdownTests {
    /// List markers read on bytes give the characters' answer: on random line starts of
    /// markers, digits, spaces, tabs, combining marks, bullets and carriage returns.
    @Test func listMarkersOnBytesAreTheCharactersReading() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["-", "*", "+", "•", "1", "12", "1234567890", ".", ")", " ", "  ", "\t", "\u{301}", "x", "é", "\r", "a", "0"]
        var markers = 0
        for _ in 0..<20_000 {
            let line = (0..<Int.random(in: 1...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let fast = MarkdownIngest.listMarkerLength(line[...])
            let general = line.utf8.first.map { [0x2D, 0x2A, 0x2B, 0xE2].contains($0) || ($0 >= 0x30 && $0 <= 0x39) } == true
                ? MarkdownIngest.generalListMarkerLength(line[...]) : nil
            #expect(fast == general, "\(line.unicodeScalars.map(\.value))")
            if fast != nil { markers += 1 }
        }
        #expect(markers > 300)
    }

    /// Text without any scalar that starts inline markup comes back as it is; one such
    /// scalar and the markup is still taken out.
    @Test func inlineMarkupFastPathKeepsPlainText() {
        for plain in ["", "Plain words, numbers 1-2 (and parentheses) \"quoted\" and ! marks.", "Ünïcödé text\nover two lines"] {
            #expect(MarkdownIngest.stripInline(MappedText(plain)) == MappedText(plain))
        }
        // Every ASCII scalar (and a few others) in a line, before and after a word: the
        // shortcut gives what the whole reading gives, markup or not.
        for value in UInt32(1)..<0x80 {
            let c = String(Unicode.Scalar(value)!)
            for text in ["a\(c)b word", "\(c)word\(c) and \(c)\(c)x\(c)\(c)", "é\(c)\u{2014}\(c)", "[a\(c)](b\(c))"] {
                let mapped = MappedText(text, sourceStart: 5)
                #expect(MarkdownIngest.stripInline(mapped) == MarkdownIngest.stripInline(mapped, shortcut: false), "\(text.debugDescription)")
            }
        }
        // Generated lines of markup and words (links, images, footnotes, escapes, references,
        // tags, code, emphasis, strike-through): the same with the shortcut as without.
        var generator = SystemRandomNumberGenerator()
        let pieces = ["word", " ", "  ", "the United States", "Juárez", "—", "[", "]", "(", ")", "![", "](https://x.org/a_b)", "[^1]",
                      "\\", "\\!", "\\[", "\\*", "&amp;", "&eacute;", "& ", "&bogus;", "<br>", "<https://x.org>", "<span>", "</span>",
                      "< 5", "`", "`code`", "*", "**", "_", "__", "~", "~~", "x_y", "a*b", "!", "!!", "\n", "é"]
        var marked = 0
        for _ in 0..<4_000 {
            let text = (0..<Int.random(in: 1...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let mapped = MappedText(text, sourceStart: Int.random(in: 0...3, using: &generator))
            let stripped = MarkdownIngest.stripInline(mapped)
            #expect(stripped == MarkdownIngest.stripInline(mapped, shortcut: false), "\(text.debugDescription)")
            if stripped != mapped { marked += 1 }
        }
        #expect(marked > 1_000)
        #expect(MarkdownIngest.stripInline(MappedText("a *strong* word")).string == "a strong word")
        #expect(MarkdownIngest.stripInline(MappedText("see [the text](https://x.org) &amp; more")).string == "see the text & more")
    }

    /// A tag's inside read on its bytes says "line break" exactly when Foundation's lower-casing
    /// and trimming does (the reading the tag rule always had).
    @Test func lineBreakTagsReadOnBytesAsFoundationReadsThem() {
        func foundation(_ inner: String) -> Bool {
            inner.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "/ ")).hasPrefix("br")
        }
        let pieces = ["b", "B", "r", "R", "br", "BR", "/", " ", "  ", "x", "\u{301}", "é", "\r\n", "span", "bR/", "rb", "\u{212A}"]
        var generator = SystemRandomNumberGenerator()
        var breaks = 0
        for _ in 0..<4_000 {
            let inner = (0..<Int.random(in: 0...5, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(MarkdownIngest.isLineBreakTag(inner) == foundation(inner), "\(inner.debugDescription)")
            if foundation(inner) { breaks += 1 }
        }
        #expect(breaks > 200)
        for inner in ["br", "BR/", "/ br", "br class=\"x\"", "b", "", "/", "r", "b r"] {
            #expect(MarkdownIngest.isLineBreakTag(inner) == foundation(inner), "\(inner.debugDescription)")
        }
        #expect(MarkdownIngest.isLineBreakTag("br /") && !MarkdownIngest.isLineBreakTag("span"))
    }

    static let document = """
        ---
        tags: statements-releases
        date: '2021-09-09'
        source_url: https://example.gov/briefing-room/statement/
        title: "Re-Launching the U.S.-Mexico High-Level Economic\\_Dialogue"
        ---

        # The **High-Level** Economic Dialogue

        Secretary [Blinken](https://example.gov/blinken) met Mexico<sup>1</sup> officials.<!-- a comment
        over two lines --> They agreed\\_to *meet* again.

        - first item
        - second item, which
          continues here

        1. numbered
        """

    @Test func frontMatterBecomesMetadata() throws {
        let analysis = try analyse(Self.document, name: "statement.md")
        #expect(analysis.format == .markdown)
        #expect(analysis.metadata.title == "Re-Launching the U.S.-Mexico High-Level Economic Dialogue")
        #expect(analysis.date == "2021-09-09")
        #expect(analysis.metadata.sourceURL == "https://example.gov/briefing-room/statement/")
        #expect(analysis.metadata.extra["tags"] == "statements-releases")
        #expect(analysis.kind.kind == .pressStatement)
    }

    @Test func markupIsRemovedKeepingTheWords() throws {
        let analysis = try analyse(Self.document, name: "statement.md")
        let text = analysis.text.text
        #expect(text.hasPrefix("The High-Level Economic Dialogue\n\nSecretary Blinken met Mexico1 officials. They agreed_to meet again."))
        #expect(!text.contains("<sup>") && !text.contains("comment") && !text.contains("](") && !text.contains("**"))
        let blocks = analysis.segmentation.blocks
        #expect(blocks.first?.role == .heading)
        let items = blocks.filter { $0.role == .listItem }.map { analysis.text.string($0.range) }
        #expect(items == ["first item", "second item, which continues here", "numbered"])
        // "Blinken" maps back to its bytes in the Markdown source.
        let source = Array(Self.document.utf8)
        let range = text.range(of: "Blinken")!
        let start = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.lowerBound)
        let bytes = analysis.text.sourceRange(TextRange(start, start + 7))
        #expect(String(decoding: source[bytes], as: UTF8.self) == "Blinken")
        // So do words after the comment, and in the list after it.
        for word in ["agreed", "continues"] {
            let range = text.range(of: word)!
            let start = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.lowerBound)
            let bytes = analysis.text.sourceRange(TextRange(start, start + word.unicodeScalars.count))
            #expect(String(decoding: source[bytes], as: UTF8.self) == word)
        }
    }

    /// Lines of text take the short way; lines that may be markup the long one. Both give the
    /// blocks Markdown means.
    @Test func textLinesAndMarkupLines() {
        let source = """
            “Quoted” start of a paragraph
            that goes on — here.

            - an item
            lazy continuation
              indented continuation
            * another item

            \u{A0}after a no-break space
            ́combining mark first
            2. numbered
            > quoted line
            >̀ not a quote marker

            ## Heading ##
            Text under it
            ---
            Setext title
            ===
            ```
            code — kept
            ```
            """
        let blocks = MarkdownIngest.parseBlocks(MappedText(source))
        let found = blocks.map { "\($0.kind):\($0.level):\($0.text.string)" }
        #expect(found == [
            "paragraph:0:“Quoted” start of a paragraph\nthat goes on — here.",
            "listItem:0:an item\nlazy continuation\nindented continuation",
            "listItem:0:another item",
            "paragraph:0:\u{A0}after a no-break space\n\u{301}combining mark first",
            "listItem:0:numbered\nquoted line\n>\u{300} not a quote marker",
            "heading:2:Heading",
            "heading:2:Text under it",
            "heading:1:Setext title",
            "preformatted:0:code — kept",
        ], "\(found)")
        // U+1FEF GREEK VARIA is canonically "`": three of them open a fence, as "```" does.
        let varia = MarkdownIngest.parseBlocks(MappedText("\u{1FEF}\u{1FEF}\u{1FEF}\ncode line\n```\nafter"))
        #expect(varia.map { "\($0.kind):\($0.text.string)" } == ["preformatted:code line", "paragraph:after"])
    }

    /// The byte test for a thematic break against the character test it replaced.
    @Test func thematicBreaksAsByCharacters() {
        func reference(_ line: Substring) -> Bool {
            guard let head = line.first, "-*_".contains(head) else { return false }
            let chars = line.filter { $0 != " " }
            guard chars.count >= 3, let first = chars.first else { return false }
            return chars.allSatisfy { $0 == first }
        }
        let lines = ["---", "***", "___", "- - -", "* * *", "_ _ _  ", "--", "- -", "-- -x", "- item", "* item", "---a",
                     "-\u{301}--", "--\u{301}-", "- \u{301}- -", "-*-", "----------", "* * * *", "—--", "", " ---", "_", "__ _"]
        for line in lines {
            #expect(MarkdownIngest.isThematicBreak(Substring(line)) == reference(Substring(line)), "\(line.debugDescription)")
        }
        #expect(MarkdownIngest.isThematicBreak("- - -") && !MarkdownIngest.isThematicBreak("- item"))
    }
}

@Suite("HTML and XML ingest")
struct MarkupIngestTests {
    @Test func htmlMainContentInReadingOrder() throws {
        let html = """
            <!DOCTYPE html>
            <html lang="en"><head><title>Joint Statement | The White House</title>
            <meta property="og:title" content="Joint Statement on Border Security">
            <meta name="article:published_time" content="2013-08-20T10:00:00-05:00">
            <style>p { color: red }</style><script>var agreement = "signed";</script></head>
            <body><nav><a href="/">Home</a> Briefing Room</nav>
            <main><h1>Joint Statement</h1>
            <p>The United States and Mexico signed an agreement.</p>
            <p>Both &amp; each<br>Party <b>will</b> cooperate &mdash; fully.</p>
            <ul><li>First commitment</li><li>Second</li></ul></main>
            <footer>Privacy policy</footer></body></html>
            """
        let analysis = try analyse(html, name: "statement.html")
        #expect(analysis.format == .html)
        #expect(analysis.title == "Joint Statement on Border Security")
        #expect(analysis.date == "2013-08-20")
        #expect(analysis.language == "en")
        #expect(analysis.text.text == "Joint Statement\n\nThe United States and Mexico signed an agreement.\n\nBoth & each\n\nParty will cooperate - fully.\n\nFirst commitment\nSecond")
        let roles = analysis.segmentation.blocks.map(\.role)
        #expect(roles == [.heading, .paragraph, .paragraph, .paragraph, .listItem, .listItem])
        // Every word maps to its own bytes, and the entity reference to the whole "&amp;".
        let source = Array(html.utf8)
        let text = analysis.text
        for word in ["Mexico", "cooperate", "&", "Second"] {
            let range = text.text.range(of: word)!
            let start = text.text.unicodeScalars.distance(from: text.text.unicodeScalars.startIndex, to: range.lowerBound)
            let bytes = text.sourceRange(TextRange(start, start + word.unicodeScalars.count))
            let original = String(decoding: source[bytes], as: UTF8.self)
            #expect(original == (word == "&" ? "&amp;" : word))
        }
    }

    @Test func totaTreatyMetadataAndBody() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <treaty>
              <meta>
                <name>Agreement between Japan and the United Mexican States</name>
                <type>Bilateral</type>
                <parties_original>Japan; Mexico</parties_original>
                <date_signed>2004-09-17</date_signed>
                <language>en</language>
              </meta>
              <body>
                <article article_identifier="1" name="Objectives">
                  <p>The Parties shall cooperate &amp; consult.</p>
                </article>
              </body>
            </treaty>
            """
        let analysis = try analyse(xml, name: "jpn-mex.xml")
        #expect(analysis.format == .xml)
        #expect(analysis.metadata.extra["vocabulary"] == "tota")
        #expect(analysis.title == "Agreement between Japan and the United Mexican States")
        #expect(analysis.date == "2004-09-17")
        #expect(analysis.metadata.parties == ["Japan", "Mexico"])
        #expect(analysis.language == "en")
        #expect(analysis.text.text == "The Parties shall cooperate & consult.")
    }

    @Test func akomaNtosoMetadata() throws {
        let xml = """
            <akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
              <act name="agreement">
                <meta><identification source="#accord">
                  <FRBRWork><FRBRthis value="/akn/int/act/2013-08-20/1"/><FRBRdate date="2013-08-20" name="signature"/>
                  <FRBRname value="Cross Border Security Communications Network Agreement"/></FRBRWork>
                </identification></meta>
                <preface><p><docTitle>Agreement on a Cross Border Security Communications Network</docTitle></p>
                  <p>Between <party refersTo="#usa">the United States of America</party> and <party refersTo="#mex">the United Mexican States</party></p></preface>
                <body><article eId="art_1"><num>Article 1</num><content><p>The Parties shall share information.</p></content></article></body>
              </act>
            </akomaNtoso>
            """
        let analysis = try analyse(xml, name: "akn.xml")
        #expect(analysis.metadata.extra["vocabulary"] == "akoma-ntoso")
        #expect(analysis.date == "2013-08-20")
        #expect(analysis.title == "Cross Border Security Communications Network Agreement")
        #expect(analysis.metadata.parties == ["the United States of America", "the United Mexican States"])
        #expect(analysis.text.text.contains("Between the United States of America and the United Mexican States"))
        #expect(analysis.text.text.contains("Article 1\n\nThe Parties shall share information."))
    }

    @Test func malformedXMLFailsWithLineAndCause() {
        let xml = "<?xml version=\"1.0\"?>\n<treaty>\n  <body><p>The Parties shall"
        do {
            _ = try analyse(xml, name: "truncated.xml")
            Issue.record("truncated XML must fail")
        } catch {
            #expect(error.stage == .ingest)
            #expect(error.reason.hasPrefix("malformed XML at line"))
        }
    }

    @Test func externalEntitiesAreNeverLoaded() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("accord-xxe-\(UUID().uuidString).txt")
        try "TOP-SECRET-CONTENT".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE doc [<!ENTITY xxe SYSTEM "file://\(secret.path)">]>
            <doc><p>Before &xxe; after.</p></doc>
            """
        let analysis = try analyse(xml, name: "xxe.xml")
        #expect(!analysis.text.text.contains("TOP-SECRET"))
        #expect(analysis.text.text.contains("Before"))
    }

    @Test func entityExpansionIsBounded() {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        xml += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        for level in 2...9 {
            let previous = "&lol\(level - 1);"
            xml += "<!ENTITY lol\(level) \"\(String(repeating: previous, count: 10))\">\n"
        }
        xml += "]>\n<lolz>&lol9;</lolz>"
        // Either refused or left unexpanded; never a billion "lol"s.
        do {
            let analysis = try analyse(xml, name: "lolz.xml")
            #expect(analysis.text.count < 10_000)
        } catch {
            #expect(error.stage == .ingest)
        }
    }
}

/// The front-matter shortcut must read every value as `Yams.load` does.
@Suite("Front matter without the resolver")
struct FrontMatterTests {
    func assertSameAsYams(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fast = try MarkdownIngest.frontMatterMapping(yaml)
        let reference = try Yams.load(yaml: yaml) as? [String: Any]
        #expect((fast == nil) == (reference == nil), "\(yaml)", sourceLocation: sourceLocation)
        guard let fast, let reference else { return }
        #expect(Set(fast.keys) == Set(reference.keys), "\(yaml)", sourceLocation: sourceLocation)
        for (key, value) in reference {
            #expect(MarkdownIngest.metadataText(fast[key]) == MarkdownIngest.metadataText(value), "\(key) in \(yaml)", sourceLocation: sourceLocation)
        }
    }

    /// The flat reading (`FlatYAML`) against Yams' parser, on one front matter: when it reads
    /// one, the same keys, each value of the same type and text. True when it read it.
    @discardableResult
    func assertFlatSameAsYams(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard let flat = FlatYAML.mapping(yaml) else { return false }
        let fast = flat.mapValues { $0.plain ? MarkdownIngest.resolvedPlain($0.text) : $0.text }
        // The metadata's text of each value, made without the value resolved to `Any`.
        for (key, value) in flat {
            #expect(MarkdownIngest.flatText(value) == MarkdownIngest.metadataText(fast[key]), "\(key) in \(yaml.debugDescription)",
                    sourceLocation: sourceLocation)
        }
        #expect(Array(flat.keys) == Array(fast.keys), "\(yaml.debugDescription)", sourceLocation: sourceLocation)
        let composed: [String: Any]?
        do { composed = try MarkdownIngest.composedMapping(yaml) } catch {
            Issue.record("flat reading of YAML Yams rejects (\(error)): \(yaml.debugDescription)", sourceLocation: sourceLocation)
            return true
        }
        guard let composed else {
            Issue.record("flat reading of YAML that is no mapping: \(yaml.debugDescription)", sourceLocation: sourceLocation)
            return true
        }
        #expect(Set(fast.keys) == Set(composed.keys), "\(yaml.debugDescription)", sourceLocation: sourceLocation)
        for (key, value) in composed {
            let mine = fast[key]
            #expect(mine.map { "\(type(of: $0))" } == "\(type(of: value))", "\(key) in \(yaml.debugDescription)", sourceLocation: sourceLocation)
            #expect(MarkdownIngest.metadataText(mine) == MarkdownIngest.metadataText(value), "\(key) in \(yaml.debugDescription)",
                    sourceLocation: sourceLocation)
        }
        return true
    }

    @Test func flatReadingOfTypicalFrontMatter() throws {
        let typical = """
            tags: statements-releases
            date: '2021-01-20'
            modified_time: 2021-01-21 17:56:38-05:00
            source_url: https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/2021/01/20/paris-climate-agreement/
            published_time: 2021-01-20 18:56:04-05:00
            title: "Remarks by President\\_Biden at Signing of Executive Order on Strengthening\\
              \\ American\\_Manufacturing \\u201Cnow\\u201D"
            count: 12
            flag: yes

            """
        #expect(assertFlatSameAsYams(typical))
        #expect(assertFlatSameAsYams(String(typical.dropLast())))  // without the last line's break
        let flat = try #require(FlatYAML.mapping(typical))
        #expect(flat["title"]?.text == "Remarks by President\u{A0}Biden at Signing of Executive Order on Strengthening American\u{A0}Manufacturing \u{201C}now\u{201D}")
        #expect(flat["date"]?.plain == false && flat["count"]?.plain == true)
        #expect(assertFlatSameAsYams("title: \"a\n  b\n    c \"\n"))
        #expect(FlatYAML.mapping("title: \"a\n  b\n    c \"\n")?["title"]?.text == "a b c ")
        // A plain title too long for one line, and single quotes over lines, fold as double
        // quotes do.
        #expect(assertFlatSameAsYams("title: Joint Statement on a Framework for United States-North Macedonia Agreement\n  on Reciprocal, Fair, and Balanced Trade\ntags: x\n"))
        #expect(assertFlatSameAsYams("title: 'Fact Sheet: it''s a\n  long   \n    title '\nx: y\n"))
        #expect(FlatYAML.mapping("title: 'Fact Sheet: it''s a\n  long   \n    title '\n")?["title"]?.text == "Fact Sheet: it's a long title ")
        // What the flat reading leaves to Yams.
        for other in ["title:\n", "a: 1\na: 2\n", "a: [1, 2]\n", "a: x # note\n", "a: b: c\n", "a: \"x\n\n  y\"\n", "a: \"x\\q\"\n", "a: \"x\\uD800\"\n",
                      "a: 'x\ny'\n", "a: 'x\n\n  y'\n", "a: 'open\n", "a: plain\n\n  more\n", "a: plain\n  - more\n", "a: plain\n  more: x\n", "a: plain\n  #more\n", "a:\tb\n", "a: b\r\n", " a: b\n", "a: &anchor b\n", "a: |\n  text\n",
                      "# comment\na: b\n", "a: -3\n", "a: \"x\"y\n", "a: \"open\n", "a: \"x\\\nb\"\n", "a: b:\n", "1a: b\n", "a: b\n\nc: d\n"] {
            #expect(FlatYAML.mapping(other) == nil, "\(other.debugDescription)")
        }
    }

    /// Generated front matters (keys and values drawn from plain, quoted and escaped forms,
    /// folded over lines, with the characters YAML treats specially): whatever the flat
    /// reading reads, it reads as Yams does, and it reads most of them.
    @Test func flatReadingOfGeneratedFrontMatter() {
        var generator = SystemRandomNumberGenerator()
        let keys = ["title", "date", "tags", "source_url", "published_time", "x-y", "_k", "Title", "on", "yes"]
        let plains = ["plain words", "2021-01-20", "2021-01-20 18:56:04-05:00", "12", "0x1F", "1.5", "yes", "No", "null", "~",
                      "https://example.org/a?b=c#d", "a:b", "a #b", "a#b", "x,y", "[a]", "{a}", "a]b", "Ciudad Juárez", "Biden\u{2019}s",
                      "trailing   ", "plain\n  words", "two  \n    lines  \n  more", "2021-01-20\n  18:56:04-05:00", "12\n  34", "yes\n  no",
                      "a\n  - b", "a\n  b: c", "a\n  #b", "a\n  b #c", "a\n\n  b", "a\n  'b'", "!tag", "*ref", "@at", "`tick", "%p", "-dash", "?q", "a - b", "\u{85}nel", "a\u{2028}b", "\u{FEFF}bom"]
        let quotedPieces = ["word", " ", "  ", "\\_", "\\\"", "\\\\", "\\/", "\\ ", "\\t", "\\n", "\\u00e9", "\\u2019", "\\uD800",
                            "\\x41", "\\xE9", "\\xe9", "\\x4", "\\U0001F600", "\\U00110000", "\\q", "#", ": ", "'", "é", "\n  ", "\n    ", "\\\n  ", "\\\n  \\ ", "\n", "\n\n  ", " \n  "]
        var read = 0
        for _ in 0..<4_000 {
            var yaml = ""
            for key in keys.shuffled(using: &generator).prefix(Int.random(in: 1...5, using: &generator)) {
                yaml += key + ": "
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: yaml += plains.randomElement(using: &generator)!
                case 1:
                    let body = (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                        ["it''s", "a", " ", "#", ": ", "\"", "é", "\n  ", "\n    ", " \n  ", "\n\n  ", "\n", "''"].randomElement(using: &generator)!
                    }
                    yaml += "'" + body.joined() + "'"
                default:
                    let body = (0..<Int.random(in: 0...6, using: &generator)).map { _ in quotedPieces.randomElement(using: &generator)! }
                    yaml += "\"" + body.joined() + "\""
                }
                yaml += "\n"
            }
            // Half end with the last value's line (a value folded over lines, or its trailing
            // spaces, right at the end of the text).
            if Bool.random(using: &generator) { yaml.removeLast() }
            if assertFlatSameAsYams(yaml) { read += 1 }
        }
        // About a quarter are read (many pieces are forms left to Yams on purpose, and one in
        // a front matter is enough): far more than chance lets fall below this.
        #expect(read > 800, "\(read)")
    }

    @Test func everyScalarKind() throws {
        try assertSameAsYams("""
            title: "Remarks by President\\_Biden on the\\
              Plan"
            date: '2021-01-22'
            modified_time: 2021-01-22 17:47:14-05:00
            published: 2021-01-22
            tags: speeches-remarks
            url: https://example.org/a/b
            yes_word: yes
            Yes: No
            on: off
            flag: True
            nothing: null
            tilde: ~
            empty:
            count: 0x1F
            octal: 017
            float: 1.50
            inf: .inf
            neg: -3
            sexagesimal: 1:30
            merge_like: =
            letters: nope
            text: Orders signed today
            list: [a, b]
            """)
        try assertSameAsYams("a: 1\na: 2\n")
        try assertSameAsYams("base: &b {x: 1}\nother:\n  <<: *b\n")
        try assertSameAsYams("tagged: !!str 2021-01-01\nplain: 2021-01-01\n")
        try assertSameAsYams("- just\n- a list\n")
        try assertSameAsYams("scalar root")
        try assertSameAsYams("")
        try assertSameAsYams("block: |\n  two\n  lines\nfolded: >\n  one\n  line\n")
        try assertSameAsYams("2021: year key\n'quoted key': v\nn: no\nN: x\n")
        try assertSameAsYams("""
            published_time: 2021-01-20 18:56:04-05:00
            late: 2021-01-20 23:30:00-05:00
            early: 2021-01-01 00:30:00+01:00
            utc: 2021-06-30 23:59:59Z
            day: 2024-02-29
            """)
    }

    /// Time stamps read without Yams' resolver are the instants Yams makes of them, and what
    /// is not one of the two shapes, or is out of range, is left to Yams.
    @Test func timestampsAsYamsMakesThem() throws {
        let stamps = ["2021-01-20", "2024-02-29", "2000-02-29", "1900-03-01", "1969-12-31", "2099-12-31", "1600-03-01",
                      "2021-01-20 18:56:04-05:00", "2021-01-20 23:30:00-05:00", "2021-01-01 00:30:00+01:00", "2021-06-30 23:59:59Z",
                      "2021-12-31 19:00:00-05:30", "2020-02-29 12:00:00+14:00", "1999-12-31 23:59:59-12:00"]
        for stamp in stamps {
            let fast = try #require(MarkdownIngest.plainTimestamp(stamp), "\(stamp)")
            let yams = Constructor.default.any(from: .scalar(Node.Scalar(stamp, Tag(.implicit), .plain))) as? Date
            #expect(fast == yams, "\(stamp)")
        }
        // Foundation has no time zone beyond ±18 hours: such offsets are left to Yams.
        let edge = try #require(MarkdownIngest.plainTimestamp("2021-01-20 01:00:00+18:00"))
        #expect(edge == Constructor.default.any(from: .scalar(Node.Scalar("2021-01-20 01:00:00+18:00", Tag(.implicit), .plain))) as? Date)
        for other in ["2021-01-20 01:00:00+18:01", "2021-01-20 01:00:00-19:00", "2021-01-20 01:00:00+23:59"] {
            #expect(MarkdownIngest.plainTimestamp(other) == nil, "\(other)")
        }
        for other in ["2021-02-29", "2023-02-29", "2021-13-01", "2021-00-10", "2021-04-31", "2021-01-20T18:56:04Z", "2021-1-20",
                      "2021-01-20 24:00:00Z", "2021-01-20 18:56:04", "2021-01-20 18:56:04.5Z", "2021-01-20 18:56:04 Z",
                      "2021-01-20 18:56:04-5:00", "20210120", "2021-01-2x", "not a date", "", "0001-01-01", "1582-10-04"] {
            #expect(MarkdownIngest.plainTimestamp(other) == nil, "\(other)")
        }
    }

    /// Byte for byte (a string equal only canonically would pass `==`).
    @Test func metadataValuesAreCleanedAsByFoundation() {
        func reference(_ value: String) -> String {
            value.replacingOccurrences(of: "\\_", with: "_").replacingOccurrences(of: "\u{A0}", with: " ")
                .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        for value in ["plain words", " padded ", "two  spaces", "Remarks by President\u{A0}Biden", "snake\\_case\\_name", "a\\\\_b",
                      "tab\there", "line\r\nbreak", "trailing\\", "\u{A0}\u{A0}", "", "Ciudad Juárez", "accent\u{301}ed", "中文 标题",
                      "em\u{2003}space", "zero\u{200B}width", "x\\_", "Biden\u{2019}s \u{201C}plan\u{201D} \u{2014} done\u{2026}",
                      "a\u{2028}b\u{2029}c", "line\u{2028}\u{2028}sep", "dash\u{2010}\u{2011}\u{2012}\u{2013}x", "joiner\u{200D}\u{2019}",
                      "e\u{301}\u{2019}s", "\u{205F}math space\u{205F}", "\\_\u{2018}quoted\u{2019}\\_"] {
            #expect(Array(MarkdownIngest.cleanMetadataValue(value).utf8) == Array(reference(value).utf8), "\(value.debugDescription)")
        }
        // Random values of the pieces the byte reading tells apart: ASCII and its white space,
        // escapes, two-byte scalars (no-break space, NEL, letters, the last below U+0300),
        // general punctuation at both ends of its range and its spaces, and scalars beyond
        // it (which leave the value to Foundation).
        let pieces = ["a", "Z", " ", "  ", "\t", "\n", "\r\n", "\u{0B}", "\\", "\\_", "_", "\u{A0}", "\u{85}", "é", "\u{2FF}", "ß",
                      "\u{2010}", "\u{205F}", "\u{2028}", "\u{202F}", "\u{2019}", "\u{2026}", "\u{200F}", "\u{2060}", "\u{300}",
                      "\u{301}", "中", "😀", "\u{3000}", "-", "."]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let value = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(Array(MarkdownIngest.cleanMetadataValue(value).utf8) == Array(reference(value).utf8), "\(value.debugDescription)")
        }
    }

    /// Every front matter of the repository's Markdown documents, and of the shared corpus
    /// beside it when it is there (on the team's machines; CI has only the repository's).
    @Test func everyFrontMatterOfTheCorpora() throws {
        let folders = ["Corpus", "Tests/Data/gold/press"].map { repositoryRoot.appendingPathComponent($0) }
            + [repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")]
        var checked = 0, flat = 0
        for root in folders {
            guard let files = FileManager.default.enumerator(atPath: root.path) else { continue }
            for case let path as String in files where path.hasSuffix(".md") {
                guard let text = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8),
                      let range = MarkdownIngest.frontMatterRange(Array(text.unicodeScalars)) else { continue }
                let yaml = String(String.UnicodeScalarView(Array(text.unicodeScalars)[range.content]))
                try assertSameAsYams(yaml)
                if assertFlatSameAsYams(yaml) { flat += 1 }
                checked += 1
            }
        }
        #expect(checked >= 10)
        // Real front matter reaches the flat reading (how much of it does depends on these
        // files, so only that some does is asked; the typical and generated cases above say
        // what it must read).
        #expect(flat > 0, "\(flat) of \(checked)")
    }
}
