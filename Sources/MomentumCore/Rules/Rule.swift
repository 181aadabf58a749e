import Foundation

/// Where something sits in a file, 1-based, as editors and `file:line:col` links expect.
public struct SourceLocation: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
    public var description: String { "\(file):\(line):\(column)" }
}

public enum Level: String, Codable, Sendable, CaseIterable, Comparable {
    case info, warning, error
    public static func < (a: Level, b: Level) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The fields a rule can look at. Names are the words rule files use in `applies-to`.
public enum RuleField: String, Codable, Sendable, CaseIterable {
    case goal, outcome, metric, baseline, target, progress, blocker
    case milestone, criterion, artifact, timebox, owner, moves
    case win
    case plan
}

public enum RuleKind: String, Sendable, CaseIterable {
    case phrase, pattern, require, range, plan, alignment, shortfall, cue, meaning
}

/// What a rule looks for. The kinds are fixed and written in Swift; rules are data.
public enum Check: Sendable {
    case phrase(PhraseList)
    case pattern(BoundedPattern)
    case require(RequireCheck)
    case range(min: Double?, max: Double?)
    case plan(PlanCondition)
    case alignment(AlignmentCheck)
    /// Fires when a number in the answer falls short of the compared fields' (a win below its done-when).
    case shortfall(ShortfallCheck)
    /// Fires when any of the structural cues is present.
    case cue([Cue])
    case meaning(MeaningCheck)

    public var kind: RuleKind {
        switch self {
        case .phrase: .phrase
        case .pattern: .pattern
        case .require: .require
        case .range: .range
        case .plan: .plan
        case .alignment: .alignment
        case .shortfall: .shortfall
        case .cue: .cue
        case .meaning: .meaning
        }
    }
}

/// A rule's own examples: each `flag` example must fire, each `ok` example must not.
public struct RuleExamples: Sendable {
    public var flag: [Example]
    public var ok: [Example]
    public init(flag: [Example] = [], ok: [Example] = []) {
        self.flag = flag
        self.ok = ok
    }
}

/// An example is a plan (a partial one: absent fields are empty) plus where it sits in the file.
public struct Example: Sendable {
    public var plan: Plan
    public var label: String
    public var location: SourceLocation
    public init(plan: Plan, label: String, location: SourceLocation) {
        self.plan = plan
        self.label = label
        self.location = location
    }
}

public struct Rule: Sendable {
    public var id: String
    public var level: Level
    public var appliesTo: [RuleField]
    public var check: Check
    public var message: String
    public var ask: String
    public var unless: PhraseList?
    /// Also an exception: a regular expression, for what a word list cannot say ("200 euros more").
    public var unlessPattern: BoundedPattern?
    /// Also an exception: a structural cue ("a rate"), so a rule needs no list of rate words.
    public var unlessCue: [Cue]
    /// Rules this one says better: when it speaks on an answer, they stay quiet ("it's done" is one
    /// finding, not three that say the same).
    public var supersedes: [String] = []
    public var examples: RuleExamples
    public var location: SourceLocation

    public init(
        id: String, level: Level, appliesTo: [RuleField], check: Check, message: String, ask: String,
        unless: PhraseList? = nil, unlessPattern: BoundedPattern? = nil, unlessCue: [Cue] = [], examples: RuleExamples = RuleExamples(),
        location: SourceLocation
    ) {
        self.id = id
        self.level = level
        self.appliesTo = appliesTo
        self.check = check
        self.message = message
        self.ask = ask
        self.unless = unless
        self.unlessPattern = unlessPattern
        self.unlessCue = unlessCue
        self.examples = examples
        self.location = location
    }

    public var kind: RuleKind { check.kind }
}

/// One rule firing on one field of one plan.
public struct Finding: Equatable, Sendable, Codable {
    public var ruleID: String
    public var level: Level
    public var field: RuleField
    /// `goal`, `metric.name`, `milestones[2].criterion`, `plan` — 0-based, like a JSON path.
    public var path: String
    public var message: String
    public var ask: String
    public var text: String

    public init(ruleID: String, level: Level, field: RuleField, path: String, message: String, ask: String, text: String) {
        self.ruleID = ruleID
        self.level = level
        self.field = field
        self.path = path
        self.message = message
        self.ask = ask
        self.text = text
    }
}

/// A problem in a rule file, located and explained. Rendered as `file:line:col: error: [id] what`.
public struct RuleDiagnostic: Equatable, Sendable, CustomStringConvertible, Error {
    public var location: SourceLocation
    public var ruleID: String?
    public var message: String
    public init(location: SourceLocation, ruleID: String? = nil, message: String) {
        self.location = location
        self.ruleID = ruleID
        self.message = message
    }
    public var description: String {
        let rule = ruleID.map { " [\($0)]" } ?? ""
        return "\(location): error:\(rule) \(message)"
    }
}
