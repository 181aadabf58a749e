import Foundation

/// Splits a plan file into its plans as its bytes arrive, so `import` holds one plan at a time
/// instead of the whole file and every plan in it. Each plan's JSON is then read by
/// `PlanJSON.decode`, with paths (`$[3].goal`) and places (`file:line:col`) as for the whole file.
public struct PlanJSONStream {
    public struct Element {
        public var index: Int?
        public var data: Data
        public var line: Int
        public var column: Int
    }

    private enum Top { case start, array, object, done, notPlans }
    private var top = Top.start
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var current: [UInt8] = []
    private var start = (line: 1, column: 1)
    private var line = 1, column = 1
    private var index = 0
    /// The first bytes, for the message when the file is not a plan object or array at all.
    private var head: [UInt8] = []
    /// How much of a UTF-8 byte order mark has been read at the start (an editor's "UTF-8 with
    /// BOM"); nil once the file's text has begun. `check` read such a file and import refused it.
    private var byteOrderMarkRead: Int? = 0
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    public init() {}

    /// The plans completed by these bytes.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(PlanJSON.DecodingError) -> [Element] {
        var elements: [Element] = []
        // An array walks faster than Data's iterator, byte by byte (a tenth of an import).
        let bytes = Array(bytes)
        var offset = 0
        while offset < bytes.count {
            if byteOrderMarkRead == nil, head.count >= 200, insideElement {
                offset = bytes.withUnsafeBufferPointer { copyElementBytes($0, from: offset, into: &elements) }
                continue
            }
            let byte = bytes[offset]
            offset += 1
            if let read = byteOrderMarkRead {
                if byte == Self.byteOrderMark[read] {
                    byteOrderMarkRead = read + 1 == Self.byteOrderMark.count ? nil : read + 1
                    continue
                }
                byteOrderMarkRead = nil
            }
            if head.count < 200 { head.append(byte) }
            if top == .notPlans {
                if head.count < 200 { continue }
                try notPlans()
            }
            try take(byte, into: &elements)
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return elements
    }

    /// Inside a plan's braces, where every byte belongs to the plan and only strings and nesting
    /// need following: the bulk of a file, walked by `copyElementBytes`.
    private var insideElement: Bool {
        (top == .array && depth >= 2) || (top == .object && depth >= 1)
    }

    /// Copies the bytes of the plan being read, from `start` up to where it ends or its nesting
    /// returns to the list's level, in one append: a byte at a time through `take` was a fifth of
    /// an import of 10,000 plans. Returns where it stopped. Same states as `take`.
    private mutating func copyElementBytes(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, into elements: inout [Element]) -> Int {
        let floor = top == .object ? 0 : 1
        var offset = start
        var ended = false
        while offset < bytes.count, !ended {
            let byte = bytes[offset]
            offset += 1
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            ended = follow(byte) && depth == floor
        }
        current.append(contentsOf: bytes[start..<offset])
        if ended, top == .object {
            elements.append(element(nil))
            top = .done
        }
        return offset
    }

    /// Call at the end of the file: the last plan of a single-plan file, or what is missing.
    public mutating func finish() throws(PlanJSON.DecodingError) -> [Element] {
        switch top {
        case .done: return []
        case .object where depth == 0 && !current.isEmpty: return [element(nil)]
        case .start, .notPlans: try notPlans()
        default:
            throw PlanJSON.DecodingError(path: "$", message: "the file ends inside a plan or the list of plans (a missing } or ]?)",
                                         line: line, column: column)
        }
    }

    /// Not JSON that holds plans: the whole-file reader says what it is (Markdown, not JSON…)
    /// from the first bytes.
    private func notPlans() throws(PlanJSON.DecodingError) -> Never {
        _ = try PlanJSON.decode(Data(head))
        throw PlanJSON.DecodingError(path: "$", message: "a plan file holds one plan object or an array of them", line: 1, column: 1)
    }

    private static let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]

    private mutating func take(_ byte: UInt8, into elements: inout [Element]) throws(PlanJSON.DecodingError) {
        switch top {
        case .start:
            if Self.whitespace.contains(byte) { return }
            if byte == UInt8(ascii: "[") {
                top = .array
                depth = 1
                return
            }
            guard byte == UInt8(ascii: "{") else {
                top = .notPlans
                return
            }
            top = .object
            begin()
        case .done:
            guard Self.whitespace.contains(byte) else {
                throw PlanJSON.DecodingError(path: "$", message: "unexpected text after the plans; a plan file holds one plan object or an array of them",
                                             line: line, column: column)
            }
            return
        case .array where depth == 1 && !inString:
            if Self.whitespace.contains(byte) && current.isEmpty { return }
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") {
                if !current.isEmpty || byte == UInt8(ascii: ",") || index > 0 { elements.append(element(index)) }
                index += 1
                if byte == UInt8(ascii: "]") { top = .done; depth = 0 }
                return
            }
            if current.isEmpty { begin() }
        case .array, .object, .notPlans:
            break
        }
        current.append(byte)
        if follow(byte), top == .object, depth == 0 {
            elements.append(element(nil))
            top = .done
        }
    }

    /// Follows strings and nesting through one byte of a plan; true when it closed a level.
    private mutating func follow(_ byte: UInt8) -> Bool {
        if inString {
            if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            return false
        }
        switch byte {
        case UInt8(ascii: "\""): inString = true
        case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            depth -= 1
            return true
        default: break
        }
        return false
    }

    private mutating func begin() {
        start = (line, column)
        if top == .object { depth = 0 }
    }

    private mutating func element(_ index: Int?) -> Element {
        defer { current = [] }
        return Element(index: index, data: Data(current), line: start.line, column: start.column)
    }
}

extension PlanJSON {
    /// One plan from `PlanJSONStream`, with errors placed in the whole file.
    public static func decode(_ element: PlanJSONStream.Element) throws(DecodingError) -> Plan {
        let path = element.index.map { "$[\($0)]" } ?? "$"
        guard element.data.first == UInt8(ascii: "{") else {
            throw DecodingError(path: path, message: "expected a plan object", line: element.line, column: element.column)
        }
        do {
            return try decode(element.data)[0]
        } catch {
            var placed = error
            placed.path = path + error.path.dropFirst()
            if let line = error.line {
                placed.line = line + element.line - 1
                placed.column = line == 1 ? (error.column ?? 1) + element.column - 1 : error.column
            }
            throw placed
        }
    }
}
