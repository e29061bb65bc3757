import AccordCore
import Foundation
import Testing
@testable import AccordReport

@Suite("Text spool")
struct TextSpoolTests {
    /// Texts of every kind: empty, ASCII, multi-byte, longer than the flush size.
    static let texts: [String] = (0..<500).map { i in
        switch i % 5 {
        case 0: ""
        case 1: "The United States will strengthen border security, number \(i)."
        case 2: "México y Estados Unidos — cooperación \(i) 🇲🇽"
        case 3: String(repeating: "long sentence \(i) ", count: 40)
        default: "\(i)"
        }
    }

    @Test func textsComeBackWholeFromTheFileAndTheTail() throws {
        // A small flush size: most texts are in the file, the last ones still in memory.
        let spool = TextSpool(flushSize: 300)
        #expect(spool.isWritingToDisk)
        let references = Self.texts.map { spool.append($0) }
        // In another order than written, and from several threads at once.
        let order = Array(references.indices).shuffled()
        let results = Results(count: order.count)
        DispatchQueue.concurrentPerform(iterations: 4) { part in
            for k in stride(from: part, to: order.count, by: 4) { results.set(order[k], spool.string(references[order[k]])) }
        }
        #expect(results.all() == Self.texts)
        #expect(spool.failure == nil)
    }

    /// A write that fails (a full disk) leaves every text readable: those already in the file
    /// from it, the rest from memory, where the spool keeps them from then on.
    @Test func aFailedWriteKeepsTheTextsInMemory() throws {
        let spool = TextSpool(flushSize: 200)
        var references = Self.texts.prefix(100).map { spool.append($0) }  // several flushes
        #expect(spool.isWritingToDisk)  // the file was made: the failure below is the first
        spool.failWritesForTesting = true
        references += Self.texts.dropFirst(100).map { spool.append($0) }
        #expect(!spool.isWritingToDisk)
        #expect(references.map { spool.string($0) } == Self.texts)
        #expect(spool.failure == nil)
    }

    /// A read that fails is kept as the spool's failure (for the writer to discard its output).
    @Test func aFailedReadIsReported() throws {
        let spool = TextSpool(flushSize: 16)
        let reference = spool.append(String(repeating: "sentence ", count: 10))
        _ = spool.append("more")
        spool.failReadsForTesting = true
        _ = spool.string(reference)
        #expect(spool.failure?.contains("could not read back") == true)
    }

    @Test func withoutAScratchFileTextsStayInMemory() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("accord-no-such-directory-\(UUID())")
        let spool = TextSpool(directory: missing, flushSize: 64)
        #expect(!spool.isWritingToDisk)
        let stored = Self.texts.map { SpooledText($0, in: spool) }
        #expect(stored.map(\.string) == Self.texts)
        #expect(spool.failure == nil)
        // Nothing was made where the file would have been.
        #expect(!FileManager.default.fileExists(atPath: missing.path))
    }

    @Test func theScratchFileLeavesNothingBehind() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("accord-spool-test-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let spool = TextSpool(directory: directory, flushSize: 16)
        let reference = spool.append(String(repeating: "x", count: 100))
        #expect(spool.isWritingToDisk)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        #expect(spool.string(reference) == String(repeating: "x", count: 100))
    }

    /// A corpus report made with a spool writes the same bytes as one made in memory, and its
    /// commitments encode and decode as before (the text under "text").
    @Test func spooledCorpusReportIsTheSame() throws {
        let pipeline = Pipeline()
        let texts = [
            ("a.txt", "Border talks\n\nThe United States and Mexico agreed to cooperate on migration. Mexico will strengthen its southern border."),
            ("b.txt", "A visit\n\nPresident Biden said the United States will help Mexico. Canada committed to send 20 officers."),
        ]
        func build(_ spool: TextSpool?) throws -> CorpusReport {
            let linker = CorpusLinker(pipeline: pipeline.identity, spool: spool)
            for (name, text) in texts {
                linker.add(DocumentReport(try pipeline.run(DocumentInput(bytes: Array(text.utf8), path: name)), pipeline: pipeline.identity))
            }
            return linker.build()
        }
        let spooled = try build(TextSpool(flushSize: 32)), inMemory = try build(nil)
        #expect(spooled.commitments.count >= 2)
        #expect(try JSONOutput.encode(spooled) == JSONOutput.encode(inMemory))
        #expect(CorpusXML.encode(spooled) == CorpusXML.encode(inMemory))
        #expect(spooled.textFailure == nil)

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(spooled.commitments)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(object.first.map { Set($0.keys) }?.isSuperset(of: ["id", "document", "local", "actors", "modality", "negated", "text", "relatedTo"]) == true)
        let decoded = try JSONDecoder().decode([CorpusReport.CommitmentEntry].self, from: data)
        #expect(decoded.map(\.text) == inMemory.commitments.map(\.text))
        #expect(try encoder.encode(decoded) == data)
    }
}

private final class Results: @unchecked Sendable {
    private var values: [String?]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: String) {
        lock.lock()
        values[i] = value
        lock.unlock()
    }
    func all() -> [String] { values.map { $0 ?? "<missing>" } }
}
