import AirlockCore
import Foundation
import GRDB

extension SQLiteWorkspaceStore {
    /// Everything the workspace holds, read in one transaction and recorded as one
    /// `workspace.export` event (which the snapshot's audit log does not contain).
    public func snapshot() throws -> WorkspaceSnapshot {
        try audited(AuditEntry(.workspaceExport, "workspace/\(workspaceID)")) { db in
            let workspace = workspaceID.rawValue
            let createdAt = try Int64.fetchOne(db, sql: "SELECT created_at FROM workspace_identity WHERE workspace_id = ?", arguments: [workspace])
            let memory = try Row.fetchAll(
                db, sql: "SELECT id, kind, title, body, tags, pinned, created_at, updated_at FROM memory WHERE workspace_id = ?", arguments: [workspace]
            ).map(MemoryRows.document(from:))
            let sessions = try Row.fetchAll(
                db, sql: "SELECT id, title, message_count, created_at, updated_at FROM chat_session WHERE workspace_id = ?", arguments: [workspace]
            ).map(session(from:))
            let transcripts = try sessions.map { session in
                SessionTranscript(session: session, messages: try Row.fetchAll(
                    db,
                    sql: """
                        SELECT seq, role, content, tool_calls, tool_result, token_count, created_at FROM chat_message
                        WHERE workspace_id = ? AND session_id = ? ORDER BY seq
                        """,
                    arguments: [workspace, session.key.session.rawValue]
                ).map(MessageRows.message(from:)))
            }
            var times = UpdateTimes()
            for row in try Row.fetchAll(db, sql: "SELECT id, updated_at FROM integration WHERE workspace_id = ?", arguments: [workspace]) {
                times.setIntegration(try IntegrationID(row["id"]), Date(millisecondsSince1970: row["updated_at"]))
            }
            for row in try Row.fetchAll(db, sql: "SELECT integration_id, name, updated_at FROM credential WHERE workspace_id = ?", arguments: [workspace]) {
                guard let name = CredentialName(rawValue: row["name"]) else { continue }
                times.setCredential(try IntegrationID(row["integration_id"]), name, Date(millisecondsSince1970: row["updated_at"]))
            }
            return WorkspaceSnapshot(
                workspaceID: workspaceID,
                createdAt: Date(millisecondsSince1970: createdAt ?? 0),
                memory: memory,
                sessions: transcripts,
                integrations: try Row.fetchAll(db, sql: "SELECT \(IntegrationRows.columns) FROM integration WHERE workspace_id = ?", arguments: [workspace])
                    .map(IntegrationRows.integration(from:)),
                credentials: try Row.fetchAll(db, sql: "SELECT \(CredentialRows.columns) FROM credential WHERE workspace_id = ?", arguments: [workspace])
                    .map(CredentialRows.credential(from:)),
                auditEvents: try AuditLog.events(in: db, workspace: workspaceID, last: nil),
                alerts: try Row.fetchAll(
                    db, sql: "SELECT \(AlertRows.columns) FROM alert WHERE workspace_id = ? ORDER BY time DESC, rowid DESC", arguments: [workspace]
                ).map(AlertRows.alert(from:)),
                updateTimes: times
            )
        }
    }

    /// Writes `snapshot` (already validated) into the empty database `db`: its identity with
    /// the snapshot's creation time, every item as it was, its audit events verbatim under a
    /// head sealed with `sealKey`, the anomaly detector's checkpoint at the last of them,
    /// and then the `workspace.import` event by `actor` at `time`.
    static func restore(_ snapshot: WorkspaceSnapshot, actor: AuditActor, time: Date, sealKey: AuditSealKey, in db: Database) throws {
        let workspace = snapshot.workspaceID.rawValue
        let imported = time.millisecondsSince1970
        let head = snapshot.auditEvents.last?.head ?? .genesis
        try db.execute(
            sql: """
                INSERT INTO workspace_identity (workspace_id, format, created_at, audit_head_seq, audit_head_hash, audit_head_seal)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [workspace, WorkspaceSchema.format, snapshot.createdAt.millisecondsSince1970, head.sequence, Data(head.hash), Data(sealKey.seal(head))]
        )
        for document in snapshot.memory {
            try db.execute(
                sql: "INSERT INTO memory (workspace_id, id, kind, title, body, tags, pinned, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [workspace, document.id.rawValue, document.kind.rawValue, document.title, document.body, document.tags.joined(separator: " "),
                            document.pinned, document.createdAt.millisecondsSince1970, document.updatedAt.millisecondsSince1970]
            )
        }
        for transcript in snapshot.sessions {
            let session = transcript.session
            try db.execute(
                sql: "INSERT INTO chat_session (workspace_id, id, title, message_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [workspace, session.key.session.rawValue, session.title, transcript.messages.count,
                            session.createdAt.millisecondsSince1970, session.updatedAt.millisecondsSince1970]
            )
            for message in transcript.messages {
                try db.execute(
                    sql: """
                        INSERT INTO chat_message (workspace_id, session_id, seq, role, content, tool_calls, tool_result, token_count, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [workspace, session.key.session.rawValue, message.sequence, message.role.rawValue, message.content,
                                try MessageRows.json(message.toolCalls.isEmpty ? nil : message.toolCalls), try MessageRows.json(message.toolResult),
                                message.tokenCount, message.createdAt.millisecondsSince1970]
                )
            }
        }
        for integration in snapshot.integrations {
            try db.execute(
                sql: "INSERT INTO integration (workspace_id, id, kind, name, settings, created_at, updated_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [workspace, integration.id.rawValue, integration.kind.rawValue, integration.name, try IntegrationRows.json(integration.settings),
                            integration.createdAt.millisecondsSince1970, snapshot.updateTimes.integration(integration.id)?.millisecondsSince1970 ?? imported,
                            integration.lastUsedAt?.millisecondsSince1970]
            )
        }
        for credential in snapshot.credentials {
            try db.execute(
                sql: "INSERT INTO credential (workspace_id, integration_id, name, sealed, label, expires_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [workspace, credential.integration.rawValue, credential.name.rawValue, Data(credential.sealed), credential.label,
                            credential.expiresAt?.millisecondsSince1970, snapshot.updateTimes.credential(credential)?.millisecondsSince1970 ?? imported]
            )
        }
        // Oldest first, so that alerts of the same time keep their order (by row id).
        for alert in snapshot.alerts.reversed() {
            try db.execute(
                sql: "INSERT INTO alert (workspace_id, id, time, rule, severity, summary, details, acknowledged) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [workspace, alert.id.rawValue, alert.time.millisecondsSince1970, alert.rule.rawValue, alert.severity.rawValue, alert.summary,
                            String(decoding: try JSONEncoder().encode(alert.details), as: UTF8.self), alert.acknowledged]
            )
        }
        for event in snapshot.auditEvents {
            try db.execute(
                sql: "INSERT INTO audit_event (workspace_id, seq, time, actor, action, resource, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [workspace, event.sequence, event.time.millisecondsSince1970, event.actor, event.action, event.resource,
                            Data(event.previousHash), Data(event.hash)]
            )
        }
        try db.execute(
            sql: "INSERT INTO anomaly_state (workspace_id, checkpoint_seq, state) VALUES (?, ?, ?)",
            arguments: [workspace, head.sequence, String(decoding: try JSONEncoder().encode(AnomalyDetector.State()), as: UTF8.self)]
        )
        try AuditLog.append(AuditEntry(.workspaceImport, "workspace/\(workspace)?events=\(snapshot.auditEvents.count)"),
                            actor: actor, time: time, sealKey: sealKey, in: db)
    }
}
