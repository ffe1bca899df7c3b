import AirlockCore
import Foundation

/// The failed sign-ins of one account or workspace, and its lockout.
///
/// An attempt is counted as a failure when it starts, in the same transaction as the
/// lockout check, so concurrent attempts cannot slip past the limit; a success then
/// forgets the record. When the count within the window reaches the policy's limit, the
/// subject is locked, and the lockout that follows the next failures lasts twice as long.
package struct SignInAttempts: Equatable, Sendable {
    /// Failures counted since ``windowStart``.
    package var failures = 0
    /// When the current counting window began.
    package var windowStart: Date
    /// Lockouts so far (each doubles the next).
    package var lockouts = 0
    /// Until when attempts are refused.
    package var lockedUntil: Date?

    package init(failures: Int = 0, windowStart: Date, lockouts: Int = 0, lockedUntil: Date? = nil) {
        self.failures = failures
        self.windowStart = windowStart
        self.lockouts = lockouts
        self.lockedUntil = lockedUntil
    }

    /// How starting an attempt went.
    package enum Start: Equatable, Sendable {
        /// Locked: the attempt is refused before any credential is checked.
        case refused(until: Date)
        /// Counted; if the attempt fails, the subject is locked until `lockedIfFailed`.
        case counted(SignInAttempts, lockedIfFailed: Date?)
    }

    /// Starts an attempt at `now` under `policy`.
    package func start(at now: Date, policy: SignInPolicy) -> Start {
        if let lockedUntil, lockedUntil > now { return .refused(until: lockedUntil) }
        var next = self
        if now.timeIntervalSince(windowStart) >= policy.failureWindow || lockedUntil != nil {
            next.failures = 0
            next.windowStart = now
            next.lockedUntil = nil
        }
        next.failures += 1
        guard next.failures >= policy.maxFailures else { return .counted(next, lockedIfFailed: nil) }
        next.lockouts += 1
        next.failures = 0
        let until = now.addingTimeInterval(policy.lockoutDuration(lockouts: next.lockouts))
        next.lockedUntil = until
        return .counted(next, lockedIfFailed: until)
    }
}
