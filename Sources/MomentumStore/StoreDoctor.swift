import Foundation
import MomentumCore
import GRDB

/// `momentum doctor`: what the store is and whether it is sound, read without writing a byte, so
/// it also speaks about a store that `Store.open` refuses. Each problem comes with what to do.
public enum StoreDoctor {
    public struct Diagnosis: Equatable, Sendable {
        public var lines: [String]
        public var healthy: Bool
    }

    /// Columns a Momentum store keeps as dates, and text it cannot do without: a cell of another
    /// kind (a hand edit, another tool) makes the plan unreadable, so it is named here.
    static let expected: [(table: String, column: String, kind: String)] = [
        ("plan", "goal", "text"), ("plan", "createdAt", "date"), ("plan", "updatedAt", "date"),
        ("milestone", "title", "text"), ("milestone", "createdAt", "date"), ("milestone", "closedAt", "date"), ("milestone", "taskDue", "date"),
        ("win", "date", "date"), ("win", "note", "text"), ("skip", "date", "date"), ("review", "date", "date"),
        ("session", "startedAt", "date"), ("sessionLine", "at", "date"), ("undo", "createdAt", "date"),
    ]

    public static func examine(path: String) -> Diagnosis {
        var lines = ["Store: \(path)"]
        var problems: [(String, String)] = []
        let inspection: StoreInspection
        do {
            inspection = try StoreInspection.inspect(path)
        } catch let error as StoreError {
            return Diagnosis(lines: lines + ["Problem: \(error.message)"], healthy: false)
        } catch {
            return Diagnosis(lines: lines + ["Problem: \(error)"], healthy: false)
        }
        switch inspection {
        case .absent:
            return Diagnosis(lines: lines + ["No store yet: one is made the first time Momentum opens it (the shell, or any command but doctor)."], healthy: true)
        case .empty:
            return Diagnosis(lines: lines + ["An empty store: nothing is saved in it yet."], healthy: true)
        case .foreign(let tables):
            return Diagnosis(lines: lines + ["Problem: another program's SQLite database (its tables: \(tables.joined(separator: ", "))), not a Momentum store.",
                                             "  What to do: pass --store with another path; Momentum will not touch this file."], healthy: false)
        case .momentum(let newer):
            let wal = ((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0) > 0
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            lines[0] += " (\(bytes(size + walSize)))"
            let known = Store.knownMigrations
            let applied = (try? StoreInspection.query(path, "SELECT identifier FROM grdb_migrations", immutable: !wal)) ?? []
            if newer {
                lines.append("Schema: \(applied.count) migrations, \(applied.filter { !known.contains($0) }.joined(separator: ", ")) unknown to this Momentum.")
                problems.append(("written by a newer Momentum.", "upgrade Momentum; this one will not change the store."))
            } else if applied.count < known.count {
                lines.append("Schema: \(applied.count) of the \(known.count) migrations this Momentum knows; the rest run the next time a command opens it.")
            } else {
                lines.append("Schema: \(known.last ?? ""), as this Momentum expects.")
            }
            do {
                let integrity = try StoreInspection.query(path, "PRAGMA integrity_check", immutable: !wal)
                if integrity == ["ok"] { lines.append("Integrity: ok") } else {
                    lines.append("Integrity: " + integrity.prefix(5).joined(separator: "; "))
                    problems.append(("SQLite's integrity check failed.", "keep a copy of the file (cp), then try `sqlite3 \(path) .recover > recovered.sql`; ask for help with the copy before deleting anything."))
                }
                let counts = try ["plan", "milestone", "win", "session"].map { table in
                    Int(try StoreInspection.query(path, "SELECT COUNT(*) FROM \"\(table)\"", immutable: !wal).first ?? "0") ?? 0
                }
                lines.append("Contents: \(Plural.count(counts[0], "plan")), \(Plural.count(counts[1], "milestone")), \(Plural.count(counts[2], "win")), \(Plural.count(counts[3], "session")).")
                let bad = try unreadableCells(path, immutable: !wal)
                if bad.isEmpty { lines.append("Rows: every checked cell reads.") } else {
                    lines.append("Rows Momentum cannot read:")
                    lines += bad.prefix(20).map { "  - " + $0.description }
                    if bad.count > 20 { lines.append("  … and \(bad.count - 20) more") }
                    let first = bad[0]
                    let value = first.kind == "date" ? "'2026-11-24 09:00:00.000'" : "'the text it should hold'"
                    problems.append(("\(Plural.count(bad.count, "cell")) \(bad.count == 1 ? "holds" : "hold") what Momentum cannot read, so the plans they belong to cannot be shown.",
                                     "make a copy (momentum backup FILE), then fix each cell with sqlite3, e.g. sqlite3 \(path) \"UPDATE \(first.table) SET \(first.column) = \(value) WHERE rowid = \(first.row)\"; or delete the row."))
                }
            } catch let error as StoreError {
                problems.append((error.message, wal ? "the store has a write-ahead log beside it: open it once with momentum (e.g. momentum plans) so SQLite recovers it, then run doctor again." : "keep a copy of the file before anything else."))
            } catch {
                problems.append(("\(error)", "keep a copy of the file before anything else."))
            }
        }
        for (problem, todo) in problems { lines += ["Problem: \(problem)", "  What to do: \(todo)"] }
        if problems.isEmpty { lines.append("All good.") }
        return Diagnosis(lines: lines, healthy: problems.isEmpty)
    }

    /// "win row 7: date '10000-01-01 …' is not a date", for each expected column that holds
    /// something of another kind. Dates are GRDB's text form, years 0001–9999.
    struct UnreadableCell: CustomStringConvertible {
        var table: String, column: String, row: String, shown: String, kind: String
        var description: String { "\(table) row \(row): \(column) \(shown) is not \(kind == "date" ? "a date" : "text")" }
    }

    static func unreadableCells(_ path: String, immutable: Bool) throws -> [UnreadableCell] {
        var found: [UnreadableCell] = []
        // A store not yet migrated lacks the newer columns: only those it has are checked.
        let columns = Set(try StoreInspection.query(path, """
            SELECT t.name || '.' || c.name FROM sqlite_master t JOIN pragma_table_info(t.name) c WHERE t.type = 'table'
            """, immutable: immutable))
        for (table, column, kind) in expected where columns.contains("\(table).\(column)") {
            let wrong = kind == "date"
                ? "typeof(\(column)) != 'text' OR \(column) NOT GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]*' OR julianday(\(column)) IS NULL"
                : "typeof(\(column)) != 'text'"
            let rows = try StoreInspection.query(path, """
                SELECT rowid || char(9) || quote(\(column)) FROM "\(table)" WHERE \(column) IS NOT NULL AND (\(wrong)) ORDER BY rowid LIMIT 50
                """, immutable: immutable)
            for row in rows {
                let parts = row.split(separator: "\t", maxSplits: 1).map(String.init)
                let shown = parts.count > 1 ? (parts[1].count > 60 ? parts[1].prefix(60) + "…" : parts[1]) : ""
                found.append(UnreadableCell(table: table, column: column, row: parts[0], shown: String(shown), kind: kind))
            }
        }
        return found
    }

    static func bytes(_ count: Int) -> String {
        count < 1024 ? "\(count) bytes" : count < 1_048_576 ? String(format: "%.1f KB", Double(count) / 1024) : String(format: "%.1f MB", Double(count) / 1_048_576)
    }
}

extension Store {
    static var knownMigrations: [String] { Schema.migrator.migrations }

    /// A copy of the store made with SQLite's online backup, safe while another process writes:
    /// written beside `target` first and renamed into place, 0600 like the store.
    public func backup(to target: String, replacing: Bool) throws -> String {
        guard let path else { throw StoreError(path: ":memory:", message: "a scratch store has nothing to back up.") }
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: target, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw StoreError(path: target, message: "is a folder. Name the backup file, e.g. \(URL(fileURLWithPath: target).appendingPathComponent("momentum-backup.sqlite").path).")
            }
            if URL(fileURLWithPath: target).resolvingSymlinksInPath().path == URL(fileURLWithPath: path).resolvingSymlinksInPath().path {
                throw StoreError(path: target, message: "is the store itself. Name another file for the backup.")
            }
            if !replacing { throw StoreError(path: target, message: "exists. Name another file, or add --force to replace it.") }
        }
        let folder = URL(fileURLWithPath: target).deletingLastPathComponent().path
        guard files.fileExists(atPath: folder) else {
            throw StoreError(path: folder, message: "no such folder. Create it first, or name a file in an existing folder.")
        }
        let temporary = folder + "/.momentum-backup-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sqlite"
        do {
            let copy = try DatabaseQueue(path: temporary)
            try db.backup(to: copy)
            try copy.close()
            chmod(temporary, 0o600)
            guard rename(temporary, target) == 0 else {
                throw StoreError(path: target, message: "cannot write the backup (\(String(cString: strerror(errno)))). Check the folder's permissions.")
            }
        } catch let error as StoreError {
            try? files.removeItem(atPath: temporary)
            throw error
        } catch {
            try? files.removeItem(atPath: temporary)
            throw StoreError(path: target, message: "cannot write the backup (\(Store.reason(error))). Check the folder's permissions and free space; the store was not changed.")
        }
        let size = (try? files.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
        return "Backed up \(Plural.count(try planCount(), "plan")) to \(target) (\(StoreDoctor.bytes(size)))."
    }
}
