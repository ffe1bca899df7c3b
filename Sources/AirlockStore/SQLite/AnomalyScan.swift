import AirlockCore
import Foundation
import GRDB
import Logging

/// Runs a workspace's anomaly detector over the audit events it has not seen yet and
/// stores what it finds, inside one transaction of that workspace's database.
///
/// The detector's state and the last event it saw live in `anomaly_state`; its alerts go
/// to `alert`, each with an `alert.raise` event recorded by ``actor``.
enum AnomalyScan {
    /// Who raises alerts in the audit log.
    static let actor = AuditActor("airlock:anomaly-detector")

    /// The last audit event the detector has seen (0 before the first scan).
    static func checkpoint(in db: Database, workspace: WorkspaceID) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT checkpoint_seq FROM anomaly_state WHERE workspace_id = ?", arguments: [workspace.rawValue]) ?? 0
    }

    /// Feeds every event after the checkpoint to the detector, stores its alerts (raised
    /// at `now`) and its new state.
    ///
    /// - Returns: the new checkpoint.
    static func run(in db: Database, thresholds: AnomalyThresholds, sealKey: AuditSealKey, now: Date) throws -> Int64 {
        let workspace = sealKey.workspace
        let stored = try Row.fetchOne(db, sql: "SELECT checkpoint_seq, state FROM anomaly_state WHERE workspace_id = ?", arguments: [workspace.rawValue])
        var checkpoint: Int64 = try stored?.decode(forColumn: "checkpoint_seq") ?? 0
        var detector = AnomalyDetector(thresholds: thresholds, state: try stored.map(state(from:)) ?? AnomalyDetector.State())
        var findings: [AnomalyFinding] = []
        let events = try Row.fetchCursor(
            db,
            sql: "SELECT seq, time, action FROM audit_event WHERE workspace_id = ? AND seq > ? ORDER BY seq",
            arguments: [workspace.rawValue, checkpoint]
        )
        while let row = try events.next() {
            checkpoint = try row.decode(forColumn: "seq")
            let time = Date(millisecondsSince1970: try row.decode(forColumn: "time"))
            if let finding = detector.observe(action: try row.decode(forColumn: "action"), time: time, sequence: checkpoint) {
                findings.append(finding)
            }
        }
        for finding in findings {
            _ = try raise(finding, at: now, in: db, sealKey: sealKey)
        }
        try db.execute(
            sql: """
                INSERT INTO anomaly_state (workspace_id, checkpoint_seq, state) VALUES (?, ?, ?)
                ON CONFLICT (workspace_id) DO UPDATE SET checkpoint_seq = excluded.checkpoint_seq, state = excluded.state
                """,
            arguments: [workspace.rawValue, checkpoint, String(decoding: try JSONEncoder().encode(detector.state), as: UTF8.self)]
        )
        return checkpoint
    }

    /// The detector's saved state; one that does not decode (damaged, or from another
    /// version) is dropped, so that detection goes on with a baseline learned afresh.
    private static func state(from row: Row) throws -> AnomalyDetector.State {
        let text: String = try row.decode(forColumn: "state")
        do {
            return try JSONDecoder().decode(AnomalyDetector.State.self, from: Data(text.utf8))
        } catch {
            Logger(label: "airlock.anomaly").warning("anomaly detector state dropped", metadata: ["error": "\(error)"])
            return AnomalyDetector.State()
        }
    }

    /// Stores `finding` as a new alert and records `alert.raise` for it at `now` (the alert
    /// keeps the time of the anomaly, which may be earlier).
    static func raise(_ finding: AnomalyFinding, at now: Date, in db: Database, sealKey: AuditSealKey) throws -> Alert {
        let alert = Alert(id: AlertID.generate(), workspaceID: sealKey.workspace, time: finding.time, rule: finding.rule,
                          severity: finding.rule.severity, summary: finding.summary, details: finding.details, acknowledged: false)
        try db.execute(
            sql: """
                INSERT INTO alert (workspace_id, id, time, rule, severity, summary, details, acknowledged)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0)
                """,
            arguments: [alert.workspaceID.rawValue, alert.id.rawValue, alert.time.millisecondsSince1970, alert.rule.rawValue,
                        alert.severity.rawValue, alert.summary, String(decoding: try JSONEncoder().encode(alert.details), as: UTF8.self)]
        )
        try AuditLog.append(AuditEntry(.alertRaise, "alert/\(alert.id)?rule=\(alert.rule.rawValue)"), actor: actor, time: now, sealKey: sealKey, in: db)
        return alert
    }
}

/// Decoding of `alert` rows.
enum AlertRows {
    static let columns = "workspace_id, id, time, rule, severity, summary, details, acknowledged"

    static func alert(from row: Row) throws -> Alert {
        func parsed<T: RawRepresentable<String>>(_ column: String) throws -> T {
            let raw: String = try row.decode(forColumn: column)
            guard let value = T(rawValue: raw) else { throw StoreError.storage("unknown alert \(column) \(raw)") }
            return value
        }
        return Alert(
            id: try AlertID(try row.decode(forColumn: "id")),
            workspaceID: try WorkspaceID(try row.decode(forColumn: "workspace_id")),
            time: Date(millisecondsSince1970: try row.decode(forColumn: "time")),
            rule: try parsed("rule"),
            severity: try parsed("severity"),
            summary: try row.decode(forColumn: "summary"),
            details: try JSONDecoder().decode(AlertDetails.self, from: Data(try row.decode(String.self, forColumn: "details").utf8)),
            acknowledged: try row.decode(forColumn: "acknowledged")
        )
    }
}
