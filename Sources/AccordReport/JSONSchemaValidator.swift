import Foundation

/// A JSON value, decoded strictly (a boolean is never a number).
public indirect enum JSONValue: Decodable, Equatable, Sendable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let value = try? container.decode(Bool.self) { self = .bool(value); return }
        if let value = try? container.decode(Double.self) { self = .number(value); return }
        if let value = try? container.decode(String.self) { self = .string(value); return }
        if let value = try? container.decode([JSONValue].self) { self = .array(value); return }
        self = .object(try container.decode([String: JSONValue].self))
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    var typeName: String {
        switch self {
        case .object: return "object"
        case .array: return "array"
        case .string: return "string"
        case .number(let n): return n == n.rounded() ? "integer" : "number"
        case .bool: return "boolean"
        case .null: return "null"
        }
    }
}

/// Validates JSON against a JSON Schema (draft 2020-12), for the keywords Accord's schemas
/// use: type, const, enum, properties, required, additionalProperties, items, minimum,
/// minLength, pattern, $ref to local $defs, anyOf/oneOf. No JSON Schema package is among
/// the project's allowed dependencies, and this subset is small enough to own.
public struct JSONSchemaValidator {
    private let root: JSONValue

    public init(schema: Data) throws {
        root = try JSONDecoder().decode(JSONValue.self, from: schema)
    }

    public struct ValidationError: Error, CustomStringConvertible, Equatable {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Returns every violation; empty when the instance is valid.
    public func validate(_ json: Data) -> [ValidationError] {
        do {
            let instance = try JSONDecoder().decode(JSONValue.self, from: json)
            var errors: [ValidationError] = []
            check(instance, against: root, at: "$", into: &errors)
            return errors
        } catch {
            return [ValidationError(path: "$", message: "not JSON: \(error)")]
        }
    }

    private func resolve(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#/") else { return nil }
        var node: JSONValue? = root
        for part in ref.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
        return node
    }

    private func check(_ value: JSONValue, against schema: JSONValue, at path: String, into errors: inout [ValidationError]) {
        if case .string(let ref)? = schema["$ref"] {
            guard let target = resolve(ref) else {
                errors.append(ValidationError(path: path, message: "unresolvable $ref \(ref)"))
                return
            }
            check(value, against: target, at: path, into: &errors)
        }
        if let expected = schema["const"], expected != value {
            errors.append(ValidationError(path: path, message: "expected \(expected)"))
        }
        if case .array(let options)? = schema["enum"], !options.contains(value) {
            errors.append(ValidationError(path: path, message: "\(value) is not one of the allowed values"))
        }
        if let type = schema["type"] {
            var types: [String] = []
            if case .string(let t) = type { types = [t] }
            if case .array(let list) = type { types = list.compactMap { if case .string(let t) = $0 { return t } else { return nil } } }
            let actual = value.typeName
            let ok = types.contains { $0 == actual || ($0 == "number" && actual == "integer") }
            if !ok {
                errors.append(ValidationError(path: path, message: "expected \(types.joined(separator: " or ")), found \(actual)"))
                return
            }
        }
        for (keyword, needed) in [("anyOf", 0), ("oneOf", 1)] {
            guard case .array(let subs)? = schema[keyword] else { continue }
            let passing = subs.filter { sub in
                var local: [ValidationError] = []
                check(value, against: sub, at: path, into: &local)
                return local.isEmpty
            }.count
            if (needed == 0 && passing == 0) || (needed == 1 && passing != 1) {
                errors.append(ValidationError(path: path, message: "matches \(passing) of \(keyword)"))
            }
        }
        switch value {
        case .string(let string):
            if case .number(let minLength)? = schema["minLength"], Double(string.count) < minLength {
                errors.append(ValidationError(path: path, message: "shorter than \(Int(minLength))"))
            }
            if case .string(let pattern)? = schema["pattern"], string.range(of: pattern, options: .regularExpression) == nil {
                errors.append(ValidationError(path: path, message: "\"\(string.prefix(80))\" does not match \(pattern)"))
            }
        case .number(let number):
            if case .number(let minimum)? = schema["minimum"], number < minimum {
                errors.append(ValidationError(path: path, message: "less than \(minimum)"))
            }
        case .object(let object):
            if case .array(let required)? = schema["required"] {
                for case .string(let name) in required where object[name] == nil {
                    errors.append(ValidationError(path: path, message: "missing required \"\(name)\""))
                }
            }
            for (key, child) in object.sorted(by: { $0.key < $1.key }) {
                if let sub = schema["properties"]?[key] {
                    check(child, against: sub, at: path + "." + key, into: &errors)
                } else if let additional = schema["additionalProperties"] {
                    if additional == .bool(false) {
                        errors.append(ValidationError(path: path, message: "unexpected property \"\(key)\""))
                    } else if case .object = additional {
                        check(child, against: additional, at: path + "." + key, into: &errors)
                    }
                }
            }
        case .array(let array):
            if let items = schema["items"] {
                for (index, element) in array.enumerated() {
                    check(element, against: items, at: "\(path)[\(index)]", into: &errors)
                }
            }
        case .bool, .null:
            break
        }
    }
}
