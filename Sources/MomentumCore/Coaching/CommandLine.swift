/// Splits a typed command into words, keeping quoted text together: `import "my plan.json"`.
///
/// A quote opens only at the start of a word and closes only at the end of one, so apostrophes
/// (`new Submit my master's thesis`) stay in the text; a quote never closed is a plain character.
public enum CommandWords {
    public static func split(_ line: String) -> [String] {
        split(line, quotes: true) ?? split(line, quotes: false) ?? []
    }

    /// Nil when `quotes` is on and a quote is left open.
    private static func split(_ line: String, quotes: Bool) -> [String]? {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        let characters = Array(line)
        for (index, character) in characters.enumerated() {
            if let open = quote {
                let endsWord = index + 1 == characters.count || characters[index + 1] == " " || characters[index + 1] == "\t"
                if character == open, endsWord { quote = nil } else { current.append(character) }
            } else if quotes, !inWord, character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character == " " || character == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if quote != nil { return nil }
        if inWord { words.append(current) }
        return words
    }
}

/// An option a command takes: `--format md|json`, `-o FILE`, `--all`.
public struct CommandOption: Sendable {
    public var name: String
    /// The value it takes (`FILE`, `md|json`), nil for a flag.
    public var value: String?
    public var help: String
    public init(_ name: String, _ value: String? = nil, _ help: String) {
        self.name = name
        self.value = value
        self.help = help
    }
}

/// The commands, declared once: the shell's parsing and `help`, Tab completion, "did you mean",
/// and the command line (`momentum plans`, its `--help`, its validation) all read this table.
public struct CommandInfo: Sendable {
    public var name: String
    public var usage: String
    public var summary: String
    /// What the words after the name are, for help; nil when there are none.
    public var arguments: String?
    public var options: [CommandOption]
    public var examples: [String]
    /// The words after the name are free text (a goal), never options.
    public var freeText: Bool

    init(_ name: String, _ usage: String, _ summary: String, arguments: String? = nil, options: [CommandOption] = [],
         examples: [String] = [], freeText: Bool = false) {
        self.name = name
        self.usage = usage
        self.summary = summary
        self.arguments = arguments
        self.options = options
        self.examples = examples
        self.freeText = freeText
    }

    static let plan = "PLAN: a plan id, or the start of its goal; with one active plan it can be left out."
    static let listingFormat = CommandOption("--format", "text|json", "the usual view (default), or JSON for scripts (docs/listings.md)")
    static let milestone = "PLAN.MILESTONE: a plan and a step number, like 1.2 (1 2 and bill.2 work too)."

    public static let all: [CommandInfo] = [
        CommandInfo("new", "new [GOAL]", "Break a goal into micro-milestones, one question at a time.",
                    arguments: "GOAL: the goal in one sentence (asked for when left out).",
                    examples: ["new", "new Ship the billing page"], freeText: true),
        CommandInfo("resume", "resume", "Continue the unfinished flow exactly where it stopped."),
        CommandInfo("discard", "discard [--yes]", "Drop the unfinished draft (asked first when it holds more than its first answer).",
                    options: [CommandOption("--yes", nil, "drop it without asking first")]),
        CommandInfo("plans", "plans [--all] [--page N] [--owner NAME] [--format text|json]", "List plans, 50 a page: id, goal, progress, next milestone, last win (also: ls).",
                    options: [CommandOption("--all", nil, "include archived and dropped plans"), CommandOption("--page", "N", "the Nth page of 50"),
                              CommandOption("--owner", "NAME", "only plans with a milestone NAME owns"), listingFormat],
                    examples: ["plans", "plans --page 2", "plans --all --format json"]),
        CommandInfo("show", "show PLAN [--format text|json]", "Show a whole plan with statuses, findings and kept findings.",
                    arguments: plan, options: [listingFormat], examples: ["show 1", "show billing --format json"]),
        CommandInfo("edit", "edit PLAN[.MILESTONE]", "Walk a plan's fields, or one milestone's, with the current answers offered.",
                    arguments: "PLAN[.MILESTONE]: a plan, or one of its steps, like 1.2.", examples: ["edit 1", "edit 1.2"]),
        CommandInfo("add", "add PLAN", "Add milestones to a plan through the same questions.", arguments: plan, examples: ["add 1"]),
        CommandInfo("done", "done PLAN.MILESTONE [--on DATE]", "Mark a milestone done and log the win.",
                    arguments: milestone + " A plan with one open step needs no number (done, done 1).",
                    options: [CommandOption("--on", "DATE", "the day you finished it, if not today: 2026-11-30, yesterday, 2d, monday")],
                    examples: ["done 1.2", "done 1 2", "done 1.2 --on yesterday"]),
        CommandInfo("skip", "skip PLAN.MILESTONE | skip [PLAN] DAY REASON", "Set a milestone aside with a reason (blocked, rescoped, dropped), or take a rest day.",
                    arguments: milestone + " DAY REASON: a day off the plan (today, yesterday, monday…) and why; it keeps your streak as a skip does. PLAN: which plan, when several are active.",
                    examples: ["skip 1.3", "skip today night shifts all week", "skip 2 yesterday down with flu"]),
        CommandInfo("reopen", "reopen PLAN.MILESTONE", "Reopen a step set aside (blocked or dropped); its timebox starts today.",
                    arguments: milestone, examples: ["reopen 1.3"]),
        CommandInfo("drop", "drop PLAN[.MILESTONE]", "Drop a plan or a milestone (undo brings it back).",
                    arguments: "PLAN[.MILESTONE]: a plan, or one of its steps, like 1.2.", examples: ["drop 1.3", "drop 2"]),
        CommandInfo("archive", "archive PLAN", "Archive a finished plan.", arguments: plan, examples: ["archive 1"]),
        CommandInfo("undo", "undo [--yes]", "Revert the last change, and say what it was.",
                    options: [CommandOption("--yes", nil, "remove a plan without asking first, when the change undone is the one that made it")]),
        CommandInfo("export", "export PLAN [--format FORMAT] [-o FILE]", "Write a plan as md, json, taskwarrior or ics (iCalendar to-dos).", arguments: plan,
                    options: [CommandOption("--format", "md|json|taskwarrior|ics", "Markdown task list (default), the plan JSON format, Taskwarrior's import JSON, or iCalendar VTODOs (docs/formats.md)"),
                              CommandOption("-o", "FILE", "write to FILE instead of the screen")],
                    examples: ["export 1", "export 1 --format json -o plan.json", "export 1 --format ics -o plan.ics"]),
        CommandInfo("import", "import FILE [--from FORMAT]", "Add a plan JSON file, or a taskwarrior, todotxt or markdown list as a stalled plan (all or none).",
                    arguments: "FILE: a plan JSON file (docs/plan-format.md), a `task export`, a todo.txt file or a Markdown checklist (docs/formats.md).",
                    options: [CommandOption("--from", "taskwarrior|todotxt|markdown", "the file's format, when it cannot be told from the file")],
                    examples: ["import plan.json", "import tasks.json --from taskwarrior", "import todo.txt"]),
        CommandInfo("check", "check FILE [--format text|json]", "Check a plan JSON file against the rules.",
                    arguments: "FILE: a plan JSON file, one plan or an array.",
                    options: [CommandOption("--format", "text|json", "findings as lines (default) or as JSON with field paths")],
                    examples: ["check plan.json", "check plan.json --format json"]),
        CommandInfo("rules", "rules [list|test|lint|eval FILE.tsv…]", "List the rules in force, run their examples, lint them, or measure them.",
                    arguments: "ACTION: list (default), test, lint, or eval with labelled phrasing files (from the command line: momentum rules eval FILE.tsv).",
                    examples: ["rules", "rules lint", "momentum rules eval phrasings.tsv --mistakes"]),
        CommandInfo("wins", "wins [PLAN] [--since D] [--until D] [-n N|--all] [--by NAME] [--format text|json]", "The latest 20 wins (-n N for more, --all for every one), or those in a range.", arguments: plan,
                    options: [CommandOption("--since", "DATE", "2026-11-01, yesterday, 3d, monday or last week"),
                              CommandOption("--until", "DATE", "the last day to list, in the same forms"),
                              CommandOption("-n", "N", "the latest N wins"), CommandOption("--all", nil, "every win"),
                              CommandOption("--by", "NAME", "only the wins NAME logged (a team's PostgreSQL store)"), listingFormat],
                    examples: ["wins", "wins 1 --since monday", "wins -n 50", "wins --since 2026-11-01 --until 2026-11-07"]),
        CommandInfo("streak", "streak", "Current and best streak, and a 12-week heatmap."),
        CommandInfo("set", "set [NAME VALUE]", "List settings, or change one (skips-per-week, sessions-kept).",
                    arguments: "NAME VALUE: a setting and its new value.", examples: ["set", "set skips-per-week 3", "set sessions-kept 50"]),
        CommandInfo("review", "review", "The weekly review: wins, stalled steps, the metric, what's next."),
        CommandInfo("reviews", "reviews [--format text|json]", "Past weekly reviews.", options: [listingFormat]),
        CommandInfo("unstick", "unstick PLAN", "Walk a stalled plan down to one step for today, or an imported list through its candidates.",
                    arguments: plan, examples: ["unstick 1"]),
        CommandInfo("story", "story PLAN [--full] [--format md|html] [-o FILE]", "The plan so far as a story for stakeholders (Markdown, or one HTML page).", arguments: plan,
                    options: [CommandOption("--full", nil, "also what you told the coach: what blocked the project, why steps were set aside, why answers were kept"),
                              CommandOption("-o", "FILE", "write to FILE (.md or .html) instead of the screen"),
                              CommandOption("--format", "md|html", "Markdown (default), or one self-contained HTML page with the metric chart")],
                    examples: ["story 1", "story 1 -o story.md", "story 1 --format html -o story.html"]),
        CommandInfo("sessions", "sessions [--format text|json]", "List recorded sessions.", options: [listingFormat]),
        CommandInfo("transcript", "transcript SESSION [-o FILE]", "Write a recorded session as a transcript.",
                    arguments: "SESSION: a session id (sessions lists them).",
                    options: [CommandOption("-o", "FILE", "write to FILE instead of the screen")], examples: ["transcript 3 -o session.md"]),
        CommandInfo("doctor", "doctor", "Check the store without changing it: integrity, schema, size, contents, unreadable rows, and what to do."),
        CommandInfo("backup", "backup FILE [--force]", "Copy the store to FILE with SQLite's online backup (safe while Momentum runs elsewhere).",
                    arguments: "FILE: the copy to write; an existing file is replaced only with --force.",
                    options: [CommandOption("--force", nil, "replace FILE if it exists")], examples: ["backup momentum-2026-11-24.sqlite"]),
        CommandInfo("help", "help [COMMAND]", "This list, or one command's help.", arguments: "COMMAND: a command's name.", examples: ["help done"]),
        CommandInfo("quit", "quit", "Leave (exit works too; a draft is kept)."),
    ]

    public static func named(_ name: String) -> CommandInfo? { all.first { $0.name == name } }

    /// The command a typed word names, by name or synonym (`ls` is plans), in any case.
    public static func command(_ word: String) -> CommandInfo? {
        named(synonyms[word.lowercased()] ?? word.lowercased())
    }

    /// The usage's first argument, an optional one without its brackets: `PLAN`, `PLAN.MILESTONE`,
    /// `PLAN[.MILESTONE]`, `COMMAND` (help), `list|test|lint|eval` (rules).
    public var firstArgument: String? {
        usage.split(separator: " ").dropFirst().first.map { word in
            word.hasPrefix("[") ? String(word.dropFirst().prefix { $0 != "]" }) : String(word)
        }
    }

    /// Tab at the shell's prompt, for the last word of `typed`: a command's name first; then, for a
    /// word starting with `-`, the command's options not yet given; after an option with fixed
    /// values (`--format md|html`), those values. Nothing for free text, plans or files.
    public static func completions(typed: String) -> [String] {
        let words = typed.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard words.count > 1 else { return names }
        guard let command = command(words[0]), !command.freeText else { return [] }
        if words.count == 2, !words[1].hasPrefix("-"), let argument = command.firstArgument {
            // help COMMAND; rules list|test|lint|eval. A plan or a milestone is the shell's to offer.
            if argument == "COMMAND" { return names }
            if argument.contains("|") { return argument.split(separator: "|").map(String.init) }
        }
        let given = Set(words.dropLast())
        if let previous = command.options.first(where: { $0.name == words[words.count - 2] }), let value = previous.value {
            return value.contains("|") ? value.split(separator: "|").map(String.init) : []
        }
        guard words[words.count - 1].hasPrefix("-") else { return [] }
        return command.options.map(\.name).filter { !given.contains($0) }
    }

    /// The arguments' name (`PLAN.MILESTONE`) and what they are, for a help screen.
    public var argumentHelp: (valueName: String, text: String)? {
        guard let arguments, let colon = arguments.firstIndex(of: ":") else { return nil }
        return (String(arguments[..<colon]), arguments[arguments.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    /// The first word that looks like an option (`--json`, `-x`) and is not one of this command's,
    /// as an error that names it and the options there are. Negative numbers are values.
    public func unknownOption(in words: [String]) -> String? {
        guard !freeText else { return nil }
        let known = options.map(\.name)
        guard let bad = words.first(where: { word in
            word.count > 1 && word.hasPrefix("-") && !(word.dropFirst().first?.isNumber ?? false)
                && !known.contains(String(word.split(separator: "=", maxSplits: 1)[0]))
        }) else { return nil }
        if bad == "--", arguments?.hasPrefix("FILE") == true {
            return "\(name) takes no '--'; a file whose name starts with a dash is written ./-name. Type help \(name)."
        }
        let takes = known.isEmpty ? "\(name) takes no options" : "\(name) takes " + known.joined(separator: ", ")
        return "Unknown option '\(bad)' for \(name); \(takes). Type help \(name)."
    }

    /// The words that are neither options nor an option's value.
    public func positionalWords(_ words: [String]) -> [String] {
        var result: [String] = []
        var takesValue = false
        for word in words {
            if takesValue { takesValue = false; continue }
            if let option = options.first(where: { $0.name == word }) {
                takesValue = option.value != nil
                continue
            }
            if !word.hasPrefix("-") || word.count == 1 { result.append(word) }
        }
        return result
    }

    /// The help for one command: usage, what it does, its arguments, options and examples.
    public var helpLines: [String] {
        var lines = [usage, "  " + summary]
        if let arguments { lines.append("  " + arguments) }
        let width = options.map { $0.name.count + ($0.value.map { $0.count + 1 } ?? 0) }.max() ?? 0
        for option in options {
            let head = option.name + (option.value.map { " " + $0 } ?? "")
            lines.append("  " + head + String(repeating: " ", count: width - head.count + 2) + option.help)
        }
        if !examples.isEmpty { lines.append("  Examples: " + examples.joined(separator: "; ")) }
        return lines
    }

    public static var names: [String] { all.map(\.name) + ["exit"] }

    /// Words people reach for that are not commands, and the command that does what they mean.
    public static let synonyms: [String: String] = [
        "start": "new", "create": "new", "begin": "new", "goal": "new", "make": "new", "init": "new",
        "view": "show", "open": "show", "display": "show", "see": "show", "print": "show", "details": "show",
        "complete": "done", "finish": "done", "finished": "done", "tick": "done", "log": "done", "win": "done",
        "delete": "drop", "remove": "drop", "rm": "drop", "del": "drop",
        "modify": "edit", "change": "edit", "update": "edit", "rename": "edit",
        "bye": "quit", "leave": "quit", "stop": "quit", "logout": "quit",
        "status": "plans", "progress": "plans", "overview": "plans", "dashboard": "plans", "goals": "plans",
        "history": "wins", "achievements": "wins",
        "stats": "streak", "calendar": "streak", "heatmap": "streak", "streaks": "streak",
        "report": "story", "summary": "story", "narrative": "story", "share": "story",
        "weekly": "review", "retro": "review", "retrospective": "review", "reflect": "review",
        "continue": "resume", "draft": "resume",
        "stuck": "unstick", "blocked": "unstick", "unblock": "unstick",
        "revert": "undo",
        "postpone": "skip", "defer": "skip", "rescope": "skip", "shrink": "skip", "split": "skip", "block": "skip", "pause": "skip", "rest": "skip", "off": "skip",
        "commands": "help", "usage": "help", "man": "help", "info": "help",
    ]

    /// A shell command typed where a question was asked: its name alone, or with a plan
    /// reference ("show 1"). "Review the contract with Dana" is an answer, not the review command.
    public static func command(typedAsAnswer input: String) -> String? {
        let words = input.lowercased().split(separator: " ").map(String.init)
        // "skip" alone is the control word of a question; "skip 2.1" is the command.
        // A plan reference ("show 1") or an option ("export 1 -o plan.md") marks a command;
        // "Add 2 tests to checkout" is an answer.
        // "show -1" and "plans --owner" were taken as a win note and as evidence.
        let isReference = { (word: String) in word.drop { $0 == "-" }.allSatisfy { $0.isNumber || $0 == "." } && word.contains { $0.isNumber } }
        let isOption = { (word: String) in word.count > 1 && word.hasPrefix("-") && (word.dropFirst().first.map { $0.isLetter || $0 == "-" } ?? false) }
        guard let first = words.first, names.contains(first), first != "skip" || words.count == 2,
            words.count == 1 || (words.count == 2 && (isReference(words[1]) || isOption(words[1]))) || (words.count > 2 && words.dropFirst().contains(where: isOption))
        else { return nil }
        return first
    }

    /// The words that only mean something inside a question, and what they do there.
    static let questionWords: [String: String] = [
        "back": "goes to the previous question inside a flow",
        "cancel": "leaves a flow and keeps its draft (discard drops a draft)",
        "keep": "answers a finding inside a flow, with your reason",
    ]

    static let greetings: Set<String> = ["hi", "hello", "hey", "hallo", "yo", "howdy", "hiya"]

    /// The answer to "hi" or "hello there", which is no command but deserves no error either.
    public static func greetingReply(to words: [String]) -> String? {
        guard let first = words.first?.lowercased().trimmingCharacters(in: .punctuationCharacters),
            greetings.contains(first), words.count <= 3
        else { return nil }
        return "Hello! Type new to plan a goal, or new followed by the goal itself. help lists everything."
    }

    /// What to say to a line whose first word is not a command: the error, then what was likely
    /// meant: the command a familiar word ("start", "delete") or a misspelling stands for, or, for
    /// a sentence, how to make it a goal.
    public static func unknown(_ words: [String]) -> (error: String, hint: String?) {
        guard let typed = words.first else { return ("", nil) }
        let first = typed.lowercased().trimmingCharacters(in: .punctuationCharacters)
        let shown = typed.count > 40 ? typed.prefix(40) + "…" : typed
        if let use = questionWords[first] {
            return ("No question is open: '\(first)' \(use).", "Type resume to continue an unfinished plan, or new to start one.")
        }
        if first == "redo" {
            // "Did you mean 'undo'?" said the opposite of what was asked.
            return ("There is no redo: undo takes back the last change, and undo again the one before.", "undo says what it took back each time.")
        }
        // "how do i start" was read as a misspelled "show".
        if words.count >= 2, ["how", "what", "where", "can", "why", "which", "who"].contains(first) {
            return ("That reads like a question; commands start with a command word.",
                    "To start, type new, or new followed by your goal; help COMMAND explains a command.")
        }
        if let meant = synonyms[first], let info = all.first(where: { $0.name == meant }) {
            return ("Unknown command '\(shown)'. Did you mean '\(meant)'?", "\(info.usage): \(info.summary)")
        }
        // "done1.1", "show2": a command run into its plan or milestone.
        if let name = names.first(where: { typed.lowercased().hasPrefix($0) && typed.count > $0.count }),
           typed.dropFirst(name.count).allSatisfy({ $0.isNumber || $0 == "." }), typed.last?.isNumber == true {
            let meant = ([name + " " + typed.dropFirst(name.count)] + words.dropFirst()).joined(separator: " ")
            return ("Unknown command '\(shown)'. Did you mean '\(meant)'?", nil)
        }
        if let guess = Suggestion.closest(to: first, in: names) {
            return ("Unknown command '\(shown)'. Did you mean '\(guess)'?", nil)
        }
        // "mark 1.4 done", "finished 2.1 today": a step and a word for done.
        let doneWords: Set<String> = ["done", "finished", "finish", "complete", "completed", "mark", "tick", "did"]
        if let step = words.first(where: { $0.wholeMatch(of: /\d+\.\d+/) != nil }),
           words.contains(where: { doneWords.contains($0.lowercased().trimmingCharacters(in: .punctuationCharacters)) }) {
            return ("Unknown command '\(shown)'. Did you mean 'done \(step)'?", nil)
        }
        if words.count >= 3 {
            let sentence = words.joined(separator: " ")
            return ("That is not a command.", "To plan it as a goal, type: new " + (sentence.count > 60 ? sentence.prefix(60) + "…" : sentence))
        }
        return ("Unknown command '\(shown)'.", nil)
    }
}
