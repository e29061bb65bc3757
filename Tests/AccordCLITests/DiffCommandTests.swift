import Foundation
import Testing

@Suite("accord diff end to end")
struct DiffCommandTests {
    let versions = repositoryRoot.appendingPathComponent("Tests/Data/versions")

    @Test func formattingOnlyExitsZero() throws {
        let pair = versions.appendingPathComponent("reflow-COM-EC_FSU_2007A")
        let result = try accord(["diff", pair.appendingPathComponent("old.txt").path, pair.appendingPathComponent("new.txt").path], in: repositoryRoot)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("No change"))
    }

    @Test func realEditExitsOneInEveryFormat() throws {
        let pair = versions.appendingPathComponent("wh-2026-02-09-joint-statement-on-framework-for-united-states-bangladesh-agreement-o-cb4320f31")
        let old = pair.appendingPathComponent("old.md").path, new = pair.appendingPathComponent("new.md").path
        let text = try accord(["diff", old, new], in: repositoryRoot)
        #expect(text.status == 1)
        #expect(text.stdout.contains("[-TIFCA-]{+TICFA+}"))
        #expect(!text.stdout.contains("\u{1B}["), "no colour when not a terminal")
        let json = try accord(["diff", old, new, "--format", "json"], in: repositoryRoot)
        #expect(json.status == 1)
        let object = try JSONSerialization.jsonObject(with: json.stdoutData) as! [String: Any]
        #expect(object["schema"] as? String == "accord.diff/1" && object["identical"] as? Bool == false)
        let xml = try accord(["diff", old, new, "--format", "xml"], in: repositoryRoot)
        #expect(xml.status == 1 && xml.stdout.contains("<diff "))
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("changes.html")
        let html = try accord(["diff", old, new, "--format", "html", "--out", out.path], in: repositoryRoot)
        #expect(html.status == 1 && html.stdout.isEmpty)
        let page = try String(contentsOf: out, encoding: .utf8)
        #expect(page.contains("<del>TIFCA</del>") && page.contains("<ins>TICFA</ins>"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["changes.html"], "no temporary file left")
    }

    @Test func errorsExitTwoNamingTheFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("a.txt")
        try Data("The Parties shall meet.\n".utf8).write(to: good)
        let missing = try accord(["diff", good.path, directory.appendingPathComponent("nope.txt").path], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.txt") && missing.stderr.contains("no such file"))
        let binary = directory.appendingPathComponent("b.txt")
        try Data([0x00, 0xFF, 0xFE, 0x00, 0x01, 0x02] + Array(repeating: UInt8(0), count: 100)).write(to: binary)
        let bad = try accord(["diff", good.path, binary.path], in: directory)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("b.txt"))
        let xml = directory.appendingPathComponent("c.xml")
        try Data("<treaty><article>unclosed".utf8).write(to: xml)
        let malformed = try accord(["diff", good.path, xml.path], in: directory)
        #expect(malformed.status == 2 && malformed.stderr.contains("c.xml"))
        let usage = try accord(["diff", good.path], in: directory)
        #expect(usage.status == 2)
        let empty = directory.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        let emptyResult = try accord(["diff", good.path, empty.path], in: directory)
        #expect(emptyResult.status == 2 && emptyResult.stderr.contains("empty.txt") && emptyResult.stderr.contains("empty file"))
        let folder = try accord(["diff", good.path, directory.path], in: directory)
        #expect(folder.status == 2 && folder.stderr.contains("folder"))
        let size = try accord(["diff", good.path, good.path, "--max-size", "0"], in: directory)
        #expect(size.status == 2)
    }

    @Test func helpExplainsDiff() throws {
        let help = try accord(["diff", "--help"], in: repositoryRoot)
        for word in ["--format", "--out", "Exit status", "shall → may", "Examples"] { #expect(help.stdout.contains(word)) }
    }
}
