import Foundation
import Testing
@testable import MomentumCore

/// Momentum's own JSON reader: what Foundation's gave for valid text, and each mistake named by
/// its place (`plan.json:line:col`), where Foundation's named some only inside its message.
@Suite struct JSONReaderTests {
    @Test(arguments: [
        ("{\"goal\": \"x\",}", "plan.json:1:14: not valid JSON (expected a key in double quotes)"),
        ("[1 2]", "plan.json:1:4: not valid JSON (expected a comma or ] after a value in a list)"),
        ("{\"version\": 1,\n  \"goal\": \"a\",\n  \"goal\": \"b\"}", "plan.json:3:3: not valid JSON (the key \"goal\" is written twice in one object; keep one)"),
        ("{\"goal\": \"a\tb\"}", "plan.json:1:12: not valid JSON (a control character (U+0009) inside a string; write it as an escape such as \\n)"),
        ("{\"goal\": 07}", "plan.json:1:10: not valid JSON (a number does not start with 0 (write 7, not 07))"),
        ("{\"goal\": \"x\\q\"}", "plan.json:1:12: not valid JSON (an unknown escape; in a string a backslash is written \\\\)"),
        ("{\"goal\": \"x\"} {}", "plan.json:1:15: not valid JSON (unexpected text after the JSON value)"),
        ("{\"goal\": tru}", "plan.json:1:10: not valid JSON (expected a value (a string, a number, an object, a list, true, false or null))"),
        ("", "plan.json:1:1: not valid JSON (the text ends where a value should be)"),
        (String(repeating: "[", count: 600), "plan.json:1:513: not valid JSON (nested more than 512 deep)"),
    ])
    func aMistakeIsNamedByItsPlace(json: String, located: String) {
        do { _ = try PlanJSON.decode(Data(json.utf8)); Issue.record("decoded") } catch {
            #expect(error.described(in: "plan.json").hasPrefix(located), "\(error.described(in: "plan.json"))")
        }
    }

    @Test func bytesThatAreNotUTF8AreNamedByTheirPlace() {
        let data = Data("{\"goal\": \"caf".utf8) + Data([0xE9]) + Data("\"}".utf8)
        do { _ = try PlanJSON.decode(data); Issue.record("decoded") } catch {
            #expect(error.described(in: "plan.json").hasPrefix("plan.json:1:14: not valid JSON (bytes that are not UTF-8 text; save the file as UTF-8)"))
        }
    }

    /// Foundation's reader on Linux dropped U+FEFF at the start of a string; a mark before the
    /// text is an editor's and is skipped.
    @Test func aByteOrderMarkInAStringIsKept() throws {
        let value = try JSONReader.parse(Data([0xEF, 0xBB, 0xBF]) + Data("[\"\u{FEFF}x\", \"\\ufeffy\"]".utf8))
        #expect(value == .array([.string("\u{FEFF}x"), .string("\u{FEFF}y")]))
    }

    @Test func escapesAndSurrogatePairsAreRead() throws {
        #expect(try JSONReader.parse(Data(#"["caf\u00e9 \ud83d\ude00", "a\/b\"\\\n\t"]"#.utf8))
                == .array([.string("café 😀"), .string("a/b\"\\\n\t")]))
        #expect(try JSONReader.parse(Data("[-0, 12, 2.5e3, true, null]".utf8))
                == .array([.number(0, isInteger: true), .number(12, isInteger: true), .number(2500, isInteger: false), .bool(true), .null]))
    }

    /// Whatever Foundation writes, this reads back to the same values (written again, the same bytes).
    @Test func foundationsOutputReadsBackTheSame() throws {
        var generator = SeededGenerator(seed: 7)
        func random(_ depth: Int) -> Any {
            switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &generator) {
            case 0: return Int.random(in: -100_000...100_000, using: &generator)
            case 1: return ["a", "é", "😀", "x\"y\\z\n", "\u{1}", "/", "", "\u{FEFF}b"].randomElement(using: &generator)!
            case 2: return Bool.random(using: &generator)
            case 3: return NSNull()
            case 4: return (0..<Int.random(in: 0...4, using: &generator)).map { _ in random(depth + 1) }
            default: return Dictionary(uniqueKeysWithValues: (0..<Int.random(in: 0...4, using: &generator)).map { ("k\($0)", random(depth + 1)) })
            }
        }
        for _ in 0..<500 {
            let object = random(0)
            let written = try JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed, .sortedKeys])
            let again = try JSONSerialization.data(withJSONObject: try JSONReader.parse(written).foundationValue, options: [.fragmentsAllowed, .sortedKeys])
            #expect(again == written, "\(String(decoding: written, as: UTF8.self))")
        }
    }
}
