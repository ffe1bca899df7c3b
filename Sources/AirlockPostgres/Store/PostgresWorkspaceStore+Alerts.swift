import AirlockCore
import Foundation

extension PostgresWorkspaceStore {
    /// The workspace's anomaly alerts (all of them, or the newest `limit`), newest first,
    /// after checking the audit events not yet seen by the anomaly detector.
    public func alerts(limit: Int?) async throws -> [Alert] {
        try ensureOpen()
        await detectAnomalies()
        let limit = limit.map { Int64(max(0, $0)) }
        return try await audited(AuditEntry(.alertList, "alert")) { tx in
            try await tx.rows("""
                SELECT \(unescaped: PostgresAnomalyScan.alertColumns) FROM airlock.alert
                WHERE workspace_id = \(tx.id) ORDER BY time DESC, raised_seq DESC LIMIT \(limit)::bigint
                """).map(PostgresAnomalyScan.alert(from:))
        }
    }

    /// Marks alert `id` as acknowledged.
    public func acknowledgeAlert(_ id: AlertID) async throws -> Alert {
        try await audited(AuditEntry(.alertAcknowledge, "alert/\(id)")) { tx in
            let rows = try await tx.rows("""
                UPDATE airlock.alert SET acknowledged = true WHERE workspace_id = \(tx.id) AND id = \(id.rawValue)
                RETURNING \(unescaped: PostgresAnomalyScan.alertColumns)
                """)
            guard let row = rows.first else { throw StoreError.alertNotFound(id) }
            return try PostgresAnomalyScan.alert(from: row)
        }
    }

    /// Records what the approval gate decided about a call of `tool`.
    public func recordApproval(tool: String, outcome: ApprovalVerdict) async throws {
        try await record(.approval(tool: tool, verdict: outcome))
    }

    /// Records `count` failed sign-in or token attempts on this workspace since it was last
    /// opened; stores and returns an alert if that reaches the threshold.
    public func reportFailedSignIns(_ count: Int) async throws -> Alert? {
        guard count > 0 else { return nil }
        let finding = AnomalyDetector.failedSignIns(count, at: clock.now(), thresholds: thresholds)
        let sealKey = self.sealKey
        return try await audited(AuditEntry(.signInFailures, "workspace/\(workspaceID)?count=\(count)")) { tx in
            guard let finding else { return nil }
            return try await PostgresAnomalyScan.raise(finding, at: finding.time, in: tx, sealKey: sealKey)
        }
    }
}
