import AirlockCore
import Foundation

/// Where the workspaces' own data lives — SQLite files, plain files or PostgreSQL — and how
/// a workspace's store is made, opened and removed there.
///
/// Only ``WorkspaceManager`` calls it, after checking the grant against the registry.
package protocol WorkspaceStorage: Sendable {
    /// The storage's name in messages: `sqlite`, `files` or `postgres`.
    var name: String { get }

    /// Creates the store of a new workspace (already in the registry) and records its
    /// creation as the first audit event — or, with `snapshot`, restores the snapshot's
    /// items and audit log and records the import. On failure nothing of it is left.
    func createStore(for grant: WorkspaceGrant, sealKey: AuditSealKey, clock: any AirlockClock, thresholds: AnomalyThresholds,
                     importing snapshot: WorkspaceSnapshot?) async throws -> any AuditedWorkspaceStore

    /// Opens the existing store of the granted workspace.
    func openStore(for grant: WorkspaceGrant, sealKey: AuditSealKey, clock: any AirlockClock, thresholds: AnomalyThresholds) async throws -> any AuditedWorkspaceStore

    /// Runs the operator's `operation` on workspace `id` without its token (see
    /// ``WorkspaceManager/maintain(_:_:actor:)``), recording it in the workspace's own
    /// audit log sealed with `sealKey`; failures are reported, not thrown.
    func maintain(_ id: WorkspaceID, _ operation: MaintenanceOperation, sealKey: AuditSealKey, actor: AuditActor, clock: any AirlockClock) async -> MaintenanceReport

    /// Removes the granted workspace's data together with its registry entry, which
    /// `removeRegistryEntry` deletes: if that fails, the data stays as it was.
    func removeData(of grant: WorkspaceGrant, removeRegistryEntry: () async throws -> Void) async throws
}

/// A store that can also record an event accompanying no data access of its own (a token
/// rotation, decided in the registry).
package protocol AuditedWorkspaceStore: WorkspaceStore {
    /// Appends `entry` to the workspace's audit log.
    func record(_ entry: AuditEntry) async throws
}
