import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import GRDB
import Testing

@Suite("SignIn: password, identity provider and token sign-ins")
struct SignInTests {
    private let password = "correct horse battery"

    // MARK: - One grant, whatever the method

    @Test func everyMethodYieldsAnEquivalentGrant() async throws {
        let home = try AccountHome()
        let acme = try await home.workspace("acme", canary: "acme-canary")
        _ = try await home.workspace("globex", canary: "globex-canary")
        let alice = try await home.addUser("alice@example.com", password: password, openIDConnect: true)
        try await home.grant(alice, acme)
        let signIn = home.signIn()

        let byPassword = try await signIn.password(email: "Alice@Example.com", password: password)
        let byProvider = try await signIn.identityProviderVouched(for: alice)
        let byToken = try await signIn.token(acme.token, workspace: acme.id, actor: home.test.actor)

        for signedIn in [byPassword, byProvider] {
            #expect(signedIn.email == alice)
            #expect(signedIn.outdated.isEmpty)
            #expect(signedIn.workspaces.map(\.workspaceID) == [acme.id], "only the granted workspace")
            #expect(signedIn.workspaces.first?.token == acme.token, "the membership gives back the workspace token")
            #expect(signedIn.workspaces.first?.grant.actor == AuditActor("user:alice@example.com"))
        }
        let grants = [try #require(byPassword.workspaces.first).grant, try #require(byProvider.workspaces.first).grant, byToken]
        for grant in grants {
            #expect(grant.workspaceID == acme.id)
            #expect(try await home.memoryTitles(grant) == ["acme-canary"], "the same data, and no other workspace's")
            let vault = try await home.manager.openVault(grant)
            vault.close()
        }
    }

    @Test func passwordsAreComparedInTheirCanonicalForm() async throws {
        let home = try AccountHome()
        try await home.addUser("alice@example.com", password: "caf\u{E9} au lait")
        let signedIn = try await home.signIn().password(email: "alice@example.com", password: "cafe\u{301} au lait")
        #expect(signedIn.email.rawValue == "alice@example.com")
    }

    // MARK: - Indistinguishable failures

    @Test func wrongPasswordUnknownAccountAndMissingMethodAreTheSameError() async throws {
        let home = try AccountHome()
        try await home.addUser("alice@example.com", password: password)
        try await home.addUser("oidc@example.com", password: nil, openIDConnect: true)
        let signIn = home.signIn()
        var errors: [SignInError] = []
        for (email, attempt) in [("alice@example.com", "wrong password!"), ("nobody@example.com", password), ("oidc@example.com", password)] {
            let error = await #expect(throws: SignInError.self) { try await signIn.password(email: email, password: attempt) }
            errors.append(try #require(error))
        }
        let vouched = await #expect(throws: SignInError.self) { try await signIn.identityProviderVouched(for: try AccountEmail("alice@example.com")) }
        let unknownVouched = await #expect(throws: SignInError.self) { try await signIn.identityProviderVouched(for: try AccountEmail("nobody@example.com")) }
        errors += [try #require(vouched), try #require(unknownVouched)]
        #expect(errors.allSatisfy { $0 == .unknownAccountOrWrongCredentials })
        #expect(Set(errors.map(\.description)) == ["unknown account or wrong credentials"])
    }

    @Test func wrongTokenAndUnknownWorkspaceAreTheSameError() async throws {
        let home = try AccountHome()
        let acme = try await home.workspace("acme", canary: "acme-canary")
        let signIn = home.signIn()
        let wrong = await #expect(throws: AuthenticationError.self) { try await signIn.token(.generate(), workspace: acme.id, actor: home.test.actor) }
        let unknown = await #expect(throws: AuthenticationError.self) {
            try await signIn.token(acme.token, workspace: try WorkspaceID("initech"), actor: home.test.actor)
        }
        #expect(wrong == .unknownWorkspaceOrInvalidToken)
        #expect(unknown == wrong)
    }

    @Test func malformedEmailsAreRefusedBeforeAnyAttempt() async throws {
        let home = try AccountHome()
        await #expect(throws: InputError.self) { try await home.signIn().password(email: "not an email", password: password) }
        #expect(try home.withRegistry { try Int.fetchOne($0, sql: "SELECT count(*) FROM sign_in_attempt") } == 0)
    }

    /// Medians over trials in shuffled order: a wrong password, an unknown account and an account
    /// without a password cost the same work, as do a wrong token and an unknown workspace.
    /// Only the ratio is checked, within a wide band, never an absolute time.
    @Test func failuresTakeTheSameTime() async throws {
        let home = try AccountHome()
        let acme = try await home.workspace("acme", canary: "acme-canary")
        let alice = try await home.addUser("alice@example.com", password: password)
        try await home.addUser("oidc@example.com", password: nil, openIDConnect: true)
        try await home.grant(alice, acme)
        let signIn = home.signIn(SignInPolicy(maxFailures: 1_000_000))
        let initech = try WorkspaceID("initech")
        let trials: [(String, @Sendable () async throws -> Void)] = [
            ("wrong password", { _ = try await signIn.password(email: "alice@example.com", password: "wrong password!") }),
            ("unknown account", { _ = try await signIn.password(email: "nobody@example.com", password: "wrong password!") }),
            ("no password", { _ = try await signIn.password(email: "oidc@example.com", password: "wrong password!") }),
            ("wrong token", { _ = try await signIn.token(.generate(), workspace: acme.id, actor: AuditActor("test")) }),
            ("unknown workspace", { _ = try await signIn.token(.generate(), workspace: initech, actor: AuditActor("test")) }),
        ]
        var samples = Array(repeating: [Duration](), count: trials.count)
        let clock = ContinuousClock()
        for round in 0..<45 {
            // A fresh order each round, so that no kind always follows a costlier one.
            for index in trials.indices.shuffled() {
                let started = clock.now
                do {
                    try await trials[index].1()
                    Issue.record("\(trials[index].0) signed in")
                } catch {}
                if round >= 5 { samples[index].append(clock.now - started) }
            }
        }
        let medians = samples.map { $0.sorted()[$0.count / 2] }
        func expectSimilar(_ a: Int, _ b: Int) {
            let ratio = medians[a] / medians[b]
            #expect((0.5...2.0).contains(ratio), "\(trials[a].0) \(medians[a]) vs \(trials[b].0) \(medians[b])")
        }
        expectSimilar(0, 1)
        expectSimilar(0, 2)
        expectSimilar(3, 4)
    }

    // MARK: - Lockout

    @Test func repeatedFailuresLockTheAccountWithADoublingBackOff() async throws {
        let home = try AccountHome()
        try await home.addUser("alice@example.com", password: password)
        let signIn = home.signIn(SignInPolicy(maxFailures: 3, failureWindow: 900, firstLockout: 30, longestLockout: 3600))
        func attempt(_ attempt: String) async -> (any Error)? {
            do {
                _ = try await signIn.password(email: "alice@example.com", password: attempt)
                return nil
            } catch {
                return error
            }
        }
        func failThrice(lockingFor seconds: Int) async {
            let start = home.clock.now()
            for _ in 1...2 { #expect(await attempt("wrong password!") as? SignInError == .unknownAccountOrWrongCredentials) }
            let locked = await attempt("wrong password!")
            #expect(locked as? SignInError == .accountLocked(until: start.addingTimeInterval(Double(seconds)), secondsLeft: seconds))
            let shown = seconds < 120 ? "\(seconds) s" : "\(seconds / 60) min"
            #expect(locked.map { "\($0)" } == "account locked after repeated failed sign-ins; try again in \(shown)")
        }

        await failThrice(lockingFor: 30)
        let lockedAt = home.clock.now()
        #expect(await attempt(password) as? SignInError == .accountLocked(until: lockedAt.addingTimeInterval(30), secondsLeft: 30),
                "the right password is refused while locked")
        home.clock.advance(by: 10)
        #expect(await attempt(password) as? SignInError == .accountLocked(until: lockedAt.addingTimeInterval(30), secondsLeft: 20))
        #expect(try await home.accounts.list().first?.lockedUntil == lockedAt.addingTimeInterval(30))

        home.clock.advance(by: 21)
        #expect(try await home.accounts.list().first?.lockedUntil == nil)
        await failThrice(lockingFor: 60)
        home.clock.advance(by: 61)
        await failThrice(lockingFor: 120)
        home.clock.advance(by: 121)

        #expect(await attempt(password) == nil, "once the lockout is over the right password works")
        await failThrice(lockingFor: 30)
    }

    @Test func aSuccessForgetsEarlierFailures() async throws {
        let home = try AccountHome()
        try await home.addUser("alice@example.com", password: password)
        let signIn = home.signIn(SignInPolicy(maxFailures: 3))
        for _ in 1...2 {
            await #expect(throws: SignInError.unknownAccountOrWrongCredentials) { try await signIn.password(email: "alice@example.com", password: "wrong password!") }
        }
        _ = try await signIn.password(email: "alice@example.com", password: password)
        for _ in 1...2 {
            await #expect(throws: SignInError.unknownAccountOrWrongCredentials) { try await signIn.password(email: "alice@example.com", password: "wrong password!") }
        }
        #expect(try home.withRegistry { try Int.fetchOne($0, sql: "SELECT failures FROM sign_in_attempt") } == 2)
    }

    @Test func failuresOutsideTheWindowAreNotCounted() async throws {
        let home = try AccountHome()
        try await home.addUser("alice@example.com", password: password)
        let signIn = home.signIn(SignInPolicy(maxFailures: 3, failureWindow: 60))
        for advance in [0.0, 30, 31, 0] {
            home.clock.advance(by: advance)
            await #expect(throws: SignInError.unknownAccountOrWrongCredentials) { try await signIn.password(email: "alice@example.com", password: "wrong password!") }
        }
        await #expect(throws: SignInError.self) { try await signIn.password(email: "alice@example.com", password: "wrong password!") }
        #expect(try await home.accounts.list().first?.lockedUntil != nil, "the third failure within 60 s locked it")
    }

    @Test func unknownAccountsAreLockedLikeKnownOnes() async throws {
        let home = try AccountHome()
        try await home.addUser("alice@example.com", password: password)
        let signIn = home.signIn(SignInPolicy(maxFailures: 2))
        var known: [String] = []
        var unknown: [String] = []
        for _ in 1...3 {
            do { _ = try await signIn.password(email: "alice@example.com", password: "wrong password!") } catch { known.append("\(error)") }
            do { _ = try await signIn.password(email: "nobody@example.com", password: "wrong password!") } catch { unknown.append("\(error)") }
        }
        #expect(known == unknown)
        #expect(known.last?.hasPrefix("account locked") == true)
    }

    @Test func repeatedWrongTokensLockTheWorkspaceForTokenSignIns() async throws {
        let home = try AccountHome()
        let acme = try await home.workspace("acme", canary: "acme-canary")
        let signIn = home.signIn(SignInPolicy(maxFailures: 2, firstLockout: 45))
        let start = home.clock.now()
        await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) { try await signIn.token(.generate(), workspace: acme.id, actor: home.test.actor) }
        await #expect(throws: SignInError.workspaceLocked(until: start.addingTimeInterval(45), secondsLeft: 45)) {
            try await signIn.token(.generate(), workspace: acme.id, actor: home.test.actor)
        }
        await #expect(throws: SignInError.self) { try await signIn.token(acme.token, workspace: acme.id, actor: home.test.actor) }
        home.clock.advance(by: 45)
        #expect(try await signIn.token(acme.token, workspace: acme.id, actor: home.test.actor).workspaceID == acme.id)
    }

    // MARK: - Memberships at sign-in

    @Test func aRotatedTokenMakesTheMembershipOutdatedUntilGrantedAgain() async throws {
        let home = try AccountHome()
        let acme = try await home.workspace("acme", canary: "acme-canary")
        let globex = try await home.workspace("globex", canary: "globex-canary")
        let alice = try await home.addUser("alice@example.com", password: password)
        try await home.grant(alice, acme)
        try await home.grant(alice, globex)
        let rotated = try await home.manager.rotateToken(acme.grant)

        let signedIn = try await home.signIn().password(email: "alice@example.com", password: password)
        #expect(signedIn.workspaces.map(\.workspaceID) == [globex.id])
        #expect(signedIn.outdated == [acme.id])

        try await home.accounts.grant(alice, workspace: acme.id, token: rotated, actor: home.test.actor)
        let again = try await home.signIn().password(email: "alice@example.com", password: password)
        #expect(again.workspaces.map(\.workspaceID) == [acme.id, globex.id])
        #expect(again.workspaces.first?.token == rotated)
        #expect(again.outdated.isEmpty)
    }

    @Test func aRevokedMembershipNoLongerYieldsItsWorkspace() async throws {
        let home = try AccountHome()
        let acme = try await home.workspace("acme", canary: "acme-canary")
        let globex = try await home.workspace("globex", canary: "globex-canary")
        let alice = try await home.addUser("alice@example.com", password: password, openIDConnect: true)
        try await home.grant(alice, acme)
        try await home.grant(alice, globex)
        try await home.accounts.revoke(alice, workspace: acme.id)
        let byPassword = try await home.signIn().password(email: "alice@example.com", password: password)
        let byProvider = try await home.signIn().identityProviderVouched(for: alice)
        for signedIn in [byPassword, byProvider] {
            #expect(signedIn.workspaces.map(\.workspaceID) == [globex.id])
            #expect(signedIn.outdated.isEmpty)
        }
    }

    @Test func aRemovedUserCannotSignIn() async throws {
        let home = try AccountHome()
        let acme = try await home.workspace("acme", canary: "acme-canary")
        let alice = try await home.addUser("alice@example.com", password: password, openIDConnect: true)
        try await home.grant(alice, acme)
        try await home.accounts.remove(alice)
        await #expect(throws: SignInError.unknownAccountOrWrongCredentials) { try await home.signIn().password(email: "alice@example.com", password: password) }
        await #expect(throws: SignInError.unknownAccountOrWrongCredentials) { try await home.signIn().identityProviderVouched(for: alice) }
    }

    @Test func aSealedTokenCopiedToAnotherAccountOrWorkspaceDoesNotOpen() async throws {
        let home = try AccountHome()
        let acme = try await home.workspace("acme", canary: "acme-canary")
        let globex = try await home.workspace("globex", canary: "globex-canary")
        let alice = try await home.addUser("alice@example.com", password: password)
        let bob = try await home.addUser("bob@example.com", password: password)
        try await home.grant(alice, acme)
        try await home.grant(alice, globex)
        try await home.grant(bob, globex)
        try home.withRegistry { db in
            let sealed = try Data.fetchOne(db, sql: "SELECT sealed_token FROM membership WHERE email = 'alice@example.com' AND workspace_id = 'acme'")
            try db.execute(sql: "UPDATE membership SET sealed_token = ? WHERE workspace_id = 'globex'", arguments: [sealed])
            try db.execute(sql: "INSERT INTO membership (email, workspace_id, sealed_token, granted_at) VALUES ('bob@example.com', 'acme', ?, 0)",
                           arguments: [sealed])
        }
        let aliceIn = try await home.signIn().password(email: "alice@example.com", password: password)
        #expect(aliceIn.workspaces.map(\.workspaceID) == [acme.id])
        #expect(aliceIn.outdated == [globex.id], "acme's sealed token moved onto globex opens nothing")
        let bobIn = try await home.signIn().password(email: "bob@example.com", password: password)
        #expect(bobIn.workspaces.isEmpty, "alice's sealed token moved onto bob opens nothing")
        #expect(bobIn.outdated == [acme.id, globex.id])
    }
}
