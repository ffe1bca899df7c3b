/// What the approval gate decided about a tool call, as the audit log records it.
public enum ApprovalVerdict: String, Sendable, Codable, CaseIterable {
    /// The call may run.
    case allowed
    /// The call was refused.
    case denied
}
