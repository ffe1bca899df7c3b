/// What a rate limit counts. Each operation counts in exactly one class.
public enum RequestClass: String, Sendable, Codable, CaseIterable {
    /// Any operation on a workspace's data (a CLI command, a console action, a tool call).
    case api
    /// A chat message sent to the agent.
    case chat
    /// An attempt to sign in or to present a workspace token.
    case signIn = "sign-in"

    /// What the class counts, in the plural: `API operations`, `chat messages`, `sign-in attempts`.
    public var noun: String {
        switch self {
        case .api: "API operations"
        case .chat: "chat messages"
        case .signIn: "sign-in attempts"
        }
    }
}
