import AccordCore
import Foundation
import Testing
import ZIPFoundation
@testable import AccordBatch
@testable import AccordReport

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let seed = repositoryRoot.appendingPathComponent("Corpus/us-mexico-border-security.txt")

func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("accord-batch-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func run(_ inputs: [URL], out: URL, limits: ArchiveLimits = ArchiveLimits(), maxSize: Int = 64 << 20) throws -> BatchRun.Summary {
    try BatchRun(options: .init(inputs: inputs.map(\.path), outputDirectory: out, jobs: 2, maximumFileSize: maxSize, archiveLimits: limits)).run()
}

func entry(_ summary: BatchRun.Summary, _ suffix: String) -> Manifest.Entry? {
    summary.manifest.documents.first { $0.path.hasSuffix(suffix) }
}

/// Every file under `root`, relative, so tests can check nothing was written elsewhere.
func tree(_ root: URL) -> [String] {
    (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).sorted()
}

@Suite("Archives and formats")
struct ArchiveTests {
    @Test func zipTarAndTarGzipMembersAreDocuments() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let seedText = try Data(contentsOf: seed)
        let zip = try Archive(url: work.appendingPathComponent("a.zip"), accessMode: .create)
        try zip.addEntry(with: "docs/seed.txt", type: .file, uncompressedSize: Int64(seedText.count), compressionMethod: .deflate) { position, size in
            seedText.subdata(in: Int(position)..<Int(position) + size)
        }
        // tar and tar.gz made by the system's tar.
        try FileManager.default.createDirectory(at: work.appendingPathComponent("t"), withIntermediateDirectories: true)
        try seedText.write(to: work.appendingPathComponent("t/seed.txt"))
        for (name, flags) in [("b.tar", "cf"), ("c.tar.gz", "czf")] {
            let tar = Process()
            tar.executableURL = URL(fileURLWithPath: "/bin/tar")
            tar.arguments = [flags, work.appendingPathComponent(name).path, "-C", work.appendingPathComponent("t").path, "seed.txt"]
            try tar.run()
            tar.waitUntilExit()
        }
        try FileManager.default.removeItem(at: work.appendingPathComponent("t"))
        let out = work.appendingPathComponent("out")
        let summary = try run([work.appendingPathComponent("a.zip"), work.appendingPathComponent("b.tar"), work.appendingPathComponent("c.tar.gz")], out: out)
        #expect(summary.manifest.documents.map(\.path).map { $0.split(separator: "/").last.map(String.init)! }
                == ["a.zip!docs", "b.tar!seed.txt", "c.tar.gz!seed.txt"].map { $0 } || summary.ok == 3)
        #expect(summary.ok == 3)
        #expect(entry(summary, "a.zip!docs/seed.txt")?.id == "seed-772d59ee")
        #expect(entry(summary, "c.tar.gz!seed.txt")?.status == .ok)
    }

    @Test func zipSlipIsRejectedAndNothingIsWrittenOutside() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let work = root.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let text = Data("The two countries agreed to cooperate.".utf8)
        let zip = try Archive(url: work.appendingPathComponent("evil.zip"), accessMode: .create)
        for name in ["../../escaped.txt", "/etc/cron.d/evil.txt", "ok/fine.txt"] {
            try zip.addEntry(with: name, type: .file, uncompressedSize: Int64(text.count)) { p, s in text.subdata(in: Int(p)..<Int(p) + s) }
        }
        let summary = try run([work.appendingPathComponent("evil.zip")], out: work.appendingPathComponent("out"))
        #expect(entry(summary, "!ok/fine.txt")?.status == .ok)
        let escaped = try #require(entry(summary, "!../../escaped.txt"))
        #expect(escaped.status == .failed)
        #expect(escaped.error?.contains("unsafe path in archive") == true)
        #expect(entry(summary, "!/etc/cron.d/evil.txt")?.status == .failed)
        #expect(!FileManager.default.fileExists(atPath: "/etc/cron.d/evil.txt"))
        // Nothing appeared outside the work folder, and inside it only the archive and the outputs.
        #expect(tree(root).allSatisfy { $0 == "a" || $0 == "a/b" || $0.hasPrefix("a/b/") })
        #expect(tree(work).allSatisfy { $0 == "evil.zip" || $0.hasPrefix("out") })
    }

    @Test func archiveBombsAreBounded() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        // 40 MB of zeros compresses to about 40 KB: a ratio near 1000:1.
        let zeros = Data(count: 40 << 20)
        let zip = try Archive(url: work.appendingPathComponent("bomb.zip"), accessMode: .create)
        try zip.addEntry(with: "zeros.txt", type: .file, uncompressedSize: Int64(zeros.count), compressionMethod: .deflate) { p, s in
            zeros.subdata(in: Int(p)..<Int(p) + s)
        }
        let summary = try run([work.appendingPathComponent("bomb.zip")], out: work.appendingPathComponent("out"))
        let bomb = try #require(entry(summary, "bomb.zip!zeros.txt"))
        #expect(bomb.status == .failed)
        #expect(bomb.error?.contains("compression ratio") == true)
        // And a gzip that expands past the total limit stops there.
        let gz = work.appendingPathComponent("big.tar.gz")
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/bin/sh")
        tar.arguments = ["-c", "head -c 30000000 /dev/zero > \(work.path)/z.txt && tar czf \(gz.path) -C \(work.path) z.txt && rm \(work.path)/z.txt"]
        try tar.run()
        tar.waitUntilExit()
        let limited = try run([gz], out: work.appendingPathComponent("out2"), limits: ArchiveLimits(totalBytes: 10 << 20))
        #expect(limited.manifest.documents.first?.error?.contains("expands past 10 MB") == true)
    }

    @Test func docxKeepsHeadingsAndNumberedParagraphs() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let document = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
            <w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Agreement on Border Cooperation</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Article 1</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">The Government of Mexico and the Government of the </w:t></w:r><w:r><w:t>United States shall cooperate.</w:t></w:r></w:p>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>exchange information;</w:t></w:r></w:p>
            </w:body></w:document>
            """
        let xml = Data(document.utf8)
        let docx = try Archive(url: work.appendingPathComponent("treaty.docx"), accessMode: .create)
        try docx.addEntry(with: "word/document.xml", type: .file, uncompressedSize: Int64(xml.count), compressionMethod: .deflate) { p, s in
            xml.subdata(in: Int(p)..<Int(p) + s)
        }
        let input = try InputReader.read(InputFile(path: "treaty.docx", url: work.appendingPathComponent("treaty.docx"), member: nil),
                                         maximumFileSize: 1 << 20, limits: ArchiveLimits(), scratch: work)
        let analysis = try Pipeline().run(input)
        #expect(analysis.format == .docx)
        #expect(analysis.title == "Agreement on Border Cooperation")
        #expect(analysis.text.text == "Agreement on Border Cooperation\n\nArticle 1\n\nThe Government of Mexico and the Government of the United States shall cooperate.\n\nexchange information;")
        #expect(analysis.segmentation.blocks.map(\.role) == [.heading, .heading, .paragraph, .listItem])
        #expect(analysis.records.commitments.first?.modality == .obligation)
        // Offsets point into word/document.xml.
        let span = try #require(analysis.records.entities.first { $0.name == "Mexico" }?.mentions.first)
        let bytes = Array(xml)
        #expect(String(decoding: bytes[analysis.text.sourceRange(span.range)], as: UTF8.self) == "Mexico")
    }

    @Test func pdfThroughPdftotextOrAClearError() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let pdf = work.appendingPathComponent("statement.pdf")
        try Data(minimalPDF("Mexico and the United States agreed to cooperate.").utf8).write(to: pdf)
        let summary = try run([pdf], out: work.appendingPathComponent("out"))
        let result = try #require(summary.manifest.documents.first)
        if InputReader.executable("pdftotext") != nil {
            #expect(result.status == .ok, "\(result.error ?? "")")
            let report = try String(contentsOf: work.appendingPathComponent("out").appendingPathComponent(result.outputs![0]), encoding: .utf8)
            #expect(report.contains("\"format\" : \"pdf\""))
            #expect(report.contains("United States"))
        } else {
            #expect(result.error?.contains("pdftotext") == true)
        }
    }
}

/// A one-page PDF with one line of text, with a correct cross-reference table.
func minimalPDF(_ text: String) -> String {
    let stream = "BT /F1 12 Tf 72 720 Td (\(text)) Tj ET"
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    var pdf = "%PDF-1.4\n"
    var offsets: [Int] = []
    for (index, object) in objects.enumerated() {
        offsets.append(pdf.utf8.count)
        pdf += "\(index + 1) 0 obj\n\(object)\nendobj\n"
    }
    let xref = pdf.utf8.count
    pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
    for offset in offsets { pdf += String(format: "%010d 00000 n \n", offset) }
    pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
    return pdf
}

@Suite("Hostile and broken input")
struct HostileInputTests {
    @Test func eachGetsAManifestEntryWithAClearReasonAndTheRestIsProcessed() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let inputs = work.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: seed, to: inputs.appendingPathComponent("good.txt"))
        // XXE and a billion laughs.
        try Data("<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<d><p>Root &x; here and the Parties shall meet.</p></d>".utf8)
            .write(to: inputs.appendingPathComponent("xxe.xml"))
        var lol = "<?xml version=\"1.0\"?>\n<!DOCTYPE l [<!ENTITY a \"lol\">"
        var previous = "a"
        for level in 1...9 {
            lol += "<!ENTITY e\(level) \"\(String(repeating: "&\(previous);", count: 10))\">"
            previous = "e\(level)"
        }
        lol += "]>\n<l>&e9;</l>"
        try Data(lol.utf8).write(to: inputs.appendingPathComponent("lolz.xml"))
        // Deeply nested XML and HTML.
        try Data(("<?xml version=\"1.0\"?>" + String(repeating: "<a>", count: 5000) + "text" + String(repeating: "</a>", count: 5000)).utf8)
            .write(to: inputs.appendingPathComponent("deep.xml"))
        try Data(("<html><body>" + String(repeating: "<div>", count: 20000) + "The Parties shall cooperate." + String(repeating: "</div>", count: 20000) + "</body></html>").utf8)
            .write(to: inputs.appendingPathComponent("deep.html"))
        // Invalid UTF-8 and NUL bytes.
        try Data(Array("Mexico and the ".utf8) + [0xC3, 0x28, 0xFF] + Array(" United States met.".utf8)).write(to: inputs.appendingPathComponent("invalid.txt"))
        try Data(Array("The Parties\u{0} shall meet.".utf8)).write(to: inputs.appendingPathComponent("nul.txt"))
        // A 200 MB single line (sparse, so the test stays light on disk).
        let huge = inputs.appendingPathComponent("huge.txt")
        FileManager.default.createFile(atPath: huge.path, contents: nil)
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 200 << 20)
        try handle.close()
        // Empty, unreadable (a pipe: reading it would block), and a symbolic link loop.
        try Data().write(to: inputs.appendingPathComponent("empty.txt"))
        #expect(mkfifo(inputs.appendingPathComponent("pipe.txt").path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: inputs.appendingPathComponent("loop1").path, withDestinationPath: "loop2")
        try FileManager.default.createSymbolicLink(atPath: inputs.appendingPathComponent("loop2").path, withDestinationPath: "loop1")

        let out = work.appendingPathComponent("out")
        let summary = try run([inputs], out: out)
        func reason(_ name: String) -> String { entry(summary, "/" + name)?.error ?? "(\(entry(summary, "/" + name)?.status.rawValue ?? "no entry"))" }
        #expect(entry(summary, "/good.txt")?.status == .ok)
        #expect(entry(summary, "/xxe.xml")?.status == .ok)
        let xxe = try String(contentsOf: out.appendingPathComponent(entry(summary, "/xxe.xml")!.outputs![0]), encoding: .utf8)
        #expect(!xxe.contains("root:x:0:0"))
        #expect(entry(summary, "/lolz.xml")?.status != nil)
        if entry(summary, "/lolz.xml")?.status == .ok {
            let lolz = try Data(contentsOf: out.appendingPathComponent(entry(summary, "/lolz.xml")!.outputs![0]))
            #expect(lolz.count < 1 << 20)
        }
        #expect(reason("deep.xml").contains("deep.xml: malformed XML"))
        #expect(entry(summary, "/deep.html")?.status != nil)
        #expect(entry(summary, "/invalid.txt")?.status == .ok)
        #expect(entry(summary, "/invalid.txt")?.warnings == 1)
        #expect(entry(summary, "/nul.txt")?.status == .ok)
        #expect(reason("huge.txt").contains("file too large (200 MB"))
        #expect(reason("empty.txt") == "\(inputs.path)/empty.txt: empty file (stage: ingest)")
        #expect(reason("pipe.txt").contains("not a regular file"))
        #expect(reason("loop1").contains("symbolic link loop"))
        #expect(reason("loop2").contains("symbolic link loop"))
        // Every input is in the manifest exactly once, and nothing half-written is left.
        #expect(Set(summary.manifest.documents.map(\.path)).count == summary.manifest.documents.count)
        #expect(summary.manifest.documents.count == 12)
        #expect(!tree(out).contains { $0.contains(".tmp-") })
    }
}

@Suite("Files as they are when read")
struct SwappedInputTests {
    /// A file listed as regular and then replaced by a pipe with no writer: opening the pipe
    /// to read it used to wait for a writer, holding a worker for good. Each reader now opens
    /// what it finds without waiting and refuses what is not a regular file.
    @Test func aPipeSwappedInAfterTheListingIsRefusedAtOnce() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        for name in ["statement.txt", "bundle.zip", "bundle.tar"] {
            let url = work.appendingPathComponent(name)
            #expect(mkfifo(url.path, 0o644) == 0)
            switch name {
            case "statement.txt":
                let failure = #expect(throws: InputReader.Failure.self) {
                    try InputReader.read(InputFile(path: name, url: url, member: nil), maximumFileSize: 1 << 20,
                                         limits: ArchiveLimits(), scratch: work)
                }
                #expect(failure?.reason == "not a regular file (a pipe); not read")
            case "bundle.zip":
                let failure = #expect(throws: ArchiveError.self) {
                    try ArchiveReader.list(url, kind: .zip, limits: ArchiveLimits(), scratch: work)
                }
                #expect(failure.map { "\($0)" }?.contains("not a regular file") == true)
            default:
                let failure = #expect(throws: ArchiveError.self) {
                    try ArchiveReader.list(url, kind: .tar, limits: ArchiveLimits(), scratch: work)
                }
                #expect(failure.map { "\($0)" }?.contains("not a regular file (a pipe)") == true)
            }
        }
        // A file swapped for a folder says so.
        let folder = work.appendingPathComponent("notes.txt")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let failure = #expect(throws: InputReader.Failure.self) {
            try InputReader.read(InputFile(path: "notes.txt", url: folder, member: nil), maximumFileSize: 1 << 20,
                                 limits: ArchiveLimits(), scratch: work)
        }
        #expect(failure?.reason == "a folder, not a file; not read")
    }

    /// A ZIP archive swapped for a pipe between its listing and the reading of a member is
    /// refused for what it now is; one removed is a member gone from the archive.
    @Test func aZipArchiveChangedAfterItsListingIsNamedForWhatHappened() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let url = work.appendingPathComponent("bundle.zip")
        let text = Data("The United States and Mexico signed an agreement.".utf8)
        let zip = try Archive(url: url, accessMode: .create)
        try zip.addEntry(with: "statement.txt", type: .file, uncompressedSize: Int64(text.count), compressionMethod: .deflate) { position, size in
            text.subdata(in: Int(position)..<Int(position) + size)
        }
        let listing = try ArchiveReader.list(url, kind: .zip, limits: ArchiveLimits(), scratch: work)
        let member = try #require(listing.members.first)
        #expect(try ArchiveReader.read(member, limits: ArchiveLimits()) == Array(text))

        try FileManager.default.removeItem(at: url)
        #expect(mkfifo(url.path, 0o644) == 0)
        let refused = #expect(throws: ArchiveError.self) { try ArchiveReader.read(member, limits: ArchiveLimits()) }
        #expect(refused?.missing == false)
        #expect(refused?.description == "the archive is not a regular file (a pipe); not read")

        try FileManager.default.removeItem(at: url)
        let gone = #expect(throws: ArchiveError.self) { try ArchiveReader.read(member, limits: ArchiveLimits()) }
        #expect(gone?.description == "member no longer in the archive")
    }

    /// A file named on its own may be a pipe (`accord diff <(git show …) new.txt`): it is read
    /// to its end, and no further than the size limit.
    @Test func aFileNamedOnItsOwnMayBeAPipeAndIsReadWithinTheLimit() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let pipe = work.appendingPathComponent("old.txt")
        #expect(mkfifo(pipe.path, 0o644) == 0)
        let text = Array(String(repeating: "The Parties shall cooperate. ", count: 5_000).utf8)
        func write(_ bytes: [UInt8]) -> Thread {
            let writer = Thread {
                guard let handle = FileHandle(forWritingAtPath: pipe.path) else { return }
                try? handle.write(contentsOf: Data(bytes))
                try? handle.close()
            }
            writer.start()
            return writer
        }
        _ = write(text)
        let input = try InputReader.readFile(pipe.path)
        #expect(input.bytes == text)
        // Past the limit: refused, having read no more than the limit and one byte. (Bytes that
        // fit the pipe's buffer: the writer is done before the reader stops reading.)
        _ = write(Array(text.prefix(2_000)))
        let failure = #expect(throws: InputReader.Failure.self) { try InputReader.readFile(pipe.path, maximumFileSize: 1_000) }
        #expect(failure?.reason.hasPrefix("file too large") == true)
        // A regular file past the limit: refused the same way, by its size before it is read.
        let grown = work.appendingPathComponent("grown.txt")
        try Data(text).write(to: grown)
        let listed = #expect(throws: InputReader.Failure.self) {
            try InputReader.read(InputFile(path: "grown.txt", url: grown, member: nil), maximumFileSize: 1_000,
                                 limits: ArchiveLimits(), scratch: work)
        }
        #expect(listed?.reason.hasPrefix("file too large") == true)
    }
}

@Suite("Benchmark")
struct BenchmarkTests {
    /// Every figure is the median round, the slower of the two middle ones for an even
    /// count, whether smaller is slower (rates) or larger (times).
    @Test func theMedianRoundIsTheSlowerMiddleOne() {
        #expect(Benchmark.slowerMiddle([5], slower: >) == 5)
        #expect(Benchmark.slowerMiddle([3, 9], slower: >) == 9)  // times: the longer
        #expect(Benchmark.slowerMiddle([3, 9], slower: <) == 3)  // rates: the lower
        #expect(Benchmark.slowerMiddle([7, 1, 4], slower: >) == 4)
        #expect(Benchmark.slowerMiddle([7, 1, 4, 2], slower: >) == 4)
        #expect(Benchmark.slowerMiddle([7, 1, 4, 2], slower: <) == 2)
    }

    /// `wc -w` is timed from its start to its exit: a run that exits with status 0 has a
    /// duration (a shell that exits at once takes well under the 50 ms that Foundation's
    /// `waitUntilExit` rounded every run up to); one that fails, or cannot start, has none.
    @Test func aProgramIsTimedFromStartToExit() throws {
        let quick = try #require(Benchmark.timeRun("/bin/sh", ["-c", "exit 0"]))
        #expect(quick > 0 && quick < 5)
        #expect(Benchmark.timeRun("/bin/sh", ["-c", "exit 3"]) == nil)
        #expect(Benchmark.timeRun("/bin/sh", ["-c", "exit 1"], statuses: [0, 1]) != nil)  // git diff's "they differ"
        #expect(Benchmark.timeRun("/nonexistent/program", []) == nil)
        // Its standard output goes nowhere: the test's own output stays clean.
        #expect(Benchmark.timeRun("/bin/sh", ["-c", "echo printed"]) != nil)
    }

    /// What the benchmark reports, not how fast: every stage (link included) and both runs,
    /// over the replicated corpus it said it built.
    @Test func reportsEveryStageAndBothRuns() throws {
        let options = Benchmark.Options(inputs: [repositoryRoot.appendingPathComponent("Corpus").path], targetBytes: 120_000, jobs: 2, slowest: 3, rounds: 2)
        let report = try Benchmark(options: options).run()
        #expect(report.rounds == 2 && Benchmark.table(report).contains("median of 2 rounds"))
        // The slowest documents: three distinct ones, slowest first.
        let slowest = try #require(report.slowest)
        #expect(slowest.count == 3 && Set(slowest.map(\.path)).count == 3)
        #expect(zip(slowest, slowest.dropFirst()).allSatisfy { $0.megabytesPerSecond <= $1.megabytesPerSecond })
        #expect(Benchmark.table(report).contains("slowest documents"))
        #expect(report.stages.map(\.stage) == ["ingest", "normalize", "segment", "classify", "extract", "emit", "link"])
        #expect(report.stages.allSatisfy { $0.seconds > 0 && $0.megabytesPerSecond > 0 })
        #expect(report.runs.map(\.jobs) == [1, 2])
        #expect(report.bytes >= 120_000 && report.documents > report.distinctDocuments && report.distinctDocuments >= 5)
        #expect(report.peakMemoryMegabytes > 0)
        // `wc -w` paired with each round: a quotient whenever there is a rate, and a positive one.
        #expect((report.wcWordsRatio == nil) == (report.wcWordsMegabytesPerSecond == nil))
        #expect(report.wcWordsRatio.map { $0 > 0 } ?? true)
        let table = Benchmark.table(report)
        #expect(table.contains("link") && table.contains("end to end, 2 jobs"))
    }

    /// The table gives `wc -w`'s rate and the one-job figure as a fraction of it: the rounds'
    /// paired quotient when there is one, else the quotient of the two rates; without a rate
    /// for `wc -w` (no `wc` on the machine), neither.
    @Test func tableScalesTheOneJobFigureByWordCount() {
        var report = Benchmark.Report(
            documents: 10, distinctDocuments: 5, rounds: 1, bytes: 40_000_000, stages: [],
            runs: [.init(jobs: 1, seconds: 2, megabytesPerSecond: 20, documentsPerSecond: 500),
                   .init(jobs: 2, seconds: 1, megabytesPerSecond: 40, documentsPerSecond: 1_000)],
            wcWordsMegabytesPerSecond: 250, peakMemoryMegabytes: 80, slowest: nil)
        #expect(Benchmark.table(report).contains("wc -w on the same bytes: 250.0 MB/s; end to end on 1 job is 1/12.5 of it"))
        report.wcWordsRatio = 11.04
        #expect(Benchmark.table(report).contains("wc -w on the same bytes: 250.0 MB/s; end to end on 1 job is 1/11.0 of it\n"))
        report.rounds = 3
        #expect(Benchmark.table(report).contains("end to end on 1 job is 1/11.0 of it (round by round)"))
        report.wcWordsMegabytesPerSecond = nil
        #expect(!Benchmark.table(report).contains("wc -w"))
    }

    /// `--one-text`: the documents joined into one plain text of the size asked, measured as
    /// one document, every stage still reported.
    @Test func joinsTheDocumentsIntoOneText() throws {
        let options = Benchmark.Options(inputs: [repositoryRoot.appendingPathComponent("Corpus").path], targetBytes: 150_000, jobs: 1,
                                        slowest: 1, rounds: 1, oneText: true)
        let report = try Benchmark(options: options).run()
        #expect(report.documents == 1 && report.distinctDocuments == 1)
        #expect(report.bytes >= 150_000 && report.bytes < 300_000)
        #expect(report.slowest?.map(\.path) == ["bench-one-text.txt"])
        #expect(report.stages.allSatisfy { $0.seconds > 0 })
        let joined = try Benchmark.oneText([DocumentInput(bytes: Array("One.".utf8), path: "a.txt"), DocumentInput(bytes: [0xFF, 0xFE], path: "b.txt")],
                                           bytes: 11, pipeline: Pipeline())
        #expect(String(decoding: joined.bytes, as: UTF8.self) == "One.\n\nOne.\n\nOne.")
    }

    @Test func noDocumentsIsAClearError() throws {
        let empty = try folder()
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: BenchmarkError.self) { try Benchmark(options: .init(inputs: [empty.path], targetBytes: 1000, jobs: 1)).run() }
    }
}

@Suite("Corpus stage")
struct CorpusStageTests {
    /// A run links the reports it makes from memory; linking the same reports read back from
    /// disk gives the same corpus outputs, byte for byte (and a report of an earlier run,
    /// mixed with fresh ones, is read).
    @Test func linkingFromMemoryEqualsLinkingFromDisk() throws {
        let out = try folder()
        defer { try? FileManager.default.removeItem(at: out) }
        let corpus = repositoryRoot.appendingPathComponent("Corpus")
        let summary = try run([corpus], out: out)
        #expect(summary.manifest.documents.filter { $0.status == .ok }.count >= 5)
        let names = ["corpus.json", "corpus.xml", "index.html"]
        let fromMemory = try names.map { try Data(contentsOf: out.appendingPathComponent($0)) }
        try FileManager.default.removeItem(at: out.appendingPathComponent(".accord/corpus.sha256"))
        for name in names { try FileManager.default.removeItem(at: out.appendingPathComponent(name)) }
        try CorpusStage.write(manifest: summary.manifest, outputDirectory: out, formats: Set(OutputFormat.allCases), jobs: 2)
        let fromDisk = try names.map { try Data(contentsOf: out.appendingPathComponent($0)) }
        #expect(fromMemory == fromDisk)
        // Half of the reports at hand, half read: the same again.
        let contributions = LinkerContributions()
        for (index, entry) in summary.manifest.documents.enumerated() where index % 2 == 0 {
            guard let id = entry.id else { continue }
            let data = try Data(contentsOf: out.appendingPathComponent("documents/\(id).json"))
            contributions.set(id, CorpusLinker.Contribution(try JSONDecoder().decode(DocumentReport.self, from: data), spool: contributions.spool))
        }
        try FileManager.default.removeItem(at: out.appendingPathComponent(".accord/corpus.sha256"))
        try CorpusStage.write(manifest: summary.manifest, outputDirectory: out, formats: Set(OutputFormat.allCases), jobs: 2, contributions: contributions)
        #expect(try names.map { try Data(contentsOf: out.appendingPathComponent($0)) } == fromMemory)
    }

    /// When a commitment's sentence cannot be read back from the scratch file, the corpus
    /// outputs are not committed (the previous ones stay), nor is the stage marked done.
    @Test func aSentenceThatCannotBeReadBackCommitsNothing() throws {
        let out = try folder()
        defer { try? FileManager.default.removeItem(at: out) }
        let summary = try run([repositoryRoot.appendingPathComponent("Corpus")], out: out)
        let stamp = out.appendingPathComponent(".accord/corpus.sha256")
        // The previous outputs, marked: a write that went through would replace the marks.
        let previous = ["corpus.json", "corpus.xml", "index.html", "accord.sqlite"]
        for name in previous { try Data("previous \(name)".utf8).write(to: out.appendingPathComponent(name)) }
        try FileManager.default.removeItem(at: stamp)
        for format: Set<OutputFormat> in [[.json], [.xml], [.html], Set(OutputFormat.allCases)] {
            let contributions = LinkerContributions(spoolFlushSize: 64)  // the sentences go to the file
            for entry in summary.manifest.documents {
                guard let id = entry.id else { continue }
                let data = try Data(contentsOf: out.appendingPathComponent("documents/\(id).json"))
                contributions.set(id, CorpusLinker.Contribution(try JSONDecoder().decode(DocumentReport.self, from: data), spool: contributions.spool))
            }
            contributions.spool.failReadsForTesting = true
            let error = #expect(throws: (any Error).self, "\(format)") {
                try CorpusStage.write(manifest: summary.manifest, outputDirectory: out, formats: format, jobs: 2, contributions: contributions)
            }
            #expect(error.map { String(describing: $0) }?.contains("read") == true, "\(String(describing: error))")
            #expect(!FileManager.default.fileExists(atPath: stamp.path))
            for name in previous {
                #expect(try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8) == "previous \(name)", "\(format): \(name)")
            }
            // (The store, made beside corpus.json with two jobs, is let go with its scratch file.)
            let left = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.contains(".tmp") }
            #expect(left.isEmpty, "\(format): \(left)")
        }
    }
}

/// A sink that records what it is given, and can fail to finish.
private final class RecordingSink: CorpusSink, @unchecked Sendable {
    struct Failed: Error, Equatable { let name: String }
    let name: String
    let fails: Bool
    private let lock = NSLock()
    private(set) var added: [String] = []
    private(set) var finished = 0

    init(_ name: String, fails: Bool = false) {
        self.name = name
        self.fails = fails
    }

    func add(_ report: DocumentReport) throws {
        lock.lock()
        added.append(report.document.id)
        lock.unlock()
    }

    func finish() throws {
        lock.lock()
        finished += 1
        lock.unlock()
        if fails { throw Failed(name: name) }
    }
}

@Suite("Corpus sinks side by side")
struct CorpusSinksSideBySideTests {
    /// With any number of jobs every sink finishes once, a sink that cannot finish does not
    /// keep the others from finishing, and the first failure in the sinks' order is thrown.
    @Test func everySinkFinishesAndTheFirstFailureIsThrown() throws {
        for jobs in 1...4 {
            let sinks = [RecordingSink("csv"), RecordingSink("sqlite", fails: true), RecordingSink("html", fails: true), RecordingSink("more")]
            let error = #expect(throws: RecordingSink.Failed.self, "\(jobs) jobs") {
                try CorpusStage.eachSink(sinks, jobs: jobs) { try $0.finish() }
            }
            #expect(error == RecordingSink.Failed(name: "sqlite"), "\(jobs) jobs")
            #expect(sinks.map(\.finished) == [1, 1, 1, 1], "\(jobs) jobs")
            let fine = [RecordingSink("a"), RecordingSink("b"), RecordingSink("c")]
            try CorpusStage.eachSink(fine, jobs: jobs) { try $0.finish() }
            #expect(fine.map(\.finished) == [1, 1, 1])
        }
    }
}

@Suite("Inputs that share an id")
struct SharedIDTests {
    /// The earliest input in path order writes an id's reports, whatever order the inputs
    /// finish in; a failed write leaves the id to the others.
    @Test func theEarliestInputThatWritesOwnsTheReports() {
        let claims = ReportClaims()
        // A later input first: it writes; then an earlier one writes over it.
        #expect(claims.claim("a", index: 5))
        claims.finish("a", index: 5, written: true)
        #expect(claims.claim("a", index: 2))
        claims.finish("a", index: 2, written: true)
        // Then a later input, and the one in between, write nothing.
        #expect(!claims.claim("a", index: 7))
        #expect(!claims.claim("a", index: 3))
        // An input whose write failed owns nothing: the next one writes.
        #expect(claims.claim("b", index: 0))
        claims.finish("b", index: 0, written: false)
        #expect(claims.claim("b", index: 4))
        claims.finish("b", index: 4, written: true)
        #expect(!claims.claim("b", index: 6))
        // Other ids are their own.
        #expect(claims.claim("c", index: 9))
        claims.finish("c", index: 9, written: true)
    }

    /// An input done in an earlier run keeps the reports on disk unless a later input has
    /// written over them in this run; once it keeps them, later inputs write nothing and
    /// earlier ones still write.
    @Test func anInputDoneBeforeKeepsItsReportsUnlessALaterOneWroteOverThem() {
        let claims = ReportClaims()
        #expect(claims.keep("a", index: 3))
        #expect(!claims.claim("a", index: 5))
        #expect(claims.claim("a", index: 1))
        claims.finish("a", index: 1, written: true)
        #expect(!claims.claim("a", index: 3))
        // A later input wrote first: the earlier one must write again.
        #expect(claims.claim("b", index: 7))
        claims.finish("b", index: 7, written: true)
        #expect(!claims.keep("b", index: 2))
        #expect(claims.claim("b", index: 2))
        claims.finish("b", index: 2, written: true)
        #expect(!claims.claim("b", index: 7))
        // A later input that only kept them (nothing written in this run) changes nothing for
        // an earlier one, which keeps them too; then a later one writes nothing.
        #expect(claims.keep("c", index: 4))
        #expect(claims.keep("c", index: 1))
        #expect(claims.keep("c", index: 6))
        #expect(!claims.claim("c", index: 5))
        #expect(claims.claim("c", index: 0))
        claims.finish("c", index: 0, written: true)
        #expect(claims.keep("c", index: 1))
    }

    /// `ask` on another thread while input `writer` writes id "a", the write ended 50 ms
    /// later: an answer given without waiting for it is the one before the write.
    func askedDuringAWrite(by writer: Int, _ ask: @escaping @Sendable (ReportClaims) -> Bool) async -> Bool {
        let claims = ReportClaims()
        #expect(claims.claim("a", index: writer))
        return await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
            Thread.detachNewThread { done.resume(returning: ask(claims)) }
            Thread.sleep(forTimeInterval: 0.05)
            claims.finish("a", index: writer, written: true)
        }
    }

    /// An input done before waits, to keep the reports, for a write of them to end: the
    /// later input wrote over them, so the earlier one is to be processed again.
    @Test func keepingWaitsForTheWriteOfTheSameID() async {
        #expect(await !askedDuringAWrite(by: 4) { $0.keep("a", index: 1) })
    }

    /// A second input claiming an id that another is writing waits for that write to end.
    @Test func aClaimWaitsForTheWriteOfTheSameID() async {
        #expect(await !askedDuringAWrite(by: 1) { $0.claim("a", index: 3) })
    }

    /// The same document at several paths: one report, naming the first path, in every run
    /// (the workers finish in any order), and an entry for each path.
    @Test func theReportNamesTheFirstPath() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let inputs = work.appendingPathComponent("in")
        let names = ["a", "b", "c", "d", "e", "f"]
        for name in names {
            let folder = inputs.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: seed, to: folder.appendingPathComponent("statement.txt"))
        }
        for round in 0..<3 {
            let out = work.appendingPathComponent("out\(round)")
            let summary = try run([inputs], out: out)
            #expect(summary.manifest.documents.count == names.count)
            #expect(summary.manifest.documents.allSatisfy { $0.status == .ok })
            let ids = Set(summary.manifest.documents.compactMap(\.id))
            #expect(ids.count == 1)
            let first = inputs.appendingPathComponent("a/statement.txt").path
            let report = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("documents/\(ids.first!).json"))) as? [String: Any]
            let document = report?["document"] as? [String: Any]
            #expect(document?["source"] as? String == first)
            let xml = try String(contentsOf: out.appendingPathComponent("documents/\(ids.first!).xml"), encoding: .utf8)
            #expect(xml.contains("source=\"\(first)\""))
            let corpus = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("corpus.json"))) as? [String: Any]
            let documents = corpus?["documents"] as? [[String: Any]]
            #expect(documents?.count == 1)
            #expect(documents?.first?["source"] as? String == first)
            #expect(tree(out.appendingPathComponent("documents")).count == 2)
        }
    }

    /// A copy added at an earlier path than one done in a previous run: the reports name it,
    /// as a run from nothing would; and so they still do in the next run, with nothing new.
    @Test func aCopyAddedEarlierInPathOrderTakesTheReportsOver() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let inputs = work.appendingPathComponent("in")
        let out = work.appendingPathComponent("out")
        func copy(to name: String) throws {
            let folder = inputs.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: seed, to: folder.appendingPathComponent("statement.txt"))
        }
        func source(_ summary: BatchRun.Summary) throws -> String? {
            let id = try #require(summary.manifest.documents.first?.id)
            let report = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("documents/\(id).json"))) as? [String: Any]
            return (report?["document"] as? [String: Any])?["source"] as? String
        }
        let first = inputs.appendingPathComponent("a/statement.txt").path
        try copy(to: "b")
        _ = try run([inputs], out: out)
        try copy(to: "a")
        let second = try run([inputs], out: out)
        #expect(entry(second, "/b/statement.txt")?.status == .unchanged)
        #expect(entry(second, "/a/statement.txt")?.status == .ok)
        #expect(try source(second) == first)
        let third = try run([inputs], out: out)
        #expect(third.manifest.documents.allSatisfy { $0.status == .unchanged })
        #expect(try source(third) == first)
        // Copies added later in path order write nothing over it, whichever worker is first.
        for name in ["c", "d", "e"] { try copy(to: name) }
        let fourth = try run([inputs], out: out)
        #expect(entry(fourth, "/e/statement.txt")?.status == .ok)
        #expect(try source(fourth) == first)
        let corpus = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("corpus.json"))) as? [String: Any]
        #expect((corpus?["documents"] as? [[String: Any]])?.first?["source"] as? String == first)
    }
}

@Suite("Corpus outputs on several jobs")
struct CorpusJobsTests {
    /// The corpus stage's sinks run side by side with more than one job: every output, the
    /// SQLite store byte for byte included, is the one-job run's.
    @Test func oneJobAndTwoJobsWriteTheSameFiles() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        var outputs: [[String: Data]] = []
        for jobs in [1, 2, 3] {
            let out = work.appendingPathComponent("out\(jobs)")
            _ = try BatchRun(options: .init(inputs: [repositoryRoot.appendingPathComponent("Corpus").path], outputDirectory: out, jobs: jobs)).run()
            var files: [String: Data] = [:]
            for path in tree(out) where !path.hasPrefix(".accord") {
                var isFolder: ObjCBool = false
                let url = out.appendingPathComponent(path)
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
                files[path] = try Data(contentsOf: url)
            }
            #expect(files.keys.contains("accord.sqlite"))
            #expect(files.keys.contains("index.html"))
            #expect(files.keys.contains { $0.hasPrefix("csv/") })
            outputs.append(files)
        }
        for other in outputs.dropFirst() {
            #expect(Set(other.keys) == Set(outputs[0].keys))
            for (path, data) in outputs[0] { #expect(other[path] == data, "\(path)") }
        }
    }
}

@Suite("Atomic files")
struct AtomicFileTests {
    /// Files committed together all appear; when one of them cannot be, none of the targets
    /// changes and no temporary file is left.
    @Test func filesCommittedTogetherAppearTogetherOrNotAtAll() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let one = work.appendingPathComponent("one.json"), two = work.appendingPathComponent("two.xml")
        let first = try AtomicFile.Writer(one), second = try AtomicFile.Writer(two)
        first.write(Data("1".utf8))
        second.write(Data("2".utf8))
        try AtomicFile.Writer.commit([first, second])
        #expect(try Data(contentsOf: one) == Data("1".utf8))
        #expect(try Data(contentsOf: two) == Data("2".utf8))
        // The second writer is closed already (committed): the pair fails before any rename.
        let again = try AtomicFile.Writer(one), closed = try AtomicFile.Writer(two)
        again.write(Data("new".utf8))
        closed.write(Data("new".utf8))
        try closed.commit()
        try Data("2".utf8).write(to: two)
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.Writer.commit([again, closed]) }
        #expect(try Data(contentsOf: one) == Data("1".utf8))
        #expect(try Data(contentsOf: two) == Data("2".utf8))
        #expect(tree(work).sorted() == ["one.json", "two.xml"])
    }
}

@Suite("Inputs reached twice")
struct InputsReachedTwiceTests {
    /// A file or folder reached by a symbolic link and by its own path is collected once (and
    /// named by the path that comes first); the resolved path is Foundation's answer.
    @Test func aFileReachedTwiceIsCollectedOnce() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let real = root.appendingPathComponent("real dir/é")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        try Data("The Parties agree.".utf8).write(to: real.appendingPathComponent("a.txt"))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("link.txt").path, withDestinationPath: real.appendingPathComponent("a.txt").path)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("linked dir").path, withDestinationPath: "real dir")
        let (files, problems) = InputCollector.collect([root.path])
        #expect(problems.isEmpty)
        #expect(files.map(\.path) == [root.appendingPathComponent("link.txt").path])
        #if os(Linux)
        // (On macOS Foundation leaves /private out of /tmp's paths; realpath keeps it.)
        for path in [root.appendingPathComponent("link.txt").path, root.appendingPathComponent("linked dir/é/../é/a.txt").path, real.path] {
            #expect(InputCollector.realPath(path) == URL(fileURLWithPath: path).resolvingSymlinksInPath().path, "\(path)")
        }
        #endif
        #expect(InputCollector.realPath(root.appendingPathComponent("missing").path) == nil)
    }
}

@Suite("Manifest JSON")
struct ManifestJSONTests {
    /// The manifest written field by field is `JSONEncoder`'s, byte for byte: every optional
    /// field present and absent, empty lists, strings with quotes, backslashes, slashes,
    /// control characters and text beyond ASCII, no entries at all.
    @Test func writtenAsJSONEncoderWritesIt() throws {
        let strings = ["", "plain", "a \"quoted\" \\ path/with/slashes", "tab\tline\nfeed\u{1}\u{1F}", "México – Россия 𝄞"]
        var entries: [Manifest.Entry] = []
        for (k, text) in strings.enumerated() {
            for status in [Manifest.Status.ok, .failed, .unchanged, .unsupported] {
                let all = k % 2 == 0
                entries.append(Manifest.Entry(path: "Corpus/\(text).txt", id: all ? "doc-\(k)" : nil, sha256: all ? String(repeating: "ab", count: 32) : nil,
                                              status: status, kind: k == 1 ? nil : "agreement", outputs: k == 3 ? [] : ["documents/\(text).json", "documents/x.xml"],
                                              warnings: k == 4 ? nil : k, error: status == .failed ? "cannot read \(text)" : nil))
            }
        }
        for manifest in [Manifest(pipeline: "accord 1 (config sha256 abc)", documents: entries), Manifest(pipeline: "p/\"q\"", documents: [])] {
            #expect(manifest.jsonData() == (try JSONOutput.foundationEncode(manifest)))
            #expect(try JSONDecoder().decode(Manifest.self, from: manifest.jsonData()).documents == manifest.documents)
        }
    }
}

@Suite("State JSON")
struct StateJSONTests {
    /// The state file and the journal's lines written field by field are what `JSONEncoder`
    /// with sorted keys makes of them, byte for byte, and read back as the records: every
    /// optional field present and absent, counts, no records, and strings with quotes,
    /// backslashes, slashes, every control character and text beyond ASCII.
    @Test func writtenAsJSONEncoderWritesIt() throws {
        let controls = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar(UInt8($0)) }))
        let strings = ["", "plain", "a \"quoted\" \\ path/with/slashes", controls, "México – Россия 𝄞 \u{7F}\u{2028}"]
        var records: [StateStore.Record] = []
        for (k, text) in strings.enumerated() {
            for status in [Manifest.Status.ok, .unchanged] {
                let all = k % 2 == 0
                let entry = Manifest.Entry(path: "Corpus/\(text).txt", id: all ? "doc-\(k)" : nil, sha256: all ? String(repeating: "ab", count: 32) : nil,
                                           status: status, kind: k == 1 ? nil : "agreement", outputs: k == 3 ? [] : ["documents/\(text).json", "documents/x.xml"],
                                           warnings: k == 4 ? nil : k, error: k == 2 ? "cannot read \(text)" : nil)
                let document = k == 1 ? nil : CorpusReport.DocumentEntry(
                    id: "doc-\(k)", source: text, kind: "agreement", genre: all ? "treaty/\(text)" : nil, title: k == 3 ? nil : text,
                    date: all ? "2013-03-26" : nil,
                    counts: k == 4 ? nil : (k == 0 ? [:] : ["entities": 12, "agreements": k, "programs": 0, "commitments": 1_000_000, "quotes": -1]))
                records.append(StateStore.Record(entry: entry, document: document))
            }
        }
        let sorted = JSONEncoder()
        sorted.outputFormatting = [.sortedKeys]
        for snapshot in [StateStore.Snapshot(pipeline: "accord 1 (config sha256 abc)", records: records), StateStore.Snapshot(pipeline: "p/\"q\"", records: [])] {
            let data = StateJSON.snapshot(snapshot)
            #expect(data == (try sorted.encode(snapshot)))
            let read = try JSONDecoder().decode(StateStore.Snapshot.self, from: data)
            #expect(read.pipeline == snapshot.pipeline && read.records.map(\.entry) == snapshot.records.map(\.entry)
                    && read.records.map(\.document) == snapshot.records.map(\.document))
        }
        for record in records {
            let line = try #require(StateStore.journalLine(record))
            #expect(line == (try sorted.encode(record)) + [0x0A])
            #expect(try JSONDecoder().decode(StateStore.Record.self, from: line.dropLast()).entry == record.entry)
        }
        #expect(StateStore.journalLine(StateStore.Record(entry: Manifest.Entry(path: "x", status: .failed))) == nil)
    }
}
