/// The limit of each request class, applied per workspace (and per account for sign-in).
///
/// Defaults: 60 API operations, 30 chat messages and 5 sign-in attempts a minute.
public struct RateLimitRules: Sendable, Equatable {
    /// Operations on a workspace's data.
    public var api: RateRule
    /// Chat messages sent to the agent.
    public var chat: RateRule
    /// Sign-in attempts and presented tokens.
    public var signIn: RateRule

    /// Creates rules; each defaults to its per-minute default.
    public init(api: RateRule = RateRule(limit: 60, windowMilliseconds: 60_000),
                chat: RateRule = RateRule(limit: 30, windowMilliseconds: 60_000),
                signIn: RateRule = RateRule(limit: 5, windowMilliseconds: 60_000)) {
        self.api = api
        self.chat = chat
        self.signIn = signIn
    }

    /// The rule of `requestClass`.
    public func rule(for requestClass: RequestClass) -> RateRule {
        switch requestClass {
        case .api: api
        case .chat: chat
        case .signIn: signIn
        }
    }
}
