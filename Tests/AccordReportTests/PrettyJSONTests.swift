import AccordCore
import Foundation
import Testing
@testable import AccordReport

/// `PrettyJSON` must write exactly what `JSONEncoder` writes with the report options.
@Suite("PrettyJSON and the report writer against JSONEncoder")
struct PrettyJSONTests {
    func assertSame<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var ours = try PrettyJSON.encode(value)
        ours.append(0x0A)
        let reference = try JSONOutput.foundationEncode(value)
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: reference, as: UTF8.self), sourceLocation: sourceLocation)
        // And what reports are written with: the direct writer for document reports.
        let written = try JSONOutput.encode(value)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: reference, as: UTF8.self), sourceLocation: sourceLocation)
    }

    @Test func everySampleReportAndTheCorpusReport() throws {
        let pipeline = Pipeline()
        let linker = CorpusLinker(pipeline: pipeline.identity)
        for (path, bytes) in try sampleDocuments() {
            let report = DocumentReport(try pipeline.run(DocumentInput(bytes: bytes, path: path)), pipeline: pipeline.identity)
            try assertSame(report)
            linker.add(report)
        }
        try assertSame(linker.build())
    }

    struct Edge: Encodable {
        var empty: [String] = []
        var emptyObject: [String: Int] = [:]
        var absent: String? = nil
        var present: Int? = 7
        var text = "quote \" backslash \\ slash / tab \t newline \n return \r bell \u{7} escape \u{1B} nul \u{0} del \u{7F} é 中 🙂 \u{2028}"
        var doubles: [Double] = [1.0, 0.1, -2.5, 1e-7, 12345678.9, 1e21, 0, -0.0, 3.0e300]
        var float: Float = 0.3
        var integers: [Int64] = [.min, .max, 0]
        var unsigned: UInt64 = .max
        var small: Int8 = -8
        var flags = [true, false]
        var keys: [String: Int] = ["b": 1, "B": 2, "a": 3, "_": 4, "é": 5, "aa": 6, "a b": 7, "10": 8, "9": 9]
        var numbered: [Int: String] = [10: "ten", 2: "two", -1: "minus one"]
        var nested: [[[String]]] = [[], [[]], [["x"], ["y", "z"]]]
        var optionals: [Int?] = [1, nil, 3]
        var object = Inner()
        var objects = [Inner(), Inner(name: "other", level: .high)]
    }

    struct Inner: Codable {
        enum Level: String, Codable { case low, high }
        var name = "inner"
        var level = Level.low
        var zValue = 1
        var aValue: String? = "first"
    }

    /// A type that writes its containers by hand: nested containers, superEncoder, a
    /// container asked for twice.
    struct Manual: Encodable {
        enum Keys: String, CodingKey { case list, child, parent, later }
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode(1)
            var inner = list.nestedContainer(keyedBy: Keys.self)
            try inner.encode("x", forKey: .child)
            try list.encodeNil()
            var child = container.nestedContainer(keyedBy: Keys.self, forKey: .child)
            try child.encode(2.5, forKey: .later)
            try Inner().encode(to: container.superEncoder(forKey: .parent))
            var again = encoder.container(keyedBy: Keys.self)
            try again.encode(true, forKey: .later)
        }
    }

    @Test func edgeCases() throws {
        try assertSame(Edge())
        try assertSame(Manual())
        try assertSame([Edge(), Edge()])
        try assertSame("top-level string")
        try assertSame(42)
        try assertSame([String]())
        try assertSame([String: String]())
        try assertSame(Optional<Int>.none)
    }

    @Test func nonFiniteNumbersAreRejected() {
        #expect(throws: EncodingError.self) { try PrettyJSON.encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try PrettyJSON.encode(["x": Double.infinity]) }
    }

    @Test func typesItDoesNotModelFallBackToJSONEncoder() throws {
        struct Dated: Encodable { var when = Date(timeIntervalSinceReferenceDate: 12.5); var url = URL(string: "https://example.org/a")! }
        #expect(throws: PrettyJSON.Unsupported.self) { try PrettyJSON.encode(Dated()) }
        #expect(try JSONOutput.encode(Dated()) == JSONOutput.foundationEncode(Dated()))
    }
}
