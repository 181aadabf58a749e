import Testing
@testable import MomentumCore

@Suite struct PhraseMatchingTests {
    @Test(arguments: [
        ("very", "Discovery call with Ana", false),
        ("meeting", "Two meetings a week", true),
        ("attend", "Attending the standup", true),
        ("like", "Liked posts", true),
        ("status meeting", "Status meetings every Monday", true),
        ("page views", "Page viewed once", true),
        ("likes", "and like it", true),
        ("research", "Researching payment providers", true),
        ("run", "Running 5 km", true),
        ("art", "Start the draft", false),
        ("catch up on email", "Catch up on my email", true),
        ("go through inbox", "Go through all of the inbox", false),
        ("set up environment", "Set up the environment", true),
        ("set up my environment", "Set up the environment", false),
        ("book a", "Read two books", false),
        ("my head", "Head of sales signs", false),
        ("in my head", "In the head of the team", false),
        ("plan the sprint", "Plan our next sprint", false),
        ("clear inbox", "Clear the the the inbox", false),
        ("meeting", "Meet the CFO", false),
        ("meetings", "Weekly meeting", true),
        ("meetings", "Meet Ana at noon", false),
        ("planning", "Plan the menu", false),
        ("planning", "Sprint planning", true),
    ])
    func wordBoundariesAndInflections(phrase: String, text: String, matches: Bool) {
        #expect((PhraseList([phrase]).firstMatch(in: text) != nil) == matches)
    }

    /// A newcomer's "feels like it would get section 3.1 approved sooner" was a vanity-metric
    /// warning: `likes` matched the preposition. With `plurals-as-nouns` the singular is a count
    /// only as a noun.
    @Test(arguments: [
        ("likes", "More people will see my progress and like it", false),
        ("likes", "Feels like it would get it approved sooner", false),
        ("likes", "500 likes on the launch post", true),
        ("likes", "Like count on the launch post", true),
        ("followers", "Follower count on Instagram", true),
        ("hits", "Hit the deadline", false),
        ("clicks", "Click through the checkout", false),
        ("visits", "Site visits per week", true),
        ("page views", "Page views per visit", true),
        ("meetings", "Meet the team", false),
    ])
    func pluralsAsNouns(phrase: String, text: String, matches: Bool) {
        #expect((PhraseList([phrase], pluralsAsNouns: true).firstMatch(in: text) != nil) == matches)
    }

    /// Plain ASCII text takes a byte-level path; the same words with typographic punctuation take
    /// the character path. Both must find the same words at the same places, with the same stems.
    @Test(arguments: [
        ("Team's weekly meetings: don't skip 3", "Team’s weekly meetings: don’t skip 3",
         ["Team's", "weekly", "meetings", "don't", "skip", "3"], ["team", "weekly", "meet", "don't", "skip", "3"]),
        ("Plan - ship the 'v2' draft", "Plan — ship the ‘v2’ draft",
         ["Plan", "ship", "the", "v2'", "draft"], ["plan", "ship", "the", "v2", "draft"]),
        ("  trailing spaces  ", "\u{00A0}trailing spaces\u{00A0}", ["trailing", "spaces"], ["trail", "spac"]),
    ])
    func asciiAndUnicodeTextSplitAlike(ascii: String, typographic: String, words: [String], stems: [String]) {
        #expect(Words.split(ascii).map { String(ascii[$0.range]) } == words)
        #expect(Words.stems(ascii) == stems)
        #expect(Words.stems(typographic) == stems)
    }

    /// ASCII words are stemmed as bytes: every ending must come out as walking characters gives it.
    @Test(arguments: [
        ("meetings", "meet"), ("studies", "study"), ("classes", "class"), ("status", "status"), ("analysis", "analysis"),
        ("running", "run"), ("planned", "plan"), ("copied", "copy"), ("agreed", "agreed"), ("calling", "call"),
        ("buzzed", "buzz"), ("shipped", "ship"), ("made", "mad"), ("free", "free"), ("ties", "tie"), ("Meetings", "Meet"),
        ("sing", "sing"), ("KPIs", "KPI"), ("v2", "v2"), ("it's", "it's"), ("yes", "yes"), ("goes", "goe"),
    ])
    func asciiStemmingMatchesTheCharacterPath(word: String, stem: String) {
        #expect(Words.stem(word) == stem)
        #expect(Words.stemByCharacters(word) == stem)
    }

    @Test func quotesTheOriginalWords() {
        #expect(PhraseList(["page views"]).firstMatch(in: "More Page Views, please") == "Page Views")
        #expect(PhraseList(["catch up on email"]).firstMatch(in: "First catch up on my email.") == "catch up on my email")
    }
}

@Suite struct TimeboxTests {
    @Test(arguments: [
        ("2", 2.0), ("2 days", 2.0), ("half a day", 0.5), ("1.5", 1.5), ("1,5", 1.5), ("a day", 1.0), ("a weekend", 2.0), ("a week probably", 5.0), ("2 days i guess", 2.0),
        ("4 hours", 0.5), ("30 minutes", 0.0625), ("15 min", 0.03125), ("3d", 3.0), ("two days", 2.0), ("a week", 5.0), ("about 2 days", 2.0), ("1 day", 1.0),
        ("1-2 days", 2.0), ("2 to 3 days", 3.0), ("1 or 2", 2.0), ("a few hours", 0.5), ("an afternoon", 0.5),
        ("tomorrow", 1.0), ("a couple of hours", 0.25), ("Half a day", 0.5), ("1.5 - 2 days", 2.0), ("2–3", 3.0),
        ("1,5 to 2", 2.0), ("1 evening", 0.25), ("two evenings", 0.5), ("2 afternoons", 1.0), ("1 weekend", 2.0),
        ("probably two days because I teach on Tuesday", 2.0), ("2 days, maybe 3", 2.0), ("half a day (the form is short)", 0.5),
    ])
    func parsesWhatPeopleSay(text: String, days: Double) {
        #expect(Timebox.parseDays(text) == days)
    }

    @Test(arguments: ["", "soon", "0", "-1", "2 parsecs", "days 2", "nan", "2 days maybe later", "2 tomorrow", "1-", "1 to"])
    func rejectsNonsense(text: String) {
        #expect(Timebox.parseDays(text) == nil)
    }

    @Test func formats() {
        #expect(Timebox.format(1) == "1 day")
        #expect(Timebox.format(0.5) == "half a day")
        #expect(Timebox.format(Timebox.parseDays("15 min")!) == "15 minutes")
        #expect(Timebox.format(3) == "3 days")
        #expect(Timebox.format(0.375) == "3 hours")
        // A trial's "90 minutes" was shown as "0.19 days".
        #expect(Timebox.format(Timebox.parseDays("90 minutes")!) == "1.5 hours")
        #expect(Timebox.format(Timebox.parseDays("100 min")!) == "100 minutes")
        #expect(Timebox.format(0.25) == "2 hours")
        #expect(Timebox.format(0.125) == "1 hour")
        #expect(Timebox.format(1.5) == "1.5 days")
    }
}

@Suite struct SuggestionTests {
    @Test(arguments: [("plnas", "plans"), ("shwo", "show"), ("revew", "review"), ("exti", "exit"), ("nwe", "new"), ("dnoe", "done")])
    func suggestsTheClosestCommand(typed: String, expected: String) {
        #expect(Suggestion.closest(to: typed, in: CommandInfo.names) == expected)
    }

    @Test(arguments: [
        ("start", "Unknown command 'start'. Did you mean 'new'?", "new [GOAL]: Break a goal into micro-milestones, one question at a time."),
        ("delete 2", "Unknown command 'delete'. Did you mean 'drop'?", "drop PLAN[.MILESTONE]: Drop a plan or a milestone (undo brings it back)."),
        ("Finish 1.2", "Unknown command 'Finish'. Did you mean 'done'?", "done PLAN.MILESTONE [--on DATE]: Mark a milestone done and log the win."),
        ("shw 1", "Unknown command 'shw'. Did you mean 'show'?", nil),
        ("I want to run a marathon", "That is not a command.", "To plan it as a goal, type: new I want to run a marathon"),
        ("xyzzy", "Unknown command 'xyzzy'.", nil),
        ("done1.1", "Unknown command 'done1.1'. Did you mean 'done 1.1'?", nil),
        ("show2", "Unknown command 'show2'. Did you mean 'show 2'?", nil),
        // A trial's "mark 1.4 done" was offered as a goal.
        ("mark 1.4 done", "Unknown command 'mark'. Did you mean 'done 1.4'?", nil),
        ("I finished 2.1 today", "Unknown command 'I'. Did you mean 'done 2.1'?", nil),
        ("back", "No question is open: 'back' goes to the previous question inside a flow.", "Type resume to continue an unfinished plan, or new to start one."),
        // A trial's "how do i start" was offered 'show', and "redo" 'undo'.
        ("how do i start", "That reads like a question; commands start with a command word.",
         "To start, type new, or new followed by your goal; help COMMAND explains a command."),
        ("What can I do here?", "That reads like a question; commands start with a command word.",
         "To start, type new, or new followed by your goal; help COMMAND explains a command."),
        ("redo", "There is no redo: undo takes back the last change, and undo again the one before.", "undo says what it took back each time."),
    ])
    func unknownLinesPointToWhatWasMeant(line: String, error: String, hint: String?) {
        let reply = CommandInfo.unknown(CommandWords.split(line))
        #expect(reply.error == error)
        #expect(reply.hint == hint)
    }

    @Test func aGreetingIsGreetedNotRefused() {
        #expect(CommandInfo.greetingReply(to: ["Hello", "there!"]) != nil)
        #expect(CommandInfo.greetingReply(to: ["hey"]) != nil)
        #expect(CommandInfo.greetingReply(to: ["heya", "what", "is", "this", "about"]) == nil)
    }

    @Test func synonymsNameRealCommands() {
        #expect(Set(CommandInfo.synonyms.values).isSubset(of: Set(CommandInfo.names)))
        #expect(Set(CommandInfo.synonyms.keys).isDisjoint(with: Set(CommandInfo.names)))
    }

    @Test func aWordCutShortNamesTheOneItBegins() {
        #expect(Suggestion.closest(to: "warn", in: ["info", "warning", "error"]) == "warning")
        #expect(Suggestion.closest(to: "trans", in: CommandInfo.names) == "transcript")
        #expect(Suggestion.closest(to: "sess", in: CommandInfo.names) == "sessions")
    }

    @Test func noWildGuesses() {
        #expect(Suggestion.closest(to: "xyzzy", in: CommandInfo.names) == nil)
    }

    @Test func splitsQuotedWords() {
        #expect(CommandWords.split(#"import "my plan.json" -o 'a b'"#) == ["import", "my plan.json", "-o", "a b"])
        #expect(CommandWords.split("new Submit my master's thesis") == ["new", "Submit", "my", "master's", "thesis"])
        #expect(CommandWords.split("new 'til it's done") == ["new", "'til", "it's", "done"])
        #expect(CommandWords.split(#"new "Don't stop" now"#) == ["new", "Don't stop", "now"])
    }
}

@Suite struct BoundedPatternTests {
    @Test func stopsCatastrophicBacktracking() throws {
        let pattern = try BoundedPattern("(a+)+$")
        let text = String(repeating: "a", count: 40) + "b"
        #expect(pattern.firstMatch(in: text) == .budgetExceeded)
    }

    @Test func aStoppedPatternIsReportedAndNothingHangs() throws {
        let file = RuleFileParser.parse("""
        version: 1
        rules:
          - id: slow
            kind: pattern
            level: error
            applies-to: [goal]
            pattern: "(a+)+$"
            message: "m"
            ask: "a"
        """, path: "slow.yml")
        let findings = RuleSet(file.rules).check(.goal, text: String(repeating: "a", count: 40) + "b", in: Plan(goal: ""))
        #expect(findings.map(\.level) == [.info])
        #expect(findings.first?.message == "The rule slow (slow.yml:3:5) was stopped on this answer: its pattern backtracks too much.")
    }

    @Test func matchesNormally() throws {
        #expect(try BoundedPattern(#"\bwork on\b"#).firstMatch(in: "I will Work on it") == .match("Work on"))
    }
}

@Suite struct PlanFieldsTests {
    static let plan = Plan(goal: "G", metric: Metric(name: "M"), milestones: [Milestone(title: "one", moves: "a"), Milestone(title: "two", moves: "b")])

    @Test(arguments: [(RuleField.moves, Optional(1), ["b"]), (.moves, nil, ["a", "b"]), (.goal, Optional(1), ["G"]), (.milestone, Optional(0), ["one"]), (.metric, nil, ["M"])])
    func textsReadsOneMilestoneOrAll(field: RuleField, milestone: Int?, expected: [String]) {
        #expect(PlanFields.texts(of: field, in: PlanFieldsTests.plan, milestone: milestone) == expected)
    }

    @Test func textsAgreesWithEntries() {
        for field in RuleField.allCases where field != .plan {
            let fromEntries = PlanFields.entries(of: PlanFieldsTests.plan).filter { $0.field == field }.map(\.text)
            #expect(PlanFields.texts(of: field, in: PlanFieldsTests.plan, milestone: nil) == fromEntries)
        }
    }
}

@Suite struct MessageTemplateTests {
    @Test(arguments: [
        ("'{match}' in {field}", "'{field} x' in goal"),
        ("{unknown} and { and {match", "{unknown} and { and {match"),
        ("no placeholders", "no placeholders"),
        ("{nearest}{match}", "{field} x"),
    ])
    func fillsEachPlaceholderOnceInOnePass(template: String, filled: String) {
        #expect(RuleSet.fill(template, ["{match}": "{field} x", "{field}": "goal", "{nearest}": ""]) == filled)
    }
}

/// A saved text with a line break stays one line wherever it is shown (the check now reads bytes,
/// not Foundation's search).
@Suite struct OneLineTests {
    @Test(arguments: [
        ("Line one\nline two", "Line one↵line two"), ("a\r\nb", "a↵b"), ("tab\there", "tab here"),
        ("para\u{2028}graph", "para↵graph"), ("end\u{2029}", "end↵"), ("café — naïve", "café — naïve"),
        ("BEGIN:VCALENDAR\r", "BEGIN:VCALENDAR\r"),
    ])
    func aLineBreakInATextShowsAsAnArrow(text: String, shown: String) {
        #expect(OutputLine.oneLine(text) == shown)
    }
}
