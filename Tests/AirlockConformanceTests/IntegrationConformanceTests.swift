import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// Integrations and their sealed credentials on every backend.
@Suite("Conformance: integrations and credentials", .serialized)
struct IntegrationConformanceTests {
    private let oauth = IntegrationSettings(
        baseURL: "https://googleads.googleapis.com", auth: .oauth2,
        oauth: OAuthSettings(tokenURL: "https://oauth2.googleapis.com/token", deviceAuthorizationURL: "https://oauth2.googleapis.com/device/code",
                             clientID: "client-1.apps.example", scopes: ["https://www.googleapis.com/auth/adwords"]),
        parameters: ["customer_id": "123-456-7890", "login_customer_id": "111"]
    )

    @Test(arguments: StoreBackend.allCases)
    func integrationsAreAddedListedByIDUpdatedAndRefusedTwice(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let ads = try IntegrationID("google-ads")
            let added = try await store.addIntegration(id: ads, kind: .googleAds, name: "  Google Ads  ", settings: oauth)
            #expect(added.name == "Google Ads" && added.createdAt == bench.clock.now() && added.lastUsedAt == nil && added.settings == oauth)
            for raw in ["crm", "ads0", "ads", "zeta", "ads-2"] {
                _ = try await store.addIntegration(id: try IntegrationID(raw), kind: .http, name: raw, settings: bearer())
            }
            #expect(try await store.integration(ads) == added)
            #expect(try await store.integrations().map(\.id.rawValue) == ["ads", "ads-2", "ads0", "crm", "google-ads", "zeta"], "by id, bytewise")
            let error = await #expect(throws: StoreError.integrationExists(ads)) {
                try await store.addIntegration(id: ads, kind: .http, name: "Second", settings: bearer())
            }
            #expect(error?.description == "integration google-ads already exists in this workspace; remove it first or choose another id")
            #expect(try await store.integration(ads) == added, "the first is untouched")

            bench.clock.advance(by: 60)
            var changed = oauth
            changed.parameters["customer_id"] = "999-999-9999"
            let updated = try await store.updateIntegrationSettings(ads, changed)
            #expect(updated.settings == changed && updated.name == added.name && updated.kind == .googleAds && updated.createdAt == added.createdAt)
            #expect(try await store.integration(ads).settings == changed)
            let header = IntegrationSettings(baseURL: "https://v2.ads.example", auth: .apiKeyHeader, apiKeyHeader: "X-Key")
            #expect(try await store.updateIntegrationSettings(ads, header).settings == header)
            #expect(try await store.integration(ads).settings == header)
            _ = try await store.updateIntegrationSettings(ads, changed)
            bench.clock.advance(by: 30)
            try await store.recordCredentialUse(integration: ads, tool: "http_get", endpoint: "https://api.example.com/v1", status: 200)
            #expect(try await store.integration(ads).lastUsedAt == bench.clock.now())
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func credentialsAreReplacedListedByNameAndRemovedTogether(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let ads = try IntegrationID("ads")
            let crm = try IntegrationID("crm")
            _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: bearer())
            _ = try await store.addIntegration(id: crm, kind: .http, name: "CRM", settings: bearer())
            #expect(try await store.credential(ads, .accessToken) == nil, "none of that name yet")
            let refresh = fakeSealed(ads, name: .refreshToken, byte: 1)
            try await store.putCredential(refresh)
            try await store.putCredential(fakeSealed(ads, name: .accessToken, byte: 2))
            let renewed = fakeSealed(ads, name: .accessToken, byte: 3, label: "renewed")
            try await store.putCredential(renewed)
            #expect(try await store.credential(ads, .accessToken) == renewed, "putting the same name replaces it")
            let expiring = SealedCredential(integration: crm, name: .apiKey, sealed: Array(repeating: 7, count: 44), label: "API key",
                                            expiresAt: Date(millisecondsSince1970: 1_900_000_000_000))
            try await store.putCredential(expiring)
            #expect(try await store.credential(crm, .apiKey) == expiring, "with its expiry")
            #expect(try await store.credentials(of: ads).map(\.name) == [.accessToken, .refreshToken])
            #expect(try await store.credentials(of: ads) == [renewed, refresh])
            try await store.removeCredentials(of: ads)
            #expect(try await store.credentials(of: ads).count == 0)
            #expect(try await store.integration(ads).id == ads, "disconnecting keeps the integration")
            #expect(try await store.credentials(of: crm).count == 1, "another integration keeps its credentials")
            try await store.putCredential(refresh)
            try await store.removeIntegration(ads)
            await #expect(throws: StoreError.integrationNotFound(ads)) { try await store.integration(ads) }
            _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads again", settings: bearer())
            #expect(try await store.credentials(of: ads).count == 0, "a new integration of the same id inherits nothing")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func missingIntegrationsAndBadInputAreRefused(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let missing = try IntegrationID("missing")
            let notFound = StoreError.integrationNotFound(missing)
            await #expect(throws: notFound) { try await store.integration(missing) }
            await #expect(throws: notFound) { try await store.updateIntegrationSettings(missing, bearer()) }
            await #expect(throws: notFound) { try await store.removeIntegration(missing) }
            await #expect(throws: notFound) { try await store.putCredential(fakeSealed(missing)) }
            await #expect(throws: notFound) { try await store.credential(missing, .apiKey) }
            await #expect(throws: notFound) { try await store.credentials(of: missing) }
            await #expect(throws: notFound) { try await store.removeCredentials(of: missing) }
            await #expect(throws: notFound) {
                try await store.recordCredentialUse(integration: missing, tool: "http_get", endpoint: "https://api.example.com", status: 200)
            }
            let ads = try IntegrationID("ads")
            for name in ["", "two\nlines", "esc\u{1B}]0;x\u{07}", String(repeating: "n", count: 101)] {
                await #expect(throws: InputError.self) { try await store.addIntegration(id: ads, kind: .http, name: name, settings: bearer()) }
            }
            #expect(try await store.integrations().count == 0)
            _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: bearer())
            for label in ["", "line\nbreak", String(repeating: "l", count: 101)] {
                await #expect(throws: InputError.self) { try await store.putCredential(fakeSealed(ads, label: label)) }
            }
            for size in [0, 28, 28 + CredentialVault.secretByteLimit + 1] {
                await #expect(throws: InputError.self) {
                    try await store.putCredential(SealedCredential(integration: ads, name: .apiKey, sealed: Array(repeating: 1, count: size), label: "key", expiresAt: nil))
                }
            }
            #expect(try await store.credentials(of: ads).count == 0)
        }
    }
}
