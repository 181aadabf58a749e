import Foundation
import MomentumCore

/// `check FILE`: every finding in a plan file, as text or JSON. Findings the plan already keeps
/// with a reason are counted, not reported.
public struct CheckReport {
    public struct Item {
        public var planIndex: Int
        public var goal: String
        public var finding: Finding
    }

    public let file: String
    public let items: [Item]
    public let kept: Int

    public init(file: String, plans: [Plan], rules: RuleSet) {
        self.file = file
        var items: [Item] = []
        var kept = 0
        for (index, plan) in plans.enumerated() {
            for finding in rules.check(plan: plan) {
                if plan.overrides.contains(where: { $0.ruleID == finding.ruleID && $0.path == finding.path }) {
                    kept += 1
                } else {
                    items.append(Item(planIndex: index, goal: plan.goal, finding: finding))
                }
            }
        }
        self.items = items
        self.kept = kept
    }

    /// 0 with no warnings or errors, 1 with any.
    public var exitCode: Int32 { items.contains { $0.finding.level >= .warning } ? 1 : 0 }

    public func text() -> [String] {
        var lines = items.map { item in
            "\(file): plan \(item.planIndex + 1) \"\(item.goal)\": \(FieldLabel.label(item.finding.path)): \(item.finding.level.rawValue): \(item.finding.message) [\(item.finding.ruleID)]"
        }
        let count = { (level: Level) in items.filter { $0.finding.level == level }.count }
        lines.append("\(items.count) finding(s): \(count(.error)) error(s), \(count(.warning)) warning(s), \(count(.info)) info; \(kept) kept with a reason.")
        return lines
    }

    public func json() -> String {
        let findings: [[String: Any]] = items.map { item in
            ["plan": item.planIndex, "goal": item.goal, "path": item.finding.path, "rule": item.finding.ruleID,
             "level": item.finding.level.rawValue, "message": item.finding.message, "ask": item.finding.ask, "text": item.finding.text]
        }
        let root: [String: Any] = ["file": file, "findings": findings, "kept": kept]
        let data = try! JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}

/// `rules list|test|lint`, shared by the shell and the subcommands.
public struct RulesReport {
    let loaded: LoadedRules
    public init(_ loaded: LoadedRules) { self.loaded = loaded }

    public func list() -> [String] {
        let rows = loaded.ruleSet.rules.map { rule in
            [rule.id, rule.level.rawValue, rule.kind.rawValue, rule.appliesTo.map(\.rawValue).joined(separator: ","), "\(rule.location)"]
        }
        return Table.render(header: ["id", "level", "kind", "applies-to", "file"], rows: rows) + ["\(rows.count) rule(s) from \(loaded.sourceDescription)."]
    }

    /// Runs every rule's examples. Fails on an example that misbehaves, or on a broken rule file.
    public func test() -> (lines: [String], failed: Bool) {
        let failures = loaded.ruleSet.verifyExamples()
        let problems = loaded.diagnostics.map(\.description) + loaded.problems
        let examples = loaded.ruleSet.rules.reduce(0) { $0 + $1.examples.flag.count + $1.examples.ok.count }
        var lines = problems + failures.map(\.description)
        lines.append("\(examples - failures.count) passed, \(failures.count) failed (\(examples) examples in \(loaded.ruleSet.rules.count) rules)")
        return (lines, !failures.isEmpty || !problems.isEmpty)
    }

    public func lint() -> (lines: [String], failed: Bool) {
        let problems = loaded.diagnostics.map(\.description) + loaded.problems
        let filesWithProblems = Set(loaded.diagnostics.map(\.location.file)).count + loaded.problems.count
        let lines = problems + [problems.isEmpty
            ? "\(loaded.files.count) rule file(s), \(loaded.ruleSet.rules.count) rule(s): no problems."
            : "\(problems.count) problem(s) in \(filesWithProblems) of \(loaded.files.count) rule file(s); the rules with problems were skipped."]
        return (lines, !problems.isEmpty)
    }
}
