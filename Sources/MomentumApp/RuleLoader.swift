import Foundation
import MomentumCore

/// The rules in force and everything said while loading them.
public struct LoadedRules: Sendable {
    public var ruleSet: RuleSet
    public var files: [RuleFile]
    /// The labelled phrasing files read (defaults first), for `rules list` and the record.
    public var phrasingFiles: [String] = []
    /// Problems in rule files and phrasing files, located.
    public var phrasingDiagnostics: [RuleDiagnostic] = []
    public var problems: [String]
    /// Whether the shipped defaults are the first layer.
    public var includesDefaults: Bool

    public var diagnostics: [RuleDiagnostic] { files.flatMap(\.diagnostics) + phrasingDiagnostics }
    /// Which rule files were layered, for a session's record ("defaults + ~/…/rules/team.yml").
    public var sourceDescription: String {
        let layers = (includesDefaults ? ["defaults"] : []) + files.dropFirst(includesDefaults ? RuleLoader.defaultFiles.count : 0).map(\.path)
        return layers.isEmpty ? "no rules" : layers.joined(separator: " + ")
    }
}

/// Finds and layers rule files: the shipped defaults (embedded in the binary), then the user's
/// `<home>/rules/*.yml`, then each `--rules PATH`. A later rule with the same id replaces an earlier
/// one; `disable: [ids]` turns rules off. Labelled phrasings (`*.tsv`) are layered the same way:
/// the shipped `rules/phrasings/`, then `.tsv` files in the user's rules folder and in each
/// `--rules` directory (or a `--rules` path to a `.tsv` file).
public enum RuleLoader {
    public static var defaultFiles: [(name: String, text: String)] { embeddedDefaultRuleFiles }
    public static var defaultPhrasingFiles: [(name: String, text: String)] { embeddedDefaultPhrasingFiles }

    public static func load(userDirectory: String?, extraPaths: [String], includeDefaults: Bool = true,
                            encoder: (any SentenceEncoding)? = defaultEncoder) -> LoadedRules {
        var files: [RuleFile] = []
        // The shipped phrasings are read only when a meaning rule first asks (they are checked clean
        // by the test suite); the user's are read now, so their problems are reported at once.
        let shippedPhrasings = includeDefaults ? defaultPhrasingFiles : []
        var phrasingTexts: [(name: String, text: String)] = []
        var problems: [String] = []
        if includeDefaults {
            files += defaultFiles.map { RuleFileParser.parse($0.text, path: $0.name) }
        }
        if let userDirectory, FileManager.default.fileExists(atPath: userDirectory) {
            files += ruleFilePaths(in: userDirectory).map(parseFile)
            phrasingTexts += phrasingFilePaths(in: userDirectory).compactMap(readPhrasingFile)
        }
        for path in extraPaths {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                problems.append("\(path): error: no such rule file or directory")
            } else if isDirectory.boolValue {
                let paths = ruleFilePaths(in: path)
                let phrasingPaths = phrasingFilePaths(in: path)
                if paths.isEmpty, phrasingPaths.isEmpty { problems.append("\(path): error: no .yml rule files in this directory") }
                files += paths.map(parseFile)
                phrasingTexts += phrasingPaths.compactMap(readPhrasingFile)
            } else if path.hasSuffix(".tsv") {
                if let file = readPhrasingFile(path) { phrasingTexts.append(file) } else {
                    problems.append("\(path): error: cannot read this phrasing file as UTF-8 text (check its permissions)")
                }
            } else {
                files.append(parseFile(path))
            }
        }
        let disabled = Set(files.flatMap(\.disabled))
        var userPhrasings: [LabelledPhrasing] = []
        var phrasingDiagnostics: [RuleDiagnostic] = []
        for file in phrasingTexts {
            let parsed = PhrasingFileParser.parse(file.text, path: file.name)
            userPhrasings += parsed.phrasings
            phrasingDiagnostics += parsed.diagnostics
        }
        let layered = userPhrasings
        let meaning = encoder.map { encoder in
            MeaningIndex(encoder: encoder) {
                shippedPhrasings.flatMap { PhrasingFileParser.parse($0.text, path: $0.name).phrasings } + layered
            }
        }
        var loaded = LoadedRules(ruleSet: RuleSet.merging(files.map(\.rules), disabled: disabled, meaning: meaning),
                                 files: files, problems: problems, includesDefaults: includeDefaults)
        loaded.phrasingFiles = shippedPhrasings.map(\.name) + phrasingTexts.map(\.name)
        loaded.phrasingDiagnostics = phrasingDiagnostics
        return loaded
    }

    static func phrasingFilePaths(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".tsv") }.sorted().map { (directory as NSString).appendingPathComponent($0) }
    }

    static func readPhrasingFile(_ path: String) -> (name: String, text: String)? {
        FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }.map { (path, $0) }
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

extension RuleLoader {
    /// The encoder the meaning rules use unless a caller gives another.
    public static var defaultEncoder: (any SentenceEncoding)? { SentenceEncoder.shared }
}
