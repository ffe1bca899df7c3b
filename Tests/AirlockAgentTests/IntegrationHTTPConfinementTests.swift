import AirlockAgent
import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// Requests stay on the integration's base URL: bad paths are refused before anything is
/// sent, and redirects are never followed.
@Suite("Integration HTTP confinement", .timeLimit(.minutes(1)))
struct IntegrationHTTPConfinementTests {
    static let escapingPaths = [
        "https://evil.com/steal", "http://evil.com", "HTTPS:evil.com", "javascript:alert(1)", "//evil.com/x", "/.//evil.com",
        "../secrets", "a/../../b", "..", "@evil.com", "user@evil.com/x", "%2e%2e/x", "%2E%2E%2Fx", "a/.%2e/b", "%2f%2fevil.com",
        "a%2F%2Fb", "%40evil.com", "%5cevil.com", "a\\b", "a%00b", "a%0d%0aHost:evil.com", "a\nb", "a\tb", "a%7fb", "a%c2%85b",
        "a%252e%252e/b", "%zz", "a%2", "a?x=1", "a#frag", "ａ/fullwidth", "a b", "\u{202E}a",
    ]

    @Test func badPathsAreRefusedBeforeAnythingIsSent() async throws {
        let token = makeSecret("token")
        try await withAPIServer { server, http in
            let integration = try makeIntegration(baseURL: server.baseURL + "/api")
            let credentials = IntegrationCredentials(integration: integration.id, [.accessToken: token])
            for path in Self.escapingPaths {
                await #expect(throws: IntegrationHTTPError.self, "path \(path.debugDescription)") {
                    _ = try await http.send(IntegrationPreset.http(integration, method: .get, path: path), credentials: credentials)
                }
            }
            #expect(server.requests.isEmpty)
            server.enqueue(jsonResponse("{}"))
            _ = try await http.send(IntegrationPreset.http(integration, method: .get, path: "/reports/daily"), credentials: credentials)
            #expect(server.requests.map(\.path) == ["/api/reports/daily"], "the server was reachable and records requests")
        }
    }

    @Test(arguments: [
        ("//evil.com", "//"), ("a/../b", ".."), ("me@evil.com", "@"), ("a\\b", "backslash"), ("a\u{1B}b", "control"),
        ("https://evil.com", "not a URL"), ("%2e%2e", ".. (percent-encoded)"), ("%252e", "twice"), ("a?b", "query"),
    ])
    func refusalsSayWhy(path: String, reason: String) throws {
        #expect {
            try IntegrationPath(validating: path)
        } throws: { error in
            guard case IntegrationHTTPError.pathRefused(path, let text) = error else { return false }
            return text.contains(reason)
        }
    }

    @Test(arguments: ["", "/", "reports/daily", "/v1/items:batchGet", "a%20b", "files/report-2026_01.csv", "x/%C3%A9t%C3%A9"])
    func ordinaryPathsAreAccepted(path: String) throws {
        let encoded = try IntegrationPath(validating: path).encoded
        #expect(encoded == (path.hasPrefix("/") ? String(path.dropFirst()) : path))
    }

    @Test func pathsJoinUnderTheBasePathWithAnEncodedQuery() async throws {
        try await withAPIServer { server, http in
            let integration = try makeIntegration(baseURL: server.baseURL + "/api/v2/")
            server.enqueue(jsonResponse("[]"))
            let request = try IntegrationPreset.http(integration, method: .get, path: "reports/daily", query: ["q": "a&b=c d", "day": "2026-01-01"])
            #expect(request.url == server.baseURL + "/api/v2/reports/daily?day=2026-01-01&q=a%26b%3Dc%20d")
            _ = try await http.send(request, credentials: IntegrationCredentials(integration: integration.id, [.accessToken: "t"]))
            #expect(server.requests.map(\.path) == ["/api/v2/reports/daily?day=2026-01-01&q=a%26b%3Dc%20d"])
        }
    }

    @Test func aRedirectToAnotherHostIsReturnedNotFollowed() async throws {
        let token = makeSecret("token")
        let other = try await FakeModelServer.start()
        try await withAPIServer { server, http in
            let integration = try makeIntegration(baseURL: server.baseURL)
            server.enqueue(.status(302, headers: [("location", other.baseURL + "/steal")]))
            let response = try await http.send(
                IntegrationPreset.http(integration, method: .post, path: "upload", body: .object(["a": .number(1)])),
                credentials: IntegrationCredentials(integration: integration.id, [.accessToken: token]))
            #expect(response.status == 302)
            #expect(response.headers["location"] == other.baseURL + "/steal")
            #expect(server.requests.count == 1)
            #expect(server.requests.first?.header("authorization") == "Bearer " + token)
        }
        #expect(other.requests.isEmpty, "the other host never saw a request, so never the credential")
        try await other.shutdown()
    }

    @Test func aRedirectOnTheSameHostIsNotFollowedEither() async throws {
        try await withAPIServer { server, http in
            let integration = try makeIntegration(baseURL: server.baseURL + "/api")
            server.enqueue(.status(307, headers: [("location", server.baseURL + "/elsewhere")]))
            let response = try await http.send(
                IntegrationPreset.http(integration, method: .get, path: "x"), credentials: IntegrationCredentials(integration: integration.id, [.accessToken: "t"]))
            #expect(response.status == 307)
            #expect(server.requests.map(\.path) == ["/api/x"])
        }
    }

    @Test(arguments: [
        ("http://api.example.com", "https"), ("ftp://127.0.0.1", "http(s)"), ("https://user:pw@api.example.com", "credentials"),
        ("https://api.example.com/v1?key=1", "query"), ("https://api.example.com/a/../b", "path"), ("https://api.example.com:99999", "port"),
        ("https://evil.com\\@api.example.com", "backslash"), ("https://", "host"),
    ])
    func unsafeBaseURLsAreRefused(baseURL: String, reason: String) throws {
        let integration = try makeIntegration(baseURL: baseURL)
        #expect {
            try IntegrationPreset.http(integration, method: .get, path: "x")
        } throws: { error in
            guard case IntegrationHTTPError.invalidBaseURL(baseURL, let text) = error else { return false }
            return text.contains(reason)
        }
    }

    @Test func credentialsOfAnotherIntegrationAreRefused() async throws {
        let token = makeSecret("token")
        try await withAPIServer { server, http in
            let integration = try makeIntegration(id: "acme-api", baseURL: server.baseURL)
            let request = try IntegrationPreset.http(integration, method: .get, path: "x")
            let foreign = IntegrationCredentials(integration: try IntegrationID("globex-api"), [.accessToken: token])
            await #expect(throws: IntegrationHTTPError.credentialsMismatch(request: integration.id, credentials: try IntegrationID("globex-api"))) {
                try await http.send(request, credentials: foreign)
            }
            await #expect(throws: IntegrationHTTPError.missingCredential(.accessToken)) {
                try await http.send(request, credentials: IntegrationCredentials(integration: integration.id, [.apiKey: token]))
            }
            #expect(server.requests.isEmpty)
        }
    }
}
