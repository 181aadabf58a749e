import Foundation
import Testing
@testable import MomentumCore

/// A small stand-in for the shipped encoder: each word stem is a dimension, so sentences that share
/// words are close. Enough to test how the meaning rules vote, lower and name their reasons.
struct WordEncoder: SentenceEncoding {
    static let dimensions = 512
    func encode(_ text: String) -> [Float] {
        var vector = [Float](repeating: 0, count: WordEncoder.dimensions)
        for stem in Words.contentStems(text) {
            let hash = stem.unicodeScalars.reduce(UInt32(2_166_136_261)) { ($0 ^ $1.value) &* 16_777_619 }
            vector[Int(hash % UInt32(WordEncoder.dimensions))] += 1
        }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }
}

@Suite struct MeaningRuleTests {
    /// "keeps me organized" was told it reads like a 20-word issue title: a finding quotes short
    /// labelled phrasings, or the first words of the nearest when none is short.
    @Test(arguments: [
        ([("Sync with the team", 0.9), ("some sort of catch-all issue for improving code maintainability and consistency throughout the JS code base", 0.8),
          ("Weekly status meeting", 0.7), ("Tidy the desk", 0.6)], "'Sync with the team', 'Weekly status meeting'"),
        ([("some sort of catch-all issue for improving code maintainability and consistency throughout the JS code base", 0.8)],
         "'some sort of catch-all issue for improving code maintainability and consistency throughout…'"),
    ])
    func aFindingQuotesShortPhrasings(nearest: [(String, Double)], quoted: String) {
        #expect(RuleSet.quoted(nearest.map { (text: $0.0, similarity: $0.1) }) == quoted)
    }

    static func phrasing(_ field: RuleField, _ flagged: Bool, _ text: String, line: Int = 1) -> LabelledPhrasing {
        LabelledPhrasing(field: field, flagged: flagged, text: text, location: SourceLocation(file: "p.tsv", line: line, column: 1))
    }

    static let phrasings = [
        phrasing(.milestone, true, "weekly status meeting with the team"),
        phrasing(.milestone, true, "sync meeting with the design team"),
        phrasing(.milestone, true, "catch up on team email"),
        phrasing(.milestone, false, "ship the invoice export for accounting"),
        phrasing(.milestone, false, "fix the crash when uploading photos"),
        phrasing(.milestone, false, "call five churned customers"),
    ]

    static func rules(_ yaml: String) -> RuleSet {
        let file = RuleFileParser.parse("version: 1\nrules:\n" + yaml, path: "r.yml")
        #expect(file.diagnostics.isEmpty, "\(file.diagnostics)")
        return RuleSet(file.rules, meaning: MeaningIndex(phrasings: phrasings, encoder: WordEncoder()))
    }

    static let meaningRule = """
      - id: reads-like-busywork
        kind: meaning
        level: info
        applies-to: [milestone]
        neighbours: 3
        min-flag-share: 0.6
        min-similarity: 0.3
        warn-above: 0.95
        doubt-below: 0.4
        message: "This reads like {nearest}."
        ask: "What will exist afterwards?"

    """
    static let wordRule = """
      - id: meeting-word
        kind: phrase
        level: warning
        applies-to: [milestone]
        phrases: [meeting, export]
        message: "'{match}' is busy."
        ask: "Why?"

    """

    @Test func theNearestFlaggedPhrasingsAreTheReason() {
        let findings = MeaningRuleTests.rules(MeaningRuleTests.meaningRule).check(.milestone, text: "status sync with the team", in: Plan(goal: ""))
        #expect(findings.count == 1)
        #expect(findings.first?.message.hasPrefix("This reads like 'weekly status meeting with the team'") == true)
    }

    @Test func anAnswerReadingLikeOkPhrasingsIsLeftAlone() {
        let findings = MeaningRuleTests.rules(MeaningRuleTests.meaningRule).check(.milestone, text: "fix the crash when uploading videos", in: Plan(goal: ""))
        #expect(findings.isEmpty)
    }

    @Test func aLabelledPhrasingDecidesAloneAndWarnsWhenCertain() {
        let rules = MeaningRuleTests.rules(MeaningRuleTests.meaningRule)
        let findings = rules.check(.milestone, text: "Catch up on team email", in: Plan(goal: ""))
        #expect(findings.map(\.level) == [.warning])
        #expect(rules.excluding(MeaningRuleTests.phrasings[2]).check(.milestone, text: "Catch up on team email", in: Plan(goal: "")).map(\.level) != [.warning])
    }

    @Test func aWordRuleIsLoweredToATipWhenTheMeaningDisagrees() {
        let rules = MeaningRuleTests.rules(MeaningRuleTests.meaningRule + MeaningRuleTests.wordRule)
        let feature = rules.check(.milestone, text: "ship the invoice export for the accountants", in: Plan(goal: ""))
        #expect(feature.map(\.ruleID) == ["meeting-word"])
        #expect(feature.map(\.level) == [.info])
        let busy = rules.check(.milestone, text: "weekly status meeting with the team", in: Plan(goal: ""))
        #expect(busy.map(\.level) == [.warning])
    }

    @Test(arguments: [
        (flagShare: 0.68, vote: 1.0, doubts: false),
        (flagShare: 0.9, vote: 0.5, doubts: true),
        (flagShare: 0.75, vote: 0.75, doubts: false),
        (flagShare: 0.5, vote: 0.9, doubts: true),
    ])
    func doubtBelowWeighsTheMeanOfTheFlagShareAndTheVote(flagShare: Double, vote: Double, doubts: Bool) {
        let check = MeaningCheck(neighbours: 9, minFlagShare: 0.5, minSimilarity: 0.3, doubtBelow: 0.75)
        #expect(check.doubts(flagShare: flagShare, vote: vote) == doubts)
        #expect(!MeaningCheck(neighbours: 9, minFlagShare: 0.5, minSimilarity: 0.3).doubts(flagShare: 0, vote: 0))
    }

    @Test func quietBelowDropsTheOtherFindings() {
        let yaml = MeaningRuleTests.meaningRule.replacingOccurrences(of: "doubt-below: 0.4", with: "quiet-below: 0.4") + MeaningRuleTests.wordRule
        let findings = MeaningRuleTests.rules(yaml).check(.milestone, text: "ship the invoice export for the accountants", in: Plan(goal: ""))
        #expect(findings.isEmpty)
        let labelledOk = MeaningRuleTests.rules(MeaningRuleTests.meaningRule + MeaningRuleTests.wordRule)
            .check(.milestone, text: "Ship the invoice export for accounting", in: Plan(goal: ""))
        #expect(labelledOk.isEmpty, "a phrasing labelled ok, written exactly as the answer, quiets the word rules")
    }

    /// A cue that is the whole answer ("Invoice export finished") leaves the meaning nothing else
    /// to weigh, as a pattern that matched it all: it is not quieted. A cue inside a longer answer is.
    @Test func aCueSpanningTheWholeAnswerIsNotQuieted() {
        let quiet = MeaningRuleTests.meaningRule.replacingOccurrences(of: "doubt-below: 0.4", with: "quiet-below: 0.4")
        let cueRule = """
          - id: restated
            kind: cue
            level: info
            applies-to: [milestone]
            cues: [restated-done, number]
            message: "'{match}' restates it."
            ask: "What would someone see?"

        """
        let rules = MeaningRuleTests.rules(quiet + cueRule)
        #expect(rules.check(.milestone, text: "invoice export finished", in: Plan(goal: "")).map(\.ruleID) == ["restated"])
        #expect(rules.check(.milestone, text: "ship the invoice export for 3 accountants", in: Plan(goal: "")).isEmpty)
    }

    @Test func withoutAnIndexMeaningRulesAreQuiet() {
        let file = RuleFileParser.parse("version: 1\nrules:\n" + MeaningRuleTests.meaningRule, path: "r.yml")
        #expect(RuleSet(file.rules).check(.milestone, text: "weekly status meeting with the team", in: Plan(goal: "")).isEmpty)
    }

    @Test func aUserPhrasingWithTheSameTextReplacesTheShippedOne() {
        let relabelled = MeaningRuleTests.phrasings + [MeaningRuleTests.phrasing(.milestone, false, "Catch up on team email")]
        let index = MeaningIndex(phrasings: relabelled, encoder: WordEncoder())
        #expect(index.count(of: .milestone) == MeaningRuleTests.phrasings.count)
        #expect(index.verdict(for: "catch up on team email", vector: WordEncoder().encode("catch up on team email"), field: .milestone, neighbours: 3)?.flagShare == 0)
    }

    /// `model-weight` blends the field's linear reading into the flag share: 0 is the vote alone,
    /// 1 the reading alone (clamped to 0…1), and between them a weighted mean.
    @Test func modelWeightBlendsTheLinearReadingWithTheVote() throws {
        let index = MeaningIndex(phrasings: MeaningRuleTests.phrasings, encoder: WordEncoder())
        let text = "weekly sync meeting about email"
        let vector = WordEncoder().encode(text)
        let vote = try #require(index.verdict(for: text, vector: vector, field: .milestone, neighbours: 3, modelWeight: 0))
        let read = try #require(index.verdict(for: text, vector: vector, field: .milestone, neighbours: 3, modelWeight: 1))
        let blend = try #require(index.verdict(for: text, vector: vector, field: .milestone, neighbours: 3, modelWeight: 0.25))
        #expect(read.flagShare > 0.5, "the linear reading of a busy sentence leans to flag")
        #expect((0...1).contains(read.flagShare))
        #expect(abs(blend.flagShare - (0.25 * read.flagShare + 0.75 * vote.flagShare)) < 1e-9)
    }

    /// A field with more phrasings than the reading's limit is read by a reading fitted on the last
    /// ones (a user's, which load last): the same as an index that holds only those.
    @Test func theReadingIsFittedOnAFieldsLastPhrasingsPastItsLimit() throws {
        let phrasings = MeaningRuleTests.phrasings.map { MeaningRuleTests.phrasing($0.field, !$0.flagged, "before: " + $0.text) }
            + MeaningRuleTests.phrasings
        let capped = MeaningIndex(encoder: WordEncoder(), readingRows: MeaningRuleTests.phrasings.count, load: { phrasings })
        let last = MeaningIndex(phrasings: MeaningRuleTests.phrasings, encoder: WordEncoder())
        let text = "weekly sync meeting about email"
        let vector = WordEncoder().encode(text)
        let read = try #require(capped.verdict(for: text, vector: vector, field: .milestone, neighbours: 3, modelWeight: 1))
        let expected = try #require(last.verdict(for: text, vector: vector, field: .milestone, neighbours: 3, modelWeight: 1))
        #expect(abs(read.flagShare - expected.flagShare) < 1e-9)
        #expect(read.flagShare > 0.5)
        let left = try #require(phrasings.last)
        let without = try #require(capped.excluding(left).verdict(for: left.text, vector: WordEncoder().encode(left.text),
                                                                  field: .milestone, neighbours: 3, modelWeight: 1))
        let refit = MeaningIndex(phrasings: Array(MeaningRuleTests.phrasings.dropLast()), encoder: WordEncoder())
        let refitRead = try #require(refit.verdict(for: left.text, vector: WordEncoder().encode(left.text), field: .milestone, neighbours: 3, modelWeight: 1))
        #expect(abs(without.flagShare - refitRead.flagShare) < 1e-6, "leaving out one of the fitted phrasings is exact")
    }

    @Test(arguments: ["model-weight: 1.5", "model-weight: -0.1", "model-weight: .nan"])
    func modelWeightOutsideZeroToOneIsALocatedError(line: String) {
        let yaml = "version: 1\nrules:\n" + MeaningRuleTests.meaningRule.replacingOccurrences(of: "doubt-below: 0.4", with: line)
        let file = RuleFileParser.parse(yaml, path: "r.yml")
        #expect(file.rules.isEmpty)
        #expect(file.diagnostics.contains { $0.message.contains("model-weight") && $0.location.line == 11 }, "\(file.diagnostics)")
    }

    @Test func alignmentCountsMeaningWhenNoWordIsShared() {
        struct SynonymEncoder: SentenceEncoding {
            func encode(_ text: String) -> [Float] { WordEncoder().encode(text.replacingOccurrences(of: "invoice", with: "billing")) }
        }
        let check = AlignmentCheck(generic: [], compareWith: [.goal], minSimilarity: 0.2)
        let plan = Plan(goal: "customers billing on day one")
        let unrelated = "general polish of the office"
        #expect(check.evaluate(FieldText(unrelated), plan: plan, milestone: nil, encoder: SynonymEncoder()) == unrelated)
        #expect(check.evaluate(FieldText("first invoice sent at signup"), plan: plan, milestone: nil, encoder: SynonymEncoder()) == nil)
        #expect(check.evaluate(FieldText("first invoice sent at signup"), plan: plan, milestone: nil) == "first invoice sent at signup")
    }
}

@Suite struct CueTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var cue: Cue
        var text: String
        var present: Bool
        var testDescription: String { "\(cue.rawValue) \(present ? "in" : "not in"): \(text)" }
    }

    static let cases: [Case] = [
        Case(cue: .rate, text: "Share of orders shipped within a day", present: true),
        Case(cue: .rate, text: "Support tickets solved on first contact (%)", present: true),
        Case(cue: .rate, text: "Signups per week", present: true),
        Case(cue: .rate, text: "Time to first invoice", present: true),
        Case(cue: .rate, text: "Twitter followers", present: false),
        Case(cue: .rate, text: "Reach 500 paying subscribers", present: false),
        // Progress toward a fixed whole (a newcomer's renovation metrics read as vanity counts).
        Case(cue: .rate, text: "Fixtures installed out of 9", present: true),
        Case(cue: .rate, text: "Tiles laid, 3/12 sqm", present: true),
        Case(cue: .rate, text: "Number of the 9 remaining jobs on the snag list that are done", present: true),
        Case(cue: .rate, text: "Write 30 posts", present: false),
        Case(cue: .productWork, text: "Build the calendar view for booked meetings", present: true),
        Case(cue: .productWork, text: "Notion export for client reports", present: true),
        Case(cue: .productWork, text: "Add a reminders feature", present: true),
        Case(cue: .productWork, text: "Weekly status meeting", present: false),
        Case(cue: .productWork, text: "Clean up my Notion workspace", present: false),
        Case(cue: .ownActionCount, text: "Write 30 posts", present: true),
        Case(cue: .ownActionCount, text: "Make 100 cold calls", present: true),
        Case(cue: .ownActionCount, text: "Send 50 emails per week", present: false),
        Case(cue: .ownActionCount, text: "Paying customers", present: false),
        Case(cue: .restatedDone, text: "Design finalised", present: true),
        Case(cue: .restatedDone, text: "Copy written", present: true),
        Case(cue: .restatedDone, text: "The task is completed.", present: true),
        Case(cue: .restatedDone, text: "Page Load Speed Optimized", present: true),
        Case(cue: .restatedDone, text: "tested successfully", present: true),
        Case(cue: .restatedDone, text: "Irrigation checked: every zone runs 10 minutes", present: false),
        Case(cue: .restatedDone, text: "PR merged and deployed to staging", present: false),
        Case(cue: .restatedDone, text: "Dana signs off on the budget", present: false),
        Case(cue: .checkable, text: "Dana replies by Friday", present: true),
        Case(cue: .checkable, text: "It works well", present: false),
        Case(cue: .number, text: "three chapters", present: true),
        Case(cue: .rate, text: "App Store installs still active after a week", present: true),
        Case(cue: .rate, text: "Customers who renewed", present: true),
        Case(cue: .observable, text: "Friends can install it without a TestFlight link", present: true),
        Case(cue: .observable, text: "The design is better", present: false),
        Case(cue: .deliverable, text: "Submit my master's thesis", present: true),
        Case(cue: .deliverable, text: "Launch the Android app in the Play Store", present: true),
        Case(cue: .deliverable, text: "Run 2 half marathons", present: true),
        Case(cue: .deliverable, text: "Get better at marketing", present: false),
        Case(cue: .deliverable, text: "Be more productive", present: false),
        Case(cue: .deliverable, text: "The launch went well", present: false),
        Case(cue: .consequence, text: "Decides where the bed goes, so building can start", present: true),
        Case(cue: .consequence, text: "Unblocks checkout, so customers can upgrade alone", present: true),
        Case(cue: .consequence, text: "Shows whether teams understand sharing before we build it", present: true),
        Case(cue: .consequence, text: "Chapter 2 can't be signed without it", present: true),
        Case(cue: .consequence, text: "So the team stays aligned", present: false),
        Case(cue: .consequence, text: "Helps the project move forward", present: false),
    ]

    @Test(arguments: cases)
    func cueIsFoundOrNot(_ testCase: Case) {
        #expect(testCase.cue.isPresent(in: FieldText(testCase.text)) == testCase.present)
    }

    @Test func unlessCueQuietsARule() {
        let file = RuleFileParser.parse("""
        version: 1
        rules:
          - id: busy-word
            kind: phrase
            level: warning
            applies-to: [metric]
            phrases: [tickets]
            unless-cue: [rate]
            message: "m"
            ask: "a"
            examples:
              flag: ["Tickets closed"]
              ok: ["Share of tickets solved on first contact"]
        """, path: "r.yml")
        #expect(file.diagnostics.isEmpty)
        #expect(RuleSet(file.rules).verifyExamples().isEmpty)
    }
}

@Suite struct RuleEvaluationTests {
    @Test func precisionAndRecallCountTipsAndWarningsApart() {
        let file = RuleFileParser.parse("""
        version: 1
        rules:
          - id: vanity
            kind: phrase
            level: warning
            applies-to: [metric]
            phrases: [followers]
            message: "m"
            ask: "a"
          - id: soft
            kind: phrase
            level: info
            applies-to: [metric]
            phrases: [downloads]
            message: "m"
            ask: "a"
        """, path: "r.yml")
        let rows = [
            MeaningRuleTests.phrasing(.metric, true, "Twitter followers"),
            MeaningRuleTests.phrasing(.metric, true, "App downloads"),
            MeaningRuleTests.phrasing(.metric, true, "Likes"),
            MeaningRuleTests.phrasing(.metric, false, "Followers who pay"),
            MeaningRuleTests.phrasing(.metric, false, "Churn rate"),
        ]
        let evaluation = RuleEvaluation(phrasings: rows, rules: RuleSet(file.rules))
        let metric = evaluation.scores[0]
        #expect(metric.field == .metric)
        #expect(metric.any == RuleEvaluation.Score(truePositives: 2, falsePositives: 1, falseNegatives: 1, trueNegatives: 1))
        #expect(metric.warnings == RuleEvaluation.Score(truePositives: 1, falsePositives: 1, falseNegatives: 2, trueNegatives: 1))
        #expect(evaluation.scores.last?.field == nil)
        #expect(evaluation.mistakes.map(\.phrasing.text) == ["Likes", "Followers who pay"])
        // `rules eval --by-rule`: the rule wrong most often first.
        #expect(evaluation.ruleScores == [
            RuleEvaluation.RuleScore(ruleID: "vanity", onFlagged: 1, onOk: 1, aloneOnOk: 1, aloneOnFlagged: 1),
            RuleEvaluation.RuleScore(ruleID: "soft", onFlagged: 1, onOk: 0, aloneOnOk: 0, aloneOnFlagged: 1),
        ])
        #expect(evaluation.ruleScores.map(\.precision) == [0.5, 1])
    }

    @Test func aPhrasingWithAGoalIsJudgedAgainstThatGoal() {
        let phrasing = LabelledPhrasing(field: .moves, flagged: true, text: "Office mood", goal: "Run a marathon", location: SourceLocation(file: "p", line: 1, column: 1))
        let plan = RuleEvaluation.plan(with: phrasing)
        #expect(plan.goal == "Run a marathon")
        #expect(plan.metric.name.isEmpty)
        #expect(plan.milestones[0].moves == "Office mood")
    }
}

@Suite struct PhrasingFileParserTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a bad label", text: "metric\tflagg\tFollowers", expected: "p.tsv:1:8: error: the label is 'flagg'; write flag or ok"),
        Case(name: "an unknown field", text: "metrc\tflag\tFollowers", expected: "p.tsv:1:1: error: unknown field 'metrc' (did you mean 'metric'?); fields are goal, outcome, metric, baseline, target, progress, blocker, milestone, criterion, artifact, timebox, owner, moves, win"),
        Case(name: "too few columns", text: "metric\tflag", expected: "p.tsv:1:1: error: expected at least 3 tab-separated columns (field, label, text, goal, source), found 2"),
        Case(name: "an empty text", text: "# c\nmetric\tok\t ", expected: "p.tsv:2:11: error: the text is empty"),
        Case(name: "an unknown column", text: "field\tlabel\ttext\tsauce\nmetric\tok\tChurn\tx", expected: "p.tsv:1:18: error: unknown column 'sauce' (did you mean 'source'?); columns are field, label, text, goal, source"),
        Case(name: "a NUL in a text", text: "# c\nmilestone\tflag\tweekly\u{0} sync", expected: "p.tsv:2:22: error: a control character (U+0000) at character 22: labelled phrasings are plain text. Delete it (an editor's 'show invisibles' shows it); this line was not used"),
        Case(name: "a C1 control in a goal", text: "win\tok\tShipped\tLaunch\u{85}", expected: "p.tsv:1:22: error: a control character (U+0085) at character 22: labelled phrasings are plain text. Delete it (an editor's 'show invisibles' shows it); this line was not used"),
    ]

    @Test(arguments: cases)
    func problemsAreLocated(_ testCase: Case) {
        let parsed = PhrasingFileParser.parse(testCase.text, path: "p.tsv")
        #expect(parsed.diagnostics.map(\.description) == [testCase.expected])
    }

    @Test func aHeaderMayReorderColumnsAndOldFieldNamesAreRead() {
        let parsed = PhrasingFileParser.parse("field\tlabel\tgoal\ttext\tsource\nmoves\tok\tShip it\tUnblocks payments\thttps://x\ntitle\tflag\t\tSync\t\n", path: "p.tsv")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.phrasings.map(\.field) == [.moves, .milestone])
        #expect(parsed.phrasings[0].goal == "Ship it")
        #expect(parsed.phrasings[0].text == "Unblocks payments")
        #expect(parsed.phrasings[0].source == "https://x")
        #expect(parsed.phrasings[0].location.line == 2)
    }

    /// A file saved with Windows line ends: "\r\n" is one Swift Character, so splitting lines on
    /// the character "\n" read the whole file as one line.
    @Test func windowsLineEndsAreRead() {
        let parsed = PhrasingFileParser.parse("field\tlabel\ttext\r\nmetric\tflag\tpage views\r\nmetric\tok\tchurn rate\r\n", path: "p.tsv")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.phrasings.map(\.text) == ["page views", "churn rate"])
        #expect(parsed.phrasings.map(\.location.line) == [2, 3])
        #expect(ControlCharacters.firstLine(in: "a\r\nb\r\nc\u{7}d\r\n").map { [$0.line, $0.found.column] } == [3, 2])
    }
}
