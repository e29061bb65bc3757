import Foundation

/// A JSON encoder whose output is byte for byte that of Foundation's `JSONEncoder` with
/// `[.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]` (keys sorted by their UTF-8 bytes,
/// two-space indentation, `"key" : value`, whole doubles without ".0"), at a fraction of the cost:
/// values become a small tree of enum nodes (objects keep their members in an array, not a
/// dictionary) that one pass writes into a byte buffer.
///
/// Foundation's encoder spent about a fifth of a whole run encoding reports. Types this encoder
/// does not model the way `JSONEncoder` does (`Date`, `Data`, `URL`, `Decimal`) raise
/// `PrettyJSON.Unsupported`; `JSONOutput.encode` then falls back to `JSONEncoder`, so the
/// output never differs. Coding paths are not tracked (always empty): no report type reads them. A test compares the two on every report of the bundled corpus.
public enum PrettyJSON {
    public struct Unsupported: Error {}

    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = try node(for: value)
        var writer = Writer()
        writer.bytes.reserveCapacity(16_384)
        try writer.write(root, depth: 0)
        return writer.bytes
    }

    static func node<T: Encodable>(for value: T) throws -> Node {
        switch value {
        case let string as String: return .string(string)
        case let int as Int: return .number(String(int))
        case let bool as Bool: return .literal(bool ? "true" : "false")
        case let double as Double: return try number(double)
        case is Date, is Data, is URL, is Decimal: throw Unsupported()
        default:
            let encoder = NodeEncoder()
            try value.encode(to: encoder)
            return encoder.result ?? .object(ObjectBox())
        }
    }

    static func number<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F) throws -> Node {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "Unable to encode \(F.self).\(value) directly in JSON."))
        }
        var string = value.description
        if string.hasSuffix(".0") { string.removeLast(2) }
        return .number(string)
    }

    final class ObjectBox {
        var members: [(key: String, value: Node)] = []
    }

    final class ArrayBox {
        var elements: [Node] = []
    }

    enum Node {
        case string(String)
        case number(String)
        case literal(StaticString)
        case object(ObjectBox)
        case array(ArrayBox)
    }

    struct Writer {
        var bytes: [UInt8] = []

        mutating func write(_ node: Node, depth: Int) throws {
            guard depth < 512 else {
                throw EncodingError.invalidValue(0, .init(codingPath: [], debugDescription: "Too many nested arrays or dictionaries."))
            }
            switch node {
            case .string(let string): writeString(string)
            case .number(let string): bytes.append(contentsOf: string.utf8)
            case .literal(let literal):
                literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
            case .array(let box):
                bytes.append(UInt8(ascii: "["))
                bytes.append(0x0A)
                for (index, element) in box.elements.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")); bytes.append(0x0A) }
                    indent(depth + 1)
                    try write(element, depth: depth + 1)
                }
                bytes.append(0x0A)
                indent(depth)
                bytes.append(UInt8(ascii: "]"))
            case .object(let box):
                bytes.append(UInt8(ascii: "{"))
                bytes.append(0x0A)
                // Later values for a key replace earlier ones, as in JSONEncoder's dictionary.
                var members = box.members
                if members.count > 1 {
                    members.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                    var unique: [(key: String, value: Node)] = []
                    unique.reserveCapacity(members.count)
                    for member in members {
                        if let last = unique.last, last.key == member.key { unique[unique.count - 1] = member } else { unique.append(member) }
                    }
                    members = unique
                }
                for (index, member) in members.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")); bytes.append(0x0A) }
                    indent(depth + 1)
                    writeString(member.key)
                    bytes.append(0x20); bytes.append(UInt8(ascii: ":")); bytes.append(0x20)
                    try write(member.value, depth: depth + 1)
                }
                bytes.append(0x0A)
                indent(depth)
                bytes.append(UInt8(ascii: "}"))
            }
        }

        mutating func indent(_ depth: Int) {
            for _ in 0..<depth { bytes.append(0x20); bytes.append(0x20) }
        }

        mutating func writeString(_ string: String) { JSONBuffer.appendQuoted(string, to: &bytes) }
    }

    /// Collects what one value's `encode(to:)` produces.
    final class NodeEncoder: Encoder {
        var codingPath: [CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        var result: Node?

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            let box: ObjectBox
            if case .object(let existing)? = result { box = existing } else { box = ObjectBox(); result = .object(box) }
            return KeyedEncodingContainer(KeyedContainer<Key>(box: box))
        }

        func unkeyedContainer() -> UnkeyedEncodingContainer {
            let box: ArrayBox
            if case .array(let existing)? = result { box = existing } else { box = ArrayBox(); result = .array(box) }
            return UnkeyedContainer(box: box)
        }

        func singleValueContainer() -> SingleValueEncodingContainer { SingleValue(encoder: self) }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: ObjectBox
        var codingPath: [CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { box.members.append((key.stringValue, .literal("null"))) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { box.members.append((key.stringValue, .literal(value ? "true" : "false"))) }
        mutating func encode(_ value: String, forKey key: Key) throws { box.members.append((key.stringValue, .string(value))) }
        mutating func encode(_ value: Int, forKey key: Key) throws { box.members.append((key.stringValue, .number(String(value)))) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { box.members.append((key.stringValue, .number(String(value)))) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { box.members.append((key.stringValue, .number(String(value)))) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { box.members.append((key.stringValue, .number(String(value)))) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { box.members.append((key.stringValue, .number(String(value)))) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { box.members.append((key.stringValue, .number(String(value)))) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { box.members.append((key.stringValue, .number(String(value)))) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { box.members.append((key.stringValue, .number(String(value)))) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { box.members.append((key.stringValue, .number(String(value)))) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { box.members.append((key.stringValue, .number(String(value)))) }
        mutating func encode(_ value: Double, forKey key: Key) throws {
            box.members.append((key.stringValue, try PrettyJSON.number(value)))
        }
        mutating func encode(_ value: Float, forKey key: Key) throws {
            box.members.append((key.stringValue, try PrettyJSON.number(value)))
        }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            box.members.append((key.stringValue, try PrettyJSON.node(for: value)))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectBox()
            box.members.append((key.stringValue, .object(nested)))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            let nested = ArrayBox()
            box.members.append((key.stringValue, .array(nested)))
            return UnkeyedContainer(box: nested)
        }

        mutating func superEncoder() -> Encoder { SuperEncoder(object: box, key: "super") }
        mutating func superEncoder(forKey key: Key) -> Encoder { SuperEncoder(object: box, key: key.stringValue) }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let box: ArrayBox
        var codingPath: [CodingKey] { [] }
        var count: Int { box.elements.count }

        mutating func encodeNil() throws { box.elements.append(.literal("null")) }
        mutating func encode(_ value: Bool) throws { box.elements.append(.literal(value ? "true" : "false")) }
        mutating func encode(_ value: String) throws { box.elements.append(.string(value)) }
        mutating func encode(_ value: Int) throws { box.elements.append(.number(String(value))) }
        mutating func encode(_ value: Int8) throws { box.elements.append(.number(String(value))) }
        mutating func encode(_ value: Int16) throws { box.elements.append(.number(String(value))) }
        mutating func encode(_ value: Int32) throws { box.elements.append(.number(String(value))) }
        mutating func encode(_ value: Int64) throws { box.elements.append(.number(String(value))) }
        mutating func encode(_ value: UInt) throws { box.elements.append(.number(String(value))) }
        mutating func encode(_ value: UInt8) throws { box.elements.append(.number(String(value))) }
        mutating func encode(_ value: UInt16) throws { box.elements.append(.number(String(value))) }
        mutating func encode(_ value: UInt32) throws { box.elements.append(.number(String(value))) }
        mutating func encode(_ value: UInt64) throws { box.elements.append(.number(String(value))) }
        mutating func encode(_ value: Double) throws { box.elements.append(try PrettyJSON.number(value)) }
        mutating func encode(_ value: Float) throws { box.elements.append(try PrettyJSON.number(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            box.elements.append(try PrettyJSON.node(for: value))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectBox()
            box.elements.append(.object(nested))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested))
        }

        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
            let nested = ArrayBox()
            box.elements.append(.array(nested))
            return UnkeyedContainer(box: nested)
        }

        mutating func superEncoder() -> Encoder { SuperEncoder(array: box) }
    }

    struct SingleValue: SingleValueEncodingContainer {
        let encoder: NodeEncoder
        var codingPath: [CodingKey] { encoder.codingPath }

        mutating func encodeNil() throws { encoder.result = .literal("null") }
        mutating func encode(_ value: Bool) throws { encoder.result = .literal(value ? "true" : "false") }
        mutating func encode(_ value: String) throws { encoder.result = .string(value) }
        mutating func encode(_ value: Int) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: Int8) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: Int16) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: Int32) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: Int64) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: UInt) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: UInt8) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: UInt16) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: UInt32) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: UInt64) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: Double) throws { encoder.result = try PrettyJSON.number(value) }
        mutating func encode(_ value: Float) throws { encoder.result = try PrettyJSON.number(value) }
        mutating func encode<T: Encodable>(_ value: T) throws { encoder.result = try PrettyJSON.node(for: value) }
    }

    /// `superEncoder()`: a value encoded into its own node, placed under a key or at the next index.
    /// Rare (class hierarchies); the node is stored as soon as the encoder is asked for a container.
    final class SuperEncoder: Encoder {
        var codingPath: [CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        let inner = NodeEncoder()
        let place: (Node) -> Void

        init(object: ObjectBox, key: String) {
            let index = object.members.count
            object.members.append((key, .object(ObjectBox())))
            place = { object.members[index] = (key, $0) }
        }

        init(array: ArrayBox) {
            let index = array.elements.count
            array.elements.append(.object(ObjectBox()))
            place = { array.elements[index] = $0 }
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            let container = inner.container(keyedBy: type)
            if let result = inner.result { place(result) }
            return container
        }

        func unkeyedContainer() -> UnkeyedEncodingContainer {
            let container = inner.unkeyedContainer()
            if let result = inner.result { place(result) }
            return container
        }

        func singleValueContainer() -> SingleValueEncodingContainer { SuperSingleValue(encoder: self) }

        struct SuperSingleValue: SingleValueEncodingContainer {
            let encoder: SuperEncoder
            var codingPath: [CodingKey] { encoder.codingPath }
            func set(_ node: Node) { encoder.place(node) }
            mutating func encodeNil() throws { set(.literal("null")) }
            mutating func encode(_ value: Bool) throws { set(.literal(value ? "true" : "false")) }
            mutating func encode(_ value: String) throws { set(.string(value)) }
            mutating func encode(_ value: Int) throws { set(.number(String(value))) }
            mutating func encode(_ value: Int8) throws { set(.number(String(value))) }
            mutating func encode(_ value: Int16) throws { set(.number(String(value))) }
            mutating func encode(_ value: Int32) throws { set(.number(String(value))) }
            mutating func encode(_ value: Int64) throws { set(.number(String(value))) }
            mutating func encode(_ value: UInt) throws { set(.number(String(value))) }
            mutating func encode(_ value: UInt8) throws { set(.number(String(value))) }
            mutating func encode(_ value: UInt16) throws { set(.number(String(value))) }
            mutating func encode(_ value: UInt32) throws { set(.number(String(value))) }
            mutating func encode(_ value: UInt64) throws { set(.number(String(value))) }
            mutating func encode(_ value: Double) throws { set(try PrettyJSON.number(value)) }
            mutating func encode(_ value: Float) throws { set(try PrettyJSON.number(value)) }
            mutating func encode<T: Encodable>(_ value: T) throws { set(try PrettyJSON.node(for: value)) }
        }
    }
}
