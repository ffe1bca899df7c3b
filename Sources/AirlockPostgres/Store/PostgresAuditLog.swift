import AirlockCore
import Foundation
import PostgresNIO

/// Reads and appends a workspace's hash-chained audit log inside a tenant transaction.
///
/// The chain's head (last sequence number and hash) lives in `workspace_state` with a seal
/// keyed from the master key; every append locks the head row, moves and re-seals it in
/// the same transaction as the access it records, so concurrent appends (from another
/// machine, too) queue up instead of forking the chain.
enum PostgresAuditLog {
    /// The columns of an event, in the order ``event(from:)`` decodes them.
    static let columns = "workspace_id, seq, time, actor, action, resource, prev_hash, hash"

    /// Appends the event for `entry` after the sealed head and seals the new head.
    ///
    /// - Returns: The new event's sequence number.
    /// - Throws: ``StoreError/auditLogTampered(_:)`` if events were slipped in after the
    ///   sealed head: the log cannot be continued without hiding them.
    @discardableResult
    static func append(_ entry: AuditEntry, actor: AuditActor, time: Date, sealKey: AuditSealKey, in tx: TenantTransaction) async throws -> Int64 {
        let (head, _) = try await sealedHead(in: tx, locking: true)
        let beyond = try await tx.rows("SELECT 1 FROM airlock.audit_event WHERE workspace_id = \(tx.id) AND seq > \(head.sequence) LIMIT 1")
        guard beyond.isEmpty else { throw StoreError.auditLogTampered(tx.workspace) }
        let event = AuditEvent.next(after: head, workspace: tx.workspace, entry: entry, actor: actor, time: time)
        try await tx.rows("""
            INSERT INTO airlock.audit_event (workspace_id, seq, time, actor, action, resource, prev_hash, hash)
            VALUES (\(tx.id), \(event.sequence), \(event.time.millisecondsSince1970), \(event.actor), \(event.action),
                    \(event.resource), \(Data(event.previousHash)), \(Data(event.hash)))
            """)
        let next = event.head
        try await tx.rows("""
            UPDATE airlock.workspace_state SET audit_head_seq = \(next.sequence), audit_head_hash = \(Data(next.hash)),
                audit_head_seal = \(Data(sealKey.seal(next)))
            WHERE workspace_id = \(tx.id)
            """)
        return event.sequence
    }

    /// The stored head and its seal (the head row locked until the transaction ends, if
    /// `locking`).
    ///
    /// - Throws: ``StoreError/workspaceFileMissing(_:)`` if the workspace's state is not
    ///   visible: never created, or the transaction's digest is not the workspace's.
    static func sealedHead(in tx: TenantTransaction, locking: Bool = false) async throws -> (AuditHead, [UInt8]) {
        let lock = locking ? "FOR UPDATE" : ""
        let rows = try await tx.rows("""
            SELECT audit_head_seq, audit_head_hash, audit_head_seal FROM airlock.workspace_state
            WHERE workspace_id = \(tx.id) \(unescaped: lock)
            """)
        guard let row = rows.first else { throw StoreError.workspaceFileMissing(tx.workspace) }
        let (sequence, hash, seal) = try row.decode((Int64, Data, Data).self)
        return (AuditHead(sequence: sequence, hash: Array(hash)), Array(seal))
    }

    /// The last `last` events (or all of them), oldest first.
    static func events(in tx: TenantTransaction, last: Int?) async throws -> [AuditEvent] {
        let limit = last.map { Int64(max(0, $0)) }
        let rows = try await tx.rows("""
            SELECT * FROM (
                SELECT \(unescaped: columns) FROM airlock.audit_event
                WHERE workspace_id = \(tx.id) ORDER BY seq DESC LIMIT \(limit)::bigint
            ) AS recent ORDER BY seq
            """)
        return try rows.map(event(from:))
    }

    /// Walks the whole chain in order and compares its end with the sealed head.
    static func verify(in tx: TenantTransaction, sealKey: AuditSealKey) async throws -> AuditVerification {
        var verifier = AuditChainVerifier(workspace: tx.workspace)
        let rows = try await tx.connection.query(
            "SELECT \(unescaped: columns) FROM airlock.audit_event WHERE workspace_id = \(tx.id) ORDER BY seq", logger: tx.logger)
        do {
            for try await row in rows {
                guard let event = try? event(from: row) else {
                    throw AuditBreak.modified(sequence: (try? row.makeRandomAccess()[1].decode(Int64.self)) ?? 0)
                }
                try verifier.check(event)
            }
            let (head, seal) = try await sealedHead(in: tx)
            return .intact(events: try verifier.finish(sealedHead: head, sealValid: sealKey.verifies(head, seal: seal)))
        } catch let failure as AuditBreak {
            return .broken(failure)
        }
    }

    private static func event(from row: PostgresRow) throws -> AuditEvent {
        let (workspace, sequence, time, actor, action, resource, previousHash, hash) =
            try row.decode((String, Int64, Int64, String, String, String, Data, Data).self)
        return AuditEvent(workspaceID: try WorkspaceID(workspace), sequence: sequence, time: Date(millisecondsSince1970: time),
                          actor: actor, action: action, resource: resource, previousHash: Array(previousHash), hash: Array(hash))
    }
}
