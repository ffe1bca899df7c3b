import AirlockCore
import Foundation

extension FileWorkspaceStore {
    /// Everything the workspace holds, read under the workspace lock and recorded as one
    /// `workspace.export` event (which the snapshot's audit log does not contain).
    public func snapshot() throws -> WorkspaceSnapshot {
        try audited(AuditEntry(.workspaceExport, "workspace/\(workspaceID)")) { transaction in
            let files = transaction.files
            let transcripts = try files.ids(in: files.sessionsFolder, suffix: ".jsonl") { try SessionID($0) }.map { id in
                let file = try Self.sessionFile(id, in: files)
                return SessionTranscript(session: file.session(id, in: workspaceID), messages: file.messages)
            }
            let integrationFiles = try files.ids(in: files.integrationsFolder, suffix: ".json") { try IntegrationID($0) }
                .map { try Self.integrationFile($0, in: files) }
            var times = UpdateTimes()
            for file in integrationFiles { file.recordTimes(in: &times) }
            return WorkspaceSnapshot(
                workspaceID: workspaceID,
                createdAt: Date(millisecondsSince1970: transaction.identity.createdAt),
                memory: try Self.documents(in: files),
                sessions: transcripts,
                integrations: integrationFiles.map(\.integration),
                credentials: try integrationFiles.flatMap { file in try file.credentials.map { try $0.sealedCredential(of: file.id) } },
                auditEvents: try FileAuditLog.events(files, last: nil),
                alerts: AlertFile.newestFirst(try AlertFile.lines(files)).map { $0.alert(in: workspaceID) },
                updateTimes: times
            )
        }
    }

    /// Writes `snapshot` (already validated) into the fresh workspace `files`, under its
    /// lock: every item as it was, its audit events verbatim under a head sealed with
    /// `sealKey`, the anomaly detector's checkpoint at the last of them, and then the
    /// `workspace.import` event by `actor` at `time`.
    static func restore(_ snapshot: WorkspaceSnapshot, actor: AuditActor, time: Date, sealKey: AuditSealKey,
                        identity: inout FileIdentity, files: WorkspaceFiles) throws {
        for item in try SnapshotLayout.items(of: snapshot, updatedAt: time) {
            try SecureFile.writeAtomically(item.bytes, to: files.directory + "/" + item.path, mode: 0o600)
        }
        let head = snapshot.auditEvents.last?.head ?? .genesis
        try SecureFile.writeAtomically(try FileJSON.encode(AlertFile.DetectorState(checkpoint: head.sequence)), to: files.anomalyState, mode: 0o600)
        let log = try SnapshotLayout.auditLog(snapshot.auditEvents)
        try SecureFile.writeAtomically(log, to: files.audit, mode: 0o600)
        identity.headSequence = head.sequence
        identity.headHash = FileJSON.hex(head.hash)
        identity.headSeal = FileJSON.hex(sealKey.seal(head))
        identity.auditBytes = Int64(log.count)
        identity.memoryVersion = Int64(snapshot.memory.count)
        identity.lastLine = try snapshot.auditEvents.last.map { String(decoding: try FileJSON.line(FileAuditLog.Line($0)), as: UTF8.self) }
        try identity.write(to: files)
        _ = try FileAuditLog.append(AuditEntry(.workspaceImport, "workspace/\(snapshot.workspaceID)?events=\(snapshot.auditEvents.count)"),
                                    actor: actor, time: time, sealKey: sealKey, identity: &identity, files: files)
    }

    /// Removes what a failed import wrote into `files`: the whole directory if the import
    /// made it, otherwise the workspace's own entries in it.
    static func removeFailedImport(_ files: WorkspaceFiles, madeDirectory: Bool) {
        if madeDirectory {
            try? SecureFile.removeTree(files.directory)
            return
        }
        let entries = WorkspaceFiles.folders.map { files.directory + "/" + $0 } + [files.identity, files.audit, files.alerts, files.anomalyState, files.lock]
        for entry in entries { try? SecureFile.removeTree(entry) }
    }
}
