/// The admission times of one subject and class: an exact sliding-window log.
///
/// A request at time `t` is admitted if fewer than `limit` admissions happened in
/// `(t - window, t]`; an admission at `t0` stops counting at exactly `t0 + window`. Only
/// the newest `limit` times are kept, in a ring, so a check and an admission are O(1) and
/// the log never holds more than `limit` entries. Unlike a token bucket, which lets up to
/// twice the limit through around a refill, no window of that length ever holds more
/// than `limit` admissions — that is what makes the limit exact at its edges.
public struct SlidingWindowLog: Sendable, Equatable {
    /// The newest admissions in a ring; `start` is the oldest once the ring is full.
    private var ring: [Int64]
    private var start = 0

    /// An empty log.
    public init() {
        ring = []
    }

    /// A log holding `admissions` (milliseconds since 1970, oldest first).
    public init(admissions: [Int64]) {
        ring = admissions
    }

    /// The kept admission times, oldest first.
    public var admissions: [Int64] {
        Array(ring[start...] + ring[..<start])
    }

    /// Milliseconds until a request at `now` fits under `rule`: 0 if it fits now.
    ///
    /// Times after `now` (a clock set back) count as `now`, so a wait never exceeds the window.
    public func wait(at now: Int64, under rule: RateRule) -> Int64 {
        guard ring.count >= rule.limit else { return 0 }
        let oldestCounted = ring[(start + ring.count - rule.limit) % ring.count]
        return max(0, min(oldestCounted, now) + rule.windowMilliseconds - now)
    }

    /// Records an admission at `now`; call only when ``wait(at:under:)`` is 0.
    public mutating func admit(at now: Int64, under rule: RateRule) {
        if ring.count > rule.limit || (start != 0 && ring.count < rule.limit) {
            // The limit changed since the log was written: keep its newest entries in order.
            ring = Array(admissions.suffix(rule.limit))
            start = 0
        }
        if ring.count < rule.limit {
            ring.append(now)
        } else {
            ring[start] = now
            start = (start + 1) % ring.count
        }
    }

    /// When the log stops limiting anything under `rule`: its newest admission plus the window.
    public func expiry(under rule: RateRule) -> Int64 {
        guard !ring.isEmpty else { return 0 }
        return ring[(start + ring.count - 1) % ring.count] + rule.windowMilliseconds
    }
}
