import AirlockCore
import Foundation

/// One maintenance step on one plain-file workspace, without a grant: under the
/// workspace lock, identity checked first, then the step and its audit event.
struct FileMaintenance {
    let workspace: WorkspaceID
    let files: WorkspaceFiles
    let sealKey: AuditSealKey
    let actor: AuditActor
    let clock: any AirlockClock

    func run(_ operation: MaintenanceOperation) throws -> MaintenanceReport {
        guard try SecureFile.kind(of: files.directory) == .directory else { throw StoreError.workspaceFileMissing(workspace) }
        return try files.locked {
            var identity = try FileIdentity.read(files, expected: workspace)
            try FileAuditLog.completeInterruptedAppend(identity, files: files)
            switch operation {
            case .vacuum:
                // Every write replaces whole files: there are no free pages to return.
                _ = try FileAuditLog.append(AuditEntry(.maintenanceVacuum, "workspace/\(workspace)"), actor: actor, time: clock.now(),
                                            sealKey: sealKey, identity: &identity, files: files)
                return MaintenanceReport(workspace: workspace, operation: .vacuum, passed: true, detail: "nothing to compact: plain files are rewritten whole")
            case .verify:
                return try verify(&identity)
            }
        }
    }

    private func verify(_ identity: inout FileIdentity) throws -> MaintenanceReport {
        let verification = try FileAuditLog.verify(files, identity: identity, sealKey: sealKey)
        guard case .intact(let events) = verification else {
            let detail = if case .broken(let failure) = verification { failure.description } else { "audit chain broken" }
            return MaintenanceReport(workspace: workspace, operation: .verify, passed: false,
                                     detail: detail + "; this check could not be recorded in the audit log")
        }
        _ = try FileAuditLog.append(AuditEntry(.maintenanceVerify, "workspace/\(workspace)?audit=intact"), actor: actor, time: clock.now(),
                                    sealKey: sealKey, identity: &identity, files: files)
        return MaintenanceReport(workspace: workspace, operation: .verify, passed: true, detail: "audit chain intact (\(events) events)")
    }
}
