import AirlockCore
import AirlockPostgres
import AirlockPostgresTestSupport
import AirlockTestSupport
import Foundation

/// PostgreSQL stores in a fresh database of the test server (``TestDatabase``), connected
/// as the application role.
enum PostgresBench {
    /// Runs `body` with the stores of two new workspaces in a new database, registered
    /// with real token digests; the pool is closed before returning.
    static func with(_ body: (StoreBench) async throws -> Void) async throws {
        try await TestDatabase.with(prefix: "airlock_conformance") { database in
            let app = try PostgresPool(try database.app, maximumConnections: 4)
            do {
                try await run(in: database, app, body)
            } catch {
                await app.close()
                throw error
            }
            await app.close()
        }
    }

    private static func run(in database: TestDatabase, _ app: PostgresPool, _ body: (StoreBench) async throws -> Void) async throws {
        let clock = ManualClock()
        let access = try FileAccess(clock: clock)
        var grants: [String: (WorkspaceGrant, AuditSealKey)] = [:]
        for id in ["acme", "globex"] {
            let workspace = try WorkspaceID(id)
            let token = WorkspaceToken.generate()
            let digest = TokenDigest(token: token, workspace: workspace, masterKey: access.masterKey)
            try await database.execute(["INSERT INTO airlock.workspace (id, name, token_digest, created_at) VALUES ('\(id)', '\(id)', '\\x\(digest.hex)', 0)"])
            let authenticator = Authenticator(masterKey: access.masterKey, digests: FixedDigests(digests: [id: digest]), clock: clock)
            let grant = try await authenticator.authenticate(workspace, token: token, actor: AuditActor("test:analyst"))
            grants[id] = (grant, try authenticator.auditSealKey(for: grant))
        }
        let (acmeGrant, acmeSeal) = grants["acme"]!
        let (globexGrant, globexSeal) = grants["globex"]!
        let acme = try await PostgresWorkspaceStore.create(app, grant: acmeGrant, sealKey: acmeSeal, clock: clock, thresholds: AnomalyThresholds())
        let globex = try await PostgresWorkspaceStore.create(app, grant: globexGrant, sealKey: globexSeal, clock: clock, thresholds: AnomalyThresholds())
        try await StoreBench.run(
            backend: .postgres, acme: acme, globex: globex, clock: clock,
            reopenAcme: { try await PostgresWorkspaceStore.open(app, grant: acmeGrant, sealKey: acmeSeal, clock: clock, thresholds: AnomalyThresholds()) },
            body
        )
    }
}
