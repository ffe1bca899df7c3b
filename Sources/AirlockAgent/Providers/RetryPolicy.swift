/// When to retry a failed attempt, and how long to wait first.
struct RetryPolicy: Sendable {
    /// The longest wait, whatever `Retry-After` asks for.
    static let maxDelay = 30.0

    /// Attempts in all (1 = no retry).
    let maxAttempts: Int
    /// The first delay in seconds; it doubles per attempt.
    let initialBackoff: Double

    /// Whether an HTTP status is worth another attempt: 429 and 5xx.
    static func isRetryable(status: Int) -> Bool {
        status == 429 || (500...599).contains(status)
    }

    /// Seconds to wait before attempt `attempt + 1`: exponential backoff with jitter, at
    /// least `retryAfter` when the server sent one, capped at `maxDelay`.
    func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double {
        let exponential = initialBackoff * Double(1 << min(attempt - 1, 16))
        let jittered = exponential * Double.random(in: 0.5...1.0)
        return min(max(jittered, retryAfter ?? 0), Self.maxDelay)
    }
}
