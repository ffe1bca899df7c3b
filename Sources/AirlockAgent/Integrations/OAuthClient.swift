import AirlockCore
import Foundation

/// Talks OAuth 2.0 to an integration's token endpoint: refreshes access tokens, and
/// connects an account by device authorization (RFC 8628).
///
/// Requests go through an ``IntegrationHTTP`` (no redirects, time limits); endpoints must
/// be https (or http to this machine). Errors carry the server's `error` and
/// `error_description`, never a secret.
public struct OAuthClient: Sendable {
    /// Waits for a duration; throws `CancellationError` when the task is cancelled.
    public typealias Sleep = @Sendable (Duration) async throws -> Void

    /// The endpoints, client and scopes.
    public let settings: OAuthSettings
    let http: IntegrationHTTP
    let clock: any AirlockClock
    let sleep: Sleep

    /// The most bytes of an OAuth response read.
    static let responseLimit = 64 * 1024

    /// Creates a client for `settings` sending through `http`; `clock` stamps expiry times
    /// and `sleep` waits between device flow polls (both replaceable in tests).
    public init(settings: OAuthSettings, http: IntegrationHTTP, clock: any AirlockClock = SystemClock(), sleep: @escaping Sleep = { try await Task.sleep(for: $0) }) {
        self.settings = settings
        self.http = http
        self.clock = clock
        self.sleep = sleep
    }

    /// Exchanges `refreshToken` for a new access token (`grant_type=refresh_token`), sending
    /// `clientSecret` when the client has one. The result keeps `refreshToken` unless the
    /// server issued a new one (which then replaces it).
    ///
    /// - Throws: ``OAuthError`` (e.g. `.server` with `invalid_grant` for a revoked token),
    ///   or `CancellationError`.
    public func refresh(refreshToken: String, clientSecret: String? = nil) async throws -> TokenSet {
        var fields = [(name: "grant_type", value: "refresh_token"), (name: "refresh_token", value: refreshToken), (name: "client_id", value: settings.clientID)]
        if let clientSecret, !clientSecret.isEmpty { fields.append((name: "client_secret", value: clientSecret)) }
        let redactor = SecretRedactor([refreshToken, clientSecret ?? ""])
        let response = try await post(fields, to: settings.tokenURL, redactor: redactor)
        return try tokens(from: response, redactor: redactor).keepingRefreshToken(refreshToken)
    }

    /// An answer of an OAuth endpoint: status, the JSON object (if the body is one) and the body.
    struct Response {
        let status: Int
        let fields: [String: JSONValue]?
        let body: [UInt8]

        /// The `error` code of an error answer.
        var errorCode: String? {
            guard !(200..<300).contains(status), case .string(let code)? = fields?["error"] else { return nil }
            return code
        }
    }

    /// Posts `fields` form-encoded to `url` and reads the JSON answer.
    func post(_ fields: [(name: String, value: String)], to url: String, redactor: SecretRedactor) async throws -> Response {
        do {
            _ = try IntegrationBase(url)
        } catch {
            throw OAuthError.notConfigured(error.description)
        }
        let exchange: IntegrationHTTP.Exchange
        do {
            exchange = try await http.postForm(fields, to: url, readLimit: Self.responseLimit, redactor: redactor)
        } catch let error as IntegrationHTTPError {
            throw OAuthError.transport(error)
        }
        guard !exchange.bodyContinues else { throw OAuthError.malformedResponse("the response is longer than \(Self.responseLimit) bytes") }
        let json: [String: JSONValue]? = if case .object(let members)? = try? JSONValue(parsing: String(decoding: exchange.body, as: UTF8.self)) { members } else { nil }
        return Response(status: exchange.status, fields: json, body: exchange.body)
    }

    /// The tokens of a successful token response.
    ///
    /// - Throws: the ``OAuthError`` an error response stands for.
    func tokens(from response: Response, redactor: SecretRedactor) throws(OAuthError) -> TokenSet {
        guard (200..<300).contains(response.status), let fields = response.fields else { throw failure(response, redactor: redactor) }
        return try TokenSet(response: fields, receivedAt: clock.now(), requestedScopes: settings.scopes)
    }

    /// The error an unsuccessful (or non-JSON) response stands for.
    func failure(_ response: Response, redactor: SecretRedactor) -> OAuthError {
        switch response.errorCode {
        case "access_denied": .accessDenied
        case "expired_token": .expired
        default:
            (200..<300).contains(response.status)
                ? .malformedResponse("the response is not a JSON object")
                : .server(status: response.status, fields: response.fields, body: response.body, redactor: redactor)
        }
    }
}
