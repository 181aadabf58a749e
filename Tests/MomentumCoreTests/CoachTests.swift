import Foundation
import Testing
@testable import MomentumCore

/// The `new` flow, driven line by line as a user would type it.
@Suite struct CoachTests {
    static let vanity = RuleFileParser.parse("""
    version: 1
    rules:
      - id: vanity
        kind: phrase
        level: warning
        applies-to: [metric]
        phrases: [followers]
        message: "'{match}' flatters."
        ask: "What number would change a decision?"
    """, path: "t.yml").rules

    static let stalledSession = [
        "Ship the billing page", "Customers upgrade alone", "upgrades per week", "2", "skip", "stalled",
        "pricing table in September", "no payment provider", "Compare two providers in a note",
        "Dana approves the note", "docs/providers.md", "1", "", "unblocks payments", "no",
    ]

    /// A warning on "better" in an outcome, as YAML under `rules:`.
    static let vagueWordRule = """
          - id: vague-word
            kind: phrase
            level: warning
            applies-to: [outcome]
            phrases: [better]
            message: "'{match}' is a direction."
            ask: "Where is the line?"
        """

    func run(_ inputs: [String], rules: [Rule] = []) -> (Coach, [Coach.Reply]) {
        var coach = Coach(form: .newPlan(), rules: RuleSet(rules))
        var replies: [Coach.Reply] = []
        for input in inputs { replies.append(coach.receive(input)) }
        return (coach, replies)
    }

    static let tipOnViews = RuleFileParser.parse("""
    version: 1
    rules:
      - id: views-tip
        kind: phrase
        level: info
        applies-to: [metric]
        phrases: [page views]
        message: "'{match}' may flatter."
        ask: "What would change a decision?"
    """, path: "t.yml").rules

    /// A trial went back to an answer with a tip and typed keep with a reason: "There is nothing
    /// to keep". After back, keep means the answer offered again.
    @Test func keepAfterBackKeepsTheAnswerOfferedAgain() throws {
        var (coach, replies) = run(["Ship the billing page", "Customers upgrade alone", "page views"], rules: CoachTests.tipOnViews)
        #expect(replies.last?.lines.first?.text.hasPrefix("Tip: 'page views' may flatter.") == true)
        _ = coach.receive("back")
        #expect(coach.prompt.prefill == "page views")
        #expect(coach.receive("keep because").lines.first?.text.hasPrefix("That gives no reason.") == true)
        let kept = coach.receive("keep the sales team reads it every Monday")
        #expect(kept.lines.first?.text == "Kept 'page views' as it was, with your reason, for [views-tip].")
        #expect(coach.prompt.name == "baseline")
        #expect(coach.form.answers.last?.value == "page views")
        #expect(coach.form.answers.last?.kept == [Kept(ruleID: "views-tip", reason: "the sales team reads it every Monday")])
    }

    /// A trial typed `keep <reason>` at save> under the open findings listed there, and was told
    /// "There is nothing to keep". It keeps them all, and `back` takes that back.
    @Test func keepAtSaveKeepsTheOpenFindingsListed() throws {
        var session = CoachTests.stalledSession
        session[2] = "page views"
        var (coach, replies) = run(session, rules: CoachTests.tipOnViews)
        #expect(coach.prompt.name == "save")
        #expect(replies.last?.lines.contains { $0.text.contains("[views-tip]") } == true, "listed open")
        #expect(coach.receive("keep because").lines.first?.text.hasPrefix("That gives no reason.") == true)
        #expect(coach.receive("keep the sales team reads it every Monday").lines.first?.text == "Kept with your reason: [views-tip]. Type yes to save.")
        #expect(coach.prompt.name == "save")
        _ = coach.receive("back")
        #expect(coach.prompt.name == "save")
        #expect(coach.form.answers.last?.key != .save, "back took the keep away")
        _ = coach.receive("keep the sales team reads it every Monday")
        guard case .finished(.plan(let plan)) = coach.receive("yes").outcome else {
            Issue.record("save finishes the plan")
            return
        }
        #expect(plan.overrides == [Override(ruleID: "views-tip", path: "metric.name", text: "page views", reason: "the sales team reads it every Monday")])
    }

    /// A trial's "why?" right after a warning got the question's general help, not why the answer
    /// was questioned.
    @Test func aQuestionBackAfterAFindingExplainsTheFinding() throws {
        let rules = RuleFileParser.parse("version: 1\nrules:\n" + CoachTests.vagueWordRule, path: "t.yml").rules
        var (coach, _) = run(["Ship the billing page", "Things get better"], rules: rules)
        let asked = coach.receive("why?").lines.map(\.text)
        #expect(asked == ["'Things get better' was questioned because:", "  'better' is a direction. [vague-word]", "  Where is the line?",
                          "Rephrase it, or type: keep <your reason> (help shows what this question asks for)."])
        #expect(coach.prompt.name == "why")
        #expect(coach.form.pending?.value == "Things get better", "still questioned, nothing saved")
    }

    /// A terse trial typed the timebox's "1" at artifact> and it was saved as the artifact.
    @Test(arguments: ["1", "2.5"])
    func aNumberAloneWhereWordsAreAskedIsRefused(typed: String) throws {
        var (coach, _) = run(Array(CoachTests.stalledSession.prefix(10)))
        #expect(coach.prompt.name == "artifact")
        #expect(coach.receive(typed).lines.first?.text == "'\(typed)' is only a number; this asks for words (to answer with it, put it in double quotes).")
        #expect(coach.prompt.name == "artifact")
        _ = coach.receive("\"1\"")
        #expect(coach.form.answers.last?.value == "1", "quoted, it is the answer")
    }

    /// A trial answered the moves question's offer ("or \"upgrades per week\"") with "the metric": it
    /// drew a tip quoting unrelated phrasings, and the plan was told no step mentions its metric.
    @Test func theMetricAsWhatAStepMovesIsTheMetric() throws {
        var session = CoachTests.stalledSession
        session[13] = "the metric"
        var (coach, replies) = run(session)
        #expect(replies[13].lines.first?.text == "Taking that as the metric: upgrades per week.")
        guard case .finished(.plan(let plan)) = coach.receive("yes").outcome else {
            Issue.record("save finishes the plan")
            return
        }
        #expect(plan.milestones[0].moves == "upgrades per week")
        var older = plan
        older.milestones[0].moves = "our leading metric"
        #expect(PlanCondition(name: .metricUnlinked).evaluate(older) == nil, "a step saved saying the metric names it")
    }

    @Test func stalledProjectBecomesAPlan() throws {
        var (coach, _) = run(CoachTests.stalledSession)
        #expect(coach.prompt.name == "save")
        let reply = coach.receive("yes")
        guard case .finished(.plan(let plan)) = reply.outcome else { Issue.record("not finished"); return }
        #expect(plan.goal == "Ship the billing page")
        #expect(plan.metric == Metric(name: "upgrades per week", baseline: "2", target: nil))
        #expect(plan.stalled == StalledContext(lastProgress: "pricing table in September", blocker: "no payment provider"))
        #expect(plan.milestones.count == 1)
        #expect(plan.milestones[0].owner == "me")
        #expect(plan.milestones[0].timeboxDays == 1)
    }

    @Test func stalledFirstMilestoneAsksForTodaysSmallestStep() {
        let (coach, replies) = run(Array(CoachTests.stalledSession.prefix(8)))
        #expect(coach.prompt.name == "milestone")
        #expect(replies.last?.lines.last?.text == "What could you finish today that gets you past \"no payment provider\"? The smallest step.")
    }

    /// A trial's 30-word blocker was pasted whole into the next question.
    @Test func aRamblingBlockerIsNotQuotedWhole() {
        var session = Array(CoachTests.stalledSession.prefix(8))
        session[7] = "honestly perfectionism. and i dont know how to do the app store review stuff, every time i open the forms i close them again, and my day job has been brutal"
        let (_, replies) = run(session)
        #expect(replies.last?.lines.last?.text == "What could you finish today that gets you past that blocker? The smallest step.")
    }

    @Test(arguments: [("soon", true), ("2 parsecs", true), ("half a day", false), ("2 days", false)])
    func badTimeboxIsReasked(answer: String, reasked: Bool) {
        let (coach, replies) = run(Array(CoachTests.stalledSession.prefix(11)) + [answer])
        #expect((coach.prompt.name == "timebox") == reasked)
        if reasked { #expect(replies.last?.lines.first?.text == "I need a number of days, like 1, 2 days, 1.5, half a day or 3 hours.") }
    }

    @Test(arguments: [
        ("by Friday", "'by Friday' says when, not how long. How many days of work is it? Like 1, 2 days or half a day."),
        ("next week", "'next week' says when, not how long. How many days of work is it? Like 1, 2 days or half a day."),
        ("soon", "I need a number of days, like 1, 2 days, 1.5, half a day or 3 hours."),
        ("2 dyas", "'2 dyas': did you mean 2 days? Type it again."),
        ("three weks", "'three weks': did you mean three weeks? Type it again."),
        ("2 parsecs", "I need a number of days, like 1, 2 days, 1.5, half a day or 3 hours."),
    ])
    func aDeadlineGivenAsATimeboxIsExplained(answer: String, message: String) {
        let (coach, replies) = run(Array(CoachTests.stalledSession.prefix(11)) + [answer])
        #expect(coach.prompt.name == "timebox")
        #expect(replies.last?.lines.first?.text == message)
    }

    /// Answers a newcomer gives when unsure: optional questions skip, required ones explain
    /// themselves and ask again; nothing like "idk" becomes part of the plan.
    @Test(arguments: [
        (2, "idk", "why", false), (2, "I don't know.", "why", false), (4, "not sure", "baseline", true),
        (5, "TBD", "target", true), (6, "no idea", "stage", false), (9, "Not sure yet", "milestone", false),
    ])
    func unsureAnswersSkipOrExplain(step: Int, answer: String, askedAgain: String, skipped: Bool) {
        let (coach, replies) = run(Array(CoachTests.stalledSession.prefix(step - 1)) + [answer])
        let lines = replies.last?.lines.map(\.text) ?? []
        if skipped {
            #expect(lines.first == "Skipped for now; edit the plan when you know.")
            #expect(coach.form.answers.last?.value == nil)
            #expect(coach.prompt.name != askedAgain)
        } else {
            #expect(lines.first == "That's fine; this is what helps to answer it.")
            #expect(coach.prompt.name == askedAgain)
        }
    }

    /// A stray key, or a bare "yes" (a trial's, typed at the milestone question, was saved as the
    /// first step), is asked again.
    @Test(arguments: [("x", "is too short to build on. A few words"), ("y", "is too short to build on. A few words"),
                      ("ok", "is too short to build on. A few words"), ("-", "is too short to build on. A few words"),
                      ("yes", "answers a yes-or-no question; this one needs a few words"), ("Nope.", "answers a yes-or-no question; this one needs a few words"),
                      ("okay", "answers a yes-or-no question; this one needs a few words")])
    func aStrayKeyOrABareYesIsNotAnAnswer(answer: String, problem: String) {
        let (coach, replies) = run(Array(CoachTests.stalledSession.prefix(7)) + [answer])
        #expect(coach.prompt.name == "blocker")
        #expect(coach.form.answers.count == 7)
        #expect(replies.last?.lines.first?.text == "'\(answer)' \(problem), please.")
    }

    @Test func enterKeepsAShortAnswerSavedBefore() {
        let plan = Plan(goal: "Ship", metric: Metric(name: "m"), milestones: [Milestone(title: "UI")])
        var coach = Coach(form: Form(kind: .editMilestone, base: plan, milestone: 0), rules: RuleSet([]))
        _ = coach.begin()
        _ = coach.receive("")
        #expect(coach.form.answers.first?.value == "UI")
        #expect(coach.prompt.name == "done-when")
    }

    /// A tip on a timebox under a quarter of a day.
    static let shortTimeboxRule = RuleFileParser.parse("""
    version: 1
    rules:
      - id: short
        kind: range
        level: info
        applies-to: [timebox]
        min: 0.25
        message: "{match} is short."
        ask: "Could it join the next step?"
    """, path: "t.yml").rules

    /// A trial's `keep <reason>` at an edit's timebox> (its 90 minutes drew a tip) was told there
    /// was nothing to keep: the value an edit offers can be kept with a reason.
    @Test func anEditsOfferedAnswerCanBeKeptWithAReason() {
        let rules = CoachTests.shortTimeboxRule
        let plan = Plan(goal: "Pass the CCRN exam", metric: Metric(name: "m"), milestones: [Milestone(title: "Pulmonary questions", criterion: "40 questions done, score noted",
                                                                                              artifact: "the score sheet", timeboxDays: 0.1875)])
        var coach = Coach(form: Form(kind: .editMilestone, base: plan, milestone: 0), rules: RuleSet(rules))
        _ = coach.begin()
        for _ in 0..<5 where coach.prompt.name != "timebox" { _ = coach.receive("") }
        let reply = coach.receive("keep I only have 90 minutes between shifts").lines.map(\.text)
        #expect(reply.first == "Kept '1.5 hours' as it was, with your reason, for [short].", "\(reply)")
        #expect(coach.form.answers.last?.kept == [Kept(ruleID: "short", reason: "I only have 90 minutes between shifts")])
    }

    /// The first step after a stall is asked for as one to finish today: a trial's "1 hr" there was
    /// asked whether it was a task rather than a milestone. Any other step still is.
    @Test(arguments: [
        (stalled: true, wins: 0, milestone: 0, questioned: false),
        (stalled: true, wins: 0, milestone: 1, questioned: false),   // the first open one: the first is done
        (stalled: true, wins: 0, milestone: 2, questioned: true),    // one is open before it
        (stalled: true, wins: 1, milestone: 1, questioned: true),    // the project moved since the stall
        (stalled: false, wins: 0, milestone: 1, questioned: true),
    ])
    func aShortFirstStepAfterAStallIsWhatWasAskedFor(stalled: Bool, wins: Int, milestone: Int, questioned: Bool) {
        let rules = RuleSet(CoachTests.shortTimeboxRule)
        var plan = Plan(goal: "Open the second clinic", stalled: stalled ? StalledContext(lastProgress: "viewed two units", blocker: "the lease") : nil,
                        milestones: [Milestone(title: "View units", status: .done), Milestone(title: "Email the landlord"), Milestone(title: "Sign")])
        plan.wins = (0..<wins).map { _ in Win(milestone: 1, date: Date(timeIntervalSince1970: 0), note: "Viewed the unit") }
        #expect(!rules.check(.timebox, text: "1 hour", in: plan, milestone: milestone).isEmpty == questioned)
    }

    static let tipOnOutcome = RuleFileParser.parse("""
    version: 1
    rules:
      - id: vague-outcome
        kind: phrase
        level: info
        applies-to: [outcome]
        phrases: [nice]
        message: "'{match}' is vague."
        ask: "What would you see?"
    """, path: "t.yml").rules

    /// A tip does not stop the flow, so `keep <reason>` typed right after one is about the
    /// previous answer; the summary then lists it as kept, not open.
    @Test func keepAfterATipKeepsTheAnswerItWasAbout() {
        var (coach, replies) = run(["Ship the billing page", "It would be nice", "keep the team agreed on it"], rules: CoachTests.tipOnOutcome)
        #expect(replies[2].lines.first?.text == "Kept 'It would be nice' as it was, with your reason, for [vague-outcome].")
        #expect(coach.prompt.name == "metric")
        #expect(coach.form.answers.last?.kept == [Kept(ruleID: "vague-outcome", reason: "the team agreed on it")])
        for answer in ["upgrades per week", "skip", "skip", "new", "Connect checkout", "A test card upgrade works", "staging link", "1", "", "upgrades", "no"] {
            _ = coach.receive(answer)
        }
        #expect(coach.prompt.name == "save")
        let summary = coach.begin().lines.map(\.text)
        #expect(!summary.contains("Open findings:"))
        #expect(summary.contains("  - why: \"It would be nice\" — the team agreed on it [vague-outcome]"))
    }

    /// A trial's bare `keep` after a tip became the next answer (its criterion read "keep").
    @Test func aBareKeepAfterATipAsksForTheReasonOnTheSameLine() {
        var (coach, replies) = run(["Ship the billing page", "It would be nice", "keep"], rules: CoachTests.tipOnOutcome)
        #expect(replies[2].lines.map(\.text).first == "To keep 'It would be nice' as it is, give the reason on the same line: keep <your reason>.")
        #expect(coach.prompt.name == "metric")
        #expect(coach.form.answers.count == 2)
        let nothing = coach.receive("keep").lines.map(\.text)
        #expect(nothing.first == "To keep 'It would be nice' as it is, give the reason on the same line: keep <your reason>.")
        _ = coach.receive("upgrades per week")
        #expect(coach.receive("keep").lines.first?.text == "There is nothing to keep: keep answers a finding, and none is open here. Type your answer.")
        #expect(coach.prompt.name == "baseline")
    }

    /// A trial's "what do you mean?" became the plan's why, "like what?" its metric and "what
    /// should i do?" its first step: a question back is answered with the question's help.
    @Test(arguments: [
        (2, "what do you mean?", "why"), (3, "like what?", "metric"), (9, "what should i do?", "milestone"),
        (9, "What should I do", "milestone"), (3, "What's a leading metric?", "metric"), (6, "huh?", "stage"),
        (9, "cant i just do 1.1?", "milestone"),
        (10, "e.g.?", "done-when"), (12, "what do you mean?", "timebox"),
        // Asking what the question means, however long: a trial's was saved as the artifact.
        (11, "what do you mean by artifact for a phone call??", "artifact"),
        // A question and then more: a trial's was saved as the done-when.
        (10, "What does \"merged or live\" mean? I am not a programmer.", "done-when"),
        (16, "Do I need to fix the open findings first?", "save"),
        // A newcomer's, saved as a rephrasing, a milestone, and told to answer new or stalled.
        (9, "why is that bad?", "milestone"), (9, "what should i put here", "milestone"), (6, "whats the difference", "stage"),
        (3, "whats a leading metric", "metric"),
        // A trial's, saved as the why and as a rephrased step.
        (2, "why do you need to know why it matters?", "why"), (9, "why", "milestone"),
    ])
    func aQuestionBackIsAnsweredWithHelp(step: Int, answer: String, asked: String) {
        let (coach, replies) = run(Array(CoachTests.stalledSession.prefix(step - 1)) + [answer])
        let lines = replies.last?.lines.map(\.text) ?? []
        let quoting = ["stage", "save"].contains(asked) ? "" : " (to answer with it, put it in double quotes)"
        #expect(lines.first == "That reads like a question back, so here is what this one asks for\(quoting).")
        #expect(lines.contains { $0.hasPrefix("  Good: ") })
        #expect(coach.prompt.name == asked)
        #expect(coach.form.answers.count == step - 1)
    }

    /// `back` to the step and another step typed: the old step's done-when is not offered for it (a
    /// trial's "certificate of completion" was, for "apply to 3 junior jobs"; another's spreadsheet
    /// done-when, for an orientation sharing the one word "volunteer"). A reworded step keeps it.
    @Test(arguments: [("Call the bank about a merchant account", false), ("Compare two payment providers in a short note", true),
                      ("Ask Dana which provider she trusts", false)])
    func anotherStepAfterBackIsAskedAfresh(title: String, offered: Bool) {
        var (coach, _) = run(Array(CoachTests.stalledSession.prefix(10)))
        #expect(coach.prompt.name == "artifact")
        _ = coach.receive("back")
        _ = coach.receive("back")
        #expect(coach.prompt.name == "milestone")
        let next = coach.receive(title).lines.map(\.text)
        #expect(coach.prompt.name == "done-when")
        #expect(next.contains("You answered: Dana approves the note before. Enter keeps it; typing replaces it.") == offered, "\(next)")
    }

    /// A skip's reason is what lets it keep the streak; a trial's "meh" and "no reason" did.
    @Test(arguments: ["meh", "no reason", "none", "n/a", "idk"])
    func aSkipReasonThatSaysNothingIsAskedAgain(reason: String) {
        let plan = Plan(goal: "Fill every Saturday shift", milestones: [Milestone(title: "Text last month's volunteers")])
        var coach = Coach(form: Form(kind: .skip, base: plan, milestone: 0), rules: RuleSet([]))
        _ = coach.begin()
        _ = coach.receive("blocked")
        let refused = coach.receive(reason)
        #expect(refused.outcome == .asking)
        // "idk" is a non-answer, answered with the question's help, and "n/a" too short; the others are told why.
        let said = refused.lines.map(\.text)
        #expect(said.contains { $0.contains("gives no reason") || $0.contains("what helps to answer") || $0.contains("too short") }, "\(said)")
        #expect(coach.prompt.name == FieldKey.reason.rawValue)
        guard case .finished(.skip(_, _, let kept, _, _, _, _)) = coach.receive("The sign-up sheet is at the hall until Monday").outcome else {
            Issue.record("a reason completes the skip")
            return
        }
        #expect(kept == "The sign-up sheet is at the hall until Monday")
    }

    /// unstick asked again for the last progress and the blocker without offering them, refused
    /// Enter, and a trial's shorter retyping replaced the sharper answers.
    @Test func unstickOffersWhatWasSaidAboutTheStall() {
        let plan = Plan(goal: "Finish chapter 3", metric: Metric(name: "pages revised"),
                        stalled: StalledContext(lastProgress: "sent section 3.1 to my advisor in September", blocker: "his comments are unread"),
                        milestones: [Milestone(title: "Revise 3.1", criterion: "The advisor has it", artifact: "ch3.docx")])
        var coach = Coach(form: Form(kind: .unstick, base: plan), rules: RuleSet([]))
        #expect(coach.begin().lines.map(\.text).last == "You said before: sent section 3.1 to my advisor in September. Enter keeps it; typing replaces it.")
        #expect(coach.receive("").lines.map(\.text).last == "You said before: his comments are unread. Enter keeps it; typing replaces it.")
        _ = coach.receive("")
        #expect(coach.prompt.name == "milestone")
        #expect(coach.form.answers.map(\.value) == ["sent section 3.1 to my advisor in September", "his comments are unread"])
    }

    /// A trial kept "hours spent coding" with a reason, and its target "10 hours a week" was
    /// questioned again by the same rule: a finding kept for the metric holds for its target.
    @Test func aFindingKeptForTheMetricHoldsForItsTarget() {
        let effort = RuleFileParser.parse("""
        version: 1
        rules:
          - id: effort
            kind: phrase
            level: warning
            applies-to: [metric, target]
            phrases: [hours]
            message: "'{match}' measures effort."
            ask: "What does it change?"
        """, path: "t.yml").rules
        var (coach, _) = run(["Finish my platformer", "People play the demo", "hours spent coding", "keep showing up is the bottleneck", "0"], rules: effort)
        #expect(coach.prompt.name == "target")
        let reply = coach.receive("10 hours a week by March").lines.map(\.text)
        #expect(reply.first == "Kept as for the metric, with its reason: [effort].")
        #expect(coach.prompt.name == "stage")
        #expect(coach.form.answers.last?.kept == [Kept(ruleID: "effort", reason: "showing up is the bottleneck")])
    }

    /// A trial's next line after a warning, meant as the evidence, silently became the win.
    @Test func aRephrasingSaysWhatItReplaces() {
        let rules = RuleFileParser.parse("version: 1\nrules:\n" + CoachTests.vagueWordRule, path: "t.yml").rules
        let (coach, replies) = run(["Ship it", "Things get better", "Customers upgrade alone"], rules: rules)
        #expect(replies[2].lines.first?.text == "Rephrased: 'Customers upgrade alone' replaces 'Things get better' (type back to change it).")
        #expect(coach.form.answers.last?.value == "Customers upgrade alone")
    }

    /// unstick offers to "leave it for later": a trial's "later" was explained as a non-answer.
    @Test func laterLeavesACandidateForLater() {
        #expect(Coach.choice("later", ["keep", "split", "drop", "leave"]) == "leave")
        #expect(Coach.choice("later", ["yes", "no"]) == nil)
    }

    /// A trial's reading question named the baseline after two readings were logged.
    @Test func theReadingQuestionNamesTheLastReading() {
        var plan = Plan(goal: "15 maintenance contracts by spring", metric: Metric(name: "contracts signed", baseline: "2"),
                        milestones: [Milestone(title: "Call 20 past customers"), Milestone(title: "Send the quotes")])
        plan.wins = [Win(milestone: 1, date: Date(timeIntervalSince1970: 0), note: "called 20", metricReading: "5"),
                     Win(milestone: 1, date: Date(timeIntervalSince1970: 86_400), note: "follow-ups", metricReading: "6")]
        var coach = Coach(form: Form(kind: .done, base: plan, milestone: 1), rules: RuleSet([]))
        _ = coach.begin()
        _ = coach.receive("Sent 5 quotes")
        let asked = coach.receive("skip").lines.map(\.text).last
        #expect(asked == "Latest reading of \"contracts signed\" (last: 6)? (skip if you have none)")
    }

    /// A goal or step phrased as a question is still an answer.
    @Test(arguments: ["How do we get 10 paying customers?", "\"what do you mean?\"", "Which CRM fits a team of three?"])
    func aQuestionThatIsAnAnswerIsTaken(answer: String) {
        let (coach, _) = run([answer])
        #expect(coach.prompt.name == "why")
    }

    /// Two rules on one answer: the coach lists both, one line each, and asks one question, the specific one's.
    @Test func severalFindingsListedThenOneQuestion() {
        let rules = RuleFileParser.parse("""
        version: 1
        rules:
          - id: not-checkable
            kind: require
            level: warning
            applies-to: [outcome]
            any-of: [number]
            message: "'{match}' is hard to check."
            ask: "What number?"
        """ + "\n" + CoachTests.vagueWordRule, path: "t.yml").rules
        let (_, replies) = run(["Ship it", "Things get better"], rules: rules)
        #expect(replies[1].lines.map(\.text) == [
            "! 'better' is a direction. [vague-word]", "! 'Things get better' is hard to check. [not-checkable]", "  Where is the line?",
            "Rephrase it, or type: keep <your reason> (one reason keeps both)",
        ])
    }

    /// `add` on a plan with steps asks for the next one by its number, not for a "first milestone".
    @Test func addAsksForTheNextStepByNumber() {
        let plan = Plan(goal: "Ship", milestones: [Milestone(title: "One"), Milestone(title: "Two"), Milestone(title: "Three")])
        let coach = Coach(form: Form(kind: .add, base: plan), rules: .empty)
        #expect(coach.begin().lines.map(\.text) == ["Milestone 4: what's the next step (1-3 days)?"])
    }

    /// Issue 10: `keep` says which findings it keeps, and the summary names the field in words.
    @Test func keepNamesWhatItKeepsAndTheSummaryNamesTheStep() {
        var (coach, replies) = run(["Grow", "Sponsors", "followers", "keep sponsors pay per follower"], rules: CoachTests.vanity)
        #expect(replies.last?.lines.first?.text == "Kept 'followers' with your reason, for [vanity].")
        for answer in ["", "", "new", "Email two sponsors", "Both reply", "The replies", "two weeks", "", "Sponsors"] {
            _ = coach.receive(answer)
        }
        _ = coach.receive("no")
        let summary = coach.begin().lines.map(\.text)
        #expect(summary.contains("  [ ] 1. Email two sponsors (two weeks, me)"))
        #expect(summary.contains("  - metric: \"followers\" — sponsors pay per follower [vanity]"))
    }

    @Test func anAnswerThatStartsWithKeepIsAnAnswerWhenNothingWasQuestioned() {
        let (coach, _) = run(["Keep the shop open on Sundays"], rules: CoachTests.tipOnOutcome)
        #expect(coach.form.answers.map(\.value) == ["Keep the shop open on Sundays"])
    }

    @Test func anotherAnsweredWithTheNextStepTakesItAsTheStep() {
        let (coach, replies) = run(CoachTests.stalledSession.dropLast() + ["Connect checkout on staging"])
        #expect(coach.prompt.name == "done-when")
        #expect(replies.last?.lines.first?.text == "Taking that as the next milestone.")
        #expect(coach.form.answers.suffix(2).map(\.value) == ["yes", "Connect checkout on staging"])
    }

    @Test func aShellCommandTypedAtAQuestionGetsAHint() {
        let (_, replies) = run(Array(CoachTests.stalledSession.prefix(11)) + ["plans"])
        #expect(replies.last?.lines.map(\.text) == [
            "I need a number of days, like 1, 2 days, 1.5, half a day or 3 hours.",
            "You are answering a question. To run plans, type cancel first (your draft is kept).",
            "How long will it take? Aim for today: half a day, or 1 day.",
        ])
    }

    @Test(arguments: ["plans", "show 1", "Undo", "skip 2.1", "export 1 -o plan.md", "wins --since monday", "show -1", "plans --owner"])
    func aCommandIsNotTakenAsTheGoal(input: String) {
        let (coach, replies) = run([input])
        #expect(coach.prompt.name == "goal")
        #expect(coach.form.answers.isEmpty)
        #expect(replies[0].lines.first?.text.hasPrefix("You are answering a question. To run ") == true)
    }

    @Test(arguments: ["Review every contract with the new lawyer", "Add 2 tests to checkout", "Review the plan - with Sam", "Review -", "Add 3-4"])
    func aGoalThatStartsWithACommandWordIsAGoal(goal: String) {
        let (coach, _) = run([goal])
        #expect(coach.form.answers.map(\.value) == [goal])
    }

    @Test func backReturnsToThePreviousQuestionWithTheAnswerForEditing() {
        var (coach, _) = run(["Ship it", "Customers upgrade"])
        let reply = coach.receive("back")
        #expect(coach.prompt.name == "why")
        #expect(coach.prompt.prefill == "Customers upgrade")
        #expect(reply.lines.last?.text == "You answered: Customers upgrade. Enter keeps it; typing replaces it; back goes further.")
        _ = coach.receive("Customers upgrade without email")
        #expect(coach.prompt.name == "metric")
        var (asked, _) = run(["Is the shop open?"])
        #expect(asked.receive("back").lines.last?.text == "You answered: Is the shop open? Enter keeps it; typing replaces it; back goes further.")
    }

    /// A trial typed back at the first question, where its answer was offered again, and the line
    /// came back empty ("This one needs an answer" at Enter).
    @Test func backAtTheFirstQuestionKeepsItsAnswerOffered() {
        var (coach, _) = run(["Ship it"])
        _ = coach.receive("back")
        #expect(coach.prompt.prefill == "Ship it")
        #expect(coach.receive("back").lines.first?.text == "This is the first question; type cancel to leave.")
        #expect(coach.prompt.name == "goal")
        #expect(coach.prompt.prefill == "Ship it")
    }

    /// A newcomer went back twice, retyped the earlier answer, and found the next question empty:
    /// "This one needs an answer". Going forward again offers what was answered there before.
    @Test func forwardAgainAfterBackOffersTheAnswersGivenBefore() {
        var (coach, _) = run(["Ship it", "Customers upgrade", "upgrades per week", "back", "back"])
        #expect(coach.prompt.name == "why")
        let reply = coach.receive("Customers upgrade without a sales call")
        #expect(coach.prompt.name == "metric")
        #expect(coach.prompt.prefill == "upgrades per week")
        #expect(reply.lines.last?.text == "You answered: upgrades per week before. Enter keeps it; typing replaces it.")
        _ = coach.receive("")
        #expect(coach.form.answers.map(\.value) == ["Ship it", "Customers upgrade without a sales call", "upgrades per week"])
        #expect(coach.prompt.prefill == nil, "nothing further was taken back")
    }

    /// `goal> keep because I said so` became the goal; "Keep the garden alive" is still a goal.
    @Test func keepWithNothingToKeepIsNotTakenAsTheAnswer() {
        var (coach, _) = run([])
        let reply = coach.receive("keep because I said so")
        #expect(reply.lines.first?.text == "There is nothing to keep: keep answers a finding, and none is open here. Type your answer.")
        #expect(coach.form.answers.isEmpty)
        _ = coach.receive("Keep the garden alive through the winter")
        #expect(coach.form.answers.map(\.value) == ["Keep the garden alive through the winter"])
    }

    /// Issue 10: piped or typed, Enter after `back` keeps the answer, and `back` walks to the first question.
    @Test func enterKeepsTheRevisitedAnswerAndBackWalksToTheStart() {
        var (coach, _) = run(["Ship it", "Customers upgrade", "upgrades per week", "back", ""])
        #expect(coach.form.answers.map(\.value) == ["Ship it", "Customers upgrade", "upgrades per week"])
        for _ in 0..<3 { _ = coach.receive("back") }
        #expect(coach.form.answers.isEmpty)
        #expect(coach.prompt.prefill == "Ship it")
        #expect(coach.receive("back").lines.first?.text == "This is the first question; type cancel to leave.")
        _ = coach.receive("Ship the pricing page")
        #expect(coach.form.answers.map(\.value) == ["Ship the pricing page"])
    }

    /// A newcomer kept "Instagram followers" with a reason, went back from the baseline and
    /// pressed Enter at the metric: the finding came back and wanted a new reason.
    @Test func enterAfterBackKeepsTheReasonTheAnswerWasKeptWith() {
        var (coach, _) = run(["Ship it", "Customers upgrade", "Instagram followers", "keep sponsors pay per follower"], rules: CoachTests.vanity)
        #expect(coach.prompt.name == "baseline")
        _ = coach.receive("back")
        let reply = coach.receive("")
        #expect(coach.prompt.name == "baseline", "\(reply.lines.map(\.text))")
        #expect(coach.form.answers.last?.kept == [Kept(ruleID: "vanity", reason: "sponsors pay per follower")])
    }

    /// `edit` offers each current value; Enter on one whose finding was kept with a reason must
    /// not ask for the reason again (it looped at every Enter).
    @Test func enterOnAnAnswerKeptInThePlanDoesNotAskAgain() throws {
        let rules = RuleFileParser.parse("""
        version: 1
        rules:
          - id: feels-done
            kind: phrase
            level: warning
            applies-to: [criterion]
            phrases: [looks good]
            message: "'{match}' is hard to check."
            ask: "Who could check it?"
        """, path: "t.yml").rules
        var plan = Plan(goal: "Renovate the bathroom", milestones: [
            Milestone(title: "Tile the shower wall", criterion: "it looks good", artifact: "photo", timeboxDays: 1, owner: "me", moves: "the shower is usable"),
        ])
        plan.overrides = [Override(ruleID: "feels-done", path: "milestones[0].criterion", text: "it looks good", reason: "my partner decides")]
        var coach = Coach(form: Form(kind: .editMilestone, base: plan, milestone: 0), rules: RuleSet(rules))
        _ = coach.begin()
        var outcome = Coach.Outcome.asking
        for _ in 0..<10 where outcome == .asking { outcome = coach.receive("").outcome }
        guard case .finished(.plan(let edited)) = outcome else {
            Issue.record("the edit did not finish: \(coach.prompt.name)")
            return
        }
        #expect(edited.overrides == plan.overrides, "kept once, not twice")
    }

    /// A newcomer kept 'it looks good' for the one finding shown, and the message said a second,
    /// a tip never shown, was kept too. The tips are listed with the warning that stops the answer.
    @Test func aWarningsTipsAreListedBeforeTheKeep() {
        let rules = RuleFileParser.parse("""
        version: 1
        rules:
          - id: not-checkable
            kind: phrase
            level: warning
            applies-to: [metric]
            phrases: [looks good]
            message: "'{match}' is hard to check."
            ask: "Who could check it?"
          - id: self-judged
            kind: phrase
            level: info
            applies-to: [metric]
            phrases: [good]
            message: "'{match}' depends on how you feel."
            ask: "What would someone see?"
        """, path: "t.yml").rules
        let (_, replies) = run(["Ship it", "Customers upgrade", "it looks good"], rules: rules)
        #expect(replies.last?.lines.map(\.text) == [
            "! 'looks good' is hard to check. [not-checkable]",
            "Tip: 'good' depends on how you feel. [self-judged]",
            "  Who could check it?",
            "Rephrase it, or type: keep <your reason> (one reason keeps both)",
        ])
    }

    @Test func cancelKeepsTheDraftAndResumeContinuesExactly() throws {
        var (coach, _) = run(["Ship it", "Customers upgrade"])
        #expect(coach.receive("cancel").outcome == .cancelled)
        let saved = try JSONEncoder().encode(coach.form)
        let resumed = Coach(form: try JSONDecoder().decode(Form.self, from: saved), rules: .empty)
        #expect(resumed.prompt.name == "metric")
        #expect(resumed.begin().lines.last?.text == "Which one number will tell you early that it is working? (your leading metric)")
    }

    @Test func findingAsksThenKeepRecordsTheReason() {
        var (coach, replies) = run(["Grow", "Sponsors", "followers"], rules: CoachTests.vanity)
        #expect(replies.last?.lines.map(\.text) == ["! 'followers' flatters. [vanity]", "  What number would change a decision?", "Rephrase it, or type: keep <your reason>"])
        #expect(coach.prompt.name == "metric")
        #expect(coach.prompt.prefill == nil)
        _ = coach.receive("keep")
        #expect(coach.prompt.name == "reason")
        _ = coach.receive("sponsors pay per follower")
        #expect(coach.prompt.name == "baseline")
        guard case .ask(_, let plan) = Scripts.next(coach.form) else { Issue.record("expected a question"); return }
        #expect(plan.overrides == [Override(ruleID: "vanity", path: "metric.name", text: "followers", reason: "sponsors pay per follower")])
    }

    /// A trial typed "keep because …" at reason> and its reason was saved with "keep" in it.
    @Test(arguments: ["keep sponsors pay per follower", "sponsors pay per follower"])
    func aReasonTypedAsKeepIsSavedWithoutIt(reason: String) {
        var (coach, _) = run(["Grow", "Sponsors", "followers"], rules: CoachTests.vanity)
        _ = coach.receive("keep")
        #expect(coach.receive("keep").lines.map(\.text) == ["Why keep it? One line; it is saved with the plan."])
        _ = coach.receive(reason)
        guard case .ask(_, let plan) = Scripts.next(coach.form) else { Issue.record("expected a question"); return }
        #expect(plan.overrides.map(\.reason) == ["sponsors pay per follower"])
    }

    /// A food bank volunteer's `?` showed "docs/payment-providers.md in the repo": examples come
    /// from the world the goal names, and a goal that names none keeps the questions' own.
    @Test(arguments: [
        ("Fill the Saturday shifts at the food bank", "  Good: The sign-up sheet's link, pinned in the volunteers' group chat"),
        ("Run my first half marathon", "  Good: The physio's plan, photographed into my running notes"),
        ("Finish the thesis", "  Good: methods-outline.docx in the shared thesis folder"),
        ("Take bakery orders online", "  Good: The order form's link and the test order's email"),
        ("Ship the billing page", "  Good: docs/payment-providers.md in the repo"),
    ])
    func examplesComeFromTheGoalsWorld(goal: String, good: String) {
        var (coach, _) = run([goal, "It matters", "a number", "", "", "new", "A first step", "Someone checks it"])
        #expect(coach.prompt.name == "artifact")
        #expect(coach.receive("?").lines.map(\.text).contains(good))
    }

    /// "keep because" was taken, and the story told stakeholders the reason was "because".
    @Test(arguments: ["keep because", "keep ok.", "keep idk"])
    func aKeepWithoutAReasonAsksForOne(line: String) {
        var (coach, _) = run(["Grow", "Sponsors", "followers"], rules: CoachTests.vanity)
        #expect(coach.receive(line).lines.map(\.text) == ["That gives no reason. Why keep it? A few words; they are saved with the plan (story --full tells them)."])
        #expect(coach.prompt.name == "reason")
        _ = coach.receive("sponsors pay per follower")
        #expect(coach.prompt.name == "baseline")
    }

    @Test func rephrasingClearsTheFinding() {
        var (coach, _) = run(["Grow", "Sponsors", "followers"], rules: CoachTests.vanity)
        _ = coach.receive("sponsor renewals per quarter")
        #expect(coach.prompt.name == "baseline")
        #expect(coach.form.answers.last?.kept == [])
    }

    @Test func emptyAnswerReasksWhereRequiredAndSkipsWhereOptional() {
        var (coach, replies) = run([""])
        #expect(coach.prompt.name == "goal")
        #expect(replies[0].lines.map(\.text) == ["This one needs an answer; help shows an example.", "What goal do you want to move? One sentence."])
        let skip = coach.receive("skip")
        #expect(skip.lines.first?.style == .error)
        _ = coach.receive("Ship it")
        _ = coach.receive("Customers upgrade alone")
        _ = coach.receive("upgrades per week")
        #expect(coach.receive("").lines.map(\.text) == ["Skipped.", "Where do you want it, and by when? (skip if unsure)"])
        #expect(coach.form.answers.last == Answer(key: .baseline, value: nil))
        _ = coach.receive("skip")
        #expect(coach.prompt.name == "stage")
    }

    @Test(arguments: [
        ("yes please", ["yes", "no"], "yes"), ("No, that's it", ["yes", "no"], "no"), ("yep", ["yes", "no"], "yes"),
        ("st", ["new", "stalled"], "stalled"), ("It's been stuck since June", ["new", "stalled"], "stalled"),
        ("a brand new idea", ["new", "stalled"], "new"), ("Stalled.", ["new", "stalled"], "stalled"),
        ("Not really", ["yes", "no"], "no"), ("Yea!", ["yes", "no"], "yes"),
        ("waiting on Dana until Monday", ["blocked", "rescoped", "dropped"], "blocked"),
        ("not needed anymore", ["blocked", "rescoped", "dropped"], "dropped"),
        ("too big, split it", ["blocked", "rescoped", "dropped"], "rescoped"),
        ("stuck", ["blocked", "rescoped", "dropped"], "blocked"), ("stuck", ["new", "stalled"], "stalled"),
        // Typos a newcomer made: "yse", "blokced".
        ("yse", ["yes", "no"], "yes"), ("blokced", ["blocked", "rescoped", "dropped"], "blocked"), ("staled", ["new", "stalled"], "stalled"),
        // A trial's plain answers were refused.
        ("one more", ["yes", "no"], "yes"), ("the printer is broken", ["blocked", "rescoped", "dropped"], "blocked"),
        ("its a waste of time, i'd rather just build", ["blocked", "rescoped", "dropped"], "dropped"),
    ])
    func choicesReadTheWayPeopleAnswer(text: String, options: [String], expected: String) {
        #expect(Coach.choice(text, options) == expected)
    }

    @Test(arguments: [("maybe", ["yes", "no"]), ("kind of both", ["new", "stalled"]), ("", ["yes", "no"]), ("ne", ["yes", "no"]), ("dunno", ["yes", "no"]),
                            // A trial's "yes" at the stage question was read as a typo of "new".
                            ("yes", ["new", "stalled"]), ("nope", ["new", "stalled"])])
    func unclearChoicesAreReasked(text: String, options: [String]) {
        #expect(Coach.choice(text, options) == nil)
    }

    @Test func helpExplainsWithExamples() {
        var coach = Coach(form: .newPlan(), rules: .empty)
        let lines = coach.receive("help").lines.map(\.text)
        #expect(lines.contains("  Weak: Work on the website"))
        #expect(coach.prompt.name == "goal")
    }

    @Test func veryLongLineIsRefusedWithoutCrashing() {
        var coach = Coach(form: .newPlan(), rules: .empty)
        let reply = coach.receive(String(repeating: "é", count: 1_048_576))
        #expect(reply.lines.first?.text.hasPrefix("That answer is 1048576 characters") == true)
        #expect(coach.prompt.name == "goal")
    }

    @Test func controlWordCanBeAnAnswerInQuotes() {
        var coach = Coach(form: .newPlan(), rules: .empty)
        _ = coach.receive("\"back\"")
        #expect(coach.form.answers.first?.value == "back")
    }
}

@Suite struct PlanJSONTests {
    static let plan = Plan(goal: "Ship", outcome: "Upgrades", metric: Metric(name: "upgrades", baseline: "2"),
                           stalled: StalledContext(lastProgress: "Sept", blocker: "provider"),
                           milestones: [Milestone(title: "Compare", criterion: "Dana approves", timeboxDays: 1.5, status: .done)],
                           overrides: [Override(ruleID: "r", path: "goal", text: "Ship", reason: "short")],
                           createdAt: Date(timeIntervalSince1970: 1_700_000_000),
                           wins: [Win(milestone: 1, date: Date(timeIntervalSince1970: 1_700_086_400), note: "Chosen", evidence: "https://x")])

    @Test func roundTripGivesTheSameBytes() throws {
        let first = PlanJSON.encode([PlanJSONTests.plan])
        let decoded = try PlanJSON.decode(first)
        #expect(decoded == [PlanJSONTests.plan])
        #expect(PlanJSON.encode(decoded) == first)
    }

    /// A timebox left out is 1 day, as before; null is one nobody gave (a task imported without a
    /// due date), written back as null. A milestone without `importedTask` reads as it always did.
    @Test(arguments: [
        (#"{"title": "a"}"#, 1, nil),
        (#"{"title": "a", "timeboxDays": 2}"#, 2, nil),
        (#"{"title": "a", "timeboxDays": null, "importedTask": {"uuid": "a800ad49-f653-48c3-85a5-f501fc826993", "due": "2026-12-20T17:00:00Z", "attributes": {"tags": ["outside"], "priority": "H"}}}"#,
         nil, "a800ad49-f653-48c3-85a5-f501fc826993"),
    ] as [(String, Double?, String?)])
    func aMilestonesTimeboxAndImportedTaskReadAndWriteBack(milestone: String, timebox: Double?, uuid: String?) throws {
        let json = #"{"version": 1, "goal": "x", "metric": {"name": "m"}, "milestones": [\#(milestone)]}"#
        let plan = try PlanJSON.decode(Data(json.utf8))[0]
        #expect(plan.milestones[0].givenTimeboxDays == timebox)
        #expect(plan.milestones[0].importedTask?.uuid == uuid)
        let written = PlanJSON.encode([plan])
        #expect(try PlanJSON.decode(written) == [plan])
        #expect(String(decoding: written, as: UTF8.self).contains(#""timeboxDays" : null"#) == (timebox == nil))
        if uuid != nil { #expect(plan.milestones[0].importedTask?.attributes == #"{"priority":"H","tags":["outside"]}"#) }
    }

    /// Drafts are saved with Codable, not plan JSON: one saved before a timebox could be missing
    /// keeps its timeboxes given, and one nobody gave comes back as none.
    @Test func aDraftsMilestoneReadsWhetherItWasSavedBeforeOrAfter() throws {
        let before = #"{"title":"a","criterion":"","artifact":"","timeboxDays":2,"owner":"me","moves":"","status":"open"}"#
        let old = try JSONDecoder().decode(Milestone.self, from: Data(before.utf8))
        #expect(old.givenTimeboxDays == 2 && old.importedTask == nil)
        let imported = Milestone(title: "b", timeboxDays: nil, importedTask: ImportedTask(uuid: "a800ad49-f653-48c3-85a5-f501fc826993"))
        #expect(try JSONDecoder().decode(Milestone.self, from: JSONEncoder().encode(imported)) == imported)
    }

    @Test(arguments: [
        (#"{"version": 1, "goal": "x", "metric": {"name": "m"}, "milestones": [{"title": "a", "timeboxDays": "two"}]}"#, "$.milestones[0].timeboxDays: expected a number"),
        (#"[{"version": 1, "goal": "x", "metric": {"name": "m"}}, {"version": 1, "metric": {"name": "m"}}]"#, "$[1].goal: missing"),
        (#"{"version": 2, "goal": "x", "metric": {"name": "m"}}"#, "$.version: unsupported version 2; this Momentum reads version 1"),
        (#"{"version": 1, "goal": "x", "metric": {"name": "m"}, "milstones": []}"#, #"$.milstones: unknown key (did you mean "milestones"?)"#),
        (#"{"version": 1, "goal": "x", "metric": {"name": "m"}, "wins": [{"milestone": 3, "date": "2026-01-01T00:00:00Z", "note": "n"}]}"#, "$.wins[0].milestone: no milestone 3; this plan has 0 (numbered from 1)"),
        (#"{"version": 1, "goal": " ", "metric": {"name": ""}}"#, "$.goal: is empty; write what it is"),
        (#"{"version": 1, "goal": "x", "metric": {"name": "m"}, "milestones": [{"title": ""}]}"#, "$.milestones[0].title: is empty; write what it is"),
        (#"{"version": 1, "goal": "x", "metric": {"name": "m"}, "milestones": [{"title": "a"}], "overrides": [{"ruleId": "r", "path": "milestones[5].title", "reason": "ok"}]}"#,
         "$.overrides[0].path: names milestone 6; this plan has 1 (numbered from 1)"),
        (#"{"version": 1, "goal": "x", "metric": {"name": "m"}, "overrides": [{"ruleId": "r", "path": "goal", "reason": ""}]}"#, "$.overrides[0].reason: is empty; write what it is"),
        ("# Ship the billing page\n\n- [ ] 1. Compare providers", "$: this is Markdown (an export --format md?); import and check read the plan JSON that export --format json writes"),
        (#"{"version": 1, "goal": "x", "metric": {"name": "m"}, "milestones": [{"title": "a", "importedTask": {"uuid": "12"}}]}"#,
         #"$.milestones[0].importedTask.uuid: expected a uuid like 5f0c3b1e-8a2d-4c6f-9e7b-1d2a3c4b5e6f, got "12""#),
        (#"{"version": 1, "goal": "x", "metric": {"name": "m"}, "milestones": [{"title": "a", "importedTask": {"attributes": ["H"]}}]}"#,
         "$.milestones[0].importedTask.attributes: expected an object"),
        (#"{"version": 1, "goal": "x", "metric": {"name": "m"}, "milestones": [{"title": "a", "importedTask": {"uid": "x"}}]}"#,
         #"$.milestones[0].importedTask.uid: unknown key (did you mean "uuid"?)"#),
        (#"{"version": 1, "goal": "x", "metric": {"name": "m"}, "milestones": [{"title": "a"}], "skips": [{"milestone": 1, "kind": "rest", "date": "2026-01-01T00:00:00Z", "reason": "flu"}]}"#,
         "$.skips[0].milestone: a rest day names no milestone; leave the key out"),
    ])
    func errorsNameTheJSONPath(json: String, message: String) {
        #expect(throws: PlanJSON.DecodingError.self) { try PlanJSON.decode(Data(json.utf8)) }
        do { _ = try PlanJSON.decode(Data(json.utf8)) } catch { #expect(error.description == message) }
    }

    /// A trial's truncated file and lone surrogate were "$: not valid JSON" with no place.
    @Test(arguments: [
        ("{\n  \"version\": 1,\n  \"goal\": \"x\"", "plan.json:3:14: not valid JSON"),
        (#"{"version": 1, "goal": "\ud800 x", "metric": {"name": "m"}}"#, "plan.json:1:25: not valid JSON"),
    ])
    func aCutFileOrALoneSurrogateIsLocated(json: String, located: String) {
        do { _ = try PlanJSON.decode(Data(json.utf8)); Issue.record("decoded") } catch {
            #expect(error.described(in: "plan.json").hasPrefix(located), "\(error.described(in: "plan.json"))")
        }
    }

    /// An editor's "UTF-8 with BOM" plan file: check read it, import could not tell what it was.
    @Test func aPlanFileWithAByteOrderMarkIsStreamedAndSniffed() throws {
        let file = Data([0xEF, 0xBB, 0xBF]) + Data(#"{"version": 1, "goal": "Ship", "metric": {"name": "m"}}"#.utf8)
        #expect(TaskImport.sniff(file, file: "plan.json") == .plan)
        var stream = PlanJSONStream()
        let elements = try stream.feed(file) + stream.finish()
        #expect(try elements.map { element throws(PlanJSON.DecodingError) in try PlanJSON.decode(element).goal } == ["Ship"])
    }

    @Test func textThatIsNotJSONIsLocatedByLineAndColumn() {
        #expect(throws: PlanJSON.DecodingError.self) { try PlanJSON.decode(Data("{\n  \"version\": 1,\n  \"goal\": \"x\"\n  \"metric\": {}\n}".utf8)) }
        do { _ = try PlanJSON.decode(Data("{\n  \"version\": 1,\n  \"goal\": \"x\"\n  \"metric\": {}\n}".utf8)) } catch {
            #expect(error.described(in: "plan.json").hasPrefix("plan.json:4:3: not valid JSON"))
        }
    }
}

@Suite struct StreakTests {
    static func calendar(_ zone: String) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        return calendar
    }

    @Test func winsOnConsecutiveDaysFormAStreak() {
        let cal = StreakTests.calendar("UTC")
        let days: Set<Day> = [Day(year: 2026, month: 11, day: 20), Day(year: 2026, month: 11, day: 21), Day(year: 2026, month: 11, day: 22)]
        let streaks = Streaks.compute(winDays: days, skipDays: [], today: Day(year: 2026, month: 11, day: 23), calendar: cal)
        #expect(streaks == Streaks(current: 3, best: 3, skipDaysUsed: 0))
    }

    @Test func aSkipWithAReasonKeepsTheStreakUpToTheWeeklyAllowance() {
        let cal = StreakTests.calendar("UTC")
        let wins: Set<Day> = [Day(year: 2026, month: 11, day: 16), Day(year: 2026, month: 11, day: 19)]
        let skips: Set<Day> = [Day(year: 2026, month: 11, day: 17), Day(year: 2026, month: 11, day: 18)]
        let kept = Streaks.compute(winDays: wins, skipDays: skips, today: Day(year: 2026, month: 11, day: 19), calendar: cal)
        #expect(kept.current == 4)
        let strict = Streaks.compute(winDays: wins, skipDays: skips, today: Day(year: 2026, month: 11, day: 19), calendar: cal, skipsPerWeek: 1)
        #expect(strict.current == 1)
    }

    @Test func theSkipAllowanceStartsAgainEachISOWeek() {
        // Sun 2026-11-22 ends one ISO week, Mon 2026-11-23 starts the next: one skip allowed in each.
        let cal = StreakTests.calendar("UTC")
        let wins: Set<Day> = [Day(year: 2026, month: 11, day: 20), Day(year: 2026, month: 11, day: 24)]
        let skips: Set<Day> = [Day(year: 2026, month: 11, day: 21), Day(year: 2026, month: 11, day: 22), Day(year: 2026, month: 11, day: 23)]
        let streaks = Streaks.compute(winDays: wins, skipDays: skips, today: Day(year: 2026, month: 11, day: 24), calendar: cal, skipsPerWeek: 1)
        #expect(streaks.current == 2)  // Sat 21 counts, Sun 22 is over the week's one: Mon 23 + Tue 24
        #expect(streaks.best == 2)
    }

    @Test func daysFollowTheUsersTimeZoneAcrossDST() {
        // 2026-03-29 is the EU spring-forward day; 23:30 UTC on the 28th is already the 29th in Berlin.
        let berlin = StreakTests.calendar("Europe/Berlin")
        let late = ISO8601DateFormatter().date(from: "2026-03-28T23:30:00Z")!
        #expect(Day(late, in: berlin) == Day(year: 2026, month: 3, day: 29))
        #expect(Day(year: 2026, month: 3, day: 28).adding(1, in: berlin) == Day(year: 2026, month: 3, day: 29))
        #expect(Day(year: 2026, month: 3, day: 29).adding(1, in: berlin) == Day(year: 2026, month: 3, day: 30))
        let streaks = Streaks.compute(winDays: [Day(year: 2026, month: 3, day: 28), Day(year: 2026, month: 3, day: 29), Day(year: 2026, month: 3, day: 30)],
                                      skipDays: [], today: Day(year: 2026, month: 3, day: 30), calendar: berlin)
        #expect(streaks.current == 3)
    }

    /// Counting by day walks day intervals instead of asking the calendar per date; it must agree
    /// with asking per date, across a DST change and in a zone with a half-hour offset.
    @Test(arguments: ["Europe/Berlin", "Asia/Kolkata", "America/St_Johns", "UTC"])
    func countsByDayAgreeWithDayByDay(zone: String) {
        let calendar = StreakTests.calendar(zone)
        let start = ISO8601DateFormatter().date(from: "2026-03-27T00:00:00Z")!
        let dates = (0..<400).map { start + Double(($0 * 7_919) % 400) * 1_777 }
        var expected: [Day: Int] = [:]
        for date in dates { expected[Day(date, in: calendar), default: 0] += 1 }
        #expect(Day.counts(of: dates, in: calendar) == expected)
    }

    /// The current streak read from recent weeks only agrees with the one computed from every
    /// day, or says it needs more (nil), for every window: patterns of wins and skips across ISO
    /// weeks, with one and two skips allowed a week.
    @Test(arguments: [1, 2])
    func theRecentStreakAgreesWithTheWholeHistory(skipsPerWeek: Int) {
        let cal = StreakTests.calendar("Europe/Berlin")
        let today = Day(year: 2026, month: 11, day: 25)
        for pattern in 0..<200 {
            var wins: Set<Day> = [], skips: Set<Day> = []
            for offset in 0..<30 {
                let day = today.adding(-offset, in: cal)
                switch (pattern * 31 + offset * 7 + pattern / (offset + 1)) % 9 {
                case 0: continue
                case 1, 2: skips.insert(day)
                case 3: skips.insert(day); wins.insert(day)
                default: wins.insert(day)
                }
            }
            let whole = Streaks.compute(winDays: wins, skipDays: skips, today: today, calendar: cal, skipsPerWeek: skipsPerWeek)
            var answered = false
            for back in [3, 9, 17, 40] {
                let from = today.adding(-back, in: cal)
                let known = wins.filter { $0 >= from }
                guard let recent = Streaks.recent(winDays: known, skipDays: skips, knownFrom: from, today: today, calendar: cal,
                                                  skipsPerWeek: skipsPerWeek) else { continue }
                #expect(recent.current == whole.current && recent.skipDaysUsed == whole.skipDaysUsed, "pattern \(pattern), from \(from)")
                answered = true
            }
            #expect(answered, "pattern \(pattern): even 40 days back did not decide it")
        }
    }

    /// A trial's third skip day of a week was told it kept the streak; the next morning it was 0.
    @Test(arguments: [
        // (skip days besides today's, win days, what today's skip does); today is Wednesday 2026-11-25.
        ([23], [], Streaks.SkipEffect.keepsIt),
        ([23, 24], [], .weekUsed(allowed: 2)),
        ([23, 24], [25], .winToday),
        ([23, 24], [24], .keepsIt),  // a day with a win uses no skip
        ([16, 17, 18], [], .keepsIt),  // last week's skips are last week's
        // A rest day logged for Wednesday after Thursday's and Friday's: it takes Friday's place.
        ([26, 27], [], .displaces(Day(year: 2026, month: 11, day: 27), allowed: 2)),
    ] as [([Int], [Int], Streaks.SkipEffect)])
    func aSkipSaysWhetherItKeepsTheStreak(skips: [Int], wins: [Int], effect: Streaks.SkipEffect) {
        let cal = StreakTests.calendar("UTC")
        let day = { (d: Int) in Day(year: 2026, month: 11, day: d) }
        let today = day(25)
        #expect(Streaks.effectOfSkip(today: today, winDays: Set(wins.map(day)), skipDays: Set(skips.map(day) + [today]), calendar: cal) == effect)
    }

    /// Days as people name them, from Friday 2026-12-18.
    @Test(arguments: [
        ("today", "2026-12-18"), ("yesterday", "2026-12-17"), ("this week", "2026-12-14"), ("last week", "2026-12-07"),
        ("a week ago", "2026-12-11"), ("last month", "2026-11-01"), ("a month ago", "2026-11-18"), ("monday", "2026-12-14"),
        ("3d", "2026-12-15"), ("2w", "2026-12-04"), ("last saturday", "2026-12-12"), ("last friday", "2026-12-11"), ("friday", "2026-12-18"),
    ])
    func daysAsPeopleNameThem(text: String, day: String) {
        let cal = StreakTests.calendar("UTC")
        #expect(Day.parse(text, today: Day(year: 2026, month: 12, day: 18), calendar: cal)?.description == day)
    }

    @Test func heatmapIsPlainASCIIWithoutColour() {
        let cal = StreakTests.calendar("UTC")
        let lines = Heatmap.render(winCounts: [Day(year: 2026, month: 11, day: 23): 2], skipDays: [], today: Day(year: 2026, month: 11, day: 23), calendar: cal)
        #expect(lines.count == 9)
        #expect(lines[1].hasSuffix(" 2"))  // 2026-11-23 is a Monday: the last column's top cell
        #expect(lines.allSatisfy { $0.allSatisfy(\.isASCII) })
    }

    /// A newcomer could not tell which week a column was: each month's name stands over the week
    /// its 1st falls in, on the column of cells.
    @Test(arguments: [
        // Weeks from 2026-09-07: Sep names the first week, Oct 1 falls in the 4th, Nov 1 in the 8th.
        (Day(year: 2026, month: 11, day: 23), "     Sep   Oct     Nov"),
        // Weeks from 2026-09-28, which holds Oct 1.
        (Day(year: 2026, month: 12, day: 14), "     Oct     Nov       Dec"),
        // Weeks from 2026-09-21: Oct 1 is in the second week, so September has no room.
        (Day(year: 2026, month: 12, day: 7), "       Oct     Nov       Dec"),
    ])
    func heatmapNamesTheMonthsOverTheirWeeks(today: Day, months: String) {
        let cal = StreakTests.calendar("UTC")
        let lines = Heatmap.render(winCounts: [:], skipDays: [], today: today, calendar: cal)
        #expect(lines[0] == months)
        #expect(lines[1].count == 4 + 2 * 12)
    }

    @Test func sparklineAndChange() {
        #expect(Sparkline.render([1, 2, 3, 8]) == "▁▂▃█")
        #expect(Sparkline.change(baseline: "2 a week", latest: "5 this week") == "2 → 5 (+3 since the baseline)")
    }
}
