import AirlockAgent
import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// How requests authenticate, and what comes back: statuses, size limits, redaction,
/// failures and cancellation.
@Suite("Integration HTTP responses", .timeLimit(.minutes(1)))
struct IntegrationHTTPResponseTests {
    @Test(arguments: [IntegrationAuth.bearer, .oauth2, .apiKeyHeader])
    func eachAuthKindSendsItsCredentialOnlyWhereItBelongs(auth: IntegrationAuth) async throws {
        let token = makeSecret("token")
        let apiKey = makeSecret("key")
        try await withAPIServer { server, http in
            let integration = try makeIntegration(baseURL: server.baseURL, auth: auth, apiKeyHeader: auth == .apiKeyHeader ? "X-Api-Key" : nil)
            server.enqueue(jsonResponse(#"{"ok": true}"#))
            let request = try IntegrationPreset.http(integration, method: .get, path: "me")
            let response = try await http.send(request, credentials: IntegrationCredentials(integration: integration.id, [.accessToken: token, .apiKey: apiKey]))
            #expect(response.status == 200 && response.body == #"{"ok": true}"#)
            let recorded = try #require(server.requests.first)
            if auth == .apiKeyHeader {
                #expect(recorded.header("x-api-key") == apiKey)
                #expect(recorded.header("authorization") == nil)
                #expect(request.credentialsUsed == [.apiKey])
            } else {
                #expect(recorded.header("authorization") == "Bearer " + token)
                #expect(recorded.header("x-api-key") == nil)
                #expect(request.credentialsUsed == [.accessToken])
            }
            #expect(!recorded.path.contains(token) && !recorded.path.contains(apiKey))
        }
    }

    @Test(arguments: [nil, "", "Content-Length", "Bad Header", "x:y"])
    func anUnusableAPIKeyHeaderIsRefused(name: String?) throws {
        let integration = try makeIntegration(baseURL: "https://api.example.com", auth: .apiKeyHeader, apiKeyHeader: name)
        #expect(throws: IntegrationHTTPError.invalidRequest("integration acme-api needs a valid api_key_header name")) {
            try IntegrationPreset.http(integration, method: .get, path: "x")
        }
    }

    @Test func errorStatusesAreResultsWithOnlySelectedHeaders() async throws {
        try await withAPIServer { server, http in
            let integration = try makeIntegration(baseURL: server.baseURL)
            server.enqueue(.status(429, body: #"{"error": "rate limited"}"#, headers: [
                ("content-type", "application/json"), ("retry-after", "30"), ("set-cookie", "session=abc"), ("x-request-id", "req-1"),
            ]))
            let response = try await http.send(
                IntegrationPreset.http(integration, method: .get, path: "x"), credentials: IntegrationCredentials(integration: integration.id, [.accessToken: makeSecret("token")]))
            #expect(response.status == 429)
            #expect(response.body == #"{"error": "rate limited"}"#)
            #expect(response.headers == ["content-type": "application/json", "retry-after": "30", "x-request-id": "req-1"])
            #expect(!response.isTruncated)
        }
    }

    @Test func anOversizeBodyIsCutAndSaysSo() async throws {
        let body = String(repeating: "0123456789", count: 500)
        try await withAPIServer(limits: .init(connectTimeout: 5, bodyLimit: 1000)) { server, http in
            let integration = try makeIntegration(baseURL: server.baseURL)
            server.enqueue(FakeResponse(status: 200, headers: [], chunks: [Array(body.utf8.prefix(700)), Array(body.utf8.dropFirst(700))]))
            let response = try await http.send(
                IntegrationPreset.http(integration, method: .get, path: "big"), credentials: IntegrationCredentials(integration: integration.id, [.accessToken: "t"]))
            #expect(response.isTruncated)
            #expect(response.body == String(body.prefix(1000)) + "\n[response cut: longer than 1000 bytes]")
        }
    }

    @Test func aCutNeverSplitsACharacter() async throws {
        let body = "x" + String(repeating: "é", count: 600)
        try await withAPIServer(limits: .init(connectTimeout: 5, bodyLimit: 1000)) { server, http in
            let integration = try makeIntegration(baseURL: server.baseURL)
            server.enqueue(.status(200, body: body))
            let response = try await http.send(
                IntegrationPreset.http(integration, method: .get, path: "big"), credentials: IntegrationCredentials(integration: integration.id, [.accessToken: "t"]))
            #expect(response.isTruncated)
            #expect(!response.body.contains("\u{FFFD}"))
            #expect(response.body.hasPrefix("x" + String(repeating: "é", count: 499) + "\n[response cut"))
        }
    }

    @Test func aBodyOfExactlyTheLimitIsWhole() async throws {
        let body = String(repeating: "a", count: 1000)
        try await withAPIServer(limits: .init(connectTimeout: 5, bodyLimit: 1000)) { server, http in
            let integration = try makeIntegration(baseURL: server.baseURL)
            server.enqueue(.status(200, body: body))
            let response = try await http.send(
                IntegrationPreset.http(integration, method: .get, path: "x"), credentials: IntegrationCredentials(integration: integration.id, [.accessToken: "t"]))
            #expect(!response.isTruncated && response.body == body)
        }
    }

    @Test func secretsAreRedactedEvenWhenTheServerEchoesThem() async throws {
        let token = "ya29.a0/" + makeSecret("token")
        let other = makeSecret("refresh")
        let encoded = token.replacingOccurrences(of: "/", with: "%2F")
        let escaped = token.replacingOccurrences(of: "/", with: "\\/")
        try await withAPIServer { server, http in
            let integration = try makeIntegration(baseURL: server.baseURL)
            let echo = #"{"you_sent": "Bearer \#(token)", "escaped": "\#(escaped)", "query": "t=\#(encoded)", "also": "\#(other)"}"#
            server.enqueue(.status(401, body: echo, headers: [("location", server.baseURL + "/?token=" + token)]))
            let response = try await http.send(
                IntegrationPreset.http(integration, method: .get, path: "x"),
                credentials: IntegrationCredentials(integration: integration.id, [.accessToken: token, .refreshToken: other]))
            for text in [response.body, response.headers["location"] ?? ""] {
                #expect(!text.contains(token) && !text.contains(encoded) && !text.contains(escaped) && !text.contains(other))
            }
            #expect(response.body == #"{"you_sent": "Bearer [redacted]", "escaped": "[redacted]", "query": "t=[redacted]", "also": "[redacted]"}"#)
            #expect(response.headers["location"] == server.baseURL + "/?token=[redacted]")
        }
    }

    @Test func aSecretAcrossTheCutIsRedactedWhole() async throws {
        let token = makeSecret("token")
        let body = String(repeating: "a", count: 995) + token + String(repeating: "b", count: 100)
        try await withAPIServer(limits: .init(connectTimeout: 5, bodyLimit: 1000)) { server, http in
            let integration = try makeIntegration(baseURL: server.baseURL)
            server.enqueue(.status(200, body: body))
            let response = try await http.send(
                IntegrationPreset.http(integration, method: .get, path: "x"), credentials: IntegrationCredentials(integration: integration.id, [.accessToken: token]))
            #expect(response.isTruncated)
            #expect(!response.body.contains(String(token.prefix(5))))
            #expect(response.body.hasPrefix(String(repeating: "a", count: 995) + "[redacted]\n[response cut"))
        }
    }

    @Test func anUnreachableServerFailsWithoutTheSecret() async throws {
        let token = makeSecret("token")
        let closed = try RefusingPort()
        let baseURL = closed.baseURL
        let http = IntegrationHTTP(limits: .init(connectTimeout: 5))
        let integration = try makeIntegration(baseURL: baseURL)
        await #expect {
            try await http.send(IntegrationPreset.http(integration, method: .get, path: "x"), credentials: IntegrationCredentials(integration: integration.id, [.accessToken: token]))
        } throws: { error in
            guard case IntegrationHTTPError.connectFailed(let url, _) = error else { return false }
            return url == baseURL + "/x" && !String(describing: error).contains(token)
        }
        await http.shutdown()
    }

    @Test func aSilentServerTimesOut() async throws {
        try await withAPIServer(limits: .init(connectTimeout: 5, readTimeout: 1)) { server, http in
            let integration = try makeIntegration(baseURL: server.baseURL)
            server.enqueue(.stall(after: ["partial"]))
            await #expect(throws: IntegrationHTTPError.timedOut(url: server.baseURL + "/slow", seconds: 1)) {
                try await http.send(IntegrationPreset.http(integration, method: .get, path: "slow"), credentials: IntegrationCredentials(integration: integration.id, [.accessToken: "t"]))
            }
        }
    }

    @Test func cancellingTheCallClosesTheConnection() async throws {
        try await withAPIServer { server, http in
            let integration = try makeIntegration(baseURL: server.baseURL)
            server.enqueue(.stall(after: ["partial"]))
            let request = try IntegrationPreset.http(integration, method: .get, path: "slow")
            let call = Task { try await http.send(request, credentials: IntegrationCredentials(integration: integration.id, [.accessToken: "t"])) }
            #expect(await server.waitUntil { $0.requests.count == 1 })
            call.cancel()
            await #expect(throws: CancellationError.self) { try await call.value }
            #expect(await server.waitForConnectionsClosedByClient())
        }
    }

    @Test func credentialsNeverShowTheirValues() {
        let token = makeSecret("token")
        let credentials = IntegrationCredentials(integration: try! IntegrationID("acme-api"), [.accessToken: token, .developerToken: token + "d"])
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in [String(describing: credentials), String(reflecting: credentials), dumped] {
            #expect(!text.contains(token))
        }
        #expect(String(describing: credentials) == "credentials of acme-api: access_token, developer_token")
    }
}
