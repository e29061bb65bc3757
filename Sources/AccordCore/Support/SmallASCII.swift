/// Short strings made from their bytes packed in two words, without the standard library's
/// general initializer (a closure, a capacity check, a check of the bytes and a copy for
/// every string): ASCII ones (`make`), and UTF-8 beyond ASCII (`make(utf8:)`, whose flags
/// byte is 0xA0 rather than 0xE0).
///
/// A `String` of at most 15 ASCII bytes is stored inline ("small"): on a 64-bit platform its
/// two words hold the bytes in order, and the top byte of the second word holds the flags of
/// an immortal small ASCII string (0xE0) and the length. That layout is the standard library's
/// ABI on Apple platforms; on Linux it is the same in practice but not promised, so it is
/// checked once against strings made the ordinary way (`isAvailable`), and callers take the
/// ordinary path when it does not hold.
public enum SmallASCII {
    /// The longest string made here.
    public static let capacity = 15

    /// Whether strings made by `make` are the strings the standard library makes of the same
    /// bytes: compared on every length, with every byte value in every position.
    public static let isAvailable: Bool = {
        guard MemoryLayout<String>.size == 16, MemoryLayout<(UInt64, UInt64)>.size == 16, UInt64(1).littleEndian == 1 else { return false }
        for length in 0...capacity {
            for byte in UInt8(0)..<0x80 {
                let bytes = (0..<length).map { UInt8((Int(byte) + $0 * 37) & 0x7F) }
                var low: UInt64 = 0, high: UInt64 = 0
                for (k, b) in bytes.enumerated() { pack(b, at: k, &low, &high) }
                let made = make(low, high, count: length)
                let ordinary = String(decoding: bytes, as: UTF8.self)
                guard unsafeBitCast(ordinary, to: (UInt64, UInt64).self) == unsafeBitCast(made, to: (UInt64, UInt64).self),
                      made == ordinary, made.utf8.count == length, Array(made.utf8) == bytes else { return false }
            }
        }
        return true
    }()

    /// Whether `make(utf8:_:count:)` makes the strings the standard library makes of the same
    /// bytes, for UTF-8 beyond ASCII too (a small string of such bytes differs only in its
    /// flags): compared on every length, with two- and three-byte scalars at every offset.
    public static let isAvailableForUTF8: Bool = {
        guard isAvailable else { return false }
        for length in 1...capacity {
            for filler in ["é", "Д", "€", "a"] {
                for offset in 0..<length {
                    var bytes = Array(repeating: UInt8(ascii: "x"), count: offset)
                    while bytes.count < length {
                        let next = Array(filler.utf8)
                        if bytes.count + next.count > length { bytes.append(UInt8(ascii: "y")) } else { bytes += next }
                    }
                    var low: UInt64 = 0, high: UInt64 = 0
                    for (k, b) in bytes.enumerated() { pack(b, at: k, &low, &high) }
                    let made = make(utf8: low, high, count: length)
                    let ordinary = String(decoding: bytes, as: UTF8.self)
                    guard unsafeBitCast(ordinary, to: (UInt64, UInt64).self) == unsafeBitCast(made, to: (UInt64, UInt64).self),
                          made == ordinary, Array(made.utf8) == bytes, made.unicodeScalars.count == ordinary.unicodeScalars.count
                    else { return false }
                }
            }
        }
        return true
    }()

    /// Puts `byte` at `index` (below 15) of the two words.
    @inline(__always) public static func pack(_ byte: UInt8, at index: Int, _ low: inout UInt64, _ high: inout UInt64) {
        if index < 8 { low |= UInt64(byte) << UInt64(index &* 8) } else { high |= UInt64(byte) << UInt64((index &- 8) &* 8) }
    }

    /// The string of the `count` UTF-8 bytes packed in `low` and `high` (bytes past `count`
    /// zero), ASCII or not. Only when `isAvailableForUTF8`, `count <= 15` and the bytes are
    /// UTF-8 (whole scalars).
    @inline(__always) public static func make(utf8 low: UInt64, _ high: UInt64, count: Int) -> String {
        let ascii = (low | high) & 0x8080_8080_8080_8080 == 0
        return string(low, high | UInt64((ascii ? 0xE0 : 0xA0) | count) << 56)
    }

    /// 0x20 in each byte of `word` that is an ASCII capital, 0 in the others (bytes below
    /// 0x80 only): `word | capitalsBit(word)` is its bytes lower-cased.
    @inline(__always) public static func capitalsBit(_ word: UInt64) -> UInt64 {
        let atLeastA = word &+ 0x3F3F_3F3F_3F3F_3F3F     // high bit set where a byte >= 0x41
        let pastZ = word &+ 0x2525_2525_2525_2525        // high bit set where a byte >= 0x5B
        return (atLeastA & ~pastZ & 0x8080_8080_8080_8080) >> 2
    }

    /// The string of the `count` ASCII bytes packed in `low` and `high` (bytes past `count`
    /// zero). Only when `isAvailable`, `count <= 15` and every byte is below 0x80.
    @inline(__always) public static func make(_ low: UInt64, _ high: UInt64, count: Int) -> String {
        string(low, high | UInt64(0xE0 | count) << 56)
    }

    /// The small string whose two words are these: written into raw memory of their own and
    /// moved out of it as a string (a cast copies the string, which costs a call into the
    /// runtime to retain it, for nothing).
    @inline(__always) static func string(_ low: UInt64, _ high: UInt64) -> String {
        withUnsafeTemporaryAllocation(byteCount: 16, alignment: MemoryLayout<String>.alignment) { raw in
            raw.storeBytes(of: low, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: high, toByteOffset: 8, as: UInt64.self)
            return raw.baseAddress!.bindMemory(to: String.self, capacity: 1).move()
        }
    }
}
