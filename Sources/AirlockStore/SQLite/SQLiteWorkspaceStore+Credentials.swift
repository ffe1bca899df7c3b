import AirlockCore
import Foundation
import GRDB

extension SQLiteWorkspaceStore {
    public func putCredential(_ credential: SealedCredential) throws {
        let credential = try credential.validated()
        let time = now
        try audited(AuditEntry(.credentialPut, resource(credential.integration, credential.name))) { db in
            try requireIntegration(credential.integration, in: db)
            try db.execute(
                sql: """
                    INSERT INTO credential (workspace_id, integration_id, name, sealed, label, expires_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (workspace_id, integration_id, name) DO UPDATE SET
                        sealed = excluded.sealed, label = excluded.label,
                        expires_at = excluded.expires_at, updated_at = excluded.updated_at
                    """,
                arguments: [workspaceID.rawValue, credential.integration.rawValue, credential.name.rawValue, Data(credential.sealed),
                            credential.label, credential.expiresAt?.millisecondsSince1970, time]
            )
        }
    }

    public func credential(_ integration: IntegrationID, _ name: CredentialName) throws -> SealedCredential? {
        try audited(AuditEntry(.credentialRead, resource(integration, name))) { db in
            try requireIntegration(integration, in: db)
            return try Row.fetchOne(
                db,
                sql: "SELECT \(CredentialRows.columns) FROM credential WHERE workspace_id = ? AND integration_id = ? AND name = ?",
                arguments: [workspaceID.rawValue, integration.rawValue, name.rawValue]
            ).map(CredentialRows.credential(from:))
        }
    }

    public func credentials(of integration: IntegrationID) throws -> [SealedCredential] {
        try audited(AuditEntry(.credentialList, resource(integration, nil))) { db in
            try requireIntegration(integration, in: db)
            return try Row.fetchAll(
                db,
                sql: "SELECT \(CredentialRows.columns) FROM credential WHERE workspace_id = ? AND integration_id = ? ORDER BY name",
                arguments: [workspaceID.rawValue, integration.rawValue]
            ).map(CredentialRows.credential(from:))
        }
    }

    public func removeCredentials(of integration: IntegrationID) throws {
        try audited(AuditEntry(.credentialRemove, resource(integration, nil))) { db in
            try requireIntegration(integration, in: db)
            try db.execute(
                sql: "DELETE FROM credential WHERE workspace_id = ? AND integration_id = ?",
                arguments: [workspaceID.rawValue, integration.rawValue]
            )
        }
    }

    public func recordCredentialUse(integration: IntegrationID, tool: String, endpoint: String, status: Int) throws {
        let time = now
        try audited(.credentialUse(integration: integration, tool: tool, endpoint: endpoint, status: status)) { db in
            try db.execute(
                sql: "UPDATE integration SET last_used_at = ? WHERE workspace_id = ? AND id = ?",
                arguments: [time, workspaceID.rawValue, integration.rawValue]
            )
            guard db.changesCount == 1 else { throw StoreError.integrationNotFound(integration) }
        }
    }

    /// `integration/<id>/credential[/<name>]`: ids only.
    private func resource(_ integration: IntegrationID, _ name: CredentialName?) -> String {
        "integration/\(integration)/credential" + (name.map { "/\($0.rawValue)" } ?? "")
    }

    private func requireIntegration(_ id: IntegrationID, in db: Database) throws {
        guard try integrationExists(id, in: db) else { throw StoreError.integrationNotFound(id) }
    }
}

/// Decoding of `credential` rows.
enum CredentialRows {
    static let columns = "integration_id, name, sealed, label, expires_at"

    static func credential(from row: Row) throws -> SealedCredential {
        let name: String = try row.decode(forColumn: "name")
        guard let parsedName = CredentialName(rawValue: name) else { throw StoreError.storage("unknown credential name \(name)") }
        let sealed: Data = try row.decode(forColumn: "sealed")
        return SealedCredential(
            integration: try IntegrationID(try row.decode(forColumn: "integration_id")),
            name: parsedName,
            sealed: Array(sealed),
            label: try row.decode(forColumn: "label"),
            expiresAt: (try row.decode(Int64?.self, forColumn: "expires_at")).map(Date.init(millisecondsSince1970:))
        )
    }
}
