/// Structural cues: shapes of a sentence that change what its words mean, written once in Swift and
/// named by rules (`kind: cue`, or `unless-cue:` on any rule). A cue replaces the long exception
/// lists a word rule would otherwise need: "share of orders shipped within a day" is a proportion,
/// whatever busy word it is built on.
public enum Cue: String, Sendable, CaseIterable {
    /// A rate, ratio, percentage, average, "per X", "share of", "time to", "out of 9", "3/12": a count turned into an
    /// outcome measure.
    case rate
    /// A busy word as the object of product work: "Build the calendar view for booked meetings",
    /// "Notion export for client reports" are features, not meetings or tool-tidying.
    case productWork = "product-work"
    /// A count of one's own actions led by the verb: "Write 30 posts", "Make 100 cold calls".
    case ownActionCount = "own-action-count"
    /// Done-ness restated instead of described: "Design finalised", "Copy written", "Task completed",
    /// "Page load speed optimized", "Irrigation checked", "tested successfully": a few words and a
    /// participle saying the work happened, with nothing to look at.
    case restatedDone = "restated-done"
    /// Something another person can check: a number, a date, a named person, a link.
    case checkable
    /// A number or a number word.
    case number
    /// A state someone can see happen or not: "merged", "is live", "signed", "can install", "no longer".
    case observable
    /// Led by a verb that ends in something delivered, passed or remade: "Submit my master's
    /// thesis", "Launch the Android app", "Redesign my portfolio website". A goal one can finish.
    case deliverable
    /// Says what the step unblocks, decides or proves: "Decides where the bed goes, so building can
    /// start", "Unblocks checkout", "Shows whether teams understand sharing before we build it".
    case consequence
    /// A person's verdict someone else can ask for: "Lena says yes", "Sam approves the budget",
    /// "The landlord signs the renewal". Not a crowd's ("everyone agrees", "users approve").
    case signOff = "sign-off"
    /// Time put in, told as the result: "I carved out 14 hours", "Wrote for roughly 16.5 hours",
    /// "spent 3 hours at the gym". Not a capability reached ("jog for 20 minutes without stopping").
    case timeSpent = "time-spent"

    /// Whether the cue, when present, is the whole answer (so the meaning has nothing else to weigh).
    var spansWholeAnswer: Bool { self == .restatedDone }

    public func isPresent(in text: FieldText) -> Bool {
        switch self {
        case .rate:
            return Cue.ratePattern.firstMatch(in: text.text) != .noMatch
        case .productWork:
            return Cue.productWorkPattern.firstMatch(in: text.text) != .noMatch
        case .ownActionCount:
            return Cue.ownActionCountPattern.firstMatch(in: text.text) != .noMatch && Cue.rate.isPresent(in: text) == false
        case .restatedDone:
            return Cue.restatedDonePattern.firstMatch(in: text.text) != .noMatch
        case .checkable:
            return [RequireCheck.Signal.number, .date, .person, .link].contains { RequireCheck.detect($0, in: text) }
        case .number:
            return RequireCheck.detect(.number, in: text)
        case .observable:
            return RequireCheck.detect(.observable, in: text)
        case .deliverable:
            return Cue.deliverablePattern.firstMatch(in: text.text) != .noMatch
        case .consequence:
            return Cue.consequencePattern.firstMatch(in: text.text) != .noMatch
        case .timeSpent:
            return Cue.timeSpentPattern.firstMatch(in: text.text) != .noMatch && Cue.capabilityPattern.firstMatch(in: text.text) == .noMatch
        case .signOff:
            return Cue.signOffPattern.firstMatch(in: text.text) != .noMatch && Cue.crowdPattern.firstMatch(in: text.text) == .noMatch
        }
    }

    private static let ratePattern = try! BoundedPattern(
        #"%|\b(rate|ratio|percent(age)?|proportion|share of|fraction of|average|avg|median|mean|per cent|time (to|from|between|until)|within \d|(per|a|an|each|every) (day|week|month|quarter|year|hour|user|customer|client|visitor|visit|session|order|member|student|patient|seat|account|employee|person|release|sprint|lesson|class)|cost per|per[- ]\w+|conversion|retention|retained|churn|still (active|using|paying|subscribed|there)|active (after|on day|at day)|who (stay|stayed|return|returned|come back|came back|renew|renewed)|returning|nps|csat|(satisfaction|health|credit|quality) score|out of \d|of (the|all|our) \d)\b|\b\d+ ?/ ?\d+\b"#)

    private static let productWorkPattern = try! BoundedPattern(
        #"\b(view|page|screen|export|import|integration|endpoint|api|widget|button|form|template|plugin|extension|feature|dashboard|reminders?|notifications?|sync(ing)? (job|service)|bot|webhook|filter|search|toggle|setting|field|tab|modal|panel|command|cli|script|module|component|schema|migration|parser|generator)\s+(for|of|to|that|which|in|on|showing|with)\b|^\s*(build|add|ship|implement|create|design|fix|make|support|enable|allow|integrate|automate|generate|release|launch|code|prototype)\s+(a|an|the|our|my)?\s*[\w-]+\s+(view|page|screen|export|import|integration|endpoint|api|widget|button|form|template|plugin|extension|feature|dashboard|bot|webhook|filter|search|toggle|tab|modal|panel|command|script|component)\b"#)

    private static let ownActionCountPattern = try! BoundedPattern(
        #"^\s*(write|make|send|publish|post|read|attend|hold|do|complete|log|call|email|message|record|create|produce|film|shoot|upload|tweet|blog|submit|apply to|reach out to|contact|dial|knock on|visit|review|study|practi[sc]e|watch|finish|ship)\s+(at least\s+|over\s+|more than\s+)?(\d[\d,.]*k?|a hundred|a dozen|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty|hundred)\s+(\w+\s+){0,2}(posts?|articles?|calls?|emails?|messages?|videos?|tweets?|threads?|blogs?|pages?|words|hours|meetings?|applications?|cold calls?|pitches|proposals?|outreach|dms?|episodes?|reels?|commits?|tasks?|tickets?|books?|chapters?|lessons?|sessions?|problems?|leetcode|questions?|events?|newsletters?|issues?)\b"#)

    private static let deliverablePattern = try! BoundedPattern(
        #"^\s*(submit|publish|ship|launch|release|finish|run|sign|deliver|send|file|pass|hire|open|close|defend|present|record|win|complete|redesign|rebuild|relaunch|rewrite|renovate|repaint|paint|replace|migrate|install|translate|digiti[sz]e|move (into|to))\s+(a|an|the|my|our|your|\d+|[\w'-]+'s)?\s*[\w'-]+"#)

    private static let consequencePattern = try! BoundedPattern(
        #"\b(so( that)?\s+([\w'-]+\s+){1,3}(can|could|will|may)\b|unblock(s|ed|ing)?|decides?|proves?|shows? (whether|if|that)|tells? (us|me|them|you) (whether|if)|lets? (us|me|them|you|customers|users|people)|before (we|i|they) (build|buy|commit|spend|start)|can'?t\b.{0,40}\bwithout)\b"#)

    private static let signOffPattern = try! BoundedPattern(
        #"\b((says|said|replies|replied) (yes|ok|okay|go|approved|'approved')|approves|approved|signs|signed|confirms|confirmed|accepts|accepted|okays|okayed|gives the go-ahead)\b"#)

    private static let timeSpentPattern = try! BoundedPattern(
        #"\b(spent|spend|spending|carved out|put in|logged|clocked|invested|dedicated|devoted)\b.{0,30}\b(\d+(\.\d+)?\+?|an?|one|two|three|four|five|several|many|a few|a couple of)\s*(hours?|hrs?|minutes?|mins?|days?|evenings?|mornings?|afternoons?|weekends?)\b|\bfor (a )?(total of |a total of )?(roughly |about |around |nearly |almost |over )?\d+(\.\d+)?\+?\s*(hours?|hrs?)\b|\bspent (some|a lot of|lots of|more|most of|all|the whole|hours|time)\b"#)

    private static let capabilityPattern = try! BoundedPattern(
        #"\b(without stopping|continuous(ly)?|continually|non-?stop|straight|in a row|in under|under \d|faster|personal best|pb)\b"#)

    private static let crowdPattern = try! BoundedPattern(
        #"\b(everyone|everybody|someone|somebody|anyone|people|users|the team|whole team|all of us|they)\b"#)

    private static let restatedDonePattern = try! BoundedPattern(
        #"^\s*(the\s+|my\s+|our\s+)?([\w'-]+\s+){0,3}(is\s+|are\s+|has been\s+|have been\s+)?(finali[sz]ed|written|done|completed?|finished|implemented|created|ready|built|updated|drafted|designed|in place|set up|sorted|handled|addressed|taken care of|optimi[sz]ed|managed|checked|tested|improved|organi[sz]ed|cleaned up|reviewed|fixed|resolved|established|developed|documented|defined|achieved|met)(\s+successfully)?\s*[.!]?\s*$"#)
}
