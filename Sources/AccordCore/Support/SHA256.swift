import CAccordSHA

/// SHA-256 (FIPS 180-4). Foundation on Linux has no CryptoKit, and swift-crypto is not
/// among the project's allowed packages; this is the whole algorithm, checked in the
/// tests against the standard test vectors. Where the processor has the SHA extensions,
/// the blocks go through them (CAccordSHA, tested against the Swift rounds here).
public struct SHA256: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    )
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    /// The round constants (one table, CAccordSHA's), where the rounds read them without
    /// bounds checks or copies.
    nonisolated(unsafe) private static let roundConstants: UnsafePointer<UInt32> = accord_sha256_round_constants()

    public init() {}

    /// Whether this processor's SHA instructions are used (checked once).
    public static let usesProcessorInstructions = accord_sha256_ni_available() == 1

    /// For tests: the portable Swift rounds even where the SHA instructions exist.
    var portable = false

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        length &+= UInt64(bytes.count)
        if bytes.withContiguousStorageIfAvailable({ consume($0) }) == nil {
            Array(bytes).withUnsafeBufferPointer { consume($0) }
        }
    }

    /// Whole blocks straight from the input; only a partial block is kept for later.
    private mutating func consume(_ input: UnsafeBufferPointer<UInt8>) {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, input.count)
            pending.append(contentsOf: UnsafeBufferPointer(start: base, count: take))
            offset = take
            guard pending.count == 64 else { return }
            pending.withUnsafeBufferPointer { processBlocks($0.baseAddress!, 1) }
            pending.removeAll(keepingCapacity: true)
        }
        let blocks = (input.count - offset) / 64
        if blocks > 0 {
            processBlocks(base + offset, blocks)
            offset += blocks * 64
        }
        if offset < input.count { pending.append(contentsOf: UnsafeBufferPointer(start: base + offset, count: input.count - offset)) }
    }

    public mutating func finalize() -> [UInt8] {
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        let bits = length &* 8
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        tail.withUnsafeBufferPointer { buffer in processBlocks(buffer.baseAddress!, buffer.count / 64) }
        pending = []
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        for word in [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7] {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    /// `count` consecutive 64-byte blocks at `data`: through the SHA instructions where the
    /// processor has them, otherwise the Swift rounds, with the message schedule on the stack.
    private mutating func processBlocks(_ data: UnsafePointer<UInt8>, _ count: Int) {
        if SHA256.usesProcessorInstructions && !portable {
            withUnsafeMutableBytes(of: &state) { raw in
                accord_sha256_blocks_ni(raw.baseAddress!.assumingMemoryBound(to: UInt32.self), data, count)
            }
            return
        }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { w in
            for block in 0..<count { compress(data + 64 * block, w) }
        }
    }

    /// The 64 rounds, eight at a time with the working variables renamed rather than moved,
    /// and the message schedule in a window of 16 words computed as the rounds need it.
    private mutating func compress(_ data: UnsafePointer<UInt8>, _ w: UnsafeMutableBufferPointer<UInt32>) {
        let w = w.baseAddress!
        for i in 0..<16 {
            let j = i * 4
            w[i] = UInt32(data[j]) << 24 | UInt32(data[j + 1]) << 16 | UInt32(data[j + 2]) << 8 | UInt32(data[j + 3])
        }
        var a = state.0, b = state.1, c = state.2, d = state.3
        var e = state.4, f = state.5, g = state.6, h = state.7
        @inline(__always) func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                                     _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
            let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ kw
            let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
            d = d &+ t1
            h = t1 &+ t2
        }
        /// Word `i` of the schedule (i >= 16), written over word i - 16 in the window.
        @inline(__always) func schedule(_ i: Int) -> UInt32 {
            let w15 = w[(i - 15) & 15], w2 = w[(i - 2) & 15]
            let s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3)
            let s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10)
            let word = w[i & 15] &+ s0 &+ w[(i - 7) & 15] &+ s1
            w[i & 15] = word
            return word
        }
        let k = SHA256.roundConstants
        // Two loops, so that neither branches on which half of the schedule it is in.
        var i = 0
        while i < 16 {
            round(a, b, c, &d, e, f, g, &h, k[i] &+ w[i])
            round(h, a, b, &c, d, e, f, &g, k[i + 1] &+ w[i + 1])
            round(g, h, a, &b, c, d, e, &f, k[i + 2] &+ w[i + 2])
            round(f, g, h, &a, b, c, d, &e, k[i + 3] &+ w[i + 3])
            round(e, f, g, &h, a, b, c, &d, k[i + 4] &+ w[i + 4])
            round(d, e, f, &g, h, a, b, &c, k[i + 5] &+ w[i + 5])
            round(c, d, e, &f, g, h, a, &b, k[i + 6] &+ w[i + 6])
            round(b, c, d, &e, f, g, h, &a, k[i + 7] &+ w[i + 7])
            i += 8
        }
        while i < 64 {
            round(a, b, c, &d, e, f, g, &h, k[i] &+ schedule(i))
            round(h, a, b, &c, d, e, f, &g, k[i + 1] &+ schedule(i + 1))
            round(g, h, a, &b, c, d, e, &f, k[i + 2] &+ schedule(i + 2))
            round(f, g, h, &a, b, c, d, &e, k[i + 3] &+ schedule(i + 3))
            round(e, f, g, &h, a, b, c, &d, k[i + 4] &+ schedule(i + 4))
            round(d, e, f, &g, h, a, b, &c, k[i + 5] &+ schedule(i + 5))
            round(c, d, e, &f, g, h, a, &b, k[i + 6] &+ schedule(i + 6))
            round(b, c, d, &e, f, g, h, &a, k[i + 7] &+ schedule(i + 7))
            i += 8
        }
        state.0 &+= a; state.1 &+= b; state.2 &+= c; state.3 &+= d
        state.4 &+= e; state.5 &+= f; state.6 &+= g; state.7 &+= h
    }

    @inline(__always) private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    /// The lowercase hexadecimal digest of `bytes`.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hexString(hasher.finalize())
    }

    public static func hexString(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(digest.count * 2)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
