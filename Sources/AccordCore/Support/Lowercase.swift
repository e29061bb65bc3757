/// `String.lowercased()` without a Unicode property lookup per scalar. The standard library
/// lower-cases a non-ASCII string scalar by scalar through `properties.lowercaseMapping` (no
/// context: no final sigma); this does the same from a table made once from that mapping for
/// the scalars below U+2500 (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Indic, …) and
/// asks the standard library only for the rest. Equal to `lowercased()` by construction, and
/// tested so on every scalar of the table and on the documents of the corpus.
public enum Lowercase {
    static let limit: UInt32 = 0x2500
    /// Each scalar's lower-case scalar, or `UInt32.max` where the mapping is not one scalar.
    static let table: [UInt32] = (0..<limit).map { value in
        guard let scalar = Unicode.Scalar(value) else { return UInt32.max }  // surrogate code points
        let mapping = scalar.properties.lowercaseMapping.unicodeScalars
        return mapping.count == 1 ? mapping.first!.value : UInt32.max
    }

    public static func of(_ string: String) -> String {
        var string = string
        // ASCII strings: the standard library's own fast path.
        if string.withUTF8({ $0.allSatisfy { $0 < 0x80 } }) { return string.lowercased() }
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count + 8)
        table.withUnsafeBufferPointer { table in
            for scalar in string.unicodeScalars {
                var value = scalar.value
                if value < 0x80 {
                    out.append(UInt8(truncatingIfNeeded: value) &- 0x41 < 26 ? UInt8(truncatingIfNeeded: value) | 0x20 : UInt8(truncatingIfNeeded: value))
                    continue
                }
                if value < limit, table[Int(value)] != UInt32.max {
                    value = table[Int(value)]
                    if value < 0x80 {
                        out.append(UInt8(truncatingIfNeeded: value))
                    } else {
                        UTF8.encode(Unicode.Scalar(value)!) { out.append($0) }
                    }
                    continue
                }
                out.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
