import Foundation
import MomentumApp
import MomentumCore
import MomentumStore
#if canImport(Glibc)
import Glibc
#endif

// `make bench`: the real `momentum` binary timed end to end (process start to exit) on generated
// stores, beside the tools a user would otherwise pick (Taskwarrior, tasksh, jrnl, grep), on the
// same sizes in the same run; medians, peak RSS and ratios go to docs/BENCHMARKS.md.
// `--smoke` runs every step on tiny sizes without peers, so `make test` keeps this from rotting.
// `--postgres URL` (a server where the bench may create databases, e.g.
// postgres://postgres@127.0.0.1:5432/postgres) times only start-up, `plans` and `done` on a team's
// PostgreSQL store, each beside the same on SQLite (docs/store.md has the figures).

let arguments = CommandLine.arguments
let smoke = arguments.contains("--smoke")
let output = arguments.firstIndex(of: "--write").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
let postgresServer = arguments.firstIndex(of: "--postgres").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
let momentum = URL(fileURLWithPath: arguments[0]).deletingLastPathComponent().appendingPathComponent("momentum").path
guard FileManager.default.isExecutableFile(atPath: momentum) else {
    FileHandle.standardError.write(Data("momentum-bench: build momentum first; \(momentum) is missing.\n".utf8))
    exit(2)
}
let work = NSTemporaryDirectory() + "momentum-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: work) }

// MARK: Running a process

struct Run {
    var seconds: Double
    var status: Int32
}

/// Starts `argv` with `input` on stdin and output thrown away, and waits for it: wall time from
/// spawn to exit. Nil past `timeout` (the child is killed).
func run(_ argv: [String], input: String = "", environment extra: [String: String] = [:], timeout: Double = 180) -> Run? {
    let inputPath = work + "/stdin"
    guard FileManager.default.createFile(atPath: inputPath, contents: Data(input.utf8)) else { return nil }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    environment.merge(extra) { $1 }
    let cArguments = argv.map { strdup($0) } + [nil]
    let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (cArguments + cEnvironment).forEach { free($0) } }
    var pid: pid_t = 0
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawnp(&pid, argv[0], &actions, nil, cArguments, cEnvironment) == 0 else { return nil }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, WNOHANG, &usage) == 0 {
        if Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 > timeout {
            kill(pid, SIGKILL)
            _ = wait4(pid, &status, 0, &usage)
            return nil
        }
        usleep(100)
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return Run(seconds: seconds, status: (status >> 8) & 0xFF)
}

struct Figure {
    var seconds: Double
    var peakMB: Double
}

/// The median of `runs` runs, and the largest peak RSS.
func measure(_ argv: [String], input: String = "", environment: [String: String] = [:], runs: Int = 5, timeout: Double = 180,
             accepted: Set<Int32> = [0]) -> Figure? {
    measure(input: input, environment: environment, runs: runs, timeout: timeout, accepted: accepted) { _ in argv }
}

/// The same, with the command line of each run (a new milestone for each `done`). A run that exits
/// with a status not in `accepted` is no figure: a peer that fails at once must not look fast.
func measure(input: String = "", environment: [String: String] = [:], runs: Int = 5, timeout: Double = 180,
             accepted: Set<Int32> = [0], _ argv: (Int) -> [String]) -> Figure? {
    var times: [Double] = []
    for index in 0..<(smoke ? 1 : runs) {
        guard let result = run(argv(index), input: input, environment: environment, timeout: timeout) else { return nil }
        guard accepted.contains(result.status) else {
            FileHandle.standardError.write(Data("momentum-bench: \(argv(index).joined(separator: " ")) exited with \(result.status); no figure.\n".utf8))
            return nil
        }
        times.append(result.seconds)
    }
    return Figure(seconds: times.sorted()[times.count / 2], peakMB: peakMB(argv(smoke ? 1 : runs), input: input, environment: environment))
}

/// Peak RSS from one more run under GNU time: a child started by posix_spawn inherits this
/// process's high-water mark across exec, so wait4 alone reports the benchmark's own size.
func peakMB(_ argv: [String], input: String, environment: [String: String]) -> Double {
    let file = work + "/peak"
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time"),
          run(["/usr/bin/time", "-f", "%M", "-o", file] + argv, input: input, environment: environment) != nil,
          let text = try? String(contentsOfFile: file, encoding: .utf8),
          let kilobytes = text.split(separator: "\n").last.flatMap({ Double($0) }) else { return .nan }
    return kilobytes / 1024
}

func installed(_ tool: String) -> Bool {
    !smoke && (run(["sh", "-c", "command -v \(tool)"])?.status == 0)
}

func format(_ seconds: Double) -> String {
    switch seconds {
    case ..<1: String(format: "%.1f ms", seconds * 1e3)
    default: String(format: "%.2f s", seconds)
    }
}

struct Row {
    var what: String
    var ours: Figure?
    var peer: String?
    var theirs: Figure?
    var target: String
}

var rows: [Row] = []
@MainActor func report(_ what: String, _ ours: Figure?, peer: String? = nil, _ theirs: Figure? = nil, target: String = "") {
    rows.append(Row(what: what, ours: ours, peer: peer, theirs: theirs, target: target))
    let ratio = ours.flatMap { o in theirs.map { String(format: " (%.2f×)", o.seconds / $0.seconds) } } ?? ""
    let text = "\(what): \(ours.map { "\(format($0.seconds)), \(String(format: "%.1f", $0.peakMB)) MB" } ?? "timed out")"
        + (peer.map { " | \($0): \(theirs.map { format($0.seconds) } ?? "not run")" } ?? "") + ratio + "\n"
    FileHandle.standardOutput.write(Data(text.utf8))
}

// MARK: Generated data

let day = 86_400.0
let now = Date()
/// Real words that occur in plans, so phrase rules made of them match as they would in use: a
/// frozen list (words.txt), so the figures do not move when rules or phrasings are edited.
let vocabulary: [String] = {
    let path = "Benchmarks/momentum-bench/words.txt"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        FileHandle.standardError.write(Data("momentum-bench: cannot read \(path); run it from the repository's root (make bench).\n".utf8))
        exit(2)
    }
    return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
}()
let phraseWords = Array(vocabulary.prefix(1_000))

func sentence(_ index: Int, words count: Int) -> String {
    (0..<count).map { vocabulary[(index * 7 + $0 * 131) % vocabulary.count] }.joined(separator: " ")
}

func plan(_ index: Int, milestones: Int, wins: Int = 0, winsFrom start: Date = now) -> Plan {
    var plan = Plan(goal: "Goal \(index): " + sentence(index, words: 4), outcome: "Customers upgrade without emailing us",
                    metric: Metric(name: "upgrades per week"),
                    milestones: (0..<milestones).map { m in
                        Milestone(title: sentence(index + m, words: 6), criterion: "Dana approves " + sentence(index * 3 + m, words: 3),
                                  artifact: "docs/step-\(m).md", timeboxDays: 1, owner: "me", moves: "upgrades",
                                  status: m < milestones / 2 ? .done : .open)
                    })
    plan.wins = (0..<wins).map { w in Win(milestone: 1, date: start + Double(w) * 600, note: "Finished " + sentence(w, words: 3)) }
    return plan
}

/// A store with `plans` plans (and `wins` wins spread over other plans, ending a month ago).
func makeStore(_ name: String, plans count: Int, milestones: Int = 6, wins: Int = 0) throws -> String {
    let home = work + "/" + name
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    let store = try Store.open(path: home + "/momentum.sqlite")
    for batch in stride(from: 0, to: count, by: 1_000) {
        _ = try store.saveAll((batch..<min(batch + 1_000, count)).map { plan($0, milestones: milestones) },
                              describing: { _ in "seed" }, at: now)
    }
    let perPlan = 10_000
    let winsStart = now - 30 * day - Double(wins) * 600
    for batch in stride(from: 0, to: wins, by: perPlan * 10) {
        _ = try store.saveAll(stride(from: batch, to: min(batch + perPlan * 10, wins), by: perPlan).map { first in
            plan(first, milestones: 1, wins: min(perPlan, wins - first), winsFrom: winsStart + Double(first) * 600)
        }, describing: { _ in "seed" }, at: now)
    }
    return home
}

// MARK: Momentum and its peers

let sizes = postgresServer != nil ? (plans: [Int](), tasks: [Int](), wins: [Int]())
    : smoke ? (plans: [0, 10, 100], tasks: [Int](), wins: [1_000, 2_000]) : (plans: [0, 100, 1_000, 10_000, 100_000], tasks: [0, 100, 1_000, 10_000], wins: [1_000, 100_000, 1_000_000])
let haveTask = installed("task"), haveTasksh = installed("tasksh"), haveJrnl = installed("jrnl")

/// A Taskwarrior data folder with `count` pending tasks, filled by `task import`.
func taskData(_ count: Int) -> [String: String] {
    let folder = work + "/task-\(count)"
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let rc = folder + "/taskrc"
    try? "data.location=\(folder)\nconfirmation=off\nverbose=nothing\nhooks=off\n".write(toFile: rc, atomically: true, encoding: .utf8)
    let environment = ["TASKRC": rc, "TASKDATA": folder]
    if count > 0 {
        let tasks = (0..<count).map { index in
            "{\"description\":\"\(sentence(index, words: 6))\",\"status\":\"pending\",\"entry\":\"20260101T000000Z\",\"uuid\":\"\(UUID().uuidString.lowercased())\",\"project\":\"goal\(index % 50)\"}"
        }
        let file = folder + "/import.json"
        try? ("[" + tasks.joined(separator: ",\n") + "]").write(toFile: file, atomically: true, encoding: .utf8)
        _ = run(["task", "import", file], environment: environment, timeout: 600)
    }
    return environment
}

var taskEnvironments: [Int: [String: String]] = [:]
if haveTask { for count in sizes.tasks { taskEnvironments[count] = taskData(count) } }

// Start-up.
let versionPeer = haveTask ? measure(["task", "--version"], runs: 11) : nil
report("--version", measure([momentum, "--version"], runs: 11), peer: "task --version", versionPeer, target: "≤ 1.5×")
var homes: [Int: String] = [:]
for count in sizes.plans {
    homes[count] = try makeStore("plans-\(count)", plans: count)
}
for count in sizes.plans where count <= 10_000 {
    let peer = taskEnvironments[count].flatMap { haveTasksh ? measure(["tasksh"], environment: $0, runs: 11) : nil }
    report("first prompt, then end of input (\(count) plans)", measure([momentum, "--home", homes[count]!], runs: 11),
           peer: "tasksh (\(count) tasks)", peer, target: "≤ 1.5×, ≤ 20 MB")
}

// Listings.
let taskList10k = taskEnvironments[10_000].flatMap { measure(["task", "list"], environment: $0, runs: 3) }
for count in sizes.plans where count >= 100 {
    let peer = taskEnvironments[count].flatMap { measure(["task", "list"], environment: $0, runs: 3) }
    report("plans (\(count) plans)", measure([momentum, "plans", "--home", homes[count]!]),
           peer: "task list (\(count) tasks)", peer, target: count == 10_000 ? "≤ 0.2× task list at 10k" : "")
}

/// A jrnl journal of `count` entries, one every 10 minutes ending a month ago.
func journal(_ count: Int) -> [String: String] {
    let folder = work + "/jrnl-\(count)"
    try? FileManager.default.createDirectory(atPath: folder + "/jrnl", withIntermediateDirectories: true)
    let start = now - 30 * day - Double(count) * 600
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    formatter.timeZone = .gmt
    let handle = FileManager.default.createFile(atPath: folder + "/journal.txt", contents: nil) ? FileHandle(forWritingAtPath: folder + "/journal.txt") : nil
    var text = ""
    for index in 0..<count {
        text += "[\(formatter.string(from: start + Double(index) * 600))] Finished \(sentence(index, words: 3)).\n\n"
        if text.utf8.count > 1 << 20 { handle?.write(Data(text.utf8)); text = "" }
    }
    handle?.write(Data(text.utf8))
    try? handle?.close()
    try? """
    colors: {body: none, date: none, tags: none, title: none}
    default_hour: 9
    default_minute: 0
    editor: ''
    encrypt: false
    highlight: false
    indent_character: '|'
    journals:
      default:
        journal: \(folder)/journal.txt
    linewrap: 79
    tagsymbols: '@'
    template: false
    timeformat: '%Y-%m-%d %H:%M'
    version: v4.2
    """.write(toFile: folder + "/jrnl/jrnl.yaml", atomically: true, encoding: .utf8)
    // A jrnl installed with `pip install --user` finds its modules under the real home's user base.
    let environment = ProcessInfo.processInfo.environment
    let userBase = environment["PYTHONUSERBASE"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local")
    return ["XDG_CONFIG_HOME": folder, "HOME": folder, "PYTHONUSERBASE": userBase]
}

for count in sizes.wins {
    let home = try makeStore("wins-\(count)", plans: 1, milestones: 2_000, wins: count)
    let jrnl = haveJrnl ? journal(count) : nil
    let runs = count >= 1_000_000 ? 3 : 5
    report("wins, the latest 20 (\(count) wins)", measure([momentum, "wins", "--home", home], runs: runs),
           peer: "jrnl -n 20 (\(count) entries)", jrnl.flatMap { measure(["jrnl", "-n", "20"], environment: $0, runs: 1, timeout: 120) })
    report("wins --since (\(count) wins, none in range)", measure([momentum, "wins", "--since", "yesterday", "--home", home], runs: runs),
           peer: "jrnl -from yesterday", jrnl.flatMap { measure(["jrnl", "-from", "yesterday"], environment: $0, runs: 1, timeout: 120) })
    report("wins vs task list at 10k (\(count) wins)", measure([momentum, "wins", "--home", home], runs: runs),
           peer: "task list (10000 tasks)", taskList10k, target: "≤ 0.2×")
    report("done with a note (\(count) wins)", measure(input: "Shipped the pricing page to staging\nskip\n3\n", runs: runs) { index in
        [momentum, "done", "1.\(1_001 + index)", "--home", home]
    }, target: "within 1.2× of the smallest")
}

// A team's store on PostgreSQL beside the same store in SQLite, copied there by migrate.
if let postgresServer {
    var databases: [String] = []
    /// A new database on the server holding a copy of `home`'s store; nil (no figure) when it cannot be made.
    func postgresCopy(of home: String) -> String? {
        let database = "momentum_bench_\(getpid())_\(databases.count)"
        guard run(["psql", postgresServer, "-qc", "CREATE DATABASE \(database)"])?.status == 0 else { return nil }
        databases.append(database)
        let url = postgresServer.prefix { $0 != "?" }.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/") + "/" + database
        return run([momentum, "migrate", "--to", url, "--home", home], timeout: 600)?.status == 0 ? url : nil
    }
    let count = smoke ? 10 : 1_000
    let home = try makeStore("postgres-plans", plans: count)
    let url = postgresCopy(of: home)
    report("first prompt, then end of input (\(count) plans), PostgreSQL", url.flatMap { measure([momentum, "--home", home, "--store", $0], runs: 11) },
           peer: "the same on SQLite", measure([momentum, "--home", home], runs: 11))
    report("plans (\(count) plans), PostgreSQL", url.flatMap { measure([momentum, "plans", "--home", home, "--store", $0]) },
           peer: "the same on SQLite", measure([momentum, "plans", "--home", home]))
    let winsHome = try makeStore("postgres-wins", plans: 1, milestones: 2_000, wins: 1_000)
    let winsURL = postgresCopy(of: winsHome)
    let note = "Shipped the pricing page to staging\nskip\n3\n"
    report("done with a note (1000 wins), PostgreSQL", winsURL.flatMap { url in measure(input: note) { [momentum, "done", "1.\(1_001 + $0)", "--home", winsHome, "--store", url] } },
           peer: "the same on SQLite", measure(input: note) { [momentum, "done", "1.\(1_101 + $0)", "--home", winsHome] })
    for database in databases { _ = run(["psql", postgresServer, "-qc", "DROP DATABASE \(database)"]) }
}

// Checking: 10,000 milestones against the defaults plus 1,000 phrase rules of real words.
if postgresServer == nil {
    let milestoneCount = smoke ? 100 : 10_000
    // Every title and done-when its own (the generated sentences repeat every 2,000): `check`
    // remembers the meaning's verdict on an answer met before, and real plans repeat their "moves"
    // and artifacts, not their steps.
    let checkPlans = (0..<10).map { index in
        var generated = plan(index * 1_000, milestones: milestoneCount / 10)
        for (m, milestone) in generated.milestones.enumerated() {
            let unique = index * 1_000 + m, extra = vocabulary[(unique / vocabulary.count * 53 + 17) % vocabulary.count]
            generated.milestones[m].title = sentence(unique, words: 5) + " " + extra
            generated.milestones[m].criterion = milestone.criterion + " " + extra
        }
        return generated
    }
    let checkFile = work + "/check.json"
    try PlanJSON.encode(checkPlans, asArray: true).write(to: URL(fileURLWithPath: checkFile))
    let textFile = work + "/check.txt"
    try checkPlans.flatMap { $0.milestones.flatMap { [$0.title, $0.criterion] } }.joined(separator: "\n")
        .write(toFile: textFile, atomically: true, encoding: .utf8)
    let wordsFile = work + "/words.txt"
    try phraseWords.joined(separator: "\n").write(toFile: wordsFile, atomically: true, encoding: .utf8)
    let rulesFile = work + "/words.yml"
    try ("version: 1\nrules:\n" + phraseWords.enumerated().map { index, word in
        "  - id: word-\(index)\n    kind: phrase\n    level: info\n    applies-to: [milestone, criterion]\n    phrases: [\(word)]\n    message: \"'{match}'\"\n    ask: \"a\"\n"
    }.joined()).write(toFile: rulesFile, atomically: true, encoding: .utf8)
    let checkHome = work + "/check-home"
    try FileManager.default.createDirectory(atPath: checkHome, withIntermediateDirectories: true)
    // check exits 1 when it found warnings, as a linter does. A fresh home each run fits every
    // field's reading; the home kept across runs reads them back from its cache after the first.
    report("check \(milestoneCount) milestones, defaults + \(phraseWords.count) real-word phrase rules, first run (readings fitted)",
           measure(runs: 3, accepted: [0, 1]) { index in [momentum, "check", checkFile, "--rules", rulesFile, "--home", checkHome + "-fresh-\(index)"] })
    report("check \(milestoneCount) milestones, defaults + \(phraseWords.count) real-word phrase rules",
           measure([momentum, "check", checkFile, "--rules", rulesFile, "--home", checkHome], runs: 3, accepted: [0, 1]),
           peer: "grep -wFf (same words, same text)", smoke ? nil : measure(["grep", "-cwFf", wordsFile, textFile], runs: 5),
           target: "≤ 10×, ≤ 60 MB")

    // Import.
    let importCount = smoke ? 100 : 10_000
    let importFile = work + "/import.json"
    try PlanJSON.encode((0..<importCount).map { plan($0, milestones: 10) }, asArray: true).write(to: URL(fileURLWithPath: importFile))
    report("import \(importCount) plans (10 milestones each)", measure(runs: 3) { index in
        [momentum, "import", importFile, "--store", work + "/import-\(index).sqlite", "--home", checkHome]
    }, target: "≤ 2 s, ≤ 100 MB")
}

// MARK: Report

if let output {
    let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
        .first { $0.hasPrefix("model name") }.map { String($0.split(separator: ":")[1]).trimmingCharacters(in: .whitespaces) } ?? "unknown"
    let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
    func cell(_ figure: Figure?) -> String { figure.map { "\(format($0.seconds)), \(String(format: "%.1f", $0.peakMB)) MB" } ?? "—" }
    var text = """
    # Benchmarks

    Written by `make bench` (`Benchmarks/momentum-bench`): the release `momentum` binary timed end to
    end, from process start to exit, with output to /dev/null, beside the peers on the same sizes in
    the same run. Medians (5 runs, 3 for the large ones, 1 for jrnl); peak RSS from one more run under
    GNU time (`wait4` would report the benchmark's own size: a spawned child keeps it across exec). Machine:
    \(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu), load average \(load) at the end (shared and noisy):
    compare ratios, not absolute times. "—" means the peer is not installed, did not finish, or failed (its exit status is checked).

    | what | momentum | peer | peer time | ratio | target |
    | --- | --- | --- | --- | --- | --- |

    """
    text += rows.map { row in
        let ratio = row.ours.flatMap { o in row.theirs.map { String(format: "%.2f×", o.seconds / $0.seconds) } } ?? "—"
        return "| \(row.what) | \(cell(row.ours)) | \(row.peer ?? "") | \(cell(row.theirs)) | \(ratio) | \(row.target) |"
    }.joined(separator: "\n") + "\n"
    text += """

    Stores are generated with the store's own code: plans of 6 milestones (half done); wins one every
    10 minutes ending a month ago (so the current streak is broken, as after any pause); `done` logs a
    win with a note (checked by the rules) on a store with that many wins; `done` and `check` read the
    home's fitted readings back from `<home>/cache/readings` after its first run (the "first run" row
    fits them, as after a change of phrasings). The phrase rules are the
    first \(phraseWords.count) words of `Benchmarks/momentum-bench/words.txt` (real phrasings' words, frozen), each a rule on
    milestones and criteria, and the milestones are sentences of the same words, so they match; each
    title and done-when is its own (until 2026-12-04 each came five times, and `check` now remembers
    a verdict on an answer met before).
    Taskwarrior's data is made by `task import`; jrnl's journal is written in its plain-text format.

    The binary is `make release`'s: SQLite only (a `postgres://` store is handed to `momentum-postgres`,
    docs/store.md), linked by lld with the functions start-up runs side by side
    (`scripts/startup-symbols.txt`, `make startup-order`). Before both, the first prompt mapped 26.2 MB
    and took 1.42–1.77× tasksh's time (PostgresNIO linked in; 20.1 MB and 1.25–1.33× without it).

    """
    try text.write(toFile: output, atomically: true, encoding: .utf8)
}
