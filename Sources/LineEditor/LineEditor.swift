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
}

/// Reads lines: libedit on a terminal (history, Ctrl-R, Tab completion, Ctrl-C cancels the line),
/// plain lines otherwise, so `momentum < session.txt` works.
public protocol LineReader: AnyObject {
    func read(prompt: String, completions: [String], prefill: String?) -> LineInput
    /// Whether what the user types is already on the screen (a terminal echoes; a pipe does not).
    var echoesInput: Bool { get }
}

/// Piped input: one line at a time, no prompts, no escape codes.
public final class PlainLineReader: LineReader {
    public init() {}
    public var echoesInput: Bool { false }
    public func read(prompt: String, completions: [String], prefill: String?) -> LineInput {
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line.hasSuffix("\r") ? String(line.dropLast()) : line)
    }
}

/// libedit, wrapped. One instance per process: libedit's callbacks find it through EL_CLIENTDATA.
public final class EditLineReader: LineReader {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyFile: String?
    private var promptBuffer: UnsafeMutablePointer<CChar>
    fileprivate var completions: [String] = []
    fileprivate var cancelled = false

    public var echoesInput: Bool { true }

    public static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

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
            for line in newestFirst.reversed() { remember(line) }
            resetHistory()
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
        // While a command runs (outside editing), Ctrl-C must not kill either.
        signal(SIGINT) { _ in }
    }

    deinit {
        el_end(editLine)
        history_end(history)
        free(promptBuffer)
    }

    public func read(prompt: String, completions: [String], prefill: String?) -> LineInput {
        free(promptBuffer)
        promptBuffer = strdup(prompt)!
        self.completions = completions
        cancelled = false
        if let prefill, !prefill.isEmpty { el_push(editLine, prefill) }
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
        if !line.trimmingCharacters(in: .whitespaces).isEmpty {
            remember(line)
            resetHistory()
            if let historyFile { momentum_history_save(history, historyFile) }
        }
        return .line(line)
    }

    /// History without duplicates: a line typed again moves to the newest place.
    static let historySize = 1000
    private var entries: [String] = []

    private func remember(_ line: String) {
        entries.removeAll { $0 == line }
        entries.append(line)
        if entries.count > EditLineReader.historySize { entries.removeFirst(entries.count - EditLineReader.historySize) }
    }

    private func resetHistory() {
        momentum_history_clear(history)
        for line in entries { momentum_history_enter(history, line) }
    }

    /// Tab: completes the word before the cursor from the choices the current question offers.
    fileprivate func complete() -> UInt8 {
        guard let info = el_line(editLine)?.pointee else { return UInt8(CC_ERROR) }
        let length = info.cursor - info.buffer
        let typed = String(decoding: UnsafeBufferPointer(start: UnsafeRawPointer(info.buffer).assumingMemoryBound(to: UInt8.self), count: length), as: UTF8.self)
        let word = typed.split(separator: " ", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let matches = completions.filter { $0.lowercased().hasPrefix(word.lowercased()) }
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
