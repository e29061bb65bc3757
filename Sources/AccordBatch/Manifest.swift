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

/// `corpus.json`: the corpus-level report. It lists the documents of the run; the
/// record lists are filled by cross-document linking (see the corpus issue) and are
/// empty until then.
public struct CorpusReport: Codable, Sendable {
    public static let schemaName = "accord.corpus/1"

    public struct DocumentEntry: Codable, Sendable, Equatable {
        public var id: String
        public var source: String
        public var kind: String
        public var genre: String?
        public var title: String?
        public var date: String?
    }

    public struct LocalReference: Codable, Sendable {
        public var document: String
        public var id: String
    }

    public struct EntityEntry: Codable, Sendable {
        public var id: String
        public var type: String
        public var name: String
        public var aliases: [String]
        public var codes: [String: String]?
        public var documents: [String]
        public var mentions: Int
        public var local: [LocalReference]
    }

    public struct RecordEntry: Codable, Sendable {
        public var id: String
        public var title: String?
        public var name: String?
        public var type: String?
        public var documents: [String]
        public var local: [LocalReference]
    }

    public struct CommitmentEntry: Codable, Sendable {
        public var id: String
        public var document: String
        public var local: String
        public var actors: [String]
        public var modality: String
        public var text: String
    }

    public var schema = CorpusReport.schemaName
    public var pipeline: String
    public var documents: [DocumentEntry]
    public var entities: [EntityEntry] = []
    public var agreements: [RecordEntry] = []
    public var programs: [RecordEntry] = []
    public var commitments: [CommitmentEntry] = []
    public var events: [RecordEntry] = []
}
