import CLibXML2
import Foundation

/// Writes XML the way libxml2's xmlTextWriter does with indentation on (two spaces), byte
/// for byte, but in Swift straight into a byte buffer: the writer was most of the time spent
/// emitting reports. Markup is never built by concatenating strings: names and escaped values
/// go into the buffer through these calls only. The libxml2 writer stays as the reference
/// (`XMLWriter.$reference`), and a test compares the two on every sample report, the corpus
/// report and a diff.
public final class XMLWriter {
    /// Set (for a test) to write through libxml2's xmlTextWriter instead.
    @TaskLocal public static var reference = false

    private enum State { case name, text }
    private let indent: Bool
    // The writer is used by one thread at a time and never re-entered: no dynamic exclusivity
    // checks on its state (they were an access check on every call).
    private let out: ByteBuffer
    @exclusivity(unchecked) private var stack: [(name: String, state: State, namespace: String?)] = []
    /// libxml2's `doindent`: false right after text, so the closing tag follows on the same line.
    @exclusivity(unchecked) private var doIndent = true
    private var finished = false
    private let libxml: LibXMLTextWriter?
    #if DEBUG
    /// Set while `spanElement` runs its `attributes` closure: that element is not on the
    /// stack, so the closure may write attributes only (checked in debug builds).
    private var attributesOnly = false
    #endif

    /// - Parameter capacity: the bytes the document is expected to take (room made at once,
    ///   rather than by doubling as it is written).
    public init(indent: Bool = true, capacity: Int = 1 << 16) {
        self.indent = indent
        // (Unused when libxml2 writes: no room made for it then.)
        out = ByteBuffer(capacity: Self.reference ? 16 : capacity)
        if Self.reference {
            libxml = LibXMLTextWriter(indent: indent)
        } else {
            libxml = nil
            out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        }
    }

    private static func write(_ out: ByteBuffer, _ string: String) { out.append(string) }

    private static func namespaceDeclaration(_ out: ByteBuffer, _ namespace: String) {
        write(out, " xmlns=\"")
        escape(out, namespace, attribute: true)
        out.append(UInt8(ascii: "\""))
    }

    /// Ends a start tag left open (its namespace declaration last, as libxml2 writes it).
    private func closeStartTag(newline: Bool) {
        guard let top = stack.last, top.state == .name else { return }
        if let namespace = top.namespace { Self.namespaceDeclaration(out, namespace) }
        out.append(UInt8(ascii: ">"))
        if newline && indent { out.append(0x0A) }
        stack[stack.count - 1].state = .text
    }

    public func startElement(_ name: String) {
        if let libxml { libxml.startElement(name); return }
        #if DEBUG
        assert(!attributesOnly, "spanElement's attributes closure may write attributes only")
        #endif
        closeStartTag(newline: true)
        stack.append((name, .name, nil))
        Self.startTag(out, name, depth: indent ? stack.count - 1 : 0)
    }

    private static func startTag(_ out: ByteBuffer, _ name: String, depth: Int) {
        out.appendTag(indent: depth * 2, name: name, end: false)
    }

    public func startElement(_ name: String, namespace: String) {
        if let libxml { libxml.startElement(name, namespace: namespace); return }
        startElement(name)
        stack[stack.count - 1].namespace = namespace
    }

    public func attribute(_ name: String, _ value: String) {
        if let libxml { libxml.attribute(name, value); return }
        Self.writeAttribute(out, name, value)
    }

    /// `attribute(name, values.joined(separator: " "))` without the joined string made: each
    /// value escaped in turn, a space between. The same bytes: escaping goes character by
    /// character (a value is valid UTF-8, so no escaped sequence spans two values) and leaves
    /// a space as it is.
    public func attribute(_ name: String, joining values: [String]) {
        if let libxml { libxml.attribute(name, values.joined(separator: " ")); return }
        out.appendAttributeStart(name)
        for index in values.indices {
            if index > 0 { out.append(UInt8(ascii: " ")) }
            Self.escape(out, values[index], attribute: true)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// An integer attribute, its decimal digits written straight into the buffer (the same
    /// bytes as `attribute(name, String(value))`: digits and a minus sign need no escaping).
    public func attribute(_ name: String, _ value: Int) {
        if let libxml { libxml.attribute(name, String(value)); return }
        out.appendAttributeStart(name)
        out.appendDecimal(value)
        out.append(UInt8(ascii: "\""))
    }

    /// ` start="…" end="…" sourceStart="…" sourceEnd="…"`: a span's offsets (the report's
    /// most written attributes), the same bytes as four `attribute(name, value)` calls, with
    /// their names written as literal bytes and one room check for all four.
    public func spanOffsets(start: Int, end: Int, sourceStart: Int, sourceEnd: Int) {
        if libxml != nil {
            attribute("start", start)
            attribute("end", end)
            attribute("sourceStart", sourceStart)
            attribute("sourceEnd", sourceEnd)
            return
        }
        out.appendSpanOffsets(start: start, end: end, sourceStart: sourceStart, sourceEnd: sourceEnd)
    }

    /// A whole element holding a span of text: `<name` `attributes()` `spanOffsets` `rule="…">`
    /// the text `</name>`, the same bytes as `startElement`, those attributes, `text(utf8:)`
    /// and `endElement`, written straight through (an element closed where it is opened
    /// never goes on the stack of open ones). Most elements of a report are these.
    /// `attributes` may write attributes only (the element is not on the stack while it
    /// runs; a debug build checks).
    public func spanElement(_ name: String, start: Int, end: Int, sourceStart: Int, sourceEnd: Int, rule: String?,
                            text: UnsafeBufferPointer<UInt8>, attributes: () -> Void = {}) {
        if libxml != nil {
            startElement(name)
            attributes()
            spanOffsets(start: start, end: end, sourceStart: sourceStart, sourceEnd: sourceEnd)
            if let rule { attribute("rule", rule) }
            self.text(utf8: text)
            endElement()
            return
        }
        closeStartTag(newline: true)
        Self.startTag(out, name, depth: indent ? stack.count : 0)
        #if DEBUG
        attributesOnly = true
        attributes()
        attributesOnly = false
        #else
        attributes()
        #endif
        out.appendSpanOffsets(start: start, end: end, sourceStart: sourceStart, sourceEnd: sourceEnd)
        if let rule { Self.writeAttribute(out, "rule", rule) }
        out.append(UInt8(ascii: ">"))
        Self.escape(out, utf8: text, attribute: false)
        // The end tag right after the text, as `endElement` writes it after text.
        Self.endTag(out, name, depth: 0)
        if indent { out.append(0x0A) }
        doIndent = true
    }

    private static func writeAttribute(_ out: ByteBuffer, _ name: String, _ value: String) {
        out.appendAttributeStart(name)
        escape(out, value, attribute: true)
        out.append(UInt8(ascii: "\""))
    }

    public func text(_ value: String) {
        if let libxml { libxml.text(value); return }
        value.withUTF8Bytes { text(utf8: $0) }
    }

    /// `text` of UTF-8 bytes (a span of a document's text, written from the document's bytes).
    public func text(utf8: UnsafeBufferPointer<UInt8>) {
        if let libxml { libxml.text(String(decoding: utf8, as: UTF8.self)); return }
        #if DEBUG
        assert(!attributesOnly, "spanElement's attributes closure may write attributes only")
        #endif
        closeStartTag(newline: false)
        if indent { doIndent = false }
        Self.escape(out, utf8: utf8, attribute: false)
    }

    public func endElement() {
        if let libxml { libxml.endElement(); return }
        #if DEBUG
        assert(!attributesOnly, "spanElement's attributes closure may write attributes only")
        #endif
        guard let top = stack.last else { return }
        if top.state == .name {
            if let namespace = top.namespace { Self.namespaceDeclaration(out, namespace) }
            if indent { doIndent = true }
            out.append(UInt8(ascii: "/"))
            out.append(UInt8(ascii: ">"))
        } else {
            Self.endTag(out, top.name, depth: indent && doIndent ? stack.count - 1 : 0)
            doIndent = true
        }
        if indent { out.append(0x0A) }
        stack.removeLast()
    }

    private static func endTag(_ out: ByteBuffer, _ name: String, depth: Int) {
        out.appendTag(indent: depth * 2, name: name, end: true)
    }

    /// `sanitize` and escaping in one pass over the bytes: text as xmlEncodeSpecialChars
    /// escapes it; attribute values as libxml2 serializes them (line breaks and tabs as
    /// character references too). Characters XML forbids become U+FFFD.
    private static func escape(_ out: ByteBuffer, _ value: String, attribute: Bool) {
        value.withUTF8Bytes { escape(out, utf8: $0, attribute: attribute) }
    }

    private static func escape(_ out: ByteBuffer, utf8: UnsafeBufferPointer<UInt8>, attribute: Bool) {
        let count = utf8.count
        var mark = 0
        var index = 0
        while index < count {
            // Straight to the next byte that can need anything (most text has none): markup,
            // a control character (in text, not a line break or tab), 0xEF.
            index = ByteScan.xmlSpecial(utf8, from: index, attribute: attribute)
            guard index < count else { break }
            let byte = utf8[index]
            let reference: StaticString
            var width = 1
            switch byte {
            case UInt8(ascii: "<"): reference = "&lt;"
            case UInt8(ascii: ">"): reference = "&gt;"
            case UInt8(ascii: "&"): reference = "&amp;"
            case UInt8(ascii: "\""): reference = "&quot;"
            case 0x0D: reference = "&#13;"
            case 0x0A: if attribute { reference = "&#10;" } else { index += 1; continue }
            case 0x09: if attribute { reference = "&#9;" } else { index += 1; continue }
            case 0x00..<0x20: reference = "\u{FFFD}"
            case 0xEF where index + 2 < count && utf8[index + 1] == 0xBF && (utf8[index + 2] == 0xBE || utf8[index + 2] == 0xBF):
                reference = "\u{FFFD}"  // U+FFFE, U+FFFF
                width = 3
            default:
                index += 1
                continue
            }
            if index > mark { out.append(UnsafeBufferPointer(rebasing: utf8[mark..<index])) }
            out.append(reference)
            index += width
            mark = index
        }
        if count > mark { out.append(UnsafeBufferPointer(rebasing: utf8[mark...])) }
    }

    /// An element holding only text.
    public func element(_ name: String, text value: String) {
        startElement(name)
        text(value)
        endElement()
    }

    /// Bytes written so far and not yet drained.
    public var bufferedCount: Int {
        if let libxml { return libxml.bufferedCount }
        return out.count
    }

    /// Hands the bytes written so far to `sink` and forgets them: a large document can go to
    /// a file piece by piece.
    public func drain(_ sink: (UnsafeRawBufferPointer) -> Void) {
        if let libxml { libxml.drain(sink); return }
        out.withUnsafeBytes { sink($0) }
        out.removeAll()
    }

    private func endDocument() {
        guard !finished else { return }
        finished = true
        while !stack.isEmpty { endElement() }
        if !indent { out.append(0x0A) }
    }

    /// Closes the document and hands the rest of its bytes to `sink`.
    public func finish(_ sink: (UnsafeRawBufferPointer) -> Void) {
        if let libxml { libxml.finish(sink); return }
        endDocument()
        drain(sink)
    }

    /// Closes the document and returns its bytes (with a trailing newline).
    public func finish() -> Data {
        if let libxml { return libxml.finish() }
        endDocument()
        return out.takeData()
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

/// libxml2's xmlTextWriter into memory: the reference `XMLWriter` is compared against.
final class LibXMLTextWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr
    private var finished = false

    init(indent: Bool) {
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

    func startElement(_ name: String) { xmlTextWriterStartElement(writer, name) }
    func startElement(_ name: String, namespace: String) { xmlTextWriterStartElementNS(writer, nil, name, namespace) }
    func attribute(_ name: String, _ value: String) { xmlTextWriterWriteAttribute(writer, name, XMLWriter.sanitize(value)) }
    func text(_ value: String) { xmlTextWriterWriteString(writer, XMLWriter.sanitize(value)) }
    func endElement() { xmlTextWriterEndElement(writer) }

    var bufferedCount: Int {
        xmlTextWriterFlush(writer)
        return Int(xmlBufferLength(buffer))
    }

    func drain(_ sink: (UnsafeRawBufferPointer) -> Void) {
        xmlTextWriterFlush(writer)
        let count = Int(xmlBufferLength(buffer))
        if count > 0, let content = xmlBufferContent(buffer) {
            sink(UnsafeRawBufferPointer(start: content, count: count))
        }
        xmlBufferEmpty(buffer)
    }

    func finish(_ sink: (UnsafeRawBufferPointer) -> Void) {
        if !finished {
            xmlTextWriterEndDocument(writer)
            xmlTextWriterFlush(writer)
            finished = true
        }
        drain(sink)
    }

    func finish() -> Data {
        var data = Data()
        finish { data.append(contentsOf: $0) }
        return data
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
