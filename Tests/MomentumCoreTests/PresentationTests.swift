import Foundation
import Testing
@testable import MomentumCore

/// Issue 10: views speak in the plan's words, not its JSON paths, and show where the metric is now.
@Suite struct PresentationTests {
    @Test(arguments: [
        ("milestones[1].timeboxDays", "step 2, timebox"), ("milestones[0].title", "step 1"),
        ("milestones[2].criterion", "step 3, done when"), ("metric.name", "metric"), ("outcome", "why"),
        ("wins[0].note", "win 1, note"), ("stalled.blocker", "blocker"), ("plan", "the plan as a whole"),
    ])
    func fieldLabels(path: String, label: String) {
        #expect(FieldLabel.label(path) == label)
    }

    @Test(arguments: [
        (nil, "12 upgrades a week", "upgrades (now: 12 upgrades a week; target: 40)"),
        ("14", "12 upgrades a week", "upgrades (now: 14 upgrades a week; target: 40)"),
        ("15 paying readers", "12", "upgrades (now: 15 paying readers; target: 40)"),
        ("9", nil, "upgrades (now: 9; target: 40)"),
    ] as [(String?, String?, String)])
    func nowIsTheLatestReadingWithItsUnit(reading: String?, baseline: String?, line: String) {
        let plan = Plan(goal: "Grow", metric: Metric(name: "upgrades", baseline: baseline, target: "40"),
                        wins: [Win(milestone: 1, date: Date(timeIntervalSince1970: 0), note: "Shipped", evidence: nil, metricReading: reading)])
        #expect(PlanRenderer.metricLine(plan) == line)
    }
}
