import Foundation
import GRDB
import MomentumCore

/// A date as the store keeps it, the text GRDB writes ("2026-11-16 09:00:00.000", UTC), made
/// without a `DateFormatter`: GRDB formats every date it binds through one, and on Linux that is
/// ICU's formatter, an eighth of importing 10,000 plans (up to three dates a step). Used where plans
/// and their undo entries are written, which an import does thousands of times; other writes
/// (drafts, reviews, sessions) bind dates through GRDB, which writes the same text, so old and new
/// rows sort and compare alike. A date outside the years where ICU's calendar is today's Gregorian
/// one (it switches to the Julian before 1583) goes through GRDB as well.
enum StoredDate {
    static func value(_ date: Date?) -> DatabaseValue {
        guard let date else { return .null }
        // As GRDB's formatter rounds: to the nearest millisecond, a half up.
        let milliseconds = ((date.timeIntervalSinceReferenceDate + Date.timeIntervalBetween1970AndReferenceDate) * 1000 + 0.5).rounded(.down)
        guard milliseconds.isFinite, let total = Int(exactly: milliseconds) else { return date.databaseValue }
        let (days, millisecondOfDay) = floorDivision(total, 86_400_000)
        let (year, month, day) = ISODate.civil(fromDays: days)
        guard (1583...9999).contains(year) else { return date.databaseValue }
        var text = [UInt8]()
        text.reserveCapacity(23)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(year, 4); text.append(UInt8(ascii: "-")); digits(month, 2); text.append(UInt8(ascii: "-")); digits(day, 2)
        text.append(UInt8(ascii: " "))
        digits(millisecondOfDay / 3_600_000, 2); text.append(UInt8(ascii: ":"))
        digits(millisecondOfDay / 60_000 % 60, 2); text.append(UInt8(ascii: ":"))
        digits(millisecondOfDay / 1000 % 60, 2); text.append(UInt8(ascii: "."))
        digits(millisecondOfDay % 1000, 3)
        return String(decoding: text, as: UTF8.self).databaseValue
    }

    private static func floorDivision(_ value: Int, _ divisor: Int) -> (quotient: Int, remainder: Int) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }
}
