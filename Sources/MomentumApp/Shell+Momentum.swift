import Foundation
import MomentumCore
import MomentumStore

extension Shell {
    // MARK: Wins and streaks

    static let winsShown = 20
    static let winsUsage = "wins [PLAN] [--since DATE] [--until DATE] [-n N | --all] [--by NAME]"

    /// The latest wins (20, `-n N`, or `--all`), or every win from `--since` up to `--until`.
    func wins(_ arguments: [String]) throws -> Reply {
        let arguments = joiningDayWords(arguments, after: ["--since", "--until"])
        let rest = positional(arguments.filter { $0 != "--all" }, options: ["--since", "--until", "-n", "--format", "--by"])
        let by = try option("--by", in: arguments)
        if by != nil, store is Store {
            return Reply([OutputLine("wins --by is for a team's PostgreSQL store: a SQLite store does not record who logged a win.", .error)])
        }
        let planID = try reference(rest).map { try resolve($0, milestone: false, usage: Shell.winsUsage).plan.id! }
        let since = try dayOption("--since", in: arguments)
        let until = try dayOption("--until", in: arguments)
        if let since, let until, until < since {
            throw UsageError(message: "--until \(until) is before --since \(since), so no win can be in between. Swap the two dates.")
        }
        var latest: Int? = since == nil && until == nil && !arguments.contains("--all") ? Shell.winsShown : nil
        if let text = try option("-n", in: arguments) {
            guard !arguments.contains("--all") else { throw UsageError(message: "--all shows every win and -n the latest few: use one of them.") }
            guard let count = Int(text), count > 0 else { throw UsageError(message: "-n takes a number of wins, like -n 50.") }
            latest = count
        }
        // One more than shown tells whether there are older ones, without counting them all.
        var rows = try store.wins(planID: planID, since: since.map { calendar.startOfDay(for: $0.noon(in: calendar)) },
                                  until: until.map { calendar.startOfDay(for: $0.adding(1, in: calendar).noon(in: calendar)) },
                                  latest: latest.map { $0 + 1 }, by: by)
        var older = false
        if let latest, rows.count > latest {
            rows.removeFirst()
            older = true
        }
        if try wantsJSON(arguments) { return winsJSON(rows) }
        var lines: [OutputLine] = []
        if older, let latest {
            lines.append(OutputLine("The latest \(latest) wins; wins --all shows every one.", .muted))
        }
        guard !rows.isEmpty else {
            if let by { return Reply([OutputLine("No wins logged by \(by)\(since.map { " since \($0)" } ?? "").", .muted)]) }
            if let since { return Reply([OutputLine(until.map { "No wins from \(since) to \($0)." } ?? "No wins since \(since).", .muted)]) }
            if let until { return Reply([OutputLine("No wins until \(until).", .muted)]) }
            return Reply([OutputLine("No wins yet. Finish a milestone, then: done PLAN.MILESTONE", .muted)])
        }
        return Reply(lines + rows.map { logged in
            let win = logged.win
            var text = "\(day(win.date))  \(logged.planID).\(win.milestone)  \(win.note)"
            if let evidence = win.evidence { text += "  <\(evidence)>" }
            if let reading = win.metricReading { text += "  (\(logged.metricName): \(reading))" }
            if let by = win.by { text += "  — \(by)" }
            return OutputLine(text)
        })
    }

    /// "--since last week", "--since a week ago", "--on 3 days ago": the words after a date option are one value.
    func joiningDayWords(_ arguments: [String], after names: [String]) -> [String] {
        var arguments = arguments
        for name in names {
            if let index = arguments.firstIndex(of: name), index + 2 < arguments.count,
                ["last", "this", "a"].contains(arguments[index + 1].lowercased()) || Int(arguments[index + 1]) != nil {
                arguments[index + 1] += " " + arguments.remove(at: index + 2)
                if index + 2 < arguments.count, arguments[index + 2].lowercased() == "ago" {
                    arguments[index + 1] += " " + arguments.remove(at: index + 2)
                }
            }
        }
        return arguments
    }

    func dayOption(_ name: String, in arguments: [String]) throws -> Day? {
        guard let text = try option(name, in: arguments) else { return nil }
        guard let day = Day.parse(text, today: Day(now, in: calendar), calendar: calendar) else {
            let meant = Suggestion.closest(to: text.lowercased(), in: Day.namedDays).map { "Did you mean '\($0)'? " } ?? ""
            throw UsageError(message: "\(meant)\(name) takes a date like 2026-11-01, or today, yesterday, 3d, 2w, monday, last week.")
        }
        return day
    }

    func currentStreaks() throws -> (Streaks, [Day: Int], Set<Day>) {
        let activity = try store.activityDates()
        let counts = Day.counts(of: activity.wins, in: calendar)
        let skips = Set(Day.counts(of: activity.skips, in: calendar).keys)
        let streaks = Streaks.compute(winDays: Set(counts.keys), skipDays: skips, today: Day(now, in: calendar), calendar: calendar,
                                      skipsPerWeek: try skipsPerWeek())
        return (streaks, counts, skips)
    }

    func streakLines(short: Bool) throws -> [OutputLine] {
        if short { return [try currentStreakLine()] }
        let (streaks, counts, skips) = try currentStreaks()
        var lines = [OutputLine("Streak: \(Plural.count(streaks.current, "day")) (best \(streaks.best))" + keptBySkips(streaks.skipDaysUsed), .success)]
        lines += Heatmap.render(winCounts: counts, skipDays: skips, today: Day(now, in: calendar), calendar: calendar)
            .map { OutputLine($0, $0 == Heatmap.legend ? .muted : .heatmap) }
        return lines
    }

    private func keptBySkips(_ used: Int) -> String { used > 0 ? ", \(used) kept by a skip with a reason." : "." }

    /// The current streak after a win, from the recent weeks only: a month first, then four times
    /// as far back while the streak (or a skip's week) reaches past what was read.
    func currentStreakLine() throws -> OutputLine {
        let today = Day(now, in: calendar)
        let perWeek = try skipsPerWeek()
        let earliest = try store.earliestActivity().map { Day($0, in: calendar) }
        var weeks = 4
        while true {
            let from = today.adding(-7 * weeks, in: calendar)
            let activity = try store.activityDates(since: calendar.startOfDay(for: from.noon(in: calendar)))
            // With nothing before `from`, what was read is everything.
            let knownFrom = earliest.map { $0 < from } ?? false ? from : Day(year: 1, month: 1, day: 1)
            if let streak = Streaks.recent(winDays: Set(Day.counts(of: activity.wins, in: calendar).keys),
                                            skipDays: Set(Day.counts(of: activity.skips, in: calendar).keys),
                                            knownFrom: knownFrom, today: today, calendar: calendar, skipsPerWeek: perWeek) {
                // "Streak: 0 days." right after a win logged for two days ago read as if it were lost.
                guard streak.current > 0 else { return OutputLine("No streak running: the win counts for its day; one today starts a streak.", .muted) }
                return OutputLine("Streak: \(Plural.count(streak.current, "day"))" + keptBySkips(streak.skipDaysUsed), .success)
            }
            weeks *= 4
        }
    }

    func streak() throws -> Reply { Reply(try streakLines(short: false)) }

    /// What a skip on `date` does for the streak, from its week's wins and skips: the one just
    /// logged, or (`adding`) one about to be.
    func effectOfSkip(at date: Date, adding: Bool = false) throws -> Streaks.SkipEffect {
        let today = Day(date, in: calendar)
        let weekStart = today.adding(-7, in: calendar)
        let activity = try store.activityDates(since: calendar.startOfDay(for: weekStart.noon(in: calendar)))
        return Streaks.effectOfSkip(today: today, winDays: Set(Day.counts(of: activity.wins, in: calendar).keys),
                                    skipDays: Set(Day.counts(of: activity.skips, in: calendar).keys).union(adding ? [today] : []),
                                    calendar: calendar, skipsPerWeek: try skipsPerWeek())
    }

    /// What the skip just logged does for the streak, from this week's wins and skips.
    func skipEffect(at date: Date) throws -> String {
        switch try effectOfSkip(at: date) {
        case .keepsIt: return "A skip with a reason keeps your streak."
        case .winToday: return "Today's win keeps your streak already."
        case .weekUsed(let allowed):
            let past = Day(date, in: calendar) < Day(now, in: calendar)
            return "\(past ? "That" : "This") week's \(Plural.count(allowed, "skip day")) that keep a streak are used (set skips-per-week changes it), so this one does not keep it\(past ? "." : "; a win today does.")"
        case .displaces(let later, let allowed):
            return "It keeps your streak, and uses the last of that week's \(Plural.count(allowed, "skip day")) that keep one (set skips-per-week changes it): the skip on \(later) no longer keeps it."
        }
    }

    // MARK: Settings

    /// A number a user can change with `set NAME VALUE`, kept in the store.
    struct Setting: Sendable {
        var name: String
        var help: String
        var allowed: ClosedRange<Int>
        var defaultValue: Int
    }

    static let sessionsKept = Setting(name: "sessions-kept", help: "recorded sessions kept; older ones are deleted at the next start",
                                      allowed: 1...100_000, defaultValue: 200)

    static let settings = [
        Setting(name: "skips-per-week", help: "skip days with a reason that keep a streak, per week", allowed: 0...7,
                defaultValue: Streaks.defaultSkipsPerWeek),
        sessionsKept,
    ]

    func value(of setting: Setting) throws -> Int {
        try store.setting(setting.name).flatMap(Int.init) ?? setting.defaultValue
    }

    func skipsPerWeek() throws -> Int { try value(of: Shell.settings[0]) }

    func set(_ arguments: [String]) throws -> Reply {
        guard let name = arguments.first else {
            return Reply(try Shell.settings.map { setting in
                OutputLine("\(setting.name) = \(try value(of: setting))  (\(setting.help); \(setting.allowed.lowerBound)-\(setting.allowed.upperBound), default \(setting.defaultValue))")
            })
        }
        guard let setting = Shell.settings.first(where: { $0.name == name }) else {
            let guess = Suggestion.closest(to: name, in: Shell.settings.map(\.name)).map { " Did you mean '\($0)'?" } ?? ""
            throw UsageError(message: "No setting '\(name)'.\(guess) Type set to list them.")
        }
        guard arguments.count == 2, let number = Int(arguments[1]), setting.allowed.contains(number) else {
            throw UsageError(message: "Usage: set \(setting.name) N, with N from \(setting.allowed.lowerBound) to \(setting.allowed.upperBound) (\(setting.help)).")
        }
        try store.setSetting(name, to: arguments[1])
        return Reply([OutputLine("\(name) = \(arguments[1])", .success)])
    }

    // MARK: Review

    func startReview() throws -> Reply {
        if let draft = try store.draft() {
            return Reply([OutputLine("You have an unfinished \(describe(draft)). Type resume to continue it, or discard to drop it first.", .muted)])
        }
        let conversation = try reviewConversation(startedAt: now)
        // With no active plan there is nothing to review, and nothing worth keeping as one.
        if try store.summaryCount(includeClosed: false, owner: nil) == 0 {
            return Reply(conversation.report)
        }
        if conversation.isFinished {
            let earlier = try reviewedThisWeek()
            try store.saveReview(conversation.body, at: now)
            return Reply(earlier + conversation.report + [OutputLine("Nothing stalled. Review saved; see reviews.", .success)])
        }
        review = conversation
        reviewDraft = Form.review(startedAt: now)
        try store.saveDraft(reviewDraft, at: now)
        return Reply(try reviewedThisWeek() + conversation.report + conversation.question)
    }

    /// A second review within the week is saved beside the first; a trial found two for one day.
    private func reviewedThisWeek() throws -> [OutputLine] {
        let today = Day(now, in: calendar)
        guard let last = try store.reviews().map(\.date).max(), Day(last, in: calendar) > today.adding(-7, in: calendar) else { return [] }
        return [OutputLine("You last reviewed on \(Day(last, in: calendar)); this review is saved beside that one (reviews lists both).", .muted)]
    }

    /// The review as it began: plans and streaks as they are, the clock at its start.
    private func reviewConversation(startedAt date: Date) throws -> ReviewConversation {
        let (streaks, _, _) = try currentStreaks()
        return ReviewConversation(plans: try store.allPlans(status: .active), now: date, calendar: calendar, rules: rules.ruleSet, streaks: streaks)
    }

    /// A review left unfinished (a closed terminal, a crash): its lines replayed, its question asked again.
    func resumeReview(_ draft: Form) throws -> Reply {
        var conversation = try reviewConversation(startedAt: draft.base.createdAt ?? now)
        for answer in draft.answers { _ = conversation.receive(answer.value ?? "") }
        review = conversation
        reviewDraft = draft
        // The summary again: a trial resumed to a bare "what comes next?" with the week's wins and
        // stalled steps out of sight.
        return Reply([OutputLine("Picking up your weekly review.", .muted)] + conversation.report + conversation.openQuestion)
    }

    func continueReview(_ line: String) -> Reply {
        guard var conversation = review else { return Reply([]) }
        if line.trimmingCharacters(in: .whitespaces).lowercased() == "cancel", !conversation.isAddingAStep {
            review = nil
            try? store.clearDraft()
            return Reply([OutputLine("Review stopped; nothing was changed.", .muted)])
        }
        let lines = conversation.receive(line)
        review = conversation
        guard conversation.isFinished else {
            reviewDraft.answers.append(Answer(key: .decision, value: line))
            do { try store.saveDraft(reviewDraft, at: now) } catch {
                return Reply(lines + [OutputLine("Warning: the draft could not be saved (\(error)).", .error)])
            }
            return Reply(lines)
        }
        review = nil
        do {
            let date = now
            for action in conversation.actions { try apply(action, at: date) }
            try store.saveReview(conversation.body, at: date)
            try store.clearDraft()
            return Reply(lines + conversation.notes.map { OutputLine($0) } + [OutputLine("Review saved; see reviews.", .success)])
        } catch {
            return Reply(lines + [OutputLine("Error: \(error)", .error)])
        }
    }

    private func apply(_ action: ReviewConversation.Action, at date: Date) throws {
        switch action {
        case .drop(let plan, let index):
            try store.update(plan, describing: "review: drop \(plan).\(index + 1)", at: date) { p in
                p.milestones[index].status = .dropped
                p.milestones[index].closedAt = date
                p.skips.append(Skip(milestone: index + 1, date: date, kind: .dropped, reason: "dropped in the weekly review"))
            }
        case .rescope(let plan, let index, let title):
            try store.update(plan, describing: "review: rescope \(plan).\(index + 1)", at: date) { p in
                p.skips.append(Skip(milestone: index + 1, date: date, kind: .rescoped, reason: "rescoped from \"\(p.milestones[index].title)\" in the weekly review"))
                p.milestones[index].title = title
                p.milestones[index].timeboxDays = 1
                p.restartTimebox(of: index, at: date)
            }
        case .split(let plan, let index, let firstPart):
            try store.update(plan, describing: "review: split \(plan).\(index + 1)", at: date) { p in
                var rest = p.milestones[index]
                rest.title = "The rest of: \(rest.title)"
                rest.createdAt = date
                // The first part stays the imported task; the rest is a new one.
                rest.importedTask = nil
                p.milestones[index].title = firstPart
                p.milestones[index].timeboxDays = 1
                p.restartTimebox(of: index, at: date)
                p.insertMilestone(rest, at: index + 1)
            }
        case .add(let plan, let milestones, let overrides):
            try store.update(plan, describing: "review: add a step to plan \(plan)", at: date) { p in
                p.milestones += milestones.map { milestone in
                    var milestone = milestone
                    milestone.createdAt = date
                    return milestone
                }
                p.overrides += overrides
            }
        }
    }

    func reviews(json: Bool) throws -> Reply {
        let all = try store.reviews()
        if json { return reviewsJSON(all) }
        guard !all.isEmpty else { return Reply([OutputLine("No reviews yet. Type review to do this week's.", .muted)]) }
        return Reply(all.flatMap { review in
            [OutputLine("Review of \(day(review.date))", .success)] + review.body.split(separator: "\n").map { OutputLine("  " + $0) }
        })
    }

    // MARK: Story

    func story(_ arguments: [String]) throws -> Reply {
        let rest = positional(arguments.filter { $0 != "--full" }, options: ["--format", "-o"])
        let (plan, _) = try resolve(reference(rest), milestone: false, usage: "story PLAN [--full] [--format md|html] [-o FILE]")
        let path = try option("-o", in: arguments)
        let format = try outputFormat(named: option("--format", in: arguments), file: path, formats: ["md", "html"],
                                      byExtension: ["md": ["md"], "markdown": ["md"], "txt": ["md"], "html": ["html"], "htm": ["html"]], othersAllowed: false)
        let candid = arguments.contains("--full")
        let text = format == "html" ? StoryHTML.render(plan, calendar: calendar, candid: candid) : Story.markdown(plan, calendar: calendar, candid: candid)
        if let path {
            try environment.files.write(Data(text.utf8), to: path)
            return Reply([OutputLine("Wrote the story of plan \(plan.id!) to \(path).", .success)])
        }
        return Reply(text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { OutputLine(String($0)) })
    }

    // MARK: Sessions

    func sessions(json: Bool) throws -> Reply {
        let all = try store.sessions()
        if json { return sessionsJSON(all) }
        guard !all.isEmpty else { return Reply([OutputLine("No recorded sessions.", .muted)]) }
        let rows = all.map { s in
            ["\(s.id)", ISODate.format(s.startedAt), "\(s.lineCount)", TextWidth.truncate(s.firstInput ?? "-", to: 30), s.rules]
        }
        return Reply(Table.output(header: ["id", "started", "lines", "first input", "rules"], rows: rows))
    }

    func transcript(_ arguments: [String]) throws -> Reply {
        let rest = positional(arguments, options: ["-o"])
        guard let reference = rest.first, let id = Int64(reference) else { throw UsageError(message: "Usage: transcript SESSION [-o FILE]") }
        guard let info = try store.session(id) else {
            throw UsageError(message: "No session \(id). Type sessions to see them.")
        }
        let output = try option("-o", in: arguments)
        var header = Transcript.Header(date: info.startedAt, timeZone: info.timeZone, rules: info.rules)
        var lines: [OutputLine] = []
        if info.storeSnapshot == nil, info.storePlans > 0 {
            throw UsageError(message: "Session \(id) cannot be replayed exactly: it started on a store of \(Plural.count(info.storePlans, "plan")), more than the \(Shell.snapshotLimit) a session record copies.")
        }
        if let snapshot = info.storeSnapshot {
            guard let output else {
                throw UsageError(message: "Session \(id) started on a store with plans; use -o FILE so its starting plans can be written beside it.")
            }
            let storePath = output + ".store.json"
            try environment.files.write(Data(snapshot.utf8), to: storePath)
            header.store = (storePath as NSString).lastPathComponent
            lines.append(OutputLine("Wrote the store's starting plans to \(storePath).", .muted))
        }
        let recorded = try store.sessionLines(id)
        let draft = recorded.first { $0.kind == .draft }.map { Data($0.text.utf8) }
        if let draft {
            guard let output else {
                throw UsageError(message: "Session \(id) started with an unfinished draft; use -o FILE so the draft can be written beside it.")
            }
            let draftPath = output + ".draft.json"
            try environment.files.write(draft, to: draftPath)
            header.draft = (draftPath as NSString).lastPathComponent
            lines.append(OutputLine("Wrote the draft it started with to \(draftPath).", .muted))
        }
        let plain = Transcript(header: header, items: Shell.sessionItems(recorded, start: header.date, advancing: false))
        let timed = Transcript(header: header, items: Shell.sessionItems(recorded, start: header.date, advancing: true))
        // Replay the candidate here, so the file written is one that replays as recorded; the
        // one with @advance lines only when the time that passed shows in the output.
        let seed = info.storeSnapshot.map { Data($0.utf8) }
        func replaysAsRecorded(_ transcript: Transcript) -> Bool {
            (try? Replay.run(transcript, file: "session \(id)", rules: rules, seed: seed, draft: draft).matches) ?? false
        }
        var chosen = timed
        let verdict: String
        if info.rules != rules.sourceDescription {
            verdict = "It was recorded with rules '\(info.rules)'; replay it with those to reproduce its findings."
        } else if replaysAsRecorded(plain) {
            chosen = plain
            verdict = "It replays as recorded."
        } else if plain != timed, replaysAsRecorded(timed) {
            verdict = "It replays as recorded; @advance lines keep the time that passed."
        } else {
            verdict = "Replaying it does not reproduce the recording exactly; momentum replay shows where."
        }
        let text = chosen.render()
        if let output {
            try environment.files.write(Data(text.utf8), to: output)
            return Reply(lines + [OutputLine("Wrote session \(id) to \(output). \(verdict)", .success)])
        }
        return Reply(text.split(separator: "\n").map { OutputLine(String($0)) })
    }

    /// A recorded session as transcript items. With `advancing`, each input typed a second or
    /// more after the replay's clock is preceded by `@advance`, so the clock reads as it did.
    static func sessionItems(_ lines: [Store.SessionLine], start: Date, advancing: Bool) -> [Transcript.Located] {
        var clock = start.timeIntervalSince1970.rounded(.down)
        var items: [Transcript.Located] = []
        for line in lines where line.kind != .draft {
            guard line.kind == .input else {
                items.append(Transcript.Located(item: .output(line.text), line: 0))
                continue
            }
            if advancing, let at = line.at?.timeIntervalSince1970.rounded(.down), at - clock >= 1 {
                let seconds = at - clock
                items.append(Transcript.Located(item: .advance(seconds: seconds, text: "@advance " + Shell.duration(seconds)), line: 0))
                clock = at
            }
            items.append(Transcript.Located(item: .input(prompt: line.prompt ?? "momentum", text: line.text), line: 0))
        }
        return items
    }

    /// Whole seconds in the largest unit that divides them: 86400 → "1d", 90 → "90s".
    static func duration(_ seconds: Double) -> String {
        let value = Int(seconds)
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] where value % size == 0 {
            return "\(value / size)\(unit)"
        }
        return "\(value)s"
    }
}

extension Shell {
    /// What `doctor` and `backup` say on a store that is not a SQLite file: a server has its own tools.
    static func serverStoreNote(_ command: String, _ what: String) -> String {
        "\(command) \(what); this store is on a PostgreSQL server. Use the server's own tools (pg_dump to copy it, pg_isready and psql to check it), or momentum migrate --to FILE for a SQLite copy."
    }

    func doctor() -> Reply {
        guard let file = store as? Store else { return Reply([OutputLine(Shell.serverStoreNote("doctor", "checks a SQLite file"), .muted)]) }
        guard let path = file.path else { return Reply([OutputLine("This is a scratch store in memory: there is nothing on disk to check.", .muted)]) }
        let diagnosis = StoreDoctor.examine(path: path)
        return Reply(diagnosis.lines.map { OutputLine($0, $0.hasPrefix("Problem") ? .error : .plain) })
    }

    func backup(_ arguments: [String]) throws -> Reply {
        let info = CommandInfo.named("backup")!
        let files = info.positionalWords(arguments)
        guard files.count == 1 else { return Reply([OutputLine("Name one file: \(info.usage)", .error)]) }
        guard let file = store as? Store else { return Reply([OutputLine(Shell.serverStoreNote("backup", "copies a SQLite file"), .error)]) }
        do {
            return Reply([OutputLine(try file.backup(to: files[0], replacing: arguments.contains("--force")), .success)])
        } catch let error as StoreError {
            return Reply([OutputLine("\(error)", .error)])
        }
    }
}
