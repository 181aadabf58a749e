import Foundation
import Testing
@testable import MomentumCore

/// SplitMix64: the same seed gives the same cases on every machine, so a failure names a seed
/// that reproduces it. Randomness stays in the tests; the core never draws any.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Plans with what export and import must carry exactly: odd Unicode, long texts, empty optional
/// fields, dates at years 1 and 9999, timeboxes at their bounds or nobody's, imported tasks.
struct PlanGenerator {
    var random: SeededGenerator

    static let pieces = [
        "Ship the billing page", "a", "", " leading and trailing ", "Ünïcödé naïve café", "日本語のテキスト", "مرحبا بالعالم",
        "emoji 👩‍👩‍👧‍👦🇩🇪", "e\u{301} combining", "zero\u{200B}width", "quote \" and \\ backslash / slash", "tab\there",
        "two\nlines", "CRLF\r\nline", "{\"json\": [1, 2]}", "# heading", "- [ ] box", "x 2026-01-01 done +proj", "100%",
        "\u{FEFF}bom", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 outside the BMP", "ﬁ ligature", "\u{202E}right to left override",
    ]

    mutating func text(allowEmpty: Bool = true) -> String {
        let text: String
        if Int.random(in: 0..<20, using: &random) == 0 {
            // Long text, past what the coach takes in one answer.
            text = String(repeating: Self.pieces.randomElement(using: &random)! + " ", count: Int.random(in: 100...400, using: &random))
        } else {
            var parts: [String] = []
            for _ in 0..<Int.random(in: 1...3, using: &random) { parts.append(Self.pieces.randomElement(using: &random)!) }
            text = parts.joined(separator: " ")
        }
        // A goal, a title and a kept finding's reason must say something (plan JSON refuses blanks).
        return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && !allowEmpty ? "x" : text
    }

    mutating func optionalText() -> String? { Bool.random(using: &random) ? text() : nil }

    /// Whole seconds within years 1 to 9999, the range plan JSON promises (docs/plan-format.md).
    mutating func date() -> Date {
        let range = ISODate.representable
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return Date(timeIntervalSince1970: range.lowerBound)
        case 1: return Date(timeIntervalSince1970: range.upperBound)
        default: return Date(timeIntervalSince1970: Double(Int64.random(in: Int64(range.lowerBound)...Int64(range.upperBound), using: &random)))
        }
    }

    mutating func optionalDate() -> Date? { Bool.random(using: &random) ? date() : nil }

    /// Bounds, and any multiple of 1/1024 day up to the bound: export keeps 16 significant digits
    /// (`aTimeboxOfSeventeenDigitsExportsTheSameBytesAgain`), which these fit in.
    mutating func timebox() -> Double {
        let bounds: [Double] = [Double.leastNonzeroMagnitude, 0.5, 1, 1.5, 2, Timebox.maxDays, 364.9999999999999, 0.1, 1.0 / 3]
        return Bool.random(using: &random) ? bounds.randomElement(using: &random)! : Double(Int.random(in: 1...Int(Timebox.maxDays) * 1024, using: &random)) / 1024
    }

    /// Often none; else what a task list keeps of a task, its attributes made of any text.
    mutating func importedTask() -> ImportedTask? {
        guard Bool.random(using: &random) else { return nil }
        let uuid = String(format: "%08x-%04x-%04x-%04x-%012llx", UInt32.random(in: .min ... .max, using: &random),
                          UInt16.random(in: .min ... .max, using: &random), UInt16.random(in: .min ... .max, using: &random),
                          UInt16.random(in: .min ... .max, using: &random), UInt64.random(in: 0..<(1 << 48), using: &random))
        let attributes: [String: Any] = ["priority": text(), "tags": [text(), text()], "estimate": Int.random(in: 0...9, using: &random),
                                         "annotations": [["entry": "20261202T013533Z", "description": text()]]]
        return ImportedTask(uuid: Bool.random(using: &random) ? uuid : nil, due: optionalDate(),
                            attributes: Bool.random(using: &random) ? ImportedTask.attributesText(attributes) : nil)
    }

    mutating func plan() -> Plan {
        var plan = Plan(goal: text(allowEmpty: false), outcome: text(), metric: Metric(name: text(), baseline: optionalText(), target: optionalText()),
                        stalled: Bool.random(using: &random) ? StalledContext(lastProgress: text(), blocker: text()) : nil,
                        status: PlanStatus.allCases.randomElement(using: &random)!, createdAt: optionalDate())
        for _ in 0..<Int.random(in: 0...4, using: &random) {
            plan.milestones.append(Milestone(title: text(allowEmpty: false), criterion: text(), artifact: text(),
                                             timeboxDays: Int.random(in: 0..<5, using: &random) == 0 ? nil : timebox(), owner: text(),
                                             moves: text(), status: MilestoneStatus.allCases.randomElement(using: &random)!,
                                             createdAt: optionalDate(), closedAt: optionalDate(), importedTask: importedTask()))
        }
        for _ in 0..<Int.random(in: 0...2, using: &random) {
            plan.overrides.append(Override(ruleID: text(allowEmpty: false), path: text(), text: text(), reason: text(allowEmpty: false)))
        }
        if !plan.milestones.isEmpty {
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                plan.wins.append(Win(milestone: Int.random(in: 1...plan.milestones.count, using: &random), date: date(), note: text(),
                                     evidence: optionalText(), metricReading: optionalText()))
            }
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                // A rest day sets no step aside: milestone 0.
                let kind = SkipKind.allCases.randomElement(using: &random)!
                plan.skips.append(Skip(milestone: kind == .rest ? 0 : Int.random(in: 1...plan.milestones.count, using: &random), date: date(),
                                       kind: kind, reason: text()))
            }
        }
        return plan
    }
}

/// Properties over a few hundred generated cases each: what a format writes, it reads back.
@Suite struct RoundTripPropertyTests {
    static let seeds: [UInt64] = Array(1...300)

    @Test(arguments: seeds)
    func planJSONExportImportExportIsIdentity(seed: UInt64) throws {
        var generator = PlanGenerator(random: SeededGenerator(seed: seed))
        let plans = (0..<Int.random(in: 1...3, using: &generator.random)).map { _ in generator.plan() }
        let exported = PlanJSON.encode(plans)
        let imported = try PlanJSON.decode(exported)
        #expect(imported == plans, "seed \(seed)")
        #expect(PlanJSON.encode(imported) == exported, "seed \(seed)")
    }

    /// Found by the property above: Foundation's writer prints 16 digits, so these drifted by a
    /// last bit on every export → import.
    @Test(arguments: [320.70962594685585, 103.14508266535785, Timebox.maxDays.nextDown, Double.leastNonzeroMagnitude])
    func aTimeboxOfSeventeenDigitsExportsTheSameBytesAgain(days: Double) throws {
        let exported = PlanJSON.encode([Plan(goal: "g", milestones: [Milestone(title: "t", timeboxDays: days)])])
        let imported = try PlanJSON.decode(exported)
        #expect(abs(imported[0].milestones[0].timeboxDays - days) <= days * 1e-14)
        #expect(PlanJSON.encode(imported) == exported)
    }

    /// Found by the property above: Foundation's JSON reader dropped U+FEFF at the start of a
    /// string, so export → import lost it. A mark at the start of the file is still skipped.
    @Test(arguments: ["\u{FEFF}", "\u{FEFF}goal", "a\u{FEFF}", "\u{FEFF}\u{FEFF}x\u{FEFF}"])
    func aByteOrderMarkInsideTextIsKept(goal: String) throws {
        let plan = Plan(goal: goal, metric: Metric(name: goal))
        #expect(try PlanJSON.decode(PlanJSON.encode([plan])) == [plan])
        #expect(try PlanJSON.decode(Data([0xEF, 0xBB, 0xBF]) + PlanJSON.encode([plan])) == [plan])
    }

    @Test(arguments: seeds)
    func planJSONStreamReadsWhatTheWholeFileReaderReads(seed: UInt64) throws {
        var generator = PlanGenerator(random: SeededGenerator(seed: seed))
        let plans = (0..<Int.random(in: 1...3, using: &generator.random)).map { _ in generator.plan() }
        let exported = PlanJSON.encode(plans)
        var stream = PlanJSONStream()
        var elements: [PlanJSONStream.Element] = []
        // Chunks that split UTF-8 sequences and escapes, as a pipe may.
        let chunk = Int.random(in: 1...64, using: &generator.random)
        for start in stride(from: 0, to: exported.count, by: chunk) {
            elements += try stream.feed(exported[start..<min(exported.count, start + chunk)])
        }
        elements += try stream.finish()
        #expect(try elements.map { element throws(PlanJSON.DecodingError) in try PlanJSON.decode(element) } == plans, "seed \(seed)")
    }
}

extension RoundTripPropertyTests {
    /// Transcripts with every kind of line, and output that reads like input, a comment or a
    /// directive (written escaped). Lines never end in a carriage return: that is read as a
    /// Windows line end, on purpose.
    static func transcript(seed: UInt64) -> Transcript {
        var generator = PlanGenerator(random: SeededGenerator(seed: seed))
        let prompts = Transcript.promptNames.sorted()
        let lookalikes = ["#", "@", "\\", "goal> ", "goa> ", "momentum>", "> ", "@advance 1d", "timebox>"]
        func line() -> String {
            var text = generator.text().replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            if Int.random(in: 0..<3, using: &generator.random) == 0 { text = lookalikes.randomElement(using: &generator.random)! + text }
            return text
        }
        let zones = ["UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kathmandu", "Pacific/Kiritimati"]
        let header = Transcript.Header(date: generator.date(), timeZone: zones.randomElement(using: &generator.random)!,
                                       rules: Bool.random(using: &generator.random) ? "rules" : nil,
                                       store: Bool.random(using: &generator.random) ? "fixtures/billing-plan.json" : nil)
        var items = [Transcript.Item.input(prompt: prompts.randomElement(using: &generator.random)!, text: line())]
        for _ in 0..<Int.random(in: 0...30, using: &generator.random) {
            switch Int.random(in: 0..<4, using: &generator.random) {
            case 0: items.append(.comment("# " + line()))
            case 1:
                let amount = ["1d", "3h", "30m", "45s", "3650d", "0.5d"].randomElement(using: &generator.random)!
                items.append(.advance(seconds: Transcript.duration(amount)!, text: "@advance " + amount))
            case 2: items.append(.input(prompt: prompts.randomElement(using: &generator.random)!, text: line()))
            default: items.append(.output(line()))
            }
        }
        items.shuffle(using: &generator.random)
        return Transcript(header: header, items: items.enumerated().map { Transcript.Located(item: $1, line: $0 + 7) })
    }

    @Test(arguments: seeds)
    func transcriptRenderParseRenderIsIdentity(seed: UInt64) throws {
        let transcript = Self.transcript(seed: seed)
        let rendered = transcript.render()
        let parsed = try Transcript.parse(Data(rendered.utf8), file: "t.md")
        #expect(parsed.header == transcript.header, "seed \(seed)")
        #expect(parsed.items.map(\.item) == transcript.items.map(\.item), "seed \(seed)")
        #expect(parsed.render() == rendered, "seed \(seed)")
    }
}
