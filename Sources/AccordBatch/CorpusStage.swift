import AccordCore
import AccordReport
import Foundation

/// The outputs a run can write besides the per-document JSON reports.
public enum OutputFormat: String, Sendable, CaseIterable {
    case json, xml, html, csv, sqlite
}

/// The corpus stage: reads the run's reports one at a time, links them, and writes the
/// corpus report (JSON, XML) and the corpus-wide outputs (HTML, CSV, SQLite).
public enum CorpusStage {
    public struct Timing: Sendable {
        public var seconds: Double
        public var documents: Int
    }

    /// - Parameter manifest: which reports belong to the run (ok and unchanged entries).
    /// What the corpus outputs were made from: the reports (ids and content hashes), the
    /// pipeline and the formats. When it has not changed, neither have they.
    static func fingerprint(_ manifest: Manifest, formats: Set<OutputFormat>) -> String {
        var hasher = SHA256()
        hasher.update(Array(manifest.pipeline.utf8))
        hasher.update(Array(formats.map(\.rawValue).sorted().joined(separator: ",").utf8))
        for entry in manifest.documents where entry.status == .ok || entry.status == .unchanged {
            hasher.update(Array("\n\(entry.path)|\(entry.id ?? "")|\(entry.sha256 ?? "")".utf8))
        }
        return SHA256.hexString(hasher.finalize())
    }

    /// - Parameter contributions: what the linker takes from reports made in this run, by
    ///   document id, so those are not read back from disk to be linked; any other report
    ///   (unchanged since an earlier run) is read. Taken out of the store as they are used.
    @discardableResult
    public static func write(manifest: Manifest, outputDirectory: URL, formats: Set<OutputFormat>, jobs: Int = 1,
                             contributions: LinkerContributions? = nil) throws -> Timing {
        let started = Date()
        let stamp = outputDirectory.appendingPathComponent(".accord/corpus.sha256")
        let current = fingerprint(manifest, formats: formats)
        let expected = [formats.contains(.json) ? "corpus.json" : nil, formats.contains(.xml) ? "corpus.xml" : nil,
                        formats.contains(.html) ? "index.html" : nil, formats.contains(.sqlite) ? "accord.sqlite" : nil].compactMap { $0 }
        if (try? String(contentsOf: stamp, encoding: .utf8)) == current,
           expected.allSatisfy({ FileManager.default.fileExists(atPath: outputDirectory.appendingPathComponent($0).path) }) {
            return Timing(seconds: 0, documents: 0)  // nothing changed since the outputs were made
        }
        try? FileManager.default.removeItem(at: stamp)
        var seen = Set<String>()
        var ids: [String] = []
        for entry in manifest.documents where entry.status == .ok || entry.status == .unchanged {
            guard let id = entry.id, seen.insert(id).inserted else { continue }
            ids.append(id)
        }
        let reports = ids.map { outputDirectory.appendingPathComponent("documents/\($0).json") }
        // The linker's working state is let go once the corpus report is built, before the
        // outputs are written.
        let corpus = { () -> CorpusReport in
            let linker = CorpusLinker(pipeline: manifest.pipeline, spool: contributions?.spool ?? TextSpool())
            // In the manifest's order (the corpus report depends on it): what this run made
            // is at hand; the rest is read.
            var unread: [URL] = []  // reports to read, in order, before the next one at hand
            func readUnread() {
                forEachReport(unread, jobs: jobs) { linker.add($0) }
                unread.removeAll()
            }
            for (id, url) in zip(ids, reports) {
                if let contribution = contributions?.take(id) {
                    readUnread()
                    linker.add(contribution)
                } else {
                    unread.append(url)
                }
            }
            readUnread()
            return linker.build()
        }()
        // Commitment sentences are read back from the linker's scratch file as they are
        // written: an output is committed only if every one of them could be.
        func checkTexts() throws {
            if let failure = corpus.textFailure { throw CorpusStageError(failure) }
        }
        let perDocument = formats.intersection([.csv, .sqlite, .html])
        let index = perDocument.isEmpty ? nil : CorpusIndex(corpus)  // one for all the sinks
        // With two jobs or more, the SQLite store's schema and corpus-wide rows (its largest
        // step before the reports) are written on a thread of their own while corpus.json
        // and corpus.xml are. (A store made for a stage that then fails is let go, and its
        // scratch file removed.)
        let storeURL = outputDirectory.appendingPathComponent("accord.sqlite")
        let early = Slots<Result<SQLiteSink, any Error>>(count: 1)
        let earlyDone = DispatchGroup()
        if formats.contains(.sqlite), jobs > 1, let index {
            DispatchQueue.global().async(group: earlyDone) {
                early.set(0, Result { try SQLiteSink(url: storeURL, corpus: corpus, index: index) })
            }
        }
        defer { earlyDone.wait() }
        if formats.contains(.json) {
            let file = try AtomicFile.Writer(outputDirectory.appendingPathComponent("corpus.json"))
            JSONOutput.write(corpus, to: file)
            try checkTexts()
            try file.commit()
        }
        if formats.contains(.xml) {
            let file = try AtomicFile.Writer(outputDirectory.appendingPathComponent("corpus.xml"))
            CorpusXML.write(corpus, to: file)
            try checkTexts()
            try file.commit()
        }
        if let index {
            // A second pass over the reports, one at a time, for the outputs that need their records.
            var sinks: [CorpusSink] = []
            if formats.contains(.csv) { sinks.append(try CSVSink(directory: outputDirectory.appendingPathComponent("csv"), corpus: corpus, index: index)) }
            if formats.contains(.sqlite) {
                earlyDone.wait()
                if let made = early.filled().first {
                    sinks.append(try made.get())
                } else {
                    sinks.append(try SQLiteSink(url: storeURL, corpus: corpus, index: index))
                }
            }
            if formats.contains(.html) { sinks.append(try HTMLSink(directory: outputDirectory, corpus: corpus, index: index)) }
            try forEachBatch(reports, jobs: jobs) { batch in try feed(batch, to: sinks, jobs: jobs) }
            try checkTexts()
            // The sinks finish side by side as they were fed (the store's indexes, the party
            // pages, the tables: each commits its own files); a sink that cannot finish leaves
            // its outputs as they were, and the first failure in the sinks' order is thrown.
            try eachSink(sinks, jobs: jobs) { try $0.finish() }
            try checkTexts()  // the HTML pages read sentences in `finish`: no stamp if one failed
        }
        try FileManager.default.createDirectory(at: stamp.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(Data(current.utf8), to: stamp)
        return Timing(seconds: Date().timeIntervalSince(started), documents: reports.count)
    }

    /// Reads and decodes the reports a batch at a time on `jobs` threads (decoding is most of
    /// the stage's work), and hands them to `body` one by one in their order, so the outputs
    /// do not depend on the number of jobs. A report that cannot be read is skipped.
    static func forEachReport(_ urls: [URL], jobs: Int, _ body: (DocumentReport) throws -> Void) rethrows {
        try forEachBatch(urls, jobs: jobs) { batch in
            for report in batch { try body(report) }
        }
    }

    /// Each sink given every report of `batch` in order, the sinks side by side (see
    /// `eachSink`). The CSV tables, the SQLite store and the HTML pages took their turns on
    /// one thread before, while the other cores waited.
    static func feed(_ batch: [DocumentReport], to sinks: [CorpusSink], jobs: Int) throws {
        try eachSink(sinks, jobs: jobs) { sink in
            for report in batch { try sink.add(report) }
        }
    }

    /// `body` for each sink, the sinks side by side on `jobs` threads at most (sink k on
    /// thread k modulo their number; each writes its own files, and they share only the
    /// corpus report and its index, which they read), or in turn with one job. A sink's
    /// failure keeps no other from its turn; the first failure, in the sinks' order, is
    /// thrown once every sink is done.
    static func eachSink(_ sinks: [CorpusSink], jobs: Int, _ body: @escaping (CorpusSink) throws -> Void) throws {
        let lanes = min(max(1, jobs), sinks.count)
        guard lanes > 1 else {
            var first: (any Error)?
            for sink in sinks {
                do { try body(sink) } catch { first = first ?? error }
            }
            if let first { throw first }
            return
        }
        let failures = Slots<any Error>(count: sinks.count)
        let each = OneThreadEach(sinks, body)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for k in stride(from: lane, to: each.sinks.count, by: lanes) {
                do {
                    try each.body(each.sinks[k])
                } catch {
                    failures.set(k, error)
                }
            }
        }
        if let failure = failures.filled().first { throw failure }  // the first in the sinks' order
    }

    /// The reports of `urls` a batch at a time, decoded on `jobs` threads, in their order
    /// (see `forEachReport`). (Decoding the next batch while `body` takes this one was
    /// tried: no faster on two cores, where the sinks already keep both busy.)
    static func forEachBatch(_ urls: [URL], jobs: Int, _ body: ([DocumentReport]) throws -> Void) rethrows {
        let workers = max(1, jobs)
        let batchSize = workers * 8
        var start = 0
        while start < urls.count {
            let batch = Array(urls[start..<min(urls.count, start + batchSize)])
            let slots = Slots<DocumentReport>(count: batch.count)
            DispatchQueue.concurrentPerform(iterations: min(workers, batch.count)) { worker in
                for index in stride(from: worker, to: batch.count, by: workers) {
                    // The records (what the linker and the sinks read), as JSONDecoder reads them.
                    guard let data = try? Data(contentsOf: batch[index]),
                          let report = try? DocumentReport.readRecords(data) else { continue }
                    slots.set(index, report)
                }
            }
            try body(slots.filled())
            start += batchSize
        }
    }
}

/// Sinks handed to threads, each sink to one thread (its lane) only: a sink's state is its
/// own; what they share, the corpus report and its index, they only read.
private struct OneThreadEach: @unchecked Sendable {
    let sinks: [CorpusSink]
    /// What is done with each sink (it captures only what the sinks may share).
    let body: (CorpusSink) throws -> Void
    init(_ sinks: [CorpusSink], _ body: @escaping (CorpusSink) throws -> Void) {
        self.sinks = sinks
        self.body = body
    }
}

/// One slot per index, filled by several threads (each its own indices): a batch's
/// decoded reports, the sinks' failures.
private final class Slots<Value>: @unchecked Sendable {
    private var values: [Value?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }

    /// The values set, in their indices' order.
    func filled() -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        return values.compactMap { $0 }
    }
}

/// What the corpus linker takes from each report made in a run (filled by the workers as
/// they write the reports, by document id; the last one written for an id is the one kept).
public final class LinkerContributions: @unchecked Sendable {
    private var byID: [String: CorpusLinker.Contribution] = [:]
    private let lock = NSLock()
    /// Where the contributions' commitment sentences wait for the corpus report (a scratch
    /// file; see `TextSpool`).
    public let spool: TextSpool

    public init() { spool = TextSpool() }

    /// With the spool writing its file every `spoolFlushSize` bytes (for tests).
    init(spoolFlushSize: Int) { spool = TextSpool(flushSize: spoolFlushSize) }

    public func set(_ id: String, _ contribution: CorpusLinker.Contribution) {
        lock.lock()
        byID[id] = contribution
        lock.unlock()
    }

    func take(_ id: String) -> CorpusLinker.Contribution? {
        lock.lock()
        defer { lock.unlock() }
        return byID.removeValue(forKey: id)
    }
}

/// The corpus outputs could not be written whole.
public struct CorpusStageError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
