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
