import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("WorkspaceStore close")
struct StoreCloseTests {
    @Test func everyMethodThrowsClosedAfterClose() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let store = try await test.manager.open(acme.grant)
        let memory = try await store.addMemory(try draft("note"))
        let session = try await store.createSession(title: "chat")
        let ads = try IntegrationID("ads")
        _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: bearerSettings())
        let credential = SealedCredential(integration: ads, name: .apiKey, sealed: Array(repeating: 1, count: 40), label: "key", expiresAt: nil)
        await store.close()
        let closed = StoreError.closed(acme.id)
        await #expect(throws: closed) { _ = try await store.addMemory(try draft("late")) }
        await #expect(throws: closed) { _ = try await store.memory(memory.id) }
        await #expect(throws: closed) { _ = try await store.listMemory(kind: nil) }
        await #expect(throws: closed) { _ = try await store.updateMemory(memory.id, with: try MemoryPatch(title: "x")) }
        await #expect(throws: closed) { try await store.removeMemory(memory.id) }
        await #expect(throws: closed) { _ = try await store.searchMemory(try MemorySearchQuery("note")) }
        await #expect(throws: closed) { _ = try await store.createSession(title: "late") }
        await #expect(throws: closed) { _ = try await store.sessions() }
        await #expect(throws: closed) { _ = try await store.session(session.key) }
        await #expect(throws: closed) { _ = try await store.renameSession(session.key, to: "x") }
        await #expect(throws: closed) { try await store.deleteSession(session.key) }
        await #expect(throws: closed) { _ = try await store.appendMessage(try MessageDraft(role: .user, content: "x"), to: session.key) }
        await #expect(throws: closed) { _ = try await store.transcript(session.key, lastMessages: nil) }
        await #expect(throws: closed) { _ = try await store.addIntegration(id: try IntegrationID("late"), kind: .http, name: "Late", settings: bearerSettings()) }
        await #expect(throws: closed) { _ = try await store.integrations() }
        await #expect(throws: closed) { _ = try await store.integration(ads) }
        await #expect(throws: closed) { _ = try await store.updateIntegrationSettings(ads, bearerSettings()) }
        await #expect(throws: closed) { try await store.removeIntegration(ads) }
        await #expect(throws: closed) { try await store.putCredential(credential) }
        await #expect(throws: closed) { _ = try await store.credential(ads, .apiKey) }
        await #expect(throws: closed) { _ = try await store.credentials(of: ads) }
        await #expect(throws: closed) { try await store.removeCredentials(of: ads) }
        await #expect(throws: closed) { try await store.recordCredentialUse(integration: ads, tool: "t", endpoint: "https://x.example", status: 200) }
        await #expect(throws: closed) { _ = try await store.auditEvents(last: nil) }
        await #expect(throws: closed) { _ = try await store.verifyAudit() }
        await store.close()
        await #expect(throws: closed) { _ = try await store.sessions() }
    }

    @Test func closeReleasesEveryFileOfTheWorkspace() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let directory = test.home.root + "/clients/acme"
        #expect(FileDescriptors.openPaths(under: directory).isEmpty)
        let store = try await test.manager.open(acme.grant)
        let memory = try await store.addMemory(try draft("note", body: "キャンペーン"))
        _ = try await store.searchMemory(try MemorySearchQuery("キャンペーン"))
        _ = try await store.memory(memory.id)
        #expect(!FileDescriptors.openPaths(under: directory).isEmpty)
        await store.close()
        #expect(FileDescriptors.openPaths(under: directory) == [])
    }

    @Test func closedWorkspaceCanBeOpenedAgain() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let first = try await test.manager.open(acme.grant)
        let memory = try await first.addMemory(try draft("note"))
        await first.close()
        let second = try await test.manager.open(acme.grant)
        #expect(try await second.memory(memory.id) == memory)
        await second.close()
    }

    @Test func closingOneStoreLeavesAnotherOpen() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let globex = try await test.createWorkspace("globex")
        let acmeStore = try await test.manager.open(acme.grant)
        let globexStore = try await test.manager.open(globex.grant)
        await acmeStore.close()
        #expect(try await globexStore.listMemory(kind: nil) == [])
        await globexStore.close()
        #expect(FileDescriptors.openPaths(under: test.home.root + "/clients").isEmpty)
    }
}
