/// Text measured as a terminal shows it: in display columns, one per grapheme cluster, two for wide
/// East Asian characters and emoji, so tables align and truncation never cuts a character in half.
public enum TextWidth {
    public static func columns(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + columns(of: $1) }
    }

    static func columns(of character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if first.properties.generalCategory == .control { return 0 }
        // A text-style symbol followed by VS16 (U+FE0F) is drawn as an emoji, two columns wide.
        if first.properties.isEmojiPresentation || character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return wideRanges.contains { $0.contains(first.value) } ? 2 : 1
    }

    /// East Asian Wide and Fullwidth blocks (UAX #11) that are not emoji.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// `text` cut to at most `width` columns, with `…` where it was cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard columns(text) > width else { return text }
        var result = ""
        var used = 0
        for character in text {
            let next = columns(of: character)
            if used + next > width - 1 { break }
            result.append(character)
            used += next
        }
        return result + "…"
    }

    /// `text` padded with spaces to `width` columns (never cut).
    public static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - columns(text)))
    }
}

/// Prose wrapped at word boundaries to a terminal's width, continuation lines indented under the
/// text after a line's marker ("  - ", "! ", "  [ ] 2. ", "Done when: ").
/// Text for a terminal's eyes. Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069)
/// reorder how the rest of a line is drawn, so a saved goal could show words in an order they are
/// not in ("Trojan Source"); on screen they are named instead. Files, pipes and JSON keep them.
public enum ScreenText {
    static let reordering: ClosedRange<UInt32> = 0x202A...0x202E
    static let isolates: ClosedRange<UInt32> = 0x2066...0x2069

    public static func showingReorderingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { reordering.contains($0.value) || isolates.contains($0.value) }) else { return text }
        return text.unicodeScalars.map { scalar in
            reordering.contains(scalar.value) || isolates.contains(scalar.value) ? String(format: "<U+%04X>", scalar.value) : String(scalar)
        }.joined()
    }
}

public enum TextWrap {
    public static func wrap(_ text: String, width: Int, hang: Int? = nil) -> [String] {
        guard width > 0, TextWidth.columns(text) > width else { return [text] }
        let leading = text.prefix { $0 == " " }
        // A second column that would be a ribbon (help's summaries at 60 columns) goes under the
        // first instead, indented, as argparse does with a long option.
        if let hang, hang > width * 2 / 3, let (first, second) = columns(text, at: hang) {
            let under = leading.count + 4
            return [first] + wrap(String(repeating: " ", count: under) + second, width: width, hang: under)
        }
        // Any other hang that leaves only a ribbon of text is capped.
        let indent = hang.map { min($0, width * 2 / 3) } ?? min(hangingIndent(text), width / 2)
        var lines: [String] = []
        var line = String(leading)
        var lineHasWord = false
        for word in text.dropFirst(leading.count).split(separator: " ", omittingEmptySubsequences: false) {
            if lineHasWord, TextWidth.columns(line) + 1 + TextWidth.columns(word) > width {
                lines.append(trimmed(line))
                // A link that fits the width but not after the indent starts at the margin, whole,
                // so it can still be copied or clicked.
                line = indent + TextWidth.columns(word) > width && TextWidth.columns(word) <= width ? "" : String(repeating: " ", count: indent)
                lineHasWord = false
            }
            if lineHasWord { line += " " }
            line += word
            if !word.isEmpty { lineHasWord = true }
            // A word longer than a whole line (a long link) has to be cut; nothing else is.
            while TextWidth.columns(line) > width {
                let (head, tail) = split(line, at: width)
                lines.append(head)
                line = String(repeating: " ", count: indent) + tail
            }
        }
        lines.append(line)
        return lines
    }

    /// The text before display column `column` and after it, when a gap of two spaces separates
    /// them there (a table-like line); nil otherwise.
    private static func columns(_ text: String, at column: Int) -> (String, String)? {
        var used = 0
        var index = text.startIndex
        while index < text.endIndex, used < column {
            used += TextWidth.columns(of: text[index])
            index = text.index(after: index)
        }
        let first = trimmed(String(text[..<index]))
        let second = String(text[index...])
        guard used == column, text[..<index].hasSuffix("  "), !first.isEmpty, !second.isEmpty, second.first != " " else { return nil }
        return (first, second)
    }

    private static func trimmed(_ line: String) -> String {
        String(line.reversed().drop { $0 == " " }.reversed())
    }

    /// The column where a line's text starts after its indent and marker.
    static func hangingIndent(_ text: String) -> Int {
        let marker = /^( *)((?:[-+*!•]|\[[ x~-]\] \d+\.|\d+[.)]|[A-Z][A-Za-z ]{0,14}:|\d{4}-\d\d-\d\d +\d+\.\d+:?) +)?/
        guard let match = text.prefixMatch(of: marker) else { return 0 }
        return TextWidth.columns(match.output.0)
    }

    private static func split(_ line: String, at width: Int) -> (String, String) {
        var head = ""
        var used = 0
        var index = line.startIndex
        while index < line.endIndex, used + TextWidth.columns(of: line[index]) <= width {
            used += TextWidth.columns(of: line[index])
            head.append(line[index])
            index = line.index(after: index)
        }
        return (head, String(line[index...]))
    }
}

/// A table row kept as cells beside its text, so a terminal narrower than the table shrinks the
/// widest columns (cutting their text with `…`) instead of wrapping rows into each other; the
/// transcript keeps the full row.
public struct TableRow: Equatable, Sendable {
    public var cells: [String]
    /// Every column's width in the whole table, so each row is fitted the same way on its own.
    public var widths: [Int]
    /// A column is never cut below this many columns (or its own width, if less).
    static let narrowest = 4

    public init(cells: [String], widths: [Int]) {
        self.cells = cells
        self.widths = widths
    }

    /// The row at the table's own widths.
    public var text: String { Self.render(cells, widths: widths) }

    /// The row as wide as `width` allows: the widest column loses a column at a time until the
    /// row fits (two spaces between columns), none below `narrowest`.
    public func text(fitting width: Int) -> String {
        Self.render(cells, widths: Self.fit(widths, into: width))
    }

    static func fit(_ widths: [Int], into width: Int) -> [Int] {
        var fitted = widths
        var total = fitted.reduce(0, +) + 2 * max(0, fitted.count - 1)
        while total > width, let widest = fitted.indices.max(by: { fitted[$0] < fitted[$1] }),
              fitted[widest] > min(Self.narrowest, widths[widest]) {
            fitted[widest] -= 1
            total -= 1
        }
        return fitted
    }

    static func render(_ cells: [String], widths: [Int]) -> String {
        cells.enumerated().map { column, cell in
            let cut = TextWidth.truncate(cell, to: widths[column])
            return column == cells.count - 1 ? cut : TextWidth.pad(cut, to: widths[column])
        }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
}

