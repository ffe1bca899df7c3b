import NIOHTTP1

/// A Claude model behind the Anthropic Messages API.
///
/// Posts to `{baseURL}/v1/messages` (the base URL is like `ANTHROPIC_BASE_URL`,
/// `https://api.anthropic.com`) with `anthropic-version: 2023-06-01` and `x-api-key` when
/// the endpoint has an API key. Call `shutdown()` before releasing the provider: the HTTP
/// client it owns traps in debug builds when it is deinitialized while still running.
public final class AnthropicProvider: ModelProvider {
    /// The API version this provider speaks.
    public static let apiVersion = "2023-06-01"

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
        headers.add(name: "anthropic-version", value: Self.apiVersion)
        if let key = endpoint.apiKey, !key.isEmpty {
            headers.add(name: "x-api-key", value: key)
        }
        let body = AnthropicRequestBody.make(request, model: descriptor.model)
        return http.stream(
            url: StreamingHTTP.url(endpoint.baseURL, path: "/v1/messages"), headers: headers,
            body: Array(body.text.utf8), decoder: AnthropicStreamDecoder())
    }

    /// Closes the provider's connections; streams still running fail. Call it once, last.
    public func shutdown() async {
        await http.shutdown()
    }
}
