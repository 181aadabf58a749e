import Foundation
import GRDB
import MomentumCore

/// A store problem, with the path and what to do. The file is never overwritten or "repaired".
public struct StoreError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
    /// `path` names the store: a file, or a server's URL without its password.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}

/// An error an `update` closure throws to refuse the change (an edit that met someone else's):
/// the store rolls back and passes it on as it is, for the caller to explain.
public protocol ChangeRefusal: Error {}

/// One row of `plans`.
public struct PlanSummary: Equatable, Sendable {
    public var id: Int64
    public var goal: String
    public var status: PlanStatus
    public var done: Int
    public var total: Int
    public var next: String?
    public var lastWin: Date?
    public init(id: Int64, goal: String, status: PlanStatus, done: Int, total: Int, next: String?, lastWin: Date?) {
        (self.id, self.goal, self.status, self.done, self.total, self.next, self.lastWin) = (id, goal, status, done, total, next, lastWin)
    }
}

/// Everything Momentum keeps, in one SQLite file: WAL, foreign keys, a busy timeout, and one
/// transaction per change, so a plan is saved whole or not at all and a crash loses nothing
/// committed.
public final class Store: Sendable {
    let db: any DatabaseWriter
    /// The file, or nil for a scratch store in memory (tests, replays).
    public let path: String?
    /// The draft this process works on (Store+Drafts.swift).
    let drafts: DraftOwnership
    /// The file opened, by device and inode: SQLite keeps writing to it through its descriptor
    /// after a rename, but its WAL and lock files go by name, so what a shell logged after someone
    /// moved the store ended in a WAL nothing would read again.
    let fileIdentity: FileIdentity?

    init(db: any DatabaseWriter, path: String?) {
        self.db = db
        self.path = path
        self.drafts = DraftOwnership(storePath: path)
        self.fileIdentity = path.flatMap(FileIdentity.init(path:))
    }

    struct FileIdentity: Equatable, Sendable {
        var device: UInt64
        var inode: UInt64

        init?(path: String) {
            var status = stat()
            guard stat(path, &status) == 0 else { return nil }
            (device, inode) = (UInt64(status.st_dev), UInt64(status.st_ino))
        }
    }

    /// Moves what a change wrote from the WAL into the store file, as far as readers allow. The file
    /// alone then holds every change: copied, moved or backed up by hand while a shell is open, it
    /// is whole. (One checkpoint per command a person types; an import is one change.)
    func checkpoint() {
        guard path != nil else { return }
        _ = try? db.writeWithoutTransaction { try $0.checkpoint(.passive) }
    }

    /// Refuses a write once the file at `path` is no longer the one opened, after moving what the
    /// WAL holds into the file (through the descriptor, so into the moved file): the WAL goes by
    /// the old name, where neither the moved file nor the next start would look for it.
    func refuseIfMoved() throws {
        guard let path, let fileIdentity, FileIdentity(path: path) != fileIdentity else { return }
        _ = try? db.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        throw StoreError(path: path, message: "the store was moved, renamed or replaced while Momentum had it open, so nothing more is saved from here. Quit, then start Momentum on the store where it is now, or move it back.")
    }

    static func configuration(readOnly: Bool = false) -> Configuration {
        var config = Configuration()
        // WAL, set only when the file is not in WAL yet (the mode is kept in the file). GRDB's own
        // `.wal` also writes a table and drops it at every open whose WAL file is absent, which is
        // after every clean exit: a read-only command would commit and fsync.
        config.prepareDatabase { db in
            if !readOnly, try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        config.busyMode = .timeout(10)
        config.foreignKeysEnabled = true
        config.readonly = readOnly
        return config
    }

    /// A scratch store in memory, for tests and replays: never the user's real store.
    public static func inMemory() throws -> Store {
        let queue = try DatabaseQueue(configuration: configuration())
        try Schema.migrator.migrate(queue)
        return Store(db: queue, path: nil)
    }

    /// Opens (creating if needed) the store at `path`. Refuses, with a located explanation and
    /// without writing a byte, a file that is not a regular file, not a SQLite database, another
    /// program's database, read-only, or written by a newer Momentum (`StoreInspection`).
    public static func open(path: String) throws -> Store {
        let inspection = try StoreInspection.inspect(path)
        switch inspection {
        case .momentum(newer: true):
            throw StoreError(path: path, message: "this store was written by a newer Momentum. Upgrade Momentum to use it; it was not changed.")
        case .foreign(let tables):
            let named = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            throw StoreError(path: path, message: "this SQLite database is not a Momentum store (its tables: \(named)). Move it aside, or pass --store with another path. It was not changed.")
        case .absent:
            try create(path)
        case .empty, .momentum(newer: false):
            if !FileManager.default.isWritableFile(atPath: path) {
                throw StoreError(path: path, message: "the store is read-only. Make it writable (chmod u+w \(path)), or pass --store with another path. Nothing was changed.")
            }
        }
        do {
            return Store(db: try openAndMigrate(path), path: path)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: path, message: "cannot open or upgrade the store (\(reason(error))). It was not changed; keep a copy before trying anything else.")
        }
    }

    /// A new, empty store file (0600) in a directory made if missing (0700).
    private static func create(_ path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError(path: directory, message: "cannot create the store's directory (\(reason(error))). Create it yourself, or pass --store with a writable path.")
            }
        }
        let fd = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        // EEXIST: another process created it a moment ago, which is fine.
        guard fd >= 0 || errno == EEXIST else {
            throw StoreError(path: path, message: "cannot create the store (\(String(cString: strerror(errno)))). Check the directory's permissions, or pass --store with another path.")
        }
        if fd >= 0 { close(fd) }
    }

    /// Opens the file and brings its schema up to date, refusing a store from a newer Momentum.
    /// Another process may be doing the same at this moment (switching a new file to WAL, or
    /// running the migrations): the loser gets "locked" or "table exists", with nothing changed,
    /// since each migration is its own transaction. So it waits a little and tries again, for up
    /// to about two seconds, before giving up.
    private static func openAndMigrate(_ path: String) throws -> DatabaseQueue {
        var attempt = 1
        while true {
            do {
                let queue = try DatabaseQueue(path: path, configuration: configuration())
                let (superseded, current) = try queue.read { db in
                    (try Schema.migrator.hasBeenSuperseded(db), try Schema.migrator.hasCompletedMigrations(db))
                }
                if superseded {
                    throw StoreError(path: path, message: "this store was written by a newer Momentum. Upgrade Momentum to use it; it was not changed.")
                }
                // An up-to-date store is only read: a command that shows something writes nothing.
                if !current { try Schema.migrator.migrate(queue) }
                return queue
            } catch let error as StoreError {
                throw error
            } catch where attempt < 100 {
                attempt += 1
                usleep(20_000)
            }
        }
    }

    static func reason(_ error: Error) -> String {
        if let db = error as? DatabaseError { return db.message ?? "\(db.resultCode)" }
        return (error as NSError).localizedDescription
    }

    /// Runs one change as one transaction, turning SQLite failures (a full disk, an I/O error) into
    /// a StoreError that says nothing was saved.
    func write<T>(_ change: (Database) throws -> T) throws -> T {
        try refuseIfMoved()
        do {
            defer { checkpoint() }
            return try db.write(change)
        } catch let error as StoreError {
            throw error
        } catch let refusal as any ChangeRefusal {
            throw refusal
        } catch {
            throw StoreError(path: path ?? ":memory:", message: "could not save (\(Store.reason(error))); nothing was changed. Your draft is kept.")
        }
    }

    func read<T>(_ query: (Database) throws -> T) throws -> T {
        do {
            return try db.read(query)
        } catch let error as RowDecodingError {
            throw StoreError(path: path ?? ":memory:", message: "a row holds what Momentum cannot read (\(error)). Nothing was changed; run momentum doctor to see which rows, and what to do.")
        } catch {
            throw StoreError(path: path ?? ":memory:", message: "could not read the store (\(Store.reason(error))). Run momentum doctor to check it.")
        }
    }

    public func integrityCheck() throws -> String {
        try read { try String.fetchOne($0, sql: "PRAGMA integrity_check") ?? "" }
    }
}
