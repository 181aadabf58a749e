import MomentumStore
import PostgresNIO

/// The team store's schema as numbered migrations, recorded in `momentum_schema`. As for SQLite,
/// a migration once shipped is never edited: a change is a new one, so every older database
/// upgrades in place. All of them run in one transaction under an advisory lock, so two shells
/// opening a new database at once neither fail nor migrate twice.
enum PostgresSchema {
    /// Any constant other programs are unlikely to lock: 'MOMENTUM' in ASCII, to the first 8 bytes.
    static let migrationLock: Int64 = 0x4D4F_4D45_4E54_554D
    static let tables = ["plan", "milestone", "override", "win", "skip", "draft", "undo", "session", "session_line", "snapshot", "review", "setting"]

    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE plan (id bigserial PRIMARY KEY, goal text NOT NULL, outcome text NOT NULL DEFAULT '',
              metric_name text NOT NULL DEFAULT '', metric_baseline text, metric_target text, stalled_progress text,
              stalled_blocker text, status text NOT NULL DEFAULT 'active', created_at timestamptz, updated_at timestamptz,
              version bigint NOT NULL DEFAULT 1, updated_by text NOT NULL DEFAULT '')
            """,
            """
            CREATE TABLE milestone (id bigserial PRIMARY KEY, plan_id bigint NOT NULL REFERENCES plan ON DELETE CASCADE,
              position bigint NOT NULL, title text NOT NULL, criterion text NOT NULL DEFAULT '', artifact text NOT NULL DEFAULT '',
              timebox_days double precision NOT NULL DEFAULT 1, owner text NOT NULL DEFAULT 'me', moves text NOT NULL DEFAULT '',
              status text NOT NULL DEFAULT 'open', created_at timestamptz, closed_at timestamptz, UNIQUE (plan_id, position))
            """,
            """
            CREATE TABLE override (id bigserial PRIMARY KEY, plan_id bigint NOT NULL REFERENCES plan ON DELETE CASCADE,
              rule_id text NOT NULL, path text NOT NULL, text text NOT NULL, reason text NOT NULL)
            """,
            """
            CREATE TABLE win (id bigserial PRIMARY KEY, plan_id bigint NOT NULL REFERENCES plan ON DELETE CASCADE,
              milestone bigint NOT NULL, date timestamptz NOT NULL, note text NOT NULL, evidence text, metric_reading text,
              logged_by text)
            """,
            "CREATE INDEX win_date ON win (date)",
            "CREATE INDEX win_plan ON win (plan_id)",
            """
            CREATE TABLE skip (id bigserial PRIMARY KEY, plan_id bigint NOT NULL REFERENCES plan ON DELETE CASCADE,
              milestone bigint NOT NULL, date timestamptz NOT NULL, kind text NOT NULL, reason text NOT NULL)
            """,
            "CREATE INDEX skip_plan ON skip (plan_id)",
            "CREATE INDEX milestone_plan ON milestone (plan_id)",
            "CREATE INDEX override_plan ON override (plan_id)",
            // Each person's drafts and undo history are theirs alone.
            "CREATE TABLE draft (id bigserial PRIMARY KEY, person text NOT NULL, form text NOT NULL, updated_at timestamptz)",
            """
            CREATE TABLE undo (id bigserial PRIMARY KEY, person text NOT NULL, description text NOT NULL, plan_id bigint NOT NULL,
              before text, version_before bigint NOT NULL, version_after bigint NOT NULL, created_at timestamptz)
            """,
            "CREATE INDEX undo_person ON undo (person, id)",
            "CREATE TABLE snapshot (hash text PRIMARY KEY, json text NOT NULL)",
            """
            CREATE TABLE session (id bigserial PRIMARY KEY, person text NOT NULL, started_at timestamptz NOT NULL,
              time_zone text NOT NULL, rules text NOT NULL, store_plans bigint NOT NULL DEFAULT 0,
              snapshot_hash text REFERENCES snapshot ON DELETE SET NULL)
            """,
            """
            CREATE TABLE session_line (session_id bigint NOT NULL REFERENCES session ON DELETE CASCADE, seq bigint NOT NULL,
              kind text NOT NULL, prompt text, text text NOT NULL, typed_at timestamptz, PRIMARY KEY (session_id, seq))
            """,
            "CREATE TABLE review (id bigserial PRIMARY KEY, person text NOT NULL, date timestamptz NOT NULL, body text NOT NULL)",
            "CREATE TABLE setting (key text PRIMARY KEY, value text NOT NULL)",
        ],
        [
            // As SQLite's v6-imported-tasks: what a task list said about an imported task, and
            // whether anyone gave the timebox (older rows: yes, as before).
            """
            ALTER TABLE milestone ADD COLUMN timebox_given boolean NOT NULL DEFAULT true, ADD COLUMN task_uuid text,
              ADD COLUMN task_due timestamptz, ADD COLUMN task_attributes text
            """,
        ],
        // As SQLite's v7-reading-metric: the metric a win's reading was of, once the plan's changed.
        ["ALTER TABLE win ADD COLUMN reading_metric text"],
    ]

    static func currentVersion(_ store: PostgresStore) throws -> Int {
        try store.read { try version($0).version }
    }

    /// Reads the schema's version without writing; migrates only when it is behind.
    static func prepare(_ store: PostgresStore) throws {
        let state = try store.read { try version($0) }
        try check(state, store)
        guard state.version < migrations.count else { return }
        try store.write { transaction in
            try transaction.execute("SELECT pg_advisory_xact_lock(\(migrationLock))")
            let current = try version(transaction)
            try check(current, store)
            if current.version == 0 {
                try transaction.execute("CREATE TABLE momentum_schema (version bigint PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
            }
            for (index, statements) in migrations.enumerated().dropFirst(current.version) {
                for statement in statements { try transaction.execute(PostgresQuery(unsafeSQL: statement)) }
                try transaction.execute("INSERT INTO momentum_schema (version) VALUES (\(index + 1))")
            }
        }
    }

    /// The version recorded (0 when there is no Momentum schema), and Momentum's table names
    /// already present in a database without one.
    private static func version(_ transaction: PostgresTransaction) throws -> (version: Int, strangers: [String]) {
        // pg_tables rather than to_regclass, whose cached answer can predate another shell's
        // migration this transaction has just waited for.
        let hasSchema = try transaction.value("SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'momentum_schema')", as: Bool.self) ?? false
        if hasSchema {
            return (Int(try transaction.value("SELECT COALESCE(MAX(version), 0) FROM momentum_schema", as: Int64.self) ?? 0), [])
        }
        let present = try transaction.rows("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename = ANY(\(tables)) ORDER BY tablename")
        return (0, try present.map { try $0.decode(String.self) })
    }

    private static func check(_ state: (version: Int, strangers: [String]), _ store: PostgresStore) throws {
        if state.version > migrations.count {
            throw StoreError(path: store.location.description, message: "this database holds a Momentum schema of version \(state.version), newer than this Momentum knows (\(migrations.count)). Upgrade Momentum to use it; it was not changed.")
        }
        if !state.strangers.isEmpty {
            throw StoreError(path: store.location.description, message: "this database already has tables Momentum would make (\(state.strangers.joined(separator: ", "))), but no Momentum schema: another program uses it. Name another database in --store. It was not changed.")
        }
    }
}
