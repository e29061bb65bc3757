import AccordXML
/// `String.lowercased()` without a Unicode property lookup per scalar. The standard library
/// lower-cases a non-ASCII string scalar by scalar through `properties.lowercaseMapping` (no
/// context: no final sigma); this does the same from a table made once from that mapping for
/// the scalars below U+0530 (Latin, IPA, Greek, Cyrillic: the scripts of nearly all the texts) and
/// asks the standard library only for the rest. Equal to `lowercased()` by construction, and
/// tested so on every scalar of the table and on the documents of the corpus.
public enum Lowercase {
    static let limit = ScalarTable.limit
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
        return string.withUTF8Bytes { utf8 -> String? in
            // ASCII strings: the standard library's own fast path (below).
            guard !utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
            return table.withUnsafeBufferPointer { table in
                // Two passes over the scalars: the length, then the bytes, so the string is
                // made at its exact size (inline, without allocating, up to 15 bytes).
                var length = 0
                var scalars = ScalarIterator(utf8)
                while let value = scalars.next() {
                    if value < 0x80 {
                        length += 1
                    } else if value < limit, table[Int(value)] != UInt32.max {
                        length += UTF8.width(Unicode.Scalar(table[Int(value)])!)
                    } else {
                        length += Unicode.Scalar(value)!.properties.lowercaseMapping.utf8.count
                    }
                }
                return String(unsafeUninitializedCapacity: length) { out in
                    var n = 0
                    var scalars = ScalarIterator(utf8)
                    while let value = scalars.next() {
                        if value < 0x80 {
                            out[n] = UInt8(truncatingIfNeeded: ASCIIByte.lowercased(value))
                            n += 1
                        } else if value < limit, table[Int(value)] != UInt32.max {
                            n += UTF8Bytes.write(table[Int(value)], into: out, at: n)
                        } else {
                            for scalar in Unicode.Scalar(value)!.properties.lowercaseMapping.unicodeScalars {
                                n += UTF8Bytes.write(scalar.value, into: out, at: n)
                            }
                        }
                    }
                    return n
                }
            }
        } ?? string.lowercased()
    }

    /// The scalars of valid UTF-8 (a String's bytes), decoded in place.
    struct ScalarIterator {
        let utf8: UnsafeBufferPointer<UInt8>
        var i = 0

        init(_ utf8: UnsafeBufferPointer<UInt8>) { self.utf8 = utf8 }

        @inline(__always) mutating func next() -> UInt32? {
            guard i < utf8.count else { return nil }
            let b0 = UInt32(utf8[i])
            if b0 < 0x80 {
                i += 1
                return b0
            } else if b0 < 0xE0 {
                defer { i += 2 }
                return (b0 & 0x1F) << 6 | UInt32(utf8[i + 1] & 0x3F)
            } else if b0 < 0xF0 {
                defer { i += 3 }
                return (b0 & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F)
            } else {
                defer { i += 4 }
                return (b0 & 0x07) << 18 | UInt32(utf8[i + 1] & 0x3F) << 12 | UInt32(utf8[i + 2] & 0x3F) << 6 | UInt32(utf8[i + 3] & 0x3F)
            }
        }
    }
}
