import Foundation

/// Where and as whom Airlock signs users in with OpenID Connect.
///
/// The endpoints come from the issuer's discovery document
/// (`<issuer>/.well-known/openid-configuration`). Google (the default issuer) asks
/// device-flow clients ("TVs and Limited Input devices") to send their client secret, which
/// for such clients is not confidential; it is still never printed.
public struct OpenIDSettings: Sendable, Equatable, CustomStringConvertible {
    /// Google's issuer, the default.
    public static let googleIssuer = "https://accounts.google.com"

    /// The issuer: https, or http to this machine.
    public var issuer: String
    /// The OAuth client id; ID tokens must name it as their audience.
    public var clientID: String
    /// The client secret, if the provider requires one for the device flow.
    public var clientSecret: String?
    /// The scopes requested (`openid email`).
    public var scopes: [String]
    /// Seconds of clock difference tolerated when checking `exp`, `iat` and `nbf`.
    public var clockLeeway: TimeInterval

    /// Creates settings; the issuer defaults to Google's.
    public init(issuer: String = OpenIDSettings.googleIssuer, clientID: String, clientSecret: String? = nil, scopes: [String] = ["openid", "email"], clockLeeway: TimeInterval = 60) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.clockLeeway = clockLeeway
    }

    public var description: String {
        "OpenIDSettings(issuer: \(issuer), client: \(clientID)\(clientSecret == nil ? "" : ", client secret [redacted]"))"
    }
}
