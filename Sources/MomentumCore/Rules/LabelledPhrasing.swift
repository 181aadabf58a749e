/// One phrasing a person wrote for a field, labelled by what a good coach does with it: `flag`
/// (question it) or `ok` (let it pass). Labelled phrasings are data, like rules: the meaning layer
/// votes with them (`kind: meaning`), and `rules eval` measures the rules on them.
public struct LabelledPhrasing: Sendable, Equatable {
    public var field: RuleField
    public var flagged: Bool
    public var text: String
    /// The goal the answer should serve (for `moves` and `win`); empty when the row has none.
    public var goal: String
    /// Where the phrasing was found (a URL, `owner/repo:path`, or who wrote it).
    public var source: String
    public var location: SourceLocation

    public init(field: RuleField, flagged: Bool, text: String, goal: String = "", source: String = "", location: SourceLocation) {
        self.field = field
        self.flagged = flagged
        self.text = text
        self.goal = goal
        self.source = source
        self.location = location
    }
}

/// Reads labelled phrasings from tab-separated text. Columns are `field`, `label` (flag or ok),
/// `text`, and optionally `goal` and `source`; a header line naming them may reorder them. Lines
/// starting with `#` and blank lines are skipped. Every problem is located at `file:line:col`.
public enum PhrasingFileParser {
    /// Older names of fields, as the project's first phrasings file used them.
    static let fieldAliases: [String: RuleField] = ["title": .milestone, "note": .win, "lastprogress": .progress]
    static let columns = ["field", "label", "text", "goal", "source"]

    public static func parse(_ text: String, path: String) -> (phrasings: [LabelledPhrasing], diagnostics: [RuleDiagnostic]) {
        var phrasings: [LabelledPhrasing] = []
        var diagnostics: [RuleDiagnostic] = []
        var order = columns
        var sawContent = false
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let number = index + 1
            func error(_ column: Int, _ message: String) {
                diagnostics.append(RuleDiagnostic(location: SourceLocation(file: path, line: number, column: column), message: message))
            }
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if !sawContent {
                sawContent = true
                if cells.first?.lowercased() == "field" {
                    order = cells.map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
                    for (position, name) in order.enumerated() where !columns.contains(name) {
                        error(column(of: position, in: cells), "unknown column '\(name)'" + RuleFileParser.didYouMean(name, columns) + "; columns are " + columns.joined(separator: ", "))
                    }
                    for required in columns.prefix(3) where !order.contains(required) {
                        error(1, "the header has no '\(required)' column; it needs field, label and text")
                    }
                    continue
                }
            }
            guard cells.count >= 3, cells.count <= order.count else {
                error(1, "expected \(cells.count < 3 ? "at least 3" : "at most \(order.count)") tab-separated columns (\(order.joined(separator: ", "))), found \(cells.count)")
                continue
            }
            var values: [String: (text: String, column: Int)] = [:]
            for (position, cell) in cells.enumerated() { values[order[position]] = (cell, column(of: position, in: cells)) }
            let fieldName = values["field"]?.text.trimmingCharacters(in: .whitespaces) ?? ""
            guard let field = RuleField(rawValue: fieldName) ?? fieldAliases[fieldName.lowercased()], field != .plan else {
                let names = RuleField.allCases.filter { $0 != .plan }.map(\.rawValue)
                error(values["field"]?.column ?? 1, "unknown field '\(fieldName)'" + RuleFileParser.didYouMean(fieldName, names) + "; fields are " + names.joined(separator: ", "))
                continue
            }
            let label = values["label"]?.text.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard label == "flag" || label == "ok" else {
                error(values["label"]?.column ?? 1, "the label is '\(label)'; write flag or ok")
                continue
            }
            let phrase = values["text"]?.text.trimmingCharacters(in: .whitespaces) ?? ""
            guard !phrase.isEmpty else {
                error(values["text"]?.column ?? 1, "the text is empty")
                continue
            }
            phrasings.append(LabelledPhrasing(
                field: field, flagged: label == "flag", text: phrase,
                goal: values["goal"]?.text.trimmingCharacters(in: .whitespaces) ?? "",
                source: values["source"]?.text.trimmingCharacters(in: .whitespaces) ?? "",
                location: SourceLocation(file: path, line: number, column: 1)))
        }
        return (phrasings, diagnostics)
    }

    /// The 1-based column where cell `position` starts.
    private static func column(of position: Int, in cells: [String]) -> Int {
        cells.prefix(position).reduce(1) { $0 + $1.count + 1 }
    }
}
