import Foundation

/// A workspace as the registry knows it: id, display name and times — nothing private.
public struct WorkspaceRecord: Sendable, Equatable, Codable {
    /// The workspace's id.
    public let id: WorkspaceID
    /// Its display name.
    public let name: String
    /// When it was created.
    public let createdAt: Date
    /// When its token was last rotated, if ever.
    public let rotatedAt: Date?

    /// Creates a record.
    public init(id: WorkspaceID, name: String, createdAt: Date, rotatedAt: Date?) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.rotatedAt = rotatedAt
    }

    /// The longest display name, in characters.
    public static let nameLimit = 100

    /// Validates a display name: one line, 1–100 characters.
    ///
    /// - Throws: ``InputError`` otherwise.
    public static func validatedName(_ name: String) throws(InputError) -> String {
        try TextField.label(name, field: "workspace name", limit: nameLimit)
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, createdAt = "created_at", rotatedAt = "rotated_at"
    }
}
