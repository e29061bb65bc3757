import AccordBatch
import AccordCore
import AccordEval
import AccordReport
import ArgumentParser
import Foundation

/// The `accord` command.
public struct Accord: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "accord",
        abstract: "Extract parties, agreements, commitments and programs from bilateral agreements and press statements.",
        discussion: """
            Accord reads treaties, memoranda of understanding, joint declarations and the press \
            statements about them (plain text, Markdown with front matter, HTML, XML) and writes \
            structured reports with provenance: every record points at the words that justify it.

            Examples:
              accord run                                  # Corpus/ into Output/
              accord run docs/ statement.html --out Reports
              accord extract Corpus/us-mexico-border-security.txt --format xml
              accord eval --gold Corpus
            """,
        version: Pipeline.version,
        subcommands: [Run.self, Extract.self, Diff.self, Eval.self, Bench.self, Config.self, MergeOutputs.self],
        defaultSubcommand: nil)

    public init() {}

    /// Runs the command line; usage errors exit with status 2, as documented.
    public static func runMain(_ arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                FileHandle.standardError.write(Data("Run 'accord --help' for usage.\n".utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

extension Accord {
    public struct Run: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Process documents into reports (JSON, XML), a manifest and a corpus report.",
            discussion: """
                Inputs are files, folders (searched recursively; gold files, README, SOURCES \
                and LICENSE files beside the documents are skipped) and archives (.zip, .tar, \
                .tar.gz), in plain text, Markdown, HTML, XML, DOCX and PDF (through pdftotext). \
                With no input, runs Corpus/ into Output/.

                Writes <out>/documents/<id>.json and <id>.xml per document, <out>/manifest.json \
                (every input with its status, and the reason when it failed), the corpus report \
                (corpus.json, corpus.xml: records linked across documents), index.html with its \
                pages under html/, csv/ and accord.sqlite (--formats selects). \
                Files are written atomically. A document whose content and pipeline (version and \
                configuration) are unchanged since the last run is not processed again (--force \
                does it anyway); a run that was killed resumes where it stopped. Ends with one \
                summary line.

                Exit status: 0 when every input was processed, 1 when some failed (the others \
                are still processed), 2 for usage errors.

                Examples:
                  accord run
                  accord run treaties/ statements.zip --out Reports --jobs 2
                  accord run archive/ --out part-1 --shard 1/3     # then: accord merge part-* --out All
                """)

        @Argument(help: "Files, folders or archives to process (default: Corpus).")
        var inputs: [String] = []

        @Option(name: .shortAndLong, help: "Output folder (default: Output).")
        var out: String = "Output"

        @Option(name: .shortAndLong, help: "Documents processed in parallel (default: all cores).")
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Flag(name: .long, help: "Process every document, even those unchanged since the last run.")
        var force = false

        @Option(name: .long, help: "Process only share K of N (K from 1 to N), chosen by a stable hash of each path.")
        var shard: String?

        @Option(name: .long, help: "Largest file read, in MB (default: 64).")
        var maxSize: Int = 64

        @Option(name: .long, help: "Outputs besides the JSON reports: any of json,xml,html,csv,sqlite (default: all).")
        var formats: String = "json,xml,html,csv,sqlite"

        @Option(name: .long, help: "Progress and errors on standard error as text (default) or json (one object a line).")
        var logFormat: LogFormat = .text

        @Flag(name: .shortAndLong, help: "Print only the summary line and failures.")
        var quiet = false

        @OptionGroup var configuration: ConfigOption

        public enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable { case text, json }

        public init() {}

        public func validate() throws {
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
            guard maxSize >= 1 else { throw ValidationError("--max-size must be at least 1 (MB)") }
            if Self.parseFormats(formats) == nil {
                throw ValidationError("--formats takes a comma-separated list of json, xml, html, csv, sqlite")
            }
            if let shard, Self.parseShard(shard) == nil {
                throw ValidationError("--shard must be K/N with 1 ≤ K ≤ N, e.g. 2/3")
            }
            if inputs.isEmpty && !FileManager.default.fileExists(atPath: "Corpus") {
                throw ValidationError("no input given and there is no Corpus/ folder here; name files or folders to process")
            }
        }

        static func parseFormats(_ text: String) -> Set<OutputFormat>? {
            var result = Set<OutputFormat>()
            for part in text.split(separator: ",") {
                guard let format = OutputFormat(rawValue: part.trimmingCharacters(in: .whitespaces).lowercased()) else { return nil }
                result.insert(format)
            }
            return result.isEmpty ? nil : result
        }

        static func parseShard(_ text: String) -> (Int, Int)? {
            let parts = text.split(separator: "/")
            guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else { return nil }
            return (k, n)
        }

        public func run() throws {
            let inputs = self.inputs.isEmpty ? ["Corpus"] : self.inputs
            let options = BatchRun.Options(inputs: inputs, outputDirectory: URL(fileURLWithPath: out), jobs: jobs,
                                           maximumFileSize: maxSize << 20, force: force, shard: shard.flatMap(Self.parseShard),
                                           formats: Self.parseFormats(formats) ?? Set(OutputFormat.allCases))
            let pipeline = try configuration.pipeline()
            let log = RunLog(format: logFormat, quiet: quiet)
            let summary = try BatchRun(pipeline: pipeline, options: options).run(report: log.entry, progress: log.progress)
            log.finish(summary)
            if summary.failed > 0 { throw ExitCode(1) }
        }
    }

    public struct Extract: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Print one document's report on standard output.",
            discussion: """
                Reads FILE (or standard input with '-') and prints its report as JSON (default) \
                or XML. Nothing is written to disk.

                Examples:
                  accord extract Corpus/us-mexico-border-security.txt
                  accord extract Corpus/us-mexico-border-security.txt --explain
                  curl -s https://example.org/statement.html | accord extract - --format xml
                """)

        public enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
            case json, xml
        }

        @Argument(help: "The document to read, or '-' for standard input.")
        var file: String

        @Option(name: .shortAndLong, help: "Report format: json or xml.")
        var format: Format = .json

        @Flag(name: .long, help: "Instead of the report, explain every record: the words that justify it and the rule that produced it.")
        var explain = false

        @OptionGroup var configuration: ConfigOption

        public init() {}

        public func run() throws {
            let bytes: [UInt8]
            do {
                if file == "-" {
                    bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
                } else {
                    bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
                }
            } catch {
                FileHandle.standardError.write(Data("\(file): error: cannot read (\(BatchRun.describe(error))) (stage: ingest)\n".utf8))
                throw ExitCode(1)
            }
            let pipeline = try configuration.pipeline()
            do {
                let analysis = try pipeline.run(DocumentInput(bytes: bytes, path: file))
                let report = DocumentReport(analysis, pipeline: pipeline.identity)
                if explain {
                    FileHandle.standardOutput.write(Data(Explain.text(report, source: bytes).utf8))
                    return
                }
                let data = format == .json ? try JSONOutput.encode(report) : XMLReport.encode(report)
                FileHandle.standardOutput.write(data)
            } catch let error as PipelineError {
                FileHandle.standardError.write(Data("\(file): error: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}

extension Accord {
    public struct Eval: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Score extraction against gold annotations (spec/GOLD.md).",
            discussion: """
                Runs the pipeline on every document that has a gold file (<name>.gold.json) \
                in the --gold folders (searched recursively), finding the document beside its \
                gold file or in --docs, and prints precision, recall and F1 per record type and \
                per entity type (subdivision, city and place are scored together as place).

                Examples:
                  accord eval --gold Corpus
                  accord eval --gold Corpus --gold Tests/Data/gold --skip-automatic
                  accord eval --gold Corpus --gold Tests/Data/gold/press --json
                  accord eval --gold ../shared/corpus/agreements --language en
                """)

        @Option(name: .long, help: "A folder of gold files (repeatable; default: Corpus).")
        var gold: [String] = []

        @Option(name: .long, help: "The folder holding the documents, when they are not beside their gold files.")
        var docs: String?

        @Option(name: .long, help: "Score only documents whose gold file gives this language (e.g. en).")
        var language: String?

        @Flag(name: .long, help: "Leave out gold files made automatically (their \"annotation\" begins with \"automatic\").")
        var skipAutomatic = false

        @Flag(name: .long, help: "Print the scores as JSON.")
        var json = false

        @Flag(name: .long, help: "Also list what was missed and what was extra, per document.")
        var details = false

        @OptionGroup var configuration: ConfigOption

        public init() {}

        public func run() throws {
            let folders = gold.isEmpty ? ["Corpus"] : gold
            for folder in folders where !FileManager.default.fileExists(atPath: folder) {
                throw ValidationError("\(folder): no such folder")
            }
            let result = try Evaluation(pipeline: try configuration.pipeline()).run(.init(goldDirectories: folders, documentsDirectory: docs, language: language, skipAutomatic: skipAutomatic))
            if json {
                var output = result
                if !details {
                    output.scores.misses = []
                    output.perDocument = output.perDocument.mapValues { var s = $0; s.misses = []; return s }
                }
                FileHandle.standardOutput.write(try JSONOutput.encode(output))
            } else {
                print(Evaluation.table(result.scores))
                if details {
                    for miss in result.scores.misses { print(miss) }
                }
            }
            for problem in result.problems {
                FileHandle.standardError.write(Data("warning: \(problem)\n".utf8))
            }
            if result.scores.documents == 0 {
                FileHandle.standardError.write(Data("error: no document with a gold file was found\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}

extension Accord {
    public struct Bench: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Measure throughput: MB/s and documents/s per stage and end to end.",
            discussion: """
                Reads the documents under the inputs (default: Corpus, and ../shared/corpus when \
                it exists), replicates them up to --size megabytes, and runs ingest to JSON and \
                XML reports in memory: per stage with one job, then end to end with --jobs. \
                The link stage is the corpus linker given every report, then the corpus \
                report built and written (corpus.json and corpus.xml, to a temporary file); \
                it is not part of the end to end figure. Prints `wc -w` on the same bytes for \
                scale (timed right after each one-job round, and the one-job figure as a \
                fraction of it taken round by round), and the peak memory. Each measurement is taken --rounds times (default 3) \
                and the median round reported. Build with \
                `swift build -c release --static-swift-stdlib --experimental-lto-mode=full \
                --product accord`, then .build/release/accord bench (swift run takes no \
                --static-swift-stdlib), for figures worth comparing: the runtime linked into the \
                binary is called directly, not \
                through the dynamic linker's tables, and link-time optimization inlines across \
                modules and into the C byte scans. (Without --product, the build also links \
                GRDB's dynamic library, which cannot take the static runtime.) On Linux, \
                scripts/build-release makes a profile-guided build, a few percent faster.

                Examples:
                  swift build -c release --static-swift-stdlib --product accord \\
                      --experimental-lto-mode=full
                  .build/release/accord bench
                  .build/release/accord bench Corpus --size 10 --json
                  .build/release/accord bench --diff
                  .build/release/accord bench --one-text --size 2
                """)

        @Argument(help: "Files or folders of documents (default: Corpus and ../shared/corpus).")
        var inputs: [String] = []

        @Option(name: .long, help: "Corpus size to replicate to, in MB (default: 40; 8 with --one-text, 1 with --diff).")
        var size: Double?

        @Option(name: .shortAndLong, help: "Jobs for the parallel run (default: all cores).")
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Flag(name: .long, help: "Print the figures as JSON.")
        var json = false

        @Option(name: .long, help: ArgumentHelp("Also list the n documents that went slowest (least MB/s, ingest to reports), to find the rules that cost most on some texts.", valueName: "n"))
        var slowest: Int = 0

        @Option(name: .long, help: ArgumentHelp("Take each measurement (one job, all jobs, wc -w) n times and report the median (default: 3; timings on a shared machine vary from run to run). Not with --diff.", valueName: "n"))
        var rounds: Int?

        @Flag(name: .long, help: "Benchmark `accord diff` instead: an agreement of --size MB (default 1) built from the treaty texts under the inputs, against a version with 1% of its words changed and two articles moved; git diff --word-diff on the same pair for scale.")
        var diff = false

        @Flag(name: .customLong("one-text"), help: "Join the documents into one plain text of --size MB (blank lines between them) instead of replicating them as separate documents: the cost of a byte of one long text, which should not grow with its length (compare --size 2 and --size 8).")
        var oneText = false

        @OptionGroup var configuration: ConfigOption

        public init() {}

        public func validate() throws {
            if let size { guard size > 0 else { throw ValidationError("--size must be positive") } }
            guard !(oneText && diff) else { throw ValidationError("--one-text is for the pipeline benchmark, not --diff") }
            // (The bench reads no document over 64 MB either; one text takes some sixty times
            // its size in memory on the way.)
            if oneText, let size, size > 64 { throw ValidationError("--one-text makes one text of at most 64 MB") }
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
            guard slowest >= 0 else { throw ValidationError("--slowest must be 0 or more") }
            if let rounds {
                guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
                guard !diff else { throw ValidationError("--rounds is for the pipeline benchmark, not --diff") }
            }
        }

        public func run() throws {
            var inputs = self.inputs
            if inputs.isEmpty {
                inputs = ["Corpus"]
                for shared in ["../shared/corpus/press", "../shared/corpus/agreements"] where FileManager.default.fileExists(atPath: shared) {
                    inputs.append(shared)
                }
            }
            if diff {
                let treaties = self.inputs.isEmpty ? ["../shared/corpus/agreements", "Corpus"] : self.inputs
                print(try DiffBench.run(inputs: treaties, megabytes: size ?? 1, pipeline: try configuration.pipeline()))
                return
            }
            let megabytes = size ?? (oneText ? 8 : 40)
            let benchmark = Benchmark(pipeline: try configuration.pipeline(),
                                      options: .init(inputs: inputs, targetBytes: Int(megabytes * 1_000_000), jobs: jobs, slowest: slowest,
                                                     rounds: rounds ?? 3, oneText: oneText))
            let report = try benchmark.run { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
            if json {
                FileHandle.standardOutput.write(try JSONOutput.encode(report))
            } else {
                print(Benchmark.table(report))
            }
        }
    }
}

extension Accord {
    public struct MergeOutputs: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Combine the output folders of sharded runs into one.",
            discussion: """
                Each folder must come from `accord run --shard K/N` (or any run) with the same \
                pipeline version and configuration. The merged folder holds every report, one \
                manifest with every input, and the corpus report, as one run would have made them.

                Examples:
                  accord run archive/ --shard 1/3 --out part-1     # on three machines
                  accord run archive/ --shard 2/3 --out part-2
                  accord run archive/ --shard 3/3 --out part-3
                  accord merge part-1 part-2 part-3 --out Output
                """)

        @Argument(help: "Output folders to combine.")
        var folders: [String]

        @Option(name: .shortAndLong, help: "The merged output folder (default: Output).")
        var out: String = "Output"

        public init() {}

        public func validate() throws {
            guard !folders.isEmpty else { throw ValidationError("name at least one output folder to merge") }
        }

        public func run() throws {
            do {
                let manifest = try Merge.run(folders.map { URL(fileURLWithPath: $0) }, into: URL(fileURLWithPath: out))
                let failed = manifest.documents.filter { $0.status == .failed || $0.status == .unsupported }.count
                print("\(manifest.documents.count) documents merged from \(folders.count) folder\(folders.count == 1 ? "" : "s"), \(failed) failed")
            } catch let failure as Merge.Failure {
                FileHandle.standardError.write(Data("error: \(failure)\n".utf8))
                throw ExitCode(2)
            }
        }
    }
}
