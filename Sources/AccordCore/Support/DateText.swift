import Foundation
/// Dates as documents write them, to ISO 8601.
public enum DateText {
    /// `2022-12-14` for a date, in UTC (as ISO8601DateFormatter with .withFullDate writes
    /// it), with Foundation's value-type format style: no formatter object per call.
    /// For a year from 1600 to 9999 (nearly every date a document carries) the day is worked
    /// out arithmetically, without the calendar and format style (the costliest part of
    /// reading front matter): whole days since 1970 in UTC (from the whole seconds since 2001,
    /// as the calendar counts them), then the proleptic Gregorian date
    /// (H. Hinnant's `civil_from_days`), as Foundation's calendar has it from 1582 on.
    public static func isoDay(_ date: Date) -> String {
        arithmeticISODay(date) ?? date.formatted(isoDayStyle)
    }

    /// `isoDay` worked out arithmetically: nil for a year outside 1600 to 9999.
    static func arithmeticISODay(_ date: Date) -> String? {
        guard let (year, month, day) = utcDay(date) else { return nil }
        let digits: [UInt8] = [
            UInt8(48 + year / 1000), UInt8(48 + year / 100 % 10), UInt8(48 + year / 10 % 10), UInt8(48 + year % 10), 0x2D,
            UInt8(48 + month / 10), UInt8(48 + month % 10), 0x2D, UInt8(48 + day / 10), UInt8(48 + day % 10),
        ]
        return String(decoding: digits, as: UTF8.self)
    }

    /// The UTC day of `date` as the Gregorian calendar gives it, worked out arithmetically;
    /// nil for a year outside 1600 to 9999.
    static func utcDay(_ date: Date) -> (year: Int, month: Int, day: Int)? {
        // The whole seconds since 2001 (what a `Date` holds, and what the calendar floors):
        // `timeIntervalSince1970` adds 978,307,200 in floating point, which can round an
        // instant a fraction of a microsecond before midnight up onto it.
        let sinceReference = date.timeIntervalSinceReferenceDate.rounded(.down)
        guard sinceReference.isFinite, abs(sinceReference) < 1e12 else { return nil }
        let whole = Int(sinceReference) + 978_307_200
        let days = whole >= 0 ? whole / 86_400 : -((-whole + 86_399) / 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard (1600...9999).contains(year) else { return nil }
        return (year, month, day)
    }

    static let isoDayStyle = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).year().month().day()

    public static let months: [String: Int] = [
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
        "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
        "oct": 10, "nov": 11, "dec": 12,
    ]

    /// A date from a metadata field: `2021-01-20`, `2021-01-20T18:56:04-05:00`,
    /// `2021-01-20 18:56`, `20210120`, `January 20, 2021`, `20 January 2021`.
    /// The calendar date is taken as written (no time-zone conversion).
    public static func isoDate(fromMetadata value: String) -> String? {
        // Foundation's `.whitespacesAndNewlines`: the White_Space scalars and U+200B.
        let text = value.trimmingScalars { $0.isWhitespaceFast || $0 == "\u{200B}" }
        let digits = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= digits.count else { return nil }
            var result = 0
            for i in range {
                guard (48...57).contains(digits[i]) else { return nil }
                result = result * 10 + Int(digits[i] - 48)
            }
            return result
        }
        if let y = number(0..<4), digits.count >= 10, digits[4] == 45, let m = number(5..<7), digits[7] == 45, let d = number(8..<10) {
            return format(year: y, month: m, day: d)
        }
        if digits.count == 8, let y = number(0..<4), let m = number(4..<6), let d = number(6..<8) {
            return format(year: y, month: m, day: d)
        }
        if digits.count == 7, let y = number(0..<4), digits[4] == 45, let m = number(5..<7), (1...12).contains(m) {
            return String(format4(y)) + "-" + two(m)
        }
        // Words: "January 20, 2021" or "20 January 2021".
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." })
        if words.count == 3 {
            if let m = months[String(words[0])], let d = Int(words[1]), let y = Int(words[2]) {
                return format(year: y, month: m, day: d)
            }
            if let d = Int(words[0]), let m = months[String(words[1])], let y = Int(words[2]) {
                return format(year: y, month: m, day: d)
            }
        }
        return nil
    }

    public static func format(year: Int, month: Int, day: Int) -> String? {
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), (1...9999).contains(year) else { return nil }
        return format4(year) + "-" + two(month) + "-" + two(day)
    }

    /// Midnight UTC of a day from 1600 on, as the UTC Gregorian calendar gives it, worked out
    /// arithmetically (days since 1970 in the proleptic Gregorian calendar, H. Hinnant's
    /// `days_from_civil`); nil for a day that does not exist or an earlier year (the calendar
    /// is Julian before 1582, and lenient with days out of range: those are left to it).
    static func utcMidnight(year: Int, month: Int, day: Int) -> Date? {
        guard year >= 1600, year <= 9999, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(daysSince1970(year: year, month: month, day: day) * 86_400))
    }

    /// Days from 1970-01-01 to a day (month 1 to 12) in the proleptic Gregorian calendar
    /// (H. Hinnant's `days_from_civil`).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    static func format4(_ n: Int) -> String { String(repeating: "0", count: max(0, 4 - String(n).count)) + String(n) }
}

/// Hexadecimal digits in ASCII bytes.
public enum ASCIIHex {
    /// The value of one digit (`0`–`9`, `A`–`F`, `a`–`f`), or nil.
    @inline(__always) public static func digit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    /// The value of `digits` digits (at most 8) at `offset`, or nil if one is not a digit.
    public static func value(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int, digits: Int) -> UInt32? {
        var value: UInt32 = 0
        for k in offset..<(offset + digits) {
            guard let digit = digit(bytes[k]) else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
