import Foundation
import GRDB
import Testing
@testable import MomentumApp
@testable import MomentumCore
@testable import MomentumStore

/// A save that fails (disk full, I/O error) says so, loses nothing, and can be retried.
@Suite struct ShellFaultTests {
    static let long = String(repeating: "a long answer that fills pages ", count: 60)

    static func scratchShell() throws -> Shell {
        Shell(store: try Store.inMemory(), rules: RuleLoader.load(userDirectory: nil, extraPaths: []),
              environment: ShellEnvironment(now: { Date(timeIntervalSince1970: 1_763_900_000) }, timeZone: .gmt, files: ScratchFiles()))
    }

    @Test func aOneMegabyteLineIsRefusedBriefly() throws {
        let shell = try ShellFaultTests.scratchShell()
        let huge = String(repeating: "x", count: 1_048_576)
        let top = shell.handle(huge).lines.map(\.text)
        #expect(top == ["Unknown command '\(String(repeating: "x", count: 40))…'.", "Type help to see the commands."])
        _ = shell.handle("new")
        #expect(shell.handle(huge).lines.first?.text == "That answer is 1048576 characters; keep it under 2000. One sentence is best.")
        #expect(shell.prompt.name == "goal")
    }

    @Test func anAmbiguousPlanReferenceListsTheMatches() throws {
        let shell = try ShellFaultTests.scratchShell()
        for goal in ["Ship the billing page", "Ship the mobile app", "Write the novel"] {
            _ = try shell.store.save(Plan(goal: goal, metric: Metric(name: "m"), milestones: [Milestone(title: "a"), Milestone(title: "b")]),
                                     describing: "create", at: Date())
        }
        #expect(shell.handle("show ship").lines.map(\.text) == ["'ship' matches several plans: 1 \"Ship the billing page\", 2 \"Ship the mobile app\". Use the id."])
        #expect(shell.handle("show ship the m").lines.first?.text == "Plan 2 (active): Ship the mobile app")
        #expect(shell.handle("show novel").lines.first?.text == "Plan 3 (active): Write the novel")
        #expect(shell.handle("done 3.4").lines.map(\.text) == ["Plan 3 has no milestone 4; it has 2. Type show 3."])
        #expect(shell.handle("done 3").lines.map(\.text) == ["Which milestone? Usage: done PLAN.MILESTONE (e.g. 3.1, the next open one: a)"])
    }

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
