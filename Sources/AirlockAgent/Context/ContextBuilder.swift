import AirlockCore
import Foundation

/// Why a context could not be built.
public enum ContextError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The message and Airlock's instructions alone exceed the budget.
    case messageTooLarge(tokens: Int, budget: Int)
    /// The session has no message to answer.
    case nothingToAnswer

    public var description: String {
        switch self {
        case .messageTooLarge(let tokens, let budget):
            return "the message needs about \(tokens) tokens with the instructions, more than the \(budget) available; shorten it"
        case .nothingToAnswer:
            return "the session ends with no message from you to answer"
        }
    }
}

/// Builds the model request for one step, fresh every time, from one workspace's store.
///
/// The context holds: Airlock's instructions; the workspace's pinned memory (standing
/// instructions such as brand voice); memory retrieved for the message (full-text, top
/// `retrievalLimit`); recent history that fits the budget, dropped by whole turns from the
/// oldest; the tool schemas; and the message. Memory and tool output are wrapped as
/// untrusted data. Contexts are never cached — only pinned memory is, keyed by the
/// workspace's memory version in the runtime's ``ComponentCache``.
public struct ContextBuilder: Sendable {
    /// The token budget.
    public let budget: ContextBudget
    /// How many memory documents to retrieve for a message.
    public let retrievalLimit: Int
    /// How many recent messages to consider for history.
    public let historyWindow: Int

    /// Creates a builder.
    public init(budget: ContextBudget, retrievalLimit: Int = 5, historyWindow: Int = 400) {
        self.budget = budget
        self.retrievalLimit = retrievalLimit
        self.historyWindow = historyWindow
    }

    /// What the builder reads from: one workspace's store, its name, and its cache.
    public struct Source: Sendable {
        /// The workspace's store.
        public let store: any WorkspaceStore
        /// Its display name, for the instructions.
        public let workspaceName: String
        /// The runtime's component cache.
        public let cache: ComponentCache
        /// The tools to offer (empty for models that cannot call tools).
        public let tools: [ToolDefinition]

        /// Creates a source.
        public init(store: any WorkspaceStore, workspaceName: String, cache: ComponentCache, tools: [ToolDefinition]) {
            self.store = store
            self.workspaceName = workspaceName
            self.cache = cache
            self.tools = tools
        }
    }

    /// Builds the context for answering in `session` — the turn begun by its last user
    /// message (with any tool calls and results since), or `newMessage` when that is given
    /// (not yet saved).
    ///
    /// - Throws: ``ContextError`` or a store error.
    public func build(from source: Source, session: SessionKey?, newMessage: String?) async throws -> ModelContext {
        let store = source.store
        let untrusted = UntrustedText()
        var history: [ChatMessage] = []
        if let session {
            history = try await store.transcript(session, lastMessages: historyWindow).messages
        }
        var earlierTurns = Self.turns(of: history, session: session, untrusted: untrusted, toolsOffered: !source.tools.isEmpty)
        // The turn being answered is sent whole: the new message, or the session's last
        // user message with the tool calls and results that followed it.
        let current: [(ContextPart, ModelMessage)]
        if let newMessage {
            current = [(ContextPart(source: .newMessage, text: newMessage), ModelMessage(role: .user, content: newMessage))]
        } else if let last = earlierTurns.popLast(), let first = last.first, first.1.role == .user {
            current = last
        } else {
            throw ContextError.nothingToAnswer
        }
        let question = current[0].1.content

        let instructions = ContextPart(source: .instructions, text: Self.instructions(for: source.workspaceName, untrusted: untrusted))
        let toolPart = source.tools.isEmpty ? nil : ContextPart(
            source: .toolSchemas, text: JSONValue.array(source.tools.map { .object(["name": .string($0.name), "description": .string($0.description), "parameters": $0.parameters]) }).text
        )
        var remaining = budget.requestTokens - instructions.tokens - (toolPart?.tokens ?? 0) - current.reduce(0) { $0 + $1.0.tokens }
        guard remaining >= 0 else {
            throw ContextError.messageTooLarge(tokens: budget.requestTokens - remaining, budget: budget.requestTokens)
        }
        var omissions = ContextOmissions()

        let pinned = try await pinnedMemory(from: source)
        var pinnedParts: [ContextPart] = []
        for document in pinned {
            let part = ContextPart(source: .pinnedMemory(document.id), text: untrusted.wrap(document.body, source: Self.label(document, "pinned memory")))
            if part.tokens <= remaining {
                pinnedParts.append(part)
                remaining -= part.tokens
            } else {
                omissions.pinnedMemories += 1
            }
        }

        var retrievedParts: [ContextPart] = []
        if let query = RetrievalTerms.query(for: question, limit: retrievalLimit + pinned.count) {
            let pinnedIDs = Set(pinned.map(\.id))
            for document in try await store.retrieveMemory(query).filter({ !pinnedIDs.contains($0.id) }).prefix(retrievalLimit) {
                let part = ContextPart(source: .retrievedMemory(document.id), text: untrusted.wrap(document.body, source: Self.label(document, "memory")))
                if part.tokens <= remaining {
                    retrievedParts.append(part)
                    remaining -= part.tokens
                } else {
                    omissions.retrievedMemories += 1
                }
            }
        }

        var keptTurns: [[(ContextPart, ModelMessage)]] = []
        for (index, turn) in earlierTurns.enumerated().reversed() {
            let cost = turn.reduce(0) { $0 + $1.0.tokens }
            guard cost <= remaining else {
                omissions.historyMessages += earlierTurns[...index].reduce(0) { $0 + $1.count }
                break
            }
            keptTurns.insert(turn, at: 0)
            remaining -= cost
        }

        let system = ([instructions.text] + Self.section("Standing instructions and notes for this client:", pinnedParts)
            + Self.section("Memory that may be relevant to the message:", retrievedParts)).joined(separator: "\n\n")
        let kept = keptTurns.flatMap { $0 } + current
        let request = ModelRequest(
            messages: [ModelMessage(role: .system, content: system)] + kept.map(\.1),
            tools: source.tools.map(\.modelTool),
            maxTokens: budget.answerTokens
        )
        let parts = [instructions] + pinnedParts + retrievedParts + (toolPart.map { [$0] } ?? []) + kept.map(\.0)
        return ModelContext(workspace: store.workspaceID, parts: parts, request: request, budget: budget, omissions: omissions)
    }

    /// Pinned memory, from the cache while the workspace's memory version is unchanged.
    private func pinnedMemory(from source: Source) async throws -> [MemoryDocument] {
        let version = try await source.store.memoryVersion()
        if let cached = await source.cache.value("pinned-memory", version: version, as: [MemoryDocument].self) {
            return cached
        }
        let documents = try await source.store.pinnedMemory()
        await source.cache.store(documents, as: "pinned-memory", version: version)
        return documents
    }

    /// History split into turns — each starting at a user message — as parts and messages.
    private static func turns(of history: [ChatMessage], session: SessionKey?, untrusted: UntrustedText, toolsOffered: Bool) -> [[(ContextPart, ModelMessage)]] {
        guard let session else { return [] }
        var turns: [[(ContextPart, ModelMessage)]] = []
        for message in history where message.role != .system {
            let source = ContextSource.message(session.session, sequence: message.sequence)
            let entry: (ContextPart, ModelMessage)
            switch message.role {
            case .user, .system:
                entry = (ContextPart(source: source, text: message.content), ModelMessage(role: .user, content: message.content))
            case .assistant:
                let calls = message.toolCalls.map { "\($0.name)(\($0.arguments))" }.joined(separator: "\n")
                if toolsOffered {
                    entry = (ContextPart(source: source, text: message.content + calls), ModelMessage(role: .assistant, content: message.content, toolCalls: message.toolCalls))
                } else {
                    let text = calls.isEmpty ? message.content : message.content + "\n[tool calls]\n" + calls
                    entry = (ContextPart(source: source, text: text), ModelMessage(role: .assistant, content: text))
                }
            case .tool:
                let result = message.toolResult
                let wrapped = untrusted.wrap(result?.content ?? message.content, source: "tool result \(result?.callID ?? "?")\(result?.isError == true ? " (error)" : "")")
                let part = ContextPart(source: .toolResult(callID: result?.callID ?? "?"), text: wrapped)
                entry = toolsOffered
                    ? (part, ModelMessage(role: .tool, content: wrapped, toolCallID: result?.callID))
                    : (part, ModelMessage(role: .user, content: "Tool result:\n" + wrapped))
            }
            if message.role == .user || turns.isEmpty { turns.append([entry]) } else { turns[turns.count - 1].append(entry) }
        }
        return turns
    }

    private static func instructions(for workspaceName: String, untrusted: UntrustedText) -> String {
        """
        You are the assistant of a marketing analyst working for one client: \(workspaceName).
        Everything you know about this client comes from this conversation and the memory below; \
        you know nothing about the analyst's other clients and must not guess about them.
        Follow the client's brand voice and standing instructions. Be accurate and concise; say when you do not know.
        \(untrusted.instruction)
        """
    }

    private static func label(_ document: MemoryDocument, _ kind: String) -> String {
        "\(kind) \(document.id) (\(document.kind)): \(document.title)"
    }

    private static func section(_ heading: String, _ parts: [ContextPart]) -> [String] {
        parts.isEmpty ? [] : [heading + "\n" + parts.map(\.text).joined(separator: "\n")]
    }
}
