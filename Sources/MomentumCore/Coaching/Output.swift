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
    public init(_ text: String, _ style: Style = .plain, hang: Int? = nil) {
        self.text = text
        self.style = style
        self.hang = hang
    }
}

/// What the shell should show as the prompt, and offer on Tab.
public struct Prompt: Equatable, Sendable {
    /// The word before `> `: `momentum` at the top, the field's name inside a flow.
    public var name: String
    public var completions: [String]
    /// Text put on the line for editing (after `back`, or the current value while editing a plan).
    public var prefill: String?
    public init(name: String, completions: [String] = [], prefill: String? = nil) {
        self.name = name
        self.completions = completions
        self.prefill = prefill
    }
    public var text: String { "\(name)> " }
}
