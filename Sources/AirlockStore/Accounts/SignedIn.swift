import AirlockCore

/// A workspace a sign-in opened: its grant and its token (for the keyring). The token is
/// redacted in descriptions like every ``WorkspaceToken``.
public struct WorkspaceAccess: Sendable, CustomStringConvertible {
    /// A grant for the signed-in user (actor `user:<email>`).
    public let grant: WorkspaceGrant
    /// The workspace's token, recovered from the membership.
    public let token: WorkspaceToken

    /// The workspace's id.
    public var workspaceID: WorkspaceID { grant.workspaceID }

    public var description: String { "WorkspaceAccess(\(grant.workspaceID))" }
}

/// The outcome of a successful account sign-in.
public struct SignedIn: Sendable {
    /// The account signed in.
    public let email: AccountEmail
    /// The workspaces it opened, by id.
    public let workspaces: [WorkspaceAccess]
    /// Memberships whose sealed token no longer opens the workspace (its token was
    /// rotated after the grant); the operator grants them again.
    public let outdated: [WorkspaceID]
}
