import Foundation

/// A date the text mentions, normalized to ISO 8601 where it can be.
public struct DateMention: Sendable, Equatable, Codable {
    public var range: TextRange
    /// `1925-02-24`, `1925-02`, `1925`, or an ISO week `2013-W34`; nil when a relative date
    /// cannot be resolved (the document has no date).
    public var value: String?
    /// Written relative to the document's date ("Tuesday", "this week", "last year").
    public var relative: Bool
    public var rule: String
}

/// Dates as treaties and statements write them: "24th day of February, 1925",
/// "February 24, 1925", "24 February 1925", "24.02.1925", "2021-10-08", "March 1", and
/// relative ones resolved against the document's date.
public struct DateRecognizer: Sendable {
    public init() {}

    static let weekdays = ["monday": 2, "tuesday": 3, "wednesday": 4, "thursday": 5, "friday": 6, "saturday": 7, "sunday": 1]

    public func run(tokens: [Token], documentDate: String?) -> [DateMention] {
        let anchor = documentDate.flatMap(Self.parseISODay)
        // The anchor's year, asked by every date without one: worked out once (from 1600 to
        // 9999 without the calendar).
        let anchorYear = anchor.map { DateText.utcDay($0)?.year ?? Calendar.utc.component(.year, from: $0) }
        var result: [DateMention] = []
        var i = 0
        let monthTable = Self.monthTable  // read once a document, not through its lazy initializer at each token
        func word(_ k: Int) -> String { k < tokens.count ? tokens[k].text : "" }
        // (The token's own lower-case form: `word(k).lowercased()` lower-cased it again, at
        // every number.)
        func lowerWord(_ k: Int) -> String { k < tokens.count ? tokens[k].lower : "" }
        func sameSentence(_ a: Int, _ b: Int) -> Bool { b < tokens.count && tokens[a].sentence == tokens[b].sentence }
        func month(_ k: Int) -> (Int, Int)? {
            // A month name, capitalized, possibly abbreviated with a period: returns (month, tokens used).
            guard k < tokens.count, tokens[k].isCapitalized || tokens[k].isAllCaps else { return nil }
            guard let m = monthTable.value(lower: tokens[k]) else { return nil }
            let lower = tokens[k].lower
            if lower.count <= 4, lower != "may", lower != "june", lower != "july" {
                return word(k + 1) == "." ? (m, 2) : (tokens[k].text.count == 3 ? (m, 1) : nil)
            }
            return (m, 1)
        }
        func day(_ k: Int) -> Int? {
            guard k < tokens.count, tokens[k].kind == .number else { return nil }
            return DateFinder.dayNumber(tokens[k].text)
        }
        func year(_ k: Int) -> Int? {
            guard k < tokens.count, tokens[k].kind == .number else { return nil }
            return DateFinder.yearNumber(tokens[k].text)
        }
        func emit(_ from: Int, _ to: Int, _ value: String?, relative: Bool, rule: String) {
            result.append(DateMention(range: TextRange(tokens[from].range.start, tokens[to - 1].range.end), value: value, relative: relative, rule: rule))
            i = to
        }
        let cueWords = Self.cueWords  // read once, not through its lazy initializer every token
        while i < tokens.count {
            // Every pattern starts with a number or one of the cue words: one lookup skips the rest.
            if tokens[i].kind != .number, !cueWords.contains(lower: tokens[i]) {
                i += 1
                continue
            }
            // "the fourth day of January, one thousand nine hundred and eighty-two"
            // ("of" is sometimes left out: "this 21st day February 1973".)
            // (Not asked of a number: an ordinal is a word.)
            if tokens[i].kind != .number, let (d, used) = Self.spelledOrdinal(tokens, at: i), lowerWord(i + used) == "day",
               case let monthAt = word(i + used + 1) == "of" ? i + used + 2 : i + used + 1,
               let (m, monthUsed) = month(monthAt) {
                var k = monthAt + monthUsed
                if word(k) == "," { k += 1 }
                if let y = year(k) {
                    emit(i, k + 1, DateText.format(year: y, month: m, day: d), relative: false, rule: "date:day-of-month")
                    continue
                }
                if let (y, yearUsed) = Self.spelledNumber(tokens, at: k), (1000...2999).contains(y) {
                    emit(i, k + yearUsed, DateText.format(year: y, month: m, day: d), relative: false, rule: "date:spelled")
                    continue
                }
            }
            // "24th day of February, 1925"
            if let d = day(i), lowerWord(i + 1) == "day", case let monthAt = word(i + 2) == "of" ? i + 3 : i + 2,
               let (m, used) = month(monthAt) {
                var k = monthAt + used
                if word(k) == "," { k += 1 }
                if let y = year(k), sameSentence(i, k) {
                    emit(i, k + 1, DateText.format(year: y, month: m, day: d), relative: false, rule: "date:day-of-month")
                    continue
                }
            }
            // "February 24, 1925", "February 24", "February 2025"
            if let (m, used) = month(i) {
                var k = i + used
                if let d = day(k), sameSentence(i, k) {
                    k += 1
                    var y: Int?
                    if word(k) == "," , let yy = year(k + 1) { y = yy; k += 2 } else if let yy = year(k) { y = yy; k += 1 }
                    if let y {
                        emit(i, k, DateText.format(year: y, month: m, day: d), relative: false, rule: "date:month-day-year")
                    } else {
                        emit(i, k, anchorYear.flatMap { DateText.format(year: $0, month: m, day: d) }, relative: true, rule: "date:month-day")
                    }
                    continue
                }
                if word(k) == "," { k += 1 }
                if let y = year(k), sameSentence(i, k) {
                    emit(i, k + 1, DateText.format4(y) + "-" + DateText.two(m), relative: false, rule: "date:month-year")
                    continue
                }
            }
            // "24 February 1925"
            if let d = day(i), let (m, used) = month(i + 1), sameSentence(i, i + 1) {
                var k = i + 1 + used
                if word(k) == "," { k += 1 }
                if let y = year(k) {
                    emit(i, k + 1, DateText.format(year: y, month: m, day: d), relative: false, rule: "date:day-month-year")
                } else {
                    emit(i, i + 1 + used, anchorYear.flatMap { DateText.format(year: $0, month: m, day: d) }, relative: true, rule: "date:day-month")
                }
                continue
            }
            // "2021-10-08"
            if let y = year(i), word(i + 1) == "-", i + 4 < tokens.count, word(i + 3) == "-",
               let m = Int(word(i + 2)), let d = Int(word(i + 4)), word(i + 2).count == 2, word(i + 4).count == 2,
               let iso = DateText.format(year: y, month: m, day: d) {
                emit(i, i + 5, iso, relative: false, rule: "date:iso")
                continue
            }
            // "24.02.1925"
            // (Split only with two periods at least: most numbers have none, and a split is an
            // array made.)
            if tokens[i].kind == .number, tokens[i].text.utf8.lazy.filter({ $0 == UInt8(ascii: ".") }).count >= 2 {
                let parts = tokens[i].text.split(separator: ".")
                if parts.count == 3, parts[2].count == 4, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]),
                   let iso = DateText.format(year: y, month: m, day: d) {
                    emit(i, i + 1, iso, relative: false, rule: "date:dotted")
                    continue
                }
            }
            // Relative dates: words only (a number is none of them, and is not looked up).
            if tokens[i].kind == .number {
                i += 1
                continue
            }
            let lower = tokens[i].lower
            if let weekday = Self.weekdays[lower], tokens[i].isCapitalized {
                let value = anchor.map { Self.iso(Self.previous(weekday: weekday, onOrBefore: $0)) }
                emit(i, i + 1, value, relative: true, rule: "date:weekday")
                continue
            }
            // (Compared one by one: an array literal here was an array made at every number.)
            if lower == "today" || lower == "yesterday" || lower == "tomorrow" {
                let offset = lower == "today" ? 0 : (lower == "yesterday" ? -1 : 1)
                emit(i, i + 1, anchor.map { Self.iso(Calendar.utc.date(byAdding: .day, value: offset, to: $0)!) }, relative: true, rule: "date:\(lower)")
                continue
            }
            if lower == "this" || lower == "last" || lower == "next", i + 1 < tokens.count,
               tokens[i + 1].lower == "week" || tokens[i + 1].lower == "month" || tokens[i + 1].lower == "year", sameSentence(i, i + 1) {
                let offset = lower == "this" ? 0 : (lower == "last" ? -1 : 1)
                let unit = word(i + 1).lowercased()
                let value = anchor.map { Self.period(unit, offset: offset, from: $0) }
                emit(i, i + 2, value, relative: true, rule: "date:\(lower)-\(unit)")
                continue
            }
            i += 1
        }
        return result
    }

    /// The words a date pattern can start with (numbers aside).
    static let cueWords = WordTable(words: Set(ordinals.keys).union(tens.keys).union(DateText.months.keys).union(weekdays.keys)
        .union(["today", "yesterday", "tomorrow", "this", "last", "next"]))

    static let ordinals: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
        "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
        "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
    ]
    static let units: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
        "eighteen": 18, "nineteen": 19,
    ]
    static let tens: [String: Int] = ["twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90]

    /// "fourth", "twenty-first", "twenty first", "thirtieth": a day written as an ordinal word.
    static func spelledOrdinal(_ tokens: [Token], at i: Int) -> (Int, Int)? {
        guard i < tokens.count else { return nil }
        // Looked up by the tokens' hashes (most words are neither).
        let ordinalWords = ordinalTable
        if let d = ordinalWords.value(lower: tokens[i]) { return (d, 1) }
        if let t = tensTable.value(lower: tokens[i]), t <= 30 {
            var k = i + 1
            if k < tokens.count, tokens[k].text == "-" { k += 1 }
            if k < tokens.count, let d = ordinalWords.value(lower: tokens[k]), d < 10 { return (t + d, k - i + 1) }
        }
        return nil
    }

    static let ordinalTable = WordTable(ordinals, bits: 1 << 10)
    static let tensTable = WordTable(tens, bits: 1 << 10)
    static let monthTable = WordTable(DateText.months, bits: 1 << 10)

    /// "one thousand nine hundred and seventy-four", "nineteen hundred and six", "two thousand three".
    static func spelledNumber(_ tokens: [Token], at start: Int) -> (Int, Int)? {
        var total = 0
        var current = 0
        var k = start
        var consumed = 0
        while k < tokens.count {
            let w = tokens[k].lower
            if let add = units[w] ?? tens[w] {
                let (sum, overflow) = current.addingReportingOverflow(add)
                guard !overflow else { break }
                current = sum
            } else if w == "hundred", current > 0 {
                // A word that would take the number past what an Int holds ("hundred hundred
                // hundred ..." in garbled text) ends it, as any other word does.
                let (product, overflow) = current.multipliedReportingOverflow(by: 100)
                guard !overflow else { break }
                current = product
            } else if w == "thousand", current > 0 {
                let (product, overflow) = current.multipliedReportingOverflow(by: 1000)
                let (sum, carried) = total.addingReportingOverflow(product)
                guard !overflow, !carried else { break }
                total = sum
                current = 0
            }
            else if (w == "and" || w == "-"), consumed > 0, k + 1 < tokens.count,
                    units[tokens[k + 1].lower] != nil || tens[tokens[k + 1].lower] != nil { }
            else { break }
            k += 1
            consumed = k - start
        }
        let (value, overflow) = total.addingReportingOverflow(current)
        return consumed > 0 && value > 0 && !overflow ? (value, consumed) : nil
    }

    static func parseISODay(_ value: String) -> Date? {
        let parts = value.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        // (A day that exists, from 1600 on, without the calendar: its costliest use here.)
        return DateText.utcMidnight(year: y, month: m, day: d) ?? Calendar.utc.date(from: DateComponents(year: y, month: m, day: d))
    }

    static func iso(_ date: Date) -> String {
        // (From 1600 to 9999 the same day worked out without the calendar.)
        if let day = DateText.arithmeticISODay(date) { return day }
        let c = Calendar.utc.dateComponents([.year, .month, .day], from: date)
        return DateText.format(year: c.year!, month: c.month!, day: c.day!) ?? ""
    }

    static func previous(weekday: Int, onOrBefore date: Date) -> Date {
        let current = Calendar.utc.component(.weekday, from: date)
        let back = (current - weekday + 7) % 7
        return Calendar.utc.date(byAdding: .day, value: -back, to: date)!
    }

    static func period(_ unit: String, offset: Int, from date: Date) -> String {
        switch unit {
        case "week":
            let shifted = Calendar.utc.date(byAdding: .day, value: 7 * offset, to: date)!
            var iso = Calendar(identifier: .iso8601)
            iso.timeZone = TimeZone(identifier: "UTC")!
            let week = iso.component(.weekOfYear, from: shifted)
            let year = iso.component(.yearForWeekOfYear, from: shifted)
            return DateText.format4(year) + "-W" + DateText.two(week)
        case "month":
            let shifted = Calendar.utc.date(byAdding: .month, value: offset, to: date)!
            let c = Calendar.utc.dateComponents([.year, .month], from: shifted)
            return DateText.format4(c.year!) + "-" + DateText.two(c.month!)
        default:
            return DateText.format4(Calendar.utc.component(.year, from: date) + offset)
        }
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
