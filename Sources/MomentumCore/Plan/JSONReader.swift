import Foundation

/// A JSON value as read, with an object's keys in the order written.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// `isInteger`: written without a fraction or an exponent (`12`, not `12.0`), so a whole
    /// number that is written back stays as it was.
    case number(Double, isInteger: Bool)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.bool(x), .bool(y)): x == y
        case let (.number(x, _), .number(y, _)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
        default: false
        }
    }

    /// As Foundation's JSON reader gives it (`NSNull`, `NSNumber`, `[String: Any]`…), for code
    /// written against `Any`: whole numbers as integers, so they are written back without a fraction.
    public var foundationValue: Any {
        switch self {
        case .null: NSNull()
        case .bool(let value): NSNumber(value: value)
        case let .number(value, isInteger):
            isInteger && value.rounded() == value && abs(value) < 9.0e15 ? NSNumber(value: Int64(value)) : NSNumber(value: value)
        case .string(let value): value
        case .array(let values): values.map(\.foundationValue)
        case .object(let members): Dictionary(members.map { ($0.key, $0.value.foundationValue) }, uniquingKeysWith: { $1 })
        }
    }
}

/// Reads JSON text (RFC 8259) into `JSONValue`, strictly, naming the byte where it goes wrong.
///
/// Momentum's own reader rather than Foundation's: reading a plan through `JSONSerialization`
/// and casting its `Any` values back was most of an import of 10,000 plans, and Foundation on
/// Linux names a syntax error's place only inside its message, drops U+FEFF from strings and
/// reads a lone surrogate escape as the end of the file.
public enum JSONReader {
    public struct SyntaxError: Error, Equatable, Sendable {
        /// The byte offset of the problem in the text.
        public var offset: Int
        public var message: String
    }

    /// Deeper nesting than any plan has is refused, before it could exhaust the stack.
    static let maximumDepth = 512

    public static func parse(_ data: Data) throws(SyntaxError) -> JSONValue {
        let bytes = [UInt8](data)
        return try bytes.withUnsafeBufferPointer { buffer throws(SyntaxError) in
            var reader = Cursor(bytes: buffer)
            // One byte order mark at the very start is an editor's, not the text's.
            if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { reader.offset = 3 }
            reader.skipWhitespace()
            let value = try reader.value(depth: 0)
            reader.skipWhitespace()
            guard reader.offset == buffer.count else { throw reader.error("unexpected text after the JSON value") }
            return value
        }
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0

        func error(_ message: String, at place: Int? = nil) -> SyntaxError {
            SyntaxError(offset: place ?? offset, message: message)
        }

        func controlCharacter(_ byte: UInt8) -> SyntaxError {
            error("a control character (U+\(String(format: "%04X", byte))) inside a string; write it as an escape such as \\n")
        }

        func loneSurrogate(_ unit: UInt32, at start: Int) -> SyntaxError {
            error("a lone surrogate escape (\\u\(String(unit, radix: 16))) is no character; write the pair, or the character itself", at: start)
        }

        var atEnd: Bool { offset >= bytes.count }

        mutating func skipWhitespace() {
            while offset < bytes.count {
                switch bytes[offset] {
                case 0x20, 0x09, 0x0A, 0x0D: offset += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
            guard !atEnd else { throw error("the text ends where a value should be") }
            switch bytes[offset] {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw error("expected a value (a string, a number, an object, a list, true, false or null)")
            }
        }

        mutating func literal(_ word: StaticString, _ value: JSONValue) throws(SyntaxError) -> JSONValue {
            let count = word.utf8CodeUnitCount
            guard offset + count <= bytes.count,
                  (0..<count).allSatisfy({ bytes[offset + $0] == word.utf8Start[$0] }) else {
                throw error("expected a value (a string, a number, an object, a list, true, false or null)")
            }
            offset += count
            return value
        }

        mutating func object(depth: Int) throws(SyntaxError) -> JSONValue {
            guard depth <= JSONReader.maximumDepth else { throw error("nested more than \(JSONReader.maximumDepth) deep") }
            offset += 1
            var members: [(key: String, value: JSONValue)] = []
            skipWhitespace()
            if !atEnd, bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard !atEnd else { throw error("the text ends inside an object (a missing }?)") }
                guard bytes[offset] == UInt8(ascii: "\"") else { throw error("expected a key in double quotes") }
                let keyStart = offset
                let key = try string()
                if members.contains(where: { $0.key == key }) {
                    throw error("the key \"\(key)\" is written twice in one object; keep one", at: keyStart)
                }
                skipWhitespace()
                guard !atEnd, bytes[offset] == UInt8(ascii: ":") else { throw error("expected a colon after the key") }
                offset += 1
                skipWhitespace()
                members.append((key, try value(depth: depth)))
                skipWhitespace()
                guard !atEnd else { throw error("the text ends inside an object (a missing }?)") }
                switch bytes[offset] {
                case UInt8(ascii: ","): offset += 1
                case UInt8(ascii: "}"):
                    offset += 1
                    return .object(members)
                default: throw error("expected a comma or } after a value in an object")
                }
            }
        }

        mutating func array(depth: Int) throws(SyntaxError) -> JSONValue {
            guard depth <= JSONReader.maximumDepth else { throw error("nested more than \(JSONReader.maximumDepth) deep") }
            offset += 1
            var values: [JSONValue] = []
            skipWhitespace()
            if !atEnd, bytes[offset] == UInt8(ascii: "]") {
                offset += 1
                return .array(values)
            }
            while true {
                skipWhitespace()
                values.append(try value(depth: depth))
                skipWhitespace()
                guard !atEnd else { throw error("the text ends inside a list (a missing ]?)") }
                switch bytes[offset] {
                case UInt8(ascii: ","): offset += 1
                case UInt8(ascii: "]"):
                    offset += 1
                    return .array(values)
                default: throw error("expected a comma or ] after a value in a list")
                }
            }
        }

        mutating func number() throws(SyntaxError) -> JSONValue {
            let start = offset
            func digits() -> Int {
                let first = offset
                while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
                return offset - first
            }
            if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            let whole = offset
            guard digits() > 0 else { throw error("expected a digit", at: offset) }
            if bytes[whole] == UInt8(ascii: "0"), offset - whole > 1 { throw error("a number does not start with 0 (write 7, not 07)", at: whole) }
            var isInteger = true
            if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
                offset += 1
                isInteger = false
                guard digits() > 0 else { throw error("expected a digit after the decimal point") }
            }
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
                offset += 1
                isInteger = false
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
                guard digits() > 0 else { throw error("expected a digit in the exponent") }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
            guard let value = Double(text), value.isFinite else { throw error("the number \(text) is too large", at: start) }
            return .number(value, isInteger: isInteger)
        }

        /// A string's text; the cursor is on its opening quote.
        mutating func string() throws(SyntaxError) -> String {
            let opening = offset
            offset += 1
            let start = offset
            // Most strings have no escape: one scan, and the bytes become the string as they are.
            while offset < bytes.count {
                let byte = bytes[offset]
                if byte == UInt8(ascii: "\"") {
                    let text = try utf8(start..<offset)
                    offset += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw controlCharacter(byte) }
                offset += 1
            }
            var text = try utf8(start..<offset)
            var runStart = offset
            while offset < bytes.count {
                let byte = bytes[offset]
                switch byte {
                case UInt8(ascii: "\""):
                    text += try utf8(runStart..<offset)
                    offset += 1
                    return text
                case UInt8(ascii: "\\"):
                    text += try utf8(runStart..<offset)
                    text.unicodeScalars.append(try escape())
                    runStart = offset
                case 0..<0x20:
                    throw controlCharacter(byte)
                default:
                    offset += 1
                }
            }
            throw error("the text ends inside a string (a missing \"?)", at: opening)
        }

        func utf8(_ range: Range<Int>) throws(SyntaxError) -> String {
            let slice = UnsafeBufferPointer(rebasing: bytes[range])
            if let text = String(validating: slice, as: UTF8.self) { return text }
            // The first byte that is not part of a UTF-8 character, to name its place.
            var parser = Unicode.UTF8.ForwardParser()
            var iterator = slice.makeIterator()
            var place = range.lowerBound
            while case .valid(let encoded) = parser.parseScalar(from: &iterator) { place += encoded.count }
            throw error("bytes that are not UTF-8 text; save the file as UTF-8", at: place)
        }

        /// One escape, the cursor on its backslash: `\n`, `\u00e9`, a surrogate pair `\ud83d\ude00`.
        mutating func escape() throws(SyntaxError) -> Unicode.Scalar {
            let start = offset
            offset += 1
            guard !atEnd else { throw error("the text ends inside an escape", at: start) }
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"): return "/"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                let unit = try hex4(escapeAt: start)
                switch unit {
                case 0xD800...0xDBFF:
                    guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                        throw loneSurrogate(unit, at: start)
                    }
                    offset += 2
                    let low = try hex4(escapeAt: start)
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw loneSurrogate(unit, at: start)
                    }
                    return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
                case 0xDC00...0xDFFF:
                    throw loneSurrogate(unit, at: start)
                default:
                    return Unicode.Scalar(unit)!
                }
            default:
                throw error("an unknown escape; in a string a backslash is written \\\\", at: start)
            }
        }

        mutating func hex4(escapeAt start: Int) throws(SyntaxError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard !atEnd, let digit = Self.hexDigit(bytes[offset]) else {
                    throw error("\\u needs four hexadecimal digits, like \\u00e9", at: start)
                }
                value = value << 4 | digit
                offset += 1
            }
            return value
        }

        static func hexDigit(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: nil
            }
        }
    }
}
