/// Human words for a field path: "step 2, timebox" for `milestones[1].timeboxDays`. Every view
/// shows these; the JSON paths stay in `check --format json` and the plan file, for scripts.
public enum FieldLabel {
    public static func label(_ path: String) -> String {
        if let match = path.wholeMatch(of: /milestones\[(\d+)\]\.(\w+)/), let index = Int(match.1) {
            let step = "step \(index + 1)"
            let field = String(match.2)
            return field == "title" ? step : "\(step), \(milestoneFields[field] ?? field)"
        }
        if let match = path.wholeMatch(of: /wins\[(\d+)\]\.note/), let index = Int(match.1) { return "win \(index + 1), note" }
        return planFields[path] ?? path
    }

    private static let milestoneFields = [
        "criterion": "done when", "artifact": "artifact", "timeboxDays": "timebox", "owner": "owner", "moves": "moves",
    ]

    private static let planFields = [
        "goal": "goal", "outcome": "why", "metric.name": "metric", "metric.baseline": "metric, now", "metric.target": "target",
        "stalled.lastProgress": "last progress", "stalled.blocker": "blocker", "win.note": "win note", "plan": "the plan as a whole",
    ]
}
