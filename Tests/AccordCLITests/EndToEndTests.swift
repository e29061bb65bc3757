import AccordReport
import Foundation
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The built `accord` binary, beside the test bundle.
func accordBinary() throws -> URL {
    var candidates: [URL] = []
    var directory = Bundle.main.bundleURL
    for _ in 0..<3 {
        candidates.append(directory.appendingPathComponent("accord"))
        directory.deleteLastPathComponent()
    }
    candidates.append(repositoryRoot.appendingPathComponent(".build/debug/accord"))
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidates.map(\.path).joined(separator: ", ")])
    }
    return found
}

struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
    var stdoutData: Data
}

func accord(_ arguments: [String], in directory: URL, stdin: Data? = nil) throws -> CommandResult {
    let process = Process()
    process.executableURL = try accordBinary()
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = stdin == nil ? FileHandle.nullDevice : input
    try process.run()
    if let stdin {
        input.fileHandleForWriting.write(stdin)
        try input.fileHandleForWriting.close()
    }
    // Read both pipes fully before waiting, so a large report cannot block the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
}

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("accord-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func files(under url: URL) -> [String] {
    (FileManager.default.enumerator(atPath: url.path)?.allObjects as? [String] ?? []).sorted()
}

@Suite("accord end to end", .serialized)
struct EndToEndTests {
    @Test func runsTheBundledCorpusByDefault() throws {
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Corpus"), to: work.appendingPathComponent("Corpus"))
        let result = try accord(["run"], in: work)
        #expect(result.status == 0, "\(result.stderr)")
        let documents = try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("Corpus").path)
            .filter { ($0.hasSuffix(".txt") || $0.hasSuffix(".md")) && $0 != "SOURCES.md" && $0 != "README.md" }
        let line = try #require(result.stdout.split(separator: "\n").last)
        #expect(line.hasPrefix("\(documents.count) documents, \(documents.count) ok, 0 failed, "))
        let output = work.appendingPathComponent("Output")
        let written = files(under: output.appendingPathComponent("documents"))
        #expect(written.filter { $0.hasSuffix(".json") }.count == documents.count)
        #expect(written.filter { $0.hasSuffix(".xml") }.count == documents.count)
        #expect(!written.contains { $0.contains(".tmp") })
        let manifestData = try Data(contentsOf: output.appendingPathComponent("manifest.json"))
        #expect(try JSONSchemaValidator(schema: try ReportSchemas.jsonSchema("manifest")).validate(manifestData).isEmpty)
        let corpusData = try Data(contentsOf: output.appendingPathComponent("corpus.json"))
        #expect(try JSONSchemaValidator(schema: try ReportSchemas.jsonSchema("corpus")).validate(corpusData).isEmpty)
        let corpus = try JSONSerialization.jsonObject(with: corpusData) as! [String: Any]
        #expect((corpus["documents"] as! [Any]).count == documents.count)
        // Every report the run wrote is valid: XML against the XSD, JSON against the JSON Schema.
        let validator = try ReportSchemas.documentXMLValidator()
        let jsonValidator = try JSONSchemaValidator(schema: try ReportSchemas.jsonSchema("document"))
        for name in written {
            let data = try Data(contentsOf: output.appendingPathComponent("documents").appendingPathComponent(name))
            if name.hasSuffix(".xml") { #expect(validator.validate(data).isEmpty, "\(name)") }
            if name.hasSuffix(".json") { #expect(jsonValidator.validate(data).isEmpty, "\(name)") }
        }
    }

    @Test func badInputsAreReportedAndTheRestIsProcessed() throws {
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let inputs = work.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Corpus/us-mexico-border-security.txt"),
                                         to: inputs.appendingPathComponent("seed.txt"))
        try Data("<?xml version=\"1.0\"?>\n<treaty>\n<body><p>The Parties shall".utf8).write(to: inputs.appendingPathComponent("truncated.xml"))
        try Data([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 200)).write(to: inputs.appendingPathComponent("program.txt"))
        try Data().write(to: inputs.appendingPathComponent("empty.txt"))
        try Data("%PDF-1.4\n".utf8).write(to: inputs.appendingPathComponent("scan.pdf"))
        try Data("<html><body><main><p>The two Presidents met in Mexico City.</p></main></body></html>".utf8)
            .write(to: inputs.appendingPathComponent("page.html"))

        let result = try accord(["run", "in", "--out", "out"], in: work)
        #expect(result.status == 1)
        #expect(result.stdout.contains("6 documents, 2 ok, 4 failed"))
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: work.appendingPathComponent("out/manifest.json"))) as! [String: Any]
        let entries = manifest["documents"] as! [[String: Any]]
        #expect(entries.count == 6)
        func entry(_ name: String) -> [String: Any]? { entries.first { ($0["path"] as? String) == "in/\(name)" } }
        #expect(entry("seed.txt")?["status"] as? String == "ok")
        #expect(entry("page.html")?["status"] as? String == "ok")
        let truncated = try #require(entry("truncated.xml"))
        #expect(truncated["status"] as? String == "failed")
        #expect((truncated["error"] as? String)?.hasPrefix("in/truncated.xml: malformed XML at line") == true)
        #expect((entry("program.txt")?["error"] as? String)?.contains("in/program.txt: binary content") == true)
        #expect((entry("empty.txt")?["error"] as? String) == "in/empty.txt: empty file (stage: ingest)")
        // Not a real PDF: pdftotext fails (or is missing), and the reason says so.
        #expect(entry("scan.pdf")?["status"] as? String == "failed")
        #expect((entry("scan.pdf")?["error"] as? String)?.contains("pdftotext") == true)
        #expect(result.stderr.contains("in/truncated.xml"))
        // No report and no temporary file for the failed ones.
        let written = files(under: work.appendingPathComponent("out"))
        #expect(written.filter { $0.hasSuffix(".json") && $0.hasPrefix("documents/") }.count == 2)
        #expect(!written.contains { $0.contains(".tmp") })
    }

    @Test func outputIsByteIdenticalAcrossRuns() throws {
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let corpus = repositoryRoot.appendingPathComponent("Corpus").path
        #expect(try accord(["run", corpus, "--out", "a", "--jobs", "1"], in: work).status == 0)
        #expect(try accord(["run", corpus, "--out", "b", "--jobs", "2"], in: work).status == 0)
        let a = files(under: work.appendingPathComponent("a")).filter { !$0.hasPrefix(".accord") }
        #expect(a == files(under: work.appendingPathComponent("b")).filter { !$0.hasPrefix(".accord") })
        for name in a where name.contains(".") {
            let left = try Data(contentsOf: work.appendingPathComponent("a").appendingPathComponent(name))
            let right = try Data(contentsOf: work.appendingPathComponent("b").appendingPathComponent(name))
            #expect(left == right, "\(name)")
        }
    }

    /// `accord bench --one-text`: one text of the bundled documents, measured as one
    /// document; refused beside --diff and past 64 MB, with exit status 2.
    @Test func benchJoinsTheDocumentsIntoOneText() throws {
        let result = try accord(["bench", "Corpus", "--one-text", "--size", "0.1", "--rounds", "1", "--jobs", "1", "--json"], in: repositoryRoot)
        #expect(result.status == 0)
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(report?["documents"] as? Int == 1 && report?["distinctDocuments"] as? Int == 1)
        #expect((report?["bytes"] as? Int ?? 0) >= 100_000)
        let withDiff = try accord(["bench", "--one-text", "--diff"], in: repositoryRoot)
        #expect(withDiff.status == 2 && withDiff.stderr.contains("--one-text"))
        let tooLarge = try accord(["bench", "--one-text", "--size", "100"], in: repositoryRoot)
        #expect(tooLarge.status == 2 && tooLarge.stderr.contains("64 MB"))
    }

    @Test func extractPrintsOneReport() throws {
        let seed = repositoryRoot.appendingPathComponent("Corpus/us-mexico-border-security.txt")
        let json = try accord(["extract", seed.path], in: repositoryRoot)
        #expect(json.status == 0)
        #expect(try JSONSchemaValidator(schema: try ReportSchemas.jsonSchema("document")).validate(json.stdoutData).isEmpty)
        let xml = try accord(["extract", seed.path, "--format", "xml"], in: repositoryRoot)
        #expect(xml.status == 0)
        #expect(try ReportSchemas.documentXMLValidator().validate(xml.stdoutData).isEmpty)
        let stdin = try accord(["extract", "-"], in: repositoryRoot, stdin: try Data(contentsOf: seed))
        #expect(stdin.status == 0)
        #expect(stdin.stdout.contains("\"source\" : \"-\""))
        #expect(stdin.stdout.contains("\"kind\" : \"press-statement\""))
    }

    @Test func explainShowsTheWordsAndTheRuleOfEveryRecord() throws {
        let seed = repositoryRoot.appendingPathComponent("Corpus/us-mexico-border-security.txt")
        let result = try accord(["extract", seed.path, "--explain"], in: repositoryRoot)
        #expect(result.status == 0)
        for expected in ["Entities", "Agreements", "Programs", "Commitments", "Quotes",
                         "Janet Napolitano", "(line 3)", "listed in the country gazetteer",
                         "a name after a title of office", "signed by Janet Napolitano, Miguel Ángel Osorio Chong"] {
            #expect(result.stdout.contains(expected), "missing \(expected)")
        }
    }

    @Test func evalScoresTheBundledCorpus() throws {
        let result = try accord(["eval", "--gold", "Corpus", "--json"], in: repositoryRoot)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: result.stdoutData) as! [String: Any]
        let scores = json["scores"] as! [String: Any]
        #expect((scores["documents"] as! Int) >= 5)
        let table = try accord(["eval", "--gold", "Corpus"], in: repositoryRoot)
        #expect(table.stdout.contains("entities"))
        #expect(table.stdout.contains("precision"))
    }

    @Test func aConfigurationIsCheckedShownAndUsed() throws {
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let fixture = repositoryRoot.appendingPathComponent("Tests/Data/config")
        let check = try accord(["config", "check", fixture.appendingPathComponent("accord.yaml").path], in: work)
        #expect(check.status == 0)
        #expect(check.stdout.contains("ok (2 entities, 1 programs"))
        // accord.yaml in the working folder is used by default.
        try FileManager.default.copyItem(at: fixture.appendingPathComponent("accord.yaml"), to: work.appendingPathComponent("accord.yaml"))
        let explain = try accord(["extract", fixture.appendingPathComponent("border-water-talks.txt").path, "--explain"], in: work)
        #expect(explain.stdout.contains("defined in your configuration (accord.yaml:"))
        let show = try accord(["config", "show"], in: work)
        #expect(show.status == 0)
        #expect(show.stdout.contains("stands ready to"))
        #expect(show.stdout.contains("Rio Bravo Watch"))
        // A broken configuration stops the run before it starts, naming file, line and problem.
        try Data("entities:\n  - name: A\n    type: person\n    roles:\n      - title: T\n        from: 2020-02-31\n".utf8)
            .write(to: work.appendingPathComponent("accord.yaml"))
        let bad = try accord(["run", fixture.path, "--out", "out"], in: work)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("accord.yaml:6:"))
        #expect(bad.stderr.contains("is not a date"))
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("out").path))
        let badCheck = try accord(["config", "check"], in: work)
        #expect(badCheck.status == 1)
    }

    /// Copies of the bundled documents under distinct names, enough for a run to take a while.
    func bigCorpus(_ count: Int, in folder: URL) throws -> URL {
        let corpus = folder.appendingPathComponent("big")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        let sources = try FileManager.default.contentsOfDirectory(at: repositoryRoot.appendingPathComponent("Corpus"), includingPropertiesForKeys: nil)
            .filter { ["txt", "md"].contains($0.pathExtension) && !$0.lastPathComponent.hasPrefix("SOURCES") }
            .sorted { $0.path < $1.path }
        for index in 0..<count {
            let source = sources[index % sources.count]
            var data = try Data(contentsOf: source)
            data.append(Data("\nCopy \(index).\n".utf8))  // distinct content, distinct ids
            try data.write(to: corpus.appendingPathComponent("doc-\(index).\(source.pathExtension)"))
        }
        return corpus
    }

    func outputs(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in files(under: folder) where !name.hasPrefix(".accord") && name.contains(".") {
            result[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return result
    }

    @Test func aRunKilledPartWayResumesToTheSameOutputs() throws {
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let corpus = try bigCorpus(120, in: work)
        let clean = try accord(["run", corpus.path, "--out", "clean", "--jobs", "2"], in: work)
        #expect(clean.status == 0)
        // Start a run and SIGKILL it once some documents are done.
        let process = Process()
        process.executableURL = try accordBinary()
        process.arguments = ["run", corpus.path, "--out", "killed", "--jobs", "1"]
        process.currentDirectoryURL = work
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let journal = work.appendingPathComponent("killed/.accord/journal.jsonl")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let text = try? String(contentsOf: journal, encoding: .utf8), text.split(separator: "\n").count >= 5 { break }
            usleep(2_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let partial = try outputs(work.appendingPathComponent("killed"))
        #expect(partial.count < (try outputs(work.appendingPathComponent("clean"))).count)
        // Run again: it finishes, and everything equals the uninterrupted run, byte for byte.
        let resumed = try accord(["run", corpus.path, "--out", "killed", "--jobs", "2"], in: work)
        #expect(resumed.status == 0)
        let a = try outputs(work.appendingPathComponent("clean"))
        let b = try outputs(work.appendingPathComponent("killed"))
        #expect(a.keys.sorted() == b.keys.sorted())
        for (name, data) in a { #expect(b[name] == data, "\(name) differs") }
    }

    @Test func aSecondRunOverAnUnchangedCorpusDoesNoWork() throws {
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let corpus = try bigCorpus(60, in: work)
        let first = try accord(["run", corpus.path, "--out", "out"], in: work)
        #expect(first.status == 0)
        let second = try accord(["run", corpus.path, "--out", "out"], in: work)
        #expect(second.status == 0)
        #expect(second.stdout.contains("60 unchanged (no extraction work)"))
        func seconds(_ line: String) -> Double { Double(line.split(separator: ",").last!.trimmingCharacters(in: .whitespaces).split(separator: " ")[0])! }
        #expect(seconds(second.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) < seconds(first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) / 3)
        // A changed document, and only it, is processed again.
        try Data("Mexico and the United States agreed today to meet again.".utf8).write(to: corpus.appendingPathComponent("doc-3.txt"))
        let third = try accord(["run", corpus.path, "--out", "out"], in: work)
        #expect(third.stdout.contains("60 documents, 1 ok, 0 failed, 59 unchanged"))
        // --force does it all again.
        #expect(try accord(["run", corpus.path, "--out", "out", "--force"], in: work).stdout.contains("60 documents, 60 ok, 0 failed"))
    }

    @Test func shardedRunsMergedEqualOneRun() throws {
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let corpus = try bigCorpus(30, in: work)
        #expect(try accord(["run", corpus.path, "--out", "whole"], in: work).status == 0)
        var totals = 0
        for k in 1...3 {
            let part = try accord(["run", corpus.path, "--out", "part-\(k)", "--shard", "\(k)/3"], in: work)
            #expect(part.status == 0)
            totals += Int(part.stdout.split(separator: " ")[0])!
        }
        #expect(totals == 30)
        let merge = try accord(["merge", "part-1", "part-2", "part-3", "--out", "merged"], in: work)
        #expect(merge.status == 0, "\(merge.stderr)")
        for name in ["corpus.json", "manifest.json"] {
            let a = try Data(contentsOf: work.appendingPathComponent("whole/\(name)"))
            let b = try Data(contentsOf: work.appendingPathComponent("merged/\(name)"))
            #expect(a == b, "\(name) differs")
        }
        #expect(files(under: work.appendingPathComponent("whole/documents")) == files(under: work.appendingPathComponent("merged/documents")))
        #expect(try accord(["run", corpus.path, "--shard", "4/3"], in: work).status == 2)
    }

    @Test func jsonLogsForMachines() throws {
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let result = try accord(["run", seedPath, "--out", "out", "--log-format", "json"], in: work)
        let lines = result.stderr.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.contains { $0["event"] as? String == "document" && $0["status"] as? String == "ok" })
        #expect(lines.contains { $0["event"] as? String == "summary" && $0["ok"] as? Int == 1 })
    }

    var seedPath: String { repositoryRoot.appendingPathComponent("Corpus/us-mexico-border-security.txt").path }

    /// The example queries of the README, run with the sqlite3 tool (or GRDB's SQLite when
    /// the tool is missing) against a run over the bundled corpus.
    @Test func theREADMEQueriesReturnTheRightRows() throws {
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        // The bundled corpus, and a statement of 2021 that reports a signing.
        let extra = work.appendingPathComponent("extra")
        try FileManager.default.createDirectory(at: extra, withIntermediateDirectories: true)
        try Data("---\ntitle: Border health\ndate: '2021-05-04'\n---\n\nThe United States and Mexico signed an agreement on border health cooperation today.\n".utf8)
            .write(to: extra.appendingPathComponent("border-health.md"))
        #expect(try accord(["run", repositoryRoot.appendingPathComponent("Corpus").path, extra.path, "--out", "out"], in: work).status == 0)
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var queries: [String: String] = [:]
        var current: String?
        var sql = ""
        for line in readme.components(separatedBy: "\n") {
            if line.hasPrefix("-- query: ") { current = String(line.dropFirst("-- query: ".count)); sql = ""; continue }
            if current != nil {
                sql += line + "\n"
                if line.hasSuffix(";") { queries[current!] = sql; current = nil }
            }
        }
        #expect(queries.count == 3)
        func run(_ query: String) throws -> [String] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = [work.appendingPathComponent("out/accord.sqlite").path, query]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else {
            Issue.record("sqlite3 is not installed (.ci/run installs it)")
            return
        }
        let mexico = try run(queries["every commitment by Mexico"]!)
        #expect(mexico.contains { $0.contains("affirmed Mexico's commitment to the strengthened bilateral real-time communication") })
        #expect(mexico.count >= 10)
        let signed = try run(queries["agreements signed in 2021"]!)
        #expect(signed.count == 1)
        #expect(signed.first?.contains("agreement on border health cooperation") == true)
        let program = try run(queries["documents that mention a program"]!)
        #expect(program.contains { $0.hasPrefix("2021-09-09-re-launching-the-u-s-mexico-high-level-economic") })
    }

    @Test func usageErrorsExitWithTwo() throws {
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let badJobs = try accord(["run", "x", "--jobs", "0"], in: work)
        #expect(badJobs.status == 2)
        #expect(badJobs.stderr.contains("--jobs"))
        let noCorpus = try accord(["run"], in: work)
        #expect(noCorpus.status == 2)
        #expect(noCorpus.stderr.contains("Corpus"))
        let unknown = try accord(["frobnicate"], in: work)
        #expect(unknown.status == 2)
        let missing = try accord(["extract", "nope.txt"], in: work)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nope.txt"))
    }

    @Test func helpExplainsEveryCommand() throws {
        let help = try accord(["--help"], in: repositoryRoot)
        #expect(help.status == 0)
        for word in ["run", "extract", "Examples"] { #expect(help.stdout.contains(word)) }
        let runHelp = try accord(["run", "--help"], in: repositoryRoot)
        for word in ["--out", "--jobs", "Exit status", "manifest.json"] { #expect(runHelp.stdout.contains(word)) }
    }
}

@Suite("deterministic output")
struct DeterminismTests {
    /// Swift seeds its hashing per process, so a report that depended on a dictionary's
    /// order would differ between two runs of the same binary on the same input.
    @Test func sameInputSameReportAcrossProcesses() throws {
        let text = """
            Joint Statement on Climate Cooperation

            The leaders reaffirmed their commitment to the United Nations Framework Convention on \
            Climate Change and the Paris Agreement. They will implement the Paris Agreement and \
            support the Joint Committee and the Joint Scientific Committee of the program.
            """
        let first = try accord(["extract", "-"], in: repositoryRoot, stdin: Data(text.utf8))
        #expect(first.status == 0)
        for _ in 0..<5 {
            let again = try accord(["extract", "-"], in: repositoryRoot, stdin: Data(text.utf8))
            #expect(again.stdoutData == first.stdoutData)
        }
    }
}
