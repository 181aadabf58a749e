import Foundation
import Testing
@testable import MomentumCore

/// Reading a plan file as a stream gives what reading it whole gives: the same plans, or an
/// error at the same path and line, whatever size the pieces come in.
@Suite struct PlanJSONStreamTests {
    static let plan = #"{"version": 1, "goal": "Ship \"it\" [now]", "metric": {"name": "upgrades"}, "milestones": [{"title": "a {b}"}]}"#

    static func streamed(_ text: String, pieces size: Int) throws(PlanJSON.DecodingError) -> [Plan] {
        var stream = PlanJSONStream()
        var plans: [Plan] = []
        let bytes = Array(text.utf8)
        for start in stride(from: 0, to: bytes.count, by: size) {
            for element in try stream.feed(bytes[start..<min(start + size, bytes.count)]) { plans.append(try PlanJSON.decode(element)) }
        }
        for element in try stream.finish() { plans.append(try PlanJSON.decode(element)) }
        return plans
    }

    @Test(arguments: [
        plan, "[\(plan)]", "[]", " [\n\(plan),\n\(plan) ,\(plan)\n]\n", "\n\(plan)\n",
    ])
    func validFilesGiveThePlansReadingWholeGives(text: String) throws {
        let whole = try PlanJSON.decode(Data(text.utf8))
        for size in [1, 3, 64, 1 << 16] {
            #expect(try PlanJSONStreamTests.streamed(text, pieces: size) == whole)
        }
    }

    @Test(arguments: [
        ("[\(plan), {\"version\": 1, \"metric\": {\"name\": \"m\"}}]", "$[1].goal", nil as Int?),
        ("[\(plan),\n\(plan.replacingOccurrences(of: "\"upgrades\"", with: "3"))]", "$[1].metric.name", nil),
        ("[\(plan),\n  {\"version\": 1, \"goal\": }]", "$[1]", 2),
        ("[\(plan), 3]", "$[1]", 1),
        ("[\(plan),]", "$[1]", 1),
        ("[\(plan)", "$", 1),
        ("[\(plan)] x", "$", 1),
        ("# Ship it\n- [ ] a", "$", nil),
        ("", "$", nil),
    ])
    func brokenFilesAreRefusedAtThePlace(text: String, path: String, line: Int?) {
        for size in [1, 5, 1 << 16] {
            do {
                _ = try PlanJSONStreamTests.streamed(text, pieces: size)
                Issue.record("\(text) was read")
            } catch {
                #expect(error.path == path, "\(text)")
                if let line { #expect(error.line == line, "\(text)") }
            }
        }
    }

    /// The Markdown hint the whole-file reader gives survives streaming.
    @Test func markdownIsNamed() {
        #expect(throws: PlanJSON.DecodingError.self) { try PlanJSONStreamTests.streamed("# Ship it\n- [ ] a\n", pieces: 1) }
        do { _ = try PlanJSONStreamTests.streamed("# Ship it\n", pieces: 1) } catch {
            #expect(error.message.contains("Markdown"))
        }
    }
}

/// The arithmetic ISO 8601 reader and writer agree with ISO8601DateFormatter: on the fixed forms,
/// on what it refuses, and on the forms left to it.
@Suite struct ISODateTests {
    nonisolated(unsafe) static let formatter = ISO8601DateFormatter()

    @Test func formatAgreesWithTheFormatterAcrossCenturies() {
        for step in 0..<5_000 {
            let seconds = Double(step) * 1_234_567.891 - 2_500_000_000
            let date = Date(timeIntervalSince1970: seconds)
            #expect(ISODate.format(date) == ISODateTests.formatter.string(from: date), "\(seconds)")
            #expect(ISODate.parse(ISODate.format(date)) == ISODateTests.formatter.date(from: ISODateTests.formatter.string(from: date)))
        }
    }

    @Test(arguments: [
        "2026-11-20T09:00:00Z", "2024-02-29T23:59:59Z", "2023-02-29T10:00:00Z", "2026-13-01T00:00:00Z", "2026-11-20T24:00:00Z",
        "2026-11-20T09:00:00+05:30", "2026-11-20T09:00:00-08:00", "2026-11-20T09:00:00+0530", "2026-11-20 09:00:00Z",
        "2026-11-20", "2026-11-20T09:00:00.123Z", "0001-01-01T00:00:00Z", "1583-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-11-2aT09:00:00Z",
        "", "yesterday", "2026-11-20T09:00:60Z", "1969-12-31T23:59:59Z",
    ])
    func parseAgreesWithTheFormatter(text: String) {
        #expect(ISODate.parse(text) == ISODateTests.formatter.date(from: text))
    }
}
