import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import GRDB

/// scrypt cheap enough for many sign-ins in a test (N = 2^10).
let cheapScrypt = try! ScryptParameters(logN: 10, r: 8, p: 1)

/// A home with users, for account and sign-in tests: its accounts and sign-ins use
/// ``cheapScrypt``.
struct AccountHome {
    let test: TestHome

    init() throws {
        test = try TestHome()
    }

    var manager: WorkspaceManager { test.manager }
    var clock: ManualClock { test.clock }

    /// The home's accounts.
    var accounts: UserAccounts { UserAccounts(manager: test.manager, passwordCost: cheapScrypt) }

    /// Sign-ins under `policy`.
    func signIn(_ policy: SignInPolicy = SignInPolicy()) -> SignIn {
        SignIn(manager: test.manager, policy: policy, passwordCost: cheapScrypt)
    }

    /// Creates workspace `id` holding one memory document titled `canary`.
    func workspace(_ id: String, canary: String) async throws -> TestHome.Workspace {
        let workspace = try await test.createWorkspace(id)
        _ = try await test.withStore(workspace) { store in try await store.addMemory(try draft(canary)) }
        return workspace
    }

    /// Adds `email` with `password` (and identity-provider sign-in if `openIDConnect`).
    @discardableResult
    func addUser(_ email: String, password: String? = "correct horse battery", openIDConnect: Bool = false) async throws -> AccountEmail {
        let email = try AccountEmail(email)
        try await accounts.add(email, password: password, openIDConnect: openIDConnect)
        return email
    }

    /// Makes `email` a member of `workspace` with its token.
    func grant(_ email: AccountEmail, _ workspace: TestHome.Workspace) async throws {
        try await accounts.grant(email, workspace: workspace.id, token: workspace.token, actor: test.actor)
    }

    /// The memory titles the store opened with `grant` shows.
    func memoryTitles(_ grant: WorkspaceGrant) async throws -> [String] {
        try await manager.withStore(grant) { store in try await store.listMemory(kind: nil).map(\.title) }
    }

    /// Runs `body` on the registry database directly (behind the manager's back).
    func withRegistry<T>(_ body: (Database) throws -> T) throws -> T {
        try withRawDatabase(test.home.registryPath, body)
    }
}
