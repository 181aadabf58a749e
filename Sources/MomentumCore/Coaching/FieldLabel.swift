/// Human words for a field path: "step 2, timebox" for `milestones[1].timeboxDays`. Every view
/// shows these; the JSON paths stay in `check --format json` and the plan file, for scripts.
public enum FieldLabel {
    public static func label(_ path: String) -> String {
        if let (index, field) = indexed(path, in: "milestones") {
            let step = "step \(index + 1)"
            return field == "title" ? step : "\(step), \(milestoneFields[field] ?? field)"
        }
        if let (index, field) = indexed(path, in: "wins"), field == "note" { return "win \(index + 1), note" }
        return planFields[path] ?? path
    }

    /// `name[index].field` split into its index and field, or nil. Parsed by hand: a Swift regex
    /// literal is compiled again on every use, which made labelling most of `check`'s time.
    private static func indexed(_ path: String, in name: String) -> (Int, String)? {
        let utf8 = path.utf8
        guard utf8.starts(with: name.utf8), utf8.dropFirst(name.utf8.count).first == UInt8(ascii: "[") else { return nil }
        let digits = utf8.dropFirst(name.utf8.count + 1).prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let rest = utf8.dropFirst(name.utf8.count + 1 + digits.count)
        guard !digits.isEmpty, let index = Int(Substring(digits)), rest.starts(with: "].".utf8) else { return nil }
        let field = Substring(rest.dropFirst(2))
        guard !field.isEmpty, field.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return (index, String(field))
    }

    private static let milestoneFields = [
        "criterion": "done when", "artifact": "artifact", "timeboxDays": "timebox", "owner": "owner", "moves": "moves",
    ]

    private static let planFields = [
        "goal": "goal", "outcome": "why", "metric.name": "metric", "metric.baseline": "metric, now", "metric.target": "target",
        "stalled.lastProgress": "last progress", "stalled.blocker": "blocker", "win.note": "win note", "plan": "the plan as a whole",
    ]
}
