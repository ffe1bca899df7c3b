import AirlockCore

/// Where a part of the model context came from.
public enum ContextSource: Sendable, Equatable, Hashable {
    /// Airlock's own instructions.
    case instructions
    /// A pinned memory document (standing instructions: brand voice and the like).
    case pinnedMemory(MemoryID)
    /// A memory document retrieved for this message.
    case retrievedMemory(MemoryID)
    /// A message of the session's history.
    case message(SessionID, sequence: Int64)
    /// The new message, not yet saved.
    case newMessage
    /// The result of a tool call (inside a history message).
    case toolResult(callID: String)
    /// The schemas of the offered tools.
    case toolSchemas

    /// A short label for display (`memory m-abc`, `message 12`).
    public var label: String {
        switch self {
        case .instructions: return "instructions"
        case .pinnedMemory(let id): return "pinned memory \(id)"
        case .retrievedMemory(let id): return "retrieved memory \(id)"
        case .message(_, let sequence): return "message \(sequence)"
        case .newMessage: return "new message"
        case .toolResult(let callID): return "tool result \(callID)"
        case .toolSchemas: return "tool schemas"
        }
    }
}

/// One part of a model context with its provenance and estimated size.
public struct ContextPart: Sendable, Equatable {
    /// Where it came from.
    public let source: ContextSource
    /// The text as sent (memory and tool output already delimited as untrusted).
    public let text: String
    /// Estimated tokens.
    public let tokens: Int

    /// Creates a part, estimating its tokens.
    public init(source: ContextSource, text: String) {
        self.source = source
        self.text = text
        self.tokens = TokenEstimator.estimate(text) + TokenEstimator.perMessage
    }
}

/// How many tokens a context may use.
public struct ContextBudget: Sendable, Equatable {
    /// Tokens available for the request (everything sent).
    public let requestTokens: Int
    /// Tokens kept free for the answer.
    public let answerTokens: Int

    /// A budget for a model with `contextWindow` tokens: a quarter (at most 4,096) is kept
    /// for the answer unless `requestTokens` is given.
    public init(contextWindow: Int, requestTokens: Int? = nil) {
        let answer = min(4096, max(256, contextWindow / 4))
        self.answerTokens = answer
        self.requestTokens = requestTokens.map { min($0, contextWindow - answer) } ?? (contextWindow - answer)
    }
}

/// What was left out to fit the budget.
public struct ContextOmissions: Sendable, Equatable {
    /// History messages dropped (whole turns, oldest first).
    public var historyMessages = 0
    /// Retrieved memory documents left out.
    public var retrievedMemories = 0
    /// Pinned memory documents left out (when pinned memory alone overflows).
    public var pinnedMemories = 0

    /// Whether anything was left out.
    public var any: Bool { historyMessages + retrievedMemories + pinnedMemories > 0 }
}

/// The request for one model step, built fresh for every turn, with the provenance of
/// every part so the analyst can see exactly what was sent.
public struct ModelContext: Sendable {
    /// The workspace it was built from.
    public let workspace: WorkspaceID
    /// Every part, in the order it appears in the request.
    public let parts: [ContextPart]
    /// The request to send.
    public let request: ModelRequest
    /// The budget it was built for.
    public let budget: ContextBudget
    /// What did not fit.
    public let omissions: ContextOmissions

    /// Estimated tokens of everything sent.
    public var estimatedTokens: Int { parts.reduce(0) { $0 + $1.tokens } }
}
