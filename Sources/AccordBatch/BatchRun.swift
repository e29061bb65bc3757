import AccordCore
import AccordReport
import Foundation

/// Runs the pipeline over many inputs, writing one JSON and one XML report per document,
/// then the manifest and the corpus report. One bad document never stops the batch.
public struct BatchRun: Sendable {
    public struct Options: Sendable {
        public var inputs: [String]
        public var outputDirectory: URL
        public var jobs: Int
        /// Largest file read (bytes); larger ones fail with a clear reason.
        public var maximumFileSize: Int

        public init(inputs: [String], outputDirectory: URL, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                    maximumFileSize: Int = 256 << 20) {
            self.inputs = inputs
            self.outputDirectory = outputDirectory
            self.jobs = max(1, jobs)
            self.maximumFileSize = maximumFileSize
        }
    }

    public struct Summary: Sendable {
        public var manifest: Manifest
        public var seconds: Double
        public var total: Int { manifest.documents.count }
        public var ok: Int { manifest.documents.filter { $0.status == .ok || $0.status == .unchanged }.count }
        public var failed: Int { total - ok }

        public var line: String {
            "\(total) document\(total == 1 ? "" : "s"), \(ok) ok, \(failed) failed, \(String(format: "%.2f", seconds)) s"
        }
    }

    /// Formats Accord does not read yet; they get a manifest entry, not a crash.
    static let unsupportedExtensions: [String: String] = [
        "pdf": "PDF", "docx": "DOCX", "doc": "Word 97-2003", "zip": "ZIP archive", "tar": "tar archive",
        "gz": "gzip archive", "tgz": "gzip archive", "json": "JSON", "png": "PNG image", "jpg": "JPEG image",
        "jpeg": "JPEG image", "gif": "GIF image", "odt": "OpenDocument text", "rtf": "RTF", "xlsx": "Excel workbook",
    ]

    public let pipeline: Pipeline
    public let options: Options

    public init(pipeline: Pipeline = Pipeline(), options: Options) {
        self.pipeline = pipeline
        self.options = options
    }

    /// - Parameter report: called with each finished entry (from worker threads, serialised).
    public func run(report: @escaping @Sendable (Manifest.Entry) -> Void = { _ in }) throws -> Summary {
        let started = Date()
        let (files, problems) = InputCollector.collect(options.inputs)
        let documentsDirectory = options.outputDirectory.appendingPathComponent("documents")
        try FileManager.default.createDirectory(at: documentsDirectory, withIntermediateDirectories: true)

        let results = ResultSlots(count: files.count)
        let identity = pipeline.identity
        let lock = NSLock()
        let next = Counter()
        let workers = min(options.jobs, max(1, files.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.take()
                guard index < files.count else { return }
                let entry = process(files[index], identity: identity, documentsDirectory: documentsDirectory)
                results.set(index, entry.entry, entry.document)
                lock.lock()
                report(entry.entry)
                lock.unlock()
            }
        }
        var entries = problems.map { Manifest.Entry(path: $0.path, status: .failed, error: $0.description) }
        var corpusDocuments: [CorpusReport.DocumentEntry] = []
        var seenDocuments = Set<String>()
        for index in files.indices {
            guard let entry = results.entries[index] else { continue }
            entries.append(entry)
            // The same name and content at two paths share one id and one report.
            if let document = results.documents[index], seenDocuments.insert(document.id).inserted {
                corpusDocuments.append(document)
            }
        }
        entries.sort { $0.path < $1.path }
        corpusDocuments.sort { $0.id < $1.id }
        let manifest = Manifest(pipeline: identity, documents: entries)
        try AtomicFile.write(try JSONOutput.encode(manifest), to: options.outputDirectory.appendingPathComponent("manifest.json"))
        let corpus = CorpusReport(pipeline: identity, documents: corpusDocuments)
        try AtomicFile.write(try JSONOutput.encode(corpus), to: options.outputDirectory.appendingPathComponent("corpus.json"))
        return Summary(manifest: manifest, seconds: Date().timeIntervalSince(started))
    }

    func process(_ file: InputFile, identity: String, documentsDirectory: URL)
        -> (entry: Manifest.Entry, document: CorpusReport.DocumentEntry?)
    {
        let ext = FormatDetection.fileExtension(file.path)
        if let format = Self.unsupportedExtensions[ext] {
            return (Manifest.Entry(path: file.path, status: .unsupported,
                                   error: "\(file.path): \(format) is not a format Accord reads yet (stage: ingest)"), nil)
        }
        let bytes: [UInt8]
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: file.url.path)
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            if size > options.maximumFileSize {
                return (Manifest.Entry(path: file.path, status: .failed,
                                       error: "\(file.path): file too large (\(size >> 20) MB; the limit is \(options.maximumFileSize >> 20) MB) (stage: ingest)"), nil)
            }
            bytes = Array(try Data(contentsOf: file.url))
        } catch {
            return (Manifest.Entry(path: file.path, status: .failed,
                                   error: "\(file.path): cannot read (\(Self.describe(error))) (stage: ingest)"), nil)
        }
        let sha = SHA256.hex(bytes)
        do {
            let analysis = try pipeline.run(DocumentInput(bytes: bytes, path: file.path))
            let report = DocumentReport(analysis, pipeline: identity)
            let json = try JSONOutput.encode(report)
            let xml = XMLReport.encode(report)
            let jsonName = "documents/\(analysis.id).json"
            let xmlName = "documents/\(analysis.id).xml"
            try AtomicFile.write(json, to: documentsDirectory.appendingPathComponent("\(analysis.id).json"))
            try AtomicFile.write(xml, to: documentsDirectory.appendingPathComponent("\(analysis.id).xml"))
            let entry = Manifest.Entry(path: file.path, id: analysis.id, sha256: sha, status: .ok, kind: analysis.kind.kind.rawValue,
                                       outputs: [jsonName, xmlName], warnings: analysis.diagnostics.isEmpty ? nil : analysis.diagnostics.count)
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

/// Hands out indices to workers.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
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
}
