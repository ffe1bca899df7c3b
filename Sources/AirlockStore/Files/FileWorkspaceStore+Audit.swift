import AirlockCore
import Foundation

extension FileWorkspaceStore {
    /// The audit log (all of it, or only the last `last` events), oldest first.
    public func auditEvents(last: Int?) throws -> [AuditEvent] {
        try audited(AuditEntry(.auditRead, "audit")) { transaction in
            try FileAuditLog.events(transaction.files, last: last)
        }
    }

    /// Walks the whole audit chain and checks its sealed head.
    public func verifyAudit() throws -> AuditVerification {
        do {
            return try audited(AuditEntry(.auditVerify, "audit")) { transaction in
                try FileAuditLog.verify(transaction.files, identity: transaction.identity, sealKey: sealKey)
            }
        } catch StoreError.auditLogTampered {
            // Events slipped in after the sealed head leave no place to record this check;
            // the verification, which reports exactly that, is returned all the same.
            return try unauditedRead { identity in try FileAuditLog.verify(files, identity: identity, sealKey: sealKey) }
        }
    }
}
