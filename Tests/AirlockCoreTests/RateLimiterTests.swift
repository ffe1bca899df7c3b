import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

@Suite("Rate limits")
struct RateLimiterTests {
    let clock = ManualClock()
    let acme = RateLimitSubject.workspace(try! WorkspaceID("acme"))
    let globex = RateLimitSubject.workspace(try! WorkspaceID("globex"))

    func limiter(api: Int = 60, chat: Int = 30, signIn: Int = 5, store: any RateLimitStore = InMemoryRateLimitStore()) -> RateLimiter {
        RateLimiter(
            rules: RateLimitRules(api: RateRule(limit: api, windowMilliseconds: 60_000), chat: RateRule(limit: chat, windowMilliseconds: 60_000),
                                  signIn: RateRule(limit: signIn, windowMilliseconds: 60_000)),
            store: store, clock: clock)
    }

    /// The refusal `body` throws, failing the test if it throws none.
    func refusal(_ body: () throws -> Void) throws -> RateLimitError {
        do {
            try body()
        } catch let error as RateLimitError {
            return error
        }
        Issue.record("expected a rate-limit refusal")
        throw CancellationError()
    }

    @Test func theDefaultsAreSixtyAPIOperationsThirtyChatMessagesAndFiveSignInsAMinute() {
        let rules = RateLimitRules()
        #expect(rules.rule(for: .api) == RateRule(limit: 60, windowMilliseconds: 60_000))
        #expect(rules.rule(for: .chat) == RateRule(limit: 30, windowMilliseconds: 60_000))
        #expect(rules.rule(for: .signIn) == RateRule(limit: 5, windowMilliseconds: 60_000))
    }

    @Test func theLimitHoldsExactlyAtBothEdgesOfTheWindow() throws {
        let limiter = limiter()
        for _ in 0..<60 { try limiter.admit(.api, for: acme) }
        let refused = try refusal { try limiter.admit(.api, for: acme) }
        #expect(refused.retryAfterSeconds == 60)
        clock.advance(by: 59.999)
        let stillRefused = try refusal { try limiter.admit(.api, for: acme) }
        #expect(stillRefused.retryAfterSeconds == 1, "1 ms left, rounded up to a second")
        clock.advance(by: 0.001)
        for _ in 0..<60 { try limiter.admit(.api, for: acme) }
        _ = try refusal { try limiter.admit(.api, for: acme) }
    }

    @Test func aSlidingWindowNeverAdmitsMoreThanTheLimitAcrossAWindowBoundary() throws {
        let limiter = limiter(api: 10)
        clock.advance(by: 50)
        for _ in 0..<10 { try limiter.admit(.api, for: acme) }
        clock.advance(by: 20) // a fixed-window counter would reset at 60 s and admit 10 more here
        _ = try refusal { try limiter.admit(.api, for: acme) }
        clock.advance(by: 40)
        for _ in 0..<10 { try limiter.admit(.api, for: acme) }
    }

    @Test func refusalsAreNotCountedSoTheRetryTimeHolds() throws {
        let limiter = limiter(api: 2)
        try limiter.admit(.api, for: acme)
        clock.advance(by: 30)
        try limiter.admit(.api, for: acme)
        for _ in 0..<100 { _ = try refusal { try limiter.admit(.api, for: acme) } }
        let refused = try refusal { try limiter.admit(.api, for: acme) }
        #expect(refused.retryAfterSeconds == 30)
        clock.advance(by: 30)
        try limiter.admit(.api, for: acme)
    }

    @Test func classesAreCountedApart() throws {
        let limiter = limiter(api: 3, chat: 2, signIn: 1)
        for _ in 0..<3 { try limiter.admit(.api, for: acme) }
        _ = try refusal { try limiter.admit(.api, for: acme) }
        for _ in 0..<2 { try limiter.admit(.chat, for: acme) }
        _ = try refusal { try limiter.admit(.chat, for: acme) }
        try limiter.admit(.signIn, for: acme)
        _ = try refusal { try limiter.admit(.signIn, for: acme) }
    }

    @Test func aFloodInOneWorkspaceDoesNotChangeAnotherWorkspacesResults() throws {
        let store = InMemoryRateLimitStore()
        let quiet = limiter(store: store)
        var alone: [Bool] = []
        for _ in 0..<70 { alone.append((try? quiet.admit(.api, for: globex)) != nil) }

        clock.advance(by: 60)
        let flooded = limiter(store: store)
        var beside: [Bool] = []
        for _ in 0..<70 {
            for _ in 0..<50 { try? flooded.admit(.api, for: acme) }
            beside.append((try? flooded.admit(.api, for: globex)) != nil)
        }
        #expect(beside == alone)
        #expect(alone.filter { $0 }.count == 60)
    }

    @Test func ensureRoomCountsNothingAndRecordCountsEvenWhenFull() throws {
        let limiter = limiter(signIn: 2)
        for _ in 0..<10 { try limiter.ensureRoom(.signIn, for: acme) }
        try limiter.record(.signIn, for: acme)
        try limiter.record(.signIn, for: acme)
        _ = try refusal { try limiter.ensureRoom(.signIn, for: acme) }
        try limiter.record(.signIn, for: acme)
        clock.advance(by: 60)
        try limiter.ensureRoom(.signIn, for: acme)
    }

    @Test func theErrorNamesTheSubjectTheLimitAndTheRetryTime() throws {
        let limiter = limiter(chat: 1)
        try limiter.admit(.chat, for: acme)
        clock.advance(by: 15.2)
        let refused = try refusal { try limiter.admit(.chat, for: acme) }
        #expect(refused.description == "rate limit reached for workspace acme: 1 chat messages a minute; try again in 45 s")
        guard case .limited(_, .chat, 1, 60, let retryAt, 45) = refused else {
            Issue.record("unexpected refusal \(refused)")
            return
        }
        #expect(retryAt == clock.now().addingTimeInterval(44.8))
    }

    @Test func accountSubjectsAreKeyedByAnHMACNeverTheAddress() throws {
        let key = AccountSubjectKey(masterKey: try MasterKey(bytes: Array(repeating: 7, count: 32), source: "test"))
        let subject = RateLimitSubject.account(" Alice@Example.com ", key: key)
        #expect(subject == RateLimitSubject.account("alice@example.com", key: key))
        #expect(!subject.key.contains("alice"))
        #expect(subject.key.hasPrefix("account:") && subject.key.count == "account:".count + 64)
        let otherHome = AccountSubjectKey(masterKey: try MasterKey(bytes: Array(repeating: 8, count: 32), source: "test"))
        #expect(subject != RateLimitSubject.account("alice@example.com", key: otherHome))
    }

    @Test func aLowerLimitKeepsTheNewestAdmissions() {
        var log = SlidingWindowLog()
        let wide = RateRule(limit: 5, windowMilliseconds: 1000)
        for time in Int64(0)..<5 { log.admit(at: time * 100, under: wide) }
        let narrow = RateRule(limit: 2, windowMilliseconds: 1000)
        #expect(log.wait(at: 450, under: narrow) == 300 + 1000 - 450)
        log.admit(at: 1400, under: narrow)
        #expect(log.admissions == [400, 1400])
    }

    @Test func anOperationAdmissionAsksItsCheckForEachClass() throws {
        let limiter = limiter(api: 1, chat: 1)
        let subject = acme
        let admission = OperationAdmission { try limiter.admit($0, for: subject) }
        try admission.admit(.chat)
        try admission.admit(.api)
        _ = try refusal { try admission.admit(.api) }
        for _ in 0..<100 { try OperationAdmission.unlimited.admit(.api) }
    }
}
