import AirlockCore
import Foundation

extension FileWorkspaceStore {
    /// Adds an integration.
    public func addIntegration(id: IntegrationID, kind: IntegrationKind, name: String, settings: IntegrationSettings) throws -> Integration {
        let name = try Integration.validatedName(name)
        let time = now.millisecondsSince1970
        let file = IntegrationFile(id: id, kind: kind, name: name, settings: settings, createdAt: time, updatedAt: time, lastUsedAt: nil, credentials: [])
        return try audited(AuditEntry(.integrationAdd, "integration/\(id)")) { transaction in
            guard try transaction.files.readIfPresent(transaction.files.integration(id)) == nil else { throw StoreError.integrationExists(id) }
            transaction.writes.append(.replace(transaction.files.integration(id), try FileJSON.encode(file)))
            return file.integration
        }
    }

    /// All integrations, by id.
    public func integrations() throws -> [Integration] {
        try audited(AuditEntry(.integrationList, "integration")) { transaction in
            try transaction.files.ids(in: transaction.files.integrationsFolder, suffix: ".json") { try IntegrationID($0) }
                .sorted()
                .map { try Self.integrationFile($0, in: transaction.files).integration }
        }
    }

    /// The integration `id`.
    public func integration(_ id: IntegrationID) throws -> Integration {
        try audited(AuditEntry(.integrationRead, "integration/\(id)")) { transaction in
            try Self.integrationFile(id, in: transaction.files).integration
        }
    }

    /// Replaces the settings of integration `id`.
    public func updateIntegrationSettings(_ id: IntegrationID, _ settings: IntegrationSettings) throws -> Integration {
        let time = now.millisecondsSince1970
        return try audited(AuditEntry(.integrationUpdate, "integration/\(id)")) { transaction in
            var file = try Self.integrationFile(id, in: transaction.files)
            file.settings = settings
            file.updatedAt = time
            transaction.writes.append(.replace(transaction.files.integration(id), try FileJSON.encode(file)))
            return file.integration
        }
    }

    /// Removes integration `id` and its credentials.
    public func removeIntegration(_ id: IntegrationID) throws {
        try audited(AuditEntry(.integrationRemove, "integration/\(id)")) { transaction in
            _ = try Self.integrationFile(id, in: transaction.files)
            transaction.writes.append(.remove(transaction.files.integration(id)))
        }
    }

    /// Integration `id`'s file, or not found.
    static func integrationFile(_ id: IntegrationID, in files: WorkspaceFiles) throws -> IntegrationFile {
        guard let bytes = try files.readIfPresent(files.integration(id)) else { throw StoreError.integrationNotFound(id) }
        return try IntegrationFile.decode(bytes, id: id)
    }
}
