import Foundation

/// A goal broken into micro-milestones. The unit the store saves whole, `check` reads, and
/// `export`/`import` exchange (see docs/plan-format.md).
public struct Plan: Codable, Equatable, Sendable {
    /// Assigned by the store; `nil` for a plan not yet saved.
    public var id: Int64?
    public var goal: String
    public var outcome: String
    public var metric: Metric
    public var stalled: StalledContext?
    public var milestones: [Milestone]
    /// Findings the user chose to keep, with the reason they gave.
    public var overrides: [Override]
    public var status: PlanStatus
    public var createdAt: Date?
    /// The wins in the order they were logged, which is not always their days' order: `done
    /// --on yesterday` logs a win for an earlier day. A metric's latest reading is the last one
    /// logged (a trial's story took the reading of a win dated later but logged first).
    public var wins: [Win]
    public var skips: [Skip]

    /// The days off the plan, with their reasons (skips that set no step aside).
    public var restDays: [Skip] { skips.filter { $0.kind == .rest } }

    /// The wins by the day they were finished, for a timeline (logged order within a day).
    public var winsByDate: [Win] {
        wins.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
    }

    public init(
        id: Int64? = nil, goal: String, outcome: String = "", metric: Metric = Metric(name: ""),
        stalled: StalledContext? = nil, milestones: [Milestone] = [], overrides: [Override] = [],
        status: PlanStatus = .active, createdAt: Date? = nil, wins: [Win] = [], skips: [Skip] = []
    ) {
        self.id = id
        self.goal = goal
        self.outcome = outcome
        self.metric = metric
        self.stalled = stalled
        self.milestones = milestones
        self.overrides = overrides
        self.status = status
        self.createdAt = createdAt
        self.wins = wins
        self.skips = skips
    }

    /// A milestone's title by its 1-based number; a win or skip whose step was since removed reads
    /// "milestone N" rather than failing.
    public func title(ofMilestone number: Int) -> String {
        milestones.indices.contains(number - 1) ? milestones[number - 1].title : "milestone \(number)"
    }

    /// A stalled project that has not moved since (no win logged): its next step is a first step.
    /// Tasks imported as done are from before the stall.
    public var isStillStalled: Bool { stalled != nil && wins.isEmpty }

    /// Milestones still to do, in plan order.
    public var openMilestones: [(number: Int, milestone: Milestone)] {
        milestones.enumerated().compactMap { $0.element.status == .open ? ($0.offset + 1, $0.element) : nil }
    }
    /// The step to do next: the first open one that is sharp (a done-when and an artifact), else
    /// the first open one. An imported task left for later in `unstick` is not "next".
    public var nextMilestone: (number: Int, milestone: Milestone)? {
        let open = openMilestones
        return open.first { !$0.milestone.isCandidate } ?? open.first
    }

    /// Steps set aside as blocked (their latest skip says so), with that skip: they wait, and a
    /// week may free them, so the review and the story name them.
    public var blockedMilestones: [(number: Int, milestone: Milestone, skip: Skip)] {
        milestones.enumerated().compactMap { index, milestone in
            guard milestone.status == .skipped, let skip = skips.last(where: { $0.milestone == index + 1 }), skip.kind == .blocked else { return nil }
            return (index + 1, milestone, skip)
        }
    }

    /// Wins, skips and kept findings name their milestone by its place in the plan; when milestones
    /// are inserted, split or merged, they must follow it. `newIndex` maps a milestone's old index
    /// (0-based) to its new one.
    public mutating func moveMilestoneReferences(_ newIndex: (Int) -> Int) {
        for index in wins.indices where wins[index].milestone >= 1 {
            wins[index].milestone = newIndex(wins[index].milestone - 1) + 1
        }
        for index in skips.indices where skips[index].milestone >= 1 {
            skips[index].milestone = newIndex(skips[index].milestone - 1) + 1
        }
        overrides = overrides.map { $0.movingMilestone(newIndex) }
    }

    /// Kept findings whose answer has since been edited away: the reason was given for words the
    /// plan no longer has, so they would show in `show`, exports and the story about nothing. (A
    /// timebox is kept as it was said, "two weeks", and stored as days, so its keeps stay.)
    public mutating func dropOverridesOnChangedFields() {
        let texts = Dictionary(PlanFields.entries(of: self).filter { $0.field != .timebox }.map { ($0.path, $0.text) },
                               uniquingKeysWith: { first, _ in first })
        overrides.removeAll { override in texts[override.path].map { $0 != override.text } ?? false }
    }

    /// The step's timebox starts again now (reopen, rescope, a review's split). Exports name a
    /// step by its creation, so the name it had is kept first: a reopened step became a second
    /// task in Taskwarrior and a second to-do in a calendar.
    public mutating func restartTimebox(of index: Int, at date: Date) {
        if milestones[index].importedTask?.uuid == nil {
            let uuid = StableID.uuid(self, milestone: index)
            milestones[index].importedTask = milestones[index].importedTask.map { task in
                var named = task
                named.uuid = uuid
                return named
            } ?? ImportedTask(uuid: uuid)
        }
        milestones[index].createdAt = date
    }

    /// A milestone inserted at `position`: those from there on move one place down.
    public mutating func insertMilestone(_ milestone: Milestone, at position: Int) {
        moveMilestoneReferences { $0 >= position ? $0 + 1 : $0 }
        milestones.insert(milestone, at: position)
    }

    /// The milestone at `position` replaced by `parts` (at least one): what named it names the first part.
    public mutating func splitMilestone(at position: Int, into parts: [Milestone]) {
        guard !parts.isEmpty else { return }
        moveMilestoneReferences { $0 > position ? $0 + parts.count - 1 : $0 }
        milestones.replaceSubrange(position...position, with: parts)
    }

    /// The milestone at `other` folded into the one at `position` (and removed): what named it
    /// names the merged one.
    public mutating func mergeMilestone(_ other: Int, into position: Int) {
        moveMilestoneReferences { old in
            let merged = old == other ? position : old
            return merged > other ? merged - 1 : merged
        }
        milestones.remove(at: other)
    }
}

public struct Metric: Codable, Equatable, Sendable {
    public var name: String
    public var baseline: String?
    public var target: String?
    public init(name: String, baseline: String? = nil, target: String? = nil) {
        self.name = name
        self.baseline = baseline
        self.target = target
    }
}

/// Why a project stalled: what last moved, and what blocks it now.
public struct StalledContext: Codable, Equatable, Sendable {
    public var lastProgress: String
    public var blocker: String
    public init(lastProgress: String, blocker: String) {
        self.lastProgress = lastProgress
        self.blocker = blocker
    }
}

public struct Milestone: Codable, Equatable, Sendable {
    public var title: String
    public var criterion: String
    public var artifact: String
    /// The timebox someone gave: typed, taken when offered, or read from a task's due date. Nil
    /// for a task imported without one: nobody has said how long it takes.
    public var givenTimeboxDays: Double?
    public var owner: String
    public var moves: String
    public var status: MilestoneStatus
    public var createdAt: Date?
    public var closedAt: Date?
    /// The task list's own record of the task this milestone was imported from, for the exports.
    public var importedTask: ImportedTask?

    /// What every view shows and the rules weigh: the given timebox, else 1 day. Setting it gives it.
    public var timeboxDays: Double {
        get { givenTimeboxDays ?? 1 }
        set { givenTimeboxDays = newValue }
    }

    /// The timebox as views write it: "2 days", or "no timebox" when nobody gave one (a trial's
    /// imported task showed "1 day", and a Markdown round trip then made that a given timebox).
    public var timeboxLabel: String { givenTimeboxDays.map(Timebox.format) ?? "no timebox" }

    enum CodingKeys: String, CodingKey {
        // Under its old name, so a draft saved before a timebox could be missing reads as it was.
        case givenTimeboxDays = "timeboxDays"
        case title, criterion, artifact, owner, moves, status, createdAt, closedAt, importedTask
    }

    public init(
        title: String, criterion: String = "", artifact: String = "", timeboxDays: Double? = 1,
        owner: String = "me", moves: String = "", status: MilestoneStatus = .open,
        createdAt: Date? = nil, closedAt: Date? = nil, importedTask: ImportedTask? = nil
    ) {
        self.title = title
        self.criterion = criterion
        self.artifact = artifact
        self.givenTimeboxDays = timeboxDays
        self.owner = owner
        self.moves = moves
        self.status = status
        self.createdAt = createdAt
        self.closedAt = closedAt
        self.importedTask = importedTask
    }
}

/// What a task list said about a task that Momentum has no field for, kept on the milestone made
/// from it so an export gives it back: `task import` then updates that task in place instead of
/// adding a copy beside it, and its due date, priority, tags and the rest stay as they were.
public struct ImportedTask: Codable, Equatable, Sendable {
    /// Taskwarrior's uuid for the task.
    public var uuid: String?
    /// The due date to the second; the timebox holds it only as whole days from the task's entry.
    public var due: Date?
    /// Taskwarrior's other attributes (priority, tags, depends, wait, UDAs, annotations other than
    /// Momentum's own), a JSON object with sorted keys. Momentum reads none of it; exports write it back.
    public var attributes: String?

    /// Nil when the list said none of it.
    public init?(uuid: String? = nil, due: Date? = nil, attributes: String? = nil) {
        guard uuid != nil || due != nil || attributes != nil else { return nil }
        self.uuid = uuid
        self.due = due
        self.attributes = attributes
    }
}

extension ImportedTask {
    /// Why `text` cannot be a task's uuid (`task import` would refuse the export), or nil.
    static func uuidProblem(_ text: String) -> String? {
        UUID(uuidString: text) == nil ? "expected a uuid like 5f0c3b1e-8a2d-4c6f-9e7b-1d2a3c4b5e6f, got \"\(text)\"" : nil
    }

    /// Attributes as the text `attributes` holds: sorted keys, so the same attributes are the same text.
    static func attributesText(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }

    /// `attributes` as an object; empty for none.
    static func attributesObject(_ text: String?) -> [String: Any] {
        guard let text else { return [:] }
        return (try? JSONReader.parse(Data(text.utf8)))?.foundationValue as? [String: Any] ?? [:]
    }
}

public enum MilestoneStatus: String, Codable, Sendable, CaseIterable {
    case open, done, skipped, dropped
}

public enum PlanStatus: String, Codable, Sendable, CaseIterable {
    case active, archived, dropped
}

/// A finding the user kept, with their reason. `path` is the field path, as in `check`'s output.
public struct Override: Codable, Equatable, Sendable {
    public var ruleID: String
    public var path: String
    public var text: String
    public var reason: String
    public init(ruleID: String, path: String, text: String, reason: String) {
        self.ruleID = ruleID
        self.path = path
        self.text = text
        self.reason = reason
    }
}

extension Override {
    /// The same kept finding, for a milestone that moved: `newIndex` maps the milestone's old index
    /// (0-based) to its new one. A finding on no milestone stays as it is.
    /// The milestone (0-based) the kept finding is on, if it is on one.
    public var milestoneIndex: Int? {
        guard path.hasPrefix("milestones["), let close = path.firstIndex(of: "]") else { return nil }
        return Int(path[path.index(path.startIndex, offsetBy: "milestones[".count)..<close])
    }

    public func movingMilestone(_ newIndex: (Int) -> Int) -> Override {
        guard let old = milestoneIndex, let close = path.firstIndex(of: "]") else { return self }
        var moved = self
        moved.path = "milestones[\(newIndex(old))" + path[close...]
        return moved
    }
}

/// A finished milestone, logged as a visible win.
public struct Win: Codable, Equatable, Sendable {
    /// 1-based milestone number within its plan.
    public var milestone: Int
    public var date: Date
    public var note: String
    public var evidence: String?
    public var metricReading: String?
    /// The metric the reading was taken of, when the plan's metric has changed since (nil: the
    /// plan's metric as it is). A trial's story relabelled "0" words a day as "0" sections approved.
    public var readingMetric: String?
    /// Who logged it, on a store several people share; nil on a personal one.
    public var by: String?
    public init(milestone: Int, date: Date, note: String, evidence: String? = nil, metricReading: String? = nil, readingMetric: String? = nil,
                by: String? = nil) {
        self.milestone = milestone
        self.date = date
        self.note = note
        self.evidence = evidence
        self.metricReading = metricReading
        self.readingMetric = readingMetric
        self.by = by
    }
}

extension Plan {
    /// The wins with a reading of the plan's metric as it is now, in the order logged: what the
    /// latest reading, the sparkline and the review's change are made of.
    public var readingsOfTheMetric: [Win] {
        wins.filter { $0.metricReading != nil && ($0.readingMetric == nil || $0.readingMetric == metric.name) }
    }

    /// The name of the metric a win's reading is of.
    public func metricName(of win: Win) -> String { win.readingMetric ?? metric.name }

    /// Whether the metric has a baseline, a target or readings an edit renaming it must place.
    public var hasMetricNumbers: Bool {
        metric.baseline != nil || metric.target != nil || !readingsOfTheMetric.isEmpty
    }

    /// After an edit renamed the metric from `previous`. Another metric: the readings taken before
    /// keep the name they were read against, so no view shows them as readings of the new one. The
    /// same one reworded (`reworded`, as the edit asked): its readings carry over, and a step's
    /// "moves" that named it names it as it is now (a trial's rewording left both behind).
    public mutating func metricRenamed(from previous: String, reworded: Bool) {
        guard !previous.isEmpty, previous != metric.name else { return }
        if !reworded {
            for index in wins.indices where wins[index].metricReading != nil && wins[index].readingMetric == nil {
                wins[index].readingMetric = previous
            }
        } else {
            for index in milestones.indices where milestones[index].moves == previous { milestones[index].moves = metric.name }
        }
    }
}

/// A milestone set aside on purpose; with a reason it never counts as a failure. A rest day
/// (`kind` rest, `milestone` 0) sets no step aside: a day off the plan, with its reason, that
/// keeps the streak as a skipped step does ("skip today night shifts").
public struct Skip: Codable, Equatable, Sendable {
    public var milestone: Int
    public var date: Date
    public var kind: SkipKind
    public var reason: String
    public init(milestone: Int, date: Date, kind: SkipKind, reason: String) {
        self.milestone = milestone
        self.date = date
        self.kind = kind
        self.reason = reason
    }

    /// A rest day: on no milestone (0).
    public static func restDay(on date: Date, reason: String) -> Skip {
        Skip(milestone: 0, date: date, kind: .rest, reason: reason)
    }
}

public enum SkipKind: String, Codable, Sendable, CaseIterable {
    case blocked, rescoped, dropped, rest

    /// What a step set aside can be (a rest day sets none aside).
    public static let forSteps: [SkipKind] = [.blocked, .rescoped, .dropped]
}
