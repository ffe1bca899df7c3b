extension Authenticator {
    /// The key that seals `workspace`'s audit head, for the operator's maintenance, which
    /// holds the master key but not the workspace's token. It lets maintenance append its
    /// own event to the log; it opens no tenant data.
    package func maintenanceSealKey(for workspace: WorkspaceID) -> AuditSealKey {
        AuditSealKey(workspace: workspace, key: masterKey.auditKey(for: workspace))
    }
}
