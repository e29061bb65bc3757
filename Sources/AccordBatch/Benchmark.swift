import AccordCore
import AccordReport
import Foundation

/// `accord bench`: throughput of the pipeline on real texts, per stage and end to end,
/// with one job and with all cores. Kept apart from the tests: timing is not a test.
public struct Benchmark: Sendable {
    public struct Options: Sendable {
        public var inputs: [String]
        /// The corpus is replicated up to this many bytes.
        public var targetBytes: Int
        public var jobs: Int
        /// How many of the slowest documents (least MB/s, ingest to reports) to report.
        public var slowest: Int
        /// Each measurement (one job, all jobs, `wc -w`) is taken this many times and the
        /// median pass reported: one pass on a shared machine can be off by 10% or more. (One
        /// by default here; `accord bench` takes three.)
        public var rounds: Int
        /// The documents joined into one plain text of `targetBytes` (blank lines between
        /// them), instead of replicated as documents of their own: the cost of a byte of one
        /// long text, which no step should let grow with the text's length.
        public var oneText: Bool

        public init(inputs: [String], targetBytes: Int, jobs: Int, slowest: Int = 0, rounds: Int = 1, oneText: Bool = false) {
            self.inputs = inputs
            self.targetBytes = targetBytes
            self.jobs = jobs
            self.slowest = slowest
            self.rounds = max(1, rounds)
            self.oneText = oneText
        }
    }

    public struct Report: Codable, Sendable {
        public struct StageFigure: Codable, Sendable {
            public var stage: String
            public var seconds: Double
            public var megabytesPerSecond: Double
        }

        public struct Run: Codable, Sendable {
            public var jobs: Int
            public var seconds: Double
            public var megabytesPerSecond: Double
            public var documentsPerSecond: Double
        }

        public var documents: Int
        public var distinctDocuments: Int
        /// Passes of each measurement; the figures are the median pass's.
        public var rounds: Int
        public var bytes: Int
        public var stages: [StageFigure]
        public var runs: [Run]
        public struct DocumentFigure: Codable, Sendable {
            public var path: String
            public var bytes: Int
            public var megabytesPerSecond: Double
        }

        public var wcWordsMegabytesPerSecond: Double?
        /// `wc -w`'s rate over the one-job rate, paired: each round's `wc -w` is timed right
        /// after that round's one-job pass, and the median round's quotient reported (for an
        /// even number of rounds, the larger). The machine's speed drifts from minute to
        /// minute, so a quotient of two medians taken minutes apart drifts with it. Nil
        /// without `wc`.
        public var wcWordsRatio: Double? = nil
        public var peakMemoryMegabytes: Double
        /// The distinct documents that went slowest, ingest to reports on one job (all their
        /// copies together), slowest first; only when asked for.
        public var slowest: [DocumentFigure]?
    }

    let pipeline: Pipeline
    let options: Options

    public init(pipeline: Pipeline = Pipeline(), options: Options) {
        self.pipeline = pipeline
        self.options = options
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> Report {
        let (files, _) = InputCollector.collect(options.inputs)
        var distinct: [DocumentInput] = []
        for file in files {
            guard let data = try? Data(contentsOf: file.url), data.count < 64 << 20 else { continue }
            let input = DocumentInput(bytes: Array(data), path: file.path)
            // Only documents the pipeline accepts count.
            if (try? pipeline.run(input)) != nil { distinct.append(input) }
        }
        guard !distinct.isEmpty else { throw BenchmarkError("no readable documents under \(options.inputs.joined(separator: ", "))") }
        if options.oneText { distinct = [try Self.oneText(distinct, bytes: options.targetBytes, pipeline: pipeline)] }
        // Replicate up to the target size: the same texts, as many times as it takes.
        var corpus: [DocumentInput] = []
        var origin: [Int] = []  // each copy's distinct document
        var bytes = 0
        var round = 0
        while bytes < options.targetBytes {
            for (index, input) in distinct.enumerated() where bytes < options.targetBytes {
                corpus.append(DocumentInput(bytes: input.bytes, path: round == 0 ? input.path : "\(input.path)#\(round)"))
                origin.append(index)
                bytes += input.bytes.count
            }
            round += 1
        }
        let megabytes = Double(bytes) / 1_000_000
        progress("corpus: \(corpus.count) documents (\(distinct.count) distinct), \(String(format: "%.1f", megabytes)) MB")

        // Per stage, one job: each round's figures, and the median round's reported (by its
        // end to end time; its stages with it, so they add up). For an even number of rounds,
        // the slower of the two middle ones, here and below.
        // Each round's `wc -w` on the same bytes right after its pass (the file written
        // once, before the first).
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        let wordCountFile = Self.writeWordCountFile(corpus)
        defer { if let wordCountFile { try? FileManager.default.removeItem(at: wordCountFile) } }
        var onePass: [OnePass] = []
        var wc: [Double] = []
        var ratios: [Double] = []
        for _ in 0..<options.rounds {
            let pass = try Self.oneJob(pipeline, corpus, origin: origin, distinct: distinct.count)
            onePass.append(pass)
            guard let wordCountFile, let rate = Self.wordCountRate(wordCountFile, bytes: bytes) else { continue }
            wc.append(rate)
            ratios.append(rate / (megabytes / seconds(pass.single)))
        }
        let one = Self.slowerMiddle(onePass, slower: { $0.single > $1.single })
        let stages = [Stage.ingest, .normalize, .segment, .classify, .extract, .emit, .link].map { stage in
            let s = seconds(one.stageTime[stage] ?? .zero)
            return Report.StageFigure(stage: stage.rawValue, seconds: s, megabytesPerSecond: s > 0 ? megabytes / s : 0)
        }
        var runs = [Report.Run(jobs: 1, seconds: seconds(one.single), megabytesPerSecond: megabytes / seconds(one.single),
                               documentsPerSecond: Double(corpus.count) / seconds(one.single))]
        progress("1 job: \(String(format: "%.1f", megabytes / seconds(one.single))) MB/s")

        if options.jobs > 1 {
            let parallel = Self.slowerMiddle((0..<options.rounds).map { _ in Self.allJobs(pipeline, corpus, jobs: options.jobs) }, slower: >)
            runs.append(Report.Run(jobs: options.jobs, seconds: seconds(parallel), megabytesPerSecond: megabytes / seconds(parallel),
                                   documentsPerSecond: Double(corpus.count) / seconds(parallel)))
            progress("\(options.jobs) jobs: \(String(format: "%.1f", megabytes / seconds(parallel))) MB/s")
        }
        let documentTime = one.documentTime
        var slowest: [Report.DocumentFigure]?
        if options.slowest > 0 {
            let copies = origin.reduce(into: [Int](repeating: 0, count: distinct.count)) { $0[$1] += 1 }
            slowest = distinct.indices.filter { copies[$0] > 0 && documentTime[$0] > .zero }.map { index in
                let megabytes = Double(distinct[index].bytes.count * copies[index]) / 1_000_000
                return Report.DocumentFigure(path: distinct[index].path, bytes: distinct[index].bytes.count,
                                             megabytesPerSecond: megabytes / seconds(documentTime[index]))
            }.sorted { $0.megabytesPerSecond < $1.megabytesPerSecond }.prefix(options.slowest).map { $0 }
        }
        // (Rates, not times: the slower round is the lower rate; of the quotients, the one
        // less kind to Accord is the larger.)
        return Report(documents: corpus.count, distinctDocuments: distinct.count, rounds: options.rounds, bytes: bytes, stages: stages,
                      runs: runs, wcWordsMegabytesPerSecond: wc.isEmpty ? nil : Self.slowerMiddle(wc, slower: <),
                      wcWordsRatio: ratios.isEmpty ? nil : Self.slowerMiddle(ratios, slower: >),
                      peakMemoryMegabytes: Self.peakMemoryMegabytes(), slowest: slowest)
    }

    /// The documents' texts (those in UTF-8: bytes in other encodings do not join) one after
    /// another, a blank line between two, over and over until `bytes`: one plain text
    /// (`bench-one-text.txt`), which the pipeline must accept.
    static func oneText(_ documents: [DocumentInput], bytes: Int, pipeline: Pipeline) throws -> DocumentInput {
        let texts = documents.filter { String(validating: $0.bytes, as: UTF8.self) != nil }.map(\.bytes)
        guard !texts.isEmpty else { throw BenchmarkError("no document in UTF-8 to join into one text") }
        var joined: [UInt8] = []
        joined.reserveCapacity(bytes + 2)
        while joined.count < bytes {
            for text in texts where joined.count < bytes {
                if !joined.isEmpty { joined += [0x0A, 0x0A] }
                joined += text
            }
        }
        let input = DocumentInput(bytes: joined, path: "bench-one-text.txt")
        do {
            _ = try pipeline.run(input)
        } catch {
            throw BenchmarkError("the documents joined into one text of \(joined.count) bytes are not accepted: \(error)")
        }
        return input
    }

    /// The median of `rounds` (not empty), and for an even number of them the slower of the
    /// two middle ones: every measurement's figure is chosen by this one rule.
    static func slowerMiddle<T>(_ rounds: [T], slower: (T, T) -> Bool) -> T {
        let fastestFirst = rounds.sorted { slower($1, $0) }
        return fastestFirst[fastestFirst.count / 2]
    }

    /// One pass of the one-job measurement. Each report is also handed to the corpus linker,
    /// as `accord run` does after the documents; that time is the link stage's, not the
    /// documents' (the end to end figure is ingest to reports), and so is building the corpus
    /// report and writing corpus.json and corpus.xml (to a temporary file, removed).
    private struct OnePass {
        var stageTime: [Stage: Duration] = [:]
        /// Ingest to reports, linking left out.
        var single = Duration.zero
        /// Ingest to reports, for each distinct document (all its copies).
        var documentTime: [Duration]
    }

    /// Throws when writing the corpus report fails (in any round: the bench stops there).
    private static func oneJob(_ pipeline: Pipeline, _ corpus: [DocumentInput], origin: [Int], distinct: Int) throws -> OnePass {
        var pass = OnePass(documentTime: [Duration](repeating: .zero, count: distinct))
        var emitTime = Duration.zero
        var linkTime = Duration.zero
        let clock = ContinuousClock()
        let identity = pipeline.identity
        let linker = CorpusLinker(pipeline: identity)
        let whole = clock.measure {
            for (input, from) in zip(corpus, origin) {
                let began = clock.now
                guard let analysis = try? pipeline.run(input, timing: { pass.stageTime[$0, default: .zero] += $1 }) else { continue }
                let start = clock.now
                let report = DocumentReport(analysis, pipeline: identity)
                _ = try? JSONOutput.encode(report)
                _ = XMLReport.encode(report)
                let linking = clock.now
                emitTime += linking - start
                pass.documentTime[from] += linking - began
                linker.add(report)
                linkTime += clock.now - linking
            }
        }
        pass.single = whole - linkTime
        linkTime += try clock.measure { try writeCorpus(linker.build()) }
        pass.stageTime[.emit] = emitTime
        pass.stageTime[.link] = linkTime
        return pass
    }

    /// One pass of the parallel measurement: the corpus on `jobs` threads, ingest to reports.
    private static func allJobs(_ pipeline: Pipeline, _ corpus: [DocumentInput], jobs: Int) -> Duration {
        let counter = Counter()
        let identity = pipeline.identity
        return ContinuousClock().measure {
            DispatchQueue.concurrentPerform(iterations: jobs) { _ in
                while true {
                    let index = counter.take()
                    guard index < corpus.count else { return }
                    guard let analysis = try? pipeline.run(corpus[index]) else { continue }
                    let report = DocumentReport(analysis, pipeline: identity)
                    _ = try? JSONOutput.encode(report)
                    _ = XMLReport.encode(report)
                }
            }
        }
    }

    /// The corpus report as `accord run` writes it (corpus.json and corpus.xml, streamed),
    /// into temporary files that are dropped without being committed.
    static func writeCorpus(_ corpus: CorpusReport) throws {
        let directory = FileManager.default.temporaryDirectory
        let json = try AtomicFile.Writer(directory.appendingPathComponent("accord-bench-\(getpid()).json"))
        JSONOutput.write(corpus, to: json)
        json.discard()
        let xml = try AtomicFile.Writer(directory.appendingPathComponent("accord-bench-\(getpid()).xml"))
        CorpusXML.write(corpus, to: xml)
        xml.discard()
    }

    /// The corpus's bytes in one temporary file, for `wc -w`; nil when it cannot be written
    /// (the caller removes it).
    static func writeWordCountFile(_ corpus: [DocumentInput]) -> URL? {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("accord-bench-\(getpid()).txt")
        guard FileManager.default.createFile(atPath: url.path, contents: nil), let handle = try? FileHandle(forWritingTo: url) else { return nil }
        defer { try? handle.close() }
        do {
            for input in corpus { try handle.write(contentsOf: input.bytes) }
        } catch {
            try? FileManager.default.removeItem(at: url)
            return nil
        }
        return url
    }

    /// `wc -w` over `file` (`bytes` long), for scale: reading and splitting words, in MB/s.
    static func wordCountRate(_ file: URL, bytes: Int) -> Double? {
        guard let seconds = timeRun("/usr/bin/wc", ["-w", file.path]), seconds > 0 else { return nil }
        return Double(bytes) / 1_000_000 / seconds
    }

    /// How long `path` with `arguments` took to run, from its start to its exit, its standard
    /// output and error thrown away; nil when it could not be started or did not exit with one
    /// of `statuses`.
    /// (On Linux it is started with `posix_spawn` and waited for with `waitpid`:
    /// Foundation's `Process.waitUntilExit` looks every 50 ms whether the process is still
    /// running, so a run of 0.15 s measured as 0.15 or 0.20 s, from one run to the next.)
    public static func timeRun(_ path: String, _ arguments: [String], statuses: Set<Int32> = [0]) -> Double? {
        let clock = ContinuousClock()
        #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        guard posix_spawn_file_actions_init(&actions) == 0 else { return nil }
        defer { posix_spawn_file_actions_destroy(&actions) }
        guard posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0) == 0,
              posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) == 0 else { return nil }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let started = clock.now
        guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return nil }
        }
        let elapsed = clock.now - started
        // Exited (no signal in the low seven bits) with one of the statuses (the next eight).
        guard status & 0x7F == 0, statuses.contains((status >> 8) & 0xFF) else { return nil }
        #else
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        var launched = true
        let elapsed = clock.measure {
            do { try process.run() } catch { launched = false; return }
            process.waitUntilExit()
        }
        // terminationStatus traps on a process that never ran or is still running.
        guard launched, !process.isRunning, process.terminationReason == .exit, statuses.contains(process.terminationStatus) else { return nil }
        #endif
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// The process's peak resident memory (VmHWM), in MB.
    public static func peakMemoryMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return digits / 1024
        }
        return 0
    }

    public static func table(_ report: Report) -> String {
        var lines = ["\(report.documents) documents (\(report.distinctDocuments) distinct), \(String(format: "%.1f", Double(report.bytes) / 1_000_000)) MB"
                     + (report.rounds > 1 ? "; each figure the median of \(report.rounds) rounds" : "")]
        lines.append("stage        seconds      MB/s   (one job)")
        for stage in report.stages {
            lines.append(stage.stage.padding(toLength: 12, withPad: " ", startingAt: 0)
                         + String(format: "%8.3f  %8.1f", stage.seconds, stage.megabytesPerSecond))
        }
        for run in report.runs {
            lines.append("end to end, \(run.jobs) job\(run.jobs == 1 ? "" : "s"): " + String(format: "%.2f s, %.1f MB/s, %.0f documents/s", run.seconds, run.megabytesPerSecond, run.documentsPerSecond))
        }
        if report.runs.count > 1 {
            lines.append(String(format: "speed-up with %d jobs: %.2fx", report.runs[1].jobs, report.runs[0].seconds / report.runs[1].seconds))
        }
        if let wc = report.wcWordsMegabytesPerSecond {
            // How far the one-job figure is from reading the bytes (`wc -w` in the same run):
            // the scale the throughput goal is set on (within 10x of it).
            var line = String(format: "wc -w on the same bytes: %.1f MB/s", wc)
            if let ratio = report.wcWordsRatio {
                // (Each round's pass against its own `wc -w`: see `wcWordsRatio`.)
                line += String(format: "; end to end on 1 job is 1/%.1f of it", ratio)
                if report.rounds > 1 { line += " (round by round)" }
            } else if let one = report.runs.first(where: { $0.jobs == 1 }), one.megabytesPerSecond > 0 {
                line += String(format: "; end to end on 1 job is 1/%.1f of it", wc / one.megabytesPerSecond)
            }
            lines.append(line)
        }
        lines.append(String(format: "peak memory: %.0f MB", report.peakMemoryMegabytes))
        if let slowest = report.slowest, !slowest.isEmpty {
            lines.append("slowest documents (MB/s, ingest to reports, one job):")
            for document in slowest {
                lines.append(String(format: "%8.2f  %8d bytes  ", document.megabytesPerSecond, document.bytes) + document.path)
            }
        }
        return lines.joined(separator: "\n")
    }
}

public struct BenchmarkError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
