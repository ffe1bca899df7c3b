import Foundation
import Synchronization

extension FakeOIDCIssuer {
    /// How many device polls are still answered `authorization_pending`.
    final class Polls: Sendable {
        let pending: Mutex<Int>

        init(pending: Int) {
            self.pending = Mutex(pending)
        }
    }

    /// The answer to `request`.
    func answer(_ request: RecordedRequest, interval: Int, polls: Polls) -> FakeResponse {
        let form = FakeOAuthServer.form(request)
        switch (request.method, request.path) {
        case ("GET", "/.well-known/openid-configuration"):
            return Self.reply(200, [
                "issuer": issuer, "device_authorization_endpoint": issuer + "/device/code", "token_endpoint": issuer + "/token",
                "jwks_uri": issuer + "/jwks", "id_token_signing_alg_values_supported": ["RS256"],
            ])
        case ("GET", "/jwks"):
            let primitives = try! Self.signingKey.publicKey.getKeyPrimitives()
            return Self.reply(200, ["keys": [[
                "kty": "RSA", "kid": Self.keyID, "use": "sig", "alg": "RS256",
                "n": Self.base64URL(primitives.modulus), "e": Self.base64URL(primitives.publicExponent),
            ]]])
        case ("POST", "/device/code"):
            guard form["client_id"] == clientID else { return Self.reply(401, ["error": "invalid_client"]) }
            return Self.reply(200, [
                "device_code": deviceCode, "user_code": userCode, "verification_url": issuer + "/device",
                "expires_in": 1800, "interval": interval,
            ])
        case ("POST", "/token"):
            guard form["client_id"] == clientID, form["grant_type"] == "urn:ietf:params:oauth:grant-type:device_code",
                  form["device_code"] == deviceCode else { return Self.reply(400, ["error": "invalid_grant"]) }
            let pending = polls.pending.withLock { count in
                defer { count = max(0, count - 1) }
                return count > 0
            }
            if pending { return Self.reply(428, ["error": "authorization_pending"]) }
            return Self.reply(200, [
                "access_token": "access-" + UUID().uuidString.lowercased(), "token_type": "Bearer", "expires_in": 3599,
                "scope": "openid email", "id_token": idToken(),
            ])
        default:
            return .status(404, body: "not found")
        }
    }

    private static func reply(_ status: Int, _ object: [String: Any]) -> FakeResponse {
        .status(status, body: String(decoding: json(object), as: UTF8.self), headers: [("content-type", "application/json")])
    }
}
