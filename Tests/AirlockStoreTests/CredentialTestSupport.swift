import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import GRDB

/// Settings of a bearer-token HTTP integration.
func bearerSettings(_ baseURL: String = "https://api.example.com", parameters: [String: String] = [:]) -> IntegrationSettings {
    IntegrationSettings(baseURL: baseURL, auth: .bearer, parameters: parameters)
}

/// An integration id, without the `throws(IdentifierError)` noise at every call site.
func integrationID(_ raw: String) throws -> IntegrationID {
    try IntegrationID(raw)
}

/// `secret` sealed by `vault` as credential `name` of `integration`.
func sealed(_ secret: String, by vault: CredentialVault, for integration: IntegrationID, name: CredentialName = .apiKey,
            label: String = "API key", expiresAt: Date? = nil) throws -> SealedCredential {
    SealedCredential(integration: integration, name: name, sealed: try vault.seal(secret, integration: integration, name: name),
                     label: label, expiresAt: expiresAt)
}

/// The same sealed bytes, presented as credential `name` of `integration`.
func moved(_ credential: SealedCredential, to integration: IntegrationID? = nil, name: CredentialName? = nil) -> SealedCredential {
    SealedCredential(integration: integration ?? credential.integration, name: name ?? credential.name, sealed: credential.sealed,
                     label: credential.label, expiresAt: credential.expiresAt)
}

extension TestHome {
    /// The registry's `wrapped_data_key` of workspace `id` (nil when NULL), read behind
    /// the manager's back.
    func storedDataKey(of id: WorkspaceID) throws -> Data? {
        try withRawDatabase(home.registryPath) { db in
            let row = try Row.fetchOne(db, sql: "SELECT wrapped_data_key FROM workspace WHERE id = ?", arguments: [id.rawValue])
            return try row?.decode(Data?.self, forColumn: "wrapped_data_key")
        }
    }

    /// Overwrites the registry's `wrapped_data_key` of workspace `id` behind the manager's back.
    func setStoredDataKey(of id: WorkspaceID, to value: Data?) throws {
        try withRawDatabase(home.registryPath) { db in
            try db.execute(sql: "UPDATE workspace SET wrapped_data_key = ? WHERE id = ?", arguments: [value, id.rawValue])
        }
    }

    /// Whether the registry has a row for workspace `id`.
    func registryHasRow(for id: WorkspaceID) throws -> Bool {
        try withRawDatabase(home.registryPath) { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM workspace WHERE id = ?)", arguments: [id.rawValue]) ?? false
        }
    }
}
