/// Text placed into HTML written by Accord (the corpus report, the diff redline).
public enum HTMLText {
    /// Escapes text for HTML content and attribute values; control characters other than
    /// newline and tab become U+FFFD (they are not allowed in HTML).
    public static func escape(_ text: String) -> String {
        return text.withUTF8Bytes { utf8 -> String? in
            // On the bytes: what needs replacing is ASCII, and runs between are copied whole.
            var out: [UInt8] = []
            var mark = 0
            for index in 0..<utf8.count {
                let replacement: StaticString
                switch utf8[index] {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                case 0x0A, 0x09: continue
                case 0x00..<0x20: replacement = "\u{FFFD}"
                default: continue
                }
                if out.isEmpty { out.reserveCapacity(utf8.count + 64) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark..<index]))
                replacement.withUTF8Buffer { out.append(contentsOf: $0) }
                mark = index + 1
            }
            guard mark > 0 else { return nil }  // nothing to replace
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark...]))
            return String(decoding: out, as: UTF8.self)
        } ?? text
    }
}
