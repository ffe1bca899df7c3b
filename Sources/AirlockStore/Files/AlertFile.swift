import AirlockCore
import Foundation

/// The anomaly alerts of a workspace (`alerts.jsonl`, one alert a line, oldest first) and
/// the anomaly detector's state (`anomaly.json`).
enum AlertFile {
    /// One line of `alerts.jsonl`.
    struct Line: Codable {
        let id: AlertID
        let time: Int64
        let rule: AnomalyRule
        let severity: AlertSeverity
        let summary: String
        let details: AlertDetails
        var acknowledged: Bool

        init(_ alert: Alert) {
            id = alert.id
            time = alert.time.millisecondsSince1970
            rule = alert.rule
            severity = alert.severity
            summary = alert.summary
            details = alert.details
            acknowledged = alert.acknowledged
        }

        func alert(in workspace: WorkspaceID) -> Alert {
            Alert(id: id, workspaceID: workspace, time: Date(millisecondsSince1970: time), rule: rule, severity: severity,
                  summary: summary, details: details, acknowledged: acknowledged)
        }
    }

    /// `anomaly.json`: the last audit event the detector saw and what it learned.
    struct DetectorState: Codable {
        var checkpoint: Int64 = 0
        var state = AnomalyDetector.State()
    }

    /// Every stored alert, oldest first.
    static func lines(_ files: WorkspaceFiles) throws -> [Line] {
        try FileJSON.lines(try files.readIfPresent(files.alerts) ?? []).map { try FileJSON.decode(Line.self, from: $0) }
    }

    /// `lines` newest first by the time of the anomaly, later-stored first among equal times.
    static func newestFirst(_ lines: [Line]) -> [Line] {
        lines.enumerated().sorted { ($0.element.time, $0.offset) > ($1.element.time, $1.offset) }.map(\.element)
    }

    /// The write that replaces the alerts with `lines`.
    static func write(_ lines: [Line], _ files: WorkspaceFiles) throws -> FileWrite {
        .replace(files.alerts, try lines.flatMap { try FileJSON.line($0) })
    }

    /// The detector's saved state; one that does not decode is dropped, so that detection
    /// goes on with a baseline learned afresh.
    static func detectorState(_ files: WorkspaceFiles) throws -> DetectorState {
        guard let bytes = try files.readIfPresent(files.anomalyState) else { return DetectorState() }
        return (try? JSONDecoder().decode(DetectorState.self, from: Data(bytes))) ?? DetectorState()
    }

    /// Queues `finding` as a new alert with its `alert.raise` event (by the detector's actor).
    static func raise(_ finding: AnomalyFinding, workspace: WorkspaceID, into transaction: inout FileTransaction, lines: inout [Line]) -> Alert {
        let alert = Alert(id: AlertID.generate(), workspaceID: workspace, time: finding.time, rule: finding.rule,
                          severity: finding.rule.severity, summary: finding.summary, details: finding.details, acknowledged: false)
        lines.append(Line(alert))
        transaction.precedingEvents.append((AuditEntry(.alertRaise, "alert/\(alert.id)?rule=\(alert.rule.rawValue)"), AnomalyScan.actor))
        return alert
    }
}
