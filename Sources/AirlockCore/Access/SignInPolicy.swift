import Foundation

/// When repeated failed sign-ins lock an account (or a workspace, for token sign-ins).
///
/// After ``maxFailures`` failures within ``failureWindow`` the subject is locked for
/// ``firstLockout``; each further lockout doubles the time, up to ``longestLockout``.
/// A successful sign-in forgets all of it.
public struct SignInPolicy: Sendable, Equatable, Codable {
    /// Failures within the window that lock the subject (default 5).
    public var maxFailures: Int
    /// Seconds over which failures are counted (default 15 minutes).
    public var failureWindow: TimeInterval
    /// Seconds of the first lockout (default 30).
    public var firstLockout: TimeInterval
    /// The longest lockout in seconds (default 1 hour).
    public var longestLockout: TimeInterval

    /// Creates a policy; out-of-range values are raised to the smallest sensible ones
    /// (one failure, one second).
    public init(maxFailures: Int = 5, failureWindow: TimeInterval = 900, firstLockout: TimeInterval = 30, longestLockout: TimeInterval = 3600) {
        self.maxFailures = max(1, maxFailures)
        self.failureWindow = max(1, failureWindow)
        self.firstLockout = max(1, firstLockout)
        self.longestLockout = max(self.firstLockout, longestLockout)
    }

    /// How long the `lockouts`-th lockout (1 for the first) lasts.
    public func lockoutDuration(lockouts: Int) -> TimeInterval {
        let doublings = min(max(0, lockouts - 1), 40)
        return min(firstLockout * pow(2, Double(doublings)), longestLockout)
    }
}
