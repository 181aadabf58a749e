import Foundation
import MomentumCore
import MomentumStore

extension Shell {
    // MARK: Finding plans

    /// `3`, `bill` (a goal prefix), `3.2` or `bill.2` (a milestone, numbered from 1). With no
    /// reference and a single active plan, that plan.
    func resolve(_ reference: String?, milestone needed: Bool? = nil, usage: String) throws -> (plan: Plan, milestone: Int?) {
        guard let reference, !reference.isEmpty else {
            let active = try store.plans(matching: "")
            if active.count == 1, let plan = try store.plan(active[0].id) {
                guard needed == true else { return (plan, nil) }
                throw UsageError(message: whichMilestone(plan, usage: usage))
            }
            guard !active.isEmpty else { throw UsageError(message: "Usage: \(usage). There are no plans yet: type new to make one.") }
            let list = active.prefix(8).map { "\($0.id) \"\($0.goal)\"" }.joined(separator: ", ")
            throw UsageError(message: "Usage: \(usage). Which plan? \(list)\(active.count > 8 ? ", … (plans lists all)" : "").")
        }
        var planPart = reference
        var milestoneNumber: Int?
        if let dot = reference.lastIndex(of: "."), let number = Int(reference[reference.index(after: dot)...]) {
            planPart = String(reference[..<dot])
            milestoneNumber = number
        } else if needed == true, let space = reference.lastIndex(of: " "), let number = Int(reference[reference.index(after: space)...]) {
            // "done 1 2" or "done billing 2": the milestone after a space, where one is required.
            planPart = String(reference[..<space])
            milestoneNumber = number
        }
        let matches = try store.plans(matching: planPart)
        guard !matches.isEmpty else {
            throw UsageError(message: "No plan matches '\(planPart)'. Type plans to see them.")
        }
        guard matches.count == 1 else {
            let list = matches.prefix(8).map { "\($0.id) \"\($0.goal)\"" }.joined(separator: ", ")
            throw UsageError(message: "'\(planPart)' matches several plans: \(list). Use the id.")
        }
        guard let plan = try store.plan(matches[0].id) else { throw UsageError(message: "No plan \(matches[0].id). Type plans to see them.") }
        if needed == true, milestoneNumber == nil { throw UsageError(message: whichMilestone(plan, usage: usage)) }
        if let number = milestoneNumber {
            guard needed != false else { throw UsageError(message: "Usage: \(usage)") }
            guard plan.milestones.indices.contains(number - 1) else {
                throw UsageError(message: "Plan \(plan.id!) has no milestone \(number); it has \(plan.milestones.count). Type show \(plan.id!).")
            }
            return (plan, number - 1)
        }
        return (plan, nil)
    }

    /// The plan reference: every word that is not an option, so `show ship the m` needs no quotes.
    private func whichMilestone(_ plan: Plan, usage: String) -> String {
        guard !plan.milestones.isEmpty else { return "Plan \(plan.id!) has no milestones yet; add one with: add \(plan.id!)" }
        let example = plan.nextMilestone.map { "\(plan.id!).\($0.number), the next open one: \($0.milestone.title)" } ?? "\(plan.id!).1"
        return "Which milestone? Usage: \(usage) (e.g. \(example))"
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
        var page = 1
        if let text = try option("--page", in: arguments) {
            guard let number = Int(text), number > 0 else { throw UsageError(message: "--page takes a page number, like --page 2.") }
            page = number
        }
        let size = Shell.plansPerPage
        let summaries = try store.summaries(includeClosed: all, limit: size, offset: (page - 1) * size)
        let count = summaries.count < size && page == 1 ? summaries.count : try store.summaryCount(includeClosed: all)
        guard !summaries.isEmpty else {
            if count > 0 { throw UsageError(message: "There are \(count) plans, \((count + size - 1) / size) page(s) of \(size); page \(page) is empty.") }
            return Reply([OutputLine("No plans yet. Type new to make one.", .muted)])
        }
        let rows = summaries.map { s in
            ["\(s.id)", truncate(s.goal, 34) + (s.status == .active ? "" : " (\(s.status.rawValue))"), "\(s.done)/\(s.total)", truncate(s.next ?? "-", 30), day(s.lastWin)]
        }
        var lines = Table.render(header: ["id", "goal", "done", "next milestone", "last win"], rows: rows).map { OutputLine($0) }
        if count > size {
            let pages = (count + size - 1) / size
            let more = page < pages ? "; plans \(all ? "--all " : "")--page \(page + 1) for the next" : ""
            lines.append(OutputLine("Page \(page) of \(pages) (\(count) plans)\(more).", .muted))
        }
        return Reply(lines)
    }

    func truncate(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }

    func show(_ arguments: [String]) throws -> Reply {
        let (plan, _) = try resolve(reference(arguments), milestone: false, usage: "show PLAN")
        var lines = [OutputLine("Plan \(plan.id!) (\(plan.status.rawValue)): \(plan.goal)", .success)]
        lines += PlanRenderer.summary(plan).dropFirst()
        let findings = rules.ruleSet.check(plan: plan).filter { finding in
            !plan.overrides.contains { $0.ruleID == finding.ruleID && $0.path == finding.path }
        }
        if !findings.isEmpty {
            lines.append(OutputLine("Findings:"))
            lines += findings.map { OutputLine("  - \($0.path): \($0.message) [\($0.ruleID)]", .finding) }
        }
        if !plan.overrides.isEmpty {
            lines.append(OutputLine("Kept with a reason:"))
            lines += plan.overrides.map { OutputLine("  - \($0.path): \"\($0.text)\" — \($0.reason) [\($0.ruleID)]", .muted) }
        }
        if !plan.wins.isEmpty {
            lines.append(OutputLine("Wins:"))
            lines += plan.wins.map { OutputLine("  \(day($0.date)) \(plan.id!).\($0.milestone): \($0.note)" + ($0.evidence.map { " <\($0)>" } ?? "")) }
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

    func done(_ arguments: [String]) throws -> Reply {
        let (plan, milestone) = try resolve(reference(arguments), milestone: true, usage: "done PLAN.MILESTONE")
        let index = milestone!
        guard plan.milestones[index].status != .done else {
            throw UsageError(message: "\(plan.id!).\(index + 1) is already done.")
        }
        try refuseOverDraft()
        return try begin(Form(kind: .done, base: plan, milestone: index),
                         intro: [OutputLine("Done: \(plan.milestones[index].title)", .success)])
    }

    func skip(_ arguments: [String]) throws -> Reply {
        let (plan, milestone) = try resolve(reference(arguments), milestone: true, usage: "skip PLAN.MILESTONE")
        try refuseOverDraft()
        return try begin(Form(kind: .skip, base: plan, milestone: milestone!),
                         intro: [OutputLine("Setting aside: \(plan.milestones[milestone!].title)", .muted)])
    }

    func unstick(_ arguments: [String]) throws -> Reply {
        let (plan, _) = try resolve(reference(arguments), milestone: false, usage: "unstick PLAN")
        try refuseOverDraft()
        return try begin(Form(kind: .unstick, base: plan),
                         intro: [OutputLine("Let's find one step you can finish today for: \(plan.goal)", .muted)])
    }

    /// One flow at a time: a new one would replace the draft.
    func refuseOverDraft() throws {
        if let draft = try store.draft() {
            throw UsageError(message: "You have an unfinished \(describe(draft)). Type resume to finish it, or discard to drop it first.")
        }
    }

    func drop(_ arguments: [String]) throws -> Reply {
        let (plan, milestone) = try resolve(reference(arguments), usage: "drop PLAN[.MILESTONE]")
        let id = plan.id!
        if let milestone {
            try store.update(id, describing: "drop \(id).\(milestone + 1)", at: now) { $0.milestones[milestone].status = .dropped }
            return Reply([OutputLine("Dropped \(id).\(milestone + 1) \(plan.milestones[milestone].title). Type undo to bring it back.", .success)])
        }
        try store.update(id, describing: "drop plan \(id)", at: now) { $0.status = .dropped }
        return Reply([OutputLine("Dropped plan \(id) \"\(plan.goal)\". Type undo to bring it back.", .success)])
    }

    func archive(_ arguments: [String]) throws -> Reply {
        let (plan, _) = try resolve(reference(arguments), milestone: false, usage: "archive PLAN")
        try store.update(plan.id!, describing: "archive plan \(plan.id!)", at: now) { $0.status = .archived }
        return Reply([OutputLine("Archived plan \(plan.id!) \"\(plan.goal)\". plans --all still lists it.", .success)])
    }

    // MARK: Files

    func export(_ arguments: [String]) throws -> Reply {
        let rest = positional(arguments, options: ["--format", "-o"])
        let (plan, _) = try resolve(reference(rest), milestone: false, usage: "export PLAN [--format md|json] [-o FILE]")
        let format = try option("--format", in: arguments) ?? "md"
        let text: Data
        switch format {
        case "json": text = PlanJSON.encode([plan], asArray: false)
        case "md", "markdown": text = Data(PlanMarkdown.render(plan, calendar: calendar).utf8)
        default: throw UsageError(message: "Unknown format '\(format)'; use md or json.")
        }
        if let path = try option("-o", in: arguments) {
            try environment.files.write(text, to: path)
            return Reply([OutputLine("Wrote plan \(plan.id!) to \(path).", .success)])
        }
        return Reply(String(decoding: text, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { OutputLine(String($0)) })
    }

    /// Reads the file a piece at a time and saves each plan as it is read, all in one transaction:
    /// a mistake in the last plan imports nothing, and memory is that of one piece and one plan,
    /// however many plans the file holds.
    func importPlans(_ arguments: [String]) throws -> Reply {
        guard let path = arguments.first else { throw UsageError(message: "Usage: import FILE") }
        var lines: [OutputLine] = []
        try store.saveEach(describing: { "import plan \"\($0.goal)\"" }, at: now) { save in
            try eachPlan(in: path) { plan in
                lines.append(OutputLine("Imported plan \(try save(plan)) \"\(plan.goal)\".", .success))
            }
        }
        return Reply(lines)
    }

    /// Each plan in a plan JSON file, read as a stream.
    private func eachPlan(in path: String, _ body: (Plan) throws -> Void) throws {
        var stream = PlanJSONStream()
        do {
            try environment.files.read(path, inPiecesOf: 1 << 16) { piece in
                for element in try stream.feed(piece) { try body(try PlanJSON.decode(element)) }
            }
            for element in try stream.finish() { try body(try PlanJSON.decode(element)) }
        } catch let error as PlanJSON.DecodingError {
            throw UsageError(message: "\(error.described(in: path)). Nothing was imported.")
        }
    }

    func check(_ arguments: [String]) throws -> Reply {
        let rest = positional(arguments, options: ["--format"])
        guard let path = rest.first else { throw UsageError(message: "Usage: check FILE [--format text|json]") }
        let format = try option("--format", in: arguments) ?? "text"
        let plans: [Plan]
        do {
            plans = try PlanJSON.decode(try environment.files.read(path))
        } catch let error as PlanJSON.DecodingError {
            throw UsageError(message: error.described(in: path))
        }
        let report = CheckReport(file: path, plans: plans, rules: rules.ruleSet)
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
        default: return Reply([OutputLine("Usage: rules [list|test|lint]", .error)])
        }
    }

    // MARK: Help

    func help(_ topic: String?) -> [OutputLine] {
        if let topic {
            guard let info = CommandInfo.all.first(where: { $0.name == topic.lowercased() }) else {
                let guess = Suggestion.closest(to: topic, in: CommandInfo.names).map { " Did you mean '\($0)'?" } ?? ""
                return [OutputLine("No command '\(topic)'.\(guess)", .error)]
            }
            return [OutputLine(info.usage, .success), OutputLine("  " + info.summary)]
        }
        var lines = [OutputLine("Commands:")]
        let width = CommandInfo.all.map(\.usage.count).max() ?? 0
        lines += CommandInfo.all.map { OutputLine("  " + $0.usage.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.summary) }
        lines.append(OutputLine("Inside a question: back, skip (optional ones), help, cancel, quit; keep <reason> after a finding.", .muted))
        return lines
    }
}

/// Fixed-width text tables.
enum Table {
    static func render(header: [String], rows: [[String]]) -> [String] {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return [line(header)] + rows.map(line)
    }
}
