import AccordBatch
import AccordCore
import AccordDiff
import Foundation

/// `accord bench --diff`: one large agreement against a version with 1 % of its words
/// changed and two articles moved; the time of `accord diff` (reading both sides through
/// the pipeline, then comparing) and, for scale, `git diff --no-index --word-diff`.
enum DiffBench {
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// Paragraphs of real treaty texts, numbered as articles, up to `bytes`.
    static func agreement(from inputs: [String], bytes: Int) throws -> [String] {
        var paragraphs: [String] = []
        var seen = Set<String>()  // distinct bodies, so each article can be matched only one way
        for input in inputs {
            let url = URL(fileURLWithPath: input)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else { continue }
            let files = isDirectory.boolValue
                ? ((FileManager.default.enumerator(atPath: input)?.allObjects as? [String]) ?? []).filter { $0.hasSuffix(".txt") }.sorted().map { url.appendingPathComponent($0) }
                : [url]
            for file in files {
                guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
                for paragraph in text.components(separatedBy: "\n\n") {
                    let flat = paragraph.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
                    if flat.count >= 200, !flat.lowercased().hasPrefix("article"), seen.insert(flat).inserted { paragraphs.append(flat) }
                }
                if paragraphs.reduce(0, { $0 + $1.utf8.count }) > bytes * 2 { break }
            }
        }
        guard !paragraphs.isEmpty else { throw DiffBenchError(message: "no treaty text (.txt) under the inputs to build the benchmark agreement from") }
        var articles: [String] = []
        var total = 0
        var k = 0
        while total < bytes {
            let body = paragraphs[k % paragraphs.count]
            let article = "Article \(articles.count + 1). \(body)"
            articles.append(article)
            total += article.utf8.count + 2
            k += 1
        }
        return articles
    }

    struct DiffBenchError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static func run(inputs: [String], megabytes: Double, pipeline: Pipeline) throws -> String {
        let header = "AGREEMENT BETWEEN THE GOVERNMENT OF THE UNITED STATES OF AMERICA AND THE GOVERNMENT OF CANADA\n\nThe Government of the United States of America and the Government of Canada,\n\nHave agreed as follows:\n\n"
        let footer = "\n\nDONE at Ottawa, this 19th day of June, 1973, in duplicate.\n"
        let articles = try agreement(from: inputs, bytes: Int(megabytes * 1_000_000))
        // The new version: 1 % of the words replaced, two articles moved (labels kept).
        var random = SplitMix(state: 42)
        var edited = articles.map { article -> String in
            var words = article.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            for w in 2..<words.count where random.below(100) == 0 { words[w] = "amended\(random.below(1000))" }
            return words.joined(separator: " ")
        }
        let changedWords = zip(articles, edited).reduce(0) { sum, pair in
            sum + zip(pair.0.split(separator: " "), pair.1.split(separator: " ")).filter { $0 != $1 }.count
        }
        let first = edited.remove(at: edited.count / 4)
        edited.insert(first, at: edited.count * 3 / 4)
        let second = edited.remove(at: edited.count * 3 / 5)
        edited.insert(second, at: edited.count / 10)
        let oldText = header + articles.joined(separator: "\n\n") + footer
        let newText = header + edited.joined(separator: "\n\n") + footer
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("accord-diff-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let oldURL = folder.appendingPathComponent("old.txt"), newURL = folder.appendingPathComponent("new.txt")
        try Data(oldText.utf8).write(to: oldURL)
        try Data(newText.utf8).write(to: newURL)

        let clock = ContinuousClock()
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        var report: DiffReport?
        let sides = PairResults<DocumentAnalysis>()
        let texts = [oldText, newText]
        // Both sides at once, as `accord diff` reads them.
        let read = clock.measure {
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                if let analysis = try? pipeline.run(DocumentInput(bytes: Array(texts[k].utf8), path: k == 0 ? "old.txt" : "new.txt")) { sides.set(k, analysis) }
            }
        }
        guard let old = sides.get(0), let new = sides.get(1) else { throw DiffBenchError(message: "the pipeline failed on the benchmark agreement") }
        let compare = clock.measure {
            report = DocumentDiff().compare(DiffSide(source: "old.txt", analysis: old), DiffSide(source: "new.txt", analysis: new), pipeline: pipeline.identity)
        }
        let render = clock.measure { _ = try? DiffOutput.json(report!) }
        let counts = report!.summary.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        var lines = [
            String(format: "diff benchmark: %.2f MB agreement, %d articles, %d words changed (1%%), 2 articles moved",
                   Double(oldText.utf8.count) / 1_000_000, articles.count, changedWords),
            "found: \(counts)",
            String(format: "pipeline on both sides (two threads): %.3f s; alignment, redline and semantic changes: %.3f s; JSON: %.3f s; total %.3f s",
                   seconds(read), seconds(compare), seconds(render), seconds(read + compare + render)),
            String(format: "peak memory: %.0f MB", Benchmark.peakMemoryMegabytes()),
        ]
        // git diff --word-diff on the same pair, for scale (it exits 1: the versions differ),
        // timed from its start to its exit.
        if let git = Benchmark.timeRun("/usr/bin/env", ["git", "diff", "--no-index", "--word-diff", oldURL.path, newURL.path], statuses: [0, 1]) {
            lines.append(String(format: "git diff --no-index --word-diff (lines and words, no structure): %.3f s", git))
        }
        return lines.joined(separator: "\n")
    }
}
