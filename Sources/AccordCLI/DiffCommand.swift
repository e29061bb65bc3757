import AccordBatch
import AccordCore
import AccordDiff
import AccordReport
import ArgumentParser
import Foundation

extension Accord {
    public struct Diff: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Show what changed between two versions of a document.",
            discussion: """
                Compares OLD and NEW (any format 'accord run' reads) by structure: articles, \
                annexes and paragraphs are matched by number, heading and content, so a moved, \
                renumbered, split or merged provision is reported as such; inside each matched \
                pair, a word-level redline. Whitespace, line wrapping, quote and apostrophe style \
                and end-of-line hyphenation are not changes. From the records of both sides: \
                title, party and signatory, modality (shall → may), negation, date, amount, place, \
                program and agreement changes.

                Exit status: 0 when the documents are the same after normalization, 1 when they \
                differ (like diff(1)), 2 on errors.

                Examples:
                  accord diff old.txt new.txt
                  accord diff draft-3.docx draft-4.docx --format html --out changes.html
                  accord diff v1.xml v2.xml --format json | jq '.changes[] | select(.kind == "modality")'
                """)

        public enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
            case text, json, xml, html
        }

        @Argument(help: "The earlier version.")
        var old: String

        @Argument(help: "The later version.")
        var new: String

        @Option(name: .shortAndLong, help: "Output format: text (coloured on a terminal), json, xml or html.")
        var format: Format = .text

        @Option(name: .shortAndLong, help: "Write the report to this file (atomically) instead of standard output.")
        var out: String?

        @Option(name: .long, help: "Largest input accepted, in MB.")
        var maxSize: Int = 64

        @OptionGroup var configuration: ConfigOption

        public init() {}

        public func validate() throws {
            guard maxSize >= 1 else { throw ValidationError("--max-size must be at least 1 (MB)") }
        }

        public func run() throws {
            let pipeline: Pipeline
            do {
                pipeline = try configuration.pipeline()
            } catch {
                throw ExitCode(2)
            }
            // Both sides are read at once (one thread each).
            let paths = [old, new]
            let results = PairResults<Result<DiffSide, DiffReadError>>()
            let limit = maxSize << 20
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                do {
                    let input = try InputReader.readFile(paths[k], maximumFileSize: limit)
                    results.set(k, .success(DiffSide(source: paths[k], analysis: try pipeline.run(input))))
                } catch {
                    results.set(k, .failure(DiffReadError(message: "accord diff: \(paths[k]): error: \(error)")))
                }
            }
            var sides: [DiffSide] = []
            for k in 0..<2 {
                switch results.get(k) {
                case .success(let side)?: sides.append(side)
                case .failure(let error)?:
                    FileHandle.standardError.write(Data((error.message + "\n").utf8))
                    throw ExitCode(2)
                case nil:
                    throw ExitCode(2)
                }
            }
            let report = DocumentDiff(sideBySide: format == .html).compare(sides[0], sides[1], pipeline: pipeline.identity)
            let data: Data
            switch format {
            case .json: data = try DiffOutput.json(report)
            case .xml: data = DiffOutput.xml(report)
            case .html: data = Data(DiffOutput.html(report).utf8)
            case .text: data = Data(DiffOutput.text(report, color: out == nil && isatty(STDOUT_FILENO) == 1).utf8)
            }
            if let out {
                do {
                    try AtomicFile.write(data, to: URL(fileURLWithPath: out))
                } catch {
                    FileHandle.standardError.write(Data("accord diff: \(error)\n".utf8))
                    throw ExitCode(2)
                }
            } else {
                FileHandle.standardOutput.write(data)
            }
            if !report.identical { throw ExitCode(1) }
        }
    }
}

/// What each of two concurrent readers produced (`accord diff`, `accord bench --diff`).
final class PairResults<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int: Value] = [:]
    func set(_ k: Int, _ value: Value) { lock.withLock { values[k] = value } }
    func get(_ k: Int) -> Value? { lock.withLock { values[k] } }
}

struct DiffReadError: Error {
    var message: String
}
