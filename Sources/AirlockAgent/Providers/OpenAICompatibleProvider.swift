import NIOHTTP1

/// A model behind an OpenAI-compatible chat completions API: OpenAI, llama.cpp,
/// llama-cpp-python, vLLM, Ollama and the like.
///
/// Posts to `{baseURL}/chat/completions` (the base URL includes `/v1`, as in
/// `OPENAI_BASE_URL`) with `Authorization: Bearer` only when the endpoint has an API key.
/// Call `shutdown()` before releasing the provider: the HTTP client it owns traps in debug
/// builds when it is deinitialized while still running.
public final class OpenAICompatibleProvider: ModelProvider {
    /// What the provider talks to.
    public let descriptor: ModelDescriptor
    private let endpoint: ProviderEndpoint
    private let http: StreamingHTTP

    /// Creates a provider for `endpoint`; `descriptor.model` is the model requested.
    public init(endpoint: ProviderEndpoint, descriptor: ModelDescriptor) {
        self.endpoint = endpoint
        self.descriptor = descriptor
        http = StreamingHTTP(endpoint: endpoint)
    }

    /// Streams the model's answer to `request`.
    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
        var headers = HTTPHeaders()
        if let key = endpoint.apiKey, !key.isEmpty {
            headers.add(name: "authorization", value: "Bearer \(key)")
        }
        let body = OpenAIRequestBody.make(request, model: descriptor.model)
        return http.stream(
            url: StreamingHTTP.url(endpoint.baseURL, path: "/chat/completions"), headers: headers,
            body: Array(body.text.utf8), decoder: OpenAIStreamDecoder())
    }

    /// Closes the provider's connections; streams still running fail. Call it once, last.
    public func shutdown() async {
        await http.shutdown()
    }
}
