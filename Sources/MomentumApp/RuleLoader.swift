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
        RuleLoader.describe(includesDefaults: includesDefaults,
                            userPaths: files.dropFirst(includesDefaults ? RuleLoader.defaultFiles.count : 0).map(\.path))
    }
}

/// Finds and layers rule files: the shipped defaults (embedded in the binary), then the user's
/// `<home>/rules/*.yml`, then each `--rules PATH`. A later rule with the same id replaces an earlier
/// one; `disable: [ids]` turns rules off.
public enum RuleLoader {
    public static var defaultFiles: [(name: String, text: String)] { embeddedDefaultRuleFiles }

    public static func load(userDirectory: String?, extraPaths: [String], includeDefaults: Bool = true) -> LoadedRules {
        prepare(userDirectory: userDirectory, extraPaths: extraPaths, includeDefaults: includeDefaults).load()
    }

    /// The user's layers, read and parsed now (there are usually none), with the defaults left
    /// for `load()`: parsing them is most of a command's start-up, and most commands check nothing.
    public static func prepare(userDirectory: String?, extraPaths: [String], includeDefaults: Bool = true) -> Prepared {
        var files: [RuleFile] = []
        var problems: [String] = []
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
        return Prepared(userFiles: files, problems: problems, includesDefaults: includeDefaults)
    }

    /// Rule layers found but not yet merged with the defaults.
    public struct Prepared: Sendable {
        public var userFiles: [RuleFile]
        public var problems: [String]
        public var includesDefaults: Bool

        /// Problems in the user's layers. The shipped defaults have none: `make test` lints them.
        public var userProblemCount: Int { userFiles.flatMap(\.diagnostics).count + problems.count }

        public var sourceDescription: String { RuleLoader.describe(includesDefaults: includesDefaults, userPaths: userFiles.map(\.path)) }

        public func load() -> LoadedRules {
            let files = (includesDefaults ? RuleLoader.defaultFiles.map { RuleFileParser.parse($0.text, path: $0.name) } : []) + userFiles
            let disabled = Set(files.flatMap(\.disabled))
            return LoadedRules(ruleSet: RuleSet.merging(files.map(\.rules), disabled: disabled), files: files, problems: problems,
                               includesDefaults: includesDefaults)
        }
    }

    static func describe(includesDefaults: Bool, userPaths: [String]) -> String {
        let layers = (includesDefaults ? ["defaults"] : []) + userPaths
        return layers.isEmpty ? "no rules" : layers.joined(separator: " + ")
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
