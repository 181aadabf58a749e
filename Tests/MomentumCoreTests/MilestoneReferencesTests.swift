import Foundation
import Testing
@testable import MomentumCore

/// Wins, skips and kept findings name their milestone by its place: when `unstick` inserts, splits
/// or merges milestones, they follow their milestone (a newcomer's win on "Take 3 bags to the tip"
/// was shown against "Sort the shelves" after an unstick put a step before it).
@Suite struct MilestoneReferencesTests {
    /// After `done`, "Next:" pointed at an imported task left for later in unstick.
    @Test func theNextMilestoneIsTheFirstSharpOpenOne() {
        let sharp = { (title: String) in Milestone(title: title, criterion: "Okafor says yes", artifact: "memo.pdf") }
        var plan = Plan(goal: "Finish chapter 3", milestones: [sharp("Draft the memo"), Milestone(title: "Fix figure 3.5"), sharp("Send the memo")])
        plan.milestones[0].status = .done
        #expect(plan.nextMilestone?.number == 3)
        plan.milestones[2].status = .done
        #expect(plan.nextMilestone?.number == 2, "with no sharp step open, the first open one")
    }

    static let day: TimeInterval = 86_400

    /// Three milestones; the third has a win, a skip and a kept finding.
    static func plan() -> Plan {
        var plan = Plan(goal: "Clear out the garage", milestones: [
            Milestone(title: "Sort the shelves"),
            Milestone(title: "Sweep the floor"),
            Milestone(title: "Take 3 bags to the tip", criterion: "it looks good", status: .done),
        ])
        plan.wins = [Win(milestone: 3, date: Date(timeIntervalSince1970: 1_700_000_000), note: "took 3 bags to the tip")]
        plan.skips = [Skip(milestone: 3, date: Date(timeIntervalSince1970: 1_700_000_000 + day), kind: .blocked, reason: "car in for repair")]
        plan.overrides = [Override(ruleID: "criterion-not-checkable", path: "milestones[2].criterion", text: "it looks good", reason: "my partner decides")]
        return plan
    }

    static func references(_ plan: Plan) -> (win: Int, skip: Int, kept: String) {
        (plan.wins[0].milestone, plan.skips[0].milestone, plan.overrides[0].path)
    }

    @Test func anInsertedMilestoneMovesTheLaterOnesReferences() {
        var plan = Self.plan()
        plan.insertMilestone(Milestone(title: "Empty the top shelf"), at: 0)
        #expect(plan.milestones[3].title == "Take 3 bags to the tip")
        #expect(Self.references(plan) == (4, 4, "milestones[3].criterion"))
    }

    @Test func aSplitMovesWhatComesAfterIt() {
        var plan = Self.plan()
        plan.splitMilestone(at: 1, into: [Milestone(title: "Sweep"), Milestone(title: "Mop"), Milestone(title: "Dry")])
        #expect(plan.milestones[4].title == "Take 3 bags to the tip")
        #expect(Self.references(plan) == (5, 5, "milestones[4].criterion"))
    }

    @Test func aMergedMilestonesReferencesGoToTheMergedOne() {
        var plan = Self.plan()
        plan.mergeMilestone(2, into: 1)
        #expect(plan.milestones.count == 2)
        #expect(Self.references(plan) == (2, 2, "milestones[1].criterion"))
        var earlier = Self.plan()
        earlier.mergeMilestone(1, into: 0)
        #expect(Self.references(earlier) == (2, 2, "milestones[1].criterion"), "a merge before it moves it up one")
    }

    @Test func referencesBeforeTheChangeStayWhereTheyAre() {
        var plan = Self.plan()
        plan.insertMilestone(Milestone(title: "Buy bin bags"), at: 3)
        #expect(Self.references(plan) == (3, 3, "milestones[2].criterion"))
    }

    /// Answers each question by its prompt until the flow finishes; the plan it would save.
    static func finish(_ form: Form, answers: [String: [String]]) throws -> Plan {
        var coach = Coach(form: form, rules: RuleSet([]))
        _ = coach.begin()
        var left = answers
        for _ in 0..<40 {
            let name = coach.prompt.name
            let answer = try #require(left[name]?.first, "no answer for \(name)")
            if left[name]!.count > 1 { left[name]!.removeFirst() }
            if case .finished(.plan(let plan)) = coach.receive(answer).outcome { return plan }
        }
        Issue.record("the flow did not finish")
        return form.base
    }

    static let stepAnswers: [String: [String]] = [
        "last-progress": ["took 3 bags to the tip last week"], "blocker": ["the shelves are heavy"],
        "milestone": ["Empty the top shelf"], "done-when": ["the top shelf is empty and Sam has the photo"],
        "artifact": ["photo of the empty shelf"], "timebox": ["1"], "owner": ["me"], "moves": ["unblocks sorting the shelves"],
        "save": ["yes"],
    ]

    /// The whole `unstick` flow, as typed: the new step goes before the first open milestone, and
    /// the win, the skip and the kept finding stay on "Take 3 bags to the tip".
    @Test func unstickKeepsWinsAndKeptFindingsOnTheirMilestone() throws {
        var base = Self.plan()
        for index in 0..<2 {
            base.milestones[index].criterion = "photo sent to Sam"
            base.milestones[index].artifact = "photo"
        }
        base.stalled = StalledContext(lastProgress: "took 3 bags to the tip", blocker: "the shelves are heavy")
        let plan = try Self.finish(Form(kind: .unstick, base: base), answers: Self.stepAnswers)
        #expect(plan.milestones.map(\.title) == ["Empty the top shelf", "Sort the shelves", "Sweep the floor", "Take 3 bags to the tip"])
        #expect(Self.references(plan) == (4, 4, "milestones[3].criterion"))
    }

    /// An imported list's candidate split in two during `unstick`: what follows it moves one down.
    @Test func splittingACandidateKeepsWinsOnTheirMilestone() throws {
        var base = Self.plan()
        base.stalled = StalledContext(lastProgress: "took 3 bags to the tip", blocker: "the shelves are heavy")
        var answers = Self.stepAnswers
        answers["decision"] = ["split", "leave"]
        answers["split-into"] = ["Empty the top shelf; Sort the bottom shelf"]
        let plan = try Self.finish(Form(kind: .unstick, base: base), answers: answers)
        #expect(plan.milestones.map(\.title) == ["Empty the top shelf", "Sort the bottom shelf", "Sweep the floor", "Take 3 bags to the tip"])
        #expect(Self.references(plan) == (4, 4, "milestones[3].criterion"))
    }
}
