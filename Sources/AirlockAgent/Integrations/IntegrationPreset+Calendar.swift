import AirlockCore
import Foundation

extension IntegrationPreset {
    /// The most events a calendar listing asks for.
    public static let maxCalendarResults = 2500

    /// Lists the events of the integration's calendar (setting `calendar_id`, else
    /// `primary`) between two RFC 3339 times: `GET {base}/calendar/v3/calendars/{calendar_id}/events`
    /// with `timeMin`, `timeMax`, `maxResults`, `singleEvents=true` and `orderBy=startTime`.
    /// Read-only.
    ///
    /// - Throws: ``IntegrationHTTPError/invalidRequest(_:)`` if a time is not RFC 3339, the
    ///   range is empty, `maxResults` is outside 1–2500, or the integration is not Google Calendar.
    public static func calendarEvents(_ integration: Integration, timeMin: String, timeMax: String, maxResults: Int = 50) throws(IntegrationHTTPError) -> IntegrationRequest {
        try require(integration, is: .googleCalendar)
        guard let start = rfc3339(timeMin), let end = rfc3339(timeMax) else {
            throw .invalidRequest("timeMin and timeMax must be RFC 3339 times such as 2026-01-01T00:00:00Z")
        }
        guard start < end else { throw .invalidRequest("timeMin must be before timeMax") }
        guard (1...maxCalendarResults).contains(maxResults) else { throw .invalidRequest("maxResults must be 1 to \(maxCalendarResults)") }
        let query = [
            QueryItem(name: "timeMin", value: timeMin), QueryItem(name: "timeMax", value: timeMax),
            QueryItem(name: "maxResults", value: String(maxResults)), QueryItem(name: "singleEvents", value: "true"),
            QueryItem(name: "orderBy", value: "startTime"),
        ]
        return try IntegrationRequest(integration: integration, method: .get, path: try eventsPath(integration), query: query, effect: .readOnly)
    }

    /// Inserts `event` (a Calendar event resource with `start` and `end`) into the
    /// integration's calendar: `POST {base}/calendar/v3/calendars/{calendar_id}/events`.
    /// Acts outside Airlock.
    ///
    /// - Throws: ``IntegrationHTTPError/invalidRequest(_:)`` if the event is not an object
    ///   with `start` and `end` objects, or the integration is not Google Calendar.
    public static func calendarInsertEvent(_ integration: Integration, event: JSONValue) throws(IntegrationHTTPError) -> IntegrationRequest {
        try require(integration, is: .googleCalendar)
        guard case .object(let fields) = event, case .object? = fields["start"], case .object? = fields["end"] else {
            throw .invalidRequest("an event must be an object with start and end objects")
        }
        return try IntegrationRequest(integration: integration, method: .post, path: try eventsPath(integration), body: event, effect: .external)
    }

    /// `calendar/v3/calendars/{calendar_id}/events` for the integration's calendar.
    private static func eventsPath(_ integration: Integration) throws(IntegrationHTTPError) -> IntegrationPath {
        let calendar = integration.settings.parameters["calendar_id"].flatMap { $0.isEmpty ? nil : $0 } ?? "primary"
        return try IntegrationPath(segments: ["calendar", "v3", "calendars", calendar, "events"])
    }

    /// `text` as a date if it is an RFC 3339 time (with or without fractional seconds).
    private static func rfc3339(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
