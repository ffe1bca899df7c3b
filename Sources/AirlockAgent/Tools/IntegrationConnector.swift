import AirlockCore
import Foundation

/// Connects an integration: seals pasted secrets with the workspace's vault, or obtains
/// tokens through the OAuth 2.0 device authorization flow, and stores them.
public struct IntegrationConnector: Sendable {
    private let store: any WorkspaceStore
    private let vault: CredentialVault
    private let http: IntegrationHTTP

    /// A connector for one workspace's store and vault, sending through `http`.
    public init(store: any WorkspaceStore, vault: CredentialVault, http: IntegrationHTTP) {
        self.store = store
        self.vault = vault
        self.http = http
    }

    /// Seals and stores `secrets` for integration `id`; an access token gets `expiresAt`.
    ///
    /// - Returns: the labels of what was stored (never the secrets).
    @discardableResult
    public func store(_ secrets: [CredentialName: String], for id: IntegrationID, expiresAt: Date?) async throws -> [String] {
        _ = try await store.integration(id)
        var labels: [String] = []
        for (name, secret) in secrets.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let label = CredentialLabel.of(secret, name)
            try await store.putCredential(SealedCredential(
                integration: id, name: name, sealed: try vault.seal(secret, integration: id, name: name),
                label: label, expiresAt: name == .accessToken ? expiresAt : nil
            ))
            labels.append(label)
        }
        return labels
    }

    /// Runs the device flow for integration `id`: `show` gets the code and address to give
    /// the analyst; once they approve, the tokens are stored.
    ///
    /// - Returns: the labels of what was stored.
    /// - Throws: ``OAuthError`` (denied, expired…) or a configuration error.
    @discardableResult
    public func connectByDevice(_ id: IntegrationID, clientSecret: String?, show: @Sendable (DeviceAuthorization) -> Void) async throws -> [String] {
        let integration = try await store.integration(id)
        guard let oauth = integration.settings.oauth, oauth.deviceAuthorizationURL != nil else {
            throw OAuthError.notConfigured("integration \(id) has no OAuth device authorization endpoint")
        }
        let client = OAuthClient(settings: oauth, http: http)
        let authorization = try await client.startDeviceAuthorization()
        show(authorization)
        let tokens = try await client.pollForTokens(authorization, clientSecret: clientSecret)
        var secrets: [CredentialName: String] = [.accessToken: tokens.accessToken]
        if let refresh = tokens.refreshToken { secrets[.refreshToken] = refresh }
        if let clientSecret { secrets[.clientSecret] = clientSecret }
        return try await store(secrets, for: id, expiresAt: tokens.expiresAt)
    }
}
