extension String {
    /// `withUTF8` without a copy of the string to call it on: the string's own contiguous
    /// bytes, as a native or small string has them. (`withUTF8` is mutating, so callers made a
    /// copy, which is a retain and a release of the string's storage, two atomic operations,
    /// on every call.) A string without contiguous bytes (bridged) is copied and made so.
    @inlinable @inline(__always)
    public func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
