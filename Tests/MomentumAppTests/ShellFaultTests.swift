import Foundation
import GRDB
import Testing
@testable import MomentumApp
@testable import MomentumCore
@testable import MomentumStore

/// A save that fails (disk full, I/O error) says so, loses nothing, and can be retried.
@Suite struct ShellFaultTests {
    static let long = String(repeating: "a long answer that fills pages ", count: 60)

    @Test func aFullDiskKeepsTheDraftAndTheSaveCanBeRetried() throws {
        let path = NSTemporaryDirectory() + "momentum-full-\(UUID().uuidString).sqlite"
        let store = try Store.open(path: path)
        let shell = Shell(store: store, rules: RuleLoader.load(userDirectory: nil, extraPaths: [], includeDefaults: false),
                          environment: ShellEnvironment(now: { Date(timeIntervalSince1970: 1_763_900_000) }, timeZone: .gmt, files: ScratchFiles()))
        let answers = ["new", "Goal " + ShellFaultTests.long, ShellFaultTests.long, "upgrades per week", "skip", "skip", "new",
                       "Step " + ShellFaultTests.long, ShellFaultTests.long, ShellFaultTests.long, "1", "", ShellFaultTests.long, "no"]
        for answer in answers { _ = shell.handle(answer) }
        #expect(shell.prompt.name == "save")

        // No free page left and none may be added: the plan's rows cannot be written.
        try store.db.writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM")
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count")!
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
        let failed = shell.handle("yes").lines.map(\.text)
        #expect(failed.contains { $0.hasPrefix("Error: \(path): could not save (") && $0.hasSuffix("nothing was changed. Your draft is kept.") })
        #expect(failed.last == "Nothing was lost: type resume later, or answer again.")
        #expect(try store.planCount() == 0)
        #expect(try store.draft()?.answers.count == answers.count - 1)

        try store.db.writeWithoutTransaction { try $0.execute(sql: "PRAGMA max_page_count = 1073741823") }
        #expect(shell.handle("yes").lines.last?.text.hasPrefix("Saved as plan 1 ") == true)
        #expect(try store.draft() == nil)
        #expect(try store.integrityCheck() == "ok")
    }
}
