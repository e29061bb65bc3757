/// The corpus report written straight into bytes, like the document reports
/// (`DocumentReportJSON.swift`): for a large corpus the tree of values a Codable encoder
/// builds first was several times the size of the file itself.
extension CorpusReport: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("agreements", agreements)
        json.field("commitments", commitments)
        json.field("documents", documents)
        json.field("entities", entities)
        json.field("events", events)
        json.field("parties", parties)
        json.field("pipeline", pipeline)
        json.field("programs", programs)
        json.field("schema", schema)
        json.closeObject()
    }
}

extension CorpusReport.DocumentEntry: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("counts", counts)
        json.field("date", date)
        json.field("genre", genre)
        json.field("id", id)
        json.field("kind", kind)
        json.field("source", source)
        json.field("title", title)
        json.closeObject()
    }
}

extension CorpusReport.LocalReference: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("document", document)
        json.field("id", id)
        json.closeObject()
    }
}

extension CorpusReport.RoleEntry: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("country", country)
        json.field("date", date)
        json.field("document", document)
        json.field("organization", organization)
        json.field("title", title)
        json.closeObject()
    }
}

extension CorpusReport.EntityEntry: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("aliases", aliases)
        json.field("codes", codes)
        json.field("country", country)
        json.field("documents", documents)
        json.field("id", id)
        json.field("local", local)
        json.field("mentions", mentions)
        json.field("name", name)
        json.field("roles", roles)
        json.field("type", type)
        json.closeObject()
    }
}

extension CorpusReport.AgreementEntry: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("date", date)
        json.field("documents", documents)
        json.field("id", id)
        json.field("local", local)
        json.field("parties", parties)
        json.field("place", place)
        json.field("reportedIn", reportedIn)
        json.field("signatories", signatories)
        json.field("status", status)
        json.field("text", text)
        json.field("title", title)
        json.field("type", type)
        json.closeObject()
    }
}

extension CorpusReport.ProgramEntry: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("documents", documents)
        json.field("establishedBy", establishedBy)
        json.field("id", id)
        json.field("kind", kind)
        json.field("local", local)
        json.field("name", name)
        json.field("participants", participants)
        json.field("status", status)
        json.closeObject()
    }
}

extension CorpusReport.CommitmentEntry: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("actors", actors)
        json.field("date", date)
        json.field("document", document)
        json.field("id", id)
        json.field("local", local)
        json.field("modality", modality)
        json.field("negated", negated)
        json.field("relatedTo", relatedTo)
        json.field("span", span)
        json.field("text", text)
        json.closeObject()
    }
}

extension CorpusReport.EventEntry: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("date", date)
        json.field("documents", documents)
        json.field("id", id)
        json.field("mentions", mentions)
        json.field("participants", participants)
        json.field("place", place)
        json.field("type", type)
        json.closeObject()
    }
}

extension CorpusReport.PartyEntry: JSONWritable {
    func write(to json: inout JSONBuffer) {
        json.openObject()
        json.field("agreements", agreements)
        json.field("commitments", commitments)
        json.field("counterparts", counterparts)
        json.field("dates", dates)
        json.field("documents", documents)
        json.field("entity", entity)
        json.field("name", name)
        json.field("places", places)
        json.field("programs", programs)
        json.closeObject()
    }
}
