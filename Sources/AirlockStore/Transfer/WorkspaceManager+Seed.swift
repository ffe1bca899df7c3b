import AirlockCore
import Foundation

extension WorkspaceManager {
    /// Creates a workspace holding `snapshot` (made for `id`, e.g. by
    /// ``WorkspaceSeed/snapshot(of:actor:at:)``): a registry entry with a new token and data
    /// key, and its store restored from the snapshot in one step, through the same path as
    /// an import, in any storage.
    ///
    /// - Throws: ``InputError`` for a bad name; ``SnapshotError`` for a snapshot of another
    ///   workspace or with a broken audit chain; ``StoreError/workspaceExists(_:)`` if the
    ///   id is taken. On failure nothing of the workspace is left behind.
    public func createWorkspace(name: String, id: WorkspaceID, actor: AuditActor, restoring snapshot: WorkspaceSnapshot) async throws -> NewWorkspace {
        let name = try WorkspaceRecord.validatedName(name)
        let token = WorkspaceToken.generate()
        let record = WorkspaceRecord(id: id, name: name, createdAt: snapshot.createdAt, rotatedAt: nil)
        let store = try await install(record, token: token, wrappedDataKey: try authenticator.newWrappedDataKey(for: token, workspace: id),
                                      actor: actor, importing: snapshot)
        await store.close()
        return NewWorkspace(record: record, token: token)
    }
}
