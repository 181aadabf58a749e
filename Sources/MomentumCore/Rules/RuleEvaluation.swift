import Foundation

/// Measures rules on labelled phrasings: each phrasing is put into one field of an otherwise sound
/// plan, and the findings on that field are compared with its label. Tips (`info`) and warnings
/// (`warning`, `error`) are counted separately, as a user feels them differently.
public struct RuleEvaluation: Sendable {
    /// What the rules did with one phrasing.
    public struct Outcome: Sendable {
        public var phrasing: LabelledPhrasing
        /// The strongest level found on the phrasing's field, or nil when the rules were quiet.
        public var level: Level?
        public var ruleIDs: [String]

        public var flaggedAtAll: Bool { level != nil }
        public var warned: Bool { (level ?? .info) >= .warning }
    }

    /// Precision and recall of one way of counting (tips and warnings, or warnings only).
    public struct Score: Sendable, Equatable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0
        public var trueNegatives = 0

        public var precision: Double? {
            truePositives + falsePositives == 0 ? nil : Double(truePositives) / Double(truePositives + falsePositives)
        }
        public var recall: Double? {
            truePositives + falseNegatives == 0 ? nil : Double(truePositives) / Double(truePositives + falseNegatives)
        }

        mutating func add(flagged: Bool, fired: Bool) {
            switch (flagged, fired) {
            case (true, true): truePositives += 1
            case (false, true): falsePositives += 1
            case (true, false): falseNegatives += 1
            case (false, false): trueNegatives += 1
            }
        }
    }

    public struct FieldScores: Sendable {
        public var field: RuleField?
        public var rows = 0
        public var flags = 0
        /// Any finding counts: tips and warnings.
        public var any = Score()
        /// Only warnings and errors count; a tip is as quiet as nothing.
        public var warnings = Score()
    }

    public let outcomes: [Outcome]

    /// With `leaveOneOut`, each phrasing is judged as if it were not among the labelled phrasings
    /// the meaning rules vote with: an honest figure for phrasings the rules learn from.
    public init(phrasings: [LabelledPhrasing], rules: RuleSet, leaveOneOut: Bool = false) {
        outcomes = phrasings.map { phrasing in
            let plan = RuleEvaluation.plan(with: phrasing)
            let judge = leaveOneOut ? rules.excluding(phrasing) : rules
            let findings = judge.check(phrasing.field, text: phrasing.text, in: plan, milestone: RuleEvaluation.milestone(of: phrasing.field))
            return Outcome(phrasing: phrasing, level: findings.map(\.level).max(), ruleIDs: findings.map(\.ruleID))
        }
    }

    /// Scores per field, in the order fields are declared, then the overall score (field nil).
    public var scores: [FieldScores] {
        var byField: [RuleField: FieldScores] = [:]
        var overall = FieldScores(field: nil)
        for outcome in outcomes {
            let field = outcome.phrasing.field
            var scores = byField[field] ?? FieldScores(field: field)
            for index in [0, 1] {
                var target = index == 0 ? scores : overall
                target.rows += 1
                if outcome.phrasing.flagged { target.flags += 1 }
                target.any.add(flagged: outcome.phrasing.flagged, fired: outcome.flaggedAtAll)
                target.warnings.add(flagged: outcome.phrasing.flagged, fired: outcome.warned)
                if index == 0 { scores = target } else { overall = target }
            }
            byField[field] = scores
        }
        return RuleField.allCases.compactMap { byField[$0] } + [overall]
    }

    /// How often one rule spoke, and on what: its findings on `flag` phrasings are right, on `ok` ones wrong.
    public struct RuleScore: Sendable, Equatable {
        public var ruleID: String
        public var onFlagged = 0
        public var onOk = 0
        /// Phrasings that only this rule questioned: what dropping it would change.
        public var aloneOnOk = 0
        public var aloneOnFlagged = 0

        public var precision: Double { Double(onFlagged) / Double(max(onFlagged + onOk, 1)) }
    }

    /// Every rule that spoke at least once, the one wrong most often first (then by id).
    public var ruleScores: [RuleScore] {
        var byRule: [String: RuleScore] = [:]
        for outcome in outcomes {
            let ids = Set(outcome.ruleIDs)
            for id in ids {
                var score = byRule[id] ?? RuleScore(ruleID: id)
                if outcome.phrasing.flagged { score.onFlagged += 1 } else { score.onOk += 1 }
                if ids.count == 1 {
                    if outcome.phrasing.flagged { score.aloneOnFlagged += 1 } else { score.aloneOnOk += 1 }
                }
                byRule[id] = score
            }
        }
        return byRule.values.sorted { ($0.onOk, $1.ruleID) > ($1.onOk, $0.ruleID) }
    }

    /// The phrasings the rules got wrong: flagged ones they left alone, and ok ones they questioned.
    public var mistakes: [Outcome] {
        outcomes.filter { $0.phrasing.flagged != $0.flaggedAtAll }
    }

    /// The milestone a phrasing's field belongs to in the evaluation plan: the first, for milestone
    /// fields and wins (a win is logged against it).
    static func milestone(of field: RuleField) -> Int? {
        switch field {
        case .milestone, .criterion, .artifact, .timebox, .owner, .moves, .win: 0
        default: nil
        }
    }

    /// A plan no default rule questions, with the phrasing in its field. A phrasing with a goal is
    /// judged against that goal alone: the sound plan's other words would otherwise vouch for it.
    public static func plan(with phrasing: LabelledPhrasing) -> Plan {
        var plan = Plan(goal: "Ship the billing page", outcome: "Customers upgrade without emailing us", metric: Metric(name: "paid upgrades per week"))
        var milestone = Milestone(title: "Send the pricing draft to Dana", criterion: "Dana replies yes or no by Friday", artifact: "docs/pricing.md",
                                  moves: "paid upgrades per week: customers see the price before checkout")
        let second = Milestone(title: "Take one test payment on staging", criterion: "A test payment shows in the Stripe dashboard",
                               artifact: "docs/pricing.md", moves: "paid upgrades per week: customers see the price before checkout")
        if !phrasing.goal.isEmpty {
            plan = Plan(goal: phrasing.goal, outcome: "", metric: Metric(name: ""))
            milestone = Milestone(title: "", criterion: "", artifact: "", moves: "")
        }
        let text = phrasing.text
        switch phrasing.field {
        case .goal: plan.goal = text
        case .outcome: plan.outcome = text
        case .metric: plan.metric = Metric(name: text)
        case .baseline: plan.metric.baseline = text
        case .target: plan.metric.target = text
        case .blocker: plan.stalled = StalledContext(lastProgress: "Pricing table on staging in September", blocker: text)
        case .progress: plan.stalled = StalledContext(lastProgress: text, blocker: "No payment provider chosen")
        case .milestone: milestone.title = text
        case .criterion: milestone.criterion = text
        case .artifact: milestone.artifact = text
        case .moves: milestone.moves = text
        case .owner: milestone.owner = text
        case .timebox: milestone.timeboxDays = Timebox.parseDays(text) ?? 1
        case .win: plan.wins = [Win(milestone: 1, date: Date(timeIntervalSince1970: 1_763_600_000), note: text, evidence: "https://example.org/pr/3")]
        case .plan: break
        }
        plan.milestones = [milestone, second]
        return plan
    }
}
