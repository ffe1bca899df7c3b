/// What an audited operation did. Raw values are what the log stores.
public enum AuditAction: String, Sendable, Codable, CaseIterable {
    case workspaceCreate = "workspace.create"
    case workspaceRotateToken = "workspace.rotate-token"
    case workspaceExport = "workspace.export"
    case workspaceImport = "workspace.import"
    case memoryAdd = "memory.add"
    case memoryRead = "memory.read"
    case memoryList = "memory.list"
    case memorySearch = "memory.search"
    case memoryRetrieve = "memory.retrieve"
    case memoryUpdate = "memory.update"
    case memoryRemove = "memory.remove"
    case sessionCreate = "session.create"
    case sessionList = "session.list"
    case sessionRead = "session.read"
    case sessionRename = "session.rename"
    case sessionDelete = "session.delete"
    case messageAppend = "message.append"
    case messageSearch = "message.search"
    case integrationAdd = "integration.add"
    case integrationList = "integration.list"
    case integrationRead = "integration.read"
    case integrationUpdate = "integration.update"
    case integrationRemove = "integration.remove"
    case credentialPut = "credential.put"
    case credentialRead = "credential.read"
    case credentialList = "credential.list"
    case credentialRemove = "credential.remove"
    case credentialUse = "credential.use"
    case auditRead = "audit.read"
    case auditVerify = "audit.verify"
    case alertList = "alert.list"
    case alertAcknowledge = "alert.acknowledge"
    case alertRaise = "alert.raise"
    case approvalAllowed = "approval.allowed"
    case approvalDenied = "approval.denied"
    case signInFailures = "signin.failures"
    case maintenanceVacuum = "maintenance.vacuum"
    case maintenanceVerify = "maintenance.verify"
}

/// One access to record: what was done and to which resource (`memory/m-…`, `session/s-…`,
/// `integration/<id>/credential/<name>`).
///
/// Resources name ids and counts only — never contents, queries or secrets.
public struct AuditEntry: Sendable, Equatable {
    /// What was done.
    public let action: AuditAction
    /// What it was done to.
    public let resource: String

    /// Creates an entry.
    public init(_ action: AuditAction, _ resource: String) {
        self.action = action
        self.resource = resource
    }
}
