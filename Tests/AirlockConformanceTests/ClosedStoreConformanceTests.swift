import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// After `close()` every method of every backend throws ``StoreError/closed(_:)``.
@Suite("Conformance: closed stores", .serialized)
struct ClosedStoreConformanceTests {
    @Test(arguments: StoreBackend.allCases)
    func everyMethodThrowsClosedAfterClose(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let memory = try await store.addMemory(try draft("Brief"))
            let session = try await store.createSession(title: "Chat")
            let ads = try IntegrationID("ads")
            _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: bearer())
            await store.close()
            await store.close()
            let calls: [@Sendable () async throws -> Void] = [
                { _ = try await store.addMemory(try draft("x")) }, { _ = try await store.memory(memory.id) },
                { _ = try await store.listMemory(kind: nil) }, { _ = try await store.updateMemory(memory.id, with: try MemoryPatch(title: "y")) },
                { try await store.removeMemory(memory.id) }, { _ = try await store.searchMemory(try MemorySearchQuery("brief")) },
                { _ = try await store.retrieveMemory(try MemorySearchQuery("brief")) }, { _ = try await store.pinnedMemory() },
                { _ = try await store.memoryVersion() }, { _ = try await store.createSession(title: "x") },
                { _ = try await store.sessions() }, { _ = try await store.session(session.key) },
                { _ = try await store.renameSession(session.key, to: "y") }, { try await store.deleteSession(session.key) },
                { _ = try await store.appendMessage(try message("hi"), to: session.key) },
                { _ = try await store.transcript(session.key, lastMessages: nil) },
                { _ = try await store.searchMessages(try MessageSearchQuery("hi")) },
                { _ = try await store.addIntegration(id: try IntegrationID("crm"), kind: .http, name: "CRM", settings: bearer()) },
                { _ = try await store.integrations() }, { _ = try await store.integration(ads) },
                { _ = try await store.updateIntegrationSettings(ads, bearer()) },
                { try await store.removeIntegration(ads) }, { _ = try await store.credentials(of: ads) },
                { try await store.putCredential(fakeSealed(ads)) },
                { try await store.removeCredentials(of: ads) }, { _ = try await store.credential(ads, .apiKey) },
                { try await store.recordCredentialUse(integration: ads, tool: "t", endpoint: "https://a.example/x", status: 200) },
                { _ = try await store.auditEvents(last: nil) }, { _ = try await store.verifyAudit() },
                { _ = try await store.alerts(limit: nil) }, { _ = try await store.acknowledgeAlert(try AlertID("al-x")) },
                { try await store.recordApproval(tool: "t", outcome: .denied) }, { _ = try await store.reportFailedSignIns(3) },
            ]
            for (index, call) in calls.enumerated() {
                await #expect(throws: StoreError.closed(bench.acmeID), "call \(index)") { try await call() }
            }
            #expect(try await bench.globex.sessions().count == 0, "closing one store leaves the other open")
            let reopened = try await bench.reopenAcme()
            #expect(try await reopened.memory(memory.id) == memory, "closing loses nothing")
            await reopened.close()
        }
    }
}
