/// A validated search over a workspace's chat messages; every term must match.
public struct MessageSearchQuery: Sendable, Equatable {
    /// The validated terms and limit.
    public let text: SearchText

    /// Validates a query.
    ///
    /// - Throws: ``InputError`` if the text is empty or too long, or `limit` is out of range.
    public init(_ text: String, limit: Int = 20) throws(InputError) {
        self.text = try SearchText(text, limit: limit, matching: .all)
    }
}

/// One message found by a session search.
public struct MessageSearchHit: Sendable, Equatable, Codable {
    /// The session holding the message.
    public let session: SessionID
    /// That session's title.
    public let sessionTitle: String
    /// The message's position in its session.
    public let sequence: Int64
    /// Who wrote it.
    public let role: MessageRole
    /// A short excerpt around the match (untrusted text).
    public let snippet: String
    /// Relevance; higher is better. Only the order is meaningful.
    public let score: Double

    /// Creates a hit.
    public init(session: SessionID, sessionTitle: String, sequence: Int64, role: MessageRole, snippet: String, score: Double) {
        self.session = session
        self.sessionTitle = sessionTitle
        self.sequence = sequence
        self.role = role
        self.snippet = snippet
        self.score = score
    }

    private enum CodingKeys: String, CodingKey {
        case session, sessionTitle = "session_title", sequence = "seq", role, snippet, score
    }
}
