import AccordXML
/// Whether a string is in NFC for sure, from its scalars alone: every scalar is one that
/// NFC keeps as it is (quick check "yes") and that combines with nothing before it
/// (canonical combining class 0). Scalars below U+0300 are all such; so are the Cyrillic
/// letters, general punctuation, arrows and CJK ideographs of the ranges below (a test checks
/// every one of them against Foundation's NFC, alone and after other scalars). A string of
/// such scalars is its own NFC form, so its hash can stand for the NFC form's; any other string
/// answers false and is composed by the caller.
public enum NFCCheck {
    @inline(__always) public static func isStable(_ value: UInt32) -> Bool {
        if value < 0x300 { return true }
        if value < 0x2010 { return (value >= 0x400 && value <= 0x482) || (value >= 0x48A && value <= 0x4FF) }
        return (value <= 0x205E) || (value >= 0x2190 && value <= 0x21FF) || (value >= 0x4E00 && value <= 0x9FFF)
    }

    /// Every UTF-8 byte below 0xCC (every scalar below U+0300) on the fast path; otherwise
    /// scalar by scalar.
    public static func isNFCForSure(_ string: String) -> Bool {
        if string.utf8.allSatisfy({ $0 < 0xCC }) { return true }
        return string.unicodeScalars.allSatisfy { isStable($0.value) }
    }
}

/// Whether a string's characters are its scalars, one each: no carriage return (which joins
/// the line feed after it) and every scalar one `NFCCheck` calls stable (below U+0300,
/// Cyrillic letters, general punctuation, arrows, CJK ideographs), none of which joins a
/// neighbour into one character (no mark, joiner, prepended, Hangul or regional-indicator
/// scalar is among them). Then counting, cutting and splitting by scalars (or, for ASCII
/// separators, by bytes) gives what doing it by characters gives, without grapheme breaking.
public enum CharactersAreScalars {
    public static func check(_ string: String) -> Bool {
        let low = string.withUTF8Bytes { bytes -> Bool? in
            for byte in bytes {
                if byte == 0x0D { return nil }
                if byte >= 0xCC { return false }
            }
            return true
        }
        guard let low else { return false }
        return low || string.unicodeScalars.allSatisfy { $0 != "\r" && NFCCheck.isStable($0.value) }
    }
}
