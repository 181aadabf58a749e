import Foundation
import Testing
@testable import MomentumCore

/// Timeboxes are work days: the day one runs out and the due date exports write skip weekends.
@Suite struct WorkDaysTests {
    static func date(_ text: String) -> Date { ISODate.parse(text)! }

    @Test(arguments: [
        (Day(year: 2026, month: 11, day: 20), 1, Day(year: 2026, month: 11, day: 23)), // Friday → Monday
        (Day(year: 2026, month: 11, day: 21), 1, Day(year: 2026, month: 11, day: 23)), // Saturday → Monday
        (Day(year: 2026, month: 11, day: 22), 1, Day(year: 2026, month: 11, day: 23)), // Sunday → Monday
        (Day(year: 2026, month: 11, day: 23), 5, Day(year: 2026, month: 11, day: 30)), // a week, Monday to Monday
        (Day(year: 2026, month: 11, day: 23), 15, Day(year: 2026, month: 12, day: 14)), // "3 weeks" is 21 calendar days
        (Day(year: 2026, month: 12, day: 31), 1, Day(year: 2027, month: 1, day: 1)), // Thursday → Friday, a new year
        (Day(year: 2026, month: 11, day: 24), 0, Day(year: 2026, month: 11, day: 24)),
    ])
    func addingSkipsWeekends(from day: Day, count: Int, expected: Day) {
        #expect(WorkDays.adding(count, to: day) == expected)
    }

    @Test(arguments: [
        ("2026-11-20T09:00:00Z", 1.0, "2026-11-23T09:00:00Z"), // Friday + 1 → Monday, same hour
        ("2026-11-20T09:00:00Z", 0.5, "2026-11-20T21:00:00Z"), // half a day is 12 hours
        ("2026-11-19T09:00:00Z", 1.5, "2026-11-20T21:00:00Z"),
        ("2026-11-16T09:00:00Z", 15, "2026-12-07T09:00:00Z"),
    ])
    func dueDatesSkipWeekends(entry: String, timebox: Double, due: String) {
        #expect(WorkDays.due(from: Self.date(entry), timebox: timebox) == Self.date(due))
    }

    /// Import reads a task's due date as the timebox that export would write it back from.
    @Test func countingIsTheInverseOfDueForWholeTimeboxes() {
        for start in 16...22 { // every weekday of a week
            let entry = Self.date("2026-11-\(start)T09:30:00Z")
            for days in 1...30 {
                #expect(WorkDays.count(from: entry, to: WorkDays.due(from: entry, timebox: Double(days))) == days, "\(start) + \(days)")
            }
        }
    }

    @Test func aDueOnAWeekendCountsAsAtLeastOneDay() {
        #expect(TaskImport.timebox(from: Self.date("2026-11-20T09:00:00Z"), to: Self.date("2026-11-21T09:00:00Z")) == 1)
    }

    /// A one-day step begun on a Friday runs out on Monday: the review of Monday evening does
    /// not call it stalled, Tuesday's does.
    @Test(arguments: [("2026-11-23T20:00:00Z", false), ("2026-11-24T09:00:00Z", true)])
    func aFridayStepRunsOutOnMonday(now: String, stalled: Bool) {
        let plan = Plan(id: 1, goal: "Ship the billing page",
                        milestones: [Milestone(title: "Email the customers", timeboxDays: 1, createdAt: Self.date("2026-11-20T15:00:00Z"))])
        let review = ReviewConversation(plans: [plan], now: Self.date(now), calendar: ReviewConversationTests.calendar,
                                        rules: RuleSet([]), streaks: Streaks(current: 0, best: 0, skipDaysUsed: 0))
        let line = "  Stalled: 1.1 Email the customers (timebox of 1 day ran out on 2026-11-23)"
        #expect(review.report.map(\.text).contains(line) == stalled)
    }
}
