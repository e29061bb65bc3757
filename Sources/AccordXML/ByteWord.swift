/// Eight bytes of a buffer read as one word, and tests on all eight at once (SWAR): the report
/// writers' escapers skip runs of ordinary bytes eight at a time instead of one by one. Each
/// test is exact (true if and only if some byte matches); a match sends the caller back to
/// its byte-by-byte loop for that stretch.
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

    /// Whether some byte of `word` is below `limit`, or `a`, or `b`.
    @inlinable @inline(__always)
    public static func hasLess(_ limit: UInt8, or a: UInt8, _ b: UInt8, in word: UInt64) -> Bool {
        hasLess(limit, in: word) || has(a, in: word) || has(b, in: word)
    }
}
