import AirlockCore
@testable import AirlockPostgres
import AirlockTestSupport
import Foundation
import Testing

/// Creating and opening PostgreSQL workspace stores, and their isolation by token digest: a
/// grant whose digest is not the workspace's reaches nothing. (The store contract, isolation
/// between workspaces and closing are in the conformance suite.)
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
