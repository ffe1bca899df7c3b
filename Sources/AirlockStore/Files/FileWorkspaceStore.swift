import AirlockCore
import Foundation

/// The plain-file workspace store: one directory per workspace (`clients/<id>/`) holding
/// Markdown memory documents, JSON Lines sessions, JSON integrations and a hash-chained
/// audit log (see ``WorkspaceFiles``).
///
/// Every operation holds the workspace's lock (`flock` on `clients/<id>/.lock`), checks
/// `identity.json` before reading anything else, appends its audit event and re-seals the
/// head, and only then applies its changes — each one atomically (temporary file, sync,
/// rename, directory sync). If the event cannot be written nothing changes; a crash can
/// leave an event whose change never happened, never a change without its event. Items of
/// other workspaces are not found, like missing ones; after ``close()`` every call throws
/// ``StoreError/closed(_:)``.
public actor FileWorkspaceStore {
    /// The workspace this store reaches.
    public nonisolated let workspaceID: WorkspaceID
    let files: WorkspaceFiles
    let actor: AuditActor
    let sealKey: AuditSealKey
    let clock: any AirlockClock
    /// When the anomaly detector raises alerts.
    let thresholds: AnomalyThresholds
    private var closed = false
    /// The last audit event the anomaly detector has seen, once known.
    var detectorCheckpoint: Int64?

    private init(files: WorkspaceFiles, grant: WorkspaceGrant, sealKey: AuditSealKey, clock: any AirlockClock, thresholds: AnomalyThresholds) {
        self.workspaceID = grant.workspaceID
        self.files = files
        self.actor = grant.actor
        self.sealKey = sealKey
        self.clock = clock
        self.thresholds = thresholds
    }

    /// Creates the files of a new workspace in its confined directory of `home` (made if
    /// absent, mode 0700), recording the creation as the first audit event — or, given
    /// `snapshot`, restoring it under the lock and recording `workspace.import` after its
    /// events.
    ///
    /// - Throws: ``StoreError/workspaceExists(_:)`` if the directory already holds a
    ///   file-backend workspace; ``FileSystemError`` if a path is refused or unwritable;
    ///   ``SnapshotError`` for a snapshot of another workspace, with a broken audit chain or
    ///   inconsistent items, before anything is written. If restoring fails, what it wrote
    ///   is removed again.
    public static func create(home: AirlockHome, grant: WorkspaceGrant, sealKey: AuditSealKey, clock: any AirlockClock,
                              thresholds: AnomalyThresholds = AnomalyThresholds(), importing snapshot: WorkspaceSnapshot? = nil) throws -> FileWorkspaceStore {
        try snapshot?.validate(for: grant.workspaceID)
        let files = WorkspaceFiles(directory: try home.workspaceDirectory(for: grant))
        let madeDirectory = try SecureFile.makeDirectory(files.directory, mode: 0o700)
        let now = clock.now()
        var identity = FileIdentity(workspace: grant.workspaceID, createdAt: snapshot?.createdAt ?? now, sealKey: sealKey)
        guard try SecureFile.createExclusively([], at: files.lock, mode: 0o600) else { throw StoreError.workspaceExists(grant.workspaceID) }
        do {
            try SecureFile.withLock(files.lock) {
                for folder in WorkspaceFiles.folders { try SecureFile.makeDirectory(files.directory + "/" + folder, mode: 0o700) }
                guard try SecureFile.createExclusively([], at: files.audit, mode: 0o600),
                      try SecureFile.createExclusively(try FileJSON.encode(identity), at: files.identity, mode: 0o600)
                else { throw StoreError.workspaceExists(grant.workspaceID) }
                if let snapshot {
                    try restore(snapshot, actor: grant.actor, time: now, sealKey: sealKey, identity: &identity, files: files)
                } else {
                    _ = try FileAuditLog.append(AuditEntry(.workspaceCreate, "workspace/\(grant.workspaceID)"), actor: grant.actor, time: now,
                                                sealKey: sealKey, identity: &identity, files: files)
                }
            }
        } catch {
            // Files found in place (another workspace's) are not the import's to remove.
            if snapshot != nil, (error as? StoreError) != .workspaceExists(grant.workspaceID) {
                removeFailedImport(files, madeDirectory: madeDirectory)
            }
            throw error
        }
        return FileWorkspaceStore(files: files, grant: grant, sealKey: sealKey, clock: clock, thresholds: thresholds)
    }

    /// Opens the granted workspace's files in `home` after checking, without writing
    /// anything, that its `identity.json` names that workspace.
    ///
    /// - Throws: ``StoreError/workspaceFileMissing(_:)``, ``StoreError/foreignWorkspaceFile(expected:)``
    ///   or ``StoreError/unrecognizedWorkspaceFile(_:)``; ``FileSystemError`` for a symlink.
    public static func open(home: AirlockHome, grant: WorkspaceGrant, sealKey: AuditSealKey, clock: any AirlockClock,
                            thresholds: AnomalyThresholds = AnomalyThresholds()) throws -> FileWorkspaceStore {
        let files = WorkspaceFiles(directory: try home.workspaceDirectory(for: grant))
        guard try SecureFile.kind(of: files.directory) == .directory else { throw StoreError.workspaceFileMissing(grant.workspaceID) }
        _ = try FileIdentity.read(files, expected: grant.workspaceID)
        guard try SecureFile.kind(of: files.lock) == .regular else { throw StoreError.unrecognizedWorkspaceFile(grant.workspaceID) }
        return FileWorkspaceStore(files: files, grant: grant, sealKey: sealKey, clock: clock, thresholds: thresholds)
    }

    /// Closes the store; later calls throw ``StoreError/closed(_:)``.
    public func close() {
        closed = true
    }

    /// Throws ``StoreError/closed(_:)`` once the store is closed.
    func ensureOpen() throws {
        guard !closed else { throw StoreError.closed(workspaceID) }
    }

    /// Records an event that accompanies no data access of this store (token rotation).
    package func record(_ entry: AuditEntry) throws {
        try audited(entry) { _ in }
    }

    /// Runs `body` under the workspace lock after checking the identity; then appends the
    /// audit event for `entry`, re-seals the head and only then applies the writes `body`
    /// queued. If `body` throws or the event cannot be written, nothing changes.
    /// Afterwards the anomaly detector may look at the new events; whatever becomes of
    /// that, the access has happened.
    func audited<T>(_ entry: AuditEntry, _ body: (inout FileTransaction) throws -> T) throws -> T {
        let (result, sequence) = try transaction(entry, body)
        detectAnomaliesIfDue(through: sequence)
        return result
    }

    /// ``audited(_:_:)`` without the anomaly detector, returning the event's sequence number.
    private func transaction<T>(_ entry: AuditEntry, _ body: (inout FileTransaction) throws -> T) throws -> (T, Int64) {
        let (result, sequence) = try locked(recording: entry, body)
        return (result, sequence ?? 0)
    }

    /// Runs `body` in a transaction that records no access of its own, only the events it
    /// queues: the anomaly detector's bookkeeping, which audits the alerts it stores itself.
    func detectorTransaction<T>(_ body: (inout FileTransaction) throws -> T) throws -> T {
        try locked(recording: nil, body).0
    }

    /// Under the workspace lock: checks the identity (completing an audit append a crash
    /// cut short), runs `body`, appends the events it queued and then `entry`'s (each
    /// re-sealing the head in the identity), and only then applies `body`'s writes.
    private func locked<T>(recording entry: AuditEntry?, _ body: (inout FileTransaction) throws -> T) throws -> (T, Int64?) {
        guard !closed else { throw StoreError.closed(workspaceID) }
        let now = clock.now()
        return try files.locked {
            var identity = try FileIdentity.read(files, expected: workspaceID)
            try FileAuditLog.completeInterruptedAppend(identity, files: files)
            var transaction = FileTransaction(files: files, identity: identity)
            let result = try body(&transaction)
            if transaction.memoryChanged { identity.memoryVersion += 1 }
            var sequence: Int64?
            for queued in transaction.precedingEvents {
                sequence = try FileAuditLog.append(queued.entry, actor: queued.actor, time: now, sealKey: sealKey, identity: &identity, files: files)
            }
            if let entry {
                sequence = try FileAuditLog.append(entry, actor: actor, time: now, sealKey: sealKey, identity: &identity, files: files)
            }
            for write in transaction.writes { try write.apply() }
            return (result, sequence)
        }
    }

    /// Reads what is not tenant data (a version number, a proof of tampering) under the
    /// lock, without recording an event.
    func unauditedRead<T>(_ body: (FileIdentity) throws -> T) throws -> T {
        guard !closed else { throw StoreError.closed(workspaceID) }
        return try files.locked { try body(try FileIdentity.read(files, expected: workspaceID)) }
    }

    /// The time to stamp on what is written now, at the stored resolution.
    var now: Date { Date(millisecondsSince1970: clock.now().millisecondsSince1970) }
}

extension FileWorkspaceStore: WorkspaceStore {}
