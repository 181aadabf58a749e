import Foundation
import MomentumCore
import MomentumStore
import PostgresNIO

extension PostgresStore {
    // MARK: Plans

    @discardableResult
    public func save(_ plan: Plan, describing description: String, at date: Date) throws -> Int64 {
        try write { transaction in
            var plan = plan
            let before = try plan.id.flatMap { try lockAndLoad($0, transaction) }
            if plan.createdAt == nil { plan.createdAt = date }
            let (id, version) = try put(plan, transaction, now: date, replacing: before)
            try recordUndo(description, planID: id, before: before, versionAfter: version, transaction, date: date)
            return id
        }
    }

    /// As SQLite's: one transaction, and an error `produce` throws (a mistake in the file) comes
    /// back as it is, with nothing saved.
    public func saveEach(describing description: @escaping (Plan) -> String, at date: Date,
                         _ produce: (_ save: (Plan) throws -> Int64) throws -> Void) throws {
        try write { transaction in
            try produce { plan in
                var plan = plan
                plan.id = nil
                let (id, version) = try put(plan, transaction, now: date, replacing: nil)
                try recordUndo(description(plan), planID: id, before: nil, versionAfter: version, transaction, date: date)
                return id
            }
        }
    }

    public func plan(_ id: Int64) throws -> Plan? {
        try read { try load(id, $0) }
    }

    public func allPlans(status: PlanStatus?) throws -> [Plan] {
        try read { transaction in
            let ids = try transaction.rows(status.map { "SELECT id FROM plan WHERE status = \($0.rawValue) ORDER BY id" } ?? "SELECT id FROM plan ORDER BY id")
                .map { try $0.decode(Int64.self) }
            return try ids.compactMap { try load($0, transaction) }
        }
    }

    public func planCount() throws -> Int {
        try read { Int(try $0.value("SELECT COUNT(*) FROM plan", as: Int64.self) ?? 0) }
    }

    public func summaries(includeClosed: Bool, limit: Int?, offset: Int, owner: String?) throws -> [PlanSummary] {
        let (filter, binds) = summaryFilter(includeClosed: includeClosed, owner: owner)
        return try read { transaction in
            try transaction.rows(PostgresQuery(unsafeSQL: """
                SELECT p.id, p.goal, p.status,
                  (SELECT COUNT(*) FROM milestone m WHERE m.plan_id = p.id AND m.status = 'done'),
                  (SELECT COUNT(*) FROM milestone m WHERE m.plan_id = p.id AND m.status != 'dropped'),
                  (SELECT m.title FROM milestone m WHERE m.plan_id = p.id AND m.status = 'open' ORDER BY m.position LIMIT 1),
                  (SELECT MAX(w.date) FROM win w WHERE w.plan_id = p.id)
                FROM plan p \(filter) ORDER BY p.id
                \(limit.map { "LIMIT \($0) OFFSET \(offset)" } ?? "")
                """, binds: binds)).map { row in
                let (id, goal, status, done, total, next, lastWin) = try row.decode((Int64, String, String, Int64, Int64, String?, Date?).self)
                return PlanSummary(id: id, goal: goal, status: PlanStatus(rawValue: status) ?? .active, done: Int(done), total: Int(total), next: next, lastWin: lastWin)
            }
        }
    }

    public func summaryCount(includeClosed: Bool, owner: String?) throws -> Int {
        let (filter, binds) = summaryFilter(includeClosed: includeClosed, owner: owner)
        return try read { Int(try $0.value(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM plan p \(filter)", binds: binds), as: Int64.self) ?? 0) }
    }

    private func summaryFilter(includeClosed: Bool, owner: String?) -> (String, PostgresBindings) {
        var binds = PostgresBindings()
        if let owner { binds.append(owner) }
        let conditions: [String] = (includeClosed ? [] : ["p.status = 'active'"])
            + (owner == nil ? [] : ["EXISTS (SELECT 1 FROM milestone m WHERE m.plan_id = p.id AND lower(m.owner) = lower($1))"])
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), binds)
    }

    /// As SQLite's: by id (any status), else active plans whose goal starts with, else contains, `reference`.
    public func plans(matching reference: String) throws -> [Store.PlanReference] {
        try read { transaction in
            let references = { (query: PostgresQuery) in
                try transaction.rows(query).map { row in
                    let (id, goal) = try row.decode((Int64, String).self)
                    return Store.PlanReference(id: id, goal: goal)
                }
            }
            if let id = Int64(reference) { return try references("SELECT id, goal FROM plan WHERE id = \(id)") }
            let active = try references("SELECT id, goal FROM plan WHERE status = 'active' ORDER BY id")
            let lowered = reference.lowercased()
            let prefix = active.filter { $0.goal.lowercased().hasPrefix(lowered) }
            return prefix.isEmpty ? active.filter { $0.goal.lowercased().contains(lowered) } : prefix
        }
    }

    /// Loads the plan, changes it and saves it in one transaction, holding its row the while: a
    /// second person's change to the same plan waits, then applies to the plan with the first
    /// one's change in it, so neither is lost.
    @discardableResult
    public func update(_ id: Int64, describing description: String, at date: Date,
                       _ change: (inout Plan) throws -> Void) throws -> Plan {
        try write { transaction in
            guard let before = try lockAndLoad(id, transaction) else {
                throw StoreError(path: location.description, message: "no plan \(id); type plans to see them")
            }
            var plan = before
            try change(&plan)
            let (_, version) = try put(plan, transaction, now: date, replacing: before)
            try recordUndo(description, planID: id, before: before, versionAfter: version, transaction, date: date)
            return plan
        }
    }

    public func lastChange(of id: Int64) throws -> PlanChange? {
        try read { transaction in
            try transaction.rows("SELECT updated_by, updated_at FROM plan WHERE id = \(id)").first.map { row in
                let (by, at) = try row.decode((String, Date?).self)
                return PlanChange(by: by, at: at)
            }
        }
    }

    // MARK: Wins and skips

    public func activityDates() throws -> (wins: [Date], skips: [Date]) {
        try read { transaction in
            (try transaction.rows("SELECT date FROM win").map { try $0.decode(Date.self) },
             try transaction.rows("SELECT date FROM skip WHERE reason != ''").map { try $0.decode(Date.self) })
        }
    }

    public func activityDates(since start: Date) throws -> (wins: [Date], skips: [Date]) {
        try read { transaction in
            (try transaction.rows("SELECT date FROM win WHERE date >= \(start)").map { try $0.decode(Date.self) },
             try transaction.rows("SELECT date FROM skip WHERE reason != ''").map { try $0.decode(Date.self) })
        }
    }

    public func earliestActivity() throws -> Date? {
        try read { transaction in
            try transaction.value("SELECT LEAST((SELECT MIN(date) FROM win), (SELECT MIN(date) FROM skip WHERE reason != ''))", as: Date?.self) ?? nil
        }
    }

    /// As SQLite's: in date order; with `latest`, the last that many, read backwards through the date index.
    public func wins(planID: Int64?, since: Date?, until: Date?, latest: Int?, by: String?) throws -> [Store.LoggedWin] {
        var conditions: [String] = []
        var binds = PostgresBindings()
        if let by { binds.append(by); conditions.append("w.logged_by = $\(binds.count)") }
        if let planID { binds.append(planID); conditions.append("w.plan_id = $\(binds.count)") }
        if let since { binds.append(since); conditions.append("w.date >= $\(binds.count)") }
        if let until { binds.append(until); conditions.append("w.date < $\(binds.count)") }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let order = latest.map { "ORDER BY w.date DESC, w.id DESC LIMIT \($0)" } ?? "ORDER BY w.date, w.id"
        let rows = try read { transaction in
            try transaction.rows(PostgresQuery(unsafeSQL: """
                SELECT w.plan_id, p.metric_name, w.milestone, w.date, w.note, w.evidence, w.metric_reading, w.reading_metric, w.logged_by
                FROM win w JOIN plan p ON p.id = w.plan_id \(filter) \(order)
                """, binds: binds)).map { row in
                let (planID, metric, milestone, date, note, evidence, reading, readingMetric, by)
                    = try row.decode((Int64, String, Int64, Date, String, String?, String?, String?, String?).self)
                return Store.LoggedWin(planID: planID, metricName: readingMetric ?? metric,
                                       win: Win(milestone: Int(milestone), date: date, note: note, evidence: evidence, metricReading: reading,
                                                readingMetric: readingMetric, by: by))
            }
        }
        return latest == nil ? rows : rows.reversed()
    }

    // MARK: Undo

    /// Reverts this person's last change, never anyone else's: when someone changed the plan
    /// after it, reverting would silently take their change back too, so nothing is reverted, that
    /// step of the history is dropped, and the error says who changed the plan and when.
    public func undo() throws -> String? {
        let outcome: UndoOutcome = try write { transaction in
            guard let row = try transaction.rows("SELECT id, description, plan_id, before, version_before, version_after FROM undo WHERE person = \(person) ORDER BY id DESC LIMIT 1").first else {
                return .nothing
            }
            let (undoID, description, planID, before, versionBefore, versionAfter) = try row.decode((Int64, String, Int64, String?, Int64, Int64).self)
            try transaction.execute("DELETE FROM undo WHERE id = \(undoID)")
            let current = try transaction.rows("SELECT version, updated_by, updated_at FROM plan WHERE id = \(planID) FOR UPDATE").first
                .map { try $0.decode((Int64, String, Date?).self) }
            guard let current, current.0 == versionAfter else {
                return .overtaken(description, planID, by: current?.1, at: current?.2)
            }
            if let before {
                var plan = try PlanJSON.decode(Data(before.utf8))[0]
                plan.id = planID
                let (_, restored) = try put(plan, transaction, now: nil, replacing: nil)
                // The plan is as it was after the change before this one, so whoever made that
                // one can still undo it.
                try transaction.execute("UPDATE undo SET version_after = \(restored) WHERE plan_id = \(planID) AND version_after = \(versionBefore)")
            } else {
                try transaction.execute("DELETE FROM plan WHERE id = \(planID)")
            }
            return .undone(description)
        }
        switch outcome {
        case .nothing: return nil
        case .undone(let description): return description
        case .overtaken(let description, let planID, let by, let at):
            let who = by.map { $0 == person ? "you, in another shell," : $0 } ?? "someone"
            let when = at.map { " at \(PostgresStore.timestamp($0))" } ?? ""
            let what = by == nil ? "plan \(planID) has been deleted since" : "plan \(planID) was changed since by \(who)\(when)"
            throw StoreError(path: location.description, message: "cannot undo \"\(description)\": \(what), and undoing it would take that change back too. Nothing was undone; run show \(planID) and change it by hand. Your next undo goes one step further back.")
        }
    }

    public func nextUndo() throws -> (description: String, planID: Int64, removesPlan: Bool)? {
        try read { connection in
            try connection.rows("SELECT description, plan_id, before IS NULL FROM undo WHERE person = \(person) ORDER BY id DESC LIMIT 1").first
                .map { try $0.decode((String, Int64, Bool).self) }
        }
    }

    private enum UndoOutcome {
        case nothing
        case undone(String)
        case overtaken(String, Int64, by: String?, at: Date?)
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeSeparator(.colon))
    }

    static let undoDepth = 50

    func recordUndo(_ description: String, planID: Int64, before: Plan?, versionAfter: Int64, _ transaction: PostgresTransaction, date: Date) throws {
        let json = before.map { String(decoding: PlanJSON.encode([$0], asArray: false), as: UTF8.self) }
        try transaction.execute("""
            INSERT INTO undo (person, description, plan_id, before, version_before, version_after, created_at)
            VALUES (\(person), \(description), \(planID), \(json), \(before == nil ? 0 : versionAfter - 1), \(versionAfter), \(date))
            """)
        try transaction.execute("""
            DELETE FROM undo WHERE person = \(person) AND id <= (SELECT id FROM undo WHERE person = \(person) ORDER BY id DESC OFFSET \(Self.undoDepth) LIMIT 1)
            """)
    }

    // MARK: Rows

    /// The plan with its row locked until the transaction ends, or nil.
    func lockAndLoad(_ id: Int64, _ transaction: PostgresTransaction) throws -> Plan? {
        guard try transaction.value("SELECT id FROM plan WHERE id = \(id) FOR UPDATE", as: Int64.self) != nil else { return nil }
        return try load(id, transaction)
    }

    /// Writes a plan and its parts; returns its id and new version. With `stored` (the plan as the
    /// transaction read it), only what changed is written: logging a win inserts that win rather
    /// than every win the plan has, so `done` costs the same on the thousandth win as on the first.
    func put(_ plan: Plan, _ transaction: PostgresTransaction, now: Date?, replacing stored: Plan?) throws -> (id: Int64, version: Int64) {
        let stalledProgress = plan.stalled?.lastProgress, stalledBlocker = plan.stalled?.blocker
        let updated: (Int64, Int64)? = if let existing = plan.id {
            try transaction.rows("""
                UPDATE plan SET goal = \(plan.goal), outcome = \(plan.outcome), metric_name = \(plan.metric.name),
                  metric_baseline = \(plan.metric.baseline), metric_target = \(plan.metric.target),
                  stalled_progress = \(stalledProgress), stalled_blocker = \(stalledBlocker), status = \(plan.status.rawValue),
                  created_at = \(plan.createdAt), updated_at = \(now ?? Date()), version = version + 1, updated_by = \(person)
                WHERE id = \(existing) RETURNING id, version
                """).first.map { try $0.decode((Int64, Int64).self) }
        } else { nil }
        let (id, version): (Int64, Int64)
        let stored = updated == nil ? nil : stored
        if let updated {
            (id, version) = updated
            if stored == nil {
                for table in ["milestone", "override", "win", "skip"] {
                    try transaction.execute(PostgresQuery(unsafeSQL: "DELETE FROM \(table) WHERE plan_id = $1", binds: binding(id)))
                }
            }
        } else {
            let inserted = try transaction.rows("""
                INSERT INTO plan (id, goal, outcome, metric_name, metric_baseline, metric_target, stalled_progress, stalled_blocker,
                  status, created_at, updated_at, updated_by)
                VALUES (COALESCE(\(plan.id), nextval('plan_id_seq')), \(plan.goal), \(plan.outcome), \(plan.metric.name), \(plan.metric.baseline),
                  \(plan.metric.target), \(stalledProgress), \(stalledBlocker), \(plan.status.rawValue), \(plan.createdAt), \(now ?? Date()), \(person))
                RETURNING id, version
                """)
            (id, version) = try inserted.first!.decode((Int64, Int64).self)
        }
        try putMilestones(plan.milestones, stored: stored?.milestones ?? [], planID: id, transaction)
        for (_, o) in try rowsToAdd(plan.overrides, stored?.overrides, table: "override", id, transaction) {
            try transaction.execute("INSERT INTO override (plan_id, rule_id, path, text, reason) VALUES (\(id), \(o.ruleID), \(o.path), \(o.text), \(o.reason))")
        }
        for (_, w) in try rowsToAdd(plan.wins, stored?.wins, table: "win", id, transaction) {
            try transaction.execute("""
                INSERT INTO win (plan_id, milestone, date, note, evidence, metric_reading, reading_metric, logged_by)
                VALUES (\(id), \(w.milestone), \(w.date), \(w.note), \(w.evidence), \(w.metricReading), \(w.readingMetric), \(w.by ?? person))
                """)
        }
        for (_, s) in try rowsToAdd(plan.skips, stored?.skips, table: "skip", id, transaction) {
            try transaction.execute("INSERT INTO skip (plan_id, milestone, date, kind, reason) VALUES (\(id), \(s.milestone), \(s.date), \(s.kind.rawValue), \(s.reason))")
        }
        return (id, version)
    }

    /// A plan's milestones by position: only the rows that differ from `stored` are written (a
    /// `done` changes one of a plan's thousand milestones), and rows past the new end are deleted.
    /// "me" as an owner is whoever saves it.
    private func putMilestones(_ milestones: [Milestone], stored: [Milestone], planID id: Int64, _ transaction: PostgresTransaction) throws {
        for (position, m) in milestones.enumerated() where position >= stored.count || stored[position] != m {
            let task = m.importedTask
            try transaction.execute("""
                INSERT INTO milestone (plan_id, position, title, criterion, artifact, timebox_days, timebox_given, owner, moves, status,
                  created_at, closed_at, task_uuid, task_due, task_attributes)
                VALUES (\(id), \(position), \(m.title), \(m.criterion), \(m.artifact), \(m.timeboxDays), \(m.givenTimeboxDays != nil),
                  \(m.owner == "me" ? person : m.owner), \(m.moves), \(m.status.rawValue), \(m.createdAt), \(m.closedAt),
                  \(task?.uuid), \(task?.due), \(task?.attributes))
                ON CONFLICT (plan_id, position) DO UPDATE SET title = excluded.title, criterion = excluded.criterion, artifact = excluded.artifact,
                  timebox_days = excluded.timebox_days, timebox_given = excluded.timebox_given, owner = excluded.owner, moves = excluded.moves,
                  status = excluded.status, created_at = excluded.created_at, closed_at = excluded.closed_at,
                  task_uuid = excluded.task_uuid, task_due = excluded.task_due, task_attributes = excluded.task_attributes
                """)
        }
        if stored.count > milestones.count {
            try transaction.execute("DELETE FROM milestone WHERE plan_id = \(id) AND position >= \(milestones.count)")
        }
    }

    /// Which of a plan's parts to insert: all of them when none are stored, none when they are as
    /// stored, only the new ones when the parts (read back in insertion order) were only added to,
    /// else all of them, after deleting the stored ones.
    private func rowsToAdd<Part: Equatable>(_ parts: [Part], _ stored: [Part]?, table: String,
                                            _ planID: Int64, _ transaction: PostgresTransaction) throws -> ArraySlice<EnumeratedSequence<[Part]>.Element> {
        let all = Array(parts.enumerated())[...]
        guard let stored else { return all }
        if parts == stored { return [] }
        if parts.count > stored.count, Array(parts.prefix(stored.count)) == stored { return all.dropFirst(stored.count) }
        try transaction.execute(PostgresQuery(unsafeSQL: "DELETE FROM \(table) WHERE plan_id = $1", binds: binding(planID)))
        return all
    }

    private func binding(_ value: Int64) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(value)
        return binds
    }

    func load(_ id: Int64, _ transaction: PostgresTransaction) throws -> Plan? {
        guard let row = try transaction.rows("""
            SELECT goal, outcome, metric_name, metric_baseline, metric_target, stalled_progress, stalled_blocker, status, created_at
            FROM plan WHERE id = \(id)
            """).first else { return nil }
        let (goal, outcome, metricName, baseline, target, progress, blocker, status, createdAt)
            = try row.decode((String, String, String, String?, String?, String?, String?, String, Date?).self)
        var plan = Plan(id: id, goal: goal, outcome: outcome, metric: Metric(name: metricName, baseline: baseline, target: target),
                        status: PlanStatus(rawValue: status) ?? .active, createdAt: createdAt)
        if let progress { plan.stalled = StalledContext(lastProgress: progress, blocker: blocker ?? "") }
        plan.milestones = try transaction.rows("""
            SELECT title, criterion, artifact, timebox_days, timebox_given, owner, moves, status, created_at, closed_at,
              task_uuid, task_due, task_attributes
            FROM milestone WHERE plan_id = \(id) ORDER BY position
            """).map { row in
            let (title, criterion, artifact, timebox, given, owner, moves, status, createdAt, closedAt, uuid, due, attributes)
                = try row.decode((String, String, String, Double, Bool, String, String, String, Date?, Date?, String?, Date?, String?).self)
            return Milestone(title: title, criterion: criterion, artifact: artifact, timeboxDays: given ? timebox : nil, owner: owner, moves: moves,
                             status: MilestoneStatus(rawValue: status) ?? .open, createdAt: createdAt, closedAt: closedAt,
                             importedTask: ImportedTask(uuid: uuid, due: due, attributes: attributes))
        }
        plan.overrides = try transaction.rows("SELECT rule_id, path, text, reason FROM override WHERE plan_id = \(id) ORDER BY id").map { row in
            let (rule, path, text, reason) = try row.decode((String, String, String, String).self)
            return Override(ruleID: rule, path: path, text: text, reason: reason)
        }
        plan.wins = try transaction.rows("SELECT milestone, date, note, evidence, metric_reading, reading_metric, logged_by FROM win WHERE plan_id = \(id) ORDER BY id").map { row in
            let (milestone, date, note, evidence, reading, readingMetric, by) = try row.decode((Int64, Date, String, String?, String?, String?, String?).self)
            return Win(milestone: Int(milestone), date: date, note: note, evidence: evidence, metricReading: reading, readingMetric: readingMetric, by: by)
        }
        plan.skips = try transaction.rows("SELECT milestone, date, kind, reason FROM skip WHERE plan_id = \(id) ORDER BY date, id").map { row in
            let (milestone, date, kind, reason) = try row.decode((Int64, Date, String, String).self)
            return Skip(milestone: Int(milestone), date: date, kind: SkipKind(rawValue: kind) ?? .blocked, reason: reason)
        }
        return plan
    }
}
