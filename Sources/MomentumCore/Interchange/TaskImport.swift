import Foundation

/// Task lists people already keep, read into stalled plans whose open tasks are candidate
/// milestones (docs/formats.md). A file is read whole or not at all: a problem is thrown, located
/// by line or JSON path (the text formats carry every line's problem with the first), and nothing
/// is returned.
public enum TaskImport {
    public enum Source: String, CaseIterable, Sendable {
        case taskwarrior, todotxt, markdown
    }

    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var file: String
        /// 1-based line, for the text formats and for JSON that does not parse.
        public var line: Int?
        /// A JSON path such as `$[3].due`, for Taskwarrior's export.
        public var path: String?
        public var message: String
        /// The problems on later lines of the same file, so one run names them all (a trial's
        /// todo.txt took three fix-and-retry rounds).
        public var later: [Problem] = []

        /// The first problem, then the later ones: at most `shown`, and how many more there are.
        public func listed(shown: Int = 20) -> [String] {
            let all = [self] + later
            return all.prefix(shown).map(\.description) + (all.count > shown ? ["… and \(all.count - shown) more"] : [])
        }

        /// The first of `problems`, carrying the rest; nil when there are none.
        static func first(of problems: [Problem]) -> Problem? {
            guard var first = problems.first else { return nil }
            first.later = Array(problems.dropFirst())
            return first
        }

        public var description: String {
            if let line { return "\(file):\(line): \(message)" }
            if let path { return "\(file): \(path): \(message)" }
            return "\(file): \(message)"
        }
    }

    /// One task as a list holds it, before it becomes a milestone.
    struct Task {
        var title: String
        var status: MilestoneStatus = .open
        var project: String?
        var createdAt: Date?
        var closedAt: Date?
        var due: Date?
        /// Lower sorts first; nil (no priority) after every priority.
        var priority: Int?
        var criterion = ""
        var artifact = ""
        var moves = ""
        var owner = "me"
        var timeboxDays: Double?
        /// Taskwarrior's uuid and the attributes Momentum has no field for (`ImportedTask`).
        var uuid: String?
        var attributes: String?
    }

    /// Reads `data` as `source`; `file` names it in problems and gives the goal of tasks that
    /// name no project.
    public static func read(_ data: Data, as source: Source, file: String) throws(Problem) -> [Plan] {
        switch source {
        case .taskwarrior: return try TaskwarriorFormat.read(data, file: file)
        case .todotxt: return try TodoTxtFormat.read(data, file: file)
        case .markdown: return try MarkdownTasks.read(data, file: file)
        }
    }

    /// What a file holds, when its name or its first characters say so without doubt: nil for
    /// Momentum's own plan JSON, and for text that could be either todo.txt or Markdown.
    public enum Sniffed: Equatable, Sendable {
        case plan
        case source(Source)
        case unknown
    }

    public static func sniff(_ data: Data, file: String) -> Sniffed {
        let text = String(decoding: data.prefix(4_096), as: UTF8.self)
        let start = text.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
        let name = (file as NSString).lastPathComponent.lowercased()
        if start.hasPrefix("[") || start.hasPrefix("{") {
            // `task export` writes tasks with a description; a plan has a goal.
            if start.hasPrefix("[]") || text.contains("\"description\"") && !text.contains("\"goal\"") { return .source(.taskwarrior) }
            return .plan
        }
        if name.hasSuffix(".md") || name.hasSuffix(".markdown") { return .source(.markdown) }
        if text.range(of: MarkdownTasks.boxPattern, options: .regularExpression) != nil { return .source(.markdown) }
        if name.hasSuffix(".txt") || name.hasSuffix(".todo") { return .source(.todotxt) }
        return .unknown
    }

    /// Groups tasks into one stalled plan per project, in the order projects first appear.
    /// `keepingOrder` keeps the tasks' own order (a Momentum export's numbered steps).
    static func plans(_ tasks: [Task], file: String, defaultGoal: String? = nil, keepingOrder: Bool = false) throws(Problem) -> [Plan] {
        guard !tasks.isEmpty else {
            throw Problem(file: file, message: "no tasks in it")
        }
        let fallback = defaultGoal ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        var order: [String] = []
        var groups: [String: [Task]] = [:]
        for task in tasks {
            let goal = task.project ?? fallback
            if groups[goal] == nil { order.append(goal) }
            groups[goal, default: []].append(task)
        }
        return order.map { goal in plan(goal: goal, tasks: groups[goal]!, keepingOrder: keepingOrder) }
    }

    static func plan(goal: String, tasks: [Task], keepingOrder: Bool = false) -> Plan {
        // Finished work first, in the order it was finished, then the open tasks by priority:
        // the walk in `unstick` starts with what the list said matters most.
        let closed = tasks.enumerated().filter { $0.element.status != .open }
            .sorted { ($0.element.closedAt ?? .distantFuture, $0.offset) < ($1.element.closedAt ?? .distantFuture, $1.offset) }.map(\.element)
        let open = tasks.enumerated().filter { $0.element.status == .open }
            .sorted { ($0.element.priority ?? Int.max, $0.offset) < ($1.element.priority ?? Int.max, $1.offset) }.map(\.element)
        let milestones = (keepingOrder ? tasks : closed + open).map { task in
            Milestone(title: task.title, criterion: task.criterion, artifact: task.artifact,
                      timeboxDays: task.timeboxDays ?? task.due.map { timebox(from: task.createdAt, to: $0) }, owner: task.owner,
                      moves: task.moves, status: task.status, createdAt: task.createdAt, closedAt: task.closedAt,
                      importedTask: ImportedTask(uuid: task.uuid, due: task.due, attributes: task.attributes))
        }
        let earliest = tasks.compactMap(\.createdAt).min()
        return Plan(goal: goal, stalled: StalledContext(lastProgress: lastProgress(tasks), blocker: ""),
                    milestones: milestones, createdAt: earliest)
    }

    /// Work days from entry to due, at least one and at most `Timebox.maxDays` (a due date years
    /// away would make a plan that export writes and import refuses); one day without an entry.
    /// A task with no due date has no timebox: nobody gave one.
    static func timebox(from entry: Date?, to due: Date) -> Double {
        guard let entry, due > entry else { return 1 }
        return min(Timebox.maxDays, max(1, Double(WorkDays.count(from: entry, to: due))))
    }

    static func lastProgress(_ tasks: [Task]) -> String {
        let done = tasks.filter { $0.status == .done }
        if let last = done.filter({ $0.closedAt != nil }).max(by: { $0.closedAt! < $1.closedAt! }) {
            return "\"\(last.title)\", finished on \(day(last.closedAt!))"
        }
        if let last = done.last { return "\"\(last.title)\", finished (the list gives no date)" }
        return "none: nothing in the list is finished yet"
    }

    /// A calendar day in UTC, as the task formats write them.
    static func day(_ date: Date) -> String { String(ISODate.format(date).prefix(10)) }

    /// Reads `Done when: …`, `Artifact: …`, `Moves: …`, `Owner: …`, `Timebox: …` notes, as
    /// Momentum's exports write them, into the task. False for any other note.
    static func applyNote(_ note: String, to task: inout Task) -> Bool {
        for (label, set) in noteFields {
            guard note.count > label.count, note.lowercased().hasPrefix(label.lowercased()) else { continue }
            set(&task, note.dropFirst(label.count).trimmingCharacters(in: .whitespaces))
            return true
        }
        return false
    }

    static let noteFields: [(String, @Sendable (inout Task, String) -> Void)] = [
        ("Done when:", { $0.criterion = $1 }),
        ("Artifact:", { $0.artifact = $1 }),
        ("Moves:", { $0.moves = $1 }),
        ("Owner:", { $0.owner = $1 }),
        ("Timebox:", { $0.timeboxDays = Timebox.parseDays($1) ?? $0.timeboxDays }),
    ]

    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// `2026-11-20` at midnight UTC; nil for anything else, including impossible dates.
    /// Shaped like `YYYY-MM-DD` (four digits, dash, two, dash, two), checked by hand: a Swift regex
    /// literal is compiled again on every use, which was a third of importing a long todo.txt.
    static func isDayShaped(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10 else { return false }
        return bytes.indices.allSatisfy { index in
            index == 4 || index == 7 ? bytes[index] == UInt8(ascii: "-") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index])
        }
    }

    static func parseDay(_ text: String) -> Date? {
        guard isDayShaped(text) else { return nil }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard components.isValidDate(in: utc) else { return nil }
        return utc.date(from: components)
    }
}

extension Milestone {
    /// An open milestone without the criterion or artifact every coached milestone has: a task
    /// brought in from a list, waiting for `unstick` to sharpen, split, merge or drop it.
    public var isCandidate: Bool { status == .open && (criterion.isEmpty || artifact.isEmpty) }
}

extension String {
    /// Nil for the empty string, so an empty field is not offered as an answer.
    var nonEmpty: String? { isEmpty ? nil : self }
}
