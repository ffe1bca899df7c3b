import AirlockAgent
import AirlockCore
import AirlockStore
import AirlockTUI
import ArgumentParser
import Foundation

/// `airlock integration …`: a workspace's connections to ad accounts, analytics and calendars.
struct IntegrationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "integration",
        abstract: "Add, list, connect, disconnect and remove a workspace's integrations.",
        discussion: "Secrets are read from stdin or obtained by the OAuth device flow, never from arguments.",
        subcommands: [
            IntegrationAddCommand.self,
            IntegrationListCommand.self,
            IntegrationConnectCommand.self,
            IntegrationDisconnectCommand.self,
            IntegrationRemoveCommand.self,
        ]
    )
}

extension WorkspaceOptions {
    /// Runs `body` with the workspace's store and vault; the vault's key is dropped afterwards.
    func withVault<T>(_ body: (any WorkspaceStore, CredentialVault) async throws -> T) async throws -> T {
        let id = try WorkspaceID(workspace)
        return try await CommandContext.withManager(homeOptions) { context in
            let grant = try await context.enter(id, for: .api)
            let vault = try await context.manager.openVault(grant)
            defer { vault.close() }
            return try await context.manager.withStore(grant) { store in try await body(store, vault) }
        }
    }
}

/// An integration and the state of its credentials, as `list` shows it.
struct IntegrationStatus: Encodable {
    let id: IntegrationID
    let kind: IntegrationKind
    let name: String
    let baseURL: String
    let auth: IntegrationAuth
    let connected: Bool
    let credentials: [String]
    let expiresAt: Date?
    let lastUsedAt: Date?

    init(_ integration: Integration, credentials: [SealedCredential]) {
        let row = IntegrationRow(integration, credentials: credentials)
        id = integration.id
        kind = integration.kind
        name = integration.name
        baseURL = integration.settings.baseURL.isEmpty ? (integration.kind.defaultBaseURL ?? "") : integration.settings.baseURL
        auth = integration.settings.auth
        connected = row.connected
        self.credentials = row.credentials
        expiresAt = row.expiresAt
        lastUsedAt = integration.lastUsedAt
    }

    private enum CodingKeys: String, CodingKey {
        case id, kind, name, baseURL = "base_url", auth, connected, credentials, expiresAt = "expires_at", lastUsedAt = "last_used_at"
    }
}
