import AccordCore
import Foundation

/// One document a run will look at: a file, or a member of an archive.
public struct InputFile: Sendable, Equatable {
    /// The path as reported: as the user wrote it, and `archive.zip!inner/path.txt` for a member.
    public var path: String
    public var url: URL
    public var member: ArchiveMember?
}

/// Collects the documents under the inputs a user named: files as they are, folders
/// recursively in a stable order, symbolic links followed once (no loops), archives
/// (.zip, .tar, .tar.gz) member by member within limits.
public enum InputCollector {
    /// `path` with every symbolic link, `.` and `..` resolved and made absolute (realpath(3)),
    /// or nil when it cannot be, `errno` saying why.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Files that live beside documents but are not documents: gold annotations,
    /// a folder's own description, licences, configuration.
    public static func isSidecar(_ name: String) -> Bool {
        let lower = name.lowercased()
        if lower.hasPrefix(".") { return true }
        if lower.hasSuffix(".gold.json") { return true }
        let stem = lower.split(separator: ".").first.map(String.init) ?? lower
        return ["readme", "sources", "license", "licence", "copying", "notice"].contains(stem) || lower == "accord.yaml"
    }

    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var status: Manifest.Status = .failed
        public var description: String { "\(path): \(reason)" }
    }

    /// - Returns: the documents found, and inputs that cannot be read at all (those are
    ///   reported in the manifest too).
    public static func collect(_ inputs: [String], limits: ArchiveLimits = ArchiveLimits(), scratch: URL? = nil) -> (files: [InputFile], problems: [Problem]) {
        var files: [InputFile] = []
        var problems: [Problem] = []
        var seenDirectories = Set<String>()
        var seenFiles = Set<String>()
        let fm = FileManager.default

        func visit(_ path: String, explicit: Bool) {
            var info = stat()
            if lstat(path, &info) != 0 {
                problems.append(Problem(path: path, reason: "no such file or folder"))
                return
            }
            // The file's one true path (what two paths to it share), by realpath(3): a tenth of
            // what Foundation's resolvingSymlinksInPath costs, called for every input. A link
            // it cannot resolve is broken or a loop.
            let resolved = Self.realPath(path)
            if (info.st_mode & S_IFMT) == S_IFLNK, resolved == nil {
                problems.append(Problem(path: path, reason: errno == ELOOP ? "symbolic link loop" : "broken symbolic link"))
                return
            }
            var target = stat()
            guard stat(path, &target) == 0 else {
                problems.append(Problem(path: path, reason: errno == ELOOP ? "symbolic link loop" : "cannot read (\(String(cString: strerror(errno))))"))
                return
            }
            let real = resolved ?? URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            switch target.st_mode & S_IFMT {
            case S_IFDIR:
                guard seenDirectories.insert(real).inserted else { return }  // a symlink loop or a folder seen twice
                let children: [String]
                do {
                    children = try fm.contentsOfDirectory(atPath: path).sorted()
                } catch {
                    problems.append(Problem(path: path, reason: "cannot read folder (\(error.localizedDescription))"))
                    return
                }
                for child in children where !isSidecar(child) {
                    visit(path.hasSuffix("/") ? path + child : path + "/" + child, explicit: false)
                }
            case S_IFREG:
                guard seenFiles.insert(real).inserted || explicit else { return }
                let url = URL(fileURLWithPath: path)
                if let kind = ArchiveKind.of(path), let scratch {
                    do {
                        let listing = try ArchiveReader.list(url, kind: kind, limits: limits, scratch: scratch)
                        for member in listing.members {
                            let name = member.path.split(separator: "/").last.map(String.init) ?? member.path
                            if isSidecar(name) { continue }
                            files.append(InputFile(path: path + "!" + member.path, url: url, member: member))
                        }
                        for problem in listing.problems {
                            problems.append(Problem(path: path + "!" + problem.path, reason: problem.reason))
                        }
                    } catch {
                        problems.append(Problem(path: path, reason: "\(error)"))
                    }
                    return
                }
                files.append(InputFile(path: path, url: url, member: nil))
            default:
                problems.append(Problem(path: path, reason: RegularFile.notRegular))
            }
        }
        for input in inputs {
            visit(input, explicit: true)
        }
        return (files, problems)
    }
}
