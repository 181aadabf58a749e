import Foundation

/// The rules in force, compiled once: phrase rules are indexed by their first word so that checking
/// an answer costs about the same with 40 rules or 1,000.
public struct RuleSet: Sendable {
    public let rules: [Rule]
    /// The labelled phrasings `meaning` rules vote with, and the encoder that reads them.
    public let meaning: MeaningIndex?
    private let phraseIndex: [RuleField: [String: [(rule: Int, phrase: Phrase)]]]
    private let otherRules: [RuleField: [Int]]
    private let meaningRules: [RuleField: [Int]]
    private let planRules: [Int]
    /// Rules the user wrote (their own rule files): the meaning layer never quiets or lowers
    /// their findings. It was fitted to the shipped rules' mistakes; a rule someone wrote for
    /// themselves, at the level they chose, is taken at its word.
    public let ownRuleIDs: Set<String>

    public init(_ rules: [Rule], meaning: MeaningIndex? = nil, ownRuleIDs: Set<String> = []) {
        self.rules = rules
        self.meaning = meaning
        self.ownRuleIDs = ownRuleIDs
        var phraseIndex: [RuleField: [String: [(rule: Int, phrase: Phrase)]]] = [:]
        var otherRules: [RuleField: [Int]] = [:]
        var meaningRules: [RuleField: [Int]] = [:]
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
            case .meaning:
                for field in rule.appliesTo { meaningRules[field, default: []].append(index) }
            default:
                for field in rule.appliesTo { otherRules[field, default: []].append(index) }
            }
        }
        self.phraseIndex = phraseIndex
        self.otherRules = otherRules
        self.meaningRules = meaningRules
        self.planRules = planRules
    }

    public static let empty = RuleSet([])

    /// Layers rules: a later rule with the same id replaces the earlier one in place, and ids in
    /// `disabled` are left out.
    /// `shippedLayers`: how many of the first layers are the shipped defaults; rules of the later
    /// layers are the user's own (`ownRuleIDs`).
    public static func merging(_ layers: [[Rule]], disabled: Set<String> = [], meaning: MeaningIndex? = nil, shippedLayers: Int? = nil) -> RuleSet {
        var order: [String] = []
        var byID: [String: Rule] = [:]
        for rule in layers.joined() {
            if byID[rule.id] == nil { order.append(rule.id) }
            byID[rule.id] = rule
        }
        let own = shippedLayers.map { Set(layers.dropFirst($0).joined().map(\.id)) } ?? []
        return RuleSet(order.filter { !disabled.contains($0) }.compactMap { byID[$0] }, meaning: meaning, ownRuleIDs: own)
    }

    public func rule(withID id: String) -> Rule? { rules.first { $0.id == id } }

    /// The same rules, with the meaning rules voting without `phrasing` (for leave-one-out evaluation).
    public func excluding(_ phrasing: LabelledPhrasing) -> RuleSet {
        guard let meaning else { return self }
        return RuleSet(rules, meaning: meaning.excluding(phrasing), ownRuleIDs: ownRuleIDs)
    }

    /// Findings for one answer, as the conversation checks it. `milestone` is the 0-based index.
    public func check(_ field: RuleField, text: String, in plan: Plan, milestone: Int? = nil) -> [Finding] {
        check(field, text: FieldText(text), path: PlanFields.path(of: field, milestone: milestone), plan: plan, milestone: milestone)
    }

    /// Every finding in a plan: each field, then the plan-level rules. A milestone that is done,
    /// dropped or set aside has nothing left to sharpen, so its own fields are not checked (the
    /// wins logged on it are).
    public func check(plan: Plan) -> [Finding] {
        var findings: [Finding] = []
        for entry in PlanFields.entries(of: plan) where !entry.text.isEmpty {
            if entry.field != .win, let milestone = entry.milestone, plan.milestones[milestone].status != .open { continue }
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
        let speaking = matches.keys.sorted().filter { !isExcepted(rules[$0], text) }
        let superseded = Set(speaking.flatMap { rules[$0].supersedes })
        let findings = stopped + speaking.filter { !superseded.contains(rules[$0].id) }.map { ruleIndex in
            finding(rules[ruleIndex], field: field, path: path, match: matches[ruleIndex]!, text: text.text)
        }
        // A pattern or phrase that matched the whole answer ("its done"), or an answer of generic
        // words only ("tomorrow" as what a step moves), leaves the meaning nothing to weigh: a
        // trial's "its done" was lowered to a tip while "it's done" stayed a warning.
        let bareText = Self.bare(text.text)
        let whole = Set(speaking.filter { index in
            switch rules[index].check {
            case .pattern, .phrase: return Self.bare(matches[index]!) == bareText
            case .alignment(let check): return check.isAllGeneric(text)
            // A cue that is the whole answer ("Irrigation checked") is a whole match too.
            case .cue(let cues): return cues.contains { $0.spansWholeAnswer && $0.isPresent(in: text) }
            // Numbers compared with the plan's own: nothing a reading of similar phrasings can weigh.
            case .shortfall: return true
            default: return false
            }
        }.map { rules[$0].id })
        return weighByMeaning(findings, field: field, text: text, path: path, certain: whole, goal: plan.goal) { fields in
            Self.echoes(text, fields.flatMap { PlanFields.texts(of: $0, in: plan, milestone: milestone) })
        }
    }

    /// Whether `milestone` is a stalled plan's first open step and nothing has moved since the
    /// stall (no win): the step `new` and `unstick` ask to be small enough for today. A milestone
    /// being added past the plan's end is its first open step when none is open before it.
    static func isFirstStepAfterStall(_ plan: Plan, milestone: Int?) -> Bool {
        guard plan.isStillStalled, let milestone, milestone >= 0 else { return false }
        let before = plan.milestones.prefix(milestone)
        return !before.contains { $0.status == .open }
    }

    /// Whether the answer shares two content words with one of the texts: it says it met them.
    static func echoes(_ text: FieldText, _ texts: [String]) -> Bool {
        let own = text.contentStems
        return texts.contains { own.intersection(Words.contentStems($0)).count >= 2 }
    }

    /// The nearest flagged phrasings a meaning finding quotes as its reason: two short ones, since
    /// a newcomer was baffled by a 20-word issue title quoted for "keeps me organized"; the nearest
    /// cut to its first words when none is short.
    static func quoted(_ nearest: [(text: String, similarity: Double)]) -> String {
        let wordLimit = 12
        let short = nearest.filter { $0.text.split(separator: " ").count <= wordLimit }.prefix(2).map(\.text)
        let shown = short.isEmpty ? nearest.prefix(1).map { $0.text.split(separator: " ").prefix(wordLimit).joined(separator: " ") + "…" } : short
        return shown.map { "'\($0)'" }.joined(separator: ", ")
    }

    /// Lowercased, without blanks or punctuation at either end. Not Foundation's
    /// `trimmingCharacters(in:)`: its trip through NSString was 8 % of `check` with many phrase rules.
    private static func bare(_ text: String) -> Substring {
        text.lowercased().trimming { $0.isWhitespace || $0.isPunctuation }
    }

    private func isExcepted(_ rule: Rule, _ text: FieldText) -> Bool {
        if let unless = rule.unless, unless.firstMatch(in: text) != nil { return true }
        if let unless = rule.unlessPattern, case .match = unless.firstMatch(in: text.text) { return true }
        return rule.unlessCue.contains { $0.isPresent(in: text) }
    }

    /// The `meaning` rules of a field: each may add its own finding when the other rules were quiet,
    /// and may lower or drop the others' findings when the answer reads like phrasings a coach lets pass.
    /// `certain`: rules that matched the whole answer, which the meaning neither lowers nor drops
    /// (only a phrasing labelled ok exactly as the answer silences them).
    /// `echoing`: whether the answer echoes the given fields of its plan (`unless-echoes`).
    private func weighByMeaning(_ findings: [Finding], field: RuleField, text: FieldText, path: String, certain: Set<String> = [],
                                goal: String = "", echoing: ([RuleField]) -> Bool = { _ in false }) -> [Finding] {
        guard let meaning, let indices = meaningRules[field], !text.text.isEmpty else { return findings }
        var findings = findings
        var encoded: [Float]?
        func vector() -> [Float] {
            if let encoded { return encoded }
            let vector = meaning.encoder.encode(text.text)
            encoded = vector
            return vector
        }
        for ruleIndex in indices {
            let rule = rules[ruleIndex]
            guard case .meaning(let check) = rule.check,
                let verdict = meaning.verdict(for: text.text, encoding: vector, field: field, neighbours: check.neighbours,
                                               modelWeight: check.modelWeight, goal: goal)
            else { continue }
            let labelledOk = verdict.isExact && verdict.flagShare == 0
            if labelledOk || check.quietBelow.map({ verdict.flagShare < $0 }) == true {
                // A phrasing labelled ok exactly as typed still decides alone (a user's relabelling).
                findings.removeAll { $0.level < .error && !ownRuleIDs.contains($0.ruleID) && (labelledOk || !certain.contains($0.ruleID)) }
                continue
            }
            if check.doubts(flagShare: verdict.flagShare, vote: verdict.vote) {
                findings = findings.map { finding in
                    var lowered = finding
                    if finding.level == .warning, !ownRuleIDs.contains(finding.ruleID), !certain.contains(finding.ruleID) { lowered.level = .info }
                    return lowered
                }
            }
            let nearest = verdict.nearestFlagged.prefix(2)
            guard findings.isEmpty, verdict.flagShare >= check.minFlagShare, let closest = nearest.first,
                closest.similarity >= check.minSimilarity, verdict.isExact || !isExcepted(rule, text),
                verdict.isExact || check.unlessEchoes.isEmpty || !echoing(check.unlessEchoes)
            else { continue }
            var found = finding(rule, field: field, path: path, match: text.text, text: text.text,
                                nearest: Self.quoted(verdict.nearestFlagged))
            if let warnAbove = check.warnAbove, verdict.flagShare >= warnAbove { found.level = max(found.level, .warning) }
            findings.append(found)
        }
        return findings
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
            // The first step after a stall is asked for as one to finish today: a short one there is
            // what was asked (a trial's "1 hr" was asked whether it was a task, not a milestone).
            let short = min.map { days < $0 } == true && !Self.isFirstStepAfterStall(plan, milestone: milestone)
            guard short || max.map({ days > $0 }) == true else { return nil }
            // "2 weeks" is read as 10 working days: say so, rather than answer a number never typed.
            let said = text.text.trimmingCharacters(in: .whitespaces)
            let converted = ["week", "month", "hour"].contains { said.lowercased().contains($0) }
            return converted ? "\(said) (read as \(Timebox.format(days)) of work)" : Timebox.format(days)
        case .alignment(let alignment):
            return alignment.evaluate(text, plan: plan, milestone: milestone, encoder: meaning?.contextEncoder)
        case .shortfall(let shortfall):
            return shortfall.evaluate(text, plan: plan, milestone: milestone)
        case .cue(let cues):
            return cues.contains { $0.isPresent(in: text) } ? text.text : nil
        case .plan, .meaning:
            return nil
        }
    }

    /// A pattern that ran out of its step budget is reported, never silently passed or left hanging.
    private func stoppedFinding(_ rule: Rule, field: RuleField, path: String, text: String) -> Finding {
        Finding(ruleID: rule.id, level: .info, field: field, path: path,
                message: "The rule \(rule.id) (\(rule.location)) was stopped on this answer: its pattern backtracks too much.",
                ask: "Simplify that pattern, or disable the rule in your rule file.", text: text)
    }

    private func finding(_ rule: Rule, field: RuleField, path: String, match: String, text: String, nearest: String = "") -> Finding {
        let values = ["{match}": match, "{field}": field.rawValue, "{nearest}": nearest]
        return Finding(ruleID: rule.id, level: rule.level, field: field, path: path,
                       message: Self.fill(rule.message, values), ask: Self.fill(rule.ask, values), text: text)
    }

    /// A message template with its `{name}` placeholders filled in one pass: what was filled in is
    /// never read again, so a quoted answer that itself says "{field}" stays as typed.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        guard template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let placeholder = rest[open...].prefix { $0 != "}" && $0 != " " }
            let whole = rest[open...].dropFirst(placeholder.count).first == "}" ? String(placeholder) + "}" : nil
            if let whole, let value = values[whole] {
                result += value
                rest = rest[open...].dropFirst(whole.count)
            } else {
                result += "{"
                rest = rest[rest.index(after: open)...]
            }
        }
        return result + rest
    }

    /// Runs every rule's own examples. A `flag` example that does not fire, and an `ok` example that
    /// does, are failures.
    public func verifyExamples() -> [ExampleFailure] {
        rules.flatMap { rule -> [ExampleFailure] in
            let single = RuleSet([rule], meaning: meaning)
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
