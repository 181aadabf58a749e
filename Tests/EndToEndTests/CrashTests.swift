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
        for _ in 0..<100 where (try? Store.open(path: store).draft()?.answers.count) != 2 {
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.kill()
        try process.wait()
        let resumed = try MomentumProcess.run(["--home", directory], input: "resume\n")
        #expect(resumed.output.contains("Picking up your plan \"Ship the billing page\".\nWhich one number will tell you early that it is working?"))
    }
}
