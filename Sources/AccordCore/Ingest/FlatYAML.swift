import AccordXML
/// The front matter most documents carry, read without a YAML parser: a flat mapping, one
/// key a line (letters, digits, `_` and `-`), each value a plain or single-quoted scalar,
/// which may go on over indented lines, or a double-quoted one, which may too and may hold
/// the escapes front matter uses (`\_`, `\"`, `\\`, `\/`, `\ `, `\t`, `\n`, `\xXX`, `\uXXXX`,
/// `\UXXXXXXXX`, and an escaped line break). The rules are libyaml's for those forms: a line
/// break folds to a space (an escaped one, in double quotes, to nothing), a continuation
/// line's leading spaces go, and so do the spaces before a break.
///
/// Anything else gives nil, and the caller asks Yams: other escapes, tabs, carriage returns,
/// control characters and the scalars YAML takes as breaks or does not allow, blank lines,
/// comments, flow collections, anchors, block scalars, plain values that hold `: ` or ` #`
/// or go on in a line starting with an indicator, empty values, repeated keys. A test
/// compares this reading with Yams' on every front matter of the corpora and on generated
/// ones.
enum FlatYAML {
    struct Value {
        var text: String
        /// A plain scalar, resolved by the caller (numbers, booleans, dates); quoted ones are text.
        var plain: Bool
    }

    static func mapping(_ yaml: String) -> [String: Value]? {
        return yaml.withUTF8Bytes { parse($0) }
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> [String: Value]? {
        let n = b.count
        guard n > 0, n < 1 << 20, allowed(b) else { return nil }
        // (Room for the keys front matter usually has, made once, not by two resizes.)
        var result = [String: Value](minimumCapacity: 12)
        var i = 0
        while i < n {
            // A key at the start of a line.
            let keyStart = i
            while i < n, isKeyByte(b[i]) { i += 1 }
            guard i > keyStart, i - keyStart <= 128, i + 1 < n, b[i] == UInt8(ascii: ":"), b[i + 1] == 0x20,
                  isKeyStart(b[keyStart]) else { return nil }
            let key = String(decoding: UnsafeBufferPointer(rebasing: b[keyStart..<i]), as: UTF8.self)
            i += 2
            while i < n, b[i] == 0x20 { i += 1 }
            guard i < n, b[i] != 0x0A else { return nil }  // an empty value
            let value: Value
            switch b[i] {
            case UInt8(ascii: "\""):
                guard let (text, end) = doubleQuoted(b, from: i + 1) else { return nil }
                value = Value(text: text, plain: false)
                i = end
            case UInt8(ascii: "'"):
                guard let (text, end) = singleQuoted(b, from: i + 1) else { return nil }
                value = Value(text: text, plain: false)
                i = end
            default:
                guard let (text, end) = plain(b, from: i) else { return nil }
                value = Value(text: text, plain: true)
                i = end
            }
            // Only spaces after a quoted value, then the line's end; the next line is a key's.
            while i < n, b[i] == 0x20 { i += 1 }
            if i < n {
                guard b[i] == 0x0A else { return nil }
                i += 1
            }
            if i < n, !isKeyStart(b[i]) { return nil }
            guard result.updateValue(value, forKey: key) == nil else { return nil }
        }
        return result.isEmpty ? nil : result
    }

    /// No tab, carriage return or other control character, no DEL, no C1 control (U+0085 is
    /// a break to YAML), no line or paragraph separator, byte order mark or noncharacter
    /// U+FFFE/U+FFFF.
    private static func allowed(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if c < 0x80 {
                if (c < 0x20 && c != 0x0A) || c == 0x7F { return false }
            } else if c == 0xC2 {
                if i + 1 < n, b[i + 1] < 0xA0 { return false }
            } else if c == 0xE2 {
                if i + 2 < n, b[i + 1] == 0x80, b[i + 2] == 0xA8 || b[i + 2] == 0xA9 { return false }
            } else if c == 0xEF {
                if i + 2 < n, (b[i + 1] == 0xBB && b[i + 2] == 0xBF) || (b[i + 1] == 0xBF && b[i + 2] >= 0xBE) { return false }
            }
            i += 1
        }
        return true
    }

    private static func isKeyStart(_ c: UInt8) -> Bool { ASCIIByte.isLetter(c) || c == UInt8(ascii: "_") }
    private static func isKeyByte(_ c: UInt8) -> Bool {
        isKeyStart(c) || ASCIIByte.isDigit(c) || c == UInt8(ascii: "-")
    }

    /// A plain scalar, trailing spaces dropped: not starting with an indicator, holding no
    /// `: `, ` #` or final `:`. It may go on over indented lines (a long title), folded as
    /// libyaml folds one: each line's trailing spaces and the next one's leading spaces go,
    /// and the break is one space; a blank line, or a continuation line starting with an
    /// indicator, leaves the scalar to Yams.
    private static func plain(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (String, Int)? {
        let n = b.count
        var folded: [UInt8]?
        var lineStart = start
        while true {
            guard !isIndicator(b[lineStart]) else { return nil }
            var end = lineStart
            while end < n, b[end] != 0x0A {
                if b[end] == UInt8(ascii: ":"), end + 1 == n || b[end + 1] == 0x20 || b[end + 1] == 0x0A { return nil }
                if b[end] == UInt8(ascii: "#"), b[end - 1] == 0x20 { return nil }
                end += 1
            }
            var last = end
            while last > lineStart, b[last - 1] == 0x20 { last -= 1 }
            let line = UnsafeBufferPointer(rebasing: b[lineStart..<last])
            // The next line goes on with the value when it is indented.
            guard end + 1 < n, b[end + 1] == 0x20 else {
                guard var text = folded else { return (String(decoding: line, as: UTF8.self), last) }
                text.append(0x20)
                text.append(contentsOf: line)
                return (String(decoding: text, as: UTF8.self), last)
            }
            if folded == nil { folded = Array(line) } else {
                folded!.append(0x20)
                folded!.append(contentsOf: line)
            }
            var next = end + 1
            while next < n, b[next] == 0x20 { next += 1 }
            guard next < n, b[next] != 0x0A else { return nil }  // a blank line (or spaces to the end)
            lineStart = next
        }
    }

    /// A byte a plain scalar cannot start with (an indicator, or a quote).
    private static func isIndicator(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
             UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
             UInt8(ascii: "`"), UInt8(ascii: "\\"):
            return true
        default:
            return false
        }
    }

    /// A single-quoted scalar (`''` is a quote), which may go on over indented lines, folded
    /// as libyaml folds a flow scalar (`doubleQuoted`, without its escapes): the spaces before
    /// a break go, one break is one space, a continuation line's leading spaces go; a blank
    /// line or an unindented one leaves the scalar to Yams.
    private static func singleQuoted(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (String, Int)? {
        let n = b.count
        var out: [UInt8] = []
        out.reserveCapacity(min(n - start, 256))
        var i = start
        while true {
            // Characters up to a space, a break or the closing quote.
            while i < n, b[i] != 0x20, b[i] != 0x0A {
                if b[i] == UInt8(ascii: "'") {
                    if i + 1 < n, b[i + 1] == UInt8(ascii: "'") {
                        out.append(b[i])
                        i += 2
                        continue
                    }
                    return (String(decoding: out, as: UTF8.self), i + 1)
                }
                out.append(b[i])
                i += 1
            }
            guard let next = foldBlanks(b, from: i, escapedBreak: false, into: &out) else { return nil }
            i = next
        }
    }

    /// A double-quoted scalar, as libyaml scans one (`yaml_parser_scan_flow_scalar`): runs of
    /// characters and escapes, then spaces and breaks, joined as the spaces themselves when
    /// no break came, as one space for one break, as nothing after an escaped break.
    private static func doubleQuoted(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (String, Int)? {
        let n = b.count
        var out: [UInt8] = []
        out.reserveCapacity(min(n - start, 256))
        var i = start
        while true {
            // Characters and escapes up to a space, a break or the closing quote.
            var escapedBreak = false
            while i < n, b[i] != 0x20, b[i] != 0x0A {
                let c = b[i]
                if c == UInt8(ascii: "\"") { return (String(decoding: out, as: UTF8.self), i + 1) }
                guard c == UInt8(ascii: "\\") else {
                    out.append(c)
                    i += 1
                    continue
                }
                guard i + 1 < n else { return nil }
                let e = b[i + 1]
                i += 2
                switch e {
                case 0x0A:
                    guard i < n, b[i] == 0x20 else { return nil }  // a continuation line is indented
                    escapedBreak = true
                case UInt8(ascii: "_"): out += [0xC2, 0xA0]
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), 0x20: out.append(e)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                    // A scalar by two, four or eight hex digits (not a surrogate, at most U+10FFFF).
                    let digits = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : 8
                    guard i + digits <= n, let value = ASCIIHex.value(b, i, digits: digits), let scalar = Unicode.Scalar(value) else { return nil }
                    UTF8.encode(scalar) { out.append($0) }
                    i += digits
                default:
                    return nil
                }
                if escapedBreak { break }
            }
            guard let next = foldBlanks(b, from: i, escapedBreak: escapedBreak, into: &out) else { return nil }
            i = next
        }
    }

    /// The spaces and breaks after a run of a quoted scalar's characters, from `start`, as
    /// libyaml folds them: the spaces themselves when no break came, one space for one break,
    /// nothing after an escaped break; the spaces before a break and a continuation line's
    /// leading spaces go. Where the next run starts, or nil for a blank line, a continuation
    /// line that is not indented, or the end of the text (the scalar is left to Yams).
    private static func foldBlanks(_ b: UnsafeBufferPointer<UInt8>, from start: Int, escapedBreak: Bool, into out: inout [UInt8]) -> Int? {
        let n = b.count
        var i = start
        var spaces = 0
        var breaks = 0
        var leadingBlanks = escapedBreak
        while i < n, b[i] == 0x20 || b[i] == 0x0A {
            if b[i] == 0x20 {
                if !leadingBlanks { spaces += 1 }
            } else {
                if leadingBlanks { return nil }  // a second break (after a break or an escaped one): a blank line
                spaces = 0
                leadingBlanks = true
                breaks += 1
                // A continuation line is indented.
                guard i + 1 < n, b[i + 1] == 0x20 else { return nil }
            }
            i += 1
        }
        guard i < n else { return nil }
        if leadingBlanks {
            if breaks == 1 { out.append(0x20) }  // a folded break; after an escaped one, nothing
        } else {
            out += repeatElement(0x20, count: spaces)
        }
        return i
    }
}
