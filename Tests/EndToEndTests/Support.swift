import Foundation

/// Runs the real binary to completion: exit status and everything it printed (stdout and stderr).
enum MomentumProcess {
    /// `input` is piped to standard input from another thread, so a large input cannot deadlock
    /// against the output pipe.
    static func run(_ arguments: [String], binary: String = TerminalTests.binary, environment: [String: String]? = nil,
                    input: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            Thread {
                stdin.fileHandleForWriting.write(Data(input.utf8))
                try? stdin.fileHandleForWriting.close()
            }.start()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Starts the binary with `input` on its standard input, output discarded. With `keepInputOpen`
    /// the shell waits for more, as a person at the keyboard would, until it is killed.
    static func start(_ arguments: [String], input: String, keepInputOpen: Bool = false) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TerminalTests.binary)
        process.arguments = arguments
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        if !keepInputOpen { try stdin.fileHandleForWriting.close() }
        return process
    }

    static func scratchDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "momentum-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
