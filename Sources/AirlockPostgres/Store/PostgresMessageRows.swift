import AirlockCore
import Foundation
import PostgresNIO

/// Decoding and encoding of `airlock.chat_session` and `airlock.chat_message` rows.
enum PostgresMessageRows {
    /// The columns of a session, in the order ``session(from:workspace:)`` decodes them.
    static let sessionColumns = "id, title, message_count, created_at, updated_at"
    /// The columns of a message, in the order ``message(from:)`` decodes them.
    static let messageColumns = "seq, role, content, tool_calls, tool_result, token_count, created_at"

    static func session(from row: PostgresRow, workspace: WorkspaceID) throws -> ChatSession {
        let (id, title, count, createdAt, updatedAt) = try row.decode((String, String, Int32, Int64, Int64).self)
        return ChatSession(key: SessionKey(workspace: workspace, session: try SessionID(id)), title: title,
                           createdAt: Date(millisecondsSince1970: createdAt), updatedAt: Date(millisecondsSince1970: updatedAt),
                           messageCount: Int(count))
    }

    static func message(from row: PostgresRow) throws -> ChatMessage {
        let (sequence, role, content, calls, result, tokens, createdAt) =
            try row.decode((Int32, String, String, String?, String?, Int32?, Int64).self)
        return ChatMessage(
            sequence: Int64(sequence), role: try self.role(role), content: content,
            toolCalls: try calls.map { try JSONDecoder().decode([ToolCallRecord].self, from: Data($0.utf8)) } ?? [],
            toolResult: try result.map { try JSONDecoder().decode(ToolResultRecord.self, from: Data($0.utf8)) },
            tokenCount: tokens.map(Int.init), createdAt: Date(millisecondsSince1970: createdAt)
        )
    }

    static func role(_ text: String) throws -> MessageRole {
        guard let role = MessageRole(rawValue: text) else { throw StoreError.storage("unknown message role \(text)") }
        return role
    }

    /// `value` as sorted-key JSON text, or nil.
    static func json(_ value: (some Encodable)?) throws -> String? {
        guard let value else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Session `id`, or ``StoreError/sessionNotFound(_:)``.
    static func fetchSession(_ id: SessionID, in tx: TenantTransaction) async throws -> ChatSession {
        let rows = try await tx.rows("""
            SELECT \(unescaped: sessionColumns) FROM airlock.chat_session WHERE workspace_id = \(tx.id) AND id = \(id.rawValue)
            """)
        guard let row = rows.first else { throw StoreError.sessionNotFound(id) }
        return try session(from: row, workspace: tx.workspace)
    }
}
