import AirlockCore
import Foundation

/// One action of one integration as an agent tool: it builds the preset's request from the
/// model's arguments, opens the runtime's own credentials, sends the request only to the
/// integration's host, records the use in the audit log and returns the (redacted,
/// size-limited) response as untrusted data.
struct IntegrationTool: AgentTool {
    let definition: ToolDefinition
    let integration: Integration
    let source: IntegrationCredentialSource
    let build: @Sendable (Integration, ToolArguments) throws -> IntegrationRequest

    func run(_ arguments: ToolArguments, in environment: ToolEnvironment) async throws -> String {
        let request = try build(integration, arguments)
        let credentials = try await source.credentials(for: integration, request: request)
        let response = try await source.http.send(request, credentials: credentials)
        let endpoint = URL(string: request.url).map { ($0.host ?? "") + $0.path } ?? request.url
        try await environment.store.recordCredentialUse(integration: integration.id, tool: definition.name, endpoint: endpoint, status: response.status)
        return "HTTP \(response.status)\n" + response.body
    }

    func preview(_ arguments: ToolArguments) -> String? {
        (try? build(integration, arguments))?.preview(labels: [:]).description
    }
}

/// The tools each kind of integration contributes.
enum IntegrationTools {
    /// Every tool of `integrations`, bound to `source` (one runtime's store, vault and transport).
    static func tools(for integrations: [Integration], source: IntegrationCredentialSource, labels: [IntegrationID: String]) -> [any AgentTool] {
        integrations.flatMap { integration in
            actions(for: integration.kind).map { action in
                let host = URL(string: integration.settings.baseURL.isEmpty ? (integration.kind.defaultBaseURL ?? "") : integration.settings.baseURL)?.host ?? "the integration's host"
                return IntegrationTool(
                    definition: ToolDefinition(
                        name: "\(integration.id.rawValue.replacingOccurrences(of: "-", with: "_"))_\(action.suffix)",
                        description: "\(integration.name): \(action.description)",
                        parameters: action.parameters, effect: action.effect,
                        dataLeavingMachine: "\(action.leaves) to \(host)", credentialLabel: labels[integration.id]
                    ),
                    integration: integration, source: source, build: action.build
                )
            }
        }
    }

    /// One action: its tool name suffix, description, schema, effect and request builder.
    struct Action: Sendable {
        let suffix: String
        let description: String
        let parameters: JSONValue
        let effect: ToolEffect
        let leaves: String
        let build: @Sendable (Integration, ToolArguments) throws -> IntegrationRequest
    }

    static func actions(for kind: IntegrationKind) -> [Action] {
        switch kind {
        case .http:
            return [
                Action(suffix: "get", description: "read from this HTTP API (GET a path below its base URL).",
                       parameters: .objectSchema(["path": .property("string", "Path below the base URL, like /v1/reports."),
                                                  "query": .object(["type": .string("object"), "description": .string("Query parameters (string values).")])], required: ["path"]),
                       effect: .readOnly, leaves: "the path and query") { integration, arguments in
                    try IntegrationPreset.http(integration, method: .get, path: try arguments.string("path"), query: try stringMap(arguments, "query"))
                },
                Action(suffix: "send", description: "change something through this HTTP API (POST, PUT, PATCH or DELETE a path with a JSON body).",
                       parameters: .objectSchema(["method": .property("string", "POST, PUT, PATCH or DELETE."),
                                                  "path": .property("string", "Path below the base URL."),
                                                  "body": .object(["type": .string("object"), "description": .string("JSON body.")])], required: ["method", "path"]),
                       effect: .external, leaves: "the request body") { integration, arguments in
                    let name = try arguments.string("method").uppercased()
                    guard let method = IntegrationRequest.Method(rawValue: name), method != .get else {
                        throw ToolError.invalidArguments(tool: "send", reason: "method must be POST, PUT, PATCH or DELETE")
                    }
                    return try IntegrationPreset.http(integration, method: method, path: try arguments.string("path"), body: arguments.values["body"])
                },
            ]
        case .googleAds:
            return [Action(suffix: "report", description: "run a Google Ads Query Language (GAQL) report on the client's account.",
                           parameters: .objectSchema(["query": .property("string", "A GAQL query, like SELECT campaign.name, metrics.clicks FROM campaign.")], required: ["query"]),
                           effect: .readOnly, leaves: "the GAQL query") { integration, arguments in
                try IntegrationPreset.googleAdsReport(integration, query: try arguments.string("query"))
            }]
        case .metaConversions:
            return [Action(suffix: "send_events", description: "send conversion events to the client's Meta pixel (Conversions API).",
                           parameters: .objectSchema(["events": .object(["type": .string("array"), "items": .object(["type": .string("object")]), "description": .string("Events in the Conversions API format.")]),
                                                      "test_event_code": .property("string", "Optional test event code.")], required: ["events"]),
                           effect: .external, leaves: "the events") { integration, arguments in
                guard case .array(let events)? = arguments.values["events"] else {
                    throw ToolError.invalidArguments(tool: "send_events", reason: "events must be a list of objects")
                }
                return try IntegrationPreset.metaConversions(integration, events: events, testEventCode: arguments.optionalString("test_event_code"))
            }]
        case .googleCalendar:
            return [
                Action(suffix: "list_events", description: "list events of the client's calendar between two times.",
                       parameters: .objectSchema(["time_min": .property("string", "RFC 3339 start, like 2026-12-01T00:00:00Z."),
                                                  "time_max": .property("string", "RFC 3339 end."),
                                                  "max_results": .property("integer", "1 to 250 (default 50).")], required: ["time_min", "time_max"]),
                       effect: .readOnly, leaves: "the time range") { integration, arguments in
                    try IntegrationPreset.calendarEvents(integration, timeMin: try arguments.string("time_min"), timeMax: try arguments.string("time_max"),
                                                         maxResults: try arguments.integer("max_results", default: 50, in: 1...250))
                },
                Action(suffix: "insert_event", description: "create an event in the client's calendar.",
                       parameters: .objectSchema(["event": .object(["type": .string("object"), "description": .string("The event in Google Calendar's format (summary, start, end, …).")])], required: ["event"]),
                       effect: .external, leaves: "the event") { integration, arguments in
                    guard let event = arguments.values["event"] else { throw ToolError.invalidArguments(tool: "insert_event", reason: "event is required") }
                    return try IntegrationPreset.calendarInsertEvent(integration, event: event)
                },
            ]
        }
    }

    private static func stringMap(_ arguments: ToolArguments, _ name: String) throws -> [String: String] {
        guard let value = arguments.values[name], value != .null else { return [:] }
        guard case .object(let members) = value else { throw ToolError.invalidArguments(tool: "get", reason: "\(name) must be an object") }
        return members.compactMapValues { if case .string(let text) = $0 { text } else if case .number(let number) = $0 { String(number) } else { nil } }
    }
}
