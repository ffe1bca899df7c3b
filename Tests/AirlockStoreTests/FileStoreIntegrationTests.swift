import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

/// Integrations on disk in the file backend: sealed credentials as base64 in the
/// integration's file, removed with it; the audit file holds no secret. (The integration
/// contract itself is in the conformance suite.)
@Suite("FileWorkspaceStore integrations and credentials")
struct FileStoreIntegrationTests {

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

/// The file backend's anomaly detector when its state file cannot be written: accesses
/// never fail. (The alert contract itself is in the conformance suite.)
@Suite("FileWorkspaceStore alerts")
struct FileStoreAlertTests {

    @Test func aDetectorThatCannotStoreItsStateNeverFailsAnAccess() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        try FileManager.default.createDirectory(atPath: test.directory(of: "acme") + "/anomaly.json", withIntermediateDirectories: false)
        let note = try await store.addMemory(try draft("n"))
        for _ in 0..<20 { _ = try await store.memory(note.id) }
        #expect(try await store.alerts(limit: nil).isEmpty)
        guard case .intact = try await store.verifyAudit() else { Issue.record("the chain broke"); return }
    }
}
