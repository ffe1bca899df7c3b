import AirlockCore
import AirlockStore
import Foundation

/// The seeded home the store benchmarks share: made once per run (each benchmark runs in a
/// process of its own) in `$AIRLOCK_BENCH_HOME`, else a folder under the temporary directory.
struct BenchHome: Sendable {
    /// Two workspaces to switch between: 10,000 documents and 100 sessions of 1,000
    /// messages (100,000 messages) each.
    static let switchA = try! WorkspaceID("switch-a")
    static let switchB = try! WorkspaceID("switch-b")
    /// 100,000 documents for memory search.
    static let search = try! WorkspaceID("search")
    static let switchPlan = WorkspaceSeed(documents: 10_000, sessions: 100, messagesPerSession: 1_000, seed: 1)
    static let searchPlan = WorkspaceSeed(documents: 100_000, sessions: 0, messagesPerSession: 0, seed: 3)
    static let actor = AuditActor("benchmark")

    let home: AirlockHome
    let manager: WorkspaceManager
    private let tokens: [String: String]

    /// Opens the shared home, seeding it first if this is the run's first benchmark to need it.
    static func open() async throws -> BenchHome {
        let root = ProcessInfo.processInfo.environment["AIRLOCK_BENCH_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? NSTemporaryDirectory() + "/airlock-benchmarks"
        let marker = root + "/seeded.json"
        if !FileManager.default.fileExists(atPath: marker) {
            try? FileManager.default.removeItem(atPath: root)
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            let bench = try await seed(root: root)
            try JSONEncoder().encode(bench.tokens).write(to: URL(fileURLWithPath: marker))
            return bench
        }
        let tokens = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: marker)))
        let (home, manager) = try openManager(root: root)
        return BenchHome(home: home, manager: manager, tokens: tokens)
    }

    private static func openManager(root: String) throws -> (AirlockHome, WorkspaceManager) {
        let home = try AirlockHome.open(at: root + "/home", create: true)
        let masterKey = try MasterKeyLoader.load(home: home, environment: [:], create: true)
        return (home, try WorkspaceManager.open(home: home, masterKey: masterKey))
    }

    private static func seed(root: String) async throws -> BenchHome {
        let (home, manager) = try openManager(root: root)
        var tokens: [String: String] = [:]
        for (id, plan) in [(switchA, switchPlan), (switchB, WorkspaceSeed(documents: 10_000, sessions: 100, messagesPerSession: 1_000, seed: 2)),
                           (search, searchPlan)] {
            let started = ContinuousClock.now
            let snapshot = plan.snapshot(of: id, actor: actor, at: Date())
            let created = try await manager.createWorkspace(name: id.rawValue, id: id, actor: actor, restoring: snapshot)
            tokens[id.rawValue] = created.token.revealed
            FileHandle.standardError.write(Data("seeded \(id) in \(ContinuousClock.now - started)\n".utf8))
        }
        return BenchHome(home: home, manager: manager, tokens: tokens)
    }

    /// A fresh grant for `workspace`, authenticated as the console does.
    func grant(_ workspace: WorkspaceID) async throws -> WorkspaceGrant {
        try await manager.authenticate(workspace, token: try WorkspaceToken(parsing: tokens[workspace.rawValue] ?? ""), actor: Self.actor)
    }

    /// The store of `workspace`, opened for the rest of the process.
    func store(_ workspace: WorkspaceID) async throws -> any WorkspaceStore {
        try await manager.open(try await grant(workspace))
    }

    /// The SQLite file of `workspace`.
    func databasePath(_ workspace: WorkspaceID) -> String {
        home.root + "/clients/\(workspace)/workspace.sqlite"
    }
}
