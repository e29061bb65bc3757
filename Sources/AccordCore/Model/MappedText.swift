import CAccordBytes
/// Text as Unicode scalars, each carrying the byte range in the original source it came
/// from. Every stage that rewrites text (decoding, markup stripping, normalization)
/// rewrites this mapping with it, so a span of the final text maps back to exact bytes.
public struct MappedText: Sendable, Equatable {
    public private(set) var scalars: [Unicode.Scalar] = []
    /// Each scalar's source bytes: where it starts in the low 32 bits, where it ends
    /// (exclusive) in the high 32 bits. One array for both ends: a text is two arrays, not
    /// three (a block of a document, each step that rewrites it, makes one).
    private(set) var offsets: [UInt64] = []

    /// Byte offset in the source where scalar `i` starts.
    @inline(__always) public func start(_ i: Int) -> UInt32 { UInt32(truncatingIfNeeded: offsets[i]) }
    /// Byte offset in the source where scalar `i` ends (exclusive).
    @inline(__always) public func end(_ i: Int) -> UInt32 { UInt32(truncatingIfNeeded: offsets[i] &>> 32) }
    /// Where the last scalar ends in the source; nil for an empty text.
    public var lastEnd: UInt32? { offsets.last.map { UInt32(truncatingIfNeeded: $0 &>> 32) } }

    /// Byte offset in the source where each scalar starts: an array made at each call (the
    /// pipeline reads one scalar's with `start(_:)`).
    public var starts: [UInt32] { offsets.map { UInt32(truncatingIfNeeded: $0) } }
    /// Byte offset in the source where each scalar ends (exclusive): an array made at each
    /// call (the pipeline reads one scalar's with `end(_:)`).
    public var ends: [UInt32] { offsets.map { UInt32(truncatingIfNeeded: $0 &>> 32) } }

    /// One scalar's `offsets` entry: its source start and end, each clamped to 32 bits.
    @inline(__always) static func offsets(start: Int, end: Int) -> UInt64 {
        UInt64(UInt32(clamping: start)) | UInt64(UInt32(clamping: end)) &<< 32
    }

    public init() {}

    /// A text from its scalars and their offsets (`offsets`' form; equal lengths).
    init(scalars: [Unicode.Scalar], offsets: [UInt64]) {
        precondition(scalars.count == offsets.count)
        self.scalars = scalars
        self.offsets = offsets
    }

    public init(_ string: String, sourceStart: Int = 0) {
        // The scalars, then their offsets in one pass, each array written at its size (not
        // two appends a scalar).
        scalars = Array(string.unicodeScalars)
        let count = scalars.count
        offsets = scalars.withUnsafeBufferPointer { s in
            [UInt64](unsafeUninitializedCapacity: count) { offsets, made in
                var offset = sourceStart
                for k in 0..<count {
                    let start = offset
                    offset += UTF8.width(s[k])
                    offsets[k] = Self.offsets(start: start, end: offset)
                }
                made = count
            }
        }
    }

    public var count: Int { scalars.count }
    public var isEmpty: Bool { scalars.isEmpty }

    public mutating func reserveCapacity(_ n: Int) {
        scalars.reserveCapacity(n)
        offsets.reserveCapacity(n)
    }

    public mutating func append(_ scalar: Unicode.Scalar, start: Int, end: Int) {
        scalars.append(scalar)
        offsets.append(Self.offsets(start: start, end: end))
    }

    /// Appends a scalar that stands for no source bytes (a separator the pipeline
    /// inserted); it maps to the empty range at `at`.
    public mutating func appendInserted(_ scalar: Unicode.Scalar, at: Int) {
        append(scalar, start: at, end: at)
    }

    public mutating func append(contentsOf other: MappedText, range: Range<Int>) {
        // Through buffer pointers: a slice of each array would retain and release its storage.
        precondition(range.lowerBound >= 0 && range.upperBound <= other.count, "range outside the text")
        other.scalars.withUnsafeBufferPointer { scalars.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
        other.offsets.withUnsafeBufferPointer { offsets.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
    }

    public mutating func append(contentsOf other: MappedText) {
        append(contentsOf: other, range: 0..<other.count)
    }

    /// Empties the text, its arrays' room kept for the next text made in it.
    public mutating func removeAll(keepingCapacity: Bool) {
        scalars.removeAll(keepingCapacity: keepingCapacity)
        offsets.removeAll(keepingCapacity: keepingCapacity)
    }

    public mutating func removeLast() {
        scalars.removeLast()
        offsets.removeLast()
    }

    /// Replaces the scalar at `index`, keeping its source range.
    public mutating func replace(at index: Int, with scalar: Unicode.Scalar) {
        scalars[index] = scalar
    }

    public func slice(_ range: Range<Int>) -> MappedText {
        var out = MappedText()
        out.append(contentsOf: self, range: range)
        return out
    }

    public var string: String { string(0..<count) }

    public func string(_ range: Range<Int>) -> String {
        // UTF-8 written straight into the string's storage, sized exactly: up to 15 bytes the
        // string is stored inline (no allocation), and longer ones are not over-allocated
        // (the corpus linker keeps many spans). A normalized text's spans are copied from its
        // string instead (`NormalizedText.string`); this makes the rest.
        guard !range.isEmpty else { return "" }
        // Its UTF-8 length counted, then written, in C: runs of ASCII (most text) narrowed
        // sixteen scalars a step, the rest encoded scalar by scalar.
        return scalars.withUnsafeBufferPointer { all in
            precondition(range.lowerBound >= 0 && range.upperBound <= all.count, "range outside the text")
            let count = range.count
            return (all.baseAddress! + range.lowerBound).withMemoryRebound(to: UInt32.self, capacity: count) { values in
                String(unsafeUninitializedCapacity: accord_utf8_length_u32(values, count)) { buffer in
                    accord_utf8_encode_u32(values, count, buffer.baseAddress!)
                }
            }
        }
    }

    /// The source byte range covered by the scalars in `range`.
    public func sourceRange(_ range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty else {
            let at = range.lowerBound < count ? Int(start(range.lowerBound)) : (count > 0 ? Int(end(count - 1)) : 0)
            return at..<at
        }
        var lower = Int.max
        var upper = 0
        // Usually monotonic; take min/max of the ends so reordered input still maps safely.
        lower = min(Int(start(range.lowerBound)), Int(start(range.upperBound - 1)))
        upper = max(Int(end(range.upperBound - 1)), Int(end(range.lowerBound)))
        return lower..<max(lower, upper)
    }
}

extension UTF8 {
    @inline(__always) static func width(_ scalar: Unicode.Scalar) -> Int { width(value: scalar.value) }

    /// The UTF-8 bytes of the scalar whose value is `value`.
    @inline(__always) static func width(value: UInt32) -> Int {
        switch value {
        case 0..<0x80: return 1
        case 0x80..<0x800: return 2
        case 0x800..<0x10000: return 3
        default: return 4
        }
    }
}
