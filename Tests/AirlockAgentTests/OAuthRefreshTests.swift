import AirlockAgent
import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// The refresh-token grant, token response parsing and secret hygiene of OAuth errors.
@Suite("OAuth refresh", .timeLimit(.minutes(1)))
struct OAuthRefreshTests {
    /// A client for `server`'s token endpoint.
    private func client(_ server: FakeOAuthServer, http: IntegrationHTTP, clock: ManualClock = ManualClock()) -> OAuthClient {
        OAuthClient(settings: OAuthSettings(tokenURL: server.tokenURL, deviceAuthorizationURL: nil, clientID: server.clientID, scopes: ["calendar"]), http: http, clock: clock)
    }

    @Test func refreshIssuesANewAccessTokenAndKeepsTheRefreshToken() async throws {
        let refreshToken = makeSecret("refresh")
        let clientSecret = makeSecret("client-secret")
        let server = try await FakeOAuthServer.start(clientSecret: clientSecret, refreshTokens: [refreshToken])
        let http = IntegrationHTTP()
        let clock = ManualClock()
        let tokens = try await client(server, http: http, clock: clock).refresh(refreshToken: refreshToken, clientSecret: clientSecret)
        #expect(server.refreshTokensUsed == [refreshToken])
        #expect(tokens.accessToken == server.issuedAccessTokens.first)
        #expect(tokens.refreshToken == refreshToken)
        #expect(tokens.expiresAt == clock.now().addingTimeInterval(3599))
        #expect(tokens.scopes == ["calendar"])
        #expect(server.tokenRequests == [["grant_type": "refresh_token", "refresh_token": refreshToken, "client_id": server.clientID, "client_secret": clientSecret]])
        await http.shutdown()
        try await server.shutdown()
    }

    @Test func aRotatedRefreshTokenReplacesTheOldOne() async throws {
        let first = makeSecret("refresh")
        let server = try await FakeOAuthServer.start(refreshTokens: [first], rotatesRefreshTokens: true)
        let http = IntegrationHTTP()
        let oauth = client(server, http: http)
        let rotated = try await oauth.refresh(refreshToken: first)
        let second = try #require(rotated.refreshToken)
        #expect(second != first)
        let again = try await oauth.refresh(refreshToken: second)
        #expect(server.refreshTokensUsed == [first, second])
        #expect(again.accessToken == server.issuedAccessTokens.last)
        #expect(server.issuedAccessTokens.count == 2)
        #expect(server.tokenRequests.allSatisfy { $0["client_secret"] == nil })
        await http.shutdown()
        try await server.shutdown()
    }

    @Test func aRevokedRefreshTokenFailsWithTheServersErrorButNotTheToken() async throws {
        let revoked = makeSecret("refresh")
        let clientSecret = makeSecret("client-secret")
        let server = try await FakeOAuthServer.start(clientSecret: clientSecret)
        let http = IntegrationHTTP()
        var caught: (any Error)?
        do {
            _ = try await client(server, http: http).refresh(refreshToken: revoked, clientSecret: clientSecret)
        } catch {
            caught = error
        }
        let error = try #require(caught as? OAuthError)
        #expect(error == .server(status: 400, error: "invalid_grant", description: "Token [redacted] has been expired or revoked."))
        #expect(server.refreshTokensUsed == [revoked])
        let text = String(describing: error) + String(reflecting: error)
        #expect(!text.contains(revoked) && !text.contains(clientSecret))
        #expect(text.contains("invalid_grant"))
        await http.shutdown()
        try await server.shutdown()
    }

    @Test func aWrongClientSecretIsInvalidClient() async throws {
        let refreshToken = makeSecret("refresh")
        let server = try await FakeOAuthServer.start(clientSecret: "right", refreshTokens: [refreshToken])
        let http = IntegrationHTTP()
        await #expect(throws: OAuthError.server(status: 401, error: "invalid_client", description: nil)) {
            try await client(server, http: http).refresh(refreshToken: refreshToken, clientSecret: "wrong")
        }
        #expect(server.issuedAccessTokens.isEmpty)
        await http.shutdown()
        try await server.shutdown()
    }

    @Test(arguments: [
        (#"{"access_token": "at", "token_type": "mac"}"#, "token type"),
        (#"{"token_type": "Bearer", "expires_in": 3600}"#, "no access_token"),
        ("[1, 2]", "not a JSON object"),
    ])
    func malformedTokenResponsesAreRefused(body: String, detail: String) async throws {
        try await withAPIServer { server, http in
            server.enqueue(jsonResponse(body))
            let oauth = OAuthClient(settings: OAuthSettings(tokenURL: server.baseURL + "/token", deviceAuthorizationURL: nil, clientID: "c", scopes: []), http: http)
            await #expect {
                try await oauth.refresh(refreshToken: "r")
            } throws: { error in
                guard case OAuthError.malformedResponse(let text) = error else { return false }
                return text.contains(detail)
            }
        }
    }

    @Test func tokenResponseFieldsAreParsedLeniently() async throws {
        try await withAPIServer { server, http in
            server.enqueue(jsonResponse(#"{"access_token": "at-1", "token_type": "bearer", "expires_in": "60", "scope": "a b"}"#))
            let clock = ManualClock()
            let oauth = OAuthClient(settings: OAuthSettings(tokenURL: server.baseURL + "/token", deviceAuthorizationURL: nil, clientID: "c", scopes: ["x"]), http: http, clock: clock)
            let tokens = try await oauth.refresh(refreshToken: "r-1")
            #expect(tokens == TokenSet(accessToken: "at-1", refreshToken: "r-1", expiresAt: clock.now().addingTimeInterval(60), tokenType: "bearer", scopes: ["a", "b"]))
        }
    }

    @Test func aServerErrorPageIsReportedSanitizedAndRedacted() async throws {
        let refreshToken = makeSecret("refresh")
        try await withAPIServer { server, http in
            server.enqueue(.status(502, body: "<html>\u{1B}]0;pwned\u{07}bad gateway for \(refreshToken)</html>"))
            let oauth = OAuthClient(settings: OAuthSettings(tokenURL: server.baseURL + "/token", deviceAuthorizationURL: nil, clientID: "c", scopes: []), http: http)
            await #expect {
                try await oauth.refresh(refreshToken: refreshToken)
            } throws: { error in
                guard case OAuthError.server(502, nil, let description?) = error else { return false }
                return !description.contains(refreshToken) && !description.contains("\u{1B}") && description.contains("bad gateway for [redacted]")
            }
        }
    }

    @Test(arguments: ["http://oauth.example.com/token", "ftp://127.0.0.1/token", "https://user:pw@oauth.example.com/token"])
    func aTokenURLThatWouldExposeSecretsIsRefused(url: String) async throws {
        let http = IntegrationHTTP()
        let oauth = OAuthClient(settings: OAuthSettings(tokenURL: url, deviceAuthorizationURL: nil, clientID: "c", scopes: []), http: http)
        await #expect {
            try await oauth.refresh(refreshToken: "r")
        } throws: { error in
            if case OAuthError.notConfigured = error { true } else { false }
        }
        await http.shutdown()
    }

    @Test func tokenSetsNeverShowTheirSecrets() {
        let access = makeSecret("access")
        let refresh = makeSecret("refresh")
        let tokens = TokenSet(accessToken: access, refreshToken: refresh, expiresAt: nil, scopes: ["a"])
        var dumped = ""
        dump(tokens, to: &dumped)
        for text in [String(describing: tokens), String(reflecting: tokens), dumped, "\(tokens)"] {
            #expect(!text.contains(access) && !text.contains(refresh), "leaked in \(text)")
        }
        #expect(String(describing: tokens).contains("[redacted]"))
    }
}
