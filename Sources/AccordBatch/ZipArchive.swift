import CAccordZlib
import Foundation

/// A ZIP archive read with every offset, size and count checked against the file before it
/// is used: a hostile archive gets an `ArchiveError` naming what is wrong, never a trap or a
/// read outside the file. (ZIPFoundation, which Accord used to read archives with, traps on
/// an offset or size past `Int64.max` and loops forever on a deflate stream that ends
/// before its end mark; it is still used by the tests to write archives.)
///
/// Reads the end of central directory record (and its ZIP64 form), the central directory,
/// and each member's local header; members stored or deflated. Paths are read as
/// ZIPFoundation reads them: UTF-8 when the entry says so (general purpose bit 11), code
/// page 437 otherwise; an entry's type from its Unix mode where it was made on Unix or
/// macOS, else from a trailing "/" (and MS-DOS's directory attribute).
struct ZipArchive {
    struct Entry: Sendable, Equatable {
        var path: String
        var isFile: Bool
        var flags: UInt16
        var method: UInt16
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let file: FileBytes
    let entries: [Entry]

    init(url: URL) throws {
        try self.init(FileBytes(url))
    }

    init(data: Data) throws {
        try self.init(FileBytes(Array(data)))
    }

    init(_ file: FileBytes) throws {
        self.file = file
        entries = try Self.readDirectory(file)
    }

    /// The first entry with this path (as a lookup by name in ZIPFoundation finds it).
    func entry(_ path: String) -> Entry? { entries.first { $0.path == path } }

    func read(_ entry: Entry, limit: Int) throws -> [UInt8] {
        try Self.read(entry, from: file, limit: limit)
    }

    /// The entry's bytes, uncompressed: at most `limit` of them (an `ArchiveError` past
    /// that), their CRC-32 checked. Reads only the member's local header and data (a worker
    /// reading one member of a large archive does not read its directory again).
    static func read(_ entry: Entry, from file: FileBytes, limit: Int) throws -> [UInt8] {
        guard entry.flags & 1 == 0 else { throw ArchiveError("encrypted member; not read") }
        // The local header: its own name and extra field lengths place the data.
        let header = Reader(try file.read(entry.localHeaderOffset, 30, what: "a member's local header"), at: entry.localHeaderOffset)
        guard try header.u32(entry.localHeaderOffset) == 0x0403_4B50 else {
            throw ArchiveError("corrupt member (no local header where the directory says)")
        }
        let dataStart = entry.localHeaderOffset + 30 + Int(try header.u16(entry.localHeaderOffset + 26)) + Int(try header.u16(entry.localHeaderOffset + 28))
        guard dataStart <= file.count, entry.compressedSize <= file.count - dataStart else {
            throw ArchiveError("corrupt member (its data runs past the end of the archive)")
        }
        let output: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize <= limit else { throw ArchiveError.tooLarge(limit) }
            output = try file.read(dataStart, entry.compressedSize, what: "a member's data")
        case 8:
            // Inflated as it is read, a piece at a time: memory is the output's, bounded by
            // the limit, whatever the compressed size says.
            var inflated: [UInt8] = []
            do {
                _ = try Inflate.stream(total: entry.compressedSize, piece: { try file.read(dataStart + $0, $1, what: "a member's data") },
                                       limit: limit) { inflated.append(contentsOf: $0) }
            } catch let error as Inflate.Failure {
                switch error {
                case .overLimit: throw ArchiveError.tooLarge(limit)
                case .endedEarly: throw ArchiveError("corrupt member (compressed data ends before its end mark)")
                case .invalid: throw ArchiveError("corrupt member (invalid compressed data)")
                }
            }
            output = inflated
        default:
            throw ArchiveError("member compressed with method \(entry.method), which is not read (only stored and deflated members are)")
        }
        guard Inflate.crc32(output) == entry.crc32 else { throw ArchiveError("corrupt member (checksum mismatch)") }
        return output
    }

    /// Little-endian fields of bytes read from the archive at `base`, by their offsets in the
    /// archive, each checked to lie in what was read.
    struct Reader {
        let bytes: [UInt8]
        let base: Int
        init(_ bytes: [UInt8], at base: Int) {
            self.bytes = bytes
            self.base = base
        }

        func need(_ offset: Int, _ length: Int) throws -> Int {
            let at = offset - base
            guard offset >= base, length >= 0, at <= bytes.count, length <= bytes.count - at else {
                throw ArchiveError("not a readable ZIP archive (a record runs past the end of its part of the file)")
            }
            return at
        }
        func u16(_ offset: Int) throws -> UInt16 {
            let at = try need(offset, 2)
            return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
        }
        func u32(_ offset: Int) throws -> UInt32 {
            let at = try need(offset, 4)
            return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) }
        }
        func u64(_ offset: Int) throws -> UInt64 {
            let at = try need(offset, 8)
            return (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
        }
        func slice(_ offset: Int, _ length: Int) throws -> ArraySlice<UInt8> {
            let at = try need(offset, length)
            return bytes[at..<(at + length)]
        }
    }

    /// A 64-bit size or offset from the archive, as an Int no larger than the file (every
    /// offset points into it; no member's compressed data is larger than it).
    static func bounded(_ value: UInt64, _ file: FileBytes, _ what: String) throws -> Int {
        guard value <= UInt64(file.count) else { throw ArchiveError("not a readable ZIP archive (\(what) \(value) is past the end of the file)") }
        return Int(value)
    }

    static let maximumDirectory = 256 << 20

    static func readDirectory(_ file: FileBytes) throws -> [Entry] {
        // The end of central directory record: in the last 22 + 65,535 bytes (its comment
        // is at most that long), searched from the end.
        guard file.count >= 22 else { throw ArchiveError("not a readable ZIP archive") }
        let tailStart = max(0, file.count - 22 - 0xFFFF)
        let tail = Reader(try file.read(tailStart, file.count - tailStart, what: "the end of the archive"), at: tailStart)
        var end = -1
        var at = file.count - 22
        while at >= tailStart {
            if try tail.u32(at) == 0x0605_4B50 { end = at; break }
            at -= 1
        }
        guard end >= 0 else { throw ArchiveError("not a readable ZIP archive") }
        var count = UInt64(try tail.u16(end + 10))
        var directorySize = UInt64(try tail.u32(end + 12))
        var directoryOffset = UInt64(try tail.u32(end + 16))
        // ZIP64: the locator just before the record points at the ZIP64 end record.
        if end >= 20 {
            let locator = Reader(try file.read(end - 20, 20, what: "the ZIP64 locator"), at: end - 20)
            if try locator.u32(end - 20) == 0x0706_4B50 {
                let zip64End = try bounded(try locator.u64(end - 20 + 8), file, "the ZIP64 end record's offset")
                let record = Reader(try file.read(zip64End, 56, what: "the ZIP64 end record"), at: zip64End)
                guard try record.u32(zip64End) == 0x0606_4B50 else { throw ArchiveError("not a readable ZIP archive (no ZIP64 end record where its locator says)") }
                count = try record.u64(zip64End + 32)
                directorySize = try record.u64(zip64End + 40)
                directoryOffset = try record.u64(zip64End + 48)
            }
        }
        let start = try bounded(directoryOffset, file, "the central directory's offset")
        let size = try bounded(directorySize, file, "the central directory's size")
        guard size <= file.count - start else { throw ArchiveError("not a readable ZIP archive (the central directory runs past the end of the file)") }
        // The directory is read into memory: one larger than any archive Accord reads whole
        // (100,000 members with long names and fields) is not.
        guard size <= maximumDirectory else { throw ArchiveError("not read: its central directory is over \(maximumDirectory >> 20) MB") }
        // Each entry takes 46 bytes at least: a count beyond that is not believed.
        guard count <= UInt64(size / 46) else { throw ArchiveError("not a readable ZIP archive (\(count) entries cannot fit in its central directory)") }
        let directory = Reader(try file.read(start, size, what: "the central directory"), at: start)
        var entries: [Entry] = []
        entries.reserveCapacity(Int(count))
        var position = start
        for _ in 0..<Int(count) {
            guard try directory.u32(position) == 0x0201_4B50 else { throw ArchiveError("not a readable ZIP archive (a damaged central directory)") }
            let madeBy = try directory.u16(position + 4)
            let flags = try directory.u16(position + 8)
            let method = try directory.u16(position + 10)
            let crc = try directory.u32(position + 16)
            var compressed = UInt64(try directory.u32(position + 20))
            var uncompressed = UInt64(try directory.u32(position + 24))
            let nameLength = Int(try directory.u16(position + 28))
            let extraLength = Int(try directory.u16(position + 30))
            let commentLength = Int(try directory.u16(position + 32))
            let external = try directory.u32(position + 38)
            var localOffset = UInt64(try directory.u32(position + 42))
            let name = try directory.slice(position + 46, nameLength)
            let extra = Array(try directory.slice(position + 46 + nameLength, extraLength))
            // The ZIP64 extra field: the values that are all ones above, in this order.
            var field = 0
            while field + 4 <= extra.count {
                let id = UInt16(extra[field]) | UInt16(extra[field + 1]) << 8
                let length = Int(UInt16(extra[field + 2]) | UInt16(extra[field + 3]) << 8)
                guard length <= extra.count - field - 4 else { break }
                if id == 0x0001 {
                    var value = field + 4
                    func next() -> UInt64? {
                        guard value + 8 <= field + 4 + length else { return nil }
                        defer { value += 8 }
                        return (0..<8).reduce(UInt64(0)) { $0 | UInt64(extra[value + $1]) << (8 * UInt64($1)) }
                    }
                    if uncompressed == 0xFFFF_FFFF, let v = next() { uncompressed = v }
                    if compressed == 0xFFFF_FFFF, let v = next() { compressed = v }
                    if localOffset == 0xFFFF_FFFF, let v = next() { localOffset = v }
                }
                field += 4 + length
            }
            let path = flags & 0x0800 != 0 ? String(bytes: name, encoding: .utf8) ?? "" : Self.codePage437(name)
            entries.append(Entry(
                path: path, isFile: Self.isFile(path: path, madeBy: madeBy, external: external), flags: flags, method: method, crc32: crc,
                compressedSize: try bounded(compressed, file, "a member's compressed size"),
                // An uncompressed size is only declared: it is checked as the member is read.
                uncompressedSize: Int(clamping: uncompressed),
                localHeaderOffset: try bounded(localOffset, file, "a member's offset")))
            position += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }

    /// ZIPFoundation's `Entry.type == .file`.
    static func isFile(path: String, madeBy: UInt16, external: UInt32) -> Bool {
        let directorySuffix = path.hasSuffix("/")
        switch madeBy >> 8 {
        case 3, 19:  // Unix, macOS: the mode's file type
            switch UInt16(truncatingIfNeeded: external >> 16) & 0o170000 {
            case 0o100000: return true  // regular file
            case 0o040000, 0o120000: return false  // directory, symbolic link
            default: return !directorySuffix
            }
        case 0:  // MS-DOS: also its directory attribute
            return !(directorySuffix || external >> 4 == 0x01)
        default:
            return !directorySuffix
        }
    }

    /// Code page 437 as ZIPFoundation reads it on Linux (its graphic forms for 0x01-0x1F
    /// and 0x7F).
    static func codePage437(_ bytes: ArraySlice<UInt8>) -> String {
        var text = String.UnicodeScalarView()
        for byte in bytes { text.append(Unicode.Scalar(cp437[Int(byte)])!) }
        return String(text)
    }

    static let cp437: [UInt32] = [
        0x0000, 0x263A, 0x263B, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022, 0x25D8, 0x25CB, 0x25D9, 0x2642, 0x2640, 0x266A, 0x266B, 0x263C,
        0x25BA, 0x25C4, 0x2195, 0x203C, 0x00B6, 0x00A7, 0x25AC, 0x21A8, 0x2191, 0x2193, 0x2192, 0x2190, 0x221F, 0x2194, 0x25B2, 0x25BC,
    ] + (0x20...0x7E).map { UInt32($0) } + [0x2302] + [
        0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
        0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9, 0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
        0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA, 0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
        0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
        0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
        0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
        0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4, 0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
        0x2261, 0x00B1, 0x2265, 0x2264, 0x2329, 0x2321, 0x00F7, 0x2248, 0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
    ]
}

/// An archive's bytes, read at offsets (`pread`) when asked for: bytes past its end are an
/// error, not a fault (a file mapped into memory faults, ending the process, when it is cut
/// short while it is read). In memory for the tests.
final class FileBytes: @unchecked Sendable {
    private let descriptor: Int32
    private let memory: [UInt8]?
    let count: Int

    /// A regular file, as it is now (not as it was listed: a pipe or device would block or
    /// never end). A refusal is an `ArchiveError` that says why, and whether the file is gone.
    convenience init(_ url: URL) throws {
        let opened: RegularFile.Opened
        do { opened = try RegularFile.openForReading(url, regularOnly: true) } catch let refusal as RegularFile.Refusal {
            throw ArchiveError(refusal.notRegular ? "the archive is \(refusal.reason)" : "cannot read the archive (\(refusal.cause ?? refusal.reason))",
                               missing: refusal.missing)
        }
        self.init(descriptor: opened.descriptor, count: opened.size ?? 0)
    }

    /// A regular file's open descriptor, of `count` bytes, closed when this goes.
    init(descriptor: Int32, count: Int) {
        self.descriptor = descriptor
        self.count = count
        memory = nil
    }

    init(_ bytes: [UInt8]) {
        descriptor = -1
        memory = bytes
        count = bytes.count
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// `length` bytes from `offset`; `what` names them in the error when they are not all there.
    func read(_ offset: Int, _ length: Int, what: String) throws -> [UInt8] {
        guard offset >= 0, length >= 0, offset <= count, length <= count - offset else {
            throw ArchiveError("not a readable ZIP archive (\(what) runs past the end of the file)")
        }
        if let memory { return Array(memory[offset..<(offset + length)]) }
        guard length > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: length)
        var done = 0
        try bytes.withUnsafeMutableBytes { raw in
            while done < length {
                let n = pread(descriptor, raw.baseAddress! + done, length - done, off_t(offset + done))
                if n < 0 {
                    let failure = errno
                    if failure == EINTR { continue }
                    throw ArchiveError("cannot read the archive (\(String(cString: strerror(failure))))")
                }
                if n == 0 { throw ArchiveError("the archive became shorter while it was read") }
                done += n
            }
        }
        return bytes
    }
}

extension ArchiveError {
    static func tooLarge(_ limit: Int) -> ArchiveError {
        ArchiveError("member larger than declared, over \(limit >> 20) MB (an archive bomb?); not read")
    }
}

/// zlib's inflate over a whole input in memory: the input's true length is what zlib is
/// given, and input that ends before the stream's end mark is an error (never a wait for
/// more), as is output past the limit.
enum Inflate {
    enum Failure: Error {
        /// More output than the limit.
        case overLimit
        /// The input ended before the stream's end mark.
        case endedEarly
        /// Not a deflate stream (or zlib could not start).
        case invalid
    }

    /// A raw deflate stream of `total` bytes read a piece at a time (`piece(offset, length)`
    /// gives exactly those bytes), its output handed to `sink`; returns the input bytes the
    /// stream took.
    static func stream(total: Int, piece: (Int, Int) throws -> [UInt8], limit: Int,
                       sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        try run(total: total, piece: piece, limit: limit, sink: sink)
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            var crc: uLong = CAccordZlib.crc32(0, nil, 0)
            var offset = 0
            // zlib takes lengths as 32-bit values: a piece at a time.
            while offset < buffer.count {
                let piece = min(buffer.count - offset, 1 << 30)
                crc = CAccordZlib.crc32(crc, buffer.baseAddress! + offset, uInt(piece))
                offset += piece
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }

    private static func run(total: Int, piece: (Int, Int) throws -> [UInt8], limit: Int,
                            sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure.invalid
        }
        defer { inflateEnd(&stream) }
        let chunk = 64 << 10
        var buffer = [UInt8](repeating: 0, count: chunk)
        var current: [UInt8] = []  // the piece of input zlib reads from
        var used = 0  // of it, the bytes zlib has taken
        var offset = 0  // input read so far
        var produced = 0
        while true {
            if used == current.count && offset < total {
                // The next piece, given to zlib at its true length.
                current = try piece(offset, min(total - offset, 1 << 20))
                guard !current.isEmpty else { throw Failure.endedEarly }
                offset += current.count
                used = 0
            }
            let before = used
            let result = current.withUnsafeBytes { input -> Int32 in
                stream.next_in = input.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self)) + used }
                stream.avail_in = uInt(input.count - used)
                let result = buffer.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(chunk)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                used = input.count - Int(stream.avail_in)
                stream.next_in = nil
                return result
            }
            let made = chunk - Int(stream.avail_out)
            if made > 0 {
                produced += made
                guard produced <= limit else { throw Failure.overLimit }
                try buffer.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<made])) }
            }
            switch result {
            case Z_STREAM_END:
                return offset - (current.count - used)
            case Z_OK, Z_BUF_ERROR:
                // A step that took no input and made no output cannot be followed by one
                // that does unless more input is given: with none left, the data ended
                // before the stream's end mark.
                if made == 0 && used == before && (used < current.count || offset == total) {
                    throw Failure.endedEarly
                }
            default:
                throw Failure.invalid
            }
        }
    }
}
