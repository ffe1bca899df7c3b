import AirlockCore
import Foundation
import Synchronization

/// A clock that stands still until a test moves it.
public final class ManualClock: AirlockClock {
    private let current: Mutex<Date>

    /// A clock showing `start` (by default 2026-01-01T00:00:00Z).
    public init(start: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        current = Mutex(start)
    }

    public func now() -> Date {
        current.withLock { $0 }
    }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
