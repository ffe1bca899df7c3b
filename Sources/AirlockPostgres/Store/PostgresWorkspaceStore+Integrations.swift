import AirlockCore
import Foundation

extension PostgresWorkspaceStore {
    /// Adds an integration.
    public func addIntegration(id: IntegrationID, kind: IntegrationKind, name: String, settings: IntegrationSettings) async throws -> Integration {
        let name = try Integration.validatedName(name)
        let json = try PostgresIntegrationRows.json(settings)
        let time = now
        return try await audited(AuditEntry(.integrationAdd, "integration/\(id)")) { tx in
            let inserted = try await tx.rows("""
                INSERT INTO airlock.integration (workspace_id, id, kind, name, settings, created_at, updated_at)
                VALUES (\(tx.id), \(id.rawValue), \(kind.rawValue), \(name), \(json)::jsonb, \(time), \(time))
                ON CONFLICT (workspace_id, id) DO NOTHING RETURNING id
                """)
            guard !inserted.isEmpty else { throw StoreError.integrationExists(id) }
            return Integration(id: id, kind: kind, name: name, settings: settings, createdAt: Date(millisecondsSince1970: time), lastUsedAt: nil)
        }
    }

    /// All integrations, by id.
    public func integrations() async throws -> [Integration] {
        try await audited(AuditEntry(.integrationList, "integration")) { tx in
            try await tx.rows("""
                SELECT \(unescaped: PostgresIntegrationRows.integrationColumns) FROM airlock.integration
                WHERE workspace_id = \(tx.id) ORDER BY id
                """).map(PostgresIntegrationRows.integration(from:))
        }
    }

    /// The integration `id`.
    public func integration(_ id: IntegrationID) async throws -> Integration {
        try await audited(AuditEntry(.integrationRead, "integration/\(id)")) { tx in
            try await PostgresIntegrationRows.fetch(id, in: tx)
        }
    }

    /// Replaces the settings of integration `id`.
    public func updateIntegrationSettings(_ id: IntegrationID, _ settings: IntegrationSettings) async throws -> Integration {
        let json = try PostgresIntegrationRows.json(settings)
        let time = now
        return try await audited(AuditEntry(.integrationUpdate, "integration/\(id)")) { tx in
            let updated = try await tx.rows("""
                UPDATE airlock.integration SET settings = \(json)::jsonb, updated_at = \(time)
                WHERE workspace_id = \(tx.id) AND id = \(id.rawValue) RETURNING id
                """)
            guard updated.count == 1 else { throw StoreError.integrationNotFound(id) }
            return try await PostgresIntegrationRows.fetch(id, in: tx)
        }
    }

    /// Removes integration `id` and its credentials.
    public func removeIntegration(_ id: IntegrationID) async throws {
        try await audited(AuditEntry(.integrationRemove, "integration/\(id)")) { tx in
            let removed = try await tx.rows("DELETE FROM airlock.integration WHERE workspace_id = \(tx.id) AND id = \(id.rawValue) RETURNING id")
            guard removed.count == 1 else { throw StoreError.integrationNotFound(id) }
        }
    }
}
