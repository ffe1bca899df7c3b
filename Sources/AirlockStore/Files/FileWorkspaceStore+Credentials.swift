import AirlockCore
import Foundation

extension FileWorkspaceStore {
    /// Stores a sealed credential, replacing one of the same integration and name.
    public func putCredential(_ credential: SealedCredential) throws {
        let credential = try credential.validated()
        let time = now.millisecondsSince1970
        try audited(AuditEntry(.credentialPut, resource(credential.integration, credential.name))) { transaction in
            var file = try Self.integrationFile(credential.integration, in: transaction.files)
            file.credentials.removeAll { $0.name == credential.name }
            file.credentials.append(IntegrationFile.Credential(credential, at: time))
            file.credentials.sort { $0.name.rawValue < $1.name.rawValue }
            transaction.writes.append(.replace(transaction.files.integration(credential.integration), try FileJSON.encode(file)))
        }
    }

    /// Credential `name` of `integration`, or nil if it has none of that name.
    public func credential(_ integration: IntegrationID, _ name: CredentialName) throws -> SealedCredential? {
        try audited(AuditEntry(.credentialRead, resource(integration, name))) { transaction in
            try Self.integrationFile(integration, in: transaction.files).credentials
                .first { $0.name == name }
                .map { try $0.sealedCredential(of: integration) }
        }
    }

    /// Every credential of `integration`, by name.
    public func credentials(of integration: IntegrationID) throws -> [SealedCredential] {
        try audited(AuditEntry(.credentialList, resource(integration, nil))) { transaction in
            try Self.integrationFile(integration, in: transaction.files).credentials.map { try $0.sealedCredential(of: integration) }
        }
    }

    /// Removes every credential of `integration` (disconnecting it).
    public func removeCredentials(of integration: IntegrationID) throws {
        try audited(AuditEntry(.credentialRemove, resource(integration, nil))) { transaction in
            var file = try Self.integrationFile(integration, in: transaction.files)
            file.credentials = []
            transaction.writes.append(.replace(transaction.files.integration(integration), try FileJSON.encode(file)))
        }
    }

    /// Records that `tool` sent `integration`'s credentials to `endpoint` and got HTTP
    /// `status`; only the endpoint's host and path are kept.
    public func recordCredentialUse(integration: IntegrationID, tool: String, endpoint: String, status: Int) throws {
        let time = now.millisecondsSince1970
        try audited(.credentialUse(integration: integration, tool: tool, endpoint: endpoint, status: status)) { transaction in
            var file = try Self.integrationFile(integration, in: transaction.files)
            file.lastUsedAt = time
            transaction.writes.append(.replace(transaction.files.integration(integration), try FileJSON.encode(file)))
        }
    }

    /// `integration/<id>/credential[/<name>]`: ids only.
    private func resource(_ integration: IntegrationID, _ name: CredentialName?) -> String {
        "integration/\(integration)/credential" + (name.map { "/\($0.rawValue)" } ?? "")
    }
}
