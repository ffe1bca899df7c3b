import Foundation

/// Who wrote a message.
public enum MessageRole: String, Sendable, Codable, CaseIterable {
    case system, user, assistant, tool
}

/// A tool call the model asked for.
public struct ToolCallRecord: Sendable, Equatable, Codable {
    /// The call's id, unique within its message.
    public let id: String
    /// The tool's name.
    public let name: String
    /// The arguments as the model wrote them (JSON text, untrusted).
    public let arguments: String

    /// Creates a tool call record.
    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// What a tool returned for one call (untrusted text).
public struct ToolResultRecord: Sendable, Equatable, Codable {
    /// The id of the call this answers.
    public let callID: String
    /// The returned text.
    public let content: String
    /// Whether the tool failed.
    public let isError: Bool

    /// Creates a tool result record.
    public init(callID: String, content: String, isError: Bool) {
        self.callID = callID
        self.content = content
        self.isError = isError
    }

    private enum CodingKeys: String, CodingKey {
        case callID = "call_id", content, isError = "is_error"
    }
}

/// One message of a chat session.
public struct ChatMessage: Sendable, Equatable, Codable {
    /// Position in the session, from 1.
    public let sequence: Int64
    /// Who wrote it.
    public let role: MessageRole
    /// The text (untrusted).
    public let content: String
    /// Tool calls requested by an assistant message.
    public let toolCalls: [ToolCallRecord]
    /// The result carried by a tool message.
    public let toolResult: ToolResultRecord?
    /// Tokens the message counts for, when known.
    public let tokenCount: Int?
    /// When it was added.
    public let createdAt: Date

    /// Creates a message value.
    public init(sequence: Int64, role: MessageRole, content: String, toolCalls: [ToolCallRecord], toolResult: ToolResultRecord?, tokenCount: Int?, createdAt: Date) {
        self.sequence = sequence
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolResult = toolResult
        self.tokenCount = tokenCount
        self.createdAt = createdAt
    }

    private enum CodingKeys: String, CodingKey {
        case sequence = "seq", role, content, toolCalls = "tool_calls", toolResult = "tool_result", tokenCount = "token_count", createdAt = "created_at"
    }
}

/// A validated message to append to a session.
public struct MessageDraft: Sendable, Equatable {
    /// The largest content, in UTF-8 bytes (4 MiB).
    public static let contentByteLimit = 4 << 20

    /// Who wrote it.
    public let role: MessageRole
    /// The text.
    public let content: String
    /// Tool calls requested by an assistant message.
    public let toolCalls: [ToolCallRecord]
    /// The result carried by a tool message.
    public let toolResult: ToolResultRecord?
    /// Tokens the message counts for, when known.
    public let tokenCount: Int?

    /// Validates a message.
    ///
    /// - Throws: ``InputError`` if the content is too large or holds NUL, or if tool
    ///   calls or a result are attached to the wrong role.
    public init(role: MessageRole, content: String, toolCalls: [ToolCallRecord] = [], toolResult: ToolResultRecord? = nil, tokenCount: Int? = nil) throws(InputError) {
        self.content = try TextField.body(content, field: "message", byteLimit: Self.contentByteLimit)
        guard toolCalls.isEmpty || role == .assistant else {
            throw InputError(field: "message", reason: "only assistant messages carry tool calls")
        }
        guard (toolResult == nil) == (role != .tool) else {
            throw InputError(field: "message", reason: "a tool message carries exactly one tool result, and only a tool message does")
        }
        if let tokenCount, tokenCount < 0 {
            throw InputError(field: "token count", reason: "\(tokenCount) is negative")
        }
        self.role = role
        self.toolCalls = toolCalls
        self.toolResult = toolResult
        self.tokenCount = tokenCount
    }
}

/// A session with its messages, as loaded for showing or exporting.
public struct SessionTranscript: Sendable, Equatable {
    /// The session.
    public let session: ChatSession
    /// Its messages in order.
    public let messages: [ChatMessage]

    /// Creates a transcript.
    public init(session: ChatSession, messages: [ChatMessage]) {
        self.session = session
        self.messages = messages
    }
}
