import AirlockCore
import AirlockStore
import Logging
import PostgresNIO

extension PostgresRegistry {
    /// Runs `body` in a tenant transaction that names `workspace` and presents `digest`.
    func tenant<T: Sendable>(_ workspace: WorkspaceID, _ digest: TokenDigest,
                             _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T) async throws -> T {
        let (pool, logger) = (try openPool(), self.logger)
        do {
            return try await PostgresTenancy.withTenant(pool, workspace: workspace, digest: digest, logger: logger) { try await body($0, logger) }
        } catch {
            throw Self.registryError(error, location: pool.location)
        }
    }

    /// Runs `body` in a transaction of its own (no tenant named).
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T) async throws -> T {
        let (pool, logger) = (try openPool(), self.logger)
        do {
            return try await pool.client.withTransaction(logger: logger) { try await body($0, logger) }
        } catch {
            throw Self.registryError(error, location: pool.location)
        }
    }

    /// Runs the single statement `query` (no tenant named) and collects its rows.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        let (pool, logger) = (try openPool(), self.logger)
        do {
            return try await pool.client.query(query, logger: logger).collect()
        } catch {
            throw Self.registryError(error, location: pool.location)
        }
    }

    /// The pool, or ``StoreError/storage(_:)`` after ``close()``.
    private func openPool() throws -> PostgresPool {
        guard let pool else { throw StoreError.storage("the workspace registry is closed") }
        return pool
    }

    /// The error a caller sees: the registry's own errors as they are, database failures as
    /// one line.
    private static func registryError(_ error: any Error, location: PostgresLocation) -> any Error {
        if let transaction = error as? PostgresTransactionError, let inner = transaction.closureError {
            return registryError(inner, location: location)
        }
        if error is StoreError || error is UserAccountError || error is InputError || error is CancellationError { return error }
        return StoreError.storage(PostgresFailure(error, location: location).description)
    }
}
