@preconcurrency import CEditLine
import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// What reading a line gave.
public enum LineInput: Equatable, Sendable {
    case line(String)
    /// Ctrl-C: the half-typed line is thrown away.
    case cancelled
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
    /// A line longer than `PlainLineReader.maxLineBytes` (piped, or typed or pasted at a terminal):
    /// it was read past, not kept.
    case tooLong(bytes: Int)
}

/// Reads lines: libedit on a terminal (history, Ctrl-R, Tab completion, Ctrl-C cancels the line),
/// plain lines otherwise, so `momentum < session.txt` works.
public protocol LineReader: AnyObject {
    /// `completions` gets the line up to the cursor and returns what its last word may become.
    /// `kind` picks the history Up recalls: commands at the shell's prompt, answers at a question.
    func read(prompt: String, kind: LineKind, completions: @escaping (String) -> [String], prefill: String?) -> LineInput
    /// Whether what the user types is already on the screen (a terminal echoes; a pipe does not).
    var echoesInput: Bool { get }
}

/// What a line is, for history: a newcomer pressing Up at `momentum>` met "0.5 days" and "Sam".
public enum LineKind: Sendable {
    /// At the shell's prompt; kept across runs in the history file.
    case command
    /// An answer to a question; recalled for rephrasing during this run only.
    case answer
}

/// Piped input: one line at a time, no prompts, no escape codes.
public final class PlainLineReader: LineReader {
    /// The longest piped line kept, in bytes. Longer lines are read past, keeping no more than
    /// this, so a 64 MB line costs 64 KB of memory, and are reported instead of used.
    public static let maxLineBytes = 65_536

    public init() {}
    public var echoesInput: Bool { false }
    /// Byte by byte (stdio buffers them), not `fgets`: a C string ends at a NUL, and the bytes
    /// after one were glued onto the next line's answer. The NUL stays in the line, which the
    /// shell then refuses by name.
    public func read(prompt: String, kind: LineKind, completions: @escaping (String) -> [String], prefill: String?) -> LineInput {
        var total = 0
        var kept: [UInt8] = []
        var readAny = false
        var last: Int32?
        while case let byte = getc_unlocked(stdin), byte != EOF {
            readAny = true
            if byte == 0x0A { break }
            last = byte
            total += 1
            if kept.count <= Self.maxLineBytes { kept.append(UInt8(byte)) }
        }
        guard readAny else { return .endOfInput }
        if last == 0x0D {
            total -= 1
            if kept.count > total { kept.removeLast() }
        }
        guard total <= Self.maxLineBytes else { return .tooLong(bytes: total) }
        return .line(String(decoding: kept, as: UTF8.self))
    }
}

/// libedit, wrapped. One instance per process: libedit's callbacks find it through EL_CLIENTDATA.
public final class EditLineReader: LineReader {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyFile: String?
    private var promptBuffer: UnsafeMutablePointer<CChar>
    fileprivate var completions: (String) -> [String] = { _ in [] }
    fileprivate var cancelled = false
    /// The answer offered on the line, until the first key: typing then replaces it, as a selected
    /// field does, so a word typed after `back` is never glued to the earlier answer.
    fileprivate var offered: String?
    /// libedit reads pushed text as keys: the offered answer's own printable characters come
    /// through `insert` first, and are not yet the user typing.
    private var offeredKeysToCome = 0
    /// Bytes of printable keys read since the line began, and those dropped past the limit: libedit
    /// grows its line for every key, so a pasted megabyte would all be kept (issue 11).
    private var lineBytes = 0
    private var droppedBytes = 0
    private var decoding = mbstate_t()

    public var echoesInput: Bool { true }

    public static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// The width to wrap output to: the terminal's, 80 when a terminal does not say, nil when
    /// output goes to a pipe or a file (which are never wrapped).
    public static var outputWidth: Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        let columns = Int(momentum_terminal_columns(STDOUT_FILENO))
        return columns > 0 ? columns : 80
    }

    /// `historyFile` keeps history across runs; nil keeps it for this run only.
    public init(historyFile: String?) {
        setlocale(LC_CTYPE, "")
        editLine = el_init("momentum", stdin, stdout, stderr)
        history = history_init()
        self.historyFile = historyFile
        promptBuffer = strdup("> ")!
        momentum_history_setsize(history, Int32(EditLineReader.historySize))
        if let historyFile {
            momentum_history_load(history, historyFile)
            var newestFirst: [String] = []
            var entry = momentum_history_step(history, 1)
            while let text = entry {
                newestFirst.append(String(cString: text).trimmingCharacters(in: .newlines))
                entry = momentum_history_step(history, 0)
            }
            for line in newestFirst.reversed() { remember(line, .command) }
            load(.command)
        }
        momentum_el_set_editor(editLine, "emacs")
        momentum_el_set_signal(editLine, 1)
        momentum_el_set_hist(editLine, history)
        momentum_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        momentum_el_set_prompt(editLine) { el in
            guard let el, let data = momentum_el_get_clientdata(el) else { return nil }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().promptBuffer
        }
        // Ctrl-C is a key while editing (not a signal): it throws the line away and never kills.
        momentum_el_settty(editLine, "-d", "-isig")
        momentum_el_add_function(editLine, "momentum-cancel", "Cancel the line") { el, _ in
            guard let el, let data = momentum_el_get_clientdata(el) else { return UInt8(CC_ERROR) }
            Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().cancelled = true
            return UInt8(CC_NEWLINE)
        }
        momentum_el_bind(editLine, "^C", "momentum-cancel")
        momentum_el_add_function(editLine, "momentum-complete", "Complete the word") { el, _ in
            guard let el, let data = momentum_el_get_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().complete()
        }
        momentum_el_bind(editLine, "^I", "momentum-complete")
        momentum_el_bind(editLine, "^R", "em-inc-search-prev")
        momentum_el_add_function(editLine, "momentum-insert", "Insert a character; replaces an untouched offered answer") { el, key in
            guard let el, let data = momentum_el_get_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().insert(key)
        }
        // Right and End on an offered answer mean "add to it": the cursor is already at its end, so
        // nothing else showed the answer was touched, and the next key replaced it (a trial lost
        // a done-when so). They mark it touched, then move as libedit's own keys do.
        momentum_el_add_function(editLine, "momentum-right", "Move right; keeps an offered answer for editing") { el, _ in
            guard let el, let data = momentum_el_get_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().keepOfferAndMove(toEnd: false)
        }
        momentum_el_add_function(editLine, "momentum-end", "Move to the end; keeps an offered answer for editing") { el, _ in
            guard let el, let data = momentum_el_get_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().keepOfferAndMove(toEnd: true)
        }
        for key in ["\\e[C", "\\eOC", "^F"] { momentum_el_bind(editLine, key, "momentum-right") }
        for key in ["\\e[F", "\\eOF", "\\e[4~", "\\e[8~", "^E"] { momentum_el_bind(editLine, key, "momentum-end") }
        momentum_el_set_getcfn(editLine) { el, character in
            guard let el, let character, let data = momentum_el_get_clientdata(el) else { return -1 }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().readCharacter(into: character)
        }
        // While a command runs (outside editing), Ctrl-C must not kill either.
        signal(SIGINT) { _ in }
    }

    /// libedit's own way of reading a key (a byte at a time from stdin, decoded in the locale;
    /// an invalid sequence is dropped), with one difference: printable keys past
    /// `PlainLineReader.maxLineBytes` on one line are counted and dropped, so the line libedit
    /// keeps stays bounded; Enter, Ctrl-C and editing keys still arrive.
    fileprivate func readCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
        var pending = 0
        while true {
            var byte: CChar = 0
            let count = Glibc.read(STDIN_FILENO, &byte, 1)
            if count == 0 { return 0 }
            if count < 0 {
                // A signal (a resized window) interrupts the wait for a key; the wait goes on.
                if errno == EINTR { continue }
                return -1
            }
            pending += 1
            var wide: wchar_t = 0
            let decoded = mbrtowc(&wide, &byte, 1, &decoding)
            if decoded == size_t.max - 1 { continue }  // (size_t)-2: the character goes on in the next byte
            if decoded == size_t.max {  // (size_t)-1: not a character in this locale
                decoding = mbstate_t()
                pending = 0
                continue
            }
            if wide == 0x0A || wide == 0x0D {
                lineBytes = 0
            } else if wide >= 0x20 && wide != 0x7F {
                guard lineBytes + pending <= PlainLineReader.maxLineBytes else {
                    droppedBytes += pending
                    pending = 0
                    continue
                }
                lineBytes += pending
            }
            character.pointee = wide
            return 1
        }
    }

    deinit {
        el_end(editLine)
        history_end(history)
        free(promptBuffer)
    }

    public func read(prompt: String, kind: LineKind, completions: @escaping (String) -> [String], prefill: String?) -> LineInput {
        if kind != historyShown { load(kind) }
        free(promptBuffer)
        promptBuffer = strdup(prompt)!
        self.completions = completions
        cancelled = false
        offered = nil
        lineBytes = 0
        droppedBytes = 0
        bindPrintableKeys(replacingOffer: false)
        if let prefill, !prefill.isEmpty {
            el_push(editLine, prefill)
            offered = prefill
            offeredKeysToCome = prefill.unicodeScalars.count { (0x20...0x7E).contains($0.value) }
            bindPrintableKeys(replacingOffer: true)
        }
        var count: Int32 = 0
        let raw = el_gets(editLine, &count)
        // Checked first: Ctrl-C on an empty line gives an empty read, which is not end of input.
        if cancelled {
            // As shells do: the thrown-away line stays visible, marked, and the prompt starts afresh below.
            fputs("^C\n", stdout)
            fflush(stdout)
            return .cancelled
        }
        guard let raw, count > 0 else { return .endOfInput }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        if droppedBytes > 0 { return .tooLong(bytes: line.utf8.count + droppedBytes) }
        if !line.trimmingCharacters(in: .whitespaces).isEmpty {
            remember(line, kind)
            load(kind)
            if kind == .command, let historyFile { momentum_history_save(history, historyFile) }
        }
        return .line(line)
    }

    /// History without duplicates: a line typed again moves to the newest place. Commands and
    /// answers are kept apart; libedit's one history holds the kind being read.
    static let historySize = 1000
    private var commands: [String] = []
    private var answers: [String] = []
    private var historyShown = LineKind.command

    private func remember(_ line: String, _ kind: LineKind) {
        func add(to entries: inout [String]) {
            entries.removeAll { $0 == line }
            entries.append(line)
            if entries.count > EditLineReader.historySize { entries.removeFirst(entries.count - EditLineReader.historySize) }
        }
        if kind == .command { add(to: &commands) } else { add(to: &answers) }
    }

    private func load(_ kind: LineKind) {
        momentum_history_clear(history)
        for line in kind == .command ? commands : answers { momentum_history_enter(history, line) }
        historyShown = kind
    }

    /// A printable key. On the untouched offered answer (cursor at its end) it replaces the answer;
    /// once the line was edited (a Backspace, a move left) it inserts as usual.
    fileprivate func insert(_ key: Int32) -> UInt8 {
        if offeredKeysToCome > 0 {
            offeredKeysToCome -= 1
        } else if let offered {
            if let info = el_line(editLine)?.pointee, info.cursor == info.lastchar, text(info) == offered {
                el_deletestr(editLine, Int32(offered.unicodeScalars.count))
            }
            self.offered = nil
            // Only the first key is special: from here on (and in Ctrl-R's search) keys insert as usual.
            bindPrintableKeys(replacingOffer: false)
        }
        el_insertstr(editLine, String(UnicodeScalar(UInt8(truncatingIfNeeded: key))))
        return UInt8(CC_REFRESH)
    }

    fileprivate func keepOfferAndMove(toEnd: Bool) -> UInt8 {
        if offered != nil, offeredKeysToCome == 0 {
            offered = nil
            bindPrintableKeys(replacingOffer: false)
        }
        guard let info = el_line(editLine)?.pointee else { return UInt8(CC_ERROR) }
        let left = Int32(info.lastchar - info.cursor)
        guard left > 0 else { return UInt8(CC_NORM) }
        el_cursor(editLine, toEnd ? left : 1)
        return UInt8(CC_CURSOR)
    }

    /// Whether printable keys go to `insert` (while an answer is offered) or to libedit's own.
    private var keysReplaceOffer = false

    private func bindPrintableKeys(replacingOffer: Bool) {
        guard replacingOffer != keysReplaceOffer else { return }
        keysReplaceOffer = replacingOffer
        for code in 0x20...0x7E {
            // Octal, because `-` would read as an option to bind, and `^` and `\\` as escapes.
            momentum_el_bind(editLine, String(format: "\\%03o", code), replacingOffer ? "momentum-insert" : "ed-insert")
        }
    }

    /// The line's text up to `end` (the cursor, or the end of the line).
    private func text(_ info: LineInfo, upTo end: UnsafePointer<CChar>? = nil) -> String {
        let length = (end ?? info.lastchar) - info.buffer
        return String(decoding: UnsafeBufferPointer(start: UnsafeRawPointer(info.buffer).assumingMemoryBound(to: UInt8.self), count: length), as: UTF8.self)
    }

    /// Tab: completes the word before the cursor from the choices the current question offers.
    fileprivate func complete() -> UInt8 {
        guard let info = el_line(editLine)?.pointee else { return UInt8(CC_ERROR) }
        let typed = text(info, upTo: info.cursor)
        let word = typed.split(separator: " ", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let matches = completions(typed).filter { $0.lowercased().hasPrefix(word.lowercased()) }
        guard !matches.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        if matches.count == 1 {
            el_insertstr(editLine, String(matches[0].dropFirst(word.count)) + " ")
            return UInt8(CC_REFRESH)
        }
        let common = matches.dropFirst().reduce(matches[0]) { prefix, next in String(prefix.commonPrefix(with: next)) }
        if common.count > word.count {
            el_insertstr(editLine, String(common.dropFirst(word.count)))
            return UInt8(CC_REFRESH)
        }
        print("\n" + matches.joined(separator: "  "))
        return UInt8(CC_REDISPLAY)
    }
}
