import Foundation
import Testing
@testable import MomentumApp
@testable import MomentumCore

/// The project's own phrasings (rules/phrasings/project.tsv), written apart from the word rules: each
/// is put into one field of an otherwise sound plan, and the default word and pattern rules must flag
/// that field, or leave it alone. The meaning rules are left out here, since these phrasings are among
/// those they vote with (a labelled phrasing decides itself); `rules eval --leave-one-out` in
/// `make test` measures them honestly instead.
@Suite struct PhrasingTests {
    struct Phrasing: CustomTestStringConvertible, Sendable {
        var line: Int
        var field: String
        var flagged: Bool
        var text: String
        var testDescription: String { "\(field) \(flagged ? "flag" : "ok"): \(text)" }
    }

    static let phrasings: [Phrasing] = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("rules/phrasings/project.tsv")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").enumerated().compactMap { index, line in
            guard !line.hasPrefix("#") else { return nil }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count == 3 else { return Phrasing(line: index + 1, field: "?", flagged: false, text: String(line)) }
            return Phrasing(line: index + 1, field: columns[0], flagged: columns[1] == "flag", text: columns[2])
        }
    }()

    /// A plan no default rule questions, so a finding on the field under test comes from the phrasing.
    static func plan(with phrasing: Phrasing) -> Plan {
        var plan = Plan(goal: "Ship the billing page", outcome: "Customers upgrade without emailing us", metric: Metric(name: "paid upgrades per week"))
        var milestone = Milestone(title: "Send the pricing draft to Dana", criterion: "Dana replies yes or no by Friday", artifact: "docs/pricing.md",
                                  moves: "paid upgrades per week: customers see the price before checkout")
        let second = Milestone(title: "Take one test payment on staging", criterion: "A test payment shows in the Stripe dashboard",
                               artifact: "docs/pricing.md", moves: "paid upgrades per week: customers see the price before checkout")
        switch phrasing.field {
        case "goal": plan.goal = phrasing.text
        case "outcome": plan.outcome = phrasing.text
        case "metric": plan.metric = Metric(name: phrasing.text)
        case "blocker": plan.stalled = StalledContext(lastProgress: "Pricing table on staging in September", blocker: phrasing.text)
        case "lastProgress": plan.stalled = StalledContext(lastProgress: phrasing.text, blocker: "No payment provider chosen")
        case "title": milestone.title = phrasing.text
        case "criterion": milestone.criterion = phrasing.text
        case "artifact": milestone.artifact = phrasing.text
        case "moves": milestone.moves = phrasing.text
        case "owner": milestone.owner = phrasing.text
        case "note": plan.wins = [Win(milestone: 1, date: Date(timeIntervalSince1970: 1_763_600_000), note: phrasing.text, evidence: "https://example.org/pr/3")]
        default: break
        }
        plan.milestones = [milestone, second]
        return plan
    }

    static let wordRules = RuleSet(ShippedRuleTests.loaded.ruleSet.rules.filter { $0.kind != .meaning }, meaning: ShippedRuleTests.loaded.ruleSet.meaning)

    @Test func thereAreManyOfEachField() {
        #expect(PhrasingTests.phrasings.count >= 500)
        #expect(PhrasingTests.phrasings.allSatisfy { $0.field != "?" }, "a line without three tab-separated columns")
    }

    @Test(arguments: phrasings)
    func defaultRulesJudgeIt(phrasing: Phrasing) {
        let findings = PhrasingTests.wordRules.check(plan: PhrasingTests.plan(with: phrasing))
        let paths = ["metric": "metric.name", "blocker": "stalled.blocker", "lastProgress": "stalled.lastProgress", "note": "wins[0].note",
                     "title": "milestones[0].title", "criterion": "milestones[0].criterion", "artifact": "milestones[0].artifact",
                     "moves": "milestones[0].moves", "owner": "milestones[0].owner"]
        let path = paths[phrasing.field] ?? phrasing.field
        let onField = findings.filter { $0.path == path }
        #expect(!onField.isEmpty == phrasing.flagged,
                "rules/phrasings/project.tsv:\(phrasing.line): \(phrasing.flagged ? "not flagged" : "flagged by \(onField.map(\.ruleID))")")
    }
}
