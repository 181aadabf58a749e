import Foundation
import MomentumCore

/// `check FILE`: every finding in a plan file, as text or JSON. Findings the plan already keeps
/// with a reason are counted, not reported. Plans are added one at a time, so a large file can be
/// read as a stream and its findings written as they are found (`check(streaming:)`): memory is
/// that of one plan, not of the file's whole JSON tree (10,000 milestones held 45 MB of it).
public struct CheckReport {
    public struct Item {
        public var planIndex: Int
        public var goal: String
        public var finding: Finding
    }

    public let file: String
    /// Every finding added, unless the report was made not to keep them (`keepingItems: false`).
    public private(set) var items: [Item] = []
    public private(set) var kept = 0
    private var counts: [Level: Int] = [:]
    private var plansAdded = 0
    private let keepsItems: Bool

    public init(file: String, keepingItems: Bool = true) {
        self.file = file
        self.keepsItems = keepingItems
    }

    public init(file: String, plans: [Plan], rules: RuleSet) {
        self.init(file: file)
        for plan in plans { add(plan, rules: rules) }
    }

    /// Checks the next plan of the file; returns its findings that are not kept.
    @discardableResult
    public mutating func add(_ plan: Plan, rules: RuleSet) -> [Item] {
        defer { plansAdded += 1 }
        var found: [Item] = []
        for finding in rules.check(plan: plan) {
            if plan.overrides.contains(where: { $0.ruleID == finding.ruleID && $0.path == finding.path }) {
                kept += 1
            } else {
                found.append(Item(planIndex: plansAdded, goal: plan.goal, finding: finding))
                counts[finding.level, default: 0] += 1
            }
        }
        if keepsItems { items += found }
        return found
    }

    /// Reads the plan file at `path` a piece at a time and checks each plan as it is read,
    /// handing `found` each finding; a plan the file cannot hold stops it with a located error.
    public static func check(streaming path: String, files: FileAccess, rules: RuleSet, keepingItems: Bool,
                             found: (Item) -> Void = { _ in }) throws -> CheckReport {
        var report = CheckReport(file: path, keepingItems: keepingItems)
        var stream = PlanJSONStream()
        func add(_ element: PlanJSONStream.Element) throws {
            report.add(try PlanJSON.decode(element), rules: rules).forEach(found)
        }
        try files.read(path, inPiecesOf: 1 << 16) { piece in try stream.feed(piece).forEach(add) }
        try stream.finish().forEach(add)
        return report
    }

    private var findingCount: Int { counts.values.reduce(0, +) }

    /// 0 with no warnings or errors, 1 with any.
    public var exitCode: Int32 { counts[.warning, default: 0] + counts[.error, default: 0] > 0 ? 1 : 0 }

    public func text() -> [String] {
        items.map { CheckReport.line($0, in: file) } + [summary]
    }

    public static func line(_ item: Item, in file: String) -> String {
        "\(file): plan \(item.planIndex + 1) \"\(item.goal)\": \(FieldLabel.label(item.finding.path)): \(item.finding.level.rawValue): \(item.finding.message) [\(item.finding.ruleID)]"
    }

    public var summary: String {
        let count = { (level: Level) in counts[level, default: 0] }
        return "\(Plural.count(findingCount, "finding")): \(Plural.count(count(.error), "error")), \(Plural.count(count(.warning), "warning")), \(count(.info)) info; \(kept) kept with a reason."
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
        return Table.render(header: ["id", "level", "kind", "applies-to", "file"], rows: rows) + ["\(Plural.count(rows.count, "rule")) from \(loaded.sourceDescription)."]
    }

    /// Runs every rule's examples. Fails on an example that misbehaves, or on a broken rule file.
    public func test() -> (lines: [String], failed: Bool) {
        let failures = loaded.ruleSet.verifyExamples()
        let problems = loaded.diagnostics.map(\.description) + loaded.problems
        let examples = loaded.ruleSet.rules.reduce(0) { $0 + $1.examples.flag.count + $1.examples.ok.count }
        var lines = problems + failures.map(\.description)
        // "0 failed" above an exit status of 1 read as a bug: the broken files are the failure.
        let broken = problems.isEmpty ? "" : "; it fails on \(Plural.count(problems.count, "problem")) in the rule files, above (their rules were not tested)"
        lines.append("\(examples - failures.count) passed, \(failures.count) failed (\(Plural.count(examples, "example")) in \(Plural.count(loaded.ruleSet.rules.count, "rule")))\(broken)")
        return (lines, !failures.isEmpty || !problems.isEmpty)
    }

    public func lint() -> (lines: [String], failed: Bool) {
        let problems = loaded.diagnostics.map(\.description) + loaded.problems
        let filesWithProblems = Set(loaded.diagnostics.map(\.location.file)).count + loaded.problems.count
        let lines = problems + [problems.isEmpty
            ? "\(Plural.count(loaded.files.count, "rule file")), \(Plural.count(loaded.ruleSet.rules.count, "rule")): no problems."
            : "\(Plural.count(problems.count, "problem")) in \(filesWithProblems) of \(Plural.count(loaded.files.count, "rule file")); the rules with problems were skipped."]
        return (lines, !problems.isEmpty)
    }
}

/// `rules eval FILE.tsv…`: precision and recall of the rules in force on labelled phrasings, per
/// field and overall, tips and warnings counted separately.
public struct EvalReport {
    public let evaluation: RuleEvaluation
    public let problems: [String]

    /// Reads each file as labelled phrasings; a file that cannot be read, or a bad line, is a problem.
    public init(files: [(path: String, text: String?)], rules: RuleSet, leaveOneOut: Bool = false) {
        var phrasings: [LabelledPhrasing] = []
        var problems: [String] = []
        for file in files {
            guard let text = file.text else {
                problems.append("\(file.path): error: cannot read this file (check the path and its permissions)")
                continue
            }
            let parsed = PhrasingFileParser.parse(text, path: file.path)
            phrasings += parsed.phrasings
            problems += parsed.diagnostics.map(\.description)
        }
        if phrasings.isEmpty, problems.isEmpty {
            problems.append("error: no labelled phrasings in \(files.map(\.path).joined(separator: ", ")); each line is field<TAB>flag|ok<TAB>text")
        }
        self.evaluation = RuleEvaluation(phrasings: phrasings, rules: rules, leaveOneOut: leaveOneOut)
        self.problems = problems
    }

    public func table() -> [String] {
        func figure(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "-" }
        let rows = evaluation.scores.map { scores in
            [scores.field?.rawValue ?? "all", "\(scores.rows)", "\(scores.flags)",
             figure(scores.any.precision), figure(scores.any.recall),
             figure(scores.warnings.precision), figure(scores.warnings.recall)]
        }
        return Table.render(header: ["field", "rows", "flag", "precision", "recall", "warn-precision", "warn-recall"], rows: rows)
            + ["precision and recall count tips and warnings; warn- columns count warnings only."]
    }

    /// One row per rule that spoke: how often on flagged and on ok phrasings, and alone.
    public func ruleTable() -> [String] {
        let rows = evaluation.ruleScores.map { score in
            [score.ruleID, "\(score.onFlagged)", "\(score.onOk)", String(format: "%.2f", score.precision),
             "\(score.aloneOnFlagged)", "\(score.aloneOnOk)"]
        }
        return Table.render(header: ["rule", "on-flag", "on-ok", "precision", "alone-on-flag", "alone-on-ok"], rows: rows)
            + ["on-ok findings question a phrasing labelled ok; alone- columns count phrasings no other rule spoke on."]
    }

    /// One line per phrasing the rules got wrong, located in its file.
    public func mistakes() -> [String] {
        evaluation.mistakes.map { outcome in
            let phrasing = outcome.phrasing
            let what = phrasing.flagged ? "flag, not flagged" : "ok, flagged by \(outcome.ruleIDs.joined(separator: ", ")) (\(outcome.level?.rawValue ?? ""))"
            return "\(phrasing.location): \(phrasing.field.rawValue): \(what): \(phrasing.text)"
        }
    }

    /// The gates that were not met, as lines to print; empty when all are met.
    public func unmetGates(minPrecision: Double?, minRecall: Double?, minWarningPrecision: Double?) -> [String] {
        guard let overall = evaluation.scores.last else { return [] }
        var unmet: [String] = []
        func gate(_ name: String, _ value: Double?, _ minimum: Double?) {
            guard let minimum else { return }
            let actual = value ?? 0
            if actual < minimum { unmet.append("error: \(name) \(String(format: "%.4f", actual)) is below \(String(format: "%.4f", minimum))") }
        }
        gate("precision", overall.any.precision, minPrecision)
        gate("recall", overall.any.recall, minRecall)
        gate("warning precision", overall.warnings.precision, minWarningPrecision)
        return unmet
    }
}
