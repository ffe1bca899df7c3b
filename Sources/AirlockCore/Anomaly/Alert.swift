import Foundation

/// How urgent an alert is.
public enum AlertSeverity: String, Sendable, Codable, CaseIterable {
    /// Unusual; worth a look.
    case warning
    /// Looks like an attack on the workspace or its credentials.
    case critical
}

/// Which anomaly rule raised an alert. Raw values are what the workspace stores.
public enum AnomalyRule: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable {
    /// Reads of memory and sessions (exports included) well above the workspace's usual rate.
    case readBurst = "read-burst"
    /// Integration credentials used well above the usual rate.
    case credentialUseBurst = "credential-use-burst"
    /// Many tool calls denied at the approval gate.
    case deniedApprovals = "denied-approvals"
    /// Many failed sign-in or token attempts before the workspace was opened.
    case failedSignIns = "failed-sign-ins"

    /// The severity of the rule's alerts.
    public var severity: AlertSeverity {
        switch self {
        case .readBurst, .deniedApprovals: .warning
        case .credentialUseBurst, .failedSignIns: .critical
        }
    }
}

/// The numbers behind an alert (stored as JSON): counts and times only, never contents.
public struct AlertDetails: Sendable, Equatable, Codable {
    /// Events counted.
    public let observed: Int
    /// The count at which the rule fired.
    public let threshold: Int
    /// The window the events were counted in, for rate rules.
    public let windowSeconds: Int?
    /// The workspace's usual count per window before the burst, for rate rules.
    public let baseline: Double?
    /// The audit event at which the threshold was crossed, for rules over the audit log.
    public let sequence: Int64?

    /// Creates details.
    public init(observed: Int, threshold: Int, windowSeconds: Int? = nil, baseline: Double? = nil, sequence: Int64? = nil) {
        self.observed = observed
        self.threshold = threshold
        self.windowSeconds = windowSeconds
        self.baseline = baseline
        self.sequence = sequence
    }

    private enum CodingKeys: String, CodingKey {
        case observed, threshold, windowSeconds = "window_seconds", baseline, sequence
    }
}

/// What an anomaly rule found, before it is stored as an ``Alert``.
public struct AnomalyFinding: Sendable, Equatable {
    /// The rule that fired.
    public let rule: AnomalyRule
    /// When (the time of the event that crossed the threshold).
    public let time: Date
    /// One line for people: what was seen, against what usual rate.
    public let summary: String
    /// The numbers behind it.
    public let details: AlertDetails
}

/// An anomaly alert stored in a workspace.
public struct Alert: Sendable, Equatable, Codable {
    /// The alert's id within the workspace.
    public let id: AlertID
    /// The workspace it concerns (and is stored in).
    public let workspaceID: WorkspaceID
    /// When the anomaly was seen.
    public let time: Date
    /// The rule that fired.
    public let rule: AnomalyRule
    /// How urgent it is.
    public let severity: AlertSeverity
    /// One line for people.
    public let summary: String
    /// The numbers behind it.
    public let details: AlertDetails
    /// Whether an analyst has acknowledged it.
    public let acknowledged: Bool

    /// Creates an alert.
    public init(id: AlertID, workspaceID: WorkspaceID, time: Date, rule: AnomalyRule, severity: AlertSeverity, summary: String, details: AlertDetails, acknowledged: Bool) {
        self.id = id
        self.workspaceID = workspaceID
        self.time = time
        self.rule = rule
        self.severity = severity
        self.summary = summary
        self.details = details
        self.acknowledged = acknowledged
    }

    private enum CodingKeys: String, CodingKey {
        case id, workspaceID = "workspace", time, rule, severity, summary, details, acknowledged
    }
}
