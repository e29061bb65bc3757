import Foundation
import Testing
@testable import AccordCore

let fixtureFolder = repositoryRoot.appendingPathComponent("Tests/Data/config")

func fixtureAnalysis(configured: Bool) throws -> DocumentAnalysis {
    let configuration = configured ? try Configuration.load(path: fixtureFolder.appendingPathComponent("accord.yaml").path) : Configuration()
    let bytes = Array(try Data(contentsOf: fixtureFolder.appendingPathComponent("border-water-talks.txt")))
    return try Pipeline(configuration: configuration).run(DocumentInput(bytes: bytes, path: "border-water-talks.txt"))
}

@Suite("Configuration")
struct ConfigurationTests {
    @Test func aUserEntryAddsAnEntity() throws {
        let plain = try fixtureAnalysis(configured: false)
        #expect(!plain.records.entities.contains { $0.name == "Nuevo Laredo Flood Desk" })
        let configured = try fixtureAnalysis(configured: true)
        let desk = try #require(configured.records.entities.first { $0.name == "Nuevo Laredo Flood Desk" })
        #expect(desk.type == .organization)
        #expect(desk.mentions.first?.rule.hasPrefix("config:") == true)
        #expect(desk.country == configured.records.entities.first { $0.name == "Mexico" }?.id)
    }

    @Test func anAliasMergesTwoMentions() throws {
        let plain = try fixtureAnalysis(configured: false)
        #expect(plain.records.entities.filter { $0.type == .person }.count == 2)
        let configured = try fixtureAnalysis(configured: true)
        let persons = configured.records.entities.filter { $0.type == .person }
        #expect(persons.count == 1)
        #expect(persons.first?.name == "Ana Ruiz Gómez")
        #expect(persons.first?.mentions.count == 2)
        #expect(persons.first?.roles.contains { $0.title == "Minister of Water" && $0.date == "2020-01-01" } == true)
    }

    @Test func aProgramKnownByName() throws {
        #expect(try fixtureAnalysis(configured: false).records.programs.isEmpty)
        let configured = try fixtureAnalysis(configured: true)
        let program = try #require(configured.records.programs.first)
        #expect(program.name == "Rio Bravo Watch")
        #expect(Set(names(program.participants, configured)) == ["Mexico", "United States"])
    }

    @Test func aModalityVerb() throws {
        #expect(try fixtureAnalysis(configured: false).records.commitments.isEmpty)
        let configured = try fixtureAnalysis(configured: true)
        let commitment = try #require(configured.records.commitments.first)
        #expect(commitment.modality == .commitment)
        #expect(names(commitment.actors, configured) == ["Mexico"])
    }

    @Test func aStopListEntryRemovesAFalsePositive() throws {
        #expect(try fixtureAnalysis(configured: false).records.entities.contains { $0.name == "Press Office" })
        #expect(!(try fixtureAnalysis(configured: true).records.entities.contains { $0.name == "Press Office" }))
    }

    /// A stopped entity that others point at (a person's country, an organization's country)
    /// is left out and pointed at by nothing: the document is read, not stopped by a trap.
    @Test func aStoppedEntityOthersPointAtIsLeftOut() throws {
        let text = """
            Mexican President Claudia Sheinbaum met President Joe Biden in Washington.
            The Government of Mexico and the United States signed a Memorandum of Understanding on border security.
            The Mexican Navy and U.S. Customs and Border Protection will coordinate patrols.
            """
        func analysis(_ yaml: String) throws -> DocumentAnalysis {
            let configuration = try Configuration.parse(yaml, file: "accord.yaml")
            return try Pipeline(configuration: configuration).run(DocumentInput(bytes: Array(text.utf8), path: "stopped.txt"))
        }
        let plain = try analysis("stoplist:\n  organization: [Nothing Here]\n")
        let mexico = try #require(plain.records.entities.first { $0.name == "Mexico" })
        #expect(plain.records.entities.contains { $0.type == .person && $0.country == mexico.id })
        let stopped = try analysis("stoplist:\n  country: [Mexico]\n")
        #expect(!stopped.records.entities.contains { $0.name == "Mexico" })
        let ids = Set(stopped.records.entities.map(\.id))
        for entity in stopped.records.entities {
            #expect(entity.country.map(ids.contains) ?? true, "\(entity.name)")
            #expect(entity.roles.allSatisfy { ($0.country.map(ids.contains) ?? true) && ($0.organization.map(ids.contains) ?? true) }, "\(entity.name)")
        }
    }

    /// Aliases that are canonically equal but fold differently (U+0374 is canonically U+02B9,
    /// which folding drops as an apostrophe) are both kept, as they were before repeated
    /// surfaces were folded once.
    @Test func canonicallyEqualAliasesThatFoldApartAreBothKept() throws {
        let yaml = "entities:\n  - name: Kelvin Bank\n    type: organization\n    aliases: [\"Kelvin\\u0374s Bank\", \"Kelvin\\u02B9s Bank\"]\n"
        let configuration = try Configuration.parse(yaml, file: "c.yaml")
        let text = "Kelvin Bank opened. Kelvin Bank grew."
        let analysis = try Pipeline(configuration: configuration).run(DocumentInput(bytes: Array(text.utf8), path: "t.txt"))
        let bank = try #require(analysis.records.entities.first { $0.name == "Kelvin Bank" })
        #expect(Names.fold("Kelvin\u{0374}s Bank") != Names.fold("Kelvin\u{02B9}s Bank"))
        #expect(bank.aliases.count == 2, "\(bank.aliases.map(\.unicodeScalars).map { $0.map(\.value) })")
    }

    @Test func phrasesThatMustNotCount() throws {
        let configuration = try Configuration.parse("commitments:\n  ignore: [stands ready to]\n  commitment: [stands ready to]\n", file: "c.yaml")
        let text = "Mexico and the United States met. Mexico stands ready to share flood data."
        let analysis = try Pipeline(configuration: configuration).run(DocumentInput(bytes: Array(text.utf8), path: "t.txt"))
        #expect(analysis.records.commitments.isEmpty)
    }

    @Test func theConfigurationIsPartOfThePipelinesIdentity() throws {
        let plain = Pipeline()
        let configured = Pipeline(configuration: try Configuration.load(path: fixtureFolder.appendingPathComponent("accord.yaml").path))
        #expect(plain.identity != configured.identity)
        #expect(configured.identity.contains("accord.yaml sha256"))
        #expect(plain.configurationHash != configured.configurationHash)
    }

    // MARK: Malformed configurations

    func problems(_ yaml: String) -> [ConfigurationError] {
        do {
            _ = try Configuration.parse(yaml, file: "bad.yaml")
            return []
        } catch let errors as ConfigurationErrors {
            return errors.errors
        } catch {
            return [ConfigurationError(location: .init(file: "?", line: 0, column: 0), message: "\(error)")]
        }
    }

    @Test func anUnknownKey() {
        let found = problems("entities:\n  - name: A\n    type: person\n    nickname: B\n")
        #expect(found.count == 1)
        #expect(found.first?.location.line == 4)
        #expect(found.first?.description.hasPrefix("bad.yaml:4:") == true)
        #expect(found.first?.message.contains("unknown key \"nickname\"") == true)
        let top = problems("entitys: []\n")
        #expect(top.first?.location.line == 1)
        #expect(top.first?.message.contains("unknown key \"entitys\"") == true)
    }

    @Test func aWrongType() {
        let found = problems("entities:\n  name: A\n")
        #expect(found.first?.message == "entities must be a list")
        #expect(found.first?.location.line == 2)
        let roles = problems("entities:\n  - name: A\n    type: person\n    roles: President\n")
        #expect(roles.first?.message == "roles must be a list")
        #expect(roles.first?.location.line == 4)
        let type = problems("entities:\n  - name: A\n    type: ship\n")
        #expect(type.first?.message.contains("unknown entity type \"ship\"") == true)
        let modality = problems("commitments:\n  promise: [vow to]\n")
        #expect(modality.first?.message.contains("unknown modality \"promise\"") == true)
    }

    @Test func aBadDate() {
        let found = problems("""
            entities:
              - name: Janet Napolitano
                type: person
                roles:
                  - title: Secretary of Homeland Security
                    from: 2009-13-21
                    to: 2013-09-06
            """)
        #expect(found.count == 1)
        #expect(found.first?.location.line == 6)
        #expect(found.first?.message.contains("\"2009-13-21\" is not a date") == true)
        let order = problems("entities:\n  - name: A\n    type: person\n    roles:\n      - title: T\n        from: 2013-01-01\n        to: 2012-01-01\n")
        #expect(order.first?.message.contains("ends (2012-01-01) before it begins (2013-01-01)") == true)
    }

    @Test func aDuplicateName() {
        let found = problems("entities:\n  - name: Ana Ruiz\n    type: person\n  - name: ana ruiz\n    type: person\nprograms:\n  - name: Watch\n  - name: Watch\n")
        #expect(found.count == 2)
        #expect(found[0].location.line == 4)
        #expect(found[0].message.contains("duplicate entity \"ana ruiz\" (first defined at line 2)"))
        #expect(found[1].location.line == 8)
        #expect(found[1].message.contains("duplicate name \"Watch\" in programs"))
    }

    @Test func notYAMLAtAll() {
        let found = problems("entities: [unclosed\n  - name: A\n")
        #expect(found.first?.message.hasPrefix("not valid YAML") == true)
        #expect((found.first?.location.line ?? 0) >= 1)
    }
}
