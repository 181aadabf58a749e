import Foundation
import Testing
@testable import MomentumApp

/// Fitted readings kept as files: one per field, written whole, and every failure silent.
@Suite struct DiskReadingCacheTests {
    static func folder() -> String {
        let path = NSTemporaryDirectory() + "momentum-readings-\(UUID().uuidString)"
        return path + "/cache/readings"
    }

    @Test func keepsOneFilePerFieldAndReadsItBack() throws {
        let cache = DiskReadingCache(directory: Self.folder())
        #expect(cache.bytes(forKey: "win-aaaa") == nil)
        cache.store([1, 2, 3], forKey: "win-aaaa")
        cache.store([4, 5], forKey: "moves-bbbb")
        #expect(cache.bytes(forKey: "win-aaaa") == [1, 2, 3])
        cache.store([6], forKey: "win-cccc")
        #expect(cache.bytes(forKey: "win-cccc") == [6])
        #expect(cache.bytes(forKey: "win-aaaa") == nil, "the field's older reading is gone")
        #expect(cache.bytes(forKey: "moves-bbbb") == [4, 5], "another field's stays")
        let names = try FileManager.default.contentsOfDirectory(atPath: cache.directory).sorted()
        #expect(names == ["moves-bbbb.reading", "win-cccc.reading"], "no temporary file is left")
    }

    @Test func aFolderThatCannotBeMadeIsNoError() throws {
        let blocked = NSTemporaryDirectory() + "momentum-readings-\(UUID().uuidString)"
        #expect(FileManager.default.createFile(atPath: blocked, contents: Data("a file, not a folder".utf8)))
        let cache = DiskReadingCache(directory: blocked + "/readings")
        cache.store([1], forKey: "win-aaaa")
        #expect(cache.bytes(forKey: "win-aaaa") == nil)
    }

    @Test func aHomeKeepsItsReadingsUnderCache() {
        #expect(RuleLoader.readingCache(home: "/h").directory == "/h/cache/readings")
    }
}
