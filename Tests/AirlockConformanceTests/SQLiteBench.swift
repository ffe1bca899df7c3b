import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation

/// SQLite stores opened through a ``WorkspaceManager`` in a throwaway ``TestHome``.
enum SQLiteBench {
    /// Runs `body` with the stores of two new workspaces; the home is removed afterwards.
    static func with(_ body: (StoreBench) async throws -> Void) async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let globex = try await test.createWorkspace("globex")
        let manager = test.manager
        let grant = acme.grant
        try await StoreBench.run(
            backend: .sqlite, acme: try await manager.open(acme.grant), globex: try await manager.open(globex.grant), clock: test.clock,
            reopenAcme: { try await manager.open(grant) }, body
        )
        withExtendedLifetime(test) {}
    }
}
