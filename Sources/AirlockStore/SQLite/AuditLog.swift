import AirlockCore
import Foundation
import GRDB

/// Reads and appends a workspace's hash-chained audit log inside a database transaction.
///
/// The chain's head (last sequence number and hash) lives in `workspace_identity` with a
/// seal keyed from the master key; every append moves and re-seals it in the same
/// transaction as the access it records.
enum AuditLog {
    /// Appends the event for `entry` after the sealed head and seals the new head.
    ///
    /// - Returns: The new event's sequence number.
    /// - Throws: ``StoreError/auditLogTampered(_:)`` if events were slipped in after the
    ///   sealed head: the log cannot be continued without hiding them.
    @discardableResult
    static func append(_ entry: AuditEntry, actor: AuditActor, time: Date, sealKey: AuditSealKey, in db: Database) throws -> Int64 {
        let workspace = sealKey.workspace
        let (head, _) = try sealedHead(in: db, workspace: workspace)
        let beyondHead = try Bool.fetchOne(
            db,
            sql: "SELECT EXISTS (SELECT 1 FROM audit_event WHERE workspace_id = ? AND seq > ?)",
            arguments: [workspace.rawValue, head.sequence]
        )
        if beyondHead == true { throw StoreError.auditLogTampered(workspace) }
        let event = AuditEvent.next(after: head, workspace: workspace, entry: entry, actor: actor, time: time)
        try db.execute(
            sql: """
                INSERT INTO audit_event (workspace_id, seq, time, actor, action, resource, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [workspace.rawValue, event.sequence, event.time.millisecondsSince1970, event.actor, event.action,
                        event.resource, Data(event.previousHash), Data(event.hash)]
        )
        try seal(event.head, sealKey: sealKey, in: db)
        return event.sequence
    }

    /// Stores `head` and its seal as the chain's head.
    static func seal(_ head: AuditHead, sealKey: AuditSealKey, in db: Database) throws {
        try db.execute(
            sql: "UPDATE workspace_identity SET audit_head_seq = ?, audit_head_hash = ?, audit_head_seal = ? WHERE workspace_id = ?",
            arguments: [head.sequence, Data(head.hash), Data(sealKey.seal(head)), sealKey.workspace.rawValue]
        )
        guard db.changesCount == 1 else { throw StoreError.unrecognizedWorkspaceFile(sealKey.workspace) }
    }

    /// The stored head and its seal.
    static func sealedHead(in db: Database, workspace: WorkspaceID) throws -> (AuditHead, [UInt8]) {
        guard let row = try Row.fetchOne(
            db,
            sql: "SELECT audit_head_seq, audit_head_hash, audit_head_seal FROM workspace_identity WHERE workspace_id = ?",
            arguments: [workspace.rawValue]
        ) else { throw StoreError.unrecognizedWorkspaceFile(workspace) }
        let hash: Data = try row.decode(forColumn: "audit_head_hash")
        let seal: Data = try row.decode(forColumn: "audit_head_seal")
        return (AuditHead(sequence: try row.decode(forColumn: "audit_head_seq"), hash: Array(hash)), Array(seal))
    }

    /// The last `last` events (or all of them), oldest first.
    static func events(in db: Database, workspace: WorkspaceID, last: Int?) throws -> [AuditEvent] {
        let limit = last.map { max(0, $0) } ?? -1
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM (
                    SELECT workspace_id, seq, time, actor, action, resource, prev_hash, hash FROM audit_event
                    WHERE workspace_id = ? ORDER BY seq DESC LIMIT ?
                ) ORDER BY seq
                """,
            arguments: [workspace.rawValue, limit]
        )
        return try rows.map(event(from:))
    }

    /// Walks the whole chain in order and compares its end with the sealed head.
    static func verify(in db: Database, sealKey: AuditSealKey) throws -> AuditVerification {
        let workspace = sealKey.workspace
        var verifier = AuditChainVerifier(workspace: workspace)
        let cursor = try Row.fetchCursor(
            db,
            sql: "SELECT workspace_id, seq, time, actor, action, resource, prev_hash, hash FROM audit_event ORDER BY seq"
        )
        do {
            while let row = try cursor.next() {
                guard let event = try? event(from: row) else {
                    throw AuditBreak.modified(sequence: (try? row.decode(Int64.self, forColumn: "seq")) ?? 0)
                }
                try verifier.check(event)
            }
            let (head, seal) = try sealedHead(in: db, workspace: workspace)
            let count = try verifier.finish(sealedHead: head, sealValid: sealKey.verifies(head, seal: seal))
            return .intact(events: count)
        } catch let failure as AuditBreak {
            return .broken(failure)
        }
    }

    private static func event(from row: Row) throws -> AuditEvent {
        let previousHash: Data = try row.decode(forColumn: "prev_hash")
        let hash: Data = try row.decode(forColumn: "hash")
        return AuditEvent(
            workspaceID: try WorkspaceID(try row.decode(forColumn: "workspace_id")),
            sequence: try row.decode(forColumn: "seq"),
            time: Date(millisecondsSince1970: try row.decode(forColumn: "time")),
            actor: try row.decode(forColumn: "actor"),
            action: try row.decode(forColumn: "action"),
            resource: try row.decode(forColumn: "resource"),
            previousHash: Array(previousHash),
            hash: Array(hash)
        )
    }
}
