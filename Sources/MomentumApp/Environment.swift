import Foundation

/// What the shell needs from the outside world, passed in so a replay can give it a fixed clock and
/// a scratch file system.
public struct ShellEnvironment: Sendable {
    public var now: @Sendable () -> Date
    public var timeZone: TimeZone
    public var files: any FileAccess

    public init(now: @escaping @Sendable () -> Date, timeZone: TimeZone, files: any FileAccess) {
        self.now = now
        self.timeZone = timeZone
        self.files = files
    }

    public var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}

public protocol FileAccess: Sendable {
    func read(_ path: String) throws -> Data
    /// The file a piece at a time, for files too large to hold (an import of 100,000 plans).
    func read(_ path: String, inPiecesOf size: Int, _ body: (Data) throws -> Void) throws
    /// Writes whole or not at all.
    func write(_ data: Data, to path: String) throws
}

extension FileAccess {
    public func read(_ path: String, inPiecesOf size: Int, _ body: (Data) throws -> Void) throws {
        try body(try read(path))
    }
}

public struct FileAccessError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

/// The real disk. Writes go to a temporary file in the same directory, then a rename, so a file is
/// never left half-written.
public struct DiskFiles: FileAccess {
    public init() {}

    public func read(_ path: String) throws -> Data {
        guard FileManager.default.fileExists(atPath: path) else {
            throw FileAccessError(path: path, message: "no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileAccessError(path: path, message: "cannot read it (check its permissions)")
        }
        return data
    }

    public func read(_ path: String, inPiecesOf size: Int, _ body: (Data) throws -> Void) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw FileAccessError(path: path, message: "no such file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileAccessError(path: path, message: "cannot read it (check its permissions)")
        }
        defer { try? handle.close() }
        while true {
            let piece: Data
            do { piece = try handle.read(upToCount: size) ?? Data() } catch {
                throw FileAccessError(path: path, message: "cannot read it (\((error as NSError).localizedDescription))")
            }
            if piece.isEmpty { return }
            try body(piece)
        }
    }

    public func write(_ data: Data, to path: String) throws {
        try DiskFiles.writeAtomically(data, to: path)
    }

    public static func writeAtomically(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FileAccessError(path: path, message: "the folder \(folder.path) does not exist; create it, or write elsewhere")
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            try data.write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw FileAccessError(path: path, message: "cannot write it (\(reason))")
            }
        } catch let error as FileAccessError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw FileAccessError(path: path, message: "cannot write it (\((error as NSError).localizedDescription))")
        }
    }
}

/// Files in memory: what a replay writes stays in the replay. With `readingFrom`, a relative path
/// not written yet is read from that folder (a transcript's fixtures), never written there.
public final class ScratchFiles: FileAccess, @unchecked Sendable {
    private let lock = NSLock()
    private var files: [String: Data]
    private let folder: String?

    public init(_ files: [String: Data] = [:], readingFrom folder: String? = nil) {
        self.files = files
        self.folder = folder
    }

    public func read(_ path: String) throws -> Data {
        let written = lock.withLock { files[path] }
        if let written { return written }
        guard let folder, !path.hasPrefix("/") else { throw FileAccessError(path: path, message: "no such file") }
        do {
            return try DiskFiles().read((folder as NSString).appendingPathComponent(path))
        } catch let error as FileAccessError {
            // Named as the session typed it, so the replay reads the same wherever it runs.
            throw FileAccessError(path: path, message: error.message)
        }
    }

    public func write(_ data: Data, to path: String) throws {
        lock.withLock { files[path] = data }
    }
}
