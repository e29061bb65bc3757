import AccordCore
import AccordXML
import Foundation
import Testing
@testable import AccordReport

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

/// Documents the schema tests run over: the bundled corpus, the hand-annotated press
/// statements, and a few inputs in every format.
func sampleDocuments() throws -> [(path: String, bytes: [UInt8])] {
    var result: [(String, [UInt8])] = []
    for folder in ["Corpus", "Tests/Data/gold/press"] {
        let url = repositoryRoot.appendingPathComponent(folder)
        for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
        where name.hasSuffix(".txt") || name.hasSuffix(".md") && name != "README.md" && name != "SOURCES.md" {
            result.append(("\(folder)/\(name)", Array(try Data(contentsOf: url.appendingPathComponent(name)))))
        }
    }
    result.append(("inline.html", Array("""
        <html><head><title>Readout &amp; more</title></head><body><main><h1>Readout</h1>
        <p>The Secretary met the Minister \u{1} today.</p></main></body></html>
        """.utf8)))
    result.append(("inline.xml", Array("""
        <treaty><meta><name>Treaty of Amity</name><date_signed>1925-02-24</date_signed></meta>
        <body><p>ARTICLE I</p><p>The Parties shall cooperate.</p><p>Done at Washington this 24th day of February, 1925.</p></body></treaty>
        """.utf8)))
    return result
}

func report(_ path: String, _ bytes: [UInt8]) throws -> DocumentReport {
    let pipeline = Pipeline()
    return DocumentReport(try pipeline.run(DocumentInput(bytes: bytes, path: path)), pipeline: pipeline.identity)
}

@Suite("Reports against their schemas")
struct SchemaTests {
    @Test func everyJSONReportIsValidAgainstTheJSONSchema() throws {
        let validator = try JSONSchemaValidator(schema: try ReportSchemas.jsonSchema("document"))
        let documents = try sampleDocuments()
        #expect(documents.count >= 10)
        for (path, bytes) in documents {
            let json = try JSONOutput.encode(try report(path, bytes))
            let errors = validator.validate(json)
            #expect(errors.isEmpty, "\(path): \(errors.prefix(5))")
        }
    }

    @Test func everyXMLReportIsValidAgainstTheXSD() throws {
        let validator = try ReportSchemas.documentXMLValidator()
        for (path, bytes) in try sampleDocuments() {
            let xml = XMLReport.encode(try report(path, bytes))
            let errors = validator.validate(xml)
            #expect(errors.isEmpty, "\(path): \(errors.prefix(5))")
        }
    }

    @Test func theValidatorsRejectBrokenReports() throws {
        let seed = try report("Corpus/us-mexico-border-security.txt", Array(try Data(contentsOf: repositoryRoot.appendingPathComponent("Corpus/us-mexico-border-security.txt"))))
        // JSON: a wrong enumeration value and a missing field are both caught.
        var json = try JSONSerialization.jsonObject(with: try JSONOutput.encode(seed)) as! [String: Any]
        var document = json["document"] as! [String: Any]
        document["kind"] = "memo"
        document.removeValue(forKey: "sha256")
        json["document"] = document
        let broken = try JSONSerialization.data(withJSONObject: json)
        let errors = try JSONSchemaValidator(schema: try ReportSchemas.jsonSchema("document")).validate(broken)
        #expect(errors.contains { $0.path == "$.document.kind" })
        #expect(errors.contains { $0.message.contains("sha256") })
        // XML: an unknown kind fails the XSD.
        let xml = String(decoding: XMLReport.encode(seed), as: UTF8.self).replacingOccurrences(of: "kind=\"press-statement\"", with: "kind=\"memo\"")
        #expect(!(try ReportSchemas.documentXMLValidator()).validate(Data(xml.utf8)).isEmpty)
    }

    @Test func recordsSerializeAndValidate() throws {
        // A report with one record of every kind, so the schemas are exercised beyond empty arrays.
        var analysis = try Pipeline().run(DocumentInput(bytes: Array("Mexico and the United States signed an agreement. Mexico will act.".utf8), path: "r.txt"))
        var records = Records()
        records.entities = [Entity(id: "e1", type: .country, name: "Mexico", codes: ["iso3166": "MX"], mentions: [Evidence(range: TextRange(0, 6), rule: "gazetteer:iso3166")]),
                            Entity(id: "e2", type: .person, name: "A. Person", roles: [Role(title: "Secretary", organization: nil, country: "e1", date: "2013-08-20")], country: "e1")]
        records.agreements = [Agreement(id: "a1", title: "agreement", type: .agreement, parties: ["e1"], date: "2013", place: "e1", status: "signed",
                                        evidence: [Evidence(range: TextRange(0, 49), rule: "signed-an-agreement")])]
        records.programs = [Program(id: "p1", name: "network", kind: "network", participants: ["e1"], establishedBy: "a1", status: "announced")]
        records.commitments = [Commitment(id: "c1", actors: ["e1"], modality: .commitment, action: "act", sentence: TextRange(50, 62), timeframe: "by 2025", relatedTo: ["p1"])]
        records.events = [Event(id: "v1", type: .signing, participants: ["e1"], date: "2013-08-20")]
        records.quotes = [Quote(id: "q1", speaker: "e2", span: TextRange(50, 62))]
        records.references = [CrossReference(from: "e2", to: "e1", relation: .affiliatedWith)]
        analysis.records = records
        let dto = DocumentReport(analysis, pipeline: "test")
        let json = try JSONOutput.encode(dto)
        #expect(try JSONSchemaValidator(schema: try ReportSchemas.jsonSchema("document")).validate(json).isEmpty)
        let xml = XMLReport.encode(dto)
        let problems = try ReportSchemas.documentXMLValidator().validate(xml)
        #expect(problems.isEmpty, "\(problems)")
        #expect(String(decoding: xml, as: UTF8.self).contains("<commitment xml:id=\"c1\" actors=\"e1\" modality=\"commitment\""))
    }

    /// A span's text is held as bytes of the document's text: it reads as the string of its
    /// range, for ASCII and other text, is written so to JSON and XML, and survives Codable.
    @Test func spansHoldTheirRangesText() throws {
        for source in ["Mexico and the United States signed an agreement. Mexico will act.",
                       "México y «Estados Unidos» firmaron el acuerdo — 協定 😀. Cafe\u{301} <b> & \"quoted\"."] {
            let analysis = try Pipeline().run(DocumentInput(bytes: Array(source.utf8), path: "s.txt"))
            let text = analysis.text
            var ranges = [TextRange(0, 0), TextRange(0, text.count), TextRange(text.count, text.count)]
            for start in stride(from: 0, to: text.count, by: 3) { ranges.append(TextRange(start, min(text.count, start + 7))) }
            for range in ranges {
                let span = SpanDTO(range, in: text)
                // Against the scalars' own encoding, not the byte offsets the span is made from.
                let scalars = text.mapped.string(range.start..<range.end)
                #expect(span.text == scalars)
                #expect(Array(span.text.utf8) == Array(scalars.utf8))
                let copy = SpanDTO(start: span.start, end: span.end, text: text.string(range), source: span.source, rule: nil)
                #expect(copy == span)
                let decoded = try JSONDecoder().decode(SpanDTO.self, from: try JSONEncoder().encode(span))
                #expect(decoded == span && decoded.text == span.text)
                // The writer's bytes are JSONEncoder's (the reference), whose text is the string's.
                let json = try JSONOutput.encode(span)
                #expect(json == (try JSONOutput.foundationEncode(span)))
                #expect(try JSONDecoder().decode(SpanDTO.self, from: json).text == text.string(range))
            }
            // The writers' texts: every block's text appears in the reports as written.
            let report = DocumentReport(analysis, pipeline: "test")
            let xml = String(decoding: XMLReport.encode(report), as: UTF8.self)
            for block in report.structure.blocks {
                var escaped = block.span.text.replacingOccurrences(of: "&", with: "&amp;")
                escaped = escaped.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
                #expect(xml.contains(">" + escaped + "</"))
            }
            var mutated = SpanDTO(ranges[1], in: text)
            mutated.text = "other"
            #expect(mutated.text == "other" && mutated != SpanDTO(ranges[1], in: text))
        }
    }
}

@Suite("Golden reports")
struct GoldenTests {
    /// Compares with the golden file beside this test; `RECORD_GOLDEN=1` rewrites it
    /// (review the diff before committing).
    func assertGolden(_ data: Data, _ name: String) throws {
        let url = goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: goldenDirectory, withIntermediateDirectories: true)
            try data.write(to: url)
            return
        }
        let expected = try Data(contentsOf: url)
        if expected != data {
            let got = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
            let want = String(decoding: expected, as: UTF8.self).components(separatedBy: "\n")
            let firstDifference = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }
            Issue.record("\(name) differs from its golden file at line \((firstDifference?.offset ?? min(got.count, want.count)) + 1): \(firstDifference.map { "got \($0.element.0) want \($0.element.1)" } ?? "length") (RECORD_GOLDEN=1 swift test to re-record)")
        }
    }

    @Test func seedDocumentReports() throws {
        let path = "Corpus/us-mexico-border-security.txt"
        let bytes = Array(try Data(contentsOf: repositoryRoot.appendingPathComponent(path)))
        let dto = try report(path, bytes)
        try assertGolden(try JSONOutput.encode(dto), "us-mexico-border-security.json")
        try assertGolden(XMLReport.encode(dto), "us-mexico-border-security.xml")
    }

    @Test func treatyReport() throws {
        let path = "Corpus/RUS-USA_FRW_1973A.txt"
        let bytes = Array(try Data(contentsOf: repositoryRoot.appendingPathComponent(path)))
        try assertGolden(try JSONOutput.encode(try report(path, bytes)), "RUS-USA_FRW_1973A.json")
    }

    /// The pipeline's identity (`Pipeline.identity`) is what incremental runs compare to
    /// decide that a document's reports are still good. It hashes the gazetteer and the user's
    /// configuration, but a change of rules shows only in `Pipeline.version`: so the reports
    /// of the repository's documents (press statements and treaty texts, the identity left
    /// out) are recorded with the version, and may change only with a new version.
    /// `RECORD_GOLDEN=1` records them under a new version, after the versions recorded before
    /// (the file keeps them all).
    @Test func reportsChangeOnlyWithANewVersion() throws {
        var documents = try sampleDocuments()
        let treaties = repositoryRoot.appendingPathComponent("Tests/Data/gold/agreements")
        for name in try FileManager.default.contentsOfDirectory(atPath: treaties.path).sorted() where name.hasSuffix(".txt") {
            documents.append(("Tests/Data/gold/agreements/\(name)", Array(try Data(contentsOf: treaties.appendingPathComponent(name)))))
        }
        var hasher = SHA256()
        for (path, bytes) in documents {
            let report = DocumentReport(try Pipeline().run(DocumentInput(bytes: bytes, path: path)), pipeline: "-")
            hasher.update(Array(try JSONOutput.encode(report)))
        }
        let digest = SHA256.hexString(hasher.finalize())
        // One line a version, oldest first, never rewritten: a version's reports are recorded once.
        let url = goldenDirectory.appendingPathComponent("reports-by-version.tsv")
        let history = ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        func number(_ version: String) -> [Int] { version.split(separator: ".").map { Int($0) ?? 0 } }
        if let latest = history.last, latest.count >= 2 {
            if latest[0] == Pipeline.version {
                #expect(latest[1] == digest, "the reports of \(documents.count) documents changed under version \(Pipeline.version): give Pipeline.version a new number (incremental runs would keep the old reports), then RECORD_GOLDEN=1 swift test")
                return
            }
            guard number(Pipeline.version).lexicographicallyPrecedes(number(latest[0])) == false,
                  !history.contains(where: { $0.first == Pipeline.version }) else {
                Issue.record("Pipeline.version \(Pipeline.version) is not after \(latest[0]), the last version whose reports are recorded")
                return
            }
        }
        guard ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" else {
            Issue.record("the reports are not recorded under Pipeline.version \(Pipeline.version): RECORD_GOLDEN=1 swift test")
            return
        }
        let line = "\(Pipeline.version)\t\(digest)\t\(documents.count) documents\n"
        if !FileManager.default.fileExists(atPath: url.path) { FileManager.default.createFile(atPath: url.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
        try handle.close()
    }

    @Test func outputIsDeterministic() throws {
        for (path, bytes) in try sampleDocuments().prefix(4) {
            let a = try report(path, bytes)
            let b = try report(path, bytes)
            #expect(try JSONOutput.encode(a) == JSONOutput.encode(b))
            #expect(XMLReport.encode(a) == XMLReport.encode(b))
        }
    }
}

@Suite("XML writer")
struct XMLWriterTests {
    @Test func escapesMarkupAndReplacesForbiddenCharacters() throws {
        let writer = XMLWriter()
        writer.startElement("r")
        writer.attribute("a", "x < y & \"z\"")
        writer.text("bell \u{7} </r> & done")
        writer.endElement()
        let xml = String(decoding: writer.finish(), as: UTF8.self)
        #expect(xml.contains("a=\"x &lt; y &amp; &quot;z&quot;\""))
        #expect(xml.contains("bell \u{FFFD} &lt;/r&gt; &amp; done"))
        // And it parses back.
        let parsed = try MarkupParser.parseXML(Array(xml.utf8))
        #expect(parsed.rootName == "r")
    }
}
