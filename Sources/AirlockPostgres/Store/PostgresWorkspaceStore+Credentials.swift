import AirlockCore
import Foundation

extension PostgresWorkspaceStore {
    /// Stores a sealed credential, replacing one of the same integration and name.
    public func putCredential(_ credential: SealedCredential) async throws {
        let credential = try credential.validated()
        let time = now
        try await audited(AuditEntry(.credentialPut, Self.resource(credential.integration, credential.name))) { tx in
            try await PostgresIntegrationRows.require(credential.integration, in: tx)
            try await tx.rows("""
                INSERT INTO airlock.credential (workspace_id, integration_id, name, sealed, label, expires_at, updated_at)
                VALUES (\(tx.id), \(credential.integration.rawValue), \(credential.name.rawValue), \(Data(credential.sealed)),
                        \(credential.label), \(credential.expiresAt?.millisecondsSince1970), \(time))
                ON CONFLICT (workspace_id, integration_id, name) DO UPDATE SET
                    sealed = excluded.sealed, label = excluded.label, expires_at = excluded.expires_at, updated_at = excluded.updated_at
                """)
        }
    }

    /// Credential `name` of `integration`, or nil if it has none of that name.
    public func credential(_ integration: IntegrationID, _ name: CredentialName) async throws -> SealedCredential? {
        try await audited(AuditEntry(.credentialRead, Self.resource(integration, name))) { tx in
            try await PostgresIntegrationRows.require(integration, in: tx)
            return try await tx.rows("""
                SELECT \(unescaped: PostgresIntegrationRows.credentialColumns) FROM airlock.credential
                WHERE workspace_id = \(tx.id) AND integration_id = \(integration.rawValue) AND name = \(name.rawValue)
                """).first.map(PostgresIntegrationRows.credential(from:))
        }
    }

    /// Every credential of `integration`, by name.
    public func credentials(of integration: IntegrationID) async throws -> [SealedCredential] {
        try await audited(AuditEntry(.credentialList, Self.resource(integration, nil))) { tx in
            try await PostgresIntegrationRows.require(integration, in: tx)
            return try await tx.rows("""
                SELECT \(unescaped: PostgresIntegrationRows.credentialColumns) FROM airlock.credential
                WHERE workspace_id = \(tx.id) AND integration_id = \(integration.rawValue) ORDER BY name
                """).map(PostgresIntegrationRows.credential(from:))
        }
    }

    /// Removes every credential of `integration` (disconnecting it).
    public func removeCredentials(of integration: IntegrationID) async throws {
        try await audited(AuditEntry(.credentialRemove, Self.resource(integration, nil))) { tx in
            try await PostgresIntegrationRows.require(integration, in: tx)
            try await tx.rows("DELETE FROM airlock.credential WHERE workspace_id = \(tx.id) AND integration_id = \(integration.rawValue)")
        }
    }

    /// Records that `tool` sent `integration`'s credentials to `endpoint` and got HTTP
    /// `status`; only the endpoint's host and path are kept.
    public func recordCredentialUse(integration: IntegrationID, tool: String, endpoint: String, status: Int) async throws {
        let time = now
        try await audited(.credentialUse(integration: integration, tool: tool, endpoint: endpoint, status: status)) { tx in
            let used = try await tx.rows("""
                UPDATE airlock.integration SET last_used_at = \(time) WHERE workspace_id = \(tx.id) AND id = \(integration.rawValue) RETURNING id
                """)
            guard used.count == 1 else { throw StoreError.integrationNotFound(integration) }
        }
    }

    /// `integration/<id>/credential[/<name>]`: ids only.
    private static func resource(_ integration: IntegrationID, _ name: CredentialName?) -> String {
        "integration/\(integration)/credential" + (name.map { "/\($0.rawValue)" } ?? "")
    }
}
