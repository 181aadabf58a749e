/// The coach's questions. Short, one idea each, with a purpose and a good and a weak example
/// for `help`.
enum Questions {
    static func goal(current: String? = nil) -> Question {
        Question(.goal, "What goal do you want to move? One sentence.",
                 purpose: "A goal names a change in the world you can point at, not an activity.",
                 good: "Ship the billing page so customers can upgrade on their own",
                 weak: "Work on the website", defaultAnswer: current)
    }

    static func outcome(current: String? = nil) -> Question {
        Question(.outcome, "Why does it matter? What will you see when it has worked?",
                 purpose: "The outcome is how you will know the goal paid off, so steps can be judged against it.",
                 good: "Customers upgrade without emailing us; support tickets about billing drop",
                 weak: "It would be good to have", defaultAnswer: current)
    }

    static func metric(current: String? = nil) -> Question {
        Question(.metric, "Which one number will tell you early that it is working? (your leading metric)",
                 purpose: "A leading metric moves before the final outcome does, and changes what you do next.",
                 good: "Upgrades per week through the billing page",
                 weak: "Page views", defaultAnswer: current)
    }

    /// Asked when an edit renames a metric that has numbers: a trial's rewording ("% of hand hygiene
    /// moments compliant in the weekly audit" for "percentage of staff compliant in audits") lost its
    /// reading to the old name, another's new metric had relabelled the old readings.
    static func sameMetric(old: String, new: String) -> Question {
        Question(.sameMetric, "Is '\(new)' the same measure as '\(old)', reworded? (yes/no)",
                 purpose: "yes: its baseline, target and readings carry over. no: they stay with '\(old)', and '\(new)' starts afresh.",
                 good: "yes", weak: "maybe", kind: .choice(["yes", "no"]))
    }

    /// `replaced`: the baseline the plan had for the metric an edit just replaced. It is not
    /// offered (it counts something else), so the question says what becomes of it: a trial's
    /// Enter there, told "Enter keeps an answer", lost its target without a word.
    static func baseline(metric: String, current: String?, replaced: Replaced? = nil) -> Question {
        Question(.baseline, "Where is it today?" + (replaced.map { " " + $0.note(for: "baseline") } ?? "") + " (skip if you don't know yet)",
                 purpose: "A baseline makes the first win visible: the same number, before.",
                 good: "2 upgrades a week, all by email", weak: "low", optional: true, defaultAnswer: current)
    }

    static func target(current: String?, replaced: Replaced? = nil) -> Question {
        Question(.target, "Where do you want it, and by when?" + (replaced.map { " " + $0.note(for: "target") } ?? "") + " (skip if unsure)",
                 purpose: "A target turns the metric into a finish line you can plan toward.",
                 good: "10 a week by the end of January", weak: "a lot more", optional: true, defaultAnswer: current)
    }

    /// A number the plan had for its old metric.
    struct Replaced {
        var value: String
        var metric: String
        func note(for name: String) -> String {
            "The \(name) '\(value)' was for '\(metric)': type it again if it still holds, or Enter leaves it out."
        }
    }

    static let stage = Question(.stage, "Is this a new goal, or a stalled project? (new/stalled)",
                                purpose: "new: you have not started it yet. stalled: you started, and it stopped moving. A stalled project starts with the smallest step past what blocks it.",
                                good: "stalled", weak: "kind of both", kind: .choice(["new", "stalled"]))

    static func progress(current: String? = nil) -> Question {
        Question(.progress, "What was the last visible progress, and when?",
                 purpose: "Naming the last thing that moved shows where momentum was lost.",
                 good: "The pricing table went live in September", weak: "Some stuff a while ago", defaultAnswer: current)
    }

    static func blocker(current: String? = nil) -> Question {
        Question(.blocker, "What blocks it now?",
                 purpose: "The first step should remove this, or get around it.",
                 good: "I don't know which payment provider fits our tax setup", weak: "Motivation", defaultAnswer: current)
    }

    static func title(index: Int, ordinal: Int, blocker: String?, current: String?) -> Question {
        let text: String
        if current != nil {
            text = "Milestone \(index + 1): what is the step?"
        } else if let blocker, !blocker.isEmpty {
            // A rambling blocker pasted whole made the question unreadable (a trial's 30 words).
            let named = blocker.split(separator: " ").count <= 16 ? "\"\(blocker)\"" : "that blocker"
            text = "What could you finish today that gets you past \(named)? The smallest step."
        } else if ordinal == 1 {
            text = "First milestone: a step you can finish in 1-3 days. What is it?"
        } else {
            text = "Milestone \(index + 1): what's the next step (1-3 days)?"
        }
        return Question(.milestone, text,
                        purpose: "A micro-milestone is small enough to finish in 1-3 days and ends in something visible.",
                        good: "Compare two payment providers' tax handling in a one-page note",
                        weak: "Research payments", defaultAnswer: current, milestone: index)
    }

    static func criterion(index: Int, current: String?) -> Question {
        Question(.criterion, "How will you know it's done? Something anyone could check.",
                 purpose: "A success criterion is a yes/no check: a number, a date, a person who says yes, a state.",
                 good: "Dana approves the note and we pick one provider", weak: "Make progress on it",
                 defaultAnswer: current, milestone: index)
    }

    static func artifact(index: Int, current: String?) -> Question {
        Question(.artifact, "What will exist when it's done that others can see? (a link, a file, a demo)",
                 purpose: "A visible artifact makes the win real to you and to others.",
                 good: "docs/payment-providers.md in the repo", weak: "Knowledge in my head",
                 defaultAnswer: current, milestone: index)
    }

    static func timebox(index: Int, unstick: Bool, current: String?) -> Question {
        let text = unstick
            ? "How long will it take? Aim for today: half a day, or 1 day."
            : "How many days will it take? (1-3; e.g. 1, 2 days, half a day)"
        return Question(.timebox, text,
                        purpose: "A timebox of 1-3 days keeps a step small enough to finish and to notice when it stalls.",
                        good: "2 days", weak: "a few weeks", kind: .days, defaultAnswer: current, milestone: index)
    }

    static func owner(index: Int, current: String?) -> Question {
        Question(.owner, "Who owns it? (Enter for: \(current ?? "me"))",
                 purpose: "One owner per step: the person who says it is done.",
                 good: "me", weak: "everyone", defaultAnswer: current ?? "me", milestone: index)
    }

    static func moves(index: Int, metric: String, current: String?) -> Question {
        let text = metric.isEmpty
            ? "What does it move toward the goal?"
            : "What does it move: which part of the goal, or \"\(metric)\"?"
        return Question(.moves, text,
                        purpose: "A step that moves nothing the goal needs is a strategically empty win.",
                        good: "Unblocks taking payments, so upgrades can start", weak: "Progress",
                        defaultAnswer: current, milestone: index)
    }

    /// What to do with one candidate of an imported list.
    static func candidate(_ milestone: Milestone, index: Int, canMerge: Bool, left: Int) -> Question {
        let choices = ["keep", "split"] + (canMerge ? ["merge"] : []) + ["drop", "leave"]
        let merge = canMerge ? "merge (with the next one), " : ""
        return Question(.decision, "keep (and sharpen it), split, \(merge)drop, or leave it for later? (\(left) to go)",
                        purpose: "An imported task becomes a milestone once it is small and checkable; a vague one is split, a duplicate merged, a dead one dropped.",
                        good: "keep", weak: "all of them", kind: .choice(choices), milestone: index)
    }

    static func parts(_ milestone: Milestone, index: Int) -> Question {
        Question(.parts, "Split \"\(milestone.title)\" into which smaller steps? Separate them with ;",
                 purpose: "Each part becomes a candidate of its own, asked about next.",
                 good: "Draft the pricing copy; Review it with Dana", weak: "smaller", milestone: index)
    }

    static func merged(_ first: Milestone, _ second: Milestone, index: Int) -> Question {
        let both = "\(first.title) and \(second.title)"
        return Question(.milestone, "One step for \"\(first.title)\" and \"\(second.title)\": what is it? (Enter for: \(both))",
                        purpose: "Two tasks that finish together are one milestone with one criterion.",
                        good: "Send the pricing page to Dana for review", weak: "Stuff", defaultAnswer: both, milestone: index)
    }

    static func another(count: Int) -> Question {
        Question(.another, "Add another milestone? (yes/no)",
                 purpose: "A plan needs only the next few steps; you can add more as you go.",
                 good: count < 3 ? "yes" : "no", weak: "maybe", kind: .choice(["yes", "no"]))
    }

    static let save = Question(.save, "Save this plan? (yes/no)",
                               purpose: "Saving keeps the plan in your store; tips and findings left open can stay (keep <your reason> keeps them with a reason), and you can edit it later.",
                               good: "yes", weak: "later", kind: .choice(["yes", "no"]))

    static func winNote(milestone: Milestone, index: Int) -> Question {
        Question(.note, "What did you finish? One line someone else would understand.",
                 purpose: "A win note says what changed, in words a stakeholder can read.",
                 good: "Provider chosen: Paddle, approved by Dana", weak: "Worked on stuff", milestone: index)
    }

    /// Enter takes the artifact the step planned: it is what the win should point at.
    static func evidence(artifact: String) -> Question {
        let hint = artifact.isEmpty ? "" : " (Enter: \(artifact), as planned)"
        return Question(.evidence, "Where can someone see it? A link or a path\(hint). (skip if none)",
                        purpose: "Evidence turns a claim into a win others can check.",
                        good: "https://github.com/acme/app/pull/42", weak: "trust me", optional: true,
                        defaultAnswer: artifact.isEmpty ? nil : artifact)
    }

    /// `latest`: the last reading logged, which a trial missed when the question kept naming the
    /// baseline after two readings.
    static func reading(metric: Metric, latest: String? = nil) -> Question {
        let last = latest.map { " (last: \($0))" } ?? metric.baseline.map { " (baseline: \($0))" } ?? ""
        return Question(.reading, "Latest reading of \"\(metric.name)\"\(last)? (skip if you have none)",
                        purpose: "Readings over time show whether the wins move the metric.",
                        good: "4 upgrades this week", weak: "better", optional: true, kind: .number)
    }

    static let skipKind = Question(.skipKind, "Which is it: blocked, rescoped or dropped? (what happened comes next)",
                                   purpose: "blocked: it waits on someone or something, and stays open until then. rescoped: it changes shape (smaller, or different) and you do it in that shape now. dropped: it is no longer needed. A skip with a reason is a decision, not a failure; it keeps your streak.",
                                   good: "blocked, waiting on Dana's sign-off until Monday", weak: "dunno", kind: .choice(SkipKind.forSteps.map(\.rawValue)))

    static func rescoped(index: Int, current: String) -> Question {
        Question(.milestone, "What is the step now, smaller or changed? (Enter keeps: \(current))",
                 purpose: "A rescoped step is done in its new shape, with its timebox from today.",
                 good: "Email the two most active customers today", weak: "Less of it", defaultAnswer: current, milestone: index)
    }

    static func rescopedCriterion(index: Int, current: String) -> Question {
        askedAgain(.criterion, fresh: "How will you know it's done now? Something anyone could check.",
                   keeping: "How will you know it's done now?", current: current,
                   purpose: "The step changed shape, so the check it is done by may have changed too.",
                   good: "The test card payment shows as paid on the local copy", weak: "It works", index: index)
    }

    static func rescopedArtifact(index: Int, current: String) -> Question {
        askedAgain(.artifact, fresh: "What will you be able to show when it's done now?", keeping: "What will you be able to show now?", current: current,
                   purpose: "A smaller step leaves something smaller behind: a trial's one post kept \"the two posts\".",
                   good: "The draft email in the shared folder", weak: "Progress", index: index)
    }

    /// A milestone's answer asked again after a rescope: Enter keeps the one it had, if any.
    private static func askedAgain(_ key: FieldKey, fresh: String, keeping: String, current: String,
                                   purpose: String, good: String, weak: String, index: Int) -> Question {
        Question(key, current.isEmpty ? fresh : "\(keeping) (Enter keeps: \(current))", purpose: purpose, good: good, weak: weak,
                 defaultAnswer: current.isEmpty ? nil : current, milestone: index)
    }

    static let skipReason = Question(.reason, "In a line: what happened, and what did you learn?",
                                     purpose: "The reason is kept with the plan and shows in reviews (and in story --full).",
                                     good: "Waiting on legal review of the terms; back next week", weak: "no time")
}
