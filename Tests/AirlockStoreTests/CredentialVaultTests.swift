import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("CredentialVault")
struct CredentialVaultTests {
    @Test func sealedCredentialOpensInItsOwnWorkspacesVault() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let vault = try await test.manager.openVault(acme.grant)
        let credential = try sealed("sk-live-東京-🔑", by: vault, for: try integrationID("ads"))
        #expect(!credential.sealed.isEmpty)
        #expect(try vault.open(credential) == "sk-live-東京-🔑")
        let again = try sealed("sk-live-東京-🔑", by: vault, for: try integrationID("ads"))
        #expect(again.sealed != credential.sealed, "every sealing uses a fresh nonce")
    }

    @Test func credentialPresentedAsAnotherIntegrationOrNameDoesNotOpen() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let vault = try await test.manager.openVault(acme.grant)
        let ads = try integrationID("ads")
        let calendar = try integrationID("calendar")
        let credential = try sealed("sk-bound", by: vault, for: ads, name: .accessToken)
        #expect(throws: CredentialError.cannotOpen(integration: calendar, name: .accessToken)) {
            try vault.open(moved(credential, to: calendar))
        }
        #expect(throws: CredentialError.cannotOpen(integration: ads, name: .refreshToken)) {
            try vault.open(moved(credential, name: .refreshToken))
        }
        let error = #expect(throws: CredentialError.self) { try vault.open(moved(credential, to: calendar, name: .apiKey)) }
        #expect(error?.description == "credential api_key of integration calendar cannot be decrypted in this workspace: it was sealed for another workspace, integration or credential name, or it is damaged; connect the integration again")
    }

    @Test func credentialMovedToAnotherWorkspaceDoesNotOpen() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let globex = try await test.createWorkspace("globex")
        let ads = try integrationID("ads")
        let acmeVault = try await test.manager.openVault(acme.grant)
        let globexVault = try await test.manager.openVault(globex.grant)
        let credential = try sealed("sk-acme", by: acmeVault, for: ads)
        #expect(throws: CredentialError.cannotOpen(integration: ads, name: .apiKey)) { try globexVault.open(credential) }

        // The same data key under another workspace id does not open it either.
        let dataKey = try DataKeyWrap.unwrap(Array(try #require(try test.storedDataKey(of: acme.id))), under: acme.grant.keyEncryptionKey, workspace: acme.id)
        let relabelled = CredentialVault(workspace: globex.id, dataKey: dataKey)
        #expect(throws: CredentialError.cannotOpen(integration: ads, name: .apiKey)) { try relabelled.open(credential) }
    }

    @Test func alteredOrTruncatedCredentialIsRefusedNotDecryptedToGarbage() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let vault = try await test.manager.openVault(acme.grant)
        let ads = try integrationID("ads")
        let credential = try sealed("sk-intact", by: vault, for: ads)
        var flipped = credential.sealed
        flipped[14] ^= 0x20
        for bytes in [flipped, Array(credential.sealed.dropLast()), Array(credential.sealed.prefix(12)), []] {
            let damaged = SealedCredential(integration: ads, name: .apiKey, sealed: bytes, label: "API key", expiresAt: nil)
            #expect(throws: CredentialError.cannotOpen(integration: ads, name: .apiKey)) { try vault.open(damaged) }
        }
    }

    @Test func closedVaultRefusesToSealOrOpen() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let vault = try await test.manager.openVault(acme.grant)
        let ads = try integrationID("ads")
        let credential = try sealed("sk-before-close", by: vault, for: ads)
        #expect(!vault.isClosed)
        vault.close()
        #expect(vault.isClosed)
        #expect(vault.description == "CredentialVault(acme, closed)")
        #expect(throws: CredentialError.vaultClosed(acme.id)) { try vault.open(credential) }
        let error = #expect(throws: CredentialError.vaultClosed(acme.id)) { try vault.seal("sk-late", integration: ads, name: .apiKey) }
        #expect(error?.description == "the credential vault of workspace acme is closed; open it again")
        vault.close()
        #expect(try await test.manager.openVault(acme.grant).open(credential) == "sk-before-close", "a new vault opens it again")
    }

    @Test func emptyAndOversizedSecretsAreRefused() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let vault = try await test.manager.openVault(acme.grant)
        let ads = try integrationID("ads")
        #expect(throws: InputError(field: "credential", reason: "it is empty")) { try vault.seal("", integration: ads, name: .apiKey) }
        let huge = String(repeating: "k", count: CredentialVault.secretByteLimit + 1)
        #expect(throws: InputError.self) { try vault.seal(huge, integration: ads, name: .apiKey) }
        _ = try vault.seal(String(repeating: "k", count: CredentialVault.secretByteLimit), integration: ads, name: .apiKey)
    }

    @Test func staleOrForeignGrantsCannotOpenAVault() async throws {
        let test = try TestHome()
        let elsewhere = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let impostor = try await elsewhere.createWorkspace("acme")
        await #expect(throws: AuthenticationError.grantNoLongerValid) { try await test.manager.openVault(impostor.grant) }
        _ = try await test.manager.rotateToken(acme.grant)
        await #expect(throws: AuthenticationError.grantNoLongerValid) { try await test.manager.openVault(acme.grant) }
    }

    @Test func neitherVaultNorGrantShowsKeyMaterialWhenPrintedOrDumped() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let vault = try await test.manager.openVault(acme.grant)
        #expect(vault.description == "CredentialVault(acme, open)")
        #expect(acme.grant.description == "WorkspaceGrant(acme, actor: test:analyst)")
        for value in [vault, acme.grant] as [Any] {
            var dumped = ""
            dump(value, to: &dumped)
            for hidden in ["keyEncryptionKey", "dataKey", "SymmetricKey", "SecureBytes", "verifiedDigest"] {
                #expect(!dumped.contains(hidden), "\(hidden) in \(dumped)")
            }
        }
    }
}
