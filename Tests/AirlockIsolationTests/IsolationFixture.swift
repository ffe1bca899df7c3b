import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

/// Two workspaces in one home, each seeded with unique canary strings in every kind of
/// data: memory titles, bodies and tags, session titles, messages, tool calls and results,
/// integration names and settings, credential labels and secrets (sealed with the
/// workspace's own vault). Both have an integration of the same id (`google-ads`) and one
/// whose id is its own.
///
/// Tests drive operations in workspace A and prove that nothing of B — no canary, no id —
/// shows up in anything A's operations return or print.
struct IsolationFixture {
    let home: TestHome
    let a: Seeded
    let b: Seeded

    /// One seeded workspace and everything planted in it.
    struct Seeded {
        let workspace: TestHome.Workspace
        /// Every canary planted in this workspace's data.
        let canaries: [String]
        let memoryIDs: [MemoryID]
        let sessionIDs: [SessionID]
        /// `google-ads` (both workspaces have one) and an integration id of this workspace only.
        let integrationIDs: [IntegrationID]
        /// The sealed credentials as stored, and the secret each one seals.
        let credentials: [SealedCredential]
        let credentialSecrets: [String]

        var id: WorkspaceID { workspace.id }
        /// The integration id no other workspace has.
        var ownIntegrationID: IntegrationID { integrationIDs[1] }

        /// Canaries and ids: nothing here may appear in another workspace's output.
        var secrets: [String] {
            canaries + memoryIDs.map(\.rawValue) + sessionIDs.map(\.rawValue) + [ownIntegrationID.rawValue, workspace.token.revealed]
        }
    }

    static func make() async throws -> IsolationFixture {
        let home = try TestHome()
        let a = try await seed(home, id: "alpha-client", label: "a")
        let b = try await seed(home, id: "bravo-client", label: "b")
        return IsolationFixture(home: home, a: a, b: b)
    }

    private static func seed(_ home: TestHome, id: String, label: String) async throws -> Seeded {
        let workspace = try await home.createWorkspace(id, name: "Client \(label.uppercased())")
        let titleCanary = Canary.make("\(label)title")
        let bodyCanary = Canary.make("\(label)body")
        let tagCanary = Canary.make("\(label)tag").lowercased()
        let cjkCanary = Canary.make("\(label)cjk")
        let sessionCanary = Canary.make("\(label)session")
        let userCanary = Canary.make("\(label)user")
        let argumentCanary = Canary.make("\(label)argument")
        let resultCanary = Canary.make("\(label)result")
        let integrationCanary = Canary.make("\(label)integration")
        let settingCanary = Canary.make("\(label)setting")
        let labelCanary = Canary.make("\(label)label")
        let credentialSecrets = ["access", "refresh", "apikey"].map { Canary.make("\(label)\($0)") }
        let integrationIDs = [try IntegrationID("google-ads"), try IntegrationID(Canary.make("\(label)int").lowercased())]
        let vault = try await home.manager.openVault(workspace.grant)
        defer { vault.close() }
        let credentials = try zip([(integrationIDs[0], CredentialName.accessToken), (integrationIDs[0], .refreshToken), (integrationIDs[1], .apiKey)], credentialSecrets)
            .map { target, secret in
                SealedCredential(integration: target.0, name: target.1, sealed: try vault.seal(secret, integration: target.0, name: target.1),
                                 label: "\(target.1.rawValue) \(labelCanary)", expiresAt: nil)
            }
        return try await home.withStore(workspace) { store in
            let voice = try await store.addMemory(MemoryDraft(
                kind: .brandVoice, title: "Brand voice \(titleCanary)",
                body: "Warm, direct, no jargon. Spring campaign notes \(bodyCanary).",
                tags: ["voice", tagCanary], pinned: true
            ))
            let persona = try await store.addMemory(MemoryDraft(
                kind: .persona, title: "Persona: campaign manager",
                body: "東京のキャンペーン担当 \(cjkCanary)", tags: ["persona"]
            ))
            let session = try await store.createSession(title: "Kickoff \(sessionCanary)")
            _ = try await store.appendMessage(MessageDraft(role: .user, content: "Plan the spring campaign \(userCanary)"), to: session.key)
            _ = try await store.appendMessage(MessageDraft(
                role: .assistant, content: "Fetching the report.",
                toolCalls: [ToolCallRecord(id: "call-1", name: "ads_report", arguments: "{\"account\":\"\(argumentCanary)\"}")]
            ), to: session.key)
            _ = try await store.appendMessage(MessageDraft(
                role: .tool, content: "",
                toolResult: ToolResultRecord(callID: "call-1", content: "spend 1200 \(resultCanary)", isError: false)
            ), to: session.key)
            _ = try await store.addIntegration(
                id: integrationIDs[0], kind: .googleAds, name: "Google Ads \(integrationCanary)",
                settings: IntegrationSettings(
                    baseURL: "https://googleads.googleapis.com", auth: .oauth2,
                    oauth: OAuthSettings(tokenURL: "https://oauth2.googleapis.com/token", deviceAuthorizationURL: nil, clientID: "client-\(label)", scopes: ["ads"]),
                    parameters: ["customer_id": settingCanary]
                )
            )
            _ = try await store.addIntegration(
                id: integrationIDs[1], kind: .http, name: "CRM",
                settings: IntegrationSettings(baseURL: "https://crm.example.com", auth: .apiKeyHeader, apiKeyHeader: "X-Api-Key")
            )
            for credential in credentials {
                try await store.putCredential(credential)
            }
            return Seeded(
                workspace: workspace,
                canaries: [titleCanary, bodyCanary, tagCanary, cjkCanary, sessionCanary, userCanary, argumentCanary, resultCanary,
                           integrationCanary, settingCanary, labelCanary] + credentialSecrets,
                memoryIDs: [voice.id, persona.id],
                sessionIDs: [session.key.session],
                integrationIDs: integrationIDs,
                credentials: credentials,
                credentialSecrets: credentialSecrets
            )
        }
    }
}

/// Fails the test for every secret of `other` found in `text`, saying where it leaked.
func expectNoLeak(of other: IsolationFixture.Seeded, in text: String, from operation: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let haystack = text.lowercased()
    let leaked = other.secrets.filter { haystack.contains($0.lowercased()) }
    #expect(leaked.isEmpty, "\(operation) exposed data of workspace \(other.id): \(leaked)", sourceLocation: sourceLocation)
}

/// Everything inside `value`, field by field, as text.
func everything(in value: Any) -> String {
    var text = ""
    dump(value, to: &text, maxDepth: 64)
    return text
}
