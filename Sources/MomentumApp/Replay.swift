import Foundation
import MomentumCore
import MomentumStore

/// Replays a transcript: its inputs go to a fresh shell on a scratch store with the transcript's
/// clock, and the output is compared with the file's. Never touches the user's store or files.
public enum Replay {
    public struct Result {
        public var file: String
        public var expected: Transcript
        public var actual: Transcript
        public var matches: Bool { Replay.body(expected) == Replay.body(actual) }
    }

    public struct SetupError: Error, CustomStringConvertible {
        public var description: String
    }

    /// `seed` is the plan JSON named by the header's `store:`, and `draft` the file named by its
    /// `draft:`, both already read by the caller; `fixtures` is the folder relative paths the
    /// session reads (`import fixtures/todo.txt`) are in.
    public static func run(_ transcript: Transcript, file: String, rules: LoadedRules, seed: Data?, draft: Data? = nil,
                           fixtures: String? = nil) throws -> Result {
        let store = try Store.inMemory()
        if let seed {
            do {
                // The starting point, not a change: an undo in the session must not take it back
                // (a replay said "Undid: seed." and emptied the store).
                try store.copyIn(plans: try PlanJSON.decode(seed), reviews: [], settings: [])
            } catch let error as PlanJSON.DecodingError {
                throw SetupError(description: "\(file): the header's store file: \(error.described(in: transcript.header.store ?? "store"))")
            }
        }
        if let draft {
            guard let form = try? JSONDecoder().decode(Form.self, from: draft) else {
                throw SetupError(description: "\(file): the header's draft file \(transcript.header.draft ?? "draft") is not a draft Momentum wrote (transcript -o writes one); write the transcript again from its session")
            }
            try store.saveDraft(form, at: transcript.header.date)
        }
        let clock = Clock(transcript.header.date)
        let environment = ShellEnvironment(now: { clock.now }, timeZone: TimeZone(identifier: transcript.header.timeZone)!, files: ScratchFiles(readingFrom: fixtures))
        var shell = Shell(store: store, rules: rules, environment: environment)
        var items: [Transcript.Located] = []
        func out(_ lines: [OutputLine]) { items += lines.map { Transcript.Located(item: .output($0.text), line: 0) } }
        let leading = transcript.items.prefix { if case .comment = $0.item { true } else { false } }
        items += leading
        out(shell.start())
        for located in transcript.items.dropFirst(leading.count) {
            switch located.item {
            case .comment:
                items.append(located)
            case .advance(let seconds, _):
                clock.advance(seconds)
                items.append(located)
            case .output:
                continue
            case .input(_, let text):
                if shell.finished {
                    shell = Shell(store: store, rules: rules, environment: environment)
                    out(shell.start())
                }
                items.append(Transcript.Located(item: .input(prompt: shell.prompt.name, text: text), line: located.line))
                if text == Transcript.endOfInput {
                    out(shell.endOfInput())
                } else {
                    out(shell.handle(text).lines)
                }
            }
        }
        return Result(file: file, expected: transcript, actual: Transcript(header: transcript.header, items: placeCommentsBeforeInputs(items)))
    }

    /// Comments belong with the input they precede, after the output of the one before.
    static func placeCommentsBeforeInputs(_ items: [Transcript.Located]) -> [Transcript.Located] {
        let leading = items.prefix { if case .comment = $0.item { true } else { false } }
        var result = Array(leading)
        var held: [Transcript.Located] = []
        for item in items.dropFirst(leading.count) {
            switch item.item {
            case .comment, .advance: held.append(item)
            case .input:
                result += held + [item]
                held = []
            case .output: result.append(item)
            }
        }
        return result + held
    }

    static func body(_ transcript: Transcript) -> [String] {
        transcript.items.compactMap { located in
            switch located.item {
            case .input, .output: Transcript.render(located.item)
            case .comment, .advance: nil
            }
        }
    }

    /// A unified diff of expected and actual output, with the first differing line of the file.
    public static func diff(_ result: Result) -> [String] {
        let expected = result.expected.items.filter(isSession)
        let actual = result.actual.items.filter(isSession)
        let a = expected.map { Transcript.render($0.item) }
        let b = actual.map { Transcript.render($0.item) }
        var lines: [String] = []
        if let first = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset ?? (a.count != b.count ? min(a.count, b.count) : nil) {
            let fileLine = first < expected.count ? expected[first].line : (expected.last?.line ?? 0) + 1
            lines.append("\(result.file):\(fileLine): first difference")
        }
        lines.append("--- \(result.file) (expected)")
        lines.append("+++ \(result.file) (replayed)")
        // Hunks count lines of the files: the transcript, and the one replay --update would write.
        let headerLines = Transcript(header: result.actual.header, items: []).render().split(separator: "\n").count
        let updatedLines = result.actual.items.indices.filter { isSession(result.actual.items[$0]) }.map { headerLines + $0 + 1 }
        lines += UnifiedDiff.render(a, b, context: 3, aLines: expected.map(\.line), bLines: updatedLines)
        return lines
    }

    static func isSession(_ located: Transcript.Located) -> Bool {
        switch located.item {
        case .input, .output: true
        case .comment, .advance: false
        }
    }

    /// The transcript with the replayed output in place of the old, comments kept.
    public static func updated(_ result: Result) -> String {
        Transcript(header: result.expected.header, items: result.actual.items).render()
    }

    /// Which findings appeared or disappeared at each input, comparing expected and replayed output.
    public static func findingChanges(_ result: Result) -> [String] {
        let before = findingsByInput(result.expected)
        let after = findingsByInput(result.actual)
        var lines: [String] = []
        for index in 0..<max(before.count, after.count) {
            let old = index < before.count ? before[index] : nil
            let new = index < after.count ? after[index] : nil
            let oldIDs = old?.ids ?? [], newIDs = new?.ids ?? []
            let appeared = newIDs.filter { !oldIDs.contains($0) }
            let disappeared = oldIDs.filter { !newIDs.contains($0) }
            guard !appeared.isEmpty || !disappeared.isEmpty, let where_ = old ?? new else { continue }
            var text = "\(result.file):\(where_.line): \(where_.input)"
            if !appeared.isEmpty { text += " — appeared: " + appeared.joined(separator: ", ") }
            if !disappeared.isEmpty { text += " — disappeared: " + disappeared.joined(separator: ", ") }
            lines.append(text)
        }
        return lines
    }

    struct InputFindings {
        var line: Int
        var input: String
        var ids: [String]
    }

    static func findingsByInput(_ transcript: Transcript) -> [InputFindings] {
        var result: [InputFindings] = []
        for located in transcript.items {
            switch located.item {
            case .input:
                result.append(InputFindings(line: located.line, input: Transcript.render(located.item), ids: []))
            case .output(let text):
                guard !result.isEmpty, text.hasPrefix("! "), text.hasSuffix("]"), let open = text.lastIndex(of: "[") else { continue }
                result[result.count - 1].ids.append(String(text[text.index(after: open)..<text.index(before: text.endIndex)]))
            default: continue
            }
        }
        return result
    }

    /// A replay's clock: fixed, moved only by `@advance`.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var current: Date
        init(_ start: Date) { current = start }
        var now: Date { lock.withLock { current } }
        func advance(_ seconds: Double) { lock.withLock { current += seconds } }
    }
}

/// A line-based unified diff (LCS), small inputs only: transcripts are a few hundred lines.
enum UnifiedDiff {
    /// `aLines` and `bLines`: each line's number in its file, for the hunk headers.
    static func render(_ a: [String], _ b: [String], context: Int, aLines: [Int], bLines: [Int]) -> [String] {
        let n = a.count, m = b.count
        var lcs = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        enum Op { case same(String), del(String), add(String) }
        var ops: [Op] = []
        var i = 0, j = 0
        while i < n || j < m {
            // What was expected goes first, as in diff -u.
            if i < n, j < m, a[i] == b[j] { ops.append(.same(a[i])); i += 1; j += 1 }
            else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] { ops.append(.del(a[i])); i += 1 }
            else { ops.append(.add(b[j])); j += 1 }
        }
        let changed = ops.indices.filter { if case .same = ops[$0] { false } else { true } }
        guard !changed.isEmpty else { return [] }
        var keep = Set<Int>()
        for index in changed { for k in max(0, index - context)...min(ops.count - 1, index + context) { keep.insert(k) } }
        var lines: [String] = []
        var previous = -2
        var aLine = 0, bLine = 0
        for (index, op) in ops.enumerated() {
            if keep.contains(index) {
                if index != previous + 1 {
                    let aAt = aLine < aLines.count ? aLines[aLine] : (aLines.last ?? 0) + 1
                    let bAt = bLine < bLines.count ? bLines[bLine] : (bLines.last ?? 0) + 1
                    lines.append("@@ -\(aAt) +\(bAt) @@")
                }
                switch op {
                case .same(let text): lines.append(" " + text)
                case .del(let text): lines.append("-" + text)
                case .add(let text): lines.append("+" + text)
                }
                previous = index
            }
            switch op {
            case .same: aLine += 1; bLine += 1
            case .del: aLine += 1
            case .add: bLine += 1
            }
        }
        return lines
    }
}
