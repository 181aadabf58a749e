import GRDB

/// The store's schema, as versioned migrations. A migration once shipped is never edited: a
/// change is a new migration, so every older store upgrades in place.
enum Schema {
    /// Every Momentum store has it: it tells the store from another program's database.
    static let firstMigration = "v1-plans"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(firstMigration) { db in
            try db.create(table: "plan") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("goal", .text).notNull()
                t.column("outcome", .text).notNull().defaults(to: "")
                t.column("metricName", .text).notNull().defaults(to: "")
                t.column("metricBaseline", .text)
                t.column("metricTarget", .text)
                t.column("stalledProgress", .text)
                t.column("stalledBlocker", .text)
                t.column("status", .text).notNull().defaults(to: "active")
                t.column("createdAt", .datetime)
                t.column("updatedAt", .datetime)
            }
            try db.create(table: "milestone") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("plan", onDelete: .cascade).notNull()
                t.column("position", .integer).notNull()
                t.column("title", .text).notNull()
                t.column("criterion", .text).notNull().defaults(to: "")
                t.column("artifact", .text).notNull().defaults(to: "")
                t.column("timeboxDays", .double).notNull().defaults(to: 1)
                t.column("owner", .text).notNull().defaults(to: "me")
                t.column("moves", .text).notNull().defaults(to: "")
                t.column("status", .text).notNull().defaults(to: "open")
                t.column("createdAt", .datetime)
                t.column("closedAt", .datetime)
                t.uniqueKey(["planId", "position"])
            }
            try db.create(table: "override") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("plan", onDelete: .cascade).notNull()
                t.column("ruleId", .text).notNull()
                t.column("path", .text).notNull()
                t.column("text", .text).notNull()
                t.column("reason", .text).notNull()
            }
            try db.create(table: "win") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("plan", onDelete: .cascade).notNull()
                t.column("milestone", .integer).notNull()
                t.column("date", .datetime).notNull().indexed()
                t.column("note", .text).notNull()
                t.column("evidence", .text)
                t.column("metricReading", .text)
            }
            try db.create(table: "skip") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("plan", onDelete: .cascade).notNull()
                t.column("milestone", .integer).notNull()
                t.column("date", .datetime).notNull().indexed()
                t.column("kind", .text).notNull()
                t.column("reason", .text).notNull()
            }
            try db.create(table: "draft") { t in
                t.primaryKey("id", .integer)
                t.column("form", .jsonText).notNull()
                t.column("updatedAt", .datetime)
            }
            try db.create(table: "undo") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("description", .text).notNull()
                t.column("planId", .integer).notNull()
                t.column("before", .jsonText)
                t.column("createdAt", .datetime)
            }
        }
        migrator.registerMigration("v2-sessions-reviews") { db in
            try db.create(table: "session") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("startedAt", .datetime).notNull()
                t.column("timeZone", .text).notNull()
                t.column("rules", .text).notNull()
                t.column("storeSnapshot", .jsonText)
                t.column("storePlans", .integer).notNull().defaults(to: 0)
            }
            try db.create(table: "sessionLine") { t in
                t.belongsTo("session", onDelete: .cascade).notNull()
                t.column("seq", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("prompt", .text)
                t.column("text", .text).notNull()
                t.primaryKey(["sessionId", "seq"])
            }
            try db.create(table: "review") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("date", .datetime).notNull()
                t.column("body", .text).notNull()
            }
        }
        migrator.registerMigration("v3-settings") { db in
            try db.create(table: "setting") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
        }
        migrator.registerMigration("v4-session-line-times") { db in
            // When each line was typed, so a transcript can replay a session that spanned hours
            // or midnight with the dates it had. Older lines have none.
            try db.alter(table: "sessionLine") { t in t.add(column: "at", .datetime) }
        }
        migrator.registerMigration("v5-session-snapshots") { db in
            // A session's starting plans, stored once however many sessions start from them:
            // copying the store into every session grew it by a copy per start.
            try db.create(table: "snapshot") { t in
                t.primaryKey("hash", .text)
                t.column("json", .text).notNull()
            }
            try db.alter(table: "session") { t in t.add(column: "snapshotHash", .text).references("snapshot", onDelete: .setNull) }
        }
        migrator.registerMigration("v6-imported-tasks") { db in
            // What a task list said about an imported task, so an export updates that task rather
            // than adding a copy; and whether anyone gave the timebox (older rows: yes, as before).
            try db.alter(table: "milestone") { t in
                t.add(column: "timeboxGiven", .boolean).notNull().defaults(to: true)
                t.add(column: "taskUuid", .text)
                t.add(column: "taskDue", .datetime)
                t.add(column: "taskAttributes", .text)
            }
        }
        migrator.registerMigration("v7-reading-metric") { db in
            // The metric a win's reading was of, once the plan's metric changed (nil: the plan's own).
            try db.alter(table: "win") { t in t.add(column: "readingMetric", .text) }
        }
        return migrator
    }
}
