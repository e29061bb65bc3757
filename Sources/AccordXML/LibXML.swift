import CLibXML2
import Foundation

/// libxml2 must be initialised once, before any thread uses it.
private let libxmlInitialised: Bool = {
    xmlInitParser()
    return true
}()

/// An error reported by libxml2, with the C error code and where it happened.
public struct LibXMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int
    public var code: Int

    public var description: String {
        line > 0 ? "line \(line): \(message)" : message
    }
}

/// One event of a parsed tree, in document order. A flat list instead of a tree
/// keeps deeply nested (hostile) input from exhausting the stack.
public enum MarkupEvent: Sendable, Equatable {
    case start(name: String, attributes: [String: String])
    case end(name: String)
    case text(String)
}

/// The outcome of a parse: the events of the document and what libxml2 complained about.
public struct MarkupParse: Sendable {
    public var events: [MarkupEvent]
    /// Non-fatal problems (recovered errors, warnings).
    public var warnings: [LibXMLError]
    public var rootName: String?
}

/// Collects structured errors from libxml2 while one parse runs on this thread.
private final class ErrorSink {
    var errors: [LibXMLError] = []
}

/// Runs `body` with a structured error handler installed on this thread, so libxml2
/// writes nothing to standard error and every complaint is kept. Handler is per thread:
/// installed and removed inside this one synchronous call.
func withErrorCapture<T>(_ body: () throws -> T) rethrows -> (T, [LibXMLError]) {
    _ = libxmlInitialised
    let sink = ErrorSink()
    let unmanaged = Unmanaged.passRetained(sink)
    defer { unmanaged.release() }
    xmlSetStructuredErrorFunc(unmanaged.toOpaque()) { context, error in
        guard let context, let error else { return }
        let sink = Unmanaged<ErrorSink>.fromOpaque(context).takeUnretainedValue()
        guard sink.errors.count < 100 else { return }
        let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
        sink.errors.append(
            LibXMLError(
                message: message.trimmingCharacters(in: .whitespacesAndNewlines),
                line: Int(error.pointee.line), column: Int(error.pointee.int2),
                code: Int(error.pointee.code)))
    }
    defer { xmlSetStructuredErrorFunc(nil, nil) }
    let value = try body()
    return (value, sink.errors)
}

public enum MarkupParser {
    /// Parses XML with network access, DTD loading and entity substitution off.
    /// Entity expansion stays bounded because XML_PARSE_HUGE is never set.
    public static func parseXML(_ bytes: [UInt8], encoding: String? = nil) throws -> MarkupParse {
        let options = Int32(XML_PARSE_NONET.rawValue) | Int32(XML_PARSE_NOCDATA.rawValue)
            | Int32(XML_PARSE_NOWARNING.rawValue)
        let (doc, errors) = withErrorCapture { () -> xmlDocPtr? in
            bytes.withUnsafeBufferPointer { buffer -> xmlDocPtr? in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    xmlReadMemory($0, Int32(buffer.count), "document.xml", encoding, options)
                }
            }
        }
        guard let doc else {
            throw errors.first(where: { $0.code != 0 }) ?? LibXMLError(message: "not well-formed XML", line: 0, column: 0, code: 0)
        }
        defer { xmlFreeDoc(doc) }
        return MarkupParse(events: events(of: doc), warnings: errors, rootName: rootName(doc))
    }

    /// Parses HTML in recovery mode (HTML in the wild is rarely valid) without network access.
    public static func parseHTML(_ bytes: [UInt8], encoding: String? = "UTF-8") throws -> MarkupParse {
        let options = Int32(HTML_PARSE_NONET.rawValue) | Int32(HTML_PARSE_RECOVER.rawValue)
            | Int32(HTML_PARSE_NOWARNING.rawValue) | Int32(HTML_PARSE_NOERROR.rawValue)
        let (doc, errors) = withErrorCapture { () -> htmlDocPtr? in
            bytes.withUnsafeBufferPointer { buffer -> htmlDocPtr? in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    htmlReadMemory($0, Int32(buffer.count), "document.html", encoding, options)
                }
            }
        }
        guard let doc else {
            throw errors.first ?? LibXMLError(message: "unreadable HTML", line: 0, column: 0, code: 0)
        }
        defer { xmlFreeDoc(doc) }
        return MarkupParse(events: events(of: doc), warnings: errors, rootName: rootName(doc))
    }

    private static func rootName(_ doc: xmlDocPtr) -> String? {
        guard let root = xmlDocGetRootElement(doc) else { return nil }
        return String(cString: root.pointee.name)
    }

    /// Walks the tree iteratively (no recursion) and returns its events.
    private static func events(of doc: xmlDocPtr) -> [MarkupEvent] {
        var result: [MarkupEvent] = []
        var node: xmlNodePtr? = doc.pointee.children
        var stack: [xmlNodePtr] = []
        while let current = node {
            var descend = false
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                let name = localName(current)
                var attributes: [String: String] = [:]
                var attribute = current.pointee.properties
                while let a = attribute {
                    let attrName = String(cString: a.pointee.name)
                    if let value = xmlNodeGetContent(UnsafeMutableRawPointer(a).assumingMemoryBound(to: xmlNode.self)) {
                        attributes[attrName] = String(cString: value)
                        clibxml2_free(value)
                    }
                    attribute = a.pointee.next
                }
                result.append(.start(name: name, attributes: attributes))
                descend = current.pointee.children != nil
                if !descend { result.append(.end(name: name)) }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content {
                    result.append(.text(String(cString: content)))
                }
            case XML_ENTITY_REF_NODE:
                // Entities are not substituted; a reference to an undeclared or external
                // entity contributes nothing.
                break
            default:
                break
            }
            if descend, let child = current.pointee.children {
                stack.append(current)
                node = child
                continue
            }
            var next = current.pointee.next
            while next == nil, let parent = stack.popLast() {
                if parent.pointee.type == XML_ELEMENT_NODE {
                    result.append(.end(name: localName(parent)))
                }
                next = parent.pointee.next
            }
            node = next
        }
        return result
    }

    private static func localName(_ node: xmlNodePtr) -> String {
        String(cString: node.pointee.name)
    }
}

/// libxml2's own table of HTML's named character references.
public enum HTMLEntityTable {
    /// The character libxml2's HTML parser reads `&name;` as, if it knows the name (HTML
    /// 4's 253 names): a locator that decodes references as the parser does finds the
    /// parser's text where it is in the source.
    public static func scalar(named name: String) -> Unicode.Scalar? {
        guard let entry = name.withCString({ pointer in
            pointer.withMemoryRebound(to: xmlChar.self, capacity: name.utf8.count + 1) { htmlEntityLookup($0) }
        }) else { return nil }
        return Unicode.Scalar(entry.pointee.value)
    }
}
