import AccordCore
import ArgumentParser
import Foundation
import Yams

/// `--config FILE`, shared by the commands that run the pipeline. Without it,
/// `accord.yaml` in the working folder is used when there is one.
public struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: "A configuration file (default: accord.yaml in the working folder, when present).")
    var config: String?

    public init() {}

    /// The configuration, or an exit with every problem listed (file:line:column).
    func load() throws -> Configuration {
        let path: String
        if let config {
            path = config
            guard FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("\(path): no such configuration file")
            }
        } else if FileManager.default.fileExists(atPath: "accord.yaml") {
            path = "accord.yaml"
        } else {
            return Configuration()
        }
        do {
            return try Configuration.load(path: path)
        } catch let errors as ConfigurationErrors {
            FileHandle.standardError.write(Data((errors.description + "\n").utf8))
            throw ExitCode(2)
        }
    }

    func pipeline() throws -> Pipeline {
        Pipeline(configuration: try load())
    }
}

extension Accord {
    public struct Config: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Check or show the configuration: your own entities, programs, agreements and commitment words.",
            discussion: """
                A configuration file (accord.yaml in the working folder, or --config FILE) adds \\
                entities (with aliases, country, parent organization, and roles with dates for \\
                people), programs and agreements known by name, words that mark a commitment's \\
                modality, phrases that must not count, and names never to extract as a type. \\
                See the README for a commented example.

                Examples:
                  accord config check
                  accord config check team.yaml
                  accord config show --config team.yaml
                """,
            subcommands: [Check.self, Show.self])

        public init() {}
    }
}

extension Accord.Config {
    public struct Check: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Validate a configuration file; every problem is listed with file, line and column.")

        @Argument(help: "The file to check (default: accord.yaml).")
        var file: String = "accord.yaml"

        public init() {}

        public func run() throws {
            guard FileManager.default.fileExists(atPath: file) else {
                throw ValidationError("\(file): no such configuration file")
            }
            do {
                let configuration = try Configuration.load(path: file)
                let phrases = configuration.commitmentPhrases.values.reduce(0) { $0 + $1.count }
                print("\(file): ok (\(configuration.entities.count) entities, \(configuration.programs.count) programs, "
                      + "\(configuration.agreements.count) agreements, \(phrases) commitment phrases, "
                      + "\(configuration.stopList.values.reduce(0) { $0 + $1.count }) stop-list names)")
            } catch let errors as ConfigurationErrors {
                FileHandle.standardError.write(Data((errors.description + "\n").utf8))
                throw ExitCode(1)
            }
        }
    }

    public struct Show: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Print the effective vocabulary (built-in plus yours) as YAML.",
            discussion: """
                Prints the commitment words per modality (built-in and yours), the phrases that \\
                do not count, the stop list, your entities, programs and agreements, and how many \\
                entries of each kind the built-in gazetteer holds (--all prints them too).
                """)

        @OptionGroup var options: ConfigOption

        @Flag(name: .long, help: "Also print every built-in gazetteer entry (long).")
        var all = false

        public init() {}

        public func run() throws {
            let configuration = try options.load()
            var root: [String: Any] = [:]
            var words: [String: [String]] = [:]
            var nouns: [String: [String]] = [:]
            for entry in CommitmentExtractor.vocabulary {
                if entry.nominal { nouns[entry.modality.rawValue, default: []].append(entry.phrase) }
                else { words[entry.modality.rawValue, default: []].append(entry.phrase) }
            }
            var user: [String: [String]] = [:]
            for (modality, phrases) in configuration.commitmentPhrases { user[modality.rawValue] = phrases }
            root["commitments"] = [
                "built-in": words.mapValues { $0.sorted() },
                "built-in nouns": nouns.mapValues { $0.sorted() },
                "yours": user,
                "ignore": configuration.ignoredPhrases,
            ] as [String: Any]
            var stop: [String: [String]] = [:]
            for (type, names) in configuration.stopList { stop[type.rawValue] = names }
            root["stoplist"] = stop
            root["entities"] = configuration.entities.map { entity -> [String: Any] in
                var item: [String: Any] = ["name": entity.name, "type": entity.type.rawValue, "defined at": entity.location.description]
                if !entity.aliases.isEmpty { item["aliases"] = entity.aliases }
                if let country = entity.country { item["country"] = country }
                if let parent = entity.parent { item["parent"] = parent }
                if !entity.roles.isEmpty {
                    item["roles"] = entity.roles.map { role -> [String: String] in
                        var r = ["title": role.title]
                        if let o = role.organization { r["organization"] = o }
                        if let c = role.country { r["country"] = c }
                        if let f = role.from { r["from"] = f }
                        if let t = role.to { r["to"] = t }
                        return r
                    }
                }
                return item
            }
            func named(_ list: [Configuration.NamedEntry]) -> [[String: Any]] {
                list.map { entry in
                    var item: [String: Any] = ["name": entry.name, "defined at": entry.location.description]
                    if !entry.aliases.isEmpty { item["aliases"] = entry.aliases }
                    if let kind = entry.kind { item["kind"] = kind }
                    if !entry.parties.isEmpty { item["parties"] = entry.parties }
                    return item
                }
            }
            root["programs"] = named(configuration.programs)
            root["agreements"] = named(configuration.agreements)
            let gazetteer = Gazetteer.builtIn
            var counts: [String: Int] = [:]
            for entry in gazetteer.entries { counts[entry.kind.rawValue, default: 0] += 1 }
            var builtIn: [String: Any] = ["sources": gazetteer.provenance.filter { $0.hasPrefix("  ") }.map { $0.trimmingCharacters(in: .whitespaces) }, "entries": counts]
            if all {
                var byKind: [String: [String]] = [:]
                for entry in gazetteer.entries {
                    byKind[entry.kind.rawValue, default: []].append(([entry.name] + entry.aliases).joined(separator: " | "))
                }
                builtIn["names"] = byKind
            }
            root["gazetteer"] = builtIn
            if let source = configuration.source {
                root["configuration"] = ["file": source, "sha256": configuration.sha256 ?? ""]
            }
            print(try Yams.dump(object: root, sortKeys: true), terminator: "")
        }
    }
}
