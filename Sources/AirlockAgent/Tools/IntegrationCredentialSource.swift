import AirlockCore
import Foundation

/// Opens an integration's credentials for one request, from its runtime's store and vault,
/// refreshing an OAuth access token that expires within a minute (and sealing the new one).
///
/// Bound to one workspace's store and vault: it can only ever produce that workspace's
/// secrets, and only for the integration named in the request.
struct IntegrationCredentialSource: Sendable {
    let store: any WorkspaceStore
    let vault: CredentialVault
    let http: IntegrationHTTP
    let clock: any AirlockClock

    /// The secrets `request` needs, opened.
    func credentials(for integration: Integration, request: IntegrationRequest) async throws -> IntegrationCredentials {
        var values: [CredentialName: String] = [:]
        for name in Set(request.credentialsUsed) {
            guard let sealed = try await store.credential(integration.id, name) else {
                throw IntegrationToolError.notConnected(integration.id, missing: name)
            }
            values[name] = try vault.open(sealed)
            if name == .accessToken, integration.settings.auth == .oauth2, let expires = sealed.expiresAt,
               expires.timeIntervalSince(clock.now()) < 60 {
                values[name] = try await refreshedAccessToken(for: integration)
            }
        }
        return IntegrationCredentials(integration: integration.id, values)
    }

    /// A new access token from the refresh token, sealed and stored.
    private func refreshedAccessToken(for integration: Integration) async throws -> String {
        guard let oauth = integration.settings.oauth, let sealedRefresh = try await store.credential(integration.id, .refreshToken) else {
            throw IntegrationToolError.notConnected(integration.id, missing: .refreshToken)
        }
        let clientSecret = try await store.credential(integration.id, .clientSecret).map { try vault.open($0) }
        let tokens = try await OAuthClient(settings: oauth, http: http, clock: clock)
            .refresh(refreshToken: try vault.open(sealedRefresh), clientSecret: clientSecret)
        try await store.putCredential(SealedCredential(
            integration: integration.id, name: .accessToken,
            sealed: try vault.seal(tokens.accessToken, integration: integration.id, name: .accessToken),
            label: CredentialLabel.of(tokens.accessToken, .accessToken), expiresAt: tokens.expiresAt
        ))
        if let refresh = tokens.refreshToken {
            try await store.putCredential(SealedCredential(
                integration: integration.id, name: .refreshToken,
                sealed: try vault.seal(refresh, integration: integration.id, name: .refreshToken),
                label: CredentialLabel.of(refresh, .refreshToken), expiresAt: nil
            ))
        }
        return tokens.accessToken
    }
}

/// Labels for credentials that are safe to show: the kind and the last four characters.
public enum CredentialLabel {
    /// `"access token …a91f"` for a secret of at least 12 characters, else without the tail.
    public static func of(_ secret: String, _ name: CredentialName) -> String {
        let kind = name.rawValue.replacingOccurrences(of: "_", with: " ")
        return secret.count >= 12 ? "\(kind) …\(secret.suffix(4))" : kind
    }
}

/// Why an integration tool could not run.
enum IntegrationToolError: Error, CustomStringConvertible {
    case notConnected(IntegrationID, missing: CredentialName)

    var description: String {
        switch self {
        case .notConnected(let id, let name):
            "integration \(id) is not connected (no \(name.rawValue.replacingOccurrences(of: "_", with: " "))); connect it with `airlock integration connect`"
        }
    }
}
