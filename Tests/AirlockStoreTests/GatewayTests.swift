import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("Gateway")
struct GatewayTests {
    let test: TestHome
    let acme: TestHome.Workspace
    let globex: TestHome.Workspace

    init() async throws {
        test = try TestHome()
        acme = try await test.createWorkspace("acme")
        globex = try await test.createWorkspace("globex")
    }

    func gateway(api: Int = 60, chat: Int = 30, signIn: Int = 5, store: (any RateLimitStore)? = nil) -> Gateway {
        let rules = RateLimitRules(
            api: RateRule(limit: api, windowMilliseconds: 60_000), chat: RateRule(limit: chat, windowMilliseconds: 60_000),
            signIn: RateRule(limit: signIn, windowMilliseconds: 60_000))
        return Gateway(manager: test.manager, limiter: RateLimiter(rules: rules, store: store ?? SQLiteRateLimitStore(home: test.home), clock: test.clock),
                       policy: SignInPolicy(maxFailures: 100), passwordCost: try! ScryptParameters(logN: 10, r: 8, p: 1))
    }

    func wrongToken() -> WorkspaceToken { WorkspaceToken.generate() }

    @Test func anOperationOverTheLimitIsRefusedBeforeItRunsAndNamesTheRetryTime() async throws {
        let gateway = gateway(api: 3)
        for _ in 0..<3 {
            _ = try await gateway.enter(acme.id, token: acme.token, actor: test.actor, for: .api)
        }
        let events = try await test.withStore(acme) { try await $0.auditEvents(last: nil).count }
        await #expect {
            _ = try await gateway.enter(acme.id, token: acme.token, actor: test.actor, for: .api)
        } throws: { error in
            (error as? RateLimitError)?.description == "rate limit reached for workspace acme: 3 API operations a minute; try again in 60 s"
        }
        #expect(try await test.withStore(acme) { try await $0.auditEvents(last: nil).count } == events + 1,
                "only this test's own listing was added: the refused operation left no trace in the workspace")
        _ = try await gateway.enter(globex.id, token: globex.token, actor: test.actor, for: .api)
        test.clock.advance(by: 60)
        _ = try await gateway.enter(acme.id, token: acme.token, actor: test.actor, for: .api)
    }

    @Test func limitsAreSharedByEveryProcessOnTheHome() async throws {
        let first = gateway(chat: 2)
        let second = gateway(chat: 2)
        try first.admit(acme.grant, .chat)
        try second.admit(acme.grant, .chat)
        #expect(throws: RateLimitError.self) { try first.admit(acme.grant, .chat) }
        #expect(throws: RateLimitError.self) { try second.admit(acme.grant, .chat) }
    }

    @Test func validTokensDoNotUseUpTheSignInLimitButFailuresDo() async throws {
        let gateway = gateway(signIn: 3)
        for _ in 0..<10 {
            _ = try await gateway.enter(acme.id, token: acme.token, actor: test.actor, for: nil)
        }
        for _ in 0..<3 {
            await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) {
                _ = try await gateway.enter(acme.id, token: wrongToken(), actor: test.actor, for: nil)
            }
        }
        await #expect(throws: RateLimitError.self, "a full window refuses even the right token until it passes") {
            _ = try await gateway.enter(acme.id, token: acme.token, actor: test.actor, for: nil)
        }
        _ = try await gateway.enter(globex.id, token: globex.token, actor: test.actor, for: nil)
        test.clock.advance(by: 60)
        _ = try await gateway.enter(acme.id, token: acme.token, actor: test.actor, for: nil)
    }

    @Test func unknownWorkspacesAreLimitedLikeWrongTokensWithoutAFileOfTheirOwn() async throws {
        let gateway = gateway(signIn: 2)
        let unknown = try WorkspaceID("no-such-workspace")
        for _ in 0..<2 {
            await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) {
                _ = try await gateway.enter(unknown, token: wrongToken(), actor: test.actor, for: .api)
            }
        }
        await #expect(throws: RateLimitError.self) {
            _ = try await gateway.enter(unknown, token: wrongToken(), actor: test.actor, for: .api)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: test.home.root + "/limits")
        #expect(!files.contains { $0.contains("no-such-workspace") }, "\(files)")
        #expect(!FileManager.default.fileExists(atPath: test.home.root + "/clients/no-such-workspace"))
    }

    @Test func explicitTokenSignInsCountEveryAttempt() async throws {
        let gateway = gateway(signIn: 2)
        _ = try await gateway.signIn.token(acme.token, workspace: acme.id, actor: test.actor)
        _ = try await gateway.signIn.token(acme.token, workspace: acme.id, actor: test.actor)
        await #expect(throws: RateLimitError.self) {
            _ = try await gateway.signIn.token(acme.token, workspace: acme.id, actor: test.actor)
        }
    }

    @Test func failedTokenAttemptsBeforeASuccessAreReportedToTheWorkspace() async throws {
        let gateway = gateway(signIn: 100)
        for _ in 0..<6 {
            await #expect(throws: AuthenticationError.unknownWorkspaceOrInvalidToken) {
                _ = try await gateway.enter(acme.id, token: wrongToken(), actor: test.actor, for: nil)
            }
        }
        _ = try await gateway.enter(acme.id, token: acme.token, actor: test.actor, for: nil)
        let alerts = try await test.withStore(acme) { try await $0.alerts(limit: nil) }
        #expect(alerts.map(\.rule) == [.failedSignIns])
        #expect(alerts.first?.details.observed == 6)
        #expect(try await test.withStore(globex) { try await $0.alerts(limit: nil) }.isEmpty)
        _ = try await gateway.enter(acme.id, token: acme.token, actor: test.actor, for: nil)
        #expect(try await test.withStore(acme) { try await $0.alerts(limit: nil) }.count == 1, "the count was forgotten with the success")
    }

    @Test func aFloodInOneWorkspaceLeavesAnothersResultsAndLatencyUnchanged() async throws {
        let gateway = gateway(api: 60)
        func timeGlobex() throws -> (admitted: Bool, seconds: Double) {
            let start = ContinuousClock.now
            let admitted = (try? gateway.admit(globex.grant, .api)) != nil
            let elapsed = ContinuousClock.now - start
            return (admitted, Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
        }
        var alone: [(admitted: Bool, seconds: Double)] = []
        for _ in 0..<80 { alone.append(try timeGlobex()) }
        test.clock.advance(by: 60)
        var beside: [(admitted: Bool, seconds: Double)] = []
        for _ in 0..<80 {
            for _ in 0..<20 { _ = try? gateway.admit(acme.grant, .api) }
            beside.append(try timeGlobex())
        }
        #expect(beside.map(\.admitted) == alone.map(\.admitted))
        #expect(alone.filter(\.admitted).count == 60)
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let ratio = median(beside.map(\.seconds)) / median(alone.map(\.seconds))
        // Within noise: acme's flood writes another file, so globex never waits on it.
        #expect(ratio < 3, "median latency beside a flood is \(ratio)× the latency alone")
    }

    @Test func aConcurrentFloodNeverRefusesAnotherWorkspace() async throws {
        let gateway = gateway(api: 60)
        let flood = Task.detached {
            for _ in 0..<2000 { _ = try? gateway.admit(acme.grant, .api) }
        }
        var admitted = 0
        for _ in 0..<60 where (try? gateway.admit(globex.grant, .api)) != nil { admitted += 1 }
        await flood.value
        #expect(admitted == 60)
    }

    @Test func theRuntimeAdmissionCountsAgainstItsOwnWorkspace() throws {
        let gateway = gateway(chat: 1)
        let admission = gateway.admission(for: acme.grant)
        try admission.admit(.chat)
        #expect(throws: RateLimitError.self) { try admission.admit(.chat) }
        try gateway.admission(for: globex.grant).admit(.chat)
        try gateway.ensureRoom(globex.grant, .api)
        #expect(throws: RateLimitError.self) { try gateway.ensureRoom(acme.grant, .chat) }
    }

    @Test func passwordSignInsAreLimitedPerAccount() async throws {
        let gateway = gateway(signIn: 2)
        let accounts = UserAccounts(manager: test.manager, passwordCost: try ScryptParameters(logN: 10, r: 8, p: 1))
        try await accounts.add(try AccountEmail("alice@example.com"), password: "correct horse battery", openIDConnect: false)
        _ = try await gateway.signIn.password(email: "alice@example.com", password: "correct horse battery")
        await #expect(throws: SignInError.unknownAccountOrWrongCredentials) {
            _ = try await gateway.signIn.password(email: "alice@example.com", password: "wrong password!")
        }
        await #expect(throws: RateLimitError.self) {
            _ = try await gateway.signIn.password(email: "alice@example.com", password: "correct horse battery")
        }
        await #expect(throws: SignInError.unknownAccountOrWrongCredentials, "another account has its own limit") {
            _ = try await gateway.signIn.password(email: "bob@example.com", password: "anything at all")
        }
    }

    @Test func deletingAWorkspaceRemovesItsLimits() async throws {
        try gateway().admit(globex.grant, .api)
        let file = test.home.root + "/limits/workspace-globex.sqlite"
        #expect(FileManager.default.fileExists(atPath: file))
        try await test.manager.deleteWorkspace(globex.grant)
        #expect(!FileManager.default.fileExists(atPath: file))
        #expect(FileManager.default.fileExists(atPath: test.home.root + "/limits/workspace-acme.sqlite") == false, "acme was never counted")
    }

    @Test func limitFilesArePrivateAndKeepNoEmail() async throws {
        let gateway = gateway(signIn: 5)
        _ = try? await gateway.signIn.password(email: "carol@example.com", password: "not her password")
        try gateway.admit(acme.grant, .api)
        let directory = test.home.root + "/limits"
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? NSNumber).intValue
        #expect(mode & 0o777 == 0o700)
        for file in try FileManager.default.contentsOfDirectory(atPath: directory) {
            let data = try #require(FileManager.default.contents(atPath: directory + "/" + file))
            #expect(!String(decoding: data, as: UTF8.self).contains("carol"), "\(file)")
        }
    }
}
