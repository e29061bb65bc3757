import AccordCore
import Foundation

/// `accord extract --explain`: every record with the words that justify it and the rule
/// that produced it, in plain language for a policy analyst.
public enum Explain {
    /// Rule identifiers in words.
    static func describe(_ rule: String?) -> String {
        guard let rule else { return "" }
        let parts = rule.split(separator: ":").map(String.init)
        switch parts.first ?? "" {
        case "gazetteer":
            let kind = parts.count > 1 ? parts[1] : "entry"
            let key = parts.count > 2 ? " \(parts[2])" : ""
            return "listed in the \(kind) gazetteer (\(kind == "country" ? "ISO 3166" : "entry")\(key))"
        case "organization": return "a name ending in an organization's head noun"
        case "acronym-definition": return "an acronym defined in parentheses after the full name"
        case "acronym": return "an acronym defined earlier in the document"
        case "person":
            switch parts.count > 1 ? parts[1] : "" {
            case "title-name": return "a name after a title of office"
            case "title-appositive": return "a name set off after a title (\"Secretary of X, Name\")"
            case "name-appositive-title": return "a name followed by its title (\"Name, the Secretary of X\")"
            case "honorific": return "a name after Mr., Ms. or Dr."
            case "surname": return "the surname of a person named in full elsewhere"
            case "signatory": return "a name under the signature block"
            default: return "a person's name"
            }
        case "place": return "a named building, base or facility"
        case "config": return "defined in your configuration (\(parts.dropFirst().joined(separator: ":")))"
        case "collective": return "a phrase for the parties together"
        case "date": return "a date (\(parts.dropFirst().joined(separator: " ")))"
        case "quote":
            let side = rule.contains("after") ? "after" : "before"
            let how = rule.hasSuffix("title") ? ", speaker named by title" : (rule.hasSuffix("pronoun") ? ", speaker named by a pronoun" : "")
            return "attribution \(side) the quotation\(how)"
        case "commitment":
            if parts.count > 1 && parts[1] == "lead-in" { return "a bullet under a lead-in that commits the parties" }
            if parts.count > 1 && parts[1] == "agreement-establishes" { return "the agreement itself establishes it, binding its parties" }
            return "the words \"\(parts.dropFirst().joined(separator: " ").replacingOccurrences(of: "-", with: " "))\" with a party as subject"
        case "agreement":
            switch parts.count > 1 ? parts[1] : "" {
            case "document-title": return "the title of this agreement text"
            case "signature-block": return "the signature block"
            case "named": return "a name ending in an agreement word"
            case "known": return "an agreement known by name (gazetteer entry \(parts.count > 2 ? parts[2] : ""))"
            case "described": return "\"an agreement on ...\" after a verb"
            case "acronym": return "the acronym given it in parentheses after its name"
            default: return "another mention of the agreement"
            }
        case "program":
            switch parts.count > 1 ? parts[1] : "" {
            case "established-by-agreement": return "named in the agreement that establishes it"
            case "named": return "a name ending in a program word (network, dialogue, initiative, ...)"
            case "form-of-cooperation": return "an item in the agreement's list of forms of cooperation"
            default: return "another mention of the program"
            }
        case "event": return "the verb \"\(parts.dropFirst().joined())\""
        default: return rule
        }
    }

    public static func text(_ report: DocumentReport, source: [UInt8]) -> String {
        var lineStarts: [Int] = [0]
        for (i, byte) in source.enumerated() where byte == 0x0A { lineStarts.append(i + 1) }
        func line(_ span: SpanDTO) -> Int {
            var lo = 0, hi = lineStarts.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if lineStarts[mid] <= span.source.start { lo = mid } else { hi = mid - 1 }
            }
            return lo + 1
        }
        func quote(_ span: SpanDTO, limit: Int = 160) -> String {
            let t = span.text.replacingOccurrences(of: "\n", with: " ")
            return "\"" + (t.count > limit ? String(t.prefix(limit)) + "…" : t) + "\" (line \(line(span)))"
        }
        let names = Dictionary(uniqueKeysWithValues: report.entities.map { ($0.id, $0.name) })
            .merging(report.agreements.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
            .merging(report.programs.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func list(_ ids: [String]) -> String { ids.map { names[$0] ?? $0 }.joined(separator: ", ") }

        var out: [String] = []
        let d = report.document
        out.append("\(d.source): \(d.kind)\(d.genre.map { " (\($0))" } ?? "")\(d.title.map { " — \($0)" } ?? "")")
        for evidence in d.kindEvidence { out.append("  because: \(evidence)") }
        if let date = d.date { out.append("  dated \(date)") }
        if !d.principalParties.isEmpty { out.append("  parties: \(list(d.principalParties))") }

        if !report.entities.isEmpty {
            out.append("")
            out.append("Entities")
            for e in report.entities {
                var head = "  \(e.id) \(e.type) \(e.name)"
                if !e.aliases.isEmpty { head += " (also: \(e.aliases.prefix(6).joined(separator: ", ")))" }
                if let country = e.country { head += "; country \(names[country] ?? country)" }
                out.append(head)
                for role in e.roles ?? [] {
                    out.append("      role: \(role.title)\(role.organization.map { ", \(names[$0] ?? $0)" } ?? "")")
                }
                for mention in e.mentions.prefix(3) {
                    out.append("      \(quote(mention, limit: 80)): \(describe(mention.rule))")
                }
                if e.mentions.count > 3 { out.append("      … and \(e.mentions.count - 3) more mention\(e.mentions.count == 4 ? "" : "s")") }
            }
        }
        if !report.agreements.isEmpty {
            out.append("")
            out.append("Agreements")
            for a in report.agreements {
                var facts: [String] = [a.type]
                if let status = a.status { facts.append(status) }
                if !a.parties.isEmpty { facts.append("parties \(list(a.parties))") }
                if !a.signatories.isEmpty { facts.append("signed by \(list(a.signatories))") }
                if let date = a.date { facts.append("on \(date)") }
                if let place = a.place { facts.append("at \(names[place] ?? place)") }
                out.append("  \(a.id) \(a.title) — \(facts.joined(separator: "; "))")
                for e in a.evidence.prefix(3) { out.append("      \(quote(e)): \(describe(e.rule))") }
            }
        }
        if !report.programs.isEmpty {
            out.append("")
            out.append("Programs")
            for p in report.programs {
                var facts: [String] = [p.kind]
                if let status = p.status { facts.append(status) }
                if !p.participants.isEmpty { facts.append("participants \(list(p.participants))") }
                if let by = p.establishedBy { facts.append("established by \(names[by] ?? by)") }
                out.append("  \(p.id) \(p.name) — \(facts.joined(separator: "; "))")
                for e in p.evidence.prefix(3) { out.append("      \(quote(e)): \(describe(e.rule))") }
            }
        }
        if !report.commitments.isEmpty {
            out.append("")
            out.append("Commitments")
            for c in report.commitments {
                var head = "  \(c.id) \(c.negated ? "negated " : "")\(c.modality) by \(list(c.actors))"
                if let timeframe = c.timeframe { head += "; \(timeframe)" }
                if !(c.conditions ?? []).isEmpty { head += "; \((c.conditions ?? []).joined(separator: "; "))" }
                out.append(head)
                out.append("      sentence \(quote(c.sentence, limit: 240))")
                for e in c.evidence { out.append("      trigger \(quote(e, limit: 40)): \(describe(e.rule))") }
            }
        }
        if !report.quotes.isEmpty {
            out.append("")
            out.append("Quotes")
            for q in report.quotes {
                out.append("  \(q.id) \(q.speaker.map { names[$0] ?? $0 } ?? "unknown speaker"): \(quote(q.span, limit: 120))")
                for e in q.evidence { out.append("      \(quote(e, limit: 80)): \(describe(e.rule))") }
            }
        }
        if !report.events.isEmpty {
            out.append("")
            out.append("Events")
            for v in report.events {
                var facts = [list(v.participants)]
                if let place = v.place { facts.append("in \(names[place] ?? place)") }
                if let date = v.date { facts.append("on \(date)") }
                out.append("  \(v.id) \(v.type): \(facts.joined(separator: " "))")
                for e in v.evidence { out.append("      \(quote(e, limit: 40)): \(describe(e.rule))") }
            }
        }
        if !report.warnings.isEmpty {
            out.append("")
            out.append("Warnings")
            for w in report.warnings { out.append("  \(w)") }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
