import AirlockCore
import Foundation
import GRDB
import Logging

extension SQLiteWorkspaceStore {
    /// How many new audit events make the anomaly detector look again.
    static let detectionInterval: Int64 = 8

    public func alerts(limit: Int?) throws -> [Alert] {
        guard isOpen else { throw StoreError.closed(workspaceID) }
        detectAnomalies()
        return try audited(AuditEntry(.alertList, "alert")) { db in
            try Row.fetchAll(
                db,
                sql: "SELECT \(AlertRows.columns) FROM alert WHERE workspace_id = ? ORDER BY time DESC, rowid DESC LIMIT ?",
                arguments: [workspaceID.rawValue, limit.map { max(0, $0) } ?? -1]
            ).map(AlertRows.alert(from:))
        }
    }

    public func acknowledgeAlert(_ id: AlertID) throws -> Alert {
        try audited(AuditEntry(.alertAcknowledge, "alert/\(id)")) { db in
            try db.execute(sql: "UPDATE alert SET acknowledged = 1 WHERE workspace_id = ? AND id = ?", arguments: [workspaceID.rawValue, id.rawValue])
            guard db.changesCount == 1,
                  let row = try Row.fetchOne(db, sql: "SELECT \(AlertRows.columns) FROM alert WHERE workspace_id = ? AND id = ?",
                                             arguments: [workspaceID.rawValue, id.rawValue])
            else { throw StoreError.alertNotFound(id) }
            return try AlertRows.alert(from: row)
        }
    }

    public func recordApproval(tool: String, outcome: ApprovalVerdict) throws {
        try record(.approval(tool: tool, verdict: outcome))
    }

    public func reportFailedSignIns(_ count: Int) throws -> Alert? {
        guard count > 0 else { return nil }
        let finding = AnomalyDetector.failedSignIns(count, at: clock.now(), thresholds: thresholds)
        return try audited(AuditEntry(.signInFailures, "workspace/\(workspaceID)?count=\(count)")) { db in
            try finding.map { try AnomalyScan.raise($0, at: $0.time, in: db, sealKey: sealKey) }
        }
    }

    /// Runs the anomaly detector once `detectionInterval` events have passed since it last
    /// looked.
    func detectAnomaliesIfDue(through sequence: Int64) {
        if detectorCheckpoint == nil {
            detectorCheckpoint = try? unauditedRead { db in try AnomalyScan.checkpoint(in: db, workspace: workspaceID) }
        }
        guard sequence - (detectorCheckpoint ?? sequence) >= Self.detectionInterval else { return }
        detectAnomalies()
        // After a failure, try again only after another interval.
        detectorCheckpoint = max(detectorCheckpoint ?? sequence, sequence)
    }

    /// Feeds the events the detector has not seen to it and stores its alerts. Never
    /// throws: a failing detector must not fail the access that triggered it.
    func detectAnomalies() {
        do {
            detectorCheckpoint = try detectorTransaction { db in
                try AnomalyScan.run(in: db, thresholds: thresholds, sealKey: sealKey, now: clock.now())
            }
        } catch {
            Logger(label: "airlock.anomaly").warning("anomaly detection failed", metadata: ["workspace": "\(workspaceID)", "error": "\(error)"])
        }
    }
}
