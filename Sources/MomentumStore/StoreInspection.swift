import Foundation
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif

/// What the file at a store path is, found before anything is written: a store is opened for
/// writing only once it is known to be Momentum's and not newer than this binary. GRDB's own open
/// would already write (switch the journal to WAL, add its migrations table), so the look is a
/// separate read-only connection with `immutable=1`, which takes no lock and creates no -wal or
/// -shm file: a file that is refused is left byte for byte as it was.
enum StoreInspection: Equatable {
    /// No file: a new store is created.
    case absent
    /// A 0-byte file, or a SQLite database with no tables yet: it becomes a new store.
    case empty
    /// Momentum's store; `newer` when it has migrations this binary does not know.
    case momentum(newer: Bool)
    /// Another program's SQLite database, with its tables.
    case foreign(tables: [String])

    static func inspect(_ path: String) throws -> StoreInspection {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return .absent }
            throw StoreError(path: path, message: "cannot look at the store (\(String(cString: strerror(errno)))). Check the path and its permissions, or pass --store with another path.")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR:
            let suggestion = URL(fileURLWithPath: path).appendingPathComponent("momentum.sqlite").path
            throw StoreError(path: path, message: "is a folder; the store is a file. Pass --store with a file path, e.g. \(suggestion).")
        default:
            throw StoreError(path: path, message: "is \(describe(info.st_mode & S_IFMT)), not a regular file; a store is a file Momentum can read and write. Pass --store with a file path. Nothing was read from it.")
        }
        if info.st_size == 0 { return .empty }
        try checkHeader(path)
        // After a crash, committed pages may still be in the write-ahead log: the main file alone
        // can then read as malformed, so the log is read too (read-only, it changes nothing).
        var log = stat()
        let immutable = !(stat(path + "-wal", &log) == 0 && log.st_size > 0)
        let tables = try query(path, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", immutable: immutable)
        guard tables.contains("grdb_migrations") else {
            return tables.isEmpty ? .empty : .foreign(tables: tables)
        }
        let applied = try query(path, "SELECT identifier FROM grdb_migrations", immutable: immutable)
        // A store whose first migration is still in flight in another process has the migrations
        // table and nothing else yet: it is ours to finish, not a foreign database.
        if applied.isEmpty && tables == ["grdb_migrations"] { return .empty }
        guard applied.contains(Schema.firstMigration) else { return .foreign(tables: tables) }
        return .momentum(newer: !Set(applied).isSubset(of: Schema.migrator.migrations))
    }

    private static func describe(_ kind: mode_t) -> String {
        switch kind {
        case S_IFIFO: "a named pipe (FIFO)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }

    private static func checkHeader(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError(path: path, message: "cannot read the store (permission denied). Fix its permissions, or pass --store with another path.")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if header != Data("SQLite format 3\0".utf8) {
            throw StoreError(path: path, message: "this file is not a Momentum store (not a SQLite database). Move it aside, or pass --store with another path. It was not changed.")
        }
    }

    /// The first column of every row, read through a connection that cannot write. `immutable`
    /// takes no lock and makes no -shm file; without it a write-ahead log left beside the store is
    /// read too (`momentum doctor` wants every committed row).
    static func query(_ path: String, _ sql: String, immutable: Bool = true) throws -> [String] {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let uri = "file:" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path) + (immutable ? "?immutable=1" : "?mode=ro")
        var connection: OpaquePointer?
        defer { sqlite3_close(connection) }
        let unreadable = { (detail: String) in
            StoreError(path: path, message: "this file is not a Momentum store (an unreadable SQLite database: \(detail)). Move it aside, or pass --store with another path. It was not changed.")
        }
        guard sqlite3_open_v2(uri, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nil) == SQLITE_OK else {
            throw unreadable(connection.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open")
        }
        // Through the log, another process's write holds a lock for a moment: wait as the store does.
        sqlite3_busy_timeout(connection, 10_000)
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK else {
            throw unreadable(String(cString: sqlite3_errmsg(connection)))
        }
        var values: [String] = []
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW:
                values.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
            case SQLITE_DONE:
                return values
            default:
                throw unreadable(String(cString: sqlite3_errmsg(connection)))
            }
        }
    }
}
