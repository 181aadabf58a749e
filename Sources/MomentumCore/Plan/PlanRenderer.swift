import Foundation

/// Plain-text views of a plan: the summary at the end of `new` and the `show` command.
public enum PlanRenderer {
    public static func summary(_ plan: Plan) -> [OutputLine] {
        var lines = [OutputLine("Plan: \(plan.goal)", .success)]
        if !plan.outcome.isEmpty { lines.append(OutputLine("  Why: \(plan.outcome)")) }
        lines.append(OutputLine("  Metric: \(metricLine(plan.metric))"))
        if let stalled = plan.stalled {
            let blocker = stalled.blocker.isEmpty ? "a blocker not named yet (unstick asks)" : stalled.blocker
            lines.append(OutputLine("  Stalled: last progress \(stalled.lastProgress); blocked by \(blocker)"))
        }
        for (index, milestone) in plan.milestones.enumerated() {
            lines += milestoneLines(milestone, number: index + 1)
        }
        return lines
    }

    public static func metricLine(_ metric: Metric) -> String {
        switch (metric.baseline, metric.target) {
        case let (baseline?, target?): "\(metric.name) (now: \(baseline); target: \(target))"
        case let (baseline?, nil): "\(metric.name) (now: \(baseline))"
        case let (nil, target?): "\(metric.name) (target: \(target))"
        case (nil, nil): metric.name
        }
    }

    public static func milestoneLines(_ milestone: Milestone, number: Int) -> [OutputLine] {
        let mark = switch milestone.status {
        case .open: "[ ]"
        case .done: "[x]"
        case .skipped: "[~]"
        case .dropped: "[-]"
        }
        var lines = [OutputLine("  \(mark) \(number). \(milestone.title) (\(Timebox.format(milestone.timeboxDays)), \(milestone.owner))")]
        if !milestone.criterion.isEmpty { lines.append(OutputLine("        Done when: \(milestone.criterion)")) }
        if !milestone.artifact.isEmpty { lines.append(OutputLine("        Artifact: \(milestone.artifact)")) }
        if !milestone.moves.isEmpty { lines.append(OutputLine("        Moves: \(milestone.moves)")) }
        return lines
    }
}
