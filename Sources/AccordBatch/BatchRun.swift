import AccordCore
import AccordReport
import Foundation

/// Runs the pipeline over many inputs, writing one JSON and one XML report per document,
/// then the manifest and the corpus report. One bad document never stops the batch; a
/// document already done with the same content and pipeline is not done again; a run
/// killed at any moment resumes where it stopped.
public struct BatchRun: Sendable {
    public struct Options: Sendable {
        public var inputs: [String]
        public var outputDirectory: URL
        public var jobs: Int
        /// Largest file read (bytes); larger ones fail with a clear reason.
        public var maximumFileSize: Int
        public var archiveLimits: ArchiveLimits
        /// Process every document again, even unchanged ones.
        public var force: Bool
        /// `(k, n)`: only the k-th (1-based) of n deterministic shares of the inputs.
        public var shard: (index: Int, count: Int)?
        /// Outputs besides the per-document JSON reports.
        public var formats: Set<OutputFormat>

        public init(inputs: [String], outputDirectory: URL, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                    maximumFileSize: Int = 64 << 20, archiveLimits: ArchiveLimits = ArchiveLimits(), force: Bool = false,
                    shard: (index: Int, count: Int)? = nil, formats: Set<OutputFormat> = Set(OutputFormat.allCases)) {
            self.formats = formats
            self.inputs = inputs
            self.outputDirectory = outputDirectory
            self.jobs = max(1, jobs)
            self.maximumFileSize = maximumFileSize
            self.archiveLimits = archiveLimits
            self.force = force
            self.shard = shard
        }
    }

    public struct Summary: Sendable {
        public var manifest: Manifest
        public var seconds: Double
        /// Documents whose reports were already current (no extraction work).
        public var unchanged: Int
        /// Time the corpus stage took (linking and the corpus-wide outputs).
        public var corpusSeconds: Double = 0
        public var total: Int { manifest.documents.count }
        public var ok: Int { manifest.documents.filter { $0.status == .ok }.count }
        public var failed: Int { manifest.documents.filter { $0.status == .failed || $0.status == .unsupported }.count }

        public var line: String {
            var text = "\(total) document\(total == 1 ? "" : "s"), \(ok) ok, \(failed) failed"
            if unchanged > 0 {
                text += ", \(unchanged) unchanged" + (unchanged == total - failed ? " (no extraction work)" : "")
            }
            return text + ", \(String(format: "%.2f", seconds)) s"
        }
    }

    /// What a run reports as it goes.
    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        public var failed: Int
        public var seconds: Double
    }

    public let pipeline: Pipeline
    public let options: Options

    public init(pipeline: Pipeline = Pipeline(), options: Options) {
        self.pipeline = pipeline
        self.options = options
    }

    /// Where a run keeps its state: what is done (for incremental runs) and, while it
    /// runs, a journal of each finished document (for resuming after a crash).
    var stateDirectory: URL { options.outputDirectory.appendingPathComponent(".accord") }

    /// - Parameters:
    ///   - report: each finished entry (called from worker threads, one at a time).
    ///   - progress: after each entry.
    public func run(report: @escaping @Sendable (Manifest.Entry) -> Void = { _ in },
                    progress: @escaping @Sendable (Progress) -> Void = { _ in }) throws -> Summary {
        let started = Date()
        let fm = FileManager.default
        let documentsDirectory = options.outputDirectory.appendingPathComponent("documents")
        try fm.createDirectory(at: documentsDirectory, withIntermediateDirectories: true)
        let scratch = stateDirectory.appendingPathComponent("scratch-\(getpid())")
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }

        var (collected, problems) = InputCollector.collect(options.inputs, limits: options.archiveLimits, scratch: scratch)
        collected.sort { $0.path < $1.path }
        if let shard = options.shard {
            collected = collected.filter { Self.shardIndex(of: $0.path, count: shard.count) == shard.index - 1 }
            problems = problems.filter { Self.shardIndex(of: $0.path, count: shard.count) == shard.index - 1 }
        }
        let identity = pipeline.identity
        let state = StateStore(directory: stateDirectory, identity: identity)
        let previous = options.force ? StateStore.Loaded() : state.load()
        try state.begin(resuming: previous.interrupted)

        let results = ResultSlots(count: collected.count)
        let lock = NSLock()
        let next = Counter()
        let done = Counter()
        let failures = Counter()
        let problemEntries = problems.map { Manifest.Entry(path: $0.path, status: $0.status, error: "\($0.path): \($0.reason) (stage: ingest)") }
        for entry in problemEntries { _ = failures.take(); report(entry) }
        let total = collected.count + problemEntries.count
        let lastManifest = Stamp()
        let contributions = LinkerContributions()
        let claims = ReportClaims()
        let files = collected
        let workers = min(options.jobs, max(1, files.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.take()
                guard index < files.count else { return }
                let outcome = process(files[index], index: index, identity: identity, documentsDirectory: documentsDirectory, scratch: scratch,
                                      previous: previous, contributions: contributions, claims: claims)
                results.set(index, outcome.entry, outcome.document)
                // (Encoded before the lock: the other workers need not wait for it.)
                let line = StateStore.journalLine(StateStore.Record(entry: outcome.entry, document: outcome.document))
                lock.lock()
                if let line { state.journal(line: line) }
                let finished = done.take() + 1 + problemEntries.count
                if outcome.entry.status == .failed || outcome.entry.status == .unsupported { _ = failures.take() }
                report(outcome.entry)
                progress(Progress(done: finished, total: total, failed: failures.value, seconds: Date().timeIntervalSince(started)))
                // The manifest is rewritten as the run goes, so a crash leaves an honest one.
                if Date().timeIntervalSince(lastManifest.date) > 2 {
                    let partial = Manifest(pipeline: identity, documents: (results.entriesSoFar().compactMap { $0 } + problemEntries).sorted { $0.path < $1.path })
                    try? AtomicFile.write(partial.jsonData(), to: options.outputDirectory.appendingPathComponent("manifest.json"))
                    lastManifest.date = Date()
                }
                lock.unlock()
            }
        }
        var entries = problemEntries
        var records: [StateStore.Record] = []
        var unchanged = 0
        for index in files.indices {
            guard let entry = results.entries[index] else { continue }
            entries.append(entry)
            if entry.status == .unchanged { unchanged += 1 }
            records.append(StateStore.Record(entry: entry, document: results.documents[index]))
        }
        // (Two inputs with the same name and content share an id and one report: the
        // earliest's in path order, as `ReportClaims` decides while the workers run.)
        entries.sort { $0.path < $1.path }
        let manifest = Manifest(pipeline: identity, documents: entries)
        try AtomicFile.write(manifest.jsonData(), to: options.outputDirectory.appendingPathComponent("manifest.json"))
        let corpusTiming = try CorpusStage.write(manifest: manifest, outputDirectory: options.outputDirectory, formats: options.formats, jobs: options.jobs,
                                                 contributions: contributions)
        try state.finish(records)
        return Summary(manifest: manifest, seconds: Date().timeIntervalSince(started), unchanged: unchanged, corpusSeconds: corpusTiming.seconds)
    }

    /// A stable share for a path: FNV-1a of its bytes, modulo the number of shares.
    public static func shardIndex(of path: String, count: Int) -> Int {
        Int(PathHash.of(path) % UInt64(max(1, count)))
    }

    /// - Parameters:
    ///   - index: the input's place in path order, by which `claims` decides which of the
    ///     inputs with one id writes its reports.
    ///   - contributions: where to leave what the corpus linker takes from the report.
    func process(_ file: InputFile, index: Int, identity: String, documentsDirectory: URL, scratch: URL, previous: StateStore.Loaded,
                 contributions: LinkerContributions? = nil, claims: ReportClaims = ReportClaims()) -> (entry: Manifest.Entry, document: CorpusReport.DocumentEntry?)
    {
        var input: DocumentInput
        do {
            input = try InputReader.read(file, maximumFileSize: options.maximumFileSize, limits: options.archiveLimits, scratch: scratch)
        } catch let failure as InputReader.Failure {
            return (Manifest.Entry(path: file.path, status: failure.status, error: "\(file.path): \(failure.reason) (stage: ingest)"), nil)
        } catch {
            return (Manifest.Entry(path: file.path, status: .failed, error: "\(file.path): \(Self.describe(error)) (stage: ingest)"), nil)
        }
        let sha = SHA256.hex(input.bytes)
        input.sha256 = sha  // the pipeline's, too
        // Already done: the same bytes through the same pipeline, and its reports still there.
        // (Its reports are the ones on disk unless an input later in path order with the same
        // id has written its own over them in this run: then it is processed again.)
        if let record = previous.record(for: file.path, sha256: sha, identity: identity),
           (record.entry.outputs ?? []).allSatisfy({ FileManager.default.fileExists(atPath: options.outputDirectory.appendingPathComponent($0).path) }),
           record.entry.id.map({ claims.keep($0, index: index) }) ?? true {
            var entry = record.entry
            // Finished earlier in this same (interrupted) run: as if never interrupted.
            entry.status = record.fromInterruptedRun ? .ok : .unchanged
            return (entry, record.document)
        }
        do {
            let analysis = try pipeline.run(input)
            var outputs = ["documents/\(analysis.id).json"]
            if options.formats.contains(.xml) { outputs.append("documents/\(analysis.id).xml") }
            // Written only when no input earlier in path order with this id has written them.
            if claims.claim(analysis.id, index: index) {
                var written = false
                defer { claims.finish(analysis.id, index: index, written: written) }
                let report = DocumentReport(analysis, pipeline: identity)
                // Both reports or neither: a failed write leaves the id's reports as they were
                // (another input's, if one wrote them).
                let json = try AtomicFile.Writer(documentsDirectory.appendingPathComponent("\(analysis.id).json", isDirectory: false))
                json.write(try JSONOutput.encode(report))
                var files = [json]
                if options.formats.contains(.xml) {
                    let xml = try AtomicFile.Writer(documentsDirectory.appendingPathComponent("\(analysis.id).xml", isDirectory: false))
                    xml.write(XMLReport.encode(report))
                    files.append(xml)
                }
                try AtomicFile.Writer.commit(files)
                contributions?.set(analysis.id, CorpusLinker.Contribution(report, spool: contributions?.spool))
                written = true
            }
            let entry = Manifest.Entry(path: file.path, id: analysis.id, sha256: sha, status: .ok, kind: analysis.kind.kind.rawValue,
                                       outputs: outputs,
                                       warnings: analysis.diagnostics.isEmpty ? nil : analysis.diagnostics.count)
            let document = CorpusReport.DocumentEntry(id: analysis.id, source: file.path, kind: analysis.kind.kind.rawValue,
                                                      genre: analysis.kind.genre, title: analysis.title, date: analysis.date)
            return (entry, document)
        } catch let error as PipelineError {
            return (Manifest.Entry(path: file.path, sha256: sha, status: .failed, error: "\(file.path): \(error)"), nil)
        } catch {
            return (Manifest.Entry(path: file.path, sha256: sha, status: .failed,
                                   error: "\(file.path): \(Self.describe(error)) (stage: emit)"), nil)
        }
    }

    public static func describe(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return String(describing: error)
    }
}

/// When something last happened (guarded by the run's lock).
final class Stamp: @unchecked Sendable {
    var date = Date()
}

/// Which input writes the reports of an id that several inputs share (the same name and
/// content at several paths): the first in path order whose reports were written. An input
/// claims the id before writing and writes only when no earlier input has written it (or
/// keeps, from an earlier run, the reports on disk); while one input writes an id's reports,
/// another that claims it waits. So the reports on disk are the earliest input's, as a run
/// over the inputs in order from nothing would leave them, and a duplicate processed after
/// it writes nothing (its pipeline still runs: its manifest entry is its own).
final class ReportClaims: @unchecked Sendable {
    /// The earliest input whose reports of each id are on disk: one that wrote them in this
    /// run (`wrote`), or one done in an earlier run that keeps them.
    private var owner: [String: (index: Int, wrote: Bool)] = [:]
    /// Ids whose reports an input is writing.
    private var writing: Set<String> = []
    private let condition = NSCondition()

    init() {}

    /// True when input `index` is to write the reports of `id` (then `finish` must follow):
    /// no earlier input has written them. Waits while another input writes them.
    func claim(_ id: String, index: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while writing.contains(id) { condition.wait() }
        if let earlier = owner[id], earlier.index < index { return false }
        writing.insert(id)
        return true
    }

    /// Input `index`, done in an earlier run, keeps the reports of `id` on disk as its own
    /// (true), unless an input later in path order has written its own over them in this
    /// run (false: it is to be processed and written again). A later input that only kept
    /// them changes nothing: they are the earlier run's, the earliest input's then. Waits
    /// while another input writes them.
    func keep(_ id: String, index: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while writing.contains(id) { condition.wait() }
        if let other = owner[id] {
            if other.index < index { return true }
            if other.wrote { return false }
        }
        owner[id] = (index, false)
        return true
    }

    /// The end of input `index`'s writing of `id`'s reports; `written` when they were all
    /// written (a failed write leaves the id to the other inputs).
    func finish(_ id: String, index: Int, written: Bool) {
        condition.lock()
        writing.remove(id)
        if written { owner[id] = (index, true) }
        condition.broadcast()
        condition.unlock()
    }
}

/// One slot per input, written by whichever worker processed it.
final class ResultSlots: @unchecked Sendable {
    private(set) var entries: [Manifest.Entry?]
    private(set) var documents: [CorpusReport.DocumentEntry?]
    private let lock = NSLock()

    init(count: Int) {
        entries = Array(repeating: nil, count: count)
        documents = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ entry: Manifest.Entry, _ document: CorpusReport.DocumentEntry?) {
        lock.lock()
        entries[index] = entry
        documents[index] = document
        lock.unlock()
    }

    /// The entries while workers are still writing them: a copy taken under the slots' own
    /// lock (reading `entries` then, under another lock, raced with `set`).
    func entriesSoFar() -> [Manifest.Entry?] {
        lock.lock()
        defer { lock.unlock() }
        return entries
    }
}
