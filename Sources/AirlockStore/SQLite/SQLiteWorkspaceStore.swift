import AirlockCore
import Foundation
import GRDB

/// The embedded workspace store: one SQLite file per workspace, in WAL mode.
///
/// Opened only through ``WorkspaceManager/open(_:)`` with a grant. Before any read the
/// file's `workspace_identity` row must name the granted workspace, so a database copied
/// in from another workspace is refused. Every statement is scoped by `workspace_id` as
/// well. The connection is owned by this actor and dropped by ``close()``; later calls
/// throw ``StoreError/closed(_:)`` instead of touching a closed handle.
public actor SQLiteWorkspaceStore: WorkspaceStore {
    public nonisolated let workspaceID: WorkspaceID
    private var queue: DatabaseQueue?
    /// Whether the store is still open.
    var isOpen: Bool { queue != nil }
    let actor: AuditActor
    let sealKey: AuditSealKey
    let clock: any AirlockClock
    /// When the anomaly detector raises alerts.
    let thresholds: AnomalyThresholds
    /// The last audit event the anomaly detector has seen, once known.
    var detectorCheckpoint: Int64?

    private init(queue: DatabaseQueue, grant: WorkspaceGrant, sealKey: AuditSealKey, clock: any AirlockClock, thresholds: AnomalyThresholds) {
        self.workspaceID = grant.workspaceID
        self.queue = queue
        self.actor = grant.actor
        self.sealKey = sealKey
        self.clock = clock
        self.thresholds = thresholds
    }

    /// Creates the database file of a new workspace at `path`, recording the creation as
    /// the first audit event — or, given `snapshot`, restoring it in the same transaction
    /// and recording `workspace.import` after its events.
    ///
    /// - Throws: ``SnapshotError`` for a snapshot of another workspace, with a broken audit
    ///   chain or inconsistent items, before anything is written; if restoring fails, the
    ///   file is removed again.
    static func create(at path: String, grant: WorkspaceGrant, sealKey: AuditSealKey, clock: any AirlockClock, thresholds: AnomalyThresholds,
                       importing snapshot: WorkspaceSnapshot? = nil) throws -> SQLiteWorkspaceStore {
        try snapshot?.validate(for: grant.workspaceID)
        guard try SecureFile.kind(of: path) == .missing else { throw StoreError.workspaceExists(grant.workspaceID) }
        let queue = try wrapped { try DatabaseFactory.queue(path: path) }
        do {
            try wrapped { try WorkspaceSchema.migrator.migrate(queue) }
            let now = clock.now()
            try DatabaseFactory.transaction(queue) { db in
                if let snapshot {
                    try restore(snapshot, actor: grant.actor, time: now, sealKey: sealKey, in: db)
                    return
                }
                try db.execute(
                    sql: """
                        INSERT INTO workspace_identity (workspace_id, format, created_at, audit_head_seq, audit_head_hash, audit_head_seal)
                        VALUES (?, ?, ?, 0, ?, ?)
                        """,
                    arguments: [grant.workspaceID.rawValue, WorkspaceSchema.format, now.millisecondsSince1970,
                                Data(AuditHead.genesis.hash), Data(sealKey.seal(.genesis))]
                )
                try AuditLog.append(AuditEntry(.workspaceCreate, "workspace/\(grant.workspaceID)"), actor: grant.actor, time: now, sealKey: sealKey, in: db)
            }
        } catch {
            try? queue.close()
            if snapshot != nil {
                for file in [path, path + "-wal", path + "-shm"] { try? SecureFile.remove(file) }
            }
            throw error
        }
        return SQLiteWorkspaceStore(queue: queue, grant: grant, sealKey: sealKey, clock: clock, thresholds: thresholds)
    }

    /// Opens the existing database file at `path` after checking that it belongs to the
    /// granted workspace.
    static func open(at path: String, grant: WorkspaceGrant, sealKey: AuditSealKey, clock: any AirlockClock, thresholds: AnomalyThresholds) throws -> SQLiteWorkspaceStore {
        guard try SecureFile.kind(of: path) == .regular else { throw StoreError.workspaceFileMissing(grant.workspaceID) }
        // Identify the file over a plain connection first: setting up WAL mode writes to
        // the file, and a file that is not this workspace's must be refused untouched.
        try identify(path, expected: grant.workspaceID)
        let queue = try wrapped { try DatabaseFactory.queue(path: path) }
        do {
            // Again over the connection that will be used, in case the file was swapped.
            try checkIdentity(of: queue, expected: grant.workspaceID)
            try wrapped { try WorkspaceSchema.migrator.migrate(queue) }
        } catch {
            try? queue.close()
            throw error
        }
        return SQLiteWorkspaceStore(queue: queue, grant: grant, sealKey: sealKey, clock: clock, thresholds: thresholds)
    }

    /// Checks the identity row of the file at `path` without writing to the file.
    static func identify(_ path: String, expected: WorkspaceID) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let probe: DatabaseQueue
        do {
            probe = try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError where isNotADatabase(error) {
            throw StoreError.unrecognizedWorkspaceFile(expected)
        } catch let error as DatabaseError {
            throw StoreError.storage(error.message ?? error.description)
        }
        defer { try? probe.close() }
        try checkIdentity(of: probe, expected: expected)
    }

    /// Reads the identity row before anything else is read or migrated.
    static func checkIdentity(of queue: DatabaseQueue, expected: WorkspaceID) throws {
        let owners: [String]
        do {
            owners = try queue.read { db in
                guard try db.tableExists("workspace_identity") else { return [] }
                return try String.fetchAll(db, sql: "SELECT workspace_id FROM workspace_identity WHERE format = ?", arguments: [WorkspaceSchema.format])
            }
        } catch let error as DatabaseError where isNotADatabase(error) {
            throw StoreError.unrecognizedWorkspaceFile(expected)
        } catch let error as DatabaseError {
            throw StoreError.storage(error.message ?? error.description)
        }
        guard owners.count == 1 else { throw StoreError.unrecognizedWorkspaceFile(expected) }
        guard owners[0] == expected.rawValue else { throw StoreError.foreignWorkspaceFile(expected: expected) }
    }

    private static func isNotADatabase(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT
    }

    static func wrapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw StoreError.storage(error.message ?? error.description)
        }
    }

    public func close() {
        try? queue?.close()
        queue = nil
    }

    /// Runs `body` and records `entry` in the audit log in one transaction; if either
    /// fails, nothing is changed. Afterwards the anomaly detector may look at the new
    /// events; whatever becomes of that, the access has happened.
    func audited<T>(_ entry: AuditEntry, _ body: (Database) throws -> T) throws -> T {
        guard let queue else { throw StoreError.closed(workspaceID) }
        let now = clock.now()
        let (result, sequence) = try DatabaseFactory.transaction(queue) { db in
            let result = try body(db)
            return (result, try AuditLog.append(entry, actor: actor, time: now, sealKey: sealKey, in: db))
        }
        detectAnomaliesIfDue(through: sequence)
        return result
    }

    /// Runs `body` in a write transaction that records no access: the anomaly detector's
    /// bookkeeping, which audits the alerts it stores itself.
    func detectorTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        guard let queue else { throw StoreError.closed(workspaceID) }
        return try DatabaseFactory.transaction(queue, body)
    }

    /// Reads what is not tenant data (a version number, a proof of tampering) without
    /// recording an event.
    func unauditedRead<T>(_ body: (Database) throws -> T) throws -> T {
        guard let queue else { throw StoreError.closed(workspaceID) }
        return try DatabaseFactory.read(queue, body)
    }

    /// Records an event that accompanies no data access of this store (token rotation).
    package func record(_ entry: AuditEntry) throws {
        try audited(entry) { _ in }
    }

    /// The time to stamp on rows written now.
    var now: Int64 { clock.now().millisecondsSince1970 }

    // MARK: - Audit

    public func auditEvents(last: Int?) throws -> [AuditEvent] {
        try audited(AuditEntry(.auditRead, "audit")) { db in
            try AuditLog.events(in: db, workspace: workspaceID, last: last)
        }
    }

    public func verifyAudit() throws -> AuditVerification {
        do {
            return try audited(AuditEntry(.auditVerify, "audit")) { db in
                try AuditLog.verify(in: db, sealKey: sealKey)
            }
        } catch StoreError.auditLogTampered {
            // Events slipped in after the sealed head leave no place to record this check;
            // the verification, which reports exactly that, is returned all the same.
            return try unauditedRead { db in try AuditLog.verify(in: db, sealKey: sealKey) }
        }
    }
}
