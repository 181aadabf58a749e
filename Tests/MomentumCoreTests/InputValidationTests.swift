import Foundation
import Testing
@testable import MomentumCore

/// Values from outside are checked where they enter, so no view can trap or cut on them later
/// (issue 11: a year-10000 date, a 1e19 timebox, .inf in a rule file, a huge @advance, a NUL).
@Suite struct InputValidationTests {
    static func planJSON(milestone: String = #"{"title": "a"}"#, createdAt: String = "2026-11-16T09:00:00Z") -> Data {
        Data(#"{"version": 1, "goal": "g", "metric": {"name": "m"}, "createdAt": "\#(createdAt)", "milestones": [\#(milestone)]}"#.utf8)
    }

    @Test(arguments: ["10000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "0000-12-31T00:00:00Z"])
    func aDateOutsideYearsOneTo9999IsALocatedError(date: String) {
        #expect(ISODate.parse(date) == nil)
        #expect(throws: PlanJSON.DecodingError.self) { try PlanJSON.decode(InputValidationTests.planJSON(createdAt: date)) }
    }

    @Test func theLastRepresentableDayStillReads() throws {
        #expect(ISODate.parse("9999-12-31T23:59:59Z") != nil)
        #expect(try PlanJSON.decode(InputValidationTests.planJSON(createdAt: "9999-12-31T23:59:59Z")).count == 1)
    }

    @Test(arguments: ["1e19", "1e19 days", "400 days", "100 weeks", "1e300h"])
    func aTimeboxPastAYearIsNotTaken(typed: String) {
        #expect(Timebox.parseDays(typed) == nil)
    }

    @Test func anImportedTimeboxPastAYearNamesItsPath() {
        do {
            _ = try PlanJSON.decode(InputValidationTests.planJSON(milestone: #"{"title": "a", "timeboxDays": 1e19}"#))
            Issue.record("decoded")
        } catch {
            #expect(error.path == "$.milestones[0].timeboxDays")
            #expect(error.message.hasPrefix("must be at most 365 days"))
        }
    }

    @Test(arguments: [1e19, .infinity, -.infinity, .nan, 1e300])
    func formattingAnyNumberOfDaysNeverTraps(days: Double) {
        #expect(!Timebox.format(days).isEmpty)
    }

    @Test(arguments: ["min-milestones: .inf", "max: 1e19", "max: .inf", "max-days: .nan", "max: -1", "min-milestones: 2.5"])
    func aNumericRuleKeyOutOfRangeIsLocatedAndTheRuleSkipped(line: String) {
        let file = RuleFileParser.parse("""
        version: 1
        rules:
          - id: tiny
            kind: plan
            level: info
            condition: all-tiny
            \(line)
            message: "m"
            ask: "a"
        """, path: "r.yml")
        #expect(file.rules.isEmpty)
        #expect(file.diagnostics.count == 1)
        #expect(file.diagnostics.first?.description.hasPrefix("r.yml:7:") == true, "\(file.diagnostics)")
    }

    @Test func aNULInAPlanFileIsALocatedErrorNotACut() {
        do {
            _ = try PlanJSON.decode(Data(#"{"version": 1, "goal": "Ship\u0000 it", "metric": {"name": "m"}}"#.utf8))
            Issue.record("decoded")
        } catch {
            #expect(error.path == "$.goal")
            #expect(error.message.hasPrefix("a control character (U+0000) at character 5"))
        }
        #expect(throws: Never.self) { try PlanJSON.decode(Data(#"{"version": 1, "goal": "Ship\tit", "metric": {"name": "m"}}"#.utf8)) }
    }

    @Test(arguments: ["@advance 1e300d", "@advance 4000d", "@advance infd"])
    func aHugeAdvanceIsALocatedError(line: String) {
        let text = "---\nmomentum-transcript: 1\ndate: 2026-11-20T09:00:00Z\n---\nmomentum> help\n\(line)\n"
        #expect(throws: Transcript.ParseError.self) { try Transcript.parse(Data(text.utf8), file: "t.md") }
    }
}
