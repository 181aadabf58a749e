import Foundation
import MomentumCore
import MomentumStore

extension Shell {
    // MARK: Finding plans

    /// A word written as PLAN.MILESTONE ("1.2", "ship.3"), the way a step is named.
    static func namesAStep(_ word: some StringProtocol) -> Bool {
        String(word).wholeMatch(of: /[^.\s]+\.\d+/) != nil
    }

    /// `3`, `bill` (a goal prefix), `3.2` or `bill.2` (a milestone, numbered from 1). With no
    /// reference and a single active plan, that plan. `soleOpenStep`: where a milestone is needed
    /// and not named, a plan with one open step means that step (`done` after the rest are done).
    func resolve(_ reference: String?, milestone needed: Bool? = nil, soleOpenStep: Bool = false, usage: String) throws -> (plan: Plan, milestone: Int?) {
        func unnamedMilestone(of plan: Plan) throws -> (plan: Plan, milestone: Int?) {
            if soleOpenStep, plan.openMilestones.count == 1 { return (plan, plan.openMilestones[0].number - 1) }
            throw UsageError(message: whichMilestone(plan, usage: usage))
        }
        guard let reference, !reference.isEmpty else {
            let active = try store.plans(matching: "")
            if active.count == 1, let plan = try store.plan(active[0].id) {
                guard needed == true else { return (plan, nil) }
                return try unnamedMilestone(of: plan)
            }
            guard !active.isEmpty else { throw UsageError(message: "Usage: \(usage). \(try noActivePlans())") }
            let list = active.prefix(8).map { "\($0.id) \"\($0.goal)\"" }.joined(separator: ", ")
            throw UsageError(message: "Usage: \(usage). Which plan? \(list)\(active.count > 8 ? ", … (plans lists all)" : "").")
        }
        let words = reference.split(separator: " ")
        if needed == true, words.count > 1, Self.namesAStep(words[0]) {
            // "skip 1.3 blocked": the milestone is the first word; the rest is asked for next.
            throw UsageError(message: "Usage: \(usage). '\(words[0])' names the milestone; '\(words.dropFirst().joined(separator: " "))' is not part of it (what comes next is asked).")
        }
        if reference.wholeMatch(of: /\d+(\.\d+){2,}/) != nil {
            throw UsageError(message: "'\(reference)' is not a step: a step is PLAN.MILESTONE, like 1.2 (usage: \(usage)).")
        }
        var planPart = reference
        var milestoneNumber: Int?
        // Digits too many for a number are a milestone no plan has (not a plan named "1.999…").
        if let dot = reference.lastIndex(of: "."), let number = reference[reference.index(after: dot)...].wholeMatch(of: /\d+/).map({ Int($0.output) ?? Int.max }) {
            planPart = String(reference[..<dot])
            milestoneNumber = number
        } else if needed == true, let space = reference.lastIndex(of: " "), let number = Int(reference[reference.index(after: space)...]) {
            // "done 1 2" or "done billing 2": the milestone after a space, where one is required.
            planPart = String(reference[..<space])
            milestoneNumber = number
        }
        let matches = try store.plans(matching: planPart)
        guard !matches.isEmpty else {
            // "done 2" with one plan in play most likely means its step 2.
            if needed == true, milestoneNumber == nil, let number = Int(planPart) {
                let active = try store.plans(matching: "")
                if active.count == 1, let plan = try store.plan(active[0].id), plan.milestones.indices.contains(number - 1) {
                    throw UsageError(message: "No plan matches '\(planPart)'. Did you mean \(plan.id!).\(number) (\(plan.milestones[number - 1].title))?")
                }
            }
            throw UsageError(message: "No plan matches '\(planPart)'. Type plans to see them.")
        }
        guard matches.count == 1 else {
            let list = matches.prefix(8).map { "\($0.id) \"\($0.goal)\"" }.joined(separator: ", ")
            throw UsageError(message: "'\(planPart)' matches several plans: \(list). Use the id.")
        }
        guard let plan = try store.plan(matches[0].id) else { throw UsageError(message: "No plan \(matches[0].id). Type plans to see them.") }
        if needed == true, milestoneNumber == nil { return try unnamedMilestone(of: plan) }
        if let number = milestoneNumber {
            guard needed != false else { throw UsageError(message: "Usage: \(usage)") }
            guard plan.milestones.indices.contains(number - 1) else {
                let typed = number == Int.max ? reference.split(separator: ".").last.map(String.init) ?? "\(number)" : "\(number)"
                throw UsageError(message: "Plan \(plan.id!) has no milestone \(typed); it has \(plan.milestones.count). Type show \(plan.id!).")
            }
            return (plan, number - 1)
        }
        return (plan, nil)
    }

    /// With no active plan: none at all, or only archived and dropped ones, which `plans --all`
    /// lists (a trial read "No plans yet" after archiving its only plan).
    func noActivePlans() throws -> String {
        let closed = try store.summaryCount(includeClosed: true, owner: nil)
        guard closed > 0 else {
            // A trial's plan was still a draft, and "No plans yet" read as if it were lost.
            if let draft = try store.draft(), draft.kind == .new { return "No plans yet: your \(describe(draft)) is a draft. Type resume to finish it." }
            return "No plans yet. Type new to make one."
        }
        return "No active plans; \(closed == 1 ? "1 is" : "\(closed) are") archived or dropped (plans --all lists \(closed == 1 ? "it" : "them")). Type new to make one."
    }

    /// The plan reference: every word that is not an option, so `show ship the m` needs no quotes.
    private func whichMilestone(_ plan: Plan, usage: String) -> String {
        guard !plan.milestones.isEmpty else { return "Plan \(plan.id!) has no milestones yet; add one with: add \(plan.id!)" }
        guard let next = plan.nextMilestone else {
            return "Which milestone? Usage: \(usage). Plan \(plan.id!) has no open milestone left (each is done or set aside); add the next with: add \(plan.id!)"
        }
        return "Which milestone? Usage: \(usage) (e.g. \(plan.id!).\(next.number), the next open one: \(next.milestone.title))"
    }

    /// Tab at the shell's prompt: command names, options and their values (`CommandInfo`), and a
    /// command's plan or milestone from the store: active plans' ids, and for `done` and `skip`
    /// their open milestones (`1.2`).
    public func completions(typed: String) -> [String] {
        let offered = CommandInfo.completions(typed: typed)
        let words = typed.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard offered.isEmpty, words.count == 2, let command = CommandInfo.command(words[0]),
              let argument = command.firstArgument, argument.hasPrefix("PLAN"),
              let active = try? store.plans(matching: "") else { return offered }
        let plans = active.map { "\($0.id)" }
        guard argument != "PLAN" else { return plans }
        let offersStatus: (MilestoneStatus) -> Bool = switch command.name {
        case "done", "skip": { $0 == .open }
        case "reopen": { $0 == .skipped || $0 == .dropped }
        default: { _ in true }
        }
        let milestones = active.prefix(20).flatMap { summary -> [String] in
            guard let plan = try? store.plan(summary.id) else { return [] }
            return plan.milestones.indices.filter { offersStatus(plan.milestones[$0].status) }.map { "\(summary.id).\($0 + 1)" }
        }
        return (argument == "PLAN.MILESTONE" ? [] : plans) + milestones
    }

    func reference(_ words: [String]) -> String? {
        words.isEmpty ? nil : words.joined(separator: " ")
    }

    func option(_ name: String, in arguments: [String]) throws -> String? {
        guard let index = arguments.firstIndex(of: name) else { return nil }
        guard index + 1 < arguments.count else { throw UsageError(message: "\(name) needs a value.") }
        return arguments[index + 1]
    }

    /// Arguments that are not options or option values.
    func positional(_ arguments: [String], options: [String]) -> [String] {
        var result: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext { skipNext = false; continue }
            if options.contains(argument) { skipNext = true; continue }
            result.append(argument)
        }
        return result
    }

    func day(_ date: Date?) -> String { date.map { Day($0, in: calendar).description } ?? "-" }

    // MARK: Listing

    static let plansPerPage = 50

    /// Plans, a page of 50 at a time (`--page N`); `--all` includes archived and dropped ones.
    func listPlans(_ arguments: [String]) throws -> Reply {
        let all = arguments.contains("--all")
        let owner = try option("--owner", in: arguments)
        var page = 1
        let paged = try option("--page", in: arguments)
        if let text = paged {
            guard let number = Int(text), number > 0 else { throw UsageError(message: "--page takes a page number, like --page 2.") }
            page = number
        }
        let size = Shell.plansPerPage
        // Every plan, or with --page that page ([] past the end), so a script paging until empty stops.
        if try wantsJSON(arguments) {
            return plansJSON(try store.summaries(includeClosed: all, limit: paged == nil ? nil : size, offset: (page - 1) * size, owner: owner))
        }
        let summaries = try store.summaries(includeClosed: all, limit: size, offset: (page - 1) * size, owner: owner)
        let count = summaries.count < size && page == 1 ? summaries.count : try store.summaryCount(includeClosed: all, owner: owner)
        guard !summaries.isEmpty else {
            if count > 0 {
                let pages = (count + size - 1) / size
                throw UsageError(message: "There \(count == 1 ? "is 1 plan" : "are \(count) plans"), \(pages == 1 ? "1 page" : "\(pages) pages") of \(size); page \(page) is empty.")
            }
            if let owner { return Reply([OutputLine("No \(all ? "" : "active ")plan has a milestone owned by \(owner).", .muted)]) }
            return Reply([OutputLine(try noActivePlans(), .muted)])
        }
        // With --all a column of its own: a status after the goal was cut off with a long goal.
        let rows = summaries.map { s in
            ["\(s.id)"] + (all ? [s.status.rawValue] : []) + [s.goal, "\(s.done)/\(s.total)", s.next ?? "-", day(s.lastWin)]
        }
        var lines = Table.output(header: ["id"] + (all ? ["status"] : []) + ["goal", "done", "next milestone", "last win"], rows: rows)
        if count > size {
            let pages = (count + size - 1) / size
            let more = page < pages ? "; plans \(all ? "--all " : "")\(owner.map { "--owner \($0) " } ?? "")--page \(page + 1) for the next" : ""
            lines.append(OutputLine("Page \(page) of \(pages) (\(Plural.count(count, "plan")))\(more).", .muted))
        }
        return Reply(lines)
    }

    func show(_ arguments: [String]) throws -> Reply {
        let (plan, _) = try resolve(reference(positional(arguments, options: ["--format"])), milestone: false, usage: "show PLAN")
        let findings = rules.ruleSet.check(plan: plan).filter { finding in
            !plan.overrides.contains { $0.ruleID == finding.ruleID && $0.path == finding.path }
        }
        if try wantsJSON(arguments) { return showJSON(plan, findings: findings) }
        var lines = [OutputLine("Plan \(plan.id!) (\(plan.status.rawValue)): \(plan.goal)", .success)]
        lines += PlanRenderer.summary(plan).dropFirst()
        if !findings.isEmpty {
            lines.append(OutputLine("Findings:"))
            lines += findings.map { OutputLine("  - \(FieldLabel.label($0.path)): \($0.message) [\($0.ruleID)]", .finding) }
        }
        if !plan.overrides.isEmpty {
            lines.append(OutputLine("Kept with a reason:"))
            // One keep answers every finding on the answer: listed once, with all the rules it answered.
            lines += Story.keptAnswers(plan).map { kept in
                let rules = plan.overrides.filter { [$0.path, $0.text, $0.reason] == [kept.path, kept.text, kept.reason] }.map(\.ruleID)
                return OutputLine("  - \(FieldLabel.label(kept.path)): \"\(Story.shownText(of: kept))\" — \(kept.reason) [\(rules.joined(separator: ", "))]", .muted)
            }
        }
        if !plan.wins.isEmpty {
            lines.append(OutputLine("Wins:"))
            lines += plan.winsByDate.map { OutputLine("  \(day($0.date)) \(plan.id!).\($0.milestone): \($0.note)" + ($0.evidence.map { " <\($0)>" } ?? "")) }
        }
        if !plan.restDays.isEmpty {
            lines.append(OutputLine("Rest days:"))
            lines += plan.restDays.map { OutputLine("  \(day($0.date)): \($0.reason)", .muted) }
        }
        return Reply(lines)
    }

    // MARK: Changing plans

    func edit(_ arguments: [String]) throws -> Reply {
        let (plan, milestone) = try resolve(reference(arguments), usage: "edit PLAN[.MILESTONE]")
        try refuseOverDraft()
        if let milestone {
            return try begin(Form(kind: .editMilestone, base: plan, milestone: milestone),
                             intro: [OutputLine("Editing \(plan.id!).\(milestone + 1). Enter keeps an answer as it is.", .muted)])
        }
        return try begin(Form(kind: .editPlan, base: plan),
                         intro: [OutputLine("Editing plan \(plan.id!). Enter keeps an answer as it is; edit PLAN.N edits a milestone.", .muted)])
    }

    func add(_ arguments: [String]) throws -> Reply {
        let (plan, _) = try resolve(reference(arguments), milestone: false, usage: "add PLAN")
        try refuseOverDraft()
        return try begin(Form(kind: .add, base: plan), intro: [OutputLine("Adding to plan \(plan.id!): \(plan.goal)", .muted)])
    }

    /// `--on DATE` logs a win finished on an earlier day (yesterday's work logged this morning), so
    /// the streak and the review count the day it was done.
    func done(_ arguments: [String]) throws -> Reply {
        let arguments = joiningDayWords(arguments, after: ["--on"])
        let words = positional(arguments, options: ["--on"])
        // "done 1.1 yesterday": the day goes with --on (a trial was told only that it was not part of the step).
        if words.count > 1, Self.namesAStep(words[0]) {
            let rest = words.dropFirst().joined(separator: " ")
            if Day.parse(rest, today: Day(now, in: calendar), calendar: calendar) != nil {
                throw UsageError(message: "'\(rest)' reads as a day: to log the win as finished then, type done \(words[0]) --on \(rest).")
            }
        }
        let (plan, milestone) = try resolve(reference(words), milestone: true, soleOpenStep: true, usage: "done PLAN.MILESTONE")
        let index = milestone!
        guard plan.milestones[index].status != .done else {
            throw UsageError(message: "\(plan.id!).\(index + 1) is already done.")
        }
        let today = Day(now, in: calendar)
        let finished = try dayOption("--on", in: arguments).flatMap { $0 == today ? nil : $0 }
        if let finished, finished > today {
            throw UsageError(message: "--on \(finished) is after today: a win is logged for the day it was finished, today or before.")
        }
        // `done 1.2 --on yesterday` over an unfinished win on 1.2 picks that draft up with the new
        // day: a trial was sent to `resume`, which takes no --on.
        let unfinished = try store.draft().flatMap { $0.kind == .done && $0.base.id == plan.id && $0.milestone == index ? $0 : nil }
        if unfinished == nil { try refuseOverDraft() }
        let named = reference(words)?.firstMatch(of: /[. ]\d+$/) != nil
        let title = plan.milestones[index].title
        var intro = [unfinished.map { OutputLine("Picking up your unfinished \(describe($0)).", .muted) }
            ?? OutputLine(named ? "Done: \(title)" : "Done: \(plan.id!).\(index + 1) \(title) (the plan's only open step)", .success)]
        if let finished {
            // A slip of the year ("2016" for "2026") shows before anything is saved; undo takes it back after.
            let made = plan.createdAt.map { Day($0, in: calendar) }.flatMap { finished < $0 ? $0 : nil }
            intro.append(OutputLine("Logged as finished on \(finished)\(made.map { ", before plan \(plan.id!) was made (\($0))" } ?? "").", .muted))
        }
        if plan.milestones[index].status == .dropped || plan.milestones[index].status == .skipped {
            intro.append(OutputLine("It was set aside; logging the win marks it done.", .muted))
        }
        // A trial logged a win on an archived plan and was not told.
        if plan.status != .active {
            intro.append(OutputLine("Plan \(plan.id!) is \(plan.status.rawValue); the win is logged on it all the same.", .muted))
        }
        var form = unfinished ?? Form(kind: .done, base: plan, milestone: index)
        // The win is the day `done` was typed: a trial's flow left at evidence> and resumed the next
        // morning logged it on the wrong day, unasked. --on (today included) sets the day anew.
        if unfinished == nil || arguments.contains("--on") { form.winDate = finished?.noon(in: calendar) ?? now }
        return try begin(form, intro: intro)
    }

    func skip(_ arguments: [String]) throws -> Reply {
        if let rest = restDay(in: arguments) { return try takeRestDay(on: rest.day, plan: rest.plan, reason: rest.reason) }
        let (plan, milestone) = try resolve(reference(arguments), milestone: true, usage: "skip PLAN.MILESTONE")
        try refuseOnDone(plan, milestone!, doing: "set aside")
        try refuseOverDraft()
        return try begin(Form(kind: .skip, base: plan, milestone: milestone!),
                         intro: [OutputLine("Setting aside: \(plan.milestones[milestone!].title)", .muted)])
    }

    /// `skip today night shifts`, `skip 2 yesterday sick`: a day, after an optional plan id, names
    /// a rest day rather than a step. (A trial looked for a way to skip a day and found only
    /// setting a step aside.)
    func restDay(in arguments: [String]) -> (plan: String?, day: Day, reason: String)? {
        let today = Day(now, in: calendar)
        func leadingDay(_ words: ArraySlice<String>) -> (day: Day, reason: String)? {
            for length in stride(from: min(3, words.count), through: 1, by: -1) {
                if let day = Day.parse(words.prefix(length).joined(separator: " "), today: today, calendar: calendar) {
                    return (day, words.dropFirst(length).joined(separator: " ").trimmingBlanks.description)
                }
            }
            return nil
        }
        // "skip 3 days ago …" is a day; "skip 3 today …" is plan 3's.
        if let found = leadingDay(arguments[...]) { return (nil, found.day, found.reason) }
        guard let first = arguments.first, Int(first) != nil, let found = leadingDay(arguments.dropFirst()) else { return nil }
        return (first, found.day, found.reason)
    }

    func takeRestDay(on day: Day, plan reference: String?, reason: String) throws -> Reply {
        let usage = "skip [PLAN] DAY REASON (a rest day), or skip PLAN.MILESTONE (set a step aside)"
        let today = Day(now, in: calendar)
        guard day <= today else {
            throw UsageError(message: "\(day) is after today: a rest day is taken today or logged for a day before.")
        }
        guard !reason.isEmpty else {
            throw UsageError(message: "Say why on the same line, like: skip \(reference.map { "\($0) " } ?? "")today night shifts all week. The reason is what lets a rest day keep your streak.")
        }
        guard Coach.givesAReason(reason) else {
            throw UsageError(message: "'\(reason)' gives no reason. In a few words: what happened, or what got in the way? It is what lets a rest day keep your streak.")
        }
        let (plan, _) = try resolve(reference, milestone: false, usage: usage)
        let id = plan.id!
        if plan.restDays.contains(where: { Day($0.date, in: calendar) == day }) {
            throw UsageError(message: "\(day) is a rest day on plan \(id) already.")
        }
        try refuseOverDraft()
        let date = day == today ? now : day.noon(in: calendar)
        // Logged for a day before, a rest day could only change nothing or take an earlier one's
        // place (a trial's took Saturday's, and the streak and the best streak shrank): refused.
        if day < today {
            switch try effectOfSkip(at: date, adding: true) {
            case .winToday:
                throw UsageError(message: "\(day) has a win, which keeps the streak that day already: a rest day there changes nothing, so it was not logged.")
            case .displaces(let later, let allowed):
                throw UsageError(message: "That week's \(Plural.count(allowed, "skip day")) that keep a streak go to its earliest ones: a rest day on \(day) would take the place of the skip on \(later) and shorten the streak, so it was not logged. set skips-per-week \(allowed + 1) makes room for both.")
            case .keepsIt, .weekUsed: break
            }
        }
        try store.update(id, describing: "rest day \(day) on plan \(id)", at: now) { plan in
            plan.skips.append(.restDay(on: date, reason: reason))
        }
        let when = day == today ? "today" : "\(day)"
        return Reply([OutputLine("Rest day \(when) on plan \(id): \(reason). \(try skipEffect(at: date))", .success)])
    }

    func unstick(_ arguments: [String]) throws -> Reply {
        let (plan, _) = try resolve(reference(arguments), milestone: false, usage: "unstick PLAN")
        try refuseOverDraft()
        let candidates = plan.milestones.count(where: \.isCandidate)
        let intro = candidates > 0
            ? "Let's go through the \(Plural.count(candidates, "candidate")) in \"\(plan.goal)\" one by one: keep and sharpen, split, merge, drop or leave each."
            : "Let's find one step you can finish today for: \(plan.goal)"
        return try begin(Form(kind: .unstick, base: plan), intro: [OutputLine(intro, .muted)])
    }

    /// A step set aside as blocked, or dropped, comes back open: its timebox starts today, and the
    /// skip stays in its history. (A newcomer's blocked step had no way back but `done` or undo.)
    func reopen(_ arguments: [String]) throws -> Reply {
        let (plan, milestone) = try resolve(reference(arguments), milestone: true, usage: "reopen PLAN.MILESTONE")
        let (id, index) = (plan.id!, milestone!)
        let step = plan.milestones[index]
        switch step.status {
        case .open: throw UsageError(message: "\(id).\(index + 1) is open already.")
        case .done: throw UsageError(message: "\(id).\(index + 1) is done and keeps its win; for more, add a step: add \(id)")
        case .skipped, .dropped: break
        }
        try refuseOverDraft()
        let date = now
        try store.update(id, describing: "reopen \(id).\(index + 1)", at: date) { p in
            p.milestones[index].status = .open
            p.restartTimebox(of: index, at: date)
            p.milestones[index].closedAt = nil
        }
        let timebox = step.givenTimeboxDays.map { ": its timebox (\(Timebox.format($0))) starts today" } ?? ""
        return Reply([OutputLine("Reopened \(id).\(index + 1) \(step.title)\(timebox). Type undo to set it aside again.", .success)])
    }

    /// A done milestone stays done: setting it aside would hide the win it carries.
    func refuseOnDone(_ plan: Plan, _ index: Int, doing what: String) throws {
        guard plan.milestones[index].status == .done else { return }
        throw UsageError(message: "\(plan.id!).\(index + 1) is already done; a done step is not \(what), it keeps its win.")
    }

    /// One flow at a time: a new one would replace the draft.
    func refuseOverDraft() throws {
        if let draft = try store.draft() {
            throw UsageError(message: "You have an unfinished \(describe(draft)). Type resume to continue it, or discard to drop it first.")
        }
    }

    func drop(_ arguments: [String]) throws -> Reply {
        let (plan, milestone) = try resolve(reference(arguments), usage: "drop PLAN[.MILESTONE]")
        let id = plan.id!
        if let milestone {
            try refuseOnDone(plan, milestone, doing: "dropped")
            let date = now
            try store.update(id, describing: "drop \(id).\(milestone + 1)", at: date) { plan in
                plan.milestones[milestone].status = .dropped
                plan.milestones[milestone].closedAt = date
            }
            return Reply([OutputLine("Dropped \(id).\(milestone + 1) \(plan.milestones[milestone].title). Type undo to bring it back.", .success)])
        }
        try store.update(id, describing: "drop plan \(id)", at: now) { $0.status = .dropped }
        return Reply([OutputLine("Dropped plan \(id) \"\(plan.goal)\". Type undo to bring it back.", .success)])
    }

    func archive(_ arguments: [String]) throws -> Reply {
        let (plan, _) = try resolve(reference(arguments), milestone: false, usage: "archive PLAN")
        try store.update(plan.id!, describing: "archive plan \(plan.id!)", at: now) { $0.status = .archived }
        var lines = [OutputLine("Archived plan \(plan.id!) \"\(plan.goal)\". plans --all still lists it.", .success)]
        let open = plan.openMilestones.count
        if open > 0 {
            lines.append(OutputLine("It still had \(open == 1 ? "1 open step" : "\(open) open steps"); type undo to keep working on it.", .muted))
        }
        return Reply(lines)
    }

    // MARK: Files

    func export(_ arguments: [String]) throws -> Reply {
        let rest = positional(arguments, options: ["--format", "-o"])
        let (plan, _) = try resolve(reference(rest), milestone: false, usage: "export PLAN [--format md|json|taskwarrior|ics] [-o FILE]")
        let path = try option("-o", in: arguments)
        let format = try exportFormat(named: option("--format", in: arguments), file: path)
        let text: Data
        switch format {
        case "json": text = PlanJSON.encode([plan], asArray: false)
        case "md": text = Data(PlanMarkdown.render(plan, calendar: calendar).utf8)
        case "taskwarrior": text = TaskwarriorFormat.export(plan)
        default: text = ICalendarFormat.export(plan, stamp: now, version: Shell.version)
        }
        if let path {
            try environment.files.write(text, to: path)
            return Reply([OutputLine("Wrote plan \(plan.id!) to \(path).", .success)])
        }
        // By scalar, not Character: in iCalendar's CRLF "\r\n" is one Character, and no "\n".
        return Reply(String(decoding: text, as: UTF8.self).unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map { OutputLine(String($0)) })
    }

    /// The format `--format` names (any case), else the one the file's extension says, else
    /// Markdown. A name and an extension that disagree are refused: a trial's `-o plan.json`
    /// without `--format` wrote Markdown over the JSON export that was there.
    private func exportFormat(named: String?, file: String?) throws -> String {
        try outputFormat(named: named, file: file, formats: ["md", "json", "taskwarrior", "ics"],
                         byExtension: ["json": ["json", "taskwarrior"], "md": ["md"], "markdown": ["md"], "ics": ["ics"]], othersAllowed: true)
    }

    /// The format a command writes: the one `--format` names (any case; markdown is md), else the
    /// one `file`'s extension says, else the first of `formats`. An extension that says another
    /// format than the one named, or (unless `othersAllowed`) one of no format this command writes,
    /// is refused before anything is written: `story 1 -o plan.json` wrote Markdown over a plan.
    func outputFormat(named: String?, file: String?, formats: [String], byExtension: [String: [String]], othersAllowed: Bool) throws -> String {
        let fileExtension = file.map { ($0 as NSString).pathExtension.lowercased() } ?? ""
        let allowed = byExtension[fileExtension]
        func described(_ format: String) -> String { format == "md" ? "Markdown" : format }
        if allowed == nil, !othersAllowed, !fileExtension.isEmpty, let file {
            let names = byExtension.keys.sorted().map { "." + $0 }.joined(separator: ", ")
            throw UsageError(message: "\(file) is named .\(fileExtension), which is not what this writes (\(formats.map(described).joined(separator: " or "))); name the file \(names). Nothing was written.")
        }
        guard let named else { return allowed?.first ?? formats[0] }
        let format = named.lowercased() == "markdown" ? "md" : named.lowercased()
        guard formats.contains(format) else {
            let list = formats.count == 2 ? formats.joined(separator: " or ") : formats.dropLast().joined(separator: ", ") + " or " + formats.last!
            throw UsageError(message: "Unknown format '\(named)'; use \(list).")
        }
        if let allowed, !allowed.contains(format), let file {
            throw UsageError(message: "\(file) is named .\(fileExtension) but --format \(named) writes \(described(format)); name the file for its format, or leave out --format. Nothing was written.")
        }
        return format
    }

    /// A plan JSON file is read a piece at a time and each plan saved as it is read, all in one
    /// transaction: a mistake in the last plan imports nothing. The file is also read whole once, to
    /// tell its format (the plans themselves are never all in memory); a task list is small.
    func importPlans(_ arguments: [String]) throws -> Reply {
        guard let path = positional(arguments, options: ["--from"]).first else {
            throw UsageError(message: "Usage: import FILE [--from taskwarrior|todotxt|markdown]")
        }
        let data = try environment.files.read(path)
        // A file imported twice makes a second plan; say so, rather than let two lie side by side.
        let earlier = Dictionary(try store.plans(matching: "").map { ($0.goal.lowercased(), $0.id) }, uniquingKeysWith: { first, _ in first })
        var repeats: [(id: Int64, earlier: Int64)] = []
        func noteRepeat(_ id: Int64, _ plan: Plan) {
            if let other = earlier[plan.goal.lowercased()] { repeats.append((id, other)) }
        }
        func repeatLines() -> [OutputLine] {
            guard let first = repeats.first else { return [] }
            let more = repeats.count > 1 ? " (and \(repeats.count - 1) more like it)" : ""
            return [OutputLine("Plan \(first.id) has the same goal as plan \(first.earlier)\(more): if it is a copy you did not mean, undo --yes takes this import back.", .muted)]
        }
        guard let source = try importSource(try option("--from", in: arguments), data: data, path: path) else {
            var lines: [OutputLine] = []
            try store.saveEach(describing: { "import plan \"\($0.goal)\"" }, at: now) { save in
                try eachPlan(in: path) { plan in
                    let id = try save(plan)
                    noteRepeat(id, plan)
                    lines.append(OutputLine("Imported plan \(id) \"\(plan.goal)\".", .success))
                }
            }
            return Reply(lines + repeatLines())
        }
        let plans: [Plan]
        do {
            plans = try TaskImport.read(data, as: source, file: path)
        } catch {
            var lines = error.listed()
            lines[lines.count - 1] += ". Nothing was imported."
            throw UnusableInput(lines: lines)
        }
        let ids = try store.saveAll(plans, describing: { "import plan \"\($0.goal)\"" }, at: now)
        zip(ids, plans).forEach(noteRepeat)
        return Reply(zip(ids, plans).flatMap { id, plan in
            // Momentum's own exports come back with sharp open steps, which are neither candidates nor closed.
            let candidates = plan.milestones.count(where: \.isCandidate)
            let open = plan.milestones.count { $0.status == .open && !$0.isCandidate }
            let closed = plan.milestones.count { $0.status != .open }
            // "0 candidate milestones, 1 open, 1 closed" was hard to read: candidates are named only when there are some.
            let states = (open > 0 ? ["\(open) open"] : []) + ["\(closed) closed"]
            let counts = candidates > 0 ? ([Plural.count(candidates, "candidate milestone")] + states).joined(separator: ", ")
                : "\(Plural.count(plan.milestones.count, "milestone")) (\(states.joined(separator: ", ")))"
            let findings = rules.ruleSet.check(plan: plan).filter { $0.path.hasPrefix("milestones[") }.count
            let sharpen = findings == 0 ? "nothing to sharpen in its steps" : "\(Plural.count(findings, "thing")) to sharpen in its steps"
            return [OutputLine("Imported plan \(id) \"\(plan.goal)\" as a stalled plan: \(counts); the rules found \(sharpen).", .success),
                    OutputLine(candidates > 0 ? "Type unstick \(id) to keep and sharpen, split, merge or drop them one by one." : "Type show \(id) to see it.", .muted)]
        } + historyNotRead(data, source: source) + repeatLines())
    }

    /// A Markdown list carries milestones; Momentum's own export also shows wins and kept findings,
    /// which a trial's hand-edited round trip lost without a word.
    private func historyNotRead(_ data: Data, source: TaskImport.Source) -> [OutputLine] {
        guard source == .markdown else { return [] }
        let lines = Set(String(decoding: data, as: UTF8.self).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        let sections = ["## Wins", "## Kept findings"].filter(lines.contains)
        guard !sections.isEmpty else { return [] }
        let named = sections.map { "'\($0.dropFirst(3))'" }.joined(separator: " and ")
        return [OutputLine("Its \(named) \(sections.count == 1 ? "section was" : "sections were") not read: a Markdown list brings milestones only. For the whole plan, export --format json and import that.", .muted)]
    }

    /// Each plan in a plan JSON file, read as a stream: memory is that of one piece and one plan.
    private func eachPlan(in path: String, _ body: (Plan) throws -> Void) throws {
        var stream = PlanJSONStream()
        do {
            try environment.files.read(path, inPiecesOf: 1 << 16) { piece in
                for element in try stream.feed(piece) { try body(try PlanJSON.decode(element)) }
            }
            for element in try stream.finish() { try body(try PlanJSON.decode(element)) }
        } catch let error as PlanJSON.DecodingError {
            throw UnusableInput(message: "\(error.described(in: path)). Nothing was imported.")
        }
    }

    /// The format named by `--from`, or sniffed; nil for Momentum's own plan JSON.
    private func importSource(_ named: String?, data: Data, path: String) throws -> TaskImport.Source? {
        let choices = TaskImport.Source.allCases.map(\.rawValue)
        if let named {
            let key = named.lowercased().replacingOccurrences(of: ".", with: "").replacingOccurrences(of: "-", with: "")
            if key == "json" || key == "momentum" { return nil }
            guard let source = TaskImport.Source(rawValue: key == "md" ? "markdown" : key) else {
                throw UsageError(message: "Unknown --from '\(named)'; use \(choices.joined(separator: ", ")) (or json for a plan file).")
            }
            // A plan file read as todo.txt gave an error for each of its lines (a trial's 16).
            switch TaskImport.sniff(data, file: path) {
            case .plan:
                throw UnusableInput(message: "\(path) holds plan JSON (as export --format json writes), not \(source.rawValue): import it without --from. Nothing was imported.")
            case .source(.taskwarrior) where source != .taskwarrior:
                throw UnusableInput(message: "\(path) is JSON, like a task export, not \(source.rawValue): use --from taskwarrior, or leave --from out. Nothing was imported.")
            default:
                return source
            }
        }
        switch TaskImport.sniff(data, file: path) {
        case .plan: return nil
        case .source(let source): return source
        case .unknown:
            // Naming a format cannot help a calendar: a trial tried --from with a .ics file.
            if path.lowercased().hasSuffix(".ics") || String(decoding: data.prefix(64), as: UTF8.self).uppercased().contains("BEGIN:VCALENDAR") {
                throw UnusableInput(message: "\(path) is an iCalendar file: Momentum writes them (export PLAN --format ics) but does not read them. To move a plan, export --format json and import that. Nothing was imported.")
            }
            throw UnusableInput(message: "Cannot tell what \(path) holds; name it: import \(path) --from \(choices.joined(separator: "|")). Nothing was imported.")
        }
    }

    func check(_ arguments: [String]) throws -> Reply {
        let rest = positional(arguments, options: ["--format"])
        guard let path = rest.first else { throw UsageError(message: "Usage: check FILE [--format text|json]") }
        let format = try option("--format", in: arguments) ?? "text"
        let report: CheckReport
        do {
            report = try CheckReport.check(streaming: path, files: environment.files, rules: rules.ruleSet, keepingItems: true)
        } catch let error as PlanJSON.DecodingError {
            throw UnusableInput(message: error.described(in: path))
        }
        switch format {
        case "json": return Reply(report.json().split(separator: "\n").map { OutputLine(String($0)) })
        case "text": return Reply(report.text().map { OutputLine($0, $0.contains(": warning:") || $0.contains(": error:") ? .finding : .plain) })
        default: throw UsageError(message: "Unknown format '\(format)'; use text or json.")
        }
    }

    func rulesCommand(_ arguments: [String]) -> Reply {
        let report = RulesReport(rules)
        switch arguments.first ?? "list" {
        case "list": return Reply(report.list().map { OutputLine($0) })
        case "test": return Reply(report.test().lines.map { OutputLine($0) })
        case "lint": return Reply(report.lint().lines.map { OutputLine($0) })
        case "eval": return Reply([OutputLine("rules eval reads phrasing files: run it from the command line, e.g. momentum rules eval phrasings.tsv", .error)])
        default: return Reply([OutputLine("Usage: rules [list|test|lint]", .error)])
        }
    }

    // MARK: Help

    func help(_ topic: String?) -> [OutputLine] {
        if let topic {
            guard let info = CommandInfo.all.first(where: { $0.name == topic.lowercased() }) else {
                // "help me": help takes a command's name; say so, with where to start.
                let guess = Suggestion.closest(to: topic, in: CommandInfo.names).map { " Did you mean '\($0)'?" }
                    ?? " help alone lists the commands; to plan a goal, type new."
                return [OutputLine("No command '\(topic)'.\(guess)", .error)]
            }
            let lines = info.helpLines
            // An option's description wraps under itself, not back at the margin.
            let optionColumn = 4 + (info.options.map { TextWidth.columns($0.name + ($0.value.map { " " + $0 } ?? "")) }.max() ?? 0)
            return [OutputLine(lines[0], .success)] + lines.dropFirst().map { line in
                line.hasPrefix("  -") ? OutputLine(line, hang: optionColumn) : OutputLine(line)
            }
        }
        // The list says --format json once, below, not on every listing; a usage too long for the
        // column (wins names six options) puts its summary on the next line.
        let jsonFormat = " [--format text|json]"
        let usages = CommandInfo.all.map { $0.usage.replacingOccurrences(of: jsonFormat, with: "") }
        let width = min(usages.map { TextWidth.columns($0) }.max() ?? 0, Shell.helpUsageColumn)
        var lines = [OutputLine("Commands:")]
        for (info, usage) in zip(CommandInfo.all, usages) {
            if TextWidth.columns(usage) > width {
                lines += [OutputLine("  " + usage), OutputLine(String(repeating: " ", count: width + 4) + info.summary, hang: width + 4)]
            } else {
                lines.append(OutputLine("  " + TextWidth.pad(usage, to: width + 2) + info.summary, hang: width + 4))
            }
        }
        let listings = CommandInfo.all.filter { $0.usage.contains(jsonFormat) }.map(\.name)
        lines.append(OutputLine("\(listings.dropLast().joined(separator: ", ")) and \(listings.last ?? "") also take --format json, for scripts.", .muted))
        lines.append(OutputLine("Inside a question: back, skip (optional ones), help, cancel, quit; keep <reason> after a finding.", .muted))
        return lines
    }
}

/// Fixed-width text tables, aligned by display columns (an emoji or a CJK character takes two).
enum Table {
    static func render(header: [String], rows: [[String]]) -> [String] {
        tableRows(header: header, rows: rows).map(\.text)
    }

    /// As output lines: a terminal narrower than the table shrinks its widest columns.
    static func output(header: [String], rows: [[String]]) -> [OutputLine] {
        tableRows(header: header, rows: rows).map { OutputLine($0) }
    }

    private static func tableRows(header: [String], rows: [[String]]) -> [TableRow] {
        let cells = ([header] + rows).map { $0.map(OutputLine.oneLine) }
        let widths = header.indices.map { column in cells.map { TextWidth.columns($0[column]) }.max() ?? 0 }
        return cells.map { TableRow(cells: $0, widths: widths) }
    }
}

extension Shell {
    /// The end of an `unstick` walk over imported candidates. The walk started from a copy, and
    /// another shell may have changed the plan since: a milestone the walk did not touch is taken
    /// as it is now (a win logged meanwhile stays), milestones added meanwhile are kept after the
    /// walked list, and wins and skips, which point at milestones by number, follow theirs.
    func saveSharpened(_ plan: Plan, form: Form, at date: Date) throws -> [OutputLine] {
        let id = form.base.id ?? 0
        let newOverrides = Self.overridesAdded(to: form.base, in: plan)
        // By title: the walk stamps a creation date on milestones a list gave none.
        func key(_ milestone: Milestone) -> String { milestone.title }
        func untouched(_ milestone: Milestone) -> Bool {
            form.base.milestones.contains { var stamped = $0; stamped.createdAt = milestone.createdAt; return stamped == milestone }
        }
        let saved = try store.update(id, describing: "unstick plan \(id)", at: date) { current in
            let now = Dictionary(current.milestones.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
            let baseKeys = Set(form.base.milestones.map(key))
            var merged = plan.milestones.map { milestone in
                if untouched(milestone) { return now[key(milestone)] ?? milestone }
                // Dropped in this walk: closed now (an export's `end` said it closed when it was made).
                var walked = milestone
                if walked.status == .dropped, walked.closedAt == nil { walked.closedAt = date }
                return walked
            }
            merged += current.milestones.filter { !baseKeys.contains(key($0)) }
            let before = current.milestones
            let number = { (old: Int) -> Int in
                (merged.firstIndex { key($0) == key(before[old - 1]) } ?? old - 1) + 1
            }
            current.moveMilestoneReferences { number($0 + 1) - 1 }
            current.milestones = merged
            current.stalled = plan.stalled
            current.overrides += newOverrides
            current.dropOverridesOnChangedFields()
        }
        let open = saved.milestones.filter { $0.status == .open }
        let sharp = open.count(where: { !$0.isCandidate }), left = open.count(where: \.isCandidate)
        let dropped = saved.milestones.count(where: { $0.status == .dropped }) - form.base.milestones.count(where: { $0.status == .dropped })
        var lines = [OutputLine("Saved plan \(id): \(Plural.count(sharp, "sharp milestone")), \(dropped) dropped, \(Plural.count(left, "still candidate")).", .success)]
        if let next = saved.nextMilestone, !next.milestone.isCandidate {
            lines.append(OutputLine("Next: \(id).\(next.number) \(next.milestone.title). When it's done: done \(id).\(next.number)", .muted))
        }
        if left > 0 { lines.append(OutputLine("Type unstick \(id) again for the candidates left.", .muted)) }
        return lines
    }

    /// The findings kept during an unstick flow. Its milestones moved, and the kept findings they
    /// carried moved with them (a new path, the same finding), so a kept finding is told by its
    /// rule, text and reason rather than by where it is.
    static func overridesAdded(to base: Plan, in plan: Plan) -> [Override] {
        plan.overrides.filter { kept in
            !base.overrides.contains { $0.ruleID == kept.ruleID && $0.text == kept.text && $0.reason == kept.reason }
        }
    }
}
