import AirlockCore

extension IntegrationPreset {
    /// The Graph API version of ``metaConversions(_:events:testEventCode:)``.
    public static let metaGraphVersion = "v19.0"
    /// The most events Meta accepts in one request.
    public static let maxMetaEvents = 1000

    /// Sends events to a pixel through the Meta Conversions API: `POST
    /// {base}/v19.0/{pixel_id}/events` with `{"data": [events…]}` (and `test_event_code`
    /// when given), the access token going in the body's `access_token` field, as Meta
    /// documents it. Acts outside Airlock.
    ///
    /// - Throws: ``IntegrationHTTPError/invalidRequest(_:)`` unless there are 1 to 1000
    ///   events, each an object with `event_name` and `event_time`, the settings have a
    ///   numeric `pixel_id`, and the integration is a Meta Conversions API one.
    public static func metaConversions(_ integration: Integration, events: [JSONValue], testEventCode: String? = nil) throws(IntegrationHTTPError) -> IntegrationRequest {
        try require(integration, is: .metaConversions)
        guard (1...maxMetaEvents).contains(events.count) else { throw .invalidRequest("send 1 to \(maxMetaEvents) events") }
        for (index, event) in events.enumerated() {
            guard case .object(let fields) = event, case .string? = fields["event_name"], case .number? = fields["event_time"] else {
                throw .invalidRequest("event \(index + 1) must be an object with event_name (text) and event_time (Unix seconds)")
            }
        }
        let pixelID = try requiredNumericID("pixel_id", of: integration)
        var body: [String: JSONValue] = ["data": .array(events)]
        if let testEventCode, !testEventCode.isEmpty { body["test_event_code"] = .string(testEventCode) }
        return try IntegrationRequest(
            integration: integration, method: .post, path: try IntegrationPath(segments: [metaGraphVersion, pixelID, "events"]),
            body: .object(body), authorization: .bodyField("access_token"), effect: .external)
    }
}
