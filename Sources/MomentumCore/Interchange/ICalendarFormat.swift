import Foundation

/// A plan as an iCalendar file of to-dos (RFC 5545 VTODO), for calendar and task apps: one VTODO
/// per milestone, due when its timebox ends, if it has one (docs/formats.md).
public enum ICalendarFormat {
    /// `stamp` is when the file is written (DTSTAMP); everything else comes from the plan.
    public static func export(_ plan: Plan, stamp: Date, version: String) -> Data {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Momentum//Momentum \(version)//EN", "CALSCALE:GREGORIAN"]
        for (index, milestone) in plan.milestones.enumerated() {
            lines += ["BEGIN:VTODO", "UID:\(StableID.calendarUID(plan, milestone: index))", "DTSTAMP:\(dateTime(stamp))"]
            let entry = milestone.createdAt ?? plan.createdAt
            if let entry { lines.append("CREATED:\(dateTime(entry))") }
            if let due = milestone.dueDate(entry: entry) { lines.append("DUE:\(dateTime(due))") }
            lines.append("SUMMARY:\(text(milestone.title))")
            let notes = InterchangeNotes.lines(milestone)
            if !notes.isEmpty { lines.append("DESCRIPTION:\(text(notes.joined(separator: "\n")))") }
            lines.append("CATEGORIES:\(text(plan.goal))")
            lines.append("SEQUENCE:0")
            switch milestone.status {
            case .open: lines.append("STATUS:NEEDS-ACTION")
            case .skipped:
                lines.append("STATUS:NEEDS-ACTION")
                lines.append("X-MOMENTUM-STATUS:skipped")
            case .done:
                lines.append("STATUS:COMPLETED")
                lines.append("PERCENT-COMPLETE:100")
                if let closed = milestone.closedAt ?? entry { lines.append("COMPLETED:\(dateTime(closed))") }
            case .dropped: lines.append("STATUS:CANCELLED")
            }
            lines.append("END:VTODO")
        }
        lines.append("END:VCALENDAR")
        return Data(lines.map(fold).joined().utf8)
    }

    /// UTC date-time, `20261120T090000Z`.
    static func dateTime(_ date: Date) -> String { TaskwarriorFormat.formatDate(date) }

    /// TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines.
    static func text(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": continue
            default: out.append(character)
            }
        }
        return out
    }

    /// One content line, folded (RFC 5545 3.1): no line longer than 75 octets before its CRLF,
    /// continuations start with a space, and a character's UTF-8 bytes are never split.
    static func fold(_ line: String) -> String {
        var out = ""
        var used = 0
        for character in line {
            let size = String(character).utf8.count
            if used + size > 75 {
                out += "\r\n "
                used = 1
            }
            out.append(character)
            used += size
        }
        return out + "\r\n"
    }
}
