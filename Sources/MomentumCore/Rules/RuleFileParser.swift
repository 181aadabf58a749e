import Foundation
import Yams

/// What one rule file holds: the rules that loaded, ids it turns off, and every problem found.
/// One broken rule is reported and skipped; the rest still load.
public struct RuleFile: Sendable {
    public var path: String
    public var rules: [Rule]
    public var disabled: [String]
    /// Where each id of `disable:` is written, for naming one that turns off no rule.
    public var disabledAt: [String: SourceLocation] = [:]
    public var diagnostics: [RuleDiagnostic]
    public init(path: String, rules: [Rule], disabled: [String], diagnostics: [RuleDiagnostic]) {
        self.path = path
        self.rules = rules
        self.disabled = disabled
        self.diagnostics = diagnostics
    }
}

/// Reads a rule file's text (YAML, `version: 1`) strictly: unknown keys, wrong types, missing keys,
/// unknown kinds, bad regexes, duplicate ids and empty lists are errors located at `file:line:col`.
/// Pure: the caller reads the file.
public enum RuleFileParser {
    static let topKeys = ["version", "rules", "disable"]
    static let commonKeys = ["id", "kind", "level", "applies-to", "message", "ask", "unless", "unless-pattern", "unless-cue", "supersedes", "examples"]
    static let kindKeys: [RuleKind: [String]] = [
        .phrase: ["phrases", "plurals-as-nouns"],
        .pattern: ["pattern"],
        .require: ["any-of", "signals"],
        .range: ["min", "max"],
        .plan: ["condition", "max", "max-days", "min-milestones"],
        .alignment: ["generic", "compare-with", "related", "min-similarity", "restating"],
        .shortfall: ["compare-with"],
        .cue: ["cues"],
        .meaning: ["neighbours", "min-flag-share", "min-similarity", "warn-above", "doubt-below", "quiet-below", "model-weight", "unless-echoes"],
    ]
    static let exampleKeys = ["goal", "outcome", "metric", "baseline", "target", "stage", "progress", "blocker",
                              "milestone", "title", "criterion", "artifact", "timebox", "owner", "moves", "status", "win", "milestones"]

    public static func parse(_ text: String, path: String) -> RuleFile {
        var context = Context(path: path)
        var file = parse(text, path: path, context: &context)
        file.diagnostics = context.diagnostics
        return file
    }

    private static func parse(_ text: String, path: String, context: inout Context) -> RuleFile {
        var file = RuleFile(path: path, rules: [], disabled: [], diagnostics: [])
        if let (line, control) = ControlCharacters.firstLine(in: text) {
            context.diagnostics.append(RuleDiagnostic(location: SourceLocation(file: path, line: line, column: control.column),
                                                      message: "\(control.described): a rule file is plain text. Delete it (an editor's 'show invisibles' shows it) and load again; nothing in this file was loaded"))
            return file
        }
        let root: Node
        do {
            // No tag resolution: it matched every scalar against six regular expressions (a third of
            // loading the rules), and the parser reads numbers and booleans from the text itself.
            guard let node = try Yams.compose(yaml: text, .basic) else {
                context.error(at: nil, "the file is empty; a rule file starts with 'version: 1' and a 'rules:' list")
                return file
            }
            root = node
        } catch {
            context.yamlError(error, in: text)
            return file
        }
        guard let top = root.mapping else {
            context.error(at: root, "expected a mapping with 'version' and 'rules' at the top of the file")
            return file
        }
        context.checkKeys(top, allowed: topKeys, what: "top-level key", ruleID: nil)
        switch top["version"] {
        case nil: context.error(at: root, "missing 'version: 1' at the top of the file")
        case let version? where version.int == 1: break
        case let version?: context.error(at: version, "unsupported version '\(version.string ?? "")'; this Momentum reads version 1")
        }
        if let disable = top["disable"] {
            let ids = context.stringListWithNodes(disable, key: "disable", ruleID: nil) ?? []
            file.disabled = ids.map(\.0)
            file.disabledAt = Dictionary(ids.map { ($0.0, context.location($0.1)) }, uniquingKeysWith: { first, _ in first })
        }
        guard let rulesNode = top["rules"] else {
            if top["disable"] == nil { context.error(at: root, "missing 'rules:' list") }
            return file
        }
        guard let ruleNodes = rulesNode.sequence else {
            context.error(at: rulesNode, "'rules' must be a list of rules (each item starting with '- id:')")
            return file
        }
        var seen: [String: SourceLocation] = [:]
        for node in ruleNodes {
            guard let rule = parseRule(node, context: &context) else { continue }
            if let first = seen[rule.id] {
                context.error(at: node.mapping?["id"] ?? node, ruleID: rule.id, "duplicate id; first defined at \(first); this one is skipped")
                continue
            }
            seen[rule.id] = rule.location
            file.rules.append(rule)
        }
        return file
    }

    private static func parseRule(_ node: Node, context: inout Context) -> Rule? {
        guard let map = node.mapping else {
            context.error(at: node, "each rule must be a mapping with 'id', 'kind', 'level', 'message', 'ask'")
            return nil
        }
        let location = context.location(node)
        let errorsBefore = context.diagnostics.count
        guard let id = context.requiredString(map, "id", at: node, ruleID: nil) else { return nil }
        if id.range(of: #"^[a-z0-9][a-z0-9-]*$"#, options: .regularExpression) == nil {
            context.error(at: map["id"], ruleID: id, "an id is lowercase letters, digits and dashes")
        }
        guard let kindText = context.requiredString(map, "kind", at: node, ruleID: id) else { return nil }
        guard let kind = RuleKind(rawValue: kindText) else {
            context.error(at: map["kind"], ruleID: id, "unknown kind '\(kindText)'" + didYouMean(kindText, RuleKind.allCases.map(\.rawValue))
                + "; kinds are " + RuleKind.allCases.map(\.rawValue).joined(separator: ", "))
            return nil
        }
        context.checkKeys(map, allowed: commonKeys + (kindKeys[kind] ?? []), what: "key for kind '\(kind.rawValue)'", ruleID: id,
                          elsewhere: kindKeys)
        var level = Level.warning
        if let text = context.requiredString(map, "level", at: node, ruleID: id) {
            if let parsed = Level(rawValue: text) { level = parsed } else {
                context.error(at: map["level"], ruleID: id, "unknown level '\(text)'" + didYouMean(text, Level.allCases.map(\.rawValue)) + "; levels are info, warning, error")
            }
        }
        var appliesTo: [RuleField] = kind == .plan ? [.plan] : []
        if kind != .plan {
            if let node = map["applies-to"] {
                for (name, nameNode) in context.stringListWithNodes(node, key: "applies-to", ruleID: id) ?? [] {
                    if let field = RuleField(rawValue: name), field != .plan { appliesTo.append(field) } else {
                        let names = RuleField.allCases.filter { $0 != .plan }.map(\.rawValue)
                        context.error(at: nameNode, ruleID: id, "unknown field '\(name)'" + didYouMean(name, names) + "; fields are " + names.joined(separator: ", "))
                    }
                }
                if appliesTo.isEmpty, context.diagnostics.count == errorsBefore {
                    context.error(at: node, ruleID: id, "'applies-to' needs at least one field")
                }
            } else {
                context.error(at: node, ruleID: id, "missing required key 'applies-to'")
            }
        }
        let message = context.requiredString(map, "message", at: node, ruleID: id) ?? ""
        let ask = context.requiredString(map, "ask", at: node, ruleID: id) ?? ""
        var unless: PhraseList?
        if let node = map["unless"], let list = context.stringList(node, key: "unless", ruleID: id, nonEmpty: true) {
            unless = PhraseList(list)
        }
        let check = parseCheck(kind, map, node: node, appliesTo: appliesTo, id: id, context: &context)
        guard context.diagnostics.count == errorsBefore, let check else { return nil }
        var unlessPattern: BoundedPattern?
        if let node = map["unless-pattern"], let source = context.stringList(node, key: "unless-pattern", ruleID: id)?.first {
            do { unlessPattern = try BoundedPattern(source) } catch {
                context.error(at: node, ruleID: id, "invalid regular expression '\(source)' in 'unless-pattern': check brackets, parentheses and escapes")
                return nil
            }
        }
        var unlessCue: [Cue] = []
        if let node = map["unless-cue"] {
            guard let cues = context.cues(node, key: "unless-cue", ruleID: id) else { return nil }
            unlessCue = cues
        }
        var rule = Rule(id: id, level: level, appliesTo: appliesTo, check: check, message: message, ask: ask, unless: unless,
                        unlessPattern: unlessPattern, unlessCue: unlessCue, location: location)
        if let node = map["supersedes"] {
            guard let ids = context.stringList(node, key: "supersedes", ruleID: id, nonEmpty: true) else { return nil }
            rule.supersedes = ids
        }
        if let examples = map["examples"] {
            rule.examples = parseExamples(examples, rule: rule, context: &context)
            if context.diagnostics.count != errorsBefore { return nil }
        }
        return rule
    }

    private static func parseCheck(_ kind: RuleKind, _ map: Node.Mapping, node: Node, appliesTo: [RuleField], id: String, context: inout Context) -> Check? {
        /// A list of field names (`compare-with`, `restating`, `unless-echoes`), each one located if unknown.
        func fields(_ key: String) -> [RuleField] {
            guard let node = map[key] else { return [] }
            var fields: [RuleField] = []
            for (name, nameNode) in context.stringListWithNodes(node, key: key, ruleID: id) ?? [] {
                if let field = RuleField(rawValue: name) { fields.append(field) } else {
                    context.error(at: nameNode, ruleID: id, "unknown field '\(name)'" + didYouMean(name, RuleField.allCases.map(\.rawValue)))
                }
            }
            return fields
        }
        switch kind {
        case .phrase:
            guard let list = context.requiredList(map, "phrases", at: node, ruleID: id) else { return nil }
            // A wrong value is located here; the rule is then left out with the file's other errors.
            return .phrase(PhraseList(list, pluralsAsNouns: context.boolean(map, "plurals-as-nouns", ruleID: id) ?? false))
        case .pattern:
            guard let source = context.requiredString(map, "pattern", at: node, ruleID: id) else { return nil }
            do {
                return .pattern(try BoundedPattern(source))
            } catch {
                context.error(at: map["pattern"], ruleID: id, "invalid regular expression '\(source)': check brackets, parentheses and escapes (a YAML string in double quotes needs '\\\\' for one backslash; single quotes do not)")
                return nil
            }
        case .require:
            var signals = RequireCheck.Signal.allCases
            if let node = map["any-of"] {
                signals = []
                for (name, nameNode) in context.stringListWithNodes(node, key: "any-of", ruleID: id) ?? [] {
                    if let signal = RequireCheck.Signal(rawValue: name) { signals.append(signal) } else {
                        let names = RequireCheck.Signal.allCases.map(\.rawValue)
                        context.error(at: nameNode, ruleID: id, "unknown signal '\(name)'" + didYouMean(name, names) + "; signals are " + names.joined(separator: ", "))
                    }
                }
            }
            let extra = map["signals"].flatMap { context.stringList($0, key: "signals", ruleID: id, nonEmpty: true) }.map { PhraseList($0) }
            return .require(RequireCheck(anyOf: signals, extraSignals: extra))
        case .range:
            let min = context.number(map, "min", ruleID: id)
            let max = context.number(map, "max", ruleID: id)
            if min == nil, max == nil { context.error(at: node, ruleID: id, "a range rule needs 'min', 'max' or both") }
            if let bad = appliesTo.first(where: { $0 != .timebox }) {
                context.error(at: map["applies-to"], ruleID: id, "a range rule applies to numeric fields only (timebox), not '\(bad.rawValue)'")
            }
            return .range(min: min, max: max)
        case .plan:
            guard let name = context.requiredString(map, "condition", at: node, ruleID: id) else { return nil }
            guard let condition = PlanCondition.Name(rawValue: name) else {
                let names = PlanCondition.Name.allCases.map(\.rawValue)
                context.error(at: map["condition"], ruleID: id, "unknown condition '\(name)'" + didYouMean(name, names) + "; conditions are " + names.joined(separator: ", "))
                return nil
            }
            let minMilestones = context.number(map, "min-milestones", ruleID: id)
            if let minMilestones, minMilestones != minMilestones.rounded() || minMilestones > 10_000 {
                context.error(at: map["min-milestones"], ruleID: id, "'min-milestones' is a whole number from 0 to 10000")
                return nil
            }
            return .plan(PlanCondition(name: condition, max: context.number(map, "max", ruleID: id),
                                       maxDays: context.number(map, "max-days", ruleID: id), minMilestones: minMilestones.map { Int($0) }))
        case .alignment:
            let generic = map["generic"].flatMap { context.stringList($0, key: "generic", ruleID: id) } ?? []
            let compareWith = fields("compare-with"), restating = fields("restating")
            var related: [[String]] = []
            if let node = map["related"] {
                if let groups = node.sequence {
                    for group in groups {
                        if let words = context.stringList(group, key: "related", ruleID: id, nonEmpty: true) { related.append(words) }
                    }
                } else {
                    context.error(at: node, ruleID: id, "'related' must be a list of word lists, e.g. [[pay, invoice, checkout], [run, race, km]]")
                }
            }
            let minSimilarity = context.number(map, "min-similarity", ruleID: id)
            if let minSimilarity, !(-1...1).contains(minSimilarity) {
                context.error(at: map["min-similarity"], ruleID: id, "'min-similarity' is a number from -1 to 1 (a cosine)")
                return nil
            }
            return .alignment(AlignmentCheck(generic: generic, compareWith: compareWith, related: related, minSimilarity: minSimilarity,
                                             restating: restating))
        case .shortfall:
            guard map["compare-with"] != nil else {
                context.error(at: node, ruleID: id, "missing required key 'compare-with' (the fields whose numbers the answer should reach, e.g. [criterion])")
                return nil
            }
            return .shortfall(ShortfallCheck(compareWith: fields("compare-with")))
        case .cue:
            guard map["cues"] != nil else {
                context.error(at: node, ruleID: id, "missing required key 'cues'")
                return nil
            }
            return context.cues(map["cues"]!, key: "cues", ruleID: id).map(Check.cue)
        case .meaning:
            var check = MeaningCheck()
            if let k = context.number(map, "neighbours", ruleID: id) {
                guard k >= 1, k <= 50, k == k.rounded() else {
                    context.error(at: map["neighbours"], ruleID: id, "'neighbours' is a whole number from 1 to 50")
                    return nil
                }
                check.neighbours = Int(k)
            }
            func share(_ key: String, _ range: ClosedRange<Double> = 0...1) -> Double?? {
                guard let value = context.number(map, key, ruleID: id) else { return .some(nil) }
                guard range.contains(value) else {
                    context.error(at: map[key], ruleID: id, "'\(key)' is a number from \(range.lowerBound) to \(range.upperBound)")
                    return nil
                }
                return .some(value)
            }
            guard let minShare = share("min-flag-share"), let minSimilarity = share("min-similarity", -1...1),
                let warnAbove = share("warn-above"), let doubtBelow = share("doubt-below"), let quietBelow = share("quiet-below"),
                let modelWeight = share("model-weight")
            else { return nil }
            check.modelWeight = modelWeight ?? check.modelWeight
            check.minFlagShare = minShare ?? check.minFlagShare
            check.minSimilarity = minSimilarity ?? check.minSimilarity
            check.warnAbove = warnAbove
            check.doubtBelow = doubtBelow
            check.quietBelow = quietBelow
            check.unlessEchoes = fields("unless-echoes")
            return .meaning(check)
        }
    }

    private static func parseExamples(_ node: Node, rule: Rule, context: inout Context) -> RuleExamples {
        guard let map = node.mapping else {
            context.error(at: node, ruleID: rule.id, "'examples' must be a mapping with 'flag' and 'ok' lists")
            return RuleExamples()
        }
        context.checkKeys(map, allowed: ["flag", "ok"], what: "key in 'examples'", ruleID: rule.id)
        func list(_ key: String) -> [Example] {
            guard let listNode = map[key] else { return [] }
            guard let items = listNode.sequence else {
                context.error(at: listNode, ruleID: rule.id, "'examples.\(key)' must be a list")
                return []
            }
            return items.compactMap { parseExample($0, rule: rule, context: &context) }
        }
        return RuleExamples(flag: list("flag"), ok: list("ok"))
    }

    private static func parseExample(_ node: Node, rule: Rule, context: inout Context) -> Example? {
        let location = context.location(node)
        if let text = node.scalar?.string {
            guard let field = rule.appliesTo.first, field != .plan else {
                context.error(at: node, ruleID: rule.id, "examples of a plan rule are plans (a mapping with 'milestones'), not strings")
                return nil
            }
            var values: [String: String] = [field.rawValue: text]
            if field == .milestone { values = ["title": text] }
            guard let plan = examplePlan(values, milestones: nil, node: node, rule: rule, context: &context) else { return nil }
            return Example(plan: plan, label: "\"\(text)\"", location: location)
        }
        guard let map = node.mapping else {
            context.error(at: node, ruleID: rule.id, "an example is a string or a mapping of fields")
            return nil
        }
        context.checkKeys(map, allowed: exampleKeys, what: "field in an example", ruleID: rule.id)
        var values: [String: String] = [:]
        var milestones: [[String: String]]?
        for (key, value) in map {
            guard let name = key.string else { continue }
            if name == "milestones" {
                guard let items = value.sequence else {
                    context.error(at: value, ruleID: rule.id, "'milestones' must be a list of mappings")
                    return nil
                }
                milestones = items.map { item in
                    var fields: [String: String] = [:]
                    for (k, v) in item.mapping ?? [:] { if let k = k.string { fields[k == "milestone" ? "title" : k] = v.string ?? "" } }
                    return fields
                }
            } else {
                values[name == "milestone" ? "title" : name] = value.string ?? ""
            }
        }
        guard let plan = examplePlan(values, milestones: milestones, node: node, rule: rule, context: &context) else { return nil }
        let label = map.compactMap { key, value in value.string.map { "\(key.string ?? ""): \($0)" } }.joined(separator: ", ")
        return Example(plan: plan, label: label.isEmpty ? "(plan at \(location))" : label, location: location)
    }

    /// A partial plan from an example's fields: absent fields stay empty.
    private static func examplePlan(_ values: [String: String], milestones: [[String: String]]?, node: Node, rule: Rule, context: inout Context) -> Plan? {
        var plan = Plan(goal: values["goal"] ?? "", outcome: values["outcome"] ?? "",
                        metric: Metric(name: values["metric"] ?? "", baseline: values["baseline"], target: values["target"]))
        if values["stage"] == "stalled" || values["progress"] != nil || values["blocker"] != nil {
            plan.stalled = StalledContext(lastProgress: values["progress"] ?? "", blocker: values["blocker"] ?? "")
        }
        let milestoneKeys = ["title", "criterion", "artifact", "timebox", "owner", "moves", "status"]
        var milestoneFields = milestones ?? []
        if milestones == nil, milestoneKeys.contains(where: { values[$0] != nil }) || values["win"] != nil {
            milestoneFields = [values]
        }
        for fields in milestoneFields {
            var days = 1.0
            if let timebox = fields["timebox"] {
                guard let parsed = Timebox.parseDays(timebox) else {
                    context.error(at: node, ruleID: rule.id, "example timebox '\(timebox)' is not a number of days")
                    return nil
                }
                days = parsed
            }
            guard let status = MilestoneStatus(rawValue: fields["status"] ?? "open") else {
                context.error(at: node, ruleID: rule.id, "example status '\(fields["status"] ?? "")' is not one of \(MilestoneStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                return nil
            }
            plan.milestones.append(Milestone(title: fields["title"] ?? "", criterion: fields["criterion"] ?? "",
                                             artifact: fields["artifact"] ?? "", timeboxDays: days,
                                             owner: fields["owner"] ?? "me", moves: fields["moves"] ?? "", status: status))
        }
        if let note = values["win"] {
            plan.wins = [Win(milestone: 1, date: Date(timeIntervalSince1970: 0), note: note)]
        }
        return plan
    }

    static func didYouMean(_ word: String, _ candidates: [String]) -> String {
        Suggestion.closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Collects located diagnostics while reading one file.
    struct Context {
        let path: String
        var diagnostics: [RuleDiagnostic] = []

        func location(_ node: Node?) -> SourceLocation {
            SourceLocation(file: path, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
        }

        mutating func error(at node: Node?, ruleID: String? = nil, _ message: String) {
            diagnostics.append(RuleDiagnostic(location: location(node), ruleID: ruleID, message: message))
        }

        /// What YAML's own words usually mean in a rule file (a trial's messages named the place only).
        static let yamlHints: KeyValuePairs<String, String> = [
            "unknown escape character": #"in double quotes a backslash starts an escape: write \\d, or put a pattern in single quotes"#,
            "mapping values are not allowed": "a value with ': ' in it needs quotes, or this line is indented deeper than the keys beside it",
            "did not find expected '-' indicator": "this line is indented less than the rule above it: a rule's keys line up under its first key",
            "did not find expected key": "check the indentation: a rule's keys line up under its first key, in spaces",
            "could not find expected ':'": "a key needs ': ' after it, or a value on the next line needs quotes",
        ]

        mutating func yamlError(_ error: Error, in text: String) {
            var line = 1, column = 1
            var problem = "\(error)"
            if let yaml = error as? YamlError {
                switch yaml {
                case .scanner(_, let text, let mark, _), .parser(_, let text, let mark, _), .composer(_, let text, let mark, _):
                    line = mark.line
                    column = mark.column
                    problem = text
                default: break
                }
            }
            let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Substring.init)
            if lines.indices.contains(line - 1), lines[line - 1].prefix(column).contains("\t") {
                problem += " (a tab: YAML indents with spaces only)"
            } else if let hint = Context.yamlHints.first(where: { problem.contains($0.key) })?.value {
                problem += " (\(hint))"
            }
            diagnostics.append(RuleDiagnostic(location: SourceLocation(file: path, line: line, column: column),
                                              message: "not valid YAML: \(problem); nothing in this file was loaded"))
        }

        mutating func checkKeys(_ map: Node.Mapping, allowed: [String], what: String, ruleID: String?, elsewhere: [RuleKind: [String]] = [:]) {
            for key in map.keys {
                guard let name = key.string, !allowed.contains(name) else { continue }
                if let kind = elsewhere.first(where: { $0.value.contains(name) })?.key {
                    error(at: key, ruleID: ruleID, "'\(name)' belongs to kind '\(kind.rawValue)', not this rule's kind")
                } else {
                    error(at: key, ruleID: ruleID, "unknown \(what) '\(name)'" + didYouMean(name, allowed))
                }
            }
        }

        mutating func requiredString(_ map: Node.Mapping, _ key: String, at node: Node, ruleID: String?) -> String? {
            guard let value = map[key] else {
                error(at: node, ruleID: ruleID, "missing required key '\(key)'")
                return nil
            }
            guard let scalar = value.scalar, !scalar.string.isEmpty else {
                error(at: value, ruleID: ruleID, "'\(key)' must be a non-empty string")
                return nil
            }
            return scalar.string
        }

        mutating func requiredList(_ map: Node.Mapping, _ key: String, at node: Node, ruleID: String?) -> [String]? {
            guard let value = map[key] else {
                error(at: node, ruleID: ruleID, "missing required key '\(key)'")
                return nil
            }
            return stringList(value, key: key, ruleID: ruleID, nonEmpty: true)
        }

        mutating func stringList(_ node: Node, key: String, ruleID: String?, nonEmpty: Bool = false) -> [String]? {
            stringListWithNodes(node, key: key, ruleID: ruleID, nonEmpty: nonEmpty).map { $0.map(\.0) }
        }

        /// A list of strings (a single string counts as a list of one), each with its node.
        mutating func stringListWithNodes(_ node: Node, key: String, ruleID: String?, nonEmpty: Bool = false) -> [(String, Node)]? {
            if let scalar = node.scalar {
                if scalar.string.isEmpty {
                    error(at: node, ruleID: ruleID, "'\(key)' must not be empty")
                    return nil
                }
                return [(scalar.string, node)]
            }
            guard let items = node.sequence else {
                error(at: node, ruleID: ruleID, "'\(key)' must be a list of strings")
                return nil
            }
            if nonEmpty, items.count == 0 {
                error(at: node, ruleID: ruleID, "'\(key)' is an empty list; give at least one entry")
                return nil
            }
            var result: [(String, Node)] = []
            for item in items {
                guard let text = item.scalar?.string, !text.trimmingBlanks.isEmpty else {
                    error(at: item, ruleID: ruleID, "each entry of '\(key)' must be a non-empty string")
                    return nil
                }
                result.append((text, item))
            }
            return result
        }

        /// A list of cue names, each checked.
        mutating func cues(_ node: Node, key: String, ruleID: String?) -> [Cue]? {
            var cues: [Cue] = []
            for (name, nameNode) in stringListWithNodes(node, key: key, ruleID: ruleID, nonEmpty: true) ?? [] {
                guard let cue = Cue(rawValue: name) else {
                    let names = Cue.allCases.map(\.rawValue)
                    error(at: nameNode, ruleID: ruleID, "unknown cue '\(name)'" + didYouMean(name, names) + "; cues are " + names.joined(separator: ", "))
                    return nil
                }
                cues.append(cue)
            }
            return cues.isEmpty ? nil : cues
        }

        mutating func boolean(_ map: Node.Mapping, _ key: String, ruleID: String?) -> Bool? {
            guard let value = map[key] else { return nil }
            guard let flag = value.bool else {
                error(at: value, ruleID: ruleID, "'\(key)' must be true or false, not '\(value.string ?? "a list or a map")'")
                return nil
            }
            return flag
        }

        mutating func number(_ map: Node.Mapping, _ key: String, ruleID: String?) -> Double? {
            guard let value = map[key] else { return nil }
            guard let number = value.float ?? value.int.map(Double.init) else {
                error(at: value, ruleID: ruleID, "'\(key)' must be a number")
                return nil
            }
            // Numbers in rules count days and milestones: finite, not negative, and small enough
            // that every view can print them.
            guard number.isFinite, (0...1_000_000).contains(number) else {
                error(at: value, ruleID: ruleID, "'\(key)' must be a number from 0 to 1000000, not \(value.string ?? "\(number)")")
                return nil
            }
            return number
        }
    }
}
