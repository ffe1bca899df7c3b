import AirlockCore
@testable import AirlockPostgres
import AirlockTestSupport
import Foundation
import Testing

/// Opening, creating and closing PostgreSQL workspace stores, and their isolation: a store
/// reaches its own workspace's rows only, and a grant whose digest is not the workspace's
/// reaches nothing.
@Suite("PostgreSQL workspace store", .serialized, .timeLimit(.minutes(5)))
struct PostgresStoreTests {
    @Test func createWritesTheStateAndTheFirstEventAndOpenFindsThem() async throws {
        try await StoreHarness.with { harness in
            let store = try await harness.create(harness.acme)
            let events = try await store.auditEvents(last: nil)
            #expect(events.map(\.action) == ["workspace.create"], "a read's own event follows what it read")
            #expect(events.first?.resource == "workspace/acme")
            await #expect(throws: StoreError.workspaceExists(harness.acme)) { try await harness.create(harness.acme) }
            let reopened = try await harness.open(harness.acme)
            #expect(try await reopened.verifyAudit() == .intact(events: 2))
        }
    }

    @Test func aWorkspaceWithoutStateCannotBeOpened() async throws {
        try await StoreHarness.with { harness in
            await #expect(throws: StoreError.workspaceFileMissing(harness.acme)) { try await harness.open(harness.acme) }
        }
    }

    @Test func aGrantWithAWrongDigestSeesNothingAndWritesNothing() async throws {
        try await StoreHarness.with { harness in
            let store = try await harness.create(harness.acme)
            _ = try await store.addMemory(try memoryDraft("Acme canary"))
            let wrong = try await harness.grantWithWrongDigest(harness.acme)
            await #expect(throws: StoreError.workspaceFileMissing(harness.acme)) {
                try await PostgresWorkspaceStore.open(harness.fixture.app, grant: wrong, sealKey: harness.sealKey(wrong), clock: harness.clock,
                                                      thresholds: AnomalyThresholds())
            }
            await #expect(throws: StoreError.self) {
                try await PostgresWorkspaceStore.create(harness.fixture.app, grant: wrong, sealKey: harness.sealKey(wrong), clock: harness.clock,
                                                        thresholds: AnomalyThresholds())
            }
            #expect(try await store.verifyAudit() == .intact(events: 2), "nothing was written by the wrong grant")
        }
    }

    @Test func aStoreWhoseTokenWasRotatedAwaySeesNothingMore() async throws {
        try await StoreHarness.with { harness in
            let store = try await harness.create(harness.acme)
            let memory = try await store.addMemory(try memoryDraft("Acme canary"))
            let rotated = String(repeating: "5a", count: 32)
            try await harness.fixture.admin.query("UPDATE airlock.workspace SET token_digest = '\\x\(rotated)' WHERE id = 'acme'")
            let missing = StoreError.workspaceFileMissing(harness.acme)
            await #expect(throws: missing) { try await store.listMemory(kind: nil) }
            await #expect(throws: missing) { try await store.memory(memory.id) }
            await #expect(throws: missing) { try await store.addMemory(try memoryDraft("after rotation")) }
            await #expect(throws: missing) { try await store.memoryVersion() }
            let rows = try await harness.fixture.admin.query("SELECT title FROM airlock.memory WHERE workspace_id = 'acme'")
            #expect(try rows.map { try $0.decode(String.self) } == ["Acme canary"], "nothing was written")
        }
    }

    @Test func aStoreOfOneWorkspaceNeverReturnsRowsOfAnother() async throws {
        try await StoreHarness.with { harness in
            let acme = try await harness.create(harness.acme)
            let globex = try await harness.create(harness.globex)
            let canary = "globexcanary"
            let memory = try await globex.addMemory(try memoryDraft("Plan \(canary)", body: "\(canary) body", tags: [canary]))
            let session = try await globex.createSession(title: "Session \(canary)")
            _ = try await globex.appendMessage(try MessageDraft(role: .user, content: "say \(canary)"), to: session.key)
            let ads = try IntegrationID("ads")
            _ = try await globex.addIntegration(id: ads, kind: .http, name: "Ads \(canary)", settings: IntegrationSettings(baseURL: "https://ads.example", auth: .bearer))
            try await globex.putCredential(SealedCredential(integration: ads, name: .apiKey, sealed: Array(repeating: 7, count: 40), label: "key", expiresAt: nil))

            #expect(try await acme.listMemory(kind: nil).isEmpty)
            await #expect(throws: StoreError.memoryNotFound(memory.id)) { try await acme.memory(memory.id) }
            await #expect(throws: StoreError.memoryNotFound(memory.id)) { try await acme.removeMemory(memory.id) }
            #expect(try await acme.searchMemory(try MemorySearchQuery(canary)).isEmpty)
            #expect(try await acme.sessions().isEmpty)
            await #expect(throws: StoreError.sessionNotFound(session.key.session)) { try await acme.session(session.key) }
            let sameIDInAcme = SessionKey(workspace: harness.acme, session: session.key.session)
            await #expect(throws: StoreError.sessionNotFound(session.key.session)) { try await acme.transcript(sameIDInAcme, lastMessages: nil) }
            #expect(try await acme.searchMessages(try MessageSearchQuery(canary)).isEmpty)
            #expect(try await acme.integrations().isEmpty)
            await #expect(throws: StoreError.integrationNotFound(ads)) { try await acme.credentials(of: ads) }
            let events = try await acme.auditEvents(last: nil)
            #expect(events.allSatisfy { $0.workspaceID == harness.acme })
            #expect(!events.contains { $0.resource.contains(canary) })
            #expect(try await globex.memory(memory.id).title == "Plan \(canary)", "the rows are there")
        }
    }

    @Test func everyMethodThrowsClosedAfterClose() async throws {
        try await StoreHarness.with { harness in
            let store = try await harness.create(harness.acme)
            let memory = try await store.addMemory(try memoryDraft("Brief"))
            let session = try await store.createSession(title: "Chat")
            await store.close()
            let closed = StoreError.closed(harness.acme)
            let ads = try IntegrationID("ads")
            let calls: [@Sendable () async throws -> Void] = [
                { _ = try await store.addMemory(try memoryDraft("x")) }, { _ = try await store.memory(memory.id) },
                { _ = try await store.listMemory(kind: nil) }, { _ = try await store.updateMemory(memory.id, with: try MemoryPatch(title: "y")) },
                { try await store.removeMemory(memory.id) }, { _ = try await store.searchMemory(try MemorySearchQuery("brief")) },
                { _ = try await store.retrieveMemory(try MemorySearchQuery("brief")) }, { _ = try await store.pinnedMemory() },
                { _ = try await store.memoryVersion() }, { _ = try await store.createSession(title: "x") },
                { _ = try await store.sessions() }, { _ = try await store.session(session.key) },
                { _ = try await store.renameSession(session.key, to: "y") }, { try await store.deleteSession(session.key) },
                { _ = try await store.appendMessage(try MessageDraft(role: .user, content: "hi"), to: session.key) },
                { _ = try await store.transcript(session.key, lastMessages: nil) },
                { _ = try await store.searchMessages(try MessageSearchQuery("hi")) },
                { _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: IntegrationSettings(baseURL: "https://a.example", auth: .bearer)) },
                { _ = try await store.integrations() }, { _ = try await store.integration(ads) },
                { try await store.removeIntegration(ads) }, { _ = try await store.credentials(of: ads) },
                { try await store.removeCredentials(of: ads) }, { _ = try await store.credential(ads, .apiKey) },
                { try await store.recordCredentialUse(integration: ads, tool: "t", endpoint: "https://a.example/x", status: 200) },
                { _ = try await store.auditEvents(last: nil) }, { _ = try await store.verifyAudit() },
                { _ = try await store.alerts(limit: nil) }, { try await store.recordApproval(tool: "t", outcome: .denied) },
                { _ = try await store.reportFailedSignIns(3) },
            ]
            for call in calls {
                await #expect(throws: closed) { try await call() }
            }
        }
    }

    @Test func aFailedOperationLeavesNoEventAndChangesNothing() async throws {
        try await StoreHarness.with { harness in
            let store = try await harness.create(harness.acme)
            let before = try await store.auditEvents(last: nil).count
            await #expect(throws: StoreError.memoryNotFound(try MemoryID("m-missing"))) { try await store.removeMemory(try MemoryID("m-missing")) }
            let ads = try IntegrationID("ads")
            await #expect(throws: StoreError.integrationNotFound(ads)) {
                try await store.putCredential(SealedCredential(integration: ads, name: .apiKey, sealed: Array(repeating: 1, count: 40), label: "k", expiresAt: nil))
            }
            let after = try await store.auditEvents(last: nil)
            #expect(after.count == before + 1, "only the first read: \(after.map(\.action))")
            #expect(try await store.memoryVersion() == 0)
        }
    }
}

/// A memory draft, without the `throws(InputError)` noise at every call site.
func memoryDraft(_ title: String, body: String = "body", kind: MemoryKind = .note, tags: [String] = [], pinned: Bool = false) throws -> MemoryDraft {
    try MemoryDraft(kind: kind, title: title, body: body, tags: tags, pinned: pinned)
}

/// PostgreSQL workspace stores on a ``PostgresFixture``: the registry's digests are those
/// of real tokens, so a real ``Authenticator`` mints the grants.
struct StoreHarness: Sendable {
    let fixture: PostgresFixture
    let authenticator: Authenticator
    let tokens: [String: WorkspaceToken]
    let masterKey: MasterKey
    let clock = ManualClock()

    var acme: WorkspaceID { fixture.acme.id }
    var globex: WorkspaceID { fixture.globex.id }

    /// The digests of one set of tokens.
    private struct Digests: TokenDigestVerifier {
        let digests: [String: TokenDigest]
        func holds(_ digest: TokenDigest, for workspace: WorkspaceID) async throws -> Bool {
            TokenDigest.isCurrent(digest, stored: digests[workspace.rawValue])
        }
    }

    /// Runs `body` on a fresh fixture whose workspaces have tokens.
    static func with(_ body: (StoreHarness) async throws -> Void) async throws {
        try await PostgresFixture.with { fixture in
            let masterKey = try MasterKey(bytes: MasterKey.generateBytes(), source: "test")
            var tokens: [String: WorkspaceToken] = [:]
            var digests: [String: TokenDigest] = [:]
            for id in [fixture.acme.id, fixture.globex.id] {
                let token = WorkspaceToken.generate()
                let digest = TokenDigest(token: token, workspace: id, masterKey: masterKey)
                try await fixture.admin.query("UPDATE airlock.workspace SET token_digest = '\\x\(digest.hex)' WHERE id = '\(id.rawValue)'")
                tokens[id.rawValue] = token
                digests[id.rawValue] = digest
            }
            let authenticator = Authenticator(masterKey: masterKey, digests: Digests(digests: digests))
            try await body(StoreHarness(fixture: fixture, authenticator: authenticator, tokens: tokens, masterKey: masterKey))
        }
    }

    func grant(_ id: WorkspaceID) async throws -> WorkspaceGrant {
        try await authenticator.authenticate(id, token: tokens[id.rawValue]!, actor: AuditActor("analyst"))
    }

    /// A grant for `id` minted for another token than the registry's.
    func grantWithWrongDigest(_ id: WorkspaceID) async throws -> WorkspaceGrant {
        let token = WorkspaceToken.generate()
        let other = Authenticator(masterKey: masterKey, digests: Digests(digests: [id.rawValue: TokenDigest(token: token, workspace: id, masterKey: masterKey)]))
        return try await other.authenticate(id, token: token, actor: AuditActor("analyst"))
    }

    func sealKey(_ grant: WorkspaceGrant) -> AuditSealKey {
        Authenticator(masterKey: masterKey, digests: Digests(digests: [:])).maintenanceSealKey(for: grant.workspaceID)
    }

    func create(_ id: WorkspaceID, thresholds: AnomalyThresholds = AnomalyThresholds()) async throws -> PostgresWorkspaceStore {
        let grant = try await grant(id)
        return try await PostgresWorkspaceStore.create(fixture.app, grant: grant, sealKey: sealKey(grant), clock: clock, thresholds: thresholds)
    }

    func open(_ id: WorkspaceID, thresholds: AnomalyThresholds = AnomalyThresholds()) async throws -> PostgresWorkspaceStore {
        let grant = try await grant(id)
        return try await PostgresWorkspaceStore.open(fixture.app, grant: grant, sealKey: sealKey(grant), clock: clock, thresholds: thresholds)
    }
}
