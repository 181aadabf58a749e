import Foundation
import MomentumStore

/// How a run reaches a team's store on a PostgreSQL server (docs/store.md).
///
/// `momentum` itself carries no PostgreSQL client: linked in, PostgresNIO and BoringSSL made every
/// start-up map and relocate megabytes that a SQLite user never runs (RSS at the first prompt 20 → 26 MB,
/// docs/BENCHMARKS.md). A server's URL hands the whole run to `momentum-postgres`, the same
/// commands with the client, installed beside it: git keeps libcurl out of git the same way, in
/// `git-remote-https`.
public protocol ServerStores: Sendable {
    /// Opens the store at `url` for `person`, or hands the run on and does not return.
    func open(_ url: String, as person: String) throws -> any PlanStore
    /// What `doctor` prints about the server's store; throws the problem.
    func examine(_ url: String, as person: String) throws -> [String]
    /// A server store's name without its password; nil for a store of another kind.
    func displayName(of store: any PlanStore) -> String?
}

/// `momentum`'s way: execs `momentum-postgres` from the same folder with the same arguments, before
/// the run has printed or changed anything.
public struct HandOffToPostgresBinary: ServerStores {
    public static let binaryName = "momentum-postgres"

    public init() {}

    public func open(_ url: String, as person: String) throws -> any PlanStore {
        try handOff(url)
    }

    public func examine(_ url: String, as person: String) throws -> [String] {
        try handOff(url)
    }

    public func displayName(of store: any PlanStore) -> String? { nil }

    private func handOff(_ url: String) throws -> Never {
        let folder = ((Self.ownPath() ?? CommandLine.arguments[0]) as NSString).deletingLastPathComponent
        let helper = (folder as NSString).appendingPathComponent(Self.binaryName)
        let arguments = [helper] + CommandLine.arguments.dropFirst()
        fflush(nil)
        var pointers = arguments.map { strdup($0) } + [nil]
        execv(helper, &pointers)
        let reason = String(cString: strerror(errno))
        throw StoreError(path: ServerURL.withoutPassword(url), message: """
            this momentum opens SQLite stores only; a PostgreSQL store needs \(Self.binaryName) beside it, \
            and \(helper) could not be run (\(reason)). Install both with make install, or pass --store with a SQLite file.
            """)
    }

    /// The running executable, through symbolic links (an installed link still finds its folder).
    static func ownPath() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The server support this executable was built with; `main.swift` sets it before anything runs.
nonisolated(unsafe) var serverStores: any ServerStores = HandOffToPostgresBinary()
