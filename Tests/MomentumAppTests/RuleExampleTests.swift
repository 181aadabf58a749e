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
        let failures = RuleSet([rule]).verifyExamples().map(\.description)
        #expect(failures == [])
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
