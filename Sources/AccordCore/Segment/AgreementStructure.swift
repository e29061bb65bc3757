/// The parts of an agreement text: title, preamble, articles (or sections, numbered
/// paragraphs), final clauses, signature block, annexes.
enum AgreementStructure {
    struct Result {
        var provisions: [Provision]
        var signature: SignatureBlock?
    }

    static let preambleCues = ["desiring", "considering", "recognizing", "recognising", "noting", "recalling",
                               "convinced", "conscious", "wishing", "having regard", "mindful", "affirming", "taking into account",
                               "have agreed", "has agreed", "hereinafter referred to", "hereinafter called"]
    static let finalCues = ["in witness whereof", "in faith whereof", "in testimony whereof", "done at", "done in", "signed at", "done and signed"]

    /// The cues' bytes, and the longest cue's length.
    static let finalCueBytes = finalCues.map { Array($0.utf8) }
    static let longestFinalCue = finalCueBytes.map(\.count).max() ?? 0

    /// Whether the text of `range` starts with a final cue, in any case, answered on its
    /// scalars when they are ASCII as far as the longest cue and one more reach (most blocks:
    /// ASCII is lower-cased byte for byte, and no ASCII scalar joins the one before it into a
    /// character, so a prefix of scalars is a prefix of characters); nil for any other block,
    /// which the string of its start answers.
    static func startsWithFinalCue(_ s: [Unicode.Scalar], _ range: TextRange) -> Bool? {
        let end = min(range.end, range.start + longestFinalCue + 1)
        return s.withUnsafeBufferPointer { s -> Bool? in
            for k in range.start..<end where s[k].value >= 0x80 { return nil }
            return finalCueBytes.contains { cue in
                guard range.start + cue.count <= range.end else { return false }
                for k in 0..<cue.count {
                    let v = s[range.start + k].value
                    let lower = ASCIIByte.lowercased(v)
                    if lower != UInt32(cue[k]) { return false }
                }
                return true
            }
        }
    }

    static func find(text: NormalizedText, blocks: [Block]) -> Result {
        guard !blocks.isEmpty else { return Result(provisions: [], signature: nil) }
        let s = text.mapped.scalars
        func lowerText(_ block: Block) -> String { Lowercase.of(text.string(block.range)) }
        // The cues are short: their test needs the start of a block, not all of it.
        func lowerStart(_ block: Block) -> String {
            Lowercase.of(text.string(TextRange(block.range.start, min(block.range.end, block.range.start + 64))))
        }
        func scalars(_ block: Block) -> [Unicode.Scalar] { Array(s[block.range.start..<block.range.end]) }

        // Whether a block starts with a final-clause cue. Every cue starts with "i", "d" or
        // "s", and no other scalar lower-cases to a string starting with those letters (but
        // "İ", whose dot then fails the comparison): other blocks are answered without a string.
        func startsWithFinalCue(_ block: Block) -> Bool {
            guard block.range.start < block.range.end else { return false }
            switch s[block.range.start] {
            case "i", "I", "d", "D", "s", "S":
                if let answer = Self.startsWithFinalCue(s, block.range) { return answer }
                let lower = lowerStart(block)
                return finalCues.contains(where: { lower.hasPrefix($0) })
            default:
                return false
            }
        }
        // Where the final clauses start: the last "In witness whereof" / "Done at" block.
        var finalStart: Int?
        for (index, block) in blocks.enumerated().reversed() {
            if startsWithFinalCue(block) {
                finalStart = index
                // Prefer the earliest of a run ("In witness whereof ..." then "Done at ...").
                if index > 0, startsWithFinalCue(blocks[index - 1]) { continue }
                break
            }
        }

        // Without a final-clause cue: signatures at the end ("For the Government of the
        // Republic of Estonia" above "V. Reiljan") start the final clauses.
        if finalStart == nil { finalStart = signaturesWithoutCue(text: text, blocks: blocks) }

        // Provision starts: labelled articles/sections/annexes. A label starts with a capital
        // (`provisionLabel` asks that first): other blocks are not copied out to be asked.
        var starts: [(index: Int, label: StructureCues.ProvisionLabel)] = []
        for (index, block) in blocks.enumerated()
        where block.range.start < block.range.end && s[block.range.start].isUppercaseFast && (block.role == .heading || block.marker != nil) {
            // (The block's scalars read where they are, not copied out.)
            if let label = s.withUnsafeBufferPointer({ StructureCues.provisionLabel(UnsafeBufferPointer(rebasing: $0[block.range.start..<block.range.end])) }) {
                starts.append((index, label))
            }
        }
        // Texts without article labels number their paragraphs: "1.", "2.", ...
        var numbered = false
        if !starts.contains(where: { $0.label.kind == .article || $0.label.kind == .section }) {
            var expected = 1
            for (index, block) in blocks.enumerated() where block.marker != nil && (finalStart == nil || index < finalStart!) {
                let markerText = text.string(block.marker!).trimmingSpaces()
                let digits = markerText.prefix(while: { $0.isNumber })
                if let value = Int(digits), value == expected, markerText.dropFirst(digits.count).first == "." {
                    starts.append((index, StructureCues.ProvisionLabel(kind: .paragraph, number: String(digits), length: block.marker!.length)))
                    expected += 1
                }
            }
            starts.sort { $0.index < $1.index }
            numbered = starts.count >= 2
            if !numbered { starts.removeAll { $0.label.kind == .paragraph } }
        }

        var provisions: [Provision] = []
        let firstProvision = starts.first?.index ?? finalStart ?? blocks.count
        // Title: the headings at the top.
        var titleEnd = 0
        while titleEnd < firstProvision, blocks[titleEnd].role == .heading, !isPreambleStart(lowerText(blocks[titleEnd])) {
            titleEnd += 1
        }
        if titleEnd == 0, firstProvision > 0, blocks[0].role != .listItem {
            // An untitled first line in capitals is the title ("PROTOCOL ACCOMPANYING ...").
            if StructureCues.isUppercaseLine(scalars(blocks[0])) { titleEnd = 1 }
        }
        if titleEnd > 0 {
            provisions.append(Provision(kind: .title, label: nil, number: nil,
                                        heading: (0..<titleEnd).map { text.string(blocks[$0].range) }.joined(separator: " "),
                                        range: TextRange(blocks[0].range.start, blocks[titleEnd - 1].range.end)))
        }
        if titleEnd < firstProvision {
            let range = TextRange(blocks[titleEnd].range.start, blocks[firstProvision - 1].range.end)
            // Only a text with articles or final clauses has a preamble (lower-cased only when asked).
            if !starts.isEmpty || (finalStart != nil && { let lower = Lowercase.of(text.string(range)); return preambleCues.contains(where: { lower.contains($0) }) }()) {
                provisions.append(Provision(kind: .preamble, label: nil, number: nil, heading: nil, range: range))
            }
        }
        // Articles and annexes.
        for (position, start) in starts.enumerated() {
            var endIndex = position + 1 < starts.count ? starts[position + 1].index : blocks.count
            if let final = finalStart, start.index < final, endIndex > final { endIndex = final }
            let block = blocks[start.index]
            let labelText = text.string(TextRange(block.range.start, block.range.start + min(start.label.length, block.range.length)))
                .trimmingScalars { $0 == " " || $0 == "." || $0 == ":" || $0 == "-" || $0 == ")" }
            // "Article 4 - Definitions" as a heading line; not the body run on after the label.
            var heading = block.role == .heading
                ? text.string(TextRange(block.range.start + min(start.label.length, block.range.length), block.range.end))
                    .trimmingScalars { $0 == " " || $0 == "." || $0 == ":" || $0 == "-" }
                : ""
            if heading.isEmpty, start.index + 1 < endIndex, blocks[start.index + 1].role == .heading,
               StructureCues.provisionLabel(scalars(blocks[start.index + 1])) == nil {
                heading = text.string(blocks[start.index + 1].range)
            }
            if start.label.kind == .paragraph { heading = "" }
            provisions.append(Provision(
                kind: start.label.kind, label: labelText, number: start.label.number.isEmpty ? nil : start.label.number,
                heading: heading.isEmpty ? nil : heading,
                range: TextRange(block.range.start, blocks[max(start.index, endIndex - 1)].range.end)))
        }
        // Final clauses and the signature block.
        var signature: SignatureBlock?
        if let final = finalStart {
            let annexAfter = starts.first(where: { $0.index > final && $0.label.kind == .annex })?.index ?? blocks.count
            let range = TextRange(blocks[final].range.start, blocks[annexAfter - 1].range.end)
            provisions.append(Provision(kind: .finalClauses, label: nil, number: nil, heading: nil, range: range))
            signature = SignatureParser.parse(text: text, blocks: Array(blocks[final..<annexAfter]))
            if let sig = signature {
                provisions.append(Provision(kind: .signatureBlock, label: nil, number: nil, heading: nil, range: sig.range))
            }
        }
        provisions.sort { $0.range < $1.range }
        return Result(provisions: provisions, signature: signature)
    }

    /// The first of the last blocks (at most twelve) that says on whose behalf the person
    /// named on the next line signs ("For the Government of ...", "On behalf of ..."), when
    /// no final clause marks where the signatures are; nil when there is none.
    static func signaturesWithoutCue(text: NormalizedText, blocks: [Block]) -> Int? {
        var found: Int?
        text.mapped.scalars.withUnsafeBufferPointer { scalars in
            for index in max(0, blocks.count - 12)..<max(0, blocks.count - 1) {
                let range = blocks[index].range
                // The test normalization makes of a line that starts one of its own.
                guard StructureCues.isBehalfLine(UnsafeBufferPointer(rebasing: scalars[range.start..<range.end])) else { continue }
                if SignatureParser.personName(text.string(blocks[index + 1].range)) != nil {
                    found = found ?? index
                }
            }
        }
        return found
    }

    static func isPreambleStart(_ lower: String) -> Bool {
        lower.hasPrefix("the government") || lower.hasPrefix("the governments") || lower.hasPrefix("the parties")
            || preambleCues.contains(where: { lower.hasPrefix($0) })
    }
}

import Foundation

/// Reads the place, date and signatories of a signature block.
enum SignatureParser {
    static let sealWords = ["(seal)", "(l.s.)", "(signed)", "(sgd.)", "(sgd)", "[seal]", "[signed]", "sgd.", "l.s.", "(l. s.)", "signed:"]

    static func parse(text: NormalizedText, blocks: [Block]) -> SignatureBlock? {
        guard let first = blocks.first, let last = blocks.last else { return nil }
        var place: String?
        var date: String?
        var dateText: String?
        var signatories: [SignatureBlock.Signatory] = []
        var onBehalfOf: String?
        // Side-by-side columns flattened into one line ("FOR THE GOVERNMENT OF FOR THE
        // GOVERNMENT OF", then "D J HORNE MASAYOSHI OHIRA"): the parties of the last such
        // line, whose names line is split into as many names.
        var columns: [String] = []
        for block in blocks {
            let line = text.string(block.range)
            let lower = Lowercase.of(line)
            if columns.count >= 2, let names = columnNames(line, columns: columns.count) {
                for (column, name) in names.enumerated() {
                    signatories.append(.init(name: name.name, range: TextRange(block.range.start + name.range.lowerBound, block.range.start + name.range.upperBound),
                                             onBehalfOf: columns[column]))
                }
                columns = []
                onBehalfOf = nil
                continue
            }
            // "done" or "signed" is a word of the line only if its lower-case bytes hold it.
            if place == nil, lower.contains("done") || lower.contains("signed"), let p = placeAfterDone(line) { place = p }
            if date == nil, let found = DateFinder.first(in: line) {
                date = found.iso
                dateText = found.text
            }
            if lower.hasPrefix("for the ") || lower.hasPrefix("for government of ") || lower.hasPrefix("on behalf of ")
                || lower.hasPrefix("for ") && lower.hasSuffix(":") {
                onBehalfOf = line.trimmingScalars { $0 == " " || $0 == ":" || $0 == "," }
                columns = behalfColumns(line)
                // "For the Government of Canada: John Smith" on one line.
                if let colon = line.firstIndex(of: ":") {
                    let after = String(line[line.index(after: colon)...])
                    if let name = personName(after) {
                        let offset = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: colon.samePosition(in: line.unicodeScalars)!) + 1
                        signatories.append(.init(name: name, range: TextRange(block.range.start + offset, block.range.end), onBehalfOf: onBehalfOf))
                        onBehalfOf = nil
                    }
                }
                continue
            }
            if let name = personName(line) {
                signatories.append(.init(name: name, range: block.range, onBehalfOf: onBehalfOf))
                onBehalfOf = nil
                // (Names in columns come on the first names line after the behalf line, or not
                // at all: a later line of two names is witnesses', not the parties'.)
                columns = []
            }
        }
        return SignatureBlock(range: TextRange(first.range.start, last.range.end), place: place, date: date,
                              dateText: dateText, signatories: signatories)
    }

    /// The parts of a line that says on whose behalf two or more signatories sign, side by
    /// side ("For the Government of Australia For the Government of the"): each from one
    /// "For the" or "On behalf of" to the next; one part, or none, for an ordinary line.
    static func behalfColumns(_ line: String) -> [String] {
        let scalars = Array(line.unicodeScalars)
        // (Each start found as a behalf line's opening is: `StructureCues.behalfOpening`.)
        let starts = scalars.withUnsafeBufferPointer { buffer in
            buffer.indices.filter { k in
                (k == 0 || buffer[k - 1] == " ") && StructureCues.behalfOpening(UnsafeBufferPointer(rebasing: buffer[k...])) != nil
            }
        }
        guard starts.count >= 2 else { return [] }
        return starts.indices.map { n in
            let end = n + 1 < starts.count ? starts[n + 1] : scalars.count
            var part = String.UnicodeScalarView()
            part.append(contentsOf: scalars[starts[n]..<end])
            return String(part).trimmingScalars { $0 == " " || $0 == ":" || $0 == "," }
        }
    }

    /// A line of `columns` names side by side ("D J HORNE MASAYOSHI OHIRA", "Alexander Downer
    /// Ana Pessoa"), split into the names, each with its scalars in the line; nil when no split
    /// gives every column a name. A name has two words or more and ends in no initial ("D J |
    /// HORNE" is no split); of the splits left, the one with the most even columns, and of
    /// those the first.
    static func columnNames(_ line: String, columns: Int) -> [(name: String, range: Range<Int>)]? {
        guard (2...4).contains(columns) else { return nil }
        // The words, with their scalar ranges.
        var words: [(text: String, range: Range<Int>)] = []
        var current = String.UnicodeScalarView()
        var start = 0
        var offset = 0
        for scalar in line.unicodeScalars {
            if scalar == " " {
                if !current.isEmpty { words.append((String(current), start..<offset)) }
                current = String.UnicodeScalarView()
            } else {
                if current.isEmpty { start = offset }
                current.append(scalar)
            }
            offset += 1
        }
        if !current.isEmpty { words.append((String(current), start..<offset)) }
        guard words.count >= 2 * columns, words.count <= 6 * columns else { return nil }
        func isInitial(_ word: String) -> Bool {
            let letters = word.unicodeScalars.filter { $0 != "." }
            return letters.count == 1
        }
        // Every way of cutting the words into `columns` runs of two or more.
        var best: (cuts: [Int], spread: Int)?
        func cut(from: Int, left: Int, cuts: [Int]) {
            if left == 1 {
                let all = cuts + [words.count]
                var sizes: [Int] = []
                var begin = 0
                for end in all {
                    let run = words[begin..<end]
                    guard run.count >= 2, let last = run.last, !isInitial(last.text),
                          let first = run.first, !nameParticles.contains(Lowercase.of(first.text)),
                          personName(run.map(\.text).joined(separator: " ")) != nil else { return }
                    sizes.append(run.count)
                    begin = end
                }
                let spread = sizes.max()! - sizes.min()!
                if best == nil || spread < best!.spread { best = (all, spread) }
                return
            }
            guard from + 2 <= words.count else { return }
            for end in (from + 2)...words.count { cut(from: end, left: left - 1, cuts: cuts + [end]) }
        }
        cut(from: 0, left: columns, cuts: [])
        guard let cuts = best?.cuts else { return nil }
        var names: [(name: String, range: Range<Int>)] = []
        var begin = 0
        for end in cuts {
            let run = words[begin..<end]
            guard let name = personName(run.map(\.text).joined(separator: " ")) else { return nil }
            names.append((name, run.first!.range.lowerBound..<run.last!.range.upperBound))
            begin = end
        }
        return names
    }

    /// "Done at Washington, in duplicate, this ..." → "Washington"; "Done in duplicate at Ottawa on ..." → "Ottawa".
    static func placeAfterDone(_ line: String) -> String? {
        let words = line.split(separator: " ").map(String.init)
        // (Each word compared with the lower-case letters in place: no word lower-cased and no
        // list made for it.)
        guard let doneIndex = words.firstIndex(where: { isWord($0, "done") || isWord($0, "signed") }) else { return nil }
        guard let atIndex = words[doneIndex...].firstIndex(where: { isWord($0, "at") }), atIndex < doneIndex + 5 else { return nil }
        var parts: [String] = []
        for word in words[(atIndex + 1)...] {
            let clean = word.trimmingScalars { $0 == "," || $0 == "." || $0 == ";" || $0 == ":" }
            guard let first = clean.unicodeScalars.first, first.properties.isUppercase else {
                if ["de", "la", "del", "da", "do", "es", "el"].contains(clean) && !parts.isEmpty { parts.append(clean); continue }
                break
            }
            if DateText.months[clean.lowercased()] != nil && !parts.isEmpty { break }
            parts.append(clean)
            if word.hasSuffix(",") || word.hasSuffix(".") || word.hasSuffix(";") { break }
        }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// `word.lowercased() == letters`, for lower-case ASCII `letters` without a "k": only
    /// ASCII letters lower-case to those (of all other scalars, only the Kelvin sign lower-cases
    /// to ASCII, to "k"), so the word is the letters in either case, byte for byte.
    static func isWord(_ word: String, _ letters: String) -> Bool {
        word.utf8.count == letters.utf8.count && zip(word.utf8, letters.utf8).allSatisfy { $0 | 0x20 == $1 }
    }

    static let nameParticles: Set<String> = ["de", "da", "del", "della", "di", "do", "dos", "das", "van", "von", "der", "den", "la", "le", "bin", "al", "y", "e", "ibn"]
    static let institutionalWords: Set<String> = ["government", "republic", "kingdom", "state", "states", "minister", "ministry", "for", "the",
                                                  "of", "and", "agreement", "article", "done", "annex", "president", "secretary", "ambassador",
                                                  "witness", "whereof", "signed", "seal", "union", "federation", "confederation", "commission", "council"]

    /// A line that is a person's name: 2–6 capitalised words, after any seal marks.
    static func personName(_ line: String) -> String? {
        var rest = line.trimmingSpaces()
        var changed = true
        while changed {
            changed = false
            // Seal marks are at most eight characters: the start of the line lower-cased is
            // enough to tell (not the whole line, once a mark), and lower-cased again only
            // when a mark is taken off.
            var head = rest.prefix(16).lowercased()
            for seal in sealWords where head.hasPrefix(seal) {
                rest = String(rest.dropFirst(seal.count)).trimmingSpaces()
                head = rest.prefix(16).lowercased()
                changed = true
            }
        }
        rest = rest.trimmingScalars { $0 == " " || $0 == "." || $0 == "," || $0 == ";" }
        // An ASCII line of more than six words (most lines a signature search looks at) is no
        // name: counted on its bytes, without splitting it.
        if rest.utf8.allSatisfy({ $0 < 0x80 }) {
            var pieces = 0
            var inWord = false
            for byte in rest.utf8 {
                if byte == 0x20 {
                    inWord = false
                } else if !inWord {
                    inWord = true
                    pieces += 1
                    if pieces > 6 { return nil }
                }
            }
        }
        let words = rest.split(separator: " ")
        guard (2...6).contains(words.count) else { return nil }
        let particles = Self.nameParticles, institutional = Self.institutionalWords
        var capitalised = 0
        for word in words {
            let w = String(word).trimmingScalars { $0 == "," || $0 == "." }
            let lower = w.lowercased()
            if institutional.contains(lower) { return nil }
            if particles.contains(lower) { continue }
            guard let first = w.unicodeScalars.first, first.properties.isUppercase else { return nil }
            guard w.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "." || $0 == "-" || $0 == "'" }) else { return nil }
            capitalised += 1
        }
        guard capitalised >= 2 else { return nil }
        // Names in capitals are written in title case.
        return words.map { word -> String in
            let w = String(word)
            guard w.count > 2, w == w.uppercased() else { return w }
            return w.prefix(1) + w.dropFirst().lowercased()
        }.joined(separator: " ")
    }
}

/// Finds dates written out in full in a line of text (signature blocks, front matter).
/// The complete recognizer (relative dates, resolution against the document date) is
/// part of extraction.
public enum DateFinder {
    public struct Found: Sendable, Equatable {
        public var iso: String
        public var text: String
    }

    public static func first(in line: String) -> Found? {
        // Every form needs a year (or an ISO date) of at least three ASCII digits in a row
        // (four, or a sign and three after "24.02."): a line without such a run has none.
        var run = 0
        guard line.utf8.contains(where: { byte in
            run = ASCIIByte.isDigit(byte) ? run + 1 : 0
            return run >= 3
        }) else { return nil }
        let tokens = tokenize(line)
        for i in tokens.indices {
            // "24th day of February, 1925" (and "21st day February 1973", "of" left out)
            if let day = dayNumber(tokens[i].text), i + 3 < tokens.count, tokens[i + 1].text.lowercased() == "day",
               case let m = tokens[i + 2].text.lowercased() == "of" ? i + 3 : i + 2, m + 1 < tokens.count,
               let month = DateText.months[tokens[m].text.lowercased()],
               tokens[m].text.count > 2, let year = yearNumber(tokens[m + 1].text), let iso = DateText.format(year: year, month: month, day: day) {
                return Found(iso: iso, text: span(line, tokens, i, m + 1))
            }
            // "February 24, 1925"
            if let month = DateText.months[tokens[i].text.lowercased()], tokens[i].text.first!.isUppercase, i + 2 < tokens.count,
               let day = dayNumber(tokens[i + 1].text), let year = yearNumber(tokens[i + 2].text), let iso = DateText.format(year: year, month: month, day: day) {
                return Found(iso: iso, text: span(line, tokens, i, i + 2))
            }
            // "24 February 1925"
            if let day = dayNumber(tokens[i].text), i + 2 < tokens.count, let month = DateText.months[tokens[i + 1].text.lowercased()],
               tokens[i + 1].text.first!.isUppercase, let year = yearNumber(tokens[i + 2].text), let iso = DateText.format(year: year, month: month, day: day) {
                return Found(iso: iso, text: span(line, tokens, i, i + 2))
            }
            // "2021-10-08", "24.02.1925"
            if let iso = DateText.isoDate(fromMetadata: tokens[i].text), tokens[i].text.count == 10, tokens[i].text.contains("-") {
                return Found(iso: iso, text: tokens[i].text)
            }
            let parts = tokens[i].text.split(separator: ".")
            if parts.count == 3, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]), parts[2].count == 4,
               let iso = DateText.format(year: y, month: m, day: d) {
                return Found(iso: iso, text: tokens[i].text)
            }
        }
        return nil
    }

    struct Token {
        var text: String
        var range: Range<String.Index>
    }

    static func tokenize(_ line: String) -> [Token] {
        if let tokens = asciiTokens(line) { return tokens }
        return characterTokens(line)
    }

    /// `tokenize` for an ASCII line, on its bytes: each character is one byte (a "\r\n" is
    /// two, neither of them a letter or a number, as the character is neither), a letter or
    /// a number is an ASCII letter or digit, and each token's bounds are those of its
    /// characters. Nil for any other line (a test compares the two readings).
    static func asciiTokens(_ line: String) -> [Token]? {
        // (Nil from the test: a byte beyond ASCII.)
        tokens(of: line, line.utf8) { b, inToken in
            b < 0x80 ? ASCIIByte.isLetter(b) || ASCIIByte.isDigit(b) || ((b == 0x2E || b == 0x2D) && inToken) : nil
        }
    }

    /// `tokenize` on the line's characters.
    static func characterTokens(_ line: String) -> [Token] {
        tokens(of: line, line) { c, inToken in c.isLetter || c.isNumber || ((c == "." || c == "-") && inToken) }!
    }

    /// The runs of elements of `view` (the line's characters or bytes) that `isPart` takes,
    /// given whether a token has begun; nil as soon as `isPart` answers nil.
    @inline(__always) private static func tokens<View: Collection>(of line: String, _ view: View,
                                                                   _ isPart: (View.Element, Bool) -> Bool?) -> [Token]? where View.Index == String.Index {
        var tokens: [Token] = []
        var start: String.Index?
        var index = view.startIndex
        while index < view.endIndex {
            guard let part = isPart(view[index], start != nil) else { return nil }
            if part {
                if start == nil { start = index }
            } else if let s = start {
                tokens.append(Token(text: trimDots(String(line[s..<index])), range: s..<index))
                start = nil
            }
            index = view.index(after: index)
        }
        if let s = start { tokens.append(Token(text: trimDots(String(line[s..<line.endIndex])), range: s..<line.endIndex)) }
        return tokens
    }

    static func trimDots(_ s: String) -> String {
        var t = s
        while t.hasSuffix(".") || t.hasSuffix("-") { t.removeLast() }
        return t
    }

    static func span(_ line: String, _ tokens: [Token], _ a: Int, _ b: Int) -> String {
        var text = String(line[tokens[a].range.lowerBound..<tokens[b].range.upperBound])
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }

    static func dayNumber(_ token: String) -> Int? {
        // Digits only (most numbers): one or two of them, 1 to 31.
        if !token.isEmpty, token.utf8.allSatisfy({ ASCIIByte.isDigit($0) }) {
            guard token.utf8.count <= 2 else { return nil }
            let value = token.utf8.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            return (1...31).contains(value) ? value : nil
        }
        // A decimal point or thousands separator ("1.5", "2,000"): no day, as `Int` reads it.
        if token.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }) { return nil }
        // A word (most tokens asked): an ASCII letter, then another or nothing. Neither is a
        // number, so `generalDayNumber` reads no "I" or "l" as a 1, and `Int` reads no number
        // from what begins with a letter.
        if let first = token.utf8.first, ASCIIByte.isLetter(first), token.utf8.dropFirst().first.map({ ASCIIByte.isLetter($0) }) ?? true { return nil }
        // One or two digits and an ordinal's two letters ("24th", "1ST").
        if token.utf8.count == 3 || token.utf8.count == 4 {
            let utf8 = Array(token.utf8)
            let digits = utf8.count - 2
            let suffix = (utf8[digits] | 0x20, utf8[digits + 1] | 0x20)
            if utf8[..<digits].allSatisfy({ ASCIIByte.isDigit($0) }),
               suffix == (0x73, 0x74) || suffix == (0x6E, 0x64) || suffix == (0x72, 0x64) || suffix == (0x74, 0x68) {
                let value = utf8[..<digits].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
                return (1...31).contains(value) ? value : nil
            }
        }
        return generalDayNumber(token)
    }

    /// `dayNumber` for any token, read as characters (the digits-only path above gives the
    /// same answer for its tokens, and is tested against this).
    static func generalDayNumber(_ token: String) -> Int? {
        var text = token
        // Scanned texts read "21st" as "2Ist" or "15th" as "l5th": an I or l among digits is a 1.
        if text.first?.isNumber == true || text.dropFirst().first?.isNumber == true {
            let suffix = ["st", "nd", "rd", "th"].first { text.lowercased().hasSuffix($0) }
            let body = suffix.map { _ in String(text.dropLast(2)) } ?? text
            text = String(body.map { $0 == "I" || $0 == "l" ? "1" : $0 }) + (suffix ?? "")
        }
        var digits = text
        for suffix in ["st", "nd", "rd", "th"] where digits.lowercased().hasSuffix(suffix) {
            digits = String(digits.dropLast(2))
        }
        guard let value = Int(digits), (1...31).contains(value), digits.count <= 2 else { return nil }
        return value
    }

    static func yearNumber(_ token: String) -> Int? {
        guard token.count == 4, let value = Int(token), (1000...2999).contains(value) else { return nil }
        return value
    }
}
