import Foundation

/// A coaching session as it read on the screen (docs/transcripts.md).
///
/// ```
/// ---
/// momentum-transcript: 1
/// date: 2026-11-20T09:00:00Z
/// ---
/// # A comment explaining the scenario.
/// Momentum 0.1.0. Type new to plan a goal, help for commands.
/// momentum> new
/// What goal do you want to move? One sentence.
/// goal> Ship the billing page
/// ```
///
/// A line that starts with a known prompt (`goal> `) is input; `# ` starts a comment; `@advance 1d`
/// moves the replay's clock; every other line is output. An output line that would read as one of
/// those is written with a leading `\`, so input is always told from output.
public struct Transcript: Equatable, Sendable {
    public static let formatVersion = 1
    /// How Ctrl-D (end of input) is written as an input.
    public static let endOfInput = "^D"

    public struct Header: Equatable, Sendable {
        public var date: Date
        public var timeZone: String
        public var rules: String?
        /// A plan JSON file (relative to the transcript) that seeds the scratch store.
        public var store: String?
        /// A draft file (relative to the transcript): the unfinished flow the session started with.
        public var draft: String?
        public init(date: Date, timeZone: String = "UTC", rules: String? = nil, store: String? = nil, draft: String? = nil) {
            self.date = date
            self.timeZone = timeZone
            self.rules = rules
            self.store = store
            self.draft = draft
        }
    }

    public enum Item: Equatable, Sendable {
        case comment(String)
        case advance(seconds: Double, text: String)
        case input(prompt: String, text: String)
        case output(String)
    }

    public struct Located: Equatable, Sendable {
        public var item: Item
        /// 1-based line in the file.
        public var line: Int
        public init(item: Item, line: Int) {
            self.item = item
            self.line = line
        }
    }

    public var header: Header
    public var items: [Located]

    public init(header: Header, items: [Located]) {
        self.header = header
        self.items = items
    }

    /// Every prompt name the shell can show; only these start an input line.
    public static let promptNames: Set<String> = Set(["momentum", "reason", "review", "decision", "next", "rescope"] + FieldKey.allCases.map(\.rawValue))

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    // MARK: Reading

    public static func parse(_ data: Data, file: String) throws(ParseError) -> Transcript {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ParseError(file: file, line: 1, message: "not UTF-8 text; a transcript is a plain text file")
        }
        // A screen has no control characters to show (colour codes pasted from a terminal, a NUL
        // from a binary file): the first is named where it is.
        if let (line, control) = ControlCharacters.firstLine(in: text) {
            throw ParseError(file: file, line: line, message: "\(control.described): a transcript is plain text. Delete it (colour codes pasted from a terminal are a common source)")
        }
        // Lines end in LF or CRLF; a carriage return anywhere else would print over the line on a
        // screen and cannot come back the same from a rendering (the fuzzer found one).
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        if lines.last == "" { lines.removeLast() }
        lines = lines.map { $0.unicodeScalars.last == "\r" ? String(String.UnicodeScalarView($0.unicodeScalars.dropLast())) : $0 }
        if let line = lines.firstIndex(where: { $0.unicodeScalars.contains("\r") }) {
            let column = lines[line].unicodeScalars.prefix { $0 != "\r" }.count + 1
            throw ParseError(file: file, line: line + 1, message: "a carriage return (U+000D) at character \(column), inside the line: a transcript is plain text. Delete it")
        }
        guard lines.first == "---" else {
            throw ParseError(file: file, line: 1, message: "a transcript starts with a '---' header line, then 'momentum-transcript: 1'")
        }
        guard let end = lines.dropFirst().firstIndex(of: "---") else {
            throw ParseError(file: file, line: lines.count, message: "the header is not closed: add a '---' line after it (is the file truncated?)")
        }
        let header = try parseHeader(Array(lines[1..<end]), file: file)
        var items: [Located] = []
        for index in (end + 1)..<lines.count {
            let line = lines[index]
            let number = index + 1
            if line.hasPrefix("\\") {
                items.append(Located(item: .output(String(line.dropFirst())), line: number))
            } else if line.hasPrefix("#") {
                items.append(Located(item: .comment(line), line: number))
            } else if line.hasPrefix("@") {
                items.append(Located(item: try parseDirective(line, file: file, line: number), line: number))
            } else if let (prompt, input) = splitInput(line) {
                items.append(Located(item: .input(prompt: prompt, text: input), line: number))
            } else if let (typed, meant) = misspelledPrompt(line) {
                throw ParseError(file: file, line: number, message: "'\(typed)>' is not a prompt (did you mean '\(meant)>'?); write an output line that looks like a prompt as '\\\(typed)> …'")
            } else {
                items.append(Located(item: .output(line), line: number))
            }
        }
        guard items.contains(where: { if case .input = $0.item { true } else { false } }) else {
            throw ParseError(file: file, line: lines.count, message: "no input lines (like 'momentum> new'); is the file truncated?")
        }
        return Transcript(header: header, items: items)
    }

    /// `goa> text` → ("goa", "goal"): a line shaped like input whose prompt is one letter or two
    /// off a real one, which would otherwise silently become an output line.
    static func misspelledPrompt(_ line: String) -> (String, String)? {
        guard let marker = line.range(of: "> ") ?? (line.hasSuffix(">") ? line.range(of: ">", options: .backwards) : nil) else { return nil }
        let name = String(line[..<marker.lowerBound])
        guard !name.isEmpty, name.count <= 20, name.allSatisfy({ $0.isLowercase || $0 == "-" }), !promptNames.contains(name),
            let meant = Suggestion.closest(to: name, in: Array(promptNames).sorted())
        else { return nil }
        return (name, meant)
    }

    /// `goal> text` → ("goal", "text"), for known prompts only.
    static func splitInput(_ line: String) -> (String, String)? {
        guard let marker = line.range(of: "> ") ?? (line.hasSuffix(">") ? line.range(of: ">", options: .backwards) : nil) else { return nil }
        let name = String(line[..<marker.lowerBound])
        guard promptNames.contains(name) else { return nil }
        return (name, String(line[marker.upperBound...]))
    }

    private static func parseHeader(_ lines: [String], file: String) throws(ParseError) -> Header {
        var values: [String: (String, Int)] = [:]
        for (offset, line) in lines.enumerated() {
            let number = offset + 2
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw ParseError(file: file, line: number, message: "a header line is 'key: value'")
            }
            let key = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            let known = ["momentum-transcript", "date", "time-zone", "rules", "store", "draft"]
            guard known.contains(key) else {
                let hint = Suggestion.closest(to: key, in: known).map { " (did you mean '\($0)'?)" } ?? ""
                throw ParseError(file: file, line: number, message: "unknown header key '\(key)'\(hint)")
            }
            values[key] = (value, number)
        }
        guard let (version, versionLine) = values["momentum-transcript"] else {
            throw ParseError(file: file, line: 2, message: "missing 'momentum-transcript: 1' in the header")
        }
        guard Int(version) == formatVersion else {
            throw ParseError(file: file, line: versionLine, message: "unsupported transcript version '\(version)'; this Momentum reads version \(formatVersion)")
        }
        guard let (dateText, dateLine) = values["date"] else {
            throw ParseError(file: file, line: 2, message: "missing 'date:' in the header (e.g. date: 2026-11-20T09:00:00Z); it fixes the replay's clock")
        }
        guard let date = ISODate.parse(dateText) else {
            throw ParseError(file: file, line: dateLine, message: "'\(dateText)' is not a date like 2026-11-20T09:00:00Z")
        }
        let zone = values["time-zone"]?.0 ?? "UTC"
        if TimeZone(identifier: zone) == nil {
            throw ParseError(file: file, line: values["time-zone"]!.1, message: "unknown time zone '\(zone)' (use a name like Europe/Berlin or UTC)")
        }
        return Header(date: date, timeZone: zone, rules: values["rules"]?.0, store: values["store"]?.0, draft: values["draft"]?.0)
    }

    private static func parseDirective(_ line: String, file: String, line number: Int) throws(ParseError) -> Item {
        let words = line.split(separator: " ").map(String.init)
        if words.first == "@advance", words.count == 2, duration(words[1]) == nil {
            throw ParseError(file: file, line: number, message: "'@advance \(words[1])' is not a duration this replay can take: more than 0 and at most ten years, in d, h, m or s (e.g. 1d, 3h, 30m)")
        }
        guard words.first == "@advance", words.count == 2, let seconds = duration(words[1]) else {
            throw ParseError(file: file, line: number, message: "unknown directive '\(line)'; the one directive is '@advance DURATION' (e.g. 1d, 3h, 30m); write an output line that starts with '@' as '\\@…'")
        }
        return .advance(seconds: seconds, text: line)
    }

    static func duration(_ text: String) -> Double? {
        // Up to ten years: a replay's clock must stay a date every view can print.
        guard let unit = text.last, let value = Double(text.dropLast()), value > 0, value.isFinite else { return nil }
        let limits: [Character: Double] = ["d": 3_650, "h": 87_600, "m": 5_256_000, "s": 315_360_000]
        guard let limit = limits[unit], value <= limit else { return nil }
        switch unit {
        case "d": return value * 86_400
        case "h": return value * 3_600
        case "m": return value * 60
        case "s": return value
        default: return nil
        }
    }

    // MARK: Writing

    public func render() -> String {
        var out = ["---", "momentum-transcript: \(Transcript.formatVersion)", "date: \(ISODate.format(header.date))", "time-zone: \(header.timeZone)"]
        if let rules = header.rules { out.append("rules: \(rules)") }
        if let store = header.store { out.append("store: \(store)") }
        if let draft = header.draft { out.append("draft: \(draft)") }
        out.append("---")
        out += items.map { Transcript.render($0.item) }
        return out.joined(separator: "\n") + "\n"
    }

    public static func render(_ item: Item) -> String {
        switch item {
        case .comment(let text): return text
        case .advance(_, let text): return text
        case .input(let prompt, let text): return text.isEmpty ? "\(prompt)>" : "\(prompt)> \(text)"
        case .output(let text):
            let ambiguous = text.hasPrefix("#") || text.hasPrefix("@") || text.hasPrefix("\\") || splitInput(text) != nil
                || misspelledPrompt(text) != nil
            return ambiguous ? "\\" + text : text
        }
    }
}
