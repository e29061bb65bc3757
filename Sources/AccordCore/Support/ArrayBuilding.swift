extension Array {
    /// `count` elements, the i-th being `make(i)`, written straight into an array of that
    /// size (no growth, no call per element to append).
    @inlinable
    public init(count: Int, _ make: (Int) throws -> Element) rethrows {
        try self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            for i in 0..<count {
                (buffer.baseAddress! + i).initialize(to: try make(i))
                initialized = i + 1
            }
        }
    }
}

extension String {
    // `["of", "for", "on"].contains(word)` without the array: a literal array is made, its
    // strings stored and then destroyed, at every evaluation (in the extractors' loops, at
    // every word they read). These compare the same way, in the same order.
    @inline(__always) func isOne(of a: String, _ b: String) -> Bool { self == a || self == b }
    @inline(__always) func isOne(of a: String, _ b: String, _ c: String) -> Bool { self == a || self == b || self == c }
    @inline(__always) func isOne(of a: String, _ b: String, _ c: String, _ d: String) -> Bool {
        self == a || self == b || self == c || self == d
    }
    @inline(__always) func isOne(of a: String, _ b: String, _ c: String, _ d: String, _ e: String) -> Bool {
        self == a || self == b || self == c || self == d || self == e
    }
}
