import Foundation

/// Calendar days in the user's time zone. The core never reads the clock: "today" is passed in.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int

    public init(_ date: Date, in calendar: Calendar) {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.year = parts.year!
        self.month = parts.month!
        self.day = parts.day!
    }

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// Noon on this day, which exists in every time zone whatever DST does at night.
    public func noon(in calendar: Calendar) -> Date {
        calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
    }

    public func adding(_ days: Int, in calendar: Calendar) -> Day {
        Day(calendar.date(byAdding: .day, value: days, to: noon(in: calendar))!, in: calendar)
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// How many of `dates` fall on each day. The calendar is asked once per day, not once per
    /// date: a streak over 100,000 wins would otherwise spend its time there.
    public static func counts(of dates: [Date], in calendar: Calendar) -> [Day: Int] {
        var counts: [Day: Int] = [:]
        var current: (day: Day, interval: DateInterval)?
        for date in dates.sorted() {
            if let known = current, known.interval.start <= date, date < known.interval.end {
                counts[known.day, default: 0] += 1
                continue
            }
            let day = Day(date, in: calendar)
            counts[day, default: 0] += 1
            current = calendar.dateInterval(of: .day, for: date).map { (day, $0) }
        }
        return counts
    }
}

/// Days with at least one win form a streak; a skip with a reason keeps it, up to a number per week.
public struct Streaks: Equatable, Sendable {
    public var current: Int
    public var best: Int
    /// Days the streak was kept alive by a skip with a reason.
    public var skipDaysUsed: Int

    public static let defaultSkipsPerWeek = 2

    public static func compute(winDays: Set<Day>, skipDays: Set<Day>, today: Day, calendar: Calendar,
                               skipsPerWeek: Int = defaultSkipsPerWeek) -> Streaks {
        let allowedSkips = allowedSkipDays(skipDays.subtracting(winDays), calendar: calendar, perWeek: skipsPerWeek)
        let active = winDays.union(allowedSkips)
        guard let first = active.min() else { return Streaks(current: 0, best: 0, skipDaysUsed: 0) }
        var best = 0, run = 0, day = first
        while day <= today {
            run = active.contains(day) ? run + 1 : 0
            best = max(best, run)
            day = day.adding(1, in: calendar)
        }
        // Today still counts as "not yet": a streak through yesterday is still alive.
        var current = 0
        var cursor = active.contains(today) ? today : today.adding(-1, in: calendar)
        var used = 0
        while active.contains(cursor) {
            current += 1
            if allowedSkips.contains(cursor) { used += 1 }
            cursor = cursor.adding(-1, in: calendar)
        }
        return Streaks(current: current, best: best, skipDaysUsed: used)
    }

    /// The current streak from recent days alone: `winDays` holds every win day on or after
    /// `knownFrom`, `skipDays` every skip day with a reason. Nil when the answer depends on
    /// earlier days (the streak reaches back past `knownFrom`, or a skip's week starts before it:
    /// a skip counts only if it is among the week's first `perWeek`); then ask with more days.
    /// Otherwise the same as `compute(...)`'s `current` and `skipDaysUsed`.
    public static func recent(winDays: Set<Day>, skipDays: Set<Day>, knownFrom: Day, today: Day, calendar: Calendar,
                               skipsPerWeek: Int = defaultSkipsPerWeek) -> (current: Int, skipDaysUsed: Int)? {
        let allowedSkips = allowedSkipDays(skipDays.subtracting(winDays), calendar: calendar, perWeek: skipsPerWeek)
        var cursor = winDays.contains(today) || allowedSkips.contains(today) ? today : today.adding(-1, in: calendar)
        var current = 0, used = 0
        while winDays.contains(cursor) || allowedSkips.contains(cursor) {
            current += 1
            if allowedSkips.contains(cursor) { used += 1 }
            cursor = cursor.adding(-1, in: calendar)
        }
        // The streak and every skip in it are in weeks no earlier than the day that ended it.
        return weekStart(cursor, calendar: calendar) >= knownFrom ? (current, used) : nil
    }

    /// The Monday of `day`'s ISO week.
    static func weekStart(_ day: Day, calendar: Calendar) -> Day {
        var iso = Calendar(identifier: .iso8601)
        iso.timeZone = calendar.timeZone
        return day.adding(-((iso.component(.weekday, from: day.noon(in: calendar)) + 5) % 7), in: calendar)
    }

    /// The skip days that count, at most `perWeek` in each ISO week, earliest first.
    /// What a skip with a reason logged `today` does for the streak.
    public enum SkipEffect: Equatable, Sendable {
        case keepsIt
        /// A win today keeps the streak already.
        case winToday
        /// This week's skip days that keep a streak were used before today's.
        case weekUsed(allowed: Int)
        /// It keeps the streak, but a later skip day of its week no longer does: a week's allowance
        /// goes to its earliest skip days (a rest day logged for last Thursday).
        case displaces(Day, allowed: Int)
    }

    /// `skipDays` include today's skip (`today`: the day it is logged for). A trial was told "a skip
    /// with a reason keeps your streak" on its third skip day of the week, and found the streak at 0
    /// the next morning; another, logging last Thursday's, saw Saturday's skip stop counting.
    public static func effectOfSkip(today: Day, winDays: Set<Day>, skipDays: Set<Day>, calendar: Calendar,
                                    skipsPerWeek: Int = defaultSkipsPerWeek) -> SkipEffect {
        if winDays.contains(today) { return .winToday }
        let allowed = allowedSkipDays(skipDays.subtracting(winDays), calendar: calendar, perWeek: skipsPerWeek)
        guard allowed.contains(today) else { return .weekUsed(allowed: skipsPerWeek) }
        let before = allowedSkipDays(skipDays.subtracting(winDays).subtracting([today]), calendar: calendar, perWeek: skipsPerWeek)
        return before.subtracting(allowed).min().map { .displaces($0, allowed: skipsPerWeek) } ?? .keepsIt
    }

    static func allowedSkipDays(_ days: Set<Day>, calendar: Calendar, perWeek: Int) -> Set<Day> {
        var iso = Calendar(identifier: .iso8601)
        iso.timeZone = calendar.timeZone
        var perWeekCount: [String: Int] = [:]
        var allowed: Set<Day> = []
        for day in days.sorted() {
            let parts = iso.dateComponents([.yearForWeekOfYear, .weekOfYear], from: day.noon(in: calendar))
            let week = "\(parts.yearForWeekOfYear!)-\(parts.weekOfYear!)"
            if perWeekCount[week, default: 0] < perWeek {
                perWeekCount[week, default: 0] += 1
                allowed.insert(day)
            }
        }
        return allowed
    }
}

/// A contribution-graph style calendar of the last weeks: one column a week, Monday on top.
/// Plain ASCII; the terminal colours the cells (OutputLine.Style.heatmap).
public enum Heatmap {
    public static let legend = "    (weeks left to right; . none, s skip with a reason, 1-9 wins that day)"

    /// A row of month names over the weeks, seven rows of cells and the legend.
    public static func render(winCounts: [Day: Int], skipDays: Set<Day>, today: Day, calendar: Calendar, weeks: Int = 12) -> [String] {
        var iso = Calendar(identifier: .iso8601)
        iso.timeZone = calendar.timeZone
        let weekday = (iso.component(.weekday, from: today.noon(in: calendar)) + 5) % 7  // Monday = 0
        let start = today.adding(-(weekday + 7 * (weeks - 1)), in: calendar)
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        var lines = [monthRow(start: start, weeks: weeks, calendar: calendar)]
        for row in 0..<7 {
            var line = names[row] + " "
            for column in 0..<weeks {
                let day = start.adding(column * 7 + row, in: calendar)
                line += " " + cell(day > today ? nil : winCounts[day] ?? 0, skipped: skipDays.contains(day))
            }
            lines.append(line)
        }
        return lines + [legend]
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Each month's name over the week its 1st falls in, aligned with the cells (a column is
    /// " X", after "Mon "); the first week's month too when it fits before the next name.
    static func monthRow(start: Day, weeks: Int, calendar: Calendar) -> String {
        let position = { (column: Int) in 4 + column * 2 + 1 }
        var labels: [(position: Int, month: Int)] = (0..<weeks).compactMap { column in
            (0..<7).map { start.adding(column * 7 + $0, in: calendar) }.first { $0.day == 1 }.map { (position(column), $0.month) }
        }
        if labels.first?.position != position(0), (labels.first?.position ?? .max) >= position(0) + 4 {
            labels.insert((position(0), start.month), at: 0)
        }
        return labels.reduce(into: "    ") { row, label in
            row += String(repeating: " ", count: label.position - row.count) + monthNames[label.month - 1]
        }
    }

    private static func cell(_ count: Int?, skipped: Bool) -> String {
        guard let count else { return " " }
        return count > 0 ? String(min(count, 9)) : (skipped ? "s" : ".")
    }
}

/// Metric readings as a sparkline, with the change since the baseline.
public enum Sparkline {
    static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The first number in a reading ("4 upgrades this week" → 4, "3.5%" → 3.5).
    public static func number(in text: String) -> Double? {
        guard let range = text.range(of: #"-?\d+(?:[.,]\d+)?"#, options: .regularExpression) else { return nil }
        return Double(text[range].replacingOccurrences(of: ",", with: "."))
    }

    public static func render(_ values: [Double]) -> String {
        guard let low = values.min(), let high = values.max() else { return "" }
        return String(values.map { value in
            high == low ? bars[3] : bars[Int(((value - low) / (high - low) * Double(bars.count - 1)).rounded())]
        })
    }

    /// "4 → 9 (+5 since the baseline)", or nil without numbers to compare.
    public static func change(baseline: String?, latest: String?) -> String? {
        guard let latest, let now = number(in: latest) else { return nil }
        guard let baseline, let then = number(in: baseline) else { return "latest \(latest)" }
        let delta = now - then
        let sign = delta > 0 ? "+" : ""
        return "\(Timebox.formatNumber(then)) → \(Timebox.formatNumber(now)) (\(sign)\(Timebox.formatNumber(delta)) since the baseline)"
    }
}
