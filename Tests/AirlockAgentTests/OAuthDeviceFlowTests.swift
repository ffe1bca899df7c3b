import AirlockAgent
import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// The device authorization grant (RFC 8628) against a scripted OAuth server, with
/// injected waits.
@Suite("OAuth device flow", .timeLimit(.minutes(1)))
struct OAuthDeviceFlowTests {
    /// Runs `body` with a fake OAuth server scripted by `script`, a client for it and the
    /// recorded waits, then shuts everything down.
    private func withDeviceFlow<T>(
        _ script: FakeOAuthServer.DeviceScript, clientSecret: String? = nil,
        _ body: (FakeOAuthServer, OAuthClient, RecordedSleeps) async throws -> T
    ) async throws -> T {
        let server = try await FakeOAuthServer.start(clientSecret: clientSecret, script: script)
        let http = IntegrationHTTP(limits: .init(connectTimeout: 5))
        let sleeps = RecordedSleeps()
        let settings = OAuthSettings(
            tokenURL: server.tokenURL, deviceAuthorizationURL: server.deviceAuthorizationURL, clientID: server.clientID,
            scopes: ["https://www.googleapis.com/auth/adwords", "openid"])
        let client = OAuthClient(settings: settings, http: http, clock: sleeps.clock, sleep: sleeps.sleep)
        do {
            let result = try await body(server, client, sleeps)
            await http.shutdown()
            try await server.shutdown()
            return result
        } catch {
            await http.shutdown()
            try? await server.shutdown()
            throw error
        }
    }

    @Test func happyPathPollsAtTheIntervalUntilTokensArrive() async throws {
        let secret = makeSecret("client-secret")
        try await withDeviceFlow(.init(pollErrors: ["authorization_pending", "authorization_pending"]), clientSecret: secret) { server, client, sleeps in
            let authorization = try await client.startDeviceAuthorization()
            #expect(authorization.userCode == server.userCode)
            #expect(authorization.verificationURI == server.server.baseURL + "/device")
            #expect(authorization.verificationURIComplete == server.server.baseURL + "/device?user_code=" + server.userCode)
            #expect(authorization.interval == 5)
            #expect(authorization.expiresAt == sleeps.clock.now().addingTimeInterval(900))
            #expect(!String(describing: authorization).contains(server.deviceCode))

            let tokens = try await client.pollForTokens(authorization, clientSecret: secret)
            #expect(sleeps.seconds == [5, 5, 5])
            #expect(tokens.accessToken == server.issuedAccessTokens.last)
            #expect(tokens.refreshToken?.hasPrefix("refresh-") == true)
            #expect(tokens.tokenType == "Bearer")
            #expect(tokens.scopes == ["https://www.googleapis.com/auth/adwords", "openid"])
            #expect(tokens.expiresAt == sleeps.clock.now().addingTimeInterval(3599))

            let device = try #require(server.requests.first)
            #expect(device.method == "POST" && device.path == "/device/code")
            #expect(device.header("content-type") == "application/x-www-form-urlencoded")
            #expect(FakeOAuthServer.form(device) == ["client_id": server.clientID, "scope": "https://www.googleapis.com/auth/adwords openid"])
            let polls = server.tokenRequests
            #expect(polls.count == 3)
            #expect(polls.allSatisfy {
                $0 == ["grant_type": "urn:ietf:params:oauth:grant-type:device_code", "device_code": server.deviceCode,
                       "client_id": server.clientID, "client_secret": secret]
            })
        }
    }

    @Test func slowDownAddsFiveSecondsToTheInterval() async throws {
        try await withDeviceFlow(.init(pollErrors: ["authorization_pending", "slow_down", "authorization_pending", "slow_down"])) { server, client, sleeps in
            let tokens = try await client.pollForTokens(try await client.startDeviceAuthorization())
            #expect(sleeps.seconds == [5, 5, 10, 10, 15])
            #expect(tokens.accessToken == server.issuedAccessTokens.last)
            #expect(server.tokenRequests.count == 5)
        }
    }

    @Test func accessDeniedStopsPolling() async throws {
        try await withDeviceFlow(.init(pollErrors: ["authorization_pending"], outcome: .denied)) { server, client, _ in
            let authorization = try await client.startDeviceAuthorization()
            await #expect(throws: OAuthError.accessDenied) { try await client.pollForTokens(authorization) }
            #expect(server.tokenRequests.count == 2)
            #expect(server.issuedAccessTokens.isEmpty)
        }
    }

    @Test func expiredTokenFromTheServerStopsPolling() async throws {
        try await withDeviceFlow(.init(outcome: .expired)) { server, client, _ in
            let authorization = try await client.startDeviceAuthorization()
            await #expect(throws: OAuthError.expired) { try await client.pollForTokens(authorization) }
            #expect(server.tokenRequests.count == 1)
        }
    }

    @Test func stopsWhenTheDeviceCodeExpiresWithoutAnotherPoll() async throws {
        let pending = Array(repeating: "authorization_pending", count: 10)
        try await withDeviceFlow(.init(pollErrors: pending, interval: 5, expiresIn: 12)) { server, client, sleeps in
            let authorization = try await client.startDeviceAuthorization()
            await #expect(throws: OAuthError.expired) { try await client.pollForTokens(authorization) }
            #expect(sleeps.seconds == [5, 5, 5])
            #expect(server.tokenRequests.count == 2, "polls at 5 s and 10 s; at 15 s the code had expired")
        }
    }

    @Test func anotherErrorIsReportedWithTheServersCode() async throws {
        try await withDeviceFlow(.init(pollErrors: ["invalid_scope"])) { server, client, _ in
            let authorization = try await client.startDeviceAuthorization()
            await #expect(throws: OAuthError.server(status: 400, error: "invalid_scope", description: nil)) {
                try await client.pollForTokens(authorization)
            }
            #expect(server.tokenRequests.count == 1)
        }
    }

    @Test func waitingIsCancellable() async throws {
        let server = try await FakeOAuthServer.start(script: .init(pollErrors: ["authorization_pending"]))
        let http = IntegrationHTTP()
        let (waiting, waitStarted) = AsyncStream.makeStream(of: Void.self)
        let client = OAuthClient(
            settings: OAuthSettings(tokenURL: server.tokenURL, deviceAuthorizationURL: server.deviceAuthorizationURL, clientID: server.clientID, scopes: []),
            http: http,
            sleep: { duration in
                waitStarted.yield()
                try await Task.sleep(for: duration * 10_000)
            })
        let authorization = try await client.startDeviceAuthorization()
        let poll = Task { try await client.pollForTokens(authorization) }
        var iterator = waiting.makeAsyncIterator()
        await iterator.next()
        poll.cancel()
        await #expect(throws: CancellationError.self) { try await poll.value }
        #expect(server.tokenRequests.isEmpty)
        await http.shutdown()
        try await server.shutdown()
    }

    @Test func withoutADeviceAuthorizationURLNothingIsSent() async throws {
        let server = try await FakeOAuthServer.start()
        let http = IntegrationHTTP()
        let client = OAuthClient(settings: OAuthSettings(tokenURL: server.tokenURL, deviceAuthorizationURL: nil, clientID: "c", scopes: []), http: http)
        await #expect(throws: OAuthError.notConfigured("there is no device authorization URL")) { try await client.startDeviceAuthorization() }
        #expect(server.requests.isEmpty)
        await http.shutdown()
        try await server.shutdown()
    }

    @Test func aMalformedDeviceAuthorizationResponseIsRefused() async throws {
        try await withAPIServer { server, http in
            server.enqueue(jsonResponse(#"{"user_code": "ABCD", "verification_uri": "https://example.com/device", "expires_in": 600}"#))
            let client = OAuthClient(settings: OAuthSettings(tokenURL: server.baseURL + "/token", deviceAuthorizationURL: server.baseURL + "/device", clientID: "c", scopes: []), http: http)
            await #expect {
                try await client.startDeviceAuthorization()
            } throws: { error in
                guard case OAuthError.malformedResponse(let detail) = error else { return false }
                return detail.contains("device_code")
            }
        }
    }
}
