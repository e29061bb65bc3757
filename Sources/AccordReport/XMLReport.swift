import AccordCore
import AccordXML
import Foundation

/// The XML form of a document report: the same records as the JSON, one element per
/// record, ids as `xml:id`, references as space-separated attributes. Written through
/// libxml2's xmlTextWriter and valid against `Schemas/accord-document.xsd`.
public enum XMLReport {
    public static func encode(_ report: DocumentReport) -> Data {
        // About seven bytes of XML a character of the document, nine in one of ten reports:
        // room for nine made at once, the rest cut off when it is taken.
        let w = XMLWriter(capacity: report.expectedBytes(perCharacter: 9))
        w.startElement("report")
        w.attribute("schema", report.schema)
        w.attribute("pipeline", report.pipeline)

        let d = report.document
        w.startElement("document")
        w.attribute("id", d.id)
        w.attribute("source", d.source)
        w.attribute("format", d.format)
        w.attribute("encoding", d.encoding)
        w.attribute("kind", d.kind)
        optional(w, "genre", d.genre)
        optional(w, "date", d.date)
        optional(w, "language", d.language)
        w.attribute("sha256", d.sha256)
        w.attribute("bytes", d.bytes)
        w.attribute("characters", d.characters)
        list(w, "principalParties", d.principalParties)
        if let title = d.title { w.element("title", text: title) }
        if let url = d.sourceURL { w.element("sourceURL", text: url) }
        for party in d.parties ?? [] { w.element("party", text: party) }
        for evidence in d.kindEvidence { w.element("kindEvidence", text: evidence) }
        for (key, value) in (d.metadata ?? [:]).sorted(by: { $0.key < $1.key }) {
            w.startElement("meta")
            w.attribute("name", key)
            w.text(value)
            w.endElement()
        }
        w.element("text", text: d.text)
        w.endElement()

        w.startElement("structure")
        for block in report.structure.blocks {
            span(w, "block", block.span) {
                w.attribute("role", block.role)
                if let level = block.level { w.attribute("level", level) }
                optional(w, "marker", block.marker)
            }
        }
        spans(w, "sentence", report.structure.sentences)
        for provision in report.structure.provisions {
            w.startElement("provision")
            w.attribute("kind", provision.kind)
            optional(w, "label", provision.label)
            optional(w, "number", provision.number)
            optional(w, "heading", provision.heading)
            spanAttributes(w, provision.span)
            w.endElement()
        }
        if let signature = report.structure.signature {
            w.startElement("signature")
            optional(w, "place", signature.place)
            optional(w, "date", signature.date)
            optional(w, "dateText", signature.dateText)
            spanAttributes(w, signature.span)
            for signatory in signature.signatories {
                span(w, "signatory", signatory.span) {
                    w.attribute("name", signatory.name)
                    optional(w, "onBehalfOf", signatory.onBehalfOf)
                }
            }
            w.endElement()
        }
        w.endElement()

        w.startElement("entities")
        for e in report.entities {
            w.startElement("entity")
            w.attribute("xml:id", e.id)
            w.attribute("type", e.type)
            w.attribute("name", e.name)
            optional(w, "country", e.country)
            optional(w, "parent", e.parent)
            for alias in e.aliases { w.element("alias", text: alias) }
            codes(w, e.codes)
            for role in e.roles ?? [] {
                w.startElement("role")
                w.attribute("title", role.title)
                optional(w, "organization", role.organization)
                optional(w, "country", role.country)
                optional(w, "date", role.date)
                w.endElement()
            }
            spans(w, "mention", e.mentions)
            w.endElement()
        }
        w.endElement()

        w.startElement("agreements")
        for a in report.agreements {
            w.startElement("agreement")
            w.attribute("xml:id", a.id)
            w.attribute("type", a.type)
            w.attribute("title", a.title)
            list(w, "parties", a.parties)
            list(w, "signatories", a.signatories)
            optional(w, "date", a.date)
            optional(w, "place", a.place)
            optional(w, "status", a.status)
            spans(w, "evidence", a.evidence)
            w.endElement()
        }
        w.endElement()

        w.startElement("programs")
        for p in report.programs {
            w.startElement("program")
            w.attribute("xml:id", p.id)
            w.attribute("name", p.name)
            w.attribute("kind", p.kind)
            list(w, "participants", p.participants)
            optional(w, "establishedBy", p.establishedBy)
            optional(w, "status", p.status)
            spans(w, "evidence", p.evidence)
            w.endElement()
        }
        w.endElement()

        w.startElement("commitments")
        for c in report.commitments {
            w.startElement("commitment")
            w.attribute("xml:id", c.id)
            list(w, "actors", c.actors)
            w.attribute("modality", c.modality)
            w.attribute("negated", c.negated ? "true" : "false")
            list(w, "relatedTo", c.relatedTo)
            optional(w, "timeframe", c.timeframe)
            w.element("action", text: c.action)
            span(w, "sentence", c.sentence)
            for condition in c.conditions ?? [] { w.element("condition", text: condition) }
            spans(w, "evidence", c.evidence)
            w.endElement()
        }
        w.endElement()

        w.startElement("events")
        for v in report.events {
            w.startElement("event")
            w.attribute("xml:id", v.id)
            w.attribute("type", v.type)
            list(w, "participants", v.participants)
            optional(w, "place", v.place)
            optional(w, "date", v.date)
            spans(w, "evidence", v.evidence)
            w.endElement()
        }
        w.endElement()

        w.startElement("quotes")
        for q in report.quotes {
            w.startElement("quote")
            w.attribute("xml:id", q.id)
            optional(w, "speaker", q.speaker)
            span(w, "span", q.span)
            spans(w, "evidence", q.evidence)
            w.endElement()
        }
        w.endElement()

        w.startElement("references")
        for r in report.references {
            w.startElement("reference")
            w.attribute("from", r.from)
            w.attribute("to", r.to)
            w.attribute("relation", r.relation)
            w.endElement()
        }
        w.endElement()

        w.startElement("dates")
        for date in report.dates {
            span(w, "date", date.span) {
                optional(w, "value", date.value)
                w.attribute("relative", date.relative ? "true" : "false")
            }
        }
        w.endElement()

        w.startElement("collectiveMentions")
        for mention in report.collectiveMentions {
            span(w, "collective", mention.span) { list(w, "refersTo", mention.refersTo) }
        }
        w.endElement()

        w.startElement("warnings")
        for warning in report.warnings { w.element("warning", text: warning) }
        w.endElement()

        w.endElement()
        return w.finish()
    }

    /// An entity's codes, one `<code scheme="…">` each, in scheme order.
    static func codes(_ w: XMLWriter, _ codes: [String: String]?) {
        codes?.forEachInOrder(by: <) { entry in
            w.startElement("code")
            w.attribute("scheme", entry.key)
            w.text(entry.value)
            w.endElement()
        }
    }

    static func optional(_ w: XMLWriter, _ name: String, _ value: String?) {
        if let value { w.attribute(name, value) }
    }

    static func list(_ w: XMLWriter, _ name: String, _ values: [String]) {
        if !values.isEmpty { w.attribute(name, joining: values) }
    }

    static func spanAttributes(_ w: XMLWriter, _ span: SpanDTO) {
        w.spanOffsets(start: span.start, end: span.end, sourceStart: span.source.start, sourceEnd: span.source.end)
        optional(w, "rule", span.rule)
    }

    /// `span` of each span of a list, read where it is (a `for` loop over the list copied each
    /// span out, retaining its strings, and released it after).
    static func spans(_ w: XMLWriter, _ name: String, _ spans: [SpanDTO]) {
        spans.withUnsafeBufferPointer { spans in
            for index in spans.indices { span(w, name, spans[index]) }
        }
    }

    /// `<name start=".." end=".." sourceStart=".." sourceEnd="..">text</name>`
    static func span(_ w: XMLWriter, _ name: String, _ span: SpanDTO, attributes: () -> Void = {}) {
        // (The fields read before the closure, which would otherwise take a copy of the span.)
        let start = span.start, end = span.end, sourceStart = span.source.start, sourceEnd = span.source.end, rule = span.rule
        span.slice.withUTF8Bytes {
            w.spanElement(name, start: start, end: end, sourceStart: sourceStart, sourceEnd: sourceEnd, rule: rule, text: $0,
                          attributes: attributes)
        }
    }
}
