import Foundation
import MomentumPostgres
import PostgresNIO
import Testing

/// The PostgreSQL server the tests may use: `MOMENTUM_TEST_POSTGRES`, set by `make test` once
/// scripts/postgres-test-server.sh has started a throwaway cluster. Each test gets a database
/// of its own, so tests run in parallel without seeing each other's plans.
enum PostgresTestServer {
    static let url: String? = ProcessInfo.processInfo.environment["MOMENTUM_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static let skipReason: Comment = "MOMENTUM_TEST_POSTGRES is not set, so there is no PostgreSQL server to test against (make test starts one with scripts/postgres-test-server.sh)"

    static var location: PostgresLocation {
        get throws { try PostgresLocation(url: url ?? "", environment: [:]) }
    }

    /// A new, empty database on the server, named for this test run.
    static func freshDatabase() throws -> PostgresLocation {
        var location = try location
        let name = "momentum_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try administer(location, "CREATE DATABASE \(name)")
        location.database = name
        return location
    }

    static func freshStore(as person: String = "ada") throws -> PostgresStore {
        try PostgresStore.open(try freshDatabase(), as: person)
    }

    /// Runs one statement on the server's maintenance database.
    static func administer(_ location: PostgresLocation, _ sql: String) throws {
        var maintenance = location
        maintenance.database = "postgres"
        try execute(maintenance, sql)
    }

    /// Runs one statement in `location`'s database, beside any store there (to age a schema, say).
    static func execute(_ location: PostgresLocation, _ sql: String) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let configuration = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                             password: location.password, database: location.database, tls: .disable)
        let connection = try PostgresConnection.connect(on: group.next(), configuration: configuration, id: 1, logger: logger).wait()
        defer { try? connection.close().wait() }
        _ = try connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).wait()
    }

    static let logger: Logger = {
        var logger = Logger(label: "momentum.tests.postgres")
        logger.logLevel = .critical
        return logger
    }()
}
