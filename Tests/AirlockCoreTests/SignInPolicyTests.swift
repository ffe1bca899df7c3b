import AirlockCore
import Foundation
import Testing

@Suite("SignInPolicy and SignInError")
struct SignInPolicyTests {
    @Test func defaultsAreFiveFailuresInFifteenMinutesThenThirtySecondsUpToAnHour() {
        let policy = SignInPolicy()
        #expect(policy.maxFailures == 5)
        #expect(policy.failureWindow == 900)
        #expect(policy.firstLockout == 30)
        #expect(policy.longestLockout == 3600)
    }

    @Test func eachLockoutDoublesTheLastUpToTheLongest() {
        let policy = SignInPolicy(firstLockout: 30, longestLockout: 600)
        #expect((1...7).map { policy.lockoutDuration(lockouts: $0) } == [30, 60, 120, 240, 480, 600, 600])
    }

    @Test func hugeLockoutCountsStayAtTheLongestWithoutOverflow() {
        let policy = SignInPolicy()
        #expect(policy.lockoutDuration(lockouts: .max) == 3600)
        #expect(policy.lockoutDuration(lockouts: 0) == 30, "nonsense counts mean the first lockout")
        #expect(policy.lockoutDuration(lockouts: -3) == 30)
    }

    @Test func outOfRangeValuesAreRaisedToTheSmallestSensible() {
        let policy = SignInPolicy(maxFailures: 0, failureWindow: -5, firstLockout: 0, longestLockout: -1)
        #expect(policy.maxFailures == 1)
        #expect(policy.failureWindow == 1)
        #expect(policy.firstLockout == 1)
        #expect(policy.longestLockout == 1)
        #expect(SignInPolicy(firstLockout: 120, longestLockout: 60).longestLockout == 120, "never shorter than the first")
    }

    @Test func roundTripsThroughJSON() throws {
        let policy = SignInPolicy(maxFailures: 3, failureWindow: 60, firstLockout: 10, longestLockout: 100)
        #expect(try JSONDecoder().decode(SignInPolicy.self, from: JSONEncoder().encode(policy)) == policy)
    }

    @Test func oneMessageForEveryCredentialFailure() {
        #expect(SignInError.unknownAccountOrWrongCredentials.description == "unknown account or wrong credentials")
    }

    @Test(arguments: [
        (0, "1 s"), (1, "1 s"), (45, "45 s"), (119, "119 s"), (120, "2 min"), (121, "3 min"), (3600, "60 min"),
    ])
    func lockoutsSayWhenToTryAgain(seconds: Int, shown: String) {
        let until = Date(timeIntervalSince1970: 0)
        #expect(SignInError.accountLocked(until: until, secondsLeft: seconds).description
            == "account locked after repeated failed sign-ins; try again in \(shown)")
        #expect(SignInError.workspaceLocked(until: until, secondsLeft: seconds).description
            == "workspace locked after repeated failed sign-ins; try again in \(shown)")
    }
}
