import AirlockCore
@testable import AirlockPostgres
import AirlockTestSupport
import Foundation
import PostgresNIO

/// The test server is missing: says how to start one. Conformance tests of the PostgreSQL
/// backend fail with this rather than being skipped.
struct MissingPostgres: Error, CustomStringConvertible {
    var description: String {
        "AIRLOCK_TEST_POSTGRES_URL is not set: the PostgreSQL conformance tests need a PostgreSQL 15 server. Run `make test`, or start one with "
            + "`scripts/postgres.sh start /tmp/airlock-pg` and `export AIRLOCK_TEST_POSTGRES_URL=$(cat /tmp/airlock-pg/url)`"
    }
}

/// PostgreSQL stores in a fresh database of the test server (`AIRLOCK_TEST_POSTGRES_URL`,
/// a superuser), set up by ``DatabaseSetup`` with roles of its own and dropped afterwards,
/// as the PostgreSQL tests' fixture does. The stores connect as the application role.
enum PostgresBench {
    /// Runs `body` with the stores of two new workspaces in a new database.
    static func with(_ body: (StoreBench) async throws -> Void) async throws {
        guard let url = ProcessInfo.processInfo.environment["AIRLOCK_TEST_POSTGRES_URL"], !url.isEmpty else { throw MissingPostgres() }
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let database = "airlock_conformance_\(suffix)"
        let roles = try DatabaseRoles(owner: "airlock_owner_\(suffix)", app: "airlock_app_\(suffix)")
        let maintenance = try PostgresPool(try PostgresLocation(url: url), maximumConnections: 1)
        try await maintenance.run("CREATE DATABASE \(database)")
        do {
            try await withDatabase(url: url, database: database, roles: roles, body)
        } catch {
            try? await drop(database, roles: roles, on: maintenance)
            throw error
        }
        try await drop(database, roles: roles, on: maintenance)
    }

    /// Sets up `database`, registers the two workspaces with real token digests and runs
    /// `body` with their stores; the pools are closed before returning.
    private static func withDatabase(url: String, database: String, roles: DatabaseRoles, _ body: (StoreBench) async throws -> Void) async throws {
        let password = UUID().uuidString
        let adminLocation = try PostgresLocation(url: Self.url(url, database: database))
        _ = try await DatabaseSetup.initialize(adminLocation, roles: roles, appPassword: password)
        let admin = try PostgresPool(adminLocation, maximumConnections: 1)
        let app = try PostgresPool(try PostgresLocation(url: Self.url(url, database: database, user: roles.app, password: password)), maximumConnections: 4)
        do {
            let clock = ManualClock()
            let access = try FileAccess(clock: clock)
            var grants: [String: (WorkspaceGrant, AuditSealKey)] = [:]
            for id in ["acme", "globex"] {
                let workspace = try WorkspaceID(id)
                let token = WorkspaceToken.generate()
                let digest = TokenDigest(token: token, workspace: workspace, masterKey: access.masterKey)
                let hex = digest.bytes.map { String(format: "%02x", $0) }.joined()
                try await admin.run("INSERT INTO airlock.workspace (id, name, token_digest, created_at) VALUES ('\(id)', '\(id)', '\\x\(hex)', 0)")
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
        } catch {
            await app.close()
            await admin.close()
            throw error
        }
        await app.close()
        await admin.close()
    }

    private static func drop(_ database: String, roles: DatabaseRoles, on maintenance: PostgresPool) async throws {
        try await maintenance.run("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        try await maintenance.run("DROP ROLE IF EXISTS \(roles.app)")
        try await maintenance.run("DROP ROLE IF EXISTS \(roles.owner)")
        await maintenance.close()
    }

    /// `url` with another database (and user and password).
    private static func url(_ url: String, database: String, user: String? = nil, password: String? = nil) -> String {
        var components = URLComponents(string: url)!
        components.path = "/" + database
        if let user { components.user = user }
        if let password { components.password = password }
        return components.string!
    }
}

extension PostgresPool {
    /// Runs one statement outside any tenant transaction (test set-up only).
    func run(_ sql: String) async throws {
        _ = try await client.query(PostgresQuery(unsafeSQL: sql)).collect()
    }
}
