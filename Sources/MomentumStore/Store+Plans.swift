import Foundation
import GRDB
import MomentumCore

extension Store {
    // MARK: Plans

    /// Saves a plan whole (new, or replacing the stored one) and records how to undo it.
    @discardableResult
    public func save(_ plan: Plan, describing description: String, at date: Date) throws -> Int64 {
        try write { db in
            var plan = plan
            let before = try plan.id.flatMap { try Store.load($0, db) }
            if plan.createdAt == nil { plan.createdAt = date }
            let id = try Store.put(plan, db, now: date)
            try Store.recordUndo(description, planID: id, before: before, db, date: date)
            return id
        }
    }

    /// Saves the plans `produce` hands to `save`, one at a time, in one transaction (import): memory
    /// holds one plan, and an error `produce` throws (a mistake in the file) is rethrown as it is,
    /// with nothing saved.
    public func saveEach(describing description: @escaping (Plan) -> String, at date: Date,
                         _ produce: (_ save: (Plan) throws -> Int64) throws -> Void) throws {
        try refuseIfMoved()
        defer { checkpoint() }
        do {
            try db.write { db in
                try produce { plan in
                    var plan = plan
                    plan.id = nil
                    let id = try Store.put(plan, db, now: date)
                    try Store.recordUndo(description(plan), planID: id, before: nil, db, date: date)
                    return id
                }
            }
        } catch let error as DatabaseError {
            throw StoreError(path: path ?? ":memory:", message: "could not save (\(Store.reason(error))); nothing was changed.")
        }
    }

    public func plan(_ id: Int64) throws -> Plan? {
        try read { try Store.load(id, $0) }
    }

    /// Whole plans, optionally only those with one status. Loads everything: for reviews and
    /// snapshots, not for listing.
    public func allPlans(status: PlanStatus? = nil) throws -> [Plan] {
        try read { db in
            let ids = if let status {
                try Int64.fetchAll(db, sql: "SELECT id FROM plan WHERE status = ? ORDER BY id", arguments: [status.rawValue])
            } else {
                try Int64.fetchAll(db, sql: "SELECT id FROM plan ORDER BY id")
            }
            return try ids.compactMap { try Store.load($0, db) }
        }
    }

    public func planCount() throws -> Int {
        try read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM plan") ?? 0 }
    }

    /// One row per plan, in id order; with `limit`, one page of them (the sub-queries then run
    /// for that page only).
    public func summaries(includeClosed: Bool = false, limit: Int? = nil, offset: Int = 0, owner: String? = nil) throws -> [PlanSummary] {
        let (filter, arguments) = Store.summaryFilter(includeClosed: includeClosed, owner: owner)
        return try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT p.id, p.goal, p.status,
                  (SELECT COUNT(*) FROM milestone m WHERE m.planId = p.id AND m.status = 'done') AS done,
                  (SELECT COUNT(*) FROM milestone m WHERE m.planId = p.id AND m.status != 'dropped') AS total,
                  (SELECT m.title FROM milestone m WHERE m.planId = p.id AND m.status = 'open' ORDER BY m.position LIMIT 1) AS next,
                  (SELECT MAX(w.date) FROM win w WHERE w.planId = p.id) AS lastWin
                FROM plan p \(filter) ORDER BY p.id
                \(limit.map { "LIMIT \($0) OFFSET \(offset)" } ?? "")
                """, arguments: arguments)
            return try rows.map { row in
                try PlanSummary(id: row.decode(forColumn: "id"), goal: row.decode(forColumn: "goal"), status: PlanStatus(rawValue: row.decode(forColumn: "status")) ?? .active,
                            done: row.decode(forColumn: "done"), total: row.decode(forColumn: "total"), next: row.decode(forColumn: "next"), lastWin: row.decode(forColumn: "lastWin"))
            }
        }
    }

    /// How many plans `summaries(includeClosed:)` would list.
    public func summaryCount(includeClosed: Bool = false, owner: String? = nil) throws -> Int {
        let (filter, arguments) = Store.summaryFilter(includeClosed: includeClosed, owner: owner)
        return try read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM plan p \(filter)", arguments: arguments) ?? 0 }
    }

    private static func summaryFilter(includeClosed: Bool, owner: String?) -> (String, StatementArguments) {
        let conditions: [String] = (includeClosed ? [] : ["p.status = 'active'"])
            + (owner == nil ? [] : ["EXISTS (SELECT 1 FROM milestone m WHERE m.planId = p.id AND lower(m.owner) = lower(?))"])
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), StatementArguments(owner.map { [$0] } ?? []))
    }

    public struct PlanReference: Equatable, Sendable {
        public var id: Int64
        public var goal: String
        public init(id: Int64, goal: String) {
            self.id = id
            self.goal = goal
        }
    }

    /// Plans whose id is `reference` (any status), or active plans whose goal starts with it, else
    /// contains it (case-insensitive, Unicode-aware).
    public func plans(matching reference: String) throws -> [PlanReference] {
        try read { db in
            if let id = Int64(reference) {
                return try Row.fetchAll(db, sql: "SELECT id, goal FROM plan WHERE id = ?", arguments: [id]).map { try PlanReference(id: $0.decode(forColumn: "id"), goal: $0.decode(forColumn: "goal")) }
            }
            let active = try Row.fetchAll(db, sql: "SELECT id, goal FROM plan WHERE status = 'active' ORDER BY id").map { try PlanReference(id: $0.decode(forColumn: "id"), goal: $0.decode(forColumn: "goal")) }
            let lowered = reference.lowercased()
            let prefix = active.filter { $0.goal.lowercased().hasPrefix(lowered) }
            return prefix.isEmpty ? active.filter { $0.goal.lowercased().contains(lowered) } : prefix
        }
    }

    /// Every win and every skip with a reason, by date: what streaks are made of.
    public func activityDates() throws -> (wins: [Date], skips: [Date]) {
        try read { db in
            (try Store.julianDates(db, "SELECT julianday(date) FROM win"),
             try Store.julianDates(db, "SELECT julianday(date) FROM skip WHERE reason != ''"))
        }
    }

    /// Wins on or after `start` and every skip with a reason: what the current streak needs,
    /// read through the date index, so it costs the recent days rather than the whole history.
    public func activityDates(since start: Date) throws -> (wins: [Date], skips: [Date]) {
        try read { db in
            (try Store.julianDates(db, "SELECT julianday(date) FROM win WHERE date >= ?", [start]),
             try Store.julianDates(db, "SELECT julianday(date) FROM skip WHERE reason != ''"))
        }
    }

    /// The date of the first win or skip with a reason, if any.
    public func earliestActivity() throws -> Date? {
        try read { db in
            [try Date.fetchOne(db, sql: "SELECT MIN(date) FROM win"), try Date.fetchOne(db, sql: "SELECT MIN(date) FROM skip WHERE reason != ''")]
                .compactMap { $0 }.min()
        }
    }

    /// As Julian days, which SQLite computes from the stored text far faster than dates are
    /// decoded one by one.
    private static func julianDates(_ db: Database, _ sql: String, _ arguments: StatementArguments = []) throws -> [Date] {
        try Double.fetchAll(db, sql: sql, arguments: arguments).map { Date(timeIntervalSince1970: ($0 - 2_440_587.5) * 86_400) }
    }

    public struct LoggedWin: Equatable, Sendable {
        public var planID: Int64
        public var metricName: String
        public var win: Win
        public init(planID: Int64, metricName: String, win: Win) {
            self.planID = planID
            self.metricName = metricName
            self.win = win
        }
    }

    /// Wins in date order, of one plan or all, from `since` (inclusive) to `until` (exclusive).
    /// With `latest`, only the last that many: the query reads them backwards through the date
    /// index, so showing the latest 20 of a million costs 20 rows.
    public func wins(planID: Int64?, since: Date? = nil, until: Date? = nil, latest: Int? = nil, by: String? = nil) throws -> [LoggedWin] {
        // A personal store records no one's name on a win.
        var conditions: [String] = by == nil ? [] : ["0"]
        var arguments: [any DatabaseValueConvertible] = []
        if let planID { conditions.append("w.planId = ?"); arguments.append(planID) }
        if let since { conditions.append("w.date >= ?"); arguments.append(since) }
        if let until { conditions.append("w.date < ?"); arguments.append(until) }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let order = latest == nil ? "ORDER BY w.date, w.id" : "ORDER BY w.date DESC, w.id DESC LIMIT \(latest!)"
        return try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT w.*, COALESCE(w.readingMetric, p.metricName) AS metricName FROM win w JOIN plan p ON p.id = w.planId \(filter) \(order)",
                                        arguments: StatementArguments(arguments)).map { row in
                try LoggedWin(planID: row.decode(forColumn: "planId"), metricName: row.decode(forColumn: "metricName"),
                          win: Win(milestone: row.decode(forColumn: "milestone"), date: row.decode(forColumn: "date"), note: row.decode(forColumn: "note"),
                                   evidence: row.decode(forColumn: "evidence"), metricReading: row.decode(forColumn: "metricReading"),
                                   readingMetric: row.decode(forColumn: "readingMetric")))
            }
            return latest == nil ? rows : rows.reversed()
        }
    }

    /// Applies `change` to a stored plan in one transaction, with an undo record.
    @discardableResult
    public func update(_ id: Int64, describing description: String, at date: Date, _ change: (inout Plan) throws -> Void) throws -> Plan {
        try write { db in
            guard let before = try Store.load(id, db) else {
                throw StoreError(path: path ?? ":memory:", message: "no plan \(id); type plans to see them")
            }
            var plan = before
            try change(&plan)
            _ = try Store.put(plan, db, now: date)
            try Store.recordUndo(description, planID: id, before: before, db, date: date)
            return plan
        }
    }

    // MARK: Undo

    /// Reverts the last change; returns what it was, or nil when there is nothing to undo.
    public func undo() throws -> String? {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, description, planId, before FROM undo ORDER BY id DESC LIMIT 1") else { return nil }
            let planID: Int64 = try row.decode(forColumn: "planId")
            if let before: String = try row.decode(forColumn: "before") {
                var plan = try PlanJSON.decode(Data(before.utf8))[0]
                plan.id = planID
                _ = try Store.put(plan, db, now: nil)
            } else {
                try db.execute(sql: "DELETE FROM plan WHERE id = ?", arguments: [planID])
            }
            try db.execute(sql: "DELETE FROM undo WHERE id = ?", arguments: [try row.decode(forColumn: "id") as Int64])
            return try row.decode(forColumn: "description")
        }
    }

    public func nextUndo() throws -> (description: String, planID: Int64, removesPlan: Bool)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT description, planId, before IS NULL AS removesPlan FROM undo ORDER BY id DESC LIMIT 1").map {
                (try $0.decode(forColumn: "description"), try $0.decode(forColumn: "planId"), try $0.decode(forColumn: "removesPlan"))
            }
        }
    }

    static let undoDepth = 50

    static func recordUndo(_ description: String, planID: Int64, before: Plan?, _ db: Database, date: Date) throws {
        let json = before.map { String(decoding: PlanJSON.encode([$0], asArray: false), as: UTF8.self) }
        // Cached statements: an import of 10,000 plans runs these 10,000 times, and preparing each
        // anew was a sizeable part of it.
        try db.cachedStatement(sql: "INSERT INTO undo (description, planId, before, createdAt) VALUES (?, ?, ?, ?)")
            .execute(arguments: [description, planID, json, StoredDate.value(date)])
        try db.cachedStatement(sql: "DELETE FROM undo WHERE id <= (SELECT MAX(id) FROM undo) - ?").execute(arguments: [undoDepth])
    }

    // MARK: Rows

    /// Writes a plan and all its parts; replaces the parts of an existing plan.
    static func put(_ plan: Plan, _ db: Database, now: Date?) throws -> Int64 {
        let values: [(any DatabaseValueConvertible)?] = [
            plan.goal, plan.outcome, plan.metric.name, plan.metric.baseline, plan.metric.target,
            plan.stalled?.lastProgress, plan.stalled?.blocker, plan.status.rawValue, StoredDate.value(plan.createdAt), StoredDate.value(now),
        ]
        let id: Int64
        if let existing = plan.id, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM plan WHERE id = ?", arguments: [existing]) == 1 {
            try db.execute(sql: """
                UPDATE plan SET goal = ?, outcome = ?, metricName = ?, metricBaseline = ?, metricTarget = ?,
                  stalledProgress = ?, stalledBlocker = ?, status = ?, createdAt = ?, updatedAt = ? WHERE id = ?
                """, arguments: StatementArguments(values + [existing]))
            for table in ["milestone", "override", "win", "skip"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE planId = ?", arguments: [existing])
            }
            id = existing
        } else {
            try db.cachedStatement(sql: """
                INSERT INTO plan (goal, outcome, metricName, metricBaseline, metricTarget, stalledProgress, stalledBlocker,
                  status, createdAt, updatedAt, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: StatementArguments(values + [plan.id]))
            id = db.lastInsertedRowID
        }
        for (position, m) in plan.milestones.enumerated() {
            try db.cachedStatement(sql: """
                INSERT INTO milestone (planId, position, title, criterion, artifact, timeboxDays, timeboxGiven, owner, moves, status,
                  createdAt, closedAt, taskUuid, taskDue, taskAttributes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [id, position, m.title, m.criterion, m.artifact, m.timeboxDays, m.givenTimeboxDays != nil, m.owner, m.moves,
                                         m.status.rawValue, StoredDate.value(m.createdAt), StoredDate.value(m.closedAt), m.importedTask?.uuid, StoredDate.value(m.importedTask?.due), m.importedTask?.attributes])
        }
        for o in plan.overrides {
            try db.cachedStatement(sql: "INSERT INTO override (planId, ruleId, path, text, reason) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [id, o.ruleID, o.path, o.text, o.reason])
        }
        for w in plan.wins {
            try db.cachedStatement(sql: "INSERT INTO win (planId, milestone, date, note, evidence, metricReading, readingMetric) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [id, w.milestone, StoredDate.value(w.date), w.note, w.evidence, w.metricReading, w.readingMetric])
        }
        for s in plan.skips {
            try db.cachedStatement(sql: "INSERT INTO skip (planId, milestone, date, kind, reason) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [id, s.milestone, StoredDate.value(s.date), s.kind.rawValue, s.reason])
        }
        return id
    }

    static func load(_ id: Int64, _ db: Database) throws -> Plan? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM plan WHERE id = ?", arguments: [id]) else { return nil }
        var plan = try Plan(id: id, goal: row.decode(forColumn: "goal"), outcome: row.decode(forColumn: "outcome"),
                        metric: Metric(name: row.decode(forColumn: "metricName"), baseline: row.decode(forColumn: "metricBaseline"), target: row.decode(forColumn: "metricTarget")),
                        status: PlanStatus(rawValue: row.decode(forColumn: "status")) ?? .active, createdAt: row.decode(forColumn: "createdAt"))
        if let progress: String = try row.decode(forColumn: "stalledProgress") {
            plan.stalled = StalledContext(lastProgress: progress, blocker: try row.decode(forColumn: "stalledBlocker") ?? "")
        }
        plan.milestones = try Row.fetchAll(db, sql: "SELECT * FROM milestone WHERE planId = ? ORDER BY position", arguments: [id]).map { m in
            let given: Bool = try m.decode(forColumn: "timeboxGiven")
            return try Milestone(title: m.decode(forColumn: "title"), criterion: m.decode(forColumn: "criterion"), artifact: m.decode(forColumn: "artifact"),
                                 timeboxDays: given ? m.decode(forColumn: "timeboxDays") : nil,
                                 owner: m.decode(forColumn: "owner"), moves: m.decode(forColumn: "moves"), status: MilestoneStatus(rawValue: m.decode(forColumn: "status")) ?? .open,
                                 createdAt: m.decode(forColumn: "createdAt"), closedAt: m.decode(forColumn: "closedAt"),
                                 importedTask: ImportedTask(uuid: m.decode(forColumn: "taskUuid"), due: m.decode(forColumn: "taskDue"),
                                                            attributes: m.decode(forColumn: "taskAttributes")))
        }
        plan.overrides = try Row.fetchAll(db, sql: "SELECT * FROM override WHERE planId = ? ORDER BY id", arguments: [id]).map { o in
            try Override(ruleID: o.decode(forColumn: "ruleId"), path: o.decode(forColumn: "path"), text: o.decode(forColumn: "text"), reason: o.decode(forColumn: "reason"))
        }
        plan.wins = try Row.fetchAll(db, sql: "SELECT * FROM win WHERE planId = ? ORDER BY id", arguments: [id]).map { w in
            try Win(milestone: w.decode(forColumn: "milestone"), date: w.decode(forColumn: "date"), note: w.decode(forColumn: "note"), evidence: w.decode(forColumn: "evidence"), metricReading: w.decode(forColumn: "metricReading"),
                    readingMetric: w.decode(forColumn: "readingMetric"))
        }
        plan.skips = try Row.fetchAll(db, sql: "SELECT * FROM skip WHERE planId = ? ORDER BY date, id", arguments: [id]).map { s in
            try Skip(milestone: s.decode(forColumn: "milestone"), date: s.decode(forColumn: "date"), kind: SkipKind(rawValue: s.decode(forColumn: "kind")) ?? .blocked, reason: s.decode(forColumn: "reason"))
        }
        return plan
    }
}
