import CAccordBytes

/// Eight bytes of a buffer read as one word, and tests on all eight at once (SWAR): the
/// binary-file test skips runs of ordinary bytes eight at a time instead of one by one. The
/// test is exact (true if and only if some byte is below the limit).
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
}

/// The report writers' scans to the next byte that needs escaping, thirty-two bytes a step
/// (C with SSE2: `accord_json_plain_prefix`, `accord_xml_plain_prefix`).
public enum ByteScan {
    /// The offset, at or after `start`, of the first byte a JSON string escapes (below 0x20,
    /// a quote, a backslash); `buffer.count` when there is none.
    public static func jsonSpecial(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < buffer.count, let base = buffer.baseAddress else { return buffer.count }
        return start + accord_json_plain_prefix(base + start, buffer.count - start)
    }

    /// Whether every byte is below 0x80 (C, sixty-four bytes a step with SSE2).
    public static func isASCII(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        return accord_is_ascii(base, buffer.count) != 0
    }

    /// The offset just past the JSON value that starts, after any white space, at `start`;
    /// nil when no well-formed value is there, or it nests containers `64 - depth` deep or
    /// more. The bytes must be UTF-8 (strings' bytes are not checked again).
    public static func jsonValueEnd(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, depth: Int) -> Int? {
        guard start <= buffer.count, depth >= 0, depth < 64, let base = buffer.baseAddress else { return nil }
        let end = accord_json_value_end(base, buffer.count, start, Int32(depth))
        return end < 0 ? nil : Int(end)
    }

    /// The offset, at or after `start`, of the first byte XML text (or, with `attribute`,
    /// an attribute value) may need to change: below 0x20 (but line feed and tab in text),
    /// `<`, `>`, `&`, a quote, 0xEF; `buffer.count` when there is none.
    public static func xmlSpecial(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, attribute: Bool) -> Int {
        guard start < buffer.count, let base = buffer.baseAddress else { return buffer.count }
        return start + accord_xml_plain_prefix(base + start, buffer.count - start, attribute ? 1 : 0)
    }
}
