import AccordXML
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Texts kept in a scratch file instead of memory while a corpus is linked and written: the
/// corpus report's commitments carry their sentence, the one part of the report that grows
/// with the words of the corpus rather than with its records. The file is unlinked as soon
/// as it is made, so nothing is left behind, whatever happens to the process.
///
/// When no scratch file can be made, or writing to it fails, texts stay in memory: the
/// output is the same, only the memory is not saved. A failure to read a text back is kept
/// (`failure`), for the writer to discard its output rather than commit it.
public final class TextSpool: @unchecked Sendable {
    /// A text's place: its byte range in the spool (the file, then the memory tail).
    public struct Reference: Sendable, Hashable {
        let offset: Int
        let count: Int
    }

    private let lock = NSLock()
    private var descriptor: Int32
    /// Bytes in the file: [0, onDisk). What comes after is in `tail`.
    private var onDisk = 0
    private var tail: [UInt8] = []
    private var readFailure: String?
    /// False when there is no file, or writing to it failed once.
    private var writing = false
    /// The tail goes to the file when it reaches this size.
    private let flushSize: Int
    /// For tests: writes and reads to the file fail as a full or failing disk would make them.
    var failWritesForTesting = false
    var failReadsForTesting = false

    /// - Parameters:
    ///   - directory: where to make the scratch file (by default the temporary directory).
    ///   - flushSize: how many bytes of texts are gathered before they are written.
    public init(directory: URL = FileManager.default.temporaryDirectory, flushSize: Int = 1 << 20) {
        self.flushSize = max(1, flushSize)
        descriptor = -1
        var template = Array(directory.appendingPathComponent("accord-spool-XXXXXX").path.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd >= 0 {
            // Closed on exec: a child process (pdftotext, wc) does not keep the file alive.
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }  // mkstemp wrote the name in
            descriptor = fd
            writing = true
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Whether new texts go to the file (false: they are kept in memory).
    public var isWritingToDisk: Bool {
        lock.lock()
        defer { lock.unlock() }
        return writing
    }

    /// Why a text could not be read back, if one could not.
    public var failure: String? {
        lock.lock()
        defer { lock.unlock() }
        return readFailure
    }

    /// Keeps `text`; any thread.
    public func append(_ text: String) -> Reference {
        return text.withUTF8Bytes { bytes in
            lock.lock()
            defer { lock.unlock() }
            let reference = Reference(offset: onDisk + tail.count, count: bytes.count)
            tail.append(contentsOf: bytes)
            if writing && tail.count >= flushSize { flush() }
            return reference
        }
    }

    /// Writes the tail to the file. On failure the file is given up: what it holds can still
    /// be read, and the tail and every later text stay in memory.
    private func flush() {
        var written = 0
        let ok = !failWritesForTesting && tail.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let n = pwrite(descriptor, buffer.baseAddress! + written, buffer.count - written, off_t(onDisk + written))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                written += n
            }
            return true
        }
        if ok {
            onDisk += tail.count
            tail.removeAll(keepingCapacity: true)
        } else {
            // A partial write leaves bytes in the file that the tail still holds; the tail is
            // what is read for them. The file stays open for the texts before them.
            writing = false
        }
    }

    /// The text at `reference`; any thread.
    public func string(_ reference: Reference) -> String {
        lock.lock()
        // Texts are written whole: a text starts in the tail, or lies in the file.
        if reference.offset >= onDisk {
            let start = reference.offset - onDisk
            let text = String(decoding: tail[start..<start + reference.count], as: UTF8.self)
            lock.unlock()
            return text
        }
        let fd = failReadsForTesting ? -1 : descriptor
        lock.unlock()
        var failed: String?
        let text = String(unsafeUninitializedCapacity: reference.count) { buffer in
            var read = 0
            while read < reference.count {
                let n = pread(fd, buffer.baseAddress! + read, reference.count - read, off_t(reference.offset + read))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    failed = n == 0 ? "scratch file ended early" : String(cString: strerror(errno))
                    return 0
                }
                read += n
            }
            return read
        }
        if let failed {
            lock.lock()
            if readFailure == nil { readFailure = "could not read back a commitment's text from the scratch file: \(failed)" }
            lock.unlock()
        }
        return text
    }
}

/// A text held in memory, or in a `TextSpool` and read back when asked for.
public struct SpooledText: Codable, Sendable {
    private enum Storage: Sendable {
        case inline(String)
        case spooled(TextSpool, TextSpool.Reference)
    }

    private let storage: Storage

    /// `text`, in memory.
    public init(_ text: String) { storage = .inline(text) }

    /// `text`, kept in `spool` (in memory when there is none).
    public init(_ text: String, in spool: TextSpool?) {
        if let spool { storage = .spooled(spool, spool.append(text)) } else { storage = .inline(text) }
    }

    public var string: String {
        switch storage {
        case .inline(let text): text
        case .spooled(let spool, let reference): spool.string(reference)
        }
    }

    /// Coded as the string: read into memory, written from wherever it is kept.
    public init(from decoder: any Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(string)
    }

    /// The spool the text is in, if any.
    var spool: TextSpool? {
        if case .spooled(let spool, _) = storage { return spool }
        return nil
    }
}

/// A commitment's sentence could not be read back from the scratch file: an output that
/// shows it would be incomplete.
public struct TextSpoolError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
