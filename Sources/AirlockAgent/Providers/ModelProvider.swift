import AirlockCore
import Foundation

/// A language model that streams its answer: any OpenAI-compatible server or Anthropic.
///
/// Implementations stream events as they arrive, retry 429 and 5xx answers with backoff
/// only before the first event, time out on connect and on an idle stream, and close the
/// connection when the consuming task is cancelled.
public protocol ModelProvider: Sendable {
    /// What the provider talks to.
    var descriptor: ModelDescriptor { get }

    /// Streams the model's answer to `request`.
    func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error>

    /// Closes the provider's connections; call it once, when done with the provider.
    func shutdown() async
}

/// What a provider serves: its kind, model name, context window, and whether it can call tools.
public struct ModelDescriptor: Sendable, Equatable {
    /// `local`, `openai` or `anthropic`.
    public let provider: String
    /// The model name sent with each request.
    public let model: String
    /// The model's context window in tokens.
    public let contextWindow: Int
    /// Whether the model can be offered tools. Small local models cannot decide when to
    /// call one, so no tools are sent to them.
    public let supportsTools: Bool

    /// Creates a descriptor.
    public init(provider: String, model: String, contextWindow: Int, supportsTools: Bool) {
        self.provider = provider
        self.model = model
        self.contextWindow = contextWindow
        self.supportsTools = supportsTools
    }
}

/// One message of a model request.
public struct ModelMessage: Sendable, Equatable {
    /// Who speaks.
    public enum Role: String, Sendable { case system, user, assistant, tool }

    /// Who speaks.
    public let role: Role
    /// The text.
    public let content: String
    /// Tool calls an assistant message made.
    public let toolCalls: [ToolCallRecord]
    /// For a tool message: the call it answers.
    public let toolCallID: String?

    /// Creates a message.
    public init(role: Role, content: String, toolCalls: [ToolCallRecord] = [], toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }
}

/// A tool as offered to the model: name, description and JSON Schema of its arguments.
public struct ModelTool: Sendable, Equatable {
    /// The tool's name.
    public let name: String
    /// What it does, for the model.
    public let description: String
    /// JSON Schema of its arguments (an object schema).
    public let parameters: JSONValue

    /// Creates a tool offer.
    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// A request to a model.
public struct ModelRequest: Sendable, Equatable {
    /// The conversation; a leading `.system` message is the system prompt.
    public let messages: [ModelMessage]
    /// Tools the model may call (empty: none offered).
    public let tools: [ModelTool]
    /// The most tokens to generate.
    public let maxTokens: Int

    /// Creates a request.
    public init(messages: [ModelMessage], tools: [ModelTool] = [], maxTokens: Int = 1024) {
        self.messages = messages
        self.tools = tools
        self.maxTokens = maxTokens
    }
}

/// Something a model stream produced.
public enum ModelEvent: Sendable, Equatable {
    /// More answer text.
    case text(String)
    /// A complete tool call (arguments fully assembled from the streamed deltas).
    case toolCall(ToolCallRecord)
    /// The end of the answer, with token usage when the server reports it.
    case finished(FinishReason, ModelUsage?)
}

/// Why a model stopped.
public enum FinishReason: String, Sendable, Equatable {
    case stop, length, toolCalls = "tool_calls", other
}

/// Token counts reported by a server.
public struct ModelUsage: Sendable, Equatable {
    /// Tokens in the request.
    public let inputTokens: Int
    /// Tokens generated.
    public let outputTokens: Int

    /// Creates a usage report.
    public init(inputTokens: Int, outputTokens: Int) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}

/// Why a model request failed. Messages never include API keys.
public enum ProviderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The server could not be reached in time.
    case connectFailed(url: String, reason: String)
    /// The server answered with an error status (after retries, for 429 and 5xx).
    case httpStatus(Int, body: String)
    /// The stream went silent for longer than the idle timeout.
    case idleTimeout(seconds: Int)
    /// The connection closed before the answer finished.
    case connectionClosed
    /// The server sent something that is not the expected protocol.
    case malformedResponse(String)
    /// The provider is not configured (no base URL or API key).
    case notConfigured(String)

    public var description: String {
        switch self {
        case .connectFailed(let url, let reason):
            return "cannot reach the model server at \(url): \(reason)"
        case .httpStatus(let status, let body):
            let detail = body.isEmpty ? "" : ": " + TerminalText.sanitized(String(body.prefix(200)), singleLine: true)
            return "the model server answered HTTP \(status)\(detail)"
        case .idleTimeout(let seconds):
            return "the model server sent nothing for \(seconds) seconds; giving up"
        case .connectionClosed:
            return "the model server closed the connection before the answer was complete"
        case .malformedResponse(let detail):
            return "the model server sent an unexpected response: \(TerminalText.sanitized(detail, singleLine: true))"
        case .notConfigured(let detail):
            return detail
        }
    }
}
