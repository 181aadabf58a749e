import Foundation

/// Plain-text views of a plan: the summary at the end of `new` and the `show` command.
public enum PlanRenderer {
    /// `timeboxesAsSaid`: the words a timebox was given in ("two weeks"), by milestone index, shown
    /// instead of the days they were read as while the flow can still echo them.
    public static func summary(_ plan: Plan, timeboxesAsSaid: [Int: String] = [:]) -> [OutputLine] {
        var lines = [OutputLine("Plan: \(plan.goal)", .success)]
        if !plan.outcome.isEmpty { lines.append(OutputLine("  Why: \(plan.outcome)")) }
        // An imported task list names no metric: "Metric:" alone read as a display bug.
        lines.append(OutputLine("  Metric: " + (plan.metric.name.isEmpty ? "none yet (edit \(plan.id.map(String.init) ?? "the plan") names one)" : metricLine(plan))))
        if let stalled = plan.stalled {
            let blocker = stalled.blocker.isEmpty ? "a blocker not named yet (unstick asks)" : stalled.blocker
            lines.append(OutputLine("  Stalled: last progress \(stalled.lastProgress); what blocks it: \(blocker)"))
        }
        for (index, milestone) in plan.milestones.enumerated() {
            lines += milestoneLines(milestone, number: index + 1, timebox: timeboxesAsSaid[index])
            // A step set aside says why, as the skip recorded it; so does one rescoped and open.
            if let skip = plan.skips.last(where: { $0.milestone == index + 1 }) {
                if milestone.status == .skipped || milestone.status == .dropped {
                    lines.append(OutputLine("        Set aside (\(skip.kind.rawValue)): \(skip.reason)"))
                } else if milestone.status == .open, skip.kind == .rescoped {
                    lines.append(OutputLine("        Rescoped: \(skip.reason)"))
                }
            }
        }
        return lines
    }

    /// The metric with where it stands: the latest reading logged with a win, else the baseline.
    /// Once there is a reading the baseline is said too: the Markdown export is read back, and
    /// "now" alone turned the latest reading into the baseline.
    public static func metricLine(_ plan: Plan) -> String {
        let metric = plan.metric
        let now = current(plan)
        let baseline = now != metric.baseline ? metric.baseline.map { "baseline: \($0)" } : nil
        let parts = [baseline, now.map { "now: \($0)" }, metric.target.map { "target: \($0)" }].compactMap { $0 }
        return parts.isEmpty ? metric.name : "\(metric.name) (\(parts.joined(separator: "; ")))"
    }

    /// The latest reading, with the baseline's unit when the reading is a bare number ("14" after
    /// a baseline of "12 upgrades a week" reads "14 upgrades a week").
    static func current(_ plan: Plan) -> String? {
        guard let reading = plan.readingsOfTheMetric.last?.metricReading else { return plan.metric.baseline }
        guard Double(reading.replacingOccurrences(of: ",", with: ".")) != nil, let baseline = plan.metric.baseline,
              let number = baseline.firstMatch(of: /^\s*-?\d+(?:[.,]\d+)?\s+/) else { return reading }
        return reading + " " + baseline[number.range.upperBound...]
    }

    public static func milestoneLines(_ milestone: Milestone, number: Int, timebox: String? = nil) -> [OutputLine] {
        let mark = switch milestone.status {
        case .open: "[ ]"
        case .done: "[x]"
        case .skipped: "[~]"
        case .dropped: "[-]"
        }
        var lines = [OutputLine("  \(mark) \(number). \(milestone.title) (\(timebox ?? milestone.timeboxLabel), \(milestone.owner))")]
        if !milestone.criterion.isEmpty { lines.append(OutputLine("        Done when: \(milestone.criterion)")) }
        if !milestone.artifact.isEmpty { lines.append(OutputLine("        Artifact: \(milestone.artifact)")) }
        if !milestone.moves.isEmpty { lines.append(OutputLine("        Moves: \(milestone.moves)")) }
        return lines
    }
}
