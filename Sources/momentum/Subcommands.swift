import ArgumentParser
import Foundation
import MomentumApp
import MomentumCore

/// A shell command run once from the command line (`momentum plans`, `momentum done 3.1`). A
/// command that starts a flow (edit, add, done…) asks its questions, then exits.
protocol OneShotCommand: ParsableCommand {
    static var word: String { get }
    var options: GlobalOptions { get }
    var arguments: [String] { get }
}

extension OneShotCommand {
    func run() throws {
        let context = try AppContext(options)
        throw ExitCode(context.interact(firstCommand: [Self.word] + arguments))
    }
}

struct PlansCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "plans", abstract: "List plans (--all includes archived and dropped).")
    static let word = "plans"
    @OptionGroup var options: GlobalOptions
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
}

struct ShowCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a whole plan: show PLAN.")
    static let word = "show"
    @OptionGroup var options: GlobalOptions
    @Argument(help: "PLAN: an id or a goal prefix.") var arguments: [String] = []
}

struct EditCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "edit", abstract: "Edit a plan or one milestone: edit PLAN[.MILESTONE].")
    static let word = "edit"
    @OptionGroup var options: GlobalOptions
    @Argument var arguments: [String] = []
}

struct AddCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add milestones to a plan: add PLAN.")
    static let word = "add"
    @OptionGroup var options: GlobalOptions
    @Argument var arguments: [String] = []
}

struct DoneCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "done", abstract: "Mark a milestone done and log the win: done PLAN.MILESTONE.")
    static let word = "done"
    @OptionGroup var options: GlobalOptions
    @Argument var arguments: [String] = []
}

struct SkipCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "skip", abstract: "Set a milestone aside with a reason: skip PLAN.MILESTONE.")
    static let word = "skip"
    @OptionGroup var options: GlobalOptions
    @Argument var arguments: [String] = []
}

struct DropCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "drop", abstract: "Drop a plan or a milestone: drop PLAN[.MILESTONE] (undo brings it back).")
    static let word = "drop"
    @OptionGroup var options: GlobalOptions
    @Argument var arguments: [String] = []
}

struct ArchiveCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "archive", abstract: "Archive a finished plan: archive PLAN.")
    static let word = "archive"
    @OptionGroup var options: GlobalOptions
    @Argument var arguments: [String] = []
}

struct UndoCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "undo", abstract: "Revert the last change.")
    static let word = "undo"
    @OptionGroup var options: GlobalOptions
    @Argument var arguments: [String] = []
}

struct ExportCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write a plan: export PLAN [--format md|json|taskwarrior|ics] [-o FILE].")
    static let word = "export"
    @OptionGroup var options: GlobalOptions
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
}

struct ImportCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Add the plans in a plan JSON file, or a task list as a stalled plan: import FILE [--from taskwarrior|todotxt|markdown].")
    static let word = "import"
    @OptionGroup var options: GlobalOptions
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
}

struct WinsCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "wins", abstract: "List wins: wins [PLAN] [--since DATE].")
    static let word = "wins"
    @OptionGroup var options: GlobalOptions
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
}

struct StreakCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "streak", abstract: "Current and best streak, and a 12-week heatmap.")
    static let word = "streak"
    @OptionGroup var options: GlobalOptions
    @Argument var arguments: [String] = []
}

struct SetCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "List settings, or change one: set skips-per-week 3.")
    static let word = "set"
    @OptionGroup var options: GlobalOptions
    @Argument var arguments: [String] = []
}

struct ReviewCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "review", abstract: "The guided weekly review.")
    static let word = "review"
    @OptionGroup var options: GlobalOptions
    @Argument var arguments: [String] = []
}

struct ReviewsCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "reviews", abstract: "Past weekly reviews.")
    static let word = "reviews"
    @OptionGroup var options: GlobalOptions
    @Argument var arguments: [String] = []
}

struct UnstickCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "unstick", abstract: "Walk a stalled plan down to one step for today: unstick PLAN.")
    static let word = "unstick"
    @OptionGroup var options: GlobalOptions
    @Argument var arguments: [String] = []
}

struct StoryCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "story", abstract: "The plan as a story: story PLAN [--format md|html] [-o FILE].")
    static let word = "story"
    @OptionGroup var options: GlobalOptions
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
}

struct SessionsCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "sessions", abstract: "List recorded sessions.")
    static let word = "sessions"
    @OptionGroup var options: GlobalOptions
    @Argument var arguments: [String] = []
}

struct TranscriptCommand: OneShotCommand {
    static let configuration = CommandConfiguration(commandName: "transcript", abstract: "Write a recorded session as a transcript: transcript SESSION [-o FILE].")
    static let word = "transcript"
    @OptionGroup var options: GlobalOptions
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
}

// MARK: Commands with their own exit codes

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List the rules, run their examples (test), or lint rule files.",
        discussion: "With PATHs, test and lint look at those files only; without, at the rules in force.")

    @Argument(help: "list, test or lint") var action: String = "list"
    @Argument(help: "Rule files or directories (for test and lint).") var paths: [String] = []
    @OptionGroup var options: GlobalOptions

    func run() throws {
        let loaded: LoadedRules
        if paths.isEmpty {
            let home = try AppContext.homeDirectory(options.home)
            loaded = RuleLoader.load(userDirectory: (home as NSString).appendingPathComponent("rules"), extraPaths: options.rules)
        } else {
            loaded = RuleLoader.load(userDirectory: nil, extraPaths: paths, includeDefaults: false)
        }
        let report = RulesReport(loaded)
        switch action {
        case "list":
            report.list().forEach { print($0) }
        case "test":
            let (lines, failed) = report.test()
            lines.forEach { print($0) }
            if failed { throw ExitCode(1) }
        case "lint":
            let (lines, failed) = report.lint()
            lines.forEach { print($0) }
            if failed { throw ExitCode(1) }
        default:
            printError("momentum rules: unknown action '\(action)'; use list, test or lint.")
            throw ExitCode(2)
        }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check a plan JSON file against the rules.",
        discussion: "Exit 0 with no warnings or errors, 1 with any, 2 on bad input. The format is in docs/plan-format.md.")

    @Argument(help: "A plan JSON file (one plan or an array).") var file: String
    @Option(help: "text or json") var format: String = "text"
    @OptionGroup var options: GlobalOptions

    func run() throws {
        guard ["text", "json"].contains(format) else {
            printError("momentum check: unknown format '\(format)'; use text or json.")
            throw ExitCode(2)
        }
        let home = try AppContext.homeDirectory(options.home)
        let loaded = RuleLoader.load(userDirectory: (home as NSString).appendingPathComponent("rules"), extraPaths: options.rules)
        let plans: [Plan]
        do {
            plans = try PlanJSON.decode(try DiskFiles().read(file))
        } catch let error as PlanJSON.DecodingError {
            printError(error.described(in: file))
            throw ExitCode(2)
        } catch {
            printError("momentum check: \(error)")
            throw ExitCode(2)
        }
        for problem in loaded.diagnostics.map(\.description) + loaded.problems { printError(problem) }
        let report = CheckReport(file: file, plans: plans, rules: loaded.ruleSet)
        if format == "json" { print(report.json()) } else { report.text().forEach { print($0) } }
        throw ExitCode(report.exitCode)
    }
}

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Replay transcripts and compare the output.",
        discussion: "Exit 0 when every transcript replays identically, 1 on a difference, 2 on a bad transcript.")

    @Argument(help: "Transcript files or directories of them.") var files: [String]
    @Flag(help: "Rewrite each transcript's expected output in place.") var update = false
    @Flag(help: "Allow --update when CI is set.") var allowCI = false
    @Option(help: "Replay against these rules, added to the defaults (repeatable); reports changed findings.") var rules: [String] = []
    @Flag(help: "Replay against only the --rules given, without the defaults.") var noDefaultRules = false
    @Flag(help: "Play the session back on the terminal, paced, instead of comparing.") var show = false
    @Option(help: "Seconds between lines with --show.") var pace: Double = 0.6

    func run() throws {
        if update, ProcessInfo.processInfo.environment["CI"] != nil, !allowCI {
            printError("momentum replay: refusing --update with CI set; add --allow-ci if you mean it.")
            throw ExitCode(2)
        }
        let loaded = RuleLoader.load(userDirectory: nil, extraPaths: rules, includeDefaults: !noDefaultRules)
        for problem in loaded.diagnostics.map(\.description) + loaded.problems { printError(problem) }
        var paths: [String] = []
        for file in files {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: file)) ?? []
                paths += names.filter { $0.hasSuffix(".md") || $0.hasSuffix(".txt") || $0.hasSuffix(".transcript") }
                    .filter { $0 != "README.md" }.sorted().map { (file as NSString).appendingPathComponent($0) }
            } else {
                paths.append(file)
            }
        }
        var worst: Int32 = 0
        for path in paths {
            worst = max(worst, replay(path, loaded: loaded))
        }
        if paths.count > 1 { print("\(paths.count) transcript(s) replayed.") }
        throw ExitCode(worst)
    }

    private func replay(_ path: String, loaded: LoadedRules) -> Int32 {
        let transcript: Transcript
        do {
            transcript = try Transcript.parse(try DiskFiles().read(path), file: path)
        } catch let error as Transcript.ParseError {
            printError("\(error)")
            return 2
        } catch {
            printError("\(path):1: \(error)")
            return 2
        }
        if show {
            for item in transcript.items {
                print(Transcript.render(item.item))
                fflush(nil)
                Thread.sleep(forTimeInterval: pace)
            }
            return 0
        }
        if let recorded = transcript.header.rules, recorded != loaded.sourceDescription {
            printError("\(path): note: recorded with rules '\(recorded)', replayed with '\(loaded.sourceDescription)'; pass the same --rules to reproduce its findings")
        }
        var seed: Data?
        if let store = transcript.header.store {
            let seedPath = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(store)
            do { seed = try DiskFiles().read(seedPath) } catch {
                printError("\(path):1: the header names store '\(store)', but \(error)")
                return 2
            }
        }
        do {
            let result = try Replay.run(transcript, file: path, rules: loaded, seed: seed, fixtures: (path as NSString).deletingLastPathComponent)
            if !rules.isEmpty || noDefaultRules {
                let changes = Replay.findingChanges(result)
                print(changes.isEmpty ? "\(path): no findings changed." : changes.joined(separator: "\n"))
            }
            if result.matches {
                print("\(path): ok")
                return 0
            }
            if update {
                try DiskFiles.writeAtomically(Data(Replay.updated(result).utf8), to: path)
                print("\(path): updated")
                return 0
            }
            Replay.diff(result).forEach { print($0) }
            return 1
        } catch {
            printError("\(error)")
            return 2
        }
    }
}
