import Foundation
import Testing
@testable import AccordCore

func analysed(_ text: String, name: String = "r.txt") throws -> DocumentAnalysis {
    try Pipeline(gazetteer: testGazetteer).run(DocumentInput(bytes: Array(text.utf8), path: name))
}

func names(_ ids: [String], _ analysis: DocumentAnalysis) -> [String] {
    ids.map { id in analysis.records.entities.first { $0.id == id }?.name ?? id }
}

@Suite("Commitments")
struct CommitmentTests {
    @Test func modalitiesAndActors() throws {
        let analysis = try analysed("""
            Border cooperation

            Mexico and the United States agreed to share intelligence. Mexico intends to strengthen its southern border. \
            The United States may provide equipment. The two countries discussed the intention to meet again. \
            Guatemala will host the next meeting. Representatives from both countries hope to meet soon. \
            This objective will include a focus on development.
            """)
        let found = analysis.records.commitments.map { (Set(names($0.actors, analysis)), $0.modality) }
        #expect(found.map(\.0) == [["Mexico", "United States"], ["Mexico"], ["United States"], ["United States", "Mexico"], ["Guatemala"]])
        #expect(found.map(\.1) == [.commitment, .intention, .permission, .intention, .commitment])
    }

    /// With the built-in gazetteer: a grouping of states commits for its members, a company
    /// commits for nobody, and words set off by commas between a party and its verb do not
    /// hide the party.
    @Test func groupingsCompaniesAndParentheticals() throws {
        let analysis = try Pipeline().run(DocumentInput(bytes: Array("""
            Joint Statement

            The United States and Mexico met in Washington. The G7 will continue to support Ukraine. \
            Micron will invest $825 million in a new plant. Mexico, with this Agreement, has committed to lower tariffs. \
            Mexico and the United States instructed their teams to expand trade. \
            Mexico and the United States have set a target of doubling trade.
            """.utf8), path: "statement.txt"))
        let found = analysis.records.commitments.map { Set(names($0.actors, analysis)) }
        #expect(found == [["G7"], ["Mexico"], ["United States", "Mexico"], ["United States", "Mexico"]], "\(found)")
        #expect(analysis.records.commitments.map(\.modality) == [.commitment, .commitment, .commitment, .intention])
    }

    /// A company's officers act for no state, as the company does not ("Boeing CEO Kelly
    /// Ortberg will invest" is no commitment of the United States); their title keeps its
    /// capitals ("CEO").
    @Test func companyOfficersActForNoState() throws {
        let analysis = try Pipeline().run(DocumentInput(bytes: Array("""
            Joint Statement of the United States and Kenya

            The United States and Kenya met in Nairobi. Boeing CEO Kelly Ortberg will invest in a new plant. \
            Microsoft President Brad Smith will open an office. Kenya will host the next meeting.
            """.utf8), path: "statement.txt"))
        let found = analysis.records.commitments.map { Set(names($0.actors, analysis)) }
        #expect(found == [["Kenya"]], "\(found)")
        let ortberg = analysis.records.entities.first { $0.name == "Kelly Ortberg" }
        #expect(ortberg?.roles.map(\.title) == ["CEO"])
    }

    /// A verb coordinated with the sentence's first, after a comma or after "and" and a phrase
    /// of a preposition, has the actors the sentence begins with, after a label ending in a
    /// colon; a comma after a subject that is no actor gives none.
    @Test func coordinatedVerbsHaveTheSentencesSubject() throws {
        let analysis = try Pipeline().run(DocumentInput(bytes: Array("""
            Joint Statement

            Market Access: Argentina has opened its market to beef, committed to allow access for poultry within one year. \
            Barriers: Argentina has dismantled many barriers and with this Agreement has committed not to require formalities. \
            Property: Argentina has taken action against counterfeit goods and will continue to improve enforcement. \
            In the coming year, the markets opened to trade, committed to lower tariffs.
            """.utf8), path: "statement.txt"))
        let found = analysis.records.commitments.map { Set(names($0.actors, analysis)) }
        #expect(found == [["Argentina"], ["Argentina"], ["Argentina"]], "\(found)")
        #expect(analysis.records.commitments.map(\.negated) == [false, true, false])
    }

    /// "The Administration" is the United States' government where the United States is a
    /// party (not "the beginning of the Administration"); "the members of the G7" act as the G7;
    /// sharing an objective is an intention; "will be launching" is an action in progress,
    /// "will be thinking" none.
    @Test func theAdministrationMembersAndActionsInProgress() throws {
        let analysis = try Pipeline().run(DocumentInput(bytes: Array("""
            Joint Statement of the United States and Bahrain

            The Administration is launching a new framework with Bahrain. \
            President Joe Biden met the King. The Biden Administration will host the summit. \
            Since the beginning of the Administration, trade has grown. \
            The members of the G7 are launching a declaration. \
            The United States and Bahrain share the objective of a stable region. \
            Bahrain will be launching a new initiative. \
            Bahrain will be thinking of its partners.
            """.utf8), path: "statement.txt"))
        let found = analysis.records.commitments.map { (Set(names($0.actors, analysis)), $0.modality) }
        #expect(found.map(\.0) == [["United States"], ["United States"], ["G7"], ["United States", "Bahrain"], ["Bahrain"]], "\(found)")
        #expect(found.map(\.1) == [.commitment, .commitment, .commitment, .intention, .commitment])
    }

    /// Time frames: each form, its trailing punctuation trimmed, in ASCII and other text.
    @Test func timeframes() {
        let cases: [(String, String?)] = [
            ("The Parties shall report within 90 days, as agreed.", "within 90 days"),
            ("They will act within thirty days.", "within thirty days"),
            ("Mexico will finish the wall by 2025.", "by 2025"),
            ("Canada will decide before the end of 2024; then it will report.", "before the end of 2024"),
            ("The plan is due by March 31, 2026, in full.", "by March 31, 2026"),
            ("Reports are due no later than June 1.", "no later than June 1"),
            ("The fund was created by the Parties.", nil),
            ("A nearby lobby will be built.", nil),
            ("El informe se entregará by 2030.", "by 2030"),
            ("Les Parties agiront within 60 jours; ensuite, rien.", "within 60 jours"),
            ("México will act until 2027...", "until 2027"),
            ("No timeframe here at all", nil),
            ("THE PARTIES SHALL REPORT WITHIN 90 DAYS.", "WITHIN 90 DAYS"),
            ("Türkiye will act BY 2030.", "BY 2030"),
            ("It will be done No later than May 5.", "No later than May 5"),
            ("Bypass the standby buyers; untill, nobody, withing.", nil),
            ("by", nil),
            ("They will act  by  2030  or  sooner.", "by 2030"),
            ("Cafe\u{301}s will close no  later than June 1, 2027.", "no later than June 1, 2027"),
            ("The  Parties report within  90   days  , then more.", "within 90 days"),
        ]
        for (sentence, expected) in cases {
            #expect(CommitmentExtractor.timeframe(in: sentence) == expected, "\(sentence)")
        }
        // The cue test: a cue word between spaces, in any case; not inside other words.
        for sentence in ["by 2025", "x WITHIN y", "Before", "x until", "no later", "é by é"] {
            #expect(CommitmentExtractor.hasTimeframeCue(sentence), "\(sentence)")
        }
        for sentence in ["nearby lobby", "bypass", "withinx", "unto", "", " ", "not nope", "by-law", "(by"] {
            #expect(!CommitmentExtractor.hasTimeframeCue(sentence), "\(sentence)")
        }
    }

    @Test func obligationsAndNegationInATreaty() throws {
        let analysis = try analysed("""
            AGREEMENT BETWEEN THE UNITED STATES OF AMERICA AND THE UNITED MEXICAN STATES

            The Government of the United States of America and the Government of the United Mexican States have agreed as follows:

            Article 1

            The Parties shall exchange information within 90 days of a request. Each Party shall not disclose it, unless the other Party consents. \
            No Party shall act alone.

            Done at Mexico City on 20 August 2013.
            """)
        let commitments = analysis.records.commitments
        let exchange = try #require(commitments.first { analysis.text.string($0.sentence).hasPrefix("The Parties shall exchange") })
        #expect(exchange.modality == .obligation)
        #expect(names(exchange.actors, analysis) == ["United States", "Mexico"])
        #expect(exchange.timeframe == "within 90 days")
        let disclose = try #require(commitments.first { analysis.text.string($0.sentence).hasPrefix("Each Party shall not") })
        #expect(disclose.negated)
        #expect(disclose.conditions == ["unless the other Party consents"])
    }

    @Test func bulletsUnderALeadIn() throws {
        let analysis = try analysed("""
            ---
            title: Joint Statement
            date: '2023-04-20'
            ---

            Mexico and the United States met today. The two countries committed to:

            - expanding lawful pathways for migration;
            - countering fentanyl trafficking. The new center will help coordinate the work.

            The Participants intend to meet again in May.
            """, name: "j.md")
        let bullets = analysis.records.commitments.filter { $0.evidence.first?.rule == "commitment:lead-in" }
        // (One record an item: the item's second sentence stands on its own, and binds no party.)
        #expect(bullets.count == 2)
        #expect(bullets.allSatisfy { $0.modality == .commitment && names($0.actors, analysis) == ["Mexico", "United States"] })
        #expect(!analysis.records.commitments.contains { analysis.text.string($0.sentence).hasPrefix("The new center") })
        // "the Participants" of a memorandum are its parties.
        let participants = analysis.records.commitments.first { analysis.text.string($0.sentence).hasPrefix("The Participants") }
        #expect(participants?.modality == .intention && participants.map { Set(names($0.actors, analysis)) } == ["Mexico", "United States"])
    }

    /// Lettered items that are actions under "it shall:" are one record each, with the
    /// party of the sentence before ("it") and the lead-in's modality; the lead-in is none.
    @Test func actionItemsUnderItShall() throws {
        let analysis = try analysed("""
            AGREEMENT BETWEEN MEXICO AND GUATEMALA

            Article VI

            Each Government shall endeavour to take appropriate measures to preserve the environment of birds. In particular, it shall:

            (a) seek means to prevent damage to such birds;

            (b) control the importation of animals which it determines to be hazardous;

            Article VII

            (a) the species of birds common to both countries.
            """, name: "a.txt")
        let items = analysis.records.commitments.filter { $0.evidence.first?.rule == "commitment:lead-in" }
        #expect(items.map { analysis.text.string($0.sentence).prefix(12) } == ["seek means t", "control the "])
        #expect(items.allSatisfy { $0.modality == .obligation && names($0.actors, analysis) == ["Mexico", "Guatemala"] })
        #expect(!analysis.records.commitments.contains { analysis.text.string($0.sentence).hasPrefix("In particular") })
    }

    /// An item that ends in a colon leads in the items under it, labelled otherwise, across a
    /// table inside one of them; the next item labelled as it ends them. A subject set off by
    /// a long phrase of a preposition is still the subject.
    @Test func nestedItemsUnderAnItem() throws {
        let analysis = try analysed("""
            AGREEMENT BETWEEN MEXICO AND GUATEMALA

            1. The Government of Mexico and the Government of Guatemala, for the purpose of reproduction and maintenance of fish stocks, will take measures to ensure that their vessels will:
            a. Refrain from fishing in the area bounded by the following coordinates:
            North Latitude West Longitude
            40 05' 71 40'
            b. Limit their catches of silver hake;
            2. Fishing vessels of Guatemala may fish in the area.
            a. The vessels carry observers.
            """, name: "b.txt")
        let items = analysis.records.commitments.filter { $0.evidence.first?.rule == "commitment:lead-in" }
        #expect(items.map { analysis.text.string($0.sentence).prefix(10) } == ["Refrain fr", "Limit thei"])
        #expect(items.allSatisfy { $0.modality == .commitment && names($0.actors, analysis) == ["Mexico", "Guatemala"] })
        #expect(!analysis.records.commitments.contains { analysis.text.string($0.sentence).hasPrefix("The Government") })
        #expect(!analysis.records.commitments.contains { analysis.text.string($0.sentence).hasPrefix("The vessels") })
    }

    /// Roman numerals under a lettered item that leads in are its items, "(ii)" after "(i)".
    @Test func romanItemsUnderALetteredItem() throws {
        let analysis = try analysed("""
            AGREEMENT BETWEEN MEXICO AND GUATEMALA

            The Parties agree as follows:

            (a) the Government of Mexico shall:

            (i) notify the fishing seasons;

            (ii) exchange the catch data;

            (b) the Government of Guatemala shall inspect the vessels.
            """, name: "e.txt")
        let items = analysis.records.commitments.filter { $0.evidence.first?.rule == "commitment:lead-in" }
        #expect(items.map { analysis.text.string($0.sentence).prefix(12) } == ["notify the f", "exchange the"], "\(analysis.records.commitments.map { analysis.text.string($0.sentence) })")
        #expect(items.allSatisfy { $0.modality == .obligation && names($0.actors, analysis) == ["Mexico"] })
    }

    /// Items that only name what the lead-in commits to leave the lead-in as the record; a
    /// sentence of their own in the passive, or with one of the party's bodies as subject,
    /// binds the lead-in's party with its own modality, and a thing as subject does not.
    @Test func namedItemsLeaveTheLeadIn() throws {
        let analysis = try analysed("""
            AGREEMENT BETWEEN MEXICO AND GUATEMALA

            The Government of Mexico will take appropriate measures to ensure the following:
            a. The entry of not more than four vessels each month. Special provisions shall be made as necessary.
            b. Regular visits of scientists. Each exchange shall include two scientists.
            c. Entry into ports. The Treasury will accept applications.
            d. Reports of catches. The Fisheries Office (FO) will publish them. Each report (if any) will list the catch.
            """, name: "c.txt")
        let found = analysis.records.commitments.map { (String(analysis.text.string($0.sentence).prefix(16)), $0.modality, names($0.actors, analysis)) }
        // (A bracketed acronym after the subject's head is passed over: "Office (FO) will"; a
        // bracket after a thing is no body: "Each report (if any) will".)
        #expect(found.map(\.0) == ["The Government o", "Special provision", "The Treasury wil", "The Fisheries Of"].map { String($0.prefix(16)) })
        #expect(found.map(\.1) == [.commitment, .obligation, .commitment, .commitment])
        #expect(found.allSatisfy { $0.2 == ["Mexico"] })
    }

    /// In a text of articles the plain present after the parties is operative ("The Parties
    /// exchange"), but not in a clause of condition, after another subject's modal, or before
    /// "that"; "consider it useful to" is an intention; "vessels of X" act for X.
    @Test func operativePresentAndWishes() throws {
        let analysis = try analysed("""
            AGREEMENT BETWEEN MEXICO AND GUATEMALA

            Article 1

            The Parties exchange the monitoring data. The Parties consider that the lakes are shared.

            Article 2

            This Agreement shall enter into force on the date the Parties exchange notes. It remains in force unless either Party gives notice.

            Article 3

            Both Governments consider it useful to arrange visits of scientists. Fishing vessels of Guatemala may fish in the zone.

            Article 4

            The Parties do not grant licences. The Parties are partners.
            """, name: "d.txt")
        let found = analysis.records.commitments.map { (String(analysis.text.string($0.sentence).prefix(20)), $0.modality, names($0.actors, analysis)) }
        #expect(found.map(\.0) == ["The Parties exchange", "Both Governments con", "Fishing vessels of G"], "\(found)")
        #expect(found.map(\.1) == [.commitment, .intention, .permission])
        #expect(found.map(\.2) == [["Mexico", "Guatemala"], ["Mexico", "Guatemala"], ["Guatemala"]])
    }

    /// Between a party and its verb: adverbs of manner ("steadfastly") and a parenthesis that
    /// names it again ("(USAID)"); a list of parties ends in "and", so a comma alone sets off
    /// an opening phrase. "Poised to", "determination to", "determined to" and carrying on
    /// ("we continue to") are commitments or intentions, carrying on only for the statement's
    /// own parties named right before the verb.
    @Test func adverbsParenthesesAndCarryingOn() throws {
        let analysis = try Pipeline().run(DocumentInput(bytes: Array("""
            Joint Statement of Spain and the United States

            Spain and the United States are steadfastly committed to providing NATO with ready forces. \
            Under a memorandum with the Government of Spain, the U.S. Agency for International Development (USAID) will expand training. \
            The United States of America (the "United States") and the Kingdom of Spain ("Spain") have agreed to a framework. \
            The United States is poised to begin its implementation. We stand united in our determination to address these challenges. \
            In this regard we continue to encourage China to uphold its commitments. Russia continues to attack Ukraine. \
            Prices rose, and they continue to fall. This is how we can continue to cooperate.
            """.utf8), path: "statement.txt"))
        let found = analysis.records.commitments.map { (String(analysis.text.string($0.sentence).prefix(20)), $0.modality, Set(names($0.actors, analysis))) }
        #expect(found.map(\.0) == ["Spain and the United", "Under a memorandum w", "The United States of", "The United States is",
                                   "We stand united in o", "In this regard we co"], "\(found)")
        #expect(found.map(\.1) == [.commitment, .commitment, .commitment, .intention, .commitment, .commitment])
        #expect(found.map(\.2) == [["Spain", "United States"], ["United States Agency for International Development"], ["Spain", "United States"],
                                   ["United States"], ["Spain", "United States"], ["Spain", "United States"]])
        #expect(CommitmentExtractor.isMannerAdverb("steadfastly") && !CommitmentExtractor.isMannerAdverb("supply")
                && !CommitmentExtractor.isMannerAdverb("probably") && !CommitmentExtractor.isMannerAdverb("only"))
    }

    /// A list item that opens with a verb of undertaking ("Exploring …", "Committing to …",
    /// "Continue …") is the parties' undertaking when no lead-in carries it, not in a treaty's
    /// articles; "their intent to" is an intention; "reaffirmed the importance of" is a view;
    /// the White House acts for the United States.
    @Test func itemVerbsIntentAndViews() throws {
        let analysis = try Pipeline().run(DocumentInput(bytes: Array("""
            Joint Fact Sheet of Singapore and the United States

            The leaders welcomed the following steps:

            - Exploring research collaboration between the two science agencies;
            - Committing to deepen collaboration on semiconductors;
            - Working with industry on standards;
            - Expanding exchanges of students.

            The leaders expressed their intent to meet again. They reaffirmed the importance of open markets. \
            The White House will host the next round.
            """.utf8), path: "statement.md"))
        let found = analysis.records.commitments.map { (String(analysis.text.string($0.sentence).prefix(20)), $0.modality, Set(names($0.actors, analysis))) }
        #expect(found.map(\.0) == ["Exploring research c", "Committing to deepen", "The leaders expresse", "The White House will"], "\(found)")
        #expect(found.map(\.1) == [.intention, .commitment, .intention, .commitment])
        #expect(found.allSatisfy { $0.2 == ["Singapore", "United States"] || $0.2 == ["United States"] }, "\(found)")
        #expect(found.last?.2 == ["United States"])
        #expect(!analysis.records.entities.contains { $0.name == "White House" })
    }

    /// In a treaty's articles: a passive act with the parties as agent ("are to be affirmed by
    /// the Parties", "shall be settled by consultation between the Parties", "are paid by the
    /// host Party"), or with no agent named when only a party can perform it ("Such response
    /// will be transmitted"); not another agent's ("shall be decided by the Commission"), a body's
    /// or a notice's, a deeming, a clause of its own or a subject that says none.
    @Test func passiveActsInATreaty() throws {
        let analysis = try analysed("""
            AGREEMENT BETWEEN MEXICO AND GUATEMALA

            Article 1

            The proposals are to be affirmed by the Parties. Any dispute shall be settled by consultation between the Parties.

            Article 2

            Expenses of the sessions are paid by the host Party. Such response will be transmitted within thirty days.

            Article 3

            The seal shall be decided by the Commission. The Commission shall be composed of six members. \
            The notice shall be submitted in writing. The zone shall be regarded as fishing water. \
            A description of the manner in which the waste will be treated. No claim shall be brought after one year.
            """, name: "d.txt")
        let found = analysis.records.commitments.map { (String(analysis.text.string($0.sentence).prefix(18)), $0.modality, Set(names($0.actors, analysis))) }
        #expect(found.map(\.0) == ["The proposals are ", "Any dispute shall ", "Expenses of the se", "Such response will"], "\(found)")
        #expect(found.map(\.1) == [.obligation, .obligation, .commitment, .commitment])
        #expect(found.allSatisfy { $0.2 == ["Mexico", "Guatemala"] }, "\(found)")
    }

    /// What the session's rules must not take (from the review): a party "to be commended",
    /// what happens to a party ("continues to face"), an item that is a noun ("Launch of the
    /// new fund"), "the trilateral partnership", a date of withdrawal.
    @Test func notUndertakings() throws {
        let analysis = try Pipeline().run(DocumentInput(bytes: Array("""
            Joint Statement of Japan and the United States

            The United States is to be commended for its leadership. Japan continues to face severe economic headwinds. \
            The trilateral partnership will grow. The United States withdrew from the Paris Agreement in June 2017. \
            The leaders recalled the Washington Declaration in April 2023 and the Youth Initiative in Science and Technology.

            The leaders noted the following:

            - Launch of the new fund;
            - Signing ceremony for the new office.
            """.utf8), path: "statement.md"))
        let found = analysis.records.commitments.map { analysis.text.string($0.sentence) }
        #expect(found.isEmpty, "\(found)")
        let dates = Dictionary(uniqueKeysWithValues: analysis.records.agreements.map { ($0.title, $0.date ?? "none") })
        #expect(dates["Paris Agreement"] == "none" && dates["Washington Declaration"] == "2023-04", "\(dates)")
        #expect(analysis.records.programs.map(\.name).contains("Youth Initiative in Science and Technology"), "\(analysis.records.programs.map(\.name))")
    }

    /// A title in the front matter that lists three or more issuers before its subject makes
    /// them all the parties ("… from Canada, Mexico, and the United States on …"); a title
    /// with two leaves the text to decide.
    @Test func issuersListedInTheTitle() throws {
        let analysis = try Pipeline().run(DocumentInput(bytes: Array("""
            ---
            title: Joint Statement from Canada, Mexico, and the United States on Synthetic Drugs
            date: '2023-07-27'
            ---

            Officials of Mexico and the United States met Canada's delegation in Mexico City. \
            The three countries committed to share information on drug trafficking with Guatemala.
            """.utf8), path: "statement.md"))
        #expect(Set(names(analysis.records.principalParties, analysis)) == ["Canada", "Mexico", "United States"])
        #expect(analysis.records.commitments.first.map { Set(names($0.actors, analysis)) } == ["Canada", "Mexico", "United States"])
        #expect(PartyResolver().issuers(named: "Joint Statement of the United States and Japan on Ukraine", entities: analysis.records.entities) == nil)
        // (From the second review: a participle ends the list, a name inside a longer one is
        // that one's, a readout's title lists only the counterparts, a final period ends a name.)
        let others = try Pipeline().run(DocumentInput(bytes: Array("""
            North Korea, South Sudan, Sudan, Japan, South Korea, Germany, France, the United Kingdom and the United States met.
            """.utf8), path: "b.txt")).records.entities
        let resolver = PartyResolver()
        func named(_ title: String) -> [String]? {
            resolver.issuers(named: title, entities: others).map { ids in ids.map { id in others.first { $0.id == id }!.name } }
        }
        #expect(named("Joint Statement from the United States, Japan, and the Republic of Korea Condemning North Korea's Missile Launch")
                == ["United States", "Japan", "South Korea"])
        #expect(named("Joint Statement of Japan, South Sudan and Germany Welcoming the Peace") == ["Japan", "South Sudan", "Germany"])
        #expect(named("Readout of President Biden's Call with Chancellor Scholz of Germany, President Macron of France, and Prime Minister Sunak of the United Kingdom") == nil)
        #expect(named("Joint Statement of Germany, France, and the United States.") == ["Germany", "France", "United States"])
    }

    /// From the second review: "continue to be committed" is an undertaking; a passive's agent
    /// is every party it lists; "the participants" in lower case are no parties.
    @Test func continuingCommitmentsAndAgentLists() throws {
        let statement = try Pipeline().run(DocumentInput(bytes: Array("""
            Joint Statement of Mexico and the United States

            Mexico and the United States continue to be committed to a secure border. The participants reviewed the curriculum.
            """.utf8), path: "s.md"))
        let found = statement.records.commitments.map { analysis in statement.text.string(analysis.sentence) }
        #expect(found == ["Mexico and the United States continue to be committed to a secure border."], "\(found)")
        let treaty = try analysed("""
            AGREEMENT BETWEEN MEXICO AND GUATEMALA

            Article 1

            The fees shall be shared by Mexico and Guatemala.
            """, name: "t.txt")
        #expect(treaty.records.commitments.map { Set(names($0.actors, treaty)) } == [["Mexico", "Guatemala"]])
    }

    @Test func theSeedDocument() throws {
        let bytes = try corpusBytes("us-mexico-border-security.txt")
        let analysis = try Pipeline(gazetteer: testGazetteer).run(DocumentInput(bytes: bytes, path: "seed.txt"))
        let found = analysis.records.commitments.map { (analysis.text.string($0.sentence).prefix(30), $0.modality, names($0.actors, analysis)) }
        #expect(found.count == 4)
        #expect(found.map(\.1) == [.commitment, .intention, .commitment, .commitment])
        #expect(found[2].2 == ["Mexico"])
        #expect(found[1].2 == ["United States", "Mexico"])
    }
}

@Suite("Agreements, programs and events")
struct AgreementTests {
    @Test func theSeedDocument() throws {
        let bytes = try corpusBytes("us-mexico-border-security.txt")
        let analysis = try Pipeline(gazetteer: testGazetteer).run(DocumentInput(bytes: bytes, path: "seed.txt"))
        let agreement = try #require(analysis.records.agreements.first)
        #expect(agreement.title == "agreement on a US-Mexico Cross Border Security Communications Network")
        #expect(agreement.status == "signed")
        #expect(names(agreement.parties, analysis) == ["United States", "Mexico"])
        #expect(names(agreement.signatories, analysis) == ["Janet Napolitano", "Miguel Ángel Osorio Chong"])
        #expect(agreement.place.map { names([$0], analysis) } == ["Matamoros"])
        let programs = analysis.records.programs
        #expect(programs.map(\.name) == ["US-Mexico Cross Border Security Communications Network", "program of coordinated patrols"])
        #expect(programs.first?.establishedBy == agreement.id)
        #expect(programs.last?.status == "inaugurated")
        #expect(analysis.records.references.contains(CrossReference(from: agreement.id, to: programs[0].id, relation: .establishes)))
        #expect(analysis.records.events.contains { $0.type == .signing })
    }

    @Test func theInstrumentOfATreatyText() throws {
        let analysis = try analyse(bytes: try corpusBytes("RUS-USA_FRW_1973A.txt"), name: "RUS-USA_FRW_1973A.txt")
        let instrument = try #require(analysis.records.agreements.first)
        #expect(instrument.title.hasPrefix("AGREEMENT BETWEEN THE GOVERNMENT OF THE UNITED STATES OF AMERICA"))
        #expect(instrument.date == "1973-06-19")
        #expect(Set(names(instrument.parties, analysis)) == ["United States", "Soviet Union"])
        #expect(names(instrument.signatories, analysis) == ["William P. Rogers", "A. Gromyko"])
        #expect(instrument.status == "signed")
    }

    @Test func namedAgreementsAndDescribedPrograms() throws {
        let analysis = try analysed("""
            Mexico and the United States reaffirmed the Los Angeles Declaration on Migration and Protection. \
            They will establish a working group to advance electrical interconnection. \
            The leaders launched the U.S.-Mexico High-Level Economic Dialogue. \
            They formed an expert working group to identify challenges and three working groups on energy.
            """)
        #expect(analysis.records.agreements.map(\.title) == ["Los Angeles Declaration on Migration and Protection"])
        let programs = analysis.records.programs.map(\.name)
        #expect(programs.contains("working group to advance electrical interconnection"))
        #expect(programs.contains("U.S.-Mexico High-Level Economic Dialogue"))
        #expect(programs.contains("expert working group to identify challenges") && programs.contains("three working groups on energy"), "\(programs)")
    }

    /// An unnamed agreement is a record when it is signed or announced, not when it is only
    /// mentioned or hoped for; the network an unsigned one is about is still a program. "Non-"
    /// before a body's name ("Major Non-NATO Ally") names no body.
    @Test func unnamedAgreementsOnlyMentionedAreNoRecords() throws {
        let analysis = try Pipeline().run(DocumentInput(bytes: Array("""
            Readout of the Meeting

            Mexico and the United States signed an agreement on border security. \
            The leaders hope to reach an agreement on the filling of the dam. \
            They discussed an agreement on a Cross Border Communications Network. \
            Bahrain is a Major Non-NATO Ally.
            """.utf8), path: "statement.txt"))
        #expect(analysis.records.agreements.map(\.title) == ["agreement on border security"], "\(analysis.records.agreements.map(\.title))")
        #expect(analysis.records.programs.map(\.name).contains("Cross Border Communications Network"))
        #expect(!analysis.records.entities.contains { $0.name == "North Atlantic Treaty Organization" })
    }

    /// What a capitalized phrase around an instrument's name takes and leaves: two instruments
    /// joined by "and" stay two; "and" between two capitalized words before the head is part of
    /// the name; a preposition, article or date right after the head, a publication series, a
    /// heading in capitals that only ends in the head, and "between the Parties" are not.
    @Test func titlesOfNamedInstruments() throws {
        let analysis = try analysed("""
            The United States and Japan signed the Comprehensive Safeguards Agreement and Additional Protocol.             They welcomed the Trade and Investment Framework Agreement and the Convention to Combat Desertification.             Nothing in the Agreement in Mexico affects the Treaty and the Protocol.             The report went to the Agreement to the International Joint Commission.             The Treaty between April 1 and June 30 was read with the Agreement between the Parties.             It appeared in the Australian Treaty Series.             REDUCTION OF THE CANADIAN ENTITLEMENT IN ACCORDANCE WITH THE TREATY.             The leaders launched the U.S.-EU Trade and Technology Council and the Sydney Energy Forum in March. \
            Both joined the Global Methane Pledge and adopted the Taormina Roadmap. \
            They convened the Regional Security and Health Working Groups. \
            Kazakhstan signed the Enhanced Partnership and Cooperation Agreement.
            """)
        let titles = analysis.records.agreements.map(\.title)
        #expect(titles == ["Comprehensive Safeguards Agreement", "Additional Protocol", "Trade and Investment Framework Agreement",
                           "Convention to Combat Desertification", "Enhanced Partnership and Cooperation Agreement"], "\(titles)")
        let programs = analysis.records.programs.map(\.name)
        #expect(programs.contains("U.S.-EU Trade and Technology Council"), "\(programs)")
        #expect(programs.contains("Sydney Energy Forum"), "\(programs)")
        #expect(programs.contains("Global Methane Pledge") && programs.contains("Taormina Roadmap"), "\(programs)")
        #expect(programs.contains("Regional Security and Health Working Groups"), "\(programs)")
        #expect(!programs.contains { $0.contains("Partnership") }, "\(programs)")
        #expect(!programs.contains { $0.contains("March") || $0.contains(" and the ") }, "\(programs)")
    }

    /// A program's head followed by capitalized words up to another head is part of that
    /// head's name (a program's or an agreement's); words in capitals carry a name on only
    /// from a head in capitals; packages and pathways are programs.
    @Test func aNameGoesOnToItsLastHead() throws {
        let analysis = try analysed("""
            Bangladesh joined the Trade and Investment Cooperation Forum Agreement. \
            The ROK will engage in the Action Package Working Groups. \
            The Marines took part in Exercise JUSTIFIED ACCORD. \
            Egypt joined the GMP Energy Pathway and the Crisis Response Finance Package. \
            Mexico hosted the Security Dialogue in Washington.
            """)
        let titles = analysis.records.agreements.map(\.title)
        #expect(titles == ["Trade and Investment Cooperation Forum Agreement"], "\(titles)")
        // ("in" after a program's head is a place, not the name: "Security Dialogue in Washington".)
        #expect(analysis.records.programs.map(\.name).contains("Security Dialogue"), "\(analysis.records.programs.map(\.name))")
        let programs = analysis.records.programs.map(\.name)
        #expect(programs.contains("Action Package Working Groups"), "\(programs)")
        #expect(programs.contains("Exercise JUSTIFIED ACCORD"), "\(programs)")
        #expect(programs.contains("GMP Energy Pathway") && programs.contains("Crisis Response Finance Package"), "\(programs)")
        #expect(!programs.contains { $0.hasSuffix("Forum") || $0.hasSuffix(" Package") && $0.hasPrefix("Action") }, "\(programs)")
    }

    /// A short paragraph set as a headline names no agreement by its capitals (its verb would
    /// join the name), unless the name is the whole line.
    @Test func headlinesNameNoAgreement() throws {
        let text = """
            The leaders met in Washington today to discuss trade.

            *United States and Mexico Reach Agreement to Address Shared Challenges from China*

            The two countries agreed to cooperate on border security.

            *Mexico Security Cooperation Agreement*

            It was signed today.
            """
        let analysis = try analysed(text, name: "statement.md")
        #expect(analysis.segmentation.blocks.map(\.role) == [.paragraph, .paragraph, .paragraph, .paragraph, .paragraph])
        // (A line that is nothing but a name is the name.)
        #expect(analysis.records.agreements.map(\.title) == ["Mexico Security Cooperation Agreement"])
    }

    /// An agreement given an acronym in parentheses, signed under the acronym: the signing
    /// gives it its status and signatories; a signing to come does not; an acronym that is an
    /// entity's is not taken.
    @Test func agreementsSignedUnderTheirAcronym() throws {
        let analysis = try analysed("""
            Mexico and the United States launched the “Border Security Integration Agreement” (BSIA-2) under \
            the Charter of the United States (USA). They also announced the “Water Sharing Accord” (WSA). \
            Secretary Janet Napolitano and Secretary Miguel Osorio Chong signed BSIA-2 in Matamoros. \
            The USA will sign WSA next year.
            """)
        let agreement = try #require(analysis.records.agreements.first { $0.title == "Border Security Integration Agreement" })
        #expect(agreement.status == "signed")
        #expect(names(agreement.signatories, analysis) == ["Janet Napolitano", "Miguel Osorio Chong"])
        #expect(agreement.evidence.contains { $0.rule == "agreement:acronym" })
        let accord = try #require(analysis.records.agreements.first { $0.title == "Water Sharing Accord" })
        #expect(accord.status != "signed" && accord.signatories.isEmpty)
        #expect(accord.evidence.contains { $0.rule == "agreement:acronym" })
        let charter = try #require(analysis.records.agreements.first { $0.title.hasPrefix("Charter") })
        #expect(!charter.evidence.contains { $0.rule == "agreement:acronym" })
    }

    /// "Scheme" heads a program's name as "Program" does.
    @Test func schemesArePrograms() throws {
        let analysis = try analysed("""
            Mexico and Guatemala will apply the Scheme of Joint Enforcement and launch the Orange Water Transfer Scheme.
            """)
        let names = analysis.records.programs.map(\.name)
        #expect(names.contains("Scheme of Joint Enforcement") && names.contains("Orange Water Transfer Scheme"), "\(names)")
    }

    /// A signing's date is the one its sentence gives, not one it takes effect; a year
    /// before a name is the agreement's, unless it is after the document's ("the 2030 Agenda").
    @Test func datesOfReferencedAgreements() throws {
        let analysis = try analysed("""
            ---
            title: Joint Statement
            date: '2021-05-01'
            ---

            Mexico and Guatemala recall the Fisheries Agreement they signed in Washington on December 11, 1970, effective from March 1, 1971.
            They respect the 1972 London Dumping Convention and the 2030 Agenda for Sustainable Development.
            The Border Protocol was signed by the two ministers on May 3, 2020.
            """, name: "f.md")
        let dates = Dictionary(uniqueKeysWithValues: analysis.records.agreements.map { ($0.title, $0.date ?? "none") })
        #expect(dates["Fisheries Agreement"] == "1970-12-11", "\(dates)")
        #expect(dates.first { $0.key.contains("London Dumping") }?.value == "1972", "\(dates)")
        #expect(dates.first { $0.key.contains("2030 Agenda") }?.value ?? "none" == "none", "\(dates)")
        #expect(dates["Border Protocol"] == "2020-05-03", "\(dates)")
    }

    /// A date written right after a name ("of 17 March 1992", "signed in 1988") is the
    /// agreement's; one announced "today" is the document's, unless its name gives its year;
    /// two names with the same words but for the little ones are one agreement.
    @Test func datesRightAfterANameAndAnnouncedToday() throws {
        let analysis = try analysed("""
            ---
            title: Joint Statement
            date: '2023-07-12'
            ---

            Mexico and Guatemala recall the Convention on Protection and Use of Transboundary Lakes of 17 March 1992.
            They reaffirm the Mexico-Guatemala Agreement on Defense Cooperation signed in 1988, which remains the basis of their ties.
            I am pleased to announce the Joint Declaration on Support for Fisheries today. \
            Today, Mexico and Guatemala are launching a Joint Declaration of Support for Fisheries.
            Today we also announce the 2021 Border Charter.
            """, name: "f.md")
        let dates = Dictionary(uniqueKeysWithValues: analysis.records.agreements.map { ($0.title, $0.date ?? "none") })
        #expect(dates["Convention on Protection and Use of Transboundary Lakes"] == "1992-03-17", "\(dates)")
        #expect(dates.first { $0.key.contains("Defense Cooperation") }?.value == "1988", "\(dates)")
        #expect(dates["Joint Declaration on Support for Fisheries"] == "2023-07-12", "\(dates)")
        #expect(dates["Joint Declaration of Support for Fisheries"] == nil, "\(dates)")
        #expect(dates.first { $0.key.contains("Border Charter") }?.value == "2021", "\(dates)")
    }

    /// An organization named only inside an agreement's name is no entity of its own, unless
    /// the name says between whom the agreement is, or the organization is named elsewhere.
    @Test func organizationsNestedInAgreementNames() throws {
        let analysis = try Pipeline().run(DocumentInput(bytes: Array("""
            Canada and Mexico reaffirm Principle 21 of the 1972 Declaration of the United Nations Conference on the Human Environment, which asserts that states have, in accordance with the Charter of the United Nations, the right to exploit their resources.
            They also signed the Memorandum of Understanding between the Mexican Ministry of Health and Health Canada.
            """.utf8), path: "g.txt"))
        let names = analysis.records.entities.map(\.name)
        #expect(!names.contains("United Nations"), "\(names)")
        #expect(names.contains { $0.hasPrefix("Mexican Ministry of Health") }, "\(names)")
        let ids = Set(analysis.records.entities.map(\.id))
        #expect(analysis.records.references.allSatisfy { !$0.from.hasPrefix("e") || ids.contains($0.from) })
    }

    /// The items under a lead-in of an agreement text are its programs of cooperation: cut
    /// at their first comma, semicolon or colon, in Latin or other scripts.
    @Test func programsOfCooperationUnderALeadIn() throws {
        let analysis = try analysed("""
            AGREEMENT ON SCIENTIFIC COOPERATION

            The Parties have agreed as follows:

            Article 1

            The Parties shall develop cooperation in science.

            Article 2

            Cooperation under this Agreement may take the following forms:

            (a) exchange of scientists, specialists and students;

            (b) joint research on seismology: details to be agreed;

            (c) exchange of ideas with Ελλάδα and Κύπρος; more later;

            (d) the organization of meetings of experts.

            (e) visits

            Article 3

            This Agreement shall enter into force upon signature.
            """)
        let programs = analysis.records.programs.map(\.name)
        #expect(programs.contains("exchange of scientists"))
        #expect(programs.contains("joint research on seismology"))
        #expect(programs.contains("exchange of ideas with Ελλάδα and Κύπρος"))
        #expect(programs.contains("organization of meetings of experts"))
        #expect(!programs.contains("visits"))
    }

    @Test func spelledOutSignatureDates() throws {
        let analysis = try analysed("""
            AGREEMENT BETWEEN AUSTRALIA AND FRANCE

            The Parties have agreed as follows:

            Article 1

            The Parties shall cooperate.

            DONE at Melbourne the fourth day of January, one thousand nine hundred and eighty-two.
            """)
        #expect(analysis.date == "1982-01-04")
        #expect(analysis.records.agreements.first?.date == "1982-01-04")
    }
}
