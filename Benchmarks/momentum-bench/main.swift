import Foundation
import MomentumApp
import MomentumCore
import MomentumStore

// Measures what users feel: checking answers and plans against the rules, and start-up and the
// everyday commands on a large store. Run with `make bench`; `--write FILE` also writes Markdown.

func seconds(_ work: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try work()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ runs: Int, _ work: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<runs { times.append(try seconds(work)) }
    return times.sorted()[runs / 2]
}

func format(_ seconds: Double) -> String {
    switch seconds {
    case ..<0.001: String(format: "%.1f µs", seconds * 1e6)
    case ..<1: String(format: "%.1f ms", seconds * 1e3)
    default: String(format: "%.2f s", seconds)
    }
}

var rows: [(String, String)] = []
@MainActor func report(_ what: String, _ value: Double, note: String = "") {
    let text = format(value) + (note.isEmpty ? "" : " (\(note))")
    rows.append((what, text))
    FileHandle.standardOutput.write(Data("\(what): \(text)\n".utf8))
}

// MARK: Meaning (first, so that its first use is the process's first; docs/meaning.md)

let firstEncode = seconds { _ = SentenceEncoder.shared?.encode("Get new customers billing on day one") }
if let encoder = SentenceEncoder.shared {
    report("Sentence vectors: first use (set-up and one encode; also pays the process's first Swift runtime work)", firstEncode)
    report("Sentence vectors: encode a 10-word sentence", median(2001) {
        _ = encoder.encode("Weekly status meeting with the data team every Monday morning")
    })
}

// MARK: Rules

let loadTime = median(5) { _ = RuleLoader.load(userDirectory: nil, extraPaths: []) }
let defaults = RuleLoader.load(userDirectory: nil, extraPaths: [])
report("Load and compile the \(defaults.ruleSet.rules.count) default rules", loadTime)

let answerPlan = Plan(goal: "Ship the billing page", outcome: "Customers upgrade alone", metric: Metric(name: "upgrades per week"))
report("Check one answer against the defaults", median(2001) {
    _ = defaults.ruleSet.check(.milestone, text: "Research payment providers and write a one-page note", in: answerPlan, milestone: 0)
})

let generated = (0..<1_000).map { index -> String in
    """
      - id: generated-\(index)
        kind: phrase
        level: info
        applies-to: [milestone, criterion, moves]
        phrases: ["zq\(index) alpha", "term\(index)", "word\(index) beta gamma"]
        message: "m"
        ask: "a"
    """
}.joined(separator: "\n")
let generatedRules = RuleFileParser.parse("version: 1\nrules:\n" + generated + "\n", path: "generated.yml")
precondition(generatedRules.diagnostics.isEmpty, "\(generatedRules.diagnostics)")
let bigRuleSet = RuleSet.merging([defaults.ruleSet.rules, generatedRules.rules], meaning: defaults.ruleSet.meaning)
report("Check one answer against defaults + 1,000 phrase rules", median(2001) {
    _ = bigRuleSet.check(.milestone, text: "Research payment providers and write a one-page note", in: answerPlan, milestone: 0)
})

let titles = ["Compare two payment providers in a one-page note", "Weekly status meeting with the data team",
              "Connect checkout on staging", "Research competitors", "Draft chapter 3 to the end of the wedding scene"]
func plan(milestones count: Int) -> Plan {
    Plan(goal: "Ship the billing page", outcome: "Customers upgrade without emailing us", metric: Metric(name: "upgrades per week"),
         milestones: (0..<count).map { index in
             Milestone(title: titles[index % titles.count] + " \(index)", criterion: index % 3 == 0 ? "Make progress" : "Dana approves it by Friday",
                       artifact: "docs/step-\(index).md", timeboxDays: Double(index % 4 + 1), owner: "me", moves: "unblocks upgrades")
         })
}
var scaling: [(Int, Double)] = []
for count in [1_000, 10_000, 100_000] {
    let big = plan(milestones: count)
    var findings = 0
    let time = median(count >= 100_000 ? 1 : 3) { findings = bigRuleSet.check(plan: big).count }
    scaling.append((count, time))
    report("Check a \(count)-milestone plan against defaults + 1,000 phrase rules", time, note: "\(findings) findings")
}

// MARK: Store

let directory = NSTemporaryDirectory() + "momentum-bench-\(UUID().uuidString)"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
let storePath = directory + "/momentum.sqlite"
let seedDate = Date(timeIntervalSince1970: 1_763_000_000)
var store = try Store.open(path: storePath)
let seedPlans = (0..<10_000).map { index -> Plan in
    var p = plan(milestones: 10)
    p.goal = "Goal number \(index)"
    for m in 0..<10 {
        p.milestones[m].status = m < 9 ? .done : .open
        p.wins.append(Win(milestone: m + 1, date: seedDate + Double(index * 10 + m) * 600, note: "Finished step \(m)", evidence: "https://example.org/\(index)/\(m)", metricReading: "\(m)"))
    }
    p.milestones[9].status = .open
    p.wins.removeLast()
    p.wins.append(Win(milestone: 9, date: seedDate, note: "Extra"))
    return p
}
report("Seed 10,000 plans, 100,000 milestones, 100,000 wins (one transaction)", try seconds {
    _ = try store.saveAll(seedPlans, describing: { "seed \($0.goal)" }, at: seedDate)
})

report("Open the store", try median(11) { store = try Store.open(path: storePath) })
let environment = ShellEnvironment(now: { Date() }, timeZone: .gmt, files: ScratchFiles())
let shell = Shell(store: store, rules: defaults, environment: environment)
report("plans (10,000 rows)", median(11) { _ = shell.handle("plans") })
report("show one plan", median(101) { _ = shell.handle("show 5000") })
var doneNumber = 0
report("done (mark a milestone done and log the win, whole flow)", median(51) {
    doneNumber += 1
    let replies = ["done \(doneNumber).10", "Drafted chapter 3 up to the wedding scene", "skip", "3 upgrades"].map { shell.handle($0) }
    // A flow left half-way would make this and every later figure measure something else.
    guard shell.prompt.name == "momentum" else {
        fatalError("the done flow did not finish:\n" + replies.flatMap(\.lines).map(\.text).joined(separator: "\n"))
    }
})
precondition(shell.handle("wins").lines.count >= 100_000, "wins did not list the seeded wins")
report("wins (100,000 rows)", median(5) { _ = shell.handle("wins") })
report("streak", median(5) { _ = shell.handle("streak") })

let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("momentum").path
if FileManager.default.isExecutableFile(atPath: binary) {
    report("Start-up to prompt and quit (the binary, piped `quit`, 10k-plan store)", try median(11) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--home", directory, "--store", storePath]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("quit\n".utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
    })
}

// MARK: Report

if let index = CommandLine.arguments.firstIndex(of: "--write"), index + 1 < CommandLine.arguments.count {
    let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
        .first { $0.hasPrefix("model name") }.map { String($0.split(separator: ":")[1]).trimmingCharacters(in: .whitespaces) } ?? "unknown"
    let perMilestone = scaling.map { "\($0.0): \(format($0.1 / Double($0.0))) per milestone" }.joined(separator: "; ")
    var text = """
    # Benchmarks

    Measured by `make bench` (release build, `Benchmarks/momentum-bench`), never by timed tests.
    Medians of repeated runs on one shared, noisy machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu).
    Figures are for comparison between versions on this kind of machine, not guarantees.

    | what | time |
    | --- | --- |

    """
    text += rows.map { "| \($0.0) | \($0.1) |" }.joined(separator: "\n") + "\n"
    text += """

    **Scaling.** Checking a plan grows linearly with its milestones (\(perMilestone)): phrase rules
    are indexed by their first word, so 1,000 extra phrase rules cost one dictionary look-up per word
    rather than one scan per rule. Store commands use indexed queries; `plans` is one query with
    correlated sub-queries over `milestone(planId, position)` and `win(planId)`. `done` ends by
    printing the streak, which reads every win's day: most of its time at 100,000 wins, as for `streak`.

    """
    try text.write(toFile: CommandLine.arguments[index + 1], atomically: true, encoding: .utf8)
}
try? FileManager.default.removeItem(atPath: directory)
