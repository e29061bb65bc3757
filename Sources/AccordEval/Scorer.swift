import AccordCore
import AccordReport
import Foundation

/// Counts for one record type (or one entity type): precision, recall, F1.
public struct Tally: Codable, Sendable, Equatable {
    public var gold = 0
    public var predicted = 0
    public var matched = 0
    /// Matched predictions (for precision; differs from `matched` only for partial gold).
    public var matchedPredicted = 0

    public init() {}

    public var precision: Double { predicted == 0 ? (gold == 0 ? 1 : 0) : Double(matchedPredicted) / Double(predicted) }
    public var recall: Double { gold == 0 ? (predicted == 0 ? 1 : 0) : Double(matched) / Double(gold) }
    public var f1: Double {
        let p = precision, r = recall
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }

    static func + (a: Tally, b: Tally) -> Tally {
        var t = Tally()
        t.gold = a.gold + b.gold
        t.predicted = a.predicted + b.predicted
        t.matched = a.matched + b.matched
        t.matchedPredicted = a.matchedPredicted + b.matchedPredicted
        return t
    }
}

/// Set comparison of an attribute on matched records (parties, actors, ...).
public struct SetTally: Codable, Sendable, Equatable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0

    public var precision: Double { truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives) }
    public var recall: Double { truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives) }
    public var f1: Double {
        let p = precision, r = recall
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }

    static func + (a: SetTally, b: SetTally) -> SetTally {
        SetTally(truePositives: a.truePositives + b.truePositives, falsePositives: a.falsePositives + b.falsePositives,
                 falseNegatives: a.falseNegatives + b.falseNegatives)
    }
}

/// Agreement of a single value on matched records (modality, speaker, date).
public struct Accuracy: Codable, Sendable, Equatable {
    public var correct = 0
    public var total = 0
    public var value: Double { total == 0 ? 1 : Double(correct) / Double(total) }

    mutating func add(_ ok: Bool) {
        total += 1
        if ok { correct += 1 }
    }

    static func + (a: Accuracy, b: Accuracy) -> Accuracy { Accuracy(correct: a.correct + b.correct, total: a.total + b.total) }
}

/// The scores of one document, or of many added up (micro-averaged).
public struct Scores: Codable, Sendable, Equatable {
    public var documents = 0
    public var entities = Tally()
    /// By gold type for recall and predicted type for precision; `place` groups
    /// subdivision, city and place.
    public var entityTypes: [String: Tally] = [:]
    public var agreements = Tally()
    public var agreementParties = SetTally()
    public var agreementSignatories = SetTally()
    public var agreementDates = Accuracy()
    public var programs = Tally()
    public var programParticipants = SetTally()
    public var commitments = Tally()
    public var commitmentActors = SetTally()
    public var commitmentModality = Accuracy()
    public var commitmentNegation = Accuracy()
    public var quotes = Tally()
    public var quoteSpeakers = Accuracy()
    /// For an agreement text: the instrument's parties and signature date both right.
    public var instrument = Accuracy()
    /// What was missed and what was extra, for reading (`--details`).
    public var misses: [String] = []

    public init() {}

    public static func + (a: Scores, b: Scores) -> Scores {
        var s = Scores()
        s.documents = a.documents + b.documents
        s.entities = a.entities + b.entities
        s.entityTypes = a.entityTypes.merging(b.entityTypes, uniquingKeysWith: +)
        s.agreements = a.agreements + b.agreements
        s.agreementParties = a.agreementParties + b.agreementParties
        s.agreementSignatories = a.agreementSignatories + b.agreementSignatories
        s.agreementDates = a.agreementDates + b.agreementDates
        s.programs = a.programs + b.programs
        s.programParticipants = a.programParticipants + b.programParticipants
        s.commitments = a.commitments + b.commitments
        s.commitmentActors = a.commitmentActors + b.commitmentActors
        s.commitmentModality = a.commitmentModality + b.commitmentModality
        s.commitmentNegation = a.commitmentNegation + b.commitmentNegation
        s.quotes = a.quotes + b.quotes
        s.quoteSpeakers = a.quoteSpeakers + b.quoteSpeakers
        s.instrument = a.instrument + b.instrument
        s.misses = a.misses + b.misses
        return s
    }
}

/// Scores one document's report against its gold file, by the rules of spec/GOLD.md.
public enum Scorer {
    static let placeGroup: Set<String> = ["subdivision", "city", "place"]

    static func typeGroup(_ type: String) -> String { placeGroup.contains(type) ? "place" : type }

    static func fold(_ s: String) -> String { Names.fold(s) }

    static func words(_ s: String) -> Set<String> { Set(fold(s).split(separator: " ").map(String.init)) }

    /// Titles match when one contains the other after folding, or their word sets
    /// overlap by Jaccard ≥ 0.5.
    public static func titlesMatch(_ a: String, _ b: String) -> Bool { Names.titlesMatch(a, b) }

    public static func score(gold: GoldFile, report: DocumentReport) -> Scores {
        var scores = Scores()
        scores.documents = 1
        let document = gold.document
        // Names of every predicted entity, by id.
        var namesByID: [String: Set<String>] = [:]
        for entity in report.entities {
            namesByID[entity.id] = Set(([entity.name] + entity.aliases).map(fold))
        }
        func setScore(gold goldNames: [String]?, predicted ids: [String]) -> SetTally? {
            guard let goldNames else { return nil }
            var tally = SetTally()
            var used = Set<Int>()
            for name in goldNames {
                let folded = fold(name)
                if let hit = ids.indices.first(where: { !used.contains($0) && (namesByID[ids[$0]]?.contains(folded) ?? (fold(ids[$0]) == folded)) }) {
                    used.insert(hit)
                    tally.truePositives += 1
                } else {
                    tally.falseNegatives += 1
                }
            }
            tally.falsePositives = ids.count - used.count
            return tally
        }

        // Entities.
        if let goldEntities = gold.entities {
            let predicted = report.entities
            var usedPredicted = Set<Int>()
            var matchedGold = Set<Int>()
            let goldNames = goldEntities.map { Set(([$0.name] + ($0.aliases ?? [])).map(fold)) }
            let predictedNames = predicted.map { Set(([$0.name] + $0.aliases).map(fold)) }
            // Name-to-name matches first, then any alias.
            for pass in 0..<2 {
                for (g, entity) in goldEntities.enumerated() where !matchedGold.contains(g) {
                    let candidates = predicted.indices.filter { p in
                        !usedPredicted.contains(p) && typeGroup(predicted[p].type) == typeGroup(entity.type)
                            && (pass == 0 ? fold(predicted[p].name) == fold(entity.name) : !predictedNames[p].isDisjoint(with: goldNames[g]))
                    }
                    if let p = candidates.first {
                        usedPredicted.insert(p)
                        matchedGold.insert(g)
                    }
                }
            }
            let partial = gold.isPartial("entities")
            var total = Tally()
            total.gold = goldEntities.count
            total.matched = matchedGold.count
            total.matchedPredicted = usedPredicted.count
            total.predicted = partial ? usedPredicted.count : predicted.count
            scores.entities = total
            var byType: [String: Tally] = [:]
            for (g, entity) in goldEntities.enumerated() {
                let type = typeGroup(entity.type)
                byType[type, default: Tally()].gold += 1
                if matchedGold.contains(g) { byType[type, default: Tally()].matched += 1 }
                if !matchedGold.contains(g) { scores.misses.append("\(document): missed \(entity.type) \"\(entity.name)\"") }
            }
            for (p, entity) in predicted.enumerated() {
                let type = typeGroup(entity.type)
                if usedPredicted.contains(p) {
                    byType[type, default: Tally()].predicted += 1
                    byType[type, default: Tally()].matchedPredicted += 1
                } else if !partial {
                    byType[type, default: Tally()].predicted += 1
                    scores.misses.append("\(document): extra \(entity.type) \"\(entity.name)\"")
                }
            }
            scores.entityTypes = byType
        }

        // Agreements.
        if let goldAgreements = gold.agreements {
            var used = Set<Int>()
            var tally = Tally()
            tally.gold = goldAgreements.count
            for agreement in goldAgreements {
                let titles = [agreement.title] + (agreement.aliases ?? [])
                guard let p = report.agreements.indices.first(where: { p in
                    !used.contains(p) && titles.contains { titlesMatch($0, report.agreements[p].title) }
                }) else {
                    scores.misses.append("\(document): missed agreement \"\(agreement.title)\"")
                    continue
                }
                used.insert(p)
                tally.matched += 1
                let predicted = report.agreements[p]
                if let s = setScore(gold: agreement.parties, predicted: predicted.parties) { scores.agreementParties = scores.agreementParties + s }
                if let s = setScore(gold: agreement.signatories, predicted: predicted.signatories) { scores.agreementSignatories = scores.agreementSignatories + s }
                if let date = agreement.date { scores.agreementDates.add(predicted.date == date) }
            }
            tally.matchedPredicted = used.count
            tally.predicted = gold.isPartial("agreements") ? used.count : report.agreements.count
            for (p, agreement) in report.agreements.enumerated() where !used.contains(p) && !gold.isPartial("agreements") {
                scores.misses.append("\(document): extra agreement \"\(agreement.title)\"")
            }
            scores.agreements = tally
        }

        // The instrument of an agreement text (its own record comes first), whatever its title.
        if gold.kind == "agreement", let only = gold.agreements, only.count == 1 {
            let goldAgreement = only[0]
            if let predicted = report.agreements.first {
                var right = true
                if let parties = goldAgreement.parties {
                    let s = setScore(gold: parties, predicted: predicted.parties)
                    right = right && s.map { $0.falsePositives == 0 && $0.falseNegatives == 0 } ?? true
                }
                if let date = goldAgreement.date { right = right && predicted.date == date }
                scores.instrument.add(right)
                if !right {
                    scores.misses.append("\(document): instrument parties/date wrong (date \(predicted.date ?? "none"), want \(goldAgreement.date ?? "any"))")
                }
            } else {
                scores.instrument.add(false)
                scores.misses.append("\(document): no instrument found")
            }
        }

        // Programs.
        if let goldPrograms = gold.programs {
            var used = Set<Int>()
            var tally = Tally()
            tally.gold = goldPrograms.count
            for program in goldPrograms {
                let names = [program.name] + (program.aliases ?? [])
                guard let p = report.programs.indices.first(where: { p in
                    !used.contains(p) && names.contains { titlesMatch($0, report.programs[p].name) }
                }) else {
                    scores.misses.append("\(document): missed program \"\(program.name)\"")
                    continue
                }
                used.insert(p)
                tally.matched += 1
                if let s = setScore(gold: program.participants, predicted: report.programs[p].participants) {
                    scores.programParticipants = scores.programParticipants + s
                }
            }
            tally.matchedPredicted = used.count
            tally.predicted = gold.isPartial("programs") ? used.count : report.programs.count
            for (p, program) in report.programs.enumerated() where !used.contains(p) && !gold.isPartial("programs") {
                scores.misses.append("\(document): extra program \"\(program.name)\"")
            }
            scores.programs = tally
        }

        // Commitments: matched by the sentence containing the gold fragment.
        if let goldCommitments = gold.commitments {
            var used = Set<Int>()
            var tally = Tally()
            tally.gold = goldCommitments.count
            let sentences = report.commitments.map { fold($0.text) }
            for commitment in goldCommitments {
                let needle = fold(commitment.sentence_contains)
                let candidates = report.commitments.indices.filter { !used.contains($0) && sentences[$0].contains(needle) }
                // Prefer the prediction that agrees on modality when a sentence holds several.
                guard let p = candidates.first(where: { report.commitments[$0].modality == commitment.modality }) ?? candidates.first else {
                    scores.misses.append("\(document): missed commitment \"\(commitment.sentence_contains)\"")
                    continue
                }
                used.insert(p)
                tally.matched += 1
                let predicted = report.commitments[p]
                if let s = setScore(gold: commitment.actors, predicted: predicted.actors) { scores.commitmentActors = scores.commitmentActors + s }
                if let modality = commitment.modality { scores.commitmentModality.add(predicted.modality == modality) }
                scores.commitmentNegation.add(predicted.negated == (commitment.negated ?? false))
            }
            tally.matchedPredicted = used.count
            tally.predicted = gold.isPartial("commitments") ? used.count : report.commitments.count
            for (p, commitment) in report.commitments.enumerated() where !used.contains(p) && !gold.isPartial("commitments") {
                scores.misses.append("\(document): extra commitment \"\(commitment.text.prefix(80))\"")
            }
            scores.commitments = tally
        }

        // Quotes.
        if let goldQuotes = gold.quotes {
            var used = Set<Int>()
            var tally = Tally()
            tally.gold = goldQuotes.count
            let texts = report.quotes.map { fold($0.text) }
            for quote in goldQuotes {
                let needle = fold(quote.text_contains)
                guard let p = report.quotes.indices.first(where: { !used.contains($0) && texts[$0].contains(needle) }) else {
                    scores.misses.append("\(document): missed quote \"\(quote.text_contains)\"")
                    continue
                }
                used.insert(p)
                tally.matched += 1
                if let speaker = quote.speaker {
                    let names = report.quotes[p].speaker.flatMap { namesByID[$0] } ?? []
                    scores.quoteSpeakers.add(names.contains(fold(speaker)))
                }
            }
            tally.matchedPredicted = used.count
            tally.predicted = gold.isPartial("quotes") ? used.count : report.quotes.count
            scores.quotes = tally
        }
        return scores
    }
}
