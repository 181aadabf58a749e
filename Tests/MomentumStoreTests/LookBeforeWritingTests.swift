import Foundation
import GRDB
import Testing
@testable import MomentumCore
@testable import MomentumStore

/// A store is opened for writing only once it is known to be Momentum's and not newer: whatever
/// is refused stays byte for byte as it was, with no -wal, -shm or -journal file beside it.
@Suite struct LookBeforeWritingTests {
    /// The folder's files and their bytes.
    static func snapshot(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return files
    }

    /// Makes a database with GRDB, then closes it so only the file is left.
    static func database(at path: String, _ sql: String) throws {
        var configuration = Configuration()
        configuration.journalMode = .default
        try DatabaseQueue(path: path, configuration: configuration).write { try $0.execute(sql: sql) }
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String
        var sql: String
        var message: String
        var testDescription: String { name }
    }

    static let refusals = [
        Refusal(name: "another program's database", sql: "CREATE TABLE tasks (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO tasks VALUES (1, 'mine')",
                message: "this SQLite database is not a Momentum store (its tables: tasks). Move it aside, or pass --store with another path. It was not changed."),
        Refusal(name: "another GRDB app's database", sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY); INSERT INTO grdb_migrations VALUES ('createNotes'); CREATE TABLE note (id INTEGER PRIMARY KEY)",
                message: "this SQLite database is not a Momentum store (its tables: grdb_migrations, note). Move it aside, or pass --store with another path. It was not changed."),
    ]

    @Test(arguments: refusals)
    func aForeignDatabaseIsRefusedUntouched(_ refusal: Refusal) throws {
        let folder = StoreTests.scratchDirectory()
        let path = folder + "/their.sqlite"
        try Self.database(at: path, refusal.sql)
        let before = try Self.snapshot(folder)
        #expect(throws: StoreError(path: path, message: refusal.message)) { try Store.open(path: path) }
        #expect(try Self.snapshot(folder) == before)
    }

    @Test func aStoreFromANewerMomentumIsRefusedUntouched() throws {
        let folder = StoreTests.scratchDirectory()
        let path = folder + "/m.sqlite"
        _ = try Store.open(path: path)
        try DatabaseQueue(path: path).write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        let before = try Self.snapshot(folder)
        #expect(before.keys.sorted() == ["m.sqlite"], "a clean close leaves the file alone")
        #expect(throws: StoreError(path: path, message: "this store was written by a newer Momentum. Upgrade Momentum to use it; it was not changed.")) {
            try Store.open(path: path)
        }
        #expect(try Self.snapshot(folder) == before)
    }

    @Test func aNamedPipeIsRefusedWithoutBlocking() throws {
        let path = StoreTests.scratchDirectory() + "/pipe.sqlite"
        #expect(mkfifo(path, 0o600) == 0)
        #expect(throws: StoreError(path: path, message: "is a named pipe (FIFO), not a regular file; a store is a file Momentum can read and write. Pass --store with a file path. Nothing was read from it.")) {
            try Store.open(path: path)
        }
    }

    @Test func aDeviceIsRefused() {
        #expect(throws: StoreError(path: "/dev/null", message: "is a character device, not a regular file; a store is a file Momentum can read and write. Pass --store with a file path. Nothing was read from it.")) {
            try Store.open(path: "/dev/null")
        }
    }

    @Test(arguments: ["", "PRAGMA user_version = 0", "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)"])
    func anEmptyDatabaseBecomesAStore(sql: String) throws {
        let path = StoreTests.scratchDirectory() + "/m.sqlite"
        if sql.isEmpty { #expect(FileManager.default.createFile(atPath: path, contents: Data())) } else { try Self.database(at: path, sql) }
        let store = try Store.open(path: path)
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.summaries().isEmpty)
    }

    @Test func aPathWithURICharactersIsLookedAtAsAFile() throws {
        let folder = StoreTests.scratchDirectory() + "/odd ?#% name"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/m.sqlite"
        _ = try Store.open(path: path)
        #expect(try StoreInspection.inspect(path) == .momentum(newer: false))
    }
}

/// A row no Momentum wrote (a hand edit, another tool) is reported, never a crash.
@Suite struct BadRowTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var sql: String
        var testDescription: String { sql }
    }

    static let cases = [
        Case(sql: "UPDATE win SET date = '10000-01-01 00:00:00.000'"),
        Case(sql: "UPDATE win SET date = 'last tuesday'"),
        Case(sql: "UPDATE plan SET createdAt = X'00FF'"),
        Case(sql: "UPDATE milestone SET timeboxDays = 'many'"),
        Case(sql: "UPDATE plan SET goal = 42.5; UPDATE milestone SET closedAt = 'never'"),
    ]

    @Test(arguments: cases)
    func aBadRowIsReportedWithWhatToDo(_ bad: Case) throws {
        let path = StoreTests.scratchDirectory() + "/m.sqlite"
        var plan = StoreTests.plan
        plan.wins = [Win(milestone: 1, date: StoreTests.date, note: "Shipped")]
        let id = try Store.open(path: path).save(plan, describing: "create", at: StoreTests.date)
        try DatabaseQueue(path: path).write { try $0.execute(sql: bad.sql) }
        let store = try Store.open(path: path)
        do {
            _ = try store.plan(id)
            _ = try store.summaries()
            _ = try store.wins(planID: nil)
            Issue.record("a bad row was read as if it were sound")
        } catch let error as StoreError {
            #expect(error.message.contains("momentum doctor"), "\(error)")
        }
    }
}

@Suite struct DoctorTests {
    @Test func aSoundStoreIsAllGood() throws {
        let path = StoreTests.scratchDirectory() + "/m.sqlite"
        _ = try Store.open(path: path).save(StoreTests.plan, describing: "create", at: StoreTests.date)
        let diagnosis = StoreDoctor.examine(path: path)
        #expect(diagnosis.healthy)
        #expect(diagnosis.lines.contains("Contents: 1 plan, 2 milestones, 0 wins, 0 sessions."))
        #expect(diagnosis.lines.last == "All good.")
    }

    @Test func aBadCellIsNamedWithItsRowAndWhatToDo() throws {
        let path = StoreTests.scratchDirectory() + "/m.sqlite"
        _ = try Store.open(path: path).save(StoreTests.plan, describing: "create", at: StoreTests.date)
        try DatabaseQueue(path: path).write { try $0.execute(sql: "UPDATE milestone SET closedAt = '10000-01-01 00:00:00.000' WHERE position = 1") }
        let diagnosis = StoreDoctor.examine(path: path)
        #expect(!diagnosis.healthy)
        #expect(diagnosis.lines.contains("  - milestone row 2: closedAt '10000-01-01 00:00:00.000' is not a date"))
        // A trial's fix example named another row and table ("win … WHERE id = 7") and "1 cell hold".
        #expect(diagnosis.lines.contains("Problem: 1 cell holds what Momentum cannot read, so the plans they belong to cannot be shown."))
        #expect(diagnosis.lines.contains(#"  What to do: make a copy (momentum backup FILE), then fix each cell with sqlite3, e.g. sqlite3 \#(path) "UPDATE milestone SET closedAt = '2026-11-24 09:00:00.000' WHERE rowid = 2"; or delete the row."#))
    }

    @Test func aNewerStoreAndANamedPipeAreProblems() throws {
        let path = StoreTests.scratchDirectory() + "/m.sqlite"
        _ = try Store.open(path: path)
        try DatabaseQueue(path: path).write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-later')") }
        #expect(StoreDoctor.examine(path: path).lines.contains("Problem: written by a newer Momentum."))
        let pipe = StoreTests.scratchDirectory() + "/p"
        #expect(mkfifo(pipe, 0o600) == 0)
        #expect(!StoreDoctor.examine(path: pipe).healthy)
    }

    @Test func backupRefusesTheStoreItselfAndAFolder() throws {
        let folder = StoreTests.scratchDirectory()
        let store = try Store.open(path: folder + "/m.sqlite")
        #expect(throws: StoreError.self) { try store.backup(to: folder + "/m.sqlite", replacing: true) }
        #expect(throws: StoreError.self) { try store.backup(to: folder, replacing: true) }
        #expect(throws: StoreError.self) { try store.backup(to: folder + "/missing/b.sqlite", replacing: false) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".momentum-backup") }.isEmpty)
    }
}

@Suite struct LookingWhileAnotherWritesTests {
    /// Rows still in the write-ahead log (another process has the store open, or was killed) are
    /// looked at through the log while that process holds a write transaction: the store opens.
    @Test func aStoreWithRowsInTheLogOpensWhileAnotherConnectionWrites() throws {
        let path = StoreTests.scratchDirectory() + "/m.sqlite"
        let writer = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(writer)
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0")
            try db.execute(sql: "INSERT INTO plan (goal) VALUES ('Kept in the log')")
        }
        let started = DispatchSemaphore(value: 0)
        let holding = Thread {
            try? writer.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN EXCLUSIVE")
                started.signal()
                Thread.sleep(forTimeInterval: 0.3)
                try db.execute(sql: "COMMIT")
            }
        }
        holding.start()
        started.wait()
        let store = try Store.open(path: path)
        #expect(try store.summaries().map(\.goal) == ["Kept in the log"])
    }
}
