import Foundation
import GRDB
import MomentumCore

extension Store {
    // MARK: Drafts

    /// The flow in progress, kept after every line so a crash or a closed terminal loses nothing.
    /// Each shell has its own: this one's, or else one no live process holds (left by a shell that
    /// ended or was killed), which this shell then holds. A draft another shell is working on is
    /// never offered, so two shells run two flows and nothing is saved twice.
    public func draft() throws -> Form? {
        if let id = drafts.held { return try draftForm(id) }
        let ids = try read { try Int64.fetchAll($0, sql: "SELECT id FROM draft ORDER BY updatedAt DESC, id DESC") }
        for id in ids where drafts.hold(id) {
            if let form = try draftForm(id) { return form }
            drafts.release()
        }
        return nil
    }

    public func draftCount() throws -> Int {
        try read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM draft") ?? 0 }
    }

    private func draftForm(_ id: Int64) throws -> Form? {
        try read { db in
            guard let json = try String.fetchOne(db, sql: "SELECT form FROM draft WHERE id = ?", arguments: [id]) else { return nil }
            return try? JSONDecoder().decode(Form.self, from: Data(json.utf8))
        }
    }

    public func saveDraft(_ form: Form, at date: Date) throws {
        let json = String(decoding: try JSONEncoder().encode(form), as: UTF8.self)
        try write { db in
            if drafts.held == nil {
                // A new draft takes the next free id, held before the row exists, so no other shell
                // can take it for an orphan in between.
                var id = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM draft") ?? 1
                while !drafts.hold(id) { id += 1 }
            }
            try db.execute(sql: "INSERT OR REPLACE INTO draft (id, form, updatedAt) VALUES (?, ?, ?)", arguments: [drafts.held, json, date])
        }
    }

    /// Drops this shell's draft; others' stay.
    public func clearDraft() throws {
        guard let id = drafts.held else { return }
        try write { try $0.execute(sql: "DELETE FROM draft WHERE id = ?", arguments: [id]) }
        drafts.release()
    }

    // MARK: Sessions

    public struct SessionInfo: Equatable, Sendable {
        public var id: Int64
        public var startedAt: Date
        public var timeZone: String
        public var rules: String
        /// Plan JSON of the store at the session's first command; nil when it was empty or too
        /// large to copy, and always nil in `sessions()`.
        public var storeSnapshot: String?
        /// How many plans the store held at the start.
        public var storePlans: Int
        public var lineCount: Int
        public var firstInput: String?
        public init(id: Int64, startedAt: Date, timeZone: String, rules: String, storeSnapshot: String?, storePlans: Int, lineCount: Int, firstInput: String?) {
            (self.id, self.startedAt, self.timeZone, self.rules) = (id, startedAt, timeZone, rules)
            (self.storeSnapshot, self.storePlans, self.lineCount, self.firstInput) = (storeSnapshot, storePlans, lineCount, firstInput)
        }
    }

    public struct SessionLine: Equatable, Sendable {
        /// `draft`: the unfinished flow the session started with (its Form JSON), so a replay of a
        /// session that began with `resume` starts from it; never shown as a line.
        public enum Kind: String, Sendable { case input, output, draft }
        public var kind: Kind
        public var prompt: String?
        public var text: String
        /// When an input line was typed (nil for output, and for lines recorded before v4).
        public var at: Date?
        public init(kind: Kind, prompt: String?, text: String, at: Date? = nil) {
            self.kind = kind
            self.prompt = prompt
            self.text = text
            self.at = at
        }
    }

    public func startSession(at date: Date, timeZone: String, rules: String, storePlans: Int) throws -> Int64 {
        try write { db in
            try db.execute(sql: "INSERT INTO session (startedAt, timeZone, rules, storePlans) VALUES (?, ?, ?, ?)",
                           arguments: [date, timeZone, rules, storePlans])
            return db.lastInsertedRowID
        }
    }

    /// Keeps the plans a session started from. The same plans are stored once, under a hash of
    /// their JSON, however many sessions start from them.
    public func recordSnapshot(_ json: String, storePlans: Int, session: Int64) throws {
        let hash = Store.fingerprint(json)
        try write { db in
            if let stored = try String.fetchOne(db, sql: "SELECT json FROM snapshot WHERE hash = ?", arguments: [hash]), stored != json {
                throw StoreError(path: path ?? ":memory:", message: "two different snapshots share the hash \(hash)")
            }
            try db.execute(sql: "INSERT OR IGNORE INTO snapshot (hash, json) VALUES (?, ?)", arguments: [hash, json])
            try db.execute(sql: "UPDATE session SET snapshotHash = ?, storePlans = ? WHERE id = ?", arguments: [hash, storePlans, session])
        }
    }

    /// FNV-1a over the UTF-8 bytes, with the length: a key, not a security measure (a clash is
    /// refused above, never silently shared).
    public static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var count = 0
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            count += 1
        }
        return String(hash, radix: 16) + "-" + String(count, radix: 16)
    }

    /// Deletes all but the latest `keep` sessions, their lines, and snapshots no session uses.
    public func pruneSessions(keeping keep: Int) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM session WHERE id <= (SELECT MAX(id) FROM session) - ?", arguments: [keep])
            try db.execute(sql: "DELETE FROM snapshot WHERE hash NOT IN (SELECT snapshotHash FROM session WHERE snapshotHash IS NOT NULL)")
        }
    }

    /// Appends lines to a session's record, each call one transaction.
    public func record(_ lines: [SessionLine], session: Int64) throws {
        guard !lines.isEmpty else { return }
        try write { db in
            var seq = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM sessionLine WHERE sessionId = ?", arguments: [session]) ?? 0
            for line in lines {
                seq += 1
                try db.cachedStatement(sql: "INSERT INTO sessionLine (sessionId, seq, kind, prompt, text, at) VALUES (?, ?, ?, ?, ?, ?)")
                    .execute(arguments: [session, seq, line.kind.rawValue, line.prompt, line.text, line.at])
            }
        }
    }

    /// Every session, without their snapshots (`session(_:)` has it).
    public func sessions() throws -> [SessionInfo] {
        try read { db in try Row.fetchAll(db, sql: Store.sessionQuery(snapshot: false) + " ORDER BY s.id").map(Store.sessionInfo) }
    }

    public func session(_ id: Int64) throws -> SessionInfo? {
        try read { db in try Row.fetchOne(db, sql: Store.sessionQuery(snapshot: true) + " WHERE s.id = ?", arguments: [id]).map(Store.sessionInfo) }
    }

    private static func sessionQuery(snapshot: Bool) -> String {
        """
        SELECT s.id, s.startedAt, s.timeZone, s.rules, s.storePlans,
          \(snapshot ? "COALESCE(s.storeSnapshot, (SELECT json FROM snapshot WHERE hash = s.snapshotHash))" : "NULL") AS snapshot,
          (SELECT COUNT(*) FROM sessionLine l WHERE l.sessionId = s.id) AS lineCount,
          (SELECT l.text FROM sessionLine l WHERE l.sessionId = s.id AND l.kind = 'input' ORDER BY l.seq LIMIT 1) AS firstInput
        FROM session s
        """
    }

    private static func sessionInfo(_ row: Row) throws -> SessionInfo {
        try SessionInfo(id: row.decode(forColumn: "id"), startedAt: row.decode(forColumn: "startedAt"), timeZone: row.decode(forColumn: "timeZone"), rules: row.decode(forColumn: "rules"),
                    storeSnapshot: row.decode(forColumn: "snapshot"), storePlans: row.decode(forColumn: "storePlans"), lineCount: row.decode(forColumn: "lineCount"), firstInput: row.decode(forColumn: "firstInput"))
    }

    public func sessionLines(_ session: Int64) throws -> [SessionLine] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT kind, prompt, text, at FROM sessionLine WHERE sessionId = ? ORDER BY seq", arguments: [session]).map { row in
                try SessionLine(kind: SessionLine.Kind(rawValue: row.decode(forColumn: "kind")) ?? .output, prompt: row.decode(forColumn: "prompt"), text: row.decode(forColumn: "text"), at: row.decode(forColumn: "at"))
            }
        }
    }

    // MARK: Reviews

    public func saveReview(_ body: String, at date: Date) throws {
        try write { try $0.execute(sql: "INSERT INTO review (date, body) VALUES (?, ?)", arguments: [date, body]) }
    }

    public func reviews() throws -> [(date: Date, body: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT date, body FROM review ORDER BY date, id").map { try ($0.decode(forColumn: "date"), $0.decode(forColumn: "body")) }
        }
    }
}

extension Store {
    // MARK: Settings

    public func setting(_ key: String) throws -> String? {
        try read { try String.fetchOne($0, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
    }

    public func setSetting(_ key: String, to value: String) throws {
        try write { try $0.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", arguments: [key, value]) }
    }
}

/// Which draft this process works on, held by a lock the operating system frees when the process
/// ends, however it ends (kill -9 included): an fcntl write lock on byte `id` of one file beside the
/// store, `<store>-drafts.lock`. A store in memory belongs to one process and locks nothing.
final class DraftOwnership: @unchecked Sendable {
    private let lockPath: String?
    private let lock = NSLock()
    private var descriptor: Int32 = -1
    private var id: Int64?

    init(storePath: String?) {
        lockPath = storePath.map { $0 + "-drafts.lock" }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    var held: Int64? { lock.withLock { id } }

    /// Takes draft `id` unless another live process holds it; gives up any draft held before.
    func hold(_ wanted: Int64) -> Bool {
        lock.withLock {
            if id == wanted { return true }
            guard let lockPath else {
                id = wanted
                return true
            }
            if descriptor < 0 { descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600) }
            // Without the lock file (a read-only folder) drafts still work, as they did before locks.
            guard descriptor >= 0 else {
                id = wanted
                return true
            }
            guard setLock(F_WRLCK, at: wanted) else { return false }
            if let previous = id { _ = setLock(F_UNLCK, at: previous) }
            id = wanted
            return true
        }
    }

    func release() {
        lock.withLock {
            if let previous = id, descriptor >= 0 { _ = setLock(F_UNLCK, at: previous) }
            id = nil
        }
    }

    private func setLock(_ type: Int32, at byte: Int64) -> Bool {
        var range = flock()
        range.l_type = Int16(type)
        range.l_whence = Int16(SEEK_SET)
        range.l_start = off_t(byte)
        range.l_len = 1
        return fcntl(descriptor, F_SETLK, &range) == 0
    }
}
