import Foundation

/// A memory document of a workspace: brand voice, a persona, competitive notes, campaign
/// history or a plain note.
public struct MemoryDocument: Sendable, Equatable, Codable {
    /// The document's id within its workspace.
    public let id: MemoryID
    /// What the document is about.
    public let kind: MemoryKind
    /// One-line title.
    public let title: String
    /// The text (untrusted: sanitize before showing, delimit before the model).
    public let body: String
    /// Lowercase tags.
    public let tags: [String]
    /// Whether the document is always included in the model's context.
    public let pinned: Bool
    /// When it was added.
    public let createdAt: Date
    /// When it last changed.
    public let updatedAt: Date

    /// Creates a document value.
    public init(id: MemoryID, kind: MemoryKind, title: String, body: String, tags: [String], pinned: Bool, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.kind = kind
        self.title = title
        self.body = body
        self.tags = tags
        self.pinned = pinned
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The document without its body.
    public var summary: MemorySummary {
        MemorySummary(id: id, kind: kind, title: title, tags: tags, pinned: pinned, updatedAt: updatedAt)
    }

    private enum CodingKeys: String, CodingKey {
        case id, kind, title, body, tags, pinned, createdAt = "created_at", updatedAt = "updated_at"
    }
}

/// A memory document without its body, for listings.
public struct MemorySummary: Sendable, Equatable, Codable {
    /// The document's id.
    public let id: MemoryID
    /// What it is about.
    public let kind: MemoryKind
    /// One-line title.
    public let title: String
    /// Lowercase tags.
    public let tags: [String]
    /// Whether it is pinned into every context.
    public let pinned: Bool
    /// When it last changed.
    public let updatedAt: Date

    /// Creates a summary value.
    public init(id: MemoryID, kind: MemoryKind, title: String, tags: [String], pinned: Bool, updatedAt: Date) {
        self.id = id
        self.kind = kind
        self.title = title
        self.tags = tags
        self.pinned = pinned
        self.updatedAt = updatedAt
    }

    private enum CodingKeys: String, CodingKey {
        case id, kind, title, tags, pinned, updatedAt = "updated_at"
    }
}

/// One result of a memory search: the document, a short excerpt and its rank.
public struct MemorySearchHit: Sendable, Equatable, Codable {
    /// The matching document.
    public let memory: MemorySummary
    /// A short excerpt around the match (untrusted text).
    public let snippet: String
    /// Relevance; higher is better. Only the order is meaningful.
    public let score: Double

    /// Creates a hit.
    public init(memory: MemorySummary, snippet: String, score: Double) {
        self.memory = memory
        self.snippet = snippet
        self.score = score
    }
}
