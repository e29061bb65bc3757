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

