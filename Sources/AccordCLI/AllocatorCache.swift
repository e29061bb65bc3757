import Foundation

/// glibc keeps a few freed blocks of each small size (seven by default) in a per-thread cache
/// that `malloc` takes from without touching its bins. A document's stages free thousands of
/// blocks of a few sizes at once (its tokens' and records' strings and arrays) and make as
/// many for the next document: past the seventh, each went through the bins and was merged
/// and split again. With room for 1,024 a size, they are reused from the cache: about 2% less
/// time end to end on `accord bench` (40 MB, one job, paired runs), for 2 MB more peak memory
/// (83 → 85 MB).
///
/// The cache's size is read only from the environment when the process starts
/// (`GLIBC_TUNABLES`; glibc has no call for it), so `accord` sets it and executes itself
/// again, once: the same program, arguments, process and open files. Nothing is done where
/// the C library is not glibc, where `/proc/self/exe` cannot be executed (the run goes on
/// as it is), or where `GLIBC_TUNABLES` already sets the cache's size (the user's setting,
/// or the second start).
public enum AllocatorCache {
    static let setting = "glibc.malloc.tcache_count=1024"

    /// `GLIBC_TUNABLES` with the cache's size added to `current` (other settings kept), or nil
    /// when `current` sets it already.
    public static func tunables(adding current: String?) -> String? {
        guard let current, !current.isEmpty else { return setting }
        if current.split(separator: ":").contains(where: { $0.hasPrefix("glibc.malloc.tcache_count=") }) { return nil }
        return current + ":" + setting
    }

    /// Executes this program again with the cache's size set, when it is not; returns only
    /// when that is not done (set already, not glibc, or the execution failed, in which case
    /// the environment is as it was).
    public static func enlargeAndRestart() {
        #if os(Linux) && canImport(Glibc)
        let current = getenv("GLIBC_TUNABLES").map { String(cString: $0) }
        guard let value = tunables(adding: current) else { return }
        setenv("GLIBC_TUNABLES", value, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Still here: the program could not be executed again. Go on with glibc's default.
        if let current { setenv("GLIBC_TUNABLES", current, 1) } else { unsetenv("GLIBC_TUNABLES") }
        #endif
    }
}
