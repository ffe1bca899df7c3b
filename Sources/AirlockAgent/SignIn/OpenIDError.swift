import AirlockCore

/// Why the identity provider could not be used (its discovery document or keys). Failures
/// of the user's credentials are ``SignInError/unknownAccountOrWrongCredentials`` instead.
public enum OpenIDError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The issuer's discovery document or key set is missing, malformed or inconsistent.
    case provider(issuer: String, reason: String)

    public var description: String {
        switch self {
        case .provider(let issuer, let reason):
            return "the identity provider \(TerminalText.quoted(issuer, limit: 200)) cannot be used: \(TerminalText.sanitized(reason, singleLine: true))"
        }
    }
}
