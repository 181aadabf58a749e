import Foundation

extension Day {
    /// A day as people name it relative to `today`: `2026-11-01`, `today`, `yesterday`, `3d`,
    /// `3 days ago`, `2w`, `monday` (the latest Monday, today included), `last monday` (the latest
    /// before today), `this week` (its
    /// Monday), `last week` (the Monday before: a trial's `--since "last week"` on a Friday left
    /// out last Monday's wins), `a week ago` (7 days ago), `last month` (its 1st), `a month ago`
    /// (30 days ago). Nil for anything else.
    public static func parse(_ text: String, today: Day, calendar: Calendar) -> Day? {
        let words = text.lowercased().split(separator: " ").map(String.init)
        let phrase = words.joined(separator: " ")
        if let match = phrase.wholeMatch(of: /(\d{4})-(\d{1,2})-(\d{1,2})/),
            let year = Int(match.1), let month = Int(match.2), let day = Int(match.3) {
            let parts = DateComponents(calendar: calendar, year: year, month: month, day: day)
            return parts.isValidDate ? Day(year: year, month: month, day: day) : nil
        }
        switch phrase {
        case "today": return today
        case "yesterday": return today.adding(-1, in: calendar)
        case "tomorrow": return today.adding(1, in: calendar)
        case "a week ago": return today.adding(-7, in: calendar)
        case "last week": return latest(weekday: 2, onOrBefore: today, calendar: calendar).adding(-7, in: calendar)
        case "a month ago": return today.adding(-30, in: calendar)
        case "last month": return today.month == 1 ? Day(year: today.year - 1, month: 12, day: 1) : Day(year: today.year, month: today.month - 1, day: 1)
        case "this week": return latest(weekday: 2, onOrBefore: today, calendar: calendar)
        default: break
        }
        if let weekday = weekdays[phrase] { return latest(weekday: weekday, onOrBefore: today, calendar: calendar) }
        // "last saturday": the latest one before today (a trial's was refused while "saturday" worked).
        if words.count == 2, words[0] == "last", let weekday = weekdays[words[1]] {
            return latest(weekday: weekday, onOrBefore: today.adding(-1, in: calendar), calendar: calendar)
        }
        if let match = phrase.wholeMatch(of: /(\d{1,4})\s*(d|days?|w|weeks?)( ago)?/), let count = Int(match.1) {
            let perUnit = match.2.hasPrefix("w") ? 7 : 1
            return today.adding(-count * perUnit, in: calendar)
        }
        return nil
    }

    /// The days named by a word, for a "did you mean" on a misspelling ("yesteday").
    public static let namedDays = ["today", "yesterday", "tomorrow", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    private static let weekdays: [String: Int] = [
        "sunday": 1, "monday": 2, "tuesday": 3, "wednesday": 4, "thursday": 5, "friday": 6, "saturday": 7,
        "sun": 1, "mon": 2, "tue": 3, "wed": 4, "thu": 5, "fri": 6, "sat": 7,
    ]

    private static func latest(weekday: Int, onOrBefore today: Day, calendar: Calendar) -> Day {
        let current = calendar.component(.weekday, from: today.noon(in: calendar))
        return today.adding(-((current - weekday + 7) % 7), in: calendar)
    }
}
