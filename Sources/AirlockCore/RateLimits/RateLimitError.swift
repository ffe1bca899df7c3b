import Foundation

/// Why the gateway refused an operation before any of it ran.
public enum RateLimitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `subject` has used up its `requestClass` allowance (`limit` per `windowSeconds`);
    /// the same request fits again at `retryAt`, `retryAfterSeconds` from the refusal.
    case limited(subject: String, requestClass: RequestClass, limit: Int, windowSeconds: Int, retryAt: Date, retryAfterSeconds: Int)

    /// Seconds until a retry fits.
    public var retryAfterSeconds: Int {
        switch self {
        case .limited(_, _, _, _, _, let seconds): seconds
        }
    }

    public var description: String {
        switch self {
        case .limited(let subject, let requestClass, let limit, let window, _, let seconds):
            let per = window == 60 ? "a minute" : "per \(window) s"
            return "rate limit reached for \(subject): \(limit) \(requestClass.noun) \(per); try again in \(max(1, seconds)) s"
        }
    }
}
