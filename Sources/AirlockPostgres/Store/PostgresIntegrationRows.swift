import AirlockCore
import Foundation
import PostgresNIO

/// Decoding and encoding of `airlock.integration` and `airlock.credential` rows.
enum PostgresIntegrationRows {
    /// The columns of an integration, in the order ``integration(from:)`` decodes them.
    static let integrationColumns = "id, kind, name, settings::text, created_at, last_used_at"
    /// The columns of a credential, in the order ``credential(from:)`` decodes them.
    static let credentialColumns = "integration_id, name, sealed, label, expires_at"

    static func integration(from row: PostgresRow) throws -> Integration {
        let (id, kind, name, settings, createdAt, lastUsedAt) = try row.decode((String, String, String, String, Int64, Int64?).self)
        guard let parsedKind = IntegrationKind(rawValue: kind) else { throw StoreError.storage("unknown integration kind \(kind)") }
        return Integration(id: try IntegrationID(id), kind: parsedKind, name: name,
                           settings: try JSONDecoder().decode(IntegrationSettings.self, from: Data(settings.utf8)),
                           createdAt: Date(millisecondsSince1970: createdAt), lastUsedAt: lastUsedAt.map(Date.init(millisecondsSince1970:)))
    }

    static func credential(from row: PostgresRow) throws -> SealedCredential {
        let (integration, name, sealed, label, expiresAt) = try row.decode((String, String, Data, String, Int64?).self)
        guard let parsedName = CredentialName(rawValue: name) else { throw StoreError.storage("unknown credential name \(name)") }
        return SealedCredential(integration: try IntegrationID(integration), name: parsedName, sealed: Array(sealed), label: label,
                                expiresAt: expiresAt.map(Date.init(millisecondsSince1970:)))
    }

    /// `settings` as sorted-key JSON text.
    static func json(_ settings: IntegrationSettings) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(settings), as: UTF8.self)
    }

    /// Integration `id`, or ``StoreError/integrationNotFound(_:)``.
    static func fetch(_ id: IntegrationID, in tx: TenantTransaction) async throws -> Integration {
        let rows = try await tx.rows("""
            SELECT \(unescaped: integrationColumns) FROM airlock.integration WHERE workspace_id = \(tx.id) AND id = \(id.rawValue)
            """)
        guard let row = rows.first else { throw StoreError.integrationNotFound(id) }
        return try integration(from: row)
    }

    /// Throws ``StoreError/integrationNotFound(_:)`` unless integration `id` exists (and
    /// locks it, so that its credentials cannot outlive it).
    static func require(_ id: IntegrationID, in tx: TenantTransaction) async throws {
        let rows = try await tx.rows("SELECT 1 FROM airlock.integration WHERE workspace_id = \(tx.id) AND id = \(id.rawValue) FOR SHARE")
        guard !rows.isEmpty else { throw StoreError.integrationNotFound(id) }
    }
}
