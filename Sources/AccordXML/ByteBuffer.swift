import Foundation

/// The report writers' output buffer: appending a byte is a capacity check and a store. (An
/// `Array`'s append also checks that its storage is not shared, and is a call of its own
/// for every byte of a report.) One writer owns it; it is not for sharing between threads.
public final class ByteBuffer {
    // One owner, one thread, never re-entered: no dynamic exclusivity checks (they would be
    // a runtime call on every append).
    @exclusivity(unchecked) @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) @usableFromInline var capacity: Int
    @exclusivity(unchecked) @usableFromInline var storedCount = 0
    /// Bytes written.
    public var count: Int { storedCount }

    public init(capacity: Int = 1 << 16) {
        self.capacity = max(16, capacity)
        base = Self.allocate(self.capacity)
    }

    // The memory comes from malloc, not `UnsafeMutablePointer.allocate`: growing is then a
    // realloc (in place, or a remapping of large blocks, rather than a copy of every byte
    // written), and `takeData()` can hand the block to a `Data` that frees it.
    deinit { free(base) }

    @usableFromInline static func allocate(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        guard let memory = malloc(count) else { fatalError("out of memory: \(count) bytes") }
        return memory.assumingMemoryBound(to: UInt8.self)
    }

    @inlinable public func append(_ byte: UInt8) {
        if storedCount == capacity { grow(to: storedCount + 1) }
        base[storedCount] = byte
        storedCount += 1
    }

    @inlinable public func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        let count = bytes.count
        if storedCount + count > capacity { grow(to: storedCount + count) }
        Self.copy(source, count, to: base + storedCount)
        storedCount += count
    }

    /// `"key" : ` at `target` (room made by the caller); where it ends.
    @inlinable @inline(__always)
    static func writeKey(_ key: StaticString, at target: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        let count = key.utf8CodeUnitCount
        target[0] = UInt8(ascii: "\"")
        copy(key.utf8Start, count, to: target + 1)
        let tail = target + 1 + count
        tail[0] = UInt8(ascii: "\"")
        tail[1] = 0x20
        tail[2] = UInt8(ascii: ":")
        tail[3] = 0x20
        return tail + 4
    }

    // MARK: Report pieces, each in one append (one room check, no call a byte)

    /// `count` spaces at `target` by whole words: up to seven bytes past them are written too,
    /// so the caller has made room for `count + 8` (and writes what follows over them).
    @inlinable @inline(__always)
    static func spaces(_ target: UnsafeMutablePointer<UInt8>, _ count: Int) {
        let raw = UnsafeMutableRawPointer(target)
        var k = 0
        while k < count {
            raw.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: k, as: UInt64.self)
            k &+= 8
        }
    }

    /// `,` and a line feed when `separated`, then `indent` spaces, with room made for `more`
    /// bytes after them; where those go (`storedCount` is the caller's to set).
    @inlinable @inline(__always)
    func separatorAndIndent(separated: Bool, indent: Int, more: Int) -> UnsafeMutablePointer<UInt8> {
        let room = 2 + indent + more + 8
        if storedCount + room > capacity { grow(to: storedCount + room) }
        var target = base + storedCount
        if separated {
            target[0] = UInt8(ascii: ",")
            target[1] = 0x0A
            target += 2
        }
        Self.spaces(target, indent)
        return target + indent
    }

    /// The start of a JSON member as `JSONEncoder` pretty-prints it: `,` and a line feed when
    /// it follows another member, `indent` spaces, then `"key" : `.
    @inlinable @inline(__always)
    public func appendJSONMember(separated: Bool, indent: Int, key: StaticString) {
        let target = separatorAndIndent(separated: separated, indent: indent, more: key.utf8CodeUnitCount + 5)
        storedCount = Self.writeKey(key, at: target) - base
    }

    /// The start of a JSON array element: `,` and a line feed after another one, then
    /// `indent` spaces.
    @inlinable @inline(__always)
    public func appendJSONElement(separated: Bool, indent: Int) {
        storedCount = separatorAndIndent(separated: separated, indent: indent, more: 0) - base
    }

    /// The end of a JSON container: a line feed, `indent` spaces and the bracket.
    @inlinable @inline(__always)
    public func appendJSONClose(_ bracket: UInt8, indent: Int) {
        let room = 2 + indent + 8
        if storedCount + room > capacity { grow(to: storedCount + room) }
        let target = base + storedCount
        target[0] = 0x0A
        Self.spaces(target + 1, indent)
        target[1 + indent] = bracket
        storedCount += 2 + indent
    }

    /// `indent` spaces, `<` (and `/` for an end tag), the name (and `>` for an end tag): the
    /// start of an XML start tag, or a whole end tag.
    @inlinable @inline(__always)
    public func appendTag(indent: Int, name: String, end: Bool) {
        name.withUTF8Bytes { utf8 in
            let count = utf8.count
            let room = indent + count + 3 + 8
            if storedCount + room > capacity { grow(to: storedCount + room) }
            var target = base + storedCount
            Self.spaces(target, indent)
            target += indent
            target[0] = UInt8(ascii: "<")
            target += 1
            if end {
                target[0] = UInt8(ascii: "/")
                target += 1
            }
            if let source = utf8.baseAddress { Self.copy(source, count, to: target) }
            target += count
            if end {
                target[0] = UInt8(ascii: ">")
                target += 1
            }
            storedCount = target - base
        }
    }

    /// ` name="`: the start of an XML attribute (its value and closing quote follow).
    @inlinable @inline(__always)
    public func appendAttributeStart(_ name: String) {
        name.withUTF8Bytes { utf8 in
            let count = utf8.count
            let room = count + 3
            if storedCount + room > capacity { grow(to: storedCount + room) }
            let target = base + storedCount
            target[0] = 0x20
            if let source = utf8.baseAddress { Self.copy(source, count, to: target + 1) }
            target[1 + count] = UInt8(ascii: "=")
            target[2 + count] = UInt8(ascii: "\"")
            storedCount += room
        }
    }

    /// `count` bytes from `source` to `target` (room checked by the caller).
    @inlinable @inline(__always)
    static func copy(_ source: UnsafePointer<UInt8>, _ count: Int, to destination: UnsafeMutablePointer<UInt8>) {
        guard count > 0 else { return }
        let target = UnsafeMutableRawPointer(destination)
        let from = UnsafeRawPointer(source)
        // Keys, names and short values (most appends): two overlapping word copies, not a
        // call to memcpy.
        if count >= 8 && count <= 16 {
            let head = from.loadUnaligned(as: UInt64.self)
            let tail = from.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            target.storeBytes(of: head, as: UInt64.self)
            target.storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
        } else if count >= 4 && count < 8 {
            let head = from.loadUnaligned(as: UInt32.self)
            let tail = from.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            target.storeBytes(of: head, as: UInt32.self)
            target.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
        } else if count < 4 {
            target.storeBytes(of: source[0], as: UInt8.self)
            target.storeBytes(of: source[count >> 1], toByteOffset: count >> 1, as: UInt8.self)
            target.storeBytes(of: source[count - 1], toByteOffset: count - 1, as: UInt8.self)
        } else {
            target.copyMemory(from: from, byteCount: count)
        }
    }

    @inlinable public func append(_ string: StaticString) {
        append(UnsafeBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
    }

    /// The string's UTF-8 bytes.
    @inlinable public func append(_ string: String) {
        string.withUTF8Bytes { append($0) }
    }

    /// `value` in decimal, as `String(value)` writes it: its digits counted, then written
    /// from the last one back, straight into the buffer.
    public func appendDecimal(_ value: Int) {
        // A sign and at most nineteen digits.
        if storedCount + 20 > capacity { grow(to: storedCount + 20) }
        storedCount = Self.writeDecimal(value, at: base + storedCount) - base
    }

    /// ` start="…" end="…" sourceStart="…" sourceEnd="…"`: the XML attributes of a span's
    /// offsets (the attributes a report writes most), with one room check.
    public func appendSpanOffsets(start: Int, end: Int, sourceStart: Int, sourceEnd: Int) {
        let room = 4 * 20 + 48
        if storedCount + room > capacity { grow(to: storedCount + room) }
        var at = base + storedCount
        at = Self.writeLiteral(" start=\"", at: at)
        at = Self.writeDecimal(start, at: at)
        at = Self.writeLiteral("\" end=\"", at: at)
        at = Self.writeDecimal(end, at: at)
        at = Self.writeLiteral("\" sourceStart=\"", at: at)
        at = Self.writeDecimal(sourceStart, at: at)
        at = Self.writeLiteral("\" sourceEnd=\"", at: at)
        at = Self.writeDecimal(sourceEnd, at: at)
        at[0] = UInt8(ascii: "\"")
        storedCount = at + 1 - base
    }

    /// `{`, a line feed, `indent` spaces and `"key" : value`: a JSON object opened with an
    /// integer as its first member, as `appendJSONMember` and `appendDecimal` write it.
    public func appendJSONObjectOpen(indent: Int, key: StaticString, value: Int) {
        let room = 2 + indent + key.utf8CodeUnitCount + 5 + 20 + 8
        if storedCount + room > capacity { grow(to: storedCount + room) }
        var at = base + storedCount
        at[0] = UInt8(ascii: "{")
        at[1] = 0x0A
        at += 2
        Self.spaces(at, indent)
        at = Self.writeKey(key, at: at + indent)
        storedCount = Self.writeDecimal(value, at: at) - base
    }

    /// The members `"source" : { "end" : …, "start" : … }, "start" : …` of a JSON span as
    /// `appendJSONMember`, `appendDecimal` and `appendJSONClose` write them (the span's
    /// members are written in key order, and these come together), with one room check:
    /// `,` and a line feed first when `separated`, members indented by `indent` spaces.
    public func appendJSONSpanSource(separated: Bool, indent: Int, sourceEnd: Int, sourceStart: Int, start: Int) {
        // Room for four more indentations, three numbers and the literals (spaces are
        // written by whole words, up to seven bytes past them).
        var at = separatorAndIndent(separated: separated, indent: indent, more: 4 * indent + 3 * 20 + 80)
        at = Self.writeLiteral("\"source\" : {\n", at: at)
        Self.spaces(at, indent + 2)
        at = Self.writeLiteral("\"end\" : ", at: at + indent + 2)
        at = Self.writeDecimal(sourceEnd, at: at)
        at = Self.writeLiteral(",\n", at: at)
        Self.spaces(at, indent + 2)
        at = Self.writeLiteral("\"start\" : ", at: at + indent + 2)
        at = Self.writeDecimal(sourceStart, at: at)
        at[0] = 0x0A
        at += 1
        Self.spaces(at, indent)
        at = Self.writeLiteral("},\n", at: at + indent)
        Self.spaces(at, indent)
        at = Self.writeLiteral("\"start\" : ", at: at + indent)
        at = Self.writeDecimal(start, at: at)
        storedCount = at - base
    }

    /// `"`, the bytes and `"`: a JSON string with nothing to escape, in one append.
    @inlinable
    public func appendQuoted(plain utf8: UnsafeBufferPointer<UInt8>) {
        let count = utf8.count
        if storedCount + count + 2 > capacity { grow(to: storedCount + count + 2) }
        let target = base + storedCount
        target[0] = UInt8(ascii: "\"")
        if let source = utf8.baseAddress { Self.copy(source, count, to: target + 1) }
        target[count + 1] = UInt8(ascii: "\"")
        storedCount += count + 2
    }

    /// The literal's bytes at `target` (room made by the caller); where they end.
    @inline(__always)
    static func writeLiteral(_ literal: StaticString, at target: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        copy(literal.utf8Start, literal.utf8CodeUnitCount, to: target)
        return target + literal.utf8CodeUnitCount
    }

    /// `value` in decimal at `target` (room for 20 bytes made by the caller); where it ends.
    @inline(__always)
    public static func writeDecimal(_ value: Int, at target: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var start = target
        if value < 0 {
            start[0] = UInt8(ascii: "-")
            start += 1
        }
        var magnitude = value.magnitude
        // Offsets and counts are mostly below 100,000: their digits counted by comparisons.
        var digits: Int
        if magnitude < 10 { digits = 1 } else if magnitude < 100 { digits = 2 } else if magnitude < 1000 { digits = 3 }
        else if magnitude < 10_000 { digits = 4 } else if magnitude < 100_000 { digits = 5 } else {
            digits = 6
            var rest = magnitude / 1_000_000
            while rest > 0 {
                rest /= 10
                digits += 1
            }
        }
        // Written from the last digit back, two at a time from the table of pairs.
        var at = start + digits
        digitPairs.withUTF8Buffer { pairs in
            while magnitude >= 100 {
                let pair = Int(truncatingIfNeeded: magnitude % 100) &* 2
                magnitude /= 100
                at -= 2
                at[0] = pairs[pair]
                at[1] = pairs[pair &+ 1]
            }
            if magnitude >= 10 {
                let pair = Int(truncatingIfNeeded: magnitude) &* 2
                at -= 2
                at[0] = pairs[pair]
                at[1] = pairs[pair &+ 1]
            } else {
                at -= 1
                at.pointee = UInt8(truncatingIfNeeded: 0x30 &+ magnitude)
            }
        }
        return start + digits
    }

    /// "00" to "99", each pair of digits at twice its value.
    private static var digitPairs: StaticString {
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
    }

    @usableFromInline func grow(to minimum: Int) {
        var size = capacity * 2
        while size < minimum { size *= 2 }
        guard let bigger = realloc(base, size) else { fatalError("out of memory: \(size) bytes") }
        base = bigger.assumingMemoryBound(to: UInt8.self)
        capacity = size
    }

    /// Forgets what was written, keeping the memory.
    public func removeAll() { storedCount = 0 }

    /// The bytes written, for the duration of `body`.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: storedCount))
    }

    /// The bytes written, as a `Data` that takes over their memory (no copy of them; the
    /// block is first cut to their size, so a kept report holds no slack); the buffer is left
    /// empty, with a small block of its own.
    public func takeData() -> Data {
        let count = storedCount
        let taken = realloc(base, max(count, 1)) ?? UnsafeMutableRawPointer(base)
        capacity = 16
        base = Self.allocate(capacity)
        storedCount = 0
        return Data(bytesNoCopy: taken, count: count, deallocator: .free)
    }
    public var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: storedCount)) }
}
