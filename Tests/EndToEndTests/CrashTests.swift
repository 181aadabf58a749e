import Foundation
import Testing
@testable import MomentumCore
@testable import MomentumStore

/// A process killed with SIGKILL in the middle of saving leaves the last committed state intact.
@Suite struct CrashTests {
    static let plansPerImport = 5
    static let milestonesPerPlan = 20

    @Test func killedAtManyPointsWhileSavingLosesNothingCommitted() throws {
        let directory = NSTemporaryDirectory() + "momentum-kill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let plans = (1...CrashTests.plansPerImport).map { number in
            Plan(goal: "Plan \(number)", metric: Metric(name: "upgrades"),
                 milestones: (1...CrashTests.milestonesPerPlan).map { Milestone(title: "Step \($0) " + String(repeating: "x", count: 200)) })
        }
        try PlanJSON.encode(plans).write(to: URL(fileURLWithPath: directory + "/plans.json"))
        let store = directory + "/m.sqlite"
        let input = String(repeating: "import \(directory)/plans.json\n", count: 400)

        var previousCount = 0
        for delay in stride(from: 0.03, through: 0.6, by: 0.03) {
            let process = try MomentumProcess.start(["--home", directory, "--store", store], input: input, keepInputOpen: true)
            Thread.sleep(forTimeInterval: delay)
            process.kill()
            try process.wait()

            let reopened = try Store.open(path: store)
            #expect(try reopened.integrityCheck() == "ok")
            let summaries = try reopened.summaries()
            #expect(summaries.count % CrashTests.plansPerImport == 0, "an import was saved in part (killed after \(delay) s)")
            #expect(summaries.allSatisfy { $0.total == CrashTests.milestonesPerPlan }, "a plan was saved in part")
            #expect(summaries.count >= previousCount, "committed plans were lost")
            previousCount = summaries.count
        }
        #expect(previousCount > 0, "no import was ever committed: the kills came too early to test anything")
    }

    @Test func twoShellsImportingAtOnceLoseNothing() throws {
        let directory = try MomentumProcess.scratchDirectory()
        let plans = (1...CrashTests.plansPerImport).map { Plan(goal: "Plan \($0)", metric: Metric(name: "m"), milestones: [Milestone(title: "a")]) }
        try PlanJSON.encode(plans).write(to: URL(fileURLWithPath: directory + "/plans.json"))
        let imports = 30
        let processes = try (0..<2).map { _ -> Child in
            try MomentumProcess.start(["--home", directory], input: String(repeating: "import \(directory)/plans.json\n", count: imports))
        }
        #expect(try processes.map { try $0.wait() } == [0, 0])
        let store = try Store.open(path: directory + "/momentum.sqlite")
        #expect(try store.planCount() == 2 * imports * CrashTests.plansPerImport)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func aDraftSurvivesKillMinus9MidFlow() throws {
        let directory = try MomentumProcess.scratchDirectory()
        let process = try MomentumProcess.start(["--home", directory], input: "new\nShip the billing page\nCustomers upgrade alone\n",
                                                keepInputOpen: true)
        let store = directory + "/momentum.sqlite"
        // The shell holds its draft, so this process reads the row itself rather than through the store.
        for _ in 0..<100 where DraftPerShellTests.draftAnswers(store) != 2 {
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.kill()
        try process.wait()
        let resumed = try MomentumProcess.run(["--home", directory], input: "resume\n")
        #expect(resumed.output.contains("Picking up your plan \"Ship the billing page\".\nWhich one number will tell you early that it is working?"))
    }
}

/// Each shell has its own draft, held by a lock the operating system frees when the shell dies.
@Suite struct DraftPerShellTests {
    static let wholeFlow = ["new", "Grow my design newsletter into a paid product", "Readers pay for the deep-dive issues",
                            "Readers who upgrade to the paid tier per month", "12", "40 by June", "new",
                            "Write the first paid deep-dive issue", "The issue is published to paid subscribers",
                            "Link to the published issue", "2", "", "The first thing paid readers get", "no", "yes", "quit"]

    /// Read by another program, since the shell under test holds its draft.
    static func query(_ store: String, _ expression: String) -> Int {
        (try? Child.run(["/usr/bin/env", "python3", "-c",
                         "import sqlite3, json; db = sqlite3.connect('file:\(store)?mode=ro', uri=True); print(\(expression))"]))
            .flatMap { Int($0.output.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
    }

    static func draftRows(_ store: String) -> Int {
        query(store, "db.execute('SELECT COUNT(*) FROM draft').fetchone()[0]")
    }

    static func draftAnswers(_ store: String) -> Int {
        query(store, "max([len(json.loads(form)['answers']) for (form,) in db.execute('SELECT form FROM draft')] or [0])")
    }

    @Test func aSecondShellRunsItsOwnFlowAndAKilledShellsDraftIsOfferedNext() throws {
        let directory = try MomentumProcess.scratchDirectory()
        let store = directory + "/momentum.sqlite"
        let first = try MomentumProcess.start(["--home", directory], input: "new Ship the billing page\nCustomers upgrade alone\n", keepInputOpen: true)
        for _ in 0..<200 where Self.draftRows(store) == 0 { Thread.sleep(forTimeInterval: 0.05) }
        try #require(Self.draftRows(store) == 1, "the first shell saved its draft")

        let second = try MomentumProcess.run(["--home", directory], input: Self.wholeFlow.joined(separator: "\n") + "\n")
        #expect(second.status == 0)
        #expect(!second.output.contains("Ship the billing page"), "the live draft of the first shell is not offered")
        #expect(second.output.contains("Saved as plan 1 \"Grow my design newsletter into a paid product\"."))
        #expect(Self.draftRows(store) == 1, "the second shell's draft is gone once saved; the first's is kept")
        // A newcomer's resume said "Nothing to resume" while the first shell held the draft.
        let meanwhile = try MomentumProcess.run(["--home", directory], input: "resume\n")
        #expect(meanwhile.output.contains("Your unfinished flow is open in another shell: finish it there, or leave that shell and type resume here."))

        first.kill()
        try first.wait()
        let next = try MomentumProcess.run(["--home", directory], input: "resume\n")
        #expect(next.output.contains("Picking up your plan \"Ship the billing page\"."))
        let plans = try MomentumProcess.run(["plans", "--home", directory])
        #expect(plans.output.components(separatedBy: "Grow my design newsletter").count == 2, "saved once")
    }
    /// A newcomer with two killed shells heard of one draft; the other turned up only later.
    @Test func startUpCountsTheDraftsWaitingBehindTheOneOffered() throws {
        let directory = try MomentumProcess.scratchDirectory()
        let store = directory + "/momentum.sqlite"
        let first = try MomentumProcess.start(["--home", directory], input: "new Ship the billing page\n", keepInputOpen: true)
        for _ in 0..<200 where Self.draftRows(store) < 1 { Thread.sleep(forTimeInterval: 0.05) }
        let second = try MomentumProcess.start(["--home", directory], input: "new Run a 10k in May\n", keepInputOpen: true)
        for _ in 0..<200 where Self.draftRows(store) < 2 { Thread.sleep(forTimeInterval: 0.05) }
        try #require(Self.draftRows(store) == 2, "both shells saved a draft")
        for shell in [first, second] {
            shell.kill()
            try shell.wait()
        }
        let next = try MomentumProcess.run(["--home", directory], input: "discard\nresume\n")
        #expect(next.output.contains("Type resume to continue it (1 more draft after it: finish or discard this one to reach it)."), "\(next.output)")
        #expect(next.output.contains("Dropped the unfinished"))
        #expect(next.output.contains("Picking up your plan"), "the other draft comes next")
    }
}
