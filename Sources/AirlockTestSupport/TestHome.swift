import AirlockCore
import AirlockStore
import Foundation

/// A throwaway Airlock home with a workspace manager, for tests.
public final class TestHome: Sendable {
    /// The temporary folder holding the home (`home/`) and the keyring (`config/`).
    public let directory: TemporaryDirectory
    /// The opened home.
    public let home: AirlockHome
    /// The home's workspace manager.
    public let manager: WorkspaceManager
    /// The clock the manager stamps times with.
    public let clock: ManualClock
    /// The actor tests act as.
    public let actor = AuditActor("test:analyst")

    /// Creates a home with a fresh master key file (as `airlock init` does).
    public init() throws {
        directory = try TemporaryDirectory(prefix: "airlock-home")
        home = try AirlockHome.open(at: directory.appending("home"), create: true)
        clock = ManualClock()
        let masterKey = try MasterKeyLoader.load(home: home, environment: [:], create: true)
        manager = try WorkspaceManager.open(home: home, masterKey: masterKey, clock: clock)
    }

    /// The environment a CLI process needs to use this home and a keyring beside it.
    public var environment: [String: String] {
        ["AIRLOCK_HOME": home.root, "XDG_CONFIG_HOME": directory.appending("config"), "HOME": directory.path]
    }

    /// A workspace created in this home, with its token and a grant for ``actor``.
    public struct Workspace: Sendable {
        /// The workspace's id.
        public let id: WorkspaceID
        /// Its token.
        public let token: WorkspaceToken
        /// A grant minted with that token.
        public let grant: WorkspaceGrant
    }

    /// Creates workspace `id` and authenticates to it.
    public func createWorkspace(_ id: String, name: String? = nil) async throws -> Workspace {
        let workspaceID = try WorkspaceID(id)
        let created = try await manager.createWorkspace(name: name ?? id, id: workspaceID, actor: actor)
        let grant = try await manager.authenticate(workspaceID, token: created.token, actor: actor)
        return Workspace(id: workspaceID, token: created.token, grant: grant)
    }

    /// Opens the store of `workspace`, runs `body`, and closes the store.
    public func withStore<T>(_ workspace: Workspace, _ body: (any WorkspaceStore) async throws -> T) async throws -> T {
        try await manager.withStore(workspace.grant, body)
    }

    /// The database file of workspace `id`, for tests that tamper with it directly.
    public func databasePath(of id: WorkspaceID) -> String {
        home.root + "/clients/" + id.rawValue + "/workspace.sqlite"
    }
}
