/// How a runtime's agent behaves: model, budget, tools and approvals.
public struct AgentSettings: Sendable {
    /// The model to talk to.
    public let provider: any ModelProvider
    /// Tokens the context may use; nil takes the model's context window minus room for
    /// the answer.
    public let contextBudget: Int?
    /// Memory documents retrieved per message.
    public let retrievalLimit: Int
    /// Model steps per turn before the turn stops.
    public let stepLimit: Int
    /// Which tool calls ask the analyst, and for how long.
    public let approvalPolicy: ApprovalPolicy

    /// Creates settings.
    public init(provider: any ModelProvider, contextBudget: Int? = nil, retrievalLimit: Int = 5, stepLimit: Int = 8, approvalPolicy: ApprovalPolicy = ApprovalPolicy()) {
        self.provider = provider
        self.contextBudget = contextBudget
        self.retrievalLimit = retrievalLimit
        self.stepLimit = stepLimit
        self.approvalPolicy = approvalPolicy
    }

    /// The context builder for these settings.
    var builder: ContextBuilder {
        ContextBuilder(budget: ContextBudget(contextWindow: provider.descriptor.contextWindow, requestTokens: contextBudget), retrievalLimit: retrievalLimit)
    }
}
