import Foundation

/// Why a sign-in was refused.
///
/// Every way an account sign-in can fail — unknown email, wrong password, an account
/// without that sign-in method, an identity token that does not verify, an account the
/// identity provider vouches for but that is not registered — is the one case
/// ``unknownAccountOrWrongCredentials``, so nothing can be learnt about which accounts
/// exist. (Token sign-ins keep ``AuthenticationError/unknownWorkspaceOrInvalidToken``.)
public enum SignInError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The account does not exist or the credentials do not unlock it.
    case unknownAccountOrWrongCredentials
    /// Too many failed sign-ins to this account; refused until `until`.
    case accountLocked(until: Date, secondsLeft: Int)
    /// Too many failed token sign-ins to this workspace; refused until `until`.
    case workspaceLocked(until: Date, secondsLeft: Int)

    public var description: String {
        switch self {
        case .unknownAccountOrWrongCredentials:
            return "unknown account or wrong credentials"
        case .accountLocked(_, let seconds):
            return "account locked after repeated failed sign-ins; try again in \(Self.duration(seconds))"
        case .workspaceLocked(_, let seconds):
            return "workspace locked after repeated failed sign-ins; try again in \(Self.duration(seconds))"
        }
    }

    /// `45 s` below two minutes, else whole minutes rounded up (`3 min`).
    static func duration(_ seconds: Int) -> String {
        seconds < 120 ? "\(max(1, seconds)) s" : "\((seconds + 59) / 60) min"
    }
}
