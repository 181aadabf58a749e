import Foundation
import Testing

/// `make install` into a scratch DESTDIR: a binary that runs, a man page, completions that
/// complete; `make uninstall` takes them all away.
@Suite struct InstallTests {
    static let manualTool = TerminalTests.root + "/.build/debug/generate-manual"
    static let ready = ConsumerTests.tool("make") != nil && ConsumerTests.tool("bash") != nil
        && FileManager.default.isExecutableFile(atPath: manualTool)

    @Test(.enabled(if: ready, "needs make, bash and swift-argument-parser's generate-manual (make test builds it: swift build --product generate-manual)"))
    func installGivesABinaryAManPageAndCompletionsThatComplete() throws {
        let stage = try MomentumProcess.scratchDirectory()
        let make = ["make", "-s", "-C", TerminalTests.root, "DESTDIR=\(stage)", "PREFIX=/opt/momentum",
                    "BINARY=\(TerminalTests.binary)", "POSTGRES_BINARY=\(TerminalTests.binary)-postgres", "MANUAL_TOOL=\(Self.manualTool)"]
        let installed = try Child.run(make + ["install-files"], timeout: 300)
        #expect(installed.status == 0, "\(installed.output)")
        let prefix = stage + "/opt/momentum"

        let listed = try MomentumProcess.run(["rules", "list", "--home", stage + "/home"], binary: prefix + "/bin/momentum")
        #expect(listed.status == 0 && listed.output.contains("vanity-audience-size"), "\(listed.output)")

        // A server's store is momentum-postgres's to open: the installed momentum hands it over
        // (the refused connection is its PostgreSQL client speaking), and a copy alone says what is missing.
        let server = ["doctor", "--home", stage + "/home", "--store", "postgres://ada:secret@127.0.0.1:1/team"]
        let handedOver = try MomentumProcess.run(server, binary: prefix + "/bin/momentum")
        #expect(handedOver.status == 1 && handedOver.output.contains("cannot reach the PostgreSQL server at 127.0.0.1:1"), "\(handedOver.output)")
        let alone = try MomentumProcess.scratchDirectory()
        try FileManager.default.copyItem(atPath: prefix + "/bin/momentum", toPath: alone + "/momentum")
        let refused = try MomentumProcess.run(["plans"] + server.dropFirst(), binary: alone + "/momentum")
        #expect(refused.status == 2, "\(refused.output)")
        #expect(refused.output.contains("postgres://ada@127.0.0.1:1/team: this momentum opens SQLite stores only; a PostgreSQL store needs momentum-postgres beside it"), "\(refused.output)")
        #expect(!refused.output.contains("secret"))

        let manual = try String(contentsOfFile: prefix + "/share/man/man1/momentum.1", encoding: .utf8)
        #expect(manual.contains(".Dt MOMENTUM 1") && manual.contains(".Nm momentum"))
        #expect(manual.contains("import"), "every subcommand is in the manual")
        for file in ["share/zsh/site-functions/_momentum", "share/fish/vendor_completions.d/momentum.fish"] {
            let text = try String(contentsOfFile: prefix + "/" + file, encoding: .utf8)
            #expect(text.contains("momentum") && text.contains("unstick"), "\(file)")
        }

        // What bash does on `momentum sh<Tab>`: call the completion function the script registers.
        let script = """
            source \(prefix)/share/bash-completion/completions/momentum
            complete -p momentum
            COMP_WORDS=(momentum sh); COMP_CWORD=1; COMP_LINE="momentum sh"; COMP_POINT=${#COMP_LINE}
            _momentum momentum sh momentum
            printf 'reply: %s\\n' "${COMPREPLY[@]}"
            """
        let environment = ProcessInfo.processInfo.environment.merging(["PATH": prefix + "/bin:/usr/bin:/bin"]) { $1 }
        let completed = try Child.run(["bash", "--norc", "--noprofile", "-c", script], environment: environment)
        #expect(completed.status == 0, "\(completed.output)")
        #expect(completed.output.contains("complete -o filenames -F _momentum momentum"), "\(completed.output)")
        let replies = completed.output.split(separator: "\n").filter { $0.hasPrefix("reply: ") }.map { $0.dropFirst(7) }
        #expect(replies.sorted() == ["shell", "show"], "\(completed.output)")

        let removed = try Child.run(make + ["uninstall"])
        #expect(removed.status == 0, "\(removed.output)")
        let left = FileManager.default.enumerator(atPath: prefix)?.compactMap { $0 as? String }.filter {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: prefix + "/" + $0, isDirectory: &isDirectory)
            return !isDirectory.boolValue
        }
        #expect(left == [], "uninstall leaves \(left ?? [])")
    }
}
