import AccordCore
import Foundation

/// Limits that keep a hostile archive from exhausting memory or disk.
public struct ArchiveLimits: Sendable {
    /// Largest member, uncompressed.
    public var memberBytes: Int
    /// All members of one archive together, uncompressed.
    public var totalBytes: Int
    /// Uncompressed size over compressed size, for a member of some size.
    public var ratio: Int
    /// Members listed from one archive.
    public var members: Int

    public init(memberBytes: Int = 64 << 20, totalBytes: Int = 1 << 30, ratio: Int = 200, members: Int = 100_000) {
        self.memberBytes = memberBytes
        self.totalBytes = totalBytes
        self.ratio = ratio
        self.members = members
    }
}

/// A problem with an archive or one of its members, named for the manifest.
public struct ArchiveError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// The archive itself is gone (a member read after the listing is then gone too).
    public var missing = false
    public init(_ description: String) { self.description = description }
    init(_ description: String, missing: Bool) {
        self.description = description
        self.missing = missing
    }
}

public enum ArchiveKind: String, Sendable {
    case zip, tar, tarGzip = "tar.gz"

    public static func of(_ path: String) -> ArchiveKind? {
        let lower = path.lowercased()
        if lower.hasSuffix(".zip") { return .zip }
        if lower.hasSuffix(".tar") { return .tar }
        if lower.hasSuffix(".tar.gz") || lower.hasSuffix(".tgz") { return .tarGzip }
        return nil
    }
}

/// One member of an archive, located so a worker can read it on its own.
public struct ArchiveMember: Sendable, Equatable {
    public var archive: URL
    public var kind: ArchiveKind
    public var path: String
    /// For tar: where the member's bytes start in the (decompressed) tar file, and its size.
    public var offset: Int
    public var size: Int
    /// The tar file to read (the decompressed copy for .tar.gz).
    public var tarFile: URL?
    /// For ZIP: the member's entry as the listing read it, so a worker reads the member
    /// without reading the archive's directory again (nil: looked up by path).
    var zipEntry: ZipArchive.Entry? = nil
}

/// Lists and reads archive members without ever writing them where their names say: a
/// member is read into memory, bounded, and only its reports are written, under names
/// Accord chooses.
public enum ArchiveReader {
    /// A member path that would escape a folder if extracted ("zip slip"), or is absolute.
    public static func isUnsafe(_ path: String) -> Bool {
        if path.hasPrefix("/") || path.hasPrefix("\\") || path.contains("\\") { return true }
        if path.count >= 2, path.dropFirst().first == ":" { return true }  // "C:..."
        return path.split(separator: "/", omittingEmptySubsequences: false).contains("..")
    }

    public struct Listing: Sendable {
        public var members: [ArchiveMember]
        /// Members that cannot be read, with the reason.
        public var problems: [(path: String, reason: String)]
    }

    public static func list(_ url: URL, kind: ArchiveKind, limits: ArchiveLimits, scratch: URL) throws -> Listing {
        switch kind {
        case .zip: return try listZip(url, limits: limits)
        case .tar: return try listTar(url, tarFile: url, limits: limits)
        case .tarGzip:
            let tar = scratch.appendingPathComponent(SHA256.hex(Array(url.path.utf8)).prefix(16) + ".tar")
            try gunzip(url, to: tar, limit: limits.totalBytes)
            var listing = try listTar(url, tarFile: tar, limits: limits)
            for index in listing.members.indices { listing.members[index].kind = .tarGzip }
            return listing
        }
    }

    // MARK: ZIP

    static func listZip(_ url: URL, limits: ArchiveLimits) throws -> Listing {
        let archive = try ZipArchive(url: url)
        var members: [ArchiveMember] = []
        var problems: [(String, String)] = []
        var declaredTotal = 0
        for entry in archive.entries where entry.isFile {
            if members.count + problems.count >= limits.members {
                problems.append((entry.path, "archive has more than \(limits.members) members; the rest are not read"))
                break
            }
            if isUnsafe(entry.path) {
                problems.append((entry.path, "unsafe path in archive (it would escape the folder it is extracted to); not read"))
                continue
            }
            let size = entry.uncompressedSize
            let compressed = max(1, entry.compressedSize)
            if size > limits.memberBytes {
                problems.append((entry.path, "member too large (\(size >> 20) MB uncompressed; the limit is \(limits.memberBytes >> 20) MB)"))
                continue
            }
            if size > 1 << 20 && size / compressed > limits.ratio {
                problems.append((entry.path, "compression ratio \(size / compressed):1 exceeds \(limits.ratio):1 (an archive bomb?); not read"))
                continue
            }
            declaredTotal += size
            if declaredTotal > limits.totalBytes {
                problems.append((entry.path, "archive exceeds \(limits.totalBytes >> 20) MB uncompressed in total; the rest is not read"))
                continue
            }
            members.append(ArchiveMember(archive: url, kind: .zip, path: entry.path, offset: 0, size: size, tarFile: nil, zipEntry: entry))
        }
        return Listing(members: members, problems: problems)
    }

    /// Reads one member, stopping at the limit whatever the archive declares.
    public static func read(_ member: ArchiveMember, limits: ArchiveLimits) throws -> [UInt8] {
        switch member.kind {
        case .zip:
            // (The listing gives every ZIP member its entry.)
            guard let entry = member.zipEntry else { throw ArchiveError("member no longer in the archive") }
            let file: FileBytes
            do { file = try FileBytes(member.archive) } catch let error as ArchiveError where error.missing {
                throw ArchiveError("member no longer in the archive")
            }
            return try ZipArchive.read(entry, from: file, limit: limits.memberBytes)
        case .tar, .tarGzip:
            guard let file = member.tarFile else { throw ArchiveError("cannot read the archive") }
            let handle: FileHandle
            do { handle = try RegularFile.handle(file) } catch { throw ArchiveError("cannot read the archive: \(error)") }
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(member.offset))
            let data = try handle.read(upToCount: member.size) ?? Data()
            guard data.count == member.size else { throw ArchiveError("truncated member") }
            return Array(data)
        }
    }

    /// Reads a whole archive member by name (a DOCX's word/document.xml).
    static func readZipEntry(_ file: FileBytes, path: String, limit: Int) throws -> [UInt8] {
        guard let archive = try? ZipArchive(file) else { throw ArchiveError("not a readable ZIP package") }
        guard let entry = archive.entry(path) else { throw ArchiveError("no \(path) in the package") }
        return try archive.read(entry, limit: limit)
    }

    // MARK: tar

    /// ustar / GNU tar: 512-byte headers, sizes in octal, long names in 'L' records.
    static func listTar(_ url: URL, tarFile: URL, limits: ArchiveLimits) throws -> Listing {
        let handle: FileHandle
        do { handle = try RegularFile.handle(tarFile) } catch { throw ArchiveError("cannot read the archive: \(error)") }
        defer { try? handle.close() }
        var members: [ArchiveMember] = []
        var problems: [(String, String)] = []
        var offset = 0
        var longName: String?
        var total = 0
        var sawHeader = false
        while true {
            guard let header = try handle.read(upToCount: 512), header.count == 512 else {
                if !sawHeader { throw ArchiveError("not a tar archive") }
                break
            }
            let bytes = Array(header)
            if bytes.allSatisfy({ $0 == 0 }) { break }  // end of archive
            guard isTarHeader(bytes) else {
                if !sawHeader { throw ArchiveError("not a tar archive") }
                problems.append((url.lastPathComponent, "corrupt tar header at byte \(offset); the rest is not read"))
                break
            }
            sawHeader = true
            let size = octal(bytes[124..<136])
            let type = bytes[156]
            let name = longName ?? tarName(bytes)
            longName = nil
            let dataStart = offset + 512
            let padded = (size + 511) / 512 * 512
            offset = dataStart + padded
            if type == UInt8(ascii: "L") {
                if size > 65536 { throw ArchiveError("corrupt tar long name") }
                let data = try handle.read(upToCount: padded) ?? Data()
                longName = String(decoding: data.prefix(size).prefix { $0 != 0 }, as: UTF8.self)
                continue
            }
            try handle.seek(toOffset: UInt64(offset))
            guard type == 0 || type == UInt8(ascii: "0") || type == UInt8(ascii: "7") else { continue }  // files only
            if members.count + problems.count >= limits.members {
                problems.append((name, "archive has more than \(limits.members) members; the rest are not read"))
                break
            }
            if isUnsafe(name) {
                problems.append((name, "unsafe path in archive (it would escape the folder it is extracted to); not read"))
                continue
            }
            if size > limits.memberBytes {
                problems.append((name, "member too large (\(size >> 20) MB; the limit is \(limits.memberBytes >> 20) MB)"))
                continue
            }
            total += size
            if total > limits.totalBytes {
                problems.append((name, "archive exceeds \(limits.totalBytes >> 20) MB in total; the rest is not read"))
                continue
            }
            members.append(ArchiveMember(archive: url, kind: .tar, path: name, offset: dataStart, size: size, tarFile: tarFile))
        }
        return Listing(members: members, problems: problems)
    }

    static func isTarHeader(_ bytes: [UInt8]) -> Bool {
        // The checksum: the header's bytes summed with the checksum field as spaces.
        let stored = octal(bytes[148..<156])
        var sum = 0
        for (i, byte) in bytes.enumerated() { sum += (148..<156).contains(i) ? 32 : Int(byte) }
        return stored == sum
    }

    static func octal(_ field: ArraySlice<UInt8>) -> Int {
        var value = 0
        for byte in field {
            if byte == 0 || byte == 32 { if value > 0 { break } else { continue } }
            guard (48...55).contains(byte) else { break }
            value = value * 8 + Int(byte - 48)
        }
        return value
    }

    static func tarName(_ bytes: [UInt8]) -> String {
        func field(_ range: Range<Int>) -> String {
            String(decoding: bytes[range].prefix { $0 != 0 }, as: UTF8.self)
        }
        let name = field(0..<100)
        let magic = field(257..<263)
        let prefix = magic.hasPrefix("ustar") ? field(345..<500) : ""
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    // MARK: gzip

    /// Decompresses a gzip file to `destination`, stopping past `limit` bytes.
    static func gunzip(_ url: URL, to destination: URL, limit: Int) throws {
        // Read at offsets, not mapped: a file cut short while it is read is an error, not a fault.
        let file: FileBytes
        file = try FileBytes(url)
        guard file.count >= 10, try file.read(0, 2, what: "the gzip header") == [0x1F, 0x8B] else { throw ArchiveError("not a gzip file") }
        // The headers' optional fields, read a block at a time.
        var window: [UInt8] = [], windowStart = 0
        func byte(_ at: Int) throws -> UInt8? {
            guard at < file.count else { return nil }
            if at < windowStart || at >= windowStart + window.count {
                windowStart = at
                window = try file.read(at, min(file.count - at, 1 << 16), what: "the gzip header")
            }
            return window[at - windowStart]
        }
        guard FileManager.default.createFile(atPath: destination.path, contents: nil),
              let output = try? FileHandle(forWritingTo: destination) else { throw ArchiveError("cannot write a scratch file") }
        defer { try? output.close() }
        var written = 0
        var memberStart = 0
        var more = false
        // Member after member (a gzip file may hold several, one after another, as
        // `cat a.gz b.gz` makes): each its header, its deflate stream, its 8-byte trailer.
        repeat {
            guard memberStart + 10 <= file.count else { throw ArchiveError("truncated gzip header") }
            let header = try file.read(memberStart, 10, what: "the gzip header")
            guard header[0] == 0x1F, header[1] == 0x8B, header[2] == 8 else { throw ArchiveError("not a gzip file") }
            let flags = header[3]
            var position = memberStart + 10
            if flags & 0x04 != 0 {  // FEXTRA
                guard let low = try byte(position), let high = try byte(position + 1) else { throw ArchiveError("truncated gzip header") }
                position += 2 + Int(low) + Int(high) << 8
            }
            if flags & 0x08 != 0 { while let b = try byte(position), b != 0 { position += 1 }; position += 1 }  // FNAME
            if flags & 0x10 != 0 { while let b = try byte(position), b != 0 { position += 1 }; position += 1 }  // FCOMMENT
            if flags & 0x02 != 0 { position += 2 }  // FHCRC
            guard position < file.count else { throw ArchiveError("truncated gzip header") }
            let start = position
            let consumed: Int
            do {
                // The deflate stream, given to zlib at its true length (it ends at its end
                // mark); written to the scratch file as it comes (a full disk is an error
                // for this archive, not a trap).
                consumed = try Inflate.stream(total: file.count - start, piece: { try file.read(start + $0, $1, what: "the gzip data") },
                                              limit: limit - written) { chunk in
                    written += chunk.count
                    try output.write(contentsOf: chunk)
                }
            } catch Inflate.Failure.overLimit {
                throw ArchiveError("archive expands past \(limit >> 20) MB (an archive bomb?); not read")
            } catch Inflate.Failure.endedEarly {
                throw ArchiveError("corrupt gzip data (it ends before its end mark)")
            } catch Inflate.Failure.invalid {
                throw ArchiveError("corrupt gzip data (not a deflate stream)")
            } catch let error as ArchiveError {
                throw error
            } catch {
                throw ArchiveError("cannot write the decompressed archive (\(error.localizedDescription))")
            }
            guard start + consumed + 8 <= file.count else { throw ArchiveError("truncated gzip file") }
            memberStart = start + consumed + 8
            // Another member only where one starts; anything else after (padding) is not data.
            more = memberStart + 2 <= file.count ? try file.read(memberStart, 2, what: "the gzip header") == [0x1F, 0x8B] : false
        } while more
    }
}
