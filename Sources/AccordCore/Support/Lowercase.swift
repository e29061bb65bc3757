/// `String.lowercased()` without a Unicode property lookup per scalar. The standard library
/// lower-cases a non-ASCII string scalar by scalar through `properties.lowercaseMapping` (no
/// context: no final sigma); this does the same from a table made once from that mapping for
/// the scalars below U+0530 (Latin, IPA, Greek, Cyrillic: the scripts of nearly all the texts) and
/// asks the standard library only for the rest. Equal to `lowercased()` by construction, and
/// tested so on every scalar of the table and on the documents of the corpus.
public enum Lowercase {
    static let limit: UInt32 = 0x0530
    /// Each scalar's lower-case scalar, or `UInt32.max` where the mapping is not one scalar.
    static let table: [UInt32] = (0..<limit).map { value in
        guard let scalar = Unicode.Scalar(value) else { return UInt32.max }  // surrogate code points
        let mapping = scalar.properties.lowercaseMapping.unicodeScalars
        return mapping.count == 1 ? mapping.first!.value : UInt32.max
    }

    /// The first scalar of `scalar`'s lower-case mapping (itself when the mapping is empty).
    @inline(__always) static func firstScalar(of scalar: Unicode.Scalar) -> UInt32 {
        let value = scalar.value
        if value < limit {
            let mapped = table.withUnsafeBufferPointer { $0[Int(value)] }
            if mapped != UInt32.max { return mapped }
        }
        return scalar.properties.lowercaseMapping.unicodeScalars.first?.value ?? value
    }

    public static func of(_ string: String) -> String {
        var string = string
        return string.withUTF8 { utf8 -> String? in
            // ASCII strings: the standard library's own fast path (below).
            guard !utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
            return table.withUnsafeBufferPointer { table in
                // Two passes over the scalars: the length, then the bytes, so the string is
                // made at its exact size (inline, without allocating, up to 15 bytes).
                var length = 0
                forEachScalar(utf8) { value in
                    if value < 0x80 { length += 1; return }
                    if value < limit, table[Int(value)] != UInt32.max { length += utf8Length(table[Int(value)]); return }
                    length += Unicode.Scalar(value)!.properties.lowercaseMapping.utf8.count
                }
                return String(unsafeUninitializedCapacity: length) { out in
                    var n = 0
                    func put(_ value: UInt32) {
                        if value < 0x80 {
                            out[n] = UInt8(truncatingIfNeeded: value)
                            n += 1
                        } else {
                            UTF8.encode(Unicode.Scalar(value)!) { out[n] = $0; n += 1 }
                        }
                    }
                    forEachScalar(utf8) { value in
                        if value < 0x80 { put(value &- 0x41 < 26 ? value | 0x20 : value); return }
                        if value < limit, table[Int(value)] != UInt32.max { put(table[Int(value)]); return }
                        for scalar in Unicode.Scalar(value)!.properties.lowercaseMapping.unicodeScalars { put(scalar.value) }
                    }
                    return n
                }
            }
        } ?? string.lowercased()
    }

    @inline(__always) static func utf8Length(_ value: UInt32) -> Int {
        value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4
    }

    /// The scalars of valid UTF-8 (a String's bytes), decoded in place.
    @inline(__always) static func forEachScalar(_ utf8: UnsafeBufferPointer<UInt8>, _ body: (UInt32) -> Void) {
        var i = 0
        let n = utf8.count
        while i < n {
            let b0 = UInt32(utf8[i])
            if b0 < 0x80 {
                body(b0)
                i += 1
            } else if b0 < 0xE0 {
                body((b0 & 0x1F) << 6 | UInt32(utf8[i + 1] & 0x3F))
                i += 2
            } else if b0 < 0xF0 {
                body((b0 & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F))
                i += 3
            } else {
                body((b0 & 0x07) << 18 | UInt32(utf8[i + 1] & 0x3F) << 12 | UInt32(utf8[i + 2] & 0x3F) << 6 | UInt32(utf8[i + 3] & 0x3F))
                i += 4
            }
        }
    }
}
