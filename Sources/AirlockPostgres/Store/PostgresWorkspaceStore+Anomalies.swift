import AirlockCore
import Foundation
import Logging

extension PostgresWorkspaceStore {
    /// How many new audit events make the anomaly detector look again.
    static let detectionInterval: Int64 = 8

    /// Runs the anomaly detector once `detectionInterval` events have passed since it last
    /// looked.
    func detectAnomaliesIfDue(through sequence: Int64) async {
        if detectorCheckpoint == nil {
            detectorCheckpoint = try? await unauditedRead { tx in try await PostgresAnomalyScan.checkpoint(in: tx) }
        }
        guard sequence - (detectorCheckpoint ?? sequence) >= Self.detectionInterval else { return }
        await detectAnomalies()
        // After a failure, try again only after another interval.
        detectorCheckpoint = max(detectorCheckpoint ?? sequence, sequence)
    }

    /// Feeds the events the detector has not seen to it and stores its alerts. Never
    /// throws: a failing detector must not fail the access that triggered it.
    func detectAnomalies() async {
        let (thresholds, sealKey, now) = (self.thresholds, self.sealKey, clock.now())
        do {
            detectorCheckpoint = try await transaction { tx in
                try await PostgresAnomalyScan.run(in: tx, thresholds: thresholds, sealKey: sealKey, now: now)
            }
        } catch {
            Logger(label: "airlock.anomaly").warning("anomaly detection failed", metadata: ["workspace": "\(workspaceID)", "error": "\(error)"])
        }
    }
}
