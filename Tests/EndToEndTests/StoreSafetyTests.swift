import Foundation
import Testing

/// `doctor`, `backup`, and stores that must not be opened, through the real binary.
@Suite struct StoreSafetyTests {
    @Test func aNamedPipeAsTheStoreIsRefusedAtOnce() throws {
        let directory = try MomentumProcess.scratchDirectory()
        let pipe = directory + "/pipe.sqlite"
        #expect(mkfifo(pipe, 0o600) == 0)
        let result = try MomentumProcess.run(["plans", "--home", directory, "--store", pipe])
        #expect(result.status == 2)
        #expect(result.output == "momentum: \(pipe): is a named pipe (FIFO), not a regular file; a store is a file Momentum can read and write. Pass --store with a file path. Nothing was read from it.\n")
    }

    @Test func doctorSaysAllGoodAndBackupMakesAStoreThatOpens() throws {
        let directory = try MomentumProcess.scratchDirectory()
        #expect(try MomentumProcess.run(["new", "Ship the billing page", "--home", directory], input: "cancel\n").status == 0)
        let doctor = try MomentumProcess.run(["doctor", "--home", directory])
        #expect(doctor.status == 0)
        #expect(doctor.output.contains("Integrity: ok\n"))
        #expect(doctor.output.hasSuffix("All good.\n"))
        let copy = directory + "/copy.sqlite"
        let backup = try MomentumProcess.run(["backup", copy, "--home", directory])
        #expect(backup.status == 0, "\(backup.output)")
        #expect(try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int == 0o600)
        #expect(try MomentumProcess.run(["doctor", "--store", copy]).status == 0)
        let again = try MomentumProcess.run(["backup", copy, "--home", directory])
        #expect(again.status == 1)
        #expect(again.output.contains("\(copy): exists. Name another file, or add --force to replace it."))
        #expect(try MomentumProcess.run(["backup", copy, "--force", "--home", directory]).status == 0)
        let itself = try MomentumProcess.run(["backup", directory + "/momentum.sqlite", "--force", "--home", directory])
        #expect(itself.output.contains("is the store itself"))
    }

    @Test func doctorNamesAForeignDatabaseAndExitsOne() throws {
        let directory = try MomentumProcess.scratchDirectory()
        let store = directory + "/tasks.sqlite"
        #expect(try MomentumProcess.run(["new", "x", "--store", store, "--home", directory], input: "cancel\n").status == 0)
        let sqlite = try Child.run(["/usr/bin/env", "python3", "-c",
            "import sqlite3; c = sqlite3.connect('\(store)'); c.execute('DELETE FROM grdb_migrations'); c.execute('CREATE TABLE tasks (id INTEGER)'); c.commit()"])
        try #require(sqlite.status == 0, "python3 with sqlite3 is needed here: \(sqlite.output)")
        let doctor = try MomentumProcess.run(["doctor", "--store", store])
        #expect(doctor.status == 1)
        #expect(doctor.output.contains("Problem: another program's SQLite database"))
    }
}

/// A script learns from the exit status that its input ended inside a flow; the draft is kept.
@Suite struct EndOfInputTests {
    @Test func inputEndingInsideAFlowKeepsTheDraftAndExitsOne() throws {
        let directory = try MomentumProcess.scratchDirectory()
        let cut = try MomentumProcess.run(["--home", directory], input: "new Ship the billing page\n")
        #expect(cut.status == 1)
        #expect(cut.output.contains("Your draft is kept; type resume next time to continue."))
        #expect(cut.output.contains("momentum: input ended at the why> question; the draft is kept (momentum resume continues it)."))
        let resumed = try MomentumProcess.run(["resume", "--home", directory], input: "cancel\n")
        #expect(resumed.output.contains("Ship the billing page"))
        let command = try MomentumProcess.run(["new", "Ship it", "--home", directory + "/other"], input: "")
        #expect(command.status == 1)
        // Back at their own shell, a person resumes with the command, not the shell's word.
        #expect(command.output.contains("Your draft is kept; run momentum resume next time to continue."), "\(command.output)")
        #expect(!command.output.contains("type resume"))
    }

    @Test func inputEndingAtThePromptExitsZero() throws {
        let directory = try MomentumProcess.scratchDirectory()
        #expect(try MomentumProcess.run(["--home", directory], input: "plans\n").status == 0)
        #expect(try MomentumProcess.run(["--home", directory], input: "new Ship it\ncancel\n").status == 0)
    }
}
