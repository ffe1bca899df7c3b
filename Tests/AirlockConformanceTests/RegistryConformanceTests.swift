import AirlockCore
import AirlockStore
import Foundation
import Testing

/// Every registry — `registry.sqlite` and PostgreSQL — keeps the same contract: digests are
/// presented, never read back; keys change only by compare and swap; memberships go with
/// their workspace or account; sign-in attempts count exactly, also concurrently.
@Suite("Conformance: registry", .serialized, .timeLimit(.minutes(3)))
struct RegistryConformanceTests {
    private let epoch = Date(millisecondsSince1970: 1_700_000_000_000)

    private func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255) } }
    private func digest() -> TokenDigest { TokenDigest(stored: bytes(32))! }
    private func wrappedKey() -> StoredDataKey { .wrapped(bytes(DataKeyWrap.wrappedByteCount)) }

    /// Inserts workspace `id` with a fresh digest and data key; returns them.
    private func insert(_ id: String, into registry: any WorkspaceRegistry, dataKey: StoredDataKey? = nil) async throws -> (WorkspaceID, WorkspaceKeys) {
        let workspace = try WorkspaceID(id)
        let keys = WorkspaceKeys(digest: digest(), dataKey: dataKey ?? wrappedKey())
        try await registry.insert(WorkspaceRecord(id: workspace, name: "Name of \(id)", createdAt: epoch, rotatedAt: nil), keys: keys)
        return (workspace, keys)
    }

    private func account(_ email: String, password: Bool = true, identityProvider: Bool = false) throws -> StoredAccount {
        StoredAccount(
            email: try AccountEmail(email), publicKey: bytes(32),
            password: password ? PasswordCredential(parameters: .standard, salt: bytes(32), verifier: bytes(32), wrappedKey: bytes(AccountKeyWrap.wrappedByteCount)) : nil,
            identityProviderWrappedKey: identityProvider ? bytes(AccountKeyWrap.wrappedByteCount) : nil, createdAt: epoch)
    }

    // MARK: - Workspaces

    @Test(arguments: RegistryBackend.allCases)
    func insertRecordsAndRefusesADuplicateId(_ backend: RegistryBackend) async throws {
        try await backend.with { registry in
            let (globex, _) = try await insert("globex", into: registry)
            let (acme, _) = try await insert("acme", into: registry)
            await #expect(throws: StoreError.workspaceExists(acme)) { _ = try await insert("acme", into: registry) }
            let record = try #require(try await registry.record(acme))
            #expect(record.name == "Name of acme" && record.createdAt == epoch && record.rotatedAt == nil)
            #expect(try await registry.record(try WorkspaceID("initech")) == nil)
            #expect(try await registry.allRecords().map(\.id) == [acme, globex])
            let (hyphenated, _) = try await insert("ab-z", into: registry)
            let (plain, _) = try await insert("abc", into: registry)
            #expect(try await registry.allRecords().map(\.id) == [hyphenated, plain, acme, globex], "byte order, whatever the collation")
        }
    }

    @Test(arguments: RegistryBackend.allCases)
    func theDataKeyIsGivenOnlyForTheCurrentDigest(_ backend: RegistryBackend) async throws {
        try await backend.with { registry in
            let (acme, keys) = try await insert("acme", into: registry)
            let (legacy, legacyKeys) = try await insert("legacy", into: registry, dataKey: .absent)
            #expect(try await registry.dataKey(of: acme, presenting: keys.digest) == keys.dataKey)
            #expect(try await registry.dataKey(of: legacy, presenting: legacyKeys.digest) == .absent, "a match without a key is not \"no match\"")
            #expect(try await registry.dataKey(of: acme, presenting: digest()) == nil)
            #expect(try await registry.dataKey(of: acme, presenting: legacyKeys.digest) == nil)
            #expect(try await registry.dataKey(of: try WorkspaceID("initech"), presenting: keys.digest) == nil)
            #expect(try await registry.holds(keys.digest, for: acme))
            #expect(try await !registry.holds(digest(), for: acme))
            #expect(try await !registry.holds(keys.digest, for: legacy))
            #expect(try await !registry.holds(keys.digest, for: try WorkspaceID("initech")))
        }
    }

    @Test(arguments: RegistryBackend.allCases)
    func keysAreReplacedOnlyByCompareAndSwap(_ backend: RegistryBackend) async throws {
        try await backend.with { registry in
            let (acme, keys) = try await insert("acme", into: registry)
            let replacement = WorkspaceKeys(digest: digest(), dataKey: wrappedKey())
            let rotated = epoch.addingTimeInterval(60)
            #expect(try await !registry.replaceKeys(of: acme, presenting: keys.digest, expected: wrappedKey(), with: replacement, at: rotated))
            #expect(try await !registry.replaceKeys(of: acme, presenting: keys.digest, expected: .absent, with: replacement, at: rotated))
            #expect(try await !registry.replaceKeys(of: acme, presenting: digest(), expected: keys.dataKey, with: replacement, at: rotated))
            #expect(try await !registry.replaceKeys(of: try WorkspaceID("initech"), presenting: keys.digest, expected: keys.dataKey, with: replacement, at: rotated))
            #expect(try await registry.dataKey(of: acme, presenting: keys.digest) == keys.dataKey, "the losers changed nothing")
            #expect(try await registry.record(acme)?.rotatedAt == nil)

            #expect(try await registry.replaceKeys(of: acme, presenting: keys.digest, expected: keys.dataKey, with: replacement, at: rotated))
            #expect(try await !registry.holds(keys.digest, for: acme))
            #expect(try await registry.dataKey(of: acme, presenting: replacement.digest) == replacement.dataKey)
            #expect(try await registry.record(acme)?.rotatedAt == rotated)

            let again = WorkspaceKeys(digest: replacement.digest, dataKey: wrappedKey())
            #expect(try await registry.replaceKeys(of: acme, presenting: replacement.digest, expected: replacement.dataKey, with: again, at: nil))
            #expect(try await registry.record(acme)?.rotatedAt == rotated, "no time keeps the recorded one")

            let (legacy, legacyKeys) = try await insert("legacy", into: registry, dataKey: .absent)
            let first = WorkspaceKeys(digest: legacyKeys.digest, dataKey: wrappedKey())
            #expect(try await registry.replaceKeys(of: legacy, presenting: legacyKeys.digest, expected: .absent, with: first, at: nil))
            #expect(try await !registry.replaceKeys(of: legacy, presenting: legacyKeys.digest, expected: .absent, with: legacyKeys, at: nil))
            #expect(try await registry.dataKey(of: legacy, presenting: legacyKeys.digest) == first.dataKey)
        }
    }

    @Test(arguments: RegistryBackend.allCases)
    func theDataKeyIsDestroyedOnlyWithTheCurrentDigest(_ backend: RegistryBackend) async throws {
        try await backend.with { registry in
            let (acme, keys) = try await insert("acme", into: registry)
            #expect(try await !registry.destroyDataKey(of: acme, presenting: digest()))
            #expect(try await !registry.destroyDataKey(of: try WorkspaceID("initech"), presenting: keys.digest))
            #expect(try await registry.dataKey(of: acme, presenting: keys.digest) == keys.dataKey)
            #expect(try await registry.destroyDataKey(of: acme, presenting: keys.digest))
            #expect(try await registry.dataKey(of: acme, presenting: keys.digest) == .destroyed)
            #expect(try await registry.holds(keys.digest, for: acme), "the workspace stays until it is deleted")
        }
    }

    @Test(arguments: RegistryBackend.allCases)
    func deleteRefusesAWrongDigest(_ backend: RegistryBackend) async throws {
        try await backend.with { registry in
            let (acme, keys) = try await insert("acme", into: registry)
            let (globex, globexKeys) = try await insert("globex", into: registry)
            #expect(try await !registry.delete(acme, presenting: globexKeys.digest))
            #expect(try await !registry.delete(try WorkspaceID("initech"), presenting: keys.digest))
            #expect(try await registry.record(acme) != nil)
            #expect(try await registry.delete(acme, presenting: keys.digest))
            #expect(try await registry.record(acme) == nil)
            #expect(try await !registry.holds(keys.digest, for: acme))
            #expect(try await !registry.delete(acme, presenting: keys.digest))
            #expect(try await registry.allRecords().map(\.id) == [globex])
        }
    }

    // MARK: - Accounts and memberships

    @Test(arguments: RegistryBackend.allCases)
    func accountsAreAddedReadAndRemoved(_ backend: RegistryBackend) async throws {
        try await backend.with { registry in
            #expect(try await !registry.hasAccounts())
            let bob = try account("bob@example.com", password: false, identityProvider: true)
            let alice = try account("alice@example.com", identityProvider: true)
            try await registry.insertAccount(bob)
            try await registry.insertAccount(alice)
            #expect(try await registry.hasAccounts())
            await #expect(throws: UserAccountError.exists(alice.email)) { try await registry.insertAccount(try account("alice@example.com")) }

            let stored = try #require(try await registry.account(alice.email))
            #expect(stored.email == alice.email && stored.publicKey == alice.publicKey && stored.createdAt == epoch)
            #expect(stored.password?.parameters == .standard && stored.password?.salt == alice.password?.salt)
            #expect(stored.password?.verifier == alice.password?.verifier && stored.password?.wrappedKey == alice.password?.wrappedKey)
            #expect(stored.identityProviderWrappedKey == alice.identityProviderWrappedKey)
            let storedBob = try #require(try await registry.account(bob.email))
            #expect(storedBob.password == nil && storedBob.identityProviderWrappedKey == bob.identityProviderWrappedKey)
            #expect(try await registry.allAccounts().map(\.email) == [alice.email, bob.email])

            #expect(try await registry.deleteAccount(alice.email))
            #expect(try await !registry.deleteAccount(alice.email))
            #expect(try await registry.account(alice.email) == nil)
            #expect(try await registry.deleteAccount(bob.email))
            #expect(try await !registry.hasAccounts())
        }
    }

    @Test(arguments: RegistryBackend.allCases)
    func membershipsAreReplacedRemovedAndCascade(_ backend: RegistryBackend) async throws {
        try await backend.with { registry in
            let (acme, acmeKeys) = try await insert("acme", into: registry)
            let (globex, _) = try await insert("globex", into: registry)
            let alice = try account("alice@example.com"), bob = try account("bob@example.com")
            let stranger = try AccountEmail("stranger@example.com")
            try await registry.insertAccount(alice)
            try await registry.insertAccount(bob)
            let seal = { self.bytes(MembershipSeal.sealedByteCount) }
            await #expect(throws: UserAccountError.unknown(stranger)) {
                try await registry.putMembership(stranger, workspace: acme, sealedToken: seal(), at: epoch)
            }
            try await registry.putMembership(alice.email, workspace: globex, sealedToken: seal(), at: epoch)
            try await registry.putMembership(alice.email, workspace: acme, sealedToken: seal(), at: epoch)
            let replaced = seal()
            try await registry.putMembership(alice.email, workspace: acme, sealedToken: replaced, at: epoch.addingTimeInterval(1))
            try await registry.putMembership(bob.email, workspace: acme, sealedToken: seal(), at: epoch)
            let memberships = try await registry.memberships(of: alice.email)
            #expect(memberships.map(\.workspace) == [acme, globex])
            #expect(memberships.first?.sealedToken == replaced, "granting again replaces the row")
            #expect(try await registry.membershipWorkspaces() == [alice.email: [acme, globex], bob.email: [acme]])

            #expect(try await registry.deleteMembership(alice.email, workspace: globex))
            #expect(try await !registry.deleteMembership(alice.email, workspace: globex))
            #expect(try await registry.delete(acme, presenting: acmeKeys.digest))
            #expect(try await registry.memberships(of: alice.email).isEmpty, "memberships go with their workspace")
            #expect(try await registry.membershipWorkspaces().isEmpty)

            try await registry.putMembership(bob.email, workspace: globex, sealedToken: seal(), at: epoch)
            #expect(try await registry.deleteAccount(bob.email))
            #expect(try await registry.memberships(of: bob.email).isEmpty, "and with their account")
            #expect(try await registry.membershipWorkspaces().isEmpty)
        }
    }

    // MARK: - Sign-in attempts

    @Test(arguments: RegistryBackend.allCases)
    func signInAttemptsLockAndAreForgotten(_ backend: RegistryBackend) async throws {
        try await backend.with { registry in
            let policy = SignInPolicy(maxFailures: 3, failureWindow: 900, firstLockout: 30, longestLockout: 3600)
            let subject = bytes(32)
            var outcomes: [SignInAttempts.Start] = []
            for _ in 0..<3 { outcomes.append(try await registry.startSignInAttempt(subject, at: epoch, policy: policy)) }
            let until = epoch.addingTimeInterval(30)
            #expect(outcomes.map { if case .counted(let next, _) = $0 { next.failures } else { -1 } } == [1, 2, 0])
            #expect(outcomes.last == .counted(SignInAttempts(failures: 0, windowStart: epoch, lockouts: 1, lockedUntil: until), lockedIfFailed: until))
            #expect(try await registry.startSignInAttempt(subject, at: epoch.addingTimeInterval(10), policy: policy) == .refused(until: until))
            #expect(try await registry.lockedUntil(subject, at: epoch.addingTimeInterval(10)) == until)
            #expect(try await registry.lockedUntil(subject, at: until) == nil)
            #expect(try await registry.lockedUntil(bytes(32), at: epoch) == nil)

            let later = epoch.addingTimeInterval(31)
            #expect(try await registry.startSignInAttempt(subject, at: later, policy: policy)
                == .counted(SignInAttempts(failures: 1, windowStart: later, lockouts: 1), lockedIfFailed: nil))
            try await registry.forgetSignInAttempts(subject)
            #expect(try await registry.startSignInAttempt(subject, at: later, policy: policy)
                == .counted(SignInAttempts(failures: 1, windowStart: later), lockedIfFailed: nil), "forgotten: the lockouts start over")

            let locked = bytes(32)
            for _ in 0..<3 { _ = try await registry.startSignInAttempt(locked, at: epoch, policy: policy) }
            let twoDaysLater = epoch.addingTimeInterval(2 * 86_400)
            _ = try await registry.startSignInAttempt(subject, at: twoDaysLater, policy: policy)
            #expect(try await registry.startSignInAttempt(locked, at: twoDaysLater, policy: policy)
                == .counted(SignInAttempts(failures: 1, windowStart: twoDaysLater), lockedIfFailed: nil), "a record untouched for a day is dropped")
        }
    }

    @Test(arguments: RegistryBackend.allCases)
    func concurrentSignInAttemptsAreCountedExactly(_ backend: RegistryBackend) async throws {
        try await backend.with { registry in
            let policy = SignInPolicy(maxFailures: 1_000)
            let subject = bytes(32)
            let attempts = 40
            let failures = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<attempts {
                    group.addTask {
                        guard case .counted(let next, _) = try await registry.startSignInAttempt(subject, at: epoch, policy: policy) else { return -1 }
                        return next.failures
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(failures.sorted() == Array(1...attempts), "each attempt saw the ones before it")
            guard case .counted(let next, _) = try await registry.startSignInAttempt(subject, at: epoch, policy: policy) else {
                Issue.record("refused")
                return
            }
            #expect(next.failures == attempts + 1)
        }
    }

    @Test(arguments: RegistryBackend.allCases)
    func aClosedRegistryRefusesCalls(_ backend: RegistryBackend) async throws {
        try await backend.with { registry in
            await registry.close()
            await #expect(throws: (any Error).self) { _ = try await registry.allRecords() }
            await #expect(throws: (any Error).self) { _ = try await registry.holds(digest(), for: try WorkspaceID("acme")) }
        }
    }
}
