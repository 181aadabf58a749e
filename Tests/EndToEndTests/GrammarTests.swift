import Foundation
import MomentumCore
import Testing

/// Issue 10: one declaration per command (`CommandInfo.all`) drives both doors, the command line
/// and the shell: help, arguments, options and their errors.
@Suite struct GrammarTests {
    static let commands = CommandInfo.all.map(\.name).filter { !["help", "quit"].contains($0) }

    static func words(_ text: some StringProtocol) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test(arguments: commands)
    func everyCommandThroughBothDoors(name: String) throws {
        let info = try #require(CommandInfo.named(name))
        let home = try MomentumProcess.scratchDirectory()
        let help = try MomentumProcess.run([name, "--help"])
        #expect(help.status == 0)
        #expect(Self.words(help.output).contains(Self.words(info.summary)), "\(help.output)")
        if let arguments = info.arguments, let text = arguments.split(separator: ":", maxSplits: 1).last {
            #expect(Self.words(help.output).contains(Self.words(text)), "\(help.output)")
        }
        let shell = try MomentumProcess.run(["--home", home], input: "help \(name)\n\(name) --bogus\n")
        #expect(shell.output.contains("momentum> help \(name)\n\(info.usage)\n  \(info.summary)\n"), "\(shell.output)")
        guard !info.freeText else { return }
        // check's FILE is required, and ArgumentParser names a missing argument first.
        let line = try MomentumProcess.run([name] + (name == "check" ? ["plan.json"] : []) + ["--bogus", "--home", home])
        #expect(line.status == 64)
        #expect(line.output.contains("'--bogus'"), "\(line.output)")
        #expect(shell.output.contains("'--bogus'"), "\(shell.output)")
    }

    @Test func helpListsEveryCommand() throws {
        let help = try MomentumProcess.run(["--help"])
        for name in Self.commands {
            #expect(help.output.contains("\n  \(name) "), "\(name) is missing from momentum --help")
        }
    }

    @Test func globalOptionsGoBeforeOrAfterTheCommand() throws {
        let home = try MomentumProcess.scratchDirectory()
        #expect(try MomentumProcess.run(["--home", home, "plans"]) == (0, "No plans yet. Run momentum new to make one.\n"))
        #expect(try MomentumProcess.run(["plans", "--home", home]) == (0, "No plans yet. Run momentum new to make one.\n"))
        #expect(try MomentumProcess.run(["--home=\(home)", "plans", "--all"]) == (0, "No plans yet. Run momentum new to make one.\n"))
    }

    @Test func newWithAGoalStartsTheFlowAndResumeContinuesIt() throws {
        let home = try MomentumProcess.scratchDirectory()
        let started = try MomentumProcess.run(["new", "Ship the billing page", "--home", home], input: "")
        #expect(started.output.contains("Goal: Ship the billing page\nWhy does it matter?"), "\(started.output)")
        let resumed = try MomentumProcess.run(["resume", "--home", home], input: "")
        #expect(resumed.output.hasPrefix("Picking up your plan \"Ship the billing page\".\nWhy does it matter?"), "\(resumed.output)")
    }

    @Test func anUnknownFlagIsNamedAtBothDoors() throws {
        let home = try MomentumProcess.scratchDirectory()
        let line = try MomentumProcess.run(["plans", "--json", "--home", home])
        #expect(line.status == 64)
        #expect(line.output.contains("Unknown option '--json' for plans; plans takes --all, --page, --owner, --format."))
        let shell = try MomentumProcess.run(["--home", home], input: "plans --json\n")
        #expect(shell.output.contains("Unknown option '--json' for plans; plans takes --all, --page, --owner, --format."))
    }

    /// The listings as data, with the keys docs/listings.md promises.
    @Test(arguments: [
        (["plans"], ["done", "goal", "id", "lastWin", "next", "status", "total"]),
        (["wins"], ["by", "date", "evidence", "metric", "metricReading", "milestone", "note", "plan"]),
        (["reviews"], ["body", "date"]),
        (["sessions"], ["firstInput", "id", "lines", "rules", "startedAt", "timeZone"]),
    ])
    func listingsAsJSON(command: [String], keys: [String]) throws {
        let home = try MomentumProcess.scratchDirectory()
        #expect(try MomentumProcess.run(["import", TerminalTests.root + "/transcripts/fixtures/billing-plan.json", "--home", home]).status == 0)
        _ = try MomentumProcess.run(["--home", home], input: "done 1.1\nCompared Stripe and Paddle in a one-page note\nskip\n3\nquit\n")
        _ = try MomentumProcess.run(["--home", home], input: "review\nskip\nskip\nskip\nquit\n")
        let result = try MomentumProcess.run(command + ["--format", "json", "--home", home])
        #expect(result.status == 0, "\(result.output)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]], "\(result.output)")
        #expect(!rows.isEmpty, "\(command)")
        #expect(rows.allSatisfy { $0.keys.sorted() == keys }, "\(rows)")
    }

    @Test func showAsJSONCarriesThePlanAndItsFindings() throws {
        let home = try MomentumProcess.scratchDirectory()
        #expect(try MomentumProcess.run(["import", TerminalTests.root + "/transcripts/fixtures/billing-plan.json", "--home", home]).status == 0)
        let result = try MomentumProcess.run(["show", "1", "--format", "json", "--home", home])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object.keys.sorted() == ["findings", "id", "plan"])
        #expect((object["plan"] as? [String: Any])?["goal"] as? String == "Ship the billing page")
    }
}
