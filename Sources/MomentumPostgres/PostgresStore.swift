import Foundation
import MomentumCore
import MomentumStore
import PostgresNIO
import Synchronization

/// A team's store on a PostgreSQL server: the same `PlanStore` as the SQLite file, shared by
/// several people. One connection per process, on one event-loop thread of its own; every call
/// waits for its result on the caller's thread (`EventLoopFuture.wait()`), which is never that
/// event loop, so the synchronous shell and commands need no change. Every change is one
/// transaction, and a change to a plan first locks that plan's row, so two people marking the
/// same plan at once are serialized rather than one overwriting the other.
public final class PostgresStore: PlanStore {
    public let location: PostgresLocation
    /// Who this shell works for (`--as`): recorded on wins, reviews and changes; drafts and undo are theirs.
    public let person: String
    /// Replaced when the server ended it (a restart, an idle timeout): see `transaction`. Read and
    /// replaced only while holding `turn`.
    nonisolated(unsafe) private var connection: PostgresConnection
    private let group: MultiThreadedEventLoopGroup
    let logger: Logger
    /// One transaction at a time on the one connection.
    private let turn = NSLock()
    /// The draft this process works on, held by a session-level advisory lock the server frees
    /// when the connection ends, however the process ends.
    let heldDraft = Mutex<Int64?>(nil)

    private init(location: PostgresLocation, person: String, connection: PostgresConnection,
                 group: MultiThreadedEventLoopGroup, logger: Logger) {
        self.location = location
        self.person = person
        self.connection = connection
        self.group = group
        self.logger = logger
    }

    deinit {
        try? connection.close().wait()
        try? group.syncShutdownGracefully()
    }

    /// Connects, and brings the schema up to date (creating it in an empty database), refusing a
    /// database another program's tables already use or one a newer Momentum wrote.
    public static func open(_ location: PostgresLocation, as person: String) throws -> PostgresStore {
        var logger = Logger(label: "momentum.postgres")
        logger.logLevel = .critical
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let connection: PostgresConnection
        do {
            connection = try connect(location, on: group, logger: logger)
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
        let store = PostgresStore(location: location, person: person, connection: connection, group: group, logger: logger)
        try PostgresSchema.prepare(store)
        return store
    }

    private static func connect(_ location: PostgresLocation, on group: MultiThreadedEventLoopGroup, logger: Logger) throws -> PostgresConnection {
        do {
            return try PostgresConnection.connect(on: group.next(), configuration: try configuration(location), id: 1, logger: logger).wait()
        } catch {
            throw connectionError(error, location)
        }
    }

    static func configuration(_ location: PostgresLocation) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let directory = location.socketDirectory {
            configuration = .init(unixSocketPath: (directory as NSString).appendingPathComponent(".s.PGSQL.\(location.port)"),
                                  username: location.user, password: location.password, database: location.database)
        } else {
            configuration = .init(host: location.host, port: location.port, username: location.user,
                                  password: location.password, database: location.database, tls: try tls(location))
        }
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    private static func tls(_ location: PostgresLocation) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch location.tls {
        case .disable: return .disable
        case .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        do {
            let context = try NIOSSLContext(configuration: tls)
            return location.tls == .prefer ? .prefer(context) : .require(context)
        } catch {
            throw StoreError(path: location.description, message: "cannot set up TLS (\(error)). Try sslmode=disable on a trusted network.")
        }
    }

    /// What went wrong when connecting, said with the server, the database and what to do.
    static func connectionError(_ error: Error, _ location: PostgresLocation) -> StoreError {
        let server = location.socketDirectory.map { "the socket in \($0) (port \(location.port))" } ?? "\(location.host):\(location.port)"
        let nothing = "Nothing was changed."
        guard let error = error as? PSQLError else {
            return StoreError(path: location.description, message: "cannot reach the PostgreSQL server at \(server) (\(error)). Check that it runs and listens there (pg_isready -h \(location.host) -p \(location.port)), or pass --store with another URL. \(nothing)")
        }
        if let tls = error.underlying as? NIOSSLError {
            return StoreError(path: location.description, message: "the TLS handshake with \(server) failed (\(tls)). With sslmode=\(location.tls.rawValue) its certificate must be signed by a root this system trusts\(location.tls == .verifyFull ? " and name \(location.host)" : ""); sslmode=require encrypts without checking it. \(nothing)")
        }
        switch (error.code, error.serverInfo?[.sqlState]) {
        case (.server, "28P01"):
            return StoreError(path: location.description, message: "the server at \(server) refused the password of user \(location.user) for database \(location.database). Check the password (in the URL, PGPASSWORD or ~/.pgpass). \(nothing)")
        case (.server, "3D000"):
            return StoreError(path: location.description, message: "there is no database \(location.database) on \(server). Create it (createdb -h \(location.host) -p \(location.port) -U \(location.user) \(location.database)), or name another in --store. \(nothing)")
        case (.server, "28000"):
            let message = error.serverInfo?[.message] ?? "no entry in pg_hba.conf"
            let unencrypted = message.hasSuffix("no encryption") ? " It accepts only TLS: use sslmode=prefer or require." : ""
            return StoreError(path: location.description, message: "the server at \(server) does not let user \(location.user) into database \(location.database) from here (\(message)).\(unencrypted) Ask whoever runs it to allow this host and user. \(nothing)")
        case (.connectionError, _):
            return StoreError(path: location.description, message: "cannot reach the PostgreSQL server at \(server) (\(connectReason(error.underlying))). Check that it runs and listens there (pg_isready -h \(location.host) -p \(location.port)), or pass --store with another URL. \(nothing)")
        case (.authMechanismRequiresPassword, _):
            return StoreError(path: location.description, message: "the server at \(server) asks a password of user \(location.user); none was given. Put it in the URL, PGPASSWORD or ~/.pgpass. \(nothing)")
        case (.sslUnsupported, _):
            return StoreError(path: location.description, message: "the server at \(server) does not offer TLS, and sslmode=\(location.tls.rawValue) asks for it. Turn on ssl in its postgresql.conf, or use sslmode=prefer. \(nothing)")
        default:
            return StoreError(path: location.description, message: "cannot use the PostgreSQL server at \(server) (\(reason(error))). Check that it runs and listens there (pg_isready -h \(location.host) -p \(location.port)), or pass --store with another URL. \(nothing)")
        }
    }

    /// An error of the server or the connection, as opposed to one `body` threw (a conflict, a
    /// mistake in an imported file), which is passed on as it is.
    static func isServerError(_ error: Error) -> Bool {
        error is PSQLError || error is ChannelError || error is IOError || error is ConnectionLost
    }

    /// The connection ended while a query waited for its answer.
    struct ConnectionLost: Error, CustomStringConvertible {
        var description: String { "the connection to the server was lost; the next command connects again" }
    }

    /// Why no connection was made, in the system's words ("Connection refused", "timed out").
    private static func connectReason(_ underlying: (any Error)?) -> String {
        switch underlying {
        case let failure as NIOConnectionError:
            if let io = failure.connectionErrors.first?.error as? IOError { return String(cString: strerror(io.errnoCode)) }
            if failure.dnsAError != nil || failure.dnsAAAAError != nil { return "the host name \(failure.host) is not known" }
            return "\(failure)"
        case let io as IOError: return String(cString: strerror(io.errnoCode))
        case let channel as ChannelError:
            if case .connectTimeout(let wait) = channel { return "no answer within \(wait.nanoseconds / 1_000_000_000) seconds" }
            return "\(channel)"
        case let other?: return "\(other)"
        case nil: return "no connection"
        }
    }

    /// The server's own words when it has some, else the client's error with its cause.
    static func reason(_ error: Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }

    /// Whether the server has ended the connection (the next command connects again).
    var connectionIsClosed: Bool { turn.withLock { connection.isClosed } }

    /// For `doctor`: the version of the schema the database holds.
    public func schemaVersion() throws -> Int {
        try PostgresSchema.currentVersion(self)
    }

    /// For `doctor`: the server's version, as it reports it.
    public func serverVersion() throws -> String {
        try read { try $0.value("SHOW server_version", as: String.self) ?? "?" }
    }

    // MARK: Transactions

    /// Runs `body` as one transaction: committed whole, or rolled back with nothing changed. The
    /// server's errors become a StoreError that says nothing was saved.
    func write<T>(_ body: (PostgresTransaction) throws -> T) throws -> T {
        do {
            return try transaction("BEGIN", body)
        } catch where !PostgresStore.isServerError(error) {
            throw error
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42501" {
            throw StoreError(path: location.description, message: "user \(location.user) may not change database \(location.database) (\(PostgresStore.reason(error))). Ask its owner to grant it (GRANT CREATE, USAGE ON SCHEMA public TO \(location.user), and rights on Momentum's tables). Nothing was changed.")
        } catch {
            throw StoreError(path: location.description, message: "could not save (\(PostgresStore.reason(error))); nothing was changed. Your draft is kept.")
        }
    }

    /// Several reads that see one moment of the store, whatever others commit meanwhile.
    func read<T>(_ body: (PostgresTransaction) throws -> T) throws -> T {
        do {
            return try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
        } catch where !PostgresStore.isServerError(error) {
            throw error
        } catch {
            throw StoreError(path: location.description, message: "could not read the store (\(PostgresStore.reason(error))). Check that the server at \(location.host):\(location.port) is up.")
        }
    }

    private func transaction<T>(_ begin: String, _ body: (PostgresTransaction) throws -> T) throws -> T {
        try turn.withLock {
            if connection.isClosed { try reconnect() }
            let transaction = PostgresTransaction(connection: connection, logger: logger)
            try transaction.execute(PostgresQuery(unsafeSQL: begin))
            do {
                let value = try body(transaction)
                try transaction.execute("COMMIT")
                return value
            } catch {
                try? transaction.execute("ROLLBACK")
                throw error
            }
        }
    }
}

extension PostgresStore {
    /// A shell stays open for hours, the server does not always: after a restart the next command
    /// connects again instead of failing (or, as PostgresNIO left it, waiting forever). The draft
    /// this shell held is taken again; if another shell took it meanwhile, it is theirs now.
    /// Called inside `turn`.
    private func reconnect() throws {
        try? connection.close().wait()
        connection = try Self.connect(location, on: group, logger: logger)
        guard let id = heldDraft.withLock({ $0 }) else { return }
        let transaction = PostgresTransaction(connection: connection, logger: logger)
        let taken = (try? transaction.value("SELECT pg_try_advisory_lock(\(Self.draftLockClass), \(Int32(truncatingIfNeeded: id)))", as: Bool.self)) ?? false
        if taken != true { heldDraft.withLock { $0 = nil } }
    }
}

/// The connection inside one transaction: each query sent and waited for.
struct PostgresTransaction {
    let connection: PostgresConnection
    let logger: Logger

    /// How often a query waiting for its answer looks whether the connection is still there.
    static let aliveCheck = TimeAmount.seconds(1)

    /// PostgresNIO writes a query to a connection that has just closed without ever failing it, so
    /// a wait is watched: once the connection is gone, the query fails with the reason.
    func rows(_ query: PostgresQuery) throws -> PostgresQueryResult {
        let loop = connection.eventLoop
        let answer = loop.makePromise(of: PostgresQueryResult.self)
        connection.query(query, logger: logger).cascade(to: answer)
        let connection = connection
        let watch = loop.scheduleRepeatedTask(initialDelay: Self.aliveCheck, delay: Self.aliveCheck) { _ in
            if connection.isClosed { answer.fail(PostgresStore.ConnectionLost()) }
        }
        answer.futureResult.whenComplete { _ in watch.cancel() }
        return try answer.futureResult.wait()
    }

    func execute(_ query: PostgresQuery) throws {
        _ = try rows(query)
    }

    /// The first column of the first row, if there is a row.
    func value<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type = T.self) throws -> T? {
        guard let row = try rows(query).first else { return nil }
        return try row.decode(T.self)
    }
}
