import AirlockAgent
import AirlockCore
import ArgumentParser
import Foundation

/// `airlock integration connect --workspace ID INTEGRATION_ID [--device] [--expires-in S]`.
struct IntegrationConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Store an integration's credentials: pasted on stdin, or by the OAuth device flow.",
        discussion: """
            Stdin holds either one line — the access token (bearer, oauth2) or the API key (api_key_header) — or lines name=value
            for any of access_token, refresh_token, api_key, client_secret, developer_token.
            With --device, Airlock shows a code and a web address to approve the access, then waits; stdin may still give
            client_secret and developer_token lines.
            """
    )

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The integration's id.")
    var integrationID: String

    @Flag(help: "Connect with the OAuth 2.0 device authorization flow.")
    var device = false

    @Option(help: ArgumentHelp("Seconds until a pasted access token expires.", valueName: "seconds"))
    var expiresIn: Int?

    func run() async throws {
        let id = try IntegrationID(integrationID)
        let pasted = try Self.readCredentials(interactive: !device)
        let expiresIn = expiresIn
        let device = device
        let stored = try await options.withVault { store, vault in
            let integration = try await store.integration(id)
            var secrets = try Self.parse(pasted, auth: integration.settings.auth)
            guard device || !secrets.isEmpty else { throw CLIError.emptyInput(what: "the credential on stdin") }
            let http = IntegrationHTTP()
            let connector = IntegrationConnector(store: store, vault: vault, http: http)
            do {
                var labels: [String] = []
                if device {
                    let clientSecret = secrets.removeValue(forKey: .clientSecret)
                    labels = try await connector.connectByDevice(id, clientSecret: clientSecret) { authorization in
                        Output.note("To connect \(integration.name), open \(authorization.verificationURIComplete ?? authorization.verificationURI)\nand enter the code \(authorization.userCode). Waiting…\n")
                    }
                }
                if !secrets.isEmpty {
                    labels += try await connector.store(secrets, for: id, expiresAt: device ? nil : expiresIn.map { Date().addingTimeInterval(Double($0)) })
                }
                await http.shutdown()
                return labels
            } catch {
                await http.shutdown()
                throw error
            }
        }
        Output.lines(["Connected integration \(id): " + stored.joined(separator: ", ") + "."])
    }

    /// What stdin holds (a prompt without echo when it is a terminal and `interactive`).
    private static func readCredentials(interactive: Bool) throws -> String {
        if StandardInput.isTerminal {
            return interactive ? try StandardInput.readSecret(prompt: "Credential: ") : ""
        }
        return try StandardInput.readAll(limit: 64 * 1024)
    }

    /// One bare line (the integration's main secret) or `name=value` lines.
    static func parse(_ text: String, auth: IntegrationAuth) throws -> [CredentialName: String] {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if lines.count == 1, !lines[0].contains("=") || CredentialName(rawValue: String(lines[0].split(separator: "=")[0])) == nil {
            return [auth == .apiKeyHeader ? .apiKey : .accessToken: lines[0]]
        }
        var secrets: [CredentialName: String] = [:]
        for line in lines {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let name = CredentialName(rawValue: parts[0]), !parts[1].isEmpty else {
                let names = CredentialName.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("stdin: expected one secret line or lines name=value with a name of \(names)")
            }
            secrets[name] = parts[1]
        }
        return secrets
    }
}

/// `airlock integration disconnect --workspace ID INTEGRATION_ID`.
struct IntegrationDisconnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disconnect",
        abstract: "Forget an integration's credentials (the integration stays)."
    )

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The integration's id.")
    var integrationID: String

    func run() async throws {
        let id = try IntegrationID(integrationID)
        try await options.withVault { store, _ in
            _ = try await store.integration(id)
            try await store.removeCredentials(of: id)
        }
        Output.lines(["Disconnected integration \(id); its credentials are erased."])
    }
}

/// `airlock integration remove --workspace ID INTEGRATION_ID --yes`.
struct IntegrationRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove an integration and its credentials (needs --yes)."
    )

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The integration's id.")
    var integrationID: String

    @Flag(help: "Confirm the removal.")
    var yes = false

    func run() async throws {
        let id = try IntegrationID(integrationID)
        guard yes else { throw ValidationError("refusing to remove integration \(id) without --yes") }
        try await options.withVault { store, _ in try await store.removeIntegration(id) }
        Output.lines(["Removed integration \(id) and its credentials."])
    }
}
