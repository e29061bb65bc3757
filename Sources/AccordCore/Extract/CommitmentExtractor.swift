/// Commitments: sentences and bullet items in which parties oblige, commit, intend,
/// permit or discuss doing something, with who, how bindingly, under what conditions
/// and by when.
public struct CommitmentExtractor: Sendable {
    /// Words a user's configuration adds per modality, and phrases that must not count.
    let userTriggers: [String: [Trigger]]
    let ignored: [[String]]

    public init(configuration: Configuration = Configuration()) {
        var user: [Trigger] = []
        for (modality, phrases) in configuration.commitmentPhrases {
            for phrase in phrases {
                let words = phrase.lowercased().split(separator: " ").map(String.init)
                if !words.isEmpty { user.append(Trigger(words: words, modality: modality)) }
            }
        }
        userTriggers = Dictionary(grouping: user.sorted { $0.words.count > $1.words.count }, by: { $0.words[0] })
        ignored = configuration.ignoredPhrases.map { $0.lowercased().split(separator: " ").map(String.init) }.filter { !$0.isEmpty }
        var firstWords = WordFilter(Self.triggersByFirstWord.keys)
        for word in Array(userTriggers.keys) + ignored.map({ $0[0] }) { firstWords.insert(hash: WordHash.of(word)) }
        triggerFirstWords = firstWords
    }

    /// The first words of every trigger and ignored phrase: a token not in it starts none.
    let triggerFirstWords: WordFilter

    /// The longest trigger at `i`: the user's words first, then the built-in ones; none
    /// where a phrase the user excluded starts.
    func trigger(at i: Int, in lower: LowerWords) -> Trigger? {
        for phrase in ignored where i + phrase.count <= lower.count && phrase.indices.allSatisfy({ lower[i + $0] == phrase[$0] }) {
            return nil
        }
        // (Most configurations add no triggers: the empty table is not asked, which hashes the word.)
        if !userTriggers.isEmpty, let candidates = userTriggers[lower[i]], let user = candidates.first(where: { t in
            i + t.words.count <= lower.count && t.words.indices.allSatisfy { lower[i + $0] == t.words[$0] }
        }) {
            return user
        }
        return Self.trigger(at: i, in: lower)
    }

    /// Lower-case title → the actor (country) of the one person who holds it in the document.
    var titleHolders: [String: String]?
    /// Words that open a sentence capitalized and are also written in lower case.
    var lowercaseWords: Set<String> = []
    /// The text's articles: their plain present tense may be operative ("The
    /// Parties exchange"), not a preamble's or an annex's ("Canada and Mexico share a border").
    var articleRanges: [TextRange] = [] {
        didSet { articles = CoveringRanges(articleRanges) }
    }
    /// `articleRanges`, asked of every sentence: sorted, for a binary search (a scan of every
    /// article for every sentence grew with the square of a long treaty's length).
    private(set) var articles = CoveringRanges([])

    /// Words that open a clause of condition, time or relation: "unless either Party gives notice".
    static let subordinators: Set<String> = ["unless", "if", "when", "whenever", "where", "until", "after", "before", "provided",
                                             "once", "while", "as", "because", "since", "whether", "which", "who", "that"]
    static let subordinatorTable = WordTable<Bool>(words: subordinators)
    /// Auxiliaries and negation between a subject and its verb: "The Parties do not grant",
    /// "should exchange", "are partners" are no plain present of an action.
    static let auxiliaries: Set<String> = ["not", "do", "does", "have", "has", "had", "are", "is", "were", "was", "would",
                                           "should", "could", "can", "never"]

    /// Verbs of action in the present: the base form ("exchange") and the third person
    /// ("exchanges", "carries"), looked up by the word's hash.
    static let presentActions: WordTable<Bool> = {
        var forms: [String] = []
        for verb in Vocabulary.actionVerbs.union(Vocabulary.operativeVerbs) {
            forms.append(verb)
            let consonantY = verb.hasSuffix("y") && !(verb.dropLast().last.map { "aeiou".contains($0) } ?? true)
            if consonantY {
                forms.append(String(verb.dropLast()) + "ies")
            } else if verb.hasSuffix("s") || verb.hasSuffix("sh") || verb.hasSuffix("ch") || verb.hasSuffix("x") || verb.hasSuffix("o") {
                forms.append(verb + "es")
            } else {
                forms.append(verb + "s")
            }
        }
        return WordTable(words: forms, bits: 1 << 12)
    }()

    /// Token indices where a party's role in treaty language starts ("the Party", "the
    /// country of export"), which may carry a description before its verb.
    var roleStarts = Set<Int>()

    /// A word or phrase that sets the modality, as lower-case tokens.
    struct Trigger {
        var words: [String]
        var modality: Modality
        /// A noun ("commitment", "intention") that carries the modality of the verb before it.
        var nominal = false
        /// The rule a commitment it finds is recorded under: "commitment:" and its words,
        /// joined by hyphens (made once, not for every commitment).
        let rule: String

        init(words: [String], modality: Modality, nominal: Bool = false) {
            self.words = words
            self.modality = modality
            self.nominal = nominal
            rule = "commitment:" + words.joined(separator: "-")
        }
    }

    static let triggers: [Trigger] = {
        var list: [Trigger] = []
        func add(_ modality: Modality, _ phrases: [String], nominal: Bool = false) {
            for phrase in phrases { list.append(Trigger(words: phrase.split(separator: " ").map(String.init), modality: modality, nominal: nominal)) }
        }
        add(.obligation, ["shall", "must", "is to be", "are to be", "is required to", "are required to", "is obliged to", "are obliged to",
                          "is obligated to", "are obligated to", "need to", "needs to", "have an obligation to", "has an obligation to"])
        add(.commitment, ["will", "agree to", "agreed to", "agrees to", "agreed on", "agreed that", "commit to", "commits to",
                          "committed to", "committed themselves to", "recommitted to", "recommit to", "undertake to",
                          "undertakes to", "undertook to", "pledge to", "pledged to", "pledges to", "reaffirm", "reaffirmed",
                          "reaffirms", "resolved to", "resolve to", "decided to", "vowed to", "promised to", "are committed to",
                          "is committed to", "remain committed to", "remains committed to", "have reached", "reached agreement",
                          "will continue to", "endeavor to", "endeavour to", "shall endeavour to", "agreed", "committed",
                          "pledged", "undertook", "is launching", "are launching", "is providing", "are providing",
                          "is establishing", "are establishing", "is creating", "are creating", "recommitted",
                          "are determined to", "is determined to", "remain determined to", "remains determined to",
                          "continue to", "continues to"])
        add(.commitment, ["commitment", "commitments", "pledge", "determination to"], nominal: true)
        // "The two leaders instructed their teams to intensify ...": the parties' own undertaking,
        // given to those who carry it out.
        for verb in ["instructed", "directed", "tasked", "charged", "mandated"] {
            add(.commitment, ["their teams", "their respective teams", "their governments", "their ministers", "their officials",
                              "their delegations", "their cabinets", "officials", "ministers", "teams"].map { "\(verb) \($0) to" })
        }
        add(.intention, ["intend to", "intends to", "intended to", "aim to", "aims to", "aimed to", "seek to", "seeks to",
                         "sought to", "seeking to", "plan to", "plans to", "planned to", "propose to", "proposes to",
                         "proposed to", "look forward to", "looks forward to", "looked forward to", "hope to", "hopes to",
                         "hoped to", "aspire to", "aspires to", "strive to", "strives to", "expect to", "expects to",
                         "would like to", "is poised to", "are poised to", "are exploring", "are working toward", "are working towards", "is exploring",
                         "is currently exploring", "are currently exploring", "share the objective of", "shares the objective of",
                         "shared the objective of", "share the goal of", "shares the goal of", "shared the goal of"])
        // "consider it desirable to expand research": a wish, not deliberation.
        for verb in ["consider", "considers", "considered", "deem", "deems", "deemed"] {
            add(.intention, ["desirable", "useful", "advisable", "appropriate"].map { "\(verb) it \($0) to" })
        }
        add(.intention, ["intention", "intentions", "intent", "goal", "aim", "plans"], nominal: true)
        add(.intention, ["set a target", "set targets", "set a goal", "set the goal", "set the target", "set an ambitious target",
                         "set an ambitious goal"])
        add(.permission, ["may", "is permitted to", "are permitted to", "is allowed to", "are allowed to", "is entitled to",
                          "are entitled to", "retains flexibility", "retain flexibility", "reserves the right", "reserve the right"])
        add(.discussion, ["discussed", "discuss", "discusses", "considered", "explored", "exchanged views", "talked about",
                          "reviewed", "exchanged ideas"])
        // Longest first, so "will continue to" wins over "will".
        return list.sorted { $0.words.count > $1.words.count }
    }()

    /// The built-in vocabulary, for `accord config show`.
    public static var vocabulary: [(phrase: String, modality: Modality, nominal: Bool)] {
        triggers.map { ($0.words.joined(separator: " "), $0.modality, $0.nominal) }
    }

    /// The triggers by their first word, so each token is looked up once.
    static let triggersByFirstWord: [String: [Trigger]] = Dictionary(grouping: triggers, by: { $0.words[0] })
    /// The same, looked up by the word's hash first.
    static let triggerTable = WordTable(triggersByFirstWord, bits: 1 << 12)

    /// The longest trigger starting at `i`.
    static func trigger(at i: Int, in lower: LowerWords) -> Trigger? {
        guard let candidates = triggerTable.value(lower[i], hash: lower.hash(i)) else { return nil }
        return candidates.first { t in
            guard i + t.words.count <= lower.count else { return false }
            for (k, word) in t.words.enumerated() where lower[i + k] != word { return false }
            return true
        }
    }

    static let commaHash = WordHash.of(",")
    static let stillCommitted: Set<String> = ["committed", "determined", "dedicated", "resolved", "ready", "steadfast", "united"]
    static let isHash = WordHash.of("is"), areHash = WordHash.of("are"), forceHash = WordHash.of("force"), byHash = WordHash.of("by")

    /// The "is"/"are" and the "by" of a sentence's plain present passive ("Expenses are paid by
    /// …"): the first "is" or "are", before any word of a clause of its own, followed by a
    /// participle that is a party's act and, within six words, "by". (Read word by word on
    /// the hashes: asked of every sentence of a treaty's articles.)
    static func presentPassive(_ lower: LowerWords) -> (be: Int, by: Int)? {
        var be = -1
        // (The table and the hashes read once, not through their accessors at every word.)
        let subordinators = subordinatorTable, isHash = isHash, areHash = areHash
        for k in 0..<lower.count {
            let hash = lower.hash(k)
            if hash == isHash || hash == areHash { be = k; break }
            if subordinators.contains(lower[k], hash: hash) { return nil }
        }
        guard be >= 0, be + 1 < lower.count, isParticiple(lower[be + 1], hash: lower.hash(be + 1)), !notPartyActs.contains(lower[be + 1], hash: lower.hash(be + 1)),
              !statives.contains(lower[be + 1]) else {
            return nil
        }
        for k in (be + 2)..<min(lower.count, be + 8) where lower.hash(k) == byHash { return (be, k) }
        return nil
    }

    /// States, not acts: "Lake Ontario is shared by Canada and the United States".
    static let statives: Set<String> = ["shared", "owned", "bordered", "formed", "administered", "inhabited", "surrounded", "divided",
                                        "separated", "crossed", "traversed", "drained", "fed", "covered"]

    /// The actors named as the agent after "by" at `by` (sentence-relative): "by the Parties",
    /// "by consultation between the Parties", "by mutual consent of either Party".
    func agent(after by: Int, base: Int, lower: LowerWords, actorAt: ActorTable) -> [String]? {
        var j = by + 1
        while j < lower.count, Self.agentPreamble.contains(lower[j]), actorAt[base + j] == nil { j += 1 }
        guard j < lower.count, actorAt[base + j] != nil else { return nil }
        // (All of a list: "by Canada and Japan".)
        var actors: [String] = []
        while j < lower.count {
            if let ids = actorAt[base + j] {
                for id in ids where !actors.contains(id) { actors.append(id) }
            } else if !lower[j].isOne(of: "and", ",", "the") {
                break
            }
            j += 1
        }
        return actors
    }

    /// The sentence starting at token `base` lies in an article of a treaty.
    func inArticle(_ base: Int, _ lower: LowerWords) -> Bool {
        articles.contains(lower.tokens[base].range.start)
    }

    /// A past participle: a word in -ed or -en, or one of the other irregular ones treaties use
    /// (`hash` is the word's `WordHash`).
    static func isParticiple(_ word: String, hash: UInt64) -> Bool {
        (word.utf8.count > 3 && (word.hasSuffix("ed") || word.hasSuffix("en"))) || irregularParticiples.contains(word, hash: hash)
    }

    static let irregularParticiples: WordTable<Bool> = [
        "made", "paid", "sent", "shown", "borne", "withdrawn", "kept", "met", "brought", "laid", "sought", "put", "dealt", "spent",
        "led", "built", "held", "set", "done", "known", "drawn",
    ]
    /// Acts in the passive that are no party's undertaking: deeming, coming into force, a
    /// treaty's own life, application, what a text says.
    static let notPartyActs: WordTable<Bool> = [
        "regarded", "directed", "held", "authorised", "authorized", "audited", "computed", "calculated", "determined", "fixed",
        "defined", "managed", "controlled", "increased", "reduced", "adjusted", "set", "specified", "described", "listed",
        "accompanied", "attached", "published", "divided", "apportioned", "closed", "opened", "affected", "impaired",
        "considered", "deemed", "construed", "interpreted", "ratified", "approved", "signed", "registered", "deposited", "entitled",
        "required", "applied", "concluded", "renewed", "extended", "terminated", "amended", "authenticated", "based",
        "composed", "chaired", "convened", "governed", "regulated", "limited", "included", "used", "understood", "referred",
        "allowed", "permitted", "prohibited", "located", "situated", "known", "written", "drawn", "done",
    ]
    /// Subjects that are no party: a joint body, its officers, a notice and its contents, the
    /// treaty and its parts ("The Commission shall be composed …", "Such a crew list shall be
    /// submitted …", "The Annex shall be considered …").
    static let nonPartySubjects: WordTable<Bool> = [
        "commission", "committee", "council", "board", "group", "delegation", "delegations", "chairman", "chair", "co-chairs",
        "secretary", "members", "member", "leader", "notice", "notification", "list", "report", "reports", "application",
        "applications", "agreement", "treaty", "protocol", "convention", "annex", "article", "provisions", "provision",
        "vessel", "vessels", "master", "captain", "crew", "owner", "shipowner", "tribunal", "arbitrator", "arbitrators",
        "consultant", "panel", "meeting", "meetings", "decision", "decisions", "minutes", "quorum", "memorandum", "arrangement",
        "understanding", "paragraph", "section", "programme", "program", "plan", "operator", "operators", "owners", "person",
        "persons", "applicant", "applicants",
    ]
    /// A subject that says none: "No claim shall be brought", "Nothing … shall be".
    static let noneWords: Set<String> = ["no", "nothing", "neither", "none"]

    /// Words of final clauses: never a commitment ("The instruments of ratification shall be
    /// exchanged"; and "into force").
    static let finalClauseWords: WordTable<Bool> = ["ratification", "authentic", "duplicate", "witness", "whereof", "signature"]

    /// What a view is of: "the importance of", "the role that".
    static let viewNouns: Set<String> = ["importance", "role", "nature", "necessity", "need", "value", "significance", "centrality",
                                         "relevance", "urgency", "strength", "depth"]

    /// An adverb of manner ("steadfastly", "resolutely", "jointly"): a word of at least six
    /// letters in "-ly" that is not one of the nouns and adjectives so spelled.
    static func isMannerAdverb(_ word: String) -> Bool {
        // (On the bytes: asked at every word before a trigger.)
        let utf8 = word.utf8
        guard utf8.count >= 6, utf8.last == UInt8(ascii: "y"), utf8[utf8.index(utf8.endIndex, offsetBy: -2)] == UInt8(ascii: "l") else {
            return false
        }
        return !notAdverbs.contains(word)
    }

    static let notAdverbs: Set<String> = [
        "supply", "family", "assembly", "anomaly", "monopoly", "butterfly", "weekly", "monthly", "yearly", "quarterly",
        "friendly", "elderly", "costly", "likely", "unlikely", "timely", "orderly", "lonely", "lovely", "deadly", "comply",
        "multiply",
        // (Hedges, not manner: "they probably would like to".)
        "probably", "possibly", "hopefully", "obviously", "apparently", "reportedly", "allegedly", "supposedly", "presumably",
    ]

    /// Verbs of a party's action after "will be" ("we will be launching a new initiative").
    static let progressiveActions: Set<String> = [
        "launching", "signing", "exploring", "establishing", "providing", "hosting", "deploying", "investing", "expanding",
        "strengthening", "developing", "creating", "building", "convening", "announcing", "implementing", "funding",
        "delivering", "negotiating", "pursuing",
    ]

    /// Between an actor and its verb: "The United States and Mexico *also jointly* agreed".
    static let skippable: WordTable<Bool> = [
        "also", "further", "jointly", "both", "together", "today", "additionally", "again", "firmly", "strongly", "fully",
        "each", "have", "has", "had", "are", "is", "were", "was", "do", "does", "would", "should", "could", "can", "not",
        ",", "therefore", "hereby", "now", "already", "then", "all", "collectively", "respectively", "formally", "publicly",
        "personally", "mutually", "previously", "repeatedly", "once", "warmly", "unanimously", "officially", "recently",
        "themselves", "likewise", "similarly", "thus", "hence", "accordingly", "moreover", "furthermore", "still", "who",
    ]
    /// Verbs of what befalls a subject rather than what it undertakes.
    static let happenings: WordTable<Bool> = ["benefit", "be", "become", "face", "see", "receive", "gain", "suffer", "experience",
                                          "need", "have", "remain", "feel", "find", "get", "lose", "depend"]
    static let prepositions: WordTable<Bool> = ["from", "in", "with", "for", "by", "at", "on", "to", "between", "among", "under",
                                            "about", "against", "across", "through", "within", "into", "toward", "towards", "like"]
    /// "The Government of Canada", "the leaders of Mexico and the United States".
    static let ofHeads: WordTable<Bool> = ["government", "governments", "president", "presidents", "leaders", "leader", "people", "members",
                                       "agencies", "vessels", "ships", "nationals", "citizens",
                                       "peoples", "minister", "ministers", "delegation", "delegations", "representatives",
                                       "secretary", "authorities", "republic", "kingdom", "state", "states", "side", "sides"]
    static let agreementWords: Set<String> = ["agreement", "memorandum", "mou", "treaty", "protocol", "arrangement",
                                              "declaration", "accord", "framework", "convention", "understanding", "partnership"]
    static let establishingVerbs = WordTable(words: ["establishes", "establish", "provides", "sets", "creates", "commits", "lays"], bits: 1 << 10)

    /// The actor ids of each token inside a mention: a list index a token (most have none),
    /// not an optional array a token (each slot retained, released and destroyed).
    struct ActorTable {
        private var slots: [Int32]
        private var lists: [[String]] = []

        init(count: Int) { slots = [Int32](repeating: -1, count: count) }

        /// The ids of the token at `index`, nil outside mentions.
        subscript(index: Int) -> [String]? {
            let slot = slots[index]
            return slot < 0 ? nil : lists[Int(slot)]
        }

        /// Keeps a list of ids; its index, for `set`.
        mutating func add(_ ids: [String]) -> Int {
            lists.append(ids)
            return lists.count - 1
        }

        mutating func set(_ index: Int, list: Int) { slots[index] = Int32(list) }
    }

    public struct Context {
        var tokens: [Token]
        var entities: [Entity]
        var principal: [String]
        var collective: [CollectiveMention]
        var quotes: [Quote]
        var text: NormalizedText
        var segmentation: Segmentation
    }

    /// `lowercaseWords`: the entity recognizer's words that open a sentence and are also
    /// written in lower case.
    public func run(text: NormalizedText, segmentation: Segmentation, tokens: [Token], entities: [Entity],
                    principal: [String], collective: [CollectiveMention], quotes: [Quote], lowercaseWords: Set<String>,
                    sentenceTokens: [Range<Int>?]? = nil) -> [Commitment] {
        // Actor ids per token.
        var actorAt = ActorTable(count: tokens.count)
        var mentionStart = [Int](repeating: -1, count: tokens.count)
        func mark(_ range: TextRange, _ ids: [String]) {
            // Tokens are in text order: the first one by binary search.
            let lo = tokens.firstIndex(startingAtOrAfter: range.start) ?? tokens.count
            var i = lo
            var list: Int?
            while i < tokens.count, tokens[i].range.end <= range.end {
                if list == nil { list = actorAt.add(ids) }
                actorAt.set(i, list: list!)
                mentionStart[i] = lo
                i += 1
            }
        }
        // Organizations act for a state (an agency, with its country), as a party (the EU) or
        // for their member states (a grouping such as the G7, which concludes no agreements);
        // a joint commission the agreement sets up is not a party, nor is a company or one who
        // holds an office in it (what Boeing or its CEO will do is the company's business, not
        // a party's commitment).
        // (By index: each entity's fields read where they are, the entity not copied with all
        // its strings and arrays.)
        let companies = Set(entities.indices.filter { entities[$0].isCompany }.map { entities[$0].id })
        for index in entities.indices {
            let type = entities[index].type
            guard type == .country
                || (type == .person && !entities[index].roles.contains { $0.organization.map(companies.contains) ?? false })
                || (type == .organization && !entities[index].isCompany
                    && (entities[index].country != nil || entities[index].canBeParty || entities[index].organizationKind == "forum"))
            else { continue }
            let ids: [String]
            if type == .person { ids = [entities[index].country ?? entities[index].id] } else { ids = [entities[index].id] }
            for mention in entities[index].mentions { mark(mention.range, ids) }
        }
        for mention in collective { mark(mention.range, mention.refersTo) }

        var extractor = self
        var holders: [String: [String]] = [:]
        for index in entities.indices where entities[index].type == .person {
            for role in entities[index].roles {
                let head = Names.titleHead(role.title).lowercased()
                holders[head, default: []].append(entities[index].country ?? entities[index].id)
            }
        }
        extractor.titleHolders = holders.compactMapValues { Set($0).count == 1 ? $0[0] : nil }
        extractor.lowercaseWords = lowercaseWords
        extractor.articleRanges = segmentation.provisions.filter { $0.kind == .article }.map(\.range)
        for mention in collective where ["party", "government", "country"].contains(where: { mention.rule.hasSuffix($0) || mention.rule.contains("-country-of-") }) {
            // The token starting there, by binary search (tokens are in text order).
            if let index = tokens.firstIndex(startingAtOrAfter: mention.range.start), tokens[index].range.start == mention.range.start {
                extractor.roleStarts.insert(index)
            }
        }
        return extractor.extract(text: text, segmentation: segmentation, tokens: tokens, actorAt: actorAt, mentionStart: mentionStart,
                                 principal: principal, quotes: quotes, sentenceTokens: sentenceTokens)
    }

    func extract(text: NormalizedText, segmentation: Segmentation, tokens: [Token], actorAt: ActorTable, mentionStart: [Int],
                 principal: [String], quotes: [Quote], sentenceTokens runs: [Range<Int>?]? = nil) -> [Commitment] {
        // A sentence inside a quotation (its first and last characters up to one and two past
        // the marks): a quotation, widened so, that holds the sentence's range; by binary
        // search over the quotations (a scan of them all for each sentence grew with the
        // square of a long text's length).
        let quoted = CoveringRanges(quotes.map { TextRange($0.span.start - 1, $0.span.end + 2) })
        var commitments: [Commitment] = []
        // Each sentence's run of tokens, by sentence index (tokens come in sentence order).
        let sentenceTokens = runs ?? tokens.sentenceRuns(sentences: segmentation.sentences.count)
        var previousActors: [String] = principal
        var leadIn: LeadIn?
        // The last sentence that was a commitment: its index, block and actors.
        var lastFound: (sentence: Int, block: Int, actors: [String])?
        // The lead-in's item being read begins with an action.
        var leadInItemIsAction = false

        for (index, sentence) in segmentation.sentences.enumerated() {
            let block = segmentation.blocks[sentence.block]
            guard let range = sentenceTokens[index] else { continue }
            let style = block.role == .listItem ? Self.labelStyle(block, text: text) : nil
            let opensBlock = index == 0 || segmentation.sentences[index - 1].block != sentence.block
            // A new article ends any lead-in before it.
            if opensBlock, leadIn != nil, articles.hasRange(startingAt: block.range.start) { leadIn = nil }
            // Whether this block is one of the lead-in's items.
            if opensBlock, var lead = leadIn, sentence.block != lead.block {
                if block.role == .listItem {
                    if lead.style != nil && style == lead.style {
                        // An item labelled as the item that led in ("2." after "1. ... will:")
                        // ends the lead-in's own items ("a.", "b.", ...).
                        leadIn = nil
                    } else if lead.suspended && !(style == lead.itemStyle && Self.follows(Self.label(block, text: text), lead.lastLabel)) {
                        leadIn = nil
                    } else {
                        lead.suspended = false
                        lead.itemStyle = lead.itemStyle ?? style
                        lead.lastLabel = Self.label(block, text: text)
                        lead.current = sentence.block
                        leadIn = lead
                    }
                } else if lead.itemsAreActions && lead.lastLabel == nil && Self.isParagraphItem(block, text: text, tokens: tokens) {
                    // "Both sides agreed to the following: / Suspend the tariffs … / Establish a
                    // Working Group …": paragraphs that begin with an action are its items too.
                    lead.current = sentence.block
                    leadIn = lead
                } else if lead.lastLabel != nil {
                    // A table or a note inside an item ("… the following coordinates: / 40 05' 71
                    // 40'"): the items go on if the next item's label follows the last one's.
                    lead.suspended = true
                    lead.current = nil
                    leadIn = lead
                } else {
                    leadIn = nil
                }
            }
            if opensBlock, let lead = leadIn, lead.current == sentence.block {
                let from = block.marker?.end ?? block.range.start
                // Items after a first that is an action are actions too ("Reinvigorate our
                // economies …"), unless they are sentences of their own, with a subject ("1. Spain
                // and the United States condemn …"); otherwise an item is an action by its verb.
                leadInItemIsAction = block.role == .listItem && lead.itemsAreActions
                    ? !Self.beginsWithSubject(from, end: block.range.end, tokens: tokens, actorAt: actorAt)
                    : Self.beginsWithAction(from, end: block.range.end, tokens: tokens)
            } else if opensBlock {
                leadInItemIsAction = false
            }
            // The sentence's words and their hashes, read from its tokens.
            let lower = LowerWords(tokens, range)
            let inQuote = quoted.contains(range: sentence.range)
            var found = findCommitment(range: range, lower: lower, actorAt: actorAt, mentionStart: mentionStart, principal: principal,
                                       previousActors: previousActors, inQuote: inQuote)
            let endsInColon = tokens[range.upperBound - 1].text == ":"
            // "Each Government shall endeavour to ... . In particular, it shall:": "it" is the
            // party of the sentence before, in the same paragraph.
            if found == nil, endsInColon, let last = lastFound, last.sentence == index - 1, last.block == sentence.block,
               let (modality, trigger) = itLeadIn(lower) {
                found = (last.actors, modality, false, range.lowerBound + trigger, "commitment:lead-in-it", nil)
            }
            if found == nil, let lead = leadIn, lead.current == sentence.block, block.role == .listItem || opensBlock {
                if leadInItemIsAction, opensBlock {
                    // A bullet under "The leaders committed to:" carries the lead-in's actors and
                    // modality when it is an action ("Expand …"), not a sentence of its own
                    // ("1. Spain and the United States condemn …"); the sentences after its first
                    // stand on their own ("… C-SIPA will help formalize …" binds no party).
                    found = (lead.actors, lead.modality, lead.negated, range.lowerBound, "commitment:lead-in", nil)
                } else if !lead.itemsAreActions, let trigger = agentTrigger(lower) {
                    // Under "will ensure the following: a. The entry of ...", an item's own
                    // sentence binds the lead-in's party when it is in the passive with no party
                    // named ("special provisions shall be made"), or its subject is one of the
                    // party's bodies ("The Treasury will work with …").
                    found = (lead.actors, trigger.modality, false, range.lowerBound + trigger.index, "commitment:lead-in", nil)
                }
            }
            // "- Exploring research collaboration between …", "- Committing to deepen …",
            // "- Continue joint efforts …": a list item that opens with a verb of undertaking is
            // the statement's own parties' undertaking, when no lead-in says otherwise. (Not in a
            // treaty's articles, whose lists are often a body's functions: "The Commission shall:
            // (a) establish such subsidiary bodies …".)
            if found == nil, opensBlock, block.role == .listItem, !principal.isEmpty, leadIn?.current != sentence.block, articleRanges.isEmpty,
               let first = Self.firstToken(from: block.marker?.end ?? block.range.start, end: block.range.end, tokens: tokens),
               first >= range.lowerBound, first < range.upperBound, let modality = Self.itemVerbs[tokens[first].lower],
               !(first + 1 < range.upperBound && Self.itemVerbNotAfter.contains(tokens[first + 1].lower)),
               // ("Launch of the new fund", "Signing of …": a noun.)
               !(first + 1 < range.upperBound && (tokens[first + 1].lower == "of" || tokens[first + 1].lower == "for")),
               // ("Working toward …", "Working to …"; not "Working with industry".)
               tokens[first].lower != "working" || (first + 1 < range.upperBound && tokens[first + 1].lower.isOne(of: "toward", "towards", "to")) {
                found = (principal, modality, false, first, "commitment:item-verb", nil)
            }
            guard let (actors, modality, negated, triggerToken, rule, subject) = found else { continue }
            lastFound = (index, sentence.block, actors)
            // "They" next refers to the sentence's subject ("the Biden Administration's
            // commitment" is the United States', but the presidents recognized it: "they" after
            // it is still the presidents).
            previousActors = subject ?? actors
            // "The leaders committed to:" introduces the bullets that follow; so does an item
            // ending in a colon ("2. ... will take measures to ensure that their vessels will:")
            // for the items under it, labelled otherwise.
            let next = sentence.block + 1
            if endsInColon, block.role != .listItem
                || (style != nil && next < segmentation.blocks.count && segmentation.blocks[next].role == .listItem
                    && Self.labelStyle(segmentation.blocks[next], text: text) != style) {
                let actions = Self.itemsAreActions(after: sentence.block, segmentation: segmentation, text: text, tokens: tokens)
                leadIn = LeadIn(actors: actors, modality: modality, negated: negated, block: sentence.block,
                                style: block.role == .listItem ? style : nil, itemsAreActions: actions)
                // Items that are actions ("a. Refrain from fishing") are the records, one each;
                // items that only name what the lead-in commits to ("a. The entry of ...") leave
                // the lead-in as the record.
                if actions { continue }
            }
            let actionStart = min(tokens[triggerToken].range.end, sentence.range.end)
            var action = text.string(TextRange(actionStart, sentence.range.end)).trimmingSpaces()
            if action.hasPrefix("to ") { action = String(action.dropFirst(3)) }
            while action.hasSuffix(".") || action.hasSuffix(";") { action.removeLast() }
            // (Most commitments' sentences have no word a time frame starts with, as their tokens
            // say without a pass over the sentence's bytes, and no condition's marker, as the
            // screen says on the text's own bytes: the sentence is made a string only for a
            // sentence that may have one.)
            let mayHaveTimeframe = Self.mayHaveTimeframe(tokens, range)
            let mayHaveConditions = Self.mayHaveConditions(text, sentence.range)
            let sentenceText = mayHaveTimeframe || mayHaveConditions ? text.string(sentence.range) : ""
            commitments.append(Commitment(
                id: "c\(commitments.count + 1)", actors: actors, modality: modality, negated: negated, action: action,
                sentence: sentence.range, conditions: mayHaveConditions ? Self.conditions(in: sentenceText) : [],
                timeframe: mayHaveTimeframe ? Self.timeframe(in: sentenceText) : nil,
                evidence: [Evidence(range: tokens[triggerToken].range, rule: rule)]))
        }
        return commitments
    }

    /// Verbs that open a list item of undertakings, with the undertaking's modality.
    static let itemVerbs: [String: Modality] = {
        var verbs: [String: Modality] = [:]
        for verb in ["committing", "commit", "continuing", "continue", "concluding", "conclude", "announcing", "announce", "launching",
                     "launch", "pledging", "pledge", "agreeing", "agree", "establishing", "establish", "signing", "sign"] {
            verbs[verb] = .commitment
        }
        for verb in ["exploring", "explore", "working", "planning", "plan", "seeking", "seek", "aiming", "aim", "intending", "intend",
                     "pursuing", "pursue"] { verbs[verb] = .intention }
        return verbs
    }()
    /// Words after which an item's first word is no verb: "Continuing Resolution", "Signing
    /// ceremony".
    static let itemVerbNotAfter: Set<String> = ["resolution", "conference", "session", "ceremony", "event", "events", "party", "parties"]

    /// A sentence ending in a colon whose commitment the list items under it carry.
    struct LeadIn {
        var actors: [String]
        var modality: Modality
        var negated: Bool
        var block: Int
        /// The label style of the item that leads in (nil for a paragraph): an item of that
        /// style is its sibling, not one of its items.
        var style: LabelStyle?
        /// The items are actions ("Refrain from ...", "seek means to ..."), each a record.
        var itemsAreActions: Bool
        /// The block of the item being read, nil between items.
        var current: Int?
        /// The style and label of the last item ("a" of "a."), once there is one.
        var itemStyle: LabelStyle?
        var lastLabel: [Unicode.Scalar]?
        /// A block that is no item came after an item: the items go on only with the next label.
        var suspended = false
    }

    /// The list marker a block starts with, parsed as the segmenter read it.
    static func itemMarker(_ block: Block, text: NormalizedText) -> (StructureCues.ItemMarker, ArraySlice<Unicode.Scalar>)? {
        guard let marker = block.marker, marker.start >= 0, marker.end <= text.mapped.count else { return nil }
        let scalars = text.mapped.scalars[marker.start..<marker.end]
        return StructureCues.itemMarker(scalars).map { ($0, scalars) }
    }

    /// The label of a list item without its brackets, closer and spaces ("a" of "(a) ").
    static func label(_ block: Block, text: NormalizedText) -> [Unicode.Scalar]? {
        itemMarker(block, text: text).map { marker, scalars in Array(scalars[marker.label]) }
    }

    /// `label` comes right after `previous`: "b" after "a", "3" after "2", "iv" after "iii".
    static func follows(_ label: [Unicode.Scalar]?, _ previous: [Unicode.Scalar]?) -> Bool {
        guard let label, let previous, !label.isEmpty, !previous.isEmpty else { return false }
        if let n = romanValue(label), let m = romanValue(previous), n == m + 1 { return true }
        if label.count == 1, previous.count == 1, label[0].isLetterFast, previous[0].isLetterFast {
            return label[0].value == previous[0].value + 1
        }
        let digits = { (s: [Unicode.Scalar]) -> Int? in
            s.allSatisfy { ("0"..."9").contains($0) } && s.count <= 4 ? Int(String(String.UnicodeScalarView(s))) : nil
        }
        if let n = digits(label), let m = digits(previous) { return n == m + 1 }
        return false
    }

    /// The value of a roman numeral of up to eight letters, in either case ("iv" is 4).
    static func romanValue(_ label: [Unicode.Scalar]) -> Int? {
        guard !label.isEmpty, label.count <= 8 else { return nil }
        var total = 0, last = 0
        for scalar in label.reversed() {
            let value: Int
            switch scalar {
            case "i", "I": value = 1
            case "v", "V": value = 5
            case "x", "X": value = 10
            case "l", "L": value = 50
            case "c", "C": value = 100
            default: return nil
            }
            total += value < last ? -value : value
            last = max(last, value)
        }
        return total > 0 ? total : nil
    }

    /// How a list item is labelled: bullets by their scalar; digits, letters and roman
    /// numerals, in parentheses or not, by the character after them.
    struct LabelStyle: Equatable {
        enum Kind: Equatable { case bullet(UInt32), digits, upperRoman, lowerRoman, upperLetter, lowerLetter, other }
        var kind: Kind
        var parenthesized: Bool
        var closer: UInt32
    }

    /// A lone "i", "v" or "x" is read as a roman numeral: "(a) … shall: (i) …" is the usual
    /// nesting, and a list long enough to reach its ninth letter is rare.
    static func labelStyle(_ block: Block, text: NormalizedText) -> LabelStyle? {
        guard let (marker, scalars) = itemMarker(block, text: text) else { return nil }
        if let bullet = marker.bullet { return LabelStyle(kind: .bullet(bullet.value), parenthesized: false, closer: 0) }
        let first = scalars[marker.label.lowerBound]
        let upper = first.isUppercaseFast
        let kind: LabelStyle.Kind
        if marker.isDigits {
            kind = .digits
        } else if marker.isRoman && (marker.label.count > 1 || "ivxIVX".unicodeScalars.contains(first)) {
            kind = upper ? .upperRoman : .lowerRoman
        } else if marker.isLetter {
            kind = upper ? .upperLetter : .lowerLetter
        } else {
            kind = .other
        }
        return LabelStyle(kind: kind, parenthesized: marker.parenthesized, closer: marker.closer?.value ?? 0)
    }

    /// "…, it shall:": the trigger right before the colon and "it" right before the trigger;
    /// the trigger's modality and index.
    func itLeadIn(_ lower: LowerWords) -> (Modality, Int)? {
        let colon = lower.count - 1
        guard colon >= 2 else { return nil }
        for start in (1..<colon).reversed() where lower[start - 1] == "it" {
            if let trigger = trigger(at: start, in: lower), start + trigger.words.count == colon, !trigger.nominal {
                return (trigger.modality, start)
            }
        }
        return nil
    }

    /// The first trigger of a sentence that is a verb (not a noun such as "commitment"), when
    /// it is in the passive ("shall be made", "may be permitted") or its subject is a body or
    /// a pronoun ("The Treasury will", "Relevant agencies will", "It will"), not a thing
    /// ("Each exchange shall include"): its modality and index.
    func agentTrigger(_ lower: LowerWords) -> (modality: Modality, index: Int)? {
        for i in lower.indices where triggerFirstWords.mayContain(hash: lower.hash(i)) {
            guard let trigger = trigger(at: i, in: lower), !trigger.nominal else { continue }
            let after = i + trigger.words.count
            if after + 1 < lower.count, lower[after] == "be", Self.isParticiple(lower[after + 1], hash: lower.hash(after + 1)) {
                return (trigger.modality, i)
            }
            // The subject's head: the word before the trigger, past adverbs and a bracketed
            // acronym ("Commission (FLEC) will").
            var k = i - 1
            while k >= 0, lower.isIn(Self.skippable, k) { k -= 1 }
            if k >= 0, lower[k] == ")" {
                guard let open = openingParenthesis(closing: lower.firstToken + k, rangeStart: lower.firstToken, lower: lower) else { return nil }
                k = open - lower.firstToken - 1
            }
            guard k >= 0 else { return nil }
            let head = lower.tokens[lower.firstToken + k]
            // (A capital that only opens the sentence says nothing, "a. Reports will include",
            // unless the word is never written in lower case: "Treasury will enhance".)
            let named = head.isCapitalized && (!head.sentenceInitial || !lowercaseWords.contains(head.lower))
            return named || Self.agentHeads.contains(head.lower) ? (trigger.modality, i) : nil
        }
        return nil
    }

    /// Subjects that stand for a party's bodies or for the party.
    static let agentHeads: Set<String> = ["it", "they", "we", "he", "she", "agencies", "departments", "authorities", "officials", "ministries",
                                          "government", "governments", "administration", "ministers", "secretaries", "institutions"]

    /// The first word from `start` (before `end`) begins a clause with its own subject: a
    /// determiner or preposition ("The", "Our", "In"), a number, or a party named.
    static func beginsWithSubject(_ start: Int, end: Int, tokens: [Token], actorAt: ActorTable) -> Bool {
        guard let k = firstToken(from: start, end: end, tokens: tokens) else { return true }
        // (The determiners are listed capitalized: "the" is asked as "The".)
        let word = tokens[k].lower
        return tokens[k].kind != .word || actorAt[k] != nil
            || Vocabulary.determiners.contains(word.prefix(1).uppercased() + word.dropFirst())
    }

    /// The first token from `start` that is not punctuation, when it ends by `end`.
    static func firstToken(from start: Int, end: Int, tokens: [Token]) -> Int? {
        guard var k = tokens.firstIndex(startingAtOrAfter: start) else { return nil }
        while k < tokens.count, tokens[k].kind == .punctuation, tokens[k].range.end <= end { k += 1 }
        return k < tokens.count && tokens[k].range.end <= end ? k : nil
    }

    /// The first list item after `block` begins with a verb ("a. Refrain from", "(a) seek
    /// means", "- Enhancing deterrence"): the items are actions, not things named.
    static func itemsAreActions(after block: Int, segmentation: Segmentation, text: NormalizedText, tokens: [Token]) -> Bool {
        let next = block + 1
        guard next < segmentation.blocks.count else { return false }
        let item = segmentation.blocks[next]
        if item.role == .listItem { return beginsWithAction(item.marker?.end ?? item.range.start, end: item.range.end, tokens: tokens) }
        return isParagraphItem(item, text: text, tokens: tokens)
    }

    /// A paragraph that is an item of a lead-in: it begins with an action and is made of
    /// sentences ("Suspend the tariffs … for five years."), not a heading.
    static func isParagraphItem(_ block: Block, text: NormalizedText, tokens: [Token]) -> Bool {
        guard block.role == .paragraph, beginsWithAction(block.range.start, end: block.range.end, tokens: tokens) else { return false }
        var end = block.range.end
        let s = text.mapped.scalars
        while end > block.range.start, end <= s.count, s[end - 1] == " " || s[end - 1] == "*" || s[end - 1] == "_" || s[end - 1] == "\n" {
            end -= 1
        }
        return end > block.range.start && end <= s.count && (s[end - 1] == "." || s[end - 1] == ";")
    }

    /// The first word from `start` (before `end`) is a verb of action.
    static func beginsWithAction(_ start: Int, end: Int, tokens: [Token]) -> Bool {
        guard let k = firstToken(from: start, end: end, tokens: tokens), tokens[k].kind == .word else { return false }
        let word = tokens[k].lower
        return Vocabulary.actionVerbs.contains(word) || (word.utf8.count > 5 && word.hasSuffix("ing") && !Vocabulary.ingNouns.contains(word))
    }

    /// `subject`: the clause's subject, where the actors are another (a commitment's possessor).
    typealias Found = (actors: [String], modality: Modality, negated: Bool, trigger: Int, rule: String, subject: [String]?)

    /// "their joint commitment", "its unwavering commitment": words between a possessor and
    /// the noun.
    static let commitmentAdjectives = ["joint", "shared", "full", "strong", "firm", "continued", "unwavering", "steadfast", "mutual",
                                       "common", "ongoing"]
    /// "political will", "the will": "will" as a noun after these.
    static let willAsNounAfter = ["political", "good", "the", "a", "free"]
    /// "will also", "will surely": the word after them says what "will" does.
    static let willAdverbs = ["also", "then", "surely", "certainly", "likely", "ultimately"]
    /// "as the case may be" unless "may be necessary" and the like.
    static let mayBeNecessary = ["necessary", "appropriate", "required", "agreed"]
    /// "by the mutual written consent of either": words between "by" and the agent.
    static let agentPreamble = ["the", "both", "mutual", "written", "consent", "agreement", "of", "either", "each",
                                "consultation", "consultations", "negotiation", "negotiations", "between", "among", "common", "joint"]

    func findCommitment(range: Range<Int>, lower: LowerWords, actorAt: ActorTable, mentionStart: [Int], principal: [String],
                        previousActors: [String], inQuote: Bool) -> Found? {
        let base = range.lowerBound
        var i = 0
        while i < lower.count {
            // Most words start no trigger: the screen says so from the word's hash.
            guard triggerFirstWords.mayContain(hash: lower.hash(i)), let trigger = self.trigger(at: i, in: lower) else {
                i += 1
                continue
            }
            // (The one-word trigger, and the word lists below, compared without array literals:
            // each was an array made and freed at every trigger; the lists are made once.)
            let single = trigger.words.count == 1 ? trigger.words[0] : ""
            // "may" in "as the case may be", "will" as a noun ("political will").
            if single == "will", i > 0, Self.willAsNounAfter.contains(lower[i - 1]) { i += 1; continue }
            // "Bahrain will benefit", "we will be stronger": what happens to a party is not a commitment.
            if single == "will", i + 1 < lower.count {
                var k = i + 1
                if Self.willAdverbs.contains(lower[k]) && k + 1 < lower.count { k += 1 }
                // ("will be signed", "will be launching": a party's doing, in the passive or an
                // action in progress; not "will be thinking of", "will be sharing materials".)
                if lower.isIn(Self.happenings, k)
                    && !(lower[k] == "be" && k + 1 < lower.count && (lower[k + 1].hasSuffix("ed") || Self.progressiveActions.contains(lower[k + 1]))) {
                    i += 1
                    continue
                }
            }
            // "reaffirmed the vital and enduring nature of", "reaffirmed the important role
            // that": a view, not an undertaking.
            if trigger.words[0].hasPrefix("reaffirm"), trigger.words.count == 1,
               let noun = ((i + 1)..<min(lower.count, i + 7)).first(where: { Self.viewNouns.contains(lower[$0]) }),
               noun + 1 < lower.count, lower[noun + 1] == "of" || lower[noun + 1] == "that",
               !((i + 1)..<noun).contains(where: { Self.triggerTable.value(lower[$0], hash: lower.hash($0)) != nil }) {
                i += 1
                continue
            }
            if single == "may", i + 1 < lower.count, lower[i + 1] == "be", i + 2 < lower.count,
               !Self.mayBeNecessary.contains(lower[i + 2]),
               i > 0, lower[i - 1] == "case" { i += 1; continue }
            var modality = trigger.modality
            var subjectForLater: [String]?
            var negated = false
            let after = i + trigger.words.count
            if after < lower.count, lower[after] == "not" || lower[after] == "never" { negated = true }
            if i + 1 < lower.count, trigger.words.first == "committed", lower[i + 1] == "not" { negated = true }
            // "discussed the intention to", "discussed their joint commitment": the noun decides.
            if modality == .discussion {
                for k in after..<min(lower.count, after + 5) {
                    if let nominal = Self.triggerTable.value(lower[k], hash: lower.hash(k))?.first(where: { $0.nominal && $0.words.count == 1 }) {
                        modality = nominal.modality
                        break
                    }
                }
            }
            // The subject: actor mentions right before the trigger. (Not for "is to be": "The
            // United States is to be commended" obliges no one; its agent does, below.)
            var actors = trigger.words.last == "be" ? nil
                : subject(endingBefore: base + i, rangeStart: base, actorAt: actorAt, mentionStart: mentionStart,
                          principal: principal, previousActors: previousActors, lower: lower, inQuote: inQuote)
            if trigger.nominal {
                // "affirmed Mexico's commitment", "their commitment": the possessor, or the verb's subject.
                let possessor = i >= 1 ? possessorActors(at: base + i - 1, lower: lower, base: base, actorAt: actorAt,
                                                         principal: principal, previousActors: previousActors) : nil
                let clauseSubject = subjectOfClause(before: base + i, rangeStart: base, actorAt: actorAt, mentionStart: mentionStart,
                                                    principal: principal, previousActors: previousActors, lower: lower, inQuote: inQuote)
                guard let verbSubject = clauseSubject ?? possessor else {
                    i += 1
                    continue
                }
                actors = possessor ?? verbSubject
                // (Without a subject found, "they" keeps referring to whom it did.)
                if possessor != nil, clauseSubject != possessor { subjectForLater = clauseSubject ?? previousActors }
            }
            // "It establishes the framework ...": the agreement binds its parties.
            if actors == nil, i >= 1, Self.establishingVerbs.contains(lower[i]) || (i + 1 < lower.count && Self.establishingVerbs.contains(lower[i])) {
                actors = nil
            }
            // "The Party hosting a meeting of the Commission shall bear ...": a party named at
            // the start of the sentence, with a short description before the verb.
            if actors == nil, !trigger.nominal, i <= 10, i >= 2, let first = actorAt[base + (lower[0] == "the" ? 1 : 0)],
               roleStarts.contains(base) || roleStarts.contains(base + 1),
               !(0..<i).contains(where: { k in
                   let word = lower[k]
                   return word == "," || word.hasSuffix("ed") || Self.triggerTable.value(word, hash: lower.hash(k)) != nil && word != "commitment"
               }) {
                actors = first
            }
            // "may be terminated by either Party", "shall be agreed by the Parties", "are to be
            // affirmed by the Parties", "shall be settled by consultation between the Parties":
            // the agent.
            let passive = trigger.words.last == "be" ? after
                : after < lower.count && lower[after] == "be" ? after + 1
                : after + 1 < lower.count && lower[after] == "not" && lower[after + 1] == "be" ? after + 2 : nil
            if actors == nil, !trigger.nominal, let passive {
                var k = passive
                while k < lower.count, lower[k] != "by", lower[k] != ".", lower[k] != ";", k - after < 12 { k += 1 }
                if k + 1 < lower.count, lower[k] == "by", let ids = agent(after: k, base: base, lower: lower, actorAt: actorAt) { actors = ids }
                // (An agent other than the parties or their joint will, the words that may come
                // before the parties' own names: "shall be decided upon by the Council", "shall be
                // managed by a Board"; not "by mutual consent".)
                let agentWord = k + 2 < lower.count && lower[k + 1] == "the" ? k + 2 : k + 1
                // ("by 31 March", "by the end of the year" is a time, not an agent.)
                let otherAgent = agentWord < lower.count && lower[k] == "by" && !Self.agentPreamble.contains(lower[agentWord])
                    && lower.tokens[base + agentWord].kind != .number && !Vocabulary.months.contains(text: lower.tokens[base + agentWord])
                    && lower[agentWord] != "end"
                // In a treaty's articles, an act in the passive that only a party performs, with
                // no agent named, binds the parties: "Such response will be transmitted",
                // "Monitoring shall be carried out on both sides", "consent may be withdrawn".
                if actors == nil, !otherAgent, principal.count >= 2, passive < lower.count, inArticle(base, lower),
                   !Self.noneWords.contains(lower[0]),
                   Self.isParticiple(lower[passive], hash: lower.hash(passive)), !Self.notPartyActs.contains(lower[passive], hash: lower.hash(passive)),
                   // (Nor in a clause of its own: "the manner in which the waste will be treated".)
                   !(0..<i).contains(where: { actorAt[base + $0] != nil || Self.nonPartySubjects.contains(lower[$0], hash: lower.hash($0))
                       || Self.subordinatorTable.contains(lower[$0], hash: lower.hash($0)) }),
                   !lower.indices.contains(where: { Self.finalClauseWords.contains(lower[$0], hash: lower.hash($0))
                       || (lower.hash($0) == Self.forceHash && $0 > 0 && lower[$0 - 1] == "into") }) {
                    actors = principal
                }
            }
            // "We continue to encourage …": carrying on is a commitment of the statement's own
            // parties only ("Russia continues to attack …" is none).
            // The subject is named or "we" right before the verb ("how we can continue to", "they
            // continue to fall" are none).
            // (Nor what happens to a party: "Japan continues to face headwinds".)
            if let current = actors, trigger.words[0] == "continue" || trigger.words[0] == "continues",
               principal.isEmpty || !current.allSatisfy({ principal.contains($0) })
                || (after < lower.count && lower.isIn(Self.happenings, after)
                    // ("continue to be committed", "continue to remain determined" are undertakings.)
                    && !(after + 1 < lower.count && (lower[after] == "be" || lower[after] == "remain") && Self.stillCommitted.contains(lower[after + 1])))
                || !(i >= 1 && (actorAt[base + i - 1] != nil || lower[i - 1] == "we" || Self.isMannerAdverb(lower[i - 1]) || lower[i - 1] == "also")) {
                i += 1
                continue
            }
            if let actors, !actors.isEmpty {
                return (unique(actors), modality, negated, base + i, trigger.rule, subjectForLater)
            }
            i += max(1, trigger.words.count)
        }
        // "The Parties exchange the monitoring data", "Each Party informs the other": in a text
        // of articles, an action in the plain present right after the parties is what they
        // agreed to do (not "The Parties consider that ...").
        // (The table read once, not through its accessor at every word.)
        let presentActions = Self.presentActions
        if inArticle(base, lower),
           let verb = lower.indices.dropFirst().first(where: { presentActions.contains(lower[$0], hash: lower.hash($0)) }),
           verb + 1 < lower.count, lower[verb + 1] != "that",
           // (Not in a clause of condition or time: "unless either Party gives notice".)
           !(0..<verb).contains(where: { Self.subordinatorTable.contains(lower[$0], hash: lower.hash($0)) }),
           // (Nor after a modal whose subject is no party: "This Treaty shall enter into force
           // on the date the Parties exchange …", "EU vessels shall … take".)
           !(0..<verb).contains(where: { triggerFirstWords.mayContain(hash: lower.hash($0)) && trigger(at: $0, in: lower) != nil }) {
            var k = verb - 1
            while k >= 0, lower.isIn(Self.skippable, k), !Self.auxiliaries.contains(lower[k]), actorAt[base + k] == nil { k -= 1 }
            if k >= 0, actorAt[base + k] != nil,
               let actors = subject(endingBefore: base + verb, rangeStart: base, actorAt: actorAt, mentionStart: mentionStart,
                                    principal: principal, previousActors: previousActors, lower: lower, inQuote: inQuote),
               !actors.isEmpty {
                return (unique(actors), .commitment, false, base + verb, "commitment:present-tense", nil)
            }
        }
        // "Costs are paid by the host Party", "Monitoring is carried out by each country": in a
        // text of articles, an act in the plain present passive whose agent is a party.
        if inArticle(base, lower), let (be, by) = Self.presentPassive(lower), !(0..<be).contains(where: { actorAt[base + $0] != nil }),
           let ids = agent(after: by, base: base, lower: lower, actorAt: actorAt) {
            return (unique(ids), .commitment, false, base + be + 1, "commitment:present-passive", nil)
        }
        // "It establishes the framework for ...", "This Agreement provides for ...".
        // (The parties counted first: the words are read only when there are two. The table
        // taken once, not through its global's accessor at every word.)
        // (Only the first five words are read: a verb after them has a subject of more than
        // four words, which this rule never takes.)
        let establishingVerbs = Self.establishingVerbs
        if principal.count >= 2, let verb = lower.indices.prefix(5).first(where: { establishingVerbs.contains(lower[$0], hash: lower.hash($0)) }),
           verb >= 1 {
            let subjectWords = lower[..<verb]
            if subjectWords.elementsEqual(["it"]) || (subjectWords.count <= 4 && subjectWords.contains { Self.agreementWords.contains($0) } && (subjectWords.first ?? "").isOne(of: "this", "the")) {
                return (principal, .commitment, false, base + verb, "commitment:agreement-establishes", nil)
            }
        }
        return nil
    }

    /// `ids` without repeats, first occurrences in order. (A subject is a few ids: compared
    /// with those kept, not hashed into a set made for each.)
    func unique(_ ids: [String]) -> [String] {
        // (Most lists are one actor, or a few all different: the list itself, not a copy.)
        if ids.count <= 1 || (ids.count <= 16 && !ids.indices.contains { k in ids[..<k].contains(ids[k]) }) { return ids }
        guard ids.count > 16 else {
            var kept: [String] = []
            kept.reserveCapacity(ids.count)
            for id in ids where !kept.contains(id) { kept.append(id) }
            return kept
        }
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    /// Actor mentions joined by "and" / "," right before `end`, skipping adverbs; nil when
    /// the words before the verb are not a party (a narrative "will").
    func subject(endingBefore end: Int, rangeStart: Int, actorAt: ActorTable, mentionStart: [Int], principal: [String],
                 previousActors: [String], lower: LowerWords, inQuote: Bool) -> [String]? {
        var k = end - 1
        while k >= rangeStart, actorAt[k] == nil {
            let word = lower[k - rangeStart]
            // "are steadfastly committed", "will also jointly": words and adverbs of manner.
            if lower.isIn(Self.skippable, k - rangeStart) || (Self.isMannerAdverb(word) && lower.tokens[k].isLowercase) {
                k -= 1
                continue
            }
            // "the U.S. Agency for International Development (USAID) will": a short parenthesis
            // after the subject names it again. (Not an actor only inside one: "the rights laid
            // down in the declaration of the International Labour Organisation (ILO) shall".)
            if word == ")", let open = openingParenthesis(closing: k, rangeStart: rangeStart, lower: lower), actorAt[open - 1] != nil {
                k = open - 1
            }
            break
        }
        guard k >= rangeStart else { return nil }
        let word = lower[k - rangeStart]
        // "The leaders welcomed the Mission and committed to launch ...", "Argentina has
        // dismantled many barriers ... and with this Agreement has committed not to ...": the
        // sentence's subject (after "and", or "and" and a phrase of a preposition naming no actor).
        if actorAt[k] == nil, let and = conjunction(endingAt: k, rangeStart: rangeStart, lower: lower, actorAt: actorAt) {
            if let last = leadingSubjectEnd(before: and, rangeStart: rangeStart, lower: lower, actorAt: actorAt) {
                return subject(endingBefore: last + 1, rangeStart: rangeStart, actorAt: actorAt, mentionStart: mentionStart,
                               principal: principal, previousActors: previousActors, lower: lower, inQuote: inQuote)
            }
            if let own = possessiveSubject(rangeStart: rangeStart, lower: lower, principal: principal) { return own }
            return nil
        }
        // "Mexico, with this Agreement, has committed": words set off by commas between the
        // subject and the verb (at most eight, naming no actor; up to fourteen for a phrase of
        // a preposition: "…, for the purpose of reproduction and maintenance of fish stocks, will").
        let commaBefore = ((k + 1)..<end).contains(where: { lower.hash($0 - rangeStart) == Self.commaHash })
        if actorAt[k] == nil, commaBefore {
            var open = k - 1
            while open > rangeStart, k - open <= 14, lower[open - rangeStart] != ",", actorAt[open] == nil { open -= 1 }
            if open > rangeStart, k - open <= 14, lower[open - rangeStart] == ",",
               k - open <= 8 || lower.isIn(Self.prepositions, open + 1 - rangeStart) {
                if actorAt[open - 1] != nil {
                    return subject(endingBefore: open, rangeStart: rangeStart, actorAt: actorAt, mentionStart: mentionStart,
                                   principal: principal, previousActors: previousActors, lower: lower, inQuote: inQuote)
                }
                // "The Secretary, in his remarks, committed": a title before the commas.
                if let titled = titleSubject(endingAt: open - 1, rangeStart: rangeStart, lower: lower) { return titled }
            }
        }
        if actorAt[k] == nil, let titled = titleSubject(endingAt: k, rangeStart: rangeStart, lower: lower) {
            return titled
        }
        if actorAt[k] == nil, let own = possessiveSubject(rangeStart: rangeStart, lower: lower, principal: principal), k - rangeStart <= 5 {
            return own
        }
        // "Argentina has opened its market to U.S. live cattle, committed to allow ...": a verb
        // after a comma, coordinated with the verb of the actors the sentence begins with.
        if actorAt[k] == nil, commaBefore, let last = leadingSubjectEnd(before: k, rangeStart: rangeStart, lower: lower, actorAt: actorAt),
           last + 1 < k, Self.isFiniteVerb(lower[last + 1 - rangeStart]) {
            return subject(endingBefore: last + 1, rangeStart: rangeStart, actorAt: actorAt, mentionStart: mentionStart,
                           principal: principal, previousActors: previousActors, lower: lower, inQuote: inQuote)
        }
        if actorAt[k] == nil {
            // Pronouns: "we" in a joint text or a quotation, "they" for the last actors named.
            if word == "we" && principal.count >= 2 { return principal }
            if word == "they" && !previousActors.isEmpty {
                return k == rangeStart || lower[k - rangeStart - 1] == "," ? previousActors : previousActors
            }
            return nil
        }
        var actors: [String] = []
        var leftmost = k
        while k >= rangeStart {
            guard let ids = actorAt[k] else { break }
            // (The first list found is shared as it is, not copied into a new one.)
            if actors.isEmpty { actors = ids } else { actors.insert(contentsOf: ids, at: 0) }
            leftmost = mentionStart[k]
            k = leftmost - 1
            // "the United States and Mexico", "Mexico, Canada, and the United States"
            while k >= rangeStart, lower[k - rangeStart].isOne(of: "the", "'s") { k -= 1 }
            // "the Government of Mexico and the Government of Guatemala": a head of "of" before
            // the mention belongs to it.
            if k - 1 >= rangeStart, lower[k - rangeStart] == "of", lower.isIn(Self.ofHeads, k - 1 - rangeStart),
               k - 2 < rangeStart || lower[k - 2 - rangeStart].isOne(of: "and", ",", "&", "the") {
                k -= 2
                while k >= rangeStart, lower[k - rangeStart] == "the" { k -= 1 }
            }
            guard k >= rangeStart, lower[k - rangeStart].isOne(of: "and", ",", "&") else { break }
            var j = k - 1
            while j >= rangeStart, lower[j - rangeStart].isOne(of: "and", ",", "the") { j -= 1 }
            // "The United States of America (the "United States") and Japan": the parenthesis
            // after an actor names it again.
            if j >= rangeStart, lower[j - rangeStart] == ")", let open = openingParenthesis(closing: j, rangeStart: rangeStart, lower: lower),
               actorAt[open - 1] != nil {
                j = open - 1
            }
            guard j >= rangeStart, actorAt[j] != nil else { break }
            // A list ends in "and" ("Mexico, Canada, and the United States"): a comma alone
            // before the last actor sets off a phrase ("Under a memorandum with the Government
            // of Mexico, USAID will").
            if actors.count == ids.count, !((j + 1)...k).contains(where: { lower[$0 - rangeStart] == "and" || lower[$0 - rangeStart] == "&" }) { break }
            k = j
        }
        // Not the subject when it hangs on a preposition: "Representatives from both countries".
        var before = leftmost - 1
        while before >= rangeStart, lower[before - rangeStart].isOne(of: "the", "both", "all") { before -= 1 }
        if before >= rangeStart {
            let w = lower[before - rangeStart]
            if w == "of" {
                let head = before - 1 >= rangeStart ? lower[before - 1 - rangeStart] : ""
                if !Self.ofHeads.contains(head) { return nil }
            } else if Self.prepositions.contains(w) {
                return nil
            } else if w == "'s" {
                return nil
            }
        }
        return actors
    }

    /// The "(" of the short parenthesis (at most twelve words) that closes at `closing`, when
    /// a word stands before it.
    func openingParenthesis(closing: Int, rangeStart: Int, lower: LowerWords) -> Int? {
        var k = closing - 1
        while k > rangeStart, closing - k <= 12 {
            let word = lower[k - rangeStart]
            if word == "(" { return k }
            if word == ")" { return nil }
            k -= 1
        }
        return nil
    }

    /// The last word of the actors a sentence begins with, before `k` ("the United States and
    /// Mexico"), after a label ending in a colon ("Intellectual Property: Argentina has ...");
    /// nil when it begins with no actor.
    func leadingSubjectEnd(before k: Int, rangeStart: Int, lower: LowerWords, actorAt: ActorTable) -> Int? {
        var first = rangeStart
        // A label: a colon among the first eight words, no actor before it.
        var j = rangeStart
        while j < k, j - rangeStart < 8, actorAt[j] == nil {
            if lower[j - rangeStart] == ":" {
                first = j + 1
                break
            }
            j += 1
        }
        while first < k, lower.isIn(Self.skippable, first - rangeStart) || lower[first - rangeStart] == "the" { first += 1 }
        guard first < k, actorAt[first] != nil else { return nil }
        var last = first
        while last + 1 < k, actorAt[last + 1] != nil || lower[last + 1 - rangeStart].isOne(of: "and", ",", "the") { last += 1 }
        while last > first, actorAt[last] == nil { last -= 1 }
        return last
    }

    /// The "and" that word `k` is, or that comes before a phrase of a preposition ending at
    /// `k` and naming no actor nor a subject of its own ("and with this Agreement"; not "and on
    /// what dates they", "and to any legislation which"); nil for neither.
    func conjunction(endingAt k: Int, rangeStart: Int, lower: LowerWords, actorAt: ActorTable) -> Int? {
        if lower[k - rangeStart] == "and" { return k }
        var j = k
        while j > rangeStart, k - j < 6, actorAt[j] == nil, lower[j - rangeStart] != ",", !lower.isIn(Self.clauseSubjects, j - rangeStart) {
            if lower[j - rangeStart - 1] == "and", lower.isIn(Self.prepositions, j - rangeStart) { return j - 1 }
            j -= 1
        }
        return nil
    }

    /// A word that can be the verb right after a sentence's subject: an auxiliary, or a verb
    /// in the past tense ("has", "will", "dismantled").
    static func isFiniteVerb(_ word: String) -> Bool {
        finiteAuxiliaries.contains(word) || (word.count > 3 && word.hasSuffix("ed"))
    }

    /// Words that are a clause's own subject.
    static let clauseSubjects: WordTable<Bool> = ["i", "we", "you", "he", "she", "it", "they", "which", "that", "who", "what"]

    static let finiteAuxiliaries: Set<String> = ["has", "have", "had", "will", "shall", "is", "are", "was", "were", "also",
                                                 "would", "can", "could", "continues", "continue"]

    /// "Our partnership will ...", "Our two countries will ...": the parties speaking together.
    func possessiveSubject(rangeStart: Int, lower: LowerWords, principal: [String]) -> [String]? {
        guard principal.count >= 2, lower.first == "our" else { return nil }
        return principal
    }

    /// "The Vice President reaffirmed ...": a title alone names the person who holds it.
    func titleSubject(endingAt k: Int, rangeStart: Int, lower: LowerWords) -> [String]? {
        guard let titles = titleHolders, !titles.isEmpty else { return nil }
        for length in (1...3).reversed() where k - length + 1 >= rangeStart {
            // (The word before asked first: the phrase is joined only after "the" or at the start.)
            let before = k - length >= rangeStart ? lower[k - length - rangeStart] : ""
            guard before == "the" || before == "" else { continue }
            guard let holder = titles[lower.joined((k - length + 1 - rangeStart)...(k - rangeStart))] else { continue }
            return [holder]
        }
        return nil
    }

    /// The verbs whose subject holds a noun trigger ("affirmed their commitment"); made once,
    /// not at every noun trigger.
    static let clauseVerbs: WordTable<Bool> = [
        "affirmed", "reaffirmed", "expressed", "reiterated", "underscored", "emphasized", "renewed",
        "discussed", "highlighted", "stressed", "confirmed", "restated", "noted", "welcomed", "shared",
        "demonstrated", "made", "announced", "re-affirmed", "affirm", "reaffirm", "express", "reiterate",
        "underscore", "renew", "confirm", "declared", "underline", "underlined", "underlines",
        "recognized", "acknowledged", "reinforced", "strengthened",
    ]

    /// The subject of the clause a noun trigger is in ("Both Presidents affirmed their
    /// commitment"): the actors before the nearest verb before the noun.
    func subjectOfClause(before index: Int, rangeStart: Int, actorAt: ActorTable, mentionStart: [Int], principal: [String],
                         previousActors: [String], lower: LowerWords, inQuote: Bool) -> [String]? {
        var k = index - 1
        while k >= rangeStart, index - k <= 6 {
            if lower.isIn(Self.clauseVerbs, k - rangeStart) {
                return subject(endingBefore: k, rangeStart: rangeStart, actorAt: actorAt, mentionStart: mentionStart,
                               principal: principal, previousActors: previousActors, lower: lower, inQuote: inQuote)
            }
            k -= 1
        }
        return nil
    }

    /// "Mexico's commitment", "their commitment", "our commitment".
    func possessorActors(at index: Int, lower: LowerWords, base: Int, actorAt: ActorTable, principal: [String], previousActors: [String]) -> [String]? {
        var k = index
        while k >= base, Self.commitmentAdjectives.contains(lower[k - base]) { k -= 1 }
        guard k >= base else { return nil }
        let word = lower[k - base]
        if word == "'s", k - 1 >= base, let ids = actorAt[k - 1] { return ids }
        if word == "our", principal.count >= 2 { return principal }
        return nil
    }

    static let conditionMarkers = ["subject to ", "unless ", "provided that ", "provided, however, that ", "on condition that ", "in the event that "]
        .map { Array($0.utf8) }

    /// The markers as one automaton (ASCII letters in any case): which of them a sentence
    /// holds, in one pass over its bytes; most sentences hold none.
    static let conditionScreen = PhraseSet(conditionMarkers.map { String(decoding: $0, as: UTF8.self) }, asciiCaseInsensitive: true)

    /// "subject to ...", "unless ...": from the marker (any case) to the next comma, semicolon or period.
    /// Searched in the sentence's bytes with ASCII letters lower-cased, so offsets are the
    /// sentence's own (lower-casing a whole string can change its length); only for the
    /// markers the screen found.
    /// False when the text of `range` holds none of `conditionMarkers` (the screen of
    /// `conditions(in:)` on the text's own bytes, without a string made of them).
    static func mayHaveConditions(_ text: NormalizedText, _ range: TextRange) -> Bool {
        guard let bytes = text.utf8Range(range) else { return true }
        return text.text.withUTF8Bytes { utf8 in
            conditionScreen.found(in: UnsafeBufferPointer(rebasing: utf8[bytes]), padded: false) != 0
        }
    }

    static func conditions(in sentence: String) -> [String] {
        let present = conditionScreen.found(in: sentence)
        guard present != 0 else { return [] }
        var result: [String] = []
        let bytes = Array(sentence.utf8)
        let lower = ByteSearch.asciiLowercased(bytes)
        for (index, marker) in conditionMarkers.enumerated() where present & (1 << UInt64(index)) != 0 {
            guard let start = ByteSearch.firstOffset(lower, marker) else { continue }
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: ","), bytes[end] != UInt8(ascii: ";"), bytes[end] != UInt8(ascii: ".") { end += 1 }
            result.append(String(decoding: bytes[start..<end], as: UTF8.self).trimmingSpaces())
        }
        return result
    }

    static func timeframe(in sentence: String) -> String? {
        // A time frame starts at a word that is "within", "by", "before", "until" or "no": a
        // sentence without one between spaces has none (most sentences).
        guard hasTimeframeCue(sentence) else { return nil }
        // Text whose characters are scalars (nearly all) splits on its space bytes as it does
        // on its space characters; its words are made into strings only when looked at.
        // (The bytes read in place, the words' ranges kept in memory lent for the call.)
        if CharactersAreScalars.check(sentence) {
            return sentence.withUTF8Bytes { bytes in
                withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: bytes.count / 2 + 1) { ranges in
                    var count = 0
                    var start = 0
                    for k in 0...bytes.count where k == bytes.count || bytes[k] == 0x20 {
                        if k > start {
                            ranges[count] = start..<k
                            count += 1
                        }
                        start = k + 1
                    }
                    return timeframe(count: count, firstByte: { bytes[ranges[$0].lowerBound] },
                                     word: { String(decoding: UnsafeBufferPointer(rebasing: bytes[ranges[$0]]), as: UTF8.self) })
                }
            }
        }
        let words = sentence.split(separator: " ").map(String.init)
        return timeframe(count: words.count, firstByte: { words[$0].utf8.first ?? 0 }, word: { words[$0] })
    }

    /// The rules of `timeframe(in:)` over a sentence's words (none empty), by index.
    private static func timeframe(count: Int, firstByte: (Int) -> UInt8, word: (Int) -> String) -> String? {
        /// `trimmingCharacters(in: CharacterSet(charactersIn: ",.;"))`, without building a character set each time.
        func trimmed(_ text: String) -> String { text.trimmingScalars { $0 == "," || $0 == "." || $0 == ";" } }
        func joined(_ range: ClosedRange<Int>) -> String { range.map(word).joined(separator: " ") }
        for i in 0..<count {
            // Only "within", "by", "before", "until" and "no" start a time frame.
            guard Self.timeframeInitials.contains(firstByte(i)) else { continue }
            let written = word(i)
            let w = written.lowercased()
            if w == "within", i + 2 < count, Int(word(i + 1)) != nil || numberWords.contains(word(i + 1).lowercased()) {
                return trimmed(joined(i...(i + 2)))
            }
            if w.isOne(of: "by", "before", "until"), i + 1 < count {
                let next = trimmed(word(i + 1))
                if next.count == 4, let year = Int(next), (1900...2200).contains(year) { return "\(written) \(next)" }
                if next.lowercased() == "the", i + 4 < count, word(i + 2).lowercased() == "end", word(i + 3).lowercased() == "of" {
                    return trimmed(joined(i...(i + 4)))
                }
                if DateText.months[next.lowercased()] != nil, i + 2 < count {
                    return trimmed(joined(i...min(count - 1, i + 3)))
                }
            }
            if w == "no", i + 3 < count, word(i + 1).lowercased() == "later", word(i + 2).lowercased() == "than" {
                return trimmed(joined(i...min(count - 1, i + 5)))
            }
        }
        return nil
    }

    static let timeframeInitials = Array("wWbBuUnN".utf8)

    /// Whether a word between spaces (or the ends) is one of the cues, in any case. Words are
    /// split on space bytes: a word the scalar-based split of a non-ASCII sentence gives is
    /// always one of these, and no other scalar lower-cases to these ASCII letters.
    static func hasTimeframeCue(_ sentence: String) -> Bool {
        return sentence.withUTF8Bytes { bytes in
            let n = bytes.count
            var i = 0
            while i < n {
                var j = i
                while j < n && bytes[j] != 0x20 { j += 1 }
                let length = j - i
                if length == 2 || length == 5 || length == 6 {
                    for cue in timeframeStarts where cue.count == length {
                        var equal = true
                        for k in 0..<length where bytes[i + k] | 0x20 != cue[k] {
                            equal = false
                            break
                        }
                        if equal { return true }
                    }
                }
                i = j + 1
            }
            return false
        }
    }

    /// The words a time frame starts with (`timeframe(in:)` looks for nothing else).
    static let timeframeStarts = ["within", "by", "before", "until", "no"].map { Array($0.utf8) }
    /// Their hashes (`WordHash`), as a token in lower case carries them.
    static let timeframeStartHashes = timeframeStarts.map { WordHash.of(String(decoding: $0, as: UTF8.self)) }

    /// False when no token of a sentence (`range` of `tokens`) is one of `timeframeStarts` in
    /// lower case: then the sentence's text has no such word between spaces, in any case
    /// (such a word, ASCII letters between spaces or the sentence's ends, is a token of its
    /// own), and `timeframe(in:)` finds nothing in it. True does not say there is one.
    static func mayHaveTimeframe(_ tokens: [Token], _ range: Range<Int>) -> Bool {
        let cues = timeframeStartHashes
        return tokens.withUnsafeBufferPointer { tokens in
            for k in range {
                if cues.contains(tokens[k].lowerHash) { return true }
            }
            return false
        }
    }

    static let numberWords: Set<String> = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                           "thirty", "sixty", "ninety", "twelve", "eighteen", "twenty", "fifteen"]
}

import AccordXML
import Foundation
