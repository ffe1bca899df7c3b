import AirlockCore
import Foundation
import Logging
import PostgresNIO

/// A workspace store on PostgreSQL: the `airlock` schema's tenant tables, reached only
/// through row-level security that admits the granted workspace and its token digest.
///
/// Every call is one tenant transaction (``PostgresTenancy``) that does the work and
/// appends its audit event; if either fails, nothing changes. Every statement is also
/// scoped by `workspace_id`. The pool is shared and stays open after ``close()``; this
/// store only stops using it.
public actor PostgresWorkspaceStore {
    /// The workspace this store reaches.
    public nonisolated let workspaceID: WorkspaceID
    /// The shared pool, until ``close()``.
    private var pool: PostgresPool?
    /// The grant's verified token digest, named to row-level security in every transaction.
    let digest: TokenDigest
    /// Who the grant authenticated, for audit events.
    let actor: AuditActor
    /// Seals the audit chain's head.
    let sealKey: AuditSealKey
    /// Stamps rows and audit events.
    let clock: any AirlockClock
    /// When the anomaly detector raises alerts.
    let thresholds: AnomalyThresholds
    /// The last audit event the anomaly detector has seen, once known.
    var detectorCheckpoint: Int64?
    /// Logs the transactions' statements (PostgresNIO's own logging).
    let logger = Logger(label: "airlock.postgres.store")

    private init(pool: PostgresPool, grant: WorkspaceGrant, sealKey: AuditSealKey, clock: any AirlockClock, thresholds: AnomalyThresholds) {
        self.workspaceID = grant.workspaceID
        self.pool = pool
        self.digest = grant.verifiedDigest
        self.actor = grant.actor
        self.sealKey = sealKey
        self.clock = clock
        self.thresholds = thresholds
    }

    /// Creates the state of a new workspace (already in the registry), recording the
    /// creation as the first audit event — or, given `snapshot`, restoring it in the same
    /// transaction and recording `workspace.import` after its events.
    ///
    /// - Throws: ``StoreError/workspaceExists(_:)`` if the workspace already has its state;
    ///   ``SnapshotError`` for a snapshot of another workspace, with a broken audit chain or
    ///   inconsistent items, before anything is written.
    public static func create(_ pool: PostgresPool, grant: WorkspaceGrant, sealKey: AuditSealKey, clock: any AirlockClock,
                              thresholds: AnomalyThresholds, importing snapshot: WorkspaceSnapshot? = nil) async throws -> PostgresWorkspaceStore {
        try snapshot?.validate(for: grant.workspaceID)
        let store = PostgresWorkspaceStore(pool: pool, grant: grant, sealKey: sealKey, clock: clock, thresholds: thresholds)
        let now = clock.now()
        let actor = grant.actor
        if let snapshot {
            try await store.transaction { tx in try await restore(snapshot, actor: actor, time: now, sealKey: sealKey, in: tx) }
            return store
        }
        try await store.transaction { tx in
            let created = try await tx.rows("""
                INSERT INTO airlock.workspace_state (workspace_id, format, created_at, audit_head_seq, audit_head_hash, audit_head_seal)
                VALUES (\(tx.id), \(Self.format), \(now.millisecondsSince1970), 0, \(Data(AuditHead.genesis.hash)), \(Data(sealKey.seal(.genesis))))
                ON CONFLICT (workspace_id) DO NOTHING RETURNING workspace_id
                """)
            guard !created.isEmpty else { throw StoreError.workspaceExists(tx.workspace) }
            try await PostgresAuditLog.append(AuditEntry(.workspaceCreate, "workspace/\(tx.workspace)"), actor: actor, time: now, sealKey: sealKey, in: tx)
        }
        return store
    }

    /// Opens the store of an existing workspace after checking that its state is visible
    /// with the grant's digest.
    ///
    /// - Throws: ``StoreError/workspaceFileMissing(_:)`` if it is not (no such workspace,
    ///   never created, or a digest that is not the workspace's).
    public static func open(_ pool: PostgresPool, grant: WorkspaceGrant, sealKey: AuditSealKey, clock: any AirlockClock,
                            thresholds: AnomalyThresholds) async throws -> PostgresWorkspaceStore {
        let store = PostgresWorkspaceStore(pool: pool, grant: grant, sealKey: sealKey, clock: clock, thresholds: thresholds)
        _ = try await store.unauditedRead { tx in try await PostgresAuditLog.sealedHead(in: tx) }
        return store
    }

    /// The format written to `workspace_state`.
    static let format = "airlock.workspace.v1"

    /// Stops using the pool; later calls throw ``StoreError/closed(_:)``.
    public func close() {
        pool = nil
    }

    /// Throws ``StoreError/closed(_:)`` after ``close()``.
    func ensureOpen() throws {
        guard pool != nil else { throw StoreError.closed(workspaceID) }
    }

    /// Runs `body` and records `entry` in the audit log in one tenant transaction; if
    /// either fails, nothing is changed. Afterwards the anomaly detector may look at the
    /// new events; whatever becomes of that, the access has happened.
    func audited<T: Sendable>(_ entry: AuditEntry, _ body: @escaping @Sendable (TenantTransaction) async throws -> T) async throws -> T {
        let now = clock.now()
        let (actor, sealKey) = (self.actor, self.sealKey)
        let (result, sequence) = try await transaction { tx in
            // First the head: a digest that is not the workspace's fails here, before any
            // work, and the calls of one workspace queue up in one order.
            _ = try await PostgresAuditLog.sealedHead(in: tx, locking: true)
            let result = try await body(tx)
            return (result, try await PostgresAuditLog.append(entry, actor: actor, time: now, sealKey: sealKey, in: tx))
        }
        await detectAnomaliesIfDue(through: sequence)
        return result
    }

    /// Reads what is not tenant data (a version number, a proof of tampering) without
    /// recording an event.
    func unauditedRead<T: Sendable>(_ body: @escaping @Sendable (TenantTransaction) async throws -> T) async throws -> T {
        try await transaction(body)
    }

    /// Records an event that accompanies no data access of this store.
    package func record(_ entry: AuditEntry) async throws {
        try await audited(entry) { _ in }
    }

    /// The time to stamp on rows written now.
    var now: Int64 { clock.now().millisecondsSince1970 }

    /// Runs `body` in one tenant transaction of this workspace, with failures of the
    /// database turned into ``StoreError/storage(_:)``.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (TenantTransaction) async throws -> T) async throws -> T {
        guard let pool else { throw StoreError.closed(workspaceID) }
        let (workspace, logger) = (workspaceID, self.logger)
        do {
            return try await PostgresTenancy.withTenant(pool, workspace: workspace, digest: digest, logger: logger) { connection in
                try await body(TenantTransaction(connection: connection, workspace: workspace, logger: logger))
            }
        } catch {
            throw Self.storeError(error, location: pool.location)
        }
    }

    /// The error a caller sees: the store's own errors as they are, database failures as
    /// one line.
    private static func storeError(_ error: any Error, location: PostgresLocation) -> any Error {
        if let transaction = error as? PostgresTransactionError, let inner = transaction.closureError {
            return storeError(inner, location: location)
        }
        if error is StoreError || error is InputError || error is CancellationError { return error }
        return StoreError.storage(PostgresFailure(error, location: location).description)
    }
}
