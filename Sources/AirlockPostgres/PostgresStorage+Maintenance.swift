import AirlockCore
import AirlockStore

extension PostgresStorage {
    /// Refuses: without the workspace's token the operator's transactions see none of its
    /// rows (row-level security wants the token's digest, which the master key alone
    /// cannot make), and the database's own maintenance is its administrator's.
    func maintain(_ id: WorkspaceID, _ operation: MaintenanceOperation, sealKey: AuditSealKey, actor: AuditActor, clock: any AirlockClock) async -> MaintenanceReport {
        let detail = switch operation {
        case .vacuum: "PostgreSQL storage: VACUUM is the database administrator's (as the schema owner)"
        case .verify: "PostgreSQL storage: row-level security admits no operator without the token; run airlock audit verify --workspace \(id)"
        }
        return MaintenanceReport(workspace: id, operation: operation, passed: false, detail: detail)
    }
}
