import AirlockCore
import AirlockStore

/// Workspace data in the `airlock` schema's tenant tables, reached through row-level
/// security as the application role.
struct PostgresStorage: WorkspaceStorage {
    /// The pool the stores share (owned by the registry of the same backend).
    let pool: PostgresPool

    var name: String { "postgres" }

    func createStore(for grant: WorkspaceGrant, sealKey: AuditSealKey, clock: any AirlockClock, thresholds: AnomalyThresholds,
                     importing snapshot: WorkspaceSnapshot?) async throws -> any AuditedWorkspaceStore {
        try await PostgresWorkspaceStore.create(pool, grant: grant, sealKey: sealKey, clock: clock, thresholds: thresholds, importing: snapshot)
    }

    func openStore(for grant: WorkspaceGrant, sealKey: AuditSealKey, clock: any AirlockClock, thresholds: AnomalyThresholds) async throws -> any AuditedWorkspaceStore {
        try await PostgresWorkspaceStore.open(pool, grant: grant, sealKey: sealKey, clock: clock, thresholds: thresholds)
    }

    /// Deleting the registry row removes every tenant row of the workspace with it
    /// (`ON DELETE CASCADE`), in the same statement: there is nothing else to remove.
    func removeData(of grant: WorkspaceGrant, removeRegistryEntry: () async throws -> Void) async throws {
        try await removeRegistryEntry()
    }
}

extension PostgresWorkspaceStore: AuditedWorkspaceStore {}

/// The PostgreSQL storage backend: registry and workspace data in one database, reached
/// as the application role (see `airlock db init`).
public enum PostgresBackend {
    /// Checks that `location` accepts a connection, then starts one pool of at most
    /// `maximumConnections` connections to it, shared by the registry and the workspaces'
    /// stores; closing the registry (as `WorkspaceManager.close()` does) closes the pool.
    ///
    /// The check fails fast with the server's reason (refused, unknown host, wrong
    /// password, TLS) where the pool would retry behind a circuit breaker for a minute.
    ///
    /// - Throws: ``PostgresFailure`` if no connection can be made; if the TLS settings
    ///   cannot be used (a missing `sslrootcert` file).
    public static func connect(_ location: PostgresLocation, maximumConnections: Int = 8) async throws -> StorageBackend {
        do {
            try await location.withConnection { _ in }
        } catch {
            throw PostgresFailure(error, location: location)
        }
        let pool = try PostgresPool(location, maximumConnections: maximumConnections)
        return StorageBackend(registry: PostgresRegistry(pool: pool, closesPool: true), storage: PostgresStorage(pool: pool))
    }
}
