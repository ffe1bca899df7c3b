import AirlockCore

/// Why an OAuth exchange failed. Carries the server's `error` and `error_description`
/// (sanitized, secrets redacted), never a token or client secret.
public enum OAuthError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The integration's OAuth settings cannot be used (e.g. no device authorization URL).
    case notConfigured(String)
    /// The user declined the authorization request.
    case accessDenied
    /// The device code expired before the user approved it.
    case expired
    /// The server refused, with its `error` code and `error_description` when it sent them.
    case server(status: Int, error: String?, description: String?)
    /// The server answered something that is not an OAuth response.
    case malformedResponse(String)
    /// The server could not be reached, or timed out.
    case transport(IntegrationHTTPError)

    public var description: String {
        switch self {
        case .notConfigured(let detail):
            return "OAuth is not configured: \(detail)"
        case .accessDenied:
            return "the authorization request was denied"
        case .expired:
            return "the authorization request expired before it was approved; start again"
        case .server(let status, let error, let description):
            let detail = [error, description].compactMap { $0 }.joined(separator: ": ")
            return "the OAuth server answered HTTP \(status)" + (detail.isEmpty ? "" : ": " + detail)
        case .malformedResponse(let detail):
            return "the OAuth server sent an unexpected response: \(detail)"
        case .transport(let error):
            return error.description
        }
    }

    /// A server error from an error response `body` (`{"error": …, "error_description": …}`)
    /// with `redactor`'s secrets removed and the texts made safe for a terminal.
    static func server(status: Int, fields: [String: JSONValue]?, body: [UInt8], redactor: SecretRedactor) -> OAuthError {
        func clean(_ text: String, limit: Int) -> String {
            TerminalText.sanitized(String(redactor.redact(text).prefix(limit)), singleLine: true)
        }
        guard let fields, case .string(let code)? = fields["error"] else {
            let text = String(decoding: body.prefix(300), as: UTF8.self)
            return .server(status: status, error: nil, description: text.isEmpty ? nil : clean(text, limit: 300))
        }
        let description: String? = if case .string(let text)? = fields["error_description"] { clean(text, limit: 300) } else { nil }
        return .server(status: status, error: clean(code, limit: 64), description: description)
    }
}
