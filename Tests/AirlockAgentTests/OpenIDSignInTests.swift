import AirlockAgent
import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

/// OpenID Connect sign-in with the device flow against a fake issuer on 127.0.0.1, ending
/// in the same grants as the other sign-in methods.
@Suite("OpenIDSignIn: device flow through a fake issuer", .timeLimit(.minutes(2)))
struct OpenIDSignInTests {
    private static let cheapScrypt = try! ScryptParameters(logN: 10, r: 8, p: 1)

    /// A home with workspace `acme` (one memory document, `acme-canary`), and the account
    /// `alice@example.com` made a member of it if `account` says how it signs in.
    private struct Home {
        let test: TestHome
        let acme: TestHome.Workspace
        let alice = try! AccountEmail("alice@example.com")

        init(openIDConnect: Bool = true, password: String? = nil) async throws {
            test = try TestHome()
            acme = try await test.createWorkspace("acme")
            _ = try await test.withStore(acme) { store in try await store.addMemory(try MemoryDraft(kind: .note, title: "acme-canary", body: "b", tags: [], pinned: false)) }
            let accounts = UserAccounts(manager: test.manager, passwordCost: OpenIDSignInTests.cheapScrypt)
            try await accounts.add(alice, password: password, openIDConnect: openIDConnect)
            try await accounts.grant(alice, workspace: acme.id, token: acme.token, actor: test.actor)
        }

        func memoryTitles(_ grant: WorkspaceGrant) async throws -> [String] {
            try await test.manager.withStore(grant) { store in try await store.listMemory(kind: nil).map(\.title) }
        }
    }

    /// Runs `body` with an issuer for `email` (wrong as `fault` says) and a sign-in through
    /// it into `home`, without real waits between polls.
    private func withIssuer<T>(
        _ home: Home, email: String = "alice@example.com", fault: FakeOIDCIssuer.Fault? = nil, pendingPolls: Int = 0,
        issuerPath: String = "", _ body: (FakeOIDCIssuer, OpenIDSignIn) async throws -> T
    ) async throws -> T {
        let issuer = try await FakeOIDCIssuer.start(email: email, fault: fault, clock: home.test.clock, pendingPolls: pendingPolls)
        let http = IntegrationHTTP(limits: .init(connectTimeout: 5))
        let signIn = OpenIDSignIn(
            settings: OpenIDSettings(issuer: issuer.issuer + issuerPath, clientID: issuer.clientID),
            signIn: SignIn(manager: home.test.manager, passwordCost: Self.cheapScrypt), http: http, clock: home.test.clock, sleep: { _ in })
        do {
            let result = try await body(issuer, signIn)
            await http.shutdown()
            try await issuer.shutdown()
            return result
        } catch {
            await http.shutdown()
            try? await issuer.shutdown()
            throw error
        }
    }

    @Test func theDeviceFlowSignsInToTheSameWorkspaceAsItsToken() async throws {
        let home = try await Home()
        try await withIssuer(home, email: "Alice@Example.com", pendingPolls: 2) { issuer, signIn in
            let pending = try await signIn.start()
            #expect(pending.authorization.userCode == issuer.userCode)
            #expect(pending.authorization.verificationURI == issuer.issuer + "/device")
            #expect(!"\(pending)".contains(issuer.deviceCode))

            let signedIn = try await signIn.finish(pending, expecting: home.alice)
            #expect(signedIn.email == home.alice)
            #expect(signedIn.outdated.isEmpty)
            let access = try #require(signedIn.workspaces.first)
            #expect(signedIn.workspaces.count == 1)
            #expect(access.workspaceID == home.acme.id)
            #expect(access.token == home.acme.token)
            #expect(access.grant.actor == AuditActor("user:alice@example.com"))
            #expect(try await home.memoryTitles(access.grant) == home.memoryTitles(home.acme.grant))
            #expect(try await home.memoryTitles(access.grant) == ["acme-canary"])

            let requests = issuer.requests.map { "\($0.method) \($0.path)" }
            #expect(requests == ["GET /.well-known/openid-configuration", "POST /device/code", "POST /token", "POST /token", "POST /token", "GET /jwks"])
        }
    }

    @Test(arguments: FakeOIDCIssuer.Fault.allCases)
    func aFaultyIDTokenIsRefusedLikeWrongCredentials(fault: FakeOIDCIssuer.Fault) async throws {
        let home = try await Home()
        try await withIssuer(home, fault: fault) { _, signIn in
            let pending = try await signIn.start()
            await #expect(throws: SignInError.unknownAccountOrWrongCredentials) { try await signIn.finish(pending) }
        }
    }

    @Test func anAccountThatMayNotUseTheProviderIsRefusedLikeAnUnknownOne() async throws {
        let passwordOnly = try await Home(openIDConnect: false, password: "correct horse battery")
        try await withIssuer(passwordOnly) { _, signIn in
            await #expect(throws: SignInError.unknownAccountOrWrongCredentials) { try await signIn.finish(try await signIn.start()) }
        }
        let home = try await Home()
        try await withIssuer(home, email: "nobody@example.com") { _, signIn in
            await #expect(throws: SignInError.unknownAccountOrWrongCredentials) { try await signIn.finish(try await signIn.start()) }
        }
    }

    @Test func anotherAccountThanTheExpectedOneIsRefused() async throws {
        let home = try await Home()
        try await withIssuer(home) { _, signIn in
            let pending = try await signIn.start()
            await #expect(throws: SignInError.unknownAccountOrWrongCredentials) {
                try await signIn.finish(pending, expecting: try AccountEmail("bob@example.com"))
            }
        }
    }

    @Test func anUnusableIssuerIsReportedAsSuch() async throws {
        let home = try await Home()
        try await withIssuer(home, issuerPath: "/elsewhere") { issuer, signIn in
            let error = await #expect(throws: OpenIDError.self) { try await signIn.start() }
            #expect(error?.description.contains("answered HTTP 404") == true, "\(String(describing: error))")
            #expect(issuer.requests.map(\.path) == ["/elsewhere/.well-known/openid-configuration"])
        }
        let http = IntegrationHTTP()
        let remote = OpenIDSignIn(settings: OpenIDSettings(issuer: "http://issuer.example", clientID: "c"), signIn: SignIn(manager: home.test.manager), http: http)
        await #expect(throws: OpenIDError.self) { try await remote.start() }
        await http.shutdown()
    }
}
