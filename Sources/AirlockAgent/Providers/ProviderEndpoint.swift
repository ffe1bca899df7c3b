import Foundation

/// Where and how a provider connects: base URL, API key and timeouts. (The model name is
/// the descriptor's.)
public struct ProviderEndpoint: Sendable, Equatable {
    /// The base URL, e.g. `http://127.0.0.1:8080/v1` or `https://api.anthropic.com`.
    public let baseURL: String
    /// The API key, if the server needs one. Never logged or shown.
    public let apiKey: String?
    /// Seconds to wait for a connection.
    public let connectTimeout: Double
    /// Seconds a stream may stay silent before the request fails.
    public let idleTimeout: Double
    /// Attempts for 429/5xx answers before the first event (1 = no retry).
    public let maxAttempts: Int
    /// The first backoff delay in seconds; it doubles per attempt (with jitter).
    public let initialBackoff: Double

    /// Creates an endpoint.
    public init(baseURL: String, apiKey: String?, connectTimeout: Double = 10, idleTimeout: Double = 60, maxAttempts: Int = 3, initialBackoff: Double = 0.5) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
    }
}
