import Foundation

/// Applies ``RateLimitRules`` to subjects over a ``RateLimitStore``, turning refusals into
/// ``RateLimitError``s that say when to retry.
public struct RateLimiter: Sendable {
    /// The limits applied.
    public let rules: RateLimitRules
    private let store: any RateLimitStore
    private let clock: any AirlockClock

    /// Creates a limiter over `store`, reading the time from `clock`.
    public init(rules: RateLimitRules = RateLimitRules(), store: any RateLimitStore, clock: any AirlockClock = SystemClock()) {
        self.rules = rules
        self.store = store
        self.clock = clock
    }

    /// Counts one `requestClass` request of `subject`, or refuses it without counting.
    ///
    /// - Throws: ``RateLimitError/limited(subject:requestClass:limit:windowSeconds:retryAt:retryAfterSeconds:)``
    ///   when the subject's window is full.
    public func admit(_ requestClass: RequestClass, for subject: RateLimitSubject) throws {
        let now = clock.now()
        if let refusal = try store.admit([request(requestClass, subject)], at: now.millisecondsSince1970) {
            throw error(for: refusal, at: now)
        }
    }

    /// Refuses if a `requestClass` request of `subject` would not fit now, counting nothing.
    ///
    /// - Throws: ``RateLimitError`` like ``admit(_:for:)``.
    public func ensureRoom(_ requestClass: RequestClass, for subject: RateLimitSubject) throws {
        let now = clock.now()
        let request = request(requestClass, subject)
        let wait = try store.wait(request, at: now.millisecondsSince1970)
        if wait > 0 { throw error(for: RateLimitRefusal(request: request, waitMilliseconds: wait), at: now) }
    }

    /// Counts a `requestClass` request of `subject` that already happened (a failed sign-in
    /// checked with ``ensureRoom(_:for:)``); a full window stays full.
    public func record(_ requestClass: RequestClass, for subject: RateLimitSubject) throws {
        _ = try store.admit([request(requestClass, subject)], at: clock.now().millisecondsSince1970)
    }

    private func request(_ requestClass: RequestClass, _ subject: RateLimitSubject) -> RateLimitRequest {
        RateLimitRequest(subject: subject, requestClass: requestClass, rule: rules.rule(for: requestClass))
    }

    private func error(for refusal: RateLimitRefusal, at now: Date) -> RateLimitError {
        let rule = refusal.request.rule
        return .limited(
            subject: refusal.request.subject.description, requestClass: refusal.request.requestClass, limit: rule.limit,
            windowSeconds: Int((rule.windowMilliseconds + 999) / 1000),
            retryAt: now.addingTimeInterval(Double(refusal.waitMilliseconds) / 1000),
            retryAfterSeconds: Int((refusal.waitMilliseconds + 999) / 1000))
    }
}
