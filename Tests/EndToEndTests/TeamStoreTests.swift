import Foundation
import Testing

/// The server `make test` started, if any.
private let testServer = ProcessInfo.processInfo.environment["MOMENTUM_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

/// Two people in two shells on one PostgreSQL database, through the real binary: they mark wins
/// at the same moment, both land with their names, and one's undo never takes back the other's
/// change. Skipped, and reported so, without a server (`make test` starts one).
@Suite(.enabled(if: testServer != nil, "MOMENTUM_TEST_POSTGRES is not set, so there is no PostgreSQL server (make test starts one with scripts/postgres-test-server.sh)"))
struct TeamStoreTests {
    /// A new database on the test server, with psql (installed with the server).
    static func freshStore() throws -> String {
        let url = try #require(testServer)
        let name = "momentum_team_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let base = url.prefix { $0 != "?" }
        let maintenance = base[..<(base.lastIndex(of: "/") ?? base.endIndex)] + "/postgres"
        let created = try Child.run(["psql", String(maintenance), "-qc", "CREATE DATABASE \(name)"])
        #expect(created.status == 0, "\(created.output)")
        return maintenance.dropLast("postgres".count) + name
    }

    @Test func twoPeopleMarkWinsAtOnceAndUndoOnlyTheirOwn() throws {
        let store = try Self.freshStore()
        let home = try MomentumProcess.scratchDirectory()
        let common = ["--home", home, "--store", store]
        let imported = try MomentumProcess.run(["import", TerminalTests.root + "/transcripts/fixtures/billing-plan.json", "--as", "ada"] + common)
        #expect(imported.status == 0, "\(imported.output)")

        let ada = try Child([TerminalTests.binary, "--as", "ada"] + common,
                            input: .text("done 1.1\nCompared Stripe and Paddle in a one-page note\nskip\n3\nquit\n"))
        let ben = try Child([TerminalTests.binary, "--as", "ben"] + common,
                            input: .text("done 1.2\nA test card upgrade went through on staging\nskip\n4\nquit\n"))
        #expect(try ada.wait() == 0)
        #expect(try ben.wait() == 0)

        let wins = try MomentumProcess.run(["wins", "--format", "json"] + common)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(wins.output.utf8)) as? [[String: Any]], "\(wins.output)")
        #expect(Set(rows.compactMap { "\($0["milestone"] ?? "") \($0["by"] ?? "")" }) == ["1 ada", "2 ben"])

        let archived = try MomentumProcess.run(["archive", "1", "--as", "ben"] + common)
        #expect(archived.status == 0, "\(archived.output)")
        let refused = try MomentumProcess.run(["undo", "--as", "ada"] + common)
        #expect(refused.status == 1)
        #expect(refused.output.contains("cannot undo \"done 1.1\": plan 1 was changed since by ben at "), "\(refused.output)")
        #expect(try MomentumProcess.run(["show", "1", "--as", "ada"] + common).output.contains("Plan 1 (archived)"))
        #expect(try MomentumProcess.run(["undo", "--as", "ben"] + common).output.contains("Undid: archive plan 1."))
        let byBen = try MomentumProcess.run(["wins", "--by", "ben"] + common)
        #expect(byBen.output.contains("1.2  A test card upgrade went through on staging  (upgrades per week: 4)  — ben"), "\(byBen.output)")
    }
}
