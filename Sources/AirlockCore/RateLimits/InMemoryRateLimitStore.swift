import Synchronization

/// Sliding-window logs kept in this process only: for tests, and for callers that need
/// no limits shared with other processes.
public final class InMemoryRateLimitStore: RateLimitStore {
    private let logs = Mutex<[String: SlidingWindowLog]>([:])

    /// An empty store.
    public init() {}

    public func admit(_ requests: [RateLimitRequest], at now: Int64) -> RateLimitRefusal? {
        logs.withLock { stored in
            var current = requests.map { stored[$0.key] ?? SlidingWindowLog() }
            let refusal = RateLimitRefusal.admitting(requests, logs: &current, at: now)
            if refusal == nil {
                for (request, log) in zip(requests, current) { stored[request.key] = log }
            }
            return refusal
        }
    }

    public func wait(_ request: RateLimitRequest, at now: Int64) -> Int64 {
        logs.withLock { $0[request.key]?.wait(at: now, under: request.rule) ?? 0 }
    }
}
