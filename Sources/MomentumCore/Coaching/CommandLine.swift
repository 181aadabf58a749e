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

/// The shell's commands, for `help`, Tab completion and "did you mean".
public struct CommandInfo: Sendable {
    public var name: String
    public var usage: String
    public var summary: String

    public static let all: [CommandInfo] = [
        CommandInfo(name: "new", usage: "new [GOAL]", summary: "Break a goal into micro-milestones, one question at a time."),
        CommandInfo(name: "resume", usage: "resume", summary: "Continue the unfinished flow exactly where it stopped."),
        CommandInfo(name: "discard", usage: "discard", summary: "Drop the unfinished draft."),
        CommandInfo(name: "plans", usage: "plans [--all] [--page N]", summary: "List plans: id, goal, progress, next milestone, last win (also: ls)."),
        CommandInfo(name: "show", usage: "show PLAN", summary: "Show a whole plan with statuses, findings and kept findings."),
        CommandInfo(name: "edit", usage: "edit PLAN[.MILESTONE]", summary: "Walk a plan's fields, or one milestone's, with the current answers offered."),
        CommandInfo(name: "add", usage: "add PLAN", summary: "Add milestones to a plan through the same questions."),
        CommandInfo(name: "done", usage: "done PLAN.MILESTONE", summary: "Mark a milestone done and log the win."),
        CommandInfo(name: "skip", usage: "skip PLAN.MILESTONE", summary: "Set a milestone aside with a reason (blocked, rescoped, dropped)."),
        CommandInfo(name: "drop", usage: "drop PLAN[.MILESTONE]", summary: "Drop a plan or a milestone (undo brings it back)."),
        CommandInfo(name: "archive", usage: "archive PLAN", summary: "Archive a finished plan."),
        CommandInfo(name: "undo", usage: "undo", summary: "Revert the last change, and say what it was."),
        CommandInfo(name: "export", usage: "export PLAN [--format md|json] [-o FILE]", summary: "Write a plan as Markdown or JSON."),
        CommandInfo(name: "import", usage: "import FILE", summary: "Add the plans in a plan JSON file (all or none)."),
        CommandInfo(name: "check", usage: "check FILE [--format text|json]", summary: "Check a plan JSON file against the rules."),
        CommandInfo(name: "rules", usage: "rules [list|test|lint]", summary: "List the rules in force, run their examples, or lint them."),
        CommandInfo(name: "wins", usage: "wins [PLAN] [--since D] [--until D]", summary: "The latest 20 wins (-n N for more, --all for every one), or those in a range."),
        CommandInfo(name: "streak", usage: "streak", summary: "Current and best streak, and a 12-week heatmap."),
        CommandInfo(name: "set", usage: "set [NAME VALUE]", summary: "List settings, or change one (skips-per-week)."),
        CommandInfo(name: "review", usage: "review", summary: "The weekly review: wins, stalled steps, the metric, what's next."),
        CommandInfo(name: "reviews", usage: "reviews", summary: "Past weekly reviews."),
        CommandInfo(name: "unstick", usage: "unstick PLAN", summary: "Walk a stalled plan down to one step you can finish today."),
        CommandInfo(name: "story", usage: "story PLAN [-o FILE]", summary: "The plan so far as a Markdown story for stakeholders."),
        CommandInfo(name: "sessions", usage: "sessions", summary: "List recorded sessions."),
        CommandInfo(name: "transcript", usage: "transcript SESSION [-o FILE]", summary: "Write a recorded session as a transcript."),
        CommandInfo(name: "help", usage: "help [COMMAND]", summary: "This list, or one command's help."),
        CommandInfo(name: "quit", usage: "quit", summary: "Leave (exit works too; a draft is kept)."),
    ]

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
        "postpone": "skip", "defer": "skip",
        "commands": "help", "usage": "help", "man": "help", "info": "help",
    ]

    /// A shell command typed where a question was asked: its name alone, or with a plan
    /// reference ("show 1"). "Review the contract with Dana" is an answer, not the review command.
    public static func command(typedAsAnswer input: String) -> String? {
        let words = input.lowercased().split(separator: " ").map(String.init)
        // "skip" alone is the control word of a question; "skip 2.1" is the command.
        // A plan reference ("show 1") or an option ("export 1 -o plan.md") marks a command;
        // "Add 2 tests to checkout" is an answer.
        let isReference = { (word: String) in word.allSatisfy { $0.isNumber || $0 == "." } }
        let isOption = { (word: String) in word.count > 1 && word.hasPrefix("-") && (word.dropFirst().first.map { $0.isLetter || $0 == "-" } ?? false) }
        guard let first = words.first, names.contains(first), first != "skip" || words.count == 2,
            words.count == 1 || (words.count == 2 && isReference(words[1])) || (words.count > 2 && words.dropFirst().contains(where: isOption))
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
        if let meant = synonyms[first], let info = all.first(where: { $0.name == meant }) {
            return ("Unknown command '\(shown)'. Did you mean '\(meant)'?", "\(info.usage): \(info.summary)")
        }
        if let guess = Suggestion.closest(to: first, in: names) {
            return ("Unknown command '\(shown)'. Did you mean '\(guess)'?", nil)
        }
        if words.count >= 3 {
            let sentence = words.joined(separator: " ")
            return ("That is not a command.", "To plan it as a goal, type: new " + (sentence.count > 60 ? sentence.prefix(60) + "…" : sentence))
        }
        return ("Unknown command '\(shown)'.", nil)
    }
}
