import AirlockCore
import Foundation

/// An integration as a JSON file: its settings and its sealed credentials (base64 AES-GCM
/// boxes — never a secret).
struct IntegrationFile: Codable {
    /// One sealed credential.
    struct Credential: Codable {
        let name: CredentialName
        let sealed: String
        let label: String
        let expiresAt: Int64?
        let updatedAt: Int64

        private enum CodingKeys: String, CodingKey {
            case name, sealed, label, expiresAt = "expires_at", updatedAt = "updated_at"
        }

        init(_ credential: SealedCredential, at time: Int64) {
            name = credential.name
            sealed = Data(credential.sealed).base64EncodedString()
            label = credential.label
            expiresAt = credential.expiresAt?.millisecondsSince1970
            updatedAt = time
        }

        func sealedCredential(of integration: IntegrationID) throws -> SealedCredential {
            guard let bytes = Data(base64Encoded: sealed) else { throw StoreError.storage("credential \(name.rawValue) of \(integration) is damaged") }
            return SealedCredential(integration: integration, name: name, sealed: Array(bytes), label: label,
                                    expiresAt: expiresAt.map(Date.init(millisecondsSince1970:)))
        }
    }

    let id: IntegrationID
    let kind: IntegrationKind
    let name: String
    var settings: IntegrationSettings
    let createdAt: Int64
    var updatedAt: Int64
    var lastUsedAt: Int64?
    /// By name.
    var credentials: [Credential]

    private enum CodingKeys: String, CodingKey {
        case id, kind, name, settings, createdAt = "created_at", updatedAt = "updated_at", lastUsedAt = "last_used_at", credentials
    }

    /// The integration value.
    var integration: Integration {
        Integration(id: id, kind: kind, name: name, settings: settings, createdAt: Date(millisecondsSince1970: createdAt),
                    lastUsedAt: lastUsedAt.map(Date.init(millisecondsSince1970:)))
    }

    /// Records when this integration's settings and credentials last changed in `times`.
    func recordTimes(in times: inout UpdateTimes) {
        times.setIntegration(id, Date(millisecondsSince1970: updatedAt))
        for credential in credentials { times.setCredential(id, credential.name, Date(millisecondsSince1970: credential.updatedAt)) }
    }

    /// The integration stored as `bytes`, checked to be the one named `id`.
    static func decode(_ bytes: [UInt8], id: IntegrationID) throws -> IntegrationFile {
        let file = try FileJSON.decode(IntegrationFile.self, from: bytes)
        guard file.id == id else { throw StoreError.storage("integration file \(id) names another integration") }
        return file
    }
}
