import CAccordBytes

/// Text placed into HTML written by Accord (the corpus report, the diff redline).
public enum HTMLText {
    /// What replaces `byte` in HTML content and attribute values, or nil when it stays:
    /// the five markup characters as references, control characters other than newline and
    /// tab as U+FFFD (they are not allowed in HTML). Everything to replace is ASCII.
    @inline(__always)
    static func replacement(_ byte: UInt8) -> StaticString? {
        switch byte {
        case UInt8(ascii: "&"): return "&amp;"
        case UInt8(ascii: "<"): return "&lt;"
        case UInt8(ascii: ">"): return "&gt;"
        case UInt8(ascii: "\""): return "&quot;"
        case UInt8(ascii: "'"): return "&#39;"
        case 0x0A, 0x09: return nil
        case 0x00..<0x20: return "\u{FFFD}"
        default: return nil
        }
    }

    /// Escapes text for HTML content and attribute values; control characters other than
    /// newline and tab become U+FFFD (they are not allowed in HTML). Text with nothing to
    /// replace (most) is returned as it is; any other is escaped by `appendEscaped`.
    public static func escape(_ text: String) -> String {
        return text.withUTF8Bytes { utf8 -> String? in
            guard let base = utf8.baseAddress, accord_html_plain_prefix(base, utf8.count) < utf8.count else { return nil }
            let out = ByteBuffer(capacity: utf8.count + 64)
            appendEscaped(utf8, to: out)
            return out.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        } ?? text
    }

    /// `escape` of the text whose UTF-8 bytes are `utf8` (whole scalars), written into `out`
    /// with no string made: the runs between replacements found sixteen bytes a step
    /// (`accord_html_plain_prefix`) and copied whole.
    public static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to out: ByteBuffer) {
        guard let base = utf8.baseAddress else { return }
        let count = utf8.count
        var start = 0
        while start < count {
            let plain = accord_html_plain_prefix(base + start, count - start)
            out.append(UnsafeBufferPointer(start: base + start, count: plain))
            start += plain
            guard start < count else { break }
            // (Every byte the scan stops at has a replacement.)
            if let replacement = replacement(base[start]) { out.append(replacement) } else { out.append(base[start]) }
            start += 1
        }
    }

    /// `escape(text)`, written into `out`.
    public static func appendEscaped(_ text: String, to out: ByteBuffer) {
        text.withUTF8Bytes { appendEscaped($0, to: out) }
    }
}
