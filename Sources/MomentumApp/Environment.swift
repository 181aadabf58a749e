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
        let path = DiskFiles.expandingHome(path)
        try DiskFiles.refuseMissingOrFolder(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileAccessError(path: path, message: "cannot read it (check its permissions)")
        }
        return data
    }

    public func read(_ path: String, inPiecesOf size: Int, _ body: (Data) throws -> Void) throws {
        let path = DiskFiles.expandingHome(path)
        try DiskFiles.refuseMissingOrFolder(path)
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
        try DiskFiles.writeAtomically(data, to: DiskFiles.expandingHome(path))
    }

    /// `~/story.html` typed in the shell, where no login shell expands it (a trial's `-o ~/garden.html`
    /// looked for a folder named `~`).
    static func expandingHome(_ path: String) -> String {
        path == "~" || path.hasPrefix("~/") ? (path as NSString).expandingTildeInPath : path
    }

    static func refuseMissingOrFolder(_ path: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw FileAccessError(path: path, message: "no such file")
        }
        if isFolder.boolValue { throw FileAccessError(path: path, message: "is a folder; name a file in it") }
    }

    /// Writes `data` whole or not at all: to a file beside the target, flushed, then renamed over it.
    /// A file written again keeps its owner's intent: its permissions stay (a 0600 export stays
    /// 0600), a new file gets 0666 less the umask as any program's would, and a symbolic link is
    /// written through — its target gets the data and the link stays a link.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let target = resolvingLinks(path)
        let url = URL(fileURLWithPath: target)
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FileAccessError(path: path, message: "the folder \(folder.path) does not exist; create it, or write elsewhere")
        }
        var existing = stat()
        let keptMode: mode_t? = stat(target, &existing) == 0 ? existing.st_mode & 0o7777 : nil
        if keptMode != nil, existing.st_mode & S_IFMT != S_IFREG {
            throw FileAccessError(path: path, message: "is not a regular file (a folder, a pipe or a device); write to a file")
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
        let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, keptMode ?? 0o666)
        guard fd >= 0 else {
            throw FileAccessError(path: path, message: "cannot write it (\(String(cString: strerror(errno))))")
        }
        func fail(_ reason: String) -> FileAccessError {
            close(fd)
            unlink(temporary)
            return FileAccessError(path: path, message: "cannot write it (\(reason)); it was not changed")
        }
        // The umask applies to a new file's mode; a kept mode is the owner's and is restored whole.
        if let keptMode, fchmod(fd, keptMode) != 0 { throw fail(String(cString: strerror(errno))) }
        let written = data.withUnsafeBytes { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                let count = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 { if errno == EINTR { continue }; return false }
                offset += count
            }
            return true
        }
        guard written, fsync(fd) == 0 else { throw fail(String(cString: strerror(errno))) }
        close(fd)
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw FileAccessError(path: path, message: "cannot write it (\(reason)); it was not changed")
        }
    }

    /// The file a path names, through any symbolic links (relative ones from their own folder).
    static func resolvingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            current = destination.hasPrefix("/") ? destination
                : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(destination).path
        }
        return current
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
