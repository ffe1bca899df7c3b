import AirlockCore
@testable import AirlockPostgres
@testable import AirlockStore
import AirlockTestSupport
import Foundation

/// A fresh place for workspace `acme` in one backend — its own directory, home or
/// database, and its own master key — where its store can be created, with or without a
/// snapshot to restore, as an import on another machine would.
struct ImportTarget: Sendable {
    /// The id the target's store is made for.
    static let workspace = try! WorkspaceID("acme")

    /// The backend of the target.
    let backend: StoreBackend
    /// The clock the target's store stamps times with.
    let clock: ManualClock
    /// Creates `acme`'s store here, restoring `snapshot` if given.
    let create: @Sendable (WorkspaceSnapshot?) async throws -> any WorkspaceStore

    /// Runs `body` with a target in `backend`; everything it made is removed afterwards.
    static func with(_ backend: StoreBackend, _ body: (ImportTarget) async throws -> Void) async throws {
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_800_000_000))
        switch backend {
        case .sqlite:
            let directory = try TemporaryDirectory(prefix: "airlock-import-sqlite")
            let (grant, sealKey) = try await FileAccess(clock: clock).grant(workspace.rawValue)
            try await body(ImportTarget(backend: backend, clock: clock) { snapshot in
                try SQLiteWorkspaceStore.create(at: directory.appending("workspace.sqlite"), grant: grant, sealKey: sealKey, clock: clock,
                                                thresholds: AnomalyThresholds(), importing: snapshot)
            })
        case .files:
            let directory = try TemporaryDirectory(prefix: "airlock-import-files")
            let home = try AirlockHome.open(at: directory.appending("home"), create: true)
            let (grant, sealKey) = try await FileAccess(clock: clock).grant(workspace.rawValue)
            try await body(ImportTarget(backend: backend, clock: clock) { snapshot in
                try FileWorkspaceStore.create(home: home, grant: grant, sealKey: sealKey, clock: clock, importing: snapshot)
            })
        case .postgres:
            try await PostgresImportDatabase.with(clock: clock) { pool, grant, sealKey in
                try await body(ImportTarget(backend: backend, clock: clock) { snapshot in
                    try await PostgresWorkspaceStore.create(pool, grant: grant, sealKey: sealKey, clock: clock, thresholds: AnomalyThresholds(),
                                                            importing: snapshot)
                })
            }
        }
    }
}

/// A new database of the test server (`AIRLOCK_TEST_POSTGRES_URL`) set up with roles of its
/// own, with `acme` in its registry but no state yet; dropped afterwards.
enum PostgresImportDatabase {
    static func with(clock: ManualClock, _ body: (PostgresPool, WorkspaceGrant, AuditSealKey) async throws -> Void) async throws {
        guard let url = ProcessInfo.processInfo.environment["AIRLOCK_TEST_POSTGRES_URL"], !url.isEmpty else { throw MissingPostgres() }
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let database = "airlock_import_\(suffix)"
        let roles = try DatabaseRoles(owner: "airlock_owner_\(suffix)", app: "airlock_app_\(suffix)")
        let password = UUID().uuidString
        let maintenance = try PostgresPool(try PostgresLocation(url: url), maximumConnections: 1)
        try await maintenance.run("CREATE DATABASE \(database)")
        do {
            let adminLocation = try PostgresLocation(url: Self.url(url, database: database))
            _ = try await DatabaseSetup.initialize(adminLocation, roles: roles, appPassword: password)
            let admin = try PostgresPool(adminLocation, maximumConnections: 1)
            let app = try PostgresPool(try PostgresLocation(url: Self.url(url, database: database, user: roles.app, password: password)), maximumConnections: 2)
            do {
                let access = try FileAccess(clock: clock)
                let workspace = ImportTarget.workspace
                let token = WorkspaceToken.generate()
                let digest = TokenDigest(token: token, workspace: workspace, masterKey: access.masterKey)
                try await admin.run("INSERT INTO airlock.workspace (id, name, token_digest, created_at) VALUES ('\(workspace)', '\(workspace)', '\\x\(digest.hex)', 0)")
                let authenticator = Authenticator(masterKey: access.masterKey, digests: FixedDigests(digests: [workspace.rawValue: digest]), clock: clock)
                let grant = try await authenticator.authenticate(workspace, token: token, actor: AuditActor("test:analyst"))
                try await body(app, grant, try authenticator.auditSealKey(for: grant))
            } catch {
                await app.close()
                await admin.close()
                throw error
            }
            await app.close()
            await admin.close()
        } catch {
            try? await drop(database, roles: roles, on: maintenance)
            throw error
        }
        try await drop(database, roles: roles, on: maintenance)
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
