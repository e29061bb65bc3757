import AccordCLI
import Foundation
import Testing

@Suite struct AllocatorCacheTests {
    @Test func cacheSizeIsAddedToOtherSettings() {
        #expect(AllocatorCache.tunables(adding: nil) == "glibc.malloc.tcache_count=1024")
        #expect(AllocatorCache.tunables(adding: "") == "glibc.malloc.tcache_count=1024")
        #expect(AllocatorCache.tunables(adding: "glibc.malloc.mxfast=64") == "glibc.malloc.mxfast=64:glibc.malloc.tcache_count=1024")
        // A setting of the user's (or of the first start) is kept: no second execution.
        #expect(AllocatorCache.tunables(adding: "glibc.malloc.tcache_count=7") == nil)
        #expect(AllocatorCache.tunables(adding: "glibc.malloc.mxfast=64:glibc.malloc.tcache_count=7") == nil)
        // Only that name: a longer one is another setting.
        #expect(AllocatorCache.tunables(adding: "glibc.malloc.tcache_count_x=1") == "glibc.malloc.tcache_count_x=1:glibc.malloc.tcache_count=1024")
    }

    #if os(Linux)
    /// The environment `accord extract -` runs with while it waits for its standard input
    /// (the same process after its second start), and what it printed then.
    func environmentWhileWaiting(tunables: String?, awaited: String = "") throws -> (environment: [String], status: Int32, report: Data) {
        let process = Process()
        process.executableURL = try accordBinary()
        process.arguments = ["extract", "-"]
        var environment = ProcessInfo.processInfo.environment
        environment["GLIBC_TUNABLES"] = tunables
        process.environment = environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Its environment is read while it waits for the input it is not given yet: as soon as
        // it holds `awaited` (the second start has happened; up to ten seconds, for a slow
        // machine), or after a second when nothing is awaited.
        let path = URL(fileURLWithPath: "/proc/\(process.processIdentifier)/environ")
        var environ = Data()
        let began = Date()
        repeat {
            Thread.sleep(forTimeInterval: 0.05)
            environ = (try? Data(contentsOf: path)) ?? Data()
        } while !environ.split(separator: 0).contains(where: { $0.elementsEqual(awaited.utf8) })
            && Date().timeIntervalSince(began) < (awaited.isEmpty ? 1 : 10)
        input.fileHandleForWriting.write(Data("The United States and Mexico signed an agreement.\n".utf8))
        try input.fileHandleForWriting.close()
        let report = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let entries = environ.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return (entries, process.terminationStatus, report)
    }

    @Test func accordRunsWithTheLargerCache() throws {
        let run = try environmentWhileWaiting(tunables: nil, awaited: "GLIBC_TUNABLES=glibc.malloc.tcache_count=1024")
        #expect(run.status == 0)
        #expect(run.environment.contains("GLIBC_TUNABLES=glibc.malloc.tcache_count=1024"))
        #expect(String(decoding: run.report, as: UTF8.self).contains("\"Mexico\""))
    }

    @Test func theUsersOwnSettingIsKept() throws {
        let run = try environmentWhileWaiting(tunables: "glibc.malloc.tcache_count=7")
        #expect(run.status == 0)
        #expect(run.environment.contains("GLIBC_TUNABLES=glibc.malloc.tcache_count=7"))
        #expect(!run.environment.contains { $0.contains("tcache_count=1024") })
    }
    #endif
}
