import Foundation

/// A source of the current time, injected wherever time is recorded so tests can fix it.
public protocol AirlockClock: Sendable {
    /// The current time.
    func now() -> Date
}

/// The system's wall clock.
public struct SystemClock: AirlockClock {
    /// Creates the system clock.
    public init() {}

    public func now() -> Date { Date() }
}

extension Date {
    /// Milliseconds since 1970, the resolution at which Airlock stores times.
    public var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    /// The date `milliseconds` after 1970.
    public init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
