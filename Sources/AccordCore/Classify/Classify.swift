import AccordXML
/// The decision on a document's kind, with the words that led to it.
public struct KindDecision: Sendable, Equatable {
    public var kind: DocumentKind
    /// A finer label: `treaty`, `memorandum-of-understanding`, `joint-statement`, `readout`, `fact-sheet`, ...
    public var genre: String?
    public var evidence: [String]
}

/// Classify: agreement (treaty, agreement, MOU, protocol, exchange of notes, joint
/// statement or declaration) vs press statement (readout, fact sheet, remarks,
/// statement, press release) vs other.
public struct Classify: Sendable {
    public init() {}

    /// Title openings of press material, longest first.
    static let pressTitles: [(String, String)] = [
        ("readout", "readout"), ("fact sheet", "fact-sheet"), ("remarks", "remarks"), ("press briefing", "press-briefing"),
        ("background press call", "press-briefing"), ("press release", "press-release"), ("press gaggle", "press-briefing"),
        ("statement by", "statement"), ("statement from", "statement"), ("statement of", "statement"),
        ("statement on", "statement"), ("letter", "letter"), ("message", "statement"), ("interview", "remarks"),
        ("op-ed", "statement"), ("memorandum on", "statement"), ("proclamation", "statement"), ("executive order", "statement"),
    ]
    /// Each press title opening, its genre, and the opening with a colon ("readout:"), as a
    /// title may hold it after a prefix (made once, not at every title).
    static let pressTitleOpenings = pressTitles.map { (opening: $0.0, genre: $0.1, colon: $0.0 + ":") }
    /// Instruments, as they name themselves in a title.
    static let instruments: [(String, String)] = [
        ("memorandum of understanding", "memorandum-of-understanding"), ("exchange of notes", "exchange-of-notes"),
        ("exchange of letters", "exchange-of-notes"), ("joint statement", "joint-statement"), ("joint declaration", "joint-declaration"),
        ("joint communiqué", "joint-statement"), ("joint communique", "joint-statement"), ("communiqué", "joint-statement"),
        ("communique", "joint-statement"), ("declaration", "joint-declaration"), ("treaty", "treaty"), ("convention", "treaty"),
        ("protocol", "protocol"), ("agreement", "agreement"), ("arrangement", "agreement"), ("accord", "agreement"),
        ("charter", "treaty"), ("memorandum", "memorandum-of-understanding"), ("framework", "agreement"),
    ]
    /// Formulae of treaty language; two of them make an agreement text.
    static let legalFormulae = [
        "have agreed as follows", "has agreed as follows", "agreed as follows", "hereinafter referred to as", "hereinafter called",
        "in witness whereof", "in faith whereof", "done at", "done in duplicate", "the contracting parties", "the high contracting parties",
        "shall enter into force", "the undersigned", "duly authorized", "duly authorised", "plenipotentiaries",
        // exchanges of notes
        "has the honor to", "has the honour to", "i have the honor to", "i have the honour to", "constitute an agreement",
        "shall constitute an agreement", "avails itself of this opportunity", "renew to", "assurances of its highest consideration",
        "assurances of my highest consideration",
    ]
    static let narrativeCues = [" said ", " announced ", " met with ", " spoke with ", " today ", " this week ", "press secretary",
                                "for immediate release", "the president:", " stated", " told reporters", "###"]
    /// The phrases searched for in a text's body: the legal formulae, then the narrative
    /// cues, then " signed " (bit i of `found(inSpacePadded:)` is phrase i).
    static let bodyPhrases = PhraseSet(legalFormulae + narrativeCues + [" signed "], asciiCaseInsensitive: true)
    /// The phrases looked for in a lower-cased title, found in one pass over it rather than a
    /// search for each (every document asks): each press title opening with its colon (bit
    /// i for `pressTitleOpenings[i]`), then each instrument's name (bit
    /// `pressTitleOpenings.count + i` for `instruments[i]`). Bytes compared as they are, as
    /// `String.contains` here compares them.
    static let titlePhrases = PhraseSet(pressTitleOpenings.map(\.colon) + instruments.map(\.0))
    static let pressTags = ["statements-releases", "speeches-remarks", "press-briefings", "briefing-room", "press"]

    /// What the body phrases are looked for in: the whole text, or for a long one its first
    /// 40,000 and last 20,000 characters.
    /// - Parameter byCharacters: the cut always counted in characters; true only in tests,
    ///   which compare it with the cut by scalars made for text whose characters are scalars.
    static func sample(_ full: String, byCharacters: Bool = false) -> String {
        if full.utf8.count <= 60_000 { return full }
        if !byCharacters, CharactersAreScalars.check(full) {
            // The first 40,000 and last 20,000 characters, counted as scalars (the same here),
            // by their first bytes: the bytes of a scalar after its first are 10xxxxxx.
            return full.withUTF8Bytes { bytes in
                var head = 0, scalars = 0
                while head < bytes.count {
                    if bytes[head] & 0xC0 != 0x80 {
                        if scalars == 40_000 { break }
                        scalars += 1
                    }
                    head += 1
                }
                var tail = bytes.count
                scalars = 0
                while tail > 0, scalars < 20_000 {
                    tail -= 1
                    if bytes[tail] & 0xC0 != 0x80 { scalars += 1 }
                }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<head]), as: UTF8.self) + "\n"
                    + String(decoding: UnsafeBufferPointer(rebasing: bytes[tail...]), as: UTF8.self)
            }
        }
        return String(full.prefix(40_000)) + "\n" + String(full.suffix(20_000))
    }

    public func run(metadata: DocumentMetadata, text: NormalizedText, segmentation: Segmentation) -> KindDecision {
        var evidence: [String] = []
        let title = (metadata.title ?? firstHeading(text, segmentation) ?? "")
        let lowerTitle = Lowercase.of(title)
        // Treaty language sits at the start (preamble) and the end (final clauses): a long
        // text is judged on its first and last pages. The body is made, and searched, only
        // when the title has not decided (it decides most press material).
        lazy var sample: String = Self.sample(text.text)
        // Every phrase the rules below look for, found in one pass over the sample between
        // spaces, ASCII capitals read as lower case.
        lazy var found: UInt64 = Self.bodyPhrases.found(inSpacePadded: sample)
        /// Phrase `index` of `bodyPhrases` is in the body.
        func has(_ index: Int) -> Bool { found & (1 << UInt64(index)) != 0 }
        let narrativeStart = Self.legalFormulae.count, signedIndex = narrativeStart + Self.narrativeCues.count

        // (The first opening the title begins with or holds with a colon, and the first
        // instrument it names, in the lists' order: as a search for each in turn finds them.)
        let inTitle = Self.titlePhrases.found(in: lowerTitle)
        let pressTitle = Self.pressOpening(of: lowerTitle, found: inTitle).map { Self.pressTitleOpenings[$0] }
        // The instrument may be named in the title or in the lines right under it
        // ("Boundary Waters / Agreement effected by exchange of notes"). Looked for only when
        // the title is not press material's, which decides most.
        lazy var titleInstrument = Self.firstInstrument(in: inTitle)

        if let (phrase, genre, _) = pressTitle, !(genre == "statement" && lowerTitle.hasPrefix("joint")) {
            evidence.append("title begins \"\(phrase)\": \(title)")
            return KindDecision(kind: .pressStatement, genre: genre, evidence: evidence)
        }
        if let (phrase, genre) = titleInstrument, genre == "joint-statement" || genre == "joint-declaration" {
            evidence.append("title names a jointly issued text (\"\(phrase)\"): \(title)")
            return KindDecision(kind: .agreement, genre: genre, evidence: evidence)
        }
        let instrument = titleInstrument ?? {
            let opening = segmentation.blocks.prefix(3).map { Lowercase.of(text.string($0.range)) }.joined(separator: " ")
            return Self.firstInstrument(in: Self.titlePhrases.found(in: opening))
        }()
        let formulae = Self.legalFormulae.indices.filter { has($0) }.map { Self.legalFormulae[$0] }
        let articles = segmentation.provisions.filter { $0.kind == .article || $0.kind == .section }.count
        let tags = Lowercase.of(metadata.extra["tags"] ?? "")
        let pressTag = Self.pressTags.first { tags.contains($0) }
        if formulae.count >= 2 || (formulae.count >= 1 && articles >= 2) {
            evidence.append("treaty language: " + formulae.prefix(4).map { "\"\($0)\"" }.joined(separator: ", "))
            if articles > 0 { evidence.append("\(articles) numbered article\(articles == 1 ? "" : "s")") }
            if let (phrase, _) = instrument { evidence.append("title names the instrument (\"\(phrase)\")") }
            return KindDecision(kind: .agreement, genre: instrument?.1 ?? "agreement", evidence: evidence)
        }
        let narrative = Self.narrativeCues.indices.filter { has(narrativeStart + $0) }.map { Self.narrativeCues[$0] }
        if let tag = pressTag {
            evidence.append("published as \(tag)")
            if !narrative.isEmpty { evidence.append("narrative: " + narrative.prefix(3).map { "\"\($0.trimmingCharacters(in: .whitespaces))\"" }.joined(separator: ", ")) }
            return KindDecision(kind: .pressStatement, genre: "statement", evidence: evidence)
        }
        if let (phrase, genre) = instrument, articles >= 2 || formulae.count >= 1 {
            evidence.append("title names the instrument (\"\(phrase)\") and the text is structured as one")
            return KindDecision(kind: .agreement, genre: genre, evidence: evidence)
        }
        if narrative.count >= 2 || (narrative.count >= 1 && has(signedIndex)) {
            evidence.append("narrative reporting: " + narrative.prefix(4).map { "\"\($0.trimmingCharacters(in: .whitespaces))\"" }.joined(separator: ", "))
            return KindDecision(kind: .pressStatement, genre: "statement", evidence: evidence)
        }
        if articles >= 3 {
            evidence.append("\(articles) numbered articles")
            return KindDecision(kind: .agreement, genre: instrument?.1 ?? "agreement", evidence: evidence)
        }
        evidence.append("no treaty language, press title or reporting cues")
        return KindDecision(kind: .other, genre: nil, evidence: evidence)
    }

    /// The first of `pressTitleOpenings` (its index) that the lower-cased title begins with, or
    /// holds with its colon by `found` (`titlePhrases`' bits of the title).
    static func pressOpening(of lowerTitle: String, found: UInt64) -> Int? {
        pressTitleOpenings.indices.first { lowerTitle.hasPrefix(pressTitleOpenings[$0].opening) || found & (1 << UInt64($0)) != 0 }
    }

    /// The first of `instruments` whose bit is set in `found` (`titlePhrases`' bits).
    static func firstInstrument(in found: UInt64) -> (String, String)? {
        let start = pressTitleOpenings.count
        return instruments.indices.first { found & (1 << UInt64(start + $0)) != 0 }.map { instruments[$0] }
    }

    func firstHeading(_ text: NormalizedText, _ segmentation: Segmentation) -> String? {
        if let title = segmentation.provisions.first(where: { $0.kind == .title }) { return title.heading }
        guard let first = segmentation.blocks.first, first.role == .heading || first.range.length <= 150 else { return nil }
        return text.string(first.range)
    }
}
