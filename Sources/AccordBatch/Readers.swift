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
        let opened: RegularFile.Opened
        do {
            opened = try RegularFile.openForReading(input.url, regularOnly: regularOnly)
        } catch let error as RegularFile.Refusal {
            throw Failure(reason: error.reason)
        }
        let descriptor = opened.descriptor, size = opened.size
        if let size, size > maximumFileSize {
            close(descriptor)
            throw Failure(reason: "file too large (\(size >> 20) MB; the limit is \(maximumFileSize >> 20) MB, see --max-size)")
        }
        // A DOCX is read through this descriptor (the ZIP reader takes it, and closes it).
        if ext == "docx", let size { return try docx(FileBytes(descriptor: descriptor, count: size), path: input.path, limit: maximumFileSize) }
        defer { close(descriptor) }
        switch ext {
        // Read by pdftotext from the path, within a time limit (and a DOCX that is no regular
        // file, named on its own, from the path as a ZIP archive, which is refused).
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
        let file: FileBytes
        do { file = try FileBytes(url) } catch { throw Failure(reason: "not a readable DOCX document (\(error))") }
        return try docx(file, path: path, limit: limit)
    }

    static func docx(_ file: FileBytes, path: String, limit: Int) throws -> DocumentInput {
        do {
            let xml = try ArchiveReader.readZipEntry(file, path: "word/document.xml", limit: limit)
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
        // (Its output ended: it is exiting. `waitUntilExit` looks every 50 ms whether it still
        // runs, which for a short PDF was most of the time it took; asked here every half
        // millisecond, it then returns at once.)
        while process.isRunning { usleep(500) }
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
        /// Not there (any more) at all.
        var missing = false
        /// The system's word for an error ("Permission denied"); nil for a refusal.
        var cause: String?
        var description: String { reason }

        init(reason: String, notRegular: Bool = false) {
            self.reason = reason
            self.notRegular = notRegular
        }

        /// A system error: "cannot read (No such file or directory)".
        init(errno failure: Int32) {
            cause = String(cString: strerror(failure))
            reason = "cannot read (\(cause!))"
            missing = failure == ENOENT
        }
    }

    /// A descriptor opened for reading, and the file's size when it is a regular file.
    struct Opened {
        var descriptor: Int32
        var size: Int?
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
    static func openForReading(_ url: URL, regularOnly: Bool) throws -> Opened {
        let flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | (regularOnly ? O_NONBLOCK : 0)
        var descriptor: Int32
        var failure: Int32 = 0
        repeat {
            descriptor = open(url.path, flags)
            failure = descriptor < 0 ? errno : 0
        } while descriptor < 0 && failure == EINTR
        guard descriptor >= 0 else { throw Refusal(errno: failure) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let failure = errno
            close(descriptor)
            throw Refusal(errno: failure)
        }
        let regular = status.st_mode & S_IFMT == S_IFREG
        guard regular || !regularOnly else {
            close(descriptor)
            throw Refusal(reason: notRegular(mode: status.st_mode), notRegular: true)
        }
        if regularOnly {
            let current = fcntl(descriptor, F_GETFL)
            if current >= 0 { _ = fcntl(descriptor, F_SETFL, current & ~O_NONBLOCK) }
        }
        return Opened(descriptor: descriptor, size: regular ? Int(status.st_size) : nil)
    }

    /// A handle on a regular file (`openForReading`), closed when the handle goes.
    static func handle(_ url: URL) throws -> FileHandle {
        FileHandle(fileDescriptor: try openForReading(url, regularOnly: true).descriptor, closeOnDealloc: true)
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
            if n < 0 { throw Refusal(errno: failure) }
            if n == 0 || bytes.count == before { break }
        }
        return bytes
    }
}
