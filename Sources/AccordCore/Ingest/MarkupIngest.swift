import AccordXML

/// HTML and XML through libxml2, with the text of each node located in the source so
/// spans still map to the original bytes.
enum MarkupIngest {
    // MARK: HTML

    /// Elements whose content is never part of the reading text.
    static let htmlSkipped: Set<String> = [
        "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg",
        "button", "iframe", "select", "head", "object", "canvas", "menu", "dialog",
    ]
    static let htmlBlocks: Set<String> = [
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd",
        "blockquote", "pre", "tr", "table", "ul", "ol", "dl", "br", "hr", "figcaption", "figure", "address",
        "caption", "center", "body", "html", "tbody", "thead", "tfoot",
    ]
    static let boilerplateTokens = ["nav", "menu", "breadcrumb", "footer", "sidebar", "cookie", "social", "share", "skip-link", "banner", "masthead"]

    static func runHTML(_ source: MappedText) throws(PipelineError) -> IngestedDocument {
        let parse: MarkupParse
        do {
            parse = try MarkupParser.parseHTML(Array(source.string.utf8))
        } catch {
            throw PipelineError(stage: .ingest, "malformed HTML: \(error)")
        }
        var metadata = DocumentMetadata()
        let events = parse.events
        // Metadata from <title>, <meta>, <html lang>, <time datetime>.
        var inTitle = false
        var titleText = ""
        var ogTitle: String?
        for event in events {
            switch event {
            case .start(let name, let attributes):
                if name == "title" { inTitle = true }
                if name == "html", let lang = attributes["lang"] { metadata.language = String(lang.prefix(2)).lowercased() }
                if name == "meta" {
                    let key = (attributes["name"] ?? attributes["property"] ?? attributes["itemprop"] ?? "").lowercased()
                    let content = attributes["content"] ?? ""
                    switch key {
                    case "og:title", "dc.title", "dcterms.title", "citation_title": ogTitle = ogTitle ?? content
                    case "date", "article:published_time", "dc.date", "dcterms.date", "dc.date.issued", "pubdate",
                        "publish-date", "publication_date", "citation_date", "datepublished":
                        if metadata.date == nil { metadata.date = DateText.isoDate(fromMetadata: content) }
                    case "description", "og:description": metadata.extra["description"] = content
                    default: break
                    }
                }
                if name == "time", metadata.date == nil, let value = attributes["datetime"] {
                    metadata.date = DateText.isoDate(fromMetadata: value)
                }
            case .end(let name):
                if name == "title" { inTitle = false }
            case .text(let text):
                if inTitle { titleText += text }
            }
        }
        let title = collapseWhitespace(titleText)
        metadata.title = ogTitle.map(collapseWhitespace).flatMap { $0.isEmpty ? nil : $0 } ?? (title.isEmpty ? nil : title)

        let region = mainContentRange(events)
        var builder = BlockBuilder(locator: SourceLocator(source: source, skipRawText: true))
        var skipDepth = 0
        var preDepth = 0
        var stack: [String] = []
        for index in region {
            switch events[index] {
            case .start(let name, let attributes):
                stack.append(name)
                if skipDepth > 0 || htmlSkipped.contains(name) || isBoilerplate(attributes) {
                    skipDepth += 1
                    continue
                }
                if name == "pre" { preDepth += 1 }
                if name == "td" || name == "th" { builder.softSpace() }
                if htmlBlocks.contains(name) {
                    builder.flush()
                    builder.kind = blockKind(name)
                    builder.level = name.hasPrefix("h") ? Int(name.dropFirst()) ?? 0 : 0
                }
            case .end(let name):
                if stack.last == name { stack.removeLast() }
                if skipDepth > 0 {
                    skipDepth -= 1
                    continue
                }
                if name == "pre" { preDepth = max(0, preDepth - 1) }
                if htmlBlocks.contains(name) {
                    builder.flush()
                    builder.kind = .paragraph
                    builder.level = 0
                }
            case .text(let text):
                guard skipDepth == 0 else {
                    builder.locator.skip(text)
                    continue
                }
                builder.add(text, preserveWhitespace: preDepth > 0)
            }
        }
        builder.flush()
        return IngestedDocument(format: .html, encoding: .utf8, metadata: metadata, blocks: builder.blocks,
                                diagnostics: [], byteCount: 0)
    }

    static func blockKind(_ name: String) -> BlockKind {
        switch name {
        case "h1", "h2", "h3", "h4", "h5", "h6": return .heading
        case "li", "dt", "dd": return .listItem
        case "pre": return .preformatted
        default: return .paragraph
        }
    }

    static func isBoilerplate(_ attributes: [String: String]) -> Bool {
        if let role = attributes["role"]?.lowercased(), ["navigation", "banner", "contentinfo", "complementary", "search"].contains(role) {
            return true
        }
        if attributes["aria-hidden"] == "true" || attributes["hidden"] != nil { return true }
        let names = ((attributes["class"] ?? "") + " " + (attributes["id"] ?? "")).lowercased()
        guard !names.trimmingCharacters(in: .whitespaces).isEmpty else { return false }
        let tokens = names.split(whereSeparator: { $0 == " " || $0 == "_" })
        return tokens.contains { token in boilerplateTokens.contains { token == $0 || token.hasPrefix($0 + "-") || token.hasSuffix("-" + $0) } }
    }

    /// The events of `<main>` (or the first `<article>`, or `[role=main]`), else of the whole document.
    static func mainContentRange(_ events: [MarkupEvent]) -> Range<Int> {
        for preferred in ["main", "article"] {
            var depth = 0
            var start: Int?
            for (index, event) in events.enumerated() {
                switch event {
                case .start(let name, let attributes):
                    if start == nil, name == preferred || (preferred == "main" && attributes["role"] == "main") {
                        start = index
                        depth = 0
                    }
                    if start != nil { depth += 1 }
                case .end:
                    if let s = start {
                        depth -= 1
                        if depth == 0 { return s..<(index + 1) }
                    }
                case .text: break
                }
            }
            if let s = start { return s..<events.count }
        }
        return 0..<events.count
    }

    // MARK: DOCX

    /// WordprocessingML (word/document.xml): one block per paragraph, headings from the
    /// paragraph style, numbered and bulleted paragraphs as list items, text from runs
    /// (tabs and line breaks as spaces).
    static func runDOCX(_ source: MappedText) throws(PipelineError) -> IngestedDocument {
        let parse: MarkupParse
        do {
            parse = try MarkupParser.parseXML(Array(source.string.utf8), encoding: "UTF-8")
        } catch {
            throw PipelineError(stage: .ingest, "malformed DOCX (word/document.xml) at \(error)")
        }
        var metadata = DocumentMetadata()
        var builder = BlockBuilder(locator: SourceLocator(source: source, skipRawText: false))
        var inParagraph = false
        var inText = false
        var style = ""
        var numbered = false
        var title: String?
        var paragraphText = ""
        for event in parse.events {
            switch event {
            case .start(let name, let attributes):
                switch name {
                case "p":
                    inParagraph = true
                    style = ""
                    numbered = false
                    paragraphText = ""
                    builder.flush()
                    builder.kind = .paragraph
                case "pStyle":
                    style = (attributes["val"] ?? "").lowercased()
                case "numPr":
                    numbered = true
                case "t":
                    inText = true
                case "tab", "br", "cr":
                    if inParagraph { builder.softSpace() }
                default:
                    break
                }
            case .end(let name):
                switch name {
                case "t":
                    inText = false
                case "pPr":
                    // The paragraph's properties come before its runs: decide its kind now.
                    if style.hasPrefix("heading") || style == "title" {
                        builder.kind = .heading
                        builder.level = Int(style.filter(\.isNumber)) ?? 1
                    } else if numbered || style.contains("list") {
                        builder.kind = .listItem
                    }
                case "p":
                    if style == "title", title == nil { title = paragraphText.trimmingCharacters(in: .whitespaces) }
                    builder.flush()
                    inParagraph = false
                default:
                    break
                }
            case .text(let text):
                guard inText else {
                    builder.locator.skip(text)
                    continue
                }
                paragraphText += text
                builder.add(text, preserveWhitespace: false)
            }
        }
        builder.flush()
        metadata.title = title
        return IngestedDocument(format: .docx, encoding: .utf8, metadata: metadata, blocks: builder.blocks,
                                diagnostics: [], byteCount: 0)
    }

    // MARK: XML

    static func runXML(_ source: MappedText) throws(PipelineError) -> IngestedDocument {
        let parse: MarkupParse
        do {
            parse = try MarkupParser.parseXML(Array(source.string.utf8), encoding: "UTF-8")
        } catch {
            throw PipelineError(stage: .ingest, "malformed XML at \(error)")
        }
        let events = parse.events
        var metadata = DocumentMetadata()
        let root = parse.rootName ?? ""
        let vocabulary: String
        switch root {
        case "treaty": vocabulary = "tota"
        case "akomaNtoso": vocabulary = "akoma-ntoso"
        default: vocabulary = "generic"
        }
        metadata.extra["vocabulary"] = vocabulary

        // Mixed content: an element whose parent has non-blank text of its own is inline.
        var mixedParents = Set<Int>()
        var parentOf: [Int: Int] = [:]
        var openStack: [Int] = []
        for (index, event) in events.enumerated() {
            switch event {
            case .start:
                if let parent = openStack.last { parentOf[index] = parent }
                openStack.append(index)
            case .end:
                _ = openStack.popLast()
            case .text(let text):
                if let parent = openStack.last, text.unicodeScalars.contains(where: { !$0.isWhitespaceFast }) {
                    mixedParents.insert(parent)
                }
            }
        }

        var builder = BlockBuilder(locator: SourceLocator(source: source, skipRawText: false))
        builder.kind = .raw
        var metaDepth = 0
        var path: [String] = []
        var metaField: String?
        var metaText = ""
        // Text of an element whose content is also metadata (Akoma Ntoso docTitle, party).
        var captured: (name: String, depth: Int, text: String)?
        openStack = []
        for (index, event) in events.enumerated() {
            switch event {
            case .start(let name, let attributes):
                path.append(name)
                openStack.append(index)
                let isMeta = name == "meta" && vocabulary != "generic"
                if metaDepth > 0 || isMeta {
                    metaDepth += 1
                    metaField = name
                    metaText = ""
                    readAttributeMetadata(name: name, attributes: attributes, vocabulary: vocabulary, path: path, into: &metadata)
                    continue
                }
                readAttributeMetadata(name: name, attributes: attributes, vocabulary: vocabulary, path: path, into: &metadata)
                if vocabulary == "akoma-ntoso", captured == nil, ["docTitle", "party"].contains(name) {
                    captured = (name, path.count, "")
                }
                let inline = parentOf[index].map { mixedParents.contains($0) } ?? false
                if !inline { builder.flush(); builder.kind = .raw }
            case .end(let name):
                if !path.isEmpty { path.removeLast() }
                let index = openStack.popLast()
                if metaDepth > 0 {
                    if metaField == name {
                        readTextMetadata(field: name, text: collapseWhitespace(metaText), vocabulary: vocabulary, into: &metadata)
                    }
                    metaText = ""
                    metaDepth -= 1
                    continue
                }
                let inline = index.flatMap { parentOf[$0] }.map { mixedParents.contains($0) } ?? false
                if !inline { builder.flush(); builder.kind = .raw }
                if let capture = captured, capture.name == name, capture.depth == path.count + 1 {
                    readTextMetadata(field: name, text: collapseWhitespace(capture.text), vocabulary: vocabulary, into: &metadata)
                    captured = nil
                }
            case .text(let text):
                if metaDepth > 0 {
                    metaText += text
                    builder.locator.skip(text)
                    continue
                }
                captured?.text += text
                builder.add(text, preserveWhitespace: true)
            }
        }
        builder.flush()
        return IngestedDocument(format: .xml, encoding: .utf8, metadata: metadata, blocks: builder.blocks,
                                diagnostics: [], byteCount: 0)
    }

    static func readAttributeMetadata(name: String, attributes: [String: String], vocabulary: String, path: [String], into metadata: inout DocumentMetadata) {
        guard vocabulary == "akoma-ntoso" else {
            if let lang = attributes["xml:lang"] ?? attributes["lang"], metadata.language == nil {
                metadata.language = String(lang.prefix(2)).lowercased()
            }
            return
        }
        let inWork = path.contains("FRBRWork")
        switch name {
        case "FRBRdate" where inWork:
            if metadata.date == nil, let date = attributes["date"] { metadata.date = DateText.isoDate(fromMetadata: date) }
        case "FRBRname" where inWork:
            if metadata.title == nil, let value = attributes["value"] { metadata.title = value }
        case "FRBRlanguage":
            if metadata.language == nil, let value = attributes["language"] { metadata.language = value }
        case "docDate":
            if metadata.date == nil, let date = attributes["date"] { metadata.date = DateText.isoDate(fromMetadata: date) }
        default: break
        }
    }

    static func readTextMetadata(field: String, text: String, vocabulary: String, into metadata: inout DocumentMetadata) {
        guard !text.isEmpty else { return }
        switch (vocabulary, field) {
        case ("tota", "name"), ("tota", "title"), ("akoma-ntoso", "docTitle"):
            metadata.title = metadata.title ?? text
        case ("tota", "date_signed"), ("tota", "date"), ("tota", "signature_date"):
            metadata.date = metadata.date ?? DateText.isoDate(fromMetadata: text) ?? text
        case ("tota", "date_into_force"):
            metadata.extra["date_into_force"] = DateText.isoDate(fromMetadata: text) ?? text
        case ("tota", "parties_original"):
            let parties = text.split(whereSeparator: { $0 == ";" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) }
            if metadata.parties.isEmpty { metadata.parties = parties.filter { !$0.isEmpty } }
        case ("tota", "party"), ("tota", "partyisocode"), ("akoma-ntoso", "party"):
            if !metadata.parties.contains(text) { metadata.parties.append(text) }
        case ("tota", "language"):
            metadata.language = metadata.language ?? text
        case ("tota", "type"):
            metadata.extra["treaty_type"] = text
        default: break
        }
    }

    static func collapseWhitespace(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

/// Accumulates located text into blocks, collapsing whitespace the way HTML renders it.
struct BlockBuilder {
    var locator: SourceLocator
    var blocks: [IngestedBlock] = []
    var kind: BlockKind = .paragraph
    var level = 0
    private var current = MappedText()
    private var pendingSpace: (start: Int, end: Int)?

    init(locator: SourceLocator) {
        self.locator = locator
    }

    mutating func add(_ text: String, preserveWhitespace: Bool) {
        let located = locator.locate(text)
        let preserve = preserveWhitespace || kind == .raw || kind == .preformatted
        located.scalars.withUnsafeBufferPointer { s in
            let n = s.count
            var i = 0
            while i < n {
                let scalar = s[i]
                if !preserve && scalar.isWhitespaceFast && scalar != "\u{A0}" {
                    if !current.isEmpty && pendingSpace == nil {
                        pendingSpace = (Int(located.start(i)), Int(located.end(i)))
                    }
                    i += 1
                    continue
                }
                if let space = pendingSpace {
                    current.append(" ", start: space.start, end: space.end)
                    pendingSpace = nil
                }
                // The run up to the next white space that collapses, appended whole.
                var j = i + 1
                if preserve {
                    j = n
                } else {
                    while j < n, !(s[j].isWhitespaceFast && s[j] != "\u{A0}") { j += 1 }
                }
                current.append(contentsOf: located, range: i..<j)
                i = j
            }
        }
    }

    /// A separator between table cells.
    mutating func softSpace() {
        if !current.isEmpty, pendingSpace == nil, let last = current.lastEnd {
            pendingSpace = (Int(last), Int(last))
        }
    }

    mutating func flush() {
        pendingSpace = nil
        if current.scalars.contains(where: { !$0.isWhitespaceFast }) {
            blocks.append(IngestedBlock(kind: kind, level: level, text: current))
        }
        current = MappedText()
    }
}

/// Finds where the text libxml2 reports lies in the source. The source is scanned once
/// into its character data (markup skipped, references decoded, CRLF as LF); each text
/// node is then matched in order, so skipped elements cost nothing and every scalar
/// keeps its own byte range.
struct SourceLocator {
    /// The source's character data, each scalar with its bytes in the source.
    private(set) var data = MappedText()
    private var cursor = 0
    private let searchWindow = 1 << 20

    /// - Parameter inRuns: false only in tests, which compare the runs copied at once with
    ///   the scalars emitted one by one.
    init(source: MappedText, skipRawText: Bool, inRuns: Bool = true) {
        let s = source.scalars
        let n = s.count
        data.reserveCapacity(n)
        var i = 0
        func emit(_ scalar: Unicode.Scalar, _ from: Int, _ to: Int) {
            data.append(scalar, start: Int(source.start(from)), end: Int(source.end(to - 1)))
        }
        func hasPrefix(_ prefix: String, at index: Int) -> Bool {
            var j = index
            for p in prefix.unicodeScalars {
                guard j < n, Unicode.Scalar(p.value) == s[j] || (s[j].isUppercaseFast && p.properties.lowercaseMapping == s[j].properties.lowercaseMapping) else { return false }
                j += 1
            }
            return true
        }
        func skip(past terminator: String, from index: Int) -> Int {
            var j = index
            let first = terminator.unicodeScalars.first!
            while j < n {
                if s[j] == first, hasPrefix(terminator, at: j) { return j + terminator.unicodeScalars.count }
                j += 1
            }
            return n
        }
        // HTML's references decoded as libxml2's HTML parser decodes them (its table has
        // names `HTMLEntities` lacks): a reference left as written would leave the parser's
        // character nowhere in the source, each one costing a search of the window.
        let otherNames: ((String) -> Unicode.Scalar?)? = skipRawText ? { HTMLEntityTable.scalar(named: $0) } : nil
        while i < n {
            let c = s[i]
            if c == "<" {
                if hasPrefix("<!--", at: i) { i = skip(past: "-->", from: i + 4); continue }
                if hasPrefix("<![CDATA[", at: i) {
                    let end = skip(past: "]]>", from: i + 9)
                    if inRuns {
                        if end - 3 > i + 9 { data.append(contentsOf: source, range: (i + 9)..<(end - 3)) }
                    } else {
                        var j = i + 9
                        while j < end - 3 { emit(s[j], j, j + 1); j += 1 }
                    }
                    i = end
                    continue
                }
                if i + 1 < n, s[i + 1] == "!" || s[i + 1] == "?" || s[i + 1] == "/" || s[i + 1].isLetterFast {
                    // A tag: skip to its '>' outside quoted attribute values.
                    var j = i + 1
                    var quote: Unicode.Scalar?
                    while j < n {
                        let d = s[j]
                        if let q = quote { if d == q { quote = nil } } else if d == "\"" || d == "'" { quote = d } else if d == ">" { break }
                        j += 1
                    }
                    let isScript = skipRawText && hasPrefix("<script", at: i)
                    let isStyle = skipRawText && hasPrefix("<style", at: i)
                    i = j + 1
                    if isScript || isStyle {
                        i = skip(past: isScript ? "</script" : "</style", from: i)
                        i = skip(past: ">", from: i)
                    }
                    continue
                }
            }
            if c == "&", let (scalar, length) = HTMLEntities.decode(s, at: i, otherNames: otherNames) {
                emit(scalar, i, i + length)
                i += length
                continue
            }
            if c == "\r" {
                if i + 1 < n, s[i + 1] == "\n" { emit("\n", i, i + 2); i += 2 } else { emit("\n", i, i + 1); i += 1 }
                continue
            }
            // Character data up to the next scalar that can start markup, a reference or a
            // CRLF, copied whole with its byte ranges (each scalar its own, as one by one).
            guard inRuns else {
                emit(c, i, i + 1)
                i += 1
                continue
            }
            let next = s.withUnsafeBufferPointer { ScalarSearch.first(anyOf: "<", "&", "\r", "<", in: $0, from: i + 1) }
            data.append(contentsOf: source, range: i..<next)
            i = next
        }
    }

    /// Maps `text` onto the source, advancing past it.
    mutating func locate(_ text: String) -> MappedText {
        var out = MappedText()
        let needle = Self.scalars(of: text)
        out.reserveCapacity(needle.count)
        let count = data.count
        var i = 0
        while i < needle.count {
            if cursor < count, data.scalars[cursor] == needle[i] {
                // The run that matches, copied with its byte ranges at once.
                var k = 1
                while i + k < needle.count, cursor + k < count, data.scalars[cursor + k] == needle[i + k] { k += 1 }
                out.append(contentsOf: data, range: cursor..<(cursor + k))
                cursor += k
                i += k
                continue
            }
            if let found = find(needle, from: i) {
                cursor = found
                continue
            }
            // Not in the source as such (a reference Accord does not decode, or text the
            // parser made up): keep it, anchored at the current position.
            let at = cursor < count ? Int(data.start(cursor)) : Int(data.lastEnd ?? 0)
            out.append(needle[i], start: at, end: at)
            i += 1
        }
        return out
    }

    /// Moves past text that is dropped (skipped elements), so later text is found after it.
    mutating func skip(_ text: String) {
        let needle = Self.scalars(of: text)
        guard let first = needle.firstIndex(where: { !$0.isWhitespaceFast }) else { return }
        if let found = find(needle, from: first) {
            cursor = min(data.count, found + needle.count - first)
        }
    }

    /// The scalars of `text`, decoded once (`Array(text.unicodeScalars)` decodes twice: to
    /// count them, then to copy them).
    static func scalars(of text: String) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { scalars.append(scalar) }
        return scalars
    }

    /// Where the next few scalars of `needle` starting at `from` occur, searching ahead.
    private func find(_ needle: [Unicode.Scalar], from: Int) -> Int? {
        let length = min(16, needle.count - from)
        guard length > 0 else { return nil }
        let scalars = data.scalars
        let limit = min(scalars.count - length, cursor + searchWindow)
        guard cursor <= limit else { return nil }
        let first = needle[from]
        var p = cursor
        while p <= limit {
            if scalars[p] == first {
                var k = 1
                while k < length, scalars[p + k] == needle[from + k] { k += 1 }
                if k == length { return p }
            }
            p += 1
        }
        return nil
    }
}
