import Foundation
import Testing
@testable import MomentumCore

/// The story is for stakeholders: a kept answer appears once, with its reason, and without the
/// rules' ids ("despite the criterion-self-judged check" read as jargon, and one keep covering two
/// findings was listed twice).
@Suite struct StoryKeptAnswerTests {
    @Test func aKeptAnswerIsToldOnceInWords() {
        var plan = Plan(goal: "Renovate the bathroom", milestones: [Milestone(title: "Tile the shower wall", criterion: "it looks good")])
        plan.overrides = ["criterion-not-checkable", "criterion-self-judged"].map {
            Override(ruleID: $0, path: "milestones[0].criterion", text: "it looks good", reason: "my partner decides")
        }
        let calendar = Calendar(identifier: .gregorian)
        let markdown = Story.markdown(plan, calendar: calendar)
        #expect(markdown.components(separatedBy: "We kept \"it looks good\" on purpose: my partner decides").count == 2)
        #expect(!markdown.contains("criterion-"))
        let html = StoryHTML.render(plan, calendar: calendar)
        #expect(html.components(separatedBy: "We kept “it looks good” on purpose: my partner decides").count == 2)
        #expect(!html.contains("criterion-"))
    }

    /// A trial's story said the reading twice: "Latest reading: 3 repeat orders this week
    /// (2026-11-23) — latest 3 repeat orders this week."
    @Test func aReadingWithoutANumberedBaselineIsSaidOnce() {
        var plan = Plan(goal: "Bring customers back", metric: Metric(name: "repeat purchase rate", target: "25% by March"),
                        milestones: [Milestone(title: "Email past buyers", status: .done)])
        plan.wins = [Win(milestone: 1, date: Date(timeIntervalSince1970: 1_763_900_000), note: "Sent 38", metricReading: "3 repeat orders this week")]
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        #expect(Story.markdown(plan, calendar: utc).contains("Latest reading: 3 repeat orders this week (2025-11-23).\n"))
        #expect(!StoryHTML.render(plan, calendar: utc).contains("latest 3 repeat"))
    }

    /// The story said "was dropped — dropped in the weekly review".
    @Test func aSkipsReasonDoesNotSayItsKindAgain() {
        var plan = Plan(goal: "Renovate the bathroom", milestones: [Milestone(title: "Tile the shower wall", status: .dropped)])
        plan.skips = [Skip(milestone: 1, date: Date(timeIntervalSince1970: 1_763_900_000), kind: .dropped, reason: "dropped in the weekly review")]
        let calendar = Calendar(identifier: .gregorian)
        #expect(Story.markdown(plan, calendar: calendar).contains("_Tile the shower wall_ was dropped — in the weekly review"))
        #expect(StoryHTML.render(plan, calendar: calendar).contains("was dropped — in the weekly review"))
    }

    /// A trial's story left its blocked step out of "What comes next".
    @Test func aBlockedStepIsWaitingInWhatComesNext() {
        var plan = Plan(goal: "Open the community garden", milestones: [Milestone(title: "Get the shed key", status: .skipped)])
        plan.skips = [Skip(milestone: 1, date: Date(timeIntervalSince1970: 1_763_900_000), kind: .blocked, reason: "the council office is shut")]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let markdown = Story.markdown(plan, calendar: calendar)
        #expect(markdown.contains("- Waiting: 1. Get the shed key — blocked since 2025-11-23: the council office is shut"))
        #expect(!markdown.contains("Every milestone is closed"))
        #expect(StoryHTML.render(plan, calendar: calendar).contains("<li>Waiting: 1. Get the shed key — blocked since 2025-11-23: the council office is shut</li>"))
    }

    /// Every view names a win's step the same way, and a win whose step was since removed keeps
    /// its line ("milestone 3") instead of vanishing or failing.
    @Test func aWinOnARemovedStepIsNamedByItsNumber() {
        var plan = Plan(goal: "Open the community garden", milestones: [Milestone(title: "Get the shed key", status: .done)])
        plan.wins = [Win(milestone: 1, date: Date(timeIntervalSince1970: 1_763_900_000), note: "Key cut"),
                     Win(milestone: 3, date: Date(timeIntervalSince1970: 1_763_900_000), note: "Beds dug")]
        let calendar = Calendar(identifier: .gregorian)
        #expect(plan.title(ofMilestone: 1) == "Get the shed key")
        #expect(plan.title(ofMilestone: 3) == "milestone 3")
        #expect(Story.markdown(plan, calendar: calendar).contains("Beds dug (_milestone 3_)"))
        #expect(StoryHTML.render(plan, calendar: calendar).contains("Beds dug <em>(milestone 3)</em>"))
    }
}
