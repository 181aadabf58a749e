import Foundation
import Testing
@testable import MomentumCore

/// The team views: who logged the week's wins in the review, who moved the plan in the story.
@Suite struct TeamTallyTests {
    static let day = ISO8601DateFormatter().date(from: "2026-11-23T09:00:00Z")!

    static var teamPlan: Plan {
        var plan = Plan(id: 1, goal: "Ship the billing page", metric: Metric(name: "upgrades per week"),
                        milestones: [Milestone(title: "Compare providers", owner: "ada", status: .done),
                                     Milestone(title: "Connect checkout", owner: "ben", status: .done),
                                     Milestone(title: "Pilot", owner: "ada")])
        plan.wins = [Win(milestone: 1, date: day, note: "Chose Paddle", by: "ada"),
                     Win(milestone: 2, date: day, note: "Checkout on staging", by: "ben"),
                     Win(milestone: 2, date: day, note: "Fixed the tax line", by: "ben")]
        return plan
    }

    @Test func countsWinsByPersonMostFirst() {
        #expect(TeamTally.winsByPerson(Self.teamPlan.wins) == "ben 2, ada 1")
        #expect(TeamTally.winsByPerson([Win(milestone: 1, date: Self.day, note: "alone")]) == nil)
        #expect(TeamTally.owners(Self.teamPlan.milestones) == "ada 2, ben 1")
        #expect(TeamTally.owners([Milestone(title: "one", owner: "me")]) == nil)
    }

    @Test func theReviewNamesWhoLoggedTheWeeksWins() {
        let review = ReviewConversation(plans: [Self.teamPlan], now: ReviewConversationTests.now, calendar: ReviewConversationTests.calendar,
                                        rules: RuleSet([]), streaks: Streaks(current: 1, best: 1, skipDaysUsed: 0))
        let lines = review.report.map(\.text)
        #expect(lines.contains("  + 2026-11-23 Chose Paddle — ada"))
        #expect(lines.contains("Wins this week by person: ben 2, ada 1."))
    }

    @Test func theStoryOfATeamPlanSaysWhoMovedIt() {
        let story = Story.markdown(Self.teamPlan, calendar: ReviewConversationTests.calendar)
        #expect(story.contains("## Who moved it\n\n- Wins by person: ben 2, ada 1\n- Milestones by owner: ada 2, ben 1\n"))
        var personal = Self.teamPlan
        personal.wins = personal.wins.map { var win = $0; win.by = nil; return win }
        #expect(!Story.markdown(personal, calendar: ReviewConversationTests.calendar).contains("Who moved it"))
    }
}
