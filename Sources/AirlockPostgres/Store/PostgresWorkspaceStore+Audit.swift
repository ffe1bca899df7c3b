import AirlockCore

extension PostgresWorkspaceStore {
    /// The audit log (all of it, or only the last `last` events), oldest first.
    public func auditEvents(last: Int?) async throws -> [AuditEvent] {
        try await audited(AuditEntry(.auditRead, "audit")) { tx in
            try await PostgresAuditLog.events(in: tx, last: last)
        }
    }

    /// Walks the whole audit chain and checks its sealed head.
    public func verifyAudit() async throws -> AuditVerification {
        let sealKey = self.sealKey
        do {
            return try await audited(AuditEntry(.auditVerify, "audit")) { tx in
                try await PostgresAuditLog.verify(in: tx, sealKey: sealKey)
            }
        } catch StoreError.auditLogTampered {
            // Events slipped in after the sealed head leave no place to record this check;
            // the verification, which reports exactly that, is returned all the same.
            return try await unauditedRead { tx in try await PostgresAuditLog.verify(in: tx, sealKey: sealKey) }
        }
    }
}
