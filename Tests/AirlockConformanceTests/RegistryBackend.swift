import AirlockCore
@testable import AirlockPostgres
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

/// The registries that must behave alike: every registry conformance test runs once per
/// case.
enum RegistryBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// Runs `body` with an empty registry of this kind, closed and removed afterwards.
    ///
    /// For ``postgres`` a missing `AIRLOCK_TEST_POSTGRES_URL` fails the test with
    /// ``MissingPostgres``; it is never skipped.
    func with(_ body: (any WorkspaceRegistry) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let directory = try TemporaryDirectory(prefix: "airlock-registry")
            let home = try AirlockHome.open(at: directory.appending("home"), create: true)
            try await Self.run(try StorageBackend.sqlite(home).registry, body)
            withExtendedLifetime(directory) {}
        case .postgres:
            try await Self.withPostgres(body)
        }
    }

    /// Runs `body` with `registry` and closes it whether `body` throws or not.
    private static func run(_ registry: any WorkspaceRegistry, _ body: (any WorkspaceRegistry) async throws -> Void) async throws {
        do {
            try await body(registry)
        } catch {
            await registry.close()
            throw error
        }
        await registry.close()
    }

    /// A ``PostgresRegistry`` on the application role of a fresh database set up by
    /// ``DatabaseSetup``, dropped with its roles afterwards.
    private static func withPostgres(_ body: (any WorkspaceRegistry) async throws -> Void) async throws {
        guard let url = ProcessInfo.processInfo.environment["AIRLOCK_TEST_POSTGRES_URL"], !url.isEmpty else { throw MissingPostgres() }
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let database = "airlock_registry_\(suffix)"
        let roles = try DatabaseRoles(owner: "airlock_owner_\(suffix)", app: "airlock_app_\(suffix)")
        let password = UUID().uuidString
        let maintenance = try PostgresPool(try PostgresLocation(url: url), maximumConnections: 1)
        try await maintenance.run("CREATE DATABASE \(database)")
        do {
            _ = try await DatabaseSetup.initialize(try PostgresLocation(url: Self.url(url, database: database)), roles: roles, appPassword: password)
            let app = try PostgresPool(try PostgresLocation(url: Self.url(url, database: database, user: roles.app, password: password)), maximumConnections: 8)
            try await run(PostgresRegistry(pool: app, closesPool: true), body)
        } catch {
            try? await drop(database, roles: roles, on: maintenance)
            throw error
        }
        try await drop(database, roles: roles, on: maintenance)
    }

    private static func drop(_ database: String, roles: DatabaseRoles, on maintenance: PostgresPool) async throws {
        try await maintenance.run("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        try await maintenance.run("DROP ROLE IF EXISTS \(roles.app)")
        try await maintenance.run("DROP ROLE IF EXISTS \(roles.owner)")
        await maintenance.close()
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
