import AccordCore
import Foundation

/// Reads the bytes the pipeline gets for an input: the file, an archive member, a DOCX
/// package's word/document.xml, or the text pdftotext makes of a PDF.
public enum InputReader {
    struct Failure: Error, CustomStringConvertible {
        var reason: String
        var status: Manifest.Status = .failed
        var description: String { reason }
    }

    /// Formats read only from their own container.
    static let unsupported: [String: String] = [
        "doc": "Word 97-2003", "json": "JSON", "png": "PNG image", "jpg": "JPEG image", "jpeg": "JPEG image",
        "gif": "GIF image", "odt": "OpenDocument text", "rtf": "RTF", "xlsx": "Excel workbook", "pptx": "PowerPoint",
        "exe": "program", "so": "library", "mp3": "audio", "mp4": "video", "bz2": "bzip2 archive", "xz": "xz archive",
        "7z": "7-Zip archive", "rar": "RAR archive", "gz": "gzip file (not a .tar.gz)",
    ]

    /// `regularOnly`: refuse anything but a regular file when it is opened (a listed file
    /// swapped for a pipe or device after the listing would block a worker, or never end);
    /// false for a file named on its own, which may be a pipe (`accord diff <(git show …) new.txt`).
    static func read(_ input: InputFile, maximumFileSize: Int, limits: ArchiveLimits, scratch: URL,
                     regularOnly: Bool = true) throws -> DocumentInput {
        let ext = FormatDetection.fileExtension(input.member?.path ?? input.path)
        if let format = unsupported[ext] {
            throw Failure(reason: "\(format) is not a format Accord reads", status: .unsupported)
        }
        if let member = input.member {
            if ArchiveKind.of(member.path) != nil {
                throw Failure(reason: "an archive inside an archive is not read", status: .unsupported)
            }
            let bytes: [UInt8]
            do {
                bytes = try ArchiveReader.read(member, limits: limits)
            } catch {
                throw Failure(reason: "\(error)")
            }
            switch ext {
            case "docx":
                let file = scratch.appendingPathComponent(UUID().uuidString + ".docx")
                defer { try? FileManager.default.removeItem(at: file) }
                try Data(bytes).write(to: file)
                return try docx(file, path: input.path, limit: maximumFileSize)
            case "pdf":
                let file = scratch.appendingPathComponent(UUID().uuidString + ".pdf")
                defer { try? FileManager.default.removeItem(at: file) }
                try Data(bytes).write(to: file)
                return try pdf(file, path: input.path, limit: maximumFileSize)
            default:
                return DocumentInput(bytes: bytes, path: input.path)
            }
        }
        // Opened once, as what it is now; a regular file's size checked before anything is read.
        let descriptor: Int32
        do {
            descriptor = try RegularFile.openForReading(input.url, regularOnly: regularOnly)
        } catch let error as RegularFile.Refusal {
            throw Failure(reason: error.reason)
        }
        defer { close(descriptor) }
        let size = RegularFile.size(descriptor)
        if let size, size > maximumFileSize {
            throw Failure(reason: "file too large (\(size >> 20) MB; the limit is \(maximumFileSize >> 20) MB, see --max-size)")
        }
        switch ext {
        // Read by others from the path (the ZIP reader, which opens regular files only;
        // pdftotext, within a time limit).
        case "docx": return try docx(input.url, path: input.path, limit: maximumFileSize)
        case "pdf": return try pdf(input.url, path: input.path, limit: maximumFileSize)
        default:
            // Read to its end, but never past the limit: the file may grow while it is read,
            // and a pipe says no size at all.
            let bytes: [UInt8]
            do {
                bytes = try RegularFile.readAll(descriptor, limit: maximumFileSize, expected: size ?? 0)
            } catch let error as RegularFile.Refusal {
                throw Failure(reason: error.reason)
            }
            guard bytes.count <= maximumFileSize else {
                throw Failure(reason: "file too large (over the limit of \(maximumFileSize >> 20) MB, see --max-size)")
            }
            return DocumentInput(bytes: bytes, path: input.path)
        }
    }

    static func docx(_ url: URL, path: String, limit: Int) throws -> DocumentInput {
        do {
            let xml = try ArchiveReader.readZipEntry(url, path: "word/document.xml", limit: limit)
            return DocumentInput(bytes: xml, path: path, format: .docx)
        } catch {
            throw Failure(reason: "not a readable DOCX document (\(error))")
        }
    }

    /// The text of a PDF, from poppler's pdftotext (with its layout), within a time limit.
    static func pdf(_ url: URL, path: String, limit: Int) throws -> DocumentInput {
        guard let tool = executable("pdftotext") else {
            throw Failure(reason: "reading PDF needs pdftotext, which is not installed (apt-get install poppler-utils)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-layout", "-enc", "UTF-8", "-q", url.path, "-"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw Failure(reason: "cannot run pdftotext (\(error))") }
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: timer)
        var data = Data()
        let handle = output.fileHandleForReading
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            data.append(chunk)
            if data.count > limit {
                process.terminate()
                throw Failure(reason: "the PDF's text is over \(limit >> 20) MB")
            }
        }
        process.waitUntilExit()
        timer.cancel()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw Failure(reason: process.terminationReason == .uncaughtSignal ? "pdftotext took too long or crashed on this PDF" : "pdftotext could not read this PDF (exit status \(process.terminationStatus))")
        }
        return DocumentInput(bytes: Array(data), path: path, format: .pdf)
    }

    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = String(folder) + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

extension InputReader {
    /// One file as `accord run` would read it (text, Markdown, HTML, XML, DOCX, PDF), for
    /// commands that take single files. Errors name the cause; the caller adds the path.
    public static func readFile(_ path: String, maximumFileSize: Int = 64 << 20) throws -> DocumentInput {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Failure(reason: "no such file")
        }
        if isDirectory.boolValue { throw Failure(reason: "is a folder, not a file") }
        let scratch = FileManager.default.temporaryDirectory
        return try read(InputFile(path: path, url: URL(fileURLWithPath: path), member: nil),
                        maximumFileSize: maximumFileSize, limits: ArchiveLimits(), scratch: scratch, regularOnly: false)
    }
}

/// Files opened for reading as what they are when opened, not as they were listed.
enum RegularFile {
    struct Refusal: Error, CustomStringConvertible {
        var reason: String
        /// Refused for what it is (a folder, pipe, socket or device), not for an error.
        var notRegular = false
        var description: String { reason }
    }

    static let notRegular = "not a regular file (a device, pipe or socket); not read"

    /// What a file that is not a regular one is, for its error.
    static func notRegular(mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a folder, not a file; not read"
        case S_IFIFO: return "not a regular file (a pipe); not read"
        case S_IFSOCK: return "not a regular file (a socket); not read"
        case S_IFCHR, S_IFBLK: return "not a regular file (a device); not read"
        default: return notRegular
        }
    }

    /// A descriptor open for reading. With `regularOnly`, opened without waiting (opening a
    /// pipe with no writer would wait for one) and refused unless it is a regular file; it
    /// then reads as any descriptor does (waiting restored). Never a controlling terminal.
    static func openForReading(_ url: URL, regularOnly: Bool) throws -> Int32 {
        let flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | (regularOnly ? O_NONBLOCK : 0)
        var descriptor: Int32
        var failure: Int32 = 0
        repeat {
            descriptor = open(url.path, flags)
            failure = descriptor < 0 ? errno : 0
        } while descriptor < 0 && failure == EINTR
        guard descriptor >= 0 else { throw Refusal(reason: "cannot read (\(String(cString: strerror(failure))))") }
        guard regularOnly else { return descriptor }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = "cannot read (\(String(cString: strerror(errno))))"
            close(descriptor)
            throw Refusal(reason: reason)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw Refusal(reason: notRegular(mode: status.st_mode), notRegular: true)
        }
        let current = fcntl(descriptor, F_GETFL)
        if current >= 0 { _ = fcntl(descriptor, F_SETFL, current & ~O_NONBLOCK) }
        return descriptor
    }

    /// A handle on a regular file (`openForReading`), closed when the handle goes.
    static func handle(_ url: URL) throws -> FileHandle {
        FileHandle(fileDescriptor: try openForReading(url, regularOnly: true), closeOnDealloc: true)
    }

    /// The size of a regular file; nil for anything else (a pipe says none).
    static func size(_ descriptor: Int32) -> Int? {
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(status.st_size)
    }

    /// Everything up to the end, or `limit + 1` bytes if there are more (the caller says
    /// the file is too large); room made for `expected` bytes at once.
    static func readAll(_ descriptor: Int32, limit: Int, expected: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(expected, limit) + 1)
        let piece = 1 << 16
        while bytes.count <= limit {
            let want = min(piece, limit + 1 - bytes.count)
            let before = bytes.count
            var failure: Int32 = 0
            let n = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: want) { buffer -> Int in
                var n: Int
                repeat { n = read(descriptor, buffer.baseAddress!, want) } while n < 0 && errno == EINTR
                if n < 0 { failure = errno } else if n > 0 { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<n])) }
                return n
            }
            if n < 0 { throw Refusal(reason: "cannot read (\(String(cString: strerror(failure))))") }
            if n == 0 || bytes.count == before { break }
        }
        return bytes
    }
}
