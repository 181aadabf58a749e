import CSpawn
import Foundation
import Glibc

/// A child process spawned with `posix_spawn` and waited for by its pid, with a deadline.
///
/// Not Foundation's `Process`: on Linux it learns that a child ended through a socket the child
/// inherits, and tmux's client forks the tmux server, which keeps that socket. The test that
/// happened to start the server then waited in `waitUntilExit` for as long as the server lived,
/// which was forever, and CI ran out of time (swift-corelibs-foundation issue 4795). Here every
/// descriptor above standard error is closed in the child, and no wait is unbounded.
final class Child {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let pid: pid_t
    let command: [String]
    /// The write end of the child's standard input, while it is kept open.
    private var inputWriter: FileHandle?
    private var exitStatus: Int32?

    enum Input {
        case nothing
        /// Written to a file the child reads, so the input is complete and ends.
        case text(String)
        /// Written to a pipe that stays open, as a person at the keyboard who has not finished;
        /// at most the pipe's buffer (64 KiB), as the write happens before the child reads.
        case textKeptOpen(String)
    }

    /// `output` is a file for standard output and standard error, or nil to discard them.
    init(_ command: [String], environment: [String: String]? = nil, input: Input = .nothing, output: String? = nil) throws {
        self.command = command
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }

        var pipeEnds: [Int32] = [-1, -1]
        var inputFile: String?
        switch input {
        case .nothing:
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .text(let text):
            let path = NSTemporaryDirectory() + "momentum-input-\(UUID().uuidString)"
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
            inputFile = path
        case .textKeptOpen:
            guard pipe(&pipeEnds) == 0 else { throw Failure(description: "pipe: \(String(cString: strerror(errno)))") }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)

        let environment = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var argv = command.map { strdup($0) } + [nil]
        var envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        var spawned = posix_spawnp(&pid, command[0], &actions, nil, &argv, &envp)
        // A binary the test has just copied is briefly still open for writing in a child another
        // test thread forked meanwhile (it holds the descriptor until its exec): wait that out.
        for _ in 0..<50 where spawned == ETXTBSY {
            usleep(20_000)
            spawned = posix_spawnp(&pid, command[0], &actions, nil, &argv, &envp)
        }
        // The child has opened its input by the time posix_spawn returns.
        if let inputFile { try? FileManager.default.removeItem(atPath: inputFile) }
        guard spawned == 0 else { throw Failure(description: "cannot start \(command[0]): \(String(cString: strerror(spawned)))") }
        self.pid = pid

        if case .textKeptOpen(let text) = input {
            close(pipeEnds[0])
            let writer = FileHandle(fileDescriptor: pipeEnds[1], closeOnDealloc: true)
            inputWriter = writer
            try writer.write(contentsOf: Data(text.utf8))
        }
    }

    func kill(_ signal: Int32 = SIGKILL) {
        _ = Glibc.kill(pid, signal)
    }

    /// The exit status (128 + the signal when a signal ended it); a child still running after
    /// `timeout` seconds is killed and reported.
    @discardableResult
    func wait(timeout: TimeInterval = 120) throws -> Int32 {
        if let exitStatus { return exitStatus }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped == -1 && errno != EINTR { throw Failure(description: "waitpid: \(String(cString: strerror(errno)))") }
            if Date() > deadline {
                kill()
                _ = waitpid(pid, &status, 0)
                throw Failure(description: "\(command.joined(separator: " ")) did not end within \(Int(timeout)) s; killed")
            }
            usleep(5_000)
        }
        inputWriter = nil
        let signal = status & 0x7f
        let result = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        exitStatus = result
        return result
    }

    /// Runs `command` to its end: its exit status and everything it printed.
    static func run(_ command: [String], environment: [String: String]? = nil, input: String? = nil,
                    timeout: TimeInterval = 120) throws -> (status: Int32, output: String) {
        let outputPath = NSTemporaryDirectory() + "momentum-output-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let child = try Child(command, environment: environment, input: input.map { .text($0) } ?? .nothing, output: outputPath)
        let status = try child.wait(timeout: timeout)
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        return (status, String(decoding: data, as: UTF8.self))
    }
}

/// The real momentum binary, run as a person or a script runs it.
enum MomentumProcess {
    static func run(_ arguments: [String], binary: String = TerminalTests.binary, environment: [String: String]? = nil,
                    input: String? = nil) throws -> (status: Int32, output: String) {
        try Child.run([binary] + arguments, environment: environment, input: input)
    }

    /// Starts the binary with `input` on its standard input, output discarded. With `keepInputOpen`
    /// the shell waits for more, as a person at the keyboard would, until it is killed.
    static func start(_ arguments: [String], input: String, keepInputOpen: Bool = false) throws -> Child {
        try Child([TerminalTests.binary] + arguments, input: keepInputOpen ? .textKeptOpen(input) : .text(input))
    }

    static func scratchDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "momentum-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
