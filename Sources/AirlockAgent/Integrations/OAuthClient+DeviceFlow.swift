import Foundation

extension OAuthClient {
    /// The grant type of device code polls.
    static let deviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code"

    /// Starts a device authorization: posts the client id and scopes to the device
    /// authorization endpoint and returns what the user must do.
    ///
    /// - Throws: ``OAuthError/notConfigured(_:)`` without a device authorization URL, or the
    ///   ``OAuthError`` the server's answer stands for; `CancellationError`.
    public func startDeviceAuthorization() async throws -> DeviceAuthorization {
        guard let url = settings.deviceAuthorizationURL, !url.isEmpty else {
            throw OAuthError.notConfigured("there is no device authorization URL")
        }
        var fields = [(name: "client_id", value: settings.clientID)]
        if !settings.scopes.isEmpty { fields.append((name: "scope", value: settings.scopes.joined(separator: " "))) }
        let redactor = SecretRedactor([])
        let response = try await post(fields, to: url, redactor: redactor)
        guard (200..<300).contains(response.status), let json = response.fields else { throw failure(response, redactor: redactor) }
        return try DeviceAuthorization(response: json, receivedAt: clock.now())
    }

    /// Polls the token endpoint until the user approves `authorization`, and returns the
    /// tokens.
    ///
    /// Waits the server's interval before each poll, keeps waiting on
    /// `authorization_pending`, adds 5 seconds to the interval on `slow_down`, and stops at
    /// `access_denied`, `expired_token`, any other error, or when the device code expires.
    ///
    /// - Throws: ``OAuthError/accessDenied``, ``OAuthError/expired``, another
    ///   ``OAuthError``, or `CancellationError` (from the wait) when the task is cancelled.
    public func pollForTokens(_ authorization: DeviceAuthorization, clientSecret: String? = nil) async throws -> TokenSet {
        var fields = [
            (name: "grant_type", value: Self.deviceCodeGrant), (name: "device_code", value: authorization.deviceCode),
            (name: "client_id", value: settings.clientID),
        ]
        if let clientSecret, !clientSecret.isEmpty { fields.append((name: "client_secret", value: clientSecret)) }
        let redactor = SecretRedactor([authorization.deviceCode, clientSecret ?? ""])
        var interval = authorization.interval
        while true {
            try await sleep(.seconds(interval))
            try Task.checkCancellation()
            guard clock.now() < authorization.expiresAt else { throw OAuthError.expired }
            let response = try await post(fields, to: settings.tokenURL, redactor: redactor)
            switch response.errorCode {
            case "authorization_pending": continue
            case "slow_down": interval += 5
            default: return try tokens(from: response, redactor: redactor)
            }
        }
    }
}
