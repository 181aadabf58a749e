import Foundation
import Testing
@testable import MomentumCore

/// The weekly review's questions, answered the ways people answer them.
@Suite struct ReviewConversationTests {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
    static let now = ISO8601DateFormatter().date(from: "2026-11-24T09:00:00Z")!

    /// Plan 1 with milestone 1.2 past its one-day timebox.
    func review(rules: RuleSet = RuleSet([])) -> ReviewConversation {
        let created = ISO8601DateFormatter().date(from: "2026-11-18T09:00:00Z")!
        var plan = Plan(goal: "Ship the billing page", metric: Metric(name: "upgrades per week"), milestones: [
            Milestone(title: "Compare providers", status: .done, createdAt: created),
            Milestone(title: "Email the five customers who asked", createdAt: created),
        ])
        plan.id = 1
        return ReviewConversation(plans: [plan], now: ReviewConversationTests.now, calendar: ReviewConversationTests.calendar,
                                  rules: rules, streaks: Streaks(current: 0, best: 0, skipDaysUsed: 0))
    }

    func answer(_ inputs: [String]) -> (ReviewConversation, [[String]]) {
        var conversation = review()
        let replies = inputs.map { conversation.receive($0).map(\.text) }
        return (conversation, replies)
    }

    /// A newcomer's blocked step vanished from the review: it lists each step set aside as
    /// blocked, with its reason, since a week may have freed it; the week's other skips are listed as such.
    @Test func aBlockedStepIsListedWithItsReason() {
        let created = ISO8601DateFormatter().date(from: "2026-11-18T09:00:00Z")!
        var plan = Plan(goal: "Open the food bank's Saturday shift", metric: Metric(name: "families served"), milestones: [
            Milestone(title: "Get the hall keys", status: .skipped, createdAt: created),
            Milestone(title: "Print the sign-up sheet", status: .skipped, createdAt: created),
        ])
        plan.id = 1
        plan.skips = [Skip(milestone: 1, date: created, kind: .rescoped, reason: "keys come with the lease"),
                      Skip(milestone: 1, date: ReviewConversationTests.now, kind: .blocked, reason: "waiting on the church office"),
                      Skip(milestone: 2, date: created, kind: .dropped, reason: "we sign up online now")]
        let review = ReviewConversation(plans: [plan], now: ReviewConversationTests.now, calendar: ReviewConversationTests.calendar,
                                        rules: RuleSet([]), streaks: Streaks(current: 0, best: 0, skipDaysUsed: 0))
        let blocked = review.report.map(\.text).filter { $0.contains("Blocked") }
        #expect(blocked == ["  Blocked since 2026-11-24: 1.1 Get the hall keys (waiting on the church office)"])
        // The week's other skips are its decisions, beside its wins (a trial's review left them out).
        #expect(review.report.map(\.text).filter { $0.hasPrefix("  ~ ") } == [
            "  ~ 2026-11-18 rescoped: 1.1 Get the hall keys (keys come with the lease)",
            "  ~ 2026-11-18 dropped: 1.2 Print the sign-up sheet (we sign up online now)",
        ])
    }

    /// A trial reopened a blocked step and the review still read as if it were blocked, and its
    /// next> question named no open step, so the step was typed again as a new one.
    @Test func aReopenedStepIsSaidToBeOpenAgainAndTheNextStepIsNamed() {
        let created = ISO8601DateFormatter().date(from: "2026-11-18T09:00:00Z")!
        var plan = Plan(goal: "Finish my platformer", milestones: [
            Milestone(title: "Tweak the lighting", status: .done, createdAt: created),
            Milestone(title: "Greybox level 4", createdAt: created),
        ])
        plan.id = 1
        plan.skips = [Skip(milestone: 2, date: created, kind: .blocked, reason: "day job crunch")]
        var review = ReviewConversation(plans: [plan], now: ReviewConversationTests.now, calendar: ReviewConversationTests.calendar,
                                        rules: RuleSet([]), streaks: Streaks(current: 0, best: 0, skipDaysUsed: 0))
        #expect(review.report.map(\.text).filter { $0.hasPrefix("  ~ ") } == ["  ~ 2026-11-18 blocked: 1.2 Greybox level 4 (day job crunch; open again since)"])
        plan.skips.append(Skip(milestone: 0, date: ReviewConversationTests.now, kind: .rest, reason: "down with flu"))
        let withRest = ReviewConversation(plans: [plan], now: ReviewConversationTests.now, calendar: ReviewConversationTests.calendar,
                                          rules: RuleSet([]), streaks: Streaks(current: 0, best: 0, skipDaysUsed: 0))
        #expect(withRest.report.map(\.text).filter { $0.hasPrefix("  ~ ") }.last == "  ~ 2026-11-24 rest day (down with flu)")
        let asked = review.receive("keep").map(\.text).last ?? ""
        #expect(asked.contains("Its next step is 1.2 \"Greybox level 4\""), "\(asked)")
    }

    /// Six days after creation, a one-day timebox has run out; one nobody gave (an imported task
    /// without a due date) has not, and the review does not call it stalled.
    @Test(arguments: [(1, true), (nil, false)] as [(Double?, Bool)])
    func onlyAGivenTimeboxRunsOut(timebox: Double?, stalled: Bool) {
        let created = ISO8601DateFormatter().date(from: "2026-11-18T09:00:00Z")!
        let plan = Plan(id: 1, goal: "Ship the billing page", milestones: [Milestone(title: "Email the customers", timeboxDays: timebox, createdAt: created)])
        let review = ReviewConversation(plans: [plan], now: ReviewConversationTests.now, calendar: ReviewConversationTests.calendar,
                                        rules: RuleSet([]), streaks: Streaks(current: 0, best: 0, skipDaysUsed: 0))
        #expect(review.report.contains { $0.text.hasPrefix("  Stalled: 1.1 Email the customers") } == stalled)
        #expect(review.stalled.count == (stalled ? 1 : 0))
    }

    @Test(arguments: ["not sure", "?", "help", "idk"])
    func unsureAtTheDecisionExplainsTheChoices(input: String) {
        let (conversation, replies) = answer([input])
        #expect(replies[0].first == "A step past its timebox is a signal, not a failure. Choose what to do with it:")
        #expect(conversation.prompt.name == "decision")
    }

    /// A trial's "what should it be?" at next> was saved as the plan's next step.
    @Test(arguments: ["what should it be?", "like what?", "What do the + and ~ and the little bar mean?"])
    func aQuestionBackIsAnsweredWithHelp(line: String) {
        let (conversation, replies) = answer(["keep", line])
        #expect(replies[1].first == "That reads like a question back, so here is what this one asks for (to answer with it, put it in double quotes).")
        #expect(conversation.prompt.name == "next")
        #expect(conversation.actions.isEmpty)
    }

    /// A trial's "keep going" at next> began a new milestone called "keep going".
    @Test(arguments: ["keep going", "carry on", "as is", "Nothing new."])
    func carryingOnKeepsThePlanAsItIs(line: String) {
        let (conversation, _) = answer(["keep", line])
        #expect(conversation.isFinished)
        #expect(conversation.actions.isEmpty)
    }

    /// A trial's "1.2 i guess" at next> began a copy of step 1.2.
    @Test func aStepTheyHaveAlreadyIsNotAddedAgain() {
        let (conversation, replies) = answer(["keep", "1.2 i guess"])
        #expect(replies[1].first == "1.2 is a step the plan has already. Type skip to keep the plan as it is, or type a new step to add.")
        #expect(conversation.prompt.name == "next")
        #expect(conversation.actions.isEmpty)
    }

    @Test func skipKeepsTheStepAsItIs() {
        let (conversation, _) = answer(["skip", "skip"])
        #expect(conversation.isFinished)
        #expect(conversation.actions.isEmpty)
        #expect(conversation.notes == ["Kept 1.2 Email the five customers who asked as it is."])
    }

    @Test func aStepTypedAtTheDecisionIsTakenAsItsFirstPart() {
        let (conversation, replies) = answer(["Email the two most active customers today"])
        #expect(replies[0].first == "Taking that as a first part to do now (split).")
        #expect(conversation.actions == [.split(plan: 1, milestone: 1, firstPart: "Email the two most active customers today")])
        #expect(conversation.prompt.name == "next")
    }

    @Test func aCommandIsNotTakenAsAnAnswer() {
        let (conversation, replies) = answer(["drop", "show 1", "Review the pricing copy with Dana", "Dana signs off the copy",
                                              "Comments in the doc", "two days", "", "Clearer pricing page", "no"])
        #expect(replies[1].first == "You are in the weekly review. To run show, type cancel first; nothing is changed until the review ends.")
        let step = Milestone(title: "Review the pricing copy with Dana", criterion: "Dana signs off the copy", artifact: "Comments in the doc",
                             timeboxDays: 2, moves: "Clearer pricing page")
        #expect(conversation.actions == [.drop(plan: 1, milestone: 1), .add(plan: 1, milestones: [step], overrides: [])])
        #expect(conversation.isFinished)
    }

    /// Issue 10: a step typed at next> goes through the milestone questions, checked live by the
    /// rules, like any milestone; cancel there leaves the plan as it is.
    @Test func theNextStepIsCoachedLikeAnyMilestone() {
        let rules = RuleSet(RuleFileParser.parse("""
        version: 1
        rules:
          - id: busywork
            kind: phrase
            level: warning
            applies-to: [milestone]
            phrases: [reorganize]
            message: "'{match}' is busywork."
            ask: "What would someone else see?"
        """, path: "t.yml").rules)
        var conversation = review(rules: rules)
        _ = conversation.receive("keep")
        let typed = conversation.receive("Reorganize my Notion workspace").map(\.text)
        #expect(typed.contains("! 'Reorganize' is busywork. [busywork]"), "\(typed)")
        #expect(conversation.prompt.name == "milestone")
        _ = conversation.receive("Send Dana the pricing page draft")
        #expect(conversation.prompt.name == "done-when")
        #expect(conversation.receive("cancel").map(\.text).first == "No step added.")
        #expect(conversation.prompt.name == "next")
        #expect(conversation.actions.isEmpty)
    }

    /// A step typed at next> is added after the plan's open ones: a trial's review said "Next for
    /// plan 1" of it while `plans` still named the step before it.
    @Test func aStepAddedBesideAnOpenOneIsNotCalledNext() {
        var conversation = review()
        _ = conversation.receive("keep")
        for answer in ["Send Dana the pricing page draft", "Dana replies with changes", "the draft link", "1", "", "gets the page approved", "no"] {
            _ = conversation.receive(answer)
        }
        #expect(conversation.isFinished)
        #expect(conversation.notes.last == "Added to plan 1: Send Dana the pricing page draft, after its next step 1.2 \"Email the five customers who asked\".")
    }

    @Test func backUndoesTheLastAnswer() {
        let (conversation, replies) = answer(["back", "drop", "back", "split", "Email the two most active customers", "back", "back", "keep"])
        #expect(replies[0].first == "This is the review's first question; cancel stops the review.")
        #expect(conversation.prompt.name == "next")
        #expect(conversation.actions.isEmpty)
        #expect(conversation.notes == ["Kept 1.2 Email the five customers who asked as it is."])
    }

    @Test func aStrayKeyIsAskedAgain() {
        let (conversation, replies) = answer(["rescope", "x"])
        #expect(replies[1].first == "'x' is too short to build on. A few words, please.")
        #expect(conversation.prompt.name == "rescope")
    }
}
