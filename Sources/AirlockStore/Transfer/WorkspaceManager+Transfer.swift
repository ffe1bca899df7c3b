import AirlockCore
import Crypto
import Foundation

/// What an export or import moved.
public struct TransferSummary: Sendable, Equatable {
    /// The workspace's registry record.
    public let record: WorkspaceRecord
    /// Memory documents moved.
    public let memory: Int
    /// Sessions moved.
    public let sessions: Int
    /// Messages moved.
    public let messages: Int
    /// Integrations moved (with their sealed credentials).
    public let integrations: Int
    /// Audit events moved, not counting the import's own.
    public let auditEvents: Int

    init(record: WorkspaceRecord, snapshot: WorkspaceSnapshot) {
        self.record = record
        memory = snapshot.memory.count
        sessions = snapshot.sessions.count
        messages = snapshot.sessions.reduce(0) { $0 + $1.messages.count }
        integrations = snapshot.integrations.count
        auditEvents = snapshot.auditEvents.count
    }
}

extension WorkspaceManager {
    /// Writes the granted workspace to the new directory `directory` in the plain-file
    /// layout, with a `manifest.json` holding its name, times and data key — wrapped under
    /// a key derived from `token` alone, so the export can be imported into any home and
    /// backend by whoever holds the token, and its credentials stay sealed.
    ///
    /// The workspace's audit log records the export. The export holds the workspace's
    /// memory and chats in the clear: it is written with mode 0700/0600 and is as
    /// sensitive as the workspace.
    ///
    /// - Throws: ``TransferError/tokenNotOfGrant(_:)`` unless `token` is the grant's;
    ///   ``FileSystemError`` if `directory` exists and is not empty, or cannot be written.
    ///   On failure nothing is left in `directory`.
    public func exportWorkspace(_ grant: WorkspaceGrant, token: WorkspaceToken, to directory: String) async throws -> TransferSummary {
        guard authenticator.digest(of: token, for: grant.workspaceID).matches(grant.verifiedDigest) else {
            throw TransferError.tokenNotOfGrant(grant.workspaceID)
        }
        let dataKey = try await dataKey(for: grant)
        let exportKey = try DataKeyWrap.wrap(dataKey, under: DataKeyWrap.exportKey(token: token, workspace: grant.workspaceID), workspace: grant.workspaceID)
        let record = try await record(for: grant)
        let snapshot = try await withStore(grant) { store in try await store.snapshot() }
        let manifest = ExportManifest(
            format: ExportManifest.currentFormat, workspace: grant.workspaceID, name: record.name,
            createdAt: record.createdAt.millisecondsSince1970, exportedAt: clock.now().millisecondsSince1970,
            storage: storage.name, dataKey: Hex.encode(exportKey))
        try SnapshotDirectory.write(snapshot, to: directory)
        do {
            try manifest.write(to: directory)
        } catch {
            try? SecureFile.removeTree(directory)
            throw error
        }
        return TransferSummary(record: record, snapshot: snapshot)
    }

    /// Imports the export at `directory` as a new workspace of this home, with the same id,
    /// name, token and data key, so the token keeps working and sealed credentials still
    /// open. Every item keeps its id, times and bytes; the audit log keeps every event and
    /// records the import after them.
    ///
    /// - Throws: ``TransferError`` for a directory that is not a readable export or a
    ///   token that does not open it; ``StoreError/workspaceExists(_:)`` if the id is
    ///   taken here. On failure nothing of the workspace is left.
    public func importWorkspace(from directory: String, token: WorkspaceToken, actor: AuditActor) async throws -> TransferSummary {
        let manifest = try ExportManifest.read(from: directory)
        let id = manifest.workspace
        let exported = Hex.decode(manifest.dataKey, byteCount: DataKeyWrap.wrappedByteCount) ?? []
        let dataKey: SymmetricKey
        do {
            dataKey = try DataKeyWrap.unwrap(exported, under: DataKeyWrap.exportKey(token: token, workspace: id), workspace: id)
        } catch {
            throw TransferError.wrongToken(id)
        }
        let snapshot = try SnapshotDirectory.read(from: directory)
        guard snapshot.workspaceID == id else { throw TransferError.mismatchedWorkspace(manifest: id, data: snapshot.workspaceID) }
        let record = WorkspaceRecord(id: id, name: manifest.name, createdAt: Date(millisecondsSince1970: manifest.createdAt), rotatedAt: nil)
        let store = try await install(record, token: token, wrappedDataKey: try authenticator.wrapDataKey(dataKey, for: token, workspace: id),
                                      actor: actor, importing: snapshot)
        await store.close()
        return TransferSummary(record: record, snapshot: snapshot)
    }
}
