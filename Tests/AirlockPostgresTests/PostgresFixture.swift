import AirlockCore
@testable import AirlockPostgres
import AirlockPostgresTestSupport
import Foundation
import Logging
import PostgresNIO
import Testing

/// A fresh database on the test server (`AIRLOCK_TEST_POSTGRES_URL`, a superuser), set up
/// by ``DatabaseSetup`` with roles of its own, and pools for the administrator and the
/// application role. Two workspaces, `acme` and `globex`, are in its registry.
struct PostgresFixture {
    let admin: PostgresPool
    let app: PostgresPool
    let roles: DatabaseRoles
    let setupSteps: [String]
    let acme: (id: WorkspaceID, digest: TokenDigest)
    let globex: (id: WorkspaceID, digest: TokenDigest)
    let logger = Logger(label: "airlock.postgres.tests")

    /// Runs `body` with a fresh fixture and drops its database and roles afterwards.
    static func with<T>(appConnections: Int = 4, _ body: (PostgresFixture) async throws -> T) async throws -> T {
        try await TestDatabase.with { database in
            let acme = (try WorkspaceID("acme"), TokenDigest(stored: (0..<32).map { _ in UInt8.random(in: 0...255) })!)
            let globex = (try WorkspaceID("globex"), TokenDigest(stored: (0..<32).map { _ in UInt8.random(in: 0...255) })!)
            try await database.execute([acme, globex].map { id, digest in
                "INSERT INTO airlock.workspace (id, name, token_digest, created_at) VALUES ('\(id.rawValue)', '\(id.rawValue)', '\\x\(digest.hex)', 0)"
            })
            let admin = try PostgresPool(database.admin, maximumConnections: 2)
            let app = try PostgresPool(try database.app, maximumConnections: appConnections)
            let fixture = PostgresFixture(admin: admin, app: app, roles: database.roles, setupSteps: database.setupSteps, acme: acme, globex: globex)
            do {
                let result = try await body(fixture)
                await fixture.close()
                return result
            } catch {
                await fixture.close()
                throw error
            }
        }
    }

    private func close() async {
        await app.close()
        await admin.close()
    }

    /// Seeds one row in every tenant table of `workspace`, through the application role
    /// with the workspace's own settings.
    func seed(_ workspace: (id: WorkspaceID, digest: TokenDigest)) async throws {
        let id = workspace.id.rawValue
        try await PostgresTenancy.withTenant(app, workspace: workspace.id, digest: workspace.digest, logger: logger) { connection in
            for statement in Self.seedStatements(id) {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
        }
    }

    /// One row for every tenant table, naming `id`.
    static func seedStatements(_ id: String) -> [String] {
        let hash = "'\\x" + String(repeating: "ab", count: 32) + "'"
        return [
            "INSERT INTO airlock.workspace_state (workspace_id, format, created_at, audit_head_seq, audit_head_hash, audit_head_seal) VALUES ('\(id)', 'airlock.workspace.v1', 0, 0, \(hash), \(hash))",
            "INSERT INTO airlock.memory (workspace_id, id, kind, title, body, tags, pinned, created_at, updated_at) VALUES ('\(id)', 'm-1', 'note', 'Secret of \(id)', 'body of \(id)', '', false, 0, 0)",
            "INSERT INTO airlock.chat_session (workspace_id, id, title, created_at, updated_at) VALUES ('\(id)', 's-1', 'Session of \(id)', 0, 0)",
            "INSERT INTO airlock.chat_message (workspace_id, session_id, seq, role, content, created_at) VALUES ('\(id)', 's-1', 1, 'user', 'message of \(id)', 0)",
            "INSERT INTO airlock.audit_event (workspace_id, seq, time, actor, action, resource, prev_hash, hash) VALUES ('\(id)', 1, 0, 'test', 'memory.add', 'memory/m-1', \(hash), \(hash))",
            "INSERT INTO airlock.integration (workspace_id, id, kind, name, settings, created_at, updated_at) VALUES ('\(id)', 'ads', 'http', 'Ads of \(id)', '{}', 0, 0)",
            "INSERT INTO airlock.credential (workspace_id, integration_id, name, sealed, label, updated_at) VALUES ('\(id)', 'ads', 'access_token', '\\x\(String(repeating: "cd", count: 40))', 'label', 0)",
            "INSERT INTO airlock.alert (workspace_id, id, time, rule, severity, summary, details) VALUES ('\(id)', 'al-1', 0, 'read-burst', 'warning', 'alert of \(id)', '{}')",
            "INSERT INTO airlock.anomaly_state (workspace_id, checkpoint_seq, state) VALUES ('\(id)', 0, '{}')",
        ]
    }
}

extension PostgresPool {
    /// Runs one statement outside any tenant transaction (tests only).
    @discardableResult
    func query(_ sql: String) async throws -> [PostgresRow] {
        try await client.query(PostgresQuery(unsafeSQL: sql)).collect()
    }
}
