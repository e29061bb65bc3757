import Foundation
import AccordXML

/// A hash of a word's UTF-8 bytes: computed once per token (`Token.lowerHash`), so the many
/// "is this word in that list" questions the extractors ask of every token can be answered
/// "no" from a bit array, without hashing the string again for a dictionary.
///
/// The bytes are taken eight at a time, as little-endian words (the last one filled with
/// zeros; a word of no bytes is one word of zeros), each mixed into the hash with one
/// multiplication; the length and a last mix finish it. A word of up to eight bytes, nearly
/// every word, is one multiplication and the finish: the tokenizer's hashes no longer wait
/// on a multiplication a byte (FNV-1a's chain, which it was). One word's hash is a bijection
/// of its bytes for a given length, so no two words of up to eight bytes share a hash.
/// Only this process compares these hashes: nothing stored depends on them (a shard is
/// chosen by `PathHash`, which is FNV-1a, as before).
public enum WordHash {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// One eight-byte word into `hash`.
    @inline(__always) static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        let x = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
        return x ^ (x >> 32)
    }

    /// The hash of `count` bytes whose words have been mixed into `hash`.
    @inline(__always) static func finish(_ hash: UInt64, count: Int) -> UInt64 {
        var x = (hash ^ UInt64(truncatingIfNeeded: count)) &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 29
        return x
    }

    /// The hash of a word's bytes given one at a time (as they are written).
    public struct Builder: Sendable {
        private var hash = WordHash.seed
        private var word: UInt64 = 0
        public private(set) var count = 0

        public init() {}

        @inline(__always) public mutating func add(_ byte: UInt8) {
            word |= UInt64(byte) << UInt64((count & 7) &* 8)
            count &+= 1
            if count & 7 == 0 {
                hash = WordHash.mix(hash, word)
                word = 0
            }
        }

        public var isEmpty: Bool { count == 0 }

        /// The hash of the bytes added (`WordHash.of` their string).
        @inline(__always) public var value: UInt64 {
            WordHash.finish(count & 7 != 0 || count == 0 ? WordHash.mix(hash, word) : hash, count: count)
        }
    }

    /// The hash of up to fifteen bytes packed as `SmallASCII` packs them: the first eight in
    /// `low`, the rest in `high`, zeros past `count`.
    @inline(__always) public static func of(packed low: UInt64, _ high: UInt64, count: Int) -> UInt64 {
        let hash = mix(seed, low)
        return finish(count > 8 ? mix(hash, high) : hash, count: count)
    }

    @inline(__always) public static func of(bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = bytes.count
        var hash = seed
        var k = 0
        if n > 0 {
            let raw = UnsafeRawPointer(bytes.baseAddress!)
            while k + 8 <= n {
                hash = mix(hash, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)))
                k += 8
            }
        }
        if k < n || n == 0 {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while k < n {
                word |= UInt64(bytes[k]) << shift
                shift += 8
                k += 1
            }
            hash = mix(hash, word)
        }
        return finish(hash, count: n)
    }

    @inline(__always) public static func of(_ word: String) -> UInt64 {
        word.withUTF8Bytes { of(bytes: $0) }
    }
}

/// FNV-1a, 64-bit, over a string's UTF-8 bytes: a hash that stays the same from version to
/// version, for what outlives a run (which share of a batch a path falls in).
public enum PathHash {
    public static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}

/// FNV-1a steps over scalar values, for hashes that only this process compares with each
/// other (the hyphenation vocabulary's words, taken scalar by scalar).
enum ScalarHash {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always) static func step(_ hash: UInt64, _ unit: UInt64) -> UInt64 {
        (hash ^ unit) &* 0x100_0000_01b3
    }
}

/// A Bloom filter over a fixed word list: `mayContain` is false for every word not in the
/// list but a few in a hundred, and never false for a word in it. Callers confirm a "maybe"
/// with the list itself, so answers are exact. Each word sets two bits of one 64-bit word of
/// the filter (a blocked filter): one load answers, and a word that is not in the list passes
/// only when both its bits are set, far less often than one bit would be (the gazetteer's
/// 15,500 first words in 2^18 bits: about 1.5 in a hundred, against about 6 with one bit).
public struct WordFilter: Sendable {
    private var bits: [UInt64]
    private let wordMask: Int

    /// `bits` a power of two; about 64 times the number of words keeps false positives well
    /// under one in a hundred.
    public init<S: Sequence>(_ words: S, bits: Int = 1 << 14) where S.Element == String {
        precondition(bits >= 64 && bits & (bits - 1) == 0 && bits <= 1 << 32)
        self.bits = [UInt64](repeating: 0, count: bits / 64)
        wordMask = bits / 64 - 1
        for word in words { insert(hash: WordHash.of(word)) }
    }

    /// The filter word and the two bits of it that stand for `hash`: from the high bits of
    /// the hash multiplied by an odd constant (a product's high bits depend on all of the
    /// hash's bits, its low bits only on the hash's low ones).
    @inline(__always) static func position(_ hash: UInt64, _ wordMask: Int) -> (word: Int, bits: UInt64) {
        let mixed = hash &* 0x9E37_79B9_7F4A_7C15
        let word = Int(truncatingIfNeeded: mixed >> 26) & wordMask
        return (word, 1 &<< (mixed >> 58) | 1 &<< (mixed >> 52 & 63))
    }

    public mutating func insert(hash: UInt64) {
        let (word, set) = Self.position(hash, wordMask)
        bits[word] |= set
    }

    @inline(__always) public func mayContain(hash: UInt64) -> Bool {
        let (word, set) = Self.position(hash, wordMask)
        return bits[word] & set == set
    }
}

/// A word list (or a word → value table) that answers for a token through its precomputed
/// hash first: the filter and the table are one value, so a lookup can never skip the filter
/// or consult a filter built from other words. The filter holds each word's own bytes and
/// its NFC form's, so a token whose text is NFC for sure (`NFCCheck`: nearly every token)
/// can only be a word whose hash it has; any other token as written goes to the
/// table, with the canonical equivalence of Swift's string comparison.
public struct WordTable<Value: Sendable>: Sendable {
    private let filter: WordFilter
    /// What a word that passes the filter is looked up in, behind one reference: a copy of the
    /// table (a static one bound to a local, a table passed along) retains two objects, the
    /// filter's bits and this, not five. (The filter stays inline: a lookup's bit test reads no
    /// object first.)
    private final class Storage: Sendable {
        let table: [String: Value]
        /// Each word's hash, and its NFC form's, to its place in `entries` (-1 where two words
        /// share a hash, which leaves that hash to the dictionary): a word whose hash is known
        /// is found without hashing it again for the dictionary.
        let index: WordHashMap<Int>
        let entries: [(word: String, value: Value)]

        init(table: [String: Value], index: WordHashMap<Int>, entries: [(word: String, value: Value)]) {
            self.table = table
            self.index = index
            self.entries = entries
        }
    }
    private let storage: Storage

    public init(_ table: [String: Value], bits: Int = 1 << 14) {
        self.init(table, bits: bits, hashOf: WordHash.of)
    }

    /// - Parameter hashOf: `WordHash.of`, but in tests, which make words share a hash.
    init(_ table: [String: Value], bits: Int, hashOf: (String) -> UInt64) {
        var filter = WordFilter([], bits: bits)
        var index = WordHashMap<Int>(capacity: max(32, table.count * 2), empty: 0)
        var entries: [(word: String, value: Value)] = []
        entries.reserveCapacity(table.count)
        func place(_ hash: UInt64, _ position: Int) {
            if let other = index[hash], other != position { index[hash] = -1 } else { index[hash] = position }
        }
        for (word, value) in table {
            let hash = hashOf(word)
            filter.insert(hash: hash)
            place(hash, entries.count)
            // A word that is NFC for sure is its own NFC form: only the others are composed.
            if !NFCCheck.isNFCForSure(word) {
                let composed = hashOf(word.precomposedStringWithCanonicalMapping)
                filter.insert(hash: composed)
                place(composed, entries.count)
            }
            entries.append((word, value))
        }
        self.filter = filter
        storage = Storage(table: table, index: index, entries: entries)
    }

    /// The value for a token's lower-case form.
    @inline(__always) public func value(lower token: Token) -> Value? {
        filter.mayContain(hash: token.lowerHash) ? find(token.lower, hash: token.lowerHash) : nil
    }

    /// The value for a token as written.
    @inline(__always) public func value(text token: Token) -> Value? {
        if token.isPlainNFC && !filter.mayContain(hash: token.textHash) { return nil }
        return find(token.text, hash: token.textHash)
    }

    /// The value for `word`, whose `WordHash` is `hash`, as the dictionary answers it. A word
    /// whose hash has one entry is that entry when the two are equal strings. A word with no
    /// entry for its hash is in no entry when it is NFC for sure: a word equal to it as a
    /// string has it as its NFC form, whose hash the index holds. Anything else is asked of
    /// the dictionary. Out of line: the inlined part of a token lookup stays a bit test.
    @inline(never) func find(_ word: String, hash: UInt64) -> Value? {
        if let position = storage.index[hash] {
            if position >= 0, storage.entries[position].word == word { return storage.entries[position].value }
        } else if NFCCheck.isNFCForSure(word) {
            return nil
        }
        return storage.table[word]
    }

    /// The value for a word whose `WordHash` is known.
    @inline(__always) public func value(_ word: String, hash: UInt64) -> Value? {
        filter.mayContain(hash: hash) ? find(word, hash: hash) : nil
    }

    public subscript(word: String) -> Value? { storage.table[word] }
}

extension WordTable: ExpressibleByArrayLiteral where Value == Bool {
    /// A plain word list, written as one.
    public init(arrayLiteral elements: String...) { self.init(words: elements) }

    /// A plain word list.
    public init<S: Sequence>(words: S, bits: Int = 1 << 14) where S.Element == String {
        self.init(Dictionary(words.map { ($0, true) }, uniquingKeysWith: { first, _ in first }), bits: bits)
    }

    @inline(__always) public func contains(lower token: Token) -> Bool { value(lower: token) != nil }
    @inline(__always) public func contains(text token: Token) -> Bool { value(text: token) != nil }
    @inline(__always) public func contains(_ word: String, hash: UInt64) -> Bool { value(word, hash: hash) != nil }
    public func contains(_ word: String) -> Bool { self[word] != nil }
}

/// Well-spread 64-bit keys (`WordHash` values, words packed into their bytes) to values, by
/// open addressing on the keys themselves, where `Dictionary` and `Set` would hash each key
/// again on every insert and lookup.
public struct WordHashMap<Value: Sendable>: Sendable {
    private var keys: [UInt64]  // 0 marks an empty slot: the key 0 is kept apart
    private var values: [Value]
    private var zero: Value?
    private let empty: Value
    private var mask: Int
    public private(set) var count = 0

    /// - Parameter empty: what the unused slots hold (never returned).
    public init(capacity: Int = 32, empty: Value) {
        var size = 64
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Value](repeating: empty, count: size)
        self.empty = empty
        mask = size - 1
    }

    @inline(__always) private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    public subscript(key: UInt64) -> Value? {
        get {
            guard key != 0 else { return zero }
            var i = Self.slot(key, mask)
            while keys[i] != 0 {
                if keys[i] == key { return values[i] }
                i = (i + 1) & mask
            }
            return nil
        }
        set {
            guard let newValue else { preconditionFailure("WordHashMap keeps no removals") }
            guard key != 0 else { zero = newValue; return }
            var i = Self.slot(key, mask)
            while keys[i] != 0 {
                if keys[i] == key { values[i] = newValue; return }
                i = (i + 1) & mask
            }
            keys[i] = key
            values[i] = newValue
            count += 1
            if count * 2 > mask + 1 { grow() }
        }
    }

    private mutating func grow() {
        var bigger = WordHashMap(capacity: mask + 1, empty: empty)
        bigger.zero = zero
        for i in keys.indices where keys[i] != 0 { bigger[keys[i]] = values[i] }
        self = bigger
    }
}

/// A set of well-spread 64-bit keys.
public typealias WordHashSet = WordHashMap<Bool>

extension WordHashMap where Value == Bool {
    public init(capacity: Int = 32) { self.init(capacity: capacity, empty: false) }
    public mutating func insert(_ key: UInt64) { self[key] = true }
    public func contains(_ key: UInt64) -> Bool { self[key] != nil }
}
