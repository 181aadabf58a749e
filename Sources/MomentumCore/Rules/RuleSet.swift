/// The rules in force, compiled once: phrase rules are indexed by their first word so that checking
/// an answer costs about the same with 40 rules or 1,000.
public struct RuleSet: Sendable {
    public let rules: [Rule]
    private let phraseIndex: [RuleField: [String: [(rule: Int, phrase: Phrase)]]]
    private let otherRules: [RuleField: [Int]]
    private let planRules: [Int]

    public init(_ rules: [Rule]) {
        self.rules = rules
        var phraseIndex: [RuleField: [String: [(rule: Int, phrase: Phrase)]]] = [:]
        var otherRules: [RuleField: [Int]] = [:]
        var planRules: [Int] = []
        for (index, rule) in rules.enumerated() {
            switch rule.check {
            case .plan:
                planRules.append(index)
            case .phrase(let list):
                for field in rule.appliesTo {
                    for phrase in list.compiled {
                        phraseIndex[field, default: [:]][phrase.words[0].stem, default: []].append((index, phrase))
                    }
                }
            default:
                for field in rule.appliesTo { otherRules[field, default: []].append(index) }
            }
        }
        self.phraseIndex = phraseIndex
        self.otherRules = otherRules
        self.planRules = planRules
    }

    public static let empty = RuleSet([])

    /// Layers rules: a later rule with the same id replaces the earlier one in place, and ids in
    /// `disabled` are left out.
    public static func merging(_ layers: [[Rule]], disabled: Set<String> = []) -> RuleSet {
        var order: [String] = []
        var byID: [String: Rule] = [:]
        for rule in layers.joined() {
            if byID[rule.id] == nil { order.append(rule.id) }
            byID[rule.id] = rule
        }
        return RuleSet(order.filter { !disabled.contains($0) }.compactMap { byID[$0] })
    }

    public func rule(withID id: String) -> Rule? { rules.first { $0.id == id } }

    /// Findings for one answer, as the conversation checks it. `milestone` is the 0-based index.
    public func check(_ field: RuleField, text: String, in plan: Plan, milestone: Int? = nil) -> [Finding] {
        check(field, text: FieldText(text), path: PlanFields.path(of: field, milestone: milestone), plan: plan, milestone: milestone)
    }

    /// Every finding in a plan: each field, then the plan-level rules.
    public func check(plan: Plan) -> [Finding] {
        var findings: [Finding] = []
        for entry in PlanFields.entries(of: plan) where !entry.text.isEmpty {
            findings += check(entry.field, text: FieldText(entry.text), path: entry.path, plan: plan, milestone: entry.milestone)
        }
        return findings + checkPlanRules(plan)
    }

    public func checkPlanRules(_ plan: Plan) -> [Finding] {
        planRules.compactMap { index in
            let rule = rules[index]
            guard case .plan(let condition) = rule.check, let quote = condition.evaluate(plan) else { return nil }
            return finding(rule, field: .plan, path: "plan", match: quote, text: quote)
        }
    }

    private func check(_ field: RuleField, text: FieldText, path: String, plan: Plan, milestone: Int?) -> [Finding] {
        var matches: [Int: String] = [:]
        if let index = phraseIndex[field] {
            for word in text.words {
                for candidate in index[word.stem] ?? [] where matches[candidate.rule] == nil {
                    if let quote = PhraseList.find(candidate.phrase, in: text) { matches[candidate.rule] = quote }
                }
            }
        }
        var stopped: [Finding] = []
        for ruleIndex in otherRules[field] ?? [] {
            let rule = rules[ruleIndex]
            if case .pattern(let pattern) = rule.check {
                switch pattern.firstMatch(in: text.text) {
                case .match(let quote): matches[ruleIndex] = quote
                case .noMatch: break
                case .budgetExceeded: stopped.append(stoppedFinding(rule, field: field, path: path, text: text.text))
                }
            } else if let quote = evaluate(rule, on: text, plan: plan, milestone: milestone) {
                matches[ruleIndex] = quote
            }
        }
        return stopped + matches.keys.sorted().compactMap { ruleIndex in
            let rule = rules[ruleIndex]
            if let unless = rule.unless, unless.firstMatch(in: text) != nil { return nil }
            if let unless = rule.unlessPattern, case .match = unless.firstMatch(in: text.text) { return nil }
            return finding(rule, field: field, path: path, match: matches[ruleIndex]!, text: text.text)
        }
    }

    private func evaluate(_ rule: Rule, on text: FieldText, plan: Plan, milestone: Int?) -> String? {
        switch rule.check {
        case .phrase(let list):
            return list.firstMatch(in: text)
        case .pattern:
            return nil  // handled in check(_:text:path:plan:milestone:), which also reports a stopped match
        case .require(let require):
            return require.isSatisfied(by: text) ? nil : text.text
        case .range(let min, let max):
            guard let days = Timebox.parseDays(text.text) else { return nil }
            if let min, days < min { return Timebox.format(days) }
            if let max, days > max { return Timebox.format(days) }
            return nil
        case .alignment(let alignment):
            return alignment.evaluate(text, plan: plan, milestone: milestone)
        case .plan:
            return nil
        }
    }

    /// A pattern that ran out of its step budget is reported, never silently passed or left hanging.
    private func stoppedFinding(_ rule: Rule, field: RuleField, path: String, text: String) -> Finding {
        Finding(ruleID: rule.id, level: .info, field: field, path: path,
                message: "The rule \(rule.id) (\(rule.location)) was stopped on this answer: its pattern backtracks too much.",
                ask: "Simplify that pattern, or disable the rule in your rule file.", text: text)
    }

    private func finding(_ rule: Rule, field: RuleField, path: String, match: String, text: String) -> Finding {
        func fill(_ template: String) -> String {
            template.replacingOccurrences(of: "{match}", with: match)
                .replacingOccurrences(of: "{field}", with: field.rawValue)
        }
        return Finding(ruleID: rule.id, level: rule.level, field: field, path: path, message: fill(rule.message), ask: fill(rule.ask), text: text)
    }

    /// Runs every rule's own examples. A `flag` example that does not fire, and an `ok` example that
    /// does, are failures.
    public func verifyExamples() -> [ExampleFailure] {
        rules.flatMap { rule -> [ExampleFailure] in
            let single = RuleSet([rule])
            let fires: (Example) -> Bool = { example in
                single.check(plan: example.plan).contains { $0.ruleID == rule.id }
            }
            return rule.examples.flag.filter { !fires($0) }.map { ExampleFailure(rule: rule, example: $0, expectedToFlag: true) }
                + rule.examples.ok.filter(fires).map { ExampleFailure(rule: rule, example: $0, expectedToFlag: false) }
        }
    }
}

public struct ExampleFailure: Sendable, CustomStringConvertible {
    public var rule: Rule
    public var example: Example
    public var expectedToFlag: Bool
    public var description: String {
        let what = expectedToFlag ? "flag example did not fire" : "ok example fired"
        return "\(example.location): error: [\(rule.id)] \(what): \(example.label)"
    }
}
