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
        let markdown = Story.markdown(plan, calendar: calendar, candid: true)
        #expect(markdown.components(separatedBy: "We kept \"it looks good\" on purpose: my partner decides").count == 2)
        #expect(!markdown.contains("criterion-"))
        let html = StoryHTML.render(plan, calendar: calendar, candid: true)
        #expect(html.components(separatedBy: "We kept “it looks good” on purpose: my partner decides").count == 2)
        #expect(!html.contains("criterion-"))
    }

    /// A trial's story said: We kept "5" on purpose (a timebox kept as typed).
    @Test func aKeptTimeboxIsToldWithItsUnit() {
        var plan = Plan(goal: "15 maintenance contracts by spring", milestones: [Milestone(title: "Make a website", timeboxDays: 5)])
        plan.overrides = [Override(ruleID: "timebox-too-long", path: "milestones[0].timeboxDays", text: "5", reason: "rainy week, no jobs anyway")]
        let markdown = Story.markdown(plan, calendar: Calendar(identifier: .gregorian), candid: true)
        #expect(markdown.contains("We kept \"5 days\" on purpose: rainy week, no jobs anyway"))
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
        #expect(Story.markdown(plan, calendar: calendar, candid: true).contains("_Tile the shower wall_ was dropped — in the weekly review"))
        #expect(StoryHTML.render(plan, calendar: calendar, candid: true).contains("was dropped — in the weekly review"))
    }

    /// A trial's story left its blocked step out of "What comes next".
    @Test func aBlockedStepIsWaitingInWhatComesNext() {
        var plan = Plan(goal: "Open the community garden", milestones: [Milestone(title: "Get the shed key", status: .skipped)])
        plan.skips = [Skip(milestone: 1, date: Date(timeIntervalSince1970: 1_763_900_000), kind: .blocked, reason: "the council office is shut")]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let markdown = Story.markdown(plan, calendar: calendar)
        #expect(markdown.contains("- Waiting: 1. Get the shed key — blocked since 2025-11-23\n"))
        #expect(!markdown.contains("Every milestone is closed"))
        #expect(Story.markdown(plan, calendar: calendar, candid: true).contains("- Waiting: 1. Get the shed key — blocked since 2025-11-23: the council office is shut"))
        #expect(StoryHTML.render(plan, calendar: calendar).contains("<li>Waiting: 1. Get the shed key — blocked since 2025-11-23</li>"))
        #expect(StoryHTML.render(plan, calendar: calendar, candid: true).contains("<li>Waiting: 1. Get the shed key — blocked since 2025-11-23: the council office is shut</li>"))
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

    /// A trial's story printed what the person told the coach for a stakeholder to read: a skip's
    /// reason ("my mum is in hospital so I'm covering the counter"), the blocker, an argument with a
    /// finding, and a path on their own disk. They are told only with `story --full`.
    @Test func whatWasToldToTheCoachStaysOutUnlessAskedFor() {
        var plan = Plan(goal: "Win five wholesale cafe accounts", milestones: [
            Milestone(title: "Price list for cafes", criterion: "three cafes have it", owner: "me", status: .done),
            Milestone(title: "Call the Green Cup", owner: "Jess", status: .dropped),
            Milestone(title: "Bake samples"),
        ])
        plan.stalled = StalledContext(lastProgress: "a sample box in October", blocker: "the oven broke and my mum is in hospital")
        plan.skips = [Skip(milestone: 2, date: Date(timeIntervalSince1970: 1_763_900_000), kind: .dropped, reason: "I'm covering the counter")]
        plan.overrides = [Override(ruleID: "goal-is-activity", path: "goal", text: "Win five wholesale cafe accounts", reason: "that IS the outcome, ugh")]
        plan.wins = [Win(milestone: 1, date: Date(timeIntervalSince1970: 1_763_900_000), note: "Price list sent to 3 cafes",
                         evidence: "/home/amara/Drive/bakery/price-list_v3.pdf")]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for (told, text) in [(false, Story.markdown(plan, calendar: calendar)), (false, StoryHTML.render(plan, calendar: calendar)),
                             (true, Story.markdown(plan, calendar: calendar, candid: true)), (true, StoryHTML.render(plan, calendar: calendar, candid: true))] {
            for secret in ["my mum is in hospital", "covering the counter", "that IS the outcome", "/home/amara"] {
                #expect(text.contains(secret) == told, "\(secret), candid: \(told)")
            }
            #expect(text.contains("the last visible progress was a sample box in October"))
            #expect(text.contains("Call the Green Cup"))
            #expect(text.contains("price-list_v3.pdf"))
            #expect(text.contains("3. Bake samples (1 day)"), "no owner for me")
        }
    }

    @Test(arguments: [
        ("/home/amara/thesis/outline_v3.docx", "outline_v3.docx"), ("~/notes/ch2.md", "ch2.md"), ("./out/report.pdf", "report.pdf"),
        (#"C:\Users\amara\plan.xlsx"#, "plan.xlsx"), ("https://example.org/pr/12", "https://example.org/pr/12"),
        ("the signed form", "the signed form"), ("docs/step-1.md", "docs/step-1.md"),
    ])
    func aLocalPathIsNamedByItsFile(evidence: String, shown: String) {
        #expect(Story.shownEvidence(evidence, candid: false) == shown)
        #expect(Story.shownEvidence(evidence, candid: true) == evidence)
    }

    /// A win logged today for yesterday carries the reading just taken: the story's latest reading
    /// is the last one logged, and its timeline is by day.
    @Test func theLatestReadingIsTheLastOneLogged() {
        let today = Date(timeIntervalSince1970: 1_763_900_000)
        var plan = Plan(goal: "Finish the literature review", metric: Metric(name: "sections sent", baseline: "0"),
                        milestones: [Milestone(title: "Outline", status: .done), Milestone(title: "Section 1", status: .done)])
        plan.wins = [Win(milestone: 1, date: today, note: "Outline sent", metricReading: "still 0"),
                     Win(milestone: 2, date: today - 86_400, note: "Section 1 sent", metricReading: "1")]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let markdown = Story.markdown(plan, calendar: calendar)
        #expect(markdown.contains("Latest reading: 1 (2025-11-22)"), "\(markdown)")
        #expect(markdown.firstRange(of: "Section 1 sent")!.lowerBound < markdown.firstRange(of: "Outline sent")!.lowerBound)
        #expect(StoryHTML.render(plan, calendar: calendar).contains("Latest reading: 1 (2025-11-22)"))
        #expect(PlanRenderer.current(plan) == "1")
    }
}
