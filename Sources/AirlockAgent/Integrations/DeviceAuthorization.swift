import AirlockCore
import Foundation

/// A pending device authorization (RFC 8628): what the user must do, and the device code
/// ``OAuthClient/pollForTokens(_:clientSecret:)`` polls with.
public struct DeviceAuthorization: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    /// The device code (secret; only sent back to the token endpoint).
    let deviceCode: String
    /// The code the user types at ``verificationURI``.
    public let userCode: String
    /// Where the user goes to approve.
    public let verificationURI: String
    /// A link with the user code already filled in, if the server offers one.
    public let verificationURIComplete: String?
    /// When the device code expires.
    public let expiresAt: Date
    /// Seconds to wait between polls, as the server asked (default 5).
    public let interval: Int

    /// Parses a device authorization response received at `receivedAt`. Server texts are
    /// made safe for a terminal. Accepts Google's `verification_url` spelling.
    ///
    /// - Throws: ``OAuthError/malformedResponse(_:)`` if a required field is missing.
    init(response fields: [String: JSONValue], receivedAt: Date) throws(OAuthError) {
        func text(_ name: String) -> String? {
            if case .string(let value)? = fields[name], !value.isEmpty { TerminalText.sanitized(value, singleLine: true) } else { nil }
        }
        func seconds(_ name: String) -> Int? {
            switch fields[name] {
            case .number(let value)?: Int(exactly: value.rounded())
            case .string(let value)?: Int(value)
            default: nil
            }
        }
        guard case .string(let deviceCode)? = fields["device_code"], !deviceCode.isEmpty, let userCode = text("user_code"),
              let verificationURI = text("verification_uri") ?? text("verification_url"), let expiresIn = seconds("expires_in") else {
            throw .malformedResponse("the device authorization response lacks device_code, user_code, verification_uri or expires_in")
        }
        guard verificationURI.hasPrefix("https://") || verificationURI.hasPrefix("http://") else {
            throw .malformedResponse("the verification URI is not an http(s) URL")
        }
        self.deviceCode = deviceCode
        self.userCode = userCode
        self.verificationURI = verificationURI
        verificationURIComplete = text("verification_uri_complete")
        expiresAt = receivedAt.addingTimeInterval(Double(max(0, expiresIn)))
        interval = max(1, seconds("interval") ?? 5)
    }

    public var description: String {
        "go to \(verificationURI) and enter \(userCode)"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["userCode": userCode, "verificationURI": verificationURI, "expiresAt": expiresAt, "interval": interval], displayStyle: .struct)
    }
}
