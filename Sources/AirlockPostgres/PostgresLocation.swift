import AirlockCore
import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL server is and how to reach it, from a connection URL:
/// `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE&sslrootcert=FILE`.
///
/// `sslmode` is `disable`, `require` (encrypted, certificate not checked) or
/// `verify-full` (encrypted, certificate and host name checked against the system's
/// trust roots, or `sslrootcert`'s). Without it, a server on this machine (127.0.0.1,
/// ::1, localhost) is reached without TLS and any other with `verify-full`.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    /// TLS as the URL asks for it.
    public enum TLSMode: String, Sendable {
        case disable
        case require
        case verifyFull = "verify-full"
    }

    public let host: String
    public let port: Int
    public let username: String
    let password: String?
    public let database: String
    public let tlsMode: TLSMode
    let rootCertificate: String?

    /// Parses `url`.
    ///
    /// - Throws: ``InputError`` naming what is wrong (never echoing the password).
    public init(url: String) throws(InputError) {
        func refuse(_ reason: String) -> InputError { InputError(field: "PostgreSQL URL", reason: reason) }
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw refuse("it must look like postgres://user:password@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else { throw refuse("it names no host") }
        guard let user = components.user, !user.isEmpty else { throw refuse("it names no user") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw refuse("it names no database (…/DATABASE)") }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { _, last in last }
        let local = ["127.0.0.1", "::1", "localhost"].contains(host)
        guard let mode = TLSMode(rawValue: query["sslmode"] ?? (local ? "disable" : "verify-full")) else {
            throw refuse("sslmode must be disable, require or verify-full")
        }
        self.host = host
        port = components.port ?? 5432
        username = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        tlsMode = mode
        rootCertificate = query["sslrootcert"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `postgres://user@host:port/database (tls: mode)` — never the password.
    public var description: String { "postgres://\(username)@\(host):\(port)/\(database) (tls: \(tlsMode.rawValue))" }

    /// The configuration of a connection pool to this location.
    func clientConfiguration() throws -> PostgresClient.Configuration {
        PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: tlsConfiguration().map { .require($0) } ?? .disable)
    }

    /// Runs `body` on one connection of its own, closed afterwards: for work that must
    /// fail at once, with the server's reason, if it cannot connect (a pool would keep
    /// retrying).
    public func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        var tls: PostgresConnection.Configuration.TLS = .disable
        if let configuration = tlsConfiguration() { tls = .require(try NIOSSLContext(configuration: configuration)) }
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls),
            id: 1, logger: Logger(label: "airlock.postgres"))
        do {
            let result = try await body(connection)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private func tlsConfiguration() -> TLSConfiguration? {
        guard tlsMode != .disable else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        if tlsMode == .require { configuration.certificateVerification = .none }
        if let rootCertificate { configuration.trustRoots = .file(rootCertificate) }
        return configuration
    }
}
