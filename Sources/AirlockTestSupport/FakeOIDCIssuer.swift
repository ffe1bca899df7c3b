import AirlockCore
import Crypto
import CryptoExtras
import Foundation

/// A scripted OpenID Connect issuer on 127.0.0.1: a discovery document
/// (`GET /.well-known/openid-configuration`), a device authorization endpoint
/// (`POST /device/code`), a token endpoint (`POST /token`, the device-code grant) that
/// issues an RS256 ID token, and its key set (`GET /jwks`). A ``Fault`` makes the ID token
/// wrong in one way. Every request is recorded by the underlying `FakeModelServer`.
public final class FakeOIDCIssuer: Sendable {
    /// How the issued ID token is wrong, if it is.
    public enum Fault: Sendable, CaseIterable {
        /// Signed by a key that is not in the issuer's key set.
        case wrongSigningKey
        /// Issued for another client.
        case wrongAudience
        /// Expired an hour ago.
        case expired
        /// `email_verified` is false.
        case unverifiedEmail
        /// Names another issuer.
        case wrongIssuer
    }

    /// The key the issuer signs with (published in its key set).
    static let signingKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    /// A key the issuer does not publish.
    static let strangerKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    /// The key id of ``signingKey``.
    static let keyID = "fake-key-1"

    /// The underlying server (its `requests` are every request received).
    public let server: FakeModelServer
    /// The client id ID tokens are issued for.
    public let clientID: String
    /// The email the ID token names.
    public let email: String
    /// The device code the issuer issues (secret).
    public let deviceCode = "device-" + UUID().uuidString.lowercased()
    /// The user code the issuer issues.
    public let userCode = "OIDC-CODE"
    private let fault: Fault?
    private let clock: any AirlockClock

    private init(server: FakeModelServer, clientID: String, email: String, fault: Fault?, clock: any AirlockClock) {
        self.server = server
        self.clientID = clientID
        self.email = email
        self.fault = fault
        self.clock = clock
    }

    /// Starts an issuer whose ID tokens name `email` for `clientID`, wrong as `fault`
    /// says, stamped with `clock`'s time; device polls wait `interval` seconds and get
    /// `pendingPolls` `authorization_pending` answers first.
    public static func start(
        clientID: String = "airlock-oidc-client", email: String, fault: Fault? = nil, clock: any AirlockClock = SystemClock(),
        interval: Int = 1, pendingPolls: Int = 0
    ) async throws -> FakeOIDCIssuer {
        let server = try await FakeModelServer.start()
        let issuer = FakeOIDCIssuer(server: server, clientID: clientID, email: email, fault: fault, clock: clock)
        let polls = Polls(pending: pendingPolls)
        server.respond { request in issuer.answer(request, interval: interval, polls: polls) }
        return issuer
    }

    /// The issuer identifier (`http://127.0.0.1:<port>`).
    public var issuer: String { server.baseURL }

    /// Every request received, in order.
    public var requests: [RecordedRequest] { server.requests }

    /// An RS256 ID token as the token endpoint issues it, with `nonce` if given.
    public func idToken(nonce: String? = nil) -> String {
        let now = clock.now().timeIntervalSince1970.rounded(.down)
        var claims: [String: Any] = [
            "iss": fault == .wrongIssuer ? "https://issuer.invalid" : issuer,
            "aud": fault == .wrongAudience ? "someone-else" : clientID,
            "azp": fault == .wrongAudience ? "someone-else" : clientID,
            "sub": "110169484474386276334", "email": email,
            "email_verified": fault != .unverifiedEmail,
            "iat": fault == .expired ? now - 7200 : now, "exp": fault == .expired ? now - 3600 : now + 3600,
        ]
        claims["nonce"] = nonce
        return Self.sign(header: ["alg": "RS256", "kid": Self.keyID, "typ": "JWT"], claims: claims,
                         key: fault == .wrongSigningKey ? Self.strangerKey : Self.signingKey)
    }

    /// `header.claims.signature` in base64url, signed with `key` (RS256).
    public static func sign(header: [String: Any], claims: [String: Any], key: _RSA.Signing.PrivateKey) -> String {
        let input = base64URL(json(header)) + "." + base64URL(json(claims))
        let signature = try! key.signature(for: SHA256.hash(data: Data(input.utf8)), padding: .insecurePKCS1v1_5)
        return input + "." + base64URL(signature.rawRepresentation)
    }

    /// Stops the server.
    public func shutdown() async throws {
        try await server.shutdown()
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func json(_ object: [String: Any]) -> Data {
        try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}
