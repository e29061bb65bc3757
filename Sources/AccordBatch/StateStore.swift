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
        guard record.entry.status == .ok || record.entry.status == .unchanged else { return nil }
        var json = StateJSON()
        json.record(record)
        json.bytes.append(0x0A)
        return Data(json.bytes)
    }

    /// Writes a line `journalLine` made.
    func journal(line: Data) {
        // A line that cannot be written (a full disk) only means that document is read again
        // on resuming; `write(_:)` would trap on it.
        try? journalHandle?.write(contentsOf: line)
    }

    func finish(_ records: [Record]) throws {
        let kept = records.filter { $0.entry.status == .ok || $0.entry.status == .unchanged }
        try AtomicFile.write(StateJSON.snapshot(Snapshot(pipeline: identity, records: kept)), to: statePath)
        try? journalHandle?.close()
        journalHandle = nil
        try? FileManager.default.removeItem(at: journalPath)
        try? FileManager.default.removeItem(at: runningPath)
    }
}

/// The state's JSON, written field by field: the bytes `JSONEncoder` makes of a snapshot with
/// `.sortedKeys` (compact, keys in order, nil fields left out, "/" escaped), for the state
/// file and for each journal line (which `JSONEncoder` wrote with its keys unsorted: any order
/// reads back the same). `JSONEncoder` took about 100 K instructions a document for its line,
/// and as many again for its record in the state file; this takes a few thousand. Tests
/// compare the two on random records.
struct StateJSON {
    var bytes: [UInt8] = []

    init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    static func snapshot(_ snapshot: StateStore.Snapshot) -> Data {
        var json = StateJSON(capacity: 64 + 400 * snapshot.records.count)
        json.bytes.append(contentsOf: #"{"pipeline":"#.utf8)
        json.string(snapshot.pipeline)
        json.bytes.append(contentsOf: #","records":["#.utf8)
        for (index, record) in snapshot.records.enumerated() {
            if index > 0 { json.bytes.append(UInt8(ascii: ",")) }
            json.record(record)
        }
        json.bytes.append(contentsOf: "]}".utf8)
        return Data(json.bytes)
    }

    mutating func record(_ record: StateStore.Record) {
        var fields = Fields()
        bytes.append(UInt8(ascii: "{"))
        if let document = record.document {
            fields.key("document", &bytes)
            self.document(document)
        }
        fields.key("entry", &bytes)
        entry(record.entry)
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func entry(_ entry: Manifest.Entry) {
        var fields = Fields()
        bytes.append(UInt8(ascii: "{"))
        if let error = entry.error { fields.key("error", &bytes); string(error) }
        if let id = entry.id { fields.key("id", &bytes); string(id) }
        if let kind = entry.kind { fields.key("kind", &bytes); string(kind) }
        if let outputs = entry.outputs {
            fields.key("outputs", &bytes)
            bytes.append(UInt8(ascii: "["))
            for (index, output) in outputs.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                string(output)
            }
            bytes.append(UInt8(ascii: "]"))
        }
        fields.key("path", &bytes); string(entry.path)
        if let sha256 = entry.sha256 { fields.key("sha256", &bytes); string(sha256) }
        fields.key("status", &bytes); string(entry.status.rawValue)
        if let warnings = entry.warnings { fields.key("warnings", &bytes); bytes.append(contentsOf: String(warnings).utf8) }
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func document(_ document: CorpusReport.DocumentEntry) {
        var fields = Fields()
        bytes.append(UInt8(ascii: "{"))
        if let counts = document.counts {
            fields.key("counts", &bytes)
            bytes.append(UInt8(ascii: "{"))
            // (Sorted as `.sortedKeys` sorts them.)
            for (index, key) in counts.keys.sorted().enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                string(key)
                bytes.append(UInt8(ascii: ":"))
                bytes.append(contentsOf: String(counts[key]!).utf8)
            }
            bytes.append(UInt8(ascii: "}"))
        }
        if let date = document.date { fields.key("date", &bytes); string(date) }
        if let genre = document.genre { fields.key("genre", &bytes); string(genre) }
        fields.key("id", &bytes); string(document.id)
        fields.key("kind", &bytes); string(document.kind)
        fields.key("source", &bytes); string(document.source)
        if let title = document.title { fields.key("title", &bytes); string(title) }
        bytes.append(UInt8(ascii: "}"))
    }

    /// `"key":`, after a comma but for an object's first field.
    struct Fields {
        private var count = 0
        mutating func key(_ name: StaticString, _ bytes: inout [UInt8]) {
            if count > 0 { bytes.append(UInt8(ascii: ",")) }
            count += 1
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            bytes.append(contentsOf: #"":"#.utf8)
        }
    }

    /// A string as `JSONEncoder` quotes it: `"` and `\\` escaped, "/" as `\/`, the control
    /// characters as `\b`, `\f`, `\n`, `\r`, `\t` or `\u00xx`; every other byte as it is.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        value.withUTF8Bytes { utf8 in
            var mark = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x2F {
                if index > mark { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark..<index])) }
                mark = index + 1
                bytes.append(UInt8(ascii: "\\"))
                JSONEscape.forEach(byte) { bytes.append($0) }
            }
            if utf8.count > mark { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
