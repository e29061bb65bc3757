import Foundation
@testable import AccordCore

/// The repository's root, from this file's location.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func corpusBytes(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: repositoryRoot.appendingPathComponent("Corpus").appendingPathComponent(name)))
}

func analyse(_ text: String, name: String = "doc.txt") throws(PipelineError) -> DocumentAnalysis {
    try Pipeline().run(DocumentInput(bytes: Array(text.utf8), path: name))
}

func analyse(bytes: [UInt8], name: String) throws(PipelineError) -> DocumentAnalysis {
    try Pipeline().run(DocumentInput(bytes: bytes, path: name))
}

/// The tokens of `text` as one sentence, as written: not normalized first, so decomposed
/// letters and singletons such as the Kelvin sign reach what is under test.
func rawTokens(_ text: String) -> [Token] {
    let normalized = NormalizedText(mapped: MappedText(text), text: text, units: [])
    return Tokenizer.tokenize(normalized, sentences: [Sentence(range: TextRange(0, normalized.mapped.count), block: 0)])
}

/// Marker tests: "One.1️⃣ Two.2️⃣" → the text without markers and the offsets (in
/// scalars) where the markers stood.
func markers(_ marked: String) -> (text: String, positions: [Int]) {
    let markerScalars: Set<Unicode.Scalar> = ["\u{FE0F}", "\u{20E3}"]
    var text = String.UnicodeScalarView()
    var positions: [Int] = []
    let scalars = Array(marked.unicodeScalars)
    var i = 0
    while i < scalars.count {
        if i + 2 < scalars.count, ("1"..."9").contains(scalars[i]), scalars[i + 1] == "\u{FE0F}", scalars[i + 2] == "\u{20E3}" {
            positions.append(text.count)
            i += 3
            continue
        }
        if !markerScalars.contains(scalars[i]) { text.append(scalars[i]) }
        i += 1
    }
    return (String(text), positions)
}
