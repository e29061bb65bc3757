import AccordCore
import AccordXML
import Foundation
import Testing
@testable import AccordReport

/// The report writers must write exactly what `JSONEncoder` writes with the report options.
@Suite("Report JSON writers against JSONEncoder")
struct ReportJSONTests {
    func assertSame<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let written = try JSONOutput.encode(value)
        let reference = try JSONOutput.foundationEncode(value)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: reference, as: UTF8.self), sourceLocation: sourceLocation)
    }

    func sampleReports() throws -> [DocumentReport] {
        let pipeline = Pipeline()
        return try sampleDocuments().map { path, bytes in
            DocumentReport(try pipeline.run(DocumentInput(bytes: bytes, path: path)), pipeline: pipeline.identity)
        }
    }

    @Test func everySampleReportAndTheCorpusReport() throws {
        let linker = CorpusLinker(pipeline: Pipeline().identity)
        for report in try sampleReports() {
            try assertSame(report)
            linker.add(report)
        }
        try assertSame(linker.build())
    }

    /// A character to escape at every offset of a string of several words: the writer's
    /// eight-byte skips find it wherever it sits.
    @Test func escapesAtEveryOffset() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        for special in ["\"", "\\", "\n", "\u{1}", "\u{1F}", "é", "/"] {
            for offset in 0...40 {
                let value = String(repeating: "a", count: offset) + special + String(repeating: "b", count: 40 - offset)
                let buffer = ByteBuffer()
                JSONBuffer.appendQuoted(value, to: buffer)
                #expect(String(decoding: buffer.array, as: UTF8.self) == String(decoding: try encoder.encode(value), as: UTF8.self), "\(offset)")
            }
        }
    }

    /// HTML escaping, scalar by scalar: the reference the byte scans must agree with.
    static func referenceHTMLEscape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// HTML text escaped (sixteen bytes a step to the next byte to replace), into a buffer
    /// and as a string, is the reference's, whichever offset the byte sits at, in the scan's
    /// steps or in its last sixteen bytes, and for several in a row.
    @Test func htmlEscapesAtEveryOffset() {
        for special in ["&", "<", ">", "\"", "'", "\u{0}", "\u{1F}", "\r", "\n", "\t", "é", "中", "<'&\">", ""] {
            for offset in 0...40 {
                for length in [offset, 40] {
                    let value = String(repeating: "a", count: offset) + special + String(repeating: "b", count: length - offset)
                    let expected = Self.referenceHTMLEscape(value)
                    let buffer = ByteBuffer()
                    HTMLText.appendEscaped(value, to: buffer)
                    #expect(String(decoding: buffer.array, as: UTF8.self) == expected, "\(offset) \(length)")
                    #expect(HTMLText.escape(value) == expected, "\(offset) \(length)")
                }
            }
        }
        #expect(HTMLText.escape("a<b>'c' & \"d\"\u{7}") == "a&lt;b&gt;&#39;c&#39; &amp; &quot;d&quot;\u{FFFD}")
    }

    /// What the sample documents never hold: control characters, quotes and backslashes in
    /// strings (normalization removes most), every optional field present or absent,
    /// dictionary keys whose sorted order is by bytes, numbers of every width.
    @Test func hostileStringsOptionalsAndKeyOrder() throws {
        let hostile = "quote \" backslash \\ slash / tab \t newline \n return \r bell \u{7} escape \u{1B} nul \u{0} del \u{7F} é 中 🙂 \u{2028}"
        var report = try #require(try sampleReports().first { !$0.entities.isEmpty && !$0.structure.blocks.isEmpty })
        report.document.title = hostile
        report.document.genre = nil
        report.document.sourceURL = "https://example.org/a/b?c=\"d\""
        report.document.metadata = ["b": "1", "B": "2", "a": hostile, "_": "", "é": "x", "aa": "y", "10": "z", "9": "w"]
        report.document.parties = []
        report.document.bytes = 1_234_567_890
        report.structure.blocks[0].level = 10
        report.structure.blocks[0].marker = hostile
        report.structure.signature = DocumentReport.SignatureDTO(place: hostile, date: nil, dateText: "", signatories: [], span: report.structure.blocks[0].span)
        report.entities[0].codes = ["iso3166": "MX", "ISO": "x"]
        report.entities[0].roles = [DocumentReport.RoleDTO(title: hostile, organization: nil, country: "e1", date: nil)]
        report.warnings = [hostile, ""]
        try assertSame(report)
    }

    /// The corpus report written to its file in chunks is the same document as in one piece.
    @Test func theCorpusReportStreamedToAFile() throws {
        let pipeline = Pipeline()
        let linker = CorpusLinker(pipeline: pipeline.identity)
        let samples = try sampleDocuments()
        // Enough documents for the writer to spill several chunks (it does every 256 KB).
        for copy in 0..<12 {
            for (path, bytes) in samples {
                let input = DocumentInput(bytes: bytes, path: "copy\(copy)-\(path)")  // its own id
                linker.add(DocumentReport(try pipeline.run(input), pipeline: pipeline.identity))
            }
        }
        let corpus = linker.build()
        let whole = try JSONOutput.encode(corpus)
        #expect(whole.count > 3 << 18)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("accord-corpus-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try AtomicFile.Writer(url)
        JSONOutput.write(corpus, to: file)
        try file.commit()
        #expect(try Data(contentsOf: url) == whole)
    }
}

@Suite("Code tables in order")
struct CodeOrderTests {
    /// A table's entries come in its keys' order, by either report's order, whatever their
    /// number (none, the one or two an entity has, and more), as sorting the keys gives them.
    @Test func entriesComeInTheirKeysOrder() {
        let keys = ["iso3166-alpha3", "iso3166", "Z", "iso3166-3", "é", "a"]
        let orders: [(String, String) -> Bool] = [{ $0.utf8.lexicographicallyPrecedes($1.utf8) }, { $0 < $1 }]
        for precedes in orders {
            for count in 0...keys.count {
                for rotation in 0..<keys.count {
                    let chosen = Array((keys[rotation...] + keys[..<rotation]).prefix(count))
                    let table = Dictionary(uniqueKeysWithValues: chosen.map { ($0, "v-" + $0) })
                    var seen: [String] = []
                    table.forEachInOrder(by: precedes) { entry in
                        #expect(entry.value == "v-" + entry.key)
                        seen.append(entry.key)
                    }
                    #expect(seen == chosen.sorted(by: precedes), "\(chosen)")
                }
            }
        }
    }
}

@Suite("Atomic files")
struct AtomicFileTests {
    /// A file's folder is made when it is missing (the first file written into it), files in
    /// one folder get temporary names of their own, and nothing but the files is left.
    @Test func foldersAreMadeWhenMissingAndNoTemporaryFileStays() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("accord-atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let nested = root.appendingPathComponent("a/b/report.json")
        try AtomicFile.write(Data("one".utf8), to: nested)
        try AtomicFile.write(Data("two".utf8), to: root.appendingPathComponent("a/b/other.json"))
        // Two writers open at once in one folder, committed in the other order.
        let first = try AtomicFile.Writer(root.appendingPathComponent("a/first.json"))
        let second = try AtomicFile.Writer(root.appendingPathComponent("a/second.json"))
        first.write(Array("1".utf8))
        second.write(Array("2".utf8))
        try second.commit()
        try first.commit()
        // Rewritten in place.
        try AtomicFile.write(Data("three".utf8), to: nested)
        #expect(try String(contentsOf: nested, encoding: .utf8) == "three")
        #expect(try String(contentsOf: root.appendingPathComponent("a/first.json"), encoding: .utf8) == "1")
        #expect(try String(contentsOf: root.appendingPathComponent("a/second.json"), encoding: .utf8) == "2")
        let left = try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted()
        #expect(left == ["a", "a/b", "a/b/other.json", "a/b/report.json", "a/first.json", "a/second.json"])
    }

    /// The temporary file is named beside its target as the URL's own path methods would
    /// name it: in the target's folder, after its name (at the root, in nested folders, with
    /// spaces, text beyond ASCII and dots in the names).
    @Test func theTemporaryFileIsBesideItsTarget() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("accord-atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for name in ["report.json", "a/b/report.json", "a b/é – Россия.json", "x.y/.hidden", "deep/er/still/file.tar.gz"] {
            let url = root.appendingPathComponent(name)
            let writer = try AtomicFile.Writer(url)
            let temporary = URL(fileURLWithPath: writer.temporaryPath)
            #expect(temporary.deletingLastPathComponent().path == url.deletingLastPathComponent().path, "\(name)")
            #expect(temporary.lastPathComponent.hasPrefix(".\(url.lastPathComponent).tmp-"), "\(name)")
            #expect(FileManager.default.fileExists(atPath: writer.temporaryPath))
            writer.discard()
        }
        #expect(AtomicFile.Writer.split("/report.json") == ("/", "report.json"))
        #expect(AtomicFile.Writer.split("report.json") == ("", "report.json"))
        #expect(AtomicFile.Writer.split("/a/b/c") == ("/a/b/", "c"))
    }

    /// A file whose folder cannot be made (a file is in the way) fails with its path and
    /// leaves nothing behind.
    @Test func aFolderThatCannotBeMadeFailsNamingTheFile() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("accord-atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: root.appendingPathComponent("plain"))
        let target = root.appendingPathComponent("plain/report.json")
        let error = #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write(Data("one".utf8), to: target) }
        #expect(error?.path == target.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["plain"])
    }
}
