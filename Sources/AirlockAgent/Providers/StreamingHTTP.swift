import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Posts JSON to a model server and streams the Server-Sent Events answer through a decoder.
///
/// Retries 429, 5xx and connect failures with exponential backoff and jitter (honouring
/// `Retry-After`) only while no event has been yielded; times out on connect and on a silent
/// stream; cancels the request and closes the connection when the consumer goes away.
struct StreamingHTTP: Sendable {
    /// How much of an error body is kept for `ProviderError.httpStatus`.
    static let errorBodyLimit = 2048

    private let client: HTTPClient
    private let endpoint: ProviderEndpoint

    /// Creates a client with the endpoint's connect timeout and idle (read) timeout.
    ///
    /// The client's own retry of failed connection attempts is off: it would keep a refused
    /// connection waiting for the whole connect timeout on every attempt, while `StreamingCall`
    /// retries it after a short backoff.
    init(endpoint: ProviderEndpoint) {
        self.endpoint = endpoint
        var configuration = HTTPClient.Configuration(timeout: .init(
            connect: Self.timeAmount(endpoint.connectTimeout), read: Self.timeAmount(endpoint.idleTimeout)))
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Closes the client's connections; streams still running fail.
    func shutdown() async {
        try? await client.shutdown()
    }

    /// Posts `body` (JSON) to `url` and streams the decoded answer.
    func stream(url: String, headers: HTTPHeaders, body: [UInt8], decoder: some ModelStreamDecoder) -> AsyncThrowingStream<ModelEvent, any Error> {
        AsyncThrowingStream { continuation in
            guard let displayURL = Self.displayURL(url) else {
                continuation.finish(throwing: ProviderError.notConfigured("the model base URL is not an http(s) URL"))
                return
            }
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers = headers
            request.headers.replaceOrAdd(name: "content-type", value: "application/json")
            request.headers.replaceOrAdd(name: "accept", value: "text/event-stream")
            request.body = .bytes(ByteBuffer(bytes: body))
            let call = StreamingCall(client: client, endpoint: endpoint, request: request, displayURL: displayURL, continuation: continuation)
            let task = Task { await call.run(decoder: decoder) }
            continuation.onTermination = { termination in
                if case .cancelled = termination { task.cancel() }
            }
        }
    }

    /// `seconds` as a NIO time amount (fractions kept to the nanosecond).
    static func timeAmount(_ seconds: Double) -> TimeAmount {
        .nanoseconds(Int64((seconds * 1_000_000_000).rounded()))
    }

    /// `baseURL` (trailing slashes removed) followed by `path`.
    static func url(_ baseURL: String, path: String) -> String {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        return url + path
    }

    /// `url` without credentials or query, for error messages; `nil` if it is not http(s).
    static func displayURL(_ url: String) -> String? {
        guard var components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", components.host?.isEmpty == false else { return nil }
        components.user = nil
        components.password = nil
        components.query = nil
        return components.string
    }
}
