import Foundation
import Testing
@testable import MomentumCore

/// A newcomer saw findings stay on a dropped step, and a busywork tip on the done step "Order
/// seeds": a milestone that is closed has nothing left to sharpen. Wins on it are still checked.
@Suite struct ClosedMilestoneTests {
    static let rules = RuleSet(RuleFileParser.parse("""
    version: 1
    rules:
      - id: vague-work
        kind: phrase
        level: warning
        applies-to: [milestone, win]
        phrases: [work on]
        message: "'{match}' names an activity."
        ask: "What will exist when it's done?"
    """, path: "t.yml").rules)

    @Test(arguments: MilestoneStatus.allCases)
    func onlyOpenMilestonesAreChecked(status: MilestoneStatus) {
        var plan = Plan(goal: "Launch the podcast", milestones: [Milestone(title: "Work on marketing", status: status)])
        plan.wins = [Win(milestone: 1, date: Date(timeIntervalSince1970: 1_700_000_000), note: "work on the logo")]
        let paths = Self.rules.check(plan: plan).map(\.path)
        #expect(paths == (status == .open ? ["milestones[0].title", "wins[0].note"] : ["wins[0].note"]))
    }
}
