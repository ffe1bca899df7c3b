import AirlockCore
import Foundation

/// Tokens an OAuth server issued. Holds secrets: its description and mirror never show
/// them.
public struct TokenSet: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The access token (secret).
    public let accessToken: String
    /// The refresh token (secret), if the server issued one — after a refresh, the one used
    /// unless the server rotated it.
    public let refreshToken: String?
    /// When the access token expires, if the server said (`expires_in`).
    public let expiresAt: Date?
    /// The token type; always `Bearer` (others are refused).
    public let tokenType: String
    /// The scopes granted (the ones requested when the server does not say).
    public let scopes: [String]
    /// The OpenID Connect ID token (secret), if the server issued one.
    let idToken: String?

    /// Creates a token set.
    public init(accessToken: String, refreshToken: String?, expiresAt: Date?, tokenType: String = "Bearer", scopes: [String]) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.tokenType = tokenType
        self.scopes = scopes
        idToken = nil
    }

    /// Parses a successful token response (`access_token`, `token_type`, `expires_in`,
    /// `refresh_token`, `scope`) received at `receivedAt`.
    ///
    /// - Throws: ``OAuthError/malformedResponse(_:)`` without an access token or with a
    ///   token type other than `Bearer`.
    init(response fields: [String: JSONValue], receivedAt: Date, requestedScopes: [String]) throws(OAuthError) {
        guard case .string(let accessToken)? = fields["access_token"], !accessToken.isEmpty else {
            throw .malformedResponse("the token response has no access_token")
        }
        var tokenType = "Bearer"
        if case .string(let type)? = fields["token_type"] {
            guard type.lowercased() == "bearer" else {
                throw .malformedResponse("the token type \(TerminalText.quoted(type, limit: 20)) is not supported (only Bearer)")
            }
            tokenType = type
        }
        let expiresIn: Double? = switch fields["expires_in"] {
        case .number(let seconds)?: seconds
        case .string(let text)?: Double(text)
        default: nil
        }
        let refreshToken: String? = if case .string(let token)? = fields["refresh_token"], !token.isEmpty { token } else { nil }
        let scopes: [String]? = if case .string(let scope)? = fields["scope"] { scope.split(separator: " ").map(String.init) } else { nil }
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        expiresAt = expiresIn.map { receivedAt.addingTimeInterval(max(0, $0)) }
        self.tokenType = tokenType
        self.scopes = scopes ?? requestedScopes
        idToken = if case .string(let token)? = fields["id_token"], !token.isEmpty { token } else { nil }
    }

    /// This set with `refreshToken` kept when the server did not issue a new one.
    func keepingRefreshToken(_ refreshToken: String) -> TokenSet {
        TokenSet(accessToken: accessToken, refreshToken: self.refreshToken ?? refreshToken, expiresAt: expiresAt, tokenType: tokenType, scopes: scopes)
    }

    public var description: String {
        let expiry = expiresAt.map { " expiring \($0.ISO8601Format())" } ?? ""
        return "TokenSet(access token [redacted]\(refreshToken == nil ? "" : ", refresh token [redacted]")\(expiry), scopes: \(scopes.joined(separator: " ")))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
