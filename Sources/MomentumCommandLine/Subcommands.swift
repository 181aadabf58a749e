import ArgumentParser
import Foundation
import MomentumApp
import MomentumCore
import MomentumStore

/// A shell command run once from the command line (`momentum plans`, `momentum done 3.1`), declared
/// by its row in `CommandInfo.all`: name, help, arguments, options and examples come from there, and
/// the words are handed to the shell's own parser. A command that starts a flow (new, edit, done…)
/// asks its questions, then exits.
protocol CommandWord {
    static var name: String { get }
}

struct TableCommand<Word: CommandWord>: ParsableCommand {
    static var info: CommandInfo { CommandInfo.named(Word.name)! }

    static var configuration: CommandConfiguration {
        // The usage, summary and arguments have places of their own in ArgumentParser's help.
        let details = info.helpLines.dropFirst(info.arguments == nil ? 2 : 3).map { String($0.trimmingBlanks) }
        return CommandConfiguration(commandName: Word.name, abstract: info.summary, usage: "momentum \(info.usage) [--home DIR]",
                                    discussion: details.joined(separator: "\n"))
    }

    static var argumentHelp: ArgumentHelp {
        guard let help = info.argumentHelp else { return ArgumentHelp(visibility: .hidden) }
        return ArgumentHelp(help.text, valueName: help.valueName)
    }

    @OptionGroup var options: GlobalOptions
    @Argument(wrappedValue: [], parsing: .allUnrecognized, help: Self.argumentHelp, completion: Self.completion)
    var arguments: [String]

    static var completion: CompletionKind? { info.arguments?.hasPrefix("FILE") == true ? .file() : nil }

    func validate() throws {
        // The shell's "Type help done" reads "Run momentum help done" on the command line.
        if let error = Self.info.unknownOption(in: arguments) { throw ValidationError(AppContext.asCommandLine(OutputLine(error, .error)).text) }
        if Self.info.arguments == nil, let extra = Self.info.positionalWords(arguments).first {
            throw ValidationError("\(Word.name) takes no arguments ('\(extra)'). Type momentum help \(Word.name).")
        }
    }

    func run() throws {
        let context = try AppContext(options)
        throw ExitCode(context.interact(firstCommand: [Word.name] + arguments))
    }
}

enum NewWord: CommandWord { static let name = "new" }
enum ResumeWord: CommandWord { static let name = "resume" }
enum DiscardWord: CommandWord { static let name = "discard" }
enum PlansWord: CommandWord { static let name = "plans" }
enum ShowWord: CommandWord { static let name = "show" }
enum EditWord: CommandWord { static let name = "edit" }
enum AddWord: CommandWord { static let name = "add" }
enum DoneWord: CommandWord { static let name = "done" }
enum SkipWord: CommandWord { static let name = "skip" }
enum ReopenWord: CommandWord { static let name = "reopen" }
enum DropWord: CommandWord { static let name = "drop" }
enum ArchiveWord: CommandWord { static let name = "archive" }
enum UndoWord: CommandWord { static let name = "undo" }
enum ExportWord: CommandWord { static let name = "export" }
enum ImportWord: CommandWord { static let name = "import" }
enum WinsWord: CommandWord { static let name = "wins" }
enum StreakWord: CommandWord { static let name = "streak" }
enum SetWord: CommandWord { static let name = "set" }
enum ReviewWord: CommandWord { static let name = "review" }
enum ReviewsWord: CommandWord { static let name = "reviews" }
enum UnstickWord: CommandWord { static let name = "unstick" }
enum StoryWord: CommandWord { static let name = "story" }
enum SessionsWord: CommandWord { static let name = "sessions" }
enum TranscriptWord: CommandWord { static let name = "transcript" }
enum BackupWord: CommandWord { static let name = "backup" }

/// Every row of the table as a subcommand, in the table's order. `help` is ArgumentParser's own
/// (`momentum help done`); `quit` means nothing outside the shell.
let tableSubcommands: [ParsableCommand.Type] = {
    let byName: [String: ParsableCommand.Type] = [
        "new": TableCommand<NewWord>.self, "resume": TableCommand<ResumeWord>.self, "discard": TableCommand<DiscardWord>.self,
        "plans": TableCommand<PlansWord>.self, "show": TableCommand<ShowWord>.self, "edit": TableCommand<EditWord>.self,
        "add": TableCommand<AddWord>.self, "done": TableCommand<DoneWord>.self, "skip": TableCommand<SkipWord>.self,
        "reopen": TableCommand<ReopenWord>.self, "drop": TableCommand<DropWord>.self, "archive": TableCommand<ArchiveWord>.self, "undo": TableCommand<UndoWord>.self,
        "export": TableCommand<ExportWord>.self, "import": TableCommand<ImportWord>.self, "check": CheckCommand.self,
        "rules": RulesCommand.self, "wins": TableCommand<WinsWord>.self, "streak": TableCommand<StreakWord>.self,
        "set": TableCommand<SetWord>.self, "review": TableCommand<ReviewWord>.self, "reviews": TableCommand<ReviewsWord>.self,
        "unstick": TableCommand<UnstickWord>.self, "story": TableCommand<StoryWord>.self, "sessions": TableCommand<SessionsWord>.self,
        "transcript": TableCommand<TranscriptWord>.self, "doctor": DoctorCommand.self, "backup": TableCommand<BackupWord>.self,
    ]
    return CommandInfo.all.compactMap { byName[$0.name] }
}()

// MARK: Commands with their own exit codes

/// `doctor` reads the store without opening it as Momentum does, so it speaks about a store that
/// open refuses (newer, foreign, damaged). Exit 1 when it finds a problem.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doctor", abstract: CommandInfo.named("doctor")!.summary)
    @OptionGroup var options: GlobalOptions

    func run() throws {
        let path = AppContext.storeName(options.values, home: try AppContext.homeDirectory(options.home))
        if ServerURL.isURL(path) { return try examineServer(path) }
        let diagnosis = StoreDoctor.examine(path: path)
        diagnosis.lines.forEach { print($0) }
        if !diagnosis.healthy { throw ExitCode(1) }
    }
}

extension DoctorCommand {
    /// A team's database: reachable, credentials accepted, schema this Momentum's, and what it holds.
    func examineServer(_ url: String) throws {
        do {
            try serverStores.examine(url, as: AppContext.person(options.values)).forEach { print($0) }
        } catch let error as StoreError {
            print("Problem: \(error)")
            throw ExitCode(1)
        }
    }
}

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: CommandInfo.named("rules")!.summary,
        discussion: """
            With PATHs, test and lint look at those files only; without, at the rules in force.
            eval FILE.tsv… measures the rules in force on labelled phrasings (columns field, label flag|ok, text, \
            optional goal and source; see docs/rules.md): precision and recall per field, tips and warnings apart. \
            Exit 1 when a --min-… gate is not met.
            """)

    @Argument(wrappedValue: "list", help: ArgumentHelp(CommandInfo.named("rules")!.argumentHelp?.text ?? "")) var action: String
    @Argument(help: "Rule files or directories (for test and lint); labelled phrasing files (for eval).") var paths: [String] = []
    @Flag(help: "eval: also list each phrasing the rules got wrong, as file:line.") var mistakes = false
    @Flag(help: "eval: judge each phrasing as if it were not among the labelled phrasings the meaning rules vote with.") var leaveOneOut = false
    @Flag(help: "eval: also show, per rule, how often it spoke on flagged and on ok phrasings.") var byRule = false
    @Option(help: "eval: exit 1 when overall precision (tips and warnings) is below this.") var minPrecision: Double?
    @Option(help: "eval: exit 1 when overall recall (tips and warnings) is below this.") var minRecall: Double?
    @Option(help: "eval: exit 1 when warning-level precision is below this.") var minWarningPrecision: Double?
    @OptionGroup var options: GlobalOptions

    func run() throws {
        if action == "eval" { return try evaluate() }
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
            printError("momentum rules: unknown action '\(action)'; use list, test, lint or eval.")
            throw ExitCode(2)
        }
    }

    private func evaluate() throws {
        guard !paths.isEmpty else {
            printError("momentum rules eval: name a labelled phrasing file, e.g. momentum rules eval phrasings.tsv")
            throw ExitCode(2)
        }
        let home = try AppContext.homeDirectory(options.home)
        let loaded = RuleLoader.load(userDirectory: (home as NSString).appendingPathComponent("rules"), extraPaths: options.rules)
        for problem in loaded.diagnostics.map(\.description) + loaded.problems { printError(problem) }
        let files = paths.map { path in (path: path, text: FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }) }
        let report = EvalReport(files: files, rules: loaded.ruleSet, leaveOneOut: leaveOneOut)
        report.problems.forEach(printError)
        if !report.problems.isEmpty { throw ExitCode(2) }
        if mistakes { report.mistakes().forEach { print($0) } }
        if byRule { report.ruleTable().forEach { print($0) } }
        report.table().forEach { print($0) }
        let unmet = report.unmetGates(minPrecision: minPrecision, minRecall: minRecall, minWarningPrecision: minWarningPrecision)
        unmet.forEach(printError)
        if !unmet.isEmpty { throw ExitCode(1) }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: CommandInfo.named("check")!.summary,
        discussion: "Exit 0 with no warnings or errors, 1 with any, 2 on bad input. The format is in docs/plan-format.md.")

    @Argument(help: ArgumentHelp(CommandInfo.named("check")!.argumentHelp?.text ?? "")) var file: String
    @Option(help: "text or json") var format: String = "text"
    @OptionGroup var options: GlobalOptions

    func run() throws {
        guard ["text", "json"].contains(format) else {
            printError("momentum check: unknown format '\(format)'; use text or json.")
            throw ExitCode(2)
        }
        let home = try AppContext.homeDirectory(options.home)
        let loaded = RuleLoader.load(userDirectory: (home as NSString).appendingPathComponent("rules"), extraPaths: options.rules,
                                     readingCache: RuleLoader.readingCache(home: home))
        for problem in loaded.diagnostics.map(\.description) + loaded.problems { printError(problem) }
        let report: CheckReport
        do {
            // Text is written as it is found; JSON is one document, written at the end.
            report = try CheckReport.check(streaming: file, files: DiskFiles(), rules: loaded.ruleSet, keepingItems: format == "json") { item in
                if format == "text" { print(CheckReport.line(item, in: file)) }
            }
        } catch let error as PlanJSON.DecodingError {
            printError(error.described(in: file))
            throw ExitCode(2)
        } catch {
            printError("momentum check: \(error)")
            throw ExitCode(2)
        }
        if format == "json" { print(report.json()) } else { print(report.summary) }
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
    // Every command takes the global options (README); a replay runs on a scratch store, so
    // they are accepted and change nothing.
    @Option(name: .long, help: .hidden) var home: String?
    @Option(name: .long, help: .hidden) var store: String?
    @Option(name: .customLong("as"), help: .hidden) var person: String?

    func validate() throws {
        // --pace 1e9 sat silent for ever after the first line.
        guard (0...60).contains(pace) else { throw ValidationError("--pace takes seconds from 0 to 60 ('\(pace)').") }
    }

    func run() throws {
        if update, ProcessInfo.processInfo.environment["CI"] != nil, !allowCI {
            printError("momentum replay: refusing --update with CI set; add --allow-ci if you mean it.")
            throw ExitCode(2)
        }
        let loaded = RuleLoader.load(userDirectory: nil, extraPaths: rules, includeDefaults: !noDefaultRules)
        let problems = loaded.diagnostics.map(\.description) + loaded.problems
        for problem in problems { printError(problem) }
        if !problems.isEmpty, !rules.isEmpty {
            // Compared against rules that did not load, every transcript "differs" for the wrong reason.
            printError("momentum replay: the --rules given have \(Plural.count(problems.count, "problem")) (above); fix them and replay again. Nothing was replayed.")
            throw ExitCode(2)
        }
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
        let outcomes = paths.map { replay($0, loaded: loaded) }
        if paths.count > 1 {
            let differed = outcomes.count { $0 == 1 }, unreadable = outcomes.count { $0 == 2 }
            let problems = [differed > 0 ? "\(differed) differed" : nil, unreadable > 0 ? "\(unreadable) could not be read" : nil].compactMap { $0 }
            print("\(Plural.count(paths.count, "transcript")) replayed" + (problems.isEmpty ? "." : ": " + problems.joined(separator: ", ") + "."))
        }
        throw ExitCode(outcomes.max() ?? 0)
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
        // The files the header names, beside the transcript.
        func besideTheTranscript(_ name: String?, _ what: String) throws -> Data? {
            guard let name else { return nil }
            do { return try DiskFiles().read(((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)) } catch {
                printError("\(path):1: the header names \(what) '\(name)', but \(error)")
                throw ExitCode(2)
            }
        }
        let seed: Data?, draft: Data?
        do {
            seed = try besideTheTranscript(transcript.header.store, "store")
            draft = try besideTheTranscript(transcript.header.draft, "draft")
        } catch {
            return 2
        }
        do {
            let result = try Replay.run(transcript, file: path, rules: loaded, seed: seed, draft: draft,
                                        fixtures: (path as NSString).deletingLastPathComponent)
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
            // Momentum ends every transcript it writes with a line break; a cut file does not.
            if let last = try? DiskFiles().read(path).last, last != UInt8(ascii: "\n") {
                print("\(path): note: the file does not end with a line break; is it cut short?")
            }
            return 1
        } catch {
            printError("\(error)")
            return 2
        }
    }
}

/// `migrate --to STORE`: copies the store (plans with their milestones, wins and skips, reviews,
/// settings) into another, a team's PostgreSQL database or a SQLite file, in one transaction.
/// Sessions, drafts and the undo history are a shell's own and stay behind.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Copy the store into another: a PostgreSQL URL or a SQLite file.",
        discussion: "The target must hold no plans; everything is copied or nothing is. Plans keep their numbers. Exit 1 when nothing was copied, 2 when a store cannot be used.")

    @Option(help: "The store to copy into: postgres://user@host:port/database, or a SQLite file (created if missing).")
    var to: String
    @OptionGroup var options: GlobalOptions

    func run() throws {
        let home = try AppContext.homeDirectory(options.home)
        let sourceName = AppContext.storeName(options.values, home: home)
        let person = AppContext.person(options.values)
        guard (sourceName as NSString).standardizingPath != (to as NSString).standardizingPath else {
            printError("momentum migrate: \(to) is the store being copied; name another with --to.")
            throw ExitCode(2)
        }
        let source: any PlanStore, target: any PlanStore
        do {
            // A server's first: in `momentum` that hands the run to momentum-postgres before a file is opened.
            if ServerURL.isURL(to) && !ServerURL.isURL(sourceName) {
                target = try AppContext.openStore(to, as: person)
                source = try AppContext.openStore(sourceName, as: person)
            } else {
                source = try AppContext.openStore(sourceName, as: person)
                target = try AppContext.openStore(to, as: person)
            }
        } catch let error as StoreError {
            printError("momentum: \(error)")
            throw ExitCode(2)
        }
        do {
            let plans = try source.allPlans()
            let reviews = try source.reviews()
            let settings = try source.allSettings()
            try target.copyIn(plans: plans, reviews: reviews, settings: settings)
            let count = { (parts: (Plan) -> Int) in plans.reduce(0) { $0 + parts($1) } }
            print("Copied \(Plural.count(plans.count, "plan")) (\([Plural.count(count { $0.milestones.count }, "milestone"), Plural.count(count { $0.wins.count }, "win"), Plural.count(count { $0.skips.count }, "skip")].joined(separator: ", "))), \(Plural.count(reviews.count, "review")) and \(Plural.count(settings.count, "setting")) to \(Self.name(of: target, to)).")
            print("Sessions, drafts and undo history stay in \(Self.name(of: source, sourceName)).")
        } catch let error as StoreError {
            printError("momentum migrate: \(error)")
            throw ExitCode(1)
        }
    }

    /// A server's URL without its password; a file as given.
    static func name(of store: any PlanStore, _ given: String) -> String {
        serverStores.displayName(of: store) ?? given
    }
}
