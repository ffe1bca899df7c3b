/// Why access to a workspace was refused.
///
/// A wrong token and an unknown workspace are the same case on purpose: nobody can learn
/// whether a workspace exists without its token.
public enum AuthenticationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The workspace does not exist or the token does not unlock it.
    case unknownWorkspaceOrInvalidToken
    /// The grant was minted by another home's authenticator or before the token changed.
    case grantNoLongerValid

    public var description: String {
        switch self {
        case .unknownWorkspaceOrInvalidToken:
            return "unknown workspace or invalid token"
        case .grantNoLongerValid:
            return "access grant is no longer valid (token rotated or workspace removed); sign in again"
        }
    }
}
