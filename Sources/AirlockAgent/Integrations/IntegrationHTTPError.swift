import AirlockCore

/// Why a request to an integration was refused or failed. Never carries a secret.
public enum IntegrationHTTPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The integration's base URL (or an OAuth endpoint) is unusable.
    case invalidBaseURL(url: String, reason: String)
    /// A path was refused before anything was sent.
    case pathRefused(path: String, reason: String)
    /// A preset's argument or the integration's settings do not make a valid request.
    case invalidRequest(String)
    /// The request would leave the integration's base URL; nothing was sent.
    case outsideBaseURL(String)
    /// The credentials given belong to another integration; nothing was sent.
    case credentialsMismatch(request: IntegrationID, credentials: IntegrationID)
    /// A credential the request needs was not given; nothing was sent.
    case missingCredential(CredentialName)
    /// The server could not be reached.
    case connectFailed(url: String, reason: String)
    /// The server took longer than the limit to answer or went silent while answering.
    case timedOut(url: String, seconds: Int)
    /// The connection closed before the answer was complete.
    case connectionClosed(url: String)

    public var description: String {
        switch self {
        case .invalidBaseURL(let url, let reason):
            return "the URL \(TerminalText.quoted(url)) cannot be used: \(reason)"
        case .pathRefused(let path, let reason):
            return "the path \(TerminalText.quoted(path)) was refused: \(reason)"
        case .invalidRequest(let detail):
            return TerminalText.sanitized(detail, singleLine: true)
        case .outsideBaseURL(let url):
            return "refusing to send to \(TerminalText.quoted(url)): it is outside the integration's base URL"
        case .credentialsMismatch(let request, let credentials):
            return "refusing to send: the credentials are those of \(credentials), not of \(request)"
        case .missingCredential(let name):
            return "the integration has no \(name.previewName)"
        case .connectFailed(let url, let reason):
            return "cannot reach \(url): \(TerminalText.sanitized(reason, singleLine: true))"
        case .timedOut(let url, let seconds):
            return "\(url) did not answer within \(seconds) seconds"
        case .connectionClosed(let url):
            return "\(url) closed the connection before the answer was complete"
        }
    }
}

extension CredentialName {
    /// The name in words, e.g. `access token`.
    var previewName: String {
        rawValue.replacingOccurrences(of: "_", with: " ")
    }
}
