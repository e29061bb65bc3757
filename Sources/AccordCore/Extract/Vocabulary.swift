/// Word lists the recognizers share. They describe English usage, not any document.
enum Vocabulary {
    /// Capitalized words that are never part of a person's name.
    static let notNames: WordTable<Bool> = [
        "The", "This", "That", "These", "Those", "It", "Its", "He", "She", "They", "We", "I", "You", "Our", "Their",
        "His", "Her", "In", "On", "At", "For", "And", "But", "Or", "As", "Of", "With", "By", "From", "To", "After",
        "Before", "During", "While", "Since", "Though", "Although", "Today", "Yesterday", "Tomorrow", "Both", "Each",
        "All", "Some", "Many", "Other", "Another", "Such", "When", "Where", "Which", "Who", "What", "Why", "How", "If",
        "Then", "There", "Here", "Also", "Under", "Over", "Through", "Between", "Among", "Against", "About", "Without",
        "Government", "Governments", "State", "States", "Republic", "Kingdom", "Federal", "National", "Federation",
        "Union", "United", "Security", "Border", "Department", "Ministry", "Office", "Agency", "Administration",
        "Commission", "Council", "Committee", "Cabinet", "Group", "Network", "Police", "Patrol", "Service", "Program",
        "Programme", "Initiative", "Partnership", "Agreement", "Treaty", "Convention", "Protocol", "Memorandum",
        "Declaration", "Statement", "Article", "Section", "Annex", "Party", "Parties", "Act", "Plan", "Fund", "Forum",
        "Summit", "Dialogue", "Framework", "Strategy", "House", "White", "Secretariat", "Embassy", "Consulate",
        "Mr", "Mrs", "Ms", "Dr", "Mr.", "Mrs.", "Ms.", "Dr.", "Excellency", "Majesty", "Highness", "Honorable",
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "Readout", "Remarks", "Fact", "Sheet", "Joint", "Press", "Release", "Briefing", "Q", "A", "Thank", "Thanks",
        "Representatives", "Leaders", "Officials", "Delegation", "Delegations", "Excellencies", "Ladies", "Gentlemen",
        "Please", "Yes", "No", "Well", "Now", "So", "Okay", "OK", "Applause", "Laughter",
        "Foreign", "Affairs", "Homeland", "Defense", "Defence", "Interior", "Justice", "Treasury", "Commerce",
        "Trade", "Energy", "Finance", "International", "Economic", "Economy", "Public", "Safety", "Health",
    ]

    /// Words that start a phrase but are never part of a name: "The Council", "Our Embassy".
    static let determiners: WordTable<Bool> = [
        "The", "A", "An", "This", "That", "These", "Those", "Our", "Their", "Its", "His", "Her", "Both", "Each", "Every",
        "All", "Some", "Any", "No", "In", "On", "At", "For", "And", "But", "Or", "As", "Of", "With", "By", "From", "To",
        "After", "Before", "During", "While", "Since", "Though", "Although", "When", "If", "Then", "Under", "Over",
        "Through", "Between", "Among", "Today", "Yesterday", "Also", "Thus", "However", "Meanwhile",
    ]

    /// Lower-case particles inside names: "de la", "van", "al".
    static let nameParticles: WordTable<Bool> = ["de", "del", "la", "las", "los", "van", "von", "der", "den", "da", "dos", "das", "di", "du", "le", "bin", "ibn", "al", "el", "y", "e", "ben"]

    static let nameSuffixes: WordTable<Bool> = ["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"]

    /// Words that modify a title without being part of the gazetteer's entry.
    static let titleModifiers: WordTable<Bool> = ["Acting", "Deputy", "Assistant", "Under", "Vice", "Former", "Senior", "Chief",
                                               "Special", "Associate", "Executive", "Principal", "First", "Interim", "Permanent"]

    /// Words in the complement of a title: "Secretary of Homeland Security", "Minister for Foreign Affairs".
    static let domainWords: WordTable<Bool> = [
        "Homeland", "Security", "State", "Interior", "Foreign", "External", "Exterior", "Affairs", "Relations", "Credit", "Defense", "Defence", "Treasury",
        "Finance", "Commerce", "Trade", "Energy", "Justice", "Agriculture", "Labor", "Labour", "Education", "Health",
        "Human", "Services", "Transportation", "Transport", "Housing", "Urban", "Development", "Veterans", "Environment",
        "Economy", "Economic", "International", "Public", "Safety", "Home", "Government", "National", "Cooperation",
        "Culture", "Tourism", "Industry", "Mines", "Mining", "Infrastructure", "Communications", "Information",
        "Technology", "Science", "Planning", "Women", "Youth", "Sports", "Immigration", "Citizenship", "Migration",
        "Western", "Hemisphere", "Hemispheric", "Political", "Military", "Legal", "Consular", "Policy", "Management",
        "Budget", "Intelligence", "Staff", "Protocol", "Climate", "Water", "Fisheries", "Oceans", "Resources",
        "Natural", "Social", "Welfare", "Family", "Arms", "Control", "Nonproliferation", "Democracy", "Rights",
        "Narcotics", "Law", "Enforcement", "Counterterrorism", "Cyber", "Digital", "Innovation", "Investment",
        "Industrial", "Europe", "European", "Asian", "Pacific", "African", "Eurasian", "Near", "Eastern", "Latin",
        "American", "Americas", "Regional", "Global", "Multilateral", "Bilateral", "Commercial", "Business",
        "Growth", "Competitiveness", "Food", "Maritime", "Ocean", "Fishing", "Land", "Territorial", "Administration",
        "Army", "Navy", "Air", "Force", "Forces", "Armed", "Joint", "Chiefs", "General", "Coast", "Guard", "Border",
        "Protection", "Customs", "Revenue", "Taxation", "Monetary", "Central", "Bank", "Reserve", "Statistics",
        "Crisis", "Response", "Humanitarian", "Assistance", "Aid", "Peace", "Reconstruction", "Integration",
        "Secretariat", "Department", "Ministry", "Office", "Affairs", "Operations", "Counternarcotics", "Emergency",
    ]

    /// Head nouns of organization names ("... Police", "Department of ...").
    static let organizationHeads: WordTable<Bool> = [
        "Department", "Ministry", "Secretariat", "Office", "Agency", "Bureau", "Administration", "Commission",
        "Council", "Committee", "Cabinet", "Group", "Police", "Patrol", "Service", "Services", "Institute", "Bank",
        "Authority", "Corporation", "Court", "Parliament", "Congress", "Senate", "Assembly", "Board", "Directorate",
        "Force", "Forces", "Navy", "Army", "Guard", "Embassy", "Consulate", "Organization", "Organisation",
        "Association", "Alliance", "Secretariat", "Mission", "Command", "Gendarmerie", "Ministries", "Company",
        "Inc.", "Ltd.", "Corp.", "University", "Foundation", "Chamber", "Tribunal", "Legislature", "Fleet", "Corps",
    ]
    /// Head nouns of named buildings, bases and works: places, not bodies.
    static let facilityHeads: WordTable<Bool> = [
        "Centre", "Center", "Airport", "Palace", "Hall", "Stadium", "Dam", "Bridge", "Canal", "Port", "Harbor", "Harbour",
        "Base", "Station", "Pipeline", "Tunnel", "Crossing", "Museum", "Plaza", "Square", "Park",
    ]

    /// Head nouns that end the name of a natural feature or region ("Narva River").
    static let featureHeads: WordTable<Bool> = [
        "River", "Rivers", "Sea", "Ocean", "Bay", "Gulf", "Strait", "Straits", "Island", "Islands", "Mountains", "Peninsula",
        "Basin", "Valley", "Desert", "Coast", "Channel", "Falls", "Delta", "Reef", "Lakes", "Highlands", "Plateau",
        "Archipelago", "Lagoon", "Estuary", "Glacier",
    ]
    /// Head nouns that begin one ("Lake Peipus", "Cape Hatteras", "Mount Kenya").
    /// (And bases: "Camp Speicher", "Camp Lemonnier".)
    static let featurePrefixes: WordTable<Bool> = ["Lake", "Mount", "Cape", "Isle", "Island", "Gulf", "Bay", "Sea", "Strait", "Camp"]
    /// Those followed by the name itself (the others take "of": "Gulf of Mexico").
    static let featureNamePrefixes: WordTable<Bool> = ["Lake", "Mount", "Cape", "Isle", "Camp"]
    /// Endings of demonyms and adjectives of nationality ("Cape Verdean", "Icelandic").
    static let demonymEndings = ["ean", "ian", "ese", "ish", "ic"]

    /// Heads that name programs rather than bodies ("Working Group", "Task Force").
    static let programHeadPhrases: [[String]] = [["Working", "Group"], ["Task", "Force"], ["Steering", "Committee"]]
    /// Heads of bodies that stand on their own, never a joint body of the parties ("Joint
    /// Genome Institute" is a laboratory).
    static let ownBodyHeads: WordTable<Bool> = ["Institute", "University", "College", "Foundation", "Bank", "Company", "Corporation",
                                                "Inc.", "Ltd.", "Corp.", "Laboratory", "Laboratories", "School", "Academy", "Hospital"]
    /// Heads that make an organization on their own, without a modifier.
    static let standaloneHeads: WordTable<Bool> = ["Congress", "Parliament", "Senate"]

    /// Nouns after a demonym that make it stand for the state: "Mexican officials".
    static let stateNouns: Set<String> = [
        "government", "governments", "officials", "official", "authorities", "authority", "delegation", "delegations",
        "counterpart", "counterparts", "president", "minister", "ministers", "leader", "leaders", "leadership",
        "administration", "military", "armed", "forces", "force", "police", "navy", "army", "troops", "agencies",
        "agency", "side", "partners", "partner", "embassy", "ambassador", "diplomats", "negotiators", "cabinet",
        "state", "congress", "parliament", "senate", "legislature", "courts", "law", "laws", "territory",
        "sovereignty", "border", "customs", "ministry", "team", "representatives", "commitment", "efforts",
    ]

    static let months: WordTable<Bool> = ["January", "February", "March", "April", "May", "June", "July", "August",
                                      "September", "October", "November", "December"]

    /// Verbs in their base form that begin an item of actions under a lead-in ("shall: (a)
    /// seek means to ...", "will: a. Refrain from ...", "committed to: - expand ...").
    static let actionVerbs: Set<String> = [
        "abstain", "accelerate", "accept", "accord", "address", "collaborate", "confront", "engage", "enable", "expedite",
        "finalize", "formalize", "leverage", "lower", "partner", "resolve", "strive", "suspend", "tackle", "bolster",
        "safeguard", "uphold", "reaffirm", "commit", "mitigate", "modernize", "integrate", "attract", "secure", "achieve", "adopt", "advance", "afford", "align", "allow", "apply",
        "assess", "assist", "avoid", "build", "carry", "combat", "comply", "conclude", "conduct", "consider", "consult",
        "continue", "contribute", "control", "convene", "cooperate", "coordinate", "counter", "create", "deepen",
        "define", "deliver", "deploy", "designate", "develop", "eliminate", "encourage", "endeavor", "endeavour",
        "enhance", "ensure", "establish", "evaluate", "exchange", "expand", "explore", "facilitate", "foster", "fund",
        "give", "grant", "harmonize", "help", "hold", "identify", "implement", "improve", "increase", "inform",
        "initiate", "invest", "keep", "launch", "limit", "maintain", "make", "mobilize", "monitor", "negotiate",
        "notify", "observe", "open", "organize", "permit", "prepare", "prevent", "prohibit", "promote", "protect",
        "provide", "publish", "pursue", "reduce", "refrain", "regulate", "reinforce", "remove", "report", "respect",
        "restrict", "review", "seek", "share", "strengthen", "submit", "support", "take", "train", "transmit",
        "undertake", "update", "use", "work",
    ]

    /// Verbs a treaty states in the plain present for what the parties do ("The Parties
    /// guarantee publicity"), besides the verbs of action.
    static let operativeVerbs: Set<String> = ["guarantee", "form", "notify", "appoint", "bear", "pay", "grant", "reimburse",
                                              "settle", "solve", "inform", "establish"]

    /// Words in "-ing" that are nouns or prepositions, not verbs, at the start of an item.
    static let ingNouns: Set<String> = ["meeting", "meetings", "training", "funding", "building", "housing", "shipping", "fishing",
                                        "spending", "understanding", "offering", "hearing", "briefing", "setting", "pricing",
                                        "following", "including", "regarding", "notwithstanding", "pending", "concerning",
                                        "according", "excluding", "during", "considering", "respecting"]
}
