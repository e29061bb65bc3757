import AccordCore
import AccordReport
import Foundation

/// What earlier runs into an output folder did, for incremental and resumed runs:
/// `.accord/state.json` (the last complete run, written atomically) and, while a run is
/// going, `.accord/journal.jsonl` (one line per finished document) with `.accord/running`.
final class StateStore: @unchecked Sendable {
    struct Record: Codable, Sendable {
        var entry: Manifest.Entry
        var document: CorpusReport.DocumentEntry?
        var fromInterruptedRun = false

        enum CodingKeys: String, CodingKey { case entry, document }
    }

    struct Snapshot: Codable {
        var pipeline: String
        var records: [Record]
    }

    struct Loaded: Sendable {
        var records: [String: Record] = [:]
        var interrupted = false

        func record(for path: String, sha256: String, identity: String) -> Record? {
            guard let record = records[path], record.entry.status == .ok || record.entry.status == .unchanged,
                  record.entry.sha256 == sha256 else { return nil }
            return record
        }
    }

    let directory: URL
    let identity: String
    private var journalHandle: FileHandle?

    init(directory: URL, identity: String) {
        self.directory = directory
        self.identity = identity
    }

    var statePath: URL { directory.appendingPathComponent("state.json") }
    var journalPath: URL { directory.appendingPathComponent("journal.jsonl") }
    var runningPath: URL { directory.appendingPathComponent("running") }

    /// The last complete run's records (when made by this pipeline), and, if a run was
    /// interrupted, what its journal says it finished.
    func load() -> Loaded {
        var loaded = Loaded()
        if let data = try? Data(contentsOf: statePath), let snapshot = try? JSONDecoder().decode(Snapshot.self, from: data),
           snapshot.pipeline == identity {
            for record in snapshot.records { loaded.records[record.entry.path] = record }
        }
        if FileManager.default.fileExists(atPath: runningPath.path) {
            loaded.interrupted = true
            if let text = try? String(contentsOf: journalPath, encoding: .utf8) {
                for line in text.split(separator: "\n") {
                    // A line cut short by the crash is simply not there.
                    guard let data = line.data(using: .utf8), var record = try? JSONDecoder().decode(Record.self, from: data) else { continue }
                    guard record.entry.status == .ok, let id = record.entry.id, !id.isEmpty else { continue }
                    if let line = String(data: data, encoding: .utf8), line.contains("\"pipeline\":\"") && !line.contains(identity) { continue }
                    record.fromInterruptedRun = true
                    loaded.records[record.entry.path] = record
                }
            }
        }
        return loaded
    }

    func begin(resuming: Bool) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if !resuming {
            try? FileManager.default.removeItem(at: journalPath)
        }
        if !FileManager.default.fileExists(atPath: journalPath.path) {
            // (If it cannot be made, opening it below fails with the cause.)
            _ = FileManager.default.createFile(atPath: journalPath.path, contents: nil)
        }
        try AtomicFile.write(Data(identity.utf8), to: runningPath)
        journalHandle = try FileHandle(forWritingTo: journalPath)
        try journalHandle?.seekToEnd()
    }

    /// A record's journal line, one per finished document (nil for one the journal does not
    /// keep): made by the worker that finished the document, before it takes the run's lock
    /// to write it (`journal(line:)`), before the next document is reported.
    static func journalLine(_ record: Record) -> Data? {
        guard record.entry.status == .ok || record.entry.status == .unchanged,
              var data = try? JSONEncoder().encode(record) else { return nil }
        data.append(0x0A)
        return data
    }

    /// Writes a line `journalLine` made.
    func journal(line: Data) {
        // A line that cannot be written (a full disk) only means that document is read again
        // on resuming; `write(_:)` would trap on it.
        try? journalHandle?.write(contentsOf: line)
    }

    func finish(_ records: [Record]) throws {
        let kept = records.filter { $0.entry.status == .ok || $0.entry.status == .unchanged }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(try encoder.encode(Snapshot(pipeline: identity, records: kept)), to: statePath)
        try? journalHandle?.close()
        journalHandle = nil
        try? FileManager.default.removeItem(at: journalPath)
        try? FileManager.default.removeItem(at: runningPath)
    }
}
