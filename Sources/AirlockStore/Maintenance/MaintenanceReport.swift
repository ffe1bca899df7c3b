import AirlockCore

/// What the operator can run on every workspace without its token.
public enum MaintenanceOperation: String, Sendable, CaseIterable {
    /// Rebuild the database file, returning free pages (`VACUUM`).
    case vacuum
    /// Check the file's integrity (`PRAGMA integrity_check`) and walk the audit chain.
    case verify
}

/// The outcome of one maintenance step on one workspace: a status, never tenant data —
/// ids, counts, sizes and the names of broken events only.
public struct MaintenanceReport: Sendable, Equatable {
    /// The workspace.
    public let workspace: WorkspaceID
    /// What was run.
    public let operation: MaintenanceOperation
    /// Whether the workspace passed (for `verify`) or the step succeeded (for `vacuum`).
    public let passed: Bool
    /// One line: what was found or done, or why it failed.
    public let detail: String

    /// Creates a report.
    public init(workspace: WorkspaceID, operation: MaintenanceOperation, passed: Bool, detail: String) {
        self.workspace = workspace
        self.operation = operation
        self.passed = passed
        self.detail = TerminalText.sanitized(detail, singleLine: true)
    }
}
