import AirlockCore
@testable import AirlockPostgres
import AirlockTestSupport
import Foundation
import Testing

/// Integrations and sealed credentials in the PostgreSQL store: the same contract as the
/// SQLite store's integration and credential tests.
@Suite("PostgreSQL workspace store: integrations and credentials", .serialized, .timeLimit(.minutes(5)))
struct PostgresStoreIntegrationTests {
    private let ads = try! IntegrationID("ads")
    private let settings = IntegrationSettings(baseURL: "https://ads.example", auth: .bearer, parameters: ["b": "2", "a": "1"])

    private func withStore(_ body: (PostgresWorkspaceStore, StoreHarness) async throws -> Void) async throws {
        try await StoreHarness.with { harness in try await body(try await harness.create(harness.acme), harness) }
    }

    private func credential(_ name: CredentialName = .apiKey, byte: UInt8 = 7) -> SealedCredential {
        SealedCredential(integration: ads, name: name, sealed: Array(repeating: byte, count: 44), label: "API key", expiresAt: Date(millisecondsSince1970: 1_900_000_000_000))
    }

    @Test func integrationsAreAddedListedUpdatedAndRemoved() async throws {
        try await withStore { store, _ in
            let added = try await store.addIntegration(id: ads, kind: .http, name: "  Ads  ", settings: settings)
            #expect(added.name == "Ads" && added.settings == settings && added.lastUsedAt == nil)
            await #expect(throws: StoreError.integrationExists(ads)) { try await store.addIntegration(id: ads, kind: .http, name: "Again", settings: settings) }
            #expect(try await store.integrations() == [added])
            #expect(try await store.integration(ads) == added)
            let changed = IntegrationSettings(baseURL: "https://v2.ads.example", auth: .apiKeyHeader, apiKeyHeader: "X-Key")
            #expect(try await store.updateIntegrationSettings(ads, changed).settings == changed)
            try await store.removeIntegration(ads)
            #expect(try await store.integrations().isEmpty)
            await #expect(throws: StoreError.integrationNotFound(ads)) { try await store.integration(ads) }
            await #expect(throws: StoreError.integrationNotFound(ads)) { try await store.updateIntegrationSettings(ads, changed) }
            await #expect(throws: StoreError.integrationNotFound(ads)) { try await store.removeIntegration(ads) }
        }
    }

    @Test func credentialsArePutReplacedListedAndRemovedWithTheirIntegration() async throws {
        try await withStore { store, harness in
            await #expect(throws: StoreError.integrationNotFound(ads)) { try await store.putCredential(credential()) }
            _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: settings)
            try await store.putCredential(credential())
            #expect(try await store.credential(ads, .apiKey) == credential())
            #expect(try await store.credential(ads, .accessToken) == nil)
            try await store.putCredential(credential(byte: 9))
            try await store.putCredential(credential(.accessToken))
            #expect(try await store.credentials(of: ads) == [credential(.accessToken), credential(byte: 9)])
            try await store.removeCredentials(of: ads)
            #expect(try await store.credentials(of: ads).isEmpty)
            try await store.putCredential(credential())
            harness.clock.advance(by: 3)
            try await store.recordCredentialUse(integration: ads, tool: "http_get", endpoint: "https://api.example.com/v1/items?key=s3cret", status: 200)
            #expect(try await store.integration(ads).lastUsedAt == harness.clock.now())
            try await store.removeIntegration(ads)
            _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: settings)
            #expect(try await store.credentials(of: ads).isEmpty, "removing an integration removes its credentials")
        }
    }

    @Test func everyIntegrationAndCredentialOperationAppendsOneEvent() async throws {
        try await withStore { store, _ in
            let before = try await store.auditEvents(last: nil).count
            _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: settings)
            _ = try await store.integrations()
            _ = try await store.integration(ads)
            _ = try await store.updateIntegrationSettings(ads, settings)
            try await store.putCredential(credential())
            _ = try await store.credential(ads, .apiKey)
            _ = try await store.credentials(of: ads)
            try await store.recordCredentialUse(integration: ads, tool: "http_get", endpoint: "https://user:s3cret@api.example.com/v1/items?key=s3cret", status: 200)
            try await store.removeCredentials(of: ads)
            try await store.removeIntegration(ads)
            let events = Array(try await store.auditEvents(last: nil).dropFirst(before + 1))
            #expect(events.map(\.action) == ["integration.add", "integration.list", "integration.read", "integration.update", "credential.put",
                                             "credential.read", "credential.list", "credential.use", "credential.remove", "integration.remove"])
            #expect(events[4].resource == "integration/ads/credential/api_key")
            #expect(events[7].resource == "integration/ads?tool=http_get&endpoint=api.example.com/v1/items&status=200")
            #expect(!events.contains { $0.resource.contains("s3cret") })
        }
    }
}
