import AccordBatch
import AccordReport
import Foundation

/// What `accord run` tells the person (or program) watching: failures as they happen, a
/// progress line on a terminal, one summary line at the end; or JSON lines for machines.
final class RunLog: @unchecked Sendable {
    let format: Accord.Run.LogFormat
    let quiet: Bool
    let terminal: Bool
    private var lastDraw = Date.distantPast
    private var drew = false

    init(format: Accord.Run.LogFormat, quiet: Bool) {
        self.format = format
        self.quiet = quiet
        terminal = isatty(STDERR_FILENO) == 1 && format == .text && !quiet
    }

    func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    func json(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        write(String(decoding: data, as: UTF8.self) + "\n")
    }

    var entry: @Sendable (Manifest.Entry) -> Void {
        { [self] entry in
            switch format {
            case .json:
                var object: [String: Any] = ["event": "document", "path": entry.path, "status": entry.status.rawValue]
                if let id = entry.id { object["id"] = id }
                if let error = entry.error { object["error"] = error }
                if let warnings = entry.warnings { object["warnings"] = warnings }
                json(object)
            case .text:
                switch entry.status {
                case .failed, .unsupported:
                    clearLine()
                    write("error: \(entry.error ?? entry.path)\n")
                case .ok, .unchanged:
                    if !quiet && !terminal, let warnings = entry.warnings {
                        write("\(entry.path): \(warnings) warning\(warnings == 1 ? "" : "s") (see its report)\n")
                    }
                }
            }
        }
    }

    var progress: @Sendable (BatchRun.Progress) -> Void {
        { [self] progress in
            guard terminal, Date().timeIntervalSince(lastDraw) > 0.1 || progress.done == progress.total else { return }
            lastDraw = Date()
            let rate = progress.seconds > 0 ? Double(progress.done) / progress.seconds : 0
            let left = rate > 0 ? Double(progress.total - progress.done) / rate : 0
            var line = "\r\(progress.done)/\(progress.total) documents, \(String(format: "%.1f", rate))/s"
            if progress.done < progress.total { line += ", \(Self.duration(left)) left" }
            if progress.failed > 0 { line += ", \(progress.failed) failed" }
            write(line + "\u{1B}[K")
            drew = true
        }
    }

    func clearLine() {
        if drew { write("\r\u{1B}[K") }
    }

    func finish(_ summary: BatchRun.Summary) {
        clearLine()
        if format == .json {
            json(["event": "summary", "documents": summary.total, "ok": summary.ok, "failed": summary.failed,
                  "unchanged": summary.unchanged, "seconds": (summary.seconds * 100).rounded() / 100])
        }
        print(summary.line)
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
