import AccordXML
import CAccordBytes
/// A document as read from disk or standard input.
public struct DocumentInput: Sendable {
    public var bytes: [UInt8]
    /// The path as the user gave it (reports name it as `source`); `-` for standard input;
    /// `archive.zip!inner/path.txt` for a member of an archive.
    public var path: String
    /// What the bytes are when the reader already knows (the XML part of a DOCX package,
    /// the text pdftotext made of a PDF); otherwise detected.
    public var format: DocumentFormat?
    /// The SHA-256 of `bytes` (lower-case hex), when the caller has already computed it;
    /// otherwise the pipeline computes it.
    public var sha256: String?

    public init(bytes: [UInt8], path: String, format: DocumentFormat? = nil, sha256: String? = nil) {
        self.bytes = bytes
        self.path = path
        self.format = format
        self.sha256 = sha256
    }
}

/// One document after the pipeline: what it is, its normalized text and structure, and
/// the records found in it.
public struct DocumentAnalysis: Sendable {
    public var id: String
    public var source: String
    public var sha256: String
    public var byteCount: Int
    public var format: DocumentFormat
    public var encoding: TextDecoding.Encoding
    public var kind: KindDecision
    public var metadata: DocumentMetadata
    public var title: String?
    public var date: String?
    public var language: String?
    public var text: NormalizedText
    public var segmentation: Segmentation
    public var records: Records
    public var diagnostics: [Diagnostic]
}

/// The stages, as typed fields of one value: ingest → normalize → segment → classify.
/// Each is a pure function of its input; the pipeline does no I/O.
public struct Pipeline: Sendable {
    public static let version = "0.2.3"

    public var ingest = Ingest()
    public var normalize = Normalize()
    public var segment = Segment()
    public var classify = Classify()
    public var entities: EntityRecognizer
    public var commitments: CommitmentExtractor
    /// The user's configuration (empty when there is none).
    public let configuration: Configuration

    public init(gazetteer: Gazetteer = .builtIn, configuration: Configuration = Configuration()) {
        entities = EntityRecognizer(gazetteer: gazetteer, configuration: configuration)
        commitments = CommitmentExtractor(configuration: configuration)
        self.configuration = configuration
    }

    /// A name for the pipeline and its configuration, recorded in every manifest.
    public var identity: String {
        let user = configuration.sha256.map { ", \(configuration.source ?? "configuration") sha256 \($0.prefix(12))" } ?? ""
        return "accord \(Self.version) (config sha256 \(configurationHash.prefix(12))\(user))"
    }

    /// Hash of what decides the output besides the input bytes.
    public var configurationHash: String {
        var hasher = SHA256()
        hasher.update(Array("accord-pipeline/\(Self.version)\n".utf8))
        for line in entities.gazetteer.provenance { hasher.update(Array((line + "\n").utf8)) }
        hasher.update(Array("gazetteer:\(entities.gazetteer.digest)\n".utf8))
        return SHA256.hexString(hasher.finalize())
    }

    public func run(_ input: DocumentInput) throws(PipelineError) -> DocumentAnalysis {
        try run(input, timing: nil)
    }

    /// Runs the stages, reporting how long each took to `timing` (for `accord bench`).
    public func run(_ input: DocumentInput, timing: ((Stage, Duration) -> Void)?) throws(PipelineError) -> DocumentAnalysis {
        let clock = ContinuousClock()
        var mark = clock.now
        func lap(_ stage: Stage) {
            guard let timing else { return }
            let now = clock.now
            timing(stage, now - mark)
            mark = now
        }
        let sha = input.sha256 ?? SHA256.hex(input.bytes)
        let ingested = try ingest.run(bytes: input.bytes, fileName: input.path, format: input.format)
        lap(.ingest)
        var diagnostics = ingested.diagnostics
        let text = normalize.run(ingested, diagnostics: &diagnostics)
        guard text.count > 0 else {
            throw PipelineError(stage: .normalize, "no text left after normalization")
        }
        guard text.count <= Token.maximumPosition else {
            throw PipelineError(stage: .normalize, "text too long: \(text.count) characters after normalization; the limit is \(Token.maximumPosition)")
        }
        lap(.normalize)
        let segmentation = segment.run(text)
        lap(.segment)
        let kind = classify.run(metadata: ingested.metadata, text: text, segmentation: segmentation)
        let title = ingested.metadata.title.map(Normalize.plainText)
            ?? segmentation.provisions.first(where: { $0.kind == .title })?.heading
            ?? segmentation.blocks.first.flatMap { $0.role == .heading ? text.string($0.range) : nil }
        let language = ingested.metadata.language ?? LanguageGuess.guess(text.text)
        lap(.classify)
        var records = Records()
        let tokens = Tokenizer.tokenize(text, sentences: segmentation.sentences)
        // The document's date: its metadata's, or for an agreement the date it was signed.
        var dates = DateRecognizer().run(tokens: tokens, documentDate: ingested.metadata.date)
        var date = ingested.metadata.date
        if kind.kind == .agreement, date == nil {
            date = AgreementExtractor.signatureDate(dates: dates, tokens: tokens, text: text, segmentation: segmentation)
            // The document's date gives values to its relative mentions only ("today", "March
            // 1" without a year); which mentions there are, and every other value, do not
            // depend on it. So the mentions are found again only when one of them is relative.
            if date != nil, dates.contains(where: \.relative) { dates = DateRecognizer().run(tokens: tokens, documentDate: date) }
        }
        records.dates = dates
        let found = entities.run(text: text, segmentation: segmentation, tokens: tokens, documentDate: date)
        records.entities = found.entities
        records.references = found.references
        let parties = PartyResolver().run(entities: found.entities, tokens: found.tokens, text: text, segmentation: segmentation, kind: kind.kind,
                                          title: ingested.metadata.title)
        records.principalParties = parties.principal
        records.collectiveMentions = parties.collective
        records.quotes = QuoteExtractor().run(text: text, segmentation: segmentation, tokens: found.tokens, entities: found.entities)
        // Each sentence's run of tokens, found once for the three extractors that read the
        // tokens sentence by sentence.
        let sentenceTokens = found.tokens.sentenceRuns(sentences: segmentation.sentences.count)
        let instruments = AgreementExtractor().run(
            document: (kind, title, date), text: text, segmentation: segmentation, tokens: found.tokens,
            entities: found.entities, principal: parties.principal, mechanisms: found.mechanisms, dates: records.dates,
            known: found.knownAgreements, knownPrograms: found.knownPrograms, sentenceTokens: sentenceTokens)
        records.agreements = instruments.agreements
        records.programs = instruments.programs
        records.events = instruments.events
        records.references += instruments.references
        records.commitments = commitments.run(
            text: text, segmentation: segmentation, tokens: found.tokens, entities: found.entities,
            principal: parties.principal, collective: parties.collective, quotes: records.quotes,
            lowercaseWords: found.lowercaseWords, sentenceTokens: sentenceTokens)
        records.dropNamesNestedInInstruments(text: text)
        lap(.extract)
        return DocumentAnalysis(
            id: Self.documentID(path: input.path, sha256: sha), source: input.path, sha256: sha,
            byteCount: input.bytes.count, format: ingested.format, encoding: ingested.encoding, kind: kind,
            metadata: ingested.metadata, title: title, date: date, language: language, text: text,
            segmentation: segmentation, records: records, diagnostics: diagnostics)
    }

    /// `us-mexico-border-security-3f9c2a1b`: the file's name and a short content hash, so
    /// the id is stable for the same content and readable.
    public static func documentID(path: String, sha256: String) -> String {
        asciiDocumentID(path: path, sha256: sha256) ?? generalDocumentID(path: path, sha256: sha256)
    }

    static func generalDocumentID(path: String, sha256: String) -> String {
        // The file's own name: the last part of a path or of an archive member's path.
        let name = path.split(whereSeparator: { $0 == "/" || $0 == "!" }).last.map(String.init) ?? path
        var stem = name
        if let dot = stem.lastIndex(of: "."), dot != stem.startIndex { stem = String(stem[..<dot]) }
        var slug = ""
        var lastDash = true
        for scalar in stem.lowercased().unicodeScalars {
            if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
                slug.unicodeScalars.append(scalar)
                lastDash = false
            } else if !lastDash {
                slug.append("-")
                lastDash = true
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.count > 60 {
            slug = String(slug.prefix(60))
            while slug.hasSuffix("-") { slug.removeLast() }
        }
        if slug.isEmpty || path == "-" { slug = path == "-" ? "stdin" : "document" }
        return slug + "-" + sha256.prefix(8)
    }

    /// `documentID` for an ASCII path (the usual case), on its bytes: the same steps, where
    /// characters are bytes and lower-casing is ASCII's.
    static func asciiDocumentID(path: String, sha256: String) -> String? {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 < 0x80 }), path != "-" else { return nil }
        // The last non-empty part between "/" and "!" separators.
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: "/") || bytes[end - 1] == UInt8(ascii: "!") { end -= 1 }
        var start = end
        while start > 0, bytes[start - 1] != UInt8(ascii: "/"), bytes[start - 1] != UInt8(ascii: "!") { start -= 1 }
        guard start < end else { return nil }
        var stemEnd = end
        if let dot = bytes[start..<end].lastIndex(of: UInt8(ascii: ".")), dot != start { stemEnd = dot }
        var slug: [UInt8] = []
        // (At most a byte a byte of the stem: room made once.)
        slug.reserveCapacity(stemEnd - start)
        var lastDash = true
        for byte in bytes[start..<stemEnd] {
            let lower = ASCIIByte.lowercased(byte)
            if ASCIIByte.isLower(lower) || ASCIIByte.isDigit(lower) {
                slug.append(lower)
                lastDash = false
            } else if !lastDash {
                slug.append(UInt8(ascii: "-"))
                lastDash = true
            }
        }
        while slug.last == UInt8(ascii: "-") { slug.removeLast() }
        if slug.count > 60 {
            slug.removeLast(slug.count - 60)
            while slug.last == UInt8(ascii: "-") { slug.removeLast() }
        }
        if slug.isEmpty { slug = Array("document".utf8) }
        return String(decoding: slug, as: UTF8.self) + "-" + sha256.prefix(8)
    }
}

/// A cheap guess at the language of a text from its commonest function words.
public enum LanguageGuess {
    static let stopwords: [(String, Set<String>)] = [
        ("en", ["the", "and", "of", "to", "in", "shall", "is", "for", "with", "that", "on", "be"]),
        ("es", ["el", "la", "de", "que", "y", "los", "las", "en", "del", "por", "con", "para"]),
        ("fr", ["le", "la", "les", "de", "des", "et", "du", "en", "que", "pour", "dans", "est"]),
        ("de", ["der", "die", "und", "das", "den", "des", "zu", "mit", "von", "im", "ist", "dem"]),
        ("it", ["il", "di", "che", "e", "la", "per", "del", "della", "dei", "le", "gli", "nel"]),
        ("pt", ["o", "a", "de", "que", "e", "do", "da", "em", "os", "para", "com", "as"]),
        ("ru", ["и", "в", "не", "на", "с", "по", "о", "для", "что", "от", "к", "из"]),
        ("uk", ["і", "в", "на", "з", "та", "до", "що", "не", "для", "від", "у", "є"]),
    ]

    /// Each stopword (all are at most 8 UTF-8 bytes) packed into a UInt64 → the languages it
    /// belongs to, as bits: a word is looked up without hashing it for a dictionary.
    static let packed: WordHashMap<UInt16> = {
        var table = WordHashMap<UInt16>(capacity: 128, empty: 0)
        for (index, entry) in stopwords.enumerated() {
            for word in entry.1 {
                var key: UInt64 = 0
                for byte in word.utf8 { key = key << 8 | UInt64(byte) }
                table[key] = (table[key] ?? 0) | 1 << UInt16(index)
            }
        }
        return table
    }()

    public static func guess(_ text: String) -> String? {
        let (words, counts) = tally(text)
        guard words >= 5, let best = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[best] * 20 >= words else { return nil }
        return stopwords[best].0
    }

    /// The stopwords' keys (as `packed` has them) each at its own slot of a table of 1,024:
    /// the slot is the top ten bits of the key times `multiplier`, a constant tried until no
    /// two stopwords share a slot. A word is then looked up with one multiplication and one
    /// comparison, without a branch on whether it is a stopword (most words are not, in no
    /// order a processor could predict). Each slot's languages come as counts to add, one
    /// 16-bit lane a language (`stopwords`' first four in `low`, the rest in `high`): no word
    /// count reaches 65,536 in 20,000 bytes. Nil (and `packed` used) if no constant is found.
    struct DirectTable: Sendable {
        static let bits = 10
        let multiplier: UInt64
        let keys: [UInt64]  // 0 where no stopword is: a word's key is never 0
        let low: [UInt64]
        let high: [UInt64]

        init?(_ entries: [(key: UInt64, languages: UInt16)]) {
            let size = 1 << Self.bits
            // Odd constants from a fixed sequence (splitmix64's), so the table is the same
            // on every run.
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            var keys = [UInt64](repeating: 0, count: size)
            for _ in 0..<10_000 {
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                let multiplier = (z ^ (z >> 31)) | 1
                for slot in keys.indices { keys[slot] = 0 }
                var collided = false
                for entry in entries {
                    let slot = Int(truncatingIfNeeded: (entry.key &* multiplier) >> UInt64(64 - Self.bits))
                    if keys[slot] != 0 { collided = true; break }
                    keys[slot] = entry.key
                }
                guard !collided else { continue }
                var low = [UInt64](repeating: 0, count: size), high = [UInt64](repeating: 0, count: size)
                for entry in entries {
                    let slot = Int(truncatingIfNeeded: (entry.key &* multiplier) >> UInt64(64 - Self.bits))
                    for language in 0..<8 where entry.languages & (1 << UInt16(language)) != 0 {
                        if language < 4 { low[slot] |= 1 << UInt64(16 * language) } else { high[slot] |= 1 << UInt64(16 * (language - 4)) }
                    }
                }
                self.multiplier = multiplier
                self.keys = keys
                self.low = low
                self.high = high
                return
            }
            return nil
        }
    }

    static let direct: DirectTable? = {
        precondition(stopwords.count <= 8, "one 16-bit lane a language, eight lanes")
        var entries: [UInt64: UInt16] = [:]
        for (index, entry) in stopwords.enumerated() {
            for word in entry.1 {
                var key: UInt64 = 0
                for byte in word.utf8 { key = key << 8 | UInt64(byte) }
                entries[key, default: 0] |= 1 << UInt16(index)
            }
        }
        return DirectTable(entries.map { (key: $0.key, languages: $0.value) }.sorted { $0.key < $1.key })
    }()

    /// The words of the text's first 20,000 bytes, and how many of them are stopwords of
    /// each language (in `stopwords`' order). Words are runs of letters (ASCII lower-cased;
    /// other scripts as they are), found sixty-four bytes a step in C (`accord_short_words`),
    /// which counts them and gives the key of each of at most eight bytes (a longer word is no
    /// stopword): only those keys are looked up, in `direct` (or `packed`).
    static func tally(_ text: String) -> (words: Int, counts: [Int]) {
        tally(text, direct: direct)
    }

    /// `tally`, with `direct` nil: through `packed` (the tests compare the two).
    static func tally(_ text: String, direct: DirectTable?) -> (words: Int, counts: [Int]) {
        var counts = [Int](repeating: 0, count: stopwords.count)
        var words = 0
        text.withUTF8Bytes { utf8 in
            let n = min(utf8.count, 20_000)
            guard n > 0 else { return }
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: n / 2 + 1) { keys in
                let found = accord_short_words(utf8.baseAddress!, n, keys.baseAddress!, &words)
                if let direct {
                    var low: UInt64 = 0, high: UInt64 = 0
                    let shift = UInt64(64 - DirectTable.bits)
                    direct.keys.withUnsafeBufferPointer { table in
                        direct.low.withUnsafeBufferPointer { lows in
                            direct.high.withUnsafeBufferPointer { highs in
                                for k in 0..<found {
                                    let key = keys[k]
                                    // In range: the slot is the product's top ten bits.
                                    let slot = Int(truncatingIfNeeded: (key &* direct.multiplier) >> shift)
                                    let hit: UInt64 = table[slot] == key ? ~0 : 0
                                    low &+= lows[slot] & hit
                                    high &+= highs[slot] & hit
                                }
                            }
                        }
                    }
                    for language in counts.indices {
                        let lanes = language < 4 ? low : high
                        counts[language] = Int(truncatingIfNeeded: lanes >> UInt64(16 * (language % 4)) & 0xFFFF)
                    }
                    return
                }
                let table = packed
                counts.withUnsafeMutableBufferPointer { counts in
                    for k in 0..<found {
                        guard var languages = table[keys[k]] else { continue }
                        while languages != 0 {
                            counts[languages.trailingZeroBitCount] &+= 1
                            languages &= languages &- 1
                        }
                    }
                }
            }
        }
        return (words, counts)
    }
}
