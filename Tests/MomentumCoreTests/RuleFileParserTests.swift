import Testing
@testable import MomentumCore

/// Every malformed-rule case: the exact location and message, and the other rules still load.
@Suite struct RuleFileParserTests {
    static let good = """
      - id: fine-rule
        kind: phrase
        level: warning
        applies-to: [metric]
        phrases: [followers]
        message: "m"
        ask: "a"
    """

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var rule: String
        var expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "unknown key with suggestion", rule: """
          - id: bad
            kind: phrase
            level: warning
            applies-to: [metric]
            phrases: [x]
            mesage: "m"
            ask: "a"
        """, expected: "rules/t.yml:10:5: error: [bad] missing required key 'message'|rules/t.yml:15:5: error: [bad] unknown key for kind 'phrase' 'mesage' (did you mean 'message'?)"),
        Case(name: "wrong type", rule: """
          - id: bad
            kind: phrase
            level: warning
            applies-to: [metric]
            phrases: {a: b}
            message: "m"
            ask: "a"
        """, expected: "rules/t.yml:14:14: error: [bad] 'phrases' must be a list of strings"),
        Case(name: "missing required key", rule: """
          - id: bad
            kind: phrase
            level: warning
            applies-to: [metric]
            phrases: [x]
            message: "m"
        """, expected: "rules/t.yml:10:5: error: [bad] missing required key 'ask'"),
        Case(name: "unknown kind", rule: """
          - id: bad
            kind: phrse
            level: warning
            applies-to: [metric]
            message: "m"
            ask: "a"
        """, expected: "rules/t.yml:11:11: error: [bad] unknown kind 'phrse' (did you mean 'phrase'?); kinds are phrase, pattern, require, range, plan, alignment, shortfall, cue, meaning"),
        Case(name: "shortfall without compare-with", rule: """
          - id: bad
            kind: shortfall
            level: warning
            applies-to: [win]
            message: "m"
            ask: "a"
        """, expected: "rules/t.yml:10:5: error: [bad] missing required key 'compare-with' (the fields whose numbers the answer should reach, e.g. [criterion])"),
        Case(name: "shortfall against an unknown field", rule: """
          - id: bad
            kind: shortfall
            level: warning
            applies-to: [win]
            compare-with: [critrion]
            message: "m"
            ask: "a"
        """, expected: "rules/t.yml:14:20: error: [bad] unknown field 'critrion' (did you mean 'criterion'?)"),
        Case(name: "invalid regex", rule: """
          - id: bad
            kind: pattern
            level: warning
            applies-to: [metric]
            pattern: "(unclosed"
            message: "m"
            ask: "a"
        """, expected: "rules/t.yml:14:14: error: [bad] invalid regular expression '(unclosed': check brackets, parentheses and escapes (a YAML string in double quotes needs '\\\\' for one backslash; single quotes do not)"),
        Case(name: "empty phrase list", rule: """
          - id: bad
            kind: phrase
            level: warning
            applies-to: [metric]
            phrases: []
            message: "m"
            ask: "a"
        """, expected: "rules/t.yml:14:14: error: [bad] 'phrases' is an empty list; give at least one entry"),
        Case(name: "duplicate id", rule: """
          - id: fine-rule
            kind: phrase
            level: info
            applies-to: [goal]
            phrases: [x]
            message: "m"
            ask: "a"
        """, expected: "rules/t.yml:10:9: error: [fine-rule] duplicate id; first defined at rules/t.yml:3:5; this one is skipped"),
        Case(name: "unknown field", rule: """
          - id: bad
            kind: phrase
            level: warning
            applies-to: [metrc]
            phrases: [x]
            message: "m"
            ask: "a"
        """, expected: "rules/t.yml:13:18: error: [bad] unknown field 'metrc' (did you mean 'metric'?); fields are goal, outcome, metric, baseline, target, progress, blocker, milestone, criterion, artifact, timebox, owner, moves, win"),
        Case(name: "key of another kind", rule: """
          - id: bad
            kind: phrase
            level: warning
            applies-to: [metric]
            phrases: [x]
            pattern: "x"
            message: "m"
            ask: "a"
        """, expected: "rules/t.yml:15:5: error: [bad] 'pattern' belongs to kind 'pattern', not this rule's kind"),
        Case(name: "invalid unless-pattern", rule: """
          - id: bad
            kind: phrase
            level: warning
            applies-to: [metric]
            phrases: [x]
            unless-pattern: "(unclosed"
            message: "m"
            ask: "a"
        """, expected: "rules/t.yml:15:21: error: [bad] invalid regular expression '(unclosed' in 'unless-pattern': check brackets, parentheses and escapes"),
        Case(name: "related not a list of lists", rule: """
          - id: bad
            kind: alignment
            level: info
            applies-to: [moves]
            compare-with: [goal]
            related: pay
            message: "m"
            ask: "a"
        """, expected: "rules/t.yml:15:14: error: [bad] 'related' must be a list of word lists, e.g. [[pay, invoice, checkout], [run, race, km]]"),
        Case(name: "unknown cue with suggestion", rule: """
          - id: bad
            kind: cue
            level: warning
            applies-to: [metric]
            cues: [rates]
            message: "m"
            ask: "a"
        """, expected: "rules/t.yml:14:12: error: [bad] unknown cue 'rates' (did you mean 'rate'?); cues are rate, product-work, own-action-count, restated-done, checkable, number, observable, deliverable, consequence, sign-off, time-spent"),
        Case(name: "unknown cue in unless-cue", rule: """
          - id: bad
            kind: phrase
            level: warning
            applies-to: [metric]
            phrases: [x]
            unless-cue: [product-wrk]
            message: "m"
            ask: "a"
        """, expected: "rules/t.yml:15:18: error: [bad] unknown cue 'product-wrk' (did you mean 'product-work'?); cues are rate, product-work, own-action-count, restated-done, checkable, number, observable, deliverable, consequence, sign-off, time-spent"),
        Case(name: "meaning share out of range", rule: """
          - id: bad
            kind: meaning
            level: info
            applies-to: [milestone]
            min-flag-share: 1.5
            message: "m"
            ask: "a"
        """, expected: "rules/t.yml:14:21: error: [bad] 'min-flag-share' is a number from 0.0 to 1.0"),
        Case(name: "meaning neighbours not whole", rule: """
          - id: bad
            kind: meaning
            level: info
            applies-to: [milestone]
            neighbours: 2.5
            message: "m"
            ask: "a"
        """, expected: "rules/t.yml:14:17: error: [bad] 'neighbours' is a whole number from 1 to 50"),
        Case(name: "a meaning key on another kind", rule: """
          - id: bad
            kind: phrase
            level: info
            applies-to: [milestone]
            phrases: [x]
            neighbours: 5
            message: "m"
            ask: "a"
        """, expected: "rules/t.yml:15:5: error: [bad] 'neighbours' belongs to kind 'meaning', not this rule's kind"),
        Case(name: "plurals-as-nouns not a boolean", rule: """
          - id: bad
            kind: phrase
            level: info
            applies-to: [metric]
            phrases: [likes]
            plurals-as-nouns: sometimes
            message: "m"
            ask: "a"
        """, expected: "rules/t.yml:15:23: error: [bad] 'plurals-as-nouns' must be true or false, not 'sometimes'"),
    ]

    @Test(arguments: cases)
    func reportsLocatedErrorAndKeepsTheRest(_ testCase: Case) {
        let text = "version: 1\nrules:\n" + RuleFileParserTests.good + "\n" + testCase.rule + "\n"
        let file = RuleFileParser.parse(text, path: "rules/t.yml")
        let rendered = Set(file.diagnostics.map(\.description))
        #expect(rendered == Set(testCase.expected.split(separator: "|").map(String.init)))
        #expect(file.rules.map(\.id) == ["fine-rule"])
    }

    @Test func invalidYAMLIsLocated() {
        let file = RuleFileParser.parse("version: 1\nrules:\n  - id: [unclosed\n", path: "r.yml")
        #expect(file.rules.isEmpty)
        #expect(file.diagnostics.count == 1)
        #expect(file.diagnostics[0].description.hasPrefix("r.yml:4:1: error: not valid YAML"))
    }

    @Test(arguments: [("\u{0}", "U+0000", 19), ("\u{1B}", "U+001B", 19), ("\u{7F}", "U+007F", 19)])
    func aControlCharacterIsLocatedAndNothingLoads(character: String, code: String, column: Int) {
        let file = RuleFileParser.parse("version: 1\nrules:\n  - id: x\n    phrases: [meet\(character)ing]\n", path: "r.yml")
        #expect(file.rules.isEmpty)
        #expect(file.diagnostics.map(\.description) == [
            "r.yml:4:\(column): error: a control character (\(code)) at character \(column): a rule file is plain text. Delete it (an editor's 'show invisibles' shows it) and load again; nothing in this file was loaded",
        ])
    }

    @Test func aTabIndentIsNamed() {
        let file = RuleFileParser.parse("version: 1\nrules:\n\t- id: x\n", path: "r.yml")
        #expect(file.diagnostics.map(\.description) == [
            "r.yml:3:1: error: not valid YAML: found character that cannot start any token (a tab: YAML indents with spaces only); nothing in this file was loaded",
        ])
    }

    /// A trial's YAML errors named the place but not the usual cause.
    @Test(arguments: [
        ("    pattern: \"\\d+ days\"\n", "r.yml:4:15: error: not valid YAML: found unknown escape character (in double quotes a backslash starts an escape: write \\\\d, or put a pattern in single quotes); nothing in this file was loaded"),
        ("    message: Note: this\n", "r.yml:4:18: error: not valid YAML: mapping values are not allowed in this context (a value with ': ' in it needs quotes, or this line is indented deeper than the keys beside it); nothing in this file was loaded"),
        ("  applies-to: [goal]\n    ask: a\n", "r.yml:4:3: error: not valid YAML: did not find expected '-' indicator (this line is indented less than the rule above it: a rule's keys line up under its first key); nothing in this file was loaded"),
    ])
    func aYAMLErrorSaysItsUsualCause(line: String, message: String) {
        let file = RuleFileParser.parse("version: 1\nrules:\n  - id: x\n" + line, path: "r.yml")
        #expect(file.diagnostics.map(\.description) == [message])
    }

    @Test func wrongVersion() {
        let file = RuleFileParser.parse("version: 2\nrules: []\n", path: "r.yml")
        #expect(file.diagnostics.map(\.description) == ["r.yml:1:10: error: unsupported version '2'; this Momentum reads version 1"])
    }

    @Test func failingExamplesAreReportedWithTheirLocation() {
        let text = """
        version: 1
        rules:
          - id: r
            kind: phrase
            level: warning
            applies-to: [metric]
            phrases: [followers]
            message: "m"
            ask: "a"
            examples:
              flag: ["likes"]
              ok: ["followers"]
        """
        let file = RuleFileParser.parse(text, path: "r.yml")
        let failures = RuleSet(file.rules).verifyExamples().map(\.description)
        #expect(failures == ["r.yml:11:14: error: [r] flag example did not fire: \"likes\"", "r.yml:12:12: error: [r] ok example fired: \"followers\""])
    }

    @Test func laterRuleWithSameIDOverridesAndDisableTurnsOff() {
        let base = RuleFileParser.parse("version: 1\nrules:\n" + RuleFileParserTests.good + "\n", path: "a.yml")
        let user = RuleFileParser.parse("""
        version: 1
        disable: [other]
        rules:
          - id: fine-rule
            kind: phrase
            level: error
            applies-to: [metric]
            phrases: [likes]
            message: "changed"
            ask: "a"
        """, path: "b.yml")
        let set = RuleSet.merging([base.rules, user.rules], disabled: Set(user.disabled))
        #expect(set.rules.count == 1)
        #expect(set.rules[0].level == .error)
        #expect(set.check(.metric, text: "likes", in: Plan(goal: "")).map(\.message) == ["changed"])
        #expect(RuleSet.merging([base.rules], disabled: ["fine-rule"]).rules.isEmpty)
    }
}
