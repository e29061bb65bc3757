import CAccordBytes

/// Eight bytes of a buffer read as one word, and tests on all eight at once (SWAR): the UTF-8
/// decoder and the binary-file test skip runs of ordinary bytes eight at a time instead of one
/// by one. Each test is exact (true if and only if some byte matches; `count` counts them).
public enum ByteWord {
    @inlinable @inline(__always)
    public static func load(_ buffer: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(buffer.baseAddress!).loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Whether some byte of `word` is below `limit` (at most 0x80).
    @inlinable @inline(__always)
    public static func hasLess(_ limit: UInt8, in word: UInt64) -> Bool {
        (word &- 0x0101_0101_0101_0101 &* UInt64(limit)) & ~word & 0x8080_8080_8080_8080 != 0
    }

    /// Whether some byte of `word` is `byte`.
    @inlinable @inline(__always)
    public static func has(_ byte: UInt8, in word: UInt64) -> Bool {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
    }

    /// How many bytes of `word` are `byte` (exact, unlike the tests above, which only say
    /// whether there is one: no borrow runs from one byte into the next).
    @inlinable @inline(__always)
    public static func count(_ byte: UInt8, in word: UInt64) -> Int {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        let low = 0x7F7F_7F7F_7F7F_7F7F as UInt64
        return (~(((x & low) &+ low) | x | low)).nonzeroBitCount
    }
}

/// The report writers' scans to the next byte that needs escaping, sixteen bytes a step
/// (C with SSE2: `accord_json_plain_prefix`, `accord_xml_plain_prefix`).
public enum ByteScan {
    /// The offset, at or after `start`, of the first byte a JSON string escapes (below 0x20,
    /// a quote, a backslash); `buffer.count` when there is none.
    public static func jsonSpecial(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < buffer.count, let base = buffer.baseAddress else { return buffer.count }
        return start + accord_json_plain_prefix(base + start, buffer.count - start)
    }

    /// The offset, at or after `start`, of the first byte XML text (or, with `attribute`,
    /// an attribute value) may need to change: below 0x20 (but line feed and tab in text),
    /// `<`, `>`, `&`, a quote, 0xEF; `buffer.count` when there is none.
    public static func xmlSpecial(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, attribute: Bool) -> Int {
        guard start < buffer.count, let base = buffer.baseAddress else { return buffer.count }
        return start + accord_xml_plain_prefix(base + start, buffer.count - start, attribute ? 1 : 0)
    }
}
