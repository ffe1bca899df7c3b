import AirlockCore
@testable import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("Workspace data keys: wrapping, first use, rotation")
struct DataKeyTests {
    @Test func createdWorkspaceStoresItsDataKeyOnlyWrappedUnderItsToken() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let wrapped = Array(try #require(try test.storedDataKey(of: acme.id)))
        #expect(wrapped.count == DataKeyWrap.wrappedByteCount)
        _ = try DataKeyWrap.unwrap(wrapped, under: acme.grant.keyEncryptionKey, workspace: acme.id)

        let masterKey = try MasterKeyLoader.load(home: test.home, environment: [:], create: false)
        let guessed = masterKey.keyEncryptionKey(token: WorkspaceToken.generate(), workspace: acme.id)
        #expect(throws: CredentialError.dataKeyUnavailable(acme.id), "the master key without the token unwraps nothing") {
            try DataKeyWrap.unwrap(wrapped, under: guessed, workspace: acme.id)
        }
        let globex = try WorkspaceID("globex")
        #expect(throws: CredentialError.dataKeyUnavailable(globex), "the wrapped key is bound to its workspace id") {
            try DataKeyWrap.unwrap(wrapped, under: acme.grant.keyEncryptionKey, workspace: globex)
        }
    }

    @Test func aWrappedKeyCopiedOntoAnotherWorkspaceDoesNotUnwrap() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let globex = try await test.createWorkspace("globex")
        let acmeKey = try #require(try test.storedDataKey(of: acme.id))
        #expect(acmeKey != (try test.storedDataKey(of: globex.id)), "each workspace has its own key")
        #expect(throws: CredentialError.dataKeyUnavailable(acme.id)) {
            try DataKeyWrap.unwrap(Array(acmeKey), under: globex.grant.keyEncryptionKey, workspace: acme.id)
        }
        try test.setStoredDataKey(of: globex.id, to: acmeKey)
        let error = await #expect(throws: CredentialError.dataKeyUnavailable(globex.id)) {
            try await test.manager.openVault(globex.grant)
        }
        #expect(error?.description.contains("cannot be unwrapped with this token") == true)
    }

    @Test func workspaceWithoutADataKeyGetsOneWhenItsVaultFirstOpens() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try test.setStoredDataKey(of: acme.id, to: nil)
        let ads = try integrationID("ads")

        let first = try await test.manager.openVault(acme.grant)
        let stored = try #require(try test.storedDataKey(of: acme.id))
        #expect(stored.count == DataKeyWrap.wrappedByteCount)
        let credential = try sealed("sk-first-use", by: first, for: ads)

        let second = try await test.manager.openVault(acme.grant)
        #expect(try test.storedDataKey(of: acme.id) == stored, "a second opening keeps the key")
        #expect(try second.open(credential) == "sk-first-use")
    }

    @Test func concurrentFirstOpeningsAgreeOnOneKey() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try test.setStoredDataKey(of: acme.id, to: nil)
        let ads = try integrationID("ads")
        let vaults = try await withThrowingTaskGroup(of: CredentialVault.self) { group in
            for _ in 0..<8 {
                group.addTask { try await test.manager.openVault(acme.grant) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let credential = try sealed("sk-race", by: vaults[0], for: ads)
        for vault in vaults {
            #expect(try vault.open(credential) == "sk-race")
        }
    }

    @Test func aFirstKeyIsStoredOnlyIfNoneWasStoredMeanwhile() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try test.setStoredDataKey(of: acme.id, to: nil)
        let registry = try RegistryDatabase.open(path: test.home.registryPath)
        let stale = try #require(try await registry.dataKey(of: acme.id, presenting: acme.grant.verifiedDigest))
        #expect(stale == .absent)

        let vault = try await test.manager.openVault(acme.grant)
        let credential = try sealed("sk-kept", by: vault, for: try integrationID("ads"))
        let stored = try test.storedDataKey(of: acme.id)
        let late = WorkspaceKeys(digest: acme.grant.verifiedDigest, dataKey: .wrapped(try DataKeyWrap.newWrappedKey(under: acme.grant.keyEncryptionKey, workspace: acme.id)))
        #expect(try await !registry.replaceKeys(of: acme.id, presenting: acme.grant.verifiedDigest, expected: stale, with: late, at: nil), "a stale opening loses")
        await registry.close()
        #expect(try test.storedDataKey(of: acme.id) == stored)
        #expect(try await test.manager.openVault(acme.grant).open(credential) == "sk-kept")
    }

    @Test func rotationRewrapsTheKeySoOnlyTheNewTokenUnwrapsIt() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let ads = try integrationID("ads")
        let before = try await test.manager.openVault(acme.grant)
        let credential = try sealed("sk-before-rotation", by: before, for: ads)
        let oldWrapped = try #require(try test.storedDataKey(of: acme.id))

        let newToken = try await test.manager.rotateToken(acme.grant)
        let newGrant = try await test.manager.authenticate(acme.id, token: newToken, actor: test.actor)
        let newWrapped = Array(try #require(try test.storedDataKey(of: acme.id)))
        #expect(Data(newWrapped) != oldWrapped)
        #expect(throws: CredentialError.dataKeyUnavailable(acme.id), "the old token's key no longer unwraps it") {
            try DataKeyWrap.unwrap(newWrapped, under: acme.grant.keyEncryptionKey, workspace: acme.id)
        }
        _ = try DataKeyWrap.unwrap(newWrapped, under: newGrant.keyEncryptionKey, workspace: acme.id)
        await #expect(throws: AuthenticationError.grantNoLongerValid) { try await test.manager.openVault(acme.grant) }

        let after = try await test.manager.openVault(newGrant)
        #expect(try after.open(credential) == "sk-before-rotation", "credentials sealed before the rotation still open")
    }

    @Test func rotationThatCannotUnwrapTheKeyChangesNothing() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        var damaged = try #require(try test.storedDataKey(of: acme.id))
        damaged[20] ^= 0x01
        try test.setStoredDataKey(of: acme.id, to: damaged)

        await #expect(throws: CredentialError.dataKeyUnavailable(acme.id)) { try await test.manager.rotateToken(acme.grant) }
        #expect(try test.storedDataKey(of: acme.id) == damaged)
        let grant = try await test.manager.authenticate(acme.id, token: acme.token, actor: test.actor)
        let events = try await test.manager.withStore(grant) { try await $0.auditEvents(last: nil) }
        #expect(events.map(\.action) == ["workspace.create"], "no rotation was recorded")
        #expect(try await test.manager.registryListing().first?.rotatedAt == nil)
    }

    @Test func rotationOfAWorkspaceWithoutAKeyLeavesOneToBeMadeForTheNewToken() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try test.setStoredDataKey(of: acme.id, to: nil)
        let newToken = try await test.manager.rotateToken(acme.grant)
        #expect(try test.storedDataKey(of: acme.id) == nil)
        let grant = try await test.manager.authenticate(acme.id, token: newToken, actor: test.actor)
        let vault = try await test.manager.openVault(grant)
        let wrapped = Array(try #require(try test.storedDataKey(of: acme.id)))
        _ = try DataKeyWrap.unwrap(wrapped, under: grant.keyEncryptionKey, workspace: acme.id)
        #expect(try vault.open(try sealed("sk-new", by: vault, for: try integrationID("ads"))) == "sk-new")
    }

    @Test func noFileOfTheHomeHoldsASecretTheDataKeyOrItsWrappingKey() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let ads = try integrationID("ads")
        let secret = Canary.make("secret")
        let vault = try await test.manager.openVault(acme.grant)
        try await test.withStore(acme) { store in
            _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: bearerSettings())
            try await store.putCredential(try sealed(secret, by: vault, for: ads))
            try await store.putCredential(try sealed(secret + "-refresh", by: vault, for: ads, name: .refreshToken))
        }
        let wrapped = Array(try #require(try test.storedDataKey(of: acme.id)))
        let dataKey = try DataKeyWrap.unwrap(wrapped, under: acme.grant.keyEncryptionKey, workspace: acme.id).withUnsafeBytes { Array($0) }
        let wrappingKey = acme.grant.keyEncryptionKey.withUnsafeBytes { Array($0) }

        let files = allFiles(under: test.home.root)
        #expect(files.keys.contains("registry.sqlite"))
        #expect(files.keys.contains("clients/acme/workspace.sqlite"))
        for (path, data) in files {
            #expect(!data.contains(bytes: Array(secret.utf8)), "the secret in plain text in \(path)")
            #expect(!data.contains(bytes: dataKey), "the data key in \(path)")
            #expect(!data.contains(bytes: wrappingKey), "the key-encryption key in \(path)")
        }
    }
}
