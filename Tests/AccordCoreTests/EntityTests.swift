import Foundation
import Testing
@testable import AccordCore

/// A small gazetteer in the resource's format, so these tests do not move when the
/// generated data is regenerated.
let testGazetteer = Gazetteer(tsv: """
    # test gazetteer
    country\tUS\tUnited States\tU.S.|US|USA|United States of America|America\talpha3=USA;demonyms=American|Americans
    country\tMX\tMexico\tUnited Mexican States\talpha3=MEX;demonyms=Mexican|Mexicans
    country\tJO\tJordan\tHashemite Kingdom of Jordan\talpha3=JOR;demonyms=Jordanian;ambiguous=1
    country\tGT\tGuatemala\t\talpha3=GTM
    former-country\tSUHH\tSoviet Union\tUSSR|U.S.S.R.|Union of Soviet Socialist Republics\tsuccessor=RU
    subdivision\tUS-NM\tNew Mexico\t\tcountry=US;type=State
    subdivision\tUS-TX\tTexas\t\tcountry=US;type=State
    subdivision\tMX-TAM\tTamaulipas\t\tcountry=MX;type=State
    city\t1\tMatamoros\t\tcountry=MX
    city\t2\tMexico City\t\tcountry=MX
    organization\tcbp\tCustoms and Border Protection\tU.S. Customs and Border Protection|CBP\tcountry=US
    organization\tdhs\tDepartment of Homeland Security\tHomeland Security|DHS\tcountry=US
    title\tsecretary\tSecretary\t\tplural=Secretaries
    title\tpresident\tPresident\t\tplural=Presidents
    title\tcommissioner\tCommissioner\t\tplural=Commissioners
    title\tminister\tMinister\t\tplural=Ministers
    title\tambassador\tAmbassador\t\tplural=Ambassadors
    title\tassistant-secretary\tAssistant Secretary\t\tplural=Assistant Secretaries
    title\tlegal-advisor\tlegal advisor\t\tplural=legal advisors
    """)

func entities(_ text: String, name: String = "doc.txt") throws -> [Entity] {
    try Pipeline(gazetteer: testGazetteer).run(DocumentInput(bytes: Array(text.utf8), path: name)).records.entities
}

func entity(_ list: [Entity], _ name: String) -> Entity? { list.first { $0.name == name } }

@Suite("Entities")
struct EntityTests {
    @Test func theSeedDocument() throws {
        let bytes = try corpusBytes("us-mexico-border-security.txt")
        let found = try Pipeline(gazetteer: testGazetteer).run(DocumentInput(bytes: bytes, path: "seed.txt")).records.entities
        let persons = found.filter { $0.type == .person }.map(\.name)
        #expect(persons == ["Janet Napolitano", "Thomas Winkowski", "Alan Bersin", "Anthony Wayne", "John Sandweg",
                            "Miguel Ángel Osorio Chong", "Enrique Peña Nieto"])
        let chong = try #require(entity(found, "Miguel Ángel Osorio Chong"))
        #expect(Set(chong.aliases).isSuperset(of: ["Chong", "Osorio Chong", "Secretary Osorio Chong"]))
        #expect(chong.roles.first?.title == "Secretary of the Interior")
        let mexico = try #require(entity(found, "Mexico"))
        #expect(chong.country == mexico.id)
        let napolitano = try #require(entity(found, "Janet Napolitano"))
        #expect(Set(napolitano.aliases).isSuperset(of: ["Napolitano", "Secretary Napolitano"]))
        #expect(napolitano.roles.first?.title == "Secretary of Homeland Security")
        let dhs = try #require(entity(found, "Department of Homeland Security"))
        #expect(napolitano.roles.first?.organization == dhs.id)
        let police = try #require(entity(found, "Mexican Federal Police"))
        #expect(police.type == .organization)
        #expect(police.country == mexico.id)
        #expect(police.aliases.contains("Federal Police"))
        #expect(entity(found, "Mexican Security Cabinet")?.aliases.contains("Security Cabinet") == true)
        #expect(entity(found, "South Texas/Tamaulipas Border Violence Prevention Group")?.type == .organization)
        let wayne = try #require(entity(found, "Anthony Wayne"))
        #expect(wayne.roles.first?.title == "Ambassador to Mexico" || wayne.roles.first?.title == "Ambassador to Mexico")
        #expect(wayne.country != mexico.id)  // an ambassador *to* Mexico
        #expect(entity(found, "Peña Nieto") == nil)
        #expect(entity(found, "Enrique Peña Nieto")?.aliases.contains("Peña Nieto") == true)
        // Every mention's words are the entity's name or an alias.
        let text = try Pipeline(gazetteer: testGazetteer).run(DocumentInput(bytes: bytes, path: "seed.txt")).text
        for e in found {
            for mention in e.mentions {
                let words = text.string(mention.range)
                #expect(([e.name] + e.aliases).contains(words) || e.type == .country, "\(words) for \(e.name)")
            }
        }
    }

    @Test func newMexicoIsAStateNotMexico() throws {
        let found = try entities("Officials from New Mexico and Texas met their counterparts from Mexico.")
        #expect(entity(found, "New Mexico")?.type == .subdivision)
        #expect(entity(found, "Mexico")?.mentions.count == 1)
    }

    @Test func ambiguousCountryNamesNeedContext() throws {
        #expect(entity(try entities("Michael Jordan visited Chicago."), "Jordan") == nil)
        #expect(entity(try entities("The Secretary travelled to Jordan and Guatemala."), "Jordan")?.type == .country)
        #expect(entity(try entities("Jordanian officials said Jordan would attend."), "Jordan") != nil)
    }

    /// Names that read differently by date or context, with the built-in gazetteer: "Russia"
    /// is the Russian SFSR in a document of 1950 and the Russian Federation in one of 2020
    /// (a former country's shared name); "Georgia" with "Georgian" and "Tbilisi" is the country.
    @Test func datedAndAmbiguousNamesWithTheBuiltInGazetteer() throws {
        func names(_ date: String) throws -> [String] {
            let text = "---\ntitle: Note\ndate: \(date)\n---\n\nThe delegation of Russia met the delegation of Georgia in Tbilisi. Georgian officials spoke.\n"
            return try Pipeline().run(DocumentInput(bytes: Array(text.utf8), path: "note.md")).records.entities
                .filter { $0.type == .country }.map(\.name)
        }
        #expect(try names("1950-03-01") == ["Russian SFSR", "Georgia"])
        #expect(try names("2020-03-01") == ["Russian Federation", "Georgia"])
    }

    /// The whole-document evidence (a demonym, another name) is looked for once an entry, but
    /// each mention still answers to its own neighbours first: a name inside a person's name
    /// stays out after other mentions were taken, and without evidence none is.
    @Test func ambiguousCountryEvidenceIsPerEntryNeighboursPerMention() throws {
        let found = try entities("Jordan said this. Michael Jordan played. Jordan said that. Jordanian officials met.")
        // "Jordan" twice and "Jordanian"; not the "Jordan" of "Michael Jordan" (at 26).
        #expect(entity(found, "Jordan")?.mentions.map(\.range.start) == [0, 41, 59])
        #expect(entity(try entities("Jordan said this. Jordan said that. Michael Jordan played."), "Jordan") == nil)
    }

    @Test func monthsAndSentenceInitialWordsAreNotNames() throws {
        let found = try entities("In May the Secretary met President Obama. Representatives from both sides agreed. Though tired, Secretary Kerry spoke.")
        #expect(found.filter { $0.type == .person }.map(\.name) == ["Obama", "Kerry"])
    }

    @Test func headingsInCapitals() throws {
        let found = try entities("AGREEMENT BETWEEN THE UNITED STATES OF AMERICA AND THE UNITED MEXICAN STATES\n\nThe Parties agree.")
        #expect(entity(found, "United States") != nil)
        #expect(entity(found, "Mexico") != nil)
        #expect(!found.contains { $0.type == .person })
    }

    @Test func twoPeopleWhoShareASurnameStayTwo() throws {
        let found = try entities("President Joe Biden met Minister Jill Biden. Later, Secretary Hunter Smith spoke with Minister Ana Smith.")
        let persons = found.filter { $0.type == .person }.map(\.name)
        #expect(persons == ["Joe Biden", "Jill Biden", "Hunter Smith", "Ana Smith"])
    }

    /// "Ambassador" is how a trade representative or an envoy is addressed: "Ambassador Tai"
    /// is the trade representative named before, not someone else; a title's acronym stays in
    /// capitals ("U.S. Trade Representative", not "U.s.").
    @Test func anAmbassadorByCourtesyIsTheRepresentativeNamedBefore() throws {
        let found = try Pipeline().run(DocumentInput(bytes: Array("""
            U.S. Trade Representative Katherine Tai met President Joe Biden. Ambassador Tai then spoke. \
            President Biden thanked Minister Jill Biden.
            """.utf8), path: "doc.txt")).records.entities
        let persons = found.filter { $0.type == .person }
        #expect(persons.map(\.name) == ["Katherine Tai", "Joe Biden", "Jill Biden"], "\(persons.map(\.name))")
        #expect(entity(found, "Katherine Tai")?.aliases.contains("Ambassador Tai") == true)
        #expect(entity(found, "Katherine Tai")?.roles.first?.title == "U.S. Trade Representative")
    }

    /// Titles of the built-in gazetteer before a name ("Taoiseach", "First Lady", "CEO"); a
    /// contraction after a title and a comma is no name ("Taoiseach, I'm").
    @Test func moreTitlesAndNoContractionsAsNames() throws {
        let found = try Pipeline().run(DocumentInput(bytes: Array("""
            Taoiseach Micheál Martin met First Lady Jill Biden and CEO Satya Nadella. Taoiseach, I'm glad. Mr. President, I've waited.
            """.utf8), path: "doc.txt")).records.entities
        let persons = found.filter { $0.type == .person }.map(\.name)
        #expect(persons == ["Micheál Martin", "Jill Biden", "Satya Nadella"], "\(persons)")
        #expect(Context.isContraction("I'm") && Context.isContraction("We've"))
        #expect(!Context.isContraction("O'Brien") && !Context.isContraction("Biden"))
    }

    /// A sea or region with a capitalized direction before it is a place of its own name ("the
    /// Middle Atlantic Ocean"); a country with one stays the country; US regions are places.
    @Test func qualifiedPlaceNames() throws {
        let analysis = try Pipeline().run(DocumentInput(bytes: Array("""
            Fishing in the Middle Atlantic Ocean and off New England will be limited. Northern Mexico is dry.
            """.utf8), path: "doc.txt"))
        let found = Dictionary(analysis.records.entities.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
        #expect(found["Middle Atlantic Ocean"] == .place && found["Atlantic"] == nil, "\(found)")
        #expect(found["New England"] == .place && found["England"] == nil, "\(found)")
        #expect(found["Mexico"] == .country, "\(found)")
    }

    /// Names of bodies with a list inside ("Agency for Science, Technology, and Research"), two
    /// bodies joined by "and", a laboratory whose name begins with "Joint", a base ("Camp
    /// Speicher"), a pipeline between two countries, and an Arabic surname with or without its
    /// article ("Al-Sudani", "Prime Minister Sudani").
    @Test func namesOfBodiesWorksAndSurnames() throws {
        let analysis = try Pipeline().run(DocumentInput(bytes: Array("""
            Singapore's Agency for Science, Technology, and Research will work with the Joint Genome Institute. \
            The Ministry of Foreign Affairs and Ministry of Digital Development and Information will host it. \
            Prime Minister Mohammed Shia'a Al-Sudani of Iraq visited Camp Speicher. Prime Minister Sudani praised the Iraq-Turkiye Pipeline.
            """.utf8), path: "doc.txt"))
        let found = Dictionary(analysis.records.entities.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
        #expect(found["Agency for Science, Technology, and Research"] == .organization, "\(found)")
        #expect(found["Joint Genome Institute"] == .organization, "\(found)")
        #expect(found["Ministry of Foreign Affairs"] == .organization && found["Ministry of Digital Development and Information"] == .organization,
                "\(found)")
        #expect(found["Camp Speicher"] == .place && found["Iraq-Turkiye Pipeline"] == .place, "\(found)")
        #expect(found["Mohammed Shia'a Al-Sudani"] == .person && found["Sudani"] == nil, "\(found)")
        #expect(Names.withoutArticle("Al-Sudani") == "Sudani" && Names.withoutArticle("el-Sisi") == "Sisi" && Names.withoutArticle("Alden") == "Alden")
    }

    /// A body named only inside an event's name is no entity ("the U.S.-ASEAN Summit", "the
    /// United Nations Climate Change Conference"); named anywhere else, it is.
    @Test func bodiesInsideEventNames() throws {
        func organizations(_ text: String) throws -> [String] {
            try Pipeline().run(DocumentInput(bytes: Array(text.utf8), path: "doc.txt")).records.entities
                .filter { $0.type == .organization }.map(\.name)
        }
        let nested = try organizations("""
            The leaders met on the margins of the U.S.-ASEAN Summit in Jakarta. They look forward to the United Nations Climate Change Conference.
            """)
        #expect(nested.isEmpty, "\(nested)")
        let named = try organizations("The leaders met at the ASEAN Summit. ASEAN members agreed to meet again.")
        #expect(named == ["Association of Southeast Asian Nations"], "\(named)")
    }

    /// A known organization followed by a word of its own names is that organization, not a
    /// second one: "NATO Alliance" is NATO (the "Atlantic Alliance"); "NATO Summit" is not.
    @Test func aKnownOrganizationRestatingItsKind() throws {
        let analysis = try Pipeline().run(DocumentInput(bytes: Array("""
            Spain hosted the NATO Summit. The NATO Alliance is strong, and NATO will grow.
            """.utf8), path: "doc.txt"))
        let organizations = analysis.records.entities.filter { $0.type == .organization }
        let nato = try #require(organizations.first { $0.name == "North Atlantic Treaty Organization" })
        let mentions = nato.mentions.map { analysis.text.string($0.range) }
        #expect(mentions.contains("NATO Alliance"), "\(organizations.map(\.name))")
        #expect(!organizations.contains { $0.name == "NATO Alliance" }, "\(organizations.map(\.name))")
        #expect(!mentions.contains("NATO Summit"))
    }

    /// Companies from the built-in gazetteer: "General Electric" is no general named
    /// Electric, "American Airlines" names no country, and a company's foundation is its own
    /// organization, not merged with another company's.
    @Test func companiesWithTheBuiltInGazetteer() throws {
        let found = try Pipeline().run(DocumentInput(bytes: Array("""
            Bahrain's Gulf Air has purchased twelve Boeing 787 aircraft with engines from General Electric. \
            The Mastercard Foundation and the BlackRock Foundation will support the program. \
            The delegation flew American Airlines to Washington.
            """.utf8), path: "doc.txt")).records.entities
        for name in ["Gulf Air", "Boeing", "General Electric", "Mastercard Foundation", "BlackRock Foundation", "American Airlines"] {
            #expect(entity(found, name)?.type == .organization, "\(name): \(found.map(\.name))")
        }
        #expect(entity(found, "Mastercard Foundation")?.aliases.contains("BlackRock Foundation") == false)
        #expect(!found.contains { $0.type == .person }, "\(found.map(\.name))")
        #expect(Set(found.filter { $0.type == .country }.map(\.name)) == ["Bahrain"], "\(found.map(\.name))")
    }

    /// A title that is also an adjective ("General") before a word the document writes in
    /// lower case, as it is or in the plural, names no one; before a name it still does.
    @Test func adjectiveTitlesBeforeCommonWords() throws {
        let found = try Pipeline().run(DocumentInput(bytes: Array("""
            Article 2

            General Obligation

            The Parties shall meet their obligations. General Mark Milley attended the meeting.
            """.utf8), path: "treaty.txt")).records.entities
        #expect(!found.contains { $0.name == "Obligation" }, "\(found.map(\.name))")
        #expect(found.contains { $0.type == .person && $0.name == "Mark Milley" }, "\(found.map(\.name))")
    }

    /// A named place whose last word is an organization's head noun is the place.
    @Test func placesEndingInAHeadNoun() throws {
        let found = try Pipeline().run(DocumentInput(bytes: Array("""
            The two leaders met in the Oval Office and discussed the West Bank and the African continent.
            """.utf8), path: "doc.txt")).records.entities
        #expect(entity(found, "Africa")?.type == .place, "\(found.map { ($0.name, $0.type) })")
        #expect(entity(found, "Oval Office")?.type == .place, "\(found.map { ($0.name, $0.type) })")
        #expect(entity(found, "West Bank")?.type == .place, "\(found.map { ($0.name, $0.type) })")
    }

    /// Natural features are places by their head noun, before or after the name; not a name
    /// the gazetteer knows, a longer name, or a head that starts another name.
    @Test func naturalFeatures() throws {
        let found = try Pipeline().run(DocumentInput(bytes: Array("""
            The Parties shall monitor the Narva River, Lake Peipus-Pihkva and the waters south of Cape Hatteras and in the Gulf of Mexico.
            The U.S. Coast Guard, officials of Cape Verde and the Gulf Cartel met on Rhode Island before the UN Ocean Conference.
            A Cape Verdean delegation attended. Ships crossed Lake Huron and Lake Erie.
            """.utf8), path: "doc.txt")).records.entities
        for name in ["Narva River", "Lake Peipus-Pihkva", "Cape Hatteras", "Gulf of Mexico", "Lake Huron", "Lake Erie"] {
            #expect(entity(found, name)?.type == .place, "\(name): \(found.map { ($0.name, $0.type) })")
        }
        #expect(!found.contains { $0.name == "Narva" })
        #expect(found.contains { $0.type == .country && ([$0.name] + $0.aliases).contains("Cape Verde") }, "\(found.map { ($0.name, $0.aliases) })")
        #expect(entity(found, "Rhode Island")?.type == .subdivision)
        for name in ["Gulf Cartel", "UN Ocean", "Ocean Conference", "Cape Verdean", "Coast Guard", "U.S. Coast"] {
            #expect(!found.contains { $0.name == name && $0.type == .place }, "\(name): \(found.map { ($0.name, $0.type) })")
        }
    }

    @Test func acronymsDefinedInParentheses() throws {
        let found = try entities("The National Border Security Council (NBSC) met. The NBSC agreed to meet again.")
        let council = try #require(entity(found, "National Border Security Council"))
        #expect(council.type == .organization)
        #expect(council.aliases.contains("NBSC"))
        #expect(council.mentions.count == 3)
    }

    @Test func particlesAccentsAndHyphens() throws {
        let found = try entities("President Andrés Manuel López Obrador met Minister Abdel-Fattah al-Sisi and Minister Ursula von der Leyen. López Obrador spoke.")
        let persons = found.filter { $0.type == .person }
        #expect(persons.map(\.name) == ["Andrés Manuel López Obrador", "Abdel-Fattah al-Sisi", "Ursula von der Leyen"])
        #expect(persons.first?.mentions.count == 2)
    }

    @Test func jointBodiesAreMechanismsNotParties() throws {
        let found = try entities("The Joint Economic Commission and the U.S.-Mexico Security Council met with the Federal Aviation Administration under the Biden Administration.")
        #expect(found.filter { $0.type == .organization }.map(\.name) == ["Federal Aviation Administration"])
    }

    @Test func formerCountries() throws {
        let found = try entities("The Government of the Union of Soviet Socialist Republics and the USSR delegation.")
        let soviet = try #require(entity(found, "Soviet Union"))
        #expect(soviet.type == .country)
        #expect(soviet.mentions.count == 2)
    }
}

@Suite("Dates")
struct DateTests {
    func dates(_ text: String, on date: String? = nil) throws -> [DateMention] {
        let body = date.map { "---\ndate: '\($0)'\n---\n\n" + text } ?? text
        return try Pipeline(gazetteer: testGazetteer).run(DocumentInput(bytes: Array(body.utf8), path: date == nil ? "d.txt" : "d.md")).records.dates
    }

    @Test func absoluteForms() throws {
        let found = try dates("Done at Washington this 24th day of February, 1925. Signed February 24, 1925 and 24 February 1925, then 24.02.1925, 2021-10-08, in May 2020 and on Feb. 3, 2001.")
        #expect(found.map(\.value) == ["1925-02-24", "1925-02-24", "1925-02-24", "1925-02-24", "2021-10-08", "2020-05", "2001-02-03"])
        #expect(found.allSatisfy { !$0.relative })
        // "of" left out, as a treaty text sometimes does; spelled-out ordinals too.
        let without = try dates("DONE at Moscow this 21st day February 1973, and the fourth day January, 1982.")
        #expect(without.map(\.value) == ["1973-02-21", "1982-01-04"])
        #expect(DateFinder.first(in: "authentic, at Moscow this 21st day February 1973.")?.iso == "1973-02-21")
    }

    @Test func relativeFormsResolveAgainstTheDocumentDate() throws {
        // 2013-08-20 was a Tuesday.
        let found = try dates("They met Tuesday and Monday, and will meet tomorrow and on March 1. Talks began last year and this week.", on: "2013-08-20")
        #expect(found.map(\.value) == ["2013-08-20", "2013-08-19", "2013-08-21", "2013-03-01", "2012", "2013-W34"])
        #expect(found.allSatisfy { $0.relative })
    }

    @Test func relativeFormsWithoutADocumentDateAreKeptAsWritten() throws {
        let found = try dates("They met on Tuesday.")
        #expect(found.count == 1)
        #expect(found.first?.value == nil)
        #expect(found.first?.relative == true)
    }

    @Test func mayAloneIsNotADate() throws {
        #expect(try dates("The Parties may agree.").isEmpty)
    }

    /// The pipeline finds a treaty's mentions again, once its signature has dated it, only
    /// when one is relative: that rests on this. With a document date or without, the same
    /// mentions are found, and only the relative ones' values differ.
    @Test func aDocumentDateChangesOnlyTheRelativeMentionsValues() throws {
        let texts = [
            "They met Tuesday and Monday, and will meet tomorrow and on March 1. Talks began last year and this week.",
            "Done at Washington this 24th day of February, 1925. Signed February 24, 1925 and 24 February 1925, then 24.02.1925, "
                + "2021-10-08, in May 2020, on Feb. 3, 2001, on 12 June and on Friday. Yesterday, this month, next year, today.",
            try String(decoding: corpusBytes("us-mexico-border-security.txt"), as: UTF8.self),
        ]
        var relative = 0, absolute = 0
        for text in texts {
            let analysis = try analyse(text)
            let tokens = Tokenizer.tokenize(analysis.text, sentences: analysis.segmentation.sentences)
            let undated = DateRecognizer().run(tokens: tokens, documentDate: nil)
            let dated = DateRecognizer().run(tokens: tokens, documentDate: "2013-08-20")
            #expect(undated.map(\.range) == dated.map(\.range))
            #expect(undated.map(\.rule) == dated.map(\.rule))
            for (a, b) in zip(undated, dated) {
                #expect(a.relative == b.relative)
                if a.relative {
                    relative += 1
                    #expect(a.value == nil && b.value != nil, "\(b.rule)")
                } else {
                    absolute += 1
                    #expect(a.value == b.value)
                }
            }
        }
        #expect(relative >= 12 && absolute >= 7, "\(relative) relative, \(absolute) absolute")
    }

    /// A treaty without a date in its metadata is dated by its signature; its mentions then
    /// are those found with that date (a relative one resolved against it).
    @Test func aTreatyDatedByItsSignatureResolvesItsRelativeMentions() throws {
        let treaty = """
            AGREEMENT BETWEEN THE UNITED STATES OF AMERICA AND CANADA

            Article 1

            The Parties shall meet on Tuesday and report next year.

            Article 2

            The Parties shall exchange information.

            Done at Ottawa this 20th day of August, 2013.
            """
        let analysis = try Pipeline(gazetteer: testGazetteer).run(DocumentInput(bytes: Array(treaty.utf8), path: "t.txt"))
        #expect(analysis.date == "2013-08-20")
        #expect(analysis.records.dates.map(\.value) == ["2013-08-20", "2014", "2013-08-20"])
        // Without a relative mention the treaty's mentions are the same as before it was dated.
        let absolute = treaty.replacingOccurrences(of: "on Tuesday and report next year", with: "on 1 May 2014")
        let plain = try Pipeline(gazetteer: testGazetteer).run(DocumentInput(bytes: Array(absolute.utf8), path: "t.txt"))
        #expect(plain.date == "2013-08-20")
        #expect(plain.records.dates.map(\.value) == ["2014-05-01", "2013-08-20"])
    }
}

@Suite("Principal parties")
struct PartyTests {
    @Test func aTreatyHasItsPartiesFromTheTitleAndPreamble() throws {
        let text = """
            AGREEMENT BETWEEN THE GOVERNMENT OF THE UNITED STATES OF AMERICA AND THE GOVERNMENT OF THE UNITED MEXICAN STATES

            The Government of the United States of America and the Government of the United Mexican States, hereinafter referred to as the Parties, have agreed as follows:

            Article 1

            The Parties shall cooperate with Guatemala. Each Party shall inform the other.

            Done at Mexico City on 20 August 2013.
            """
        let analysis = try Pipeline(gazetteer: testGazetteer).run(DocumentInput(bytes: Array(text.utf8), path: "t.txt"))
        let names = analysis.records.principalParties.compactMap { id in analysis.records.entities.first { $0.id == id }?.name }
        #expect(names == ["United States", "Mexico"])
        let phrases = analysis.records.collectiveMentions.map { analysis.text.string($0.range) }
        #expect(phrases == ["the Parties", "The Parties", "Each Party"])
        #expect(analysis.records.collectiveMentions.allSatisfy { $0.refersTo == analysis.records.principalParties })
    }

    /// Collective phrases are screened by their second word, so each has two words at least;
    /// the table answers for every phrase's first word with that phrase and its second word.
    @Test func collectivePhrasesHaveTwoWordsAndAreIndexed() {
        #expect(PartyResolver.collectivePhrases.allSatisfy { $0.count >= 2 })
        for phrase in PartyResolver.collectivePhrases {
            let candidates = PartyResolver.phrasesByFirstWord[phrase[0]]
            #expect(candidates?.phrases.contains { $0.words == phrase } == true, "\(phrase)")
            #expect(candidates?.secondHashes.contains(WordHash.of(phrase[1])) == true, "\(phrase)")
        }
    }

    /// A treaty's title lists its parties up to its subject ("… and Iraq on Fisheries"): every
    /// one counted, however many commas (each a run of bytes a name's matching folds to one
    /// space) come before the last.
    @Test func aTreatyTitleListsAllItsParties() throws {
        let text = """
            Treaty between Canada, Mexico, Japan, Peru, Chile, Cuba, and Iraq on Fisheries

            Article 1

            Canada, Mexico, Japan, Peru, Chile, Cuba and Iraq shall cooperate in the conservation of fish stocks.

            Article 2

            The Parties shall meet every year.
            """
        let analysis = try Pipeline().run(DocumentInput(bytes: Array(text.utf8), path: "treaty.txt"))
        let names = analysis.records.principalParties.compactMap { id in analysis.records.entities.first { $0.id == id }?.name }
        #expect(names == ["Canada", "Mexico", "Japan", "Peru", "Chile", "Cuba", "Iraq"])
    }

    @Test func aStatementIsAboutItsMostMentionedCountries() throws {
        let text = "Border cooperation\n\nMexico and the United States met. Guatemala was mentioned once. The two countries agreed, and Mexico and the U.S. will meet again."
        let analysis = try Pipeline(gazetteer: testGazetteer).run(DocumentInput(bytes: Array(text.utf8), path: "s.txt"))
        let names = Set(analysis.records.principalParties.compactMap { id in analysis.records.entities.first { $0.id == id }?.name })
        #expect(names == ["United States", "Mexico"])
        #expect(analysis.records.collectiveMentions.count == 1)
    }
}

@Suite("Quotes")
struct QuoteTests {
    func quotes(_ text: String) throws -> [(speaker: String?, text: String)] {
        let analysis = try Pipeline(gazetteer: testGazetteer).run(DocumentInput(bytes: Array(text.utf8), path: "q.txt"))
        return analysis.records.quotes.map { quote in
            (quote.speaker.flatMap { id in analysis.records.entities.first { $0.id == id }?.name }, analysis.text.string(quote.span))
        }
    }

    @Test func attributionBeforeAndAfter() throws {
        let found = try quotes("""
            As Secretary Janet Napolitano stated: \u{201C}We have taken unprecedented steps together.\u{201D} \
            \u{201C}The border is safer than it was,\u{201D} President Enrique Peña Nieto said. \
            Minister Ana Smith added, \u{201C}we will meet again next year.\u{201D}
            """)
        #expect(found.map(\.speaker) == ["Janet Napolitano", "Enrique Peña Nieto", "Ana Smith"])
        #expect(found.first?.text == "We have taken unprecedented steps together.")
    }

    @Test func aTitleOrAPronounNamesTheSpeaker() throws {
        let found = try quotes("""
            Minister Ana Smith met Secretary John Doe. As the Minister noted, \u{201C}our nations are closer than ever before.\u{201D} \
            Later he said: \u{201C}the work will continue for many years.\u{201D}
            """)
        #expect(found.map(\.speaker) == ["Ana Smith", "John Doe"])
    }

    @Test func aQuotationOverSeveralParagraphs() throws {
        let found = try quotes("""
            Secretary John Doe said: \u{201C}The first paragraph of the statement goes on.

            \u{201C}The second paragraph ends the statement here.\u{201D}

            Unrelated text follows.
            """)
        #expect(found.count == 1)
        #expect(found.first?.speaker == "John Doe")
        #expect(found.first?.text.hasSuffix("ends the statement here.") == true)
    }

    @Test func namesInQuotationMarksAreNotQuotations() throws {
        #expect(try quotes("They signed the \u{201C}Los Angeles Declaration on Migration and Protection\u{201D} today.").isEmpty)
        #expect(try quotes("the so-called \u{201C}red line\u{201D} was crossed").isEmpty)
    }
}

@Suite("agreement extractor: overlapping names")
struct OverlappingNameTests {
    func index(_ names: [String: Int]) -> AgreementExtractor.NameIndex {
        var index = AgreementExtractor.NameIndex()
        for (name, record) in names { index[name] = record }
        return index
    }

    @Test func longestContainedNameWinsWhateverTheOrder() {
        let names = index(["united nations framework convention on climate change": 1, "paris agreement": 2])
        let key = "united nations framework convention on climate change and the paris agreement"
        #expect(names.overlapping(key) == 1)
        #expect(names.overlapping("paris agreement text") == 2)
        #expect(names.overlapping("kyoto protocol") == nil)
        // Equal lengths: the earlier record.
        #expect(index(["ab": 5, "cd": 3]).overlapping("ab cd") == 3)
    }

    /// The same words but for prepositions and articles, in any order, are the same name.
    @Test func theSameWordsButTheLittleOnes() {
        let names = index(["joint declaration on support for ukraine": 1, "treaty between canada and united states of america": 2])
        #expect(names.overlapping("joint declaration of support for ukraine") == 1)
        #expect(names.overlapping("treaty between united states of america and canada") == 2)
        #expect(names.overlapping("joint declaration on support for georgia") == nil)
    }
}

@Suite("fast paths give the slow paths' answers")
struct FastPathTests {
    /// Byte equality is not `==`: canonically equal strings written differently differ.
    @Test func sameBytesIsByteEquality() {
        #expect(Names.sameBytes("Juárez", "Juárez") && Names.sameBytes("", ""))
        #expect("Jua\u{301}rez" == "Juárez" && !Names.sameBytes("Jua\u{301}rez", "Juárez"))
        #expect(!Names.sameBytes("Mexico", "Mexic") && !Names.sameBytes("Mexico", "mexico"))
        let long = String(repeating: "United Mexican States ", count: 4)
        #expect(Names.sameBytes(long, String(long.dropLast()) + " ") && !Names.sameBytes(long, String(long.dropLast()) + "!"))
    }

    /// A list item's head (cut at its first semicolon, comma or colon, periods off its end,
    /// its words counted and the first) read by bytes equals the walk by characters, on
    /// random items of words, spaces, the cutting marks, periods, accents written apart and
    /// line ends; and an item of more than 16 words counts 17.
    @Test func listItemHeadByBytesEqualsByCharacters() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["exchange", "of", "data", "Joint", "research", "é", "e\u{301}", ";", ",", ":", ".", "..", " ", "  ", "\r\n", "Москва", "a"]
        for _ in 0..<4_000 {
            let item = (0..<Int.random(in: 0...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let bytes = AgreementExtractor.listItemHead(item)
            let characters = AgreementExtractor.listItemHead(item, byCharacters: true)
            #expect(bytes.item == characters.item && bytes.words == characters.words && bytes.first == characters.first, "\(item)")
        }
        let long = AgreementExtractor.listItemHead(Array(repeating: "word", count: 40).joined(separator: " ") + "; rest")
        #expect(long.words == 17 && long.first == "word" && !long.item.contains(";"))
        #expect(AgreementExtractor.listItemHead("Exchange of scientists, and data.").item == "Exchange of scientists")
    }

    @Test func asciiFoldEqualsGeneralFold() {
        let names = ["The United States of America", "U.S.-Mexico", "People's Republic of China", "the", "The", "  the  Hague ",
                     "Article 4. (a)", "ASEAN\tSummit", "G-7/G-20", "O'Neill", "theater", "Theresa", "", "...", "a\u{1}b", "x\ny",
                     "CHIPS and Science Act of 2022", "e-mail", "THE NETHERLANDS"]
        for name in names {
            #expect(Names.foldASCII(name) == Names.foldGeneral(name), "\(name)")
        }
        #expect(Names.foldASCII("Québec") == nil)
        // Every ASCII byte alone, between letters and after a separator (the byte class table).
        for value in UInt8(0)..<0x80 {
            let c = String(UnicodeScalar(value))
            for name in [c, "a\(c)b", "The \(c)x", "\(c) the", "Ab \(c)\(c) 9"] {
                #expect(Names.foldASCII(name) == Names.foldGeneral(name), "\(name.debugDescription)")
            }
        }
    }

    /// A title's head on bytes is Foundation's first component before " of ".
    @Test func titleHeadIsTheFirstComponent() {
        for title in ["Secretary of State", "President", "Minister of Foreign Affairs of Mexico", " of ", "of", "Chief  of Staff", "Head of",
                      "Professor", "Roof of the house", "Secretario de Estado", "Ministre des Affaires étrangères of France", "x of", " of x",
                      "Secretary\u{301} of State", "Ministro\r\nof State", "Chief of\u{301} Staff", "Мэр of Москва", ""] {
            #expect(Names.titleHead(title) == (title.components(separatedBy: " of ").first ?? title), "\(title.debugDescription)")
        }
    }

    /// The gazetteer's capitalized form of a word in capitals, on bytes for ASCII words, is
    /// the character-level one.
    @Test func capitalizedEqualsTheCharacterForm() {
        for word in ["", "a", "usa", "u.s.", "mexico", "1st", "'s", "x-ray", "\r\nab", "élysée", "ßtraße", "ǆemal", "ıi", "中国", "zz"] {
            #expect(Gazetteer.capitalized(word) == word.prefix(1).uppercased() + word.dropFirst(), "\(word)")
        }
    }

    /// Words joined on bytes equal the split and join on characters, on random text of
    /// spaces, line feeds and scalars below U+0300 (and other text is left to the characters).
    @Test func joinedWordsEqualCharacterSplit() {
        var generator = SystemRandomNumberGenerator()
        let pool = Array(" \n  a Z é ß \u{2FF}\u{1}.".unicodeScalars)
        for _ in 0..<5_000 {
            let text = String(String.UnicodeScalarView((0..<Int.random(in: 0...14, using: &generator)).map { _ in pool.randomElement(using: &generator)! }))
            let reference = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
            #expect(Normalize.joinedWords(text) == reference, "\(text.debugDescription)")
        }
        for other in ["a \u{301}b", "x\r\ny", "a\u{200D} b", "가 나"] { #expect(Normalize.joinedWords(other) == nil) }
        #expect(Normalize.joinedWords(" 中  文\nЖ ") == "中 文 Ж")
        #expect(Normalize.plainText("  Ciudad\n  Juárez ") == "Ciudad Juárez")
    }

    /// Where the check says characters are scalars they are: on random text of scalars
    /// drawn from the stable ranges and from marks, joiners, Hangul, regional indicators,
    /// emoji and carriage returns, the characters and the scalars are the same strings.
    @Test func charactersAreScalarsWhereTheCheckSaysSo() {
        var generator = SystemRandomNumberGenerator()
        let stable = Array("a Z\n\t.é\u{2FF}Жё\u{482}\u{48A}—\u{2028}\u{205E}→中\u{AD}".unicodeScalars)
        let joining = Array("\r\u{301}\u{483}\u{200D}\u{200C}가\u{1F1FA}\u{1F3FB}\u{600}\u{93F}\u{2060}😀".unicodeScalars)
        var checked = 0
        for round in 0..<20_000 {
            let pool = round % 4 == 0 ? stable + joining : stable
            let scalars = (0..<Int.random(in: 0...10, using: &generator)).map { _ in pool.randomElement(using: &generator)! }
            let text = String(String.UnicodeScalarView(scalars))
            guard CharactersAreScalars.check(text) else {
                #expect(scalars.contains { joining.contains($0) }, "\(scalars.map(\.value))")
                continue
            }
            checked += 1
            #expect(text.map(String.init) == text.unicodeScalars.map(String.init), "\(scalars.map(\.value))")
        }
        #expect(checked > 10_000)
    }

    /// Folding Latin and Cyrillic names scalar by scalar from a table gives Foundation's
    /// folding of the whole text, on random strings of those scalars with ASCII spaces,
    /// apostrophes and periods between (and other scripts are not folded by the table).
    @Test func tableFoldEqualsFoundationFold() {
        var generator = SystemRandomNumberGenerator()
        let tabled = (0..<UInt32(0x500)).filter { Names.isTabled($0) && $0 >= 0x20 }.compactMap(Unicode.Scalar.init)
        let between: [Unicode.Scalar] = [" ", " ", "'", ".", "-", "a", "T"]
        for _ in 0..<20_000 {
            let length = Int.random(in: 1...12, using: &generator)
            var scalars = String.UnicodeScalarView()
            for _ in 0..<length {
                scalars.append(Bool.random(using: &generator) ? tabled.randomElement(using: &generator)! : between.randomElement(using: &generator)!)
            }
            let plain = Normalize.plainText(String(scalars))
            guard let table = Names.foldByTable(plain) else { continue }
            #expect(table == Names.foldFoundation(plain), "\(plain.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        // Every tabled scalar alone, and after each of a few others.
        for scalar in tabled {
            for before in ["", "a", "İ", "ß", "Ж", "é"] {
                let plain = Normalize.plainText(before + String(scalar))
                if let table = Names.foldByTable(plain) { #expect(table == Names.foldFoundation(plain), "\(scalar.value)") }
            }
        }
        #expect(Names.foldByTable("Ελλάδα") == nil && Names.foldByTable("中国") == nil)
        #expect(Names.foldGeneral("Québec") == "quebec" && Names.foldGeneral("The Rosatom Ёлка") == "rosatom елка")
    }

    /// An entry's traits, as matches read them: its kind, whether it is ambiguous, the
    /// ambiguous aliases and demonyms lower-cased, and whether a user's configuration made it.
    @Test func gazetteerTraitsSayWhatTheEntriesSay() throws {
        let gazetteer = Gazetteer(tsv: """
            country\tGE\tGeorgia\tSakartvelo\tambiguous-aliases=Georgia|SAKARTVELO;ambiguous-demonyms=Georgian;demonyms=Georgian
            city\tBH\tBethlehem\t\tambiguous=1
            country\tMX\tMexico
            """)
        #expect(gazetteer.traits.map(\.kind) == [.country, .city, .country])
        #expect(gazetteer.traits.map(\.isAmbiguous) == [false, true, false])
        #expect(gazetteer.traits[0].ambiguousAliases == ["georgia", "sakartvelo"] && gazetteer.traits[0].ambiguousDemonyms == ["georgian"])
        #expect(gazetteer.traits[2].ambiguousAliases.isEmpty && !gazetteer.traits.contains { $0.isUser })
        let configuration = try Configuration.parse("entities:\n  - name: Rio Desk\n    type: organization\n", file: "accord.yaml")
        let added = gazetteer.adding(configuration)
        #expect(added.traits.map(\.isUser) == [false, false, false, true])
        #expect(added.traits[3].kind == .organization)
    }

    @Test func byteContainsEqualsFoundation() {
        let cases: [(String, String)] = [("paris agreement", "agreement"), ("paris agreement", "paris agreement"), ("abc", "abcd"),
                                         ("", "a"), ("a", ""), ("aaab", "aab"), ("Québec city", "bec c"), ("mississippi", "issip"),
                                         ("mississippi", "ssippix"), ("x", "x")]
        for (a, b) in cases {
            #expect(a.contains(b) == (a.range(of: b) != nil || b.isEmpty), "\(a) / \(b)")
        }
    }
}

@Suite("date text")
struct ISODayTests {
    @Test func isoDayMatchesTheFormatter() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        for seconds in stride(from: -2_208_988_800.0, through: 4_102_444_800.0, by: 86_400 * 37) {  // midnights, as YAML dates are
            let date = Date(timeIntervalSince1970: seconds)
            #expect(DateText.isoDay(date) == formatter.string(from: date), "\(seconds)")
        }
        // Any instant (time stamps with a time and an offset): the arithmetic day against the
        // format style's, from 1500 to 2600 (the years before 1600 and after 9999 are the
        // format style's own), at midnight, a second and fractions of one before it (down to
        // the last representable instant before it, which counted from 1970 rounds onto
        // midnight), half a second after, and around leap days.
        var generator = SystemRandomNumberGenerator()
        var dates: [Date] = (0..<20_000).map { _ in Date(timeIntervalSince1970: Double.random(in: -14_831_769_600...19_880_899_200, using: &generator)) }
        for midnight in [-11_676_096_000.0, 951_782_400, 951_868_800, 4_107_542_400, 0, -86_400, 1_611_100_800] {
            let sinceReference = midnight - 978_307_200
            dates += [midnight, midnight - 1, midnight - 0.25, midnight + 0.5, midnight + 86_399.9].map { Date(timeIntervalSince1970: $0) }
            dates += [0x1p-23, 1e-7, 1e-6, 1e-3, sinceReference.ulp, 0].map { Date(timeIntervalSinceReferenceDate: sinceReference - $0) }
        }
        #expect(DateText.isoDay(Date(timeIntervalSinceReferenceDate: 632_793_600 - 0x1p-23)) == "2021-01-19")
        for date in dates {
            #expect(DateText.isoDay(date) == date.formatted(DateText.isoDayStyle), "\(date.timeIntervalSinceReferenceDate)")
        }
    }
}

@Suite("Gazetteer edge table")
struct EdgeTableTests {
    /// Edges added to a table that starts small (so it doubles several times) are all found
    /// again, from the right node only, and words that share a hash slot stay apart.
    @Test func everyEdgeIsFoundAfterGrowing() {
        var table = Gazetteer.EdgeTable(capacity: 1)
        var expected: [(parent: Int, word: String, child: Int)] = []
        for parent in 0..<40 {
            for k in 0..<25 {
                let word = k % 3 == 0 ? "Word\(k)" : "w\(k)-\(parent % 7)"
                expected.append((parent, word, expected.count + 1))
                table.insert(parent: parent, word: word, hash: WordHash.of(word), child: expected.count)
            }
        }
        for edge in expected {
            #expect(table.child(of: edge.parent, word: edge.word, hash: WordHash.of(edge.word)) == edge.child)
        }
        // The same word from a node without that edge, an unknown word, and a known word given
        // another word's hash (as a hash collision would): not found.
        #expect(table.child(of: 40, word: "Word0", hash: WordHash.of("Word0")) == nil)
        #expect(table.child(of: 0, word: "absent", hash: WordHash.of("absent")) == nil)
        #expect(table.child(of: 0, word: "Word0", hash: WordHash.of("Word3")) == nil)
        #expect(Set(table.words(from: 3)) == Set(expected.filter { $0.parent == 3 }.map(\.word)))
        // Two words under one hash from one node (a real collision): each is found by its word.
        table.insert(parent: 5, word: "alpha", hash: 42, child: 9_001)
        table.insert(parent: 5, word: "beta", hash: 42, child: 9_002)
        #expect(table.child(of: 5, word: "alpha", hash: 42) == 9_001 && table.child(of: 5, word: "beta", hash: 42) == 9_002)
        #expect(table.child(of: 5, word: "gamma", hash: 42) == nil && table.child(of: 6, word: "alpha", hash: 42) == nil)
    }
}

@Suite("Title matching")
struct TitleMatchTests {
    /// The set-based test this replaced.
    static func reference(_ a: String, _ b: String) -> Bool {
        let a = Names.FoldedTitle(a), b = Names.FoldedTitle(b)
        guard !a.folded.isEmpty, !b.folded.isEmpty else { return false }
        if a.folded.contains(b.folded) || b.folded.contains(a.folded) { return true }
        let union = a.words.union(b.words).count
        return union > 0 && Double(a.words.intersection(b.words).count) / Double(union) >= 0.5
    }

    @Test func asTheSetBasedTest() {
        let titles = ["Paris Agreement", "the Paris Agreement on climate change", "Agreement on Fisheries", "Boundary Waters Agreement",
                      "Treaty of Friendship", "Friendship Treaty", "USMCA", "United States-Mexico-Canada Agreement", "", "  ",
                      "Agreement", "agreement agreement", "Memorandum of Understanding on Cooperation", "Cooperation",
                      "Acuerdo de Cooperación", "acuerdo", "NATO", "senatorial nato review", "A B C D", "A B", "C D E F"]
        for a in titles {
            for b in titles {
                #expect(Names.titlesMatch(a, b) == Self.reference(a, b), "\(a) / \(b)")
            }
        }
    }

    /// `Names.words` (split on space bytes where characters are scalars) is the split by
    /// characters, of raw titles and of their folds, and a title's words are its fold's: for
    /// ASCII titles and ones with accents, combining marks (after a space too), Cyrillic, line
    /// ends and runs of spaces.
    @Test func wordsAreTheFoldsWordsByCharacters() {
        let parts = ["Agreement", "on", "the", "Fisheries", "Zone", "17", "de", "Cooperación", "Соглашение", "e\u{301}", "\u{301}x",
                     "U.S.", "People's", "  ", "-", "\r\n", "México", "II"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let title = (0..<Int.random(in: 0...7, using: &generator)).map { _ in parts.randomElement(using: &generator)! }.joined(separator: " ")
            let folded = Names.fold(title)
            #expect(Names.words(title) == title.split(separator: " "), "\(title)")
            #expect(Names.words(folded) == folded.split(separator: " "), "\(title)")
            #expect(Names.FoldedTitle(title).words == Set(folded.split(separator: " ")), "\(title)")
            #expect(Names.FoldedTitle(title).folded == folded)
        }
    }
}

@Suite("Gazetteer words compared as strings")
struct GazetteerEquivalenceTests {
    static func tokens(_ text: String) -> [Token] { rawTokens(text) }

    /// Swift compares strings by canonical equivalence ("\u{212A}", the Kelvin sign, is "K"),
    /// and so did the dictionary the trie had: a word written with other code points for the
    /// same characters still continues a phrase, or starts one (a first word that is not plain
    /// NFC is not screened by its bytes' hash).
    @Test func canonicallyEquivalentWordsMatch() {
        let gazetteer = Gazetteer(tsv: "city\tHK\tHong Kong\ncountry\tAX\tSouth Åland\ncountry\tKE\tKenya\n")
        #expect(gazetteer.matches(in: Self.tokens("in \u{212A}enya today")).map(\.tokens) == [1..<2])
        #expect(gazetteer.matches(in: Self.tokens("in Hong \u{212A}ong today")).map(\.tokens) == [1..<3])
        #expect(gazetteer.matches(in: Self.tokens("in South A\u{30A}land today")).map(\.tokens) == [1..<3])
        #expect(gazetteer.matches(in: Self.tokens("in Hong Kong today")).map(\.tokens) == [1..<3])
        #expect(gazetteer.matches(in: Self.tokens("in Hong Kang today")).isEmpty)
    }

    /// The lower-case words a document also writes capitalized at a sentence start: the set
    /// built with repeated words skipped is the set built from every token.
    @Test func lowercaseWordsAreThoseOfEveryToken() throws {
        let text = "Reading is fun. The reading room opened, the reading went on. Mobile phones. The mobile unit and the team. Reading, the end."
        let analysis = try analyse(text)
        let tokens = Tokenizer.tokenize(analysis.text, sentences: analysis.segmentation.sentences)
        let context = Context(tokens: tokens, gazetteer: Gazetteer(tsv: "city\tRD\tReading\n"), text: analysis.text)
        let asked = Set(tokens.filter { $0.sentenceInitial && $0.isCapitalized }.map(\.lower))
        let reference = Set(tokens.filter { $0.isLowercase && asked.contains($0.text) }.map(\.text))
        #expect(context.lowercaseWords == reference)
        #expect(reference == ["reading", "the", "mobile"])  // each found more than once but "mobile"
    }

    /// Words after the first are screened by the filter of words that continue entries: a
    /// phrase still matches through every form, and a first word in capitals with periods
    /// ("U.N.", whose first step is from the root) still starts one.
    @Test func continuationScreenKeepsEveryMatch() {
        let gazetteer = Gazetteer(tsv: "organization\tun\tUnited Nations\tU.N.|UN\nplace\tbk\tthe Balkans\ncity\tny\tNew York City\tNEW YORK\n")
        let tokens = Self.tokens("The U.N. met in the Balkans, not the agreement, and in NEW YORK and New York City and New York.")
        let found = gazetteer.matches(in: tokens).map { tokens[$0.tokens].map(\.text).joined(separator: " ") }
        #expect(found == ["U.N.", "the Balkans", "NEW YORK", "New York City"])
    }
}
