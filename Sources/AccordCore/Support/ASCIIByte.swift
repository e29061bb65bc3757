/// The ASCII tests and case folding of one code unit: a UTF-8 byte, or a scalar's value.
/// Written once here for the byte-level readers (tokenizer, ingest, name folding), each a
/// subtraction and a compare, inlined where it is used. Bytes beyond ASCII are neither
/// letters nor digits and fold to themselves.
enum ASCIIByte {
    /// "A" to "Z".
    @inline(__always) static func isUpper<T: FixedWidthInteger & UnsignedInteger>(_ c: T) -> Bool { c &- 0x41 < 26 }

    /// "a" to "z".
    @inline(__always) static func isLower<T: FixedWidthInteger & UnsignedInteger>(_ c: T) -> Bool { c &- 0x61 < 26 }

    /// "A" to "Z" or "a" to "z" (setting the case bit maps the capitals onto the small letters
    /// and nothing else onto them).
    @inline(__always) static func isLetter<T: FixedWidthInteger & UnsignedInteger>(_ c: T) -> Bool { (c | 0x20) &- 0x61 < 26 }

    /// "0" to "9".
    @inline(__always) static func isDigit<T: FixedWidthInteger & UnsignedInteger>(_ c: T) -> Bool { c &- 0x30 < 10 }

    /// A capital as its small letter; anything else unchanged.
    @inline(__always) static func lowercased<T: FixedWidthInteger & UnsignedInteger>(_ c: T) -> T { isUpper(c) ? c | 0x20 : c }
}
