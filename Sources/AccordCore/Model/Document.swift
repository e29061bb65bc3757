/// The formats Accord reads.
public enum DocumentFormat: String, Sendable, Codable, CaseIterable {
    case text, markdown, html, xml
    /// Word documents: the bytes given to the pipeline are the package's word/document.xml.
    case docx
    /// PDF: the bytes given to the pipeline are the text pdftotext extracted.
    case pdf
}

/// What kind of document this is (values from GOLD.md).
public enum DocumentKind: String, Sendable, Codable, CaseIterable {
    case agreement
    case pressStatement = "press-statement"
    case other
}

/// Metadata read from the document itself (front matter, `<meta>`, treaty vocabularies).
public struct DocumentMetadata: Sendable, Equatable, Codable {
    public var title: String?
    /// ISO 8601 date as the source states it.
    public var date: String?
    public var sourceURL: String?
    public var parties: [String] = []
    public var language: String?
    /// Other key/value pairs that were found, e.g. front matter `tags`.
    public var extra: [String: String] = [:]

    public init(title: String? = nil, date: String? = nil, sourceURL: String? = nil) {
        self.title = title
        self.date = date
        self.sourceURL = sourceURL
    }
}

/// A half-open range of Unicode scalar offsets into a normalized text.
public struct TextRange: Sendable, Equatable, Hashable, Codable, Comparable {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }

    public var length: Int { end - start }
    public var isEmpty: Bool { end <= start }

    public func contains(_ other: TextRange) -> Bool { start <= other.start && other.end <= end }

    public static func < (lhs: TextRange, rhs: TextRange) -> Bool {
        lhs.start != rhs.start ? lhs.start < rhs.start : lhs.end < rhs.end
    }
}
