import Foundation

/// Everything one workspace's store holds, read in one consistent view: what
/// `airlock export` writes and `airlock import` restores in any backend.
///
/// Items keep their ids, times and bytes (credentials stay sealed; the snapshot holds no
/// secret in the clear), and the audit log keeps every event with its hash, so the chain
/// verifies again wherever the snapshot is restored under the same workspace id. Items are
/// kept in one order whatever the backend they were read from, so that snapshots of the
/// same data compare equal.
///
/// Not carried: what the anomaly detector has learned (after an import it starts afresh,
/// past the imported events).
public struct WorkspaceSnapshot: Sendable, Equatable {
    /// The workspace the snapshot is of.
    public let workspaceID: WorkspaceID
    /// When the workspace's store was created.
    public let createdAt: Date
    /// Every memory document, by id.
    public let memory: [MemoryDocument]
    /// Every session with all its messages, by session id.
    public let sessions: [SessionTranscript]
    /// Every integration, by id.
    public let integrations: [Integration]
    /// Every sealed credential, by integration id and name.
    public let credentials: [SealedCredential]
    /// The whole audit log, oldest first.
    public let auditEvents: [AuditEvent]
    /// Every anomaly alert, newest first (as ``WorkspaceStore/alerts(limit:)`` lists them).
    public let alerts: [Alert]
    /// When each integration's settings and each credential last changed.
    public let updateTimes: UpdateTimes

    /// Creates a snapshot, putting memory, sessions, integrations and credentials in their
    /// order (audit events and alerts are kept in the order given).
    public init(workspaceID: WorkspaceID, createdAt: Date, memory: [MemoryDocument], sessions: [SessionTranscript], integrations: [Integration],
                credentials: [SealedCredential], auditEvents: [AuditEvent], alerts: [Alert], updateTimes: UpdateTimes = UpdateTimes()) {
        self.workspaceID = workspaceID
        self.createdAt = createdAt
        self.memory = memory.sorted { $0.id < $1.id }
        self.sessions = sessions.sorted { $0.session.key.session < $1.session.key.session }
        self.integrations = integrations.sorted { $0.id < $1.id }
        self.credentials = credentials.sorted { ($0.integration, $0.name.rawValue) < ($1.integration, $1.name.rawValue) }
        self.auditEvents = auditEvents
        self.alerts = alerts
        self.updateTimes = updateTimes
    }
}

/// When integrations' settings and credentials last changed — times no item value holds,
/// kept by a snapshot so that an import restores them exactly. An import stamps its own
/// time where one is missing.
public struct UpdateTimes: Sendable, Equatable {
    /// By integration id.
    public private(set) var integrations: [IntegrationID: Date] = [:]
    /// By integration id and credential name (`ads/api_key`).
    public private(set) var credentials: [String: Date] = [:]

    /// No times.
    public init() {}

    /// Records when integration `id`'s settings last changed (millisecond resolution).
    public mutating func setIntegration(_ id: IntegrationID, _ time: Date) {
        integrations[id] = Date(millisecondsSince1970: time.millisecondsSince1970)
    }

    /// Records when credential `name` of `integration` was last stored.
    public mutating func setCredential(_ integration: IntegrationID, _ name: CredentialName, _ time: Date) {
        credentials[Self.key(integration, name)] = Date(millisecondsSince1970: time.millisecondsSince1970)
    }

    /// When integration `id`'s settings last changed, if known.
    public func integration(_ id: IntegrationID) -> Date? { integrations[id] }

    /// When `credential` was last stored, if known.
    public func credential(_ credential: SealedCredential) -> Date? { credentials[Self.key(credential.integration, credential.name)] }

    private static func key(_ integration: IntegrationID, _ name: CredentialName) -> String { integration.rawValue + "/" + name.rawValue }
}
