import Foundation

// Writes a Swift file holding the given rule files' and labelled phrasing files' texts:
// `EmbedRulesTool OUTPUT INPUT...` (.yml and .yaml are rule files, .tsv phrasing files).
let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: EmbedRulesTool OUTPUT [RULE-FILE...]\n".utf8))
    exit(2)
}
func entries(_ paths: [String], folder: String) throws -> String {
    try paths.map { path in
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var hashes = "#"
        while text.contains("\"" + hashes) || text.contains(hashes + "\"") { hashes += "#" }
        let name = folder + URL(fileURLWithPath: path).lastPathComponent
        return "    (\(String(reflecting: name)), \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)),\n"
    }.joined()
}
let inputs = Array(arguments.dropFirst())
let phrasingFiles = inputs.filter { $0.hasSuffix(".tsv") }
let source = """
// Generated at build time from rules/*.yml and rules/phrasings/*.tsv by the EmbedRules plugin. Do not edit.
/// The shipped default rule files, as (file name, text).
let embeddedDefaultRuleFiles: [(name: String, text: String)] = [
\(try entries(inputs.filter { !$0.hasSuffix(".tsv") }, folder: "rules/"))]
/// The shipped labelled phrasings the meaning rules vote with, as (file name, text).
let embeddedDefaultPhrasingFiles: [(name: String, text: String)] = [
\(try entries(phrasingFiles, folder: "rules/phrasings/"))]

"""
try source.write(toFile: output, atomically: true, encoding: .utf8)
