import AirlockCore

/// Builders of the requests integration tools send, in the real shape of each platform's
/// API.
///
/// Pure functions: they check their arguments and the integration's settings and build an
/// ``IntegrationRequest``, whose ``IntegrationRequest/preview(labels:)`` the approval dialog
/// shows and which ``IntegrationHTTP`` sends. Each uses the integration's base URL, or the
/// kind's ``IntegrationKind/defaultBaseURL`` when the settings leave it empty.
public enum IntegrationPreset {
    /// Checks that `integration` is of `kind`.
    static func require(_ integration: Integration, is kind: IntegrationKind) throws(IntegrationHTTPError) {
        guard integration.kind == kind else {
            throw .invalidRequest("integration \(integration.id) is \(integration.kind.rawValue), not \(kind.rawValue)")
        }
    }

    /// The setting `name` of `integration` as an id of digits (dashes, as in `123-456-7890`,
    /// removed); `nil` when it is not set.
    ///
    /// - Throws: ``IntegrationHTTPError/invalidRequest(_:)`` if it has anything but digits.
    static func numericID(_ name: String, of integration: Integration) throws(IntegrationHTTPError) -> String? {
        guard let value = integration.settings.parameters[name], !value.isEmpty else { return nil }
        let digits = value.replacingOccurrences(of: "-", with: "")
        guard (1...20).contains(digits.count), digits.allSatisfy({ ("0"..."9").contains($0) }) else {
            throw .invalidRequest("the \(name) of integration \(integration.id) must be digits")
        }
        return digits
    }

    /// ``numericID(_:of:)``, required.
    static func requiredNumericID(_ name: String, of integration: Integration) throws(IntegrationHTTPError) -> String {
        guard let value = try numericID(name, of: integration) else {
            throw .invalidRequest("integration \(integration.id) has no \(name) setting")
        }
        return value
    }
}

extension IntegrationKind {
    /// The platform's API base URL, used when an integration's settings leave theirs empty
    /// (`nil` for generic HTTP, which has no default).
    public var defaultBaseURL: String? {
        switch self {
        case .http: nil
        case .googleAds: "https://googleads.googleapis.com"
        case .metaConversions: "https://graph.facebook.com"
        case .googleCalendar: "https://www.googleapis.com"
        }
    }
}
