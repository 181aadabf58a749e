import Foundation
import MomentumStore

/// Where a team's store lives: `postgres://user[:password]@host[:port]/database[?sslmode=…&passfile=…&host=/socket/dir]`
/// (also `postgresql://`), read the way libpq reads it so a URL that works with `psql` works here.
/// The password comes from the URL, else `PGPASSWORD`, else the password file (`passfile=`,
/// `PGPASSFILE`, `~/.pgpass`). `description` never shows the password.
public struct PostgresLocation: Equatable, Sendable, CustomStringConvertible {
    public enum TLSMode: String, Sendable {
        /// No TLS.
        case disable
        /// TLS when the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// TLS or nothing, without checking the certificate.
        case require
        /// TLS with the certificate checked against the system's roots, not the host name.
        case verifyCA = "verify-ca"
        /// TLS with the certificate and the host name checked.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var database: String
    public var user: String
    public var password: String?
    public var tls: TLSMode
    /// A folder holding the server's unix socket (`?host=/run/postgresql`), used instead of TCP.
    public var socketDirectory: String?

    public var description: String {
        "postgres://\(user)@\(socketDirectory.map { "[\($0)]" } ?? host):\(port)/\(database)"
    }

    public init(host: String, port: Int = 5432, database: String, user: String, password: String? = nil,
                tls: TLSMode = .prefer, socketDirectory: String? = nil) {
        (self.host, self.port, self.database, self.user) = (host, port, database, user)
        (self.password, self.tls, self.socketDirectory) = (password, tls, socketDirectory)
    }

    /// Reads `url`; `environment` and `homeDirectory` are where libpq looks for what the URL leaves out.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                homeDirectory: String = NSHomeDirectory()) throws {
        guard ServerURL.isURL(url), let components = URLComponents(string: url) else {
            throw StoreError(path: url, message: "not a PostgreSQL URL. Write it as postgres://user@host:port/database.")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let hostParameter = query["host"]
        socketDirectory = hostParameter.flatMap { $0.hasPrefix("/") ? $0 : nil }
        host = components.percentEncodedHost.flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 }
            ?? hostParameter.flatMap { $0.hasPrefix("/") ? nil : $0 } ?? environment["PGHOST"] ?? "localhost"
        port = components.port ?? query["port"].flatMap(Int.init) ?? environment["PGPORT"].flatMap(Int.init) ?? 5432
        user = components.percentEncodedUser.flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 }
            ?? query["user"] ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        let path = String(components.percentEncodedPath.drop { $0 == "/" }).removingPercentEncoding ?? ""
        database = path.isEmpty ? (query["dbname"] ?? environment["PGDATABASE"] ?? user) : path
        let modeName = query["sslmode"] ?? environment["PGSSLMODE"] ?? TLSMode.prefer.rawValue
        guard let mode = TLSMode(rawValue: modeName) ?? (modeName == "allow" ? .prefer : nil) else {
            throw StoreError(path: url, message: "sslmode=\(modeName) is not one Momentum knows; use disable, prefer, require, verify-ca or verify-full.")
        }
        tls = mode
        password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
            ?? query["password"] ?? environment["PGPASSWORD"]
        if password == nil {
            let passfile = query["passfile"] ?? environment["PGPASSFILE"] ?? (homeDirectory as NSString).appendingPathComponent(".pgpass")
            password = PostgresLocation.passwordFromFile(passfile, host: socketDirectory == nil ? host : "localhost",
                                                         port: port, database: database, user: user)
        }
    }

    /// The first matching line of a libpq password file (`host:port:database:user:password`, `*`
    /// matching anything, `\:` and `\\` escaped). As libpq does, a file others can read is ignored.
    static func passwordFromFile(_ path: String, host: String, port: Int, database: String, user: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_mode & 0o077 == 0,
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let wanted = [host, String(port), database, user]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = splitPassfileLine(Substring(line))
            guard fields.count == 5 else { continue }
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    private static func splitPassfileLine(_ line: Substring) -> [String] {
        var fields: [String] = [""]
        var escaped = false
        for character in line {
            if escaped {
                fields[fields.count - 1].append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":", fields.count < 5 {
                fields.append("")
            } else {
                fields[fields.count - 1].append(character)
            }
        }
        return fields
    }
}
