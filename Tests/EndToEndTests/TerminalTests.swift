import Foundation
import MomentumCore
import Testing

/// The real binary in a real terminal (tmux), typed at as a person would.
@Suite(.serialized) struct TerminalTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let binary = root + "/.build/debug/momentum"

    /// One tmux session running momentum on a fresh home, on a tmux server of its own.
    ///
    /// Not one server for the run: tmux's server exits when its last session is killed, and the
    /// next test's `new-session` could reach it while it was exiting ("server exited
    /// unexpectedly", a CI failure). A server per terminal also never sees or disturbs the user's.
    final class Terminal {
        let name = "momentum-test-\(UUID().uuidString.prefix(8))"
        let home: String

        /// `environment` is prefixed to the command: NO_COLOR=1 unless a test is about colour.
        init(home: String? = nil, environment: String = "NO_COLOR=1", columns: Int = 120) throws {
            self.home = home ?? NSTemporaryDirectory() + "momentum-e2e-\(UUID().uuidString)"
            try tmux(["new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "50",
                                    "env \(environment) LANG=C.UTF-8 LC_ALL=C.UTF-8 \(TerminalTests.binary) --home \(self.home); sleep 30"])
            try wait(for: "momentum>")
        }

        /// Types a line and presses Enter.
        func enter(_ text: String) throws {
            try type(text)
            try keys("Enter")
        }

        func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }
        func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

        var screen: String { (try? tmux(["capture-pane", "-p", "-t", name])) ?? "" }
        /// Everything printed since the start, wrapped lines joined, trailing blanks trimmed.
        var scrollback: String {
            TerminalTests.trimmed((try? tmux(["capture-pane", "-p", "-J", "-S", "-", "-t", name])) ?? "")
        }
        /// How many prompts (`goal>`, `why> …`) the output holds so far.
        var promptLines: Int { scrollback.split(separator: "\n").count { $0.wholeMatch(of: /[a-z-]+>( .*)?/) != nil } }
        /// The screen with its colour escape codes.
        var screenWithEscapes: String { (try? tmux(["capture-pane", "-e", "-p", "-t", name])) ?? "" }

        @discardableResult
        func wait(for text: String, count: Int = 1) throws -> String {
            try wait(until: "\(count) × \(text.debugDescription)") { $0.components(separatedBy: text).count - 1 >= count }
        }

        /// Waits until the whole output so far satisfies `condition`, for at most 10 s.
        @discardableResult
        func wait(until what: String, _ condition: (String) -> Bool) throws -> String {
            for _ in 0..<100 {
                let output = scrollback
                if condition(output) { return output }
                Thread.sleep(forTimeInterval: 0.1)
            }
            Issue.record("timed out waiting for \(what); output:\n\(scrollback)")
            throw CancellationError()
        }

        @discardableResult
        func tmux(_ arguments: [String]) throws -> String {
            let (status, output) = try Child.run(["tmux", "-S", socket] + arguments, timeout: 30)
            guard status == 0 else { throw Child.Failure(description: "tmux \(arguments.joined(separator: " ")): \(output)") }
            return output
        }

        /// tmux leaves its socket behind when the server is killed.
        private var socket: String { NSTemporaryDirectory() + name + ".tmux" }

        deinit {
            _ = try? tmux(["kill-server"])
            unlink(socket)
        }
    }

    /// `text` without trailing blanks on its lines or blank lines at its end, as a screen shows it.
    static func trimmed(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.reversed().drop(while: { $0 == " " }).reversed())
        }
        return lines.reversed().drop(while: \.isEmpty).reversed().joined(separator: "\n") + "\n"
    }

    @Test func historyIsRecalledWithUpAcrossRuns() throws {
        let first = try Terminal()
        try first.enter("help done")
        try first.wait(for: "Mark a milestone done")
        try first.enter("quit")
        try first.wait(for: "Bye.")
        let second = try Terminal(home: first.home)
        try second.keys("Up", "Up")
        try second.wait(for: "momentum> help done")
        try second.keys("Enter")
        try second.wait(for: "Mark a milestone done")
    }

    @Test func historyKeepsNoDuplicates() throws {
        let terminal = try Terminal()
        for line in ["plans", "help quit", "plans"] {
            try terminal.enter(line)
        }
        try terminal.wait(for: "No plans yet", count: 2)
        try terminal.keys("Up", "Up", "Up")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(terminal.screen.split(separator: "\n").last { $0.hasPrefix("momentum>") } == "momentum> help quit")
    }

    /// Up at `momentum>` recalled answers ("0.5 days", "Sam") among the commands: each prompt
    /// has its own history, commands kept across runs, answers for rephrasing in this run.
    @Test func upRecallsCommandsAtThePromptAndAnswersAtAQuestion() throws {
        let terminal = try Terminal()
        try terminal.enter("plans")
        try terminal.wait(for: "No plans yet")
        try terminal.enter("new")
        try terminal.wait(for: "goal>")
        try terminal.enter("Ship the billing page")
        try terminal.wait(for: "why>")
        try terminal.keys("Up")
        try terminal.wait(for: "why> Ship the billing page")
        try terminal.keys("C-u")
        try terminal.enter("cancel")
        try terminal.wait(for: "momentum>", count: 3)
        try terminal.keys("Up")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(terminal.screen.split(separator: "\n").last { $0.hasPrefix("momentum>") } == "momentum> new")
        try terminal.keys("Up")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(terminal.screen.split(separator: "\n").last { $0.hasPrefix("momentum>") } == "momentum> plans")
    }

    /// Issue 11: a line pasted at a terminal is bounded as a piped one is: past 64 KiB the keys are
    /// dropped as they arrive (libedit would keep them all), and the line is refused, never cut.
    @Test func aHugePastedLineIsRefusedNotKept() throws {
        let terminal = try Terminal()
        let file = NSTemporaryDirectory() + "momentum-paste-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try String(repeating: "abcdefghij", count: 7_000).write(toFile: file, atomically: true, encoding: .utf8)
        try terminal.tmux(["load-buffer", "-b", terminal.name, file])
        try terminal.tmux(["paste-buffer", "-d", "-b", terminal.name, "-t", terminal.name])
        try terminal.keys("Enter")
        try terminal.wait(for: "That line is 70000 bytes, longer than the 65536 a line may be; it was not used.")
        try terminal.enter("plans")
        try terminal.wait(for: "No plans yet")
    }

    @Test func tabCompletesCommandsAndChoices() throws {
        let terminal = try Terminal()
        try terminal.type("pla")
        try terminal.keys("Tab")
        try terminal.wait(for: "momentum> plans")
        try terminal.keys("Enter")
        try terminal.wait(for: "No plans yet")
        for answer in ["new", "Ship the billing page", "Customers upgrade without a sales call", "Self-serve upgrades per week", "skip", "skip"] {
            try terminal.enter(answer)
        }
        try terminal.wait(for: "stage>")
        try terminal.type("sta")
        try terminal.keys("Tab")
        try terminal.wait(for: "stage> stalled")
    }

    /// Tab after an option with fixed values offers those values: `--format h` completed to "help".
    @Test func tabCompletesAnOptionsValueNotACommand() throws {
        let terminal = try Terminal()
        try terminal.type("export 1 --format tas")
        try terminal.keys("Tab")
        try terminal.wait(for: "momentum> export 1 --format taskwarrior")
        try terminal.type("-")
        try terminal.keys("Tab")
        try terminal.wait(for: "momentum> export 1 --format taskwarrior -o")
    }

    /// At 60 columns the plans table kept its rows whole and wrapped them into each other; each row
    /// now shrinks its widest columns, so the table stays a table.
    @Test func aNarrowTerminalShrinksTablesInsteadOfWrappingThem() throws {
        let home = try MomentumProcess.scratchDirectory()
        #expect(try MomentumProcess.run(["import", TerminalTests.root + "/transcripts/fixtures/billing-plan.json", "--home", home]).status == 0)
        let terminal = try Terminal(home: home, columns: 60)
        try terminal.enter("plans")
        try terminal.wait(for: "0/3")
        let lines = terminal.scrollback.split(separator: "\n")
        #expect(lines.allSatisfy { TextWidth.columns($0) <= 60 }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("id  goal") && $0.hasSuffix("last win") }, "the header on one line: \(lines)")
        #expect(lines.contains { $0.hasPrefix("1   Ship the billing") && $0.hasSuffix("-") }, "\(lines)")
    }

    @Test func ctrlRFindsAnEarlierLine() throws {
        let terminal = try Terminal()
        for line in ["help done", "plans"] {
            try terminal.enter(line)
        }
        try terminal.wait(for: "No plans yet")
        try terminal.keys("C-r")
        try terminal.type("don")
        try terminal.wait(for: "help done")
        try terminal.keys("Enter", "Enter")
        try terminal.wait(for: "Mark a milestone done", count: 2)
    }

    /// The done-when of the issue: a whole stalled-project session typed at a real terminal reads
    /// exactly like the same answers piped in (on a terminal wide enough that nothing is wrapped).
    @Test func aStalledSessionTypedReadsLikeTheSameAnswersPiped() throws {
        let file = TerminalTests.root + "/transcripts/01-stalled-side-project.md"
        let transcript = try Transcript.parse(try Data(contentsOf: URL(fileURLWithPath: file)), file: file)
        let answers = transcript.items.compactMap { located -> String? in
            if case .input(_, let text) = located.item { return text }
            return nil
        }
        let terminal = try Terminal(columns: 200)
        for (index, answer) in answers.enumerated() {
            try terminal.enter(answer)
            if index < answers.count - 1 {
                try terminal.wait(until: "prompt \(index + 2)") { _ in terminal.promptLines >= index + 2 }
            }
        }
        try terminal.wait(for: "Bye.")
        let piped = try MomentumProcess.run(["--home", try MomentumProcess.scratchDirectory()],
                                            input: answers.joined(separator: "\n") + "\n")
        #expect(piped.status == 0)
        #expect(terminal.scrollback == TerminalTests.trimmed(piped.output))
    }

    @Test func ctrlCCancelsTheLineAndNeverKills() throws {
        let terminal = try Terminal()
        try terminal.type("garbage half typed")
        try terminal.keys("C-c")
        // On an empty line too: an empty read is not the end of input.
        try terminal.keys("C-c")
        try terminal.enter("plans")
        let screen = try terminal.wait(for: "No plans yet")
        #expect(!screen.contains("Unknown command"))
        #expect(screen.contains("momentum> garbage half typed^C\nmomentum> ^C\nmomentum> plans\n"))
    }

    /// A trial's Ctrl-C on an answer offered after back drew the same answer again; the README says
    /// Ctrl-C clears the line. Enter on the cleared line still keeps the offered answer.
    @Test func ctrlCClearsAnOfferedAnswer() throws {
        let terminal = try Terminal()
        try terminal.enter("new Ship the billing page")
        try terminal.wait(for: "why>")
        try terminal.enter("back")
        try terminal.wait(for: "goal> Ship the billing page")
        try terminal.keys("C-c")
        try terminal.wait(until: "a cleared goal> line") { $0.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("goal> Ship the billing page^C\ngoal>") }
        try terminal.enter("")
        try terminal.wait(for: "why>", count: 2)
        try terminal.enter("back")
        try terminal.wait(for: "goal> Ship the billing page", count: 2)
    }

    @Test func ctrlDLeavesAndKeepsTheDraft() throws {
        let terminal = try Terminal()
        try terminal.enter("new")
        try terminal.wait(for: "goal>")
        try terminal.enter("Ship the billing page")
        try terminal.wait(for: "why>")
        try terminal.keys("C-d")
        let screen = try terminal.wait(for: "Your draft is kept; type resume next time to continue.\nBye.")
        // The note for scripts on stderr said the same again, in a script's words.
        #expect(!screen.contains("input ended at the"))
        let again = try Terminal(home: terminal.home)
        try again.wait(for: "You have an unfinished plan \"Ship the billing page\"")
    }

    @Test func utf8AnswerEditedWithLeftAndBackspace() throws {
        let terminal = try Terminal()
        try terminal.enter("new")
        try terminal.wait(for: "goal>")
        try terminal.type("café 😀 日本")
        try terminal.keys("BSpace")
        try terminal.type("語")
        try terminal.keys("Left", "Left", "Left")
        try terminal.enter("!")
        try terminal.wait(for: "why>")
        try terminal.enter("back")
        try terminal.wait(for: "You answered: café 😀! 日語")
    }

    @Test func pipedInputGivesTheSameConversationWithoutEscapes() throws {
        let home = try MomentumProcess.scratchDirectory()
        let (status, text) = try MomentumProcess.run(["--home", home], input: "new\nShip the billing page\n")
        #expect(status == 1, "input ended inside the flow")
        #expect(text.contains("momentum> new\nWhat goal do you want to move? One sentence.\ngoal> Ship the billing page\n"))
        #expect(text.contains("Your draft is kept"))
        #expect(!text.contains("\u{1B}["))
    }

    @Test func aOneMegabytePipedLineIsRefusedWithoutACrash() throws {
        let home = try MomentumProcess.scratchDirectory()
        let (status, text) = try MomentumProcess.run(["--home", home], input: "new\n" + String(repeating: "é", count: 1_048_576) + "\nShip it\nquit\n")
        #expect(status == 0)
        #expect(text.contains("That line is 2097152 bytes, longer than the 65536 a line may be; it was not used."))
        #expect(text.contains("goal> Ship it\nWhy does it matter?"))
    }

    /// A 64 MB line is read past in 64 KB pieces: the shell's peak memory stays that of any run,
    /// measured by a wrapper that waits for it alone (getrusage of its only child).
    @Test func aSixtyFourMegabyteLineIsReadPastInBoundedMemory() throws {
        let home = try MomentumProcess.scratchDirectory()
        let input = home + "/input.txt"
        var data = Data("new\n".utf8)
        data.append(Data(repeating: UInt8(ascii: "x"), count: 64 << 20))
        data.append(Data("\nShip it\nquit\n".utf8))
        try data.write(to: URL(fileURLWithPath: input))
        let script = """
            import resource, subprocess, sys
            out = subprocess.run([sys.argv[1], "--home", sys.argv[2]], stdin=open(sys.argv[3], "rb"), capture_output=True).stdout.decode()
            print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            print(out)
            """
        let (status, text) = try Child.run(["/usr/bin/env", "python3", "-c", script, TerminalTests.binary, home, input])
        try #require(status == 0, "python3 is needed to measure the child: \(text)")
        let peakKilobytes = try #require(Int(text.prefix { $0 != "\n" }))
        #expect(peakKilobytes < 200_000, "peak \(peakKilobytes) KB for a 64 MB line")
        #expect(text.contains("That line is 67108864 bytes, longer than the 65536 a line may be; it was not used."))
        #expect(text.contains("goal> Ship it\n"))
    }

    @Test(arguments: [(65_536, false), (65_537, true)])
    func theLineLimitIsExact(length: Int, refused: Bool) throws {
        let home = try MomentumProcess.scratchDirectory()
        let (_, text) = try MomentumProcess.run(["--home", home], input: "new\n" + String(repeating: "a", count: length) + "\r\nquit\n")
        #expect(text.contains("That line is \(length) bytes") == refused)
        #expect(text.contains("That answer is \(length) characters") == !refused)
    }

    /// A NUL in piped input ended the line for `fgets`: "Fix the " was glued to the next answer,
    /// "Fix the Ship the zine to 3 shops", and saved. The line is refused whole; the next stands alone.
    @Test func aNulInPipedInputIsRefusedAndGluesNothing() throws {
        let home = try MomentumProcess.scratchDirectory()
        let (_, text) = try MomentumProcess.run(["--home", home], input: "new\nFix the \u{0} roof\nShip the zine to 3 shops\nquit\n")
        #expect(text.contains("That line has a control character (U+0000) at character 9; nothing was taken from it."))
        #expect(text.contains("goal> Ship the zine to 3 shops\n"))
        #expect(!text.contains("Fix the Ship"))
    }

    @Test func colourOnATerminalButNotWithNoColorOrDumbTerminal() throws {
        let coloured = try Terminal(environment: "-u NO_COLOR TERM=xterm-256color")
        try coloured.enter("frobnicate")
        try coloured.wait(for: "Unknown command")
        #expect(coloured.screenWithEscapes.contains("\u{1B}[31mUnknown command"))
        try coloured.enter("streak")
        try coloured.wait(for: "1-9 wins that day")
        #expect(coloured.screenWithEscapes.contains("Mon  \u{1B}[2m.\u{1B}[0m"), "empty heatmap days are dimmed")
        for environment in ["NO_COLOR=1", "-u NO_COLOR TERM=dumb"] {
            let plain = try Terminal(environment: environment)
            try plain.enter("frobnicate")
            try plain.wait(for: "Unknown command")
            #expect(!plain.screenWithEscapes.contains("\u{1B}[31m"), "\(environment)")
        }
    }

    @Test func editOffersTheCurrentAnswerOnTheLine() throws {
        let home = NSTemporaryDirectory() + "momentum-edit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try #"{"version": 1, "goal": "Ship the billing page", "metric": {"name": "upgrades"}, "milestones": [{"title": "Connect checkout"}]}"#
            .write(toFile: home + "/plan.json", atomically: true, encoding: .utf8)
        #expect(try MomentumProcess.run(["import", home + "/plan.json", "--home", home]).status == 0)
        let terminal = try Terminal(home: home)
        try terminal.enter("edit 1.1")
        try terminal.wait(for: "milestone> Connect checkout")
        // Editing the offered answer: once the line is touched (here a Backspace), keys insert.
        try terminal.keys("BSpace")
        try terminal.enter("t on staging")
        try terminal.wait(for: "done-when>")
        try terminal.enter("cancel")
        try terminal.enter("resume")
        try terminal.wait(for: "Picking up your edit of 1.1 \"Connect checkout\"")
        try terminal.enter("back")
        try terminal.wait(for: "milestone> Connect checkout on staging")
    }

    /// A trial pressed End (or Right) on an offered done-when to add to it, and what it typed
    /// replaced the answer: End, Right, Ctrl-E and Ctrl-F keep it for editing.
    @Test(arguments: ["End", "Right", "C-e", "C-f"])
    func endOrRightOnAnOfferedAnswerAddsToIt(key: String) throws {
        let home = NSTemporaryDirectory() + "momentum-end-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try #"{"version": 1, "goal": "Open the community garden", "metric": {"name": "plots rented"}, "milestones": [{"title": "Clear the beds"}]}"#
            .write(toFile: home + "/plan.json", atomically: true, encoding: .utf8)
        #expect(try MomentumProcess.run(["import", home + "/plan.json", "--home", home]).status == 0)
        let terminal = try Terminal(home: home)
        try terminal.enter("edit 1.1")
        try terminal.wait(for: "milestone> Clear the beds")
        try terminal.keys(key)
        try terminal.enter(" of weeds")
        try terminal.wait(for: "done-when>")
        try terminal.enter("cancel")
        try terminal.enter("resume")
        try terminal.enter("back")
        try terminal.wait(for: "milestone> Clear the beds of weeds")
    }

    /// Issue 10: a word typed on an offered answer replaces it, so `back` typed there acts, three
    /// times over, and the plan saved holds exactly the new answer (once it was glued on:
    /// "…novelback…").
    @Test func backThreeTimesThenANewAnswerSavesExactlyTheNewAnswer() throws {
        let terminal = try Terminal()
        let start = ["new", "Finish the first draft of my novel", "I can send the draft to two beta readers", "Chapters drafted per week"]
        for (index, line) in start.enumerated() {
            try terminal.enter(line)
            try terminal.wait(for: ["goal>", "why>", "metric>", "baseline>"][index])
        }
        try terminal.enter("back")
        try terminal.wait(for: "metric> Chapters drafted per week")
        try terminal.enter("back")
        try terminal.wait(for: "why> I can send the draft to two beta readers")
        try terminal.enter("back")
        try terminal.wait(for: "goal> Finish the first draft of my novel", count: 2)
        try terminal.enter("Finish the second draft of my novel")
        let rest = ["I can send the draft to two beta readers", "Chapters drafted per week", "3 of 20", "20 by February", "stalled",
                    "Chapter 4 half done in October", "I don't know how the middle part ends",
                    "Outline the three possible endings of the middle part on one page",
                    "I pick one ending and write it at the top of the page", "outline.md in the novel folder", "1", "",
                    "Unblocks chapter 5 so chapters can be drafted again", "no", "yes"]
        for line in rest {
            let prompts = terminal.promptLines
            try terminal.enter(line)
            try terminal.wait(until: "the prompt after \(line.debugDescription)") { _ in terminal.promptLines > prompts }
        }
        try terminal.wait(for: "Saved as plan 1")
        let exported = try MomentumProcess.run(["export", "1", "--format", "json", "--home", terminal.home])
        let plan = try JSONSerialization.jsonObject(with: Data(exported.output.utf8)) as? [String: Any]
        #expect(plan?["goal"] as? String == "Finish the second draft of my novel")
    }

    /// Issue 10: every view at 80 columns. With -J, tmux joins the lines it wrapped itself, so a
    /// line longer than 80 there is one the terminal cut (mid-word); the shell's own wrapping
    /// breaks only between words, and an emoji goal stays whole in the plans table.
    @Test func everyViewFitsEightyColumnsWithoutSplittingAWord() throws {
        let home = NSTemporaryDirectory() + "momentum-wrap-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let long = "so that the people who read it every week can see what changed and why it matters to them"
        let plan = """
            {"version": 1, "goal": "🚀 Launch the newsletter", "outcome": "Neighbours know when to come and help \(long)",
             "metric": {"name": "Twitter followers", "baseline": "12 readers a week", "target": "100 readers a week by the end of March"},
             "milestones": [{"title": "Write the first issue about the spring planting day \(long)", "criterion": "Make progress on it",
               "artifact": "The issue on the website \(long)", "moves": "The first readers \(long)", "createdAt": "2026-11-16T09:00:00Z"},
              {"title": "Ask the neighbours which day suits them best for the planting", "criterion": "Ten replies"}],
             "overrides": [{"ruleId": "vanity-audience-size", "path": "metric.name", "text": "Twitter followers", "reason": "The sponsor pays per follower \(long)"}],
             "wins": [{"milestone": 1, "date": "2026-11-17T17:00:00Z", "note": "Sent the first issue \(long)", "metricReading": "20"}]}
            """
        try plan.write(toFile: home + "/plan.json", atomically: true, encoding: .utf8)
        #expect(try MomentumProcess.run(["import", home + "/plan.json", "--home", home]).status == 0)
        let terminal = try Terminal(home: home, columns: 80)
        for command in ["help", "help done", "plans", "show 1", "story 1", "wins", "streak", "sessions", "review", "cancel",
                        "new", "Grow the newsletter", "Readers come to the planting day in spring", "Twitter followers"] {
            let prompts = terminal.promptLines
            try terminal.enter(command)
            try terminal.wait(until: "the output of \(command)") { _ in terminal.promptLines > prompts }
        }
        try terminal.wait(for: "[vanity-audience-size]", count: 2)
        let output = terminal.scrollback
        let tooWide = output.split(separator: "\n").filter { TextWidth.columns($0) > 80 }
        #expect(tooWide.isEmpty, "lines the terminal had to cut:\n\(tooWide.joined(separator: "\n"))")
        #expect(output.contains("1   🚀 Launch the newsletter  0/2"))
        #expect(output.contains("  Why: Neighbours know when to come and help so that the people who read it\n       every week"),
                "a hanging indent under the label")
    }

    @Test func versionAndHelp() throws {
        #expect(try MomentumProcess.run(["--version"]) == (0, "0.1.0\n"))
        let help = try MomentumProcess.run(["--help"])
        #expect(help.status == 0)
        #expect(help.output.contains("USAGE: momentum <subcommand>"))
        #expect(help.output.contains("replay"))
    }
}
