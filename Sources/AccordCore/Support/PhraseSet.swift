import AccordXML
/// Which of a fixed list of byte phrases (at most 64) occur in a text, found in one pass over
/// it: an Aho–Corasick automaton made into a table of next states, with the bytes no phrase
/// holds folded into one column. A text is read once however many phrases there are, where
/// a search per phrase reads it once each.
public struct PhraseSet: Sendable {
    public let phrases: [[UInt8]]
    /// The column of each byte value (0 for bytes in no phrase).
    private let column: [UInt8]
    /// A state's row of `next` is `1 << shift` entries (the columns, and room up to a power of
    /// two): the step from one state to the next is a shift and a load, not a multiplication.
    private let shift: Int
    /// `next[state << shift + column]`.
    private let next: [Int32]
    /// The phrases (as bits) that end at each state, its suffixes' included.
    private let ends: [UInt64]
    /// The longest phrase's length in bytes.
    private let longest: Int

    /// - Parameter asciiCaseInsensitive: an ASCII capital in the text reads as its lower-case
    ///   letter (the phrases are then written in lower case).
    public init(_ phrases: [String], asciiCaseInsensitive: Bool = false) {
        precondition(phrases.count <= 64, "a PhraseSet holds at most 64 phrases")
        self.phrases = phrases.map { Array($0.utf8) }
        var column = [UInt8](repeating: 0, count: 256)
        var columns = 1
        for phrase in self.phrases {
            for byte in phrase where column[Int(byte)] == 0 {
                column[Int(byte)] = UInt8(columns)
                columns += 1
            }
        }
        if asciiCaseInsensitive {
            for capital in 0x41...0x5A { column[capital] = column[capital | 0x20] }
        }
        // The trie (-1: no edge yet).
        var trie: [[Int32]] = [[Int32](repeating: -1, count: columns)]
        var ends: [UInt64] = [0]
        for (index, phrase) in self.phrases.enumerated() {
            var state = 0
            for byte in phrase {
                let c = Int(column[Int(byte)])
                if trie[state][c] < 0 {
                    trie[state][c] = Int32(trie.count)
                    trie.append([Int32](repeating: -1, count: columns))
                    ends.append(0)
                }
                state = Int(trie[state][c])
            }
            ends[state] |= 1 << UInt64(index)
        }
        // Breadth first: each missing edge goes where the failure state's edge goes, and each
        // state also ends what its failure state ends.
        var shift = 0
        while 1 << shift < columns { shift += 1 }
        let stride = 1 << shift
        var next = [Int32](repeating: 0, count: trie.count * stride)
        var failure = [Int](repeating: 0, count: trie.count)
        var queue: [Int] = []
        for c in 0..<columns {
            let child = trie[0][c]
            if child >= 0 {
                next[c] = child
                queue.append(Int(child))
            }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            ends[state] |= ends[failure[state]]
            for c in 0..<columns {
                let child = trie[state][c]
                if child >= 0 {
                    failure[Int(child)] = Int(next[failure[state] * stride + c])
                    next[state * stride + c] = child
                    queue.append(Int(child))
                } else {
                    next[state * stride + c] = next[failure[state] * stride + c]
                }
            }
        }
        self.column = column
        longest = self.phrases.map(\.count).max() ?? 0
        self.shift = shift
        self.next = next
        self.ends = ends
    }

    /// The phrases found in `text`, as bits (bit i for `phrases[i]`).
    public func found(in text: [UInt8]) -> UInt64 {
        text.withUnsafeBufferPointer { found(in: $0, padded: false) }
    }

    /// The phrases found in `text`'s UTF-8.
    public func found(in text: String) -> UInt64 {
        text.withUTF8Bytes { found(in: $0, padded: false) }
    }

    /// The phrases found in a space, `text`'s UTF-8 and a space, read as one text.
    public func found(inSpacePadded text: String) -> UInt64 {
        text.withUTF8Bytes { found(in: $0, padded: true) }
    }

    /// The phrases found in `bytes` (between two spaces when `padded`). Each byte's step waits
    /// on the one before (the next state is read from a table at the last state), so a long
    /// text is read by two automata at once, each from its own place: the first from the
    /// start to the middle, the second from as many bytes before the middle as the longest
    /// phrase has, less one, to the end. A phrase that ends before the middle is the first's;
    /// any other starts at or after the second's start. `twoAtOnce` false reads with one
    /// (the tests compare the two).
    func found(in bytes: UnsafeBufferPointer<UInt8>, padded: Bool, twoAtOnce: Bool = true) -> UInt64 {
        var found: UInt64 = 0
        column.withUnsafeBufferPointer { column in
            next.withUnsafeBufferPointer { next in
                ends.withUnsafeBufferPointer { ends in
                    let shift = shift
                    @inline(__always) func step(_ state: Int, _ byte: UInt8) -> Int {
                        Int(next[state &<< shift &+ Int(column[Int(byte)])])
                    }
                    let n = bytes.count
                    let overlap = max(0, longest - 1)
                    var state = 0
                    if padded {
                        state = step(state, 0x20)
                        found |= ends[state]
                    }
                    if twoAtOnce && n >= 4 * overlap + 64 {
                        // The first reads [0, middle), the second [second, n): as many bytes
                        // each, or the second one more.
                        let middle = (n + overlap) / 2, second = middle - overlap
                        var other = 0
                        for k in 0..<middle {
                            state = step(state, bytes[k])
                            found |= ends[state]
                            other = step(other, bytes[second &+ k])
                            found |= ends[other]
                        }
                        for k in (second + middle)..<n {
                            other = step(other, bytes[k])
                            found |= ends[other]
                        }
                        // (The second's state at the end stands for the text's: it has read
                        // every byte a phrase ending there can start at.)
                        state = other
                    } else {
                        for byte in bytes {
                            state = step(state, byte)
                            found |= ends[state]
                        }
                    }
                    if padded {
                        state = step(state, 0x20)
                        found |= ends[state]
                    }
                }
            }
        }
        return found
    }
}
