import Foundation

/// The flows' questions, in order, as a fold over the answers given so far: each call replays the
/// answers onto the base plan and returns the next question, or the result when none is left.
enum Scripts {
    enum Step {
        case ask(Question, Plan)
        case complete(FormResult)
    }

    static func next(_ form: Form) -> Step {
        var walk = Walk(form: form)
        return walk.run()
    }

    /// The timeboxes as the user typed them ("two weeks"), by milestone index, for echoing back.
    static func timeboxesAsSaid(_ form: Form) -> [Int: String] {
        var walk = Walk(form: form)
        _ = walk.run()
        return walk.timeboxesAsSaid
    }

    /// Replays answers in order. `take` hands out the next answer if it is for that question.
    struct Walk {
        var plan: Plan
        let form: Form
        var index = 0
        var timeboxesAsSaid: [Int: String] = [:]

        init(form: Form) {
            self.form = form
            self.plan = form.base
        }

        mutating func run() -> Step {
            switch form.kind {
            case .new: return newPlan()
            case .add: return addMilestones()
            case .editPlan: return editPlan()
            case .editMilestone: return editMilestone()
            case .done: return done()
            case .skip: return skip()
            case .unstick: return unstick()
            // A review's draft is replayed by the shell into the review's own conversation; walked
            // here, it has nothing to ask.
            case .review: return .complete(.plan(plan))
            }
        }

        /// The save question's answer. Before it, each `keep <reason>` typed at save> is an answer
        /// of its own (no value) keeping the open findings listed there.
        mutating func save() -> Bool {
            while index < form.answers.count, form.answers[index].key == .save, form.answers[index].value == nil {
                plan.overrides += form.answers[index].kept.compactMap { kept in
                    kept.path.map { Override(ruleID: kept.ruleID, path: $0, text: kept.text ?? "", reason: kept.reason) }
                }
                index += 1
            }
            return take(Questions.save) != nil
        }

        mutating func take(_ question: Question) -> Answer? {
            guard index < form.answers.count, form.answers[index].key == question.key else { return nil }
            let answer = form.answers[index]
            index += 1
            if let value = answer.value {
                let path = PlanFields.path(of: question.key.ruleField ?? .plan, milestone: question.milestone)
                plan.overrides += answer.kept.map { Override(ruleID: $0.ruleID, path: path, text: value, reason: $0.reason) }
            }
            return answer
        }

        // MARK: new

        mutating func newPlan() -> Step {
            guard let goal = take(Questions.goal()) else { return .ask(Questions.goal(), plan) }
            plan.goal = goal.value ?? ""
            guard let outcome = take(Questions.outcome()) else { return .ask(Questions.outcome(), plan) }
            plan.outcome = outcome.value ?? ""
            guard let metric = take(Questions.metric()) else { return .ask(Questions.metric(), plan) }
            plan.metric.name = metric.value ?? ""
            if let step = metricNumbers() { return step }
            guard let stage = take(Questions.stage) else { return .ask(Questions.stage, plan) }
            if stage.value == "stalled" {
                if let step = stalledContext() { return step }
            }
            if let step = milestoneLoop(first: 0) { return step }
            guard save() else { return .ask(Questions.save, plan) }
            return .complete(.plan(plan))
        }

        mutating func metricNumbers() -> Step? {
            // A metric edited into another is not measured in the old numbers: "12km" is no baseline
            // for "pain-free runs per week", so they are not offered.
            var sameMetric = form.kind == .editPlan && plan.metric.name == form.base.metric.name
            if form.kind == .editPlan, !sameMetric, form.base.hasMetricNumbers {
                let question = Questions.sameMetric(old: form.base.metric.name, new: plan.metric.name)
                guard let same = take(question) else { return .ask(question, plan) }
                sameMetric = same.value == "yes"
            }
            let old = form.base.metric
            func replaced(_ value: String?) -> Questions.Replaced? {
                guard form.kind == .editPlan, !sameMetric, let value, !value.isEmpty else { return nil }
                return Questions.Replaced(value: value, metric: old.name)
            }
            let baseline = Questions.baseline(metric: plan.metric.name, current: sameMetric ? old.baseline : nil, replaced: replaced(old.baseline))
            guard let b = take(baseline) else { return .ask(baseline, plan) }
            plan.metric.baseline = b.value
            let target = Questions.target(current: sameMetric ? old.target : nil, replaced: replaced(old.target))
            guard let t = take(target) else { return .ask(target, plan) }
            plan.metric.target = t.value
            return nil
        }

        mutating func stalledContext(current: StalledContext? = nil) -> Step? {
            let progress = Questions.progress(current: current?.lastProgress)
            guard let p = take(progress) else { return .ask(progress, plan) }
            let blocker = Questions.blocker(current: current?.blocker)
            plan.stalled = StalledContext(lastProgress: p.value ?? "", blocker: "")
            guard let b = take(blocker) else { return .ask(blocker, plan) }
            plan.stalled?.blocker = b.value ?? ""
            return nil
        }

        /// Milestones one at a time, each followed by "another?", until the user says no.
        mutating func milestoneLoop(first: Int) -> Step? {
            while true {
                let number = plan.milestones.count
                let unstick = form.kind == .new && plan.stalled != nil && number == first
                if let step = milestone(at: number, existing: nil, unstick: unstick, ordinal: number + 1) { return step }
                let another = Questions.another(count: plan.milestones.count - first)
                guard let answer = take(another) else { return .ask(another, plan) }
                if answer.value != "yes" { return nil }
            }
        }

        /// The six questions of one milestone. With `existing`, each offers the current value.
        mutating func milestone(at index: Int, existing: Milestone?, unstick: Bool, ordinal: Int) -> Step? {
            var draft = existing ?? Milestone(title: "")
            func place() {
                if index < plan.milestones.count { plan.milestones[index] = draft } else { plan.milestones.append(draft) }
            }
            let titleQ = Questions.title(index: index, ordinal: ordinal, blocker: unstick ? plan.stalled?.blocker : nil, current: existing?.title)
            guard let title = take(titleQ) else { return .ask(titleQ, plan) }
            draft.title = title.value ?? ""
            place()
            let criterionQ = Questions.criterion(index: index, current: existing?.criterion.nonEmpty)
            guard let criterion = take(criterionQ) else { return .ask(criterionQ, plan) }
            draft.criterion = criterion.value ?? ""
            place()
            let artifactQ = Questions.artifact(index: index, current: existing?.artifact.nonEmpty)
            guard let artifact = take(artifactQ) else { return .ask(artifactQ, plan) }
            draft.artifact = artifact.value ?? ""
            place()
            // A timebox nobody gave is not offered, as an empty field is not: this answer gives it.
            let timeboxQ = Questions.timebox(index: index, unstick: unstick, current: existing?.givenTimeboxDays.map(Timebox.format))
            guard let timebox = take(timeboxQ) else { return .ask(timeboxQ, plan) }
            if let days = timebox.value.flatMap(Timebox.parseDays) { draft.timeboxDays = days }
            // A bare number reads better as days ("2 days"); words are echoed as typed ("two weeks").
            if let said = timebox.value, Double(said) == nil { timeboxesAsSaid[index] = said }
            place()
            let ownerQ = Questions.owner(index: index, current: existing?.owner)
            guard let owner = take(ownerQ) else { return .ask(ownerQ, plan) }
            draft.owner = owner.value ?? "me"
            place()
            let movesQ = Questions.moves(index: index, metric: plan.metric.name, current: existing?.moves.nonEmpty)
            guard let moves = take(movesQ) else { return .ask(movesQ, plan) }
            draft.moves = moves.value ?? ""
            place()
            return nil
        }

        // MARK: add, edit, unstick

        mutating func addMilestones() -> Step {
            if let step = milestoneLoop(first: form.base.milestones.count) { return step }
            return .complete(.plan(plan))
        }

        mutating func editPlan() -> Step {
            let base = form.base
            let goalQ = Questions.goal(current: base.goal)
            guard let goal = take(goalQ) else { return .ask(goalQ, plan) }
            plan.goal = goal.value ?? base.goal
            let outcomeQ = Questions.outcome(current: base.outcome)
            guard let outcome = take(outcomeQ) else { return .ask(outcomeQ, plan) }
            plan.outcome = outcome.value ?? base.outcome
            let metricQ = Questions.metric(current: base.metric.name)
            guard let metric = take(metricQ) else { return .ask(metricQ, plan) }
            plan.metric.name = metric.value ?? base.metric.name
            if let step = metricNumbers() { return step }
            if let stalled = base.stalled, let step = stalledContext(current: stalled) { return step }
            return .complete(.plan(plan))
        }

        mutating func editMilestone() -> Step {
            let index = form.milestone ?? 0
            if let step = milestone(at: index, existing: form.base.milestones[index], unstick: false, ordinal: index + 1) { return step }
            return .complete(.plan(plan))
        }

        /// Walks a stalled plan down to one step that can be finished today, placed before the
        /// next open milestone.
        mutating func unstick() -> Step {
            if form.base.milestones.contains(where: \.isCandidate) { return sharpen() }
            // What was said before is offered (Enter keeps it): a trial's short retyping replaced it.
            if let step = stalledContext(current: form.base.stalled) { return step }
            let insertAt = plan.milestones.firstIndex { $0.status == .open } ?? plan.milestones.count
            // The new step goes in first, so its answers are checked against the plan as it will be
            // (a kept finding of the step it displaces has moved on with that step).
            plan.insertMilestone(Milestone(title: ""), at: insertAt)
            if let step = milestone(at: insertAt, existing: nil, unstick: true, ordinal: 1) { return step }
            return .complete(.plan(plan))
        }

        /// An imported list's candidates, one at a time: keep and sharpen it (the milestone
        /// questions, with the rules), split it, merge it with the next candidate, drop it, or
        /// leave it for later. What blocks the project is asked first.
        mutating func sharpen() -> Step {
            let imported = form.base.stalled
            if imported?.lastProgress.isEmpty ?? true {
                let progress = Questions.progress()
                guard let p = take(progress) else { return .ask(progress, plan) }
                plan.stalled = StalledContext(lastProgress: p.value ?? "", blocker: "")
            }
            let blocker = Questions.blocker(current: imported?.blocker.nonEmpty)
            guard let b = take(blocker) else { return .ask(blocker, plan) }
            plan.stalled = StalledContext(lastProgress: plan.stalled?.lastProgress ?? "", blocker: b.value ?? "")
            var index = 0
            while index < plan.milestones.count {
                guard plan.milestones[index].isCandidate else {
                    index += 1
                    continue
                }
                let next = plan.milestones[(index + 1)...].firstIndex(where: \.isCandidate)
                let decisionQ = Questions.candidate(plan.milestones[index], index: index, canMerge: next != nil,
                                                    left: plan.milestones[index...].count(where: \.isCandidate))
                guard let decision = take(decisionQ) else { return .ask(decisionQ, plan) }
                switch decision.value {
                case "keep":
                    if let step = milestone(at: index, existing: plan.milestones[index], unstick: false, ordinal: index + 1) { return step }
                    index += 1
                case "split":
                    let partsQ = Questions.parts(plan.milestones[index], index: index)
                    guard let parts = take(partsQ) else { return .ask(partsQ, plan) }
                    let whole = plan.milestones[index]
                    let titles = (parts.value ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    // The parts' timeboxes are for the user to give; the first part is the task the
                    // list knows, so an export updates that task and adds the others.
                    plan.splitMilestone(at: index, into: titles.enumerated().map { offset, title in
                        Milestone(title: title, timeboxDays: nil, owner: whole.owner, moves: whole.moves,
                                  importedTask: offset == 0 ? whole.importedTask : nil)
                    })
                case "merge":
                    guard let next else { return .ask(decisionQ, plan) }
                    let mergeQ = Questions.merged(plan.milestones[index], plan.milestones[next], index: index)
                    guard let merged = take(mergeQ) else { return .ask(mergeQ, plan) }
                    plan.milestones[index].title = merged.value ?? plan.milestones[index].title
                    plan.milestones[index].givenTimeboxDays = [plan.milestones[index], plan.milestones[next]].compactMap(\.givenTimeboxDays).max()
                    plan.mergeMilestone(next, into: index)
                case "drop":
                    plan.milestones[index].status = .dropped
                    index += 1
                default:
                    index += 1
                }
            }
            return .complete(.plan(plan))
        }

        // MARK: done, skip

        mutating func done() -> Step {
            let index = form.milestone ?? 0
            let milestone = form.base.milestones[index]
            let noteQ = Questions.winNote(milestone: milestone, index: index)
            guard let note = take(noteQ) else { return .ask(noteQ, plan) }
            let evidenceQ = Questions.evidence(artifact: milestone.artifact)
            guard let evidence = take(evidenceQ) else { return .ask(evidenceQ, plan) }
            let kept = plan.overrides.filter { $0.path == PlanFields.path(of: .win, milestone: index) }
            if plan.metric.name.isEmpty {
                return .complete(.win(milestone: index, note: note.value ?? "", evidence: evidence.value, reading: nil, kept: kept))
            }
            let readingQ = Questions.reading(metric: plan.metric, latest: form.base.readingsOfTheMetric.last?.metricReading)
            guard let reading = take(readingQ) else { return .ask(readingQ, plan) }
            return .complete(.win(milestone: index, note: note.value ?? "", evidence: evidence.value, reading: reading.value, kept: kept))
        }

        mutating func skip() -> Step {
            guard let kind = take(Questions.skipKind) else { return .ask(Questions.skipKind, plan) }
            guard let reason = take(Questions.skipReason) else { return .ask(Questions.skipReason, plan) }
            let index = form.milestone ?? 0
            let skipKind = SkipKind(rawValue: kind.value ?? "") ?? .blocked
            // A rescoped step is the same step made smaller or changed: it asks what it is now (a
            // trial's "rescoped" changed nothing, and the review then called the old step stalled).
            var rescopedTo: String?, criterion: String?, artifact: String?
            if skipKind == .rescoped {
                let current = plan.milestones.indices.contains(index) ? plan.milestones[index].title : ""
                let question = Questions.rescoped(index: index, current: current)
                guard let title = take(question) else { return .ask(question, plan) }
                rescopedTo = title.value.flatMap { $0 == current ? nil : $0 }
                // A new shape needs its own done-when: a trial's rescoped step kept "…and I hit 300
                // words", and the story promised it to a stakeholder.
                if rescopedTo != nil, form.base.milestones.indices.contains(index) {
                    let old = form.base.milestones[index].criterion
                    let criterionQ = Questions.rescopedCriterion(index: index, current: old)
                    guard let answer = take(criterionQ) else { return .ask(criterionQ, plan) }
                    criterion = answer.value.flatMap { $0 == old ? nil : $0 }
                    let oldArtifact = form.base.milestones[index].artifact
                    let artifactQ = Questions.rescopedArtifact(index: index, current: oldArtifact)
                    guard let shown = take(artifactQ) else { return .ask(artifactQ, plan) }
                    artifact = shown.value.flatMap { $0 == oldArtifact ? nil : $0 }
                }
            }
            let paths = [PlanFields.path(of: .milestone, milestone: index), PlanFields.path(of: .criterion, milestone: index),
                         PlanFields.path(of: .artifact, milestone: index)]
            return .complete(.skip(milestone: index, kind: skipKind, reason: reason.value ?? "", rescopedTo: rescopedTo, criterion: criterion, artifact: artifact,
                                   kept: rescopedTo == nil ? [] : plan.overrides.filter { paths.contains($0.path) && !form.base.overrides.contains($0) }))
        }
    }
}
