import Foundation

/// The identifier of an integration within its workspace: a slug of 2–40 characters
/// (short enough that tool names built from it stay within model limits).
public struct IntegrationID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The validated slug.
    public let rawValue: String

    /// Validates `rawValue` as an integration id.
    ///
    /// - Throws: ``IdentifierError`` naming what was wrong.
    public init(_ rawValue: String) throws(IdentifierError) {
        self.rawValue = try Slug.validate(rawValue, kind: "integration id", minLength: 2, maxLength: 40)
    }

    public var description: String { rawValue }

    public static func < (lhs: IntegrationID, rhs: IntegrationID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// What an integration talks to.
public enum IntegrationKind: String, Sendable, Codable, CaseIterable {
    /// Any HTTP API: GET (read-only) and other methods (side effects) below its base URL.
    case http
    /// Google Ads: GAQL reports through `googleAds:searchStream`.
    case googleAds = "google_ads"
    /// Meta Conversions API: sending events to a pixel.
    case metaConversions = "meta_capi"
    /// Google Calendar: listing and inserting events.
    case googleCalendar = "google_calendar"
}

/// How an integration authenticates.
public enum IntegrationAuth: String, Sendable, Codable, CaseIterable {
    /// `Authorization: Bearer <access_token>`.
    case bearer
    /// An API key in a named header.
    case apiKeyHeader = "api_key_header"
    /// OAuth 2.0: an access token refreshed with a refresh token before it expires.
    case oauth2
}

/// OAuth 2.0 endpoints and client of an integration (nothing secret: the client secret,
/// if any, is a credential).
public struct OAuthSettings: Sendable, Codable, Equatable {
    /// The token endpoint (refresh-token and device-code grants).
    public var tokenURL: String
    /// The device authorization endpoint (RFC 8628), when connecting by device flow.
    public var deviceAuthorizationURL: String?
    /// The OAuth client id.
    public var clientID: String
    /// Requested scopes.
    public var scopes: [String]

    /// Creates settings.
    public init(tokenURL: String, deviceAuthorizationURL: String?, clientID: String, scopes: [String]) {
        self.tokenURL = tokenURL
        self.deviceAuthorizationURL = deviceAuthorizationURL
        self.clientID = clientID
        self.scopes = scopes
    }

    private enum CodingKeys: String, CodingKey {
        case tokenURL = "token_url", deviceAuthorizationURL = "device_authorization_url", clientID = "client_id", scopes
    }
}

/// The non-secret configuration of an integration.
public struct IntegrationSettings: Sendable, Codable, Equatable {
    /// Where requests go; the only host credentials are ever sent to.
    public var baseURL: String
    /// How requests authenticate.
    public var auth: IntegrationAuth
    /// The header carrying the API key, for ``IntegrationAuth/apiKeyHeader``.
    public var apiKeyHeader: String?
    /// OAuth endpoints and client, for ``IntegrationAuth/oauth2``.
    public var oauth: OAuthSettings?
    /// Kind-specific values: `customer_id`, `login_customer_id` (Google Ads), `pixel_id`
    /// (Meta), `calendar_id` (Calendar).
    public var parameters: [String: String]

    /// Creates settings.
    public init(baseURL: String, auth: IntegrationAuth, apiKeyHeader: String? = nil, oauth: OAuthSettings? = nil, parameters: [String: String] = [:]) {
        self.baseURL = baseURL
        self.auth = auth
        self.apiKeyHeader = apiKeyHeader
        self.oauth = oauth
        self.parameters = parameters
    }

    private enum CodingKeys: String, CodingKey {
        case baseURL = "base_url", auth, apiKeyHeader = "api_key_header", oauth, parameters
    }
}

/// An integration of a workspace: an external platform it is connected to.
public struct Integration: Sendable, Codable, Equatable {
    /// Its id within the workspace.
    public let id: IntegrationID
    /// What it talks to.
    public let kind: IntegrationKind
    /// A display name.
    public let name: String
    /// Its configuration.
    public let settings: IntegrationSettings
    /// When it was added.
    public let createdAt: Date
    /// When a tool last used its credentials.
    public let lastUsedAt: Date?

    /// Creates an integration value.
    public init(id: IntegrationID, kind: IntegrationKind, name: String, settings: IntegrationSettings, createdAt: Date, lastUsedAt: Date?) {
        self.id = id
        self.kind = kind
        self.name = name
        self.settings = settings
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }

    private enum CodingKeys: String, CodingKey {
        case id, kind, name, settings, createdAt = "created_at", lastUsedAt = "last_used_at"
    }
}

/// Which secret of an integration a credential is.
public enum CredentialName: String, Sendable, Codable, CaseIterable {
    case accessToken = "access_token"
    case refreshToken = "refresh_token"
    case apiKey = "api_key"
    case clientSecret = "client_secret"
    case developerToken = "developer_token"
}

/// A credential as stored: sealed with the workspace's data key, bound to its workspace,
/// integration and name. The store never sees the secret.
public struct SealedCredential: Sendable, Equatable {
    /// The integration it belongs to.
    public let integration: IntegrationID
    /// Which secret it is.
    public let name: CredentialName
    /// AES-GCM nonce, ciphertext and tag.
    public let sealed: [UInt8]
    /// A label safe to show (`"access token …a91f"`), never the secret.
    public let label: String
    /// When the secret stops working, if known (access tokens).
    public let expiresAt: Date?

    /// Creates a sealed credential.
    public init(integration: IntegrationID, name: CredentialName, sealed: [UInt8], label: String, expiresAt: Date?) {
        self.integration = integration
        self.name = name
        self.sealed = sealed
        self.label = label
        self.expiresAt = expiresAt
    }
}
