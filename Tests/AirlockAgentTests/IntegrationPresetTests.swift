import AirlockAgent
import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// Each preset's request as the fake server recorded it, its preview and its checks.
@Suite("Integration presets", .timeLimit(.minutes(1)))
struct IntegrationPresetTests {
    @Test func googleAdsReportShape() async throws {
        let accessToken = makeSecret("access")
        let developerToken = makeSecret("dev")
        try await withAPIServer { server, http in
            let integration = try makeIntegration(
                .googleAds, baseURL: server.baseURL, auth: .oauth2, parameters: ["customer_id": "123-456-7890", "login_customer_id": "111-222-3333"])
            let gaql = "SELECT campaign.name, metrics.clicks FROM campaign WHERE segments.date DURING LAST_7_DAYS"
            let request = try IntegrationPreset.googleAdsReport(integration, query: gaql)
            #expect(request.effect == .readOnly)
            #expect(request.credentialsUsed == [.developerToken, .accessToken])
            server.enqueue(jsonResponse(#"[{"results": []}]"#))
            let response = try await http.send(
                request, credentials: IntegrationCredentials(integration: integration.id, [.accessToken: accessToken, .developerToken: developerToken]))
            #expect(response.status == 200)

            let recorded = try #require(server.requests.first)
            #expect(recorded.method == "POST")
            #expect(recorded.path == "/v17/customers/1234567890/googleAds:searchStream")
            #expect(recorded.header("authorization") == "Bearer " + accessToken)
            #expect(recorded.header("developer-token") == developerToken)
            #expect(recorded.header("login-customer-id") == "1112223333")
            #expect(recorded.header("content-type") == "application/json")
            #expect(try jsonBody(recorded) == .object(["query": .string(gaql)]))

            let preview = request.preview(labels: [.accessToken: "access token …a91f", .developerToken: "developer token …33bc"])
            #expect(preview.method == "POST")
            #expect(preview.url == server.baseURL + "/v17/customers/1234567890/googleAds:searchStream")
            #expect(preview.credentials == ["developer token …33bc", "access token …a91f"])
            #expect(preview.body == "{\n  \"query\" : \"\(gaql)\"\n}")
        }
    }

    @Test func googleAdsWithoutLoginCustomerIDSendsNoSuchHeader() async throws {
        try await withAPIServer { server, http in
            let integration = try makeIntegration(.googleAds, baseURL: server.baseURL, auth: .oauth2, parameters: ["customer_id": "1234567890"])
            server.enqueue(jsonResponse("[]"))
            _ = try await http.send(
                try IntegrationPreset.googleAdsReport(integration, query: "SELECT customer.id FROM customer"),
                credentials: IntegrationCredentials(integration: integration.id, [.accessToken: "a", .developerToken: "d"]))
            #expect(server.requests.first?.header("login-customer-id") == nil)
        }
    }

    @Test func googleAdsNeedsADeveloperToken() async throws {
        try await withAPIServer { server, http in
            let integration = try makeIntegration(.googleAds, baseURL: server.baseURL, auth: .oauth2, parameters: ["customer_id": "1234567890"])
            await #expect(throws: IntegrationHTTPError.missingCredential(.developerToken)) {
                try await http.send(
                    try IntegrationPreset.googleAdsReport(integration, query: "SELECT customer.id FROM customer"),
                    credentials: IntegrationCredentials(integration: integration.id, [.accessToken: "a"]))
            }
            #expect(server.requests.isEmpty)
        }
    }

    @Test(arguments: [
        ([String: String](), "SELECT a FROM b", "no customer_id"),
        (["customer_id": "12/../34"], "SELECT a FROM b", "must be digits"),
        (["customer_id": "1234567890"], "  ", "1 to 16384 characters"),
    ])
    func googleAdsChecksItsInputs(parameters: [String: String], query: String, reason: String) throws {
        let integration = try makeIntegration(.googleAds, baseURL: "", auth: .oauth2, parameters: parameters)
        #expect {
            try IntegrationPreset.googleAdsReport(integration, query: query)
        } throws: { error in
            guard case IntegrationHTTPError.invalidRequest(let text) = error else { return false }
            return text.contains(reason)
        }
    }

    @Test func metaConversionsShapeWithTheTokenInTheBody() async throws {
        let token = makeSecret("meta")
        let events: [JSONValue] = [
            .object([
                "event_name": .string("Purchase"), "event_time": .number(1_767_225_600), "action_source": .string("website"),
                "user_data": .object(["em": .array([.string("309a0a5c3e211326ae75ca18196d301a9bdbd1a882a4d2569511033da23f0abd")])]),
                "custom_data": .object(["currency": .string("EUR"), "value": .number(42.5)]),
            ]),
        ]
        try await withAPIServer { server, http in
            let integration = try makeIntegration(.metaConversions, baseURL: server.baseURL, parameters: ["pixel_id": "987654321"])
            let request = try IntegrationPreset.metaConversions(integration, events: events, testEventCode: "TEST123")
            #expect(request.effect == .external)
            #expect(request.credentialsUsed == [.accessToken])
            server.enqueue(jsonResponse(#"{"events_received": 1, "debug": "token=\#(token)"}"#))
            let response = try await http.send(request, credentials: IntegrationCredentials(integration: integration.id, [.accessToken: token]))
            #expect(response.body == #"{"events_received": 1, "debug": "token=[redacted]"}"#)

            let recorded = try #require(server.requests.first)
            #expect(recorded.method == "POST")
            #expect(recorded.path == "/v19.0/987654321/events")
            #expect(recorded.header("authorization") == nil)
            #expect(try jsonBody(recorded) == .object(["data": .array(events), "test_event_code": .string("TEST123"), "access_token": .string(token)]))

            let preview = request.preview(labels: [.accessToken: "access token …9f2c"])
            #expect(preview.url == server.baseURL + "/v19.0/987654321/events")
            #expect(preview.credentials == ["access token …9f2c"])
            let body = try #require(preview.body)
            #expect(body.contains(#""access_token" : "[redacted]""#) && body.contains(#""event_name" : "Purchase""#))
            #expect(!preview.description.contains(token))
        }
    }

    @Test(arguments: [
        ([JSONValue](), "1 to 1000 events"),
        ([JSONValue.string("Purchase")], "event 1 must be an object"),
        ([JSONValue.object(["event_name": .string("Lead")])], "event_time"),
    ])
    func metaConversionsChecksItsEvents(events: [JSONValue], reason: String) throws {
        let integration = try makeIntegration(.metaConversions, baseURL: "", parameters: ["pixel_id": "1"])
        #expect {
            try IntegrationPreset.metaConversions(integration, events: events)
        } throws: { error in
            guard case IntegrationHTTPError.invalidRequest(let text) = error else { return false }
            return text.contains(reason)
        }
    }

    @Test func calendarListShape() async throws {
        try await withAPIServer { server, http in
            let integration = try makeIntegration(.googleCalendar, baseURL: server.baseURL, auth: .oauth2, parameters: ["calendar_id": "team@group.calendar.google.com"])
            let request = try IntegrationPreset.calendarEvents(integration, timeMin: "2026-01-05T00:00:00+01:00", timeMax: "2026-01-12T00:00:00Z", maxResults: 10)
            #expect(request.effect == .readOnly && request.body == nil)
            server.enqueue(jsonResponse(#"{"items": []}"#))
            _ = try await http.send(request, credentials: IntegrationCredentials(integration: integration.id, [.accessToken: "a"]))

            let recorded = try #require(server.requests.first)
            #expect(recorded.method == "GET")
            let components = try #require(URLComponents(string: recorded.path))
            #expect(components.percentEncodedPath == "/calendar/v3/calendars/team%40group.calendar.google.com/events")
            #expect(components.queryItems == [
                URLQueryItem(name: "timeMin", value: "2026-01-05T00:00:00+01:00"), URLQueryItem(name: "timeMax", value: "2026-01-12T00:00:00Z"),
                URLQueryItem(name: "maxResults", value: "10"), URLQueryItem(name: "singleEvents", value: "true"),
                URLQueryItem(name: "orderBy", value: "startTime"),
            ])
            #expect(recorded.header("authorization") == "Bearer a")
            #expect(recorded.body.isEmpty)
            #expect(request.preview().body == nil)
        }
    }

    @Test func calendarInsertShapeOnThePrimaryCalendar() async throws {
        let event: JSONValue = .object([
            "summary": .string("Quarterly review"),
            "start": .object(["dateTime": .string("2026-02-02T10:00:00+01:00")]),
            "end": .object(["dateTime": .string("2026-02-02T11:00:00+01:00")]),
        ])
        try await withAPIServer { server, http in
            let integration = try makeIntegration(.googleCalendar, baseURL: server.baseURL, auth: .oauth2)
            let request = try IntegrationPreset.calendarInsertEvent(integration, event: event)
            #expect(request.effect == .external)
            server.enqueue(jsonResponse(#"{"id": "evt1"}"#))
            _ = try await http.send(request, credentials: IntegrationCredentials(integration: integration.id, [.accessToken: "a"]))
            let recorded = try #require(server.requests.first)
            #expect(recorded.method == "POST")
            #expect(recorded.path == "/calendar/v3/calendars/primary/events")
            #expect(try jsonBody(recorded) == event)
            #expect(request.preview().body?.contains(#""summary" : "Quarterly review""#) == true)
        }
    }

    @Test(arguments: [
        ("yesterday", "2026-01-12T00:00:00Z", 10, "RFC 3339"),
        ("2026-01-12T00:00:00Z", "2026-01-05T00:00:00Z", 10, "before timeMax"),
        ("2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z", 0, "maxResults"),
    ])
    func calendarListChecksItsInputs(timeMin: String, timeMax: String, maxResults: Int, reason: String) throws {
        let integration = try makeIntegration(.googleCalendar, baseURL: "", auth: .oauth2)
        #expect {
            try IntegrationPreset.calendarEvents(integration, timeMin: timeMin, timeMax: timeMax, maxResults: maxResults)
        } throws: { error in
            guard case IntegrationHTTPError.invalidRequest(let text) = error else { return false }
            return text.contains(reason)
        }
    }

    @Test func aCalendarIDCannotClimbOutOfItsSegment() throws {
        let integration = try makeIntegration(.googleCalendar, baseURL: "", auth: .oauth2, parameters: ["calendar_id": ".."])
        #expect(throws: IntegrationHTTPError.self) {
            try IntegrationPreset.calendarInsertEvent(integration, event: .object(["start": .object([:]), "end": .object([:])]))
        }
        let slashy = try makeIntegration(.googleCalendar, baseURL: "", auth: .oauth2, parameters: ["calendar_id": "a/../../b"])
        let request = try IntegrationPreset.calendarInsertEvent(slashy, event: .object(["start": .object([:]), "end": .object([:])]))
        #expect(request.url == "https://www.googleapis.com/calendar/v3/calendars/a%2F..%2F..%2Fb/events")
    }

    @Test(arguments: IntegrationRequest.Method.allCases)
    func genericHTTPShapeAndEffect(method: IntegrationRequest.Method) async throws {
        try await withAPIServer { server, http in
            let integration = try makeIntegration(baseURL: server.baseURL + "/api")
            let body: JSONValue? = method == .get ? nil : .object(["name": .string("Spring sale"), "budget": .number(1500)])
            let request = try IntegrationPreset.http(integration, method: method, path: "/campaigns/42", query: ["dry_run": "true"], body: body)
            #expect(request.effect == (method == .get ? .readOnly : .external))
            server.enqueue(jsonResponse("{}"))
            _ = try await http.send(request, credentials: IntegrationCredentials(integration: integration.id, [.accessToken: "a"]))
            let recorded = try #require(server.requests.first)
            #expect(recorded.method == method.rawValue)
            #expect(recorded.path == "/api/campaigns/42?dry_run=true")
            if let body {
                #expect(try jsonBody(recorded) == body)
                #expect(recorded.header("content-type") == "application/json")
            } else {
                #expect(recorded.body.isEmpty)
            }
            let preview = request.preview(labels: [.accessToken: "access token …0001"])
            #expect(preview.description.hasPrefix("\(method.rawValue) \(server.baseURL)/api/campaigns/42?dry_run=true\ncredentials: access token …0001"))
        }
    }

    @Test func genericGETHasNoBodyAndOtherKindsAreRefused() throws {
        let http = try makeIntegration(baseURL: "https://api.example.com")
        #expect(throws: IntegrationHTTPError.invalidRequest("a GET request has no body")) {
            try IntegrationPreset.http(http, method: .get, path: "x", body: .object([:]))
        }
        let ads = try makeIntegration(.googleAds, baseURL: "", auth: .oauth2, parameters: ["customer_id": "1"])
        #expect(throws: IntegrationHTTPError.invalidRequest("integration acme-api is google_ads, not http")) {
            try IntegrationPreset.http(ads, method: .get, path: "x")
        }
        #expect(throws: IntegrationHTTPError.invalidRequest("integration acme-api is http, not meta_capi")) {
            try IntegrationPreset.metaConversions(http, events: [])
        }
    }

    @Test func presetsDefaultToThePlatformsBaseURLs() throws {
        let ads = try makeIntegration(.googleAds, baseURL: "", auth: .oauth2, parameters: ["customer_id": "1234567890"])
        #expect(try IntegrationPreset.googleAdsReport(ads, query: "SELECT a FROM b").url == "https://googleads.googleapis.com/v17/customers/1234567890/googleAds:searchStream")
        let meta = try makeIntegration(.metaConversions, baseURL: "", parameters: ["pixel_id": "42"])
        let event: JSONValue = .object(["event_name": .string("Lead"), "event_time": .number(1)])
        #expect(try IntegrationPreset.metaConversions(meta, events: [event]).url == "https://graph.facebook.com/v19.0/42/events")
        let calendar = try makeIntegration(.googleCalendar, baseURL: "", auth: .oauth2)
        #expect(try IntegrationPreset.calendarEvents(calendar, timeMin: "2026-01-01T00:00:00Z", timeMax: "2026-01-02T00:00:00.5Z").url
            == "https://www.googleapis.com/calendar/v3/calendars/primary/events?timeMin=2026-01-01T00%3A00%3A00Z&timeMax=2026-01-02T00%3A00%3A00.5Z&maxResults=50&singleEvents=true&orderBy=startTime")
        let generic = try makeIntegration(baseURL: "")
        #expect(throws: IntegrationHTTPError.invalidBaseURL(url: "", reason: "integration acme-api has no base URL")) {
            try IntegrationPreset.http(generic, method: .get, path: "x")
        }
    }

    @Test func aLongPreviewBodyIsCut() throws {
        let integration = try makeIntegration(baseURL: "https://api.example.com")
        let request = try IntegrationPreset.http(integration, method: .post, path: "x", body: .object(["text": .string(String(repeating: "z", count: 10_000))]))
        let body = try #require(request.preview().body)
        #expect(body.hasPrefix("{\n  \"text\" : \"zzz"))
        #expect(body.hasSuffix("more characters)"))
        #expect(body.count < RequestPreview.bodyLimit + 40)
    }
}
