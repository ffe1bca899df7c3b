import AirlockCore

/// Why managing a user account failed (operator commands, which may name accounts).
public enum UserAccountError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An account with this email exists already.
    case exists(AccountEmail)
    /// There is no account with this email.
    case unknown(AccountEmail)
    /// The account is not a member of the workspace.
    case notMember(AccountEmail, WorkspaceID)
    /// The account would have no way to sign in.
    case noSignInMethod
    /// The password is shorter than the minimum or longer than the maximum.
    case passwordLength(minimum: Int, maximumBytes: Int)

    public var description: String {
        switch self {
        case .exists(let email):
            return "user \(email) exists already"
        case .unknown(let email):
            return "no user \(email); add it with `airlock user add \(email)`"
        case .notMember(let email, let workspace):
            return "user \(email) is not a member of workspace \(workspace)"
        case .noSignInMethod:
            return "a user needs a password, OpenID Connect sign-in (--oidc), or both"
        case .passwordLength(let minimum, let maximum):
            return "a password needs at least \(minimum) characters and at most \(maximum) bytes"
        }
    }
}
