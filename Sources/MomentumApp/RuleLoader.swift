import Foundation
import MomentumCore

/// The rules in force and everything said while loading them.
public struct LoadedRules: Sendable {
    public var ruleSet: RuleSet
    public var files: [RuleFile]
    public var problems: [String]
    /// Whether the shipped defaults are the first layer.
    public var includesDefaults: Bool

    public var diagnostics: [RuleDiagnostic] { files.flatMap(\.diagnostics) }
    /// Which rule files were layered, for a session's record ("defaults + ~/…/rules/team.yml").
    public var sourceDescription: String {
        let layers = (includesDefaults ? ["defaults"] : []) + files.dropFirst(includesDefaults ? RuleLoader.defaultFiles.count : 0).map(\.path)
        return layers.isEmpty ? "no rules" : layers.joined(separator: " + ")
    }
}

/// Finds and layers rule files: the shipped defaults (embedded in the binary), then the user's
/// `<home>/rules/*.yml`, then each `--rules PATH`. A later rule with the same id replaces an earlier
/// one; `disable: [ids]` turns rules off.
public enum RuleLoader {
    public static var defaultFiles: [(name: String, text: String)] { embeddedDefaultRuleFiles }

    public static func load(userDirectory: String?, extraPaths: [String], includeDefaults: Bool = true) -> LoadedRules {
        var files: [RuleFile] = []
        var problems: [String] = []
        if includeDefaults {
            files += defaultFiles.map { RuleFileParser.parse($0.text, path: $0.name) }
        }
        if let userDirectory, FileManager.default.fileExists(atPath: userDirectory) {
            files += ruleFilePaths(in: userDirectory).map(parseFile)
        }
        for path in extraPaths {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                problems.append("\(path): error: no such rule file or directory")
            } else if isDirectory.boolValue {
                let paths = ruleFilePaths(in: path)
                if paths.isEmpty { problems.append("\(path): error: no .yml rule files in this directory") }
                files += paths.map(parseFile)
            } else {
                files.append(parseFile(path))
            }
        }
        let disabled = Set(files.flatMap(\.disabled))
        return LoadedRules(ruleSet: RuleSet.merging(files.map(\.rules), disabled: disabled), files: files, problems: problems, includesDefaults: includeDefaults)
    }

    static func ruleFilePaths(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted().map { (directory as NSString).appendingPathComponent($0) }
    }

    static func parseFile(_ path: String) -> RuleFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            return RuleFile(path: path, rules: [], disabled: [], diagnostics: [
                RuleDiagnostic(location: SourceLocation(file: path, line: 1, column: 1), message: "cannot read this file (check its permissions)"),
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return RuleFile(path: path, rules: [], disabled: [], diagnostics: [
                RuleDiagnostic(location: SourceLocation(file: path, line: 1, column: 1), message: "not UTF-8 text; a rule file is YAML"),
            ])
        }
        return RuleFileParser.parse(text, path: path)
    }
}
