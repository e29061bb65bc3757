import AccordXML
import AccordReport
import Foundation

/// The diff report as JSON, XML, terminal text and a side-by-side HTML redline.
public enum DiffOutput {
    public static func json(_ report: DiffReport) throws -> Data {
        try JSONOutput.encode(report)
    }

    public static func xml(_ report: DiffReport) -> Data {
        let w = XMLWriter()
        w.startElement("diff")
        w.attribute("schema", report.schema)
        w.attribute("pipeline", report.pipeline)
        w.attribute("identical", report.identical ? "true" : "false")
        for (name, side) in [("old", report.old), ("new", report.new)] {
            w.startElement(name)
            w.attribute("source", side.source)
            w.attribute("sha256", side.sha256)
            w.attribute("units", String(side.units))
            if let title = side.title { w.attribute("title", title) }
            w.endElement()
        }
        w.startElement("summary")
        for (kind, count) in report.summary.sorted(by: { $0.key < $1.key }) {
            w.startElement("count")
            w.attribute("kind", kind)
            w.attribute("value", String(count))
            w.endElement()
        }
        w.endElement()
        w.startElement("changes")
        for change in report.changes {
            w.startElement("change")
            w.attribute("kind", change.kind)
            if let unit = change.unit { w.attribute("unit", unit) }
            if let detail = change.detail { w.attribute("detail", detail) }
            if let from = change.from { w.attribute("from", from) }
            if let to = change.to { w.attribute("to", to) }
            for (name, span) in [("old", change.old), ("new", change.new)] {
                guard let span else { continue }
                w.startElement(name)
                if let label = span.label { w.attribute("label", label) }
                w.attribute("start", String(span.start))
                w.attribute("end", String(span.end))
                if let source = span.source {
                    w.attribute("sourceStart", String(source.start))
                    w.attribute("sourceEnd", String(source.end))
                }
                w.text(span.text)
                w.endElement()
            }
            if let redline = change.redline {
                w.startElement("redline")
                for op in redline {
                    w.startElement(op.op)
                    if op.op == "replace" {
                        w.element("old", text: op.old ?? "")
                        w.element("new", text: op.new ?? "")
                    } else {
                        w.text(op.new ?? op.old ?? "")
                    }
                    w.endElement()
                }
                w.endElement()
            }
            w.endElement()
        }
        w.endElement()
        w.endElement()
        return w.finish()
    }

    /// A terminal view: one line per change, with the redline; ANSI colours when `color`.
    public static func text(_ report: DiffReport, color: Bool) -> String {
        let red = color ? "\u{1B}[31m" : "", green = color ? "\u{1B}[32m" : "", bold = color ? "\u{1B}[1m" : "", reset = color ? "\u{1B}[0m" : ""
        var out = "--- \(report.old.source)\n+++ \(report.new.source)\n"
        if report.identical {
            out += "No change (after normalization: whitespace, wrapping, quote style and hyphenation are not changes).\n"
            return out
        }
        let counts = report.summary.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        out += "\(report.changes.count) changes: \(counts)\n\n"
        func clip(_ s: String, _ n: Int = 100) -> String {
            let flat = s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            return flat.count > n ? String(flat.prefix(n)) + "…" : flat
        }
        for change in report.changes {
            let where_ = change.new?.label ?? change.old?.label ?? change.unit ?? ""
            out += "\(bold)\(change.kind)\(reset)"
            if let detail = change.detail { out += " (\(detail))" }
            if !where_.isEmpty { out += " \(where_)" }
            switch change.kind {
            case "moved", "split", "merged":
                out += ": \(change.old?.label ?? clip(change.old?.text ?? "", 40)) → \(change.new?.label ?? clip(change.new?.text ?? "", 40))\n"
            case "renumbered":
                out += ": \(change.from ?? "?") → \(change.to ?? "?")\n"
            case "inserted":
                out += "\n    \(green)+ \(clip(change.new?.text ?? ""))\(reset)\n"
            case "deleted":
                out += "\n    \(red)- \(clip(change.old?.text ?? ""))\(reset)\n"
            default:
                if change.from != nil || change.to != nil {
                    out += ": \(red)\(change.from ?? "—")\(reset) → \(green)\(change.to ?? "—")\(reset)\n"
                } else {
                    out += "\n"
                }
            }
            if let redline = change.redline, change.kind == "modified" || change.kind == "split" || change.kind == "merged" {
                var line = ""
                for op in redline {
                    if !line.isEmpty && op.joined != true { line += " " }
                    switch op.op {
                    case "equal": line += op.old ?? ""
                    case "delete": line += "\(red)[-\(op.old ?? "")-]\(reset)"
                    case "insert": line += "\(green){+\(op.new ?? "")+}\(reset)"
                    default: line += "\(red)[-\(op.old ?? "")-]\(reset)\(green){+\(op.new ?? "")+}\(reset)"
                    }
                }
                out += "    " + line.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ") + "\n"
            }
        }
        return out
    }

    static func escape(_ s: String) -> String { HTMLText.escape(s) }

    /// A side-by-side redline, the changes summarised at the top. No scripts, no network.
    public static func html(_ report: DiffReport) -> String {
        var h = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape("Changes: \(report.old.source) → \(report.new.source)"))</title>
            <style>
            body{font:15px/1.5 system-ui,sans-serif;margin:1.5em;color:#222}
            table{border-collapse:collapse;width:100%;table-layout:fixed}
            td{vertical-align:top;padding:.4em .6em;border-top:1px solid #ddd;white-space:pre-wrap;word-wrap:break-word}
            th{text-align:left;padding:.4em .6em}
            del{background:#fdd;color:#900}ins{background:#dfd;color:#060;text-decoration:none}
            .same td{color:#777}.label{font-weight:600;color:#335}.moved{border-left:4px solid #c90}
            .gone{background:#fff4f4}.new{background:#f4fff4}
            ul.changes li{margin:.2em 0}.kind{font-weight:600}
            @media print{.same{display:none}}
            </style></head><body>
            <h1>Changes</h1>
            <p><b>Old:</b> \(escape(report.old.source))\(report.old.title.map { " — " + escape($0) } ?? "")<br>
            <b>New:</b> \(escape(report.new.source))\(report.new.title.map { " — " + escape($0) } ?? "")</p>

            """
        if report.identical {
            h += "<p>No change after normalization (whitespace, wrapping, quote style and hyphenation are not changes).</p>\n"
        } else {
            h += "<h2>Summary</h2><p>" + report.summary.sorted { $0.key < $1.key }.map { "\($0.value) \(escape($0.key))" }.joined(separator: " · ") + "</p>\n"
            let semantic = report.changes.filter { !["inserted", "deleted", "modified", "moved", "renumbered", "split", "merged"].contains($0.kind) }
            if !semantic.isEmpty {
                h += "<h2>What changed in substance</h2><ul class=\"changes\">\n"
                for c in semantic {
                    h += "<li><span class=\"kind\">\(escape(c.kind))</span>\(c.detail.map { " (\(escape($0)))" } ?? ""): "
                    h += "<del>\(escape(c.from ?? c.old?.text ?? "—"))</del> → <ins>\(escape(c.to ?? c.new?.text ?? "—"))</ins>"
                    if let label = c.new?.label ?? c.old?.label { h += " — \(escape(label))" }
                    h += "</li>\n"
                }
                h += "</ul>\n"
            }
            let structural = report.changes.filter { ["moved", "renumbered", "split", "merged"].contains($0.kind) }
            if !structural.isEmpty {
                h += "<h2>Structure</h2><ul class=\"changes\">\n"
                for c in structural {
                    h += "<li><span class=\"kind\">\(escape(c.kind))</span>: \(escape(c.old?.label ?? c.from ?? String((c.old?.text ?? "").prefix(60)))) → \(escape(c.new?.label ?? c.to ?? String((c.new?.text ?? "").prefix(60))))</li>\n"
                }
                h += "</ul>\n"
            }
        }
        h += "<h2>Side by side</h2><table><colgroup><col><col></colgroup><tr><th>Old</th><th>New</th></tr>\n"
        for row in report.rows {
            let cls = row.old == nil ? "new" : (row.new == nil ? "gone" : (row.redline == nil ? "same" : ""))
            h += "<tr class=\"\(cls)\(row.moved ? " moved" : "")\">"
            if let redline = row.redline, let old = row.old, let new = row.new {
                var left = old.label.map { "<span class=\"label\">\(escape($0))</span> " } ?? ""
                var right = new.label.map { "<span class=\"label\">\(escape($0))</span> " } ?? ""
                var first = true
                for op in redline {
                    let space = op.joined == true || first ? "" : " "
                    first = false
                    switch op.op {
                    case "equal":
                        left += space + escape(op.old ?? "")
                        right += space + escape(op.new ?? "")
                    case "delete":
                        left += space + "<del>\(escape(op.old ?? ""))</del>"
                        right += space
                    case "insert":
                        left += space
                        right += space + "<ins>\(escape(op.new ?? ""))</ins>"
                    default:
                        left += space + "<del>\(escape(op.old ?? ""))</del>"
                        right += space + "<ins>\(escape(op.new ?? ""))</ins>"
                    }
                }
                h += "<td>\(left)</td><td>\(right)</td>"
            } else {
                h += "<td>\(row.old.map { escape($0.text) } ?? "")</td><td>\(row.new.map { escape($0.text) } ?? "")</td>"
            }
            h += "</tr>\n"
        }
        h += "</table>\n</body></html>\n"
        return h
    }
}
