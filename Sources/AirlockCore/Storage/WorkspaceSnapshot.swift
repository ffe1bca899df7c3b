import Foundation

/// Everything one workspace's store holds, read in one consistent view: what
/// `airlock export` writes and `airlock import` restores in any backend.
///
/// Items keep their ids, times and bytes (credentials stay sealed; the snapshot holds no
/// secret in the clear), and the audit log keeps every event with its hash, so the chain
/// verifies again wherever the snapshot is restored under the same workspace id.
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

    /// Creates a snapshot.
    public init(workspaceID: WorkspaceID, createdAt: Date, memory: [MemoryDocument], sessions: [SessionTranscript], integrations: [Integration],
                credentials: [SealedCredential], auditEvents: [AuditEvent], alerts: [Alert]) {
        self.workspaceID = workspaceID
        self.createdAt = createdAt
        self.memory = memory
        self.sessions = sessions
        self.integrations = integrations
        self.credentials = credentials
        self.auditEvents = auditEvents
        self.alerts = alerts
    }
}
