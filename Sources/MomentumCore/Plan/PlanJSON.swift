import Foundation

/// The plan interchange format (docs/plan-format.md): what `export --format json` writes, `import`
/// and `check` read. One plan object, or an array of them. Store ids are left out on purpose: they
/// belong to one store, and leaving them out makes export → import → export give the same bytes.
public enum PlanJSON {
    public static let version = 1

    public struct DecodingError: Error, Equatable, CustomStringConvertible {
        /// A JSON path such as `$[1].milestones[2].timeboxDays`.
        public var path: String
        public var message: String
        /// Where in the file, for text that is not JSON at all.
        public var line: Int?
        public var column: Int?
        public var description: String { "\(path): \(message)" }

        /// `plan.json:4:3: …` when the text is not JSON, else `plan.json: $.goal: …`.
        public func described(in file: String) -> String {
            guard let line, let column else { return "\(file): \(self)" }
            return "\(file):\(line):\(column): \(message)"
        }
    }

    // MARK: Encoding

    public static func encode(_ plans: [Plan], asArray: Bool? = nil) -> Data {
        let objects = plans.map(object)
        let root: Any = (asArray ?? (plans.count != 1)) ? objects : objects[0]
        let data = try! JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return data + Data("\n".utf8)
    }

    public static func object(_ plan: Plan) -> [String: Any] {
        var object: [String: Any] = [
            "version": version, "goal": plan.goal, "outcome": plan.outcome, "status": plan.status.rawValue,
            "metric": compact(["name": plan.metric.name, "baseline": plan.metric.baseline, "target": plan.metric.target]),
            "milestones": plan.milestones.map { m in
                compact(["title": m.title, "criterion": m.criterion, "artifact": m.artifact,
                         "timeboxDays": m.givenTimeboxDays.map(sixteenDigits) ?? NSNull(),
                         "owner": m.owner, "moves": m.moves, "status": m.status.rawValue,
                         "createdAt": m.createdAt.map(date), "closedAt": m.closedAt.map(date), "importedTask": m.importedTask.map(importedTaskObject)])
            },
            "overrides": plan.overrides.map { ["ruleId": $0.ruleID, "path": $0.path, "text": $0.text, "reason": $0.reason] },
            "wins": plan.wins.map { w in
                compact(["milestone": w.milestone, "date": date(w.date), "note": w.note, "evidence": w.evidence, "metricReading": w.metricReading, "readingMetric": w.readingMetric, "by": w.by])
            },
            "skips": plan.skips.map { skip in
                compact(["milestone": skip.kind == .rest ? nil : skip.milestone, "date": date(skip.date), "kind": skip.kind.rawValue, "reason": skip.reason])
            },
        ]
        if let stalled = plan.stalled { object["stalled"] = ["lastProgress": stalled.lastProgress, "blocker": stalled.blocker] }
        if let createdAt = plan.createdAt { object["createdAt"] = date(createdAt) }
        return object
    }

    private static func importedTaskObject(_ task: ImportedTask) -> [String: Any] {
        compact(["uuid": task.uuid, "due": task.due.map(date),
                 "attributes": task.attributes.map { ImportedTask.attributesObject($0) }])
    }

    /// Foundation's writer on Linux prints at most 16 significant digits, so a timebox that needs 17
    /// came back a last bit away and export → import → export changed the bytes. A value already
    /// written in 16 digits is kept as it is.
    static func sixteenDigits(_ value: Double) -> Double { Double(String(format: "%.16g", value)) ?? value }

    private static func compact(_ values: [String: Any?]) -> [String: Any] { values.compactMapValues { $0 } }

    static func date(_ date: Date) -> String { ISODate.format(date) }

    // MARK: Decoding

    public static func decode(_ data: Data) throws(DecodingError) -> [Plan] {
        let start = data.prefix(200).drop { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if start.first == UInt8(ascii: "#") || start.starts(with: "- [".utf8) {
            throw DecodingError(path: "$", message: "this is Markdown (an export --format md?); import and check read the plan JSON that export --format json writes")
        }
        let root = try jsonValue(data, holds: "a plan file holds one plan object or an array of them")
        if case .array(let elements) = root {
            return try elements.enumerated().map { (index, element) throws(DecodingError) in try plan(element, at: "$[\(index)]") }
        }
        return [try plan(root, at: "$")]
    }

    /// Parses JSON text, locating a syntax error as line and column; `holds` says what the file
    /// should hold.
    static func jsonValue(_ data: Data, holds: String) throws(DecodingError) -> JSONValue {
        do {
            return try JSONReader.parse(data)
        } catch {
            let before = data.prefix(min(error.offset, data.count))
            let line = before.count(where: { $0 == UInt8(ascii: "\n") }) + 1
            let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? before.startIndex
            let column = String(decoding: before[lineStart...], as: UTF8.self).count + 1
            throw DecodingError(path: "$", message: "not valid JSON (\(error.message)); \(holds)", line: line, column: column)
        }
    }

    /// The same, as Foundation's types, for the Taskwarrior importer.
    static func jsonRoot(_ data: Data, holds: String) throws(DecodingError) -> Any {
        try jsonValue(data, holds: holds).foundationValue
    }

    private static func plan(_ value: JSONValue, at path: String) throws(DecodingError) -> Plan {
        let o = try Reader(value, path: path, allowed: ["version", "goal", "outcome", "metric", "stalled", "status", "createdAt", "milestones", "overrides", "wins", "skips"])
        let version = try o.int("version")
        guard version == PlanJSON.version else {
            throw DecodingError(path: "\(path).version", message: "unsupported version \(version); this Momentum reads version \(PlanJSON.version)")
        }
        var plan = Plan(goal: try o.text("goal"), outcome: try o.string("outcome", default: ""))
        let metric = try Reader(try o.value("metric"), path: "\(path).metric", allowed: ["name", "baseline", "target"])
        plan.metric = Metric(name: try metric.string("name"), baseline: try metric.optionalString("baseline"), target: try metric.optionalString("target"))
        if let stalledValue = try o.optionalValue("stalled") {
            let stalled = try Reader(stalledValue, path: "\(path).stalled", allowed: ["lastProgress", "blocker"])
            plan.stalled = StalledContext(lastProgress: try stalled.string("lastProgress"), blocker: try stalled.string("blocker"))
        }
        plan.status = try o.enumValue("status", default: .active)
        plan.createdAt = try o.optionalDate("createdAt")
        plan.milestones = try o.list("milestones", allowed: ["title", "criterion", "artifact", "timeboxDays", "owner", "moves", "status", "createdAt", "closedAt", "importedTask"]) { (m: Reader) throws(DecodingError) in
            // Left out, a timebox is 1 day; null, nobody gave one (a task imported without a due date).
            let timebox = m.isNull("timeboxDays") ? nil : try m.number("timeboxDays", default: 1)
            var milestone = Milestone(title: try m.text("title"), criterion: try m.string("criterion", default: ""),
                                      artifact: try m.string("artifact", default: ""), timeboxDays: timebox,
                                      owner: try m.string("owner", default: "me"), moves: try m.string("moves", default: ""),
                                      status: try m.enumValue("status", default: .open))
            if let timebox {
                guard timebox > 0 else { throw DecodingError(path: "\(m.path).timeboxDays", message: "must be more than 0 days") }
                guard timebox <= Timebox.maxDays else {
                    throw DecodingError(path: "\(m.path).timeboxDays", message: "must be at most \(Int(Timebox.maxDays)) days (a milestone is 1-3 days)")
                }
            }
            milestone.createdAt = try m.optionalDate("createdAt")
            milestone.closedAt = try m.optionalDate("closedAt")
            if let task = try m.optionalValue("importedTask") {
                milestone.importedTask = try importedTask(Reader(task, path: "\(m.path).importedTask", allowed: ["uuid", "due", "attributes"]))
            }
            return milestone
        }
        let count = plan.milestones.count
        plan.overrides = try o.list("overrides", allowed: ["ruleId", "path", "text", "reason"]) { (r: Reader) throws(DecodingError) in
            let kept = Override(ruleID: try r.text("ruleId"), path: try r.string("path"), text: try r.string("text", default: ""), reason: try r.text("reason"))
            if let step = kept.milestoneIndex, step >= count {
                throw DecodingError(path: "\(r.path).path", message: "names milestone \(step + 1); this plan has \(count) (numbered from 1)")
            }
            return kept
        }
        plan.wins = try o.list("wins", allowed: ["milestone", "date", "note", "evidence", "metricReading", "readingMetric", "by"]) { (w: Reader) throws(DecodingError) in
            Win(milestone: try w.milestoneNumber(count), date: try w.date("date"), note: try w.string("note"),
                evidence: try w.optionalString("evidence"), metricReading: try w.optionalString("metricReading"),
                readingMetric: try w.optionalString("readingMetric"), by: try w.optionalString("by"))
        }
        plan.skips = try o.list("skips", allowed: ["milestone", "date", "kind", "reason"]) { (s: Reader) throws(DecodingError) in
            let kind: SkipKind = try s.enumValue("kind", default: .blocked)
            // A rest day sets no step aside: it names none.
            guard kind == .rest else {
                return Skip(milestone: try s.milestoneNumber(count), date: try s.date("date"), kind: kind, reason: try s.string("reason"))
            }
            if try s.optionalValue("milestone") != nil {
                throw DecodingError(path: "\(s.path).milestone", message: "a rest day names no milestone; leave the key out")
            }
            return .restDay(on: try s.date("date"), reason: try s.string("reason"))
        }
        return plan
    }

    private static func importedTask(_ t: Reader) throws(DecodingError) -> ImportedTask? {
        let uuid = try t.optionalString("uuid")
        if let problem = uuid.flatMap(ImportedTask.uuidProblem) { throw DecodingError(path: "\(t.path).uuid", message: problem) }
        var attributes: String?
        if let value = try t.optionalValue("attributes") {
            guard case .object = value, let object = value.foundationValue as? [String: Any] else {
                throw DecodingError(path: "\(t.path).attributes", message: "expected an object")
            }
            attributes = ImportedTask.attributesText(object)
        }
        return ImportedTask(uuid: uuid, due: try t.optionalDate("due"), attributes: attributes)
    }

    /// Reads one JSON object, naming the path of anything wrong.
    struct Reader {
        let members: [(key: String, value: JSONValue)]
        let path: String

        init(_ value: JSONValue, path: String, allowed: [String]) throws(DecodingError) {
            guard case .object(let members) = value else { throw DecodingError(path: path, message: "expected an object") }
            // The first unknown key as written (a key is never written twice: the reader refuses it).
            if let key = members.first(where: { !allowed.contains($0.key) })?.key {
                let hint = Suggestion.closest(to: key, in: allowed).map { " (did you mean \"\($0)\"?)" } ?? ""
                throw DecodingError(path: "\(path).\(key)", message: "unknown key\(hint)")
            }
            self.members = members
            self.path = path
        }

        func isNull(_ key: String) -> Bool { members.contains { $0.key == key && $0.value == .null } }

        func value(_ key: String) throws(DecodingError) -> JSONValue {
            guard let value = try optionalValue(key) else { throw DecodingError(path: "\(path).\(key)", message: "missing") }
            return value
        }

        func optionalValue(_ key: String) throws(DecodingError) -> JSONValue? {
            guard let value = members.first(where: { $0.key == key })?.value, value != .null else { return nil }
            return value
        }

        func string(_ key: String, default fallback: String? = nil) throws(DecodingError) -> String {
            guard let value = try optionalValue(key) else {
                if let fallback { return fallback }
                throw DecodingError(path: "\(path).\(key)", message: "missing")
            }
            guard case .string(let text) = value else { throw DecodingError(path: "\(path).\(key)", message: "expected a string") }
            if let control = ControlCharacters.first(in: text) {
                throw DecodingError(path: "\(path).\(key)", message: "\(control.described); text is kept exactly or not at all, so remove it")
            }
            return text
        }

        /// A string that must say something: a plan without a goal, a step without a title or a
        /// kept finding without its reason was imported blank.
        func text(_ key: String) throws(DecodingError) -> String {
            let text = try string(key)
            // Not Foundation's trimming: on Linux it bridges every string through NSString, a fifth
            // of an import of 10,000 plans.
            guard !text.unicodeScalars.allSatisfy(\.properties.isWhitespace) else {
                throw DecodingError(path: "\(path).\(key)", message: "is empty; write what it is")
            }
            return text
        }

        func optionalString(_ key: String) throws(DecodingError) -> String? {
            guard try optionalValue(key) != nil else { return nil }
            return try string(key)
        }

        func number(_ key: String, default fallback: Double) throws(DecodingError) -> Double {
            guard let value = try optionalValue(key) else { return fallback }
            guard case .number(let number, _) = value else { throw DecodingError(path: "\(path).\(key)", message: "expected a number") }
            return number
        }

        func int(_ key: String) throws(DecodingError) -> Int {
            guard case .number(let number, _) = try self.value(key), number == number.rounded(), abs(number) < 9.0e15 else {
                throw DecodingError(path: "\(path).\(key)", message: "expected a whole number")
            }
            return Int(number)
        }

        func milestoneNumber(_ count: Int) throws(DecodingError) -> Int {
            let number = try int("milestone")
            guard (1...max(count, 1)).contains(number), count > 0 else {
                throw DecodingError(path: "\(path).milestone", message: "no milestone \(number); this plan has \(count) (numbered from 1)")
            }
            return number
        }

        func enumValue<T: RawRepresentable & CaseIterable>(_ key: String, default fallback: T) throws(DecodingError) -> T where T.RawValue == String {
            guard try optionalValue(key) != nil else { return fallback }
            let text = try string(key)
            guard let value = T(rawValue: text) else {
                throw DecodingError(path: "\(path).\(key)", message: "unknown value \"\(text)\"; expected one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return value
        }

        func date(_ key: String) throws(DecodingError) -> Date {
            guard let date = try optionalDate(key) else { throw DecodingError(path: "\(path).\(key)", message: "missing") }
            return date
        }

        func optionalDate(_ key: String) throws(DecodingError) -> Date? {
            guard try optionalValue(key) != nil else { return nil }
            let text = try string(key)
            guard let date = ISODate.parse(text) else {
                throw DecodingError(path: "\(path).\(key)", message: "expected a date like 2026-11-20T09:00:00Z, got \"\(text)\"")
            }
            return date
        }

        func list<T>(_ key: String, allowed: [String], _ read: (Reader) throws(DecodingError) -> T) throws(DecodingError) -> [T] {
            guard let value = try optionalValue(key) else { return [] }
            guard case .array(let items) = value else { throw DecodingError(path: "\(path).\(key)", message: "expected a list") }
            var result: [T] = []
            for (index, item) in items.enumerated() {
                result.append(try read(try Reader(item, path: "\(path).\(key)[\(index)]", allowed: allowed)))
            }
            return result
        }
    }
}

/// ISO 8601 timestamps in UTC (`2026-11-20T09:00:00Z`), as every Momentum file writes them.
public enum ISODate {
    /// One formatter for the process: ISO8601DateFormatter is thread-safe, and making one per date
    /// dominated exporting large stores.
    nonisolated(unsafe) private static let formatter = ISO8601DateFormatter()

    /// `2026-11-20T09:00:00Z` by arithmetic (the formatter took ~70 µs a date); dates before
    /// 1583 (the formatter switches to the Julian calendar) or after 9999 go to the formatter.
    public static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, second) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let day = second < 0 ? days - 1 : days
        let time = second < 0 ? second + 86_400 : second
        let (year, month, dayOfMonth) = civil(fromDays: day)
        guard (1583...9999).contains(year) else { return formatter.string(from: date) }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let paddedYear = String(repeating: "0", count: 4 - String(year).count) + String(year)
        return "\(paddedYear)-\(two(month))-\(two(dayOfMonth))T\(two(time / 3600)):\(two(time / 60 % 60)):\(two(time % 60))Z"
    }

    /// The fixed forms `YYYY-MM-DDTHH:MM:SSZ` and `…SS+HH:MM` by arithmetic; anything else is
    /// left to the formatter, so what is accepted does not change.
    /// Years 1 to 9999, the range every date written by Momentum and read back by the store fits in
    /// (its start two days early: the formatter reads years before 1583 in the Julian calendar).
    static let representable = -62_135_769_600.0...253_402_300_799.0

    /// A date in the ISO 8601 forms `2026-11-20T09:00:00Z` or with an offset; nil for anything else,
    /// including a date outside years 1–9999.
    public static func parse(_ text: String) -> Date? {
        guard let date = parseAnyYear(text), representable.contains(date.timeIntervalSince1970) else { return nil }
        return date
    }

    private static func parseAnyYear(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 20 || b.count == 25 else { return formatter.date(from: text) }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (48...57).contains(b[index]) else { return nil }
                value = value * 10 + Int(b[index] - 48)
            }
            return value
        }
        guard b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58,
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              year >= 1583, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return formatter.date(from: text) }
        var offset = 0
        if b.count == 20 {
            guard b[19] == 90 else { return formatter.date(from: text) }
        } else {
            guard b[19] == 43 || b[19] == 45, b[22] == 58, let hours = number(20..<22), let minutes = number(23..<25),
                  hours < 24, minutes < 60 else { return formatter.date(from: text) }
            offset = (hours * 3600 + minutes * 60) * (b[19] == 45 ? -1 : 1)
        }
        let seconds = days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Control characters (a NUL, an escape…) in text from outside: SQLite and the terminal would cut or
/// act on them, so they are refused where they enter, by position. Tabs and line ends pass.
public enum ControlCharacters {
    public struct Found: Sendable, Equatable {
        /// 1-based, in characters.
        public var column: Int
        public var scalar: Unicode.Scalar
        public var described: String {
            "a control character (U+\(String(format: "%04X", scalar.value))) at character \(column)"
        }
    }

    /// The first control character in a file's text, by line and column (both 1-based), or nil.
    /// A byte scan finds the lines worth a closer look, so a clean file costs one pass.
    public static func firstLine(in text: String) -> (line: Int, found: Found)? {
        // Split on the byte: "\r\n" is one Character, so a character split read a Windows file as one line.
        for (index, line) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() where mayHold(line) {
            if let found = first(in: String(Substring(line))) { return (index + 1, found) }
        }
        return nil
    }

    /// Whether bytes may hold a control character other than tab and line ends: one pass over the
    /// bytes (0xC2 leads the C1 controls), so a clean line costs no more.
    static func mayHold<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        bytes.contains { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0D) || $0 == 0x7F || $0 == 0xC2 }
    }

    public static func first(in text: String) -> Found? {
        guard mayHold(text.utf8) else { return nil }
        for (offset, character) in text.enumerated() {
            for scalar in character.unicodeScalars where scalar.properties.generalCategory == .control && !["\t", "\n", "\r"].contains(scalar) {
                return Found(column: offset + 1, scalar: scalar)
            }
        }
        return nil
    }
}
