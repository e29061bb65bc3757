/// GOLD.md's nesting rule: an organization named only inside another proper name (an
/// agreement's or a program's) is no entity of its own: "United Nations" in "Charter of the
/// United Nations", "UNEP" in "UNEP Cairo Guidelines". (Places are left: a city in a long
/// title is often the place of signature the gold keeps.)
extension Records {
    /// Drops the organizations all of whose mentions lie inside a name of an agreement or
    /// program, unless another record points at them. A name that says between whom it is
    /// ("Memorandum of Understanding between the Department of State and …", and the
    /// document's own title) names its parties, which stay. Ids of the others stay as they are.
    mutating func dropNamesNestedInInstruments(text: NormalizedText) {
        var names: [TextRange] = []
        for agreement in agreements {
            for evidence in agreement.evidence where evidence.rule != "agreement:document-title" {
                let words = Lowercase.of(text.string(evidence.range))
                if !words.contains(" between ") && !words.contains(" among ") { names.append(evidence.range) }
            }
        }
        for program in programs { names.append(contentsOf: program.evidence.map(\.range)) }
        guard !names.isEmpty else { return }
        func nested(_ mention: TextRange) -> Bool {
            names.contains { $0.contains(mention) && $0 != mention }
        }
        // (Entities read in place, by index: a copy of one retains each of its strings and arrays.)
        let dropped = Set(entities.indices.filter { index in
            entities[index].type == .organization && !entities[index].mentions.isEmpty
                && entities[index].mentions.allSatisfy { nested($0.range) }
        }.map { entities[$0].id })
        guard !dropped.isEmpty else { return }
        // What any other record points at is kept.
        var pointedAt = Set(principalParties)
        for index in entities.indices where !dropped.contains(entities[index].id) {
            pointedAt.formUnion(entities[index].roles.compactMap(\.organization) + entities[index].roles.compactMap(\.country))
            if let country = entities[index].country { pointedAt.insert(country) }
            if let parent = entities[index].parent { pointedAt.insert(parent) }
        }
        for mention in collectiveMentions { pointedAt.formUnion(mention.refersTo) }
        for agreement in agreements {
            pointedAt.formUnion(agreement.parties + agreement.signatories)
            if let place = agreement.place { pointedAt.insert(place) }
        }
        for program in programs { pointedAt.formUnion(program.participants) }
        for commitment in commitments { pointedAt.formUnion(commitment.actors) }
        for event in events {
            pointedAt.formUnion(event.participants)
            if let place = event.place { pointedAt.insert(place) }
        }
        for quote in quotes { if let speaker = quote.speaker { pointedAt.insert(speaker) } }
        let gone = dropped.subtracting(pointedAt)
        guard !gone.isEmpty else { return }
        entities.removeAll { gone.contains($0.id) }
        references.removeAll { gone.contains($0.from) || gone.contains($0.to) }
    }
}
