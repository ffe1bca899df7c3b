import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("FileWorkspaceStore integrations and credentials")
struct FileStoreIntegrationTests {
    @Test func integrationsAreAddedListedUpdatedAndRemoved() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let ads = try IntegrationID("ads")
        let added = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: bearerSettings(parameters: ["a": "1"]))
        #expect(added.createdAt == test.clock.now() && added.lastUsedAt == nil)
        await #expect(throws: StoreError.integrationExists(ads)) {
            try await store.addIntegration(id: ads, kind: .googleAds, name: "Other", settings: bearerSettings())
        }
        #expect(try await store.integrations() == [added])
        let updated = try await store.updateIntegrationSettings(ads, bearerSettings("https://v2.example.com"))
        #expect(updated.settings.baseURL == "https://v2.example.com" && updated.name == "Ads")
        #expect(try await store.integration(ads) == updated)
        test.clock.advance(by: 1)
        try await store.recordCredentialUse(integration: ads, tool: "http_get", endpoint: "https://k@api.example.com/v1?key=s", status: 200)
        #expect(try await store.integration(ads).lastUsedAt == test.clock.now())
        try await store.removeIntegration(ads)
        #expect(try await store.integrations().isEmpty)
    }

    @Test func integrationsAreListedByID() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        for raw in ["ads0", "ads", "zeta", "ads-2"] {
            _ = try await store.addIntegration(id: try IntegrationID(raw), kind: .http, name: raw, settings: bearerSettings())
        }
        #expect(try await store.integrations().map(\.id.rawValue) == ["ads", "ads-2", "ads0", "zeta"])
    }

    @Test func aMissingIntegrationIsNotFoundByEveryMethod() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let other = try await test.create("globex")
        let ads = try IntegrationID("ads")
        _ = try await other.addIntegration(id: ads, kind: .http, name: "Globex ads", settings: bearerSettings())
        let missing = StoreError.integrationNotFound(ads)
        await #expect(throws: missing) { try await store.integration(ads) }
        await #expect(throws: missing) { try await store.updateIntegrationSettings(ads, bearerSettings()) }
        await #expect(throws: missing) { try await store.removeIntegration(ads) }
        await #expect(throws: missing) { try await store.putCredential(fakeSealed(ads)) }
        await #expect(throws: missing) { try await store.credential(ads, .apiKey) }
        await #expect(throws: missing) { try await store.credentials(of: ads) }
        await #expect(throws: missing) { try await store.removeCredentials(of: ads) }
        await #expect(throws: missing) { try await store.recordCredentialUse(integration: ads, tool: "t", endpoint: "https://x", status: 200) }
    }

    @Test func credentialsAreStoredAsBase64ReplacedListedByNameAndRemovedTogether() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let ads = try IntegrationID("ads")
        _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: bearerSettings())
        let first = fakeSealed(ads, bytes: Array(repeating: 0x11, count: 40))
        let replacement = fakeSealed(ads, bytes: Array(repeating: 0x22, count: 48))
        let refresh = fakeSealed(ads, name: .refreshToken, bytes: Array(repeating: 0x33, count: 40))
        try await store.putCredential(refresh)
        try await store.putCredential(first)
        try await store.putCredential(replacement)
        #expect(try await store.credential(ads, .apiKey) == replacement)
        #expect(try await store.credentials(of: ads).map(\.name) == [.apiKey, .refreshToken])
        let file = try text(at: test.directory(of: "acme") + "/integrations/ads.json")
        #expect(file.contains(Data(replacement.sealed).base64EncodedString()))
        #expect(!file.contains(Data(first.sealed).base64EncodedString()))
        await #expect(throws: InputError.self) { try await store.putCredential(fakeSealed(ads, bytes: [1, 2, 3])) }
        try await store.removeCredentials(of: ads)
        #expect(try await store.credentials(of: ads).isEmpty)
        #expect(try await store.credential(ads, .apiKey) == nil)
        try await store.putCredential(first)
        try await store.removeIntegration(ads)
        #expect(!exists(test.directory(of: "acme") + "/integrations/ads.json"))
    }

    @Test func theAuditLogHoldsNoSettingOrSealedBytesOrEndpointSecret() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let ads = try IntegrationID("ads")
        _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: bearerSettings(parameters: ["account": "ACCOUNT-SECRET-1"]))
        let credential = fakeSealed(ads, bytes: Array(repeating: 0x5A, count: 40))
        try await store.putCredential(credential)
        try await store.recordCredentialUse(integration: ads, tool: "http_get", endpoint: "https://user:KEY-SECRET-2@api.example.com/v1?token=TOKEN-SECRET-3", status: 200)
        let log = try text(at: test.directory(of: "acme") + "/audit.jsonl")
        for secret in ["ACCOUNT-SECRET-1", "KEY-SECRET-2", "TOKEN-SECRET-3", Data(credential.sealed).base64EncodedString(), "5a5a5a5a"] {
            #expect(!log.contains(secret))
        }
        #expect(log.contains("integration/ads?tool=http_get&endpoint=api.example.com/v1&status=200"))
    }
}

@Suite("FileWorkspaceStore alerts")
struct FileStoreAlertTests {
    @Test func failedSignInsAlertAtTheThresholdAndTheAlertCanBeAcknowledged() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        #expect(try await store.reportFailedSignIns(0) == nil)
        let alert = try #require(try await store.reportFailedSignIns(50))
        #expect(alert.rule == .failedSignIns && alert.workspaceID == store.workspaceID && !alert.acknowledged)
        let events = try await store.auditEvents(last: 2)
        #expect(events.map(\.action) == ["alert.raise", "signin.failures"])
        #expect(events.first?.actor == "airlock:anomaly-detector")
        #expect(try await store.alerts(limit: nil).map(\.id) == [alert.id])
        let acknowledged = try await store.acknowledgeAlert(alert.id)
        #expect(acknowledged.acknowledged)
        #expect(try await store.alerts(limit: 1).first?.acknowledged == true)
        let missing = AlertID.generate()
        await #expect(throws: StoreError.alertNotFound(missing)) { try await store.acknowledgeAlert(missing) }
        #expect(try await store.verifyAudit() == .intact(events: Int64(try await store.auditEvents(last: nil).count - 1)))
    }

    @Test func aDetectorThatCannotStoreItsStateNeverFailsAnAccess() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        try FileManager.default.createDirectory(atPath: test.directory(of: "acme") + "/anomaly.json", withIntermediateDirectories: false)
        let note = try await store.addMemory(try draft("n"))
        for _ in 0..<20 { _ = try await store.memory(note.id) }
        #expect(try await store.alerts(limit: nil).isEmpty)
        guard case .intact = try await store.verifyAudit() else { Issue.record("the chain broke"); return }
    }

    @Test func aBurstOfReadsRaisesAnAlertInThatWorkspaceOnlyAndTheChainStillVerifies() async throws {
        let test = try FileStoreHome()
        let acme = try await test.create("acme")
        let globex = try await test.create("globex")
        let note = try await acme.addMemory(try draft("n"))
        for _ in 0..<80 { _ = try await acme.memory(note.id) }
        let alerts = try await acme.alerts(limit: nil)
        #expect(alerts.contains { $0.rule == .readBurst })
        #expect(try await globex.alerts(limit: nil).isEmpty)
        guard case .intact = try await acme.verifyAudit() else { Issue.record("the chain broke"); return }
        for _ in 0..<4 { try await acme.recordApproval(tool: "http_get", outcome: .denied) }
        #expect(try await acme.auditEvents(last: 1).first?.resource == "tool/http_get")
    }
}
