import ArgumentParser
import Foundation
import LineEditor
import MomentumApp
import MomentumCore
import MomentumStore

/// The command line both executables share: `momentum` (SQLite) and `momentum-postgres` (SQLite and
/// PostgreSQL), which differ only in the `ServerStores` they pass to `run(servers:)`.
public enum CommandLineTool {
    public static func run(servers: any ServerStores) {
        serverStores = servers
        Momentum.start()
    }
}

struct Momentum: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "momentum",
        abstract: "A coaching shell that breaks a stalled goal into micro-milestones and keeps you moving.",
        discussion: """
            With no subcommand, starts the interactive shell. Type help inside it for commands.
            The shell and the commands on your plans take --home DIR, --store FILE|postgres://…, --as NAME and \
            --rules PATH (momentum help shell explains them).
            """,
        version: Shell.version,
        subcommands: [ShellCommand.self] + tableSubcommands + [ReplayCommand.self, MigrateCommand.self],
        defaultSubcommand: ShellCommand.self
    )

    /// `momentum shw 1` would otherwise reach the default shell command as "2 unexpected
    /// arguments"; a first word that is no subcommand is named as such, with what was likely meant.
    static func start() {
        let arguments = globalOptionsAfterSubcommand(Array(CommandLine.arguments.dropFirst()))
        // `momentum` alone or with only global options (`--home DIR`), by far the most common
        // starts, go straight to the shell, and `--version` straight to its line: parsing the
        // command tree (protocol-conformance look-ups in a large static binary) was over half of
        // start-up's instructions (docs/BENCHMARKS.md).
        if let options = onlyGlobalOptions(arguments) { ShellCommand.start(options) }
        if arguments == ["--version"] {
            print(Shell.version)
            Foundation.exit(0)
        }
        if let first = arguments.first, !first.hasPrefix("-") {
            let subcommands = configuration.subcommands.map { $0._commandName } + ["help"]
            if !subcommands.contains(first) {
                FileHandle.standardError.write(Data(unknownSubcommand(first, subcommands: subcommands).utf8))
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
            // ArgumentParser answers `help nosuch` with the overview and exit 0; a script learns nothing.
            if first == "help", arguments.count > 1, !arguments[1].hasPrefix("-"), !subcommands.contains(arguments[1]),
               !CommandInfo.names.contains(arguments[1]) {
                FileHandle.standardError.write(Data(unknownSubcommand(arguments[1], subcommands: subcommands).utf8))
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
        }
        main(arguments)
    }

    static let globalOptionNames = ["--home", "--store", "--rules", "--as"]

    /// The options of a start that names no subcommand and nothing but global options, each with
    /// its value (`--home DIR`, `--rules=FILE`); nil for anything else, which ArgumentParser reads
    /// and, when wrong, explains (`--home` without a value, an unknown flag, `--help`).
    static func onlyGlobalOptions(_ arguments: [String]) -> GlobalOptions.Values? {
        var options = GlobalOptions.Values()
        var rest = arguments[...]
        while let first = rest.first {
            let name: String, value: String
            if let equals = first.firstIndex(of: "="), globalOptionNames.contains(String(first[..<equals])) {
                name = String(first[..<equals])
                value = String(first[first.index(after: equals)...])
                rest = rest.dropFirst()
            } else if globalOptionNames.contains(first), rest.count > 1, !rest[rest.startIndex + 1].hasPrefix("-") {
                name = first
                value = rest[rest.startIndex + 1]
                rest = rest.dropFirst(2)
            } else {
                return nil
            }
            switch name {
            case "--home": options.home = value
            case "--store": options.store = value
            case "--as": options.person = value
            default: options.rules.append(value)
            }
        }
        return options
    }

    /// `momentum --home DIR plans` as `momentum plans --home DIR`: ArgumentParser reads options
    /// before a subcommand as the root's, and the root has none.
    static func globalOptionsAfterSubcommand(_ arguments: [String]) -> [String] {
        func isGlobal(_ word: String) -> Bool { globalOptionNames.contains { word == $0 || word.hasPrefix($0 + "=") } }
        var globals: [String] = []
        var rest = arguments[...]
        while let first = rest.first, isGlobal(first) {
            let takesNext = !first.contains("=")
            globals += rest.prefix(takesNext ? 2 : 1)
            rest = rest.dropFirst(takesNext ? 2 : 1)
        }
        guard let subcommand = rest.first, !subcommand.hasPrefix("-") else { return arguments }
        // `help` opens no store and takes none of them (`momentum --home DIR help skip`), wherever given.
        if subcommand == "help" {
            var words: [String] = []
            var index = rest.startIndex
            while index < rest.endIndex {
                if isGlobal(rest[index]) { index += rest[index].contains("=") ? 1 : 2; continue }
                words.append(rest[index])
                index += 1
            }
            return words
        }
        // Right after the subcommand, not at the end: after a `--` they would be its words (a
        // trial's `momentum --home DIR new -- "-5 kg by summer"` wrote to the default store).
        return [subcommand] + globals + rest.dropFirst()
    }

    static func unknownSubcommand(_ word: String, subcommands: [String]) -> String {
        let lowered = word.lowercased()
        let meant = CommandInfo.synonyms[lowered] ?? Suggestion.closest(to: lowered, in: CommandInfo.names)
        var lines = ["momentum: unknown command '\(word.count > 40 ? word.prefix(40) + "…" : word)'."]
        if let meant, subcommands.contains(meant) {
            lines[0] += " Did you mean 'momentum \(meant)'?"
        } else if let meant, CommandInfo.names.contains(meant) {
            lines.append("'\(meant)' is typed inside the shell: run momentum, then \(meant).")
        }
        lines.append("See momentum --help; momentum alone starts the shell.")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Options every command that opens the store shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The Momentum home (default: $MOMENTUM_HOME, else $XDG_DATA_HOME/momentum, else ~/.local/share/momentum).")
    var home: String?

    @Option(name: .long, help: "The store: a file, or a team's PostgreSQL database as postgres://user@host:port/database (default: $MOMENTUM_STORE, else <home>/momentum.sqlite).")
    var store: String?

    @Option(name: .customLong("as"), help: "Who you are on a shared PostgreSQL store: your name on wins, reviews and changes (default: $MOMENTUM_USER, else $USER).")
    var person: String?

    @Option(name: .long, help: "A rule file or directory added to the defaults (repeatable).")
    var rules: [String] = []

    /// The options as plain values, so a start that parses nothing needs no parser.
    struct Values {
        var home: String?
        var store: String?
        var person: String?
        var rules: [String] = []
    }

    var values: Values { Values(home: home, store: store, person: person, rules: rules) }
}

struct ShellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "shell", abstract: "Start the interactive shell (the default).")
    @OptionGroup var options: GlobalOptions

    func run() throws {
        ShellCommand.start(options.values)
    }

    static func start(_ options: GlobalOptions.Values) -> Never {
        do {
            Foundation.exit(try AppContext(options).interact(firstCommand: nil))
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            printError("momentum: \(error)")
            Foundation.exit(2)
        }
    }
}
