import AccordCore
import AccordReport
import Foundation

/// `accord eval`: runs the pipeline on every document that has a gold file and scores it.
public struct Evaluation {
    public struct Options {
        public var goldDirectories: [String]
        public var documentsDirectory: String?
        /// Only documents whose gold `language` is this (e.g. "en").
        public var language: String?
        /// Leave out gold files made automatically (from catalogue metadata).
        public var skipAutomatic: Bool

        public init(goldDirectories: [String], documentsDirectory: String? = nil, language: String? = nil, skipAutomatic: Bool = false) {
            self.goldDirectories = goldDirectories
            self.documentsDirectory = documentsDirectory
            self.language = language
            self.skipAutomatic = skipAutomatic
        }
    }

    public struct Result: Codable {
        public var scores: Scores
        public var perDocument: [String: Scores]
        /// Gold files whose document could not be found or processed.
        public var problems: [String]
    }

    public let pipeline: Pipeline
    public init(pipeline: Pipeline = Pipeline()) { self.pipeline = pipeline }

    public func run(_ options: Options) throws -> Result {
        var total = Scores()
        var perDocument: [String: Scores] = [:]
        var problems: [String] = []
        let fm = FileManager.default
        var goldFiles: [URL] = []
        for directory in options.goldDirectories {
            guard let enumerator = fm.enumerator(atPath: directory) else {
                throw EvaluationError("\(directory): no such folder")
            }
            for case let path as String in enumerator where path.hasSuffix(".gold.json") {
                goldFiles.append(URL(fileURLWithPath: directory).appendingPathComponent(path))
            }
        }
        goldFiles.sort { $0.path < $1.path }
        for url in goldFiles {
            let gold: GoldFile
            do {
                gold = try JSONDecoder().decode(GoldFile.self, from: Data(contentsOf: url))
            } catch {
                problems.append("\(url.path): unreadable gold file (\(error))")
                continue
            }
            if let language = options.language, gold.language != language { continue }
            if options.skipAutomatic && gold.isAutomatic { continue }
            let directory = options.documentsDirectory.map { URL(fileURLWithPath: $0) } ?? url.deletingLastPathComponent()
            let documentURL = directory.appendingPathComponent(gold.document)
            guard let data = try? Data(contentsOf: documentURL) else {
                problems.append("\(url.path): document \(documentURL.path) not found")
                continue
            }
            do {
                let analysis = try pipeline.run(DocumentInput(bytes: Array(data), path: documentURL.path))
                let report = DocumentReport(analysis, pipeline: pipeline.identity)
                let scores = Scorer.score(gold: gold, report: report)
                perDocument[gold.document] = scores
                total = total + scores
            } catch {
                problems.append("\(documentURL.path): \(error)")
            }
        }
        return Result(scores: total, perDocument: perDocument, problems: problems)
    }

    /// The scores as a table a person reads.
    public static func table(_ scores: Scores) -> String {
        var lines: [String] = []
        func pct(_ x: Double) -> String { String(format: "%6.3f", x) }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        lines.append("\(scores.documents) document\(scores.documents == 1 ? "" : "s") scored")
        lines.append(pad("record", 26) + lpad("gold", 6) + lpad("pred", 6) + lpad("match", 7) + "  precision  recall      F1")
        func row(_ name: String, _ t: Tally) {
            guard t.gold > 0 || t.predicted > 0 else { return }
            lines.append(pad(name, 26) + lpad(String(t.gold), 6) + lpad(String(t.predicted), 6) + lpad(String(t.matched), 7)
                         + "     " + pct(t.precision) + "  " + pct(t.recall) + "  " + pct(t.f1))
        }
        func setRow(_ name: String, _ t: SetTally) {
            guard t.truePositives + t.falsePositives + t.falseNegatives > 0 else { return }
            lines.append(pad("  " + name, 26) + lpad("", 19) + "     " + pct(t.precision) + "  " + pct(t.recall) + "  " + pct(t.f1))
        }
        func accuracyRow(_ name: String, _ a: Accuracy) {
            guard a.total > 0 else { return }
            lines.append(pad("  " + name, 26) + lpad("\(a.correct)/\(a.total)", 19) + "     accuracy " + pct(a.value))
        }
        row("entities", scores.entities)
        for type in ["country", "place", "organization", "person"] {
            if let t = scores.entityTypes[type] { row("  " + type, t) }
        }
        row("agreements", scores.agreements)
        setRow("parties", scores.agreementParties)
        setRow("signatories", scores.agreementSignatories)
        accuracyRow("signature date", scores.agreementDates)
        accuracyRow("instrument parties+date", scores.instrument)
        row("programs", scores.programs)
        setRow("participants", scores.programParticipants)
        row("commitments", scores.commitments)
        setRow("actors", scores.commitmentActors)
        accuracyRow("modality", scores.commitmentModality)
        accuracyRow("negation", scores.commitmentNegation)
        row("quotes", scores.quotes)
        accuracyRow("speaker", scores.quoteSpeakers)
        return lines.joined(separator: "\n")
    }
}

public struct EvaluationError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
