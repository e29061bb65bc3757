import Foundation
import Testing
import ZIPFoundation
@testable import AccordBatch

/// Accord's own ZIP reader: the same members, paths and bytes as ZIPFoundation gives for
/// archives that library writes or reads, and a named error (never a trap or a hang) for the
/// hostile ones that made ZIPFoundation trap or loop.
@Suite("ZIP reading")
struct ZipArchiveTests {
    /// Little-endian fields, for archives laid out by hand.
    func le(_ value: UInt64, _ bytes: Int) -> [UInt8] { (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }

    /// One member: local header, data, central directory, end record.
    func handmade(name: [UInt8], data: [UInt8], method: UInt16, crc: UInt32, uncompressed: UInt64, flags: UInt16 = 0,
                  madeBy: UInt16 = 20, external: UInt32 = 0, compressedField: UInt32? = nil, extra: [UInt8] = []) -> [UInt8] {
        let compressed = UInt64(compressedField ?? UInt32(data.count))
        var local = le(0x0403_4B50, 4) + le(20, 2) + le(UInt64(flags), 2) + le(UInt64(method), 2) + le(0, 4)
        local += le(UInt64(crc), 4) + le(compressed, 4) + le(uncompressed, 4) + le(UInt64(name.count), 2) + le(0, 2) + name + data
        var central = le(0x0201_4B50, 4) + le(UInt64(madeBy), 2) + le(20, 2) + le(UInt64(flags), 2) + le(UInt64(method), 2) + le(0, 4)
        central += le(UInt64(crc), 4) + le(compressed, 4) + le(uncompressed, 4) + le(UInt64(name.count), 2) + le(UInt64(extra.count), 2)
        central += le(0, 2) + le(0, 2) + le(0, 2) + le(UInt64(external), 4) + le(0, 4) + name + extra
        let end = le(0x0605_4B50, 4) + le(0, 2) + le(0, 2) + le(1, 2) + le(1, 2) + le(UInt64(central.count), 4) + le(UInt64(local.count), 4) + le(0, 2)
        return local + central + end
    }

    func expectArchiveError(_ bytes: [UInt8], _ fragment: String, read: Bool = false) {
        do {
            let archive = try ZipArchive(data: Data(bytes))
            if read {
                for entry in archive.entries { _ = try archive.read(entry, limit: 1 << 20) }
            }
            Issue.record("no error; expected one with \(fragment)")
        } catch let error as ArchiveError {
            #expect(error.description.contains(fragment), "\(error.description)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func theSameMembersAndBytesAsZIPFoundation() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let url = work.appendingPathComponent("a.zip")
        let archive = try Archive(url: url, accessMode: .create)
        var generator = SystemRandomNumberGenerator()
        var expected: [String: [UInt8]] = [:]
        let names = ["a.txt", "docs/b.md", "docs/nested/c.txt", "é ü 中.txt", "empty.txt", "big.txt", "dir/"]
        for name in names {
            if name.hasSuffix("/") {
                try archive.addEntry(with: name, type: .directory, uncompressedSize: Int64(0)) { _, _ in Data() }
                continue
            }
            let count = name == "big.txt" ? 300_000 : name == "empty.txt" ? 0 : Int.random(in: 1...5_000, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0x20...0x7A, using: &generator) }
            expected[name] = bytes
            let method: CompressionMethod = name.hasPrefix("docs/") ? .none : .deflate
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(count), compressionMethod: method) { position, size in
                Data(bytes[Int(position)..<Int(position) + size])
            }
        }
        let library = try Archive(url: url, accessMode: .read)
        let ours = try ZipArchive(url: url)
        #expect(ours.entries.map(\.path) == library.map(\.path))
        #expect(ours.entries.map(\.isFile) == library.map { $0.type == .file })
        #expect(ours.entries.map(\.uncompressedSize) == library.map { Int($0.uncompressedSize) })
        for entry in ours.entries where entry.isFile {
            #expect(try ours.read(entry, limit: 1 << 20) == expected[entry.path], "\(entry.path)")
        }
        // Past the limit: an error, whatever the member declares.
        let big = try #require(ours.entry("big.txt"))
        #expect(throws: ArchiveError.self) { try ours.read(big, limit: 100_000) }
    }

    /// Names without the UTF-8 flag are code page 437, as ZIPFoundation reads them; entry
    /// types from Unix modes and MS-DOS attributes as it decides them.
    @Test func namesAndTypesAsZIPFoundationReadsThem() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let cases: [(name: [UInt8], flags: UInt16, madeBy: UInt16, external: UInt32)] = [
            ([0x61, 0x82, 0x94, 0x01, 0x7F, 0xE1, 0xFF], 0, 20, 0),
            (Array("naïve.txt".utf8), 0x0800, 20, 0),
            ([0x61, 0xFF, 0xFE], 0x0800, 20, 0),  // not UTF-8 though flagged: ""
            (Array("link".utf8), 0, 3 << 8, 0o120777 << 16),
            (Array("folder".utf8), 0, 3 << 8, 0o040755 << 16),
            (Array("file/".utf8), 0, 3 << 8, 0o100644 << 16),
            (Array("fifo".utf8), 0, 19 << 8, 0o010644 << 16),
            (Array("dosdir".utf8), 0, 0, 0x10),
            (Array("dos/".utf8), 0, 0, 0),
            (Array("other/".utf8), 0, 10 << 8, 0),
        ]
        for (index, item) in cases.enumerated() {
            let url = work.appendingPathComponent("\(index).zip")
            try Data(handmade(name: item.name, data: Array("text".utf8), method: 0, crc: 0x3B8B_A7C7 /* crc32("text") */, uncompressed: 4,
                              flags: item.flags, madeBy: item.madeBy, external: item.external)).write(to: url)
            let library = try Archive(url: url, accessMode: .read)
            let ours = try ZipArchive(url: url)
            #expect(ours.entries.map(\.path) == library.map(\.path), "case \(index)")
            #expect(ours.entries.map(\.isFile) == library.map { $0.type == .file }, "case \(index)")
        }
    }

    /// A ZIP64 archive laid out by hand: end record fields all ones, the ZIP64 end record
    /// and its locator, the member's sizes and offset in its ZIP64 extra field (after a
    /// first member, so the offset is not 0), a comment after the end record. Read as
    /// ZIPFoundation reads it.
    @Test func zip64RecordsAndExtraFieldsAreRead() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let first = Array("first member".utf8), second = Array("second member, in ZIP64".utf8)
        func crc(_ bytes: [UInt8]) -> UInt32 { Inflate.crc32(bytes) }
        var file: [UInt8] = []
        var central: [UInt8] = []
        for (index, (name, data)) in [("a.txt", first), ("b.txt", second)].enumerated() {
            let offset = UInt64(file.count)
            let nameBytes = Array(name.utf8)
            file += le(0x0403_4B50, 4) + le(45, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(UInt64(crc(data)), 4)
            file += le(0xFFFF_FFFF, 4) + le(0xFFFF_FFFF, 4) + le(UInt64(nameBytes.count), 2) + le(20, 2) + nameBytes
            file += le(0x0001, 2) + le(16, 2) + le(UInt64(data.count), 8) + le(UInt64(data.count), 8) + data
            // The first member's offset in its record; the second's in the extra field.
            let extra = index == 0
                ? le(0x0001, 2) + le(16, 2) + le(UInt64(data.count), 8) + le(UInt64(data.count), 8)
                : le(0x0001, 2) + le(24, 2) + le(UInt64(data.count), 8) + le(UInt64(data.count), 8) + le(offset, 8)
            central += le(0x0201_4B50, 4) + le(45, 2) + le(45, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(UInt64(crc(data)), 4)
            central += le(0xFFFF_FFFF, 4) + le(0xFFFF_FFFF, 4) + le(UInt64(nameBytes.count), 2) + le(UInt64(extra.count), 2)
            central += le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(index == 0 ? offset : 0xFFFF_FFFF, 4) + nameBytes + extra
        }
        let directoryOffset = UInt64(file.count)
        file += central
        let zip64End = UInt64(file.count)
        file += le(0x0606_4B50, 4) + le(44, 8) + le(45, 2) + le(45, 2) + le(0, 4) + le(0, 4) + le(2, 8) + le(2, 8)
        file += le(UInt64(central.count), 8) + le(directoryOffset, 8)
        file += le(0x0706_4B50, 4) + le(0, 4) + le(zip64End, 8) + le(1, 4)
        let comment = Array("an archive comment".utf8)
        file += le(0x0605_4B50, 4) + le(0xFFFF, 2) + le(0xFFFF, 2) + le(0xFFFF, 2) + le(0xFFFF, 2) + le(0xFFFF_FFFF, 4) + le(0xFFFF_FFFF, 4)
        file += le(UInt64(comment.count), 2) + comment
        let url = work.appendingPathComponent("zip64.zip")
        try Data(file).write(to: url)
        let ours = try ZipArchive(url: url)
        #expect(ours.entries.map(\.path) == ["a.txt", "b.txt"])
        #expect(ours.entries.map(\.localHeaderOffset) == [0, 30 + 5 + 20 + first.count])
        #expect(try ours.read(ours.entries[0], limit: 1 << 20) == first)
        #expect(try ours.read(ours.entries[1], limit: 1 << 20) == second)
        let library = try Archive(url: url, accessMode: .read)
        #expect(library.map(\.path) == ["a.txt", "b.txt"])
        #expect(library.map { Int($0.uncompressedSize) } == ours.entries.map(\.uncompressedSize))
    }

    @Test func hostileArchivesAreNamedErrors() {
        // ZIP64 end record with a central directory offset of 2^63 (ZIPFoundation trapped).
        let hugeOffset: [UInt8] = [0x00] + le(0x0606_4B50, 4) + le(44, 8) + le(45, 2) + le(45, 2) + le(0, 4) + le(0, 4)
            + le(1, 8) + le(1, 8) + le(0, 8) + le(1 << 63, 8)
            + le(0x0706_4B50, 4) + le(0, 4) + le(1, 8) + le(1, 4)
            + le(0x0605_4B50, 4) + le(0xFFFF, 2) + le(0xFFFF, 2) + le(0xFFFF, 2) + le(0xFFFF, 2) + le(0xFFFF_FFFF, 4) + le(0xFFFF_FFFF, 4) + le(0, 2)
        expectArchiveError(hugeOffset, "past the end of the file")
        // A compressed size of 2^64 - 1 in the ZIP64 extra field (ZIPFoundation trapped).
        let zip64Extra = le(0x0001, 2) + le(8, 2) + le(UInt64.max, 8)
        expectArchiveError(handmade(name: Array("a.txt".utf8), data: [0x03, 0x00], method: 8, crc: 0, uncompressed: 0,
                                    compressedField: 0xFFFF_FFFF, extra: zip64Extra), "compressed size")
        // A deflate stream that never reaches its end mark (ZIPFoundation looped forever).
        expectArchiveError(handmade(name: Array("a.txt".utf8), data: [0x00, 0xFF, 0xFF, 0x00, 0x00], method: 8, crc: 0, uncompressed: 5),
                           "ends before its end mark", read: true)
        // Not deflate at all; a wrong checksum; a method Accord does not read; encryption.
        expectArchiveError(handmade(name: Array("a.txt".utf8), data: [0xFF, 0xFF, 0xFF], method: 8, crc: 0, uncompressed: 3),
                           "invalid compressed data", read: true)
        expectArchiveError(handmade(name: Array("a.txt".utf8), data: Array("text".utf8), method: 0, crc: 1, uncompressed: 4), "checksum", read: true)
        expectArchiveError(handmade(name: Array("a.txt".utf8), data: Array("text".utf8), method: 12, crc: 0, uncompressed: 4), "method 12", read: true)
        expectArchiveError(handmade(name: Array("a.txt".utf8), data: Array("text".utf8), method: 0, crc: 0, uncompressed: 4, flags: 1), "encrypted", read: true)
        // Counts and sizes that cannot fit; a file too short; random bytes.
        var tooMany = handmade(name: Array("a.txt".utf8), data: Array("text".utf8), method: 0, crc: 0x3B8B_A7C7, uncompressed: 4)
        tooMany[tooMany.count - 12] = 0xFF
        tooMany[tooMany.count - 11] = 0xFF
        expectArchiveError(tooMany, "cannot fit")
        expectArchiveError(Array("PK".utf8), "not a readable ZIP archive")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var bytes = handmade(name: Array("a.txt".utf8), data: Array("text".utf8), method: 0, crc: 0x3B8B_A7C7, uncompressed: 4)
            for _ in 0..<Int.random(in: 1...6, using: &generator) { bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            // Any outcome but a crash: read or a named error.
            if let archive = try? ZipArchive(data: Data(bytes)) {
                for entry in archive.entries { _ = try? archive.read(entry, limit: 1 << 20) }
            }
        }
    }

    /// Members and gzip data larger than one piece of input (1 MB): the stream carried
    /// across pieces, the bytes as written; gzip's optional header fields skipped.
    @Test func inputLargerThanOnePiece() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        var generator = SystemRandomNumberGenerator()
        // Random bytes: deflate cannot shrink them, so the compressed member is 3 MB too.
        let bytes = (0..<3_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let url = work.appendingPathComponent("big.zip")
        let archive = try Archive(url: url, accessMode: .create)
        try archive.addEntry(with: "big.bin", type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
            Data(bytes[Int(position)..<Int(position) + size])
        }
        let ours = try ZipArchive(url: url)
        let entry = try #require(ours.entry("big.bin"))
        #expect(entry.compressedSize > 2 << 20)
        #expect(try ours.read(entry, limit: 8 << 20) == bytes)
        #expect(throws: ArchiveError.self) { try ours.read(entry, limit: 2 << 20) }
        // gzip with FEXTRA, FNAME and FCOMMENT, made by zlib itself through the test's own
        // deflate: the raw stream of a stored ZIP member is not at hand, so gzip's header is
        // written here around data compressed by ZIPFoundation.
        let raw = try Data(contentsOf: url)
        let header: [UInt8] = [0x1F, 0x8B, 0x08, 0x04 | 0x08 | 0x10, 0, 0, 0, 0, 0, 3] + le(4, 2) + [1, 2, 3, 4]
            + Array("big.tar".utf8) + [0] + Array("a comment".utf8) + [0]
        let local = 30 + "big.bin".utf8.count
        let deflated = Array(raw[local..<(local + entry.compressedSize)])
        let gz = work.appendingPathComponent("big.tar.gz")
        try Data(header + deflated + le(UInt64(Inflate.crc32(bytes)), 4) + le(UInt64(bytes.count), 4)).write(to: gz)
        let out = work.appendingPathComponent("big.tar")
        try ArchiveReader.gunzip(gz, to: out, limit: 8 << 20)
        #expect(Array(try Data(contentsOf: out)) == bytes)
        // Two members one after the other (as `cat a.gz b.gz` makes): both read, in order,
        // the limit counting them together.
        let member = header + deflated + le(UInt64(Inflate.crc32(bytes)), 4) + le(UInt64(bytes.count), 4)
        let small = [UInt8]([0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 3]) + [0x03, 0x00] + le(0, 4) + le(0, 4)  // an empty member
        try Data(member + small + member).write(to: gz)
        try ArchiveReader.gunzip(gz, to: out, limit: 8 << 20)
        #expect(Array(try Data(contentsOf: out)) == bytes + bytes)
        #expect(throws: ArchiveError.self) { try ArchiveReader.gunzip(gz, to: out, limit: 5 << 20) }
    }

    @Test func gzipThatEndsEarlyIsANamedError() throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let url = work.appendingPathComponent("t.tar.gz")
        let header: [UInt8] = [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 3]
        try Data(header + [0x00, 0xFF, 0xFF, 0x00, 0x00, 0, 0, 0] + [UInt8](repeating: 0, count: 8)).write(to: url)
        do {
            try ArchiveReader.gunzip(url, to: work.appendingPathComponent("t.tar"), limit: 1 << 20)
            Issue.record("no error")
        } catch let error as ArchiveError {
            #expect(error.description.contains("ends before its end mark"), "\(error.description)")
        }
    }
}
