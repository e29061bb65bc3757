import AccordCore
import AccordReport
import Foundation
import Testing
@testable import AccordEval

/// A report with the given entities (and nothing else), built through the real pipeline.
func report(entities: [Entity], commitments: [Commitment] = [], quotes: [Quote] = [], agreements: [Agreement] = []) throws -> DocumentReport {
    var analysis = try Pipeline(gazetteer: Gazetteer(tsv: "")).run(DocumentInput(bytes: Array("Mexico and the United States agreed. They will act.".utf8), path: "d.txt"))
    analysis.records = Records()
    analysis.records.entities = entities
    analysis.records.commitments = commitments
    analysis.records.quotes = quotes
    analysis.records.agreements = agreements
    return DocumentReport(analysis, pipeline: "test")
}

func gold(_ json: String) throws -> GoldFile {
    try JSONDecoder().decode(GoldFile.self, from: Data(json.utf8))
}

@Suite("Scorer")
struct ScorerTests {
    let mexico = Entity(id: "e1", type: .country, name: "Mexico", aliases: ["Mexican"])
    let usa = Entity(id: "e2", type: .country, name: "United States", aliases: ["U.S."])
    let napolitano = Entity(id: "e3", type: .person, name: "Janet Napolitano", aliases: ["Napolitano"])
    let matamoros = Entity(id: "e4", type: .place, name: "Matamoros")

    let goldText = """
        {"document": "d.txt",
         "entities": [
           {"type": "country", "name": "Mexico"},
           {"type": "country", "name": "United States", "aliases": ["US", "U.S."]},
           {"type": "person", "name": "Janet Napolitano"},
           {"type": "city", "name": "Matamoros"}],
         "commitments": [{"actors": ["Mexico"], "sentence_contains": "They will act", "modality": "commitment"}],
         "quotes": []}
        """

    @Test func aPerfectPredictionScoresOne() throws {
        let commitment = Commitment(id: "c1", actors: ["e1"], modality: .commitment, action: "act", sentence: TextRange(37, 51))
        let scores = Scorer.score(gold: try gold(goldText), report: try report(entities: [mexico, usa, napolitano, matamoros], commitments: [commitment]))
        #expect(scores.entities.precision == 1 && scores.entities.recall == 1 && scores.entities.f1 == 1)
        #expect(scores.entityTypes["place"]?.f1 == 1)  // a city typed place still counts
        #expect(scores.commitments.f1 == 1)
        #expect(scores.commitmentActors.f1 == 1)
        #expect(scores.commitmentModality.value == 1)
        #expect(scores.quotes.f1 == 1)  // none expected, none predicted
    }

    @Test func aMissingEntityLowersRecall() throws {
        let scores = Scorer.score(gold: try gold(goldText), report: try report(entities: [mexico, usa, napolitano]))
        #expect(scores.entities.precision == 1)
        #expect(scores.entities.recall == 0.75)
        #expect(scores.entityTypes["place"]?.recall == 0)
        #expect(scores.commitments.recall == 0)
    }

    @Test func aSpuriousEntityLowersPrecision() throws {
        let extra = Entity(id: "e5", type: .organization, name: "Security Cabinet")
        let scores = Scorer.score(gold: try gold(goldText), report: try report(entities: [mexico, usa, napolitano, matamoros, extra]))
        #expect(scores.entities.recall == 1)
        #expect(scores.entities.precision == 0.8)
        #expect(scores.entityTypes["organization"]?.precision == 0)
    }

    @Test func partialGoldIgnoresUnmatchedPredictions() throws {
        let partial = try gold("""
            {"document": "d.txt", "partial": ["entities"], "entities": [{"type": "country", "name": "Mexico"}]}
            """)
        let scores = Scorer.score(gold: partial, report: try report(entities: [mexico, usa, napolitano]))
        #expect(scores.entities.precision == 1)
        #expect(scores.entities.recall == 1)
        let full = try gold("""
            {"document": "d.txt", "entities": [{"type": "country", "name": "Mexico"}]}
            """)
        #expect(Scorer.score(gold: full, report: try report(entities: [mexico, usa, napolitano])).entities.precision < 0.5)
    }

    @Test func namesFoldCaseDiacriticsPunctuationAndThe() throws {
        #expect(Names.fold("U.S.") == Names.fold("US"))
        #expect(Names.fold("Peña Nieto") == Names.fold("pena nieto"))
        #expect(Names.fold("the United States") == Names.fold("United States"))
        let g = try gold("""
            {"document": "d.txt", "entities": [{"type": "person", "name": "Enrique Pena Nieto"}, {"type": "country", "name": "US"}]}
            """)
        let entities = [Entity(id: "e1", type: .person, name: "Enrique Peña Nieto"), Entity(id: "e2", type: .country, name: "United States", aliases: ["U.S."])]
        #expect(Scorer.score(gold: g, report: try report(entities: entities)).entities.f1 == 1)
        // A type mismatch is no match.
        let wrongType = [Entity(id: "e1", type: .organization, name: "Enrique Peña Nieto")]
        #expect(Scorer.score(gold: g, report: try report(entities: wrongType)).entities.matched == 0)
    }

    @Test func agreementTitlesMatchByContainmentOrJaccard() {
        #expect(Scorer.titlesMatch("US-Mexico Cross Border Security Communications Network", "agreement on a US-Mexico Cross Border Security Communications Network"))
        #expect(Scorer.titlesMatch("Agreement on Cooperation in Studies of the World Ocean", "Agreement between the United States and the USSR on Cooperation in Studies of the World Ocean"))
        #expect(!Scorer.titlesMatch("Boundary Waters Agreement", "Agreement on Fisheries"))
    }

    @Test func quotesAndSpeakers() throws {
        let g = try gold("""
            {"document": "d.txt", "quotes": [{"speaker": "Janet Napolitano", "text_contains": "will act"}]}
            """)
        let right = try report(entities: [napolitano], quotes: [Quote(id: "q1", speaker: "e3", span: TextRange(37, 51))])
        let scores = Scorer.score(gold: g, report: right)
        #expect(scores.quotes.f1 == 1)
        #expect(scores.quoteSpeakers.value == 1)
        let wrong = try report(entities: [napolitano, mexico], quotes: [Quote(id: "q1", speaker: "e1", span: TextRange(37, 51))])
        #expect(Scorer.score(gold: g, report: wrong).quoteSpeakers.value == 0)
    }
}


@Suite("Configuration in eval figures")
struct ConfigurationEvalTests {
    @Test func aConfigurationRaisesTheFiguresOnItsFixture() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Data/config")
        let plain = try Evaluation().run(.init(goldDirectories: [folder.path]))
        let configuration = try Configuration.load(path: folder.appendingPathComponent("accord.yaml").path)
        let configured = try Evaluation(pipeline: Pipeline(configuration: configuration)).run(.init(goldDirectories: [folder.path]))
        #expect(plain.scores.documents == 1)
        #expect(plain.scores.entities.f1 < configured.scores.entities.f1)
        #expect(configured.scores.entities.f1 == 1)
        #expect(plain.scores.programs.recall == 0 && configured.scores.programs.recall == 1)
        #expect(plain.scores.commitments.recall == 0 && configured.scores.commitments.recall == 1)
        #expect(plain.scores.entityTypes["organization"]?.precision == 0)
        #expect(configured.scores.entityTypes["organization"]?.precision == 1)
    }
}
