import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

/// Closing SQLite stores releases every file of the workspace, and only that store's.
/// (That every method of every backend throws after `close()` is in the conformance suite.)
@Suite("WorkspaceStore close")
struct StoreCloseTests {
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
