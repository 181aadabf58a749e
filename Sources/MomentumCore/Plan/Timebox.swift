import Foundation

/// Reads a timebox the way people say it: `2`, `2 days`, `half a day`, `1.5`, `4 hours`, `30 min`, `a week`.
public enum Timebox {
    /// Working hours in a day, for answers given in hours.
    static let hoursPerDay = 8.0
    /// The longest timebox taken, typed or imported: a year. Rules question anything over 3 days;
    /// past a year a number is a slip, and it must stay a number every view can print.
    public static let maxDays = 365.0

    public static func parseDays(_ answer: String) -> Double? {
        var text = String(answer.lowercased().trimming(\.isWhitespace))
        // "probably two days because I teach on Tuesday", "2 days, maybe 3": the answer, then why
        // (a trial's was told it said when, not how long, for the weekday in its reason).
        for separator in [" because ", " cause ", " since ", " as ", "; ", ", ", " ("] {
            if let range = text.range(of: separator) { text = String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces) }
        }
        if text.contains(",") { text = text.replacingOccurrences(of: ",", with: ".") }
        for filler in ["about ", "around ", "roughly ", "maybe ", "probably ", "~"] where text.hasPrefix(filler) {
            text.removeFirst(filler.count)
        }
        // "a week probably", "2 days i guess": a hedge after the answer.
        for filler in [" probably", " maybe", " i guess", " i think", " or so", " tops", " max", " at most", "ish", "-ish"] where text.hasSuffix(filler) {
            text.removeLast(filler.count)
        }
        if ["half a day", "half day", "a half day", "half", "half a", "a few hours", "few hours", "a morning", "an afternoon",
            "one afternoon", "one morning", "today", "this afternoon", "this morning"].contains(text) { return 0.5 }
        if ["a couple of hours", "a couple hours", "an hour or two", "an evening", "one evening", "tonight"].contains(text) { return 0.25 }
        if ["tomorrow", "by tomorrow"].contains(text) { return 1 }
        // A range ("1-2 days", "2 to 3 days"): plan for its upper end.
        if let upperEnd = afterRangeSeparator(text) { return parseDays(String(upperEnd)) }
        if ["a day", "one day", "day", "a full day", "full day"].contains(text) { return 1 }
        if ["a couple of days", "a couple days", "couple of days", "a weekend", "the weekend", "weekend", "over the weekend", "this weekend"].contains(text) { return 2 }
        if ["a day and a half", "one and a half days"].contains(text) { return 1.5 }
        if ["a week", "one week", "week"].contains(text) { return 5 }

        if let value = Double(text) { return value.isFinite ? positive(value) : nil }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "-" }).map(String.init)
        guard let first = words.first else { return nil }
        var number = Double(first) ?? numberWords[first]
        var unitIndex = 1
        if number == nil, first.hasSuffix("d"), let value = Double(first.dropLast()) {
            number = value
            unitIndex = words.count
        } else if number == nil, first.hasSuffix("h"), let value = Double(first.dropLast()) {
            return positive(value / hoursPerDay)
        }
        guard let value = number, value.isFinite else { return nil }
        let unit = unitIndex < words.count ? words[unitIndex] : "days"
        guard unitIndex + 1 >= words.count else { return nil }
        switch unit {
        case "day", "days", "d", "workday", "workdays": return positive(value)
        case "hour", "hours", "h", "hrs", "hr": return positive(value / hoursPerDay)
        // "15 min", "30 minutes": hours were taken and minutes refused. The rules then say it is
        // tiny, which is the point of a step that short.
        case "minute", "minutes", "min", "mins", "m": return positive(value / 60 / hoursPerDay)
        case "week", "weeks", "w", "wk", "wks": return positive(value * 5)
        // "1 evening", "2 afternoons": a trial's "1 evening" was refused though "an evening" was taken.
        case "evening", "evenings", "night", "nights": return positive(value * 0.25)
        case "morning", "mornings", "afternoon", "afternoons": return positive(value * 0.5)
        case "weekend", "weekends": return positive(value * 2)
        default: return nil
        }
    }

    /// "2 days" for "2 dyas": a number and a misspelled unit, as the answer was likely meant; nil
    /// when the unit is no near miss of day, hour or week (a trial's "2 dyas" was refused unnamed).
    public static func misspelledUnit(_ answer: String) -> String? {
        let words = answer.lowercased().split(separator: " ").map(String.init)
        guard words.count == 2, Double(words[0].replacingOccurrences(of: ",", with: ".")) != nil || numberWords[words[0]] != nil,
              parseDays(answer) == nil, words[1].count >= 3 else { return nil }
        let typed = words[1].hasSuffix("s") ? String(words[1].dropLast()) : words[1]
        let close = ["day", "hour", "week"].filter { Suggestion.distance(typed, $0) <= 2 && Suggestion.distance(words[1], $0) <= 2 }
        guard let unit = close.min(by: { Suggestion.distance(typed, $0) < Suggestion.distance(typed, $1) }) else { return nil }
        let one = Double(words[0]) == 1 || ["one", "a", "an"].contains(words[0])
        return "\(words[0]) \(unit)\(one ? "" : "s")"
    }

    /// What follows a leading number and a range separator (`1-2 days`, `2 to 3`, `1.5 or 2`), or nil.
    /// By hand rather than a regular expression: every `check` reads every timebox.
    static func afterRangeSeparator(_ text: String) -> Substring? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        var rest = text.dropFirst(digits.count)
        if rest.first == "." {
            let fraction = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
            if !fraction.isEmpty { rest = rest.dropFirst(1 + fraction.count) }
        }
        rest = rest.drop { $0.isWhitespace }
        guard let separator = ["-", "–", "to", "or"].first(where: { rest.hasPrefix($0) }) else { return nil }
        return rest.dropFirst(separator.count).drop { $0.isWhitespace }
    }

    /// `1`, `1.5`, `0.5` — the shortest honest rendering of a number of days.
    /// "by Friday", "next week", "end of the month": a date, where the question asks for effort.
    public static func soundsLikeADeadline(_ answer: String) -> Bool {
        let text = answer.lowercased()
        return text.range(of: #"\b(by|until|till|before|due|deadline|next|end of|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|august|september|october|november|december|\d{4}-\d{2}-\d{2})\b"#,
                          options: .regularExpression) != nil
    }

    /// Days as people say them; part of a day other than a half is shown in hours of an 8-hour day.
    public static func format(_ days: Double) -> String {
        // A trial's "half a day" came back as "0.5 days".
        if days == 0.5 { return "half a day" }
        let hours = days * hoursPerDay
        if days < 1, days != 0.5 {
            // Whole and half hours ("90 minutes" is 1.5 hours: a trial saw "0.19 days").
            let halfHours = (hours * 2 * 1_000_000).rounded() / 1_000_000
            if halfHours == halfHours.rounded(), hours >= 1 { return hours == 1 ? "1 hour" : "\(formatNumber(hours)) hours" }
            let minutes = (hours * 60 * 1_000_000).rounded() / 1_000_000
            if minutes >= 1, minutes == minutes.rounded() { return minutes == 1 ? "1 minute" : "\(Int(minutes)) minutes" }
        }
        let label = days == 1 ? "day" : "days"
        if days == days.rounded(), abs(days) <= maxDays { return "\(Int(days)) \(label)" }
        return "\(formatNumber(days)) \(label)"
    }

    static func formatNumber(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    private static func positive(_ value: Double) -> Double? { value > 0 && value <= maxDays ? value : nil }

    private static let numberWords: [String: Double] = [
        "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "half": 0.5,
    ]
}
