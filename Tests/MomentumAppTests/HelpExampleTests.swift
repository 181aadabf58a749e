import Foundation
import Testing
@testable import MomentumApp
@testable import MomentumCore

/// The coach's own examples (`?` at a question) are answers it would give itself: a trial's thesis
/// metric was questioned although `?` had just shown "Good: Sections of the chapter sent for
/// feedback". Every good example passes the shipped rules in its world's plan; every weak one is
/// questioned, or the help would teach what the coach then lets through.
@Suite struct HelpExampleTests {
    static let rules = ShippedRuleTests.loaded.ruleSet
    /// The fields the rules read, in the order the questions come.
    static let fields: [FieldKey] = [.goal, .outcome, .metric, .baseline, .target, .progress, .blocker, .milestone, .criterion, .artifact, .moves]

    /// Each world's examples, and the questions' own (a software project's), with the plan the
    /// good answers make together.
    static var worlds: [(name: String, examples: [FieldKey: (good: String, weak: String)])] {
        let own: [FieldKey: Question] = [
            .goal: Questions.goal(), .outcome: Questions.outcome(), .metric: Questions.metric(), .progress: Questions.progress(),
            .blocker: Questions.blocker(), .milestone: Questions.title(index: 0, ordinal: 1, blocker: nil, current: nil),
            .criterion: Questions.criterion(index: 0, current: nil), .artifact: Questions.artifact(index: 0, current: nil),
            .moves: Questions.moves(index: 0, metric: "", current: nil),
        ]
        return [("software", own.mapValues { ($0.good, $0.weak) })] + ExampleWorld.all.map { ($0.name, $0.examples) }
    }

    static func plan(_ examples: [FieldKey: (good: String, weak: String)]) -> Plan {
        Plan(goal: examples[.goal]?.good ?? "", outcome: examples[.outcome]?.good ?? "",
             metric: Metric(name: examples[.metric]?.good ?? ""),
             milestones: [Milestone(title: examples[.milestone]?.good ?? "", criterion: examples[.criterion]?.good ?? "",
                                    artifact: examples[.artifact]?.good ?? "")])
    }

    @Test(arguments: worlds.map(\.name))
    func goodExamplesPassAndWeakOnesAreQuestioned(world: String) throws {
        let examples = try #require(Self.worlds.first { $0.name == world }).examples
        let plan = Self.plan(examples)
        for key in Self.fields {
            guard let (good, weak) = examples[key], let field = key.ruleField else { continue }
            let milestone = [.milestone, .criterion, .artifact, .moves].contains(field) ? 0 : nil
            let onGood = Self.rules.check(field, text: good, in: plan, milestone: milestone)
            #expect(onGood.isEmpty, "\(world) \(key): good example '\(good)' draws \(onGood.map(\.ruleID))")
            if ![.baseline, .target].contains(key) {
                #expect(!Self.rules.check(field, text: weak, in: plan, milestone: milestone).isEmpty, "\(world) \(key): weak example '\(weak)' passes")
            }
        }
    }
}
