import AsyncHTTPClient
import Foundation
import NIOCore

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

    /// Maps an error of the HTTP client to a provider error, and says whether another attempt
    /// may help.
    ///
    /// Before the response head, a failure means the server could not be reached: worth a
    /// retry, except a connect timeout (the caller already waited the whole connect timeout).
    /// Once the body streams, a failure means the connection broke.
    ///
    /// - Throws: `CancellationError` when the task was cancelled.
    static func transport(_ error: any Error, beforeHead: Bool, url: String, idleTimeout: Double) throws -> (error: ProviderError, retryable: Bool) {
        if Task.isCancelled || error is CancellationError || (error as? HTTPClientError) == .cancelled {
            throw CancellationError()
        }
        let clientError = error as? HTTPClientError
        if clientError == .readTimeout || clientError == .deadlineExceeded {
            return (.idleTimeout(seconds: Int(idleTimeout.rounded(.up))), false)
        }
        guard beforeHead else { return (.connectionClosed, false) }
        switch clientError {
        case .connectTimeout?:
            return (.connectFailed(url: url, reason: "timed out"), false)
        case .remoteConnectionClosed?:
            return (.connectFailed(url: url, reason: "the connection closed before the server answered"), true)
        default:
            let reason = (error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? String(describing: error)
            return (.connectFailed(url: url, reason: String(reason.prefix(200))), true)
        }
    }
}
