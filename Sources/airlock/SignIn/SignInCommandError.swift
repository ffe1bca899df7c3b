/// Failures of the user and sign-in commands' own input, each a message the user can act on.
enum SignInCommandError: Error, CustomStringConvertible {
    case passwordNotOneLine
    case passwordsDiffer
    case missingClientID
    case ambiguousLogin

    var description: String {
        switch self {
        case .passwordNotOneLine:
            return "the password on stdin must be one line"
        case .passwordsDiffer:
            return "the two passwords differ; nothing was changed"
        case .missingClientID:
            return "OpenID Connect sign-in needs a client id: set oidc.client_id in the configuration or AIRLOCK_OIDC_CLIENT_ID"
        case .ambiguousLogin:
            return "sign in with one of: `airlock login EMAIL`, `airlock login --oidc [EMAIL]`, `airlock login --workspace ID`"
        }
    }
}
