import AirlockCore
import Foundation
import Logging
import PostgresNIO
import Testing

@testable import AirlockPostgres

/// Pooled connections never carry one workspace's settings into another's work.
@Suite("PostgreSQL tenant transactions on a shared pool", .serialized, .timeLimit(.minutes(3)))
struct TenantPoolTests {
    /// The tenant settings a connection of the pool has outside any transaction.
    private func leftoverSettings(_ pool: PostgresPool) async throws -> [String] {
        try await pool.query("SELECT coalesce(current_setting('airlock.workspace', true), ''), coalesce(current_setting('airlock.token_digest', true), '')")
            .first.map { row in let (workspace, digest) = try row.decode((String, String).self); return [workspace, digest] } ?? []
    }

    @Test func aConnectionCarriesNoTenantStateAfterWorkOrCancellation() async throws {
        try await PostgresFixture.with(appConnections: 1) { fixture in
            try await fixture.seed(fixture.acme)
            _ = try await PostgresTenancy.withTenant(fixture.app, workspace: fixture.acme.id, digest: fixture.acme.digest, logger: fixture.logger) { connection in
                try await connection.query("SELECT 1", logger: fixture.logger).collect().count
            }
            #expect(try await leftoverSettings(fixture.app) == ["", ""])

            let slow = Task {
                try await PostgresTenancy.withTenant(fixture.app, workspace: fixture.acme.id, digest: fixture.acme.digest, logger: fixture.logger) { connection in
                    try await connection.query("SELECT pg_sleep(5)", logger: fixture.logger).collect().count
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            slow.cancel()
            _ = await slow.result
            #expect(try await leftoverSettings(fixture.app) == ["", ""])
            let visible = try await fixture.app.query("SELECT count(*)::int FROM airlock.memory").first?.decode(Int.self)
            #expect(visible == 0, "the next user of the connection sees no tenant rows")
        }
    }

    @Test func manyTasksAlternatingWorkspacesWithCancellationsOnlyEverSeeTheirOwnRows() async throws {
        try await PostgresFixture.with(appConnections: 4) { fixture in
            try await fixture.seed(fixture.acme)
            try await fixture.seed(fixture.globex)
            let workspaces = [fixture.acme, fixture.globex]
            let logger = fixture.logger
            let results = await withTaskGroup(of: (asked: String, seen: [String])?.self) { group in
                for index in 0..<60 {
                    let workspace = workspaces[index % 2]
                    let task = Task {
                        try await PostgresTenancy.withTenant(fixture.app, workspace: workspace.id, digest: workspace.digest, logger: logger) { connection in
                            var seen: [String] = []
                            let sleep = Double(index % 5) * 0.02
                            let query: PostgresQuery = "SELECT m.workspace_id FROM airlock.memory m, pg_sleep(\(sleep)) UNION ALL SELECT workspace_id FROM airlock.chat_message"
                            for try await owner in try await connection.query(query, logger: logger).decode(String.self) { seen.append(owner) }
                            return seen
                        }
                    }
                    if index % 3 == 0 {
                        group.addTask {
                            try? await Task.sleep(for: .milliseconds(Double(index % 7) * 5))
                            task.cancel()
                            return nil
                        }
                    }
                    group.addTask { (try? await task.value).map { (workspace.id.rawValue, $0) } }
                }
                var results: [(asked: String, seen: [String])] = []
                for await result in group { if let result { results.append(result) } }
                return results
            }
            #expect(results.count >= 30, "most tasks finished: \(results.count)")
            for (asked, seen) in results {
                #expect(seen == [asked, asked], "a task for \(asked) saw \(seen)")
            }
        }
    }
}
