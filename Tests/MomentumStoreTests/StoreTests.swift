import Foundation
import GRDB
import Testing
@testable import MomentumCore
@testable import MomentumStore

@Suite struct StoreTests {
    static func scratchDirectory() -> String {
        let path = NSTemporaryDirectory() + "momentum-store-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let plan = Plan(goal: "Ship the billing page", metric: Metric(name: "upgrades"),
                           milestones: [Milestone(title: "Compare providers"), Milestone(title: "Connect checkout")])
    static let date = Date(timeIntervalSince1970: 1_763_900_000)

    /// What a Taskwarrior task brings that Momentum has no field for.
    static let importedTask = ImportedTask(uuid: "a800ad49-f653-48c3-85a5-f501fc826993", due: Date(timeIntervalSince1970: 1_765_299_600),
                                           attributes: #"{"depends":["f7bf719c-829a-4856-b608-cf68d279302d"],"priority":"H","tags":["outside"]}"#)

    @Test func savesAPlanWholeAndListsIt() throws {
        let store = try Store.inMemory()
        let id = try store.save(StoreTests.plan, describing: "create", at: StoreTests.date)
        let loaded = try #require(try store.plan(id))
        #expect(loaded.milestones.map(\.title) == ["Compare providers", "Connect checkout"])
        #expect(try store.summaries() == [PlanSummary(id: id, goal: "Ship the billing page", status: .active, done: 0, total: 2, next: "Compare providers", lastWin: nil)])
    }

    /// A trial renamed the store under an open shell: its next win was "logged" into a WAL that
    /// the moved file never read, and the next start deleted it. Once the file is not the one
    /// opened, writes are refused; what was saved before the move stays in the moved file.
    @Test(arguments: ["moved", "replaced"])
    func aStoreMovedWhileOpenRefusesWrites(how: String) throws {
        let directory = StoreTests.scratchDirectory()
        let path = directory + "/momentum.sqlite"
        let id = try aStoreMovedWhileOpen(path, to: directory + "/moved.sqlite", replaced: how == "replaced")
        #expect(try Store.open(path: directory + "/moved.sqlite").plan(id)?.goal == StoreTests.plan.goal)
    }

    /// The checks while the moved store is open; it is closed on return.
    private func aStoreMovedWhileOpen(_ path: String, to moved: String, replaced: Bool) throws -> Int64 {
        let store = try Store.open(path: path)
        let id = try store.save(StoreTests.plan, describing: "create", at: StoreTests.date)
        try FileManager.default.moveItem(atPath: path, toPath: moved)
        if replaced { _ = try Store.open(path: path) }
        let refusal = "the store was moved, renamed or replaced while Momentum had it open, so nothing more is saved from here. Quit, then start Momentum on the store where it is now, or move it back."
        #expect(throws: StoreError(path: path, message: refusal)) {
            try store.update(id, describing: "done 1.1", at: StoreTests.date) { $0.milestones[0].status = .done }
        }
        #expect(throws: StoreError(path: path, message: refusal)) {
            try store.saveEach(describing: { _ in "import" }, at: StoreTests.date) { save in _ = try save(StoreTests.plan) }
        }
        return id
    }

    @Test func createsTheFile0600AndTheDirectory0700() throws {
        let directory = StoreTests.scratchDirectory() + "/nested"
        _ = try Store.open(path: directory + "/m.sqlite")
        let fileMode = try FileManager.default.attributesOfItem(atPath: directory + "/m.sqlite")[.posixPermissions] as? Int
        let directoryMode = try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        #expect(directoryMode == 0o700)
    }

    @Test func refusesAFileThatIsNotSQLiteAndLeavesItAlone() throws {
        let path = StoreTests.scratchDirectory() + "/notes.sqlite"
        try "my precious notes".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: StoreError(path: path, message: "this file is not a Momentum store (not a SQLite database). Move it aside, or pass --store with another path. It was not changed.")) {
            try Store.open(path: path)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "my precious notes")
    }

    @Test func refusesAReadOnlyStore() throws {
        let path = StoreTests.scratchDirectory() + "/m.sqlite"
        _ = try Store.open(path: path)
        chmod(path, 0o400)
        defer { chmod(path, 0o600) }
        guard getuid() != 0 else { return }  // root can write anyway; nothing to refuse
        #expect(throws: StoreError.self) { try Store.open(path: path) }
    }

    @Test func refusesAFolderGivenAsTheStore() throws {
        let folder = StoreTests.scratchDirectory()
        do {
            _ = try Store.open(path: folder)
            Issue.record("a folder was opened as a store")
        } catch {
            #expect("\(error)".contains("is a folder; the store is a file. Pass --store with a file path, e.g. \(folder)/momentum.sqlite."))
        }
    }

    @Test func refusesAStoreFromANewerMomentum() throws {
        let path = StoreTests.scratchDirectory() + "/m.sqlite"
        _ = try Store.open(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')") }
        #expect(throws: StoreError(path: path, message: "this store was written by a newer Momentum. Upgrade Momentum to use it; it was not changed.")) {
            try Store.open(path: path)
        }
    }

    @Test func reportsADirectoryThatCannotBeCreated() throws {
        let blocker = StoreTests.scratchDirectory() + "/file"
        try "x".write(toFile: blocker, atomically: true, encoding: .utf8)
        #expect(throws: StoreError.self) { try Store.open(path: blocker + "/sub/m.sqlite") }
    }

    /// A store file as an older Momentum left it (its schema up to `migration`, one plan, the
    /// milestone `insert` makes), opened by this one.
    static func storeLeftBy(_ migration: String, _ insert: String) throws -> (store: Store, path: String) {
        let path = StoreTests.scratchDirectory() + "/old.sqlite"
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: migration)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO plan (goal) VALUES ('Old plan')")
            try db.execute(sql: insert)
        }
        try queue.close()
        return (try Store.open(path: path), path)
    }

    @Test func upgradesAStoreMadeByTheFirstSchemaVersion() throws {
        let (store, _) = try Self.storeLeftBy("v1-plans", "INSERT INTO milestone (planId, position, title) VALUES (1, 0, 'Old step')")
        #expect(try store.plan(1)?.milestones.map(\.title) == ["Old step"])
        #expect(try store.sessions().isEmpty)
        #expect(try store.integrityCheck() == "ok")
    }

    /// A store from before imported tasks (v5) migrates forward: its timeboxes stay given, and
    /// its milestones can then keep a task's uuid, due date and attributes across reopening.
    @Test func upgradesAStoreMadeBeforeImportedTasks() throws {
        let (store, path) = try Self.storeLeftBy("v5-session-snapshots",
                                                 "INSERT INTO milestone (planId, position, title, timeboxDays) VALUES (1, 0, 'Old step', 2.5)")
        let old = try #require(try store.plan(1))
        #expect(old.milestones.map(\.givenTimeboxDays) == [2.5])
        #expect(old.milestones[0].importedTask == nil)
        try store.update(1, describing: "import", at: StoreTests.date) { plan in
            plan.milestones.append(Milestone(title: "Dig the bed", timeboxDays: nil, importedTask: StoreTests.importedTask))
        }
        let reopened = try #require(try Store.open(path: path).plan(1))
        #expect(reopened.milestones.map(\.givenTimeboxDays) == [2.5, nil])
        #expect(reopened.milestones.map(\.importedTask) == [nil, StoreTests.importedTask])
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func twoWritersAtOnceLoseNothing() throws {
        let path = StoreTests.scratchDirectory() + "/m.sqlite"
        let first = try Store.open(path: path)
        let second = try Store.open(path: path)
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            let store = writer == 0 ? first : second
            for index in 0..<50 {
                var plan = StoreTests.plan
                plan.goal = "Writer \(writer) plan \(index)"
                _ = try! store.save(plan, describing: "create", at: StoreTests.date)
            }
        }
        #expect(try first.summaries().count == 100)
        #expect(try second.integrityCheck() == "ok")
    }

    @Test func twoConnectionsCreatingTheSameNewStoreAtOnceBothSucceed() throws {
        for _ in 0..<20 {
            let path = StoreTests.scratchDirectory() + "/m.sqlite"
            let failures = NSLock()
            nonisolated(unsafe) var errors: [String] = []
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                do { _ = try Store.open(path: path) } catch { failures.withLock { errors.append("\(error)") } }
            }
            #expect(errors == [])
            #expect(try Store.open(path: path).integrityCheck() == "ok")
        }
    }

    @Test func draftsSurviveReopening() throws {
        let path = StoreTests.scratchDirectory() + "/m.sqlite"
        var form = Form.newPlan()
        form.answers = [Answer(key: .goal, value: "Ship")]
        try Store.open(path: path).saveDraft(form, at: StoreTests.date)
        #expect(try Store.open(path: path).draft() == form)
    }

    /// Opening an up-to-date store and reading from it leaves every byte of it as it was, and
    /// makes no WAL file (a clean close removes it; GRDB's own WAL set-up wrote one back).
    @Test func readingAnUpToDateStoreWritesNothing() throws {
        let path = StoreTests.scratchDirectory() + "/m.sqlite"
        try Store.open(path: path).save(StoreTests.plan, describing: "create", at: StoreTests.date)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let reader = try Store.open(path: path)
        _ = try reader.summaries()
        _ = try reader.wins(planID: nil, latest: 20)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")))?.isEmpty ?? true)
        #expect(try reader.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }

    static func win(_ plan: Int64, _ day: Int) -> Win {
        Win(milestone: 1, date: StoreTests.date + Double(day) * 86_400, note: "day \(day) of plan \(plan)")
    }

    /// The latest N come in date order; since is inclusive, until exclusive, both in SQL.
    @Test(arguments: [
        (nil, nil, nil, Array(0..<10)),
        (3, nil, nil, [7, 8, 9]),
        (nil, 4, nil, Array(4..<10)),
        (nil, nil, 2, [0, 1]),
        (2, 3, 8, [6, 7]),
        (nil, 12, nil, []),
    ] as [(Int?, Int?, Int?, [Int])])
    func winsPageAndFilterByDate(latest: Int?, since: Int?, until: Int?, expected: [Int]) throws {
        let store = try Store.inMemory()
        var plan = StoreTests.plan
        plan.wins = (0..<10).map { StoreTests.win(1, $0) }
        try store.save(plan, describing: "create", at: StoreTests.date)
        let rows = try store.wins(planID: nil, since: since.map { StoreTests.date + Double($0) * 86_400 },
                                  until: until.map { StoreTests.date + Double($0) * 86_400 }, latest: latest)
        #expect(rows.map(\.win.note) == expected.map { "day \($0) of plan 1" })
    }

    /// Sessions starting from the same plans share one stored copy; only the latest are kept.
    @Test func sessionSnapshotsAreStoredOnceAndOldSessionsPruned() throws {
        let store = try Store.inMemory()
        let ids = try (0..<5).map { index in
            let id = try store.startSession(at: StoreTests.date, timeZone: "UTC", rules: "defaults", storePlans: 1)
            try store.recordSnapshot(index < 4 ? "[same]" : "[other]", storePlans: 1, session: id)
            try store.record([Store.SessionLine(kind: .input, prompt: "momentum", text: "plans \(index)")], session: id)
            return id
        }
        #expect(try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM snapshot") } == 2)
        #expect(try store.session(ids[0])?.storeSnapshot == "[same]")
        #expect(try store.sessions().allSatisfy { $0.storeSnapshot == nil })
        try store.pruneSessions(keeping: 1)
        #expect(try store.sessions().map(\.id) == [ids[4]])
        #expect(try store.read { try String.fetchAll($0, sql: "SELECT json FROM snapshot") } == ["[other]"])
        #expect(try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sessionLine") } == 1)
    }
}
