import Foundation

/// The coaching conversation: a pure state machine over a `Form`. Lines in, lines out; the form is
/// the whole state, so the shell can save it after every line and a replay gives the same output.
public struct Coach: Sendable {
    public private(set) var form: Form
    public let rules: RuleSet

    /// Words that steer the conversation at any question instead of answering it.
    public static let controlWords = ["back", "skip", "help", "cancel"]
    /// Answers longer than this are refused: one sentence is the point, and rules stay fast.
    public static let maxAnswerLength = 2_000

    public init(form: Form, rules: RuleSet) {
        self.form = form
        self.rules = rules
    }

    public enum Outcome: Equatable, Sendable {
        case asking
        case finished(FormResult)
        case cancelled
    }

    public struct Reply: Equatable, Sendable {
        public var lines: [OutputLine]
        public var outcome: Outcome
        public init(lines: [OutputLine], outcome: Outcome = .asking) {
            self.lines = lines
            self.outcome = outcome
        }
    }

    /// The question now open, and the plan as the answers so far make it.
    var current: (question: Question, plan: Plan)? {
        if case .ask(let question, let plan) = Scripts.next(form) { return (question, plan) }
        return nil
    }

    /// The prompt for the line being typed now.
    public var prompt: Prompt {
        guard let (question, _) = current else { return Prompt(name: "momentum") }
        if form.pending?.awaitingReason == true { return Prompt(name: "reason") }
        var words = question.choices + Coach.controlWords
        if form.pending != nil { words.append("keep") }
        if !question.optional { words.removeAll { $0 == "skip" } }
        return Prompt(name: question.key.rawValue, completions: words, prefill: revisitedAnswer)
    }

    /// Opens (or reopens, after `resume`) the flow: shows the open question.
    public func begin() -> Reply {
        switch Scripts.next(form) {
        case .complete(let result): return Reply(lines: [], outcome: .finished(result))
        case .ask(let question, let plan):
            var lines: [OutputLine] = []
            if let pending = form.pending {
                lines += ask(question, plan: plan)
                lines.append(OutputLine("You answered: \(pending.value)", .muted))
                lines += findingLines(pending.findings)
                if pending.awaitingReason { lines.append(OutputLine("Why keep it? One line; it is saved with the plan.", .question)) }
                return Reply(lines: lines)
            }
            return Reply(lines: ask(question, plan: plan))
        }
    }

    /// Takes one typed line.
    public mutating func receive(_ line: String) -> Reply {
        guard let (question, plan) = current else { return Reply(lines: [], outcome: .cancelled) }
        let input = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if input.count > Coach.maxAnswerLength {
            return Reply(lines: [OutputLine("That answer is \(input.count) characters; keep it under \(Coach.maxAnswerLength). One sentence is best.", .error),
                                 OutputLine(question.text, .question)])
        }
        if let pending = form.pending, pending.awaitingReason {
            return takeReason(input, pending: pending, question: question, plan: plan)
        }
        switch input.lowercased() {
        case "back": return back()
        case "cancel":
            if form.answers.isEmpty, form.pending == nil {
                return Reply(lines: [OutputLine("Stopped. Nothing was answered yet, so there is no draft to keep.", .muted)], outcome: .cancelled)
            }
            return Reply(lines: [OutputLine("Stopped here. Your draft is kept: type resume to pick it up.", .muted)], outcome: .cancelled)
        case "help", "?": return Reply(lines: help(question))
        case "skip":
            guard question.optional else {
                return Reply(lines: [OutputLine("This one can't be skipped: \(question.purpose)", .error), OutputLine(question.text, .question)])
            }
            form.pending = nil
            return accept(Answer(key: question.key, value: nil))
        default: break
        }
        if question.kind == .text, let command = CommandInfo.command(typedAsAnswer: input) {
            return Reply(lines: [Coach.runCommandHint(command), OutputLine(question.text, .question)])
        }
        // Where the answer is a choice, any question that names none asks something back ("Do I
        // need to fix the open findings first?" at save> was told to answer yes or no).
        let asksBack = Coach.isQuestionBack(input) || (!question.choices.isEmpty && input.hasSuffix("?") && !input.hasPrefix("\""))
        if asksBack, question.kind == .text || Coach.choice(input, question.choices) == nil {
            // Asked while an answer stands questioned ("why?" after a warning), the question is about
            // the finding: a trial's got the question's general help instead.
            if let pending = form.pending, !pending.awaitingReason {
                return Reply(lines: [OutputLine("'\(pending.value)' was questioned because:", .muted)]
                             + pending.findings.flatMap { [OutputLine("  \($0.message) [\($0.ruleID)]", .finding), OutputLine("  \($0.ask)", .muted)] }
                             + [OutputLine("Rephrase it, or type: keep <your reason> (help shows what this question asks for).", .muted)])
            }
            // Quotes make a question the answer only where any text is one (a trial was told to
            // quote at new/stalled, where no quoted text is a choice).
            return Reply(lines: [question.choices.isEmpty ? Coach.questionBackNote : Coach.questionBackNoteAtAChoice] + help(question))
        }
        // A number alone where words are asked for ("1" as the artifact) is most often the next
        // answer typed early: a trial's was saved as the artifact.
        if question.kind == .text, Coach.numberOnlyIsASlip.contains(question.key), Coach.isNumberOnly(input), form.pending == nil {
            return Reply(lines: [OutputLine("'\(input)' is only a number; this asks for words (to answer with it, put it in double quotes).", .error),
                                 OutputLine(question.text, .question)])
        }
        // "later" is a non-answer, but an answer where "leave it for later" is a choice.
        if Coach.isNonAnswer(input), Coach.choice(input, question.choices) == nil {
            guard question.optional else {
                return Reply(lines: [OutputLine("That's fine; this is what helps to answer it.", .muted)] + help(question))
            }
            form.pending = nil
            var reply = accept(Answer(key: question.key, value: nil))
            reply.lines.insert(OutputLine("Skipped for now; edit the plan when you know.", .muted), at: 0)
            return reply
        }
        if form.pending == nil, question.key == .save, input.lowercased().hasPrefix("keep ") {
            return keepOpenFindings(String(input.dropFirst(5)), question: question, plan: plan)
        }
        if form.pending == nil, input.lowercased().hasPrefix("keep ") {
            if let reply = keepOffered(String(input.dropFirst(5)), question: question, plan: plan) { return reply }
            if let reply = keepTips(String(input.dropFirst(5)), question: question) { return reply }
            // "keep because I said so" with nothing questioned is not the answer ("Keep the
            // garden alive" is: only a reason's first word is read as a misplaced keep).
            let next = input.dropFirst(5).split(separator: " ").first.map { $0.lowercased() } ?? ""
            if Coach.reasonWords.contains(next) {
                return Reply(lines: [OutputLine("There is nothing to keep: keep answers a finding, and none is open here. Type your answer.", .muted),
                                     OutputLine(question.text, .question)])
            }
        }
        if form.pending == nil, input.lowercased() == "keep", !question.choices.contains("keep") {
            // A bare `keep` after a tip was saved as the answer to the next question (where keep
            // is not one of the question's choices, as it is in unstick's decision).
            let tipped = lastAnswerTips().map { "To keep '\($0.value)' as it is, give the reason on the same line: keep <your reason>." }
            return Reply(lines: [OutputLine(tipped ?? "There is nothing to keep: keep answers a finding, and none is open here. Type your answer.", .muted),
                                 OutputLine(question.text, .question)])
        }
        if let pending = form.pending, input.lowercased() == "keep" || input.lowercased().hasPrefix("keep ") {
            let reason = String(input.dropFirst(4)).trimmingCharacters(in: .whitespaces)
            if reason.isEmpty {
                form.pending?.awaitingReason = true
                return Reply(lines: [OutputLine("Why keep it? One line; it is saved with the plan.", .question)])
            }
            return keep(pending, reason: reason)
        }
        // "the metric", as the moves question offers: the metric it names. A trial's drew a tip
        // quoting unrelated phrasings, and the plan was then told no step mentions its metric.
        if question.key == .moves, !plan.metric.name.isEmpty, !input.hasPrefix("\""), AlignmentCheck.namesOnlyTheMetric(input) {
            var reply = answer(plan.metric.name, question: question, plan: plan)
            reply.lines.insert(OutputLine("Taking that as the metric: \(plan.metric.name).", .muted), at: 0)
            return reply
        }
        return answer(unquoted(input), question: question, plan: plan)
    }

    // MARK: - Answering

    private mutating func answer(_ input: String, question: Question, plan: Plan) -> Reply {
        var text = input
        if text.isEmpty {
            // Enter keeps what was offered: the answer `back` took away, or the current value.
            if let fallback = form.revisit ?? question.defaultAnswer { text = fallback } else if question.optional {
                form.pending = nil
                var reply = accept(Answer(key: question.key, value: nil))
                reply.lines.insert(OutputLine("Skipped.", .muted), at: 0)
                return reply
            } else {
                // Asked again, but not identically: an unchanged question after Enter looks stuck.
                return Reply(lines: [OutputLine("This one needs an answer; help shows an example.", .muted), OutputLine(question.text, .question)])
            }
        }
        switch question.kind {
        case .text:
            // An answer kept with Enter was accepted once already; only what is typed is judged.
            if !input.isEmpty, Coach.needsWords.contains(question.key), let problem = Coach.wordlessProblem(text, or: "please") {
                return Reply(lines: [OutputLine(problem, .error), OutputLine(question.text, .question)])
            }
            // A skip's reason is what lets it keep the streak: a trial's "meh" and "no reason" did.
            if !input.isEmpty, question.key == .reason, !Coach.givesAReason(text) {
                return Reply(lines: [OutputLine("'\(text)' gives no reason. In a few words: what happened, or what got in the way? It is what lets a skip keep your streak.", .error),
                                     OutputLine(question.text, .question)])
            }
        case .days:
            guard Timebox.parseDays(text) != nil else {
                let problem = Timebox.soundsLikeADeadline(text)
                    ? "'\(text)' says when, not how long. How many days of work is it? Like 1, 2 days or half a day."
                    : Timebox.misspelledUnit(text).map { "'\(text)': did you mean \($0)? Type it again." }
                    ?? "I need a number of days, like 1, 2 days, 1.5, half a day or 3 hours."
                return Reply(lines: [OutputLine(problem, .error)]
                             + commandHint(text) + [OutputLine(question.text, .question)])
            }
        case .number:
            guard Sparkline.number(in: text) != nil else {
                return Reply(lines: [OutputLine("A reading is a number, like 4 or \"4 upgrades this week\"; '\(text)' has none. Type the number, or skip.", .error)]
                             + commandHint(text) + [OutputLine(question.text, .question)])
            }
        case .choice(let options):
            let choice = Coach.choice(text, options)
            if question.key == .another, choice == nil, text.split(separator: " ").count >= 3 {
                // "Add another?" answered with the next step itself: take it as yes, and as that step.
                return answerBoth(.another, "yes", then: text, saying: "Taking that as the next milestone.")
            }
            guard let choice else {
                let listed = options.count > 2 ? options.dropLast().joined(separator: ", ") + " or " + options.last! : options.joined(separator: " or ")
                return Reply(lines: [OutputLine("Please answer \(listed).", .error)]
                             + commandHint(text) + [OutputLine(question.text, .question)])
            }
            if question.key == .skipKind, text.split(separator: " ").count >= 3 {
                // "Waiting on Dana until Monday" names the kind and says why: both answers at once.
                return answerBoth(.skipKind, choice, then: text, saying: "Taking that as \(choice), and as the reason.")
            }
            text = choice
        }
        if question.key == .save, text == "no" {
            return Reply(lines: [OutputLine("Not saved. Type back to change your last answers, or cancel to keep it as a draft (discard then throws the draft away).", .muted),
                                 OutputLine(question.text, .question)])
        }
        var findings: [Finding] = []
        // A finding already kept with a reason for this very answer stays kept: the plan's own
        // (edit offers the current value), or the answer's that `back` took away.
        let carried = text == form.revisit ? form.revisitKept ?? [] : []
        var inherited: [Kept] = []
        if let field = question.key.ruleField {
            let path = PlanFields.path(of: field, milestone: question.milestone)
            let kept = Coach.keptRuleIDs(carried, text: text, path: path, in: plan)
            findings = rules.check(field, text: text, in: plan, milestone: question.milestone).filter { !kept.contains($0.ruleID) }
            // A finding kept with a reason for the metric holds for its target too: they are one
            // number (a trial's kept "hours spent coding" was questioned again at "10 hours a week").
            if field == .target {
                let metricKept = plan.overrides.filter { $0.path == "metric.name" && $0.text == plan.metric.name }
                inherited = findings.compactMap { finding in metricKept.first { $0.ruleID == finding.ruleID }.map { Kept(ruleID: finding.ruleID, reason: $0.reason) } }
                findings.removeAll { finding in inherited.contains { $0.ruleID == finding.ruleID } }
            }
        }
        let blocking = findings.filter { $0.level > .info }
        let tips = findings.filter { $0.level == .info }.map { OutputLine("Tip: \($0.message) \($0.ask)", .muted) }
        if !blocking.isEmpty {
            // One question at a time: tips wait until the answer stands.
            form.pending = Pending(key: question.key, value: text, findings: blocking, awaitingReason: false)
            form.revisit = nil
            form.revisitKept = nil
            // The tips are named too: `keep` keeps them with the same reason, so none is kept unseen.
            let tipped = findings.filter { $0.level == .info }
            var reply = Reply(lines: findingLines(blocking, tips: tipped))
            let kept = blocking.count + tipped.count
            let all = kept == 2 ? " (one reason keeps both)" : kept > 2 ? " (one reason keeps all \(kept))" : ""
            reply.lines.append(OutputLine("Rephrase it, or type: keep <your reason>" + all, .muted))
            return reply
        }
        // A rephrasing replaces the questioned answer: said, since a trial's next line (meant as the
        // evidence) silently became the win.
        let replaced = form.pending.flatMap { $0.key == question.key && $0.value != text ? $0.value : nil }
        form.pending = nil
        var reply = accept(Answer(key: question.key, value: text, kept: carried + inherited))
        reply.lines.insert(contentsOf: tips, at: 0)
        if let replaced {
            reply.lines.insert(OutputLine("Rephrased: '\(text)' replaces '\(replaced)' (type back to change it).", .muted), at: 0)
        }
        if !inherited.isEmpty {
            reply.lines.insert(OutputLine("Kept as for the metric, with its reason: \(inherited.map { "[\($0.ruleID)]" }.joined(separator: ", ")).", .muted), at: 0)
        }
        return reply
    }

    /// A refused answer that reads like a shell command: say how to get back to the commands.
    private func commandHint(_ text: String) -> [OutputLine] {
        guard let first = text.split(separator: " ").first.map({ $0.lowercased() }), CommandInfo.names.contains(first) else { return [] }
        return [Coach.runCommandHint(first)]
    }

    private static func runCommandHint(_ command: String) -> OutputLine {
        OutputLine("You are answering a question. To run \(command), type cancel first (your draft is kept).", .muted)
    }

    /// One typed line that answers two questions: `value` for the current one, then `text` itself
    /// for the next ("Add another?" answered with the step; a skip's kind answered with its reason).
    private mutating func answerBoth(_ key: FieldKey, _ value: String, then text: String, saying note: String) -> Reply {
        _ = accept(Answer(key: key, value: value))
        var reply = receive(text)
        reply.lines.insert(OutputLine(note, .muted), at: 0)
        return reply
    }

    /// The tips (info findings) an answer draws where it was asked.
    private func tips(for value: String, asked question: Question, in plan: Plan) -> [Finding] {
        guard let field = question.key.ruleField else { return [] }
        return rules.check(field, text: value, in: plan, milestone: question.milestone).filter { $0.level == .info }
    }

    /// After `back`, `keep <reason>` means the answer offered again on the line (a trial's keep
    /// there was refused: "nothing to keep"). It is taken as Enter would take it, and what it draws
    /// is kept with the reason: a warning through the usual keep, tips on the answer itself.
    private mutating func keepOffered(_ reason: String, question: Question, plan: Plan) -> Reply? {
        // What Enter would keep: the answer `back` took away, or the current value an edit offers
        // (a trial's `keep` at an edit's timebox> was told there was nothing to keep).
        guard let offered = form.revisit ?? question.defaultAnswer, question.kind == .text || question.kind == .days,
            let field = question.key.ruleField else { return nil }
        let path = PlanFields.path(of: field, milestone: question.milestone)
        let carried = form.revisitKept ?? []
        let kept = Coach.keptRuleIDs(carried, text: offered, path: path, in: plan)
        let drawn = rules.check(field, text: offered, in: plan, milestone: question.milestone).filter { !kept.contains($0.ruleID) }
        guard !drawn.isEmpty else { return nil }
        if drawn.contains(where: { $0.level > .info }) {
            _ = answer("", question: question, plan: plan)
            guard let pending = form.pending else { return nil }
            return keep(pending, reason: reason)
        }
        let reason = reason.trimmingCharacters(in: .whitespaces)
        guard Coach.givesAReason(reason) else {
            return Reply(lines: [OutputLine("That gives no reason. Type keep and why it is right as written, or your answer.", .muted), OutputLine(question.text, .question)])
        }
        form.pending = nil
        var reply = accept(Answer(key: question.key, value: offered, kept: carried + drawn.map { Kept(ruleID: $0.ruleID, reason: reason) }))
        let which = drawn.map { "[\($0.ruleID)]" }.joined(separator: ", ")
        reply.lines.insert(OutputLine("Kept '\(offered)' as it was, with your reason, for \(which).", .muted), at: 0)
        return reply
    }

    /// `keep <reason>` typed after a tip: a tip does not stop the flow, so the answer it was about
    /// is the previous one; the reason is recorded for it. Nil when the previous answer had no
    /// tip, so an answer that starts with "keep" is taken as typed.
    private mutating func keepTips(_ reason: String, question: Question) -> Reply? {
        let reason = reason.trimmingCharacters(in: .whitespaces)
        guard let (value, tipped) = lastAnswerTips(), !reason.isEmpty else { return nil }
        form.answers[form.answers.count - 1].kept = tipped.map { Kept(ruleID: $0.ruleID, reason: reason) }
        let which = tipped.map { "[\($0.ruleID)]" }.joined(separator: ", ")
        return Reply(lines: [OutputLine("Kept '\(value)' as it was, with your reason, for \(which).", .muted), OutputLine(question.text, .question)])
    }

    /// `keep <reason>` at save> keeps every finding listed open above it with the reason (a trial
    /// was told "there is nothing to keep" right under four of them). `back` takes it back.
    private mutating func keepOpenFindings(_ reason: String, question: Question, plan: Plan) -> Reply {
        let open = openFindings(in: plan)
        guard !open.isEmpty else {
            return Reply(lines: [OutputLine("There is nothing to keep: no finding is open. Type yes to save.", .muted), OutputLine(question.text, .question)])
        }
        guard Coach.givesAReason(reason) else {
            return Reply(lines: [OutputLine("That gives no reason. Why keep them? On the same line: keep <your reason>.", .muted), OutputLine(question.text, .question)])
        }
        let reason = reason.trimmingCharacters(in: .whitespaces)
        form.answers.append(Answer(key: .save, value: nil, kept: open.map { Kept(ruleID: $0.ruleID, reason: reason, path: $0.path, text: $0.text) }))
        let which = open.map { "[\($0.ruleID)]" }.joined(separator: ", ")
        return Reply(lines: [OutputLine("Kept with your reason: \(which). Type yes to save.", .muted), OutputLine(question.text, .question)])
    }

    /// The findings save> lists as open: the plan's own and the tips left on its answers, less
    /// those kept with a reason.
    private func openFindings(in plan: Plan) -> [Finding] {
        (rules.checkPlanRules(plan) + rules.check(plan: plan).filter { $0.level == .info && $0.field != .plan })
            .filter { finding in !plan.overrides.contains { $0.ruleID == finding.ruleID && $0.path == finding.path } }
    }

    /// The previous answer and the tips it drew where it was asked, when it drew any and none is
    /// kept yet.
    private func lastAnswerTips() -> (value: String, tips: [Finding])? {
        guard let last = form.answers.last, let value = last.value, last.kept.isEmpty else { return nil }
        var before = form
        before.answers.removeLast()
        guard case .ask(let asked, let plan) = Scripts.next(before) else { return nil }
        let tipped = tips(for: value, asked: asked, in: plan)
        return tipped.isEmpty ? nil : (value, tipped)
    }

    /// Words that give no reason: the story showed "Kept … though the coach questioned it: because".
    static let emptyReasons: Set<String> = ["because", "cause", "cos", "bc", "since", "as", "ok", "okay", "yes", "y", "fine",
                                            "just", "idk", "dunno", "whatever", "reasons", "no reason", "just because",
                                            "meh", "none", "nothing", "n/a", "na", "no", "nope", "nah", "stuff", "things", "no comment"]

    /// The findings an answer already has kept: the ones `back` carried, and the plan's own for
    /// the same text at the same place (edit offers the current value).
    private static func keptRuleIDs(_ carried: [Kept], text: String, path: String, in plan: Plan) -> Set<String> {
        Set(carried.map(\.ruleID) + plan.overrides.filter { $0.path == path && $0.text == text }.map(\.ruleID))
    }

    /// Whether a keep's reason says anything: not empty, not "because" or "ok".
    public static func givesAReason(_ reason: String) -> Bool {
        let said = reason.lowercased().trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
        return !emptyReasons.contains(said) && said.contains(where: \.isLetter)
    }

    private mutating func keep(_ pending: Pending, reason: String) -> Reply {
        guard Coach.givesAReason(reason) else {
            form.pending?.awaitingReason = true
            return Reply(lines: [OutputLine("That gives no reason. Why keep it? A few words; they are saved with the plan (story --full tells them).", .question)])
        }
        // The reason covers the answer as it stands, so the tips it drew are kept with it too.
        let tipped = current.map { tips(for: pending.value, asked: $0.question, in: $0.plan) } ?? []
        form.pending = nil
        let kept = (pending.findings + tipped).map { Kept(ruleID: $0.ruleID, reason: reason) }
        var reply = accept(Answer(key: pending.key, value: pending.value, kept: kept))
        let which = kept.map { "[\($0.ruleID)]" }.joined(separator: ", ")
        reply.lines.insert(OutputLine("Kept '\(pending.value)' with your reason, for \(which).", .muted), at: 0)
        return reply
    }

    private mutating func takeReason(_ input: String, pending: Pending, question: Question, plan: Plan) -> Reply {
        // "keep because it is the real meeting" typed at reason> is the reason as keep takes it on
        // one line: without its "keep" (it was saved as "keep because …").
        let input = input.lowercased() == "keep" ? "" : input.lowercased().hasPrefix("keep ") ? String(input.dropFirst(5)).trimmingCharacters(in: .whitespaces) : input
        if Coach.isQuestionBack(input) {
            return Reply(lines: [OutputLine("A reason says why the answer is right as written, like: the client's brief uses these words. Type back to rephrase the answer instead.", .muted),
                                 OutputLine("Why keep it? One line; it is saved with the plan.", .question)])
        }
        switch input.lowercased() {
        case "": return Reply(lines: [OutputLine("Why keep it? One line; it is saved with the plan.", .question)])
        case "back", "cancel":
            form.pending?.awaitingReason = false
            return Reply(lines: [OutputLine("Not kept. Rephrase it, or type: keep <your reason>", .muted)])
        default: return keep(pending, reason: input)
        }
    }

    private mutating func accept(_ answer: Answer) -> Reply {
        form.answers.append(answer)
        form.revisit = nil
        form.revisitKept = nil
        let replaced = form.takenBack?.popLast()
        // Another step in place of the one taken back: the answers after it were the old step's, so
        // they are asked afresh (a trial's "certificate of completion" was offered, Enter to keep,
        // for "apply to 3 junior jobs").
        if let replaced, replaced.key == .milestone, let old = replaced.value, let new = answer.value,
           Words.nameAnotherThing(old, new) {
            form.takenBack = nil
        }
        switch Scripts.next(form) {
        case .complete(let result):
            form.takenBack = nil
            return Reply(lines: [], outcome: .finished(result))
        case .ask(let question, let plan):
            var lines = ask(question, plan: plan)
            // Forward again after `back`: the answer given here before is offered, as long as the
            // flow asks what it asked then.
            guard let earlier = form.takenBack?.last, earlier.key == question.key else {
                form.takenBack = nil
                return Reply(lines: lines)
            }
            form.revisit = earlier.value
            form.revisitKept = earlier.kept.isEmpty ? nil : earlier.kept
            lines.append(OutputLine(earlier.value.map { "You answered: \($0) before. Enter keeps it; typing replaces it." }
                ?? "You skipped it before. Type an answer, or Enter to skip again.", .muted))
            return Reply(lines: lines)
        }
    }

    private mutating func back() -> Reply {
        let offered = (form.revisit, form.revisitKept)
        form.pending = nil
        form.revisit = nil
        form.revisitKept = nil
        guard let last = form.answers.popLast() else {
            // At the first question, the answer it offered stays offered (a trial's `back` there
            // left the line empty).
            (form.revisit, form.revisitKept) = offered
            return Reply(lines: [OutputLine("This is the first question; type cancel to leave.", .muted)] + (current.map { [OutputLine($0.question.text, .question)] } ?? []))
        }
        form.revisit = last.value
        form.revisitKept = last.kept.isEmpty ? nil : last.kept
        form.takenBack = (form.takenBack ?? []) + [last]
        guard let (question, plan) = current else { return Reply(lines: []) }
        var lines = ask(question, plan: plan)
        if let value = last.value {
            // "You answered: is it live?." read as a typo: an answer's own full stop ends it.
            let stop = value.last.map { ".!?".contains($0) } == true ? "" : "."
            lines.append(OutputLine("You answered: \(value)\(stop) Enter keeps it; typing replaces it; back goes further.", .muted))
        } else {
            lines.append(OutputLine("You skipped it. Type an answer, Enter to skip again, or back to go further.", .muted))
        }
        return Reply(lines: lines)
    }

    /// Text to put on the line for editing: the answer revisited after `back`, or the current value
    /// while editing. Not the answer a finding questioned: the line must start empty so `keep`
    /// can be typed (Up recalls the answer for rephrasing).
    var revisitedAnswer: String? {
        guard let (question, _) = current else { return nil }
        if form.pending != nil { return nil }
        if let revisit = form.revisit { return revisit }
        guard [.editPlan, .editMilestone].contains(form.kind) else { return nil }
        return question.defaultAnswer.flatMap { $0.isEmpty ? nil : $0 }
    }

    private func ask(_ question: Question, plan: Plan) -> [OutputLine] {
        var lines: [OutputLine] = []
        if question.key == .save {
            lines += PlanRenderer.summary(plan, timeboxesAsSaid: Scripts.timeboxesAsSaid(form))
            let open = openFindings(in: plan)
            if !open.isEmpty {
                lines.append(OutputLine("Open findings:", .plain))
                lines += open.map { OutputLine("  - \(FieldLabel.label($0.path)): \($0.message) \($0.ask) [\($0.ruleID)]", .finding) }
            }
            if !plan.overrides.isEmpty {
                lines.append(OutputLine("Kept with a reason:", .plain))
                lines += plan.overrides.map { OutputLine("  - \(FieldLabel.label($0.path)): \"\($0.text)\" — \($0.reason) [\($0.ruleID)]", .muted) }
            }
        }
        if question.key == .decision, form.kind == .unstick, let index = question.milestone, plan.milestones.indices.contains(index) {
            // What the rules say about a candidate is what the decision is about.
            let candidate = plan.milestones[index]
            lines.append(OutputLine("Step \(index + 1): \(candidate.title) (\(candidate.timeboxLabel), \(candidate.owner))"))
            let findings = rules.check(.milestone, text: candidate.title, in: plan, milestone: index)
                + rules.check(.timebox, text: Timebox.format(candidate.timeboxDays), in: plan, milestone: index)
            // A tip reads as one, as it does while answering (a trial took "!" for a blocking warning).
            lines += findings.map { finding in
                finding.level == .info ? OutputLine("Tip: \(finding.message) [\(finding.ruleID)]", .muted) : OutputLine("! \(finding.message) [\(finding.ruleID)]", .finding)
            }
        }
        lines.append(OutputLine(question.text, .question))
        if form.kind == .unstick, [.progress, .blocker].contains(question.key), let said = question.defaultAnswer, !said.isEmpty {
            // unstick asks again what may have changed; a trial's retyping replaced a sharper answer.
            lines.append(OutputLine("You said before: \(said). Enter keeps it; typing replaces it.", .muted))
        }
        return lines
    }

    private func help(_ question: Question) -> [OutputLine] {
        let example = current.flatMap { ExampleWorld.of($0.plan)?.examples[question.key] } ?? (question.good, question.weak)
        var lines = [
            OutputLine(question.purpose),
            OutputLine("  Good: \(example.good)"),
            OutputLine("  Weak: \(example.weak)"),
        ]
        var words = ["back", "cancel", "quit"]
        if question.optional { words.insert("skip", at: 1) }
        if form.pending != nil { words.insert("keep <reason>", at: 0) }
        lines.append(OutputLine("You can also type: " + words.joined(separator: ", ") + ".", .muted))
        lines.append(OutputLine(question.text, .question))
        return lines
    }

    /// Every finding on the answer, one line each, then one question: the most specific one's.
    /// A `require` rule ("hard to check") is the catch-all, so a named problem goes first.
    private func findingLines(_ findings: [Finding], tips: [Finding] = []) -> [OutputLine] {
        let ordered = findings.enumerated().sorted { a, b in
            let aGeneral = rules.rule(withID: a.element.ruleID)?.kind == .require
            let bGeneral = rules.rule(withID: b.element.ruleID)?.kind == .require
            return aGeneral == bGeneral ? a.offset < b.offset : !aGeneral
        }.map(\.element)
        guard let first = ordered.first else { return [] }
        return ordered.map { OutputLine("! \($0.message) [\($0.ruleID)]", .finding) }
            + tips.map { OutputLine("Tip: \($0.message) [\($0.ruleID)]", .muted) }
            + [OutputLine("  \(first.ask)", .question)]
    }

    /// An answer in double quotes is taken as typed, so a control word can be an answer.
    private func unquoted(_ input: String) -> String {
        if input.count >= 2, input.hasPrefix("\""), input.hasSuffix("\"") { return String(input.dropFirst().dropLast()) }
        return input
    }

    /// Questions whose answer must say something: a stray key ("x", "y") would become the plan.
    static let needsWords: Set<FieldKey> = [.goal, .outcome, .metric, .progress, .blocker, .milestone, .criterion, .artifact, .moves, .next, .reason]

    /// A stray key or two ("x", "ok", "-"), not something to build a plan on.
    static func isTooShort(_ text: String) -> Bool {
        text.count(where: \.isLetter) < 3 && !text.contains(where: \.isNumber)
    }

    /// Why an answer that must say something says nothing: a stray key, or a bare "yes"/"nope"
    /// typed where a step or a reason was asked (a newcomer answering the question before; "yes"
    /// was saved as a milestone). `alternative` ends the message: "please", or "or skip".
    static func wordlessProblem(_ text: String, or alternative: String) -> String? {
        if isTooShort(text) { return "'\(text)' is too short to build on. A few words, \(alternative)." }
        let lowered = text.lowercased().trimmingCharacters(in: .whitespaces.union(.punctuationCharacters))
        if ["yes", "no"].contains(synonyms[lowered]?.first ?? lowered) {
            return "'\(text)' answers a yes-or-no question; this one needs a few words, \(alternative)."
        }
        return nil
    }

    /// "I don't know" in its usual forms: an optional question takes it as skip, a required one
    /// explains itself rather than saving a non-answer as the plan's outcome or metric.
    static func isNonAnswer(_ input: String) -> Bool {
        let text = input.lowercased().replacingOccurrences(of: "’", with: "'")
            .trimmingCharacters(in: CharacterSet.punctuationCharacters.union(.whitespaces).subtracting(CharacterSet(charactersIn: "?")))
        return nonAnswers.contains(text)
    }

    /// A question back at the coach ("what do you mean?", "like what?", "what should I do?"): a
    /// trial saved each as the plan's why, metric and first step. A question that could be the
    /// answer itself ("How do we get 10 paying customers?") is not one: it must ask about the
    /// question (meaning, an example, what to do) or be a question word or three ("which one?").
    static func isQuestionBack(_ input: String) -> Bool {
        guard !input.hasPrefix("\"") else { return false }
        let text = input.lowercased().replacingOccurrences(of: "’", with: "'").trimmingCharacters(in: .whitespaces)
        let whole = words(of: text).joined(separator: " ")
        if questionsBack.contains(whole) { return true }
        // Without a question mark: a short line that starts the way only a question back does
        // ("what should i put here" became a milestone, "whats the difference" was told new or stalled).
        if whole.split(separator: " ").count <= 8, unpunctuatedQuestionStarts.contains(where: { whole == $0 || whole.hasPrefix($0 + " ") }) {
            return true
        }
        // Each sentence that ends in "?" is read on its own: "What does "merged or live" mean? I am
        // not a programmer." and "72% on one section only. Should I enter that?" were saved as answers.
        return questionSentences(text).contains { sentence in
            let words = words(of: sentence)
            let phrase = words.joined(separator: " ")
            guard (1...16).contains(words.count) else { return false }
            if words.count <= 3, let first = words.first, questionWords.contains(String(first)) { return true }
            // "What do the + and ~ and the little bar mean?": asking what something means.
            if words.first == "what", ["mean", "means", "meant"].contains(words.last ?? "") { return true }
            // Asking what the question means is a question back however long it runs ("what do you
            // mean by artifact for a phone call??" was saved as the artifact); other cues within 8 words.
            let cues = words.count <= 8 ? questionBackCues : strongQuestionBackCues
            return cues.contains { " \(phrase) ".contains(" \($0) ") }
        }
    }

    private static func words(of text: String) -> [Substring] {
        text.split(whereSeparator: { !$0.isLetter && $0 != "'" })
    }

    /// The sentences of `text` that end in a question mark, each without the sentences before it.
    private static func questionSentences(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            current.append(character)
            let endsAWord = index + 1 == characters.count || characters[index + 1].isWhitespace
            if character == "?" {
                if !current.trimmingBlanks.allSatisfy({ $0 == "?" }) { sentences.append(current) }
                current = ""
            } else if ".!".contains(character), endsAWord {
                // A point inside a word ("1.1", "e.g") ends no sentence.
                current = ""
            }
        }
        return sentences
    }

    /// The questions whose answer is never a bare number.
    static let numberOnlyIsASlip: Set<FieldKey> = [.goal, .outcome, .metric, .milestone, .criterion, .artifact, .owner, .moves]

    static func isNumberOnly(_ input: String) -> Bool {
        let text = input.trimmingCharacters(in: .whitespaces)
        return !text.isEmpty && text.allSatisfy { $0.isNumber || ".,".contains($0) }
    }

    /// Said before the help a question back gets, in a plan's flow and in the review.
    static let questionBackNote = OutputLine("That reads like a question back, so here is what this one asks for (to answer with it, put it in double quotes).", .muted)
    static let questionBackNoteAtAChoice = OutputLine("That reads like a question back, so here is what this one asks for.", .muted)

    private static let questionWords: Set<String> = ["what", "what's", "whats", "how", "why", "which", "who", "huh", "eh", "sorry", "pardon", "meaning", "like", "example"]

    private static let unpunctuatedQuestionStarts = [
        "what should i put", "what do i put", "what do i write", "what should i write", "what goes here", "what do you want",
        "whats the difference", "what's the difference", "what is the difference", "why is that", "why is this", "why not",
        "whats a", "what's a", "what is a", "whats an", "what's an", "what is an",
    ]

    private static let questionsBack: Set<String> = [
        "what do you mean", "what does that mean", "like what", "such as", "for example", "for instance", "example", "examples",
        "an example", "give me an example", "give an example", "e g", "eg", "what should i do", "what should i say", "what should i write",
        "what should i put", "i don't understand", "i dont understand", "don't understand", "dont understand", "what", "huh", "meaning",
        "explain", "please explain", "can you explain", "what is that", "what's that", "how so", "what now",
        // "why" after a finding became the rephrased step.
        "why", "how", "why so",
    ]

    /// Asking what the question is for counts however long the sentence: "why do you need to know
    /// why it matters?" was saved as the plan's why.
    private static let strongQuestionBackCues = ["you mean", "that mean", "this mean", "it mean", "meant", "understand", "explain", "how do i answer",
                                                 "why do you need", "why do you want", "why do you ask", "why does it matter", "why does that matter"]

    private static let questionBackCues = [
        "you mean", "that mean", "this mean", "it mean", "example", "examples", "like what", "such as", "what should", "what do i",
        "what can i", "what would", "should i", "how do i answer", "what is a", "what's a", "what is an", "what's an", "what does", "what counts",
        "understand", "explain", "meant", "which one", "what kind",
        // Asking the coach for leave ("cant i just do 1.1?"): a trial's became a milestone.
        "can i", "cant i", "can't i", "could i", "do i have to", "do i need", "is it ok", "is that ok", "why do i", "why should i",
        // Asking about the push-back itself ("why is that bad?" after a warning was saved as the rephrasing).
        "why is that", "why is this", "why is it", "is that bad", "is that wrong", "what's wrong", "whats wrong", "what is wrong",
        "the difference", "whats a", "whats an",
    ]

    private static let nonAnswers: Set<String> = [
        "idk", "i dont know", "i don't know", "dont know", "don't know", "do not know", "i do not know", "no idea",
        "not sure", "im not sure", "i'm not sure", "unsure", "dunno", "no clue", "not a clue", "??", "???",
        "pass", "tbd", "to be decided", "not yet", "later", "no idea yet", "not sure yet", "idk yet", "hmm",
    ]

    /// Reads a choice the way people answer: the option, a prefix of it (`st`), a synonym (`yep`),
    /// or a sentence that starts with one or names exactly one (`yes please`, `it's been stuck
    /// since June`). Nil when it names none, or more than one.
    /// Words a reason starts with, for telling a misplaced `keep <reason>` from an answer.
    static let reasonWords: Set<String> = ["because", "since", "as", "it's", "its", "it", "cause", "cos", "bc", "—", "-", "i", "we", "this", "that"]

    static func choice(_ text: String, _ options: [String]) -> String? {
        let lowered = text.lowercased().trimmingCharacters(in: .whitespaces.union(.punctuationCharacters))
        guard !lowered.isEmpty else { return nil }
        /// The option a word names here: itself, or one its synonyms can mean on this question.
        func meaning(_ word: String) -> String? {
            if options.contains(word) { return word }
            return synonyms[word]?.first { options.contains($0) }
        }
        if let whole = meaning(lowered) ?? phraseMeaning(lowered, options) { return whole }
        let prefixed = options.filter { $0.hasPrefix(lowered) }
        if prefixed.count == 1 { return prefixed[0] }
        let words = lowered.split(whereSeparator: { !$0.isLetter && $0 != "'" }).map(String.init)
        if let first = words.first, let option = meaning(first) { return option }
        let named = Set(words.compactMap(meaning))
        if named.count == 1 { return named.first }
        // A typo of one option ("yse", "blokced"), when it is a single word and close to only one.
        // Not a word people answer other questions with: "yes" is two letters from "new".
        guard words.count == 1, (3...20).contains(lowered.count), synonyms[lowered] == nil, !["yes", "no"].contains(lowered) else { return nil }
        let close = options.filter { abs($0.count - lowered.count) <= 2 && Suggestion.distance(lowered, $0) <= 2 }
        return close.count == 1 ? close.first : nil
    }

    /// Several words that together name an option ("no longer needed", "waiting for").
    private static func phraseMeaning(_ text: String, _ options: [String]) -> String? {
        let found = Set(phrases.filter { text.contains($0.key) }.map(\.value).filter(options.contains))
        return found.count == 1 ? found.first : nil
    }

    private static let phrases: [String: String] = [
        "no longer": "dropped", "not needed": "dropped", "don't need": "dropped", "dont need": "dropped",
        "waiting for": "blocked", "waiting on": "blocked", "depends on": "blocked", "on hold": "blocked",
        "too big": "rescoped", "smaller": "rescoped", "instead": "rescoped", "split": "rescoped",
        "waste of time": "dropped", "not worth": "dropped", "rather not": "dropped",
        "one more": "yes", "another one": "yes", "that's it": "no", "that's all": "no", "thats it": "no",
    ]

    /// Words people answer a choice with, and the options each can mean: "stuck" is a stalled
    /// project at the stage question and a blocked step when setting one aside.
    private static let synonyms: [String: [String]] = [
        "y": ["yes"], "yeah": ["yes"], "yep": ["yes"], "yup": ["yes"], "sure": ["yes"], "ok": ["yes"], "okay": ["yes"],
        "please": ["yes"], "yea": ["yes"], "ya": ["yes"], "absolutely": ["yes"], "definitely": ["yes"],
        "n": ["no"], "nope": ["no"], "nah": ["no"], "not": ["no"], "done": ["no"], "enough": ["no"],
        "stuck": ["stalled", "blocked"], "stall": ["stalled"], "paused": ["stalled", "blocked"], "abandoned": ["stalled", "dropped"],
        "dormant": ["stalled"], "blocked": ["stalled"], "halted": ["stalled"], "frozen": ["stalled"], "stopped": ["stalled"],
        "old": ["stalled"], "fresh": ["new"], "starting": ["new"], "brand": ["new"],
        "waiting": ["blocked"], "wait": ["blocked"], "hold": ["blocked"], "depends": ["blocked"], "until": ["blocked"],
        "broken": ["blocked"], "broke": ["blocked"], "sick": ["blocked"], "ill": ["blocked"],
        "rescope": ["rescoped"], "smaller": ["rescoped"], "split": ["rescoped"], "shrink": ["rescoped"], "changed": ["rescoped"],
        "drop": ["dropped"], "cancelled": ["dropped"], "irrelevant": ["dropped"], "unnecessary": ["dropped"],
        "obsolete": ["dropped"], "pointless": ["dropped"], "later": ["leave"],
    ]
}
