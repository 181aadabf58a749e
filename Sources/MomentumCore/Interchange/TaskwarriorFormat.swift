import Foundation

/// Taskwarrior's JSON, as `task export` writes it and `task import` reads it (docs/formats.md).
public enum TaskwarriorFormat {
    // MARK: Reading

    static func read(_ data: Data, file: String) throws(TaskImport.Problem) -> [Plan] {
        let root: Any
        do {
            root = try PlanJSON.jsonRoot(data, holds: "task export writes a list of tasks")
        } catch {
            throw TaskImport.Problem(file: file, line: error.line, path: error.line == nil ? error.path : nil, message: error.message)
        }
        guard let items = root as? [Any] else {
            throw TaskImport.Problem(file: file, path: "$", message: "expected a list of tasks, as task export writes")
        }
        var tasks: [TaskImport.Task] = []
        var pathOfUUID: [String: String] = [:]
        for (index, item) in items.enumerated() {
            let path = "$[\(index)]"
            guard let task = try self.task(item, path: path, file: file) else { continue }
            if let uuid = task.uuid?.lowercased() {
                // Two milestones with one uuid would export as two tasks, and the second would overwrite the first.
                if let first = pathOfUUID[uuid] {
                    throw TaskImport.Problem(file: file, path: "\(path).uuid", message: "the same uuid as \(first); each task needs its own")
                }
                pathOfUUID[uuid] = path
            }
            tasks.append(task)
        }
        return try TaskImport.plans(tasks, file: file)
    }

    /// Attributes Momentum reads into a milestone, or that Taskwarrior computes (`id`, `urgency`,
    /// `modified`). Every other one is kept as it was (`ImportedTask.attributes`) and written back.
    static let attributesRead: Set<String> = ["id", "uuid", "description", "project", "status", "entry", "end", "due",
                                              "modified", "urgency", "tags", "annotations"]

    /// Nil for a recurring task's template: its instances are the tasks.
    private static func task(_ item: Any, path: String, file: String) throws(TaskImport.Problem) -> TaskImport.Task? {
        func problem(_ key: String?, _ message: String) -> TaskImport.Problem {
            TaskImport.Problem(file: file, path: key.map { "\(path).\($0)" } ?? path, message: message)
        }
        guard let object = item as? [String: Any] else { throw problem(nil, "expected a task object") }
        func string(_ key: String) throws(TaskImport.Problem) -> String? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let text = value as? String else { throw problem(key, "expected a string") }
            return text
        }
        func date(_ key: String) throws(TaskImport.Problem) -> Date? {
            guard let text = try string(key) else { return nil }
            guard let date = parseDate(text) else { throw problem(key, "expected a date like 20261120T090000Z, got \"\(text)\"") }
            return date
        }
        guard let title = try string("description")?.trimmingCharacters(in: .whitespacesAndNewlines), !title.isEmpty else {
            throw problem("description", "missing; every task needs one")
        }
        let statusText = try string("status") ?? "pending"
        var task = TaskImport.Task(title: title)
        switch statusText {
        case "pending", "waiting": task.status = .open
        case "completed": task.status = .done
        case "deleted": task.status = .dropped
        case "recurring": return nil
        default: throw problem("status", "unknown value \"\(statusText)\"; expected pending, waiting, completed, deleted or recurring")
        }
        task.project = try string("project").flatMap { $0.isEmpty ? nil : $0 }
        task.createdAt = try date("entry")
        task.closedAt = try date("end")
        task.due = try date("due")
        task.uuid = try string("uuid")
        if let message = task.uuid.flatMap(ImportedTask.uuidProblem) { throw problem("uuid", message) }
        if let priority = try string("priority") {
            guard let rank = ["H": 0, "M": 1, "L": 2][priority] else { throw problem("priority", "unknown value \"\(priority)\"; expected H, M or L") }
            task.priority = rank
        }
        var attributes = object.filter { !attributesRead.contains($0.key) }
        if let tags = object["tags"] {
            guard let list = tags as? [String] else { throw problem("tags", "expected a list of strings") }
            if task.status == .open, list.contains(skippedTag) { task.status = .skipped }
            // `skipped` is Momentum's own mark: the export writes it again from the status.
            let kept = list.filter { $0 != skippedTag }
            if !kept.isEmpty { attributes["tags"] = kept }
        }
        if let annotations = object["annotations"] {
            guard let list = annotations as? [Any] else { throw problem("annotations", "expected a list") }
            var kept: [Any] = []
            for (index, element) in list.enumerated() {
                guard let note = (element as? [String: Any])?["description"] as? String else {
                    throw problem("annotations[\(index)]", "expected an object with a description")
                }
                if !TaskImport.applyNote(note, to: &task) { kept.append(element) }
            }
            if !kept.isEmpty { attributes["annotations"] = kept }
        }
        if !attributes.isEmpty { task.attributes = ImportedTask.attributesText(attributes) }
        return task
    }

    /// `20261120T090000Z`, as Taskwarrior writes dates; ISO 8601 with dashes is read too.
    static func parseDate(_ text: String) -> Date? {
        if let date = ISODate.parse(text) { return date }
        // By hand, not a regex literal: one would be compiled again for every date of every task.
        let bytes = Array(text.utf8)
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z"),
            bytes[0..<8].allSatisfy(isDigit), bytes[9..<15].allSatisfy(isDigit)
        else { return nil }
        func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } }
        let components = DateComponents(year: number(0..<4), month: number(4..<6), day: number(6..<8),
                                        hour: number(9..<11), minute: number(11..<13), second: number(13..<15))
        guard components.isValidDate(in: TaskImport.utc) else { return nil }
        return TaskImport.utc.date(from: components)
    }

    static func formatDate(_ date: Date) -> String {
        ISODate.format(date).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }

    /// The tag a skipped (set aside, not dropped) milestone carries: Taskwarrior has no such status.
    static let skippedTag = "skipped"

    // MARK: Writing

    /// One task per milestone: the goal as project, the criterion, artifact, moves and owner as
    /// annotations, skips as the `skipped` tag, and what an imported task had that Momentum has no
    /// field for as it was. The uuid is the imported task's, so `task import` updates it; else one
    /// derived from the plan, stable, so importing again updates the same tasks.
    public static func export(_ plan: Plan) -> Data {
        var keptUUIDs = Set<String>()
        let tasks: [[String: Any]] = plan.milestones.enumerated().map { index, milestone in
            let kept = ImportedTask.attributesObject(milestone.importedTask?.attributes)
            // What Momentum reads it writes itself (a `due` put there by hand is not the due date).
            var task = kept.filter { !attributesRead.contains($0.key) }
            // A uuid two milestones hold (one copied in a hand edit) stays with the first of them.
            let keptUUID = milestone.importedTask?.uuid.flatMap { keptUUIDs.insert($0.lowercased()).inserted ? $0 : nil }
            task["uuid"] = keptUUID ?? StableID.uuid(plan, milestone: index)
            task["description"] = milestone.title
            task["project"] = plan.goal
            task["status"] = ["open": "pending", "skipped": "pending", "done": "completed", "dropped": "deleted"][milestone.status.rawValue]!
            let entry = milestone.createdAt ?? plan.createdAt
            if let entry { task["entry"] = formatDate(entry) }
            if let due = milestone.dueDate(entry: entry) { task["due"] = formatDate(due) }
            if milestone.status == .done || milestone.status == .dropped, let end = milestone.closedAt ?? entry {
                task["end"] = formatDate(end)
            }
            let tags = (kept["tags"] as? [String] ?? []) + (milestone.status == .skipped ? [skippedTag] : [])
            if !tags.isEmpty { task["tags"] = tags }
            let keptNotes = kept["annotations"] as? [[String: Any]] ?? []
            var notes = keptNotes
            if let entry {
                // Taskwarrior keys annotations by their entry time: a second apart keeps each, and
                // none may take the time of one the task already had.
                let taken = Set(keptNotes.compactMap { $0["entry"] as? String })
                var offset = 0.0
                for note in InterchangeNotes.lines(milestone) {
                    while taken.contains(formatDate(entry.addingTimeInterval(offset))) { offset += 1 }
                    notes.append(["entry": formatDate(entry.addingTimeInterval(offset)), "description": note])
                    offset += 1
                }
            }
            if !notes.isEmpty { task["annotations"] = notes }
            return task
        }
        let data = try! JSONSerialization.data(withJSONObject: tasks, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return data + Data("\n".utf8)
    }
}

extension Milestone {
    /// When it is due, as the exports write it: the imported task's own due date while the timebox
    /// is still the one read from it, else its creation plus the timebox in work days, and never a
    /// date for a timebox nobody gave.
    func dueDate(entry: Date?) -> Date? {
        if let due = importedTask?.due, givenTimeboxDays == TaskImport.timebox(from: createdAt, to: due) { return due }
        guard let entry, let days = givenTimeboxDays else { return nil }
        return WorkDays.due(from: entry, timebox: days)
    }
}

/// A milestone's fields that task formats keep only as free text, one `Label: value` line each.
enum InterchangeNotes {
    static func lines(_ milestone: Milestone) -> [String] {
        var notes: [String] = []
        if !milestone.criterion.isEmpty { notes.append("Done when: \(milestone.criterion)") }
        if !milestone.artifact.isEmpty { notes.append("Artifact: \(milestone.artifact)") }
        if !milestone.moves.isEmpty { notes.append("Moves: \(milestone.moves)") }
        if milestone.owner != "me" { notes.append("Owner: \(milestone.owner)") }
        return notes
    }
}

/// Identifiers derived from a plan and a milestone's creation, so exporting twice gives the same
/// ones and a calendar or task app updates its copy instead of adding another.
enum StableID {
    static func uuid(_ plan: Plan, milestone index: Int) -> String {
        let hex = digest(key(plan, milestone: index))
        let chars = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }.joined(separator: "-")
    }

    /// The calendar's name for a milestone: its task's uuid as 32 hex digits (the same digest as
    /// `uuid` for a step never imported), so a step whose timebox restarted keeps its to-do.
    static func calendarUID(_ plan: Plan, milestone index: Int) -> String {
        let uuid = plan.milestones[index].importedTask?.uuid ?? uuid(plan, milestone: index)
        return uuid.lowercased().replacingOccurrences(of: "-", with: "") + "@momentum"
    }

    /// The plan's id and creation, the milestone's creation, and how many earlier milestones share
    /// it: inserting a step before it or editing its title keeps the id.
    static func key(_ plan: Plan, milestone index: Int) -> String {
        let milestone = plan.milestones[index]
        let created = milestone.createdAt.map(ISODate.format) ?? "#\(index)"
        let twins = plan.milestones[..<index].filter { $0.createdAt == milestone.createdAt && milestone.createdAt != nil }.count
        return "\(plan.id ?? 0)|\(plan.createdAt.map(ISODate.format) ?? plan.goal)|\(created)|\(twins)"
    }

    /// 128 bits as 32 hex digits: two FNV-1a 64-bit hashes with different offsets. Not for
    /// security; only stable and well spread.
    static func digest(_ text: String) -> String {
        func fnv(_ basis: UInt64) -> UInt64 {
            var hash = basis
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x100_0000_01b3
            }
            // splitmix64's finaliser: keys that differ in one late character differ everywhere.
            hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
            hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
            return hash ^ (hash >> 31)
        }
        let high = fnv(0xcbf2_9ce4_8422_2325), low = fnv(0x8422_2325_cbf2_9ce4)
        return String(format: "%016llx%016llx", high, low)
    }
}
