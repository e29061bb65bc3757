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

    static func read(_ input: InputFile, maximumFileSize: Int, limits: ArchiveLimits, scratch: URL) throws -> DocumentInput {
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
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: input.url.path)
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw Failure(reason: "cannot read (\(BatchRun.describe(error)))")
        }
        if size > maximumFileSize {
            throw Failure(reason: "file too large (\(size >> 20) MB; the limit is \(maximumFileSize >> 20) MB, see --max-size)")
        }
        switch ext {
        case "docx": return try docx(input.url, path: input.path, limit: maximumFileSize)
        case "pdf": return try pdf(input.url, path: input.path, limit: maximumFileSize)
        default:
            guard access(input.url.path, R_OK) == 0, let handle = try? FileHandle(forReadingFrom: input.url) else {
                throw Failure(reason: "cannot read (\(String(cString: strerror(errno))))")
            }
            defer { try? handle.close() }
            let data = (try? handle.readToEnd()) ?? Data()
            return DocumentInput(bytes: Array(data), path: input.path)
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
                        maximumFileSize: maximumFileSize, limits: ArchiveLimits(), scratch: scratch)
    }
}
