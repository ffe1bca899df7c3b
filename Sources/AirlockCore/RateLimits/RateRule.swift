/// At most `limit` admissions in any window of `windowMilliseconds`.
public struct RateRule: Hashable, Sendable {
    /// Admissions allowed per window (at least 1).
    public let limit: Int
    /// The window's length in milliseconds (at least 1).
    public let windowMilliseconds: Int64

    /// Creates a rule; `limit` and `windowMilliseconds` are raised to at least 1.
    public init(limit: Int, windowMilliseconds: Int64) {
        self.limit = max(1, limit)
        self.windowMilliseconds = max(1, windowMilliseconds)
    }
}
