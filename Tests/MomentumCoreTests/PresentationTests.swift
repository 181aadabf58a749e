import Foundation
import Testing
@testable import MomentumCore

/// Issue 10: views speak in the plan's words, not its JSON paths, and show where the metric is now.
@Suite struct PresentationTests {
    @Test(arguments: [
        ("milestones[1].timeboxDays", "step 2, timebox"), ("milestones[0].title", "step 1"),
        ("milestones[2].criterion", "step 3, done when"), ("metric.name", "metric"), ("outcome", "why"),
        ("wins[0].note", "win 1, note"), ("stalled.blocker", "blocker"), ("plan", "the plan as a whole"),
        ("milestones[10].moves", "step 11, moves"), ("milestones[].title", "milestones[].title"),
        ("milestones[1]title", "milestones[1]title"), ("wins[2].evidence", "wins[2].evidence"), ("milestones[1].", "milestones[1]."),
    ])
    func fieldLabels(path: String, label: String) {
        #expect(FieldLabel.label(path) == label)
    }

    @Test(arguments: [
        (nil, "12 upgrades a week", "upgrades (now: 12 upgrades a week; target: 40)"),
        ("14", "12 upgrades a week", "upgrades (baseline: 12 upgrades a week; now: 14 upgrades a week; target: 40)"),
        ("15 paying readers", "12", "upgrades (baseline: 12; now: 15 paying readers; target: 40)"),
        ("9", nil, "upgrades (now: 9; target: 40)"),
    ] as [(String?, String?, String)])
    func nowIsTheLatestReadingWithItsUnit(reading: String?, baseline: String?, line: String) {
        let plan = Plan(goal: "Grow", metric: Metric(name: "upgrades", baseline: baseline, target: "40"),
                        wins: [Win(milestone: 1, date: Date(timeIntervalSince1970: 0), note: "Shipped", evidence: nil, metricReading: reading)])
        #expect(PlanRenderer.metricLine(plan) == line)
    }
}

/// Issue 10: output fits the terminal, measured in display columns.
@Suite struct TextLayoutTests {
    /// A trial's goal with U+202E was echoed raw, so the terminal drew the rest of the line backwards.
    @Test(arguments: [
        ("Ship \u{202E}egap gnillib", "Ship <U+202E>egap gnillib"),
        ("a\u{2066}b\u{2069}c", "a<U+2066>b<U+2069>c"),
        ("مرحبا بالعالم and Ünïcödé", "مرحبا بالعالم and Ünïcödé"),
    ])
    func reorderingControlsAreNamedOnScreen(text: String, shown: String) {
        #expect(ScreenText.showingReorderingControls(text) == shown)
    }

    /// A newcomer's `plans` at 60 columns wrapped the header under itself; a row now shrinks its
    /// widest columns instead, the same way in every row, and never below four columns.
    @Test(arguments: [
        (80, ["id  goal                   done  next milestone                 last win", "1   Ship the billing page  0/3   Compare two payment providers  -"]),
        (60, ["id  goal                 done  next milestone       last win", "1   Ship the billing p…  0/3   Compare two paymen…  -"]),
        (20, ["id  goal  done  nex…  las…", "1   Shi…  0/3   Com…  -"]),
    ])
    func tableRowsShrinkTheirWidestColumnsToFit(width: Int, expected: [String]) {
        let cells = [["id", "goal", "done", "next milestone", "last win"], ["1", "Ship the billing page", "0/3", "Compare two payment providers", "-"]]
        let widths = (0..<5).map { column in cells.map { TextWidth.columns($0[column]) }.max()! }
        let rows = cells.map { TableRow(cells: $0, widths: widths).text(fitting: width) }
        #expect(rows == expected)
        #expect(rows.allSatisfy { TextWidth.columns($0) <= max(width, 27) })
    }

    @Test(arguments: [
        ("plan", 4), ("🚀 Launch", 9), ("日本語", 6), ("café", 4), ("cafe\u{301}", 4), ("👩‍💻 code", 7), ("❤️", 2), ("", 0),
    ])
    func displayColumns(text: String, columns: Int) {
        #expect(TextWidth.columns(text) == columns)
    }

    @Test(arguments: [
        ("🚀 Launch the rocket shop", 10, "🚀 Launch…"), ("日本語のテキスト", 7, "日本語…"), ("short", 10, "short"),
    ])
    func truncationKeepsWholeCharacters(text: String, width: Int, cut: String) {
        #expect(TextWidth.truncate(text, to: width) == cut)
        #expect(TextWidth.columns(TextWidth.truncate(text, to: width)) <= width)
    }

    @Test(arguments: [
        ("! 'followers' can grow while nothing you care about moves. [vanity]", 30, nil,
         ["! 'followers' can grow while", "  nothing you care about", "  moves. [vanity]"]),
        ("        Done when: Sam clicks through all three screens", 40, nil,
         ["        Done when: Sam clicks through", "                   all three screens"]),
        ("        Done when: Sam clicks through all three screens", 32, nil,
         ["        Done when: Sam clicks", "                through all", "                three screens"]),
        ("  [ ] 1. Prototype the shared-budget screens (2 days, Priya)", 30, nil,
         ["  [ ] 1. Prototype the", "         shared-budget screens", "         (2 days, Priya)"]),
        ("  plans  List plans: id, goal, progress", 30, 9, ["  plans  List plans: id, goal,", "         progress"]),
        // help at 60 columns: a summary column past two thirds of the width goes under its usage.
        ("  plans [--all] [--page N]                 List plans, 50 a page: id, goal, progress", 60, 43,
         ["  plans [--all] [--page N]", "      List plans, 50 a page: id, goal, progress"]),
        ("2026-11-17  1.1  Sent the first issue to readers", 40, nil, ["2026-11-17  1.1  Sent the first issue to", "                 readers"]),
        ("fits", 10, nil, ["fits"]),
        ("see https://example.com/a-very-long-link", 12, nil, ["see", "https://exam", "ple.com/a-ve", "ry-long-link"]),
        // A link that fits the width, though not after the indent, stays whole at the margin.
        ("2026-12-01  1.1  Sent the memo <https://drive.example.edu/reasons-memo.pdf>", 60, 17,
         ["2026-12-01  1.1  Sent the memo", "<https://drive.example.edu/reasons-memo.pdf>"]),
    ] as [(String, Int, Int?, [String])])
    func wrapsAtWordsWithAHangingIndent(text: String, width: Int, hang: Int?, lines: [String]) {
        let wrapped = TextWrap.wrap(text, width: width, hang: hang)
        #expect(wrapped == lines)
        #expect(wrapped.allSatisfy { TextWidth.columns($0) <= width })
    }
}

@Suite struct CommandCompletionTests {
    /// Tab at the shell's prompt reads the words before the cursor: `--format h` once completed to
    /// a command's name ("help").
    @Test(arguments: [
        ("pla", ["plans"]),
        ("export 1 --format ", ["md", "json", "taskwarrior", "ics"]),
        ("story 1 --format h", ["html"]),
        ("export 1 --f", ["--format"]),
        ("export 1 --format md -", ["-o"]), // an option given is not offered again
        ("export 1 -o ", []),
        ("new Ship --f", []),
        ("show bill", []),
        ("help sk", ["skip"]),
        ("rules t", ["test"]),
        ("nonsense --", []),
    ])
    func completionsFollowTheCommandLine(typed: String, expected: [String]) {
        let word = String(typed.split(separator: " ", omittingEmptySubsequences: false).last ?? "")
        let offered = CommandInfo.completions(typed: typed).filter { $0.hasPrefix(word) }
        #expect(offered == expected)
    }
}


/// A trial's `plans --pgae 2` was told "Usage: momentum plans [--all] [--page N]", without the
/// --owner it also takes, and `help done` left out --on: a usage line names every option.
@Suite struct CommandUsageTests {
    @Test(arguments: CommandInfo.all.map(\.name))
    func theUsageNamesEveryOption(name: String) throws {
        let info = try #require(CommandInfo.named(name))
        for option in info.options {
            #expect(info.usage.contains(option.name), "\(info.usage) leaves out \(option.name)")
        }
    }
}
