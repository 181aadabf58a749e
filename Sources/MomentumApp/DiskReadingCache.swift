import Foundation
import MomentumCore

/// Keeps fitted readings as files in one folder (`<home>/cache/readings` by default), one per field:
/// storing a field's reading removes that field's older ones, so the folder holds what the rules in
/// force use and never grows past one file per field. Every failure is silent (a folder that cannot
/// be made, a full disk, a file another process is writing): a cache that fails costs a refit, and
/// nothing a command saves depends on it. Files are written whole and renamed into place, so a
/// reader never sees half of one.
public struct DiskReadingCache: ReadingCache {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    private static let suffix = ".reading"

    private func path(of key: String) -> String {
        (directory as NSString).appendingPathComponent(key + Self.suffix)
    }

    public func bytes(forKey key: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path(of: key)).map { [UInt8]($0) }
    }

    public func store(_ bytes: [UInt8], forKey key: String) {
        let manager = FileManager.default
        guard (try? manager.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else { return }
        let temporary = (directory as NSString).appendingPathComponent(".\(key).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard manager.createFile(atPath: temporary, contents: Data(bytes)) else { return }
        guard rename(temporary, path(of: key)) == 0 else {
            try? manager.removeItem(atPath: temporary)
            return
        }
        let field = key.prefix { $0 != "-" } + "-"
        for name in (try? manager.contentsOfDirectory(atPath: directory)) ?? []
        where name.hasPrefix(field) && name.hasSuffix(Self.suffix) && name != key + Self.suffix {
            try? manager.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
        }
    }
}
