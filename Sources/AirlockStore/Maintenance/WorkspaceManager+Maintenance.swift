import AirlockCore

extension WorkspaceManager {
    /// Runs `operation` on workspace `id` for the operator, who holds the master key but
    /// not the workspace's token.
    ///
    /// This is the one way into a workspace's data without a grant, and it is narrow: the
    /// workspace must be in the registry, its path is confined like any other, its files
    /// must identify as that workspace, and nothing but a status comes back. The step is
    /// recorded in the workspace's own audit log (`maintenance.vacuum` or
    /// `maintenance.verify`), sealed with the key the master key derives for it. Call it
    /// for one workspace at a time: no maintenance reads across workspaces.
    ///
    /// - Returns: the report; failures (a missing or foreign file, a broken audit chain,
    ///   storage errors) are reported, not thrown.
    public func maintain(_ id: WorkspaceID, _ operation: MaintenanceOperation, actor: AuditActor) async -> MaintenanceReport {
        do {
            guard try await registry.record(id) != nil else {
                return MaintenanceReport(workspace: id, operation: operation, passed: false, detail: "workspace \(id) is not in the registry")
            }
            return await storage.maintain(id, operation, sealKey: authenticator.maintenanceSealKey(for: id), actor: actor, clock: clock)
        } catch {
            return MaintenanceReport(workspace: id, operation: operation, passed: false, detail: String(describing: error))
        }
    }
}
