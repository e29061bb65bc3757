import Foundation

/// One file a run will look at.
public struct InputFile: Sendable, Equatable {
    /// The path as reported (relative to where the user pointed, as they wrote it).
    public var path: String
    public var url: URL
}

/// Collects the files under the inputs a user named: files as they are, folders
/// recursively in a stable order, symbolic links followed once (no loops).
public enum InputCollector {
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
        public var description: String { "\(path): \(reason)" }
    }

    /// - Returns: the files found, and problems with inputs that could not be read at all
    ///   (those are reported in the manifest too).
    public static func collect(_ inputs: [String]) -> (files: [InputFile], problems: [Problem]) {
        var files: [InputFile] = []
        var problems: [Problem] = []
        var seenDirectories = Set<String>()
        var seenFiles = Set<String>()
        let fm = FileManager.default

        func visit(_ path: String, explicit: Bool) {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                // A dangling symbolic link or a path that does not exist.
                if (try? fm.destinationOfSymbolicLink(atPath: path)) != nil {
                    problems.append(Problem(path: path, reason: "broken symbolic link"))
                } else {
                    problems.append(Problem(path: path, reason: "no such file or folder"))
                }
                return
            }
            let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            if isDirectory.boolValue {
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
                return
            }
            guard seenFiles.insert(real).inserted || explicit else { return }
            files.append(InputFile(path: path, url: URL(fileURLWithPath: path)))
        }
        for input in inputs {
            visit(input, explicit: true)
        }
        return (files, problems)
    }
}
