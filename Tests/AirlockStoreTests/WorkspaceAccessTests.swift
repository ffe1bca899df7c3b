import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("WorkspaceManager access, rotation and deletion")
struct WorkspaceAccessTests {
    @Test func rightTokenOpensTheWorkspace() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let grant = try await test.manager.authenticate(acme.id, token: acme.token, actor: AuditActor("cli:bob"))
        #expect(grant.workspaceID == acme.id)
        let store = try await test.manager.open(grant)
        #expect(store.workspaceID == acme.id)
        await store.close()
    }

    @Test func wrongTokenAndUnknownWorkspaceGiveTheSameError() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let globex = try await test.createWorkspace("globex")
        let wrong = await #expect(throws: AuthenticationError.self) {
            try await test.manager.authenticate(acme.id, token: globex.token, actor: test.actor)
        }
        let unknown = await #expect(throws: AuthenticationError.self) {
            try await test.manager.authenticate(try WorkspaceID("initech"), token: acme.token, actor: test.actor)
        }
        #expect(wrong == .unknownWorkspaceOrInvalidToken)
        #expect(unknown == .unknownWorkspaceOrInvalidToken)
    }

    @Test func rotationRetiresTheOldTokenAndGrants() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        test.clock.advance(by: 60)
        let newToken = try await test.manager.rotateToken(acme.grant)
        #expect(newToken != acme.token)
        await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) {
            try await test.manager.authenticate(acme.id, token: acme.token, actor: test.actor)
        }
        await #expect(throws: AuthenticationError.grantNoLongerValid) {
            _ = try await test.manager.open(acme.grant)
        }
        await #expect(throws: AuthenticationError.grantNoLongerValid) {
            _ = try await test.manager.rotateToken(acme.grant)
        }
        let grant = try await test.manager.authenticate(acme.id, token: newToken, actor: test.actor)
        let store = try await test.manager.open(grant)
        let events = try await store.auditEvents(last: nil)
        let verification = try await store.verifyAudit()
        await store.close()
        #expect(events.map(\.action) == ["workspace.create", "workspace.rotate-token"])
        #expect(events.last?.resource == "workspace/acme")
        #expect(events.last?.time == test.clock.now())
        #expect(verification == .intact(events: 3))
        #expect(try await test.manager.registryListing().first?.rotatedAt == test.clock.now())
    }

    @Test func rotationAuditEventDoesNotContainEitherToken() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let newToken = try await test.manager.rotateToken(acme.grant)
        let grant = try await test.manager.authenticate(acme.id, token: newToken, actor: test.actor)
        let events = try await test.manager.withStore(grant) { try await $0.auditEvents(last: nil) }
        for event in events {
            for field in [event.actor, event.action, event.resource] {
                #expect(!field.contains(acme.token.revealed))
                #expect(!field.contains(newToken.revealed))
            }
        }
    }

    @Test func rotationOfOneWorkspaceLeavesAnotherAlone() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let globex = try await test.createWorkspace("globex")
        _ = try await test.manager.rotateToken(acme.grant)
        let store = try await test.manager.open(globex.grant)
        let events = try await store.auditEvents(last: nil)
        await store.close()
        #expect(events.map(\.action) == ["workspace.create"])
    }

    @Test func deletionRemovesDirectoryAndRegistryRow() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let globex = try await test.createWorkspace("globex")
        try await test.manager.deleteWorkspace(acme.grant)
        #expect(!exists(test.home.root + "/clients/acme"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: test.home.root + "/clients") == ["globex"])
        #expect(try await test.manager.registryListing().map(\.id) == [globex.id])
        await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) {
            try await test.manager.authenticate(acme.id, token: acme.token, actor: test.actor)
        }
        await #expect(throws: AuthenticationError.grantNoLongerValid) {
            _ = try await test.manager.open(acme.grant)
        }
        #expect(try await test.withStore(globex) { try await $0.verifyAudit() } == .intact(events: 1))
    }

    @Test func deletedIDCanBeCreatedAgainWithAFreshLog() async throws {
        let test = try TestHome()
        let old = try await test.createWorkspace("acme")
        try await test.withStore(old) { _ = try await $0.addMemory(try draft("old note")) }
        try await test.manager.deleteWorkspace(old.grant)
        let fresh = try await test.createWorkspace("acme")
        #expect(fresh.token != old.token)
        let (events, memory) = try await test.withStore(fresh) { store in
            (try await store.auditEvents(last: nil), try await store.listMemory(kind: nil))
        }
        #expect(memory.isEmpty)
        #expect(events.map(\.action) == ["workspace.create"])
        await #expect(throws: AuthenticationError.grantNoLongerValid) { _ = try await test.manager.open(old.grant) }
    }

    @Test func grantFromAnotherHomeIsRefused() async throws {
        let first = try TestHome()
        let second = try TestHome()
        let mine = try await first.createWorkspace("acme")
        _ = try await second.createWorkspace("acme")
        await #expect(throws: AuthenticationError.grantNoLongerValid) {
            _ = try await second.manager.open(mine.grant)
        }
        await #expect(throws: AuthenticationError.grantNoLongerValid) {
            _ = try await second.manager.rotateToken(mine.grant)
        }
        await #expect(throws: AuthenticationError.grantNoLongerValid) {
            try await second.manager.deleteWorkspace(mine.grant)
        }
        #expect(exists(second.databasePath(of: mine.id)))
        #expect(try await second.manager.registryListing().count == 1)
    }

    @Test func tokenOfAnotherHomeDoesNotAuthenticate() async throws {
        let first = try TestHome()
        let second = try TestHome()
        let mine = try await first.createWorkspace("acme")
        _ = try await second.createWorkspace("acme")
        await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) {
            try await second.manager.authenticate(mine.id, token: mine.token, actor: second.actor)
        }
    }

    @Test func symlinkedWorkspaceDirectoryIsRefusedAndNothingIsOpenedThroughIt() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let elsewhere = test.directory.appending("elsewhere")
        let link = test.home.root + "/clients/acme"
        #expect(rename(link, elsewhere) == 0)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: elsewhere)
        let before = DirectorySnapshot(of: elsewhere)
        await #expect(throws: FileSystemError.symlinkRefused(path: link)) {
            _ = try await test.manager.open(acme.grant)
        }
        await #expect(throws: FileSystemError.symlinkRefused(path: link)) {
            _ = try await test.manager.rotateToken(acme.grant)
        }
        await #expect(throws: FileSystemError.symlinkRefused(path: link)) {
            try await test.manager.deleteWorkspace(acme.grant)
        }
        #expect(FileDescriptors.openPaths(under: elsewhere).isEmpty)
        #expect(DirectorySnapshot(of: elsewhere) == before)
        #expect(try await test.manager.authenticate(acme.id, token: acme.token, actor: test.actor).workspaceID == acme.id)
    }

    @Test func symlinkedDatabaseFileIsRefused() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let globex = try await test.createWorkspace("globex")
        let path = test.databasePath(of: acme.id)
        #expect(unlink(path) == 0)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: test.databasePath(of: globex.id))
        await #expect(throws: FileSystemError.symlinkRefused(path: path)) {
            _ = try await test.manager.open(acme.grant)
        }
        #expect(FileDescriptors.openPaths(under: test.home.root + "/clients/globex").isEmpty)
    }
}
