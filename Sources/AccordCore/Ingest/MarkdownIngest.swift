import AccordXML
import Foundation
import Yams

/// Markdown with optional YAML front matter: the front matter becomes metadata, the
/// Markdown becomes blocks (headings, paragraphs, list items, code), and inline markup
/// (emphasis, links, inline HTML, comments, escapes) is removed keeping the words.
enum MarkdownIngest {
    static func run(_ source: MappedText) -> IngestedDocument {
        var diagnostics: [Diagnostic] = []
        var metadata = DocumentMetadata()
        var bodyStart = 0
        if let frontMatter = frontMatterRange(source.scalars) {
            let yaml = source.string(frontMatter.content)
            do {
                metadata = try metadataFromFrontMatter(yaml)
            } catch {
                diagnostics.append(Diagnostic(id: "markdown.front-matter",
                    "YAML front matter could not be read (\(String(describing: error).prefix(200))); kept out of the text",
                    line: 1, stage: .ingest))
            }
            bodyStart = frontMatter.end
        }
        // The body read where it starts in the source (not copied out first); only comments
        // make a new text of it.
        let body = removeComments(source, from: bodyStart)
        let blocks = parseBlocks(body.text, from: body.start).compactMap { block -> IngestedBlock? in
            var block = block
            block.text = block.kind == .preformatted ? block.text : stripInline(block.text)
            return block.text.scalars.contains(where: { !$0.isWhitespaceFast }) ? block : nil
        }
        return IngestedDocument(format: .markdown, encoding: .utf8, metadata: metadata, blocks: blocks,
                                diagnostics: diagnostics, byteCount: 0)
    }

    // MARK: Front matter

    /// `---` on the first line, up to a line `---` or `...`.
    static func frontMatterRange(_ s: [Unicode.Scalar]) -> (content: Range<Int>, end: Int)? {
        guard s.count >= 4, s[0] == "-", s[1] == "-", s[2] == "-", s[3] == "\n" || s[3] == "\r" else { return nil }
        var lineStart = s[3] == "\r" && s.count > 4 && s[4] == "\n" ? 5 : 4
        let contentStart = lineStart
        while lineStart < s.count {
            var lineEnd = lineStart
            while lineEnd < s.count, s[lineEnd] != "\n" { lineEnd += 1 }
            var end = lineEnd
            if end > lineStart, s[end - 1] == "\r" { end -= 1 }
            // The closing line: "---" or "..." (compared scalar by scalar, no string a line).
            if end - lineStart == 3, s[lineStart] == "-" || s[lineStart] == ".", s[lineStart + 1] == s[lineStart], s[lineStart + 2] == s[lineStart] {
                return (contentStart..<lineStart, min(s.count, lineEnd + 1))
            }
            lineStart = lineEnd + 1
        }
        return nil
    }

    /// The front matter as `Yams.load(yaml:) as? [String: Any]` gives it, without running
    /// Yams' regular-expression resolver on every scalar: keys are strings whatever they look
    /// like, quoted values are strings, and a plain value starting with a letter that begins
    /// no boolean or null word is a string too. Everything else is resolved by Yams itself,
    /// and front matter with tags, merge keys or nested values goes through `Yams.load`.
    static func frontMatterMapping(_ yaml: String) throws -> [String: Any]? {
        if hasTag(yaml) {
            try FrontMatterLimits.check(yaml)
            return try Yams.load(yaml: yaml, .default, FrontMatterLimits.constructor) as? [String: Any]
        }
        // A flat mapping nests nothing: only what goes to Yams' parser is measured.
        if let flat = FlatYAML.mapping(yaml) { return flat.mapValues { $0.plain ? resolvedPlain($0.text) : $0.text } }
        try FrontMatterLimits.check(yaml)
        return try composedMapping(yaml)
    }

    /// `frontMatterMapping` through Yams' parser (tests compare the flat reading with it).
    static func composedMapping(_ yaml: String) throws -> [String: Any]? {
        guard let root = try Yams.compose(yaml: yaml, Resolver.basic) else { return nil }
        guard case .mapping(let mapping) = root else { return nil }
        var result: [String: Any] = [:]
        for (key, value) in mapping {
            guard case .scalar(let keyScalar) = key, keyScalar.string != "<<", case .scalar(let scalar) = value else {
                return try Yams.load(yaml: yaml, .default, FrontMatterLimits.constructor) as? [String: Any]
            }
            result[keyScalar.string] = resolvedScalar(scalar)
        }
        return result
    }

    static func resolvedScalar(_ scalar: Node.Scalar) -> Any {
        if scalar.style != .plain { return scalar.string }
        return resolvedPlain(scalar.string)
    }

    /// A plain scalar's value.
    static func resolvedPlain(_ string: String) -> Any {
        if isPlainWord(string) { return string }
        // The time stamps of front matter ("2021-01-20", "2021-01-20 18:56:04-05:00") without
        // Yams' regular expressions, which cost more than all the rest of a document's ingest.
        if let date = plainTimestamp(string) { return date }
        return FrontMatterLimits.constructor.any(from: .scalar(Node.Scalar(string, Tag(.implicit), .plain)))
    }

    /// A plain scalar of one of the two time-stamp shapes front matter uses, `YYYY-MM-DD`
    /// and `YYYY-MM-DD hh:mm:ss` then `Z` or `±hh:mm`, as the instant YAML gives it (a date
    /// alone is midnight UTC); nil for any other text, a field out of its range, an offset
    /// beyond 18 hours or a year before 1600, which Yams resolves itself.
    static func plainTimestamp(_ text: String) -> Date? {
        return text.withUTF8Bytes { b -> Date? in
            guard b.count == 10 || b.count == 20 || b.count == 25 else { return nil }
            func number(_ at: Int, _ digits: Int) -> Int? {
                var value = 0
                for k in at..<at + digits {
                    let d = b[k] &- UInt8(ascii: "0")
                    guard d < 10 else { return nil }
                    value = value * 10 + Int(d)
                }
                return value
            }
            guard let year = number(0, 4), b[4] == UInt8(ascii: "-"), let month = number(5, 2), b[7] == UInt8(ascii: "-"),
                  let day = number(8, 2), (1...12).contains(month), year >= 1600,  // Foundation's calendar is Julian before 1582
                  (1...DateText.daysIn(month: month, year: year)).contains(day) else { return nil }
            var seconds = 0
            if b.count > 10 {
                guard b[10] == UInt8(ascii: " "), let hour = number(11, 2), b[13] == UInt8(ascii: ":"), let minute = number(14, 2),
                      b[16] == UInt8(ascii: ":"), let second = number(17, 2), hour < 24, minute < 60, second < 60 else { return nil }
                seconds = hour * 3600 + minute * 60 + second
                if b.count == 20 {
                    guard b[19] == UInt8(ascii: "Z") else { return nil }
                } else {
                    guard b[19] == UInt8(ascii: "+") || b[19] == UInt8(ascii: "-"), let offsetHours = number(20, 2), b[22] == UInt8(ascii: ":"),
                          let offsetMinutes = number(23, 2), offsetHours < 24, offsetMinutes < 60 else { return nil }
                    let offset = offsetHours * 3600 + offsetMinutes * 60
                    // Foundation has no time zone beyond ±18 hours; Yams then reads the time
                    // in the local zone. Left to Yams.
                    guard offset <= 18 * 3600 else { return nil }
                    seconds -= b[19] == UInt8(ascii: "+") ? offset : -offset
                }
            }
            let days = DateText.daysSince1970(year: year, month: month, day: day)
            return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + seconds))
        }
    }

    /// A front-matter value as metadata text: dates as ISO days, lists joined.
    static func metadataText(_ value: Any?) -> String? {
        switch value {
        case let s as String: return s
        case let d as Date:
            return DateText.isoDay(d)
        case let n as Int: return String(n)
        case let list as [Any]: return list.compactMap { metadataText($0) }.joined(separator: ", ")
        case nil: return nil
        default: return String(describing: value!)
        }
    }

    static func metadataFromFrontMatter(_ yaml: String) throws -> DocumentMetadata {
        var metadata = DocumentMetadata()
        // A flat mapping without tags (nearly all front matter): each value made text straight
        // from its scalar, as `metadataText` makes it of what `frontMatterMapping` resolves it
        // to, without each value boxed as `Any` and cast back. (The same keys in the same
        // order: `frontMatterMapping` maps this table's values in place.)
        if !hasTag(yaml), let flat = FlatYAML.mapping(yaml) {
            for (key, value) in flat { apply(key, flatText(value), to: &metadata) }
        } else {
            guard let mapping = try frontMatterMapping(yaml) else { return metadata }
            for (key, value) in mapping { apply(key, metadataText(value), to: &metadata) }
        }
        if metadata.date == nil, let published = metadata.extra["published_time"] {
            metadata.date = DateText.isoDate(fromMetadata: published)
        }
        return metadata
    }

    /// One front-matter entry, its value as metadata text, into `metadata`.
    private static func apply(_ key: String, _ text: String?, to metadata: inout DocumentMetadata) {
        guard let value = text.map(cleanMetadataValue), !value.isEmpty else { return }
        switch key.lowercased() {
        case "title": metadata.title = value
        case "date": metadata.date = DateText.isoDate(fromMetadata: value) ?? value
        case "source_url", "url", "source": metadata.sourceURL = value
        case "language", "lang": metadata.language = value
        case "parties": metadata.parties = value.components(separatedBy: ", ")
        default: metadata.extra[key] = value
        }
    }

    /// `metadataText` of the value `frontMatterMapping` resolves a flat value to: a quoted
    /// value, or a plain one that `resolvedPlain` keeps a string, as it is; a time stamp as
    /// its day; anything else resolved as there.
    static func flatText(_ value: FlatYAML.Value) -> String? {
        guard value.plain, !isPlainWord(value.text) else { return value.text }
        if let date = plainTimestamp(value.text) { return DateText.isoDay(date) }
        return metadataText(resolvedPlain(value.text))
    }

    /// A plain scalar that YAML resolves to itself: it starts with an ASCII letter that begins
    /// no boolean or null word ("yes", "no", "true", "false", "on", "off", "null" start
    /// otherwise).
    static func isPlainWord(_ string: String) -> Bool {
        guard let first = string.utf8.first else { return false }
        return ASCIIByte.isLetter(first) && !"yYnNtTfFoO".utf8.contains(first)
    }

    /// Whether the front matter has a tag's "!" (then Yams reads it whole).
    static func hasTag(_ yaml: String) -> Bool {
        // (Found by memchr: the generic `contains` went byte by byte.)
        yaml.withUTF8Bytes { $0.count > 0 && memchr($0.baseAddress!, Int32(UInt8(ascii: "!")), $0.count) != nil }
    }

    /// Front matter values carry Markdown escapes (`\_`) and no-break spaces upstream.
    static func cleanMetadataValue(_ value: String) -> String {
        switch value.withUTF8Bytes({ cleanedBytes($0) }) {
        case .same: return value
        case .made(let cleaned): return cleaned
        case .general:
            var out = value.replacingOccurrences(of: "\\_", with: "_")
            out = out.replacingOccurrences(of: "\u{A0}", with: " ")
            return out.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
    }

    private enum CleanedValue { case same, made(String), general }

    /// `cleanMetadataValue` on the value's UTF-8, for values whose scalars are all below U+0300
    /// (no combining marks: characters are scalars, but for "\r\n", which is white space
    /// either way) or general punctuation (U+2010–U+205F: dashes, curly quotes, ellipses,
    /// spaces, which never join a character either): `\_` read as `_`, runs of white space (a
    /// no-break space is one) as one space, none at either end; the other scalars' bytes
    /// copied as they are. `.same` when that is the value itself (most: ASCII, no backslash,
    /// single spaces between words), `.general` for a value with other scalars. `b` is a
    /// string's bytes, valid UTF-8: a lead byte's continuation bytes are there.
    private static func cleanedBytes(_ b: UnsafeBufferPointer<UInt8>) -> CleanedValue {
        let n = b.count
        var previousSpace = true
        var clean = true
        for byte in b {
            if byte >= 0x80 || byte == UInt8(ascii: "\\") || (byte >= 0x09 && byte <= 0x0D) || (byte == 0x20 && previousSpace) {
                clean = false
                break
            }
            previousSpace = byte == 0x20
        }
        if clean && !previousSpace { return .same }
        var general = false
        // At most the value's own bytes: every step keeps or shortens.
        let cleaned = String(unsafeUninitializedCapacity: n) { out in
            var written = 0
            var pendingSpace = false
            // The scalars decoded in place (the bytes are valid UTF-8), each with its bytes' count.
            var scalars = Lowercase.ScalarIterator(b)
            while true {
                let i = scalars.i
                guard let v = scalars.next() else { break }
                var width = scalars.i - i
                guard v < 0x300 || (0x2010...0x205F).contains(v) else {
                    general = true
                    return 0
                }
                var c = Unicode.Scalar(v)!
                if c == "\\", i + 1 < n, b[i + 1] == UInt8(ascii: "_") {
                    c = "_"
                    width = 2
                    scalars.i = i + 2
                }
                if c.isWhitespaceFast {
                    pendingSpace = written > 0
                    continue
                }
                if pendingSpace {
                    out[written] = 0x20
                    written += 1
                }
                pendingSpace = false
                if c == "_" && width == 2 {
                    out[written] = UInt8(ascii: "_")
                    written += 1
                } else {
                    for k in 0..<width { out[written + k] = b[i + k] }
                    written += width
                }
            }
            return written
        }
        return general ? .general : .made(cleaned)
    }

    // MARK: Comments

    /// The text from `start` without its `<!-- ... -->` comments (they may span lines): the
    /// text itself and `start` when there are none (most texts), else a new text of what is
    /// left (from 0).
    static func removeComments(_ text: MappedText, from start: Int) -> (text: MappedText, start: Int) {
        let s = text.scalars
        // Usually there are none: then the text is returned as it is, not copied. (Found by
        // their "<" first, over the scalars' buffer.)
        let any = s.withUnsafeBufferPointer { p -> Bool in
            var k = ScalarSearch.first("<", in: p, from: start)
            while k + 3 < p.count {
                if p[k + 1] == "!", p[k + 2] == "-", p[k + 3] == "-" { return true }
                k = ScalarSearch.first("<", in: p, from: k + 1)
            }
            return false
        }
        guard any else { return (text, start) }
        var out = MappedText()
        out.reserveCapacity(s.count - start)
        var copyFrom = start
        // Each comment's "<" and each "-" of its end found by the scalar search, not by a
        // look at every scalar (the same places: an opening starts at a "<", an end at a "-").
        s.withUnsafeBufferPointer { p in
            let n = p.count
            var i = ScalarSearch.first("<", in: p, from: start)
            while i + 3 < n {
                if p[i + 1] == "!", p[i + 2] == "-", p[i + 3] == "-" {
                    var j = i + 4
                    while j + 2 < n, !(p[j] == "-" && p[j + 1] == "-" && p[j + 2] == ">") {
                        j = ScalarSearch.first("-", in: p, from: j + 1)
                    }
                    out.append(contentsOf: text, range: copyFrom..<i)
                    i = min(n, j + 3)
                    copyFrom = i
                    i = ScalarSearch.first("<", in: p, from: i)
                    continue
                }
                i = ScalarSearch.first("<", in: p, from: i + 1)
            }
        }
        out.append(contentsOf: text, range: copyFrom..<s.count)
        return (out, 0)
    }

    // MARK: Blocks

    private struct Line {
        var range: Range<Int>
    }

    /// The blocks of the text from `from` on.
    static func parseBlocks(_ text: MappedText, from: Int = 0) -> [IngestedBlock] {
        let s = text.scalars
        var lines: [Line] = []
        // Room for a line every 48 scalars, made once (most lines are longer; a text of short
        // lines grows the list as before).
        lines.reserveCapacity(max(0, s.count - from) / 48 + 1)
        // Each line's end found by the vector search for the next line feed.
        s.withUnsafeBufferPointer { buffer in
            var start = from
            while true {
                let i = ScalarSearch.first("\n", in: buffer, from: start)
                var end = i
                if end > start, buffer[end - 1] == "\r" { end -= 1 }
                lines.append(Line(range: start..<end))
                guard i < buffer.count else { break }
                start = i + 1
            }
        }
        var blocks: [IngestedBlock] = []
        // The block being read, as the ranges of its lines: its text is made once, at its
        // size, when it ends (not grown line by line). The ranges go into one array for the
        // whole document, emptied at each block's end (not an array made for each block).
        struct Pending {
            var kind: BlockKind
            var level: Int
        }
        var current: Pending?
        var pendingLines: [Range<Int>] = []
        var fence: String?

        func flush() {
            guard let block = current else { return }
            var out = MappedText()
            out.reserveCapacity(pendingLines.reduce(pendingLines.count) { $0 + $1.count })
            for range in pendingLines {
                // Lines joined by a line break standing for no source bytes, where the line
                // starts (an empty last line, after the text's final line feed or a bare ">",
                // starts where the text ends).
                if !out.isEmpty {
                    let at = range.lowerBound < text.count ? text.start(range.lowerBound) : text.lastEnd ?? 0
                    out.appendInserted("\n", at: Int(at))
                }
                out.append(contentsOf: text, range: range)
            }
            blocks.append(IngestedBlock(kind: block.kind, level: block.level, text: out))
            current = nil
            pendingLines.removeAll(keepingCapacity: true)
        }
        func appendLine(_ range: Range<Int>, kind: BlockKind, level: Int = 0) {
            if current == nil || current!.kind != kind {
                flush()
                current = Pending(kind: kind, level: level)
            }
            pendingLines.append(range)
        }

        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\u{A0}" || (c.value >= 0x2000 && c.value <= 0x200A) || c == "\u{3000}" }
        for line in lines {
            var a = line.range.lowerBound, b = line.range.upperBound
            while a < b, isSpace(s[a]) { a += 1 }
            while b > a, isSpace(s[b - 1]) { b -= 1 }
            let indent = s[line.range].prefix(while: { $0 == " " || $0 == "\t" }).count
            // Most lines are text: a first scalar that starts no fence, quote, rule, heading,
            // underline or list item makes the line a paragraph's (or a list item's
            // continuation) without the tests below, which need the line as a string.
            if fence == nil, a < b, !Self.mayStartMarkup(s[a]) {
                let content = (line.range.lowerBound + indent)..<line.range.upperBound
                appendLine(content, kind: current?.kind == .listItem ? .listItem : .paragraph)
                continue
            }
            let trimmed = text.string(a..<b)
            if let open = fence {
                if trimmed.hasPrefix(open) {
                    fence = nil
                    flush()
                } else {
                    appendLine(line.range, kind: .preformatted)
                }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                flush()
                fence = String(trimmed.prefix(3))
                continue
            }
            if trimmed.isEmpty {
                flush()
                continue
            }
            // Blockquote markers are dropped; the quoted text stays.
            var contentStart = line.range.lowerBound + indent
            var rest = Substring(trimmed)
            while rest.hasPrefix(">") {
                rest = rest.dropFirst()
                contentStart += 1
                let spaces = rest.prefix(while: { $0 == " " }).count
                rest = rest.dropFirst(spaces)
                contentStart += spaces
            }
            let content = contentStart..<line.range.upperBound
            if isThematicBreak(rest) {
                // A setext underline of dashes under a paragraph makes it a heading.
                if rest.allSatisfy({ $0 == "-" || $0 == " " }), let paragraph = current, paragraph.kind == .paragraph {
                    current = Pending(kind: .heading, level: 2)
                }
                flush()
                continue
            }
            if !rest.isEmpty, rest.allSatisfy({ $0 == "=" }), let paragraph = current, paragraph.kind == .paragraph {
                current = Pending(kind: .heading, level: 1)
                flush()
                continue
            }
            let hashes = rest.prefix(while: { $0 == "#" }).count
            if (1...6).contains(hashes), rest.dropFirst(hashes).first.map({ $0 == " " }) ?? true {
                flush()
                var headingStart = contentStart + hashes
                while headingStart < content.upperBound, s[headingStart] == " " { headingStart += 1 }
                var headingEnd = content.upperBound
                while headingEnd > headingStart, s[headingEnd - 1] == "#" || s[headingEnd - 1] == " " { headingEnd -= 1 }
                appendLine(headingStart..<headingEnd, kind: .heading, level: hashes)
                flush()
                continue
            }
            if let markerLength = listMarkerLength(rest) {
                flush()
                let itemStart = min(contentStart + markerLength, content.upperBound)
                appendLine(itemStart..<content.upperBound, kind: .listItem, level: indent / 2)
                continue
            }
            if current?.kind == .listItem {
                // Continuation of a list item (indented or lazy).
                appendLine(content, kind: .listItem)
                continue
            }
            appendLine(content, kind: .paragraph)
        }
        flush()
        return blocks
    }

    /// Whether a line starting with `c` (after its spaces) may be anything but text: a code
    /// fence, a block quote, a thematic break or setext underline, an ATX heading, or a list
    /// item ("-", "*", "+", "•", or a number).
    static func mayStartMarkup(_ c: Unicode.Scalar) -> Bool {
        switch c {
        // U+1FEF GREEK VARIA is canonically "`": as a character it starts a code fence too.
        case "`", "\u{1FEF}", "~", ">", "-", "*", "_", "=", "#", "+", "•", "0"..."9": true
        default: false
        }
    }

    static func isThematicBreak(_ line: Substring) -> Bool {
        guard let head = line.utf8.first, head == UInt8(ascii: "-") || head == UInt8(ascii: "*") || head == UInt8(ascii: "_") else { return false }
        // On bytes: a character that is not a space is the marker only if it is the marker's
        // byte alone (a combining mark after it is a byte of its own, and not the marker).
        var markers = 0
        for byte in line.utf8 where byte != UInt8(ascii: " ") {
            guard byte == head else { return false }
            markers += 1
        }
        return markers >= 3
    }

    /// Length of a list marker and the spaces after it (`- `, `* `, `+ `, `1. `, `1) `).
    static func listMarkerLength(_ line: Substring) -> Int? {
        // Most lines start with a letter: only "-", "*", "+", "•" (E2 80 A2) or a digit can start a marker.
        guard let head = line.utf8.first,
              head == UInt8(ascii: "-") || head == UInt8(ascii: "*") || head == UInt8(ascii: "+") || head == 0xE2
                || ASCIIByte.isDigit(head) else { return nil }
        if let length = asciiListMarkerLength(line.utf8) { return length >= 0 ? length : nil }
        return generalListMarkerLength(line)
    }

    /// `listMarkerLength` on the bytes of a marker of ASCII ("-", "*", "+", or one to nine
    /// digits and "." or ")") and the spaces and tabs after it, where its answer is the
    /// characters' answer: every byte it reads is ASCII, and so is the byte after the spaces
    /// (a mark there would join the last space into another character). The length; -1 for
    /// no marker; nil where the characters must decide (a bullet "•", or a byte beyond ASCII
    /// after the spaces).
    static func asciiListMarkerLength(_ utf8: Substring.UTF8View) -> Int? {
        var i = utf8.startIndex
        let end = utf8.endIndex
        guard i < end else { return -1 }
        let head = utf8[i]
        var length = 0
        if head == UInt8(ascii: "-") || head == UInt8(ascii: "*") || head == UInt8(ascii: "+") {
            i = utf8.index(after: i)
            length = 1
        } else if ASCIIByte.isDigit(head) {
            while i < end, ASCIIByte.isDigit(utf8[i]) {
                i = utf8.index(after: i)
                length += 1
            }
            guard length <= 9 else { return -1 }
            // A byte beyond ASCII after the digits joins no digit into a "." or ")": no marker
            // either way.
            guard i < end, utf8[i] == UInt8(ascii: ".") || utf8[i] == UInt8(ascii: ")") else { return -1 }
            i = utf8.index(after: i)
            length += 1
        } else {
            return nil  // "•" and other scalars from E2: the characters decide
        }
        guard i < end, utf8[i] == 0x20 || utf8[i] == 0x09 else {
            // No space after the marker: none in either reading, unless a mark joins the
            // marker's last character (then the characters decide).
            return i < end && utf8[i] >= 0x80 ? nil : -1
        }
        while i < end, utf8[i] == 0x20 || utf8[i] == 0x09 {
            i = utf8.index(after: i)
            length += 1
        }
        if i < end, utf8[i] >= 0x80 { return nil }
        return length
    }

    /// `listMarkerLength` by characters: the reading `asciiListMarkerLength` answers for
    /// where it can (tests compare the two).
    static func generalListMarkerLength(_ line: Substring) -> Int? {
        guard let first = line.first else { return nil }
        if "-*+•".contains(first) {
            let after = line.dropFirst()
            guard let next = after.first, next == " " || next == "\t" else { return nil }
            return 1 + after.prefix(while: { $0 == " " || $0 == "\t" }).count
        }
        let digits = line.prefix(while: { $0.isASCII && $0.isNumber })
        guard (1...9).contains(digits.count) else { return nil }
        let after = line.dropFirst(digits.count)
        guard let punct = after.first, punct == "." || punct == ")" else { return nil }
        let rest = after.dropFirst()
        guard let space = rest.first, space == " " || space == "\t" else { return nil }
        return digits.count + 1 + rest.prefix(while: { $0 == " " || $0 == "\t" }).count
    }

    // MARK: Inline markup

    /// Removes inline markup keeping the words and their source offsets.
    /// - Parameter shortcut: false only in tests, which compare text without markup both ways.
    static func stripInline(_ text: MappedText, shortcut: Bool = true) -> MappedText {
        let s = text.scalars
        let n = s.count
        // Most lines have no inline markup at all: without a scalar that starts any (escape,
        // entity, tag, link, code, emphasis), the text is kept as it is.
        let mayHaveMarkup = !shortcut || s.withUnsafeBufferPointer { buffer in
            ScalarSearch.first(anyOf: ("\\", "&", "<", "[", "`", "*", "_", "~"), in: buffer, from: 0) < buffer.count
        }
        guard mayHaveMarkup else { return text }
        var drop = [Bool](repeating: false, count: n)
        var replacement: [Int: (Unicode.Scalar, Int)] = [:]  // start -> (scalar, length)

        var i = 0
        while i < n {
            let c = s[i]
            if c == "\\", i + 1 < n, isEscapable(s[i + 1]) {
                drop[i] = true
                i += 2
                continue
            }
            if c == "&", let (scalar, length) = HTMLEntities.decode(s, at: i) {
                replacement[i] = (scalar, length)
                i += length
                continue
            }
            if c == "<", let end = tagEnd(s, from: i) {
                let inner = String(scalars: s[(i + 1)..<end])
                if inner.hasPrefix("http://") || inner.hasPrefix("https://") || inner.hasPrefix("mailto:") {
                    drop[i] = true
                    drop[end] = true
                } else {
                    for k in i...end { drop[k] = true }
                    if isLineBreakTag(inner) {
                        // A line break tag stands for a space.
                        drop[i] = false
                        replacement[i] = (" ", end - i + 1)
                    }
                }
                i = end + 1
                continue
            }
            if c == "[" || (c == "!" && i + 1 < n && s[i + 1] == "[") {
                let open = c == "!" ? i + 1 : i
                if let close = matching(s, from: open, open: "[", close: "]") {
                    let isFootnote = open + 1 < n && s[open + 1] == "^"
                    if close + 1 < n, s[close + 1] == "(", let paren = matching(s, from: close + 1, open: "(", close: ")") {
                        for k in i...open { drop[k] = true }
                        for k in close...paren { drop[k] = true }
                        if isFootnote { for k in open...close { drop[k] = true } }
                        i = open + 1
                        continue
                    }
                    if close + 1 < n, s[close + 1] == "[", let bracket = matching(s, from: close + 1, open: "[", close: "]") {
                        for k in i...open { drop[k] = true }
                        for k in close...bracket { drop[k] = true }
                        i = open + 1
                        continue
                    }
                    if isFootnote {
                        for k in i...close { drop[k] = true }
                        i = close + 1
                        continue
                    }
                }
            }
            if c == "`" {
                drop[i] = true
                i += 1
                continue
            }
            if c == "*" || c == "_" || c == "~" {
                var j = i
                while j < n, s[j] == c { j += 1 }
                let before: Unicode.Scalar? = i > 0 ? s[i - 1] : nil
                let after: Unicode.Scalar? = j < n ? s[j] : nil
                let wordBefore = before.map(isWordScalar) ?? false
                let wordAfter = after.map(isWordScalar) ?? false
                let spaceBefore = before.map { $0.isWhitespaceFast } ?? true
                let spaceAfter = after.map { $0.isWhitespaceFast } ?? true
                let isIntraword = wordBefore && wordAfter && c != "*"
                let isLone = spaceBefore && spaceAfter
                if !isIntraword && !isLone && (c != "~" || j - i >= 2) {
                    for k in i..<j { drop[k] = true }
                }
                i = j
                continue
            }
            i += 1
            // (With the shortcut, the plain scalars after it are passed over to the next that
            // may start markup, sixteen at a time; an image's "!" right before its bracket is
            // where the loop goes on, as it would have read it. The tests compare this with
            // the loop over every scalar.)
            if shortcut && i < n {
                let next = s.withUnsafeBufferPointer { ScalarSearch.first(anyOf: ("\\", "&", "<", "[", "`", "*", "_", "~"), in: $0, from: i) }
                i = next > i && next < n && s[next] == "[" && s[next - 1] == "!" ? next - 1 : next
            }
        }

        // The kept scalars in runs, one copy a run; replacements where they start.
        var out = MappedText()
        out.reserveCapacity(n)
        let replaced = replacement.keys.sorted()
        var next = 0
        i = 0
        while i < n {
            while next < replaced.count, replaced[next] < i { next += 1 }
            if next < replaced.count, replaced[next] == i, let (scalar, length) = replacement[i] {
                out.append(scalar, start: Int(text.start(i)), end: Int(text.end(i + length - 1)))
                i += length
                next += 1
                continue
            }
            let limit = next < replaced.count ? replaced[next] : n
            var j = i
            while j < limit {
                if drop[j] { j += 1; continue }
                var k = j + 1
                while k < limit, !drop[k] { k += 1 }
                out.append(contentsOf: text, range: j..<k)
                j = k
            }
            i = limit
        }
        return out
    }

    /// Whether a tag's inside names a line break: lower-cased, without the slashes and spaces
    /// at its ends, it starts "br" (`<br>`, `<BR/>`, `</br >`). An ASCII tag (nearly all) is
    /// read on its bytes; any other goes through Foundation's trimming, as it always did.
    static func isLineBreakTag(_ inner: String) -> Bool {
        let utf8 = inner.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            return inner.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "/ ")).hasPrefix("br")
        }
        guard let start = utf8.firstIndex(where: { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: " ") }) else { return false }
        var bytes = utf8[start...].makeIterator()
        guard let b = bytes.next(), b | 0x20 == UInt8(ascii: "b"), let r = bytes.next() else { return false }
        return r | 0x20 == UInt8(ascii: "r")
    }

    private static func isEscapable(_ c: Unicode.Scalar) -> Bool {
        "\\`*_{}[]()#+-.!<>|~\"'$".unicodeScalars.contains(c)
    }

    private static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        c.isLetterFast || c.properties.numericType != nil
    }

    /// The index of `>` closing an HTML tag or autolink starting at `from`, if it is one.
    static func tagEnd(_ s: [Unicode.Scalar], from: Int) -> Int? {
        guard from + 1 < s.count else { return nil }
        let next = s[from + 1]
        guard next == "/" || next.isLetterFast || next == "!" else { return nil }
        var j = from + 1
        let limit = min(s.count, from + 2000)
        while j < limit {
            if s[j] == ">" { return j }
            if s[j] == "<" || s[j] == "\n" && j > from + 400 { return nil }
            j += 1
        }
        return nil
    }

    static func matching(_ s: [Unicode.Scalar], from: Int, open: Unicode.Scalar, close: Unicode.Scalar) -> Int? {
        var depth = 0
        var j = from
        let limit = min(s.count, from + 4000)
        while j < limit {
            if s[j] == "\\" { j += 2; continue }
            if s[j] == open { depth += 1 }
            if s[j] == close {
                depth -= 1
                if depth == 0 { return j }
            }
            if s[j] == "\n", j + 1 < s.count, s[j + 1] == "\n" { return nil }
            j += 1
        }
        return nil
    }
}

extension MappedText {
    mutating func append(_ other: MappedText, at index: Int) {
        append(other.scalars[index], start: Int(other.start(index)), end: Int(other.end(index)))
    }
}

/// Front matter that Yams cannot read without ending the process:
/// - integers: Yams reads an integer with colons ("1:2:3", or anything tagged `!!int") in
///   base 60 with arithmetic that traps past `Int.max`, and negates what it read (a trap
///   for `Int.min`). Front matter is read with `constructor`, Yams' own but for integers:
///   one whose reading would trap is left a string, as any integer Yams cannot read is.
/// - nesting: Yams reads nested collections by recursion, which overflows a thread's stack
///   at a few thousand levels (aliases, expanded in place, multiply what they name). Front
///   matter is refused, reported as unreadable like any YAML error (the document is read
///   without it), past bounds taken on the text as written: flow collections nest no
///   deeper than the "[" and "{" in it, block collections no deeper than a line's
///   indentation and block indicators (lines end at LF, CR, NEL, U+2028 and U+2029, as
///   YAML's do), and with anchors ("&name") the aliases ("*name") are counted and their
///   number bounds what they can expand to. No real front matter comes near the bounds.
enum FrontMatterLimits {
    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    /// Yams' default constructor, but for integers whose base-60 reading would trap.
    // (Immutable once made: its maps are `let`s, read by every thread.)
    nonisolated(unsafe) static let constructor: Constructor = {
        var scalars = Constructor.defaultScalarMap
        scalars[.int] = { scalar in
            sexagesimalTraps(scalar.string) ? nil : Int.construct(from: scalar)
        }
        return Constructor(scalars)
    }()

    /// Deepest nesting let through: brackets plus a line's indentation, times one more
    /// than the aliases (each can bring in what it names). Yams was seen to read 3,000
    /// levels on a worker thread.
    static let maximumNesting = 1_500
    /// Most aliases (when there are anchors).
    static let maximumAliases = 16

    static func check(_ yaml: String) throws {
        try yaml.withUTF8Bytes { b in
            let shape = measure(b)
            let aliases = shape.anchors > 0 ? shape.aliases : 0
            if aliases > maximumAliases {
                throw Unreadable(description: "\(aliases) aliases (at most \(maximumAliases) are read)")
            }
            let nesting = (shape.openers + shape.indentation) * (aliases + 1)
            if nesting > maximumNesting {
                throw Unreadable(description: "nested up to \(nesting) levels (at most \(maximumNesting) are read)")
            }
        }
    }

    /// The text's "[" and "{", its deepest line (indentation and block indicators), its
    /// anchors ("&" then a name, not after a letter or digit) and its aliases ("*" the same).
    static func measure(_ b: UnsafeBufferPointer<UInt8>) -> (openers: Int, indentation: Int, anchors: Int, aliases: Int) {
        var openers = 0, deepest = 0, anchors = 0, aliases = 0
        let n = b.count
        /// The length of the line break at `i` (LF, CR, NEL, U+2028, U+2029), or 0.
        func lineBreak(_ i: Int) -> Int {
            let c = b[i]
            if c == 0x0A || c == 0x0D { return 1 }
            if c == 0xC2, i + 1 < n, b[i + 1] == 0x85 { return 2 }
            if c == 0xE2, i + 2 < n, b[i + 1] == 0x80, b[i + 2] == 0xA8 || b[i + 2] == 0xA9 { return 3 }
            return 0
        }
        func isNameByte(_ c: UInt8) -> Bool {
            c >= 0x80 || ASCIIByte.isDigit(c) || ASCIIByte.isLetter(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
        }
        var i = 0
        while i < n {
            // A line's indentation and the block indicators ("- ", "? ", ": ") that open
            // nested collections on it, each column a possible level.
            var column = 0
            while i < n {
                let c = b[i]
                if c == 0x20 || c == 0x09 {
                    column += 1
                    i += 1
                } else if (c == UInt8(ascii: "-") || c == UInt8(ascii: "?") || c == UInt8(ascii: ":")), i + 1 < n, b[i + 1] == 0x20 || b[i + 1] == 0x09 {
                    column += 2
                    i += 2
                } else {
                    break
                }
            }
            deepest = max(deepest, column)
            var previous: UInt8 = 0x20
            while i < n {
                let length = lineBreak(i)
                if length > 0 {
                    i += length
                    break
                }
                let c = b[i]
                if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") { openers += 1 }
                if (c == UInt8(ascii: "*") || c == UInt8(ascii: "&")), !isNameByte(previous) || previous == UInt8(ascii: "-"),
                   i + 1 < n, isNameByte(b[i + 1]) {
                    if c == UInt8(ascii: "*") { aliases += 1 } else { anchors += 1 }
                }
                previous = c
                i += 1
            }
        }
        return (openers, deepest, anchors, aliases)
    }

    /// Whether Yams' reading of `text` as an integer (`Int._construct`: "_" removed, the
    /// sign, the "0x", "0b", "0o" and "0" prefixes read in their radix, and with a colon
    /// `String.sexagesimal`) would trap: from the last colon-separated part that is a
    /// decimal integer on (the others dropped, as Yams drops them), the value plus the
    /// part times the base, the base times 60, then the sign times the value, every step
    /// checked.
    static func sexagesimalTraps(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: ":")) else { return false }
        bytes.removeAll { $0 == UInt8(ascii: "_") }
        let negative = bytes.first == UInt8(ascii: "-")
        let hasSign = negative || bytes.first == UInt8(ascii: "+")
        let body = hasSign ? Array(bytes.dropFirst()) : bytes
        // Read in a radix, not in base 60 (Yams' checks there do not trap).
        if body.first == UInt8(ascii: "0") { return false }
        let groups = body.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            .compactMap { Int(String(decoding: $0, as: UTF8.self), radix: 10) }
        var base = 1, value = 0
        for group in groups.reversed() {
            let (product, productOverflow) = group.multipliedReportingOverflow(by: base)
            let (sum, sumOverflow) = value.addingReportingOverflow(product)
            let (nextBase, baseOverflow) = base.multipliedReportingOverflow(by: 60)
            if productOverflow || sumOverflow || baseOverflow { return true }
            value = sum
            base = nextBase
        }
        return value.multipliedReportingOverflow(by: negative ? -1 : 1).overflow
    }
}
