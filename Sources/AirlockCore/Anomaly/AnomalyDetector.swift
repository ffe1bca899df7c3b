import Foundation

/// Watches one workspace's audit stream and raises alerts for unusual activity.
///
/// Pure: feed it the workspace's audit events in order with ``observe(_:)``; it keeps an
/// exponentially weighted rate per rule (the workspace's baseline, see ``BurstSignal``) in
/// ``state``, which its owner persists between runs. A rule fires when the count of its
/// window reaches both the rule's absolute floor and its multiple of the baseline, and then
/// stays quiet for the cooldown. Failed sign-in and token attempts happen before a
/// workspace can be touched, so they are judged by ``failedSignIns(_:at:thresholds:)``
/// from a count kept outside the workspace.
public struct AnomalyDetector: Sendable {
    /// What the detector remembers between runs.
    public struct State: Codable, Sendable, Equatable {
        var signals: [AnomalyRule: BurstSignal] = [:]

        /// A detector that has seen nothing.
        public init() {}
    }

    /// The thresholds applied.
    public let thresholds: AnomalyThresholds
    /// What it has learned so far.
    public private(set) var state: State

    /// A detector continuing from `state`.
    public init(thresholds: AnomalyThresholds, state: State = State()) {
        self.thresholds = thresholds
        self.state = state
    }

    /// Counts `event` and returns an alert finding if it completes a burst.
    public mutating func observe(_ event: AuditEvent) -> AnomalyFinding? {
        observe(action: event.action, time: event.time, sequence: event.sequence)
    }

    /// Counts the audit event `sequence` of `action` at `time` (the fields the rules use).
    public mutating func observe(action: String, time: Date, sequence: Int64) -> AnomalyFinding? {
        guard let rule = Self.rule(for: action), let threshold = thresholds.burst(rule) else { return nil }
        var signal = state.signals[rule] ?? BurstSignal()
        let fired = signal.count(at: time.millisecondsSince1970, threshold: threshold,
                                 halfLifeSeconds: thresholds.baselineHalfLifeSeconds, cooldownSeconds: thresholds.cooldownSeconds)
        state.signals[rule] = signal
        guard let fired else { return nil }
        let window = Self.duration(threshold.windowSeconds)
        let summary = "\(fired.observed) \(Self.noun(rule)) within \(window) (usually \(Self.rounded(fired.baseline)); alert at \(fired.threshold))"
        return AnomalyFinding(
            rule: rule, time: time, summary: summary,
            details: AlertDetails(observed: fired.observed, threshold: fired.threshold, windowSeconds: threshold.windowSeconds,
                                  baseline: fired.baseline, sequence: sequence)
        )
    }

    /// The finding for `count` failed sign-in or token attempts on a workspace since it
    /// was last opened, if that reaches the threshold.
    public static func failedSignIns(_ count: Int, at time: Date, thresholds: AnomalyThresholds) -> AnomalyFinding? {
        let threshold = max(1, thresholds.failedSignIns)
        guard count >= threshold else { return nil }
        return AnomalyFinding(
            rule: .failedSignIns, time: time,
            summary: "\(count) failed sign-in or token attempts since the workspace was last opened (alert at \(threshold))",
            details: AlertDetails(observed: count, threshold: threshold)
        )
    }

    /// The burst rule an audit action counts towards.
    static func rule(for action: String) -> AnomalyRule? {
        switch AuditAction(rawValue: action) {
        case .memoryRead, .memoryList, .memorySearch, .memoryRetrieve, .sessionRead, .messageSearch, .workspaceExport: .readBurst
        case .credentialUse: .credentialUseBurst
        case .approvalDenied: .deniedApprovals
        default: nil
        }
    }

    private static func noun(_ rule: AnomalyRule) -> String {
        switch rule {
        case .readBurst: "reads of memory and sessions"
        case .credentialUseBurst: "credential uses"
        case .deniedApprovals: "denied tool calls"
        case .failedSignIns: "failed sign-in attempts"
        }
    }

    /// `45 s`, `1 min`, `10 min`, `2 h`.
    private static func duration(_ seconds: Int) -> String {
        if seconds % 3600 == 0 { return "\(seconds / 3600) h" }
        if seconds % 60 == 0 { return "\(seconds / 60) min" }
        return "\(seconds) s"
    }

    private static func rounded(_ value: Double) -> String {
        value < 10 ? String(format: "%.1f", value) : String(Int(value.rounded()))
    }
}
