/// Why a token or key was refused. Messages never contain the secret itself.
public enum SecretError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformedToken
    case malformedMasterKey(source: String)

    public var description: String {
        switch self {
        case .malformedToken:
            return "invalid token format: a workspace token is 64 lowercase hexadecimal characters"
        case .malformedMasterKey(let source):
            return "invalid master key in \(source): expected 32 bytes (64 lowercase hexadecimal characters in AIRLOCK_MASTER_KEY)"
        }
    }
}
