import Foundation
import Testing
@testable import MomentumApp
@testable import MomentumCore
@testable import MomentumStore

@Suite struct ShellTests {
    @Test func quitInsideAFlowLeavesAndKeepsTheDraft() throws {
        let shell = try ShellFaultTests.scratchShell()
        _ = shell.handle("new")
        _ = shell.handle("Ship the billing page")
        let reply = shell.handle("quit")
        #expect(reply.quit)
        #expect(reply.lines.map(\.text) == ["Your draft is kept; type resume next time to continue. Bye."])
        #expect(try shell.store.draft()?.answers.map(\.value) == ["Ship the billing page"])
    }

    @Test func questionMarkIsHelpInsideAFlow() throws {
        let shell = try ShellFaultTests.scratchShell()
        _ = shell.handle("new")
        #expect(shell.handle("?").lines.first?.text == "A goal names a change in the world you can point at, not an activity.")
    }
}
