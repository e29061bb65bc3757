import AccordXML
import AccordCore
import Foundation

/// `index.html` and its pages: a static report a person opens in a browser, with no
/// server and no network. Every piece of document text is escaped.
public final class HTMLSink: CorpusSink {
    let directory: URL
    let corpus: CorpusReport
    /// Where the commitments' sentences are read from: a page that shows one is written only
    /// if every read so far succeeded.
    private let spools: [TextSpool]
    let index: CorpusIndex
    /// Commitment corpus id → (document id, sentence anchor), for the party pages.
    var commitmentAnchors: [String: String] = [:]
    let pages = PageWriter()
    /// The entities that have a party page (a set: every name on every page is looked up).
    let partyIDs: Set<String>

    public convenience init(directory: URL, corpus: CorpusReport) throws {
        try self.init(directory: directory, corpus: corpus, index: CorpusIndex(corpus))
    }

    public init(directory: URL, corpus: CorpusReport, index: CorpusIndex) throws {
        self.directory = directory
        self.corpus = corpus
        self.index = index
        spools = corpus.textSpools
        partyIDs = Set(corpus.parties.map(\.entity))
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("html/documents"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("html/parties"), withIntermediateDirectories: true)
    }

    /// Escapes text for HTML content and attribute values.
    public static func escape(_ text: String) -> String { HTMLText.escape(text) }

    static let style = """
        body{font:16px/1.5 Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
        h1,h2,h3{font-family:Helvetica,Arial,sans-serif;line-height:1.2}
        table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
        nav a{margin-right:1rem}.text{white-space:pre-wrap;border:1px solid #ddd;padding:1rem;background:#fcfcfa}
        mark{padding:0 .1rem;border-radius:.2rem}mark.country{background:#cfe3ff}mark.person{background:#ffe0b3}
        mark.organization{background:#d9f2d9}mark.place,mark.city,mark.subdivision{background:#eadcff}
        .sentence:target,mark:target{outline:2px solid #c00}.muted{color:#666}.tag{font-size:.8em;color:#555;border:1px solid #ccc;border-radius:.3rem;padding:0 .3rem}
        @media print{nav{display:none}body{margin:0;max-width:none}a{color:inherit;text-decoration:none}}
        """

    func page(_ title: String, depth: Int, _ body: String) -> String {
        let out = ByteBuffer(capacity: body.utf8.count + 2048)
        Self.openPage(title, depth: depth, into: out)
        out.append(body)
        Self.closePage(into: out)
        return out.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// A page up to its body: the head, the navigation (`depth` folders below the output's)
    /// and the title as its heading. `closePage` ends it.
    static func openPage(_ title: String, depth: Int, into out: ByteBuffer) {
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        HTMLText.appendEscaped(title, to: out)
        out.append(" — Accord</title><style>")
        out.append(style)
        out.append("</style></head>\n<body><nav>")
        let links: [(StaticString, StaticString)] = [
            ("index.html", "Documents"), ("html/parties.html", "Parties"), ("html/agreements.html", "Agreements"), ("html/programs.html", "Programs"),
        ]
        for (target, label) in links {
            out.append("<a href=\"")
            for _ in 0..<depth { out.append("../") }
            out.append(target)
            out.append("\">")
            out.append(label)
            out.append("</a>")
        }
        out.append("</nav>\n<h1>")
        HTMLText.appendEscaped(title, to: out)
        out.append("</h1>\n")
    }

    static func closePage(into out: ByteBuffer) {
        out.append("\n</body></html>\n")
    }

    /// An id as a file name: ASCII letters, digits, `-` and `_` kept, any other scalar `_`.
    static func fileName(_ id: String) -> String {
        // An id that needs no change (nearly all: "E12", "border-talks-3f9c2a1b") as it is.
        if id.utf8.allSatisfy({ byte in
            let folded = byte | 0x20
            return (folded >= 0x61 && folded <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }) {
            return id
        }
        return generalFileName(id)
    }

    /// `String(text.prefix(count))`: the first `count` characters. An ASCII text's characters
    /// are its bytes but for a carriage return before a line feed (one character): its
    /// prefix is cut from its bytes without breaking it into characters.
    static func leadingCharacters(_ text: String, _ count: Int) -> String {
        var text = text
        let cut: Int? = text.withUTF8 { utf8 in
            let head = UnsafeBufferPointer(rebasing: utf8[..<min(utf8.count, count + 1)])
            guard ByteScan.isASCII(head), !head.contains(0x0D) else { return nil }
            return min(utf8.count, count)
        }
        guard let cut else { return String(text.prefix(count)) }
        return cut == text.utf8.count ? text : String(decoding: text.utf8.prefix(cut), as: UTF8.self)
    }

    static func generalFileName(_ id: String) -> String {
        String(id.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") ? Character($0) : "_" })
    }

    func write(_ html: String, to name: String) throws {
        try pages.write(Data(html.utf8), to: directory.appendingPathComponent(name))
    }

    /// A document's page: its text with the mentions highlighted, and its records, each
    /// linked to its words. Written into one buffer as it goes (the text's pieces escaped
    /// from its bytes), not joined from strings.
    public func add(_ report: DocumentReport) throws {
        let doc = report.document.id
        let d = report.document
        var text = d.text
        let out = ByteBuffer(capacity: text.utf8.count * 2 + 8192)
        Self.openPage(d.title ?? d.id, depth: 2, into: out)
        out.append("<p class=\"muted\">")
        HTMLText.appendEscaped(d.kind, to: out)
        if let genre = d.genre {
            out.append(" · ")
            HTMLText.appendEscaped(genre, to: out)
        }
        if let date = d.date {
            out.append(" · ")
            HTMLText.appendEscaped(date, to: out)
        }
        out.append(" · ")
        HTMLText.appendEscaped(d.source, to: out)
        out.append("</p><div class=\"text\">")
        text.withUTF8 { utf8 in
            // Spans count scalars; the text is cut by UTF-8 offsets: where each scalar starts
            // (the bytes that are not continuation bytes), and the end. In an ASCII text (most)
            // a scalar's offset is its index, and no table is made.
            let ascii = ByteScan.isASCII(utf8)
            let offsets = ascii ? [] : [Int](unsafeUninitializedCapacity: utf8.count + 1) { table, made in
                var n = 0
                for index in 0..<utf8.count where utf8[index] & 0xC0 != 0x80 {
                    table[n] = index
                    n += 1
                }
                table[n] = utf8.count
                made = n + 1
            }
            let scalarCount = ascii ? utf8.count : offsets.count - 1
            @inline(__always) func offset(_ k: Int) -> Int { ascii ? k : offsets[k] }
            // Each entity's corpus id, found once for all its mentions.
            let corpusIDs = report.entities.map { index.id(doc, $0.id) ?? $0.id }
            // Highlights: entity mentions (no overlaps), and sentence anchors for commitments.
            var marks: [(start: Int, end: Int, entity: Int, mention: Int)] = []
            for (k, e) in report.entities.enumerated() {
                for (n, m) in e.mentions.enumerated() { marks.append((m.start, m.end, k, n)) }
            }
            marks.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
            var sentenceStarts: [Int: String] = [:]
            for c in report.commitments { sentenceStarts[c.sentence.start] = sentenceStarts[c.sentence.start] ?? c.id }
            // The anchors in order: the next one after a position by binary search, not a
            // dictionary probe per character.
            let anchorPositions = sentenceStarts.keys.sorted()
            func nextAnchor(after k: Int) -> Int? {
                var lo = 0, hi = anchorPositions.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if anchorPositions[mid] <= k { lo = mid + 1 } else { hi = mid }
                }
                return lo < anchorPositions.count ? anchorPositions[lo] : nil
            }
            func emitText(_ range: Range<Int>) {
                var k = range.lowerBound
                while k < range.upperBound {
                    if let anchor = sentenceStarts[k] {
                        out.append("<span class=\"sentence\" id=\"")
                        out.append(anchor)
                        out.append("\"></span>")
                    }
                    let next = min(range.upperBound, nextAnchor(after: k) ?? range.upperBound)
                    HTMLText.appendEscaped(UnsafeBufferPointer(rebasing: utf8[offset(k)..<offset(next)]), to: out)
                    k = next
                }
            }
            var position = 0
            var lastEnd = 0
            for mark in marks where mark.start >= lastEnd && mark.end <= scalarCount && mark.start < mark.end {
                lastEnd = mark.end
                let e = report.entities[mark.entity]
                emitText(position..<mark.start)
                out.append("<mark class=\"")
                out.append(e.type)
                out.append("\" id=\"")
                out.append(e.id)
                out.append("-")
                out.appendDecimal(mark.mention)
                out.append("\" title=\"")
                HTMLText.appendEscaped(e.name, to: out)
                out.append(" (")
                out.append(e.type)
                out.append(", ")
                out.append(corpusIDs[mark.entity])
                out.append(")\">")
                emitText(mark.start..<mark.end)
                out.append("</mark>")
                position = mark.end
            }
            emitText(position..<scalarCount)
        }
        out.append("</div><h2>Records</h2>")
        func entityName(_ id: String?) {
            guard let id else { return }
            let corpusID = index.id(doc, id)
            let name = corpusID.flatMap { index.names[$0] } ?? id
            if let corpusID, partyIDs.contains(corpusID) {
                out.append("<a href=\"../parties/")
                out.append(Self.fileName(corpusID))
                out.append(".html\">")
                HTMLText.appendEscaped(name, to: out)
                out.append("</a>")
            } else {
                HTMLText.appendEscaped(name, to: out)
            }
        }
        func entityNames(_ ids: [String]) {
            for (k, id) in ids.enumerated() {
                if k > 0 { out.append(", ") }
                entityName(id)
            }
        }
        if !report.commitments.isEmpty {
            out.append("<h3>Commitments</h3><table><tr><th>Who</th><th>Modality</th><th>Sentence</th></tr>")
            for c in report.commitments {
                out.append("<tr><td>")
                entityNames(c.actors)
                out.append("</td><td><span class=\"tag\">")
                if c.negated { out.append("not ") }
                HTMLText.appendEscaped(c.modality, to: out)
                out.append("</span></td><td><a href=\"#")
                HTMLText.appendEscaped(c.id, to: out)
                out.append("\">")
                HTMLText.appendEscaped(c.text, to: out)
                out.append("</a></td></tr>")
            }
            out.append("</table>")
        }
        if !report.agreements.isEmpty {
            out.append("<h3>Agreements</h3><ul>")
            for a in report.agreements {
                out.append("<li><a href=\"../agreements.html#")
                out.append(Self.fileName(index.id(doc, a.id) ?? a.id))
                out.append("\">")
                HTMLText.appendEscaped(a.title, to: out)
                out.append("</a> <span class=\"tag\">")
                HTMLText.appendEscaped(a.type, to: out)
                out.append("</span> ")
                if let status = a.status { HTMLText.appendEscaped(status, to: out) }
                out.append(" — ")
                entityNames(a.parties)
                out.append("</li>")
            }
            out.append("</ul>")
        }
        if !report.programs.isEmpty {
            out.append("<h3>Programs</h3><ul>")
            for p in report.programs {
                out.append("<li>")
                HTMLText.appendEscaped(p.name, to: out)
                out.append(" <span class=\"tag\">")
                HTMLText.appendEscaped(p.kind, to: out)
                out.append("</span> — ")
                entityNames(p.participants)
                out.append("</li>")
            }
            out.append("</ul>")
        }
        if !report.quotes.isEmpty {
            out.append("<h3>Quotes</h3><ul>")
            for q in report.quotes {
                out.append("<li>")
                entityName(q.speaker)
                out.append(": “")
                HTMLText.appendEscaped(q.text, to: out)
                out.append("”</li>")
            }
            out.append("</ul>")
        }
        if !report.entities.isEmpty {
            out.append("<h3>Entities</h3><table><tr><th>Name</th><th>Type</th><th>Mentions</th></tr>")
            for e in report.entities {
                out.append("<tr><td>")
                entityName(e.id)
                out.append("</td><td>")
                HTMLText.appendEscaped(e.type, to: out)
                out.append("</td><td>")
                for n in e.mentions.indices.prefix(12) {
                    if n > 0 { out.append(" ") }
                    out.append("<a href=\"#")
                    out.append(e.id)
                    out.append("-")
                    out.appendDecimal(n)
                    out.append("\">")
                    out.appendDecimal(n + 1)
                    out.append("</a>")
                }
                out.append("</td></tr>")
            }
            out.append("</table>")
        }
        Self.closePage(into: out)
        try pages.write(out.takeData(), to: directory.appendingPathComponent("html/documents/\(Self.fileName(doc)).html"))
    }

    public func finish() throws {
        let entity = Dictionary(uniqueKeysWithValues: corpus.entities.map { ($0.id, $0) })
        func name(_ id: String?) -> String { id.flatMap { entity[$0]?.name }.map { Self.escape($0) } ?? "" }
        func partyLink(_ id: String, depth: Int) -> String {
            partyIDs.contains(id)
                ? "<a href=\"\(depth == 0 ? "html/" : "")parties/\(Self.fileName(id)).html\">\(name(id))</a>" : name(id)
        }
        // The documents.
        let rows = ByteBuffer(capacity: 256 * corpus.documents.count + 256)
        rows.append("<table><tr><th>Date</th><th>Title</th><th>Kind</th><th>Entities</th><th>Agreements</th><th>Commitments</th></tr>")
        for d in corpus.documents.sorted(by: { ($0.date ?? "", $0.id) < ($1.date ?? "", $1.id) }) {
            rows.append("<tr><td>")
            HTMLText.appendEscaped(d.date ?? "", to: rows)
            rows.append("</td><td><a href=\"html/documents/")
            rows.append(Self.fileName(d.id))
            rows.append(".html\">")
            HTMLText.appendEscaped(d.title ?? d.id, to: rows)
            rows.append("</a></td><td>")
            HTMLText.appendEscaped(d.kind, to: rows)
            rows.append("</td><td>")
            rows.appendDecimal(d.counts?["entities"] ?? 0)
            rows.append("</td><td>")
            rows.appendDecimal(d.counts?["agreements"] ?? 0)
            rows.append("</td><td>")
            rows.appendDecimal(d.counts?["commitments"] ?? 0)
            rows.append("</td></tr>")
        }
        rows.append("</table>")

        // The parties.
        var parties = "<table><tr><th>Party</th><th>Commitments</th><th>Agreements</th><th>Programs</th><th>Documents</th></tr>"
        for p in corpus.parties.sorted(by: { $0.documents.count > $1.documents.count || ($0.documents.count == $1.documents.count && $0.name < $1.name) }) {
            let count = p.commitments.values.reduce(0) { $0 + $1.count }
            parties += "<tr><td>\(partyLink(p.entity, depth: 1))</td><td>\(count)</td><td>\(p.agreements.count)</td><td>\(p.programs.count)</td><td>\(p.documents.count)</td></tr>"
        }
        parties += "</table>"
        try write(page("Parties", depth: 1, parties), to: "html/parties.html")

        let commitment = Dictionary(uniqueKeysWithValues: corpus.commitments.map { ($0.id, $0) })
        // A dated commitment's line in a party's timeline, made once (most commitments have
        // several parties): its modality and its text's first 120 characters.
        var timelineLines: [String: String] = [:]
        func timelineLine(_ c: CorpusReport.CommitmentEntry) -> String {
            if let line = timelineLines[c.id] { return line }
            let line = "\(c.modality): \(Self.leadingCharacters(c.text, 120))"
            timelineLines[c.id] = line
            return line
        }
        let agreement = Dictionary(uniqueKeysWithValues: corpus.agreements.map { ($0.id, $0) })
        let program = Dictionary(uniqueKeysWithValues: corpus.programs.map { ($0.id, $0) })
        // A party's page, written into one buffer as it goes.
        let out = ByteBuffer()
        for p in corpus.parties {
            Self.openPage(p.name, depth: 2, into: out)
            out.append("<p class=\"muted\">")
            out.appendDecimal(p.documents.count)
            out.append(" documents · with ")
            for (k, id) in p.counterparts.prefix(12).enumerated() {
                if k > 0 { out.append(", ") }
                // (A counterpart's page is a sibling of this one.)
                if partyIDs.contains(id) {
                    out.append("<a href=\"")
                    out.append(Self.fileName(id))
                    out.append(".html\">")
                    out.append(name(id))
                    out.append("</a>")
                } else {
                    out.append(name(id))
                }
            }
            out.append("</p>")
            for modality in ["obligation", "commitment", "intention", "permission", "discussion"] {
                guard let ids = p.commitments[modality], !ids.isEmpty else { continue }
                out.append("<h2>")
                out.append(modality.capitalized)
                out.append(" (")
                out.appendDecimal(ids.count)
                out.append(")</h2><ul>")
                for id in ids.sorted(by: { (commitment[$0]?.date ?? "", $0) < (commitment[$1]?.date ?? "", $1) }) {
                    guard let c = commitment[id] else { continue }
                    out.append("<li>")
                    HTMLText.appendEscaped(c.date ?? "", to: out)
                    out.append(" <a href=\"../documents/")
                    out.append(Self.fileName(c.document))
                    out.append(".html#")
                    HTMLText.appendEscaped(c.local, to: out)
                    out.append("\">")
                    HTMLText.appendEscaped(c.text, to: out)
                    out.append("</a>")
                    if c.negated { out.append(" <span class=\"tag\">negated</span>") }
                    out.append("</li>")
                }
                out.append("</ul>")
            }
            if !p.agreements.isEmpty {
                out.append("<h2>Agreements</h2><ul>")
                for id in p.agreements {
                    guard let a = agreement[id] else { continue }
                    out.append("<li><a href=\"../agreements.html#")
                    out.append(Self.fileName(a.id))
                    out.append("\">")
                    HTMLText.appendEscaped(a.title, to: out)
                    out.append("</a> ")
                    HTMLText.appendEscaped(a.date ?? "", to: out)
                    out.append(" ")
                    HTMLText.appendEscaped(a.status ?? "", to: out)
                    out.append("</li>")
                }
                out.append("</ul>")
            }
            if !p.programs.isEmpty {
                out.append("<h2>Programs</h2><ul>")
                for id in p.programs {
                    guard let pr = program[id] else { continue }
                    out.append("<li>")
                    HTMLText.appendEscaped(pr.name, to: out)
                    out.append(" <span class=\"tag\">")
                    HTMLText.appendEscaped(pr.kind, to: out)
                    out.append("</span></li>")
                }
                out.append("</ul>")
            }
            // Timeline: what happened when, from the dated commitments and agreements.
            var timeline: [(String, String)] = []
            for id in p.commitments.keys.sorted().flatMap({ p.commitments[$0]! }) { if let c = commitment[id], let date = c.date { timeline.append((date, timelineLine(c))) } }
            for id in p.agreements { if let a = agreement[id], let date = a.date { timeline.append((date, "agreement: \(a.title)")) } }
            if !timeline.isEmpty {
                out.append("<h2>Timeline</h2><table>")
                for (date, what) in timeline.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }).prefix(200) {
                    out.append("<tr><td>")
                    HTMLText.appendEscaped(date, to: out)
                    out.append("</td><td>")
                    HTMLText.appendEscaped(what, to: out)
                    out.append("</td></tr>")
                }
                out.append("</table>")
            }
            Self.closePage(into: out)
            if let failure = spools.lazy.compactMap(\.failure).first { throw TextSpoolError(failure) }
            try pages.write(out.takeData(), to: directory.appendingPathComponent("html/parties/\(Self.fileName(p.entity)).html"))
        }

        // Agreements and programs across the corpus.
        var agreements = "<table><tr><th>Agreement</th><th>Type</th><th>Parties</th><th>Date</th><th>Status</th><th>Documents</th></tr>"
        for a in corpus.agreements {
            agreements += "<tr id=\"\(Self.fileName(a.id))\"><td>\(Self.escape(a.title))</td><td>\(Self.escape(a.type))</td><td>\(a.parties.map { partyLink($0, depth: 1) }.joined(separator: ", "))</td>"
                + "<td>\(Self.escape(a.date ?? ""))</td><td>\(Self.escape(a.status ?? ""))</td><td>\(a.documents.map { "<a href=\"documents/\(Self.fileName($0)).html\">\(Self.escape($0))</a>" }.joined(separator: "<br>"))</td></tr>"
        }
        agreements += "</table>"
        try write(page("Agreements", depth: 1, agreements), to: "html/agreements.html")
        var programs = "<table><tr><th>Program</th><th>Kind</th><th>Participants</th><th>Status</th><th>Documents</th></tr>"
        for p in corpus.programs {
            programs += "<tr><td>\(Self.escape(p.name))</td><td>\(Self.escape(p.kind))</td><td>\(p.participants.map { partyLink($0, depth: 1) }.joined(separator: ", "))</td>"
                + "<td>\(Self.escape(p.status ?? ""))</td><td>\(p.documents.map { "<a href=\"documents/\(Self.fileName($0)).html\">\(Self.escape($0))</a>" }.joined(separator: "<br>"))</td></tr>"
        }
        programs += "</table>"
        try write(page("Programs", depth: 1, programs), to: "html/programs.html")
        // The entry page last: when a party page fails (a sentence not read back), the
        // previous run's index stays.
        let entry = ByteBuffer(capacity: rows.count + 4096)
        Self.openPage("Accord: \(corpus.documents.count) documents", depth: 0, into: entry)
        rows.withUnsafeBytes { entry.append($0.bindMemory(to: UInt8.self)) }
        Self.closePage(into: entry)
        try pages.write(entry.takeData(), to: directory.appendingPathComponent("index.html"))
        try pages.finish()
    }
}

/// Writes pages on a queue of its own: each write syncs its file to disk before renaming it
/// into place, and meanwhile the next page is made. At most 16 pages wait; a failure is
/// thrown by the next `write` or by `finish`, which returns once every page is written.
final class PageWriter: @unchecked Sendable {
    private let queue = DispatchQueue(label: "accord.html.pages")
    private let slots = DispatchSemaphore(value: 16)
    private let lock = NSLock()
    private var failure: Error?

    func write(_ data: Data, to url: URL) throws {
        try check()
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            do {
                try AtomicFile.write(data, to: url)
            } catch {
                lock.lock()
                if failure == nil { failure = error }
                lock.unlock()
            }
        }
    }

    func finish() throws {
        queue.sync {}
        try check()
    }

    private func check() throws {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
    }
}
