import Foundation
import MomentumCore

/// The rules in force and everything said while loading them.
public struct LoadedRules: Sendable {
    public var ruleSet: RuleSet
    public var files: [RuleFile]
    /// The labelled phrasing files layered (shipped first), for `rules list` and the record.
    public var phrasingFiles: [String] = []
    /// Problems in the user's labelled phrasing files, located.
    public var phrasingDiagnostics: [RuleDiagnostic] = []
    public var problems: [String]
    /// Whether the shipped defaults are the first layer.
    public var includesDefaults: Bool

    public init(ruleSet: RuleSet, files: [RuleFile], problems: [String], includesDefaults: Bool) {
        self.ruleSet = ruleSet
        self.files = files
        self.problems = problems
        self.includesDefaults = includesDefaults
    }

    public var diagnostics: [RuleDiagnostic] { files.flatMap(\.diagnostics) + phrasingDiagnostics + unknownSuperseded + unknownDisabled }

    /// A `disable:` id that is no rule in any layer turns nothing off: most likely a typo, and
    /// the rule meant stays on.
    var unknownDisabled: [RuleDiagnostic] {
        let ids = files.flatMap(\.rules).map(\.id)
        let known = Set(ids)
        return files.flatMap { file in
            file.disabled.filter { !known.contains($0) }.map { id in
                let meant = Suggestion.closest(to: id, in: ids).map { " (did you mean '\($0)'?)" } ?? ""
                return RuleDiagnostic(location: file.disabledAt[id] ?? SourceLocation(file: file.path, line: 1, column: 1),
                                      message: "'disable' names '\(id)', which is no rule\(meant), so it turns nothing off; rules list shows them")
            }
        }
    }

    /// A `supersedes` that names no rule in force silences nothing: most likely a typo.
    var unknownSuperseded: [RuleDiagnostic] {
        let ids = ruleSet.rules.map(\.id)
        let known = Set(ids + files.flatMap(\.disabled))
        return ruleSet.rules.flatMap { rule in
            rule.supersedes.filter { !known.contains($0) }.map { id in
                let meant = Suggestion.closest(to: id, in: ids).map { " (did you mean '\($0)'?)" } ?? ""
                return RuleDiagnostic(location: rule.location, ruleID: rule.id,
                                      message: "'supersedes' names '\(id)', which is no rule in force\(meant); rules list shows them")
            }
        }
    }
    /// Which rule files were layered, for a session's record ("defaults + ~/…/rules/team.yml").
    public var sourceDescription: String {
        RuleLoader.describe(includesDefaults: includesDefaults,
                            userPaths: files.dropFirst(includesDefaults ? RuleLoader.defaultFiles.count : 0).map(\.path))
    }
}

/// Finds and layers rule files: the shipped defaults (embedded in the binary), then the user's
/// `<home>/rules/*.yml`, then each `--rules PATH`. A later rule with the same id replaces an earlier
/// one; `disable: [ids]` turns rules off. Labelled phrasings (`*.tsv`) are layered the same way:
/// the shipped `rules/phrasings/`, then `.tsv` files in the user's rules folder and in each
/// `--rules` directory (or a `--rules` path to a `.tsv` file).
public enum RuleLoader {
    /// Where a home keeps the meaning rules' fitted readings (`DiskReadingCache`).
    public static func readingCache(home: String) -> DiskReadingCache {
        DiskReadingCache(directory: ((home as NSString).appendingPathComponent("cache") as NSString).appendingPathComponent("readings"))
    }

    public static var defaultFiles: [(name: String, text: String)] { embeddedDefaultRuleFiles }
    public static var defaultPhrasingFiles: [(name: String, text: String)] { embeddedDefaultPhrasingFiles }
    /// The encoder the meaning rules use unless a caller gives another.
    public static var defaultEncoder: (any SentenceEncoding)? { SentenceEncoder.shared }

    public static func load(userDirectory: String?, extraPaths: [String], includeDefaults: Bool = true,
                            encoder: (any SentenceEncoding)? = defaultEncoder, readingCache: (any ReadingCache)? = nil) -> LoadedRules {
        prepare(userDirectory: userDirectory, extraPaths: extraPaths, includeDefaults: includeDefaults, readingCache: readingCache)
            .load(encoder: encoder)
    }

    /// The user's layers, read and parsed now (there are usually none), with the defaults left
    /// for `load()`: parsing them is most of a command's start-up, and most commands check nothing.
    /// `readingCache` keeps the meaning rules' fitted readings between runs (`<home>/cache/readings`).
    public static func prepare(userDirectory: String?, extraPaths: [String], includeDefaults: Bool = true,
                               readingCache: (any ReadingCache)? = nil) -> Prepared {
        var files: [RuleFile] = []
        var phrasingPaths: [String] = []
        var problems: [String] = []
        if let userDirectory, FileManager.default.fileExists(atPath: userDirectory) {
            files += ruleFilePaths(in: userDirectory).map(parseFile)
            phrasingPaths += phrasingFilePaths(in: userDirectory)
        }
        for path in extraPaths {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                problems.append("\(path): error: no such rule file or directory")
            } else if isDirectory.boolValue {
                let paths = ruleFilePaths(in: path)
                let phrasings = phrasingFilePaths(in: path)
                if paths.isEmpty, phrasings.isEmpty { problems.append("\(path): error: no .yml rule files in this directory") }
                files += paths.map(parseFile)
                phrasingPaths += phrasings
            } else if path.hasSuffix(".tsv") {
                phrasingPaths.append(path)
            } else {
                files.append(parseFile(path))
            }
        }
        var phrasings: [LabelledPhrasing] = []
        var phrasingDiagnostics: [RuleDiagnostic] = []
        for path in phrasingPaths {
            guard let text = FileManager.default.contents(atPath: path).flatMap({ String(data: $0, encoding: .utf8) }) else {
                problems.append("\(path): error: cannot read this phrasing file as UTF-8 text (check its permissions)")
                continue
            }
            let parsed = PhrasingFileParser.parse(text, path: path)
            phrasings += parsed.phrasings
            phrasingDiagnostics += parsed.diagnostics
        }
        return Prepared(userFiles: files, userPhrasings: phrasings, userPhrasingFiles: phrasingPaths,
                        phrasingDiagnostics: phrasingDiagnostics, problems: problems, includesDefaults: includeDefaults,
                        readingCache: readingCache)
    }

    /// Rule layers found but not yet merged with the defaults.
    public struct Prepared: Sendable {
        public var userFiles: [RuleFile]
        public var userPhrasings: [LabelledPhrasing]
        public var userPhrasingFiles: [String]
        public var phrasingDiagnostics: [RuleDiagnostic]
        public var problems: [String]
        public var includesDefaults: Bool
        public var readingCache: (any ReadingCache)? = nil

        /// Problems in the user's layers. The shipped defaults have none: `make test` lints them.
        public var userProblemCount: Int { userFiles.flatMap(\.diagnostics).count + phrasingDiagnostics.count + problems.count }

        public var sourceDescription: String { RuleLoader.describe(includesDefaults: includesDefaults, userPaths: userFiles.map(\.path)) }

        /// The rules merged; the shipped phrasings are parsed only when a meaning rule first asks.
        public func load(encoder: (any SentenceEncoding)? = RuleLoader.defaultEncoder) -> LoadedRules {
            let files = (includesDefaults ? RuleLoader.defaultFiles.map { RuleFileParser.parse($0.text, path: $0.name) } : []) + userFiles
            let disabled = Set(files.flatMap(\.disabled))
            let shipped = includesDefaults ? RuleLoader.defaultPhrasingFiles : []
            let layered = userPhrasings
            let meaning = encoder.map { encoder in
                MeaningIndex(encoder: encoder, cache: readingCache) {
                    shipped.flatMap { PhrasingFileParser.parse($0.text, path: $0.name).phrasings } + layered
                }
            }
            let ruleSet = RuleSet.merging(files.map(\.rules), disabled: disabled, meaning: meaning,
                                          shippedLayers: includesDefaults ? RuleLoader.defaultFiles.count : 0)
            var loaded = LoadedRules(ruleSet: ruleSet, files: files,
                                     problems: problems, includesDefaults: includesDefaults)
            loaded.phrasingFiles = shipped.map(\.name) + userPhrasingFiles
            loaded.phrasingDiagnostics = phrasingDiagnostics
            return loaded
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

    static func phrasingFilePaths(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".tsv") }.sorted().map { (directory as NSString).appendingPathComponent($0) }
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
