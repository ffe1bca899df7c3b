import AirlockCore
@testable import AirlockPostgres
import AirlockTestSupport
import Foundation
import Testing

/// Many calls of two workspaces' stores on one shared pool, some cancelled mid-flight:
/// every answer belongs to the workspace that asked, and both logs stay intact.
@Suite("PostgreSQL workspace store: shared pool", .serialized, .timeLimit(.minutes(5)))
struct PostgresStoreConcurrencyTests {
    /// What `store` sees of memory: every title from a listing and a search.
    private static func titlesSeen(by store: PostgresWorkspaceStore) async throws -> [String] {
        let listed = try await store.listMemory(kind: nil).map(\.title)
        let found = try await store.searchMemory(try MemorySearchQuery("plan")).map(\.memory.title)
        return listed + found
    }

    @Test func alternatingWorkspacesWithCancellationsNeverSeeEachOthersRows() async throws {
        try await StoreHarness.with { harness in
            let stores = [try await harness.create(harness.acme), try await harness.create(harness.globex)]
            for store in stores {
                _ = try await store.addMemory(try memoryDraft("Plan of \(store.workspaceID)", body: "canary-\(store.workspaceID)"))
            }
            for round in 0..<3 {
                let cancelled = (0..<16).map { index in
                    Task { try await Self.titlesSeen(by: stores[index % 2]) }
                }
                let seen = try await withThrowingTaskGroup(of: (WorkspaceID, [String]).self) { group in
                    for index in 0..<40 {
                        let store = stores[(index + round) % 2]
                        group.addTask { (store.workspaceID, try await Self.titlesSeen(by: store)) }
                    }
                    for (index, task) in cancelled.enumerated() where index % 2 == 0 {
                        task.cancel()
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                for (workspace, titles) in seen {
                    #expect(titles == ["Plan of \(workspace)", "Plan of \(workspace)"], "round \(round), \(workspace) saw \(titles)")
                }
                for (index, task) in cancelled.enumerated() {
                    let workspace = stores[index % 2].workspaceID
                    if let titles = try? await task.value {
                        #expect(titles == ["Plan of \(workspace)", "Plan of \(workspace)"], "a call of \(workspace) saw \(titles)")
                    }
                }
            }
            for store in stores {
                guard case .intact = try await store.verifyAudit() else {
                    Issue.record("the log of \(store.workspaceID) broke")
                    continue
                }
                #expect(try await Self.titlesSeen(by: store) == ["Plan of \(store.workspaceID)", "Plan of \(store.workspaceID)"])
            }
        }
    }
}
