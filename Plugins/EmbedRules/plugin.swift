import Foundation
import PackagePlugin

/// Embeds the shipped `rules/*.yml` and the labelled phrasings `rules/phrasings/*.tsv` into the
/// target that uses this plugin, so a binary copied anywhere still carries its default rules.
@main
struct EmbedRules: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let rulesDirectory = context.package.directoryURL.appending(path: "rules")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: rulesDirectory.path())) ?? []
        let phrasingsDirectory = rulesDirectory.appending(path: "phrasings")
        let phrasingNames = (try? FileManager.default.contentsOfDirectory(atPath: phrasingsDirectory.path())) ?? []
        let inputs = names.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted().map { rulesDirectory.appending(path: $0) }
            + phrasingNames.filter { $0.hasSuffix(".tsv") }.sorted().map { phrasingsDirectory.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "DefaultRules.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) default rule and phrasing files",
                executable: try context.tool(named: "EmbedRulesTool").url,
                arguments: [output.path()] + inputs.map { $0.path() },
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }
}
