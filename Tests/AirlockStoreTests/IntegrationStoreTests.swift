import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import GRDB
import Testing

@Suite("WorkspaceStore integrations and credentials")
struct IntegrationStoreTests {
    private let oauth = IntegrationSettings(
        baseURL: "https://googleads.googleapis.com", auth: .oauth2,
        oauth: OAuthSettings(tokenURL: "https://oauth2.googleapis.com/token", deviceAuthorizationURL: "https://oauth2.googleapis.com/device/code",
                             clientID: "client-1.apps.example", scopes: ["https://www.googleapis.com/auth/adwords"]),
        parameters: ["customer_id": "123-456-7890", "login_customer_id": "111"]
    )

    @Test func addedIntegrationIsListedAndReadBack() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let added = try await store.addIntegration(id: try integrationID("google-ads"), kind: .googleAds, name: "  Google Ads  ", settings: oauth)
            #expect(added.name == "Google Ads")
            #expect(added.createdAt == test.clock.now())
            #expect(added.lastUsedAt == nil)
            #expect(added.settings == oauth)
            _ = try await store.addIntegration(id: try integrationID("crm"), kind: .http, name: "CRM", settings: bearerSettings())
            #expect(try await store.integration(added.id) == added)
            #expect(try await store.integrations().map(\.id.rawValue) == ["crm", "google-ads"])
        }
    }

    @Test func duplicateIntegrationIDIsRefusedAndTheFirstIsUntouched() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let ads = try integrationID("ads")
            let first = try await store.addIntegration(id: ads, kind: .http, name: "First", settings: bearerSettings())
            let error = await #expect(throws: StoreError.integrationExists(ads)) {
                try await store.addIntegration(id: ads, kind: .googleAds, name: "Second", settings: oauth)
            }
            #expect(error?.description == "integration ads already exists in this workspace; remove it first or choose another id")
            #expect(try await store.integration(ads) == first)
        }
    }

    @Test func missingIntegrationIsNotFoundByEveryMethod() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let vault = try await test.manager.openVault(acme.grant)
        let missing = try integrationID("missing")
        let credential = try sealed("sk-orphan", by: vault, for: missing)
        try await test.withStore(acme) { store in
            let notFound = StoreError.integrationNotFound(missing)
            #expect(notFound.description == "no integration missing in this workspace")
            await #expect(throws: notFound) { try await store.integration(missing) }
            await #expect(throws: notFound) { try await store.updateIntegrationSettings(missing, bearerSettings()) }
            await #expect(throws: notFound) { try await store.removeIntegration(missing) }
            await #expect(throws: notFound) { try await store.putCredential(credential) }
            await #expect(throws: notFound) { try await store.credential(missing, .apiKey) }
            await #expect(throws: notFound) { try await store.credentials(of: missing) }
            await #expect(throws: notFound) { try await store.removeCredentials(of: missing) }
            await #expect(throws: notFound) {
                try await store.recordCredentialUse(integration: missing, tool: "http_get", endpoint: "https://api.example.com", status: 200)
            }
            let remaining = try await store.integrations()
            #expect(remaining.isEmpty)
        }
    }

    @Test func updatingSettingsReplacesThemAndKeepsTheRest() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let ads = try integrationID("ads")
            let added = try await store.addIntegration(id: ads, kind: .googleAds, name: "Ads", settings: oauth)
            test.clock.advance(by: 60)
            var changed = oauth
            changed.parameters["customer_id"] = "999-999-9999"
            let updated = try await store.updateIntegrationSettings(ads, changed)
            #expect(updated.settings == changed)
            #expect(updated.name == added.name)
            #expect(updated.kind == .googleAds)
            #expect(updated.createdAt == added.createdAt)
            #expect(try await store.integration(ads).settings.parameters["customer_id"] == "999-999-9999")
        }
    }

    @Test func credentialsAreStoredReplacedListedByNameAndRemovedTogether() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let vault = try await test.manager.openVault(acme.grant)
        let ads = try integrationID("ads")
        let crm = try integrationID("crm")
        let expiry = Date(timeIntervalSince1970: 1_900_000_000)
        try await test.withStore(acme) { store in
            _ = try await store.addIntegration(id: ads, kind: .googleAds, name: "Ads", settings: oauth)
            _ = try await store.addIntegration(id: crm, kind: .http, name: "CRM", settings: bearerSettings())
            #expect(try await store.credential(ads, .accessToken) == nil, "an integration without that credential has none")

            let access = try sealed("ya29.first", by: vault, for: ads, name: .accessToken, label: "access token …irst", expiresAt: expiry)
            try await store.putCredential(access)
            #expect(try await store.credential(ads, .accessToken) == access)
            let renewed = try sealed("ya29.second", by: vault, for: ads, name: .accessToken, label: "access token …cond", expiresAt: expiry.addingTimeInterval(3600))
            try await store.putCredential(renewed)
            let stored = try #require(try await store.credential(ads, .accessToken))
            #expect(stored == renewed, "putting the same name replaces it")
            #expect(try vault.open(stored) == "ya29.second")

            let refresh = try sealed("1//refresh", by: vault, for: ads, name: .refreshToken, label: "refresh token")
            try await store.putCredential(refresh)
            try await store.putCredential(try sealed("crm-key", by: vault, for: crm))
            #expect(try await store.credentials(of: ads).map(\.name) == [.accessToken, .refreshToken])

            try await store.removeCredentials(of: ads)
            #expect(try await store.credentials(of: ads).isEmpty)
            #expect(try await store.integration(ads).id == ads, "disconnecting keeps the integration")
            #expect(try await store.credentials(of: crm).count == 1, "another integration keeps its credentials")
        }
    }

    @Test func removingAnIntegrationRemovesItsCredentials() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let vault = try await test.manager.openVault(acme.grant)
        let ads = try integrationID("ads")
        try await test.withStore(acme) { store in
            _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: bearerSettings())
            try await store.putCredential(try sealed("sk-1", by: vault, for: ads))
            try await store.putCredential(try sealed("sk-2", by: vault, for: ads, name: .clientSecret))
            try await store.removeIntegration(ads)
            await #expect(throws: StoreError.integrationNotFound(ads)) { try await store.integration(ads) }
            _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads again", settings: bearerSettings())
            #expect(try await store.credentials(of: ads).isEmpty, "a new integration of the same id inherits nothing")
        }
        let rows = try withRawDatabase(test.databasePath(of: acme.id)) { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM credential") }
        #expect(rows == 0)
    }

    @Test func replacedAndRemovedCredentialsLeaveNoSealedCopyInTheFile() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let vault = try await test.manager.openVault(acme.grant)
        let ads = try integrationID("ads")
        let replaced = try sealed("ya29.replaced", by: vault, for: ads, name: .accessToken)
        let removed = try sealed("1//removed", by: vault, for: ads, name: .refreshToken)
        try await test.withStore(acme) { store in
            _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: bearerSettings())
            try await store.putCredential(replaced)
            try await store.putCredential(removed)
        }
        try await test.withStore(acme) { store in
            try await store.putCredential(try sealed("ya29.current", by: vault, for: ads, name: .accessToken))
            try await store.removeIntegration(ads)
        }
        for (path, data) in allFiles(under: test.home.root + "/clients/acme") {
            #expect(!data.contains(bytes: replaced.sealed), "a replaced credential lingers in \(path)")
            #expect(!data.contains(bytes: removed.sealed), "a removed credential lingers in \(path)")
        }
    }

    @Test func badNamesLabelsAndImpossibleSealedSizesAreRefused() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let vault = try await test.manager.openVault(acme.grant)
        let ads = try integrationID("ads")
        try await test.withStore(acme) { store in
            for name in ["", "two\nlines", "esc\u{1B}]0;x\u{07}", String(repeating: "n", count: 101)] {
                await #expect(throws: InputError.self) { try await store.addIntegration(id: ads, kind: .http, name: name, settings: bearerSettings()) }
            }
            _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: bearerSettings())
            let good = try sealed("sk-label", by: vault, for: ads)
            for label in ["", "line\nbreak", String(repeating: "l", count: 101)] {
                await #expect(throws: InputError.self) {
                    try await store.putCredential(SealedCredential(integration: ads, name: .apiKey, sealed: good.sealed, label: label, expiresAt: nil))
                }
            }
            for size in [0, 28, 28 + CredentialVault.secretByteLimit + 1] {
                await #expect(throws: InputError.self) {
                    try await store.putCredential(SealedCredential(integration: ads, name: .apiKey, sealed: Array(repeating: 1, count: size), label: "key", expiresAt: nil))
                }
            }
            #expect(try await store.credentials(of: ads).isEmpty)
        }
    }

    @Test func credentialUseUpdatesTheLastUseTime() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let ads = try integrationID("ads")
            _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: bearerSettings())
            test.clock.advance(by: 90)
            try await store.recordCredentialUse(integration: ads, tool: "http_get", endpoint: "https://api.example.com/v1", status: 200)
            #expect(try await store.integration(ads).lastUsedAt == test.clock.now())
        }
    }

    @Test func auditLogHoldsNoSecretSettingOrSealedBytes() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let vault = try await test.manager.openVault(acme.grant)
        let ads = try integrationID("ads")
        let secret = Canary.make("secret")
        let setting = Canary.make("setting")
        let label = Canary.make("label")
        let credential = try sealed(secret, by: vault, for: ads, label: "key \(label)")
        let events = try await test.withStore(acme) { store in
            _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: bearerSettings(parameters: ["account": setting]))
            _ = try await store.updateIntegrationSettings(ads, bearerSettings(parameters: ["account": setting + "2"]))
            try await store.putCredential(credential)
            _ = try await store.credential(ads, .apiKey)
            _ = try await store.credentials(of: ads)
            try await store.recordCredentialUse(integration: ads, tool: "http_get", endpoint: "https://api.example.com/v1?key=\(secret)", status: 401)
            return try await store.auditEvents(last: nil)
        }
        let sealedHex = credential.sealed.map { String(format: "%02x", $0) }.joined()
        for event in events {
            let text = [event.actor, event.action, event.resource].joined(separator: " ")
            #expect(Canary.found([secret, setting, label], in: text).isEmpty, "\(text)")
            #expect(!text.lowercased().contains(sealedHex.prefix(16)))
        }
    }

    @Test func everyIntegrationRowIsKeyedByItsWorkspace() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let (integrationKey, credentialKey, foreignKeys) = try withRawDatabase(test.databasePath(of: acme.id)) { db in
            (try db.primaryKey("integration").columns, try db.primaryKey("credential").columns,
             try db.foreignKeys(on: "credential").map { $0.mapping.map(\.origin) })
        }
        #expect(integrationKey == ["workspace_id", "id"])
        #expect(credentialKey == ["workspace_id", "integration_id", "name"])
        #expect(foreignKeys == [["workspace_id", "integration_id"]])
    }
}
