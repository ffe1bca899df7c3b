import AirlockCore
import Foundation
import Logging
import PostgresNIO

/// Runs a workspace's anomaly detector over the audit events it has not seen yet and
/// stores what it finds, inside one tenant transaction.
///
/// The detector's state and the last event it saw live in `anomaly_state`; its alerts go
/// to `alert`, each with an `alert.raise` event recorded by ``actor``.
enum PostgresAnomalyScan {
    /// Who raises alerts in the audit log.
    static let actor = AuditActor("airlock:anomaly-detector")
    /// The columns of an alert, in the order ``alert(from:)`` decodes them.
    static let alertColumns = "workspace_id, id, time, rule, severity, summary, details::text, acknowledged"

    /// The last audit event the detector has seen (0 before the first scan).
    static func checkpoint(in tx: TenantTransaction) async throws -> Int64 {
        let rows = try await tx.rows("SELECT checkpoint_seq FROM airlock.anomaly_state WHERE workspace_id = \(tx.id)")
        return try rows.first?.decode(Int64.self) ?? 0
    }

    /// Feeds every event after the checkpoint to the detector, stores its alerts (raised
    /// at `now`) and its new state.
    ///
    /// - Returns: the new checkpoint.
    static func run(in tx: TenantTransaction, thresholds: AnomalyThresholds, sealKey: AuditSealKey, now: Date) async throws -> Int64 {
        let rows = try await tx.rows("SELECT checkpoint_seq, state::text FROM airlock.anomaly_state WHERE workspace_id = \(tx.id) FOR UPDATE")
        var checkpoint: Int64 = 0
        var detector = AnomalyDetector(thresholds: thresholds, state: AnomalyDetector.State())
        if let row = rows.first {
            let (saved, text) = try row.decode((Int64, String).self)
            checkpoint = saved
            detector = AnomalyDetector(thresholds: thresholds, state: state(from: text))
        }
        var findings: [AnomalyFinding] = []
        let events = try await tx.rows(
            "SELECT seq, time, action FROM airlock.audit_event WHERE workspace_id = \(tx.id) AND seq > \(checkpoint) ORDER BY seq")
        for row in events {
            let (sequence, time, action) = try row.decode((Int64, Int64, String).self)
            checkpoint = sequence
            if let finding = detector.observe(action: action, time: Date(millisecondsSince1970: time), sequence: sequence) {
                findings.append(finding)
            }
        }
        for finding in findings {
            _ = try await raise(finding, at: now, in: tx, sealKey: sealKey)
        }
        let state = String(decoding: try JSONEncoder().encode(detector.state), as: UTF8.self)
        try await tx.rows("""
            INSERT INTO airlock.anomaly_state (workspace_id, checkpoint_seq, state) VALUES (\(tx.id), \(checkpoint), \(state)::jsonb)
            ON CONFLICT (workspace_id) DO UPDATE SET checkpoint_seq = excluded.checkpoint_seq, state = excluded.state
            """)
        return checkpoint
    }

    /// The detector's saved state; one that does not decode (damaged, or from another
    /// version) is dropped, so that detection goes on with a baseline learned afresh.
    private static func state(from text: String) -> AnomalyDetector.State {
        do {
            return try JSONDecoder().decode(AnomalyDetector.State.self, from: Data(text.utf8))
        } catch {
            Logger(label: "airlock.anomaly").warning("anomaly detector state dropped", metadata: ["error": "\(error)"])
            return AnomalyDetector.State()
        }
    }

    /// Stores `finding` as a new alert and records `alert.raise` for it at `now` (the alert
    /// keeps the time of the anomaly, which may be earlier).
    static func raise(_ finding: AnomalyFinding, at now: Date, in tx: TenantTransaction, sealKey: AuditSealKey) async throws -> Alert {
        let alert = Alert(id: AlertID.generate(), workspaceID: tx.workspace, time: finding.time, rule: finding.rule,
                          severity: finding.rule.severity, summary: finding.summary, details: finding.details, acknowledged: false)
        let details = String(decoding: try JSONEncoder().encode(alert.details), as: UTF8.self)
        let raised = try await PostgresAuditLog.append(AuditEntry(.alertRaise, "alert/\(alert.id)?rule=\(alert.rule.rawValue)"), actor: actor,
                                                       time: now, sealKey: sealKey, in: tx)
        try await tx.rows("""
            INSERT INTO airlock.alert (workspace_id, id, time, rule, severity, summary, details, acknowledged, raised_seq)
            VALUES (\(tx.id), \(alert.id.rawValue), \(alert.time.millisecondsSince1970), \(alert.rule.rawValue),
                    \(alert.severity.rawValue), \(alert.summary), \(details)::jsonb, false, \(raised))
            """)
        return alert
    }

    /// Decodes an alert row selected with ``alertColumns``.
    static func alert(from row: PostgresRow) throws -> Alert {
        let (workspace, id, time, rule, severity, summary, details, acknowledged) =
            try row.decode((String, String, Int64, String, String, String, String, Bool).self)
        guard let parsedRule = AnomalyRule(rawValue: rule), let parsedSeverity = AlertSeverity(rawValue: severity) else {
            throw StoreError.storage("unknown alert rule \(rule) or severity \(severity)")
        }
        return Alert(id: try AlertID(id), workspaceID: try WorkspaceID(workspace), time: Date(millisecondsSince1970: time),
                     rule: parsedRule, severity: parsedSeverity, summary: summary,
                     details: try JSONDecoder().decode(AlertDetails.self, from: Data(details.utf8)), acknowledged: acknowledged)
    }
}
