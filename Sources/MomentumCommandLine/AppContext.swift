import ArgumentParser
import Foundation
import LineEditor
import MomentumApp
import MomentumCore
import MomentumStore

/// Wires the pieces for one run: the home directory, the store, the rules, the terminal.
struct AppContext {
    let home: String
    let store: any PlanStore
    let rules: RuleLoader.Prepared
    let colour: Bool

    init(_ options: GlobalOptions) throws {
        try self.init(options.values)
    }

    init(_ options: GlobalOptions.Values) throws {
        home = try Self.homeDirectory(options.home)
        let storeName = Self.storeName(options, home: home)
        try Self.refuseAMissingFolder(for: storeName, named: options.store != nil ? "--store" : "MOMENTUM_STORE", default: Self.defaultStore(home: home))
        do {
            store = try Self.openStore(storeName, as: Self.person(options))
        } catch let error as StoreError {
            printError("momentum: \(error)")
            throw ExitCode(2)
        }
        rules = RuleLoader.prepare(userDirectory: (home as NSString).appendingPathComponent("rules"), extraPaths: options.rules,
                                   readingCache: RuleLoader.readingCache(home: home))
        colour = Terminal.colourEnabled
    }

    /// `--store`, else `$MOMENTUM_STORE`, else the SQLite file in the home.
    static func storeName(_ options: GlobalOptions.Values, home: String) -> String {
        if let store = options.store { return store }
        if let store = ProcessInfo.processInfo.environment["MOMENTUM_STORE"], !store.isEmpty { return store }
        return defaultStore(home: home)
    }

    static func defaultStore(home: String) -> String { (home as NSString).appendingPathComponent("momentum.sqlite") }

    /// A store named by hand goes in a folder that exists: a mistyped `--store stores/nope/x.sqlite`
    /// made the folders and an empty store, and said "No plans yet". (The home's own store is made
    /// with its folder.)
    static func refuseAMissingFolder(for store: String, named source: String, default defaultStore: String) throws {
        guard store != defaultStore, !ServerURL.isURL(store) else { return }
        let folder = ((store as NSString).deletingLastPathComponent as NSString).standardizingPath
        var isFolder: ObjCBool = false
        guard !(FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder) && isFolder.boolValue) else { return }
        printError("momentum: \(store): the folder \(folder) does not exist (a mistyped \(source)?). Create it, or name a store in a folder that exists. Nothing was created.")
        throw ExitCode(2)
    }

    /// `--as`, else `$MOMENTUM_USER`, else `$USER`, else the login name.
    static func person(_ options: GlobalOptions.Values) -> String {
        let environment = ProcessInfo.processInfo.environment
        return [options.person, environment["MOMENTUM_USER"], environment["USER"]].compactMap { $0 }.first { !$0.isEmpty }
            ?? NSUserName()
    }

    /// A PostgreSQL URL opens the team's database (or hands the run to momentum-postgres); anything else is a SQLite file.
    static func openStore(_ name: String, as person: String) throws -> any PlanStore {
        ServerURL.isURL(name) ? try serverStores.open(name, as: person) : try Store.open(path: name)
    }

    /// A one-shot command's last words are read at the shell prompt, not in the shell: "Type undo
    /// to bring it back" becomes "Run momentum undo to bring it back". Only Momentum's own messages:
    /// data (tables, JSON, exports, `show`) is plain, and kept as it is.
    static func asCommandLine(_ line: OutputLine) -> OutputLine {
        guard line.style != .plain, line.style != .heatmap, line.text.contains("ype ") else { return line }
        var shown = line
        shown.text = line.text.replacing(commandToType) { match in
            (match.1 == "T" ? "Run" : "run") + " momentum " + match.2
        }
        return shown
    }

    nonisolated(unsafe) static let commandToType = try! Regex<(Substring, Substring, Substring)>(
        #"\b([Tt])ype (\#(CommandInfo.names.joined(separator: "|")))\b"#)

    /// `--home`, else `$MOMENTUM_HOME`, else `$XDG_DATA_HOME/momentum`, else `~/.local/share/momentum`; created 0700.
    static func homeDirectory(_ option: String?) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let path: String
        if let option { path = option }
        else if let home = environment["MOMENTUM_HOME"], !home.isEmpty { path = home }
        else if let data = environment["XDG_DATA_HOME"], !data.isEmpty { path = (data as NSString).appendingPathComponent("momentum") }
        else { path = (NSHomeDirectory() as NSString).appendingPathComponent(".local/share/momentum") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            printError("momentum: \(path): is a file; the Momentum home is a folder. Pass --home with a folder (it is created if missing).")
            throw ExitCode(2)
        }
        do {
            if !FileManager.default.fileExists(atPath: path) {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
        } catch {
            printError("momentum: \(path): cannot create the Momentum home (\((error as NSError).localizedDescription)). Pass --home with a writable directory.")
            throw ExitCode(2)
        }
        return path
    }

    func makeShell() -> Shell {
        let environment = ShellEnvironment(now: { Date() }, timeZone: .current, files: DiskFiles())
        return Shell(store: store, ruleLayers: rules, environment: environment)
    }

    /// Runs the shell on the terminal or on piped input. With `firstCommand`, runs that command and
    /// stays only as long as the flow it starts. Returns the exit code.
    func interact(firstCommand: [String]?) -> Int32 {
        let shell = makeShell()
        let reader: LineReader = EditLineReader.stdinIsTerminal
            ? EditLineReader(historyFile: (home as NSString).appendingPathComponent("history"))
            : PlainLineReader()
        let terminal = Terminal(colour: colour, echo: !reader.echoesInput)
        if firstCommand == nil {
            shell.startRecording()
            terminal.show(shell.start())
        }
        var sawError = false
        if let firstCommand {
            let line = firstCommand.map { $0.contains(" ") ? "\"\($0)\"" : $0 }.joined(separator: " ")
            let reply = shell.handle(line)
            sawError = reply.lines.contains { $0.style == .error }
            if shell.prompt.name == "momentum" {
                // A command's errors go to stderr, as a script expects: `momentum show 99 --format
                // json | jq` read "No plan matches" as broken JSON.
                terminal.show(reply.lines.map(Self.asCommandLine), errorsToStandardError: true)
                return reply.unusableInput ? 2 : sawError ? 1 : 0
            }
            terminal.show(reply.lines)
        }
        // Ctrl-C clears the line, an offered answer too: a trial's Ctrl-C on one drew it again.
        // (Enter on the cleared line still keeps it, as the question says.)
        var offerCleared = false
        while true {
            let prompt = shell.prompt
            let read = reader.read(prompt: prompt.text, kind: prompt.takesCommands ? .command : .answer,
                                   completions: { prompt.takesCommands ? shell.completions(typed: $0) : prompt.completions },
                                   prefill: offerCleared ? nil : prompt.prefill)
            offerCleared = false
            switch read {
            case .endOfInput:
                // Input that ends inside a flow is unfinished work: the draft is kept, and a script
                // learns it from the exit status.
                let insideFlow = prompt.name != "momentum"
                terminal.endOfInput(prompt: prompt.text)
                // After a one-shot command (`momentum done 1.2`) the person is back at their own
                // shell, where the way back in is `momentum resume`, not `resume`.
                let farewell = shell.endOfInput()
                terminal.show(firstCommand != nil ? farewell.map(Self.asCommandLine) : farewell)
                guard insideFlow else { return 0 }
                // For a script, which reads stderr and the status; a person at the keyboard has
                // just read "Your draft is kept".
                if !EditLineReader.stdinIsTerminal {
                    printError("momentum: input ended at the \(prompt.name)> question; the draft is kept (momentum resume continues it).")
                }
                return 1
            case .cancelled:
                offerCleared = true
                continue
            case .tooLong(let bytes):
                terminal.show([OutputLine("That line is \(bytes) bytes, longer than the \(PlainLineReader.maxLineBytes) a line may be; it was not used.", .error)])
            case .line(let line):
                terminal.echo(prompt: prompt.text, line: line)
                let reply = shell.handle(line)
                let oneShotDone = firstCommand != nil && shell.prompt.name == "momentum"
                terminal.show(oneShotDone ? reply.lines.map(Self.asCommandLine) : reply.lines)
                if reply.quit { return 0 }
                if oneShotDone {
                    return reply.lines.contains { $0.style == .error } ? 1 : 0
                }
            }
        }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Output to the screen: colour only on a terminal, never with NO_COLOR or TERM=dumb.
struct Terminal {
    let colour: Bool
    /// Piped input is not on the screen: echo it after the prompt, so the output reads like a session.
    let echo: Bool

    static var colourEnabled: Bool {
        let environment = ProcessInfo.processInfo.environment
        if environment["NO_COLOR"] != nil { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(STDOUT_FILENO) == 1
    }

    func echo(prompt: String, line: String) {
        guard echo else { return }
        print(prompt + line)
    }

    func endOfInput(prompt: String) {
        if echo { print(prompt + Transcript.endOfInput) } else { print("") }
    }

    /// Wrapped to the terminal's width (not when piped); the transcript keeps the lines whole. On a
    /// terminal, controls that reorder text are named (`ScreenText`).
    func show(_ lines: [OutputLine], errorsToStandardError: Bool = false) {
        for var line in lines {
            let toStandardError = errorsToStandardError && line.style == .error
            // After what stdout holds so far, so a terminal or `2>&1` shows them in order.
            if toStandardError { fflush(nil) }
            // stdout as always; stderr styled and wrapped only when it is a terminal itself.
            let formatted = !toStandardError || isatty(STDERR_FILENO) == 1
            let width = formatted ? EditLineReader.outputWidth : nil
            func write(_ text: String) {
                let shown = formatted ? style(OutputLine(text, line.style)) : text
                if toStandardError { printError(shown) } else { print(shown) }
            }
            if let row = line.row, let width {
                write(ScreenText.showingReorderingControls(row.text(fitting: width)))
                continue
            }
            if width != nil { line.text = ScreenText.showingReorderingControls(line.text) }
            for piece in width.map({ TextWrap.wrap(line.text, width: $0, hang: line.hang) }) ?? [line.text] {
                write(piece)
            }
        }
        fflush(nil)
    }

    func style(_ line: OutputLine) -> String {
        guard colour else { return line.text }
        if line.style == .heatmap { return colourHeatmapCells(line.text) }
        let code = switch line.style {
        case .plain: ""
        case .question: "1"
        case .finding: "33"
        case .success: "32"
        case .error: "31"
        case .muted: "2"
        case .heatmap: ""
        }
        return code.isEmpty ? line.text : "\u{1B}[\(code)m\(line.text)\u{1B}[0m"
    }

    /// Wins green, skips yellow, empty days dim; the weekday name stays plain.
    func colourHeatmapCells(_ text: String) -> String {
        let name = text.prefix(4)
        return name + text.dropFirst(4).map { cell -> String in
            switch cell {
            case "1"..."9": "\u{1B}[32m\(cell)\u{1B}[0m"
            case "s": "\u{1B}[33m\(cell)\u{1B}[0m"
            case ".": "\u{1B}[2m\(cell)\u{1B}[0m"
            default: String(cell)
            }
        }.joined()
    }
}
