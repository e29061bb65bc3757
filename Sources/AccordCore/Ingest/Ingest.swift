import AccordXML
/// The structural role a block of text has in its source, as far as the format tells.
public enum BlockKind: String, Sendable, Codable, Equatable {
    /// Plain text whose structure (paragraphs, wraps, headings, lists) is inferred later.
    case raw
    case paragraph
    case heading
    case listItem = "list-item"
    case preformatted
}

public struct IngestedBlock: Sendable, Equatable {
    public var kind: BlockKind
    /// Heading level (1–6) for headings, nesting depth for list items.
    public var level: Int
    public var text: MappedText

    public init(kind: BlockKind, level: Int = 0, text: MappedText) {
        self.kind = kind
        self.level = level
        self.text = text
    }
}

/// What ingest hands to the normalizer: the text of the document in reading order,
/// split into blocks where the format says so, with its metadata.
public struct IngestedDocument: Sendable {
    public var format: DocumentFormat
    public var encoding: TextDecoding.Encoding
    public var metadata: DocumentMetadata
    public var blocks: [IngestedBlock]
    public var diagnostics: [Diagnostic]
    public var byteCount: Int
}

/// Ingest: bytes to text blocks, format detected from content and extension.
public struct Ingest: Sendable {
    public init() {}

    /// - Parameters:
    ///   - bytes: the file's content.
    ///   - fileName: the name (or path) of the file, for its extension; may be empty.
    public func run(bytes: [UInt8], fileName: String, format known: DocumentFormat? = nil) throws(PipelineError) -> IngestedDocument {
        if bytes.isEmpty {
            throw PipelineError(stage: .ingest, "empty file")
        }
        if let reason = TextDecoding.binaryReason(bytes) {
            throw PipelineError(stage: .ingest, reason)
        }
        let decoded = TextDecoding.decode(bytes)
        var diagnostics = decoded.diagnostics
        let format = known ?? FormatDetection.detect(fileName: fileName, text: decoded.text)
        var document: IngestedDocument
        switch format {
        case .docx:
            document = try MarkupIngest.runDOCX(decoded.text)
        case .pdf:
            document = IngestedDocument(
                format: .pdf, encoding: decoded.encoding, metadata: DocumentMetadata(),
                blocks: [IngestedBlock(kind: .raw, text: decoded.text)], diagnostics: [], byteCount: bytes.count)
        case .text:
            document = IngestedDocument(
                format: .text, encoding: decoded.encoding, metadata: DocumentMetadata(),
                blocks: [IngestedBlock(kind: .raw, text: decoded.text)], diagnostics: [], byteCount: bytes.count)
        case .markdown:
            document = MarkdownIngest.run(decoded.text)
        case .html:
            document = try MarkupIngest.runHTML(decoded.text)
        case .xml:
            document = try MarkupIngest.runXML(decoded.text)
        }
        document.encoding = decoded.encoding
        document.byteCount = bytes.count
        diagnostics.append(contentsOf: document.diagnostics)
        document.diagnostics = diagnostics
        if document.blocks.allSatisfy({ $0.text.scalars.allSatisfy { $0.properties.isWhitespace } }) {
            throw PipelineError(stage: .ingest, "no text content (\(format.rawValue))")
        }
        return document
    }
}

/// Chooses the reader from the content first, the extension second: a `.txt` that is
/// really HTML is read as HTML, and a `.xml` that does not start like XML is an error later.
public enum FormatDetection {
    public static func detect(fileName: String, text: MappedText) -> DocumentFormat {
        // Every markup test below asks for a "<" first: a text whose first scalar after white
        // space is something else is decided by its extension and a front-matter fence alone,
        // without the lower-cased head (which costs most for non-ASCII heads).
        let s = text.scalars
        let limit = min(s.count, 1024)
        var first = 0
        while first < limit, s[first].properties.isWhitespace { first += 1 }
        if first < limit, s[first] != "<" {
            switch fileExtension(fileName) {
            case "html", "htm", "xhtml": return .html
            case "xml", "akn": return .xml
            case "md", "markdown": return .markdown
            default: break
            }
            // "---" then a line break ("\r\n" one character, as the head compares it).
            if first + 3 < limit, s[first] == "-", s[first + 1] == "-", s[first + 2] == "-",
               s[first + 3] == "\n" || (s[first + 3] == "\r" && first + 4 < limit && s[first + 4] == "\n") {
                return .markdown
            }
            return .text
        }
        return generalDetect(fileName: fileName, text: text)
    }

    /// `detect` by the lower-cased head, for any text.
    static func generalDetect(fileName: String, text: MappedText) -> DocumentFormat {
        let ext = fileExtension(fileName)
        // Look at the first non-blank characters.
        // The first 1,024 scalars after leading white space, lower-cased (String.lowercased()
        // maps scalar by scalar; ASCII directly).
        let start = head(text.scalars)
        if start.hasPrefix("<?xml") {
            if start.contains("<!doctype html") || start.contains("<html") { return .html }
            return ext == "html" || ext == "htm" || ext == "xhtml" ? .html : .xml
        }
        if start.hasPrefix("<!doctype html") || start.hasPrefix("<html") || start.hasPrefix("<head") || start.hasPrefix("<body") {
            return .html
        }
        switch ext {
        case "html", "htm", "xhtml": return .html
        case "xml", "akn": return .xml
        case "md", "markdown": return .markdown
        default: break
        }
        if start.hasPrefix("---\n") || start.hasPrefix("---\r\n") {
            return .markdown
        }
        if start.hasPrefix("<") && ext != "txt" {
            return .xml
        }
        return .text
    }

    /// The first 1,024 scalars after leading white space, lower-cased: for ASCII (nearly
    /// every document) written straight into the string, else scalar by scalar.
    static func head(_ scalars: [Unicode.Scalar]) -> String {
        let prefix = scalars.prefix(1024)
        var skip = prefix.startIndex
        while skip < prefix.endIndex, prefix[skip].properties.isWhitespace { skip += 1 }
        let rest = prefix[skip...]
        if rest.allSatisfy({ $0.value < 0x80 }) {
            return String(unsafeUninitializedCapacity: rest.count) { buffer in
                for (k, scalar) in rest.enumerated() {
                    let byte = UInt8(truncatingIfNeeded: scalar.value)
                    buffer[k] = ASCIIByte.lowercased(byte)
                }
                return rest.count
            }
        }
        return generalHead(scalars)
    }

    /// `head` scalar by scalar, for any text (the ASCII path gives the same string, and is
    /// tested against this).
    static func generalHead(_ scalars: [Unicode.Scalar]) -> String {
        var head: [UInt8] = []
        head.reserveCapacity(1024)
        for scalar in scalars.prefix(1024) where !(head.isEmpty && scalar.properties.isWhitespace) {
            if scalar.value < 0x80 {
                let byte = UInt8(scalar.value)
                head.append(ASCIIByte.lowercased(byte))
            } else {
                head.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            }
        }
        return String(decoding: head, as: UTF8.self)
    }

    public static func fileExtension(_ fileName: String) -> String {
        asciiExtension(fileName) ?? generalExtension(fileName)
    }

    /// The last path component's extension, lower-cased, with names split and searched as
    /// characters.
    static func generalExtension(_ fileName: String) -> String {
        let name = fileName.split(separator: "/").last.map(String.init) ?? fileName
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// `fileExtension` for an ASCII name, on its bytes (the general path splits and searches
    /// it as characters); nil for any other name.
    static func asciiExtension(_ fileName: String) -> String? {
        return fileName.withUTF8Bytes { utf8 -> String? in
            guard !utf8.contains(where: { $0 >= 0x80 }) else { return nil }
            var end = utf8.count
            while end > 0, utf8[end - 1] == UInt8(ascii: "/") { end -= 1 }
            // No component at all: the name is empty or only slashes, and has no extension.
            guard end > 0 else { return "" }
            var start = end
            while start > 0, utf8[start - 1] != UInt8(ascii: "/") { start -= 1 }
            var dot = end - 1
            while dot >= start, utf8[dot] != UInt8(ascii: ".") { dot -= 1 }
            guard dot > start else { return "" }
            let count = end - dot - 1
            return String(unsafeUninitializedCapacity: count) { buffer in
                for k in 0..<count {
                    let byte = utf8[dot + 1 + k]
                    buffer[k] = ASCIIByte.lowercased(byte)
                }
                return count
            }
        }
    }
}
