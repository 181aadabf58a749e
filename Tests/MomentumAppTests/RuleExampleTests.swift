import Foundation
import Testing
@testable import MomentumApp
@testable import MomentumCore

/// Every shipped rule's examples are tests, one test case per rule.
@Suite struct ShippedRuleTests {
    static let loaded = RuleLoader.load(userDirectory: nil, extraPaths: [])
    static let ids = loaded.ruleSet.rules.map(\.id)

    @Test func shippedRulesLoadCleanly() {
        #expect(ShippedRuleTests.loaded.diagnostics.map(\.description) == [])
        #expect(ShippedRuleTests.ids.count >= 40)
    }

    @Test(arguments: ids)
    func examplesBehave(id: String) throws {
        let rule = try #require(ShippedRuleTests.loaded.ruleSet.rule(withID: id))
        #expect(rule.examples.flag.count >= 2, "\(rule.location): needs at least two flag examples")
        #expect(rule.examples.ok.count >= 2, "\(rule.location): needs at least two ok examples")
        let failures = RuleSet([rule], meaning: ShippedRuleTests.loaded.ruleSet.meaning).verifyExamples().map(\.description)
        #expect(failures == [])
    }

    /// "2 weeks" was answered "10 days is longer than a micro-milestone": a number never typed.
    @Test(arguments: [("2 weeks", "2 weeks (read as 10 days of work) is longer"), ("5 days", "5 days is longer"), ("4", "4 days is longer")])
    func aTimeboxFindingQuotesWhatWasSaid(said: String, message: String) throws {
        let findings = ShippedRuleTests.loaded.ruleSet.check(.timebox, text: said, in: Plan(goal: "Retile the bathroom"), milestone: 0)
        #expect(findings.first { $0.ruleID == "timebox-too-long" }?.message.hasPrefix(message) == true, "\(findings.map(\.message))")
    }

    /// Newcomers' answers from trials 7 to 9, as the shipped rules (meaning included) should read
    /// them in a plan: the finding's rule and level, "!rule" for a rule that must stay quiet, or none.
    @Test(arguments: [
        (RuleField.criterion, "its done", "criterion-just-done", Level.warning),
        (.criterion, "it's done", "criterion-just-done", .warning),
        (.criterion, "done", "criterion-restates-title", .warning),
        (.criterion, "Lena says yes", nil, nil),
        (.criterion, "Post gets 500 likes", "vanity-audience-size", nil),
        (.goal, "Redesign my portfolio website", nil, nil),
        (.win, "I carved out 14 hours for the website this week", "win-time-spent", .info),
        (.metric, "5 star reviews", "!vanity-downloads", nil),
        (.artifact, "notes.md with what i learned", "!artifact-reads-invisible", nil),
        (.target, "stalled", "target-without-number", .info),
        (.moves, "tomorrow", "moves-generic", nil),
    ] as [(RuleField, String, String?, Level?)])
    func newcomersAnswersAreReadRightly(field: RuleField, text: String, ruleID: String?, level: Level?) {
        let plan = Plan(goal: "Get two freelance clients from my portfolio site", metric: Metric(name: "enquiries per month"),
                        milestones: [Milestone(title: "Put 6 projects on the homepage")])
        let findings = ShippedRuleTests.loaded.ruleSet.check(field, text: text, in: plan, milestone: 0)
        if let absent = ruleID, absent.hasPrefix("!") {
            #expect(!findings.contains { $0.ruleID == absent.dropFirst() }, "\(findings.map(\.ruleID))")
        } else if let ruleID {
            let finding = findings.first { $0.ruleID == ruleID }
            #expect(finding != nil, "\(findings.map(\.ruleID))")
            if let level { #expect(finding?.level == level) }
        } else {
            #expect(findings.isEmpty, "\(findings.map(\.ruleID))")
        }
    }

    /// A trial's wins that met their step's done-when exactly were told they "move little". (The
    /// trial's own "5 platforms placed, made it across in playtest" reads sound by meaning alone
    /// since the sixth round of phrasings, so the case is a terser win in the same words.)
    @Test(arguments: [
        ("finish my platformer and put a demo on itch.io", "player reaches the 5th platform in a playtest", "playtest of the platforms went well"),
    ])
    func aWinThatEchoesItsDoneWhenIsNotCalledEmpty(goal: String, criterion: String, win: String) {
        var plan = Plan(goal: goal, metric: Metric(name: "direct enquiries per month"),
                        milestones: [Milestone(title: "Do the first step", criterion: criterion)])
        let rules = ShippedRuleTests.loaded.ruleSet
        #expect(!rules.check(.win, text: win, in: plan, milestone: 0).contains { $0.ruleID == "win-reads-empty" })
        plan.milestones[0].criterion = "Someone else can check it"
        #expect(rules.check(.win, text: win, in: plan, milestone: 0).contains { $0.ruleID == "win-reads-empty" },
                "without the echo the win reads empty, so the case tests the echo")
    }

    /// The binary carries rules/ as it is now: a file added without re-planning the build
    /// (touch Package.swift) would be missing from it.
    @Test func embeddedRulesMatchTheRulesFolder() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("rules").path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yml") }.sorted()
        #expect(RuleLoader.defaultFiles.map(\.name) == names.map { "rules/" + $0 }, "run: touch Package.swift && swift build")
        for file in RuleLoader.defaultFiles {
            let onDisk = try String(contentsOfFile: folder + "/" + file.name.dropFirst("rules/".count), encoding: .utf8)
            #expect(file.text + "\n" == onDisk || file.text == onDisk, "\(file.name) differs from the embedded copy")
        }
        let phrasingNames = try FileManager.default.contentsOfDirectory(atPath: folder + "/phrasings").filter { $0.hasSuffix(".tsv") }.sorted()
        #expect(RuleLoader.defaultPhrasingFiles.map(\.name) == phrasingNames.map { "rules/phrasings/" + $0 }, "run: touch Package.swift && swift build")
    }

    @Test func shippedPhrasingsLoadCleanlyAndTheEncoderIsEmbedded() {
        for file in RuleLoader.defaultPhrasingFiles {
            #expect(PhrasingFileParser.parse(file.text, path: file.name).diagnostics.map(\.description) == [])
        }
        let meaning = ShippedRuleTests.loaded.ruleSet.meaning
        #expect(meaning != nil)
        #expect((meaning?.count(of: .metric) ?? 0) >= 200)
        #expect((meaning?.count(of: .milestone) ?? 0) >= 300)
    }

    /// A user labels what the coach got wrong: their phrasing decides that answer from then on, and
    /// a bad line in their file is located and skipped.
    @Test func userPhrasingFilesRelabelAndReportProblems() throws {
        let directory = NSTemporaryDirectory() + "momentum-phrasings-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let answer = "Prototype the three shared-budget screens in Figma and show them to Dana"
        try "milestone\tflag\t\(answer)\nmilestone\tmaybe\tSomething\n".write(toFile: directory + "/mine.tsv", atomically: true, encoding: .utf8)
        let loaded = RuleLoader.load(userDirectory: directory, extraPaths: [])
        #expect(loaded.diagnostics.map(\.description) == ["\(directory)/mine.tsv:2:11: error: the label is 'maybe'; write flag or ok"])
        let plan = Plan(goal: "Roll out shared budgets", milestones: [Milestone(title: answer)])
        let before = ShippedRuleTests.loaded.ruleSet.check(.milestone, text: answer, in: plan, milestone: 0)
        let after = loaded.ruleSet.check(.milestone, text: answer, in: plan, milestone: 0)
        #expect(!before.contains { $0.ruleID == "milestone-reads-like-busywork" })
        #expect(after.contains { $0.ruleID == "milestone-reads-like-busywork" && $0.message.contains(answer) })
    }

    /// A rule that matched the whole answer keeps its level against the meaning, but a phrasing
    /// the user labels ok exactly as typed still decides the answer.
    @Test func aUsersOkLabelSilencesARuleThatMatchedTheWholeAnswer() throws {
        let directory = NSTemporaryDirectory() + "momentum-relabel-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "criterion\tok\tits done\n".write(toFile: directory + "/mine.tsv", atomically: true, encoding: .utf8)
        let plan = Plan(goal: "Retile the bathroom", milestones: [Milestone(title: "Grout the floor", criterion: "its done")])
        #expect(ShippedRuleTests.loaded.ruleSet.check(.criterion, text: "its done", in: plan, milestone: 0).contains { $0.level == .warning })
        let relabelled = RuleLoader.load(userDirectory: directory, extraPaths: [])
        #expect(relabelled.ruleSet.check(.criterion, text: "its done", in: plan, milestone: 0).isEmpty)
    }

    /// A newcomer's done-when "it's done" met three warnings saying the same; one speaks for them.
    @Test(arguments: ["it's done", "It is done.", "when it's finished"])
    func aRuleSpeaksForTheRulesItSupersedes(criterion: String) {
        let plan = Plan(goal: "Retile the bathroom", milestones: [Milestone(title: "Grout the floor", criterion: criterion)])
        let findings = ShippedRuleTests.loaded.ruleSet.check(.criterion, text: criterion, in: plan, milestone: 0).map(\.ruleID)
        #expect(findings.count == 1, "\(findings)")
    }

    @Test func aSupersededIdThatIsNoRuleIsReportedWhereItIsWritten() throws {
        let directory = NSTemporaryDirectory() + "momentum-supersedes-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let rule = [
            "version: 1", "rules:", "  - id: mine-pinterest", "    kind: phrase", "    level: warning", "    applies-to: [milestone]",
            "    phrases: [pinterest]", "    supersedes: [busywork-endles-research]", "    message: \"'{match}' is inspiration.\"", "    ask: \"What will you decide?\"",
        ].joined(separator: "\n") + "\n"
        try rule.write(toFile: directory + "/mine.yml", atomically: true, encoding: .utf8)
        let loaded = RuleLoader.load(userDirectory: directory, extraPaths: [])
        #expect(loaded.diagnostics.map(\.description) == [
            "\(directory)/mine.yml:3:5: error: [mine-pinterest] 'supersedes' names 'busywork-endles-research', which is no rule in force (did you mean 'busywork-endless-research'?); rules list shows them",
        ])
        let plan = Plan(goal: "Retile the bathroom", milestones: [Milestone(title: "look at pinterest for tile ideas")])
        let ids = loaded.ruleSet.check(.milestone, text: "look at pinterest for tile ideas", in: plan, milestone: 0).map(\.ruleID)
        #expect(ids.contains("mine-pinterest") && ids.contains("busywork-endless-research"), "a misspelt id silences nothing: \(ids)")
    }

    /// A trial's `disable: [no-such-rule]` was taken without a word, so a misspelt id turned off
    /// nothing; an id another layer defines (or this file disables and defines) is fine.
    @Test func aDisabledIdThatIsNoRuleIsReportedWhereItIsWritten() throws {
        let directory = NSTemporaryDirectory() + "momentum-disable-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "version: 1\ndisable: [vanity-audience-sise, busywork-status-meeting, no-such-rule]\n".write(toFile: directory + "/mine.yml", atomically: true, encoding: .utf8)
        let loaded = RuleLoader.load(userDirectory: directory, extraPaths: [])
        #expect(loaded.diagnostics.map(\.description) == [
            "\(directory)/mine.yml:2:11: error: 'disable' names 'vanity-audience-sise', which is no rule (did you mean 'vanity-audience-size'?), so it turns nothing off; rules list shows them",
            "\(directory)/mine.yml:2:58: error: 'disable' names 'no-such-rule', which is no rule, so it turns nothing off; rules list shows them",
        ])
        #expect(!loaded.ruleSet.rules.map(\.id).contains("busywork-status-meeting"))
    }

    @Test func userRuleFilesOverrideAndDisable() throws {
        let directory = NSTemporaryDirectory() + "momentum-rules-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try """
        version: 1
        disable: [vanity-downloads]
        rules:
          - id: vanity-audience-size
            kind: phrase
            level: error
            applies-to: [metric]
            phrases: [followers]
            message: "team rule"
            ask: "a"
        """.write(toFile: directory + "/team.yml", atomically: true, encoding: .utf8)
        let loaded = RuleLoader.load(userDirectory: directory, extraPaths: [])
        #expect(loaded.ruleSet.rule(withID: "vanity-audience-size")?.level == .error)
        #expect(loaded.ruleSet.rule(withID: "vanity-downloads") == nil)
        #expect(loaded.sourceDescription == "defaults + \(directory)/team.yml")
    }

    @Test func checkReportNamesPlanPathRuleAndLevel() {
        let plan = Plan(goal: "Grow", metric: Metric(name: "Twitter followers"), milestones: [Milestone(title: "Draft the paid tier page", criterion: "Make progress")])
        let report = CheckReport(file: "p.json", plans: [plan], rules: ShippedRuleTests.loaded.ruleSet)
        let text = report.text()
        #expect(text.contains("p.json: plan 1 \"Grow\": metric: warning: 'followers' can grow while nothing you care about moves. [vanity-audience-size]"))
        #expect(text.contains { $0.contains("step 1, done when: warning:") && $0.contains("[criterion-progress-words]") })
        #expect(report.exitCode == 1)
        #expect(report.json().contains("\"path\" : \"milestones[0].criterion\""))
    }
}
