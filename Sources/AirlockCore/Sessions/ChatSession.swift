import Foundation

/// A chat session of a workspace.
public struct ChatSession: Sendable, Equatable, Encodable {
    /// The session's full address.
    public let key: SessionKey
    /// One-line title.
    public let title: String
    /// When it was started.
    public let createdAt: Date
    /// When its last message was added or it was renamed.
    public let updatedAt: Date
    /// How many messages it holds.
    public let messageCount: Int

    /// Creates a session value.
    public init(key: SessionKey, title: String, createdAt: Date, updatedAt: Date, messageCount: Int) {
        self.key = key
        self.title = title
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.messageCount = messageCount
    }

    /// The longest title, in characters.
    public static let titleLimit = 200

    /// Validates a session title.
    ///
    /// - Throws: ``InputError`` if it is empty, too long or not one line.
    public static func validatedTitle(_ title: String) throws(InputError) -> String {
        try TextField.label(title, field: "session title", limit: titleLimit)
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, createdAt = "created_at", updatedAt = "updated_at", messageCount = "message_count"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key.session, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(messageCount, forKey: .messageCount)
    }
}
