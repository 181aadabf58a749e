import Foundation
import Testing

/// A session typed in a real terminal is recorded, exported as a transcript, and replays identically.
@Suite(.serialized) struct SessionRecordingTests {
    @Test func typedSessionWithAFindingKeptExportsAndReplays() throws {
        let terminal = try TerminalTests.Terminal()
        try terminal.enter("new")
        try terminal.wait(for: "goal>")
        try terminal.enter("Grow the design newsletter")
        try terminal.enter("Sponsors renew for next year")
        try terminal.enter("Twitter followers")
        try terminal.wait(for: "[vanity-audience-size]")
        try terminal.enter("keep Sponsors pay per follower in our contract")
        try terminal.wait(for: "Kept 'Twitter followers' with your reason")
        try terminal.enter("skip")
        try terminal.enter("skip")
        // Typed ahead of the prompt, "sta" is echoed before "stage>" ("stastage> lled"), as a busy
        // machine showed: wait for the prompt, as a person would.
        try terminal.wait(for: "stage>")
        try terminal.type("sta")
        try terminal.keys("Tab")
        try terminal.wait(for: "stage> stalled")
        try terminal.keys("Enter")
        try terminal.enter("The sponsor page went live in June")
        try terminal.enter("Waiting for the sponsor's logo files")
        try terminal.enter("Email the sponsor a one-line request for the logo files")
        try terminal.enter("The sponsor replies with the files")
        try terminal.enter("Sent email in my outbox")
        try terminal.enter("half a day")
        try terminal.enter("")
        try terminal.enter("Unblocks the sponsor page the renewal depends on")
        try terminal.wait(for: "another>")
        try terminal.enter("no")
        try terminal.wait(for: "save>")
        try terminal.enter("yes")
        try terminal.wait(for: "Saved as plan 1")
        try terminal.enter("quit")
        try terminal.wait(for: "Bye.")

        let shown = try MomentumProcess.run(["show", "1", "--home", terminal.home])
        #expect(shown.output.contains("  - metric: \"Twitter followers\" — Sponsors pay per follower in our contract [vanity-audience-size]"))

        let file = terminal.home + "/session.md"
        let exported = try MomentumProcess.run(["transcript", "1", "-o", file, "--home", terminal.home])
        #expect(exported.status == 0, "\(exported.output)")
        let transcript = try String(contentsOfFile: file, encoding: .utf8)
        #expect(transcript.contains("metric> Twitter followers\n! 'followers' can grow while nothing you care about moves. [vanity-audience-size]"))
        #expect(transcript.contains("stage> stalled"))

        let replayed = try MomentumProcess.run(["replay", file])
        #expect(replayed.status == 0, "\(replayed.output)")
        #expect(replayed.output == "\(file): ok\n")

        let shownBack = try MomentumProcess.run(["replay", "--show", "--pace", "0", file])
        #expect(shownBack.status == 0)
        #expect(shownBack.output.contains("save> yes\nSaved as plan 1 \"Grow the design newsletter\"."))
    }

    /// A newcomer's transcript of a session that began with `resume` could not replay: the replay
    /// started without the draft. The draft is recorded with the session and written beside it.
    @Test func aSessionThatBeganWithResumeReplaysFromItsDraft() throws {
        let home = try MomentumProcess.scratchDirectory()
        _ = try MomentumProcess.run(["--home", home], input: "new Retile the bathroom\nThe bathroom is usable again by Christmas\n")
        let finished = try MomentumProcess.run(["--home", home], input: [
            "resume", "tiles laid", "", "", "new", "Fit the basin", "The basin holds water overnight", "A photo of the basin",
            "1", "me", "tiles laid", "no", "yes",
        ].joined(separator: "\n") + "\n")
        #expect(finished.output.contains("Saved as plan 1 \"Retile the bathroom\"."), "\(finished.output)")
        let file = home + "/resumed.md"
        let exported = try MomentumProcess.run(["transcript", "2", "-o", file, "--home", home])
        #expect(exported.output.contains("Wrote the draft it started with to \(file).draft.json."), "\(exported.output)")
        #expect(exported.output.contains("It replays as recorded."), "\(exported.output)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("draft: resumed.md.draft.json"))
        #expect(!text.contains("\"answers\""), "the draft is beside the transcript, not in it")
        let replayed = try MomentumProcess.run(["replay", file])
        #expect(replayed.status == 0 && replayed.output.contains("\(file): ok"), "\(replayed.output)")
        try "not a draft".write(toFile: file + ".draft.json", atomically: true, encoding: .utf8)
        let broken = try MomentumProcess.run(["replay", file])
        #expect(broken.status == 2)
        #expect(broken.output.contains("the header's draft file resumed.md.draft.json is not a draft Momentum wrote"), "\(broken.output)")
    }

    @Test func replayExitCodesAndUpdate() throws {
        let directory = NSTemporaryDirectory() + "momentum-replay-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = directory + "/t.md"
        try "---\nmomentum-transcript: 1\ndate: 2026-11-20T09:00:00Z\n---\nmomentum> plnas\nwrong output\n".write(toFile: file, atomically: true, encoding: .utf8)
        let failed = try MomentumProcess.run(["replay", file])
        #expect(failed.status == 1)
        #expect(failed.output.contains("\(file):5: first difference") || failed.output.contains("\(file):6: first difference"))
        #expect(failed.output.contains("-wrong output"))

        var environment = ProcessInfo.processInfo.environment
        environment["CI"] = "true"
        let refused = try MomentumProcess.run(["replay", "--update", file], environment: environment)
        #expect(refused.status == 2)
        #expect(refused.output == "momentum replay: refusing --update with CI set; add --allow-ci if you mean it.\n")

        #expect(try MomentumProcess.run(["replay", "--update", "--allow-ci", file]).status == 0)
        #expect(try MomentumProcess.run(["replay", file]).status == 0)

        try "not a transcript".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try MomentumProcess.run(["replay", file])
        #expect(bad.status == 2)
        #expect(bad.output.contains("\(file):1: a transcript starts with a '---' header line"))
    }
}
