import AirlockCore
import Foundation
import GRDB

extension SQLiteWorkspaceStore {
    public func createSession(title: String) throws -> ChatSession {
        let title = try ChatSession.validatedTitle(title)
        let key = SessionKey(workspace: workspaceID, session: .generate())
        let time = now
        return try audited(AuditEntry(.sessionCreate, "session/\(key.session)")) { db in
            try db.execute(
                sql: "INSERT INTO chat_session (workspace_id, id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [workspaceID.rawValue, key.session.rawValue, title, time, time]
            )
            return ChatSession(key: key, title: title, createdAt: Date(millisecondsSince1970: time),
                               updatedAt: Date(millisecondsSince1970: time), messageCount: 0)
        }
    }

    public func sessions() throws -> [ChatSession] {
        try audited(AuditEntry(.sessionList, "session")) { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, title, message_count, created_at, updated_at FROM chat_session
                    WHERE workspace_id = ? ORDER BY updated_at DESC, id
                    """,
                arguments: [workspaceID.rawValue]
            ).map(session(from:))
        }
    }

    public func session(_ key: SessionKey) throws -> ChatSession {
        try audited(AuditEntry(.sessionRead, "session/\(key.session)")) { db in
            try fetchSession(owned(key), in: db)
        }
    }

    public func renameSession(_ key: SessionKey, to title: String) throws -> ChatSession {
        let title = try ChatSession.validatedTitle(title)
        let time = now
        return try audited(AuditEntry(.sessionRename, "session/\(key.session)")) { db in
            let id = try owned(key)
            try db.execute(
                sql: "UPDATE chat_session SET title = ?, updated_at = ? WHERE workspace_id = ? AND id = ?",
                arguments: [title, time, workspaceID.rawValue, id.rawValue]
            )
            guard db.changesCount == 1 else { throw StoreError.sessionNotFound(id) }
            return try fetchSession(id, in: db)
        }
    }

    public func deleteSession(_ key: SessionKey) throws {
        try audited(AuditEntry(.sessionDelete, "session/\(key.session)")) { db in
            let id = try owned(key)
            try db.execute(sql: "DELETE FROM chat_session WHERE workspace_id = ? AND id = ?", arguments: [workspaceID.rawValue, id.rawValue])
            guard db.changesCount == 1 else { throw StoreError.sessionNotFound(id) }
        }
    }

    public func appendMessage(_ draft: MessageDraft, to key: SessionKey) throws -> ChatMessage {
        let time = now
        return try audited(AuditEntry(.messageAppend, "session/\(key.session)")) { db in
            let id = try owned(key)
            let session = try fetchSession(id, in: db)
            let message = ChatMessage(
                sequence: Int64(session.messageCount + 1), role: draft.role, content: draft.content,
                toolCalls: draft.toolCalls, toolResult: draft.toolResult, tokenCount: draft.tokenCount,
                createdAt: Date(millisecondsSince1970: time)
            )
            try db.execute(
                sql: """
                    INSERT INTO chat_message (workspace_id, session_id, seq, role, content, tool_calls, tool_result, token_count, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [workspaceID.rawValue, id.rawValue, message.sequence, draft.role.rawValue, draft.content,
                            try MessageRows.json(draft.toolCalls.isEmpty ? nil : draft.toolCalls),
                            try MessageRows.json(draft.toolResult), draft.tokenCount, time]
            )
            try db.execute(
                sql: "UPDATE chat_session SET message_count = message_count + 1, updated_at = ? WHERE workspace_id = ? AND id = ?",
                arguments: [time, workspaceID.rawValue, id.rawValue]
            )
            return message
        }
    }

    public func transcript(_ key: SessionKey, lastMessages: Int?) throws -> SessionTranscript {
        try audited(AuditEntry(.sessionRead, "session/\(key.session)")) { db in
            let id = try owned(key)
            let session = try fetchSession(id, in: db)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM (
                        SELECT seq, role, content, tool_calls, tool_result, token_count, created_at FROM chat_message
                        WHERE workspace_id = ? AND session_id = ? ORDER BY seq DESC LIMIT ?
                    ) ORDER BY seq
                    """,
                arguments: [workspaceID.rawValue, id.rawValue, lastMessages.map { max(0, $0) } ?? -1]
            )
            return SessionTranscript(session: session, messages: try rows.map(MessageRows.message(from:)))
        }
    }

    public func searchMessages(_ query: MessageSearchQuery) throws -> [MessageSearchHit] {
        try audited(AuditEntry(.messageSearch, "session")) { db in
            try MessageSearch(query: query, workspace: workspaceID).hits(in: db)
        }
    }

    /// The session id of `key` if `key` names this workspace; otherwise not found, exactly
    /// as for a session that does not exist.
    private func owned(_ key: SessionKey) throws -> SessionID {
        guard key.workspace == workspaceID else { throw StoreError.sessionNotFound(key.session) }
        return key.session
    }

    private func fetchSession(_ id: SessionID, in db: Database) throws -> ChatSession {
        guard let row = try Row.fetchOne(
            db,
            sql: "SELECT id, title, message_count, created_at, updated_at FROM chat_session WHERE workspace_id = ? AND id = ?",
            arguments: [workspaceID.rawValue, id.rawValue]
        ) else { throw StoreError.sessionNotFound(id) }
        return try session(from: row)
    }

    func session(from row: Row) throws -> ChatSession {
        ChatSession(
            key: SessionKey(workspace: workspaceID, session: try SessionID(try row.decode(forColumn: "id"))),
            title: try row.decode(forColumn: "title"),
            createdAt: Date(millisecondsSince1970: try row.decode(forColumn: "created_at")),
            updatedAt: Date(millisecondsSince1970: try row.decode(forColumn: "updated_at")),
            messageCount: try row.decode(forColumn: "message_count")
        )
    }
}

/// Decoding and encoding of `chat_message` rows.
enum MessageRows {
    static func message(from row: Row) throws -> ChatMessage {
        let role: String = try row.decode(forColumn: "role")
        guard let parsedRole = MessageRole(rawValue: role) else { throw StoreError.storage("unknown message role \(role)") }
        let calls: String? = try row.decode(forColumn: "tool_calls")
        let result: String? = try row.decode(forColumn: "tool_result")
        return ChatMessage(
            sequence: try row.decode(forColumn: "seq"),
            role: parsedRole,
            content: try row.decode(forColumn: "content"),
            toolCalls: try calls.map { try JSONDecoder().decode([ToolCallRecord].self, from: Data($0.utf8)) } ?? [],
            toolResult: try result.map { try JSONDecoder().decode(ToolResultRecord.self, from: Data($0.utf8)) },
            tokenCount: try row.decode(forColumn: "token_count"),
            createdAt: Date(millisecondsSince1970: try row.decode(forColumn: "created_at"))
        )
    }

    static func json(_ value: (some Encodable)?) throws -> String? {
        guard let value else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
