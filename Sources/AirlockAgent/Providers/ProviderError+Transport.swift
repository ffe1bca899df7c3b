import AsyncHTTPClient
import Foundation

extension ProviderError {
    /// This error with every occurrence of `secret` replaced, so a key a server echoes back
    /// never reaches a message or a log.
    func redacting(_ secret: String?) -> ProviderError {
        guard let secret, !secret.isEmpty else { return self }
        func clean(_ text: String) -> String { text.replacingOccurrences(of: secret, with: "[redacted]") }
        switch self {
        case .connectFailed(let url, let reason): return .connectFailed(url: clean(url), reason: clean(reason))
        case .httpStatus(let status, let body): return .httpStatus(status, body: clean(body))
        case .malformedResponse(let detail): return .malformedResponse(clean(detail))
        case .notConfigured(let detail): return .notConfigured(clean(detail))
        case .idleTimeout, .connectionClosed: return self
        }
    }

    /// Maps an error of the HTTP client to a provider error.
    ///
    /// Before the response head, a failure means the server could not be reached (a connect
    /// failure, retryable); once the body streams, it means the connection broke.
    ///
    /// - Throws: `CancellationError` when the task was cancelled.
    static func transport(_ error: any Error, beforeHead: Bool, url: String, idleTimeout: Double) throws -> ProviderError {
        if Task.isCancelled || error is CancellationError || (error as? HTTPClientError) == .cancelled {
            throw CancellationError()
        }
        if let error = error as? ProviderError { return error }
        if let error = error as? HTTPClientError, error == .readTimeout || error == .deadlineExceeded {
            return .idleTimeout(seconds: Int(idleTimeout.rounded(.up)))
        }
        guard beforeHead else { return .connectionClosed }
        let reason = (error as? HTTPClientError) == .remoteConnectionClosed
            ? "the connection closed before the server answered"
            : String(String(describing: error).prefix(200))
        return .connectFailed(url: url, reason: reason)
    }
}
