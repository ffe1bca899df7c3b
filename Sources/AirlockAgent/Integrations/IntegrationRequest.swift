import AirlockCore

/// One HTTP request to an integration, checked and ready to preview and send.
///
/// It holds no secret, only which credential goes where: the auth header the integration's
/// settings ask for, a header such as Google Ads' `developer-token`, or a body field such as
/// Meta's `access_token`. ``IntegrationHTTP`` fills them in when it sends. Build requests
/// with the ``IntegrationPreset`` functions.
public struct IntegrationRequest: Sendable, Equatable {
    /// An HTTP method.
    public enum Method: String, Sendable, CaseIterable {
        case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE"
    }

    /// Where the integration's own credential (access token or API key) goes.
    enum Authorization: Equatable {
        /// In the header the integration's settings name (`Authorization: Bearer …` or the API key header).
        case header
        /// In this top-level field of the JSON body.
        case bodyField(String)
    }

    /// A request header: fixed text, a credential, or a credential as a bearer token.
    struct Header: Sendable, Equatable {
        enum Value: Sendable, Equatable {
            case text(String), credential(CredentialName), bearer(CredentialName)
        }

        let name: String
        let value: Value
    }

    /// The longest URL built.
    static let maxURLLength = 8192

    /// The integration it is for; only that integration's credentials are accepted.
    public let integration: IntegrationID
    /// The method.
    public let method: Method
    /// The full URL, below the integration's base URL. Never contains a secret.
    public let url: String
    /// The JSON body without the credential fields (`nil`: no body).
    public let body: JSONValue?
    /// What sending it does: GET requests read, everything else acts outside Airlock.
    public let effect: ToolEffect
    let base: IntegrationBase
    let headers: [Header]
    let bodyCredentials: [String: CredentialName]

    /// Builds a request to `path` below `integration`'s base URL (its settings', or the
    /// kind's default when empty) and attaches its credential as `authorization` says.
    ///
    /// - Throws: ``IntegrationHTTPError`` if the base URL, the auth settings or the URL's
    ///   length are invalid, or a GET request has a body.
    init(
        integration: Integration, method: Method, path: IntegrationPath, query: [QueryItem] = [], headers: [Header] = [],
        body: JSONValue? = nil, authorization: Authorization = .header, effect: ToolEffect
    ) throws(IntegrationHTTPError) {
        let settings = integration.settings
        guard let baseURL = settings.baseURL.isEmpty ? integration.kind.defaultBaseURL : settings.baseURL else {
            throw .invalidBaseURL(url: "", reason: "integration \(integration.id) has no base URL")
        }
        base = try IntegrationBase(baseURL)
        url = base.url(path, query: query)
        guard url.utf8.count <= Self.maxURLLength else { throw .invalidRequest("the URL would be longer than \(Self.maxURLLength) bytes") }
        guard method != .get || body == nil else { throw .invalidRequest("a GET request has no body") }
        switch authorization {
        case .header:
            self.headers = headers + [try Self.authHeader(integration)]
            bodyCredentials = [:]
        case .bodyField(let field):
            guard case .object? = body else { throw .invalidRequest("a credential can only go into a JSON object body") }
            self.headers = headers
            bodyCredentials = [field: settings.auth.credentialName]
        }
        self.integration = integration.id
        self.method = method
        self.body = body
        self.effect = effect
    }

    /// The credentials sending uses, in the order they are applied.
    public var credentialsUsed: [CredentialName] {
        var names: [CredentialName] = []
        for header in headers {
            switch header.value {
            case .credential(let name), .bearer(let name): names.append(name)
            case .text: break
            }
        }
        names += bodyCredentials.keys.sorted().compactMap { bodyCredentials[$0] }
        return names.reduce(into: []) { unique, name in if !unique.contains(name) { unique.append(name) } }
    }

    /// What the approval dialog shows: method, URL, body with credential fields redacted,
    /// and the labels of the credentials used (`labels`, e.g. `access token …a91f`, else
    /// the credential's name).
    public func preview(labels: [CredentialName: String] = [:]) -> RequestPreview {
        var shownBody = body
        if case .object(var members)? = body {
            for field in bodyCredentials.keys { members[field] = .string(SecretRedactor.placeholder) }
            shownBody = .object(members)
        }
        return RequestPreview(
            method: method.rawValue, url: url, body: shownBody.map(RequestPreview.prettyJSON),
            credentials: credentialsUsed.map { labels[$0] ?? $0.previewName })
    }

    /// The header carrying `integration`'s credential, as its auth settings say.
    private static func authHeader(_ integration: Integration) throws(IntegrationHTTPError) -> Header {
        switch integration.settings.auth {
        case .bearer, .oauth2:
            return Header(name: "authorization", value: .bearer(.accessToken))
        case .apiKeyHeader:
            let reserved: Set<String> = ["host", "content-length", "content-type", "transfer-encoding", "connection"]
            guard let name = integration.settings.apiKeyHeader, !name.isEmpty, !reserved.contains(name.lowercased()),
                  name.utf8.allSatisfy({ PercentEncoding.isUnreserved($0) || "!#$%&'*+^`|".utf8.contains($0) }) else {
                throw .invalidRequest("integration \(integration.id) needs a valid api_key_header name")
            }
            return Header(name: name, value: .credential(.apiKey))
        }
    }
}

extension IntegrationAuth {
    /// The credential this kind of auth sends.
    var credentialName: CredentialName {
        switch self {
        case .bearer, .oauth2: .accessToken
        case .apiKeyHeader: .apiKey
        }
    }
}
