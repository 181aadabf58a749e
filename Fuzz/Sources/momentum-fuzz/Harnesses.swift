import Foundation
import MomentumCore

// libFuzzer calls this once per input; MOMENTUM_FUZZ names the harness (docs/fuzzing.md).
// A harness traps (and libFuzzer saves the input) on a crash in the core, or when a property
// the formats promise breaks: what export writes, import reads back to the same bytes.

enum Harness: String, CaseIterable {
    case rules, phrasings, plan, transcript, tasks, coach
}

let harness: Harness = {
    let name = ProcessInfo.processInfo.environment["MOMENTUM_FUZZ"] ?? ""
    guard let harness = Harness(rawValue: name) else {
        let names = Harness.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("Set MOMENTUM_FUZZ to one of: \(names).\n".utf8))
        exit(2)
    }
    return harness
}()

func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    switch harness {
    case .rules: fuzzRules(data)
    case .phrasings: fuzzPhrasings(data)
    case .plan: fuzzPlan(data)
    case .transcript: fuzzTranscript(data)
    case .tasks: fuzzTasks(data)
    case .coach: fuzzCoach(data)
    }
    return 0
}

func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

/// A rule file, then every rule it yields run on its own examples (patterns compiled and matched).
func fuzzRules(_ data: Data) {
    let file = RuleFileParser.parse(String(decoding: data, as: UTF8.self), path: "fuzz.yml")
    let rules = RuleSet(file.rules)
    _ = rules.verifyExamples()
    _ = rules.check(plan: samplePlan)
}

func fuzzPhrasings(_ data: Data) {
    _ = PhrasingFileParser.parse(String(decoding: data, as: UTF8.self), path: "fuzz.tsv")
}

/// The whole-file reader and the streaming splitter, fed in chunks the first byte chooses; what
/// reads as plans exports to bytes that import and export again unchanged.
func fuzzPlan(_ data: Data) {
    let whole = try? PlanJSON.decode(data)
    if let whole { requireStableExport(whole, "plan JSON") }
    let chunk = max(1, Int(data.first ?? 1))
    var stream = PlanJSONStream()
    do {
        var offset = 0
        var elements: [PlanJSONStream.Element] = []
        while offset < data.count {
            elements += try stream.feed(data[offset..<min(data.count, offset + chunk)])
            offset += chunk
        }
        elements += try stream.finish()
        for element in elements { _ = try? PlanJSON.decode(element) }
    } catch {}
}

func requireStableExport(_ plans: [Plan], _ format: String) {
    let once = PlanJSON.encode(plans)
    guard let again = try? PlanJSON.decode(once) else {
        fatalError("\(format): the export of what was read does not import: \(String(decoding: once, as: UTF8.self))")
    }
    require(PlanJSON.encode(again) == once, "\(format): export → import → export changed the bytes")
}

/// A transcript that parses renders to text that parses to the same rendering.
func fuzzTranscript(_ data: Data) {
    guard let transcript = try? Transcript.parse(data, file: "fuzz.md") else { return }
    let rendered = transcript.render()
    guard let again = try? Transcript.parse(Data(rendered.utf8), file: "fuzz.md") else {
        fatalError("a rendered transcript does not parse: \(rendered)")
    }
    require(again.render() == rendered, "transcript render → parse → render changed the text")
}

/// The first byte chooses the list format; what imports exports as plan JSON that round-trips.
func fuzzTasks(_ data: Data) {
    guard let first = data.first else { return }
    let sources = TaskImport.Source.allCases
    let rest = data.dropFirst()
    _ = TaskImport.sniff(rest, file: "fuzz.txt")
    if let plans = try? TaskImport.read(rest, as: sources[Int(first) % sources.count], file: "fuzz.txt"),
       // Control characters in task lists are refused elsewhere (issue 11, part 2); plan JSON refuses them.
       ControlCharacters.first(in: String(decoding: rest, as: UTF8.self)) == nil {
        requireStableExport(plans, "task import")
    }
}

/// A flow the first byte chooses, fed the input's lines as typed answers (control words and
/// command names come from the dictionary). After every line the draft is saved and resumed as
/// the shell does; a finished plan exports and imports back. Lines with control characters are
/// left out, as the shell refuses them before the coach sees them.
func fuzzCoach(_ data: Data) {
    guard let first = data.first else { return }
    let kinds: [FlowKind] = [.new, .add, .editPlan, .editMilestone, .done, .skip, .unstick]
    let kind = kinds[Int(first) % kinds.count]
    let milestone = [FlowKind.editMilestone, .done, .skip].contains(kind) ? Int(first / 8) % samplePlan.milestones.count : nil
    var coach = Coach(form: Form(kind: kind, base: kind == .new ? Plan(goal: "") : samplePlan, milestone: milestone), rules: coachRules)
    _ = coach.begin()
    for line in String(decoding: data.dropFirst(), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
        guard ControlCharacters.first(in: String(line)) == nil else { continue }
        let reply = coach.receive(String(line))
        _ = coach.prompt
        if case .finished(let result) = reply.outcome {
            if case .plan(let plan) = result { requireStableExport([plan], "a coached plan") }
            return
        }
        if reply.outcome == .cancelled { return }
        let draft = try! JSONEncoder().encode(coach.form)
        let resumed = try! JSONDecoder().decode(Form.self, from: draft)
        require(resumed == coach.form, "a draft saved and resumed is not the same form")
        coach = Coach(form: resumed, rules: coachRules)
    }
}

let day: TimeInterval = 86_400
let samplePlan = Plan(
    goal: "Ship the billing page", outcome: "Customers upgrade alone",
    metric: Metric(name: "upgrades per week", baseline: "2", target: "10"),
    stalled: StalledContext(lastProgress: "pricing table in September", blocker: "no payment provider"),
    milestones: [
        Milestone(title: "Compare two providers in a note", criterion: "Dana approves the note", artifact: "docs/providers.md",
                  status: .done, createdAt: Date(timeIntervalSince1970: 1_700_000_000), closedAt: Date(timeIntervalSince1970: 1_700_000_000 + day)),
        Milestone(title: "Wire the chosen provider's test mode", criterion: "a test payment succeeds", artifact: "PR #12", timeboxDays: 2),
        Milestone(title: "Write the upgrade email"),
    ],
    createdAt: Date(timeIntervalSince1970: 1_700_000_000),
    wins: [Win(milestone: 1, date: Date(timeIntervalSince1970: 1_700_000_000 + day), note: "note approved")])

/// The shipped rules when MOMENTUM_FUZZ_RULES names their folder (make fuzz does), else one
/// phrase rule, so the coach's rephrase-or-keep path is reached either way.
let coachRules: RuleSet = {
    var rules = RuleFileParser.parse("""
    version: 1
    rules:
      - id: vanity
        kind: phrase
        level: warning
        applies-to: [metric, goal, milestone]
        phrases: [followers, improve]
        message: "'{match}' flatters."
        ask: "What number would change a decision?"
    """, path: "fuzz.yml").rules
    if let folder = ProcessInfo.processInfo.environment["MOMENTUM_FUZZ_RULES"],
       let names = try? FileManager.default.contentsOfDirectory(atPath: folder) {
        for name in names.sorted() where name.hasSuffix(".yml") {
            let path = folder + "/" + name
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            rules += RuleFileParser.parse(text, path: path).rules
        }
    }
    return RuleSet(rules)
}()
