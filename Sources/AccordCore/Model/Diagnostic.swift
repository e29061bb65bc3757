/// A recoverable problem found while processing a document, kept as data (never printed
/// from inside a stage): what happened, where, and what was done instead.
public struct Diagnostic: Sendable, Equatable, Hashable, Codable {
    public enum Severity: String, Sendable, Codable { case warning, error }

    public var severity: Severity
    /// A stable identifier, e.g. `encoding.latin1-fallback`.
    public var id: String
    public var message: String
    /// 1-based line in the source, when known.
    public var line: Int?
    /// The pipeline stage that reported it.
    public var stage: Stage

    public init(_ severity: Severity = .warning, id: String, _ message: String, line: Int? = nil, stage: Stage) {
        self.severity = severity
        self.id = id
        self.message = message
        self.line = line
        self.stage = stage
    }

    /// `path:line: warning: message [id]`
    public func formatted(path: String) -> String {
        let location = line.map { "\(path):\($0)" } ?? path
        return "\(location): \(severity.rawValue): \(message) [\(id)]"
    }
}

/// The named stages of the pipeline; errors and diagnostics are tagged with the stage.
public enum Stage: String, Sendable, Codable, CaseIterable {
    case ingest, normalize, segment, classify, extract, link, emit
}

/// A failure that stops one document (never the batch): names the stage and the cause.
public struct PipelineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var stage: Stage
    public var reason: String

    public init(stage: Stage, _ reason: String) {
        self.stage = stage
        self.reason = reason
    }

    public var description: String { "\(reason) (stage: \(stage.rawValue))" }
}
