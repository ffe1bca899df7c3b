import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import GRDB
import Testing

@Suite("Workspace deletion shreds the data key")
struct CryptoShreddingTests {
    @Test func deletionLeavesNoWrappedKeyAndACopiedDatabaseCannotBeDecrypted() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let ads = try integrationID("ads")
        let secret = Canary.make("shredded")
        let vault = try await test.manager.openVault(acme.grant)
        try await test.withStore(acme) { store in
            _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: bearerSettings())
            try await store.putCredential(try sealed(secret, by: vault, for: ads))
        }
        vault.close()
        let copy = test.directory.appending("stolen-workspace.sqlite")
        for suffix in ["", "-wal"] where exists(test.databasePath(of: acme.id) + suffix) {
            try FileManager.default.copyItem(atPath: test.databasePath(of: acme.id) + suffix, toPath: copy + suffix)
        }
        let wrapped = try #require(try test.storedDataKey(of: acme.id))

        try await test.manager.deleteWorkspace(acme.grant)

        #expect(try !test.registryHasRow(for: acme.id))
        for (path, data) in allFiles(under: test.home.root) {
            #expect(!data.contains(bytes: Array(wrapped)), "the destroyed wrapped key survives in \(path)")
        }
        let stolen = try withRawDatabase(copy) { db in
            try Row.fetchOne(db, sql: "SELECT integration_id, name, sealed, label FROM credential")
        }
        let row = try #require(stolen, "the copy still holds the sealed credential")
        let credential = SealedCredential(integration: ads, name: .apiKey, sealed: Array(row["sealed"] as Data), label: row["label"], expiresAt: nil)

        // Everything the master key and the old token can still derive opens nothing.
        let masterKey = try MasterKeyLoader.load(home: test.home, environment: [:], create: false)
        for (label, key) in [
            ("the old grant's key", acme.grant.keyEncryptionKey),
            ("the master key with the old token", masterKey.keyEncryptionKey(token: acme.token, workspace: acme.id)),
            ("the master key with a fresh token", masterKey.keyEncryptionKey(token: WorkspaceToken.generate(), workspace: acme.id)),
        ] {
            #expect(throws: CredentialError.cannotOpen(integration: ads, name: .apiKey), "\(label) used as the data key") {
                try CredentialVault(workspace: acme.id, dataKey: key).open(credential)
            }
        }
        await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) {
            try await test.manager.authenticate(acme.id, token: acme.token, actor: test.actor)
        }
        await #expect(throws: AuthenticationError.grantNoLongerValid) { try await test.manager.openVault(acme.grant) }

        // A workspace made again under the same id, with the copy put in its place.
        let reborn = try await test.createWorkspace("acme")
        try FileManager.default.removeItem(atPath: test.databasePath(of: reborn.id))
        try FileManager.default.copyItem(atPath: copy, toPath: test.databasePath(of: reborn.id))
        let restored = try await test.withStore(reborn) { store in try await store.credential(ads, .apiKey) }
        let rebornVault = try await test.manager.openVault(reborn.grant)
        #expect(throws: CredentialError.cannotOpen(integration: ads, name: .apiKey)) {
            try rebornVault.open(try #require(restored))
        }
    }

    @Test func aDeletionStoppedAfterShreddingReportsTheKeyDestroyedAndCanBeFinished() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try test.setStoredDataKey(of: acme.id, to: Data())

        let error = await #expect(throws: CredentialError.dataKeyDestroyed(acme.id)) { try await test.manager.openVault(acme.grant) }
        #expect(error?.description.contains("airlock workspace delete acme --yes") == true)
        #expect(try test.storedDataKey(of: acme.id) == Data(), "a destroyed key is not replaced by a fresh one")

        try await test.manager.deleteWorkspace(acme.grant)
        #expect(try !test.registryHasRow(for: acme.id))
        #expect(!exists(test.home.root + "/clients/acme"))
    }

    @Test func deletingOneWorkspaceLeavesAnothersKeyAndCredentials() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let globex = try await test.createWorkspace("globex")
        let ads = try integrationID("ads")
        let globexVault = try await test.manager.openVault(globex.grant)
        let credential = try sealed("sk-globex", by: globexVault, for: ads)
        let globexKey = try test.storedDataKey(of: globex.id)

        try await test.manager.deleteWorkspace(acme.grant)

        #expect(try test.storedDataKey(of: globex.id) == globexKey)
        #expect(try await test.manager.openVault(globex.grant).open(credential) == "sk-globex")
    }
}
