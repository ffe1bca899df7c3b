import AirlockCore

extension IntegrationPreset {
    /// The Google Ads API version of ``googleAdsReport(_:query:)``.
    public static let googleAdsVersion = "v17"
    /// The longest GAQL query accepted, in characters.
    public static let maxGAQLLength = 16_384

    /// A Google Ads report: `POST {base}/v17/customers/{customer_id}/googleAds:searchStream`
    /// with the body `{"query": gaql}`, the `developer-token` header from the developer token
    /// credential, and `login-customer-id` when the settings have one. Read-only.
    ///
    /// - Throws: ``IntegrationHTTPError/invalidRequest(_:)`` if the query is empty or too
    ///   long, the settings lack a numeric `customer_id`, or the integration is not Google Ads.
    public static func googleAdsReport(_ integration: Integration, query gaql: String) throws(IntegrationHTTPError) -> IntegrationRequest {
        try require(integration, is: .googleAds)
        guard !gaql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, gaql.count <= maxGAQLLength else {
            throw .invalidRequest("a Google Ads query must have 1 to \(maxGAQLLength) characters")
        }
        let customerID = try requiredNumericID("customer_id", of: integration)
        var headers = [IntegrationRequest.Header(name: "developer-token", value: .credential(.developerToken))]
        if let login = try numericID("login_customer_id", of: integration) {
            headers.append(IntegrationRequest.Header(name: "login-customer-id", value: .text(login)))
        }
        return try IntegrationRequest(
            integration: integration, method: .post,
            path: try IntegrationPath(segments: [googleAdsVersion, "customers", customerID, "googleAds:searchStream"]),
            headers: headers, body: .object(["query": .string(gaql)]), effect: .readOnly)
    }
}
