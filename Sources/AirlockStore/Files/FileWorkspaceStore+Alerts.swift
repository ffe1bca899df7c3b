import AirlockCore
import Foundation
import Logging

extension FileWorkspaceStore {
    /// How many new audit events make the anomaly detector look again.
    static let detectionInterval: Int64 = 8

    /// The workspace's anomaly alerts (all, or the newest `limit`), newest first, after
    /// checking the audit events not yet seen by the anomaly detector.
    public func alerts(limit: Int?) throws -> [Alert] {
        try ensureOpen()
        detectAnomalies()
        return try audited(AuditEntry(.alertList, "alert")) { transaction in
            let newestFirst = AlertFile.newestFirst(try AlertFile.lines(transaction.files)).map { $0.alert(in: workspaceID) }
            return limit.map { Array(newestFirst.prefix(max(0, $0))) } ?? newestFirst
        }
    }

    /// Marks alert `id` as acknowledged.
    public func acknowledgeAlert(_ id: AlertID) throws -> Alert {
        try audited(AuditEntry(.alertAcknowledge, "alert/\(id)")) { transaction in
            var lines = try AlertFile.lines(transaction.files)
            guard let index = lines.firstIndex(where: { $0.id == id }) else { throw StoreError.alertNotFound(id) }
            lines[index].acknowledged = true
            transaction.writes.append(try AlertFile.write(lines, transaction.files))
            return lines[index].alert(in: workspaceID)
        }
    }

    /// Records what the approval gate decided about a call of `tool`.
    public func recordApproval(tool: String, outcome: ApprovalVerdict) throws {
        try audited(.approval(tool: tool, verdict: outcome)) { _ in }
    }

    /// Records `count` failed sign-in attempts counted outside the workspace; stores and
    /// returns an alert if that reaches the threshold.
    public func reportFailedSignIns(_ count: Int) throws -> Alert? {
        guard count > 0 else { return nil }
        let finding = AnomalyDetector.failedSignIns(count, at: clock.now(), thresholds: thresholds)
        return try audited(AuditEntry(.signInFailures, "workspace/\(workspaceID)?count=\(count)")) { transaction in
            guard let finding else { return nil }
            var lines = try AlertFile.lines(transaction.files)
            let alert = AlertFile.raise(finding, workspace: workspaceID, into: &transaction, lines: &lines)
            transaction.writes.append(try AlertFile.write(lines, transaction.files))
            return alert
        }
    }

    /// Runs the anomaly detector once `detectionInterval` events have passed since it last
    /// looked.
    func detectAnomaliesIfDue(through sequence: Int64) {
        if detectorCheckpoint == nil {
            detectorCheckpoint = try? detectorTransaction { transaction in try AlertFile.detectorState(transaction.files).checkpoint }
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
            detectorCheckpoint = try detectorTransaction { transaction in
                var saved = try AlertFile.detectorState(transaction.files)
                var detector = AnomalyDetector(thresholds: thresholds, state: saved.state)
                var findings: [AnomalyFinding] = []
                // One line per event: the unseen ones are the last `head - checkpoint` lines.
                let unseen = Int(max(0, transaction.identity.headSequence - saved.checkpoint))
                for event in try FileAuditLog.events(transaction.files, last: unseen) where event.sequence > saved.checkpoint {
                    saved.checkpoint = event.sequence
                    if let finding = detector.observe(action: event.action, time: event.time, sequence: event.sequence) { findings.append(finding) }
                }
                saved.state = detector.state
                if !findings.isEmpty {
                    var lines = try AlertFile.lines(transaction.files)
                    for finding in findings {
                        _ = AlertFile.raise(finding, workspace: workspaceID, into: &transaction, lines: &lines)
                    }
                    transaction.writes.append(try AlertFile.write(lines, transaction.files))
                }
                transaction.writes.append(.replace(transaction.files.anomalyState, try FileJSON.encode(saved)))
                return saved.checkpoint
            }
        } catch {
            Logger(label: "airlock.anomaly").warning("anomaly detection failed", metadata: ["workspace": "\(workspaceID)", "error": "\(error)"])
        }
    }
}
