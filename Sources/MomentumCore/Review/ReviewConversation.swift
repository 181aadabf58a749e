import Foundation

/// The weekly review: a report (wins and skips of the last 7 days by plan, streak, the metric's readings, wins
/// that moved nothing the goal needs, steps set aside as blocked, which a week may have freed), then one question per stalled milestone (split, rescope,
/// drop or keep), then the next step for any plan left without one. Pure: plans and "now" come in,
/// decisions go out.
public struct ReviewConversation: Sendable {
    public enum Action: Equatable, Sendable {
        case drop(plan: Int64, milestone: Int)
        case rescope(plan: Int64, milestone: Int, title: String)
        case split(plan: Int64, milestone: Int, firstPart: String)
        /// The next step, asked through the same milestone questions and live rules as `new`.
        case add(plan: Int64, milestones: [Milestone], overrides: [Override])
    }

    struct Stalled: Sendable {
        var plan: Int64
        var index: Int
        var title: String
    }

    enum Step: Sendable, Equatable {
        case decide(Int)
        case smaller(Int, String)
        case next(Int)
        case finished
    }

    public private(set) var report: [OutputLine]
    let stalled: [Stalled]
    /// Every active plan, asked in turn what comes next.
    /// Each active plan, with its next open step ("1.2 "Greybox level 4""), which the question names so
    /// a trial did not type it again as a new one.
    let nextStepPlans: [(id: Int64, goal: String, nextStep: String?)]
    let plans: [Int64: Plan]
    let rules: RuleSet
    /// The coach asking about a next step typed at `next>`, for the plan at that index.
    private var adding: (index: Int, coach: Coach)?
    var step: Step
    public private(set) var actions: [Action] = []
    public private(set) var notes: [String] = []
    /// Where each answered question left the review, so `back` can undo the last answer.
    private var answered: [(step: Step, actions: Int, notes: Int)] = []

    public init(plans: [Plan], now: Date, calendar: Calendar, rules: RuleSet, streaks: Streaks) {
        let today = Day(now, in: calendar)
        let weekAgo = today.adding(-6, in: calendar)
        var report = [OutputLine("Weekly review, \(weekAgo) to \(today).", .success)]
        var stalled: [Stalled] = []
        var nextStepPlans: [(Int64, String, String?)] = []
        var weekWins: [Win] = []
        for plan in plans where plan.status == .active {
            let id = plan.id ?? 0
            report.append(OutputLine("Plan \(id): \(plan.goal)", .success))
            let recent = plan.wins.filter { Day($0.date, in: calendar) >= weekAgo }
            if recent.isEmpty {
                report.append(OutputLine("  No wins this week.", .muted))
            }
            for win in recent {
                report.append(OutputLine("  + \(Day(win.date, in: calendar)) \(win.note)\(win.by.map { " — \($0)" } ?? "")"))
            }
            weekWins += recent
            // The week's decisions to set a step aside belong beside its wins (a trial's review left
            // them out); a step still blocked is listed below with its date.
            let stillBlocked = plan.blockedMilestones.map(\.skip)
            for skip in plan.skips where Day(skip.date, in: calendar) >= weekAgo && !stillBlocked.contains(skip) {
                guard skip.kind != .rest else {
                    report.append(OutputLine("  ~ \(Day(skip.date, in: calendar)) rest day (\(skip.reason))", .muted))
                    continue
                }
                // Reopened since (a trial's review still read as if the step were blocked).
                let again = skip.kind != .rescoped && plan.milestones.indices.contains(skip.milestone - 1)
                    && plan.milestones[skip.milestone - 1].status == .open ? "; open again since" : ""
                report.append(OutputLine("  ~ \(Day(skip.date, in: calendar)) \(skip.kind.rawValue): \(id).\(skip.milestone) \(plan.title(ofMilestone: skip.milestone)) (\(Story.reason(of: skip))\(again))", .muted))
            }
            let readings = plan.readingsOfTheMetric.compactMap(\.metricReading)
            let numbers = readings.compactMap(Sparkline.number)
            if !numbers.isEmpty {
                let change = Sparkline.change(baseline: plan.metric.baseline, latest: readings.last) ?? ""
                report.append(OutputLine("  \(plan.metric.name): \(Sparkline.render(numbers)) \(change)"))
            } else if !plan.metric.name.isEmpty {
                report.append(OutputLine("  \(plan.metric.name): no readings yet; log one with your next done.", .muted))
            }
            for finding in rules.check(plan: plan) where finding.field == .win || finding.field == .plan {
                guard !plan.overrides.contains(where: { $0.ruleID == finding.ruleID && $0.path == finding.path }) else { continue }
                report.append(OutputLine("  ! \(FieldLabel.label(finding.path)): \(finding.message) [\(finding.ruleID)]", .finding))
            }
            for (number, milestone) in plan.openMilestones {
                // A timebox nobody gave cannot have run out.
                guard let created = milestone.createdAt, milestone.givenTimeboxDays != nil else { continue }
                let due = WorkDays.adding(Int(milestone.timeboxDays.rounded(.up)), to: Day(created, in: calendar))
                if due < today {
                    report.append(OutputLine("  Stalled: \(id).\(number) \(milestone.title) (timebox of \(Timebox.format(milestone.timeboxDays)) ran out on \(due))", .finding))
                    stalled.append(Stalled(plan: id, index: number - 1, title: milestone.title))
                }
            }
            for (number, milestone, skip) in plan.blockedMilestones {
                report.append(OutputLine("  Blocked since \(Day(skip.date, in: calendar)): \(id).\(number) \(milestone.title) (\(skip.reason))", .finding))
            }
            nextStepPlans.append((id, plan.goal, plan.nextMilestone.map { "\(id).\($0.number) \"\($0.milestone.title)\"" }))
        }
        if plans.allSatisfy({ $0.status != .active }) {
            report.append(OutputLine("No active plans. Type new to start one.", .muted))
        }
        if let team = TeamTally.winsByPerson(weekWins) { report.append(OutputLine("Wins this week by person: \(team).")) }
        report.append(OutputLine("Streak: \(Plural.count(streaks.current, "day")); best \(streaks.best)."))
        self.report = report
        self.stalled = stalled
        self.nextStepPlans = nextStepPlans
        self.plans = Dictionary(plans.map { ($0.id ?? 0, $0) }, uniquingKeysWith: { first, _ in first })
        self.rules = rules
        self.step = .finished
        self.step = firstStep(afterStalled: -1)
    }

    public var isFinished: Bool { step == .finished }
    /// Whether the coach is asking about a next step; its `cancel` leaves only that step.
    public var isAddingAStep: Bool { adding != nil }

    /// The open question, shown again when a review is resumed.
    public var openQuestion: [OutputLine] { adding?.coach.begin().lines ?? question }

    public var prompt: Prompt {
        if let adding { return adding.coach.prompt }
        return switch step {
        case .decide: Prompt(name: "decision", completions: ["split", "rescope", "drop", "keep", "back"])
        case .smaller: Prompt(name: "rescope", completions: ["back"])
        case .next: Prompt(name: "next", completions: ["skip", "back"])
        case .finished: Prompt(name: "momentum")
        }
    }

    public var question: [OutputLine] {
        switch step {
        case .decide(let i):
            return [OutputLine("\(stalled[i].plan).\(stalled[i].index + 1) \"\(stalled[i].title)\" has run past its timebox. Split, rescope, drop or keep?", .question)]
        case .smaller(_, let kind):
            return [OutputLine(kind == "split" ? "What is the first part you can finish in a day or two?" : "What is the smaller version of it?", .question)]
        case .next(let i):
            let plan = nextStepPlans[i]
            let asked = switch (plan.nextStep, changedInThisReview(plan.id)) {
            case (let next?, false):
                "What comes next for plan \(plan.id), \"\(plan.goal)\"? Its next step is \(next): skip keeps the plan as it is; a step you type is added as a milestone."
            case (.some, true):
                "What comes next for plan \(plan.id), \"\(plan.goal)\"? A step you type is added as a milestone (skip to keep the plan as it is)."
            case (nil, _):
                "Plan \(plan.id), \"\(plan.goal)\", has no open step. What is the next one? (skip to leave it)"
            }
            return [OutputLine(asked, .question)]
        case .finished:
            return []
        }
    }

    /// What the current question is for, for "help", "?" or "not sure".
    var help: [OutputLine] {
        switch step {
        case .decide:
            return [
                OutputLine("A step past its timebox is a signal, not a failure. Choose what to do with it:", .muted),
                OutputLine("  split    keep it, and name a first part you can finish in a day or two", .muted),
                OutputLine("  rescope  replace it with a smaller version", .muted),
                OutputLine("  drop     it no longer matters; recorded as dropped, not failed", .muted),
                OutputLine("  keep     leave it as it is for now (skip does the same)", .muted),
                OutputLine("back returns to the previous question; cancel stops the review without changes.", .muted),
            ]
        case .smaller:
            return [OutputLine("Name something you could finish in a day or two that someone else could see, e.g. \"Send the draft to Dana\".", .muted)]
        case .next:
            return [OutputLine("The one step that would move the plan next; it is added as a milestone. Type skip if the plan has its next step already.", .muted)]
        case .finished:
            return []
        }
    }

    func firstStep(afterStalled index: Int) -> Step {
        if index + 1 < stalled.count { return .decide(index + 1) }
        return nextStepPlans.isEmpty ? .finished : .next(0)
    }

    public mutating func receive(_ line: String) -> [OutputLine] {
        if adding != nil { return continueAdding(line) }
        let input = line.trimmingCharacters(in: .whitespaces)
        let lowered = input.lowercased()
        if lowered == "help" || lowered == "?" || Coach.isNonAnswer(input) {
            return help + question
        }
        // A trial's "what should it be?" at next> became the new step.
        if Coach.isQuestionBack(input), Coach.choice(input, prompt.completions) == nil {
            return [Coach.questionBackNote] + help + question
        }
        if lowered == "back" {
            guard let previous = answered.popLast() else {
                return [OutputLine("This is the review's first question; cancel stops the review.", .muted)] + question
            }
            step = previous.step
            actions.removeLast(actions.count - previous.actions)
            notes.removeLast(notes.count - previous.notes)
            return question
        }
        if let command = CommandInfo.command(typedAsAnswer: input), !(prompt.completions.contains(lowered)) {
            return [OutputLine("You are in the weekly review. To run \(command), type cancel first; nothing is changed until the review ends.", .muted)] + question
        }
        let before = (step: step, actions: actions.count, notes: notes.count)
        let lines = answer(input, lowered: lowered)
        if step != before.step { answered.append(before) }
        return lines
    }

    /// Answers at `next>` that mean "the plan has its next step": a trial's "keep going" became a
    /// new milestone called "keep going".
    static let keepsThePlan: Set<String> = ["keep", "keep going", "keep it", "keep it as is", "as is", "leave it", "leave it as is", "carry on",
                                            "continue", "same", "same as before", "no change", "no changes", "nothing new", "nothing", "none",
                                            "no", "nope", "all good", "fine as is", "it's fine", "its fine", "as planned", "stay the course"]

    private mutating func answer(_ input: String, lowered: String) -> [OutputLine] {
        switch step {
        case .decide(let i):
            guard let choice = Coach.choice(lowered == "skip" ? "keep" : input, ["split", "rescope", "drop", "keep"]) else {
                guard input.split(separator: " ").count >= 3 else {
                    return [OutputLine("Please answer split, rescope, drop or keep (help explains them, cancel stops the review).", .error)] + question
                }
                // A step typed where a choice was asked: the first part to do now, keeping the original.
                step = .smaller(i, "split")
                return [OutputLine("Taking that as a first part to do now (split).", .muted)] + answer(input, lowered: lowered)
            }
            let item = stalled[i]
            switch choice {
            case "drop":
                actions.append(.drop(plan: item.plan, milestone: item.index))
                notes.append("Dropped \(item.plan).\(item.index + 1) \(item.title).")
                step = firstStep(afterStalled: i)
            case "keep":
                notes.append("Kept \(item.plan).\(item.index + 1) \(item.title) as it is.")
                step = firstStep(afterStalled: i)
            default:
                step = .smaller(i, choice)
            }
        case .smaller(let i, let kind):
            guard !input.isEmpty else { return question }
            if let problem = Coach.wordlessProblem(input, or: "please") { return [OutputLine(problem, .error)] + question }
            let item = stalled[i]
            if kind == "split" {
                actions.append(.split(plan: item.plan, milestone: item.index, firstPart: input))
                notes.append("Split \(item.plan).\(item.index + 1): first \"\(input)\".")
            } else {
                actions.append(.rescope(plan: item.plan, milestone: item.index, title: input))
                notes.append("Rescoped \(item.plan).\(item.index + 1) to \"\(input)\".")
            }
            step = firstStep(afterStalled: i)
        case .next(let i):
            if input.isEmpty { return question }
            // "1.2 i guess" named a step the plan has, and a copy of it was being added.
            if let reference = input.split(separator: " ").first, reference.wholeMatch(of: /\d+\.\d+/) != nil {
                return [OutputLine("\(reference) is a step the plan has already. Type skip to keep the plan as it is, or type a new step to add.", .muted)] + question
            }
            let skipping = lowered == "skip" || Self.keepsThePlan.contains(lowered.trimmingCharacters(in: .punctuationCharacters.union(.whitespaces)))
            if !skipping, let problem = Coach.wordlessProblem(input, or: "or skip") { return [OutputLine(problem, .error)] + question }
            if !skipping, let plan = plans[nextStepPlans[i].id] {
                // The step is the answer to the coach's first question; the coach asks the rest.
                var coach = Coach(form: Form(kind: .add, base: plan), rules: rules)
                adding = (i, coach)
                let reply = coach.receive(input)
                adding = (i, coach)
                return [OutputLine("A few questions about this step, as for any milestone (cancel leaves the plan as it is).", .muted)]
                    + finishAdding(reply)
            }
            step = i + 1 < nextStepPlans.count ? .next(i + 1) : .finished
        case .finished:
            return []
        }
        return question
    }

    private mutating func continueAdding(_ line: String) -> [OutputLine] {
        guard let (index, asking) = adding else { return [] }
        var coach = asking
        let reply = coach.receive(line)
        adding = (index, coach)
        return finishAdding(reply)
    }

    /// Whether a step of the plan was split, rescoped or dropped in this review: it may have been the next one.
    private func changedInThisReview(_ planID: Int64) -> Bool {
        actions.contains { action in
            switch action {
            case .drop(let id, _), .rescope(let id, _, _), .split(let id, _, _): id == planID
            case .add: false
            }
        }
    }

    /// After each line the coach took: still asking, left (the plan stays as it is), or done, when
    /// the new steps become the review's decision and the review goes on.
    private mutating func finishAdding(_ reply: Coach.Reply) -> [OutputLine] {
        guard let (index, coach) = adding else { return reply.lines }
        switch reply.outcome {
        case .asking:
            return reply.lines
        case .cancelled:
            adding = nil
            return [OutputLine("No step added.", .muted)] + question
        case .finished(let result):
            adding = nil
            let before = (step: step, actions: actions.count, notes: notes.count)
            if case .plan(let plan) = result {
                let base = coach.form.base
                let added = Array(plan.milestones[base.milestones.count...])
                actions.append(.add(plan: nextStepPlans[index].id, milestones: added,
                                    overrides: plan.overrides.filter { !base.overrides.contains($0) }))
                let plan = nextStepPlans[index]
                let titles = added.map(\.title).joined(separator: "; ")
                // The step typed is added after the plan's open ones: it is not next when one was
                // (a trial's review said "Next for plan 1" of a step `plans` listed after another).
                if let next = plan.nextStep, !changedInThisReview(plan.id) {
                    notes.append("Added to plan \(plan.id): \(titles), after its next step \(next).")
                } else {
                    notes.append("Next for plan \(plan.id): \(titles).")
                }
            }
            step = index + 1 < nextStepPlans.count ? .next(index + 1) : .finished
            answered.append(before)
            return reply.lines + question
        }
    }

    /// The review as saved: the report and what was decided.
    public var body: String {
        (report.map(\.text) + (notes.isEmpty ? ["No changes decided."] : notes)).joined(separator: "\n")
    }
}
