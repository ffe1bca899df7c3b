import AirlockCore
@testable import AirlockPostgres
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

/// A ``WorkspaceManager`` on ``PostgresBackend``: registry and workspace data in one
/// database, reached as the application role, end to end.
@Suite("PostgreSQL backend", .serialized, .timeLimit(.minutes(3)))
struct PostgresBackendTests {
    private let actor = AuditActor("test:analyst")

    /// Runs `body` with a manager of a fresh home whose backend is the fixture's database,
    /// closed afterwards.
    private func withManager(_ body: (WorkspaceManager, PostgresFixture) async throws -> Void) async throws {
        try await PostgresFixture.with { fixture in
            let directory = try TemporaryDirectory(prefix: "airlock-pg-home")
            let home = try AirlockHome.open(at: directory.appending("home"), create: true)
            let masterKey = try MasterKeyLoader.load(home: home, environment: [:], create: true)
            let manager = try WorkspaceManager.open(home: home, masterKey: masterKey, backend: try await PostgresBackend.connect(fixture.app.location, maximumConnections: 4))
            do {
                try await body(manager, fixture)
            } catch {
                await manager.close()
                throw error
            }
            await manager.close()
            withExtendedLifetime(directory) {}
        }
    }

    /// Rows of workspace `id` in the registry, the membership table and every tenant table,
    /// counted by the administrator: a superuser, whom row-level security does not bind
    /// (it binds the schema's owner, who would see nothing either way).
    private func remainingRows(of id: String, _ fixture: PostgresFixture) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in PostgresSchema.tenantTables {
            counts[table] = try await fixture.admin.query("SELECT count(*)::int FROM airlock.\(table) WHERE workspace_id = '\(id)'").first?.decode(Int.self)
        }
        counts["membership"] = try await fixture.admin.query("SELECT count(*)::int FROM airlock.membership WHERE workspace = '\(id)'").first?.decode(Int.self)
        counts["workspace"] = try await fixture.admin.query("SELECT count(*)::int FROM airlock.workspace WHERE id = '\(id)'").first?.decode(Int.self)
        return counts
    }

    /// Creates `initech` with a memory and a sealed credential; returns its token and the
    /// sealed credential.
    private func createInitech(_ manager: WorkspaceManager) async throws -> (WorkspaceID, WorkspaceToken, SealedCredential) {
        let id = try WorkspaceID("initech")
        let created = try await manager.createWorkspace(name: "Initech", id: id, actor: actor)
        await #expect(throws: StoreError.workspaceExists(id)) { _ = try await manager.createWorkspace(name: "Initech", id: id, actor: self.actor) }
        let grant = try await manager.authenticate(id, token: created.token, actor: actor)
        let integration = try IntegrationID("ads")
        let sealed = try await manager.withStore(grant) { store in
            _ = try await store.addMemory(try MemoryDraft(kind: .note, title: "Quarterly plan", body: "grow"))
            _ = try await store.addIntegration(id: integration, kind: .http, name: "Ads", settings: IntegrationSettings(baseURL: "https://api.example.com", auth: .bearer))
            let vault = try await manager.openVault(grant)
            let sealed = SealedCredential(
                integration: integration, name: .apiKey, sealed: try vault.seal("secret-4711", integration: integration, name: .apiKey), label: "key", expiresAt: nil)
            vault.close()
            try await store.putCredential(sealed)
            return sealed
        }
        #expect(try await manager.registryListing().map(\.id).contains(id))
        return (id, created.token, sealed)
    }

    @Test func aWorkspaceIsCreatedUsedAndDeletedWithNothingLeft() async throws {
        try await withManager { manager, fixture in
            #expect(manager.storageName == "postgres")
            let (id, token, sealed) = try await createInitech(manager)
            let grant = try await manager.authenticate(id, token: token, actor: actor)
            let stored = try await manager.withStore(grant) { store in
                #expect(try await store.listMemory(kind: nil).map(\.title) == ["Quarterly plan"])
                return try await store.credential(sealed.integration, .apiKey)
            }
            #expect(stored?.sealed == sealed.sealed)
            let vault = try await manager.openVault(grant)
            #expect(try vault.open(sealed) == "secret-4711")
            vault.close()

            try await rememberKeysAtDeletion(fixture)
            try await manager.deleteWorkspace(grant)
            let atDeletion = try await fixture.admin.query("SELECT length(wrapped_data_key) FROM public.deleted_key WHERE id = 'initech'")
            #expect(try atDeletion.map { try $0.decode(Int?.self) } == [0], "the data key was destroyed before the row was deleted")
            let remaining = try await remainingRows(of: "initech", fixture)
            #expect(remaining.count == PostgresSchema.tenantTables.count + 2)
            #expect(remaining.values.allSatisfy { $0 == 0 }, "\(remaining)")
            await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) { _ = try await manager.authenticate(id, token: token, actor: self.actor) }
            await #expect(throws: AuthenticationError.grantNoLongerValid) { _ = try await manager.open(grant) }
            #expect(try await !manager.registryListing().map(\.id).contains(id))
        }
    }

    @Test func aRotatedTokenReplacesTheOldOneAndKeepsTheCredentials() async throws {
        try await withManager { manager, _ in
            let (id, oldToken, sealed) = try await createInitech(manager)
            let grant = try await manager.authenticate(id, token: oldToken, actor: actor)
            let token = try await manager.rotateToken(grant)
            await #expect(throws: AuthenticationError.grantNoLongerValid) { _ = try await manager.open(grant) }
            await #expect(throws: AuthenticationError.grantNoLongerValid) { _ = try await manager.openVault(grant) }
            await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) {
                _ = try await manager.authenticate(id, token: oldToken, actor: self.actor)
            }
            let rotated = try await manager.authenticate(id, token: token, actor: actor)
            #expect(try await manager.record(for: rotated).rotatedAt != nil)
            let actions = try await manager.withStore(rotated) { store in
                #expect(try await store.listMemory(kind: nil).map(\.title) == ["Quarterly plan"])
                return try await store.auditEvents(last: nil).map(\.action)
            }
            #expect(actions.contains(AuditAction.workspaceRotateToken.rawValue))
            let vault = try await manager.openVault(rotated)
            #expect(try vault.open(sealed) == "secret-4711", "credentials sealed before the rotation still open")
            vault.close()
        }
    }

    @Test func closingTheManagerClosesThePool() async throws {
        try await withManager { manager, _ in
            let id = try WorkspaceID("initech")
            let created = try await manager.createWorkspace(name: "Initech", id: id, actor: actor)
            await manager.close()
            await #expect(throws: (any Error).self) { _ = try await manager.authenticate(id, token: created.token, actor: self.actor) }
            await #expect(throws: (any Error).self) { _ = try await manager.registryListing() }
        }
    }

    /// Records each deleted workspace row's wrapped data key as it was when deleted
    /// (in `public.deleted_key`, owned by the administrator).
    private func rememberKeysAtDeletion(_ fixture: PostgresFixture) async throws {
        try await fixture.admin.query("CREATE TABLE public.deleted_key (id text, wrapped_data_key bytea)")
        try await fixture.admin.query("""
            CREATE FUNCTION public.remember_deleted_key() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
            BEGIN
                INSERT INTO public.deleted_key VALUES (OLD.id, OLD.wrapped_data_key);
                RETURN OLD;
            END
            $$
            """)
        try await fixture.admin.query("""
            CREATE TRIGGER remember_deleted_key BEFORE DELETE ON airlock.workspace FOR EACH ROW EXECUTE FUNCTION public.remember_deleted_key()
            """)
    }
}
