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

    public convenience init(directory: URL, corpus: CorpusReport) throws {
        try self.init(directory: directory, corpus: corpus, index: CorpusIndex(corpus))
    }

    public init(directory: URL, corpus: CorpusReport, index: CorpusIndex) throws {
        self.directory = directory
        self.corpus = corpus
        self.index = index
        spools = corpus.textSpools
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
        let up = String(repeating: "../", count: depth)
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(title)) — Accord</title><style>\(Self.style)</style></head>
            <body><nav><a href="\(up)index.html">Documents</a><a href="\(up)html/parties.html">Parties</a><a href="\(up)html/agreements.html">Agreements</a><a href="\(up)html/programs.html">Programs</a></nav>
            <h1>\(Self.escape(title))</h1>
            \(body)
            </body></html>

            """
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

    static func generalFileName(_ id: String) -> String {
        String(id.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") ? Character($0) : "_" })
    }

    func write(_ html: String, to name: String) throws {
        try pages.write(Data(html.utf8), to: directory.appendingPathComponent(name))
    }

    /// A document's page: its text with the mentions highlighted, and its records, each
    /// linked to its words.
    public func add(_ report: DocumentReport) throws {
        let doc = report.document.id
        // Spans count scalars; the text is cut by UTF-8 offsets, each scalar's found once.
        let utf8 = Array(report.document.text.utf8)
        var offsets: [Int] = []
        offsets.reserveCapacity(utf8.count + 1)
        var byte = 0
        for scalar in report.document.text.unicodeScalars {
            offsets.append(byte)
            byte += UTF8.width(scalar)
        }
        offsets.append(byte)
        let scalarCount = offsets.count - 1
        func substring(_ range: Range<Int>) -> String {
            String(decoding: utf8[offsets[range.lowerBound]..<offsets[range.upperBound]], as: UTF8.self)
        }
        // Highlights: entity mentions (no overlaps), and sentence anchors for commitments.
        var marks: [(start: Int, end: Int, open: String)] = []
        for e in report.entities {
            let corpusID = index.id(doc, e.id) ?? e.id
            for (n, m) in e.mentions.enumerated() {
                marks.append((m.start, m.end, "<mark class=\"\(e.type)\" id=\"\(e.id)-\(n)\" title=\"\(Self.escape(e.name)) (\(e.type), \(corpusID))\">"))
            }
        }
        marks.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
        var kept: [(Int, Int, String)] = []
        var lastEnd = 0
        for mark in marks where mark.start >= lastEnd && mark.end <= scalarCount && mark.start < mark.end {
            kept.append(mark)
            lastEnd = mark.end
        }
        var sentenceStarts: [Int: String] = [:]
        for c in report.commitments { sentenceStarts[c.sentence.start] = sentenceStarts[c.sentence.start] ?? c.id }
        var body = ""
        var position = 0
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
                if let anchor = sentenceStarts[k] { body += "<span class=\"sentence\" id=\"\(anchor)\"></span>" }
                let next = min(range.upperBound, nextAnchor(after: k) ?? range.upperBound)
                body += Self.escape(substring(k..<next))
                k = next
            }
        }
        for (start, end, open) in kept {
            emitText(position..<start)
            body += open
            emitText(start..<end)
            body += "</mark>"
            position = end
        }
        emitText(position..<scalarCount)

        var records = "<h2>Records</h2>"
        func link(_ span: SpanDTO, _ label: String) -> String { "<a href=\"#\(Self.escape(label))\">\(Self.escape(span.text.prefix(80).description))</a>" }
        func entityName(_ id: String?) -> String {
            guard let id else { return "" }
            let corpusID = index.id(doc, id)
            let name = corpusID.flatMap { index.names[$0] } ?? id
            if let corpusID, corpus.parties.contains(where: { $0.entity == corpusID }) {
                return "<a href=\"../parties/\(Self.fileName(corpusID)).html\">\(Self.escape(name))</a>"
            }
            return Self.escape(name)
        }
        if !report.commitments.isEmpty {
            records += "<h3>Commitments</h3><table><tr><th>Who</th><th>Modality</th><th>Sentence</th></tr>"
            for c in report.commitments {
                records += "<tr><td>\(c.actors.map(entityName).joined(separator: ", "))</td><td><span class=\"tag\">\(c.negated ? "not " : "")\(Self.escape(c.modality))</span></td><td><a href=\"#\(Self.escape(c.id))\">\(Self.escape(c.text))</a></td></tr>"
            }
            records += "</table>"
        }
        if !report.agreements.isEmpty {
            records += "<h3>Agreements</h3><ul>"
            for a in report.agreements {
                let corpusID = index.id(doc, a.id) ?? a.id
                records += "<li><a href=\"../agreements.html#\(Self.fileName(corpusID))\">\(Self.escape(a.title))</a> <span class=\"tag\">\(Self.escape(a.type))</span> \(a.status.map { Self.escape($0) } ?? "") — \(a.parties.map(entityName).joined(separator: ", "))</li>"
            }
            records += "</ul>"
        }
        if !report.programs.isEmpty {
            records += "<h3>Programs</h3><ul>"
            for p in report.programs {
                records += "<li>\(Self.escape(p.name)) <span class=\"tag\">\(Self.escape(p.kind))</span> — \(p.participants.map(entityName).joined(separator: ", "))</li>"
            }
            records += "</ul>"
        }
        if !report.quotes.isEmpty {
            records += "<h3>Quotes</h3><ul>"
            for q in report.quotes { records += "<li>\(entityName(q.speaker)): “\(Self.escape(q.text))”</li>" }
            records += "</ul>"
        }
        if !report.entities.isEmpty {
            records += "<h3>Entities</h3><table><tr><th>Name</th><th>Type</th><th>Mentions</th></tr>"
            for e in report.entities {
                records += "<tr><td>\(entityName(e.id))</td><td>\(Self.escape(e.type))</td><td>\(e.mentions.indices.prefix(12).map { "<a href=\"#\(e.id)-\($0)\">\($0 + 1)</a>" }.joined(separator: " "))</td></tr>"
            }
            records += "</table>"
        }
        let d = report.document
        let head = "<p class=\"muted\">\(Self.escape(d.kind))\(d.genre.map { " · " + Self.escape($0) } ?? "")\(d.date.map { " · " + Self.escape($0) } ?? "") · \(Self.escape(d.source))</p>"
        try write(page(d.title ?? d.id, depth: 2, head + "<div class=\"text\">\(body)</div>" + records),
                  to: "html/documents/\(Self.fileName(doc)).html")
    }

    public func finish() throws {
        let entity = Dictionary(uniqueKeysWithValues: corpus.entities.map { ($0.id, $0) })
        func name(_ id: String?) -> String { id.flatMap { entity[$0]?.name }.map { Self.escape($0) } ?? "" }
        func partyLink(_ id: String, depth: Int) -> String {
            corpus.parties.contains { $0.entity == id }
                ? "<a href=\"\(depth == 0 ? "html/" : "")parties/\(Self.fileName(id)).html\">\(name(id))</a>" : name(id)
        }
        // The documents.
        var rows = "<table><tr><th>Date</th><th>Title</th><th>Kind</th><th>Entities</th><th>Agreements</th><th>Commitments</th></tr>"
        for d in corpus.documents.sorted(by: { ($0.date ?? "", $0.id) < ($1.date ?? "", $1.id) }) {
            rows += "<tr><td>\(Self.escape(d.date ?? ""))</td><td><a href=\"html/documents/\(Self.fileName(d.id)).html\">\(Self.escape(d.title ?? d.id))</a></td>"
                + "<td>\(Self.escape(d.kind))</td><td>\(d.counts?["entities"] ?? 0)</td><td>\(d.counts?["agreements"] ?? 0)</td><td>\(d.counts?["commitments"] ?? 0)</td></tr>"
        }
        rows += "</table>"

        // The parties.
        var parties = "<table><tr><th>Party</th><th>Commitments</th><th>Agreements</th><th>Programs</th><th>Documents</th></tr>"
        for p in corpus.parties.sorted(by: { $0.documents.count > $1.documents.count || ($0.documents.count == $1.documents.count && $0.name < $1.name) }) {
            let count = p.commitments.values.reduce(0) { $0 + $1.count }
            parties += "<tr><td>\(partyLink(p.entity, depth: 1))</td><td>\(count)</td><td>\(p.agreements.count)</td><td>\(p.programs.count)</td><td>\(p.documents.count)</td></tr>"
        }
        parties += "</table>"
        try write(page("Parties", depth: 1, parties), to: "html/parties.html")

        let commitment = Dictionary(uniqueKeysWithValues: corpus.commitments.map { ($0.id, $0) })
        let agreement = Dictionary(uniqueKeysWithValues: corpus.agreements.map { ($0.id, $0) })
        let program = Dictionary(uniqueKeysWithValues: corpus.programs.map { ($0.id, $0) })
        for p in corpus.parties {
            var body = "<p class=\"muted\">\(p.documents.count) documents · with \(p.counterparts.prefix(12).map { partyLink($0, depth: 2).replacingOccurrences(of: "href=\"parties/", with: "href=\"") }.joined(separator: ", "))</p>"
            for modality in ["obligation", "commitment", "intention", "permission", "discussion"] {
                guard let ids = p.commitments[modality], !ids.isEmpty else { continue }
                body += "<h2>\(modality.capitalized) (\(ids.count))</h2><ul>"
                for id in ids.sorted(by: { (commitment[$0]?.date ?? "", $0) < (commitment[$1]?.date ?? "", $1) }) {
                    guard let c = commitment[id] else { continue }
                    body += "<li>\(Self.escape(c.date ?? "")) <a href=\"../documents/\(Self.fileName(c.document)).html#\(Self.escape(c.local))\">\(Self.escape(c.text))</a>"
                        + "\(c.negated ? " <span class=\"tag\">negated</span>" : "")</li>"
                }
                body += "</ul>"
            }
            if !p.agreements.isEmpty {
                body += "<h2>Agreements</h2><ul>"
                for id in p.agreements {
                    guard let a = agreement[id] else { continue }
                    body += "<li><a href=\"../agreements.html#\(Self.fileName(a.id))\">\(Self.escape(a.title))</a> \(Self.escape(a.date ?? "")) \(Self.escape(a.status ?? ""))</li>"
                }
                body += "</ul>"
            }
            if !p.programs.isEmpty {
                body += "<h2>Programs</h2><ul>"
                for id in p.programs { if let pr = program[id] { body += "<li>\(Self.escape(pr.name)) <span class=\"tag\">\(Self.escape(pr.kind))</span></li>" } }
                body += "</ul>"
            }
            // Timeline: what happened when, from the dated commitments and agreements.
            var timeline: [(String, String)] = []
            for id in p.commitments.keys.sorted().flatMap({ p.commitments[$0]! }) { if let c = commitment[id], let date = c.date { timeline.append((date, "\(c.modality): \(c.text.prefix(120))")) } }
            for id in p.agreements { if let a = agreement[id], let date = a.date { timeline.append((date, "agreement: \(a.title)")) } }
            if !timeline.isEmpty {
                body += "<h2>Timeline</h2><table>"
                for (date, what) in timeline.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }).prefix(200) {
                    body += "<tr><td>\(Self.escape(date))</td><td>\(Self.escape(what))</td></tr>"
                }
                body += "</table>"
            }
            if let failure = spools.lazy.compactMap(\.failure).first { throw TextSpoolError(failure) }
            try write(page(p.name, depth: 2, body), to: "html/parties/\(Self.fileName(p.entity)).html")
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
        try write(page("Accord: \(corpus.documents.count) documents", depth: 0, rows), to: "index.html")
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
