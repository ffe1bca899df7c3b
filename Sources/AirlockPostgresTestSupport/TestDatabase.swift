import AirlockPostgres
import Foundation
import Logging
import PostgresNIO

/// The test server is missing: says how to start one. Tests that need PostgreSQL fail with
/// this rather than being skipped.
public struct MissingPostgres: Error, CustomStringConvertible {
    public var description: String {
        "AIRLOCK_TEST_POSTGRES_URL is not set: these tests need a PostgreSQL 15 server. Run `make test`, or start one with "
            + "`scripts/postgres.sh start /tmp/airlock-pg` and `export AIRLOCK_TEST_POSTGRES_URL=$(cat /tmp/airlock-pg/url)`"
    }
}

/// A fresh database on the test server (`AIRLOCK_TEST_POSTGRES_URL`, a superuser), set up
/// by ``DatabaseSetup`` as `airlock db init` does, with owner and application roles of its
/// own; dropped with its roles afterwards.
public struct TestDatabase: Sendable {
    /// Its owner and application roles.
    public let roles: DatabaseRoles
    /// What the set-up printed, one line per step.
    public let setupSteps: [String]
    /// The administrator's location in this database.
    public let admin: PostgresLocation
    /// The application role's URL (with its password): what machines are configured with.
    public let appURL: String
    /// The application role's location.
    public var app: PostgresLocation { get throws { try PostgresLocation(url: appURL) } }

    /// The test server's URL.
    ///
    /// - Throws: ``MissingPostgres`` if `AIRLOCK_TEST_POSTGRES_URL` is not set.
    public static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["AIRLOCK_TEST_POSTGRES_URL"], !url.isEmpty else { throw MissingPostgres() }
        return url
    }

    /// Runs `body` with a fresh database named `<prefix>_<random>`, dropped afterwards
    /// whether `body` returns or throws.
    public static func with<T>(prefix: String = "airlock_test", _ body: (TestDatabase) async throws -> T) async throws -> T {
        let server = try serverURL()
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let name = "\(prefix)_\(suffix)"
        let roles = try DatabaseRoles(owner: "airlock_owner_\(suffix)", app: "airlock_app_\(suffix)")
        let password = UUID().uuidString
        let maintenance = try PostgresLocation(url: server)
        try await execute(["CREATE DATABASE \(name)"], at: maintenance)
        do {
            let admin = try PostgresLocation(url: url(server, database: name))
            let steps = try await DatabaseSetup.initialize(admin, roles: roles, appPassword: password)
            let database = TestDatabase(roles: roles, setupSteps: steps, admin: admin,
                                        appURL: url(server, database: name, user: roles.app, password: password))
            let result = try await body(database)
            try await drop(name, roles: roles, at: maintenance)
            return result
        } catch {
            try? await drop(name, roles: roles, at: maintenance)
            throw error
        }
    }

    /// Runs `statements` one by one as the administrator (set-up and inspection only).
    public func execute(_ statements: [String]) async throws {
        try await Self.execute(statements, at: admin)
    }

    private static func execute(_ statements: [String], at location: PostgresLocation) async throws {
        let logger = Logger(label: "airlock.postgres.tests")
        try await location.withConnection { connection in
            for statement in statements { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
        }
    }

    private static func drop(_ database: String, roles: DatabaseRoles, at maintenance: PostgresLocation) async throws {
        try await execute(["DROP DATABASE IF EXISTS \(database) WITH (FORCE)", "DROP ROLE IF EXISTS \(roles.app)", "DROP ROLE IF EXISTS \(roles.owner)"],
                          at: maintenance)
    }

    /// `url` with another database (and user and password).
    private static func url(_ url: String, database: String, user: String? = nil, password: String? = nil) -> String {
        var components = URLComponents(string: url)!
        components.path = "/" + database
        if let user { components.user = user }
        if let password { components.password = password }
        return components.string!
    }
}
