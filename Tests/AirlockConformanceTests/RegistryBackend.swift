import AirlockCore
import AirlockPostgres
import AirlockPostgresTestSupport
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

    /// A ``PostgresRegistry`` on the application role of a fresh ``TestDatabase``.
    private static func withPostgres(_ body: (any WorkspaceRegistry) async throws -> Void) async throws {
        try await TestDatabase.with(prefix: "airlock_registry") { database in
            try await run(PostgresRegistry(pool: try PostgresPool(try database.app, maximumConnections: 8), closesPool: true), body)
        }
    }
}
