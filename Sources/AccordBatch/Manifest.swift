import AccordCore
import AccordReport
import Foundation

/// `manifest.json`: every input of a run exactly once, with its status and outputs or
/// the reason it failed.
public struct Manifest: Codable, Sendable {
    public static let schemaName = "accord.manifest/1"

    public enum Status: String, Codable, Sendable {
        case ok, failed, unchanged, unsupported
    }

    public struct Entry: Codable, Sendable, Equatable {
        public var path: String
        public var id: String?
        public var sha256: String?
        public var status: Status
        public var kind: String?
        public var outputs: [String]?
        public var warnings: Int?
        public var error: String?
    }

    public var schema = Manifest.schemaName
    public var pipeline: String
    public var documents: [Entry]
}


extension Manifest {
    /// manifest.json: the bytes `JSONOutput.encode(self)` gives (`JSONEncoder`'s), written
    /// field by field. The run rewrites the manifest every two seconds while its workers wait,
    /// and `JSONEncoder` took about 360 K instructions an entry (26 K this way): some 36 G
    /// instructions, seconds, at each rewrite of an archive of 100,000 documents.
    public func jsonData() -> Data {
        JSONOutput.encode(capacity: 320 * documents.count + 256) { json in
            json.openObject()
            json.openArray("documents")
            for entry in documents {
                json.nextElement()
                json.openObject()
                json.field("error", entry.error)
                json.field("id", entry.id)
                json.field("kind", entry.kind)
                json.field("outputs", entry.outputs)
                json.field("path", entry.path)
                json.field("sha256", entry.sha256)
                json.field("status", entry.status.rawValue)
                json.field("warnings", entry.warnings)
                json.closeObject()
            }
            json.closeArray()
            json.field("pipeline", pipeline)
            json.field("schema", schema)
            json.closeObject()
        }
    }
}
