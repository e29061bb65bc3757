import CLibXML2
import Foundation

/// Writes XML through libxml2's xmlTextWriter into memory (never by string concatenation).
public final class XMLWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr
    private var finished = false

    public init(indent: Bool = true) {
        _ = MarkupParser.self
        xmlInitParser()
        buffer = xmlBufferCreate()
        writer = xmlNewTextWriterMemory(buffer, 0)
        if indent {
            xmlTextWriterSetIndent(writer, 1)
            xmlTextWriterSetIndentString(writer, "  ")
        }
        xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil)
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    public func startElement(_ name: String) {
        xmlTextWriterStartElement(writer, name)
    }

    public func startElement(_ name: String, namespace: String) {
        xmlTextWriterStartElementNS(writer, nil, name, namespace)
    }

    public func attribute(_ name: String, _ value: String) {
        xmlTextWriterWriteAttribute(writer, name, XMLWriter.sanitize(value))
    }

    public func text(_ value: String) {
        xmlTextWriterWriteString(writer, XMLWriter.sanitize(value))
    }

    public func endElement() {
        xmlTextWriterEndElement(writer)
    }

    /// An element holding only text.
    public func element(_ name: String, text value: String) {
        startElement(name)
        text(value)
        endElement()
    }

    /// Bytes written so far and not yet drained (after the writer's own buffer is flushed).
    public var bufferedCount: Int {
        xmlTextWriterFlush(writer)
        return Int(xmlBufferLength(buffer))
    }

    /// Hands the bytes written so far to `sink` and forgets them: a large document can go to
    /// a file piece by piece.
    public func drain(_ sink: (UnsafeRawBufferPointer) -> Void) {
        xmlTextWriterFlush(writer)
        let count = Int(xmlBufferLength(buffer))
        if count > 0, let content = xmlBufferContent(buffer) {
            sink(UnsafeRawBufferPointer(start: content, count: count))
        }
        xmlBufferEmpty(buffer)
    }

    /// Closes the document and hands the rest of its bytes to `sink`.
    public func finish(_ sink: (UnsafeRawBufferPointer) -> Void) {
        if !finished {
            xmlTextWriterEndDocument(writer)
            xmlTextWriterFlush(writer)
            finished = true
        }
        drain(sink)
    }

    /// Closes the document and returns its bytes (with a trailing newline).
    public func finish() -> Data {
        if !finished {
            xmlTextWriterEndDocument(writer)
            xmlTextWriterFlush(writer)
            finished = true
        }
        let count = Int(xmlBufferLength(buffer))
        guard let content = xmlBufferContent(buffer) else { return Data() }
        return Data(bytes: content, count: count)
    }

    /// XML 1.0 forbids most control characters even as references; they are replaced
    /// with U+FFFD so a document with stray bytes still yields a valid report.
    static func sanitize(_ value: String) -> String {
        var needsWork = false
        for scalar in value.unicodeScalars where !isAllowed(scalar) {
            needsWork = true
            break
        }
        guard needsWork else { return value }
        var out = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            out.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
        }
        return String(out)
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }
}

/// Validates XML documents against an XML Schema (XSD) through libxml2.
public final class XMLSchemaValidator: @unchecked Sendable {
    private let schema: xmlSchemaPtr
    private let lock = NSLock()

    public init(xsd: Data) throws {
        xmlInitParser()
        let parsed: xmlSchemaPtr? = xsd.withUnsafeBytes { raw in
            guard let parserContext = xmlSchemaNewMemParserCtxt(
                raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(raw.count))
            else { return nil }
            defer { xmlSchemaFreeParserCtxt(parserContext) }
            return xmlSchemaParse(parserContext)
        }
        guard let parsed else {
            throw LibXMLError(message: "the XML Schema could not be parsed", line: 0, column: 0, code: 0)
        }
        schema = parsed
    }

    init(loadingFrom path: String) throws {
        xmlInitParser()
        let (parsed, errors) = withErrorCapture { () -> xmlSchemaPtr? in
            guard let parserContext = xmlSchemaNewParserCtxt(path) else { return nil }
            defer { xmlSchemaFreeParserCtxt(parserContext) }
            return xmlSchemaParse(parserContext)
        }
        guard let parsed else {
            throw LibXMLError(message: "the XML Schema \(path) could not be parsed: \(errors.map(\.description).joined(separator: "; "))",
                              line: 0, column: 0, code: 0)
        }
        schema = parsed
    }

    deinit { xmlSchemaFree(schema) }

    /// Returns the validation errors; empty when the document is valid.
    public func validate(_ xml: Data) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        let options = Int32(XML_PARSE_NONET.rawValue)
        var problems: [String] = []
        let ((), errors) = withErrorCapture {
            let doc: xmlDocPtr? = xml.withUnsafeBytes { raw in
                xmlReadMemory(raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(raw.count), "report.xml", nil, options)
            }
            guard let doc else {
                problems.append("not well-formed")
                return
            }
            defer { xmlFreeDoc(doc) }
            guard let context = xmlSchemaNewValidCtxt(schema) else {
                problems.append("could not create a validation context")
                return
            }
            defer { xmlSchemaFreeValidCtxt(context) }
            if xmlSchemaValidateDoc(context, doc) != 0 {
                problems.append("invalid against the schema")
            }
        }
        if problems.isEmpty { return [] }
        return problems + errors.map(\.description)
    }
}


extension XMLSchemaValidator {
    /// Loads a schema from a file, so `xs:import`/`xs:include` with relative locations
    /// resolve beside it (never over the network).
    public convenience init(path: String) throws {
        try self.init(loadingFrom: path)
    }
}
