import AirlockCore

extension IntegrationPreset {
    /// A request to a generic HTTP integration: `GET` reads (read-only); `POST`, `PUT`,
    /// `PATCH` and `DELETE` act outside Airlock (side effects).
    ///
    /// - Parameters:
    ///   - path: a path below the base URL, checked by ``IntegrationPath/init(validating:)``.
    ///   - query: query parameters, sent sorted by name.
    ///   - body: a JSON body (not with `GET`).
    /// - Throws: ``IntegrationHTTPError`` if the path is refused, a `GET` has a body, or the
    ///   integration is not a generic HTTP one.
    public static func http(
        _ integration: Integration, method: IntegrationRequest.Method, path: String, query: [String: String] = [:], body: JSONValue? = nil
    ) throws(IntegrationHTTPError) -> IntegrationRequest {
        try require(integration, is: .http)
        return try IntegrationRequest(
            integration: integration, method: method, path: try IntegrationPath(validating: path),
            query: query.keys.sorted().map { QueryItem(name: $0, value: query[$0]!) }, body: body,
            effect: method == .get ? .readOnly : .external)
    }
}
