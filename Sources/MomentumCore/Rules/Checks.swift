import Foundation

/// A regular expression with a bounded amount of work per match, so a pattern that backtracks
/// badly on a long line is stopped and reported instead of freezing the shell.
///
/// The budget counts the regex engine's progress callbacks (ICU calls back every ~10,000 steps),
/// not seconds, so the same pattern on the same text always gives the same answer on any machine.
public struct BoundedPattern: @unchecked Sendable {
    /// Progress callbacks allowed per match: about two million backtracking steps.
    public static let defaultStepBudget = 200

    public let source: String
    let regex: NSRegularExpression
    let stepBudget: Int

    public init(_ source: String, stepBudget: Int = BoundedPattern.defaultStepBudget) throws {
        self.source = source
        self.regex = try NSRegularExpression(pattern: source, options: [.caseInsensitive])
        self.stepBudget = stepBudget
    }

    public enum Outcome: Equatable, Sendable {
        case match(String)
        case noMatch
        case budgetExceeded
    }

    public func firstMatch(in text: String) -> Outcome {
        var callbacks = 0
        var result = Outcome.noMatch
        let whole = NSRange(text.startIndex..., in: text)
        regex.enumerateMatches(in: text, options: [.reportProgress], range: whole) { match, flags, stop in
            if let match, let range = Range(match.range, in: text) {
                result = .match(String(text[range]))
                stop.pointee = true
            } else if flags.contains(.progress) {
                callbacks += 1
                if callbacks > stepBudget {
                    result = .budgetExceeded
                    stop.pointee = true
                }
            }
        }
        return result
    }
}

/// `require`: the field must show something checkable. It fires when none of the signals is there.
public struct RequireCheck: Sendable {
    public enum Signal: String, Sendable, CaseIterable {
        /// A digit, a percentage or a number word ("three").
        case number
        /// A day, a date, a weekday or a deadline word ("by Friday", "2026-12-01", "tomorrow").
        case date
        /// A named person or a reviewer ("approved by Dana", "@sam", "the CFO signs").
        case person
        /// A link or a file path.
        case link
        /// A yes/no observable state ("merged", "is live", "passes", "signed").
        case observable
    }

    public var anyOf: [Signal]
    /// Extra words or phrases that also count as checkable, from the rule file's `signals`.
    public var extraSignals: PhraseList?

    public init(anyOf: [Signal], extraSignals: PhraseList? = nil) {
        self.anyOf = anyOf
        self.extraSignals = extraSignals
    }

    public func isSatisfied(by text: FieldText) -> Bool {
        if let extraSignals, extraSignals.firstMatch(in: text) != nil { return true }
        return anyOf.contains { RequireCheck.detect($0, in: text) }
    }

    static func detect(_ signal: Signal, in text: FieldText) -> Bool {
        switch signal {
        case .number:
            return text.text.contains(where: \.isNumber) || text.words.contains { numberWords.contains($0.stem) }
        case .date:
            return text.words.contains { dateWords.contains($0.stem) } || dateShapes.firstMatch(in: text.text) != .noMatch
        case .person:
            return personShapes.firstMatch(in: text.text) != .noMatch || personWords.firstMatch(in: text) != nil
        case .link:
            return linkShapes.firstMatch(in: text.text) != .noMatch
        case .observable:
            return observableWords.firstMatch(in: text) != nil || stateShapes.firstMatch(in: text.text) != .noMatch
        }
    }

    private static let numberWords: Set<String> = Set(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "twenty", "thirty", "fifty", "hundred", "thousand", "dozen", "half", "single", "double",
         "percent", "all", "every", "none", "both", "once", "twice", "thrice"].map(Words.stem))
    private static let dateWords: Set<String> = Set(
        ["today", "tonight", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
         "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september",
         "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
         "oct", "nov", "dec", "eod", "eow", "deadline", "weekend", "noon", "midnight"].map(Words.stem))
    private static let dateShapes = try! BoundedPattern(
        #"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}\b|\bend of (the )?(day|week|month|sprint|quarter|year|term|semester|season)\b|\bby (mon|tue|wed|thu|fri|sat|sun)|\bby (q[1-4]|(19|20)\d{2}|summer|spring|autumn|fall|winter|christmas|easter|eoy|eom|eoq|year[- ]end|next (week|month|quarter|year))\b|\b(in|within) (\d+|a|one|two|three|four|six|twelve) (days?|weeks?|months?|years?|quarters?)\b|\b(this|next) (week|month|quarter|year|term|semester|spring|summer|autumn|fall|winter)\b|\bq[1-4]( (19|20)\d{2})?\b|\b(19|20)\d{2}\b"#)
    private static let personShapes = try! BoundedPattern(
        #"\b(approved|accepted|reviewed|signed off|confirmed|checked|tested|verified|acknowledged|agreed|seen) by\b|@[a-z0-9_-]+|\b(says|said|replies|confirms|agrees|approves|signs)\b|\b(to|by|from|with) (?-i:\p{Lu}\p{Ll}+)"#)
    private static let personWords = PhraseList(
        ["cfo", "ceo", "cto", "manager", "customer", "client", "user", "reviewer", "editor", "lead",
         "team", "stakeholder", "boss", "mentor", "investor", "buyer", "tester", "landlord", "teacher",
         "coach", "partner", "friend", "colleague"])
    private static let linkShapes = try! BoundedPattern(#"https?://\S+|\b[\w.-]+\.(md|pdf|png|jpg|docx?|xlsx?|csv|txt|html?|swift|py|key|pptx?|fig)\b|(^|\s)[~.]?/[\w./-]+|\b(PR|pull request|issue|ticket) ?#?\d+"#)
    /// A thing in a finished physical state ("the wall is painted", "seedlings are planted"), but not
    /// a judgement dressed as one ("is improved", "are organised").
    private static let stateShapes = try! BoundedPattern(
        #"\b(is|are|was|were|been)\s+(now\s+)?(?!(improved|organi[sz]ed|optimi[sz]ed|streamlined|refined|polished|enhanced|updated|advanced|started|focused|motivated|inspired|prepared|tweaked|considered|discussed|explored|researched)\b)([a-z]+ed|built|sent|written|paid|sold|hung|set up|put up|(in|on|at|with)\s+(the|my|our|a|an|their|his|her))\b"#)
    private static let observableWords = PhraseList(
        ["merged", "deployed", "is live", "goes live", "went live", "live on", "published", "shipped",
         "released", "pass", "passes", "passing", "green", "signed", "approved", "accepted", "submitted",
         "sent", "booked", "received", "replied", "exists", "is up", "returns", "running in",
         "in production", "on staging", "demoed", "demo", "launched", "printed", "posted", "uploaded",
         "delivered", "paid", "closed", "answered", "installed", "builds", "compiles", "opens", "loads",
         "responds", "shows", "can log in", "works end to end", "reproduces", "no longer", "fixed",
         "recorded", "filed", "committed", "tagged", "scheduled", "signed up", "checked in", "handed",
         "complete draft", "first draft", "finished", "arrive", "arrives", "arrived", "issued", "granted",
         "confirmed", "confirmation", "returned", "decided", "chosen", "picked", "hired", "sold", "moved in",
         "appear", "appears", "shows up", "visible", "listed", "forwarded", "shared", "emailed", "handed over",
         "is public", "are public", "is online", "is available", "linked", "attached",
         // Someone else's action that either happened or did not.
         "upgrade", "buy", "bought", "purchase", "pay", "order", "subscribe", "renew", "register", "join",
         "book", "reply", "respond", "click", "log in", "logs in", "download", "install", "use it", "completes"])
}

/// `plan`: a condition over the whole plan. The conditions are written in Swift, tuned in YAML.
public struct PlanCondition: Sendable {
    public enum Name: String, Sendable, CaseIterable {
        /// No milestone says anything about the leading metric.
        case metricUnlinked = "metric-unlinked"
        /// At least `min-milestones` milestones, all given timeboxes of at most `max-days`: no room for the larger work.
        case allTiny = "all-tiny"
        /// More than `max` milestones open at once.
        case tooManyOpen = "too-many-open"
        /// A stalled project whose first open step is longer than `max-days`.
        case stalledFirstStepTooBig = "stalled-first-step-too-big"
        /// A plan with no milestones at all.
        case noMilestones = "no-milestones"
        /// More than `max` open milestones owned by someone other than the user, none by the user.
        case nothingOwned = "nothing-owned"
    }

    public var name: Name
    public var max: Double?
    public var maxDays: Double?
    public var minMilestones: Int?

    public init(name: Name, max: Double? = nil, maxDays: Double? = nil, minMilestones: Int? = nil) {
        self.name = name
        self.max = max
        self.maxDays = maxDays
        self.minMilestones = minMilestones
    }

    /// The text the finding quotes, or nil when the plan is fine.
    public func evaluate(_ plan: Plan) -> String? {
        let open = plan.milestones.filter { $0.status == .open }
        switch name {
        case .metricUnlinked:
            let metric = Words.contentStems(plan.metric.name)
            guard !metric.isEmpty, !plan.milestones.isEmpty else { return nil }
            // A step whose moves says "the metric" (saved before that was taken as the metric's name) names it.
            let linked = plan.milestones.contains { milestone in
                let said = Words.contentStems([milestone.moves, milestone.criterion, milestone.title].joined(separator: " "))
                return !said.isDisjoint(with: metric) || AlignmentCheck.namesOnlyTheMetric(milestone.moves)
            }
            return linked ? nil : plan.metric.name
        case .allTiny:
            let limit = maxDays ?? 1
            // A timebox nobody gave (a task imported without a due date) is not known to be tiny.
            guard plan.milestones.count >= (minMilestones ?? 4),
                plan.milestones.allSatisfy({ ($0.givenTimeboxDays ?? .infinity) <= limit })
            else { return nil }
            return "\(plan.milestones.count) milestones of \(Timebox.format(limit)) or less"
        case .tooManyOpen:
            let limit = Int(max ?? 7)
            return open.count > limit ? "\(open.count) open milestones" : nil
        case .stalledFirstStepTooBig:
            // Once a win is logged the project moves again: the next step is not a first step (a
            // trial was told so after its first win).
            guard plan.isStillStalled,
                  let first = open.first, first.timeboxDays > (maxDays ?? 1) else { return nil }
            return "\(first.title) (\(Timebox.format(first.timeboxDays)))"
        case .noMilestones:
            return plan.milestones.isEmpty ? plan.goal : nil
        case .nothingOwned:
            guard open.count > Int(max ?? 0), !open.isEmpty,
                open.allSatisfy({ !OwnerName.isSelf($0.owner) })
            else { return nil }
            return open.map(\.owner).first ?? ""
        }
    }
}

/// How the user names themself as an owner.
public enum OwnerName {
    public static func isSelf(_ owner: String) -> Bool {
        let normal = owner.lowercased().trimmingCharacters(in: .whitespaces)
        return ["me", "myself", "i", "self", "", "me and", "us", "we"].contains(normal) || normal.hasPrefix("me ")
    }
}

/// `alignment`: an answer that is generic, or that shares nothing with the fields it should serve
/// (a strategically empty win).
public struct AlignmentCheck: Sendable {
    /// Words that say nothing about what moves ("progress", "stuff", "the goal").
    public var generic: Set<String>
    /// Fields the answer should share a word with; empty means only genericness is checked.
    public var compareWith: [RuleField]
    /// For each stem, the groups of related words it belongs to: "invoicing" serves a billing
    /// goal though the two share no word.
    let groupsOf: [String: [Int]]
    /// With an encoder: an answer that shares no word is still related when its meaning is at least
    /// this close (cosine) to one of the compared fields ("halves the time from signup to the first
    /// invoice" serves "get new customers billing on day one").
    public var minSimilarity: Double?
    /// Fields whose words say nothing new either, next to a generic word: "better portfolio" for
    /// "Redesign my portfolio website" names the goal again, not the part of it that moves.
    public var restating: [RuleField]

    public init(generic: [String], compareWith: [RuleField], related: [[String]] = [], minSimilarity: Double? = nil,
                restating: [RuleField] = []) {
        self.generic = Set(generic.flatMap { Words.stems($0) })
        self.compareWith = compareWith
        self.minSimilarity = minSimilarity
        self.restating = restating
        var groupsOf: [String: [Int]] = [:]
        for (group, words) in related.enumerated() {
            for stem in Set(words.flatMap { Words.stems($0) }) { groupsOf[stem, default: []].append(group) }
        }
        self.groupsOf = groupsOf
    }

    static let metricWords = Set(["metric", "leading metric", "number"].flatMap { Words.stems($0) })

    /// "the metric", "our leading metric": words that name the plan's metric and nothing else.
    static func namesOnlyTheMetric(_ text: String) -> Bool {
        let stems = Words.contentStems(text)
        return !stems.isEmpty && stems.isSubset(of: metricWords)
    }

    /// The stems, and the related-word groups they belong to, as one set to compare.
    private func concepts(_ stems: Set<String>) -> Set<String> {
        stems.union(stems.flatMap { groupsOf[$0] ?? [] }.map { "#\($0)" })
    }

    /// Whether every word of the answer is a generic one ("progress", "tomorrow").
    public func isAllGeneric(_ text: FieldText) -> Bool { text.contentStems.subtracting(generic).isEmpty }

    /// The text to quote when the answer is empty of substance or unrelated, else nil.
    public func evaluate(_ text: FieldText, plan: Plan, milestone: Int?, encoder: (any SentenceEncoding)? = nil) -> String? {
        let own = text.contentStems.subtracting(generic)
        if own.isEmpty { return text.text.isEmpty ? "(nothing)" : text.text }
        if !restating.isEmpty, own.count < text.contentStems.count {
            let restated = Words.contentStems(restating.flatMap { PlanFields.texts(of: $0, in: plan, milestone: milestone) }.joined(separator: " "))
            if own.isSubset(of: restated) { return text.text }
        }
        guard !compareWith.isEmpty else { return nil }
        // "the metric" names the plan's one metric (the question offers it as an answer).
        if compareWith.contains(.metric), !plan.metric.name.isEmpty, !own.isDisjoint(with: AlignmentCheck.metricWords) { return nil }
        let context = compareWith.flatMap { PlanFields.texts(of: $0, in: plan, milestone: milestone) }.filter { !$0.isEmpty }
        let contextStems = Words.contentStems(context.joined(separator: " ")).subtracting(generic)
        guard !contextStems.isEmpty, concepts(own).isDisjoint(with: concepts(contextStems)) else { return nil }
        if let minSimilarity, let encoder {
            let vector = encoder.encode(text.text)
            let similarities = VectorMatrix(context.map(encoder.encode)).dots(with: vector)
            if similarities.contains(where: { Double($0) >= minSimilarity }) { return nil }
        }
        return text.text
    }
}
