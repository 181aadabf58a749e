/// Reads the text a rule field names out of a plan, with its path (`milestones[2].criterion`).
public enum PlanFields {
    public struct Entry: Sendable {
        public var field: RuleField
        public var path: String
        public var text: String
        public var milestone: Int?
    }

    /// Every field a plan has, in plan order.
    public static func entries(of plan: Plan) -> [Entry] {
        var entries: [Entry] = [
            Entry(field: .goal, path: "goal", text: plan.goal),
            Entry(field: .outcome, path: "outcome", text: plan.outcome),
            Entry(field: .metric, path: "metric.name", text: plan.metric.name),
        ]
        if let baseline = plan.metric.baseline { entries.append(Entry(field: .baseline, path: "metric.baseline", text: baseline)) }
        if let target = plan.metric.target { entries.append(Entry(field: .target, path: "metric.target", text: target)) }
        if let stalled = plan.stalled {
            entries.append(Entry(field: .progress, path: "stalled.lastProgress", text: stalled.lastProgress))
            entries.append(Entry(field: .blocker, path: "stalled.blocker", text: stalled.blocker))
        }
        for (index, milestone) in plan.milestones.enumerated() {
            let prefix = "milestones[\(index)]"
            entries += [
                Entry(field: .milestone, path: "\(prefix).title", text: milestone.title, milestone: index),
                Entry(field: .criterion, path: "\(prefix).criterion", text: milestone.criterion, milestone: index),
                Entry(field: .artifact, path: "\(prefix).artifact", text: milestone.artifact, milestone: index),
                Entry(field: .timebox, path: "\(prefix).timeboxDays", text: Timebox.format(milestone.timeboxDays), milestone: index),
                Entry(field: .owner, path: "\(prefix).owner", text: milestone.owner, milestone: index),
                Entry(field: .moves, path: "\(prefix).moves", text: milestone.moves, milestone: index),
            ]
        }
        for (index, win) in plan.wins.enumerated() {
            entries.append(Entry(field: .win, path: "wins[\(index)].note", text: win.note, milestone: win.milestone - 1))
        }
        return entries
    }

    /// The path of a field; `milestone` is the 0-based index for milestone fields.
    public static func path(of field: RuleField, milestone: Int?) -> String {
        let prefix = milestone.map { "milestones[\($0)]." } ?? ""
        switch field {
        case .goal, .outcome, .plan: return field.rawValue
        case .metric: return "metric.name"
        case .baseline: return "metric.baseline"
        case .target: return "metric.target"
        case .progress: return "stalled.lastProgress"
        case .blocker: return "stalled.blocker"
        case .milestone: return prefix + "title"
        case .timebox: return prefix + "timeboxDays"
        case .criterion, .artifact, .owner, .moves: return prefix + field.rawValue
        case .win: return "win.note"
        }
    }

    /// The texts of a field, for comparisons: milestone fields of one milestone, or of all.
    /// Reads the field directly: alignment runs this once per milestone, so going through
    /// `entries(of:)` would make checking a plan quadratic.
    public static func texts(of field: RuleField, in plan: Plan, milestone: Int?) -> [String] {
        let milestones = milestone.map { plan.milestones.indices.contains($0) ? [plan.milestones[$0]] : [] } ?? plan.milestones
        switch field {
        case .goal: return [plan.goal]
        case .outcome: return [plan.outcome]
        case .metric: return [plan.metric.name]
        case .baseline: return plan.metric.baseline.map { [$0] } ?? []
        case .target: return plan.metric.target.map { [$0] } ?? []
        case .progress: return plan.stalled.map { [$0.lastProgress] } ?? []
        case .blocker: return plan.stalled.map { [$0.blocker] } ?? []
        case .milestone: return milestones.map(\.title)
        case .criterion: return milestones.map(\.criterion)
        case .artifact: return milestones.map(\.artifact)
        case .timebox: return milestones.map { Timebox.format($0.timeboxDays) }
        case .owner: return milestones.map(\.owner)
        case .moves: return milestones.map(\.moves)
        case .win: return plan.wins.map(\.note)
        case .plan: return []
        }
    }
}
