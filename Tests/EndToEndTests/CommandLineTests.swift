import Foundation
import Testing

/// The subcommands' exit codes and located errors, as scripts and CI see them.
@Suite struct CommandLineTests {
    @Test func anInstalledCopyCarriesItsDefaultRules() throws {
        let directory = try MomentumProcess.scratchDirectory()
        let copy = directory + "/momentum"
        try FileManager.default.copyItem(atPath: TerminalTests.binary, toPath: copy)
        let listed = try MomentumProcess.run(["rules", "list", "--home", directory], binary: copy)
        #expect(listed.status == 0)
        #expect(listed.output.contains("vanity-audience-size"))
        let count = listed.output.split(separator: "\n").last.flatMap { Int($0.prefix { $0.isNumber }) } ?? 0
        #expect(count >= 40 && listed.output.hasSuffix(" rules from defaults.\n"), "\(listed.output)")
        let tested = try MomentumProcess.run(["rules", "test", "--home", directory], binary: copy)
        #expect(tested.status == 0, "\(tested.output)")
    }

    @Test(arguments: [
        (["shw", "1"], "momentum: unknown command 'shw'. Did you mean 'momentum show'?\nSee momentum --help; momentum alone starts the shell.\n"),
        (["start"], "momentum: unknown command 'start'. Did you mean 'momentum new'?\nSee momentum --help; momentum alone starts the shell.\n"),
    ])
    func anUnknownSubcommandSaysWhatWasMeant(arguments: [String], message: String) throws {
        let result = try MomentumProcess.run(arguments + ["--home", try MomentumProcess.scratchDirectory()])
        #expect(result.status == 64)
        #expect(result.output == message)
    }

    /// A newcomer's `momentum --home DIR help skip` was "Unknown option '--home'" though the README
    /// says the global options go before or after any command.
    @Test(arguments: [["--home", "H", "help", "skip"], ["help", "skip", "--home", "H"], ["help", "--store=x.sqlite", "skip"]])
    func helpTakesTheGlobalOptionsAnywhere(arguments: [String]) throws {
        let home = try MomentumProcess.scratchDirectory()
        let result = try MomentumProcess.run(arguments.map { $0 == "H" ? home : $0 })
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("USAGE: momentum skip"), "\(result.output)")
    }

    /// A shell started with only global options skips ArgumentParser (start-up, docs/BENCHMARKS.md):
    /// every spelling must still reach the same home and rules, and a wrong one ArgumentParser's error.
    @Test(arguments: [["--home", "H", "--rules", "R"], ["--home=H", "--rules=R"], ["--rules", "R", "--home=H", "--as", "dana"]])
    func theShellTakesGlobalOptionsInEverySpelling(arguments: [String]) throws {
        let home = try MomentumProcess.scratchDirectory()
        let rules = home + "/broken.yml"
        try "version: 1\nrules: [\n".write(toFile: rules, atomically: true, encoding: .utf8)
        _ = try MomentumProcess.run(["--home", home], input: "new Retile the bathroom\n")
        let started = try MomentumProcess.run(arguments.map { $0.replacingOccurrences(of: "H", with: home).replacingOccurrences(of: "R", with: rules) }, input: "")
        #expect(started.status == 0, "\(started.output)")
        #expect(started.output.contains("You have an unfinished plan \"Retile the bathroom\"."), "\(started.output)")
        #expect(started.output.contains("1 problem in your rule files; the rest loaded."), "\(started.output)")
    }

    /// A trial's `momentum done 1.4 --bogus` was told to "Type help done", which is the shell's wording.
    @Test func anUnknownOptionPointsToTheCommandLineHelp() throws {
        let result = try MomentumProcess.run(["done", "1.1", "--bogus", "--home", try MomentumProcess.scratchDirectory()], input: "")
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("Unknown option '--bogus' for done; done takes --on. Run momentum help done."), "\(result.output)")
    }

    @Test(arguments: [["--home"], ["--hmoe", "x"], ["--home", "-x"]])
    func aWrongGlobalOptionIsExplained(arguments: [String]) throws {
        let result = try MomentumProcess.run(arguments, input: "")
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("Error:"), "\(result.output)")
    }

    /// A newcomer's own rule at level warning showed as a tip: the meaning layer, fitted to the
    /// shipped rules' mistakes, lowered it. A rule someone wrote is taken at the level they chose.
    @Test func yourOwnWarningRuleStaysAWarning() throws {
        let home = try MomentumProcess.scratchDirectory()
        try FileManager.default.createDirectory(atPath: home + "/rules", withIntermediateDirectories: true)
        let rule = [
            "version: 1", "rules:", "  - id: mine-pinterest", "    kind: phrase", "    level: warning", "    applies-to: [milestone]",
            "    phrases: [pinterest]", "    message: \"'{match}' is inspiration, not progress.\"", "    ask: \"What will you decide from it?\"",
        ].joined(separator: "\n") + "\n"
        try rule.write(toFile: home + "/rules/mine.yml", atomically: true, encoding: .utf8)
        try #"{"version": 1, "goal": "Retile the bathroom", "metric": {"name": "tiles laid"}, "milestones": [{"title": "look at pinterest for tile ideas", "criterion": "Three tiles chosen", "artifact": "a photo", "timeboxDays": 1, "moves": "tiles laid"}]}"#
            .write(toFile: home + "/plan.json", atomically: true, encoding: .utf8)
        let checked = try MomentumProcess.run(["check", home + "/plan.json", "--home", home])
        #expect(checked.output.contains("step 1: warning: 'pinterest' is inspiration, not progress. [mine-pinterest]"), "\(checked.output)")
        #expect(checked.status == 1)
    }

    /// `momentum new "Another goal"` refused over a forgotten draft, and exited 0.
    @Test func aNewRefusedOverAnUnfinishedDraftExitsOne() throws {
        let home = try MomentumProcess.scratchDirectory()
        _ = try MomentumProcess.run(["--home", home], input: "new Retile the bathroom\n")
        let refused = try MomentumProcess.run(["new", "Another goal", "--home", home], input: "")
        #expect(refused.status == 1, "\(refused.output)")
        #expect(refused.output.contains("You have an unfinished plan \"Retile the bathroom\"."), "\(refused.output)")
    }

    /// `momentum --home DIR new -- "-5 kg by summer"` put `--home DIR` into the goal and saved the
    /// draft in the default store; a file argument after `--` is pointed at `./-name`.
    @Test func theEndOfOptionsKeepsTheHomeAndTheGoal() throws {
        let home = try MomentumProcess.scratchDirectory()
        _ = try MomentumProcess.run(["--home", home, "new", "--", "-5 kg by summer"], input: "")
        let discarded = try MomentumProcess.run(["discard", "--home", home]).output
        #expect(discarded.hasPrefix("Dropped the unfinished plan \"-5 kg by summer\"."), "\(discarded)")
        let imported = try MomentumProcess.run(["import", "--home", home, "--", "-x.json"])
        #expect(imported.status == 64)
        #expect(imported.output.contains("import takes no '--'; a file whose name starts with a dash is written ./-name."), "\(imported.output)")
    }

    /// `momentum help nosuch` printed the overview and exited 0.
    @Test func helpOnAnUnknownCommandSaysSo() throws {
        let result = try MomentumProcess.run(["help", "shw"])
        #expect(result.status == 64)
        #expect(result.output.hasPrefix("momentum: unknown command 'shw'. Did you mean 'momentum show'?"), "\(result.output)")
    }

    /// `momentum show 99 --format json | jq` read "No plan matches" as broken JSON: a one-shot
    /// command's errors go to stderr.
    @Test func aOneShotCommandsErrorsGoToStandardError() throws {
        let home = try MomentumProcess.scratchDirectory()
        let stdoutOnly = try Child.run(["sh", "-c", "\"$0\" show 99 --format json --home \"$1\" 2>/dev/null", TerminalTests.binary, home])
        #expect(stdoutOnly.status == 1)
        #expect(stdoutOnly.output.isEmpty, "\(stdoutOnly.output)")
        let stderrOnly = try Child.run(["sh", "-c", "\"$0\" show 99 --format json --home \"$1\" 2>&1 >/dev/null", TerminalTests.binary, home])
        #expect(stderrOnly.output == "No plan matches '99'. Run momentum plans to see them.\n")
    }

    /// A one-shot command said "Type plans to see them", shell words at a shell prompt; inside a
    /// flow it asks, as in the shell, "Type" stays.
    @Test func aOneShotCommandSaysWhatToRun() throws {
        let home = try MomentumProcess.scratchDirectory()
        #expect(try MomentumProcess.run(["show", "9", "--home", home]).output == "No plan matches '9'. Run momentum plans to see them.\n")
        let file = TerminalTests.root + "/transcripts/fixtures/podcast-todo.txt"
        _ = try MomentumProcess.run(["import", file, "--home", home])
        #expect(try MomentumProcess.run(["drop", "1", "--home", home]).output.hasSuffix("Run momentum undo to bring it back.\n"))
        // Data is not rewritten: a goal that says "Type new labels" stays as it is.
        try #"{"version": 1, "goal": "Type new labels for the shelves", "metric": {"name": "m"}}"#.write(toFile: home + "/labels.json", atomically: true, encoding: .utf8)
        _ = try MomentumProcess.run(["import", home + "/labels.json", "--home", home])
        let listed = try MomentumProcess.run(["plans", "--format", "json", "--home", home]).output
        #expect(listed.contains("Type new labels for the shelves") && !listed.contains("Run momentum new labels"), "\(listed)")
    }

    /// Importing the same file again made a second, identical plan without a word.
    @Test func importingAFileAgainSaysThePlanIsARepeat() throws {
        let home = try MomentumProcess.scratchDirectory()
        let file = TerminalTests.root + "/transcripts/fixtures/podcast-todo.txt"
        #expect(!(try MomentumProcess.run(["import", file, "--home", home]).output.contains("same goal")))
        let again = try MomentumProcess.run(["import", file, "--home", home])
        #expect(again.status == 0)
        #expect(again.output.contains("Plan 2 has the same goal as plan 1: if it is a copy you did not mean, undo --yes takes this import back."), "\(again.output)")
        // "Run momentum undo again" asked again each run: a one-shot forgets the question.
        #expect(try MomentumProcess.run(["undo", "--home", home]).output.contains("Run momentum undo --yes to remove it; anything else keeps it."))
        #expect(try MomentumProcess.run(["undo", "--yes", "--home", home]).output.contains("Undid: import plan"))
    }

    /// README promises exit 2 for a plan file import cannot read; it exited 1, and a folder was
    /// said to need its permissions checked.
    @Test(arguments: [
        ("missing.json", "Error: FILE: no such file"),
        ("", "Error: FILE: is a folder; name a file in it"),
        ("cut.json", "FILE:1:14: the file ends inside a plan or the list of plans (a missing } or ]?). Nothing was imported."),
        ("numbers.json", "FILE:1:2: expected a plan object. Nothing was imported."),
    ])
    func anImportFileThatCannotBeUsedExitsTwo(name: String, message: String) throws {
        let directory = try MomentumProcess.scratchDirectory()
        let file = directory + "/" + name
        try #"{"version": 1"#.write(toFile: directory + "/cut.json", atomically: true, encoding: .utf8)
        try "[1]".write(toFile: directory + "/numbers.json", atomically: true, encoding: .utf8)
        let result = try MomentumProcess.run(["import", file, "--home", directory + "/home"])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.output == message.replacingOccurrences(of: "FILE", with: file) + "\n")
    }

    /// A mistyped `--store stores/nope/x/y.sqlite` made the folders and an empty store, and said
    /// "No plans yet"; the same for MOMENTUM_STORE.
    @Test(arguments: [true, false])
    func aStoreInAFolderThatDoesNotExistIsRefused(byOption: Bool) throws {
        let directory = try MomentumProcess.scratchDirectory()
        let store = directory + "/stores/nope/y.sqlite"
        let result = byOption
            ? try MomentumProcess.run(["plans", "--home", directory, "--store", store])
            : try MomentumProcess.run(["plans", "--home", directory], environment: ["MOMENTUM_STORE": store])
        #expect(result.status == 2)
        #expect(result.output == "momentum: \(store): the folder \(directory)/stores/nope does not exist (a mistyped \(byOption ? "--store" : "MOMENTUM_STORE")?). Create it, or name a store in a folder that exists. Nothing was created.\n")
        #expect(!FileManager.default.fileExists(atPath: directory + "/stores"))
    }

    @Test func aFileGivenAsTheHomeIsRefused() throws {
        let file = try MomentumProcess.scratchDirectory() + "/not-a-folder"
        FileManager.default.createFile(atPath: file, contents: Data("keep me".utf8))
        let result = try MomentumProcess.run(["--home", file], input: "quit\n")
        #expect(result.status == 2)
        #expect(result.output == "momentum: \(file): is a file; the Momentum home is a folder. Pass --home with a folder (it is created if missing).\n")
        #expect(FileManager.default.contents(atPath: file) == Data("keep me".utf8))
    }

    @Test func checkExitsZeroOneOrTwo() throws {
        let directory = try MomentumProcess.scratchDirectory()
        let good = directory + "/good.json", vain = directory + "/vain.json", broken = directory + "/broken.json"
        try #"{"version": 1, "goal": "Ship the billing page", "metric": {"name": "upgrades per week"}, "milestones": [{"title": "Connect checkout on staging", "criterion": "A test card upgrade succeeds on staging", "artifact": "https://staging.example.org/checkout", "timeboxDays": 2, "moves": "first upgrades per week"}]}"#
            .write(toFile: good, atomically: true, encoding: .utf8)
        try #"[{"version": 1, "goal": "Grow", "metric": {"name": "Twitter followers"}, "milestones": [{"title": "Post daily", "moves": "followers"}]}]"#
            .write(toFile: vain, atomically: true, encoding: .utf8)
        try #"{"version": 1, "goal": "x", "metric": {"name": "m"}, "milestones": [{"title": "a", "timeboxDays": "two"}]}"#
            .write(toFile: broken, atomically: true, encoding: .utf8)

        let clean = try MomentumProcess.run(["check", good, "--home", directory])
        #expect(clean.status == 0, "\(clean.output)")
        let flagged = try MomentumProcess.run(["check", vain, "--home", directory])
        #expect(flagged.status == 1)
        #expect(flagged.output.contains("\(vain): plan 1 \"Grow\": metric: warning: 'followers' can grow while nothing you care about moves. [vanity-audience-size]"))
        let json = try MomentumProcess.run(["check", vain, "--format", "json", "--home", directory])
        #expect(json.status == 1)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect((decoded?["findings"] as? [[String: Any]])?.contains { $0["path"] as? String == "milestones[0].moves" } == true)
        let bad = try MomentumProcess.run(["check", broken, "--home", directory])
        #expect(bad.status == 2)
        #expect(bad.output == "\(broken): $.milestones[0].timeboxDays: expected a number\n")
    }

    @Test func lintAndTestFailOnABrokenRuleFileWithItsLocation() throws {
        let directory = try MomentumProcess.scratchDirectory()
        let file = directory + "/team.yml"
        try """
        version: 1
        rules:
          - id: team-rule
            kind: phrase
            level: warnig
            applies-to: [metric]
            phrases: [followers]
            message: "m"
            ask: "a"
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let lint = try MomentumProcess.run(["rules", "lint", file])
        #expect(lint.status == 1)
        #expect(lint.output.hasPrefix("\(file):5:12: error: [team-rule] unknown level 'warnig' (did you mean 'warning'?); levels are info, warning, error\n"))
        let test = try MomentumProcess.run(["rules", "test", file])
        #expect(test.status == 1)
        #expect(test.output.contains(" failed (") && test.output.hasSuffix("; it fails on 1 problem in the rule files, above (their rules were not tested)\n"), "\(test.output)")
        #expect(try MomentumProcess.run(["rules", "frobnicate"]).status == 2)
    }

    /// A trial's `replay --rules` with a mistyped path "differed" (exit 1) on every transcript.
    @Test func replayRefusesRulesThatDoNotLoad() throws {
        let directory = try MomentumProcess.scratchDirectory()
        let file = directory + "/t.md"
        try "---\nmomentum-transcript: 1\ndate: 2026-11-20T09:00:00Z\n---\nMomentum 0.1.0. Type new to plan a goal, help for commands.\nmomentum> quit\nBye.\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let result = try MomentumProcess.run(["replay", "--rules", directory + "/missing.yml", file])
        #expect(result.status == 2)
        #expect(result.output == "\(directory)/missing.yml: error: no such rule file or directory\nmomentum replay: the --rules given have 1 problem (above); fix them and replay again. Nothing was replayed.\n")
    }

    @Test func aStoreThatIsNotSQLiteIsRefusedAndKept() throws {
        let directory = try MomentumProcess.scratchDirectory()
        let store = directory + "/notes.txt"
        try "my notes".write(toFile: store, atomically: true, encoding: .utf8)
        let result = try MomentumProcess.run(["plans", "--home", directory, "--store", store])
        #expect(result.status == 2)
        #expect(result.output == "momentum: \(store): this file is not a Momentum store (not a SQLite database). Move it aside, or pass --store with another path. It was not changed.\n")
        #expect(try String(contentsOfFile: store, encoding: .utf8) == "my notes")
    }

    @Test func replaySaysWhenTheSessionRanWithOtherRules() throws {
        let directory = try MomentumProcess.scratchDirectory()
        let file = directory + "/t.md"
        try "---\nmomentum-transcript: 1\ndate: 2026-11-20T09:00:00Z\nrules: defaults + /home/dana/team.yml\n---\nMomentum 0.1.0. Type new to plan a goal, help for commands.\nmomentum> quit\nBye.\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let result = try MomentumProcess.run(["replay", file])
        #expect(result.status == 0)
        #expect(result.output.contains("\(file): note: recorded with rules 'defaults + /home/dana/team.yml', replayed with 'defaults'; pass the same --rules to reproduce its findings"))
    }
}
