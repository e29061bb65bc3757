import AccordXML
import CAccordBytes
/// Turns bytes into scalars with their source offsets: UTF-8 (with or without a BOM),
/// UTF-16 and UTF-32 with a BOM, and a Windows-1252 fallback for legacy files.
/// Never fails on text: invalid bytes become U+FFFD with a warning.
public enum TextDecoding {
    public enum Encoding: String, Sendable, Codable {
        case utf8 = "UTF-8", utf16LE = "UTF-16LE", utf16BE = "UTF-16BE"
        case utf32LE = "UTF-32LE", utf32BE = "UTF-32BE", windows1252 = "Windows-1252"
    }

    public struct Decoded: Sendable {
        public var text: MappedText
        public var encoding: Encoding
        public var diagnostics: [Diagnostic]
    }

    /// The reason a byte sequence is not text at all.
    public static func binaryReason(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0, 0, 0xFE, 0xFF]) {
            return nil
        }
        let sample = bytes.prefix(8192)
        guard !sample.isEmpty else { return nil }
        var control = 0
        var nul = 0
        sample.withUnsafeBufferPointer { buffer in
            var k = 0
            while k < buffer.count {
                // Eight bytes at a time while none is below 0x20 (most text).
                if k + 8 <= buffer.count, !ByteWord.hasLess(0x20, in: ByteWord.load(buffer, k)) {
                    k += 8
                    continue
                }
                let byte = buffer[k]
                if byte == 0 { nul += 1 }
                if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C { control += 1 }
                k += 1
            }
        }
        // Text without a BOM has (almost) no control bytes; UTF-16 without a BOM has
        // NUL in every other byte, which we do not guess at.
        if nul * 10 > sample.count || control * 20 > sample.count {
            let signature = knownBinarySignature(bytes).map { " (\($0))" } ?? ""
            return "binary content\(signature): \(control) of the first \(sample.count) bytes are control characters"
        }
        if let signature = knownBinarySignature(bytes) {
            return "binary content (\(signature))"
        }
        return nil
    }

    private static func knownBinarySignature(_ bytes: [UInt8]) -> String? {
        let signatures: [([UInt8], String)] = [
            ([0x25, 0x50, 0x44, 0x46, 0x2D], "PDF"), ([0x50, 0x4B, 0x03, 0x04], "ZIP archive"),
            ([0x1F, 0x8B], "gzip"), ([0x89, 0x50, 0x4E, 0x47], "PNG image"), ([0xFF, 0xD8, 0xFF], "JPEG image"),
            ([0x47, 0x49, 0x46, 0x38], "GIF image"), ([0x7F, 0x45, 0x4C, 0x46], "ELF executable"),
            ([0xD0, 0xCF, 0x11, 0xE0], "OLE2 document"),
        ]
        for (magic, name) in signatures where bytes.starts(with: magic) { return name }
        return nil
    }

    public static func decode(_ bytes: [UInt8]) -> Decoded {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return decodeUTF8(bytes, from: 3, allowFallback: false)
        }
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return decodeUTF32(bytes, bigEndian: false) }
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return decodeUTF32(bytes, bigEndian: true) }
        if bytes.starts(with: [0xFF, 0xFE]) { return decodeUTF16(bytes, bigEndian: false) }
        if bytes.starts(with: [0xFE, 0xFF]) { return decodeUTF16(bytes, bigEndian: true) }
        return decodeUTF8(bytes, from: 0, allowFallback: true)
    }

    /// Decodes UTF-8. When the bytes are not UTF-8 and nothing in them is a valid
    /// multi-byte sequence, the file is taken as Windows-1252 (a superset of Latin-1).
    static func decodeUTF8(_ bytes: [UInt8], from start: Int, allowFallback: Bool) -> Decoded {
        var invalid = 0
        var multibyte = 0
        var firstInvalidLine: Int?
        var line = 1
        var nul = 0
        // At most one scalar a byte: the scalars and their byte ranges are written straight
        // into the text's two arrays, made at that size (no second copy).
        let capacity = max(0, bytes.count - start)
        var count = 0
        var scalarArray: [Unicode.Scalar] = []
        var offsetArray: [UInt64] = []
        scalarArray = [Unicode.Scalar](unsafeUninitializedCapacity: capacity) { scalars, scalarCount in
            offsetArray = [UInt64](unsafeUninitializedCapacity: capacity) { offsets, offsetCount in
                @inline(__always) func put(_ scalar: Unicode.Scalar, _ from: Int, _ to: Int) {
                    scalars[count] = scalar
                    offsets[count] = MappedText.offsets(start: from, end: to)
                    count += 1
                }
                bytes.withUnsafeBufferPointer { buffer in
                    let n = buffer.count
                    var i = start
                    while i < n {
                        var b0 = buffer[i]
                        // A run of ASCII (but NUL) in a tight loop, on local counters.
                        if b0 < 0x80 && b0 != 0 {
                            var c = count, lines = line, k = i
                            // Sixteen bytes at a time while all are ASCII and none is NUL,
                            // widened in C (SSE2), line feeds counted there. (Offsets as
                            // UInt32 without clamping: only below 4 GiB.)
                            if n < 0xFFFF_0000 {
                                var feeds = 0
                                // (A scalar is its UInt32 value in memory: the scalars' memory
                                // rebound to UInt32 for the call.)
                                let taken = (scalars.baseAddress! + c).withMemoryRebound(to: UInt32.self, capacity: n - k) { values in
                                    accord_widen_ascii(buffer.baseAddress! + k, n - k, UInt32(truncatingIfNeeded: k),
                                                       values, offsets.baseAddress! + c, &feeds)
                                }
                                lines += feeds
                                c += taken
                                k += taken
                            }
                            if k == n {
                                count = c
                                line = lines
                                i = k
                                continue
                            }
                            b0 = buffer[k]
                            guard b0 < 0x80 && b0 != 0 else {
                                count = c
                                line = lines
                                i = k
                                continue
                            }
                            repeat {
                                if b0 == 0x0A { lines += 1 }
                                scalars[c] = Unicode.Scalar(b0)
                                offsets[c] = MappedText.offsets(start: k, end: k + 1)
                                c += 1
                                k += 1
                                if k == n { break }
                                b0 = buffer[k]
                            } while b0 < 0x80 && b0 != 0
                            count = c
                            line = lines
                            i = k
                            continue
                        }
                        if b0 < 0x80 {
                            if b0 == 0x0A { line += 1 }
                            if b0 == 0 {
                                nul += 1
                                put("\u{FFFD}", i, i + 1)
                            } else {
                                put(Unicode.Scalar(b0), i, i + 1)
                            }
                            i += 1
                            continue
                        }
                        var length = 0
                        var value: UInt32 = 0
                        var minimum: UInt32 = 0
                        if b0 & 0xE0 == 0xC0 { length = 2; value = UInt32(b0 & 0x1F); minimum = 0x80 }
                        else if b0 & 0xF0 == 0xE0 { length = 3; value = UInt32(b0 & 0x0F); minimum = 0x800 }
                        else if b0 & 0xF8 == 0xF0 { length = 4; value = UInt32(b0 & 0x07); minimum = 0x10000 }
                        var valid = length > 0 && i + length <= n
                        if valid {
                            for k in 1..<length {
                                let b = buffer[i + k]
                                if b & 0xC0 != 0x80 { valid = false; break }
                                value = value << 6 | UInt32(b & 0x3F)
                            }
                        }
                        if valid, value >= minimum, let scalar = Unicode.Scalar(value) {
                            put(scalar, i, i + length)
                            multibyte += 1
                            i += length
                        } else {
                            invalid += 1
                            if firstInvalidLine == nil { firstInvalidLine = line }
                            put("\u{FFFD}", i, i + 1)
                            i += 1
                        }
                    }
                }
                offsetCount = count
            }
            scalarCount = count
        }
        let text = MappedText(scalars: scalarArray, offsets: offsetArray)
        var diagnostics: [Diagnostic] = []
        if invalid > 0 && multibyte == 0 && allowFallback {
            return decodeWindows1252(bytes, firstInvalidLine: firstInvalidLine)
        }
        if invalid > 0 {
            diagnostics.append(Diagnostic(id: "encoding.invalid-utf8",
                "\(invalid) invalid UTF-8 byte\(invalid == 1 ? "" : "s") replaced with U+FFFD",
                line: firstInvalidLine, stage: .ingest))
        }
        if nul > 0 {
            diagnostics.append(Diagnostic(id: "encoding.nul-bytes",
                "\(nul) NUL byte\(nul == 1 ? "" : "s") replaced with U+FFFD", stage: .ingest))
        }
        return Decoded(text: text, encoding: .utf8, diagnostics: diagnostics)
    }

    /// Windows-1252 code points 0x80–0x9F; the rest is Latin-1.
    private static let cp1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    static func decodeWindows1252(_ bytes: [UInt8], firstInvalidLine: Int?) -> Decoded {
        var text = MappedText()
        text.reserveCapacity(bytes.count)
        for (i, byte) in bytes.enumerated() {
            let value: UInt32 = (0x80..<0xA0).contains(byte) ? cp1252High[Int(byte) - 0x80] : UInt32(byte)
            text.append(Unicode.Scalar(value == 0 ? 0xFFFD : value)!, start: i, end: i + 1)
        }
        let warning = Diagnostic(id: "encoding.windows-1252-fallback",
            "not valid UTF-8; decoded as Windows-1252 (Latin-1)", line: firstInvalidLine, stage: .ingest)
        return Decoded(text: text, encoding: .windows1252, diagnostics: [warning])
    }

    static func decodeUTF16(_ bytes: [UInt8], bigEndian: Bool) -> Decoded {
        var text = MappedText()
        var invalid = 0
        var i = 2
        func unit(_ at: Int) -> UInt16 {
            bigEndian ? UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1]) : UInt16(bytes[at + 1]) << 8 | UInt16(bytes[at])
        }
        while i + 1 < bytes.count {
            let u = unit(i)
            if (0xD800..<0xDC00).contains(u), i + 3 < bytes.count {
                let low = unit(i + 2)
                if (0xDC00..<0xE000).contains(low) {
                    let value = 0x10000 + ((UInt32(u) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    text.append(Unicode.Scalar(value)!, start: i, end: i + 4)
                    i += 4
                    continue
                }
            }
            if let scalar = Unicode.Scalar(u), u != 0 {
                text.append(scalar, start: i, end: i + 2)
            } else {
                invalid += 1
                text.append("\u{FFFD}", start: i, end: i + 2)
            }
            i += 2
        }
        if i < bytes.count { invalid += 1 }
        let encoding: Encoding = bigEndian ? .utf16BE : .utf16LE
        var diagnostics: [Diagnostic] = []
        if invalid > 0 {
            diagnostics.append(Diagnostic(id: "encoding.invalid-utf16", "\(invalid) invalid \(encoding.rawValue) code unit(s) replaced with U+FFFD", stage: .ingest))
        }
        return Decoded(text: text, encoding: encoding, diagnostics: diagnostics)
    }

    static func decodeUTF32(_ bytes: [UInt8], bigEndian: Bool) -> Decoded {
        var text = MappedText()
        var invalid = 0
        var i = 4
        while i + 3 < bytes.count {
            let b = bytes[i..<i + 4].map(UInt32.init)
            let value = bigEndian ? b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3] : b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0]
            if let scalar = Unicode.Scalar(value), value != 0 {
                text.append(scalar, start: i, end: i + 4)
            } else {
                invalid += 1
                text.append("\u{FFFD}", start: i, end: i + 4)
            }
            i += 4
        }
        if i < bytes.count { invalid += 1 }
        let encoding: Encoding = bigEndian ? .utf32BE : .utf32LE
        var diagnostics: [Diagnostic] = []
        if invalid > 0 {
            diagnostics.append(Diagnostic(id: "encoding.invalid-utf32", "\(invalid) invalid \(encoding.rawValue) code unit(s) replaced with U+FFFD", stage: .ingest))
        }
        return Decoded(text: text, encoding: encoding, diagnostics: diagnostics)
    }
}
