import Foundation

/// The plan so far as a narrative a stakeholder can read: goal and why, the metric's path, the wins
/// with their evidence, the decisions along the way, and what comes next. Deterministic for the
/// same data.
///
/// It tells outcomes, not the coaching conversation: what blocked the project, why a step was set
/// aside and why an answer was kept are what the person told the coach ("my mum is in hospital so
/// I'm covering the counter", an argument with a finding), and a trial found them printed for a
/// stakeholder. They are told only when asked for (`candid`, `story --full`). A local path as a
/// win's evidence is named by its file: "/home/amara/Drive/…/outline_v3.docx" says where the
/// person keeps files, and opens nothing on a reader's machine.
public enum Story {
    /// The answers kept with a reason, once each: one reason can keep several findings on one
    /// answer, and a stakeholder reads the answer and the reason, not the rules' names.
    /// A skip's reason after "was dropped —": without the kind said again ("was dropped — dropped
    /// in the weekly review").
    static func reason(of skip: Skip) -> String {
        let kind = skip.kind.rawValue + " "
        return skip.reason.lowercased().hasPrefix(kind) ? String(skip.reason.dropFirst(kind.count)) : skip.reason
    }

    public static func keptAnswers(_ plan: Plan) -> [Override] {
        var seen = Set<[String]>()
        return plan.overrides.filter { seen.insert([$0.path, $0.text, $0.reason]).inserted }
    }

    /// A kept answer as a reader sees it: a timebox kept as typed ("5") with its unit (a trial's
    /// story said: We kept "5" on purpose).
    public static func shownText(of kept: Override) -> String {
        guard kept.path.hasSuffix(".timeboxDays"), let days = Timebox.parseDays(kept.text) else { return kept.text }
        return Timebox.format(days)
    }

    /// A win's evidence as a reader sees it: a local path by its file's name, unless `candid`.
    static func shownEvidence(_ evidence: String, candid: Bool) -> String {
        guard !candid, evidence.firstMatch(of: /^(~|\.{1,2})?\/\S|^[A-Za-z]:\\/) != nil else { return evidence }
        return evidence.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? evidence
    }

    /// Who owns a step, for a reader: nothing for "me", which names nobody to someone else.
    static func shownOwner(_ milestone: Milestone) -> String {
        milestone.owner.lowercased() == "me" || milestone.owner.isEmpty ? "" : ", \(milestone.owner)"
    }

    /// The decisions along the way: steps set aside (with why, when `candid`), and, when `candid`,
    /// the answers kept on purpose with their reasons.
    static func decisions(_ plan: Plan, candid: Bool) -> [(day: Date, step: String, kind: String, reason: String?)] {
        // A rest day is the person's, not the plan's: it stays out of what stakeholders read.
        plan.skips.filter { $0.kind != .rest }.map { skip in
            (skip.date, plan.title(ofMilestone: skip.milestone), skip.kind.rawValue, candid ? Story.reason(of: skip) : nil)
        }
    }

    public static func markdown(_ plan: Plan, calendar: Calendar, candid: Bool = false) -> String {
        var out: [String] = ["# \(plan.goal)", ""]
        if !plan.outcome.isEmpty { out += ["**Why it matters:** \(plan.outcome)", ""] }
        out += ["## The metric", ""]
        let readings = plan.readingsOfTheMetric.compactMap { win in win.metricReading.map { (win.date, $0) } }
        var metricLine = plan.metric.name.isEmpty ? "No leading metric yet (edit the plan to name one)" : "**\(plan.metric.name)**"
        if let baseline = plan.metric.baseline { metricLine += " started at \(baseline)" }
        if let target = plan.metric.target { metricLine += "; the target is \(target)" }
        out.append(metricLine + ".")
        if let last = readings.last {
            let numbers = readings.compactMap { Sparkline.number(in: $0.1) }
            var line = "Latest reading: \(last.1) (\(day(last.0, calendar)))"
            // Against a baseline with no number the change says the reading again (a trial's story did).
            if plan.metric.baseline.flatMap(Sparkline.number) != nil, let change = Sparkline.change(baseline: plan.metric.baseline, latest: last.1) { line += " — \(change)" }
            if numbers.count > 1 { line += " `\(Sparkline.render(numbers))`" }
            out.append(line + ".")
        } else {
            out.append("No readings logged yet.")
        }
        out.append("")
        if let stalled = plan.stalled {
            let blocker = candid && !stalled.blocker.isEmpty ? " What blocked it: \(stalled.blocker)." : ""
            out += ["## Where it started", "", "The project had stalled: the last visible progress was \(stalled.lastProgress).\(blocker)", ""]
        }
        out += ["## Wins", ""]
        if plan.wins.isEmpty { out.append("No wins logged yet.") }
        for win in plan.winsByDate {
            let title = plan.title(ofMilestone: win.milestone)
            var line = "- **\(day(win.date, calendar))** — \(win.note) (_\(title)_\(win.by.map { ", by \($0)" } ?? ""))"
            if let evidence = win.evidence { line += ". Evidence: \(shownEvidence(evidence, candid: candid))" }
            if let reading = win.metricReading { line += ". \(plan.metricName(of: win)): \(reading)" }
            out.append(line)
        }
        out.append("")
        // Only a team's store names who logged a win; a personal story stays as it was.
        if let wins = TeamTally.winsByPerson(plan.wins) {
            out += ["## Who moved it", "", "- Wins by person: \(wins)"] + [TeamTally.owners(plan.milestones).map { "- Milestones by owner: \($0)" }].compactMap { $0 } + [""]
        }
        let decisions = Story.decisions(plan, candid: candid).map { decision in
            "- \(day(decision.day, calendar)): _\(decision.step)_ was \(decision.kind)" + (decision.reason.map { " — \($0)" } ?? "")
        } + (candid ? Story.keptAnswers(plan).map { "- We kept \"\(Story.shownText(of: $0))\" on purpose: \($0.reason)" } : [])
        if !decisions.isEmpty { out += ["## Decisions along the way", ""] + decisions + [""] }
        out += ["## What comes next", ""]
        let open = plan.openMilestones, blocked = plan.blockedMilestones
        if open.isEmpty, blocked.isEmpty { out.append("Every milestone is closed; the next step is to decide the next one.") }
        for (number, milestone) in open {
            var line = "- [ ] \(number). \(milestone.title) (\(milestone.timeboxLabel)\(shownOwner(milestone)))"
            if !milestone.criterion.isEmpty { line += " — done when \(milestone.criterion)" }
            out.append(line)
        }
        // A blocked step still comes next, once it is free (a trial's story left it out).
        out += blocked.map { "- Waiting: \($0.number). \($0.milestone.title) — blocked since \(day($0.skip.date, calendar))" + (candid ? ": \($0.skip.reason)" : "") }
        return out.joined(separator: "\n") + "\n"
    }

    static func day(_ date: Date, _ calendar: Calendar) -> String { Day(date, in: calendar).description }
}

/// A plan as a readable Markdown document with GitHub-style task lists (`export --format md`).
public enum PlanMarkdown {
    public static func render(_ plan: Plan, calendar: Calendar) -> String {
        var out = ["# \(plan.goal)", ""]
        if !plan.outcome.isEmpty { out.append("- **Why:** \(plan.outcome)") }
        out.append("- **Leading metric:** \(PlanRenderer.metricLine(plan))")
        if let stalled = plan.stalled {
            out.append("- **Last progress:** \(stalled.lastProgress)")
            out.append("- **Blocked by:** \(stalled.blocker)")
        }
        out += ["", "## Milestones", ""]
        for (index, m) in plan.milestones.enumerated() {
            let box = m.status == .done ? "[x]" : "[ ]"
            // A blocked step says so (a trial's export called it skipped and dropped its reason).
            let skip = plan.skips.last { $0.milestone == index + 1 }
            let kind = m.status == .skipped && skip?.kind == .blocked ? "blocked" : m.status.rawValue
            let note = m.status == .skipped || m.status == .dropped ? " (\(kind))" : ""
            out.append("- \(box) **\(index + 1). \(m.title)**\(note) — \(m.timeboxLabel), owner: \(m.owner)")
            if !m.criterion.isEmpty { out.append("  - Done when: \(m.criterion)") }
            if !m.artifact.isEmpty { out.append("  - Artifact: \(m.artifact)") }
            if !m.moves.isEmpty { out.append("  - Moves: \(m.moves)") }
            if !note.isEmpty, let skip { out.append("  - Set aside (\(skip.kind.rawValue)): \(Story.reason(of: skip))") }
        }
        if !plan.wins.isEmpty {
            out += ["", "## Wins", ""]
            out += plan.winsByDate.map { "- \(Story.day($0.date, calendar)): \($0.note)" + ($0.evidence.map { " (\(evidence($0)))" } ?? "") }
        }
        if !plan.overrides.isEmpty {
            out += ["", "## Kept findings", ""]
            out += plan.overrides.map { "- \(FieldLabel.label($0.path)) (\($0.ruleID)): \($0.reason)" }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A win's evidence as Markdown: a link only when it is one. "the code and the sent emails"
    /// became a broken link, "etsy.com/shop/x" a relative one, and a path with spaces no link.
    static func evidence(_ text: String) -> String {
        let lowered = text.lowercased()
        if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") { return "[evidence](<\(text)>)" }
        if !text.contains(" "), text.firstMatch(of: /^[\w-]+(\.[\w-]+)+(\/\S*)?$/) != nil, text.contains(where: \.isLetter),
           !text.hasPrefix("."), text.firstMatch(of: /\.(md|pdf|png|jpe?g|docx?|xlsx?|csv|txt|html?|mp3|mp4|key|pptx?|fig|swift|py)$/) == nil {
            return "[evidence](<https://\(text)>)"
        }
        return "evidence: \(text)"
    }
}
