import Foundation
import MomentumCore
import MomentumStore

/// The interactive session: reads a command or an answer, runs it against the coach and the store,
/// and returns the lines to show. It never touches the terminal, so the executable, the tests and
/// `replay` drive the very same object.
public final class Shell {
    public let store: any PlanStore
    /// Loaded the first time something checks: listing, showing progress and logging wins use none.
    public private(set) lazy var rules: LoadedRules = ruleLayers.load()
    let ruleLayers: RuleLoader.Prepared
    let environment: ShellEnvironment
    var coach: Coach?
    /// A review in progress (its own small conversation), and its draft: the lines typed so far.
    var review: ReviewConversation?
    var reviewDraft = Form.review(startedAt: Date(timeIntervalSince1970: 0))
    /// The plan an `undo` just warned it would remove: `undo` typed right after removes it.
    var planRemovalOffered: Int64?
    /// Whether `discard` just asked before dropping a draft with answers: `discard` or `yes` next drops it.
    var draftDiscardOffered = false
    public private(set) var sessionID: Int64?
    public private(set) var finished = false

    public init(store: any PlanStore, rules: LoadedRules, environment: ShellEnvironment) {
        self.store = store
        ruleLayers = RuleLoader.Prepared(userFiles: Array(rules.files.dropFirst(rules.includesDefaults ? RuleLoader.defaultFiles.count : 0)),
                                         userPhrasings: [], userPhrasingFiles: [], phrasingDiagnostics: rules.phrasingDiagnostics,
                                         problems: rules.problems, includesDefaults: rules.includesDefaults)
        self.environment = environment
        self.rules = rules
    }

    public init(store: any PlanStore, ruleLayers: RuleLoader.Prepared, environment: ShellEnvironment) {
        self.store = store
        self.ruleLayers = ruleLayers
        self.environment = environment
    }

    public struct Reply {
        public var lines: [OutputLine]
        public var quit: Bool
        /// A file the command was given cannot be used (missing, unreadable, not what it should
        /// be): a one-shot command exits 2, as README promises, not 1.
        public var unusableInput = false
        public init(_ lines: [OutputLine], quit: Bool = false) {
            self.lines = lines
            self.quit = quit
        }
    }

    /// A file given to a command that cannot be read as what the command needs: each problem a line.
    struct UnusableInput: Error {
        var lines: [String]
        init(message: String) { lines = [message] }
        init(lines: [String]) { self.lines = lines }
    }

    public static let version = "0.1.0"

    var now: Date { environment.now() }
    var calendar: Calendar { environment.calendar }

    // MARK: Session

    /// Stores up to this many plans are copied into a session's record, so its transcript can be
    /// replayed from the same state; a larger copy would slow every session.
    public static let snapshotLimit = 100
    /// The help list's usage column: wider usages put their summary on the next line.
    static let helpUsageColumn = 48

    /// Whether the session's starting plans are still to be copied into its record.
    private var snapshotPending = false

    /// Recording was asked for and no line has been typed yet: when the session started, and the
    /// lines shown so far.
    private var pendingSession: (startedAt: Date, lines: [Store.SessionLine])?

    /// Records the session in the store from the first typed line on. Nothing is written before it,
    /// so the prompt never waits for the store and a session in which nothing was typed leaves no
    /// record. The first line also forgets sessions beyond `sessions-kept`, and the first command
    /// copies the starting plans.
    public func startRecording() {
        pendingSession = (now, [])
    }

    private func beginRecording() {
        guard let pending = pendingSession else { return }
        pendingSession = nil
        guard let count = try? store.planCount(),
            let id = try? store.startSession(at: pending.startedAt, timeZone: environment.timeZone.identifier,
                                             rules: ruleLayers.sourceDescription, storePlans: count)
        else { return }
        sessionID = id
        snapshotPending = true
        try? store.pruneSessions(keeping: value(of: Shell.sessionsKept))
        record(pending.lines)
    }

    private func recordSnapshot(before line: String) {
        guard snapshotPending, let sessionID, !Shell.quitWords.contains(line.trimmingCharacters(in: .whitespaces).lowercased()) else { return }
        snapshotPending = false
        guard let count = try? store.planCount(), count > 0, count <= Shell.snapshotLimit, let plans = try? store.allPlans() else { return }
        try? store.recordSnapshot(String(decoding: PlanJSON.encode(plans, asArray: true), as: UTF8.self), storePlans: count, session: sessionID)
    }

    static let quitWords: Set = ["quit", "exit", "q"]

    /// The greeting, and a word about an unfinished draft.
    public func start() -> [OutputLine] {
        var lines = [OutputLine("Momentum \(Shell.version). Type new to plan a goal, help for commands.", .muted)]
        let problems = ruleLayers.userProblemCount
        if problems > 0 {
            lines.append(OutputLine("\(Plural.count(problems, "problem")) in your rule files; the rest loaded. Type rules lint to see them.", .error))
        }
        if let draft = try? store.draft() {
            // Recorded first, so the session's transcript can replay from the same draft.
            if let json = try? JSONEncoder().encode(draft) {
                record([Store.SessionLine(kind: .draft, prompt: nil, text: String(decoding: json, as: UTF8.self))])
            }
            if let dropped = try? dropIfOrphaned(draft) {
                lines.append(dropped)
            } else {
                // Drafts come one at a time (each shell holds one); the others are not forgotten.
                let others = max(0, ((try? store.draftCount()) ?? 1) - 1)
                let after = others == 0 ? "" : " (\(others) more draft\(others == 1 ? "" : "s") after it: finish or discard this one to reach \(others == 1 ? "it" : "them"))"
                lines.append(OutputLine("You have an unfinished \(describe(draft)). Type resume to continue it\(after).", .muted))
            }
        }
        record(lines.map { Store.SessionLine(kind: .output, prompt: nil, text: $0.text) })
        return lines
    }

    public var prompt: Prompt {
        if let review { return review.prompt }
        if let coach { return coach.prompt }
        return Prompt(name: "momentum", completions: CommandInfo.names, takesCommands: true)
    }

    static let draftKept = "Your draft is kept; type resume next time to continue."

    /// One typed line.
    public func handle(_ line: String) -> Reply {
        let prompt = self.prompt
        let typedAt = now
        beginRecording()
        if let control = ControlCharacters.first(in: line) {
            // Never saved or recorded as typed: the store would cut the text at a NUL.
            let reply = Reply([OutputLine("That line has \(control.described); nothing was taken from it. Type it again without it.", .error)])
            record([Store.SessionLine(kind: .input, prompt: prompt.name, text: line.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : String($0) }.joined(), at: typedAt)]
                   + reply.lines.map { Store.SessionLine(kind: .output, prompt: nil, text: $0.text) })
            return reply
        }
        recordSnapshot(before: line)
        let reply = dispatch(line)
        record([Store.SessionLine(kind: .input, prompt: prompt.name, text: line, at: typedAt)]
               + reply.lines.map { Store.SessionLine(kind: .output, prompt: nil, text: $0.text) })
        if reply.quit { finished = true }
        return reply
    }

    /// Ctrl-D: leave. A flow in progress stays as the draft.
    public func endOfInput() -> [OutputLine] {
        let prompt = self.prompt
        var lines: [OutputLine] = []
        if coach != nil || review != nil {
            lines.append(OutputLine(Shell.draftKept, .muted))
        }
        lines.append(OutputLine("Bye.", .muted))
        record([Store.SessionLine(kind: .input, prompt: prompt.name, text: Transcript.endOfInput, at: now)]
               + lines.map { Store.SessionLine(kind: .output, prompt: nil, text: $0.text) })
        finished = true
        coach = nil
        review = nil
        return lines
    }

    private func record(_ lines: [Store.SessionLine]) {
        if pendingSession != nil {
            pendingSession?.lines += lines
            return
        }
        guard let sessionID else { return }
        try? store.record(lines, session: sessionID)
    }

    private func dispatch(_ line: String) -> Reply {
        // Leaving from inside a flow is what people try first; the draft is already saved.
        if coach != nil || review != nil, ["quit", "exit"].contains(line.trimmingCharacters(in: .whitespaces).lowercased()) {
            let kept = Shell.draftKept + " "
            coach = nil
            review = nil
            return Reply([OutputLine(kept + "Bye.", .muted)], quit: true)
        }
        if review != nil { return continueReview(line) }
        if coach != nil { return continueFlow(line) }
        let words = CommandWords.split(line)
        let removalOffered = planRemovalOffered
        let discardOffered = draftDiscardOffered
        planRemovalOffered = nil
        draftDiscardOffered = false
        guard let command = words.first?.lowercased() else { return Reply([]) }
        let arguments = Array(words.dropFirst())
        if let info = CommandInfo.named(Shell.aliases[command] ?? command) {
            if let error = info.unknownOption(in: arguments) { return Reply([OutputLine(error, .error)]) }
            // "Undo the last price change on the site" typed at the prompt ran undo: a command
            // without arguments refuses words after it, as on the command line.
            let extra = info.arguments == nil ? info.positionalWords(arguments) : []
            if let first = extra.first {
                let hint = extra.count > 1 ? "To plan it as a goal, type: new \(line.trimmingCharacters(in: .whitespaces))" : "Type \(command) alone, or help \(info.name)."
                return Reply([OutputLine("\(command) takes no arguments ('\(first)'), so nothing was run. \(hint)", .error)])
            }
        }
        do {
            if command == "undo" || Shell.aliases[command] == "undo" { return try undo(arguments, removalOffered: removalOffered) }
            // A trial answered the question "undoing it removes the plan…" with yes, and got "Unknown command".
            if let removalOffered, ["yes", "y"].contains(command), arguments.isEmpty {
                return try undo(["--yes"], removalOffered: removalOffered)
            }
            if discardOffered, ["yes", "y"].contains(command), arguments.isEmpty { return try discard(["--yes"], offered: true) }
            if command == "discard" { return try discard(arguments, offered: discardOffered) }
            return try run(command, arguments) ?? unknownCommand(words)
        } catch let error as StoreError {
            return Reply([OutputLine("Error: \(error)", .error)])
        } catch let error as UsageError {
            return Reply([OutputLine(error.message, .error)])
        } catch let error as UnusableInput {
            var reply = Reply(error.lines.map { OutputLine($0, .error) })
            reply.unusableInput = true
            return reply
        } catch let error as FileAccessError {
            var reply = Reply([OutputLine("Error: \(error)", .error)])
            reply.unusableInput = true
            return reply
        } catch {
            return Reply([OutputLine("Error: \(error)", .error)])
        }
    }

    /// Drops the draft. Nothing brings a dropped draft back, so one holding more than its first
    /// answer is named first (a trial lost a half-typed plan to one word): `discard` again, `yes`,
    /// or `discard --yes` drops it.
    private func discard(_ arguments: [String], offered: Bool) throws -> Reply {
        guard let draft = try store.draft() else { return Reply([OutputLine("There is no draft to discard.", .muted)]) }
        // Skipped questions ("skip", "idk") are no answers typed (a trial was told of 5 with two such).
        let answered = draft.answers.count { $0.value != nil }
        if answered > 1, !offered, !arguments.contains("--yes") {
            draftDiscardOffered = true
            let typed = Plural.count(answered, "answer")
            return Reply([OutputLine("The unfinished \(describe(draft)) holds \(typed) you typed, and a dropped draft cannot be brought back. Type discard again (or yes) to drop it; anything else keeps it.", .finding)])
        }
        try store.clearDraft()
        // A trial typed undo next, hoping for the draft back, and undid a saved step instead.
        return Reply([OutputLine("Dropped the unfinished \(describe(draft)). (undo does not bring a draft back: it reverts saved changes.)", .muted)])
    }

    /// Reverts the last change. When that change made a plan, undoing it removes the plan and
    /// everything logged on it since, so it asks first: `undo` again (or `undo --yes`) removes it.
    private func undo(_ arguments: [String], removalOffered: Int64?) throws -> Reply {
        guard let next = try store.nextUndo() else { return Reply([OutputLine("Nothing to undo.", .muted)]) }
        if next.removesPlan, !arguments.contains("--yes"), removalOffered != next.planID, let plan = try store.plan(next.planID) {
            planRemovalOffered = next.planID
            let logged = [Plural.count(plan.milestones.count, "milestone"), Plural.count(plan.wins.count, "win")].joined(separator: " and ")
            return Reply([OutputLine("The last change made plan \(next.planID) \"\(plan.goal)\": undoing it removes the plan with its \(logged). Type undo --yes to remove it; anything else keeps it.", .finding)])
        }
        guard let what = try store.undo() else { return Reply([OutputLine("Nothing to undo.", .muted)]) }
        return Reply([OutputLine("Undid: \(what).", .success)] + [try store.draft().flatMap(dropIfOrphaned)].compactMap { $0 })
    }

    /// Other names a command answers to.
    static let aliases = ["ls": "plans", "list": "plans", "?": "help", "h": "help", "exit": "quit", "q": "quit"]

    struct UsageError: Error {
        var message: String
    }

    /// The reply to a command, or nil when `command` is none.
    private func run(_ command: String, _ arguments: [String]) throws -> Reply? {
        switch command {
        // `new -- -5 kg by summer`: the usual end of options, before a goal that starts with a dash.
        case "new": return try startNew(goal: (arguments.first == "--" ? Array(arguments.dropFirst()) : arguments).joined(separator: " "))
        case "resume": return try resume()
        case "plans": return try listPlans(arguments)
        case "show": return try show(arguments)
        case "edit": return try edit(arguments)
        case "add": return try add(arguments)
        case "done": return try done(arguments)
        case "skip": return try skip(arguments)
        case "reopen": return try reopen(arguments)
        case "drop": return try drop(arguments)
        case "archive": return try archive(arguments)
        case "export": return try export(arguments)
        case "import": return try importPlans(arguments)
        case "check": return try check(arguments)
        case "rules": return rulesCommand(arguments)
        case "wins": return try wins(arguments)
        case "streak": return try streak()
        case "set": return try set(arguments)
        case "review": return try startReview()
        case "reviews": return try reviews(json: wantsJSON(arguments))
        case "unstick": return try unstick(arguments)
        case "story": return try story(arguments)
        case "sessions": return try sessions(json: wantsJSON(arguments))
        case "transcript": return try transcript(arguments)
        case "doctor": return doctor()
        case "backup": return try backup(arguments)
        case "help", "?", "h": return Reply(help(arguments.first))
        case "list", "ls": return try listPlans(arguments)
        case "quit", "exit", "q": return Reply([OutputLine("Bye.", .muted)], quit: true)
        default: return nil
        }
    }

    private func unknownCommand(_ words: [String]) -> Reply {
        if let hello = CommandInfo.greetingReply(to: words) { return Reply([OutputLine(hello, .muted)]) }
        let (error, hint) = CommandInfo.unknown(words)
        var lines = [OutputLine(error, .error)]
        if let hint { lines.append(OutputLine(hint, .muted)) }
        lines.append(OutputLine("Type help to see the commands.", .muted))
        return Reply(lines)
    }

    // MARK: Flows

    func describe(_ form: Form) -> String {
        let goal = form.answers.first { $0.key == .goal }?.value ?? form.base.goal
        let step = form.milestone.map { index in
            let title = form.base.milestones.indices.contains(index) ? " \"\(form.base.milestones[index].title)\"" : ""
            return "\(form.base.id.map(String.init) ?? "?").\(index + 1)\(title)"
        } ?? "a step"
        switch form.kind {
        case .new: return goal.isEmpty ? "new plan" : "plan \"\(goal)\""
        case .review: return "weekly review"
        case .done: return "win on \(step)"
        case .skip: return "skip of \(step)"
        case .editMilestone: return "edit of \(step)"
        case .editPlan: return "edit of plan \"\(form.base.goal)\""
        case .add: return "addition of milestones to \"\(form.base.goal)\""
        case .unstick: return "unstick of \"\(form.base.goal)\""
        }
    }

    /// `new`, or `new GOAL` to answer the first question at once.
    private func startNew(goal: String) throws -> Reply {
        try refuseOverDraft()
        let opening = try begin(Form.newPlan(), intro: [])
        guard !goal.isEmpty else { return opening }
        return Reply(opening.lines + [OutputLine("Goal: \(goal)", .muted)] + continueFlow(goal).lines)
    }

    private func resume() throws -> Reply {
        guard let draft = try store.draft() else {
            // Every draft there is belongs to a shell still open: say so, rather than "nothing".
            if try store.draftCount() > 0 {
                return Reply([OutputLine("Your unfinished flow is open in another shell: finish it there, or leave that shell and type resume here. new starts another.", .muted)])
            }
            return Reply([OutputLine("Nothing to resume. Type new to start a plan.", .muted)])
        }
        if draft.kind == .review { return try resumeReview(draft) }
        if let dropped = try dropIfOrphaned(draft) { return Reply([dropped]) }
        var intro = [OutputLine("Picking up your \(describe(draft)).", .muted)]
        // Inside a milestone, say which: the question alone ("How will you know it's done?") does not.
        if let (number, title) = draft.milestoneInProgress {
            intro.append(OutputLine("Milestone \(number): \(title)", .muted))
        }
        if draft.kind == .done, let day = draft.winDate.map({ Day($0, in: calendar) }), day < Day(now, in: calendar),
           let id = draft.base.id, let index = draft.milestone {
            intro.append(OutputLine("The win is logged for \(day), the day you typed done; done \(id).\(index + 1) --on today logs it for today instead.", .muted))
        }
        return try begin(draft, intro: intro)
    }

    /// A draft for a plan that no longer exists (an undo took it back, or another shell did) can
    /// never be saved: it is dropped, and the user told, rather than failing at every save.
    func dropIfOrphaned(_ draft: Form) throws -> OutputLine? {
        guard draft.kind != .new, let id = draft.base.id, try store.plan(id) == nil else { return nil }
        try store.clearDraft()
        return OutputLine("Your unfinished \(describe(draft)) was for plan \(id), which no longer exists; the draft is dropped.", .muted)
    }

    func begin(_ form: Form, intro: [OutputLine]) throws -> Reply {
        let coach = Coach(form: form, rules: rules.ruleSet)
        self.coach = coach
        try store.saveDraft(form, at: now)
        let reply = coach.begin()
        return Reply(intro + reply.lines)
    }

    private func continueFlow(_ line: String) -> Reply {
        guard let before = coach else { return Reply([]) }
        var coach = before
        let reply = coach.receive(line)
        self.coach = coach
        switch reply.outcome {
        case .asking:
            do { try store.saveDraft(coach.form, at: now) } catch {
                return Reply(reply.lines + [OutputLine("Warning: the draft could not be saved (\(error)).", .error)])
            }
            return Reply(reply.lines)
        case .cancelled:
            self.coach = nil
            // Cancelled before any answer: a draft of nothing would only make the next `new` refuse.
            if coach.form.answers.isEmpty, coach.form.pending == nil {
                do { try store.clearDraft() } catch {
                    return Reply(reply.lines + [OutputLine("Warning: the empty draft could not be dropped (\(error)); type discard.", .error)])
                }
            }
            return Reply(reply.lines)
        case .finished(let result):
            do {
                let lines = try apply(result, form: coach.form)
                self.coach = nil
                try store.clearDraft()
                return Reply(reply.lines + lines)
            } catch let conflict as EditConflict {
                // Answering again would meet the same change: the flow ends, the other person's
                // change stays, and what this one typed is shown to be typed again.
                self.coach = nil
                try? store.clearDraft()
                return Reply(reply.lines + explain(conflict, yours: coach.form))
            } catch {
                if let dropped = try? dropIfOrphaned(coach.form) {
                    self.coach = nil
                    return Reply(reply.lines + [dropped])
                }
                // Back to the last question, with every answer still in the draft: answering it
                // again retries the save, and leaving keeps the draft for resume.
                self.coach = before
                return Reply(reply.lines + [OutputLine("Error: \(error)", .error), OutputLine("Nothing was lost: type resume later, or answer again.", .muted)])
            }
        }
    }

    private func apply(_ result: FormResult, form: Form) throws -> [OutputLine] {
        switch result {
        case .plan(var plan):
            let date = now
            for index in plan.milestones.indices where plan.milestones[index].createdAt == nil {
                plan.milestones[index].createdAt = date
            }
            if form.kind == .new {
                let id = try store.save(plan, describing: "create plan \"\(plan.goal)\"", at: date)
                return [OutputLine("Saved as plan \(id) \"\(plan.goal)\".", .success)]
            }
            // The flow started from a copy; another shell may have changed the plan since (a win,
            // a skip). Apply only what this flow changed to the plan as it is now.
            let id = form.base.id ?? 0
            let newOverrides = plan.overrides.filter { !form.base.overrides.contains($0) }
            switch form.kind {
            case .add:
                let added = Array(plan.milestones[form.base.milestones.count...])
                try store.update(id, describing: "add \(Plural.count(added.count, "milestone")) to plan \(id)", at: date) { current in
                    current.milestones += added
                    current.overrides += newOverrides
                }
                return [OutputLine("Added \(Plural.count(added.count, "milestone")) to plan \(id).", .success)]
            case .unstick where form.base.milestones.contains(where: \.isCandidate):
                return try saveSharpened(plan, form: form, at: date)
            case .unstick:
                let insertedAt = form.base.milestones.firstIndex { $0.status == .open } ?? form.base.milestones.count
                let step = plan.milestones[insertedAt]
                let added = Self.overridesAdded(to: form.base, in: plan)
                let saved = try store.update(id, describing: "unstick plan \(id)", at: date) { current in
                    let index = current.milestones.firstIndex { $0.status == .open } ?? current.milestones.count
                    current.insertMilestone(step, at: index)
                    current.stalled = plan.stalled
                    // Kept on the new step, which may sit elsewhere in the plan as it is now.
                    current.overrides += added.map { $0.movingMilestone { $0 == insertedAt ? index : $0 } }
                }
                let number = (saved.milestones.firstIndex(of: step) ?? insertedAt) + 1
                var lines = [OutputLine("Added as milestone \(id).\(number): \(step.title). Finish it today, then: done \(id).\(number)", .success)]
                // It goes before the open steps, so they move down one: a trial's `done 1.1` would
                // have ticked the wrong step.
                if number < saved.milestones.count {
                    let moved = saved.milestones.count - number
                    lines.append(OutputLine(moved == 1
                        ? "It comes first, so the step that was \(id).\(number) is now \(id).\(number + 1)."
                        : "It comes first, so the \(moved) steps from \(id).\(number) on moved down one (the old \(id).\(number) is now \(id).\(number + 1)).", .muted))
                }
                return lines
            case .editMilestone:
                let index = form.milestone ?? 0
                let fields = [
                    EditConflict.Field("title", \Plan.milestones[index].title), EditConflict.Field("done-when", \Plan.milestones[index].criterion),
                    EditConflict.Field("artifact", \Plan.milestones[index].artifact), EditConflict.Field("timebox", \Plan.milestones[index].givenTimeboxDays),
                    EditConflict.Field("owner", \Plan.milestones[index].owner), EditConflict.Field("moves", \Plan.milestones[index].moves),
                ]
                if fields.allSatisfy({ $0.same(plan, form.base) }), newOverrides.isEmpty {
                    return [OutputLine("Nothing changed in \(id).\(index + 1).", .muted)]
                }
                try store.update(id, describing: "edit \(id).\(index + 1)", at: date) { current in
                    guard current.milestones.indices.contains(index) else { throw EditConflict(planID: id, fields: ["milestone \(index + 1)"]) }
                    try EditConflict.merge(fields, from: plan, base: form.base, into: &current, planID: id)
                    current.overrides += newOverrides
                    current.dropOverridesOnChangedFields()
                }
                return [OutputLine("Saved \(id).\(index + 1).", .success)]
            default:
                let fields = [EditConflict.Field("goal", \Plan.goal), EditConflict.Field("why", \Plan.outcome),
                              EditConflict.Field("metric", \Plan.metric), EditConflict.Field("stalled", \Plan.stalled)]
                if fields.allSatisfy({ $0.same(plan, form.base) }), newOverrides.isEmpty {
                    return [OutputLine("Nothing changed in plan \(id).", .muted)]
                }
                try store.update(id, describing: "edit plan \(id)", at: date) { current in
                    let metricBefore = current.metric.name
                    try EditConflict.merge(fields, from: plan, base: form.base, into: &current, planID: id)
                    current.metricRenamed(from: metricBefore, reworded: form.answers.contains { $0.key == .sameMetric && $0.value == "yes" })
                    current.overrides += newOverrides
                    current.dropOverridesOnChangedFields()
                }
                return [OutputLine("Saved plan \(id).", .success)]
            }
        case .win(let milestone, let note, let evidence, let reading, let kept):
            let id = form.base.id ?? 0
            let finished = form.winDate ?? now
            let plan = try store.update(id, describing: "done \(id).\(milestone + 1)", at: now) { plan in
                try refuseIfClosedMeanwhile(milestone, in: plan, base: form.base, planID: id, activity: "you logged this win")
                plan.milestones[milestone].status = .done
                plan.milestones[milestone].closedAt = finished
                plan.wins.append(Win(milestone: milestone + 1, date: finished, note: note, evidence: evidence, metricReading: reading))
                let path = "wins[\(plan.wins.count - 1)].note"
                plan.overrides += kept.map { Override(ruleID: $0.ruleID, path: path, text: $0.text, reason: $0.reason) }
            }
            var lines = [OutputLine("Logged a win on plan \(id): \(plan.milestones[milestone].title).", .success)]
            lines += try streakLines(short: true)
            if let next = plan.nextMilestone {
                lines.append(OutputLine("Next: \(id).\(next.number) \(next.milestone.title)", .muted))
            } else if let blocked = plan.milestones.indices.first(where: { plan.milestones[$0].status == .skipped }) {
                lines.append(OutputLine("That was the last open milestone; \(id).\(blocked + 1) is set aside (reopen \(id).\(blocked + 1) when it is free), or type add \(id) for the next step.", .muted))
            } else {
                lines.append(OutputLine("That was the last open milestone. Type add \(id) for the next step.", .muted))
            }
            return lines
        case .skip(let milestone, let kind, let reason, let rescopedTo, let criterion, let artifact, let kept):
            let id = form.base.id ?? 0
            let date = now
            try store.update(id, describing: "skip \(id).\(milestone + 1)", at: date) { plan in
                try refuseIfClosedMeanwhile(milestone, in: plan, base: form.base, planID: id, activity: "you set the step aside")
                plan.milestones[milestone].status = kind == .rescoped ? .open : (kind == .dropped ? .dropped : .skipped)
                if kind != .rescoped { plan.milestones[milestone].closedAt = date }
                if kind == .rescoped { plan.restartTimebox(of: milestone, at: date) }
                if let rescopedTo {
                    plan.milestones[milestone].title = rescopedTo
                    if let criterion { plan.milestones[milestone].criterion = criterion }
                    if let artifact { plan.milestones[milestone].artifact = artifact }
                    plan.dropOverridesOnChangedFields()
                    plan.overrides += kept
                }
                plan.skips.append(Skip(milestone: milestone + 1, date: date, kind: kind, reason: reason))
            }
            let whenFree = kind == .blocked ? " When it is free again: reopen \(id).\(milestone + 1)." : ""
            return [OutputLine("Recorded: \(id).\(milestone + 1) \(kind.rawValue). \(try skipEffect(at: date))\(whenFree)", .success)]
        }
    }
}
