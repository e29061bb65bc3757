import AccordCore
import AccordReport
import Foundation

/// `accord merge`: the output folders of sharded runs combined into one, as if one run
/// had processed every input.
public enum Merge {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func run(_ folders: [URL], into output: URL, formats: Set<OutputFormat> = Set(OutputFormat.allCases)) throws -> Manifest {
        var manifests: [Manifest] = []
        for folder in folders {
            let url = folder.appendingPathComponent("manifest.json")
            guard let data = try? Data(contentsOf: url) else { throw Failure(description: "\(folder.path): no manifest.json (not an accord output folder)") }
            do {
                manifests.append(try JSONDecoder().decode(Manifest.self, from: data))
            } catch {
                throw Failure(description: "\(url.path): unreadable manifest (\(error))")
            }
        }
        guard let identity = manifests.first?.pipeline else { throw Failure(description: "nothing to merge") }
        if let other = manifests.first(where: { $0.pipeline != identity }) {
            throw Failure(description: "the folders were made by different pipelines (\(identity) and \(other.pipeline)); run them again with the same version and configuration")
        }
        let documents = output.appendingPathComponent("documents")
        try FileManager.default.createDirectory(at: documents, withIntermediateDirectories: true)
        var entries: [String: Manifest.Entry] = [:]
        for (folder, manifest) in zip(folders, manifests) {
            for entry in manifest.documents {
                // The same input in two folders: a success wins over a failure.
                if let existing = entries[entry.path], existing.status == .ok || existing.status == .unchanged { continue }
                entries[entry.path] = entry
                for name in entry.outputs ?? [] {
                    let source = folder.appendingPathComponent(name)
                    guard let data = try? Data(contentsOf: source) else {
                        throw Failure(description: "\(source.path): listed in the manifest but missing")
                    }
                    try AtomicFile.write(data, to: output.appendingPathComponent(name))
                }
            }
        }
        let manifest = Manifest(pipeline: identity, documents: entries.values.sorted { $0.path < $1.path })
        try AtomicFile.write(manifest.jsonData(), to: output.appendingPathComponent("manifest.json"))
        try CorpusStage.write(manifest: manifest, outputDirectory: output, formats: formats, jobs: ProcessInfo.processInfo.activeProcessorCount)
        return manifest
    }
}
