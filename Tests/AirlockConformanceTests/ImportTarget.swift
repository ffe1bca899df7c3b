import AirlockCore
import AirlockPostgres
import AirlockPostgresTestSupport
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

/// A fresh ``TestDatabase`` with `acme` in its registry but no state yet.
enum PostgresImportDatabase {
    static func with(clock: ManualClock, _ body: (PostgresPool, WorkspaceGrant, AuditSealKey) async throws -> Void) async throws {
        try await TestDatabase.with(prefix: "airlock_import") { database in
            let access = try FileAccess(clock: clock)
            let workspace = ImportTarget.workspace
            let token = WorkspaceToken.generate()
            let digest = TokenDigest(token: token, workspace: workspace, masterKey: access.masterKey)
            try await database.execute(["INSERT INTO airlock.workspace (id, name, token_digest, created_at) VALUES ('\(workspace)', '\(workspace)', '\\x\(digest.hex)', 0)"])
            let authenticator = Authenticator(masterKey: access.masterKey, digests: FixedDigests(digests: [workspace.rawValue: digest]), clock: clock)
            let grant = try await authenticator.authenticate(workspace, token: token, actor: AuditActor("test:analyst"))
            let app = try PostgresPool(try database.app, maximumConnections: 2)
            do {
                try await body(app, grant, try authenticator.auditSealKey(for: grant))
            } catch {
                await app.close()
                throw error
            }
            await app.close()
        }
    }
}
