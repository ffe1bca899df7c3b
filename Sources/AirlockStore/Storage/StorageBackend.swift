import AirlockCore
import Foundation

/// Which storage a deployment uses: where its registry is and where its workspaces' data
/// lives. Chosen in the configuration (`"storage"`); SQLite is the embedded default.
public struct StorageBackend: Sendable {
    /// The registry of workspaces, accounts and sign-in attempts.
    package let registry: any WorkspaceRegistry
    /// Where each workspace's data lives.
    package let storage: any WorkspaceStorage

    /// Pairs a registry with a workspace storage (the PostgreSQL backend builds one).
    package init(registry: any WorkspaceRegistry, storage: any WorkspaceStorage) {
        self.registry = registry
        self.storage = storage
    }

    /// The embedded default: `registry.sqlite` and one SQLite database per workspace in
    /// `home`.
    public static func sqlite(_ home: AirlockHome) throws -> StorageBackend {
        StorageBackend(registry: try RegistryDatabase.open(path: home.registryPath), storage: LocalWorkspaceStorage(home: home, format: .sqlite))
    }

    /// `registry.sqlite` and plain files per workspace in `home` (no database engine for
    /// the workspaces' data; also the interchange format).
    public static func files(_ home: AirlockHome) throws -> StorageBackend {
        StorageBackend(registry: try RegistryDatabase.open(path: home.registryPath), storage: LocalWorkspaceStorage(home: home, format: .files))
    }
}
