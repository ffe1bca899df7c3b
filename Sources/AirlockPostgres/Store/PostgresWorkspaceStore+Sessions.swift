import AirlockCore
import Foundation

extension PostgresWorkspaceStore {
    /// Starts a new, empty chat session.
    public func createSession(title: String) async throws -> ChatSession {
        let title = try ChatSession.validatedTitle(title)
        let key = SessionKey(workspace: workspaceID, session: .generate())
        let time = now
        return try await audited(AuditEntry(.sessionCreate, "session/\(key.session)")) { tx in
            try await tx.rows("""
                INSERT INTO airlock.chat_session (workspace_id, id, title, created_at, updated_at)
                VALUES (\(tx.id), \(key.session.rawValue), \(title), \(time), \(time))
                """)
            return ChatSession(key: key, title: title, createdAt: Date(millisecondsSince1970: time),
                               updatedAt: Date(millisecondsSince1970: time), messageCount: 0)
        }
    }

    /// All sessions, most recently active first.
    public func sessions() async throws -> [ChatSession] {
        try await audited(AuditEntry(.sessionList, "session")) { tx in
            try await tx.rows("""
                SELECT \(unescaped: PostgresMessageRows.sessionColumns) FROM airlock.chat_session
                WHERE workspace_id = \(tx.id) ORDER BY updated_at DESC, id
                """).map { try PostgresMessageRows.session(from: $0, workspace: tx.workspace) }
        }
    }

    /// The session `key` — after checking it belongs to this workspace.
    public func session(_ key: SessionKey) async throws -> ChatSession {
        let id = try owned(key)
        return try await audited(AuditEntry(.sessionRead, "session/\(key.session)")) { tx in
            try await PostgresMessageRows.fetchSession(id, in: tx)
        }
    }

    /// Gives session `key` a new title.
    public func renameSession(_ key: SessionKey, to title: String) async throws -> ChatSession {
        let title = try ChatSession.validatedTitle(title)
        let time = now
        let id = try owned(key)
        return try await audited(AuditEntry(.sessionRename, "session/\(key.session)")) { tx in
            let renamed = try await tx.rows("""
                UPDATE airlock.chat_session SET title = \(title), updated_at = \(time)
                WHERE workspace_id = \(tx.id) AND id = \(id.rawValue) RETURNING id
                """)
            guard renamed.count == 1 else { throw StoreError.sessionNotFound(id) }
            return try await PostgresMessageRows.fetchSession(id, in: tx)
        }
    }

    /// Deletes session `key` and its messages.
    public func deleteSession(_ key: SessionKey) async throws {
        let id = try owned(key)
        try await audited(AuditEntry(.sessionDelete, "session/\(key.session)")) { tx in
            let deleted = try await tx.rows("DELETE FROM airlock.chat_session WHERE workspace_id = \(tx.id) AND id = \(id.rawValue) RETURNING id")
            guard deleted.count == 1 else { throw StoreError.sessionNotFound(id) }
        }
    }

    /// Appends a message to session `key`.
    public func appendMessage(_ draft: MessageDraft, to key: SessionKey) async throws -> ChatMessage {
        let time = now
        let id = try owned(key)
        let calls = try PostgresMessageRows.json(draft.toolCalls.isEmpty ? nil : draft.toolCalls)
        let result = try PostgresMessageRows.json(draft.toolResult)
        return try await audited(AuditEntry(.messageAppend, "session/\(key.session)")) { tx in
            // Locking the session row numbers concurrent appends one after the other.
            let locked = try await tx.rows("""
                UPDATE airlock.chat_session SET message_count = message_count + 1, updated_at = \(time)
                WHERE workspace_id = \(tx.id) AND id = \(id.rawValue) RETURNING message_count
                """)
            guard let row = locked.first else { throw StoreError.sessionNotFound(id) }
            let sequence = try row.decode(Int32.self)
            let tokens = draft.tokenCount.map(Int32.init)
            try await tx.rows("""
                INSERT INTO airlock.chat_message (workspace_id, session_id, seq, role, content, tool_calls, tool_result, token_count, created_at)
                VALUES (\(tx.id), \(id.rawValue), \(sequence), \(draft.role.rawValue), \(draft.content), \(calls), \(result), \(tokens), \(time))
                """)
            return ChatMessage(sequence: Int64(sequence), role: draft.role, content: draft.content, toolCalls: draft.toolCalls,
                               toolResult: draft.toolResult, tokenCount: draft.tokenCount, createdAt: Date(millisecondsSince1970: time))
        }
    }

    /// Session `key` with its messages (all of them, or only the last `lastMessages`).
    public func transcript(_ key: SessionKey, lastMessages: Int?) async throws -> SessionTranscript {
        let id = try owned(key)
        let limit = lastMessages.map { Int64(max(0, $0)) }
        return try await audited(AuditEntry(.sessionRead, "session/\(key.session)")) { tx in
            let session = try await PostgresMessageRows.fetchSession(id, in: tx)
            let rows = try await tx.rows("""
                SELECT * FROM (
                    SELECT \(unescaped: PostgresMessageRows.messageColumns) FROM airlock.chat_message
                    WHERE workspace_id = \(tx.id) AND session_id = \(id.rawValue) ORDER BY seq DESC LIMIT \(limit)::bigint
                ) AS recent ORDER BY seq
                """)
            return SessionTranscript(session: session, messages: try rows.map(PostgresMessageRows.message(from:)))
        }
    }

    /// Full-text search over the messages of every session of this workspace.
    public func searchMessages(_ query: MessageSearchQuery) async throws -> [MessageSearchHit] {
        try await audited(AuditEntry(.messageSearch, "session")) { tx in
            try await PostgresMessageSearch(query: query).hits(in: tx)
        }
    }

    /// The session id of `key` if `key` names this workspace; otherwise not found, exactly
    /// as for a session that does not exist.
    private func owned(_ key: SessionKey) throws -> SessionID {
        guard key.workspace == workspaceID else { throw StoreError.sessionNotFound(key.session) }
        return key.session
    }
}
