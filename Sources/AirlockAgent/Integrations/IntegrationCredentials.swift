import AirlockCore

/// The unsealed secrets of one integration, handed to ``IntegrationHTTP`` for one request.
///
/// Bound to its integration: ``IntegrationHTTP/send(_:credentials:)`` refuses credentials of
/// another integration. Its description and mirror show which secrets it holds, never their
/// values.
public struct IntegrationCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The integration the secrets belong to.
    public let integration: IntegrationID
    private let values: [CredentialName: String]

    /// Wraps the unsealed `values` of `integration`'s credentials; empty values are dropped.
    public init(integration: IntegrationID, _ values: [CredentialName: String]) {
        self.integration = integration
        self.values = values.filter { !$0.value.isEmpty }
    }

    /// The secret `name`.
    ///
    /// - Throws: ``IntegrationHTTPError/missingCredential(_:)`` if it was not given.
    func value(_ name: CredentialName) throws(IntegrationHTTPError) -> String {
        guard let value = values[name] else { throw .missingCredential(name) }
        return value
    }

    /// Every secret value, for redaction.
    var secrets: [String] { Array(values.values) }

    public var description: String {
        "credentials of \(integration): " + values.keys.map(\.rawValue).sorted().joined(separator: ", ")
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
