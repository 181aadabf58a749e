import Foundation
import MomentumCore
import MomentumStore
import PostgresNIO

extension PostgresStore {
    // MARK: Drafts

    /// Two keys name a draft's advisory lock: this constant ('MOMD') and the draft's id.
    static let draftLockClass: Int32 = 0x4D4F_4D44

    /// The flow in progress of this person: the one this shell holds, else one of theirs no live
    /// shell holds (its connection ended), which this shell then holds. As with SQLite's lock
    /// file, two shells of the same person run two flows; other people's drafts are never offered.
    public func draft() throws -> Form? {
        if let id = heldDraft.withLock({ $0 }) { return try draftForm(id) }
        let ids = try read { transaction in
            try transaction.rows("SELECT id FROM draft WHERE person = \(person) ORDER BY updated_at DESC, id DESC").map { try $0.decode(Int64.self) }
        }
        for id in ids where try hold(id) {
            if let form = try draftForm(id) { return form }
            try release()
        }
        return nil
    }

    public func draftCount() throws -> Int {
        try read { try $0.value("SELECT COUNT(*)::bigint FROM draft WHERE person = \(person)", as: Int64.self) }.map(Int.init) ?? 0
    }

    private func draftForm(_ id: Int64) throws -> Form? {
        let json = try read { try $0.value("SELECT form FROM draft WHERE id = \(id)", as: String.self) }
        return json.flatMap { try? JSONDecoder().decode(Form.self, from: Data($0.utf8)) }
    }

    public func saveDraft(_ form: Form, at date: Date) throws {
        let json = String(decoding: try JSONEncoder().encode(form), as: UTF8.self)
        try write { transaction in
            if let id = heldDraft.withLock({ $0 }) {
                try transaction.execute("""
                    INSERT INTO draft (id, person, form, updated_at) VALUES (\(id), \(person), \(json), \(date))
                    ON CONFLICT (id) DO UPDATE SET form = excluded.form, updated_at = excluded.updated_at
                    """)
            } else {
                // Locked before the row is committed, so no other shell can take it for an orphan.
                let id = try transaction.value("INSERT INTO draft (person, form, updated_at) VALUES (\(person), \(json), \(date)) RETURNING id", as: Int64.self)!
                try transaction.execute("SELECT pg_advisory_lock(\(Self.draftLockClass), \(Int32(truncatingIfNeeded: id)))")
                heldDraft.withLock { $0 = id }
            }
        }
    }

    /// Drops this shell's draft; others' stay.
    public func clearDraft() throws {
        guard let id = heldDraft.withLock({ $0 }) else { return }
        try write { try $0.execute("DELETE FROM draft WHERE id = \(id)") }
        try release()
    }

    private func hold(_ id: Int64) throws -> Bool {
        let taken = try write { try $0.value("SELECT pg_try_advisory_lock(\(Self.draftLockClass), \(Int32(truncatingIfNeeded: id)))", as: Bool.self) } ?? false
        if taken { heldDraft.withLock { $0 = id } }
        return taken
    }

    private func release() throws {
        guard let id = heldDraft.withLock({ $0 }) else { return }
        _ = try write { try $0.value("SELECT pg_advisory_unlock(\(Self.draftLockClass), \(Int32(truncatingIfNeeded: id)))", as: Bool.self) }
        heldDraft.withLock { $0 = nil }
    }

    // MARK: Sessions

    /// Sessions are each person's own, as their drafts are: `sessions` lists yours.
    public func startSession(at date: Date, timeZone: String, rules: String, storePlans: Int) throws -> Int64 {
        try write { transaction in
            try transaction.value("""
                INSERT INTO session (person, started_at, time_zone, rules, store_plans) VALUES (\(person), \(date), \(timeZone), \(rules), \(storePlans))
                RETURNING id
                """, as: Int64.self)!
        }
    }

    public func recordSnapshot(_ json: String, storePlans: Int, session: Int64) throws {
        let hash = Store.fingerprint(json)
        try write { transaction in
            if let stored = try transaction.value("SELECT json FROM snapshot WHERE hash = \(hash)", as: String.self), stored != json {
                throw StoreError(path: location.description, message: "two different snapshots share the hash \(hash)")
            }
            try transaction.execute("INSERT INTO snapshot (hash, json) VALUES (\(hash), \(json)) ON CONFLICT (hash) DO NOTHING")
            try transaction.execute("UPDATE session SET snapshot_hash = \(hash), store_plans = \(storePlans) WHERE id = \(session)")
        }
    }

    /// Deletes all but this person's latest `keep` sessions, and snapshots no session uses.
    public func pruneSessions(keeping keep: Int) throws {
        try write { transaction in
            try transaction.execute("""
                DELETE FROM session WHERE person = \(person) AND id <= (SELECT id FROM session WHERE person = \(person) ORDER BY id DESC OFFSET \(keep) LIMIT 1)
                """)
            try transaction.execute("DELETE FROM snapshot WHERE hash NOT IN (SELECT snapshot_hash FROM session WHERE snapshot_hash IS NOT NULL)")
        }
    }

    public func record(_ lines: [Store.SessionLine], session: Int64) throws {
        guard !lines.isEmpty else { return }
        try write { transaction in
            var seq = try transaction.value("SELECT COALESCE(MAX(seq), 0) FROM session_line WHERE session_id = \(session)", as: Int64.self) ?? 0
            for line in lines {
                seq += 1
                try transaction.execute("""
                    INSERT INTO session_line (session_id, seq, kind, prompt, text, typed_at)
                    VALUES (\(session), \(seq), \(line.kind.rawValue), \(line.prompt), \(line.text), \(line.at))
                    """)
            }
        }
    }

    public func sessions() throws -> [Store.SessionInfo] {
        try read { transaction in
            try transaction.rows(sessionQuery(snapshot: false, where: "s.person = $1 ORDER BY s.id", person)).map(sessionInfo)
        }
    }

    public func session(_ id: Int64) throws -> Store.SessionInfo? {
        try read { transaction in
            try transaction.rows(sessionQuery(snapshot: true, where: "s.id = $1", id)).first.map(sessionInfo)
        }
    }

    private func sessionQuery<Value: PostgresDynamicTypeEncodable>(snapshot: Bool, where condition: String, _ value: Value) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(value)
        return PostgresQuery(unsafeSQL: """
            SELECT s.id, s.started_at, s.time_zone, s.rules, s.store_plans,
              \(snapshot ? "(SELECT json FROM snapshot WHERE hash = s.snapshot_hash)" : "NULL::text"),
              (SELECT COUNT(*) FROM session_line l WHERE l.session_id = s.id),
              (SELECT l.text FROM session_line l WHERE l.session_id = s.id AND l.kind = 'input' ORDER BY l.seq LIMIT 1)
            FROM session s WHERE \(condition)
            """, binds: binds)
    }

    private func sessionInfo(_ row: PostgresRow) throws -> Store.SessionInfo {
        let (id, startedAt, timeZone, rules, storePlans, snapshot, lineCount, firstInput)
            = try row.decode((Int64, Date, String, String, Int64, String?, Int64, String?).self)
        return Store.SessionInfo(id: id, startedAt: startedAt, timeZone: timeZone, rules: rules, storeSnapshot: snapshot,
                                 storePlans: Int(storePlans), lineCount: Int(lineCount), firstInput: firstInput)
    }

    public func sessionLines(_ session: Int64) throws -> [Store.SessionLine] {
        try read { transaction in
            try transaction.rows("SELECT kind, prompt, text, typed_at FROM session_line WHERE session_id = \(session) ORDER BY seq").map { row in
                let (kind, prompt, text, at) = try row.decode((String, String?, String, Date?).self)
                return Store.SessionLine(kind: Store.SessionLine.Kind(rawValue: kind) ?? .output, prompt: prompt, text: text, at: at)
            }
        }
    }

    // MARK: Reviews and settings

    public func saveReview(_ body: String, at date: Date) throws {
        try write { try $0.execute("INSERT INTO review (person, date, body) VALUES (\(person), \(date), \(body))") }
    }

    /// Everyone's reviews: the team reads them together.
    public func reviews() throws -> [(date: Date, body: String)] {
        try read { transaction in
            try transaction.rows("SELECT date, body FROM review ORDER BY date, id").map { try $0.decode((Date, String).self) }
        }
    }

    /// Settings are the team's: one `skips-per-week` for everyone on the database.
    public func setting(_ key: String) throws -> String? {
        try read { try $0.value("SELECT value FROM setting WHERE key = \(key)", as: String.self) }
    }

    public func allSettings() throws -> [(key: String, value: String)] {
        try read { transaction in try transaction.rows("SELECT key, value FROM setting ORDER BY key").map { try $0.decode((String, String).self) } }
    }

    /// As SQLite's; the plans keep their ids, and new ones are numbered after them.
    public func copyIn(plans: [Plan], reviews: [(date: Date, body: String)], settings: [(key: String, value: String)]) throws {
        try write { transaction in
            try transaction.execute("LOCK TABLE plan IN EXCLUSIVE MODE")
            let held = Int(try transaction.value("SELECT COUNT(*) FROM plan", as: Int64.self) ?? 0)
            guard held == 0 else { throw StoreError(path: location.description, message: Store.notEmptyMessage(held)) }
            for plan in plans { _ = try put(plan, transaction, now: plan.createdAt, replacing: nil) }
            try transaction.execute("SELECT setval('plan_id_seq', GREATEST((SELECT MAX(id) FROM plan), 1), (SELECT COUNT(*) > 0 FROM plan))")
            for review in reviews { try transaction.execute("INSERT INTO review (person, date, body) VALUES (\(person), \(review.date), \(review.body))") }
            for setting in settings {
                try transaction.execute("INSERT INTO setting (key, value) VALUES (\(setting.key), \(setting.value)) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            }
        }
    }

    public func setSetting(_ key: String, to value: String) throws {
        try write { try $0.execute("INSERT INTO setting (key, value) VALUES (\(key), \(value)) ON CONFLICT (key) DO UPDATE SET value = excluded.value") }
    }
}
