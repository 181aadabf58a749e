import Foundation
import Testing
@testable import MomentumCore
@testable import MomentumStore
import MomentumPostgres

/// The store operations exercised through the `PlanStore` protocol only, once per engine, so both
/// engines pass the same checks. PostgreSQL joins when `MOMENTUM_TEST_POSTGRES` names a server
/// (`make test` starts one with scripts/postgres-test-server.sh); without one, `PostgresStoreTests`
/// is reported as skipped, with the reason.
@Suite struct PlanStoreTests {
    static let engines: [String] = ["sqlite"] + (PostgresTestServer.url == nil ? [] : ["postgres"])

    static func open(_ engine: String) throws -> any PlanStore {
        engine == "postgres" ? try PostgresTestServer.freshStore() : try Store.inMemory()
    }

    @Test(arguments: engines) func savesUpdatesAndUndoesThroughTheProtocol(engine: String) throws {
        let store = try Self.open(engine)
        let id = try store.save(StoreTests.plan, describing: "create", at: StoreTests.date)
        #expect(try store.planCount() == 1)
        let changed = try store.update(id, describing: "rename", at: StoreTests.date) { $0.goal = "Ship it" }
        #expect(changed.goal == "Ship it")
        #expect(try store.undo() == "rename")
        #expect(try store.plan(id)?.goal == StoreTests.plan.goal)
        #expect(try store.summaries(includeClosed: false, limit: nil, offset: 0, owner: nil).map(\.id) == [id])
    }

    @Test(arguments: engines) func keepsSettingsAndReviewsThroughTheProtocol(engine: String) throws {
        let store = try Self.open(engine)
        #expect(try store.setting("tone") == nil)
        try store.setSetting("tone", to: "brief")
        try store.setSetting("tone", to: "plain")
        #expect(try store.setting("tone") == "plain")
        try store.saveReview("A good week", at: StoreTests.date)
        #expect(try store.reviews().map(\.body) == ["A good week"])
    }

    /// The wins come back in the order they were logged, not their days': a win logged today for
    /// yesterday (`done --on yesterday`) carries the latest reading, and sorting by day lost it.
    @Test(arguments: engines) func winsKeepTheOrderTheyWereLogged(engine: String) throws {
        let store = try Self.open(engine)
        let id = try store.save(Plan(goal: "Finish the literature review", metric: Metric(name: "sections sent"),
                                     milestones: [Milestone(title: "Outline"), Milestone(title: "Section 1")]),
                                describing: "create", at: StoreTests.date)
        _ = try store.update(id, describing: "done 1.1", at: StoreTests.date) {
            $0.wins.append(Win(milestone: 1, date: StoreTests.date, note: "Outline sent", metricReading: "still 0"))
        }
        _ = try store.update(id, describing: "done 1.2", at: StoreTests.date) {
            $0.wins.append(Win(milestone: 2, date: StoreTests.date - 86_400, note: "Section 1 sent", metricReading: "1"))
        }
        let plan = try #require(try store.plan(id))
        #expect(plan.wins.map(\.metricReading) == ["still 0", "1"])
        #expect(plan.winsByDate.map(\.note) == ["Section 1 sent", "Outline sent"])
    }

    /// A plan comes back whole: every field, milestone, kept finding, win and skip.
    @Test(arguments: engines) func savesAPlanWholeAndReadsItBack(engine: String) throws {
        let store = try Self.open(engine)
        var plan = StoreTests.plan
        plan.outcome = "Readers pay"
        plan.metric = Metric(name: "upgrades", baseline: "12", target: "40")
        plan.stalled = StalledContext(lastProgress: "May", blocker: "no time")
        plan.milestones[0].status = .done
        plan.milestones[0].closedAt = StoreTests.date
        plan.milestones[1].owner = "sam"
        plan.milestones[1].timeboxDays = 2.5
        plan.overrides = [Override(ruleID: "vague", path: "milestones[0].title", text: "Compare", reason: "it is clear to us")]
        plan.wins = [Win(milestone: 1, date: StoreTests.date, note: "picked one", evidence: "doc.md", metricReading: "13"),
                     Win(milestone: 1, date: StoreTests.date, note: "asked twice", metricReading: "4", readingMetric: "quotes asked for")]
        plan.skips = [Skip(milestone: 2, date: StoreTests.date, kind: .blocked, reason: "waiting on the bank")]
        plan.createdAt = StoreTests.date
        let id = try store.save(plan, describing: "create", at: StoreTests.date)
        plan.id = id
        if engine == "postgres" {
            // A shared store knows people: "me" is whoever saved it, and a win is logged by them.
            plan.milestones[0].owner = "ada"
            plan.wins[0].by = "ada"
            plan.wins[1].by = "ada"
        }
        #expect(try store.plan(id) == plan)
        #expect(try store.allPlans(status: .active) == [plan])
        #expect(try store.allPlans(status: .archived) == [])
        #expect(try store.summaries(includeClosed: false, limit: nil, offset: 0, owner: nil)
            == [PlanSummary(id: id, goal: plan.goal, status: .active, done: 1, total: 2, next: "Connect checkout", lastWin: StoreTests.date)])
    }

    /// An imported task's uuid, due date and attributes, and a timebox nobody gave, through save
    /// and load, an edit, undo and migrate's copy.
    @Test(arguments: engines) func anImportedTaskSurvivesEditsUndoAndCopying(engine: String) throws {
        let store = try Self.open(engine)
        let plan = Plan(goal: "garden", milestones: [
            Milestone(title: "Dig the bed", timeboxDays: 19, owner: "Dana", importedTask: StoreTests.importedTask),
            Milestone(title: "Buy seeds", timeboxDays: nil, owner: "Dana", importedTask: ImportedTask(uuid: "f7bf719c-829a-4856-b608-cf68d279302d")),
        ], createdAt: StoreTests.date)
        let id = try store.save(plan, describing: "import", at: StoreTests.date)
        #expect(try store.plan(id)?.milestones == plan.milestones)
        try store.update(id, describing: "edit 1.2", at: StoreTests.date) { plan in
            plan.milestones[1].title = "Buy carrot seeds"
            plan.milestones[1].timeboxDays = 1
        }
        let edited = try #require(try store.plan(id))
        #expect(edited.milestones[1].importedTask == plan.milestones[1].importedTask)
        #expect(edited.milestones[1].givenTimeboxDays == 1)
        #expect(try store.undo() == "edit 1.2")
        #expect(try store.plan(id)?.milestones == plan.milestones)
        let copy = try Self.open(engine)
        try copy.copyIn(plans: try store.allPlans(), reviews: [], settings: [])
        #expect(try copy.plan(id)?.milestones == plan.milestones)
    }

    @Test(arguments: engines) func pagesAndCountsSummaries(engine: String) throws {
        let store = try Self.open(engine)
        let plans = (1...5).map { index in Plan(goal: "Goal \(index)", status: index == 3 ? .archived : .active) }
        let ids = try store.saveAll(plans, describing: { "import \($0.goal)" }, at: StoreTests.date)
        #expect(try store.summaryCount(includeClosed: false, owner: nil) == 4)
        #expect(try store.summaryCount(includeClosed: true, owner: nil) == 5)
        #expect(try store.summaries(includeClosed: false, limit: 2, offset: 2, owner: nil).map(\.goal) == ["Goal 4", "Goal 5"])
        #expect(try store.summaries(includeClosed: true, limit: nil, offset: 0, owner: nil).map(\.id) == ids)
    }

    @Test(arguments: engines) func findsPlansByIdPrefixOrWord(engine: String) throws {
        let store = try Self.open(engine)
        let ids = try store.saveAll([Plan(goal: "Ship the billing page"), Plan(goal: "Write the Übersicht"), Plan(goal: "Shipping labels", status: .dropped)],
                                    describing: { _ in "import" }, at: StoreTests.date)
        #expect(try store.plans(matching: "ship").map(\.id) == [ids[0]])
        #expect(try store.plans(matching: "übersicht").map(\.id) == [ids[1]])
        #expect(try store.plans(matching: "the").map(\.id) == [ids[0], ids[1]])
        #expect(try store.plans(matching: String(ids[2])).map(\.goal) == ["Shipping labels"])
    }

    /// An error thrown while importing (a mistake further down the file) saves none of the plans.
    @Test(arguments: engines) func saveEachKeepsNothingWhenTheProducerFails(engine: String) throws {
        struct MistakeInTheFile: Error {}
        let store = try Self.open(engine)
        #expect(throws: MistakeInTheFile.self) {
            try store.saveEach(describing: { _ in "import" }, at: StoreTests.date) { save in
                _ = try save(Plan(goal: "First"))
                throw MistakeInTheFile()
            }
        }
        #expect(try store.planCount() == 0)
        #expect(try store.undo() == nil)
    }

    @Test(arguments: engines) func undoRevertsSeveralLevelsThenStops(engine: String) throws {
        let store = try Self.open(engine)
        let id = try store.save(StoreTests.plan, describing: "create plan", at: StoreTests.date)
        try store.update(id, describing: "done 1.1", at: StoreTests.date) { $0.milestones[0].status = .done }
        try store.update(id, describing: "drop plan 1", at: StoreTests.date) { $0.status = .dropped }
        #expect(try store.nextUndo().map { "\($0.description) \($0.planID) \($0.removesPlan)" } == "drop plan 1 \(id) false")
        #expect(try store.undo() == "drop plan 1")
        #expect(try store.plan(id)?.status == .active)
        #expect(try store.undo() == "done 1.1")
        #expect(try store.plan(id)?.milestones[0].status == .open)
        #expect(try store.nextUndo().map { "\($0.description) \($0.planID) \($0.removesPlan)" } == "create plan \(id) true")
        #expect(try store.plan(id) != nil, "looking at the next undo reverts nothing")
        #expect(try store.undo() == "create plan")
        #expect(try store.plan(id) == nil)
        #expect(try store.nextUndo() == nil)
        #expect(try store.undo() == nil)
    }

    @Test(arguments: engines) func updatingAMissingPlanSaysSo(engine: String) throws {
        let store = try Self.open(engine)
        #expect { try store.update(42, describing: "done 42.1", at: StoreTests.date) { _ in } } throws: { error in
            "\(error)".hasSuffix("no plan 42; type plans to see them")
        }
    }

    @Test(arguments: engines) func winsPageAndFilterByDate(engine: String) throws {
        let store = try Self.open(engine)
        var plan = StoreTests.plan
        plan.wins = (0..<10).map { StoreTests.win(1, $0) }
        let id = try store.save(plan, describing: "create", at: StoreTests.date)
        let day = { (offset: Int) in StoreTests.date + Double(offset) * 86_400 }
        #expect(try store.wins(planID: nil, since: nil, until: nil, latest: 3, by: nil).map(\.win.note) == [7, 8, 9].map { "day \($0) of plan 1" })
        #expect(try store.wins(planID: id, since: day(2), until: day(8), latest: 2, by: nil).map(\.win.note) == [6, 7].map { "day \($0) of plan 1" })
        #expect(try store.wins(planID: id + 1, since: nil, until: nil, latest: nil, by: nil) == [])
        #expect(try store.wins(planID: nil, since: nil, until: nil, latest: nil, by: nil).first?.metricName == "upgrades")
        #expect(try store.activityDates().wins.count == 10)
        #expect(try store.activityDates(since: day(8)).wins.count == 2)
        #expect(try store.earliestActivity() == day(0))
    }

    @Test(arguments: engines) func skipsWithAReasonCountAsActivity(engine: String) throws {
        let store = try Self.open(engine)
        #expect(try store.earliestActivity() == nil)
        var plan = StoreTests.plan
        plan.skips = [Skip(milestone: 1, date: StoreTests.date, kind: .blocked, reason: "waiting"),
                      Skip(milestone: 2, date: StoreTests.date - 86_400, kind: .dropped, reason: "")]
        try store.save(plan, describing: "create", at: StoreTests.date)
        // SQLite reads dates as Julian days, a fraction of a millisecond off.
        #expect(try store.activityDates().skips.map { $0.timeIntervalSince(StoreTests.date).magnitude < 0.001 } == [true])
        #expect(try store.earliestActivity() == StoreTests.date)
    }

    @Test(arguments: engines) func keepsADraftUntilItIsCleared(engine: String) throws {
        let store = try Self.open(engine)
        #expect(try store.draft() == nil)
        var form = Form.newPlan()
        form.answers = [Answer(key: .goal, value: "Ship")]
        try store.saveDraft(form, at: StoreTests.date)
        form.answers.append(Answer(key: .outcome, value: "Paid"))
        try store.saveDraft(form, at: StoreTests.date)
        #expect(try store.draft() == form)
        #expect(try store.draftCount() == 1)
        try store.clearDraft()
        #expect(try store.draft() == nil)
        #expect(try store.draftCount() == 0)
    }

    @Test(arguments: engines) func recordsSessionsWithSnapshotsAndPrunesOldOnes(engine: String) throws {
        let store = try Self.open(engine)
        let ids = try (0..<3).map { index in
            let id = try store.startSession(at: StoreTests.date, timeZone: "UTC", rules: "defaults", storePlans: 1)
            try store.recordSnapshot(index < 2 ? "[same]" : "[other]", storePlans: 1, session: id)
            try store.record([Store.SessionLine(kind: .input, prompt: "momentum", text: "plans \(index)", at: StoreTests.date),
                              Store.SessionLine(kind: .output, prompt: nil, text: "No plans yet.")], session: id)
            return id
        }
        #expect(try store.session(ids[0])?.storeSnapshot == "[same]")
        #expect(try store.sessions().map(\.firstInput) == ["plans 0", "plans 1", "plans 2"])
        #expect(try store.sessions().allSatisfy { $0.storeSnapshot == nil && $0.lineCount == 2 })
        #expect(try store.sessionLines(ids[1]).map(\.text) == ["plans 1", "No plans yet."])
        #expect(try store.sessionLines(ids[1]).first?.at == StoreTests.date)
        try store.pruneSessions(keeping: 1)
        #expect(try store.sessions().map(\.id) == [ids[2]])
        #expect(try store.session(ids[2])?.storeSnapshot == "[other]")
    }

    /// migrate's copy: plans keep their ids and new ones come after them; a store with plans is refused whole.
    @Test(arguments: engines) func copiesAStoreInAllOrNothing(engine: String) throws {
        let store = try Self.open(engine)
        var plans = [StoreTests.plan, Plan(goal: "Second")]
        plans[0].id = 3
        plans[1].id = 7
        plans[0].wins = [StoreTests.win(3, 0)]
        try store.copyIn(plans: plans, reviews: [(StoreTests.date, "A good week")], settings: [("skips-per-week", "3")])
        #expect(try store.plan(3)?.wins.map(\.note) == ["day 0 of plan 3"])
        #expect(try store.plan(7)?.goal == "Second")
        #expect(try store.reviews().map(\.body) == ["A good week"])
        #expect(try store.allSettings().map(\.value) == ["3"])
        #expect(try store.undo() == nil)
        #expect(try store.save(Plan(goal: "Next"), describing: "create", at: StoreTests.date) == 8)
        #expect { try store.copyIn(plans: [Plan(goal: "More")], reviews: [], settings: [("tone", "brief")]) } throws: { error in
            "\(error)".hasSuffix(Store.notEmptyMessage(3))
        }
        #expect(try store.planCount() == 3)
        #expect(try store.setting("tone") == nil)
    }

    @Test(arguments: engines) func listsThePlansSomeoneOwnsAMilestoneOf(engine: String) throws {
        let store = try Self.open(engine)
        let ids = try store.saveAll([Plan(goal: "Ship", milestones: [Milestone(title: "Compare", owner: "Dana"), Milestone(title: "Connect", owner: "sam")]),
                                     Plan(goal: "Hire", milestones: [Milestone(title: "Post the role", owner: "sam")]),
                                     Plan(goal: "Old", milestones: [Milestone(title: "Close", owner: "dana")], status: .archived)],
                                    describing: { _ in "import" }, at: StoreTests.date)
        #expect(try store.summaries(includeClosed: false, limit: nil, offset: 0, owner: "dana").map(\.id) == [ids[0]])
        #expect(try store.summaries(includeClosed: true, limit: nil, offset: 0, owner: "Dana").map(\.id) == [ids[0], ids[2]])
        #expect(try store.summaryCount(includeClosed: false, owner: "sam") == 2)
        #expect(try store.summaryCount(includeClosed: false, owner: "nobody") == 0)
    }

    /// Milestones inserted in the middle, changed and removed come back in their new order.
    @Test(arguments: engines) func keepsMilestonesInTheirNewOrderAfterChanges(engine: String) throws {
        let store = try Self.open(engine)
        let id = try store.save(StoreTests.plan, describing: "create", at: StoreTests.date)
        try store.update(id, describing: "unstick", at: StoreTests.date) { $0.milestones.insert(Milestone(title: "Ask the bank", owner: "sam"), at: 0) }
        #expect(try store.plan(id)?.milestones.map(\.title) == ["Ask the bank", "Compare providers", "Connect checkout"])
        try store.update(id, describing: "split", at: StoreTests.date) { plan in
            plan.milestones.removeLast()
            plan.milestones[1].status = .done
        }
        let milestones = try #require(try store.plan(id)?.milestones)
        #expect(milestones.map(\.title) == ["Ask the bank", "Compare providers"])
        #expect(milestones.map(\.status) == [.open, .done])
        #expect(try store.undo() == "split")
        #expect(try store.plan(id)?.milestones.map(\.title) == ["Ask the bank", "Compare providers", "Connect checkout"])
    }
}
