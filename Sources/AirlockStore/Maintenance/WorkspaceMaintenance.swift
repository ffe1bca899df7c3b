import AirlockCore
import Foundation
import GRDB

/// One maintenance step on one workspace file, opened without a grant: identity checked
/// first, then the step with its audit event — recorded before `VACUUM`, and in the same
/// transaction as the audit-chain walk of `verify`.
struct WorkspaceMaintenance {
    let workspace: WorkspaceID
    let path: String
    let sealKey: AuditSealKey
    let actor: AuditActor
    let clock: any AirlockClock

    func run(_ operation: MaintenanceOperation) throws -> MaintenanceReport {
        guard try SecureFile.kind(of: path) == .regular else { throw StoreError.workspaceFileMissing(workspace) }
        // As when a store opens: a file that is not this workspace's is refused untouched.
        try SQLiteWorkspaceStore.identify(path, expected: workspace)
        let queue = try SQLiteWorkspaceStore.wrapped { try DatabaseFactory.queue(path: path) }
        defer { try? queue.close() }
        try SQLiteWorkspaceStore.checkIdentity(of: queue, expected: workspace)
        switch operation {
        case .vacuum: return try vacuum(queue)
        case .verify: return try verify(queue)
        }
    }

    private func vacuum(_ queue: DatabaseQueue) throws -> MaintenanceReport {
        let before = size()
        // Recorded first (VACUUM cannot run inside a transaction): a log that cannot take
        // the event refuses the step, and nothing is rebuilt unaudited.
        _ = try DatabaseFactory.transaction(queue) { db in
            try AuditLog.append(AuditEntry(.maintenanceVacuum, "workspace/\(workspace)"), actor: actor, time: clock.now(), sealKey: sealKey, in: db)
        }
        try SQLiteWorkspaceStore.wrapped { try queue.writeWithoutTransaction { try $0.execute(sql: "VACUUM") } }
        try DatabaseFactory.checkpoint(queue)
        return MaintenanceReport(workspace: workspace, operation: .vacuum, passed: true, detail: "vacuumed: \(before) → \(size()) bytes")
    }

    private func verify(_ queue: DatabaseQueue) throws -> MaintenanceReport {
        let problems = try DatabaseFactory.read(queue) { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }.filter { $0 != "ok" }
        var recorded = true
        let verification: AuditVerification
        do {
            // Verify and record in one transaction, so the event reports on the log it extends.
            verification = try DatabaseFactory.transaction(queue) { db in
                let verification = try AuditLog.verify(in: db, sealKey: sealKey)
                let resource = "workspace/\(workspace)?integrity=\(problems.isEmpty ? "ok" : "damaged")&audit=\(verification.isIntact ? "intact" : "broken")"
                try AuditLog.append(AuditEntry(.maintenanceVerify, resource), actor: actor, time: clock.now(), sealKey: sealKey, in: db)
                return verification
            }
        } catch StoreError.auditLogTampered {
            // Events after the sealed head leave no place for this one; report them all the same.
            recorded = false
            verification = try DatabaseFactory.read(queue) { db in try AuditLog.verify(in: db, sealKey: sealKey) }
        }
        var findings: [String] = []
        if let first = problems.first {
            findings.append("integrity check found \(problems.count) problem\(problems.count == 1 ? "" : "s"), first: \(first.prefix(200))")
        }
        if case .broken(let failure) = verification { findings.append(failure.description) }
        if !recorded { findings.append("this check could not be recorded in the audit log") }
        guard findings.isEmpty, case .intact(let events) = verification else {
            return MaintenanceReport(workspace: workspace, operation: .verify, passed: false, detail: findings.joined(separator: "; "))
        }
        return MaintenanceReport(workspace: workspace, operation: .verify, passed: true, detail: "integrity ok; audit chain intact (\(events) events)")
    }

    /// The bytes of the database file and its write-ahead log.
    private func size() -> Int64 {
        [path, path + "-wal"].reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }
}

extension AuditVerification {
    /// Whether the chain verified.
    var isIntact: Bool { if case .intact = self { true } else { false } }
}
