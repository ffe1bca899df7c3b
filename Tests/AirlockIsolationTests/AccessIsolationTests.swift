import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

/// Tokens and grants: one workspace's token, a forged token or another home's grant never
/// open another workspace, and the refusal does not reveal whether it exists.
@Suite struct AccessIsolationTests {
    @Test func aTokenOfOneWorkspaceDoesNotUnlockAnother() async throws {
        let fixture = try await IsolationFixture.make()
        let manager = fixture.home.manager
        let actor = fixture.home.actor
        await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) {
            try await manager.authenticate(fixture.b.id, token: fixture.a.workspace.token, actor: actor)
        }
        await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) {
            try await manager.authenticate(fixture.b.id, token: WorkspaceToken.generate(), actor: actor)
        }
        await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) {
            try await manager.authenticate(try WorkspaceID("no-such-client"), token: fixture.a.workspace.token, actor: actor)
        }
    }

    @Test func aGrantOpensOnlyItsOwnWorkspace() async throws {
        let fixture = try await IsolationFixture.make()
        let store = try await fixture.home.manager.open(fixture.a.workspace.grant)
        #expect(store.workspaceID == fixture.a.id)
        let listed = try await store.listMemory(kind: nil)
        #expect(Set(listed.map(\.id)) == Set(fixture.a.memoryIDs))
        await store.close()
    }

    @Test func aGrantFromAnotherHomeIsRefusedEvenForTheSameWorkspaceID() async throws {
        let fixture = try await IsolationFixture.make()
        let elsewhere = try TestHome()
        let impostor = try await elsewhere.createWorkspace(fixture.b.id.rawValue)
        await #expect(throws: AuthenticationError.grantNoLongerValid) {
            try await fixture.home.manager.open(impostor.grant)
        }
        await #expect(throws: AuthenticationError.grantNoLongerValid) {
            try await fixture.home.manager.rotateToken(impostor.grant)
        }
        await #expect(throws: AuthenticationError.grantNoLongerValid) {
            try await fixture.home.manager.deleteWorkspace(impostor.grant)
        }
        try await fixture.home.withStore(fixture.b.workspace) { store in
            let documents = try await store.listMemory(kind: nil)
            #expect(documents.count == 2, "B is intact")
        }
    }

    @Test func rotatingOrDeletingAWorkspaceLeavesTheOtherUntouched() async throws {
        let fixture = try await IsolationFixture.make()
        let manager = fixture.home.manager
        let actor = fixture.home.actor
        let newToken = try await manager.rotateToken(fixture.a.workspace.grant)
        await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) {
            try await manager.authenticate(fixture.a.id, token: fixture.a.workspace.token, actor: actor)
        }
        try await fixture.home.withStore(fixture.b.workspace) { store in
            let documents = try await store.listMemory(kind: nil)
            #expect(documents.count == 2, "B's grant from before A's rotation still works")
        }

        try await manager.deleteWorkspace(try await manager.authenticate(fixture.a.id, token: newToken, actor: actor))
        #expect(try await manager.registryListing().map(\.id) == [fixture.b.id])
        try await fixture.home.withStore(fixture.b.workspace) { store in
            let documents = try await store.listMemory(kind: nil)
            #expect(documents.count == 2)
            let verification = try await store.verifyAudit()
            // 12 events of seeding (the creation, 2 documents, a session with 3 messages,
            // 2 integrations, 3 credentials) and the two listings.
            #expect(verification == .intact(events: 14))
        }
    }
}
