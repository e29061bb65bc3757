import AccordCore
import AccordXML
import Foundation
import Testing
@testable import AccordReport

/// The Swift XML writer must write exactly what libxml2's xmlTextWriter writes.
@Suite("XML writer against libxml2's")
struct XMLWriterEquivalenceTests {
    func assertSame(_ make: () -> Data, sourceLocation: SourceLocation = #_sourceLocation) {
        let ours = String(decoding: make(), as: UTF8.self)
        let reference = XMLWriter.$reference.withValue(true) { String(decoding: make(), as: UTF8.self) }
        #expect(ours == reference, sourceLocation: sourceLocation)
    }

    @Test func everySampleReportAndTheCorpusReport() throws {
        let pipeline = Pipeline()
        let linker = CorpusLinker(pipeline: pipeline.identity)
        for (path, bytes) in try sampleDocuments() {
            let report = DocumentReport(try pipeline.run(DocumentInput(bytes: bytes, path: path)), pipeline: pipeline.identity)
            assertSame { XMLReport.encode(report) }
            linker.add(report)
        }
        let corpus = linker.build()
        assertSame { CorpusXML.encode(corpus) }
    }

    /// A span's element written in one pass (`spanElement`) is the element the general calls
    /// write, indented or not, first in its parent or after text, with and without a rule,
    /// other attributes and text.
    @Test func spanElementsAreTheGeneralCallsElements() {
        for indent in [true, false] {
            assertSame {
                let w = XMLWriter(indent: indent)
                w.startElement("root")
                w.startElement("block")
                w.attribute("role", "paragraph")
                for (n, text) in ["", "plain", "a < b & \"c\"\n\tnext", "é\u{1}"].enumerated() {
                    Array(text.utf8).withUnsafeBufferPointer { utf8 in
                        w.spanElement("sentence", start: n, end: n * 10, sourceStart: n * 100, sourceEnd: -n, rule: n.isMultiple(of: 2) ? nil : "rule:\(n)",
                                      text: utf8) { if n == 3 { w.attribute("level", n) } }
                    }
                }
                w.text("tail")
                Array("after text".utf8).withUnsafeBufferPointer { w.spanElement("mention", start: 1, end: 2, sourceStart: 3, sourceEnd: 4, rule: "r", text: $0) }
                w.endElement()
                w.endElement()
                return w.finish()
            }
        }
    }

    /// A list attribute written value by value is the attribute of the values joined with
    /// spaces: values with characters to escape at either end, empty ones, spaces inside.
    @Test func listAttributesAreTheJoinedValuesAttribute() {
        let values = ["a<", "\"b", "", "c\n", "\u{FFFE}", "é", "x y", "&", "\t\r", "\u{1}", "E12"]
        assertSame {
            let w = XMLWriter()
            w.startElement("root")
            for count in 1...values.count {
                w.startElement("item")
                w.attribute("ids", joining: Array(values.prefix(count)))
                w.attribute("reversed", joining: Array(values.suffix(count)))
                w.endElement()
            }
            w.endElement()
            return w.finish()
        }
    }

    /// A character to escape (or replace) at every offset of a string of several words (the
    /// writer skips eight bytes at a time), in text and in an attribute.
    @Test func escapesAtEveryOffset() {
        for special in ["<", ">", "&", "\"", "\n", "\t", "\r", "\u{1}", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "é", "'"] {
            assertSame {
                let w = XMLWriter()
                w.startElement("root")
                for offset in 0...40 {
                    let value = String(repeating: "a", count: offset) + special + String(repeating: "b", count: 40 - offset)
                    w.startElement("item")
                    w.attribute("value", value)
                    w.text(value)
                    w.endElement()
                }
                w.endElement()
                return w.finish()
            }
        }
    }

    @Test func hostileTextNestingAndEmptyElements() {
        let hostile = "tab\there \"quoted\" 'single' <tag> & amp; \r\n line \u{1} bell \u{7F} é 中 🙂 \u{FFFE} \u{2028} ]]> end"
        for indent in [true, false] {
            assertSame {
                let w = XMLWriter(indent: indent)
                w.startElement("root")
                w.attribute("a", hostile)
                w.attribute("xml:id", "r1")
                w.startElement("empty")
                w.endElement()
                w.element("text", text: hostile)
                w.element("blank", text: "")
                w.startElement("nested")
                w.attribute("level", "2")
                w.startElement("deeper")
                w.element("leaf", text: "x")
                w.startElement("empty")
                w.attribute("b", "")
                w.endElement()
                w.endElement()
                w.endElement()
                w.startElement("declared", namespace: "urn:example:accord")
                w.attribute("c", "d")
                w.element("inner", text: "y")
                w.endElement()
                w.startElement("declaredEmpty", namespace: "urn:example:accord")
                w.endElement()
                w.startElement("unclosed")
                w.text("left open")
                return w.finish()
            }
        }
    }

    @Test func drainedInPiecesItIsTheSameDocument() {
        let w = XMLWriter()
        var pieces = Data()
        w.startElement("list")
        for k in 0..<500 {
            w.element("item", text: "item \(k)")
            if k % 37 == 0 { w.drain { pieces.append(contentsOf: $0) } }
        }
        w.endElement()
        w.finish { pieces.append(contentsOf: $0) }
        let whole = XMLWriter()
        whole.startElement("list")
        for k in 0..<500 { whole.element("item", text: "item \(k)") }
        whole.endElement()
        #expect(pieces == whole.finish())
    }
}

@Suite("Byte buffer")
struct ByteBufferTests {
    /// Every way of appending, across several doublings of a small buffer, gives the bytes an
    /// array gives; forgetting them keeps nothing.
    @Test func appendsAsAnArrayDoes() {
        let buffer = ByteBuffer(capacity: 1)
        var reference: [UInt8] = []
        for round in 0..<200 {
            buffer.append(UInt8(truncatingIfNeeded: round))
            reference.append(UInt8(truncatingIfNeeded: round))
            let text = String(repeating: "é\(round)", count: round % 7)
            buffer.append(text)
            reference += Array(text.utf8)
            buffer.append("<static>")
            reference += Array("<static>".utf8)
            // A member, an element and a close at every indentation up to 40 (spaces written
            // by whole words past the indent, which what follows overwrites).
            let key: StaticString = round.isMultiple(of: 2) ? "sourceStart" : "a"
            let indent = round % 41
            buffer.appendJSONMember(separated: round.isMultiple(of: 3), indent: indent, key: key)
            reference += (round.isMultiple(of: 3) ? Array(",\n".utf8) : []) + [UInt8](repeating: 0x20, count: indent) + Array("\"\(key)\" : ".utf8)
            buffer.appendJSONElement(separated: true, indent: indent)
            reference += Array(",\n".utf8) + [UInt8](repeating: 0x20, count: indent)
            buffer.appendJSONClose(UInt8(ascii: "]"), indent: indent)
            reference += [0x0A] + [UInt8](repeating: 0x20, count: indent) + [UInt8(ascii: "]")]
            // Distinct bytes, every length: a copy from or to a wrong offset shows.
            let block = (0..<(round % 18 + round / 18 * 7)).map { UInt8(0x41 + ($0 * 7 + round) % 26) }
            block.withUnsafeBufferPointer { buffer.append($0) }
            reference += block
            let number = round.isMultiple(of: 3) ? -round * 7919 : round * round * round
            buffer.appendDecimal(number)
            reference += Array(String(number).utf8)
        }
        for number in [0, -1, 9, 10, 99, 100, Int.max, Int.min, Int.min + 1, 1 << 40] {
            buffer.appendDecimal(number)
            reference += Array(String(number).utf8)
        }
        // Every count of digits, at its edges (the digits are counted by comparisons up to five).
        var power = 1
        for _ in 0..<18 {
            for number in [power - 1, power, power + 1, 2 * power - 1, -power, -(power - 1), 7 * power + 3] {
                buffer.appendDecimal(number)
                reference += Array(String(number).utf8)
            }
            power *= 10
        }
        #expect(buffer.count == reference.count)
        #expect(buffer.array == reference)
        #expect(buffer.withUnsafeBytes { Array($0) } == reference)
        buffer.removeAll()
        #expect(buffer.count == 0 && buffer.array.isEmpty)
        buffer.append("again")
        #expect(buffer.array == Array("again".utf8))
    }

    /// The report pieces written in one append (JSON member, element and closing starts, XML
    /// tags and attribute starts) are the bytes written piece by piece, at every indentation
    /// up to forty, with and without a separator, from a buffer that grows on the way.
    @Test func reportPiecesAreTheirBytes() {
        let buffer = ByteBuffer(capacity: 1)
        var reference: [UInt8] = []
        let keys: [StaticString] = ["a", "id", "end", "text", "start", "source", "sentence", "principalParties", "collectiveMentions"]
        let names = ["a", "span", "entity", "mention", "commitment", "evidenceOfSomethingLonger", "é"]
        for indent in 0...40 {
            for (index, key) in keys.enumerated() {
                let separated = (indent + index).isMultiple(of: 2)
                buffer.appendJSONMember(separated: separated, indent: indent, key: key)
                reference += (separated ? Array(",\n".utf8) : []) + [UInt8](repeating: 0x20, count: indent)
                    + Array("\"\(key)\" : ".utf8)
                buffer.appendJSONElement(separated: !separated, indent: indent)
                reference += (!separated ? Array(",\n".utf8) : []) + [UInt8](repeating: 0x20, count: indent)
                let bracket = separated ? UInt8(ascii: "}") : UInt8(ascii: "]")
                buffer.appendJSONClose(bracket, indent: indent)
                reference += [0x0A] + [UInt8](repeating: 0x20, count: indent) + [bracket]
            }
            for name in names {
                buffer.appendTag(indent: indent, name: name, end: false)
                reference += [UInt8](repeating: 0x20, count: indent) + Array("<\(name)".utf8)
                buffer.appendAttributeStart(name)
                reference += Array(" \(name)=\"".utf8)
                buffer.appendTag(indent: indent, name: name, end: true)
                reference += [UInt8](repeating: 0x20, count: indent) + Array("</\(name)>".utf8)
            }
        }
        #expect(buffer.array == reference)
    }

    /// `takeData()` hands over exactly the bytes written and leaves the buffer empty and
    /// usable: a second document written into it comes out whole, its own bytes only.
    @Test func takenDataIsTheBytesWritten() {
        let buffer = ByteBuffer(capacity: 4)
        var reference: [UInt8] = []
        for round in 0..<3_000 {
            let text = "<item n=\"\(round)\">é</item>\n"
            buffer.append(text)
            reference += Array(text.utf8)
        }
        let first = buffer.takeData()
        #expect(first == Data(reference))
        #expect(buffer.count == 0 && buffer.array.isEmpty)
        buffer.append("second")
        buffer.append(String(repeating: " ", count: 100))
        let second = buffer.takeData()
        #expect(second == Data(Array("second".utf8) + [UInt8](repeating: 0x20, count: 100)))
        #expect(first == Data(reference))
        #expect(buffer.takeData().isEmpty)
    }
}
