import Foundation
import Testing
@testable import MomentumApp
@testable import MomentumCore
import MomentumStore

/// The sessions in transcripts/ are golden tests: each replays to exactly its recorded output.
@Suite struct TranscriptTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("transcripts").path
    static let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
        .filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
    static let rules = RuleLoader.load(userDirectory: nil, extraPaths: [])

    @Test func thereAreAtLeastTenSessions() {
        #expect(TranscriptTests.files.count >= 10)
    }

    @Test(arguments: files)
    func replaysIdentically(file: String) throws {
        let path = TranscriptTests.directory + "/" + file
        let transcript = try Transcript.parse(try Data(contentsOf: URL(fileURLWithPath: path)), file: "transcripts/" + file)
        let seed = try transcript.header.store.map { try Data(contentsOf: URL(fileURLWithPath: TranscriptTests.directory + "/" + $0)) }
        let result = try Replay.run(transcript, file: "transcripts/" + file, rules: TranscriptTests.rules, seed: seed, fixtures: TranscriptTests.directory)
        let matches = result.matches
        #expect(matches, "\(Replay.diff(result).joined(separator: "\n"))")
    }

    static let badCases: [(String, String)] = [
        ("---\nmomentum-transcript: 2\ndate: 2026-11-20T09:00:00Z\n---\nmomentum> new\n", "t.md:2: unsupported transcript version '2'; this Momentum reads version 1"),
        ("---\nmomentum-transcript: 1\ndate: yesterday\n---\nmomentum> new\n", "t.md:3: 'yesterday' is not a date like 2026-11-20T09:00:00Z"),
        ("---\nmomentum-transcript: 1\ndat: 2026-11-20T09:00:00Z\n---\n", "t.md:3: unknown header key 'dat' (did you mean 'date'?)"),
        ("---\nmomentum-transcript: 1\ndate: 2026-11-20T09:00:00Z\n", "t.md:3: the header is not closed: add a '---' line after it (is the file truncated?)"),
        ("---\nmomentum-transcript: 1\ndate: 2026-11-20T09:00:00Z\n---\nMomentum 0.1.0.\n", "t.md:5: no input lines (like 'momentum> new'); is the file truncated?"),
        ("\u{0}\u{1}binary", "t.md:1: a control character (U+0000) at character 1: a transcript is plain text. Delete it (colour codes pasted from a terminal are a common source)"),
        // Found by the transcript fuzz harness: stray carriage returns broke render → parse → render.
        ("---\nmomentum-transcript: 1\ndate: 2026-11-20T09:00:00Z\n---\nmomentum> new\r\nstore: \r1 day\r\r\r", "t.md:6: a carriage return (U+000D) at character 8, inside the line: a transcript is plain text. Delete it"),
        ("---\nmomentum-transcript: 1\ndate: 2026-11-20T09:00:00Z\n---\nmomentum> new\n\u{1B}[1mWhat goal?\u{1B}[0m\n", "t.md:6: a control character (U+001B) at character 1: a transcript is plain text. Delete it (colour codes pasted from a terminal are a common source)"),
        ("---\nmomentum-transcript: 1\ndate: 2026-11-20T09:00:00Z\n---\n@sleep 3\nmomentum> new\n", "t.md:5: unknown directive '@sleep 3'; the one directive is '@advance DURATION' (e.g. 1d, 3h, 30m); write an output line that starts with '@' as '\\@…'"),
        ("---\nmomentum-transcript: 1\ndate: 2026-11-20T09:00:00Z\n---\n@advance 4000d\nmomentum> new\n", "t.md:5: '@advance 4000d' is not a duration this replay can take: more than 0 and at most ten years, in d, h, m or s (e.g. 1d, 3h, 30m)"),
        ("---\nmomentum-transcript: 1\ndate: 2026-11-20T09:00:00Z\n---\n@advance -1d\nmomentum> new\n", "t.md:5: '@advance -1d' is not a duration this replay can take: more than 0 and at most ten years, in d, h, m or s (e.g. 1d, 3h, 30m)"),
        ("---\nmomentum-transcript: 1\ndate: 2026-11-20T09:00:00Z\n---\nmomentum> new\ngoa> Ship it\n", "t.md:6: 'goa>' is not a prompt (did you mean 'goal>'?); write an output line that looks like a prompt as '\\goa> …'"),
    ]

    @Test(arguments: badCases)
    func badTranscriptsAreLocated(text: String, message: String) {
        do {
            _ = try Transcript.parse(Data(text.utf8), file: "t.md")
            Issue.record("parsed")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aChangedRuleShowsAsADiffAndAFindingChange() throws {
        let text = """
        ---
        momentum-transcript: 1
        date: 2026-11-20T09:00:00Z
        ---
        Momentum 0.1.0. Type new to plan a goal, help for commands.
        momentum> new
        What goal do you want to move? One sentence.
        goal> Grow the newsletter to 500 paying readers by June
        Why does it matter? What will you see when it has worked?
        why> Sponsors renew
        Which one number will tell you early that it is working? (your leading metric)
        metric> followers
        Where is it today? (skip if you don't know yet)
        """
        let transcript = try Transcript.parse(Data(text.utf8), file: "t.md")
        let result = try Replay.run(transcript, file: "t.md", rules: TranscriptTests.rules, seed: nil)
        #expect(!result.matches)
        let diff = Replay.diff(result)
        #expect(diff.first == "t.md:13: first difference")
        #expect(diff.contains("+! 'followers' can grow while nothing you care about moves. [vanity-audience-size]"))
        #expect(Replay.findingChanges(result) == ["t.md:12: metric> followers — appeared: vanity-audience-size"])
        let updated = try Transcript.parse(Data(Replay.updated(result).utf8), file: "t.md")
        #expect(try Replay.run(updated, file: "t.md", rules: TranscriptTests.rules, seed: nil).matches)
    }

    /// A trial read the replayed line above the expected one, and hunk numbers that counted
    /// output lines: the diff is in diff -u's order, numbered by the transcript's lines and by
    /// those of the file replay --update writes (which adds the time-zone line to this header).
    @Test func theDiffPutsTheExpectedLineFirstAndCountsFileLines() throws {
        let text = """
        ---
        momentum-transcript: 1
        date: 2026-11-20T09:00:00Z
        ---
        # A comment, so file lines and session lines differ.
        Momentum 0.1.0. Type new to plan a goal, help for commands.
        momentum> plans
        No plans at all.
        """
        let result = try Replay.run(try Transcript.parse(Data(text.utf8), file: "t.md"), file: "t.md", rules: TranscriptTests.rules, seed: nil)
        #expect(Replay.diff(result) == [
            "t.md:8: first difference", "--- t.md (expected)", "+++ t.md (replayed)", "@@ -6 +7 @@",
            " Momentum 0.1.0. Type new to plan a goal, help for commands.", " momentum> plans",
            "-No plans at all.", "+No plans yet. Type new to make one.",
        ])
    }

    /// A replay seeded its store as a change: the session's undo said "Undid: seed." and emptied
    /// the store. The seed is where the session started; there is nothing before it to undo.
    @Test func theSeededStoreIsNotUndone() throws {
        let text = """
        ---
        momentum-transcript: 1
        date: 2026-11-20T09:00:00Z
        store: fixtures/billing-plan.json
        ---
        Momentum 0.1.0. Type new to plan a goal, help for commands.
        momentum> undo
        Nothing to undo.
        """
        let transcript = try Transcript.parse(Data(text.utf8), file: "t.md")
        let seed = try Data(contentsOf: URL(fileURLWithPath: TranscriptTests.directory + "/fixtures/billing-plan.json"))
        let result = try Replay.run(transcript, file: "t.md", rules: TranscriptTests.rules, seed: seed)
        #expect(result.matches, "\(Replay.diff(result).joined(separator: "\n"))")
    }

    @Test func outputThatLooksLikeInputIsEscaped() throws {
        let rendered = Transcript.render(.output("goal> not an input"))
        #expect(rendered == "\\goal> not an input")
        let parsed = try Transcript.parse(Data("---\nmomentum-transcript: 1\ndate: 2026-11-20T09:00:00Z\n---\n\(rendered)\n# c\nmomentum> x\n".utf8), file: "t")
        #expect(parsed.items.map(\.item) == [.output("goal> not an input"), .comment("# c"), .input(prompt: "momentum", text: "x")])
        #expect(Transcript.render(.output("goa> a near miss")) == "\\goa> a near miss")
    }

    /// A session that crossed midnight: replayed from its start time alone, its two wins would
    /// fall on one day. The written transcript carries the time that passed, and replays as recorded.
    @Test func aSessionAcrossMidnightIsWrittenWithTheTimeThatPassed() throws {
        let clock = Replay.Clock(ISODate.parse("2026-11-20T23:58:10Z")!)
        let files = ScratchFiles()
        let store = try Store.inMemory()
        let rules = RuleLoader.load(userDirectory: nil, extraPaths: [])
        let environment = ShellEnvironment(now: { clock.now }, timeZone: .gmt, files: files)
        _ = try store.save(Plan(goal: "Ship the billing page", metric: Metric(name: "upgrades"),
                                milestones: [Milestone(title: "Connect checkout on staging"), Milestone(title: "Email the pilot customer")]),
                           describing: "create", at: clock.now)
        let typed = Shell(store: store, rules: rules, environment: environment)
        typed.startRecording()
        _ = typed.start()
        for line in ["done 1.1", "Checkout works on staging with a test card", "skip", "skip"] { _ = typed.handle(line) }
        clock.advance(150)
        for line in ["done 1.2", "Emailed the pilot customer the upgrade link", "skip", "skip", "wins", "quit"] { _ = typed.handle(line) }

        let exporter = Shell(store: store, rules: rules, environment: environment)
        let reply = exporter.handle("transcript 1 -o /s.md")
        #expect(reply.lines.last?.text == "Wrote session 1 to /s.md. It replays as recorded; @advance lines keep the time that passed.")
        let written = try Transcript.parse(try files.read("/s.md"), file: "/s.md")
        #expect(written.items.contains { if case .advance(150, "@advance 150s") = $0.item { true } else { false } })
        let replayed = try Replay.run(written, file: "/s.md", rules: rules, seed: try files.read("/s.md.store.json"))
        #expect(replayed.matches)
    }
}

