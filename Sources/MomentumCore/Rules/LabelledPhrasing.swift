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

    /// How phrasings are matched as the same one: lowercased, without blanks at either end.
    var key: String { Self.key(text) }

    static func key(_ text: String) -> String {
        String(text.trimmingBlanks).lowercased()
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
        var positions = Positions(order)
        var sawContent = false
        // Lines split on the byte, not the character: a thousand-row file is read on every start that checks.
        for (index, bytes) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let rawLine = Substring(bytes)
            let line = rawLine.utf8.last == UInt8(ascii: "\r") ? rawLine.dropLast() : rawLine
            let number = index + 1
            func error(_ column: Int, _ message: String) {
                diagnostics.append(RuleDiagnostic(location: SourceLocation(file: path, line: number, column: column), message: message))
            }
            if line.trimmingBlanks.isEmpty || line.hasPrefix("#") { continue }
            if ControlCharacters.mayHold(line.utf8), let control = ControlCharacters.first(in: String(line)) {
                error(control.column, "\(control.described): labelled phrasings are plain text. Delete it (an editor's 'show invisibles' shows it); this line was not used")
                continue
            }
            // Split on the byte too: by Character, finding the tabs was a third of reading the file.
            let cells = line.utf8.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map { Substring($0) }
            if !sawContent {
                sawContent = true
                if cells.first?.lowercased() == "field" {
                    order = cells.map { String($0.trimmingBlanks).lowercased() }
                    positions = Positions(order)
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
            func cell(_ position: Int?) -> String {
                guard let position, position < cells.count else { return "" }
                return String(cells[position].trimmingBlanks)
            }
            func columnOf(_ position: Int?) -> Int { position.map { column(of: $0, in: cells) } ?? 1 }
            let fieldName = cell(positions.field)
            guard let field = RuleField(rawValue: fieldName) ?? fieldAliases[fieldName.lowercased()], field != .plan else {
                let names = RuleField.allCases.filter { $0 != .plan }.map(\.rawValue)
                error(columnOf(positions.field), "unknown field '\(fieldName)'" + RuleFileParser.didYouMean(fieldName, names) + "; fields are " + names.joined(separator: ", "))
                continue
            }
            let label = cell(positions.label).lowercased()
            guard label == "flag" || label == "ok" else {
                error(columnOf(positions.label), "the label is '\(label)'; write flag or ok")
                continue
            }
            let phrase = cell(positions.text)
            guard !phrase.isEmpty else {
                error(columnOf(positions.text), "the text is empty")
                continue
            }
            phrasings.append(LabelledPhrasing(
                field: field, flagged: label == "flag", text: phrase, goal: cell(positions.goal), source: cell(positions.source),
                location: SourceLocation(file: path, line: number, column: 1)))
        }
        return (phrasings, diagnostics)
    }

    /// Where each known column sits in a row, worked out once per header.
    private struct Positions {
        var field, label, text, goal, source: Int?
        init(_ order: [String]) {
            field = order.firstIndex(of: "field")
            label = order.firstIndex(of: "label")
            text = order.firstIndex(of: "text")
            goal = order.firstIndex(of: "goal")
            source = order.firstIndex(of: "source")
        }
    }

    /// The 1-based column where cell `position` starts.
    private static func column(of position: Int, in cells: [Substring]) -> Int {
        cells.prefix(position).reduce(1) { $0 + $1.count + 1 }
    }
}
