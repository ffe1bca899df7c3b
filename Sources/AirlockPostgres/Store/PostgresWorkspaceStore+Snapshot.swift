import AirlockCore
import Foundation
import PostgresNIO

extension PostgresWorkspaceStore {
    /// Everything the workspace holds, read in one tenant transaction and recorded as one
    /// `workspace.export` event (which the snapshot's audit log does not contain).
    public func snapshot() async throws -> WorkspaceSnapshot {
        try await audited(AuditEntry(.workspaceExport, "workspace/\(workspaceID)")) { tx in
            let createdAt = try await tx.rows("SELECT created_at FROM airlock.workspace_state WHERE workspace_id = \(tx.id)").first?.decode(Int64.self)
            let memory = try await tx.rows("""
                SELECT \(unescaped: PostgresMemoryRows.documentColumns) FROM airlock.memory m WHERE m.workspace_id = \(tx.id)
                """).map(PostgresMemoryRows.document(from:))
            let sessions = try await tx.rows("""
                SELECT \(unescaped: PostgresMessageRows.sessionColumns) FROM airlock.chat_session WHERE workspace_id = \(tx.id)
                """).map { try PostgresMessageRows.session(from: $0, workspace: tx.workspace) }
            var transcripts: [SessionTranscript] = []
            for session in sessions {
                let messages = try await tx.rows("""
                    SELECT \(unescaped: PostgresMessageRows.messageColumns) FROM airlock.chat_message
                    WHERE workspace_id = \(tx.id) AND session_id = \(session.key.session.rawValue) ORDER BY seq
                    """).map(PostgresMessageRows.message(from:))
                transcripts.append(SessionTranscript(session: session, messages: messages))
            }
            var times = UpdateTimes()
            for row in try await tx.rows("SELECT id, updated_at FROM airlock.integration WHERE workspace_id = \(tx.id)") {
                let (id, updated) = try row.decode((String, Int64).self)
                times.setIntegration(try IntegrationID(id), Date(millisecondsSince1970: updated))
            }
            for row in try await tx.rows("SELECT integration_id, name, updated_at FROM airlock.credential WHERE workspace_id = \(tx.id)") {
                let (integration, name, updated) = try row.decode((String, String, Int64).self)
                guard let name = CredentialName(rawValue: name) else { continue }
                times.setCredential(try IntegrationID(integration), name, Date(millisecondsSince1970: updated))
            }
            return WorkspaceSnapshot(
                workspaceID: tx.workspace,
                createdAt: Date(millisecondsSince1970: createdAt ?? 0),
                memory: memory,
                sessions: transcripts,
                integrations: try await tx.rows("""
                    SELECT \(unescaped: PostgresIntegrationRows.integrationColumns) FROM airlock.integration WHERE workspace_id = \(tx.id)
                    """).map(PostgresIntegrationRows.integration(from:)),
                credentials: try await tx.rows("""
                    SELECT \(unescaped: PostgresIntegrationRows.credentialColumns) FROM airlock.credential WHERE workspace_id = \(tx.id)
                    """).map(PostgresIntegrationRows.credential(from:)),
                auditEvents: try await PostgresAuditLog.events(in: tx, last: nil),
                alerts: try await tx.rows("""
                    SELECT \(unescaped: PostgresAnomalyScan.alertColumns) FROM airlock.alert
                    WHERE workspace_id = \(tx.id) ORDER BY time DESC, raised_seq DESC
                    """).map(PostgresAnomalyScan.alert(from:)),
                updateTimes: times
            )
        }
    }

    /// Writes `snapshot` (already validated) as the state of its workspace, which has none
    /// yet: every item as it was, its audit events verbatim under a head sealed with
    /// `sealKey`, the anomaly detector's checkpoint at the last of them, and then the
    /// `workspace.import` event by `actor` at `time`.
    ///
    /// - Throws: ``StoreError/workspaceExists(_:)`` if the workspace already has its state.
    static func restore(_ snapshot: WorkspaceSnapshot, actor: AuditActor, time: Date, sealKey: AuditSealKey, in tx: TenantTransaction) async throws {
        let head = snapshot.auditEvents.last?.head ?? .genesis
        let imported = time.millisecondsSince1970
        let created = try await tx.rows("""
            INSERT INTO airlock.workspace_state (workspace_id, format, created_at, audit_head_seq, audit_head_hash, audit_head_seal, memory_version)
            VALUES (\(tx.id), \(format), \(snapshot.createdAt.millisecondsSince1970), \(head.sequence), \(Data(head.hash)),
                    \(Data(sealKey.seal(head))), \(Int64(snapshot.memory.count)))
            ON CONFLICT (workspace_id) DO NOTHING RETURNING workspace_id
            """)
        guard !created.isEmpty else { throw StoreError.workspaceExists(tx.workspace) }
        for document in snapshot.memory {
            try await tx.rows("""
                INSERT INTO airlock.memory (workspace_id, id, kind, title, body, tags, pinned, created_at, updated_at)
                VALUES (\(tx.id), \(document.id.rawValue), \(document.kind.rawValue), \(document.title), \(document.body),
                        \(PostgresMemoryRows.joined(document.tags)), \(document.pinned), \(document.createdAt.millisecondsSince1970),
                        \(document.updatedAt.millisecondsSince1970))
                """)
        }
        for transcript in snapshot.sessions {
            let session = transcript.session
            try await tx.rows("""
                INSERT INTO airlock.chat_session (workspace_id, id, title, message_count, created_at, updated_at)
                VALUES (\(tx.id), \(session.key.session.rawValue), \(session.title), \(Int32(transcript.messages.count)),
                        \(session.createdAt.millisecondsSince1970), \(session.updatedAt.millisecondsSince1970))
                """)
            for message in transcript.messages {
                let calls = try PostgresMessageRows.json(message.toolCalls.isEmpty ? nil : message.toolCalls)
                let result = try PostgresMessageRows.json(message.toolResult)
                try await tx.rows("""
                    INSERT INTO airlock.chat_message (workspace_id, session_id, seq, role, content, tool_calls, tool_result, token_count, created_at)
                    VALUES (\(tx.id), \(session.key.session.rawValue), \(Int32(message.sequence)), \(message.role.rawValue), \(message.content),
                            \(calls), \(result), \(message.tokenCount.map(Int32.init)), \(message.createdAt.millisecondsSince1970))
                    """)
            }
        }
        for integration in snapshot.integrations {
            let updated = snapshot.updateTimes.integration(integration.id)?.millisecondsSince1970 ?? imported
            try await tx.rows("""
                INSERT INTO airlock.integration (workspace_id, id, kind, name, settings, created_at, updated_at, last_used_at)
                VALUES (\(tx.id), \(integration.id.rawValue), \(integration.kind.rawValue), \(integration.name),
                        \(try PostgresIntegrationRows.json(integration.settings))::jsonb, \(integration.createdAt.millisecondsSince1970), \(updated),
                        \(integration.lastUsedAt?.millisecondsSince1970))
                """)
        }
        for credential in snapshot.credentials {
            let updated = snapshot.updateTimes.credential(credential)?.millisecondsSince1970 ?? imported
            try await tx.rows("""
                INSERT INTO airlock.credential (workspace_id, integration_id, name, sealed, label, expires_at, updated_at)
                VALUES (\(tx.id), \(credential.integration.rawValue), \(credential.name.rawValue), \(Data(credential.sealed)),
                        \(credential.label), \(credential.expiresAt?.millisecondsSince1970), \(updated))
                """)
        }
        // Listed newest first; numbered oldest first, so that alerts of the same time keep their order.
        for (position, alert) in snapshot.alerts.reversed().enumerated() {
            let details = String(decoding: try JSONEncoder().encode(alert.details), as: UTF8.self)
            try await tx.rows("""
                INSERT INTO airlock.alert (workspace_id, id, time, rule, severity, summary, details, acknowledged, raised_seq)
                VALUES (\(tx.id), \(alert.id.rawValue), \(alert.time.millisecondsSince1970), \(alert.rule.rawValue), \(alert.severity.rawValue),
                        \(alert.summary), \(details)::jsonb, \(alert.acknowledged), \(Int64(position + 1)))
                """)
        }
        for event in snapshot.auditEvents {
            try await tx.rows("""
                INSERT INTO airlock.audit_event (workspace_id, seq, time, actor, action, resource, prev_hash, hash)
                VALUES (\(tx.id), \(event.sequence), \(event.time.millisecondsSince1970), \(event.actor), \(event.action),
                        \(event.resource), \(Data(event.previousHash)), \(Data(event.hash)))
                """)
        }
        let state = String(decoding: try JSONEncoder().encode(AnomalyDetector.State()), as: UTF8.self)
        try await tx.rows("""
            INSERT INTO airlock.anomaly_state (workspace_id, checkpoint_seq, state) VALUES (\(tx.id), \(head.sequence), \(state)::jsonb)
            """)
        try await PostgresAuditLog.append(AuditEntry(.workspaceImport, "workspace/\(tx.workspace)?events=\(snapshot.auditEvents.count)"),
                                          actor: actor, time: time, sealKey: sealKey, in: tx)
    }
}
