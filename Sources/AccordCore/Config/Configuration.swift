import Foundation
import Yams

/// What a policy team teaches Accord without writing Swift (`accord.yaml`): its own
/// entities, programs and agreements, the words its drafters use for commitments, and
/// names never to extract. Part of the pipeline's identity: changing it changes reports.
public struct Configuration: Sendable, Equatable {
    public struct Location: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var column: Int
        public var description: String { "\(file):\(line):\(column)" }
    }

    public struct RoleEntry: Sendable, Equatable {
        public var title: String
        public var organization: String?
        public var country: String?
        public var from: String?
        public var to: String?
    }

    public struct EntityEntry: Sendable, Equatable {
        public var name: String
        public var type: EntityType
        public var aliases: [String]
        public var country: String?
        public var parent: String?
        public var roles: [RoleEntry]
        public var location: Location
    }

    public struct NamedEntry: Sendable, Equatable {
        public var name: String
        public var aliases: [String]
        /// Program kind ("network", "working-group") or agreement type ("treaty").
        public var kind: String?
        public var parties: [String]
        public var location: Location
    }

    public var entities: [EntityEntry] = []
    public var programs: [NamedEntry] = []
    public var agreements: [NamedEntry] = []
    /// Extra words or phrases per modality ("endeavour to" → commitment).
    public var commitmentPhrases: [Modality: [String]] = [:]
    /// Phrases that must never count as a commitment trigger ("will be held").
    public var ignoredPhrases: [String] = []
    /// Names never to extract as the given type ("Chad" as a person).
    public var stopList: [EntityType: [String]] = [:]
    /// The file it came from and the hash of its bytes (reports name it).
    public var source: String?
    public var sha256: String?

    public init() {}

    public var isEmpty: Bool {
        entities.isEmpty && programs.isEmpty && agreements.isEmpty && commitmentPhrases.isEmpty && ignoredPhrases.isEmpty && stopList.isEmpty
    }
}

/// A problem in a configuration file, with where it is.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: Configuration.Location
    public var message: String
    public var description: String { "\(location): error: \(message)" }
}

extension Configuration {
    /// Reads and validates a configuration file. Every problem is reported, not only the
    /// first; the run does not start while there is one.
    public static func load(path: String) throws -> Configuration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationErrors([ConfigurationError(location: .init(file: path, line: 0, column: 0), message: "cannot read the file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationErrors([ConfigurationError(location: .init(file: path, line: 1, column: 1), message: "not UTF-8 text")])
        }
        var configuration = try parse(text, file: path)
        configuration.source = path
        configuration.sha256 = SHA256.hex(Array(data))
        return configuration
    }

    public static func parse(_ text: String, file: String) throws -> Configuration {
        var parser = ConfigurationParser(file: file)
        let configuration = parser.parse(text)
        if !parser.errors.isEmpty { throw ConfigurationErrors(parser.errors) }
        return configuration
    }
}

/// All the problems found in one file.
public struct ConfigurationErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigurationError]
    public init(_ errors: [ConfigurationError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Walks the YAML node tree, checking keys, types, dates and duplicates as it goes.
struct ConfigurationParser {
    let file: String
    var errors: [ConfigurationError] = []

    init(file: String) { self.file = file }

    func location(_ node: Node?) -> Configuration.Location {
        .init(file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0)
    }

    mutating func fail(_ node: Node?, _ message: String) {
        errors.append(ConfigurationError(location: location(node), message: message))
    }

    mutating func parse(_ text: String) -> Configuration {
        var configuration = Configuration()
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                errors.append(ConfigurationError(location: .init(file: file, line: mark.line, column: mark.column), message: "not valid YAML: \(problem)"))
            default:
                errors.append(ConfigurationError(location: .init(file: file, line: 1, column: 1), message: "not valid YAML: \(error)"))
            }
            return configuration
        } catch {
            errors.append(ConfigurationError(location: .init(file: file, line: 1, column: 1), message: "not valid YAML: \(error)"))
            return configuration
        }
        guard let root else { return configuration }  // an empty file is an empty configuration
        guard let mapping = root.mapping else {
            fail(root, "expected a mapping with the keys entities, programs, agreements, commitments, stoplist")
            return configuration
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                fail(keyNode, "expected a key")
                continue
            }
            switch key {
            case "entities": configuration.entities = entities(value)
            case "programs": configuration.programs = named(value, section: "programs")
            case "agreements": configuration.agreements = named(value, section: "agreements")
            case "commitments": commitments(value, into: &configuration)
            case "stoplist": configuration.stopList = stopList(value)
            default: fail(keyNode, "unknown key \"\(key)\" (expected entities, programs, agreements, commitments or stoplist)")
            }
        }
        return configuration
    }

    mutating func string(_ node: Node, _ what: String) -> String? {
        guard case .scalar = node, let value = node.string, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            fail(node, "\(what) must be a non-empty string")
            return nil
        }
        return value.trimmingCharacters(in: .whitespaces)
    }

    mutating func strings(_ node: Node, _ what: String) -> [String] {
        if case .scalar = node, let single = string(node, what) { return [single] }
        guard let sequence = node.sequence else {
            fail(node, "\(what) must be a list of strings")
            return []
        }
        return sequence.compactMap { string($0, what) }
    }

    mutating func date(_ node: Node, _ what: String) -> String? {
        guard let value = string(node, what) else { return nil }
        guard let iso = DateText.isoDate(fromMetadata: value), iso.count == 10, value.count == 10 else {
            fail(node, "\(what) \"\(value)\" is not a date (YYYY-MM-DD)")
            return nil
        }
        return iso
    }

    mutating func fields(_ node: Node, allowed: [String], section: String) -> [String: Node]? {
        guard let mapping = node.mapping else {
            fail(node, "each entry of \(section) must be a mapping")
            return nil
        }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            if !allowed.contains(key) {
                fail(keyNode, "unknown key \"\(key)\" in \(section) (expected \(allowed.joined(separator: ", ")))")
                continue
            }
            result[key] = value
        }
        return result
    }

    mutating func entities(_ node: Node) -> [Configuration.EntityEntry] {
        guard let sequence = node.sequence else {
            fail(node, "entities must be a list")
            return []
        }
        var result: [Configuration.EntityEntry] = []
        var seen: [String: Configuration.Location] = [:]
        for item in sequence {
            guard let f = fields(item, allowed: ["name", "type", "aliases", "country", "parent", "roles"], section: "entities") else { continue }
            guard let nameNode = f["name"] else {
                fail(item, "an entity needs a name")
                continue
            }
            guard let name = string(nameNode, "name") else { continue }
            var type = EntityType.organization
            if let typeNode = f["type"] {
                if let raw = string(typeNode, "type") {
                    if let parsed = EntityType(rawValue: raw) { type = parsed } else {
                        fail(typeNode, "unknown entity type \"\(raw)\" (expected \(EntityType.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                }
            } else {
                fail(item, "entity \"\(name)\" needs a type")
            }
            let key = Names.fold(name) + "|" + type.rawValue
            if let first = seen[key] {
                fail(nameNode, "duplicate entity \"\(name)\" (first defined at line \(first.line))")
                continue
            }
            seen[key] = location(nameNode)
            var roles: [Configuration.RoleEntry] = []
            if let rolesNode = f["roles"] {
                if let list = rolesNode.sequence {
                    for roleNode in list {
                        guard let r = fields(roleNode, allowed: ["title", "organization", "country", "from", "to"], section: "roles") else { continue }
                        guard let titleNode = r["title"], let title = string(titleNode, "title") else {
                            fail(roleNode, "a role needs a title")
                            continue
                        }
                        let from = r["from"].flatMap { date($0, "from") }
                        let to = r["to"].flatMap { date($0, "to") }
                        if let from, let to, from > to { fail(r["to"], "role \"\(title)\" ends (\(to)) before it begins (\(from))") }
                        roles.append(.init(title: title, organization: r["organization"].flatMap { string($0, "organization") },
                                           country: r["country"].flatMap { string($0, "country") }, from: from, to: to))
                    }
                } else {
                    fail(rolesNode, "roles must be a list")
                }
                if type != .person && !roles.isEmpty { fail(rolesNode, "only persons have roles") }
            }
            result.append(.init(name: name, type: type, aliases: f["aliases"].map { strings($0, "aliases") } ?? [],
                                country: f["country"].flatMap { string($0, "country") }, parent: f["parent"].flatMap { string($0, "parent") },
                                roles: roles, location: location(nameNode)))
        }
        return result
    }

    mutating func named(_ node: Node, section: String) -> [Configuration.NamedEntry] {
        guard let sequence = node.sequence else {
            fail(node, "\(section) must be a list")
            return []
        }
        let kindKey = section == "programs" ? "kind" : "type"
        var result: [Configuration.NamedEntry] = []
        var seen: [String: Int] = [:]
        for item in sequence {
            guard let f = fields(item, allowed: ["name", "aliases", kindKey, section == "programs" ? "participants" : "parties"], section: section) else { continue }
            guard let nameNode = f["name"], let name = string(nameNode, "name") else {
                if f["name"] == nil { fail(item, "an entry of \(section) needs a name") }
                continue
            }
            if let line = seen[Names.fold(name)] {
                fail(nameNode, "duplicate name \"\(name)\" in \(section) (first defined at line \(line))")
                continue
            }
            seen[Names.fold(name)] = nameNode.mark?.line ?? 0
            var kind = f[kindKey].flatMap { string($0, kindKey) }
            if section == "agreements", let k = kind, AgreementType(rawValue: k) == nil {
                fail(f[kindKey], "unknown agreement type \"\(k)\" (expected \(AgreementType.allCases.map(\.rawValue).joined(separator: ", ")))")
                kind = nil
            }
            let parties = f[section == "programs" ? "participants" : "parties"].map { strings($0, "parties") } ?? []
            result.append(.init(name: name, aliases: f["aliases"].map { strings($0, "aliases") } ?? [], kind: kind,
                                parties: parties, location: location(nameNode)))
        }
        return result
    }

    mutating func commitments(_ node: Node, into configuration: inout Configuration) {
        guard let mapping = node.mapping else {
            fail(node, "commitments must be a mapping of modality to phrases")
            return
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            if key == "ignore" {
                configuration.ignoredPhrases = strings(value, "ignore")
                continue
            }
            guard let modality = Modality(rawValue: key) else {
                fail(keyNode, "unknown modality \"\(key)\" (expected \(Modality.allCases.map(\.rawValue).joined(separator: ", ")) or ignore)")
                continue
            }
            configuration.commitmentPhrases[modality] = strings(value, key)
        }
    }

    mutating func stopList(_ node: Node) -> [EntityType: [String]] {
        guard let mapping = node.mapping else {
            fail(node, "stoplist must be a mapping of entity type to names")
            return [:]
        }
        var result: [EntityType: [String]] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            guard let type = EntityType(rawValue: key) else {
                fail(keyNode, "unknown entity type \"\(key)\" in stoplist")
                continue
            }
            result[type] = strings(value, key)
        }
        return result
    }
}
