import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import GRDB
import Testing

/// Integrations and credentials: every integration and credential operation driven in A
/// returns nothing of B, B's integrations look exactly like missing ones, and no sealed
/// credential of B opens in A's vault — not as it is, not renamed, not forged into A's file.
@Suite struct CredentialIsolationTests {
    @Test func everyIntegrationAndCredentialOperationInAReturnsNothingOfB() async throws {
        let fixture = try await IsolationFixture.make()
        let bDirectory = fixture.home.home.root + "/clients/" + fixture.b.id.rawValue
        let before = DirectorySnapshot(of: bDirectory)
        let bKey = try storedDataKey(of: fixture.b.id, in: fixture)
        let shared = fixture.a.integrationIDs[0]
        var outputs: [(String, Any)] = []

        let vault = try await fixture.home.manager.openVault(fixture.a.workspace.grant)
        try await fixture.home.withStore(fixture.a.workspace) { store in
            outputs.append(("integrations", try await store.integrations()))
            for id in fixture.a.integrationIDs {
                outputs.append(("integration", try await store.integration(id)))
                let credentials = try await store.credentials(of: id)
                outputs.append(("credentials(of:)", credentials))
                for credential in credentials {
                    outputs.append(("credential", try await store.credential(id, credential.name) as Any))
                    outputs.append(("vault.open", try vault.open(credential)))
                }
            }
            let opened = try await store.credentials(of: shared).map { try vault.open($0) }
            #expect(opened == Array(fixture.a.credentialSecrets.prefix(2)), "A's own google-ads credentials are A's secrets")
            outputs.append(("addIntegration", try await store.addIntegration(id: try IntegrationID("scratch"), kind: .http, name: "Scratch", settings: IntegrationSettings(baseURL: "https://scratch.example.com", auth: .bearer))))
            outputs.append(("updateIntegrationSettings", try await store.updateIntegrationSettings(shared, IntegrationSettings(baseURL: "https://googleads.googleapis.com", auth: .oauth2, parameters: ["customer_id": "edited"]))))
            let scratch = try IntegrationID("scratch")
            try await store.putCredential(SealedCredential(integration: scratch, name: .apiKey, sealed: try vault.seal("scratch-key", integration: scratch, name: .apiKey), label: "scratch", expiresAt: nil))
            try await store.recordCredentialUse(integration: shared, tool: "ads_report", endpoint: "https://googleads.googleapis.com/v17/customers", status: 200)
            try await store.removeCredentials(of: scratch)
            try await store.removeIntegration(scratch)
            outputs.append(("integrations after changes", try await store.integrations()))
            outputs.append(("auditEvents", try await store.auditEvents(last: nil)))
            #expect(FileDescriptors.openPaths(under: bDirectory).isEmpty, "A's store holds nothing open in B's folder")
        }

        for (operation, output) in outputs {
            expectNoLeak(of: fixture.b, in: everything(in: output), from: operation)
        }
        #expect(DirectorySnapshot(of: bDirectory) == before, "nothing in B's folder changed")
        #expect(try storedDataKey(of: fixture.b.id, in: fixture) == bKey, "B's wrapped key is untouched")
    }

    @Test func bIntegrationsLookExactlyLikeMissingOnesFromA() async throws {
        let fixture = try await IsolationFixture.make()
        let missing = try IntegrationID("no-such-integration")
        let vault = try await fixture.home.manager.openVault(fixture.a.workspace.grant)

        try await fixture.home.withStore(fixture.a.workspace) { store in
            for id in [fixture.b.ownIntegrationID, missing] {
                let notFound = StoreError.integrationNotFound(id)
                await #expect(throws: notFound) { try await store.integration(id) }
                await #expect(throws: notFound) { try await store.updateIntegrationSettings(id, IntegrationSettings(baseURL: "https://evil.example.com", auth: .bearer)) }
                await #expect(throws: notFound) { try await store.credential(id, .apiKey) }
                await #expect(throws: notFound) { try await store.credentials(of: id) }
                await #expect(throws: notFound) { try await store.removeCredentials(of: id) }
                await #expect(throws: notFound) { try await store.recordCredentialUse(integration: id, tool: "t", endpoint: "https://evil.example.com", status: 200) }
                await #expect(throws: notFound) {
                    try await store.putCredential(SealedCredential(integration: id, name: .apiKey, sealed: try vault.seal("planted", integration: id, name: .apiKey), label: "planted", expiresAt: nil))
                }
                await #expect(throws: notFound) { try await store.removeIntegration(id) }
            }
            let shared = fixture.a.integrationIDs[0]
            let mine = try #require(try await store.credential(shared, .accessToken))
            #expect(try vault.open(mine) == fixture.a.credentialSecrets[0], "the shared id names A's own integration in A")
        }

        let bVault = try await fixture.home.manager.openVault(fixture.b.workspace.grant)
        try await fixture.home.withStore(fixture.b.workspace) { store in
            let integrations = try await store.integrations()
            #expect(integrations.map(\.id) == fixture.b.integrationIDs.sorted(), "B lost no integration")
            #expect(integrations.allSatisfy { $0.lastUsedAt == nil }, "no use of B's credentials was recorded")
            for (credential, secret) in zip(fixture.b.credentials, fixture.b.credentialSecrets) {
                let stored = try #require(try await store.credential(credential.integration, credential.name))
                #expect(stored == credential, "B's credential is unchanged")
                #expect(try bVault.open(stored) == secret)
            }
            let events = try await store.auditEvents(last: nil)
            #expect(events.allSatisfy { $0.workspaceID == fixture.b.id })
            #expect(!events.contains { $0.action == AuditAction.credentialUse.rawValue })
        }
    }

    @Test func aVaultOpensNoSealedCredentialOfB() async throws {
        let fixture = try await IsolationFixture.make()
        let vault = try await fixture.home.manager.openVault(fixture.a.workspace.grant)
        for credential in fixture.b.credentials {
            let presentations = [credential] + fixture.a.integrationIDs.flatMap { id in
                CredentialName.allCases.map { SealedCredential(integration: id, name: $0, sealed: credential.sealed, label: credential.label, expiresAt: nil) }
            }
            for presented in presentations {
                #expect(throws: CredentialError.cannotOpen(integration: presented.integration, name: presented.name)) { try vault.open(presented) }
            }
        }

        // Stored in A's file under A's own integration, B's blob still does not open.
        let smuggled = SealedCredential(integration: fixture.a.integrationIDs[0], name: .accessToken, sealed: fixture.b.credentials[0].sealed,
                                        label: "smuggled", expiresAt: nil)
        let readBack = try await fixture.home.withStore(fixture.a.workspace) { store in
            try await store.putCredential(smuggled)
            return try await store.credential(smuggled.integration, smuggled.name)
        }
        #expect(throws: CredentialError.cannotOpen(integration: smuggled.integration, name: .accessToken)) { try vault.open(try #require(readBack)) }
    }

    @Test func credentialRowsForgedIntoAsFileStillDoNotOpenInAsVault() async throws {
        let fixture = try await IsolationFixture.make()
        let aPath = fixture.home.databasePath(of: fixture.a.id)
        try FileManager.default.removeItem(atPath: aPath)
        try FileManager.default.copyItem(atPath: fixture.home.databasePath(of: fixture.b.id), toPath: aPath)
        let forger = try DatabaseQueue(path: aPath)
        try await forger.write { db in
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
            for table in ["workspace_identity", "integration", "credential"] {
                try db.execute(sql: "UPDATE \(table) SET workspace_id = ?", arguments: [fixture.a.id.rawValue])
            }
        }
        try forger.close()

        let vault = try await fixture.home.manager.openVault(fixture.a.workspace.grant)
        let forged = try await fixture.home.withStore(fixture.a.workspace) { store in
            try await store.credentials(of: fixture.b.ownIntegrationID) + store.credentials(of: fixture.b.integrationIDs[0])
        }
        #expect(forged.count == fixture.b.credentials.count, "the forged rows are read as A's")
        for credential in forged {
            #expect(throws: CredentialError.cannotOpen(integration: credential.integration, name: credential.name)) { try vault.open(credential) }
        }
    }

    private func storedDataKey(of id: WorkspaceID, in fixture: IsolationFixture) throws -> Data? {
        let queue = try DatabaseQueue(path: fixture.home.home.registryPath)
        defer { try? queue.close() }
        return try queue.read { db in try Data.fetchOne(db, sql: "SELECT wrapped_data_key FROM workspace WHERE id = ?", arguments: [id.rawValue]) }
    }
}
