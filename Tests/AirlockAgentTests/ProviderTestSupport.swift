import AirlockAgent
import AirlockTestSupport
import Testing

/// A provider a test can shut down.
protocol ClosableProvider: ModelProvider {
    func shutdown() async
}

extension OpenAICompatibleProvider: ClosableProvider {}
extension AnthropicProvider: ClosableProvider {}

/// The two wire protocols, for tests that hold for both.
enum WireProtocol: String, CaseIterable, Sendable {
    case openAI, anthropic

    /// The base URL a provider of this kind is given for `server`.
    func baseURL(_ server: FakeModelServer) -> String {
        self == .openAI ? server.baseURL + "/v1" : server.baseURL
    }

    /// The path the provider posts to.
    var path: String {
        self == .openAI ? "/v1/chat/completions" : "/v1/messages"
    }

    /// A complete streamed answer made of `pieces`.
    func textStream(_ pieces: [String]) -> [String] {
        self == .openAI ? FakeSSE.openAIText(pieces) : FakeSSE.anthropicText(pieces)
    }

    /// The first events of a stream, carrying `text`, without its end.
    func streamStart(_ text: String) -> [String] {
        Array(textStream([text]).prefix(self == .openAI ? 2 : 4))
    }

    func provider(_ endpoint: ProviderEndpoint) -> any ClosableProvider {
        switch self {
        case .openAI:
            OpenAICompatibleProvider(endpoint: endpoint, descriptor: ModelDescriptor(provider: "openai", model: "fake-model", contextWindow: 8192, supportsTools: true))
        case .anthropic:
            AnthropicProvider(endpoint: endpoint, descriptor: ModelDescriptor(provider: "anthropic", model: "fake-claude", contextWindow: 200_000, supportsTools: true))
        }
    }
}

/// What a stream produced: its events and the error that ended it, if any.
struct StreamOutcome {
    var events: [ModelEvent] = []
    var error: (any Error)?

    var providerError: ProviderError? { error as? ProviderError }
    var texts: [String] {
        events.compactMap { if case .text(let text) = $0 { text } else { nil } }
    }
}

/// Consumes `stream` to its end.
func collect(_ stream: AsyncThrowingStream<ModelEvent, any Error>) async -> StreamOutcome {
    var outcome = StreamOutcome()
    do {
        for try await event in stream { outcome.events.append(event) }
    } catch {
        outcome.error = error
    }
    return outcome
}

/// A one-message user request.
let hello = ModelRequest(messages: [ModelMessage(role: .user, content: "Hello")])

/// Runs `body` against a fresh fake server and a provider of `kind` pointed at it, then shuts
/// both down (also when `body` throws).
func withFakeServer<T>(
    _ kind: WireProtocol, apiKey: String? = nil, idleTimeout: Double = 10, maxAttempts: Int = 3,
    _ body: (FakeModelServer, any ClosableProvider) async throws -> T
) async throws -> T {
    let server = try await FakeModelServer.start()
    let endpoint = ProviderEndpoint(
        baseURL: kind.baseURL(server), apiKey: apiKey, connectTimeout: 5,
        idleTimeout: idleTimeout, maxAttempts: maxAttempts, initialBackoff: 0.01)
    let provider = kind.provider(endpoint)
    do {
        let result = try await body(server, provider)
        await provider.shutdown()
        try await server.shutdown()
        return result
    } catch {
        await provider.shutdown()
        try? await server.shutdown()
        throw error
    }
}

/// The JSON body of a recorded request.
func jsonBody(_ request: RecordedRequest?) throws -> JSONValue {
    try JSONValue(parsing: try #require(request).bodyText)
}

/// A step into a JSON value: an object key or an array index.
protocol JSONStep {}
extension String: JSONStep {}
extension Int: JSONStep {}

extension JSONValue {
    /// The value at `steps` (keys into objects, indices into arrays), or `nil`.
    func lookup(_ steps: any JSONStep...) -> JSONValue? {
        var value: JSONValue? = self
        for step in steps {
            switch (value, step) {
            case (.object(let members)?, let key as String): value = members[key]
            case (.array(let items)?, let index as Int): value = items.indices.contains(index) ? items[index] : nil
            default: return nil
            }
        }
        return value
    }

    /// The number of elements of an array, or `nil`.
    var arrayCount: Int? {
        if case .array(let items) = self { items.count } else { nil }
    }
}
