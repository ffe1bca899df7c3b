/// One subject's request of one class, under the rule that applies to it.
public struct RateLimitRequest: Hashable, Sendable {
    /// Whose request it is.
    public let subject: RateLimitSubject
    /// What it counts as.
    public let requestClass: RequestClass
    /// The limit that applies.
    public let rule: RateRule

    /// Creates a request.
    public init(subject: RateLimitSubject, requestClass: RequestClass, rule: RateRule) {
        self.subject = subject
        self.requestClass = requestClass
        self.rule = rule
    }

    /// The key the request's log is kept under: `<class> <subject key>`.
    public var key: String { requestClass.rawValue + " " + subject.key }
}

/// Why requests were not admitted: the request that must wait longest, and how long.
public struct RateLimitRefusal: Equatable, Sendable {
    /// The limited request.
    public let request: RateLimitRequest
    /// Milliseconds until it would be admitted.
    public let waitMilliseconds: Int64

    /// Creates a refusal.
    public init(request: RateLimitRequest, waitMilliseconds: Int64) {
        self.request = request
        self.waitMilliseconds = waitMilliseconds
    }

    /// Checks `requests` against their `logs` (same order) at `now`; if every one fits,
    /// records an admission in each log and returns nil, else changes nothing.
    public static func admitting(_ requests: [RateLimitRequest], logs: inout [SlidingWindowLog], at now: Int64) -> RateLimitRefusal? {
        let refusals = zip(requests, logs).compactMap { request, log in
            let wait = log.wait(at: now, under: request.rule)
            return wait > 0 ? RateLimitRefusal(request: request, waitMilliseconds: wait) : nil
        }
        if let longest = refusals.max(by: { $0.waitMilliseconds < $1.waitMilliseconds }) { return longest }
        for index in logs.indices { logs[index].admit(at: now, under: requests[index].rule) }
        return nil
    }
}

/// Where sliding-window logs are kept: in memory for one process, or in a file that
/// separate processes share.
public protocol RateLimitStore: Sendable {
    /// Admits all of `requests` at `now` (milliseconds since 1970) if each of their logs
    /// has room, atomically for everyone sharing the store; otherwise records nothing.
    ///
    /// - Parameter requests: requests with distinct keys.
    /// - Returns: nil if admitted, else the refusal with the longest wait.
    func admit(_ requests: [RateLimitRequest], at now: Int64) throws -> RateLimitRefusal?

    /// Milliseconds until `request` would be admitted at `now` (0: now), recording nothing.
    func wait(_ request: RateLimitRequest, at now: Int64) throws -> Int64
}
