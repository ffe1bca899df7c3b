import AirlockCore
import Testing

@Suite("Authenticator")
struct AuthenticatorTests {
    private let acme = try! WorkspaceID("acme")
    private let globex = try! WorkspaceID("globex")

    private func authenticator(key: MasterKey, tokens: [WorkspaceID: WorkspaceToken]) -> Authenticator {
        var digests: [WorkspaceID: TokenDigest] = [:]
        for (id, token) in tokens { digests[id] = TokenDigest(token: token, workspace: id, masterKey: key) }
        return Authenticator(masterKey: key, digests: FixedDigests(digests: digests))
    }

    @Test func rightTokenGivesAGrantForThatWorkspaceAndActor() async throws {
        let token = WorkspaceToken.generate()
        let auth = authenticator(key: try masterKey(1), tokens: [acme: token])
        let grant = try await auth.authenticate(acme, token: token, actor: AuditActor("cli:alice"))
        #expect(grant.workspaceID == acme)
        #expect(grant.actor == AuditActor("cli:alice"))
        #expect(grant.actor.name == "cli:alice")
    }

    @Test func grantDescriptionNamesWorkspaceAndActorButNotTheToken() async throws {
        let token = WorkspaceToken.generate()
        let auth = authenticator(key: try masterKey(1), tokens: [acme: token])
        let grant = try await auth.authenticate(acme, token: token, actor: AuditActor("cli:alice"))
        #expect(grant.description == "WorkspaceGrant(acme, actor: cli:alice)")
        #expect(!"\(grant)".contains(token.revealed))
    }

    @Test func wrongTokenAndUnknownWorkspaceGiveTheSameError() async throws {
        let token = WorkspaceToken.generate()
        let auth = authenticator(key: try masterKey(1), tokens: [acme: token])
        let wrongToken = await #expect(throws: AuthenticationError.self) {
            try await auth.authenticate(acme, token: .generate(), actor: AuditActor("cli:alice"))
        }
        let unknownWorkspace = await #expect(throws: AuthenticationError.self) {
            try await auth.authenticate(globex, token: token, actor: AuditActor("cli:alice"))
        }
        #expect(wrongToken == .unknownWorkspaceOrInvalidToken)
        #expect(unknownWorkspace == .unknownWorkspaceOrInvalidToken)
        #expect(wrongToken?.description == unknownWorkspace?.description)
    }

    @Test func tokenOfOneWorkspaceDoesNotOpenAnother() async throws {
        let acmeToken = WorkspaceToken.generate()
        let auth = authenticator(key: try masterKey(1), tokens: [acme: acmeToken, globex: .generate()])
        await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) {
            try await auth.authenticate(globex, token: acmeToken, actor: AuditActor("cli:alice"))
        }
    }

    @Test func digestCopiedFromAnotherWorkspaceVerifiesNothing() async throws {
        let key = try masterKey(1)
        let acmeToken = WorkspaceToken.generate()
        let acmeDigest = TokenDigest(token: acmeToken, workspace: acme, masterKey: key)
        let auth = Authenticator(masterKey: key, digests: FixedDigests(digests: [acme: acmeDigest, globex: acmeDigest]))
        await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) {
            try await auth.authenticate(globex, token: acmeToken, actor: AuditActor("cli:alice"))
        }
    }

    @Test func digestsMadeUnderAnotherMasterKeyDoNotVerify() async throws {
        let token = WorkspaceToken.generate()
        let digest = TokenDigest(token: token, workspace: acme, masterKey: try masterKey(2))
        let auth = Authenticator(masterKey: try masterKey(1), digests: FixedDigests(digests: [acme: digest]))
        await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) {
            try await auth.authenticate(acme, token: token, actor: AuditActor("cli:alice"))
        }
    }

    @Test func confirmAcceptsItsOwnGrant() async throws {
        let key = try masterKey(1)
        let token = WorkspaceToken.generate()
        let auth = authenticator(key: key, tokens: [acme: token])
        let grant = try await auth.authenticate(acme, token: token, actor: AuditActor("cli:alice"))
        try auth.confirmIssuer(grant)
        #expect(grant.verifiedDigest.matches(auth.digest(of: token, for: acme)))
    }

    @Test func confirmRejectsAGrantOfAnotherAuthenticator() async throws {
        let key = try masterKey(1)
        let token = WorkspaceToken.generate()
        let first = authenticator(key: key, tokens: [acme: token])
        let second = authenticator(key: key, tokens: [acme: token])
        let grant = try await first.authenticate(acme, token: token, actor: AuditActor("cli:alice"))
        #expect(throws: AuthenticationError.grantNoLongerValid) {
            try second.confirmIssuer(grant)
        }
        #expect(throws: AuthenticationError.grantNoLongerValid) { try second.auditSealKey(for: grant) }
    }

    @Test func aDigestIsCurrentOnlyIfItEqualsTheStoredOne() {
        let key = try! masterKey(1)
        let auth = authenticator(key: key, tokens: [:])
        let digest = auth.digest(of: .generate(), for: acme)
        #expect(TokenDigest.isCurrent(digest, stored: digest))
        #expect(!TokenDigest.isCurrent(digest, stored: auth.digest(of: .generate(), for: acme)))
        #expect(!TokenDigest.isCurrent(digest, stored: nil), "an unknown workspace holds no digest")
    }

    @Test func errorDescriptionsDoNotSayWhetherTheWorkspaceExists() {
        #expect(AuthenticationError.unknownWorkspaceOrInvalidToken.description == "unknown workspace or invalid token")
    }
}

@Suite("AuditActor")
struct AuditActorTests {
    @Test func actorNamesAreOneSanitizedLine() {
        #expect(AuditActor("cli:alice").name == "cli:alice")
        #expect(AuditActor("cli:\u{1B}[2Jalice\nbob").name == "cli:\u{241B}[2Jalice\u{2424}bob")
        #expect(!containsRawControl(AuditActor("a\u{202E}b\u{7}").name))
    }

    @Test func emptyActorBecomesUnknownAndLongOnesAreCut() {
        #expect(AuditActor("").name == "unknown")
        #expect(AuditActor(String(repeating: "x", count: 300)).name.count == 128)
    }
}
