import Foundation
import Testing
@testable import MomentumCore
@testable import MomentumStore
@testable import MomentumPostgres

/// What only a shared server has: several people, their own undo and drafts, the refusals and
/// the errors a team meets. Skipped, and reported so, when no server is given.
@Suite(.enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason))
struct PostgresStoreTests {
    @Test func refusesASchemaFromANewerMomentumAndLeavesItAlone() throws {
        let location = try PostgresTestServer.freshDatabase()
        _ = try PostgresStore.open(location, as: "ada")
        try PostgresTestServer.execute(location, "INSERT INTO momentum_schema (version) VALUES (99)")
        #expect { try PostgresStore.open(location, as: "ada") } throws: { error in
            "\(error)" == "\(location): this database holds a Momentum schema of version 99, newer than this Momentum knows (\(PostgresSchema.migrations.count)). Upgrade Momentum to use it; it was not changed."
        }
    }

    @Test func refusesADatabaseAnotherProgramUses() throws {
        let location = try PostgresTestServer.freshDatabase()
        try PostgresTestServer.execute(location, "CREATE TABLE plan (flight text)")
        #expect { try PostgresStore.open(location, as: "ada") } throws: { error in
            "\(error)".contains("already has tables Momentum would make (plan), but no Momentum schema")
        }
    }

    /// A database at schema version 1, from before imported tasks, migrates forward: its
    /// timeboxes stay given, and its milestones can then keep a task's uuid, due date and attributes.
    @Test func upgradesADatabaseMadeBeforeImportedTasks() throws {
        let location = try PostgresTestServer.freshDatabase()
        try PostgresTestServer.execute(location, "CREATE TABLE momentum_schema (version bigint PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
        for statement in PostgresSchema.migrations[0] { try PostgresTestServer.execute(location, statement) }
        try PostgresTestServer.execute(location, "INSERT INTO momentum_schema (version) VALUES (1)")
        try PostgresTestServer.execute(location, "INSERT INTO plan (goal) VALUES ('Old plan')")
        try PostgresTestServer.execute(location, "INSERT INTO milestone (plan_id, position, title, timebox_days, owner) VALUES (1, 0, 'Old step', 2.5, 'Dana')")
        let store = try PostgresStore.open(location, as: "ada")
        #expect(try PostgresSchema.currentVersion(store) == PostgresSchema.migrations.count)
        let old = try #require(try store.plan(1))
        #expect(old.milestones.map(\.givenTimeboxDays) == [2.5])
        #expect(old.milestones[0].importedTask == nil)
        try store.update(1, describing: "import", at: StoreTests.date) { plan in
            plan.milestones.append(Milestone(title: "Dig the bed", timeboxDays: nil, owner: "Dana", importedTask: StoreTests.importedTask))
        }
        let reopened = try #require(try PostgresStore.open(location, as: "ben").plan(1))
        #expect(reopened.milestones.map(\.givenTimeboxDays) == [2.5, nil])
        #expect(reopened.milestones.map(\.importedTask) == [nil, StoreTests.importedTask])
    }

    @Test func twoShellsOpeningANewDatabaseAtOnceBothSucceed() throws {
        let location = try PostgresTestServer.freshDatabase()
        let failures = NSLock()
        nonisolated(unsafe) var errors: [String] = []
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            do { _ = try PostgresStore.open(location, as: "person \(index)") } catch { failures.withLock { errors.append("\(error)") } }
        }
        #expect(errors == [])
        #expect(try PostgresStore.open(location, as: "ada").planCount() == 0)
    }

    @Test func explainsAMissingDatabase() throws {
        var location = try PostgresTestServer.location
        location.database = "momentum_nowhere"
        #expect { try PostgresStore.open(location, as: "ada") } throws: { error in
            "\(error)".contains("there is no database momentum_nowhere on \(location.host):\(location.port). Create it (createdb -h \(location.host) -p \(location.port) -U \(location.user) momentum_nowhere)")
        }
    }

    /// The test server makes the role momentum_password ask for its password (scram-sha-256).
    @Test func explainsAWrongPasswordAndTakesTheRightOne() throws {
        var location = try PostgresTestServer.freshDatabase()
        location.user = "momentum_password"
        location.password = "wrong"
        #expect { try PostgresStore.open(location, as: "ada") } throws: { error in
            "\(error)".contains("refused the password of user momentum_password for database \(location.database)")
        }
        location.password = nil
        #expect { try PostgresStore.open(location, as: "ada") } throws: { error in
            "\(error)".contains("asks a password of user momentum_password; none was given")
        }
        location.password = "momentum-test-password"
        #expect { try PostgresStore.open(location, as: "ada") } throws: { error in
            "\(error)".contains("user momentum_password may not change database \(location.database) (permission denied for schema public). Ask its owner to grant it")
        }
        var owner = location
        owner.user = try PostgresTestServer.location.user
        try PostgresTestServer.execute(owner, "GRANT CREATE, USAGE ON SCHEMA public TO momentum_password")
        #expect(try PostgresStore.open(location, as: "ada").planCount() == 0)
    }

    /// The test server lets momentum_tls in over TLS only (when openssl made it a certificate):
    /// sslmode=prefer and require connect encrypted; disable is refused, with what to do.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "no openssl, so the test server has no certificate"))
    func connectsOverTLSWhenTheServerRequiresIt() throws {
        var location = try PostgresTestServer.freshDatabase()
        try PostgresTestServer.execute(location, "GRANT CREATE, USAGE ON SCHEMA public TO momentum_tls")
        location.user = "momentum_tls"
        location.tls = .disable
        #expect { try PostgresStore.open(location, as: "ada") } throws: { error in
            "\(error)".contains("no encryption). It accepts only TLS: use sslmode=prefer or require.")
        }
        for mode in [PostgresLocation.TLSMode.prefer, .require] {
            location.tls = mode
            #expect(try PostgresStore.open(location, as: "ada").planCount() == 0)
        }
        location.tls = .verifyFull
        #expect { try PostgresStore.open(location, as: "ada") } throws: { error in
            "\(error)".contains("the TLS handshake with \(location.host):\(location.port) failed")
        }
    }

    /// Two people, two connections, 500 wins each on the same plan at the same moment: each win is
    /// one transaction holding the plan's row, so all 1,000 land.
    @Test func twoPeopleLoggingWinsAtOnceLoseNone() throws {
        let location = try PostgresTestServer.freshDatabase()
        let stores = [try PostgresStore.open(location, as: "ada"), try PostgresStore.open(location, as: "ben")]
        let id = try stores[0].save(StoreTests.plan, describing: "create", at: StoreTests.date)
        let failures = NSLock()
        nonisolated(unsafe) var errors: [String] = []
        DispatchQueue.concurrentPerform(iterations: 2) { person in
            for index in 0..<500 {
                do {
                    try stores[person].update(id, describing: "done", at: StoreTests.date) { plan in
                        plan.wins.append(Win(milestone: 1, date: StoreTests.date + Double(index), note: "\(stores[person].person) \(index)"))
                    }
                } catch { failures.withLock { errors.append("\(error)") } }
            }
        }
        #expect(errors == [])
        let notes = try stores[1].wins(planID: id, since: nil, until: nil, latest: nil, by: nil).map(\.win.note)
        #expect(notes.count == 1_000)
        #expect(Set(notes) == Set((0..<500).flatMap { ["ada \($0)", "ben \($0)"] }))
        #expect(try stores[0].wins(planID: nil, since: nil, until: nil, latest: 3, by: "ben").map(\.win.by) == ["ben", "ben", "ben"])
    }

    /// Undo is per person: yours reverts your change; when someone changed the plan after it, it
    /// refuses, naming them, and leaves their change in place.
    @Test func undoNeverRevertsSomeoneElsesChange() throws {
        let location = try PostgresTestServer.freshDatabase()
        let ada = try PostgresStore.open(location, as: "ada")
        let ben = try PostgresStore.open(location, as: "ben")
        let first = try ada.save(StoreTests.plan, describing: "create plan 1", at: StoreTests.date)
        let second = try ben.save(Plan(goal: "Ben's own plan"), describing: "create plan 2", at: StoreTests.date)
        try ada.update(first, describing: "rename plan 1", at: StoreTests.date) { $0.goal = "Ship billing" }
        try ben.update(first, describing: "done 1.1", at: StoreTests.date) { $0.milestones[0].status = .done }
        #expect { try ada.undo() } throws: { error in
            "\(error)".contains("cannot undo \"rename plan 1\": plan \(first) was changed since by ben at ")
        }
        let plan = try #require(try ada.plan(first))
        #expect(plan.goal == "Ship billing")
        #expect(plan.milestones[0].status == .done)
        #expect(try ben.undo() == "done 1.1")
        #expect(try ben.undo() == "create plan 2")
        #expect(try ada.plan(second) == nil)
        #expect(try ada.plan(first)?.milestones[0].status == .open)
        #expect(try ben.undo() == nil)
    }

    /// Each person's drafts are theirs; a draft a live shell holds is not offered to another shell
    /// of the same person, and is once that shell's connection has ended.
    @Test func draftsBelongToTheirPersonAndTheirShell() throws {
        let location = try PostgresTestServer.freshDatabase()
        var form = Form.newPlan()
        form.answers = [Answer(key: .goal, value: "Ship")]
        do {
            let ada = try PostgresStore.open(location, as: "ada")
            try ada.saveDraft(form, at: StoreTests.date)
            #expect(try PostgresStore.open(location, as: "ben").draft() == nil)
            #expect(try PostgresStore.open(location, as: "ada").draft() == nil)
        }
        let adaAgain = try PostgresStore.open(location, as: "ada")
        var resumed: Form?
        for _ in 0..<100 where resumed == nil {
            resumed = try adaAgain.draft()
            if resumed == nil { usleep(20_000) }
        }
        #expect(resumed == form)
    }

    /// After the server ended its connection (a restart does that to every shell), an open shell
    /// waited forever on its next command. It connects again, and keeps hold of its draft.
    @Test func aShellWhoseConnectionTheServerEndedConnectsAgainAndKeepsItsDraft() throws {
        let location = try PostgresTestServer.freshDatabase()
        let ada = try PostgresStore.open(location, as: "ada")
        let id = try ada.save(Plan(goal: "Ship the billing page", metric: Metric(name: "upgrades")), describing: "create", at: StoreTests.date)
        var form = Form.newPlan()
        form.answers = [Answer(key: .goal, value: "Run a 10k")]
        try ada.saveDraft(form, at: StoreTests.date)
        try PostgresTestServer.execute(location, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        for _ in 0..<100 where !ada.connectionIsClosed { usleep(20_000) }
        #expect(ada.connectionIsClosed, "the server ended the connection")
        #expect(try ada.plan(id)?.goal == "Ship the billing page")
        #expect(try ada.draft() == form)
        #expect(try PostgresStore.open(location, as: "ada").draft() == nil, "the draft is still this shell's")
    }
}

extension PostgresStoreTests {
    /// A personal store to the team's database and back: the same plans, numbers, wins, reviews and settings.
    @Test func aStoreMovesToTheServerAndBackWhole() throws {
        let personal = try Store.inMemory()
        var plan = StoreTests.plan
        plan.wins = [StoreTests.win(1, 0), StoreTests.win(1, 1)]
        plan.milestones[0].importedTask = StoreTests.importedTask
        plan.milestones[1].givenTimeboxDays = nil
        let id = try personal.save(plan, describing: "create", at: StoreTests.date)
        try personal.saveReview("A good week", at: StoreTests.date)
        try personal.setSetting("skips-per-week", to: "3")
        let team = try PostgresTestServer.freshStore(as: "ada")
        try team.copyIn(plans: try personal.allPlans(), reviews: try personal.reviews(), settings: try personal.allSettings())
        let back = try Store.inMemory()
        try back.copyIn(plans: try team.allPlans(), reviews: try team.reviews(), settings: try team.allSettings())
        var expected = try #require(try personal.plan(id))
        expected.milestones = expected.milestones.map { var m = $0; m.owner = "ada"; return m }
        let returned = try #require(try back.plan(id))
        #expect(returned.milestones == expected.milestones)
        #expect(returned.wins.map(\.note) == expected.wins.map(\.note))
        #expect(try team.wins(planID: id, since: nil, until: nil, latest: nil, by: "ada").count == 2)
        #expect(try back.reviews().map(\.body) == ["A good week"])
        #expect(try back.setting("skips-per-week") == "3")
    }
}

/// URLs and credentials, read as libpq reads them; no server needed.
@Suite struct PostgresLocationTests {
    @Test func readsEveryPartOfAURLAndHidesThePassword() throws {
        let location = try PostgresLocation(url: "postgresql://sam%40team:s%3Acret@db.example:6543/plans?sslmode=require", environment: [:])
        #expect(location == PostgresLocation(host: "db.example", port: 6543, database: "plans", user: "sam@team", password: "s:cret", tls: .require))
        #expect(location.description == "postgres://sam@team@db.example:6543/plans")
    }

    @Test func fillsWhatTheURLLeavesOutFromTheEnvironment() throws {
        let location = try PostgresLocation(url: "postgres://", environment: ["PGHOST": "h", "PGPORT": "7000", "USER": "lin", "PGPASSWORD": "pw"],
                                            homeDirectory: "/nonexistent")
        #expect(location == PostgresLocation(host: "h", port: 7000, database: "lin", user: "lin", password: "pw", tls: .prefer))
        let socket = try PostgresLocation(url: "postgres:///team?host=/run/postgresql", environment: ["USER": "lin"], homeDirectory: "/nonexistent")
        #expect(socket.socketDirectory == "/run/postgresql")
        #expect(socket.database == "team")
    }

    @Test func takesThePasswordFromAPassfileOnlyWhenOthersCannotReadIt() throws {
        let folder = StoreTests.scratchDirectory()
        let passfile = folder + "/.pgpass"
        try """
            # host:port:database:user:password
            other:5432:*:sam:not-this-one
            db.example:*:plans:sam:pa\\:ss\\\\word
            """.write(toFile: passfile, atomically: true, encoding: .utf8)
        chmod(passfile, 0o600)
        let location = try PostgresLocation(url: "postgres://sam@db.example/plans", environment: [:], homeDirectory: folder)
        #expect(location.password == "pa:ss\\word")
        #expect(try PostgresLocation(url: "postgres://sam@db.example/plans?passfile=\(passfile)", environment: [:]).password == "pa:ss\\word")
        #expect(try PostgresLocation(url: "postgres://sam@db.example/plans", environment: ["PGPASSWORD": "env"], homeDirectory: folder).password == "env")
        chmod(passfile, 0o644)
        #expect(try PostgresLocation(url: "postgres://sam@db.example/plans", environment: [:], homeDirectory: folder).password == nil)
    }

    @Test func refusesAnUnknownSSLMode() {
        #expect { try PostgresLocation(url: "postgres://h/db?sslmode=sometimes", environment: [:]) } throws: { error in
            "\(error)".contains("sslmode=sometimes is not one Momentum knows")
        }
    }

    /// A port nothing listens on: the error names the server and says what to check.
    @Test func explainsAServerThatCannotBeReached() throws {
        let location = try PostgresLocation(url: "postgres://ada@127.0.0.1:1/team?sslmode=disable", environment: [:])
        #expect { try PostgresStore.open(location, as: "ada") } throws: { error in
            "\(error)".hasPrefix("postgres://ada@127.0.0.1:1/team: cannot reach the PostgreSQL server at 127.0.0.1:1 (")
                && "\(error)".contains("Check that it runs and listens there (pg_isready -h 127.0.0.1 -p 1)")
        }
    }
}
