/// The fields a flow asks for. The raw value is the prompt's name.
public enum FieldKey: String, Codable, Sendable, CaseIterable {
    case goal, outcome = "why", metric, baseline, target, stage
    case progress = "last-progress", blocker
    case milestone, criterion = "done-when", artifact, timebox, owner, moves
    case another, save
    /// After an edit renamed the metric: the same measure reworded, or another?
    case sameMetric = "same-metric"
    case note = "win", evidence, reading
    case skipKind = "skip-kind", reason
    case decision, next
    case parts = "split-into"

    /// The rule field an answer to this question is checked as, if any.
    public var ruleField: RuleField? {
        switch self {
        case .goal: .goal
        case .outcome: .outcome
        case .metric: .metric
        case .baseline: .baseline
        case .target: .target
        case .progress: .progress
        case .blocker: .blocker
        case .milestone, .next: .milestone
        case .criterion: .criterion
        case .artifact: .artifact
        case .timebox: .timebox
        case .owner: .owner
        case .moves: .moves
        case .note: .win
        default: nil
        }
    }
}

/// How an answer is read before it is accepted.
public enum AnswerKind: Sendable, Equatable {
    case text
    case days
    case choice([String])
    /// Free text with a number in it (a metric reading: "4", "4 upgrades this week"), so the review's
    /// chart, the story and `show` read the same value.
    case number
}

/// One question of a flow: what it asks, why (for `help`), and how the answer is read.
public struct Question: Sendable, Equatable {
    public var key: FieldKey
    public var text: String
    public var purpose: String
    public var good: String
    public var weak: String
    public var optional: Bool
    public var kind: AnswerKind
    /// Used when the answer is empty (e.g. the owner defaults to "me"; an edit keeps the current value).
    public var defaultAnswer: String?
    /// 0-based index of the milestone the answer belongs to, for field paths and rule context.
    public var milestone: Int?

    public init(_ key: FieldKey, _ text: String, purpose: String, good: String, weak: String, optional: Bool = false,
                kind: AnswerKind = .text, defaultAnswer: String? = nil, milestone: Int? = nil) {
        self.key = key
        self.text = text
        self.purpose = purpose
        self.good = good
        self.weak = weak
        self.optional = optional
        self.kind = kind
        self.defaultAnswer = defaultAnswer
        self.milestone = milestone
    }

    public var choices: [String] {
        if case .choice(let options) = kind { return options }
        return []
    }
}
