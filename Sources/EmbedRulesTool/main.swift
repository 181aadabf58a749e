import Foundation

// Writes a Swift file holding the given rule files' texts: `EmbedRulesTool OUTPUT INPUT...`.
let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: EmbedRulesTool OUTPUT [RULE-FILE...]\n".utf8))
    exit(2)
}
var source = """
// Generated at build time from rules/*.yml by the EmbedRules plugin. Do not edit.
/// The shipped default rule files, as (file name, text).
let embeddedDefaultRuleFiles: [(name: String, text: String)] = [

"""
for path in arguments.dropFirst() {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var hashes = "#"
    while text.contains("\"" + hashes) || text.contains(hashes + "\"") { hashes += "#" }
    let name = URL(fileURLWithPath: path).lastPathComponent
    source += "    (\(String(reflecting: "rules/" + name)), \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)),\n"
}
source += "]\n"
try source.write(toFile: output, atomically: true, encoding: .utf8)
