import AccordXML
import CAccordBytes
import Foundation
/// Character classes with an ASCII fast path, and a table for the scalars below U+0530
/// (Latin, IPA, Greek, Cyrillic): the Unicode property
/// lookups are a few hundred instructions a call. The table is made once from the same
/// properties (tested equal on every scalar it covers); above it, the properties are asked.
extension Unicode.Scalar {
    @inline(__always) var isLetterFast: Bool {
        let v = value
        if v < 0x80 { return ASCIIByte.isLetter(v) }
        if v < ScalarTable.limit { return ScalarTable.has(v, ScalarTable.alphabetic) }
        return properties.isAlphabetic
    }

    @inline(__always) var isUppercaseFast: Bool {
        let v = value
        if v < 0x80 { return ASCIIByte.isUpper(v) }
        if v < ScalarTable.limit { return ScalarTable.has(v, ScalarTable.uppercase) }
        return properties.isUppercase
    }

    @inline(__always) var isLowercaseFast: Bool {
        let v = value
        if v < 0x80 { return ASCIIByte.isLower(v) }
        if v < ScalarTable.limit { return ScalarTable.has(v, ScalarTable.lowercase) }
        return properties.isLowercase
    }

    @inline(__always) var isWhitespaceFast: Bool {
        let v = value
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        if v < ScalarTable.limit { return ScalarTable.has(v, ScalarTable.whitespace) }
        return properties.isWhitespace
    }

    /// A scalar of a word: alphabetic, or a non-spacing mark (an accent written apart).
    @inline(__always) var isWordFast: Bool {
        let v = value
        if v < 0x80 { return ASCIIByte.isLetter(v) || ASCIIByte.isDigit(v) }
        if v < ScalarTable.limit { return ScalarTable.has(v, ScalarTable.alphabetic | ScalarTable.nonspacingMark) }
        return properties.isAlphabetic || properties.generalCategory == .nonspacingMark
    }

    @inline(__always) var isDigitFast: Bool { ASCIIByte.isDigit(value) }
}

/// The Unicode properties the text stages ask about, one byte of flags a scalar below
/// `limit`.
enum ScalarTable {
    static let limit: UInt32 = 0x0530
    static let alphabetic: UInt8 = 1, uppercase: UInt8 = 2, lowercase: UInt8 = 4, whitespace: UInt8 = 8, nonspacingMark: UInt8 = 16

    static let flags: [UInt8] = (0..<limit).map { value in
        guard let scalar = Unicode.Scalar(value) else { return 0 }  // surrogate code points
        let p = scalar.properties
        return (p.isAlphabetic ? alphabetic : 0) | (p.isUppercase ? uppercase : 0) | (p.isLowercase ? lowercase : 0)
            | (p.isWhitespace ? whitespace : 0) | (p.generalCategory == .nonspacingMark ? nonspacingMark : 0)
    }

    @inline(__always) static func has(_ value: UInt32, _ flag: UInt8) -> Bool {
        flags.withUnsafeBufferPointer { $0[Int(value)] & flag != 0 }
    }
}

extension String {
    /// `trimmingCharacters(in: .whitespaces)` without Foundation: tab and the space
    /// separators (general category Zs) off both ends.
    public func trimmingSpaces() -> String {
        trimmingScalars { $0.value == 0x20 || $0.value == 0x09 || ($0.value >= 0x80 && $0.properties.generalCategory == .spaceSeparator) }
    }

    /// `trimmingCharacters(in:)` for a set given as a test: the scalars it accepts off both
    /// ends (the string itself when neither end has one).
    public func trimmingScalars(where isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last, isTrimmed(first) || isTrimmed(last) else { return self }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, isTrimmed(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isTrimmed(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}

extension String {
    /// The string of these scalars, as `String(String.UnicodeScalarView(scalars))` makes it
    /// (that goes through a generic append, thousands of instructions for a short word): their
    /// UTF-8 written straight into a string of their size.
    public init<C: Collection<Unicode.Scalar>>(scalars: C) {
        var length = 0
        for scalar in scalars { length += UTF8.width(scalar) }
        self.init(unsafeUninitializedCapacity: length) { buffer in
            var n = 0
            for scalar in scalars { n += UTF8Bytes.write(scalar.value, into: buffer, at: n) }
            return n
        }
    }
}

/// A scalar's UTF-8 bytes written into a buffer (`UTF8.encode` takes a closure a byte, which
/// in the hot loops boxes the caller's counter).
enum UTF8Bytes {
    /// The bytes of the scalar whose value is `value` into `out` at `at`; how many.
    @inline(__always) static func write(_ value: UInt32, into out: UnsafeMutableBufferPointer<UInt8>, at: Int) -> Int {
        switch value {
        case ..<0x80:
            out[at] = UInt8(truncatingIfNeeded: value)
            return 1
        case ..<0x800:
            out[at] = UInt8(truncatingIfNeeded: 0xC0 | value >> 6)
            out[at + 1] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
            return 2
        case ..<0x10000:
            out[at] = UInt8(truncatingIfNeeded: 0xE0 | value >> 12)
            out[at + 1] = UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3F)
            out[at + 2] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
            return 3
        default:
            out[at] = UInt8(truncatingIfNeeded: 0xF0 | value >> 18)
            out[at + 1] = UInt8(truncatingIfNeeded: 0x80 | value >> 12 & 0x3F)
            out[at + 2] = UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3F)
            out[at + 3] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
            return 4
        }
    }
}

/// Substring search over bytes (memmem), for scanning whole texts for phrases.
extension String {
    /// Substring test on UTF-8 bytes (memmem). Texts here are NFC, so bytes are enough, and
    /// this is much faster than Foundation's `contains`, which goes through NSString.
    func contains(_ other: String) -> Bool {
        if other.isEmpty { return true }
        return withUTF8Bytes { haystack in other.withUTF8Bytes { needle in ByteSearch.contains(haystack, needle) } }
    }
}

enum ByteSearch {
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        haystack.withUnsafeBufferPointer { h in needle.withUnsafeBufferPointer { n in contains(h, n) } }
    }

    /// Whether `needle` occurs in `haystack`.
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        firstOffset(haystack, needle) != nil
    }

    /// Where `needle` first occurs in `haystack`, as a byte offset.
    static func firstOffset(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
        haystack.withUnsafeBufferPointer { h in needle.withUnsafeBufferPointer { n in firstOffset(h, n) } }
    }

    /// Where `needle` first occurs in `haystack`: memchr finds, at memory speed, each place
    /// the needle's rarest byte (by English letter frequency; a space is the most common)
    /// could sit, and memcmp checks the whole needle there.
    static func firstOffset(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !needle.isEmpty else { return 0 }
        guard needle.count <= haystack.count, let base = haystack.baseAddress, let pattern = needle.baseAddress else { return nil }
        var pivot = 0
        let letters = letterRank  // read once, not through its lazy initializer for every byte
        /// How common a byte is in English text, higher for more common: space, then letters
        /// by frequency; anything else counts as rare.
        func rank(_ byte: UInt8) -> Int {
            switch byte {
            case 0x20: return 40
            case 0x41...0x5A, 0x61...0x7A: return letters[Int(byte | 0x20) - 0x61]
            default: return 0
            }
        }
        for k in 1..<needle.count where rank(needle[k]) < rank(needle[pivot]) { pivot = k }
        let byte = Int32(needle[pivot])
        let last = haystack.count - needle.count
        var i = 0
        while i <= last {
            guard let hit = memchr(base + i + pivot, byte, last - i + 1) else { return nil }
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) - pivot
            if memcmp(base + at, pattern, needle.count) == 0 { return at }
            i = at + 1
        }
        return nil
    }

    static let letterRank: [Int] = {
        // "etaoinshrdlcumwfgypbvkjxqz", most common first.
        let order = Array("etaoinshrdlcumwfgypbvkjxqz".utf8)
        var ranks = [Int](repeating: 0, count: 26)
        for (position, letter) in order.enumerated() { ranks[Int(letter) - 0x61] = 30 - position }
        return ranks
    }()

    /// Lower-case ASCII letters; other bytes unchanged.
    static func asciiLowercased<S: Sequence>(_ bytes: S) -> [UInt8] where S.Element == UInt8 {
        if let result = bytes.withContiguousStorageIfAvailable({ asciiLowercased($0) }) { return result }
        return bytes.map { ASCIIByte.lowercased($0) }
    }

    static func asciiLowercased(_ bytes: String.UTF8View) -> [UInt8] {
        String(bytes).withUTF8Bytes { asciiLowercased($0) }
    }

    /// One pass into a buffer of the right size.
    static func asciiLowercased(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: bytes.count) { out, initialized in
            for i in 0..<bytes.count {
                let byte = bytes[i]
                out[i] = ASCIIByte.lowercased(byte)
            }
            initialized = bytes.count
        }
    }
}

/// Finding one scalar in a buffer of scalars at memory speed (`accord_find_u32`: sixteen
/// scalars a step with SSE2, one by one without it).
enum ScalarSearch {
    /// `scan` over the scalars from `from` on, read as their UInt32 values (a scalar is its
    /// value in memory), its answer made an index of `buffer`: `buffer.count` when `from`
    /// is at or past the end.
    @inline(__always)
    private static func scan(_ buffer: UnsafeBufferPointer<Unicode.Scalar>, from: Int,
                             _ scan: (UnsafePointer<UInt32>, Int) -> Int) -> Int {
        precondition(from >= 0, "scan from before the buffer")
        guard from < buffer.count, let base = buffer.baseAddress else { return buffer.count }
        return (base + from).withMemoryRebound(to: UInt32.self, capacity: buffer.count - from) { start in
            from + scan(start, buffer.count - from)
        }
    }

    /// The first index at or after `from` holding `scalar`, or `buffer.count`.
    @inline(__always)
    static func first(_ scalar: Unicode.Scalar, in buffer: UnsafeBufferPointer<Unicode.Scalar>, from: Int) -> Int {
        scan(buffer, from: from) { accord_find_u32($0, $1, scalar.value) }
    }

    /// The first index at or after `from` holding any of four scalars, or `buffer.count`.
    @inline(__always)
    static func first(anyOf a: Unicode.Scalar, _ b: Unicode.Scalar, _ c: Unicode.Scalar, _ d: Unicode.Scalar,
                      in buffer: UnsafeBufferPointer<Unicode.Scalar>, from: Int) -> Int {
        scan(buffer, from: from) { accord_find_u32_any4($0, $1, a.value, b.value, c.value, d.value) }
    }

    /// The first index at or after `from` holding any of eight scalars, or `buffer.count`.
    static func first(anyOf set: (Unicode.Scalar, Unicode.Scalar, Unicode.Scalar, Unicode.Scalar,
                                  Unicode.Scalar, Unicode.Scalar, Unicode.Scalar, Unicode.Scalar),
                      in buffer: UnsafeBufferPointer<Unicode.Scalar>, from: Int) -> Int {
        // The eight values on the stack for the call (no array allocated).
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 8) { values in
            values[0] = set.0.value; values[1] = set.1.value; values[2] = set.2.value; values[3] = set.3.value
            values[4] = set.4.value; values[5] = set.5.value; values[6] = set.6.value; values[7] = set.7.value
            return scan(buffer, from: from) { accord_find_u32_any8($0, $1, values.baseAddress!) }
        }
    }

    /// The first index at or after `from` holding neither a line feed nor printable ASCII,
    /// or `buffer.count`.
    @inline(__always)
    static func firstNotPrintable(in buffer: UnsafeBufferPointer<Unicode.Scalar>, from: Int) -> Int {
        scan(buffer, from: from) { accord_find_u32_not_printable($0, $1) }
    }

    /// The first index at or after `from` holding a line feed, or a space right after a space
    /// (a space at `from` itself is not asked about the one before); `buffer.count` when there
    /// is none.
    @inline(__always)
    static func firstLineFeedOrDoubleSpace(in buffer: UnsafeBufferPointer<Unicode.Scalar>, from: Int) -> Int {
        scan(buffer, from: from) { accord_find_line_feed_or_double_space($0, $1) }
    }
}
