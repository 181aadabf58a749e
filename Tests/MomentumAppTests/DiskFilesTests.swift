import Foundation
import Testing
@testable import MomentumApp

/// Files Momentum writes (`export -o`, `story -o`, `transcript -o`) keep their owner's intent.
@Suite struct DiskFilesTests {
    /// A trial's `story -o ~/garden.html` in the shell looked for a folder named "~".
    @Test(arguments: [("~/garden.html", NSHomeDirectory() + "/garden.html"), ("~", NSHomeDirectory()), ("a~/b", "a~/b"), ("~dana/x", "~dana/x")])
    func aPathFromHomeIsExpanded(path: String, expanded: String) {
        #expect(DiskFiles.expandingHome(path) == expanded)
    }

    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "momentum-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    @Test(arguments: [0o600, 0o640, 0o444])
    func aFileWrittenAgainKeepsItsMode(mode: Int) throws {
        let path = try Self.folder() + "/plan.md"
        FileManager.default.createFile(atPath: path, contents: Data("old".utf8))
        chmod(path, mode_t(mode))
        try DiskFiles.writeAtomically(Data("new".utf8), to: path)
        #expect(try Self.mode(path) == mode)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
    }

    @Test func aNewFileGetsTheModeAnyProgramWouldUnderTheUmask() throws {
        let folder = try Self.folder()
        FileManager.default.createFile(atPath: folder + "/reference", contents: Data())
        try DiskFiles.writeAtomically(Data("x".utf8), to: folder + "/plan.md")
        #expect(try Self.mode(folder + "/plan.md") == Self.mode(folder + "/reference"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["plan.md", "reference"], "no temporary file is left")
    }

    @Test func aSymbolicLinkIsWrittenThroughAndStaysALink() throws {
        let folder = try Self.folder()
        try FileManager.default.createDirectory(atPath: folder + "/real", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder + "/real/plan.md", contents: Data("old".utf8))
        chmod(folder + "/real/plan.md", 0o600)
        try FileManager.default.createSymbolicLink(atPath: folder + "/plan.md", withDestinationPath: "real/plan.md")
        try DiskFiles.writeAtomically(Data("new".utf8), to: folder + "/plan.md")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/plan.md") == "real/plan.md")
        #expect(try String(contentsOfFile: folder + "/real/plan.md", encoding: .utf8) == "new")
        #expect(try Self.mode(folder + "/real/plan.md") == 0o600)
    }

    @Test func aFolderOrAPipeIsNotOverwritten() throws {
        let folder = try Self.folder()
        #expect(mkfifo(folder + "/pipe", 0o600) == 0)
        for path in [folder, folder + "/pipe"] {
            #expect(throws: FileAccessError.self) { try DiskFiles.writeAtomically(Data("x".utf8), to: path) }
        }
        #expect(throws: FileAccessError.self) { try DiskFiles.writeAtomically(Data("x".utf8), to: folder + "/missing/plan.md") }
    }
}
