/// One line the shell shows. The style lets a terminal colour it; transcripts keep the text only.
public struct OutputLine: Equatable, Sendable {
    public enum Style: Sendable, Equatable {
        case plain, question, finding, success, error, muted
        /// A heatmap row: its cells are coloured one by one.
        case heatmap
    }
    public var text: String
    public var style: Style
    /// Where continuation lines start when a terminal wraps this one; nil: under the text after
    /// the line's marker (see `TextWrap`).
    public var hang: Int?
    /// A table's row: a narrow terminal shrinks its columns rather than wrapping it.
    public var row: TableRow?
    public init(_ text: String, _ style: Style = .plain, hang: Int? = nil) {
        self.text = OutputLine.oneLine(text)
        self.style = style
        self.hang = hang
    }

    public init(_ row: TableRow, _ style: Style = .plain) {
        self.init(row.text, style)
        self.row = row
    }

    /// A line as it can be shown: a line break inside a saved text (plan JSON keeps texts
    /// exactly, "Line one\nline two" included) shows as ↵, and a tab as a space, so `show`,
    /// tables and transcripts stay one line per line. A line's own CR at its end stays: an
    /// iCalendar export written to stdout keeps its CRLF line ends.
    public static func oneLine(_ text: String) -> String {
        // Bytes, not `String.contains`: on Linux that is Foundation's locale-aware search, and every
        // line shown passes here (a tenth of an import of 10,000 plans, one line each).
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
            || (text.utf8.contains(0xE2) && text.unicodeScalars.contains { $0 == "\u{2028}" || $0 == "\u{2029}" }) else { return text }
        let ownEnd = text.hasSuffix("\r") ? "\r" : ""
        return String(text.dropLast(ownEnd.count)).replacing(/\r\n|[\n\r\u{2028}\u{2029}]/, with: "↵").replacingOccurrences(of: "\t", with: " ") + ownEnd
    }
}

/// What the shell should show as the prompt, and offer on Tab.
public struct Prompt: Equatable, Sendable {
    /// The word before `> `: `momentum` at the top, the field's name inside a flow.
    public var name: String
    /// A question's fixed answers (`stalled`, `skip`); at the shell's prompt, the command names.
    public var completions: [String]
    /// Text put on the line for editing (after `back`, or the current value while editing a plan).
    public var prefill: String?
    /// The shell's own prompt, where a line is a command: Tab reads the words before the cursor.
    public var takesCommands: Bool
    public init(name: String, completions: [String] = [], prefill: String? = nil, takesCommands: Bool = false) {
        self.name = name
        self.completions = completions
        self.prefill = prefill
        self.takesCommands = takesCommands
    }
    public var text: String { "\(name)> " }

}

/// "1 day", "3 days": a count with its noun, never "1 day(s)".
public enum Plural {
    public static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
