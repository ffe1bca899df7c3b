import AirlockCore
import Foundation

/// A chat session as a JSON Lines file: a header line (title and times), then one line
/// per message in order.
///
/// ```
/// {"created_at":1767225600000,"title":"Launch plan","type":"session","updated_at":1767225660000}
/// {"content":"Hello","created_at":1767225660000,"role":"user","seq":1,"type":"message"}
/// ```
struct SessionFile {
    /// The header line.
    struct Header: Codable {
        var type = "session"
        var title: String
        let createdAt: Int64
        var updatedAt: Int64

        private enum CodingKeys: String, CodingKey {
            case type, title, createdAt = "created_at", updatedAt = "updated_at"
        }
    }

    /// One message line.
    struct Line: Codable {
        var type = "message"
        let seq: Int64
        let role: MessageRole
        let content: String
        let toolCalls: [ToolCallRecord]?
        let toolResult: ToolResultRecord?
        let tokenCount: Int?
        let createdAt: Int64

        private enum CodingKeys: String, CodingKey {
            case type, seq, role, content, toolCalls = "tool_calls", toolResult = "tool_result", tokenCount = "token_count", createdAt = "created_at"
        }

        init(_ message: ChatMessage) {
            seq = message.sequence
            role = message.role
            content = message.content
            toolCalls = message.toolCalls.isEmpty ? nil : message.toolCalls
            toolResult = message.toolResult
            tokenCount = message.tokenCount
            createdAt = message.createdAt.millisecondsSince1970
        }

        var message: ChatMessage {
            ChatMessage(sequence: seq, role: role, content: content, toolCalls: toolCalls ?? [], toolResult: toolResult,
                        tokenCount: tokenCount, createdAt: Date(millisecondsSince1970: createdAt))
        }
    }

    var header: Header
    var messages: [ChatMessage]

    /// The session value, addressed in `workspace`.
    func session(_ id: SessionID, in workspace: WorkspaceID) -> ChatSession {
        ChatSession(key: SessionKey(workspace: workspace, session: id), title: header.title,
                    createdAt: Date(millisecondsSince1970: header.createdAt), updatedAt: Date(millisecondsSince1970: header.updatedAt),
                    messageCount: messages.count)
    }

    /// The file's bytes.
    func encoded() throws -> [UInt8] {
        var bytes = try FileJSON.line(header)
        for message in messages { bytes += try FileJSON.line(Line(message)) }
        return bytes
    }

    /// The session stored as `bytes`.
    static func decode(_ bytes: [UInt8]) throws -> SessionFile {
        let lines = FileJSON.lines(bytes)
        guard let first = lines.first else { throw StoreError.storage("a session file is empty") }
        return SessionFile(
            header: try FileJSON.decode(Header.self, from: first),
            messages: try lines.dropFirst().map { try FileJSON.decode(Line.self, from: $0).message }
        )
    }
}
