import Foundation

/// A timebox is effort in work days ("a week" is 5, "3 weeks" 15), so the day it runs out, and the
/// due date the exports write, skip Saturdays and Sundays: counted in calendar days, a 3-week step
/// was due in Taskwarrior and the calendar a week early, and a 1-day step started on a Friday was
/// stalled by Sunday. The weekend is Saturday and Sunday everywhere (not the locale's), so the
/// review and every export agree on a step's due day.
public enum WorkDays {
    /// 1970-01-01 was a Thursday.
    static func isWeekend(daysSince1970 days: Int) -> Bool {
        let weekday = ((days + 4) % 7 + 7) % 7 // 0 is Sunday
        return weekday == 0 || weekday == 6
    }

    /// The day `count` work days after `day`: a day on a weekend counts from the Monday after.
    public static func adding(_ count: Int, to day: Day) -> Day {
        var days = ISODate.days(fromCivil: day.year, day.month, day.day)
        var counted = 0
        while counted < count {
            days += 1
            if !isWeekend(daysSince1970: days) { counted += 1 }
        }
        let civil = ISODate.civil(fromDays: days)
        return Day(year: civil.year, month: civil.month, day: civil.day)
    }

    /// When a timebox of `timebox` work days begun at `entry` ends, weekends taken from UTC: the
    /// whole days counted as work days, then what is left of a day (half a day is 12 hours).
    static func due(from entry: Date, timebox: Double) -> Date {
        let whole = timebox.rounded(.down)
        var date = entry
        var counted = 0.0
        while counted < whole {
            date += 86_400
            if !isWeekend(daysSince1970: utcDays(date)) { counted += 1 }
        }
        return date + (timebox - whole) * 86_400
    }

    /// How many work days lie between `entry` and `due`, by whole days up: the timebox a task's due
    /// date gives, the inverse of `due(from:timebox:)` for whole timeboxes.
    static func count(from entry: Date, to due: Date) -> Int {
        let calendarDays = Int(min((due.timeIntervalSince(entry) / 86_400).rounded(.up), 4 * Timebox.maxDays))
        let first = utcDays(entry)
        return (1...max(calendarDays, 1)).count { !isWeekend(daysSince1970: first + $0) }
    }

    private static func utcDays(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }
}
