import Foundation

/// todo.txt (github.com/todotxt/todo.txt): one task a line, `x` for done, `(A)` priorities,
/// dates, `+project`, `@context`, `due:YYYY-MM-DD`.
enum TodoTxtFormat {
    static func read(_ data: Data, file: String) throws(TaskImport.Problem) -> [Plan] {
        var tasks: [TaskImport.Task] = []
        var problems: [TaskImport.Problem] = []
        for (offset, raw) in lines(data).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            do { tasks.append(try task(line, file: file, number: offset + 1)) } catch { problems.append(error) }
        }
        if let problem = TaskImport.Problem.first(of: problems) { throw problem }
        return try TaskImport.plans(tasks, file: file)
    }

    private static func task(_ line: String, file: String, number: Int) throws(TaskImport.Problem) -> TaskImport.Task {
        func problem(_ message: String) -> TaskImport.Problem { TaskImport.Problem(file: file, line: number, message: message) }
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var task = TaskImport.Task(title: "")
        /// A leading date, if the next word is one; a word shaped like a date that is not one is an error.
        func takeDate() throws(TaskImport.Problem) -> Date? {
            guard let word = words.first, TaskImport.isDayShaped(word) else { return nil }
            guard let date = TaskImport.parseDay(word) else { throw problem("'\(word)' is not a date; todo.txt dates are YYYY-MM-DD") }
            words.removeFirst()
            return date
        }
        if words.first == "x" {
            words.removeFirst()
            task.status = .done
            task.closedAt = try takeDate()
            task.createdAt = try takeDate()
        } else {
            // `(A)` to `(Z)`, by hand for the same reason as the dates.
            if let word = words.first, case let scalars = Array(word.unicodeScalars), scalars.count == 3, scalars[0] == "(", scalars[2] == ")",
                ("A"..."Z").contains(scalars[1]) {
                task.priority = Int(scalars[1].value) - 65
                words.removeFirst()
            }
            task.createdAt = try takeDate()
        }
        var kept: [String] = []
        for word in words {
            if word.hasPrefix("+"), word.count > 1, task.project == nil {
                task.project = String(word.dropFirst())
            } else if word.hasPrefix("due:") {
                let value = String(word.dropFirst(4))
                guard let due = TaskImport.parseDay(value) else { throw problem("due:\(value) is not a date; write due:YYYY-MM-DD") }
                task.due = due
            } else if word.hasPrefix("pri:"), task.status == .done {
                // Where clients keep a finished task's priority; it no longer orders anything.
                continue
            } else {
                kept.append(word)
            }
        }
        task.title = kept.joined(separator: " ")
        guard kept.contains(where: { !$0.hasPrefix("@") && $0.contains(where: \.isLetter) }) else {
            throw problem("the task has no words besides its marks; write what it is, e.g. (A) Call Dana +billing")
        }
        return task
    }

    /// Lines without their CR (files from Windows) or a leading byte-order mark.
    static func lines(_ data: Data) -> [String] {
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}

/// GitHub-style task lists: `- [ ]` and `- [x]`, nested by indentation, under an optional
/// `# Goal` heading. Momentum's own Markdown export reads back with its fields.
enum MarkdownTasks {
    /// A line that is a task-list item, for sniffing.
    static let boxPattern = #"(?m)^[ \t]*([-*+]|\d+[.)])[ \t]+\[[ xX]\][ \t]"#

    private struct Item {
        var indent: Int
        var task: TaskImport.Task
        var parent: Int?
        var hasChildren = false
        /// Numbered as Momentum's export numbers its steps ("**2. Title**").
        var numbered = false
    }

    static func read(_ data: Data, file: String) throws(TaskImport.Problem) -> [Plan] {
        // The line shapes, made once per file: a regex literal written inside the loop is compiled
        // again for every line (Regex is not Sendable, so they cannot be shared statics).
        let heading = /#\s+(.+)/, bullet = /([-*+]|\d+[.)])\s+(.*)/, box = /\[([ xX])\]\s+(.+)/, brokenBox = /^\[([^\]]{0,3})\]/
        var goal: String?
        var header = Plan(goal: "")
        var items: [Item] = []
        var problems: [TaskImport.Problem] = []
        for (offset, raw) in TodoTxtFormat.lines(data).enumerated() {
            let number = offset + 1
            let indent = raw.prefix { $0 == " " || $0 == "\t" }.reduce(0) { $0 + ($1 == "\t" ? 4 : 1) }
            let line = raw.trimmingCharacters(in: .whitespaces)
            if goal == nil, let heading = line.wholeMatch(of: heading) {
                goal = String(heading.1).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let bullet = line.wholeMatch(of: bullet) else { continue }
            let rest = String(bullet.2)
            if let box = rest.wholeMatch(of: box) {
                var task = TaskImport.Task(title: "")
                task.status = box.1 == " " ? .open : .done
                let numbered = readTitle(String(box.2), into: &task)
                guard task.title.count(where: \.isLetter) > 0 else {
                    problems.append(TaskImport.Problem(file: file, line: number, message: "the task has no words; write what it is after the box"))
                    continue
                }
                let parent = items.indices.last { items[$0].indent < indent }
                if let parent { items[parent].hasChildren = true }
                items.append(Item(indent: indent, task: task, parent: parent, numbered: numbered))
            } else if let broken = rest.firstMatch(of: brokenBox) {
                // An empty "- [ ]" is a box without a task, not a broken box.
                let empty = [" ", "x", "X"].contains(broken.1) && rest[broken.range.upperBound...].allSatisfy(\.isWhitespace)
                problems.append(TaskImport.Problem(file: file, line: number, message: empty
                    ? "the task has no words; write what it is after the box"
                    : "'[\(broken.1)]' is not a task box; write - [ ] for an open task or - [x] for a done one"))
            } else if let last = items.indices.last, indent > items[last].indent {
                _ = TaskImport.applyNote(rest, to: &items[last].task)
            } else if items.isEmpty {
                readHeader(rest, into: &header)
            }
        }
        if let problem = TaskImport.Problem.first(of: problems) { throw problem }
        // A sub-item's title alone ("Write the outline") loses what it was for.
        for index in items.indices.reversed() {
            if let parent = items[index].parent { items[index].task.title += " (part of: \(items[parent].task.title))" }
        }
        // An item with sub-items is the sum of them: its sub-items are the candidate steps.
        let tasks = items.filter { !$0.hasChildren }.map(\.task)
        guard !tasks.isEmpty else {
            throw TaskImport.Problem(file: file, message: "no task-list items (- [ ] or - [x])")
        }
        // Momentum's own export keeps its steps' order, so "step 4" names the same step after the
        // round trip (a trial's skipped step moved up); a list of one's own is ordered as any list.
        let ownExport = items.allSatisfy(\.numbered)
        var plans = try TaskImport.plans(tasks, file: file, defaultGoal: goal, keepingOrder: ownExport)
        plans[0].outcome = header.outcome
        plans[0].metric = header.metric
        if let stalled = header.stalled {
            plans[0].stalled = StalledContext(lastProgress: stalled.lastProgress.isEmpty ? plans[0].stalled!.lastProgress : stalled.lastProgress,
                                              blocker: stalled.blocker)
        }
        return plans
    }

    /// `**2. Title** (skipped) — 2 days, owner: Dana`, as `export --format md` writes an item;
    /// any other text is the title as written. True when the item carries the export's number.
    private static func readTitle(_ text: String, into task: inout TaskImport.Task) -> Bool {
        guard let match = text.wholeMatch(of: /\*\*(\d+\.\s+)?(.+?)\*\*(?: \((skipped|dropped|blocked)\))?(?: — (.+?), owner: (.+))?/) else {
            task.title = text.trimmingCharacters(in: .whitespaces)
            return false
        }
        task.title = String(match.2)
        if let status = match.3.flatMap({ MilestoneStatus(rawValue: $0 == "blocked" ? "skipped" : String($0)) }) { task.status = status }
        if let timebox = match.4 { task.timeboxDays = Timebox.parseDays(String(timebox)) }
        if let owner = match.5 { task.owner = String(owner) }
        return match.1 != nil
    }

    /// `Donations pledged (USD) (baseline: 3; target: 10)` as the name and what its last
    /// parentheses say: the readings start at the first " (" followed by a reading's key, so a
    /// name's own parentheses stay in the name. Nil when the line gives no reading.
    static func metricParts(_ line: String) -> (name: String, readings: String)? {
        guard line.hasSuffix(")") else { return nil }
        var search = line.startIndex..<line.endIndex
        while let open = line.range(of: " (", range: search) {
            let rest = line[open.upperBound...]
            if ["baseline: ", "now: ", "target: "].contains(where: rest.hasPrefix) {
                return (String(line[..<open.lowerBound]), String(rest.dropLast()))
            }
            search = open.upperBound..<line.endIndex
        }
        return nil
    }

    /// The plan lines above the milestones in Momentum's Markdown export.
    private static func readHeader(_ text: String, into plan: inout Plan) {
        guard let match = text.wholeMatch(of: /\*\*(.+?):\*\*\s+(.+)/) else { return }
        let value = String(match.2)
        switch match.1 {
        case "Why": plan.outcome = value
        case "Leading metric":
            if let (name, readings) = metricParts(value) {
                plan.metric.name = name
                // "now" is the baseline only when no baseline is given (then the two are the same).
                let named = readings.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                for (key, value) in named.compactMap({ part in part.firstRange(of: ": ").map { (part[..<$0.lowerBound], String(part[$0.upperBound...])) } }) {
                    switch key {
                    case "baseline": plan.metric.baseline = value
                    case "now" where !named.contains { $0.hasPrefix("baseline: ") }: plan.metric.baseline = value
                    case "target": plan.metric.target = value
                    default: break
                    }
                }
            } else {
                plan.metric.name = value
            }
        case "Last progress": plan.stalled = StalledContext(lastProgress: value, blocker: plan.stalled?.blocker ?? "")
        case "Blocked by": plan.stalled = StalledContext(lastProgress: plan.stalled?.lastProgress ?? "", blocker: value)
        default: break
        }
    }
}

