import AccordXML
import Foundation

/// Writes files so that no reader ever sees half of one: a temporary file in the same
/// folder, flushed to disk, then renamed over the target.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot write (\(reason))" }
    }

    public static func write(_ data: Data, to url: URL) throws {
        let writer = try Writer(url)
        writer.write(data)
        try writer.commit()
    }

    /// A file written piece by piece (a large corpus output need never be whole in memory),
    /// appearing under its name only on `commit()`. Dropped without a commit, it leaves nothing.
    public final class Writer {
        public let url: URL
        /// `url`'s path, and the temporary file's beside it (made from the path's bytes: the
        /// URL's own path methods cost tens of thousands of instructions a file).
        let path: String
        let temporaryPath: String
        private var fd: Int32
        private var buffer: [UInt8] = []
        private var failure: String?
        /// Synced and closed, not yet renamed (`commit(_:)` between its two steps).
        private var settled = false
        private static let bufferSize = 1 << 16

        /// This process's id and a random number, drawn once: with a count, they name each
        /// temporary file (no system call for them at every file).
        private static let processTag = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        private static let counter = Counter()

        public init(_ url: URL) throws {
            self.url = url
            path = url.path
            let (folder, name) = Self.split(path)
            temporaryPath = folder + "." + name + ".tmp-" + Self.processTag + "-" + String(Self.counter.take())
            fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            // The folder is made only when it is missing (the first file of a folder), not
            // looked up at every file.
            if fd < 0 && errno == ENOENT {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            }
            guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
            buffer.reserveCapacity(Self.bufferSize)
        }

        deinit { discard() }

        /// A file path cut after its last slash: the folder with that slash ("/" for a file
        /// at the root, "" for a bare name) and the name after it (a file URL's path has no
        /// final slash).
        static func split(_ path: String) -> (folder: String, name: String) {
            let utf8 = path.utf8
            guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return ("", path) }
            let afterSlash = utf8.index(after: slash)
            return (String(Substring(utf8[..<afterSlash])), String(Substring(utf8[afterSlash...])))
        }

        public func write(_ bytes: UnsafeRawBufferPointer) {
            guard failure == nil, fd >= 0 else { return }
            if buffer.count + bytes.count > Self.bufferSize { flush() }
            if bytes.count >= Self.bufferSize {
                writeAll(bytes)
            } else {
                buffer.append(contentsOf: bytes)
            }
        }

        public func write(_ bytes: [UInt8]) { bytes.withUnsafeBytes { write($0) } }

        public func write(_ data: Data) { data.withUnsafeBytes { write($0) } }

        public func write(_ string: String) {
            string.withUTF8Bytes { write(UnsafeRawBufferPointer($0)) }
        }

        private func flush() {
            guard !buffer.isEmpty else { return }
            buffer.withUnsafeBytes { writeAll($0) }
            buffer.removeAll(keepingCapacity: true)
        }

        private func writeAll(_ raw: UnsafeRawBufferPointer) {
            var offset = 0
            while offset < raw.count, failure == nil {
                let written = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }

        /// Flushes, syncs and renames the file into place; on any failure nothing is left behind.
        public func commit() throws {
            try settle()
            try publish()
        }

        /// Several files committed together: every one flushed and synced first, and only if
        /// all of them were, each renamed into place. A failure before the renames leaves
        /// every target as it was (a document's JSON and XML reports are both new or both old).
        public static func commit(_ writers: [Writer]) throws {
            do {
                for writer in writers { try writer.settle() }
            } catch {
                for writer in writers { writer.discard() }
                throw error
            }
            for writer in writers { try writer.publish() }
        }

        /// Flushes and syncs the temporary file and closes it; on failure removes it.
        private func settle() throws {
            guard fd >= 0 else { throw WriteError(path: path, reason: "already closed") }
            flush()
            if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
            close(fd)
            fd = -1
            settled = true
            if let failure {
                unlink(temporaryPath)
                settled = false
                throw WriteError(path: path, reason: failure)
            }
        }

        /// Renames the settled temporary file over the target.
        private func publish() throws {
            guard settled else { throw WriteError(path: path, reason: "not written") }
            settled = false
            if rename(temporaryPath, path) != 0 {
                let reason = String(cString: strerror(errno))
                unlink(temporaryPath)
                throw WriteError(path: path, reason: reason)
            }
        }

        /// Closes and removes the temporary file (the target is left as it was).
        public func discard() {
            if settled {
                settled = false
                unlink(temporaryPath)
            }
            guard fd >= 0 else { return }
            close(fd)
            fd = -1
            unlink(temporaryPath)
        }
    }
}

/// A count shared by threads, from 0: the indices a run's workers take, and each temporary
/// file's number.
package final class Counter: @unchecked Sendable {
    private var count = 0
    private let lock = NSLock()

    package init() {}

    package func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count - 1
    }

    package var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
