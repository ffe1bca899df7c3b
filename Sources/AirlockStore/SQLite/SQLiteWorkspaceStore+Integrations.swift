import AirlockCore
import Foundation
import GRDB

extension SQLiteWorkspaceStore {
    public func addIntegration(id: IntegrationID, kind: IntegrationKind, name: String, settings: IntegrationSettings) throws -> Integration {
        let name = try Integration.validatedName(name)
        let json = try IntegrationRows.json(settings)
        let time = now
        return try audited(AuditEntry(.integrationAdd, "integration/\(id)")) { db in
            guard try !integrationExists(id, in: db) else { throw StoreError.integrationExists(id) }
            try db.execute(
                sql: """
                    INSERT INTO integration (workspace_id, id, kind, name, settings, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [workspaceID.rawValue, id.rawValue, kind.rawValue, name, json, time, time]
            )
            return Integration(id: id, kind: kind, name: name, settings: settings,
                               createdAt: Date(millisecondsSince1970: time), lastUsedAt: nil)
        }
    }

    public func integrations() throws -> [Integration] {
        try audited(AuditEntry(.integrationList, "integration")) { db in
            try Row.fetchAll(
                db,
                sql: "SELECT \(IntegrationRows.columns) FROM integration WHERE workspace_id = ? ORDER BY id",
                arguments: [workspaceID.rawValue]
            ).map(IntegrationRows.integration(from:))
        }
    }

    public func integration(_ id: IntegrationID) throws -> Integration {
        try audited(AuditEntry(.integrationRead, "integration/\(id)")) { db in
            try fetchIntegration(id, in: db)
        }
    }

    public func updateIntegrationSettings(_ id: IntegrationID, _ settings: IntegrationSettings) throws -> Integration {
        let json = try IntegrationRows.json(settings)
        let time = now
        return try audited(AuditEntry(.integrationUpdate, "integration/\(id)")) { db in
            try db.execute(
                sql: "UPDATE integration SET settings = ?, updated_at = ? WHERE workspace_id = ? AND id = ?",
                arguments: [json, time, workspaceID.rawValue, id.rawValue]
            )
            guard db.changesCount == 1 else { throw StoreError.integrationNotFound(id) }
            return try fetchIntegration(id, in: db)
        }
    }

    public func removeIntegration(_ id: IntegrationID) throws {
        try audited(AuditEntry(.integrationRemove, "integration/\(id)")) { db in
            try db.execute(sql: "DELETE FROM integration WHERE workspace_id = ? AND id = ?", arguments: [workspaceID.rawValue, id.rawValue])
            guard db.changesCount == 1 else { throw StoreError.integrationNotFound(id) }
        }
    }

    /// Whether integration `id` exists in this workspace.
    func integrationExists(_ id: IntegrationID, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: "SELECT EXISTS (SELECT 1 FROM integration WHERE workspace_id = ? AND id = ?)",
            arguments: [workspaceID.rawValue, id.rawValue]
        ) ?? false
    }

    private func fetchIntegration(_ id: IntegrationID, in db: Database) throws -> Integration {
        guard let row = try Row.fetchOne(
            db,
            sql: "SELECT \(IntegrationRows.columns) FROM integration WHERE workspace_id = ? AND id = ?",
            arguments: [workspaceID.rawValue, id.rawValue]
        ) else { throw StoreError.integrationNotFound(id) }
        return try IntegrationRows.integration(from: row)
    }
}

/// Decoding and encoding of `integration` rows.
enum IntegrationRows {
    static let columns = "id, kind, name, settings, created_at, last_used_at"

    static func integration(from row: Row) throws -> Integration {
        let kind: String = try row.decode(forColumn: "kind")
        guard let parsedKind = IntegrationKind(rawValue: kind) else { throw StoreError.storage("unknown integration kind \(kind)") }
        let settings: String = try row.decode(forColumn: "settings")
        return Integration(
            id: try IntegrationID(try row.decode(forColumn: "id")),
            kind: parsedKind,
            name: try row.decode(forColumn: "name"),
            settings: try JSONDecoder().decode(IntegrationSettings.self, from: Data(settings.utf8)),
            createdAt: Date(millisecondsSince1970: try row.decode(forColumn: "created_at")),
            lastUsedAt: (try row.decode(Int64?.self, forColumn: "last_used_at")).map(Date.init(millisecondsSince1970:))
        )
    }

    static func json(_ settings: IntegrationSettings) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(settings), as: UTF8.self)
    }
}
