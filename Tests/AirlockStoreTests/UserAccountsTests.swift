import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import GRDB
import Testing

@Suite("UserAccounts: users and memberships")
struct UserAccountsTests {
    @Test func addedUsersAreListedWithTheirMethodsAndNoWorkspaces() async throws {
        let home = try AccountHome()
        try await home.addUser("Alice@Example.com")
        try await home.addUser("bob@example.com", password: nil, openIDConnect: true)
        try await home.addUser("carol@example.com", openIDConnect: true)
        let listed = try await home.accounts.list()
        #expect(listed.map(\.email.rawValue) == ["alice@example.com", "bob@example.com", "carol@example.com"])
        #expect(listed.map(\.password) == [true, false, true])
        #expect(listed.map(\.openIDConnect) == [false, true, true])
        #expect(listed.allSatisfy { $0.workspaces.isEmpty && $0.lockedUntil == nil && $0.createdAt == home.clock.now() })
    }

    @Test func anEmailIsTakenWhateverItsCase() async throws {
        let home = try AccountHome()
        try await home.addUser("alice@example.com")
        await #expect(throws: UserAccountError.exists(try AccountEmail("alice@example.com"))) {
            try await home.addUser("ALICE@example.com", password: "another password")
        }
        #expect(try await home.accounts.list().count == 1)
    }

    @Test func aUserNeedsASignInMethodAndAPasswordOfSensibleLength() async throws {
        let home = try AccountHome()
        await #expect(throws: UserAccountError.noSignInMethod) { try await home.addUser("a@example.com", password: nil) }
        let tooShort = String(repeating: "x", count: UserAccounts.minimumPasswordLength - 1)
        let tooLong = String(repeating: "é", count: UserAccounts.maximumPasswordBytes / 2 + 1)
        for password in [tooShort, tooLong, ""] {
            await #expect(throws: UserAccountError.passwordLength(minimum: 8, maximumBytes: 1024)) {
                try await home.addUser("a@example.com", password: password)
            }
        }
        try await home.addUser("a@example.com", password: String(repeating: "x", count: UserAccounts.minimumPasswordLength))
        #expect(try await home.accounts.list().count == 1, "only the valid one was added")
    }

    @Test func grantNeedsTheWorkspacesTokenAndAnExistingUser() async throws {
        let home = try AccountHome()
        let acme = try await home.workspace("acme", canary: "acme-canary")
        let globex = try await home.workspace("globex", canary: "globex-canary")
        let alice = try await home.addUser("alice@example.com")
        await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) {
            try await home.accounts.grant(alice, workspace: acme.id, token: globex.token, actor: home.test.actor)
        }
        await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) {
            try await home.accounts.grant(alice, workspace: try WorkspaceID("initech"), token: acme.token, actor: home.test.actor)
        }
        let nobody = try AccountEmail("nobody@example.com")
        await #expect(throws: UserAccountError.unknown(nobody)) {
            try await home.accounts.grant(nobody, workspace: acme.id, token: acme.token, actor: home.test.actor)
        }
        #expect(try await home.accounts.list().first?.workspaces == [])
        #expect(try home.withRegistry { try Int.fetchOne($0, sql: "SELECT count(*) FROM membership") } == 0)
    }

    @Test func grantRevokeRoundTrip() async throws {
        let home = try AccountHome()
        let acme = try await home.workspace("acme", canary: "acme-canary")
        let globex = try await home.workspace("globex", canary: "globex-canary")
        let alice = try await home.addUser("alice@example.com")
        try await home.grant(alice, globex)
        try await home.grant(alice, acme)
        try await home.grant(alice, acme)
        #expect(try await home.accounts.list().first?.workspaces == [acme.id, globex.id], "granting again replaces, not duplicates")

        try await home.accounts.revoke(alice, workspace: acme.id)
        #expect(try await home.accounts.list().first?.workspaces == [globex.id])
        await #expect(throws: UserAccountError.notMember(alice, acme.id)) { try await home.accounts.revoke(alice, workspace: acme.id) }
    }

    @Test func removingAUserRemovesItsMemberships() async throws {
        let home = try AccountHome()
        let acme = try await home.workspace("acme", canary: "acme-canary")
        let alice = try await home.addUser("alice@example.com")
        let bob = try await home.addUser("bob@example.com")
        try await home.grant(alice, acme)
        try await home.grant(bob, acme)

        try await home.accounts.remove(alice)
        #expect(try await home.accounts.list().map(\.email) == [bob])
        let rows = try home.withRegistry { try String.fetchAll($0, sql: "SELECT email FROM membership") }
        #expect(rows == ["bob@example.com"])
        await #expect(throws: UserAccountError.unknown(alice)) { try await home.accounts.remove(alice) }

        try await home.addUser("alice@example.com")
        #expect(try await home.accounts.list().first?.workspaces == [], "a new account of the same email inherits nothing")
    }

    @Test func deletingAWorkspaceRemovesItsMemberships() async throws {
        let home = try AccountHome()
        let acme = try await home.workspace("acme", canary: "acme-canary")
        let globex = try await home.workspace("globex", canary: "globex-canary")
        let alice = try await home.addUser("alice@example.com")
        try await home.grant(alice, acme)
        try await home.grant(alice, globex)
        try await home.manager.deleteWorkspace(acme.grant)
        #expect(try await home.accounts.list().first?.workspaces == [globex.id])
    }

    @Test func theRegistryHoldsNoPasswordTokenOrPrivateKeyInTheClear() async throws {
        let home = try AccountHome()
        let acme = try await home.workspace("acme", canary: "acme-canary")
        let password = "Unmistakable-Password-0042"
        let alice = try await home.addUser("alice@example.com", password: password, openIDConnect: true)
        try await home.grant(alice, acme)
        let signedIn = try await home.signIn().password(email: "alice@example.com", password: password)
        #expect(signedIn.workspaces.map(\.workspaceID) == [acme.id])
        await home.manager.close()

        var registry = Data()
        for suffix in ["", "-wal"] {
            registry += FileManager.default.contents(atPath: home.test.home.registryPath + suffix) ?? Data()
        }
        #expect(!registry.isEmpty)
        #expect(!registry.contains(bytes: Array(password.utf8)))
        #expect(!registry.contains(bytes: Array(acme.token.revealed.utf8)))
        #expect(!registry.contains(bytes: tokenBytes(acme.token)))
    }
}

/// The 32 bytes of `token`.
func tokenBytes(_ token: WorkspaceToken) -> [UInt8] {
    let hex = Array(token.revealed.utf8)
    return stride(from: 0, to: hex.count, by: 2).map { UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
}
