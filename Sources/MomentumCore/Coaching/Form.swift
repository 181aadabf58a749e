import Foundation

/// The flows the coach can walk a user through.
public enum FlowKind: String, Codable, Sendable {
    case new
    case add
    case editPlan = "edit"
    case editMilestone = "edit-milestone"
    case done
    case skip
    case unstick
    /// The weekly review, kept as the lines typed so far over its start date (`base.createdAt`):
    /// the shell replays them into a `ReviewConversation`, as a flow's answers are replayed.
    case review
}

/// A finding the user chose to keep, with why. `path` and `text`: where the finding is and what it
/// quoted, for one kept at save> (a tip on an earlier answer, or the plan's own), which is not on
/// the answer it is kept with; nil for a finding on the answer itself.
public struct Kept: Codable, Equatable, Sendable {
    public var ruleID: String
    public var reason: String
    public var path: String?
    public var text: String?
    public init(ruleID: String, reason: String, path: String? = nil, text: String? = nil) {
        self.ruleID = ruleID
        self.reason = reason
        self.path = path
        self.text = text
    }
}

/// An accepted answer. `value` is nil for a skipped optional question.
public struct Answer: Codable, Equatable, Sendable {
    public var key: FieldKey
    public var value: String?
    public var kept: [Kept]
    public init(key: FieldKey, value: String?, kept: [Kept] = []) {
        self.key = key
        self.value = value
        self.kept = kept
    }
}

/// An answer with open findings, waiting for the user to rephrase it or keep it with a reason.
public struct Pending: Codable, Equatable, Sendable {
    public var key: FieldKey
    public var value: String
    public var findings: [Finding]
    public var awaitingReason: Bool
}

/// A flow in progress. It is its own draft: the answers so far over the plan it started from, so
/// it can be saved after every line and resumed exactly where it stopped, and `back` is just
/// dropping the last answer.
public struct Form: Codable, Equatable, Sendable {
    public var kind: FlowKind
    public var base: Plan
    /// 0-based index of the milestone the flow is about (edit-milestone, done, skip).
    public var milestone: Int?
    public var answers: [Answer]
    public var pending: Pending?
    /// The answer `back` took away, offered again for editing.
    public var revisit: String?
    /// The findings that answer had kept with a reason: Enter keeps them too.
    public var revisitKept: [Kept]?
    /// Every answer `back` took away, the latest last: going forward again offers each at its
    /// question, so `back`, `back`, a new step title, Enter keeps the done-when given before.
    public var takenBack: [Answer]?
    /// When a `done` flow's win was finished: when `done` was typed (a flow resumed the next day
    /// keeps its day), or noon of the day `--on` names (`done 1.2 --on yesterday`), so the day
    /// stays the same in the calendar the streak counts in. Nil in drafts saved before it was set.
    public var winDate: Date?

    public init(kind: FlowKind, base: Plan, milestone: Int? = nil, answers: [Answer] = [], pending: Pending? = nil) {
        self.kind = kind
        self.base = base
        self.milestone = milestone
        self.answers = answers
        self.pending = pending
    }

    public static func newPlan() -> Form { Form(kind: .new, base: Plan(goal: "")) }

    public static func review(startedAt date: Date) -> Form { Form(kind: .review, base: Plan(goal: "", createdAt: date)) }
}

/// What a finished flow produced. The shell stamps dates and saves it.
public enum FormResult: Equatable, Sendable {
    case plan(Plan)
    case win(milestone: Int, note: String, evidence: String?, reading: String?, kept: [Override])
    /// `rescopedTo` and `criterion`: a rescoped step's new title and done-when (nil when kept as
    /// they were), with the findings kept on them.
    case skip(milestone: Int, kind: SkipKind, reason: String, rescopedTo: String?, criterion: String?, artifact: String?, kept: [Override])
}

extension Form {
    /// The milestone the next question is about, once it has a title: `resume` names it, since
    /// "How will you know it's done?" alone does not say of what.
    public var milestoneInProgress: (number: Int, title: String)? {
        guard case .ask(let question, let plan) = Scripts.next(self), question.key != .milestone, let index = question.milestone,
              plan.milestones.indices.contains(index), !plan.milestones[index].title.isEmpty else { return nil }
        return (index + 1, plan.milestones[index].title)
    }
}
