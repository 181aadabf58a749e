import Foundation
import GRDB
import MomentumCore

/// The operations the shell and commands need from a store, named once so a second engine
/// (PostgreSQL, issue 13) can stand beside the SQLite `Store`. Synchronous on purpose: the shell and
/// commands call the store synchronously today, so an async engine bridges inside its adapter.
public protocol PlanStore: AnyObject, Sendable {
    // Plans and milestones
    @discardableResult
    func save(_ plan: Plan, describing description: String, at date: Date) throws -> Int64
    func saveEach(describing description: @escaping (Plan) -> String, at date: Date,
                  _ produce: (_ save: (Plan) throws -> Int64) throws -> Void) throws
    func plan(_ id: Int64) throws -> Plan?
    func allPlans(status: PlanStatus?) throws -> [Plan]
    func planCount() throws -> Int
    /// `owner`: only plans with a milestone that person owns (any case).
    func summaries(includeClosed: Bool, limit: Int?, offset: Int, owner: String?) throws -> [PlanSummary]
    func summaryCount(includeClosed: Bool, owner: String?) throws -> Int
    func plans(matching reference: String) throws -> [Store.PlanReference]
    @discardableResult
    func update(_ id: Int64, describing description: String, at date: Date,
                _ change: (inout Plan) throws -> Void) throws -> Plan
    /// Who last changed the plan and when, for explaining a conflicting edit (`by` is nil when the
    /// store does not know people, as a SQLite file does not).
    func lastChange(of id: Int64) throws -> PlanChange?
    // Wins and skips
    func activityDates() throws -> (wins: [Date], skips: [Date])
    func activityDates(since start: Date) throws -> (wins: [Date], skips: [Date])
    func earliestActivity() throws -> Date?
    /// `by`: only the wins that person logged (a store that does not know people has none).
    func wins(planID: Int64?, since: Date?, until: Date?, latest: Int?, by: String?) throws -> [Store.LoggedWin]
    // Undo
    func undo() throws -> String?
    /// The change `undo` would revert next, and whether reverting it removes the plan (the change
    /// made it), without reverting anything.
    func nextUndo() throws -> (description: String, planID: Int64, removesPlan: Bool)?
    // Drafts
    func draft() throws -> Form?
    /// How many drafts there are (on a team's store, this person's), held by this shell or another.
    func draftCount() throws -> Int
    func saveDraft(_ form: Form, at date: Date) throws
    func clearDraft() throws
    // Sessions
    func startSession(at date: Date, timeZone: String, rules: String, storePlans: Int) throws -> Int64
    func recordSnapshot(_ json: String, storePlans: Int, session: Int64) throws
    func pruneSessions(keeping keep: Int) throws
    func record(_ lines: [Store.SessionLine], session: Int64) throws
    func sessions() throws -> [Store.SessionInfo]
    func session(_ id: Int64) throws -> Store.SessionInfo?
    func sessionLines(_ session: Int64) throws -> [Store.SessionLine]
    // Reviews and settings
    func saveReview(_ body: String, at date: Date) throws
    func reviews() throws -> [(date: Date, body: String)]
    func setting(_ key: String) throws -> String?
    func setSetting(_ key: String, to value: String) throws
    func allSettings() throws -> [(key: String, value: String)]
    // Moving (migrate)
    /// Copies plans (keeping their ids), reviews and settings into this store in one transaction,
    /// all or nothing; refuses a store that already holds plans. No undo history is written.
    func copyIn(plans: [Plan], reviews: [(date: Date, body: String)], settings: [(key: String, value: String)]) throws
}

public struct PlanChange: Equatable, Sendable {
    public var by: String?
    public var at: Date?
    public init(by: String?, at: Date?) {
        self.by = by
        self.at = at
    }
}

extension Store: PlanStore {
    public func allSettings() throws -> [(key: String, value: String)] {
        try read { db in try Row.fetchAll(db, sql: "SELECT key, value FROM setting ORDER BY key").map { (try $0.decode(forColumn: "key"), try $0.decode(forColumn: "value")) } }
    }

    public func copyIn(plans: [Plan], reviews: [(date: Date, body: String)], settings: [(key: String, value: String)]) throws {
        try write { db in
            let held = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM plan") ?? 0
            guard held == 0 else { throw StoreError(path: path ?? ":memory:", message: Store.notEmptyMessage(held)) }
            for plan in plans { _ = try Store.put(plan, db, now: nil) }
            for review in reviews { try db.execute(sql: "INSERT INTO review (date, body) VALUES (?, ?)", arguments: [review.date, review.body]) }
            for setting in settings { try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", arguments: [setting.key, setting.value]) }
        }
    }

    /// Why `copyIn` refused: the same words from every engine.
    public static func notEmptyMessage(_ plans: Int) -> String {
        "this store already holds \(Plural.count(plans, "plan")); migrate copies into an empty store only, so nothing is mixed. Nothing was copied."
    }

    public func lastChange(of id: Int64) throws -> PlanChange? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT updatedAt FROM plan WHERE id = ?", arguments: [id]).map { PlanChange(by: nil, at: try $0.decode(forColumn: "updatedAt")) }
        }
    }
}

extension PlanStore {
    /// Saves many plans in one transaction: all of them or none.
    public func saveAll(_ plans: [Plan], describing description: @escaping (Plan) -> String, at date: Date) throws -> [Int64] {
        var ids: [Int64] = []
        try saveEach(describing: description, at: date) { save in ids = try plans.map(save) }
        return ids
    }

    // The defaults `Store`'s own methods have, for callers holding `any PlanStore`.

    public func allPlans() throws -> [Plan] { try allPlans(status: nil) }

    public func summaries(includeClosed: Bool = false) throws -> [PlanSummary] {
        try summaries(includeClosed: includeClosed, limit: nil, offset: 0, owner: nil)
    }

    public func wins(planID: Int64?, since: Date? = nil, until: Date? = nil) throws -> [Store.LoggedWin] {
        try wins(planID: planID, since: since, until: until, latest: nil, by: nil)
    }
}

/// A store named by a server's URL rather than a file path (docs/store.md).
public enum ServerURL {
    /// Whether `text` names a PostgreSQL server rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// `postgres://ada:secret@host/db` as `postgres://ada@host/db`, for messages.
    public static func withoutPassword(_ url: String) -> String {
        guard let scheme = url.range(of: "://"),
              let at = url[scheme.upperBound...].firstIndex(of: "@"),
              let colon = url[scheme.upperBound..<at].firstIndex(of: ":") else { return url }
        return String(url[..<colon] + url[at...])
    }
}
