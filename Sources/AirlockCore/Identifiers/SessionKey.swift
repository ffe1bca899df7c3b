/// The identifier of a chat session within its workspace (`s-` and 12 random characters
/// when generated).
public struct SessionID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The validated slug.
    public let rawValue: String

    /// Validates `rawValue` as a session id.
    ///
    /// - Throws: ``IdentifierError`` naming what was wrong.
    public init(_ rawValue: String) throws(IdentifierError) {
        self.rawValue = try Slug.validate(rawValue, kind: "session id", minLength: 2, maxLength: 63)
    }

    /// A fresh random id.
    public static func generate() -> SessionID {
        try! SessionID("s-" + Slug.random(count: 12))
    }

    public var description: String { rawValue }

    public static func < (lhs: SessionID, rhs: SessionID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The full address of a chat session: the workspace that owns it and its id there.
///
/// Stores check `workspace` against their own workspace before loading any history, so a
/// key naming another workspace finds nothing — exactly as a key naming no session.
public struct SessionKey: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The workspace that owns the session.
    public let workspace: WorkspaceID
    /// The session's id within that workspace.
    public let session: SessionID

    /// Creates a key from its two parts.
    public init(workspace: WorkspaceID, session: SessionID) {
        self.workspace = workspace
        self.session = session
    }

    public var description: String { "\(workspace)/\(session)" }
}
