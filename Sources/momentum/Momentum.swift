import ArgumentParser
import Foundation
import LineEditor
import MomentumApp
import MomentumCore
import MomentumStore

@main
struct Momentum: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "momentum",
        abstract: "A coaching shell that breaks a stalled goal into micro-milestones and keeps you moving.",
        discussion: "With no subcommand, starts the interactive shell. Type help inside it for commands.",
        version: Shell.version,
        subcommands: [
            ShellCommand.self, RulesCommand.self, CheckCommand.self, ReplayCommand.self,
            PlansCommand.self, ShowCommand.self, EditCommand.self, AddCommand.self, DoneCommand.self, SkipCommand.self,
            DropCommand.self, ArchiveCommand.self, UndoCommand.self, ExportCommand.self, ImportCommand.self, WinsCommand.self, StreakCommand.self, SetCommand.self,
            ReviewCommand.self, ReviewsCommand.self, UnstickCommand.self, StoryCommand.self, SessionsCommand.self,
            TranscriptCommand.self,
        ],
        defaultSubcommand: ShellCommand.self
    )
}

/// Options every command that opens the store shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The Momentum home (default: $MOMENTUM_HOME, else $XDG_DATA_HOME/momentum, else ~/.local/share/momentum).")
    var home: String?

    @Option(name: .long, help: "The store file (default: <home>/momentum.sqlite).")
    var store: String?

    @Option(name: .long, help: "A rule file or directory added to the defaults (repeatable).")
    var rules: [String] = []
}

struct ShellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "shell", abstract: "Start the interactive shell (the default).")
    @OptionGroup var options: GlobalOptions

    func run() throws {
        let context = try AppContext(options)
        throw ExitCode(context.interact(firstCommand: nil))
    }
}
