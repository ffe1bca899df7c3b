import Foundation

extension FakeOAuthServer {
    /// Answers the requests of a `FakeOAuthServer` as its script says.
    struct Responder: Sendable {
        let baseURL: String
        let clientID: String
        let clientSecret: String?
        let deviceCode: String
        let userCode: String
        let script: DeviceScript
        let rotatesRefreshTokens: Bool
        let ledger: Ledger

        /// The answer to `request`.
        func answer(_ request: RecordedRequest) -> FakeResponse {
            let form = FakeOAuthServer.form(request)
            switch (request.method, request.path) {
            case ("POST", "/device/code"):
                guard form["client_id"] == clientID else { return error(401, "invalid_client") }
                return json(200, [
                    "device_code": deviceCode, "user_code": userCode, "verification_uri": baseURL + "/device",
                    "verification_uri_complete": baseURL + "/device?user_code=" + userCode,
                    "expires_in": script.expiresIn, "interval": script.interval,
                ])
            case ("POST", "/token"):
                guard form["client_id"] == clientID, clientSecret == nil || form["client_secret"] == clientSecret else {
                    return error(401, "invalid_client")
                }
                switch form["grant_type"] {
                case "urn:ietf:params:oauth:grant-type:device_code": return poll(form)
                case "refresh_token": return refresh(form["refresh_token"] ?? "")
                default: return error(400, "unsupported_grant_type")
                }
            default:
                return .status(404, body: "not found")
            }
        }

        private func poll(_ form: [String: String]) -> FakeResponse {
            guard form["device_code"] == deviceCode else { return error(400, "invalid_grant") }
            let poll = ledger.state.withLock { state in
                state.polls += 1
                return state.polls
            }
            if poll <= script.pollErrors.count { return error(400, script.pollErrors[poll - 1]) }
            switch script.outcome {
            case .tokens: return tokens(refreshToken: "refresh-" + UUID().uuidString.lowercased())
            case .denied: return error(400, "access_denied", description: "The user denied the request")
            case .expired: return error(400, "expired_token")
            }
        }

        /// Refreshes with `token`; an unknown token gets `invalid_grant` with a description
        /// that echoes it (as careless servers do).
        private func refresh(_ token: String) -> FakeResponse {
            let valid = ledger.state.withLock { state in
                state.refreshTokensUsed.append(token)
                return state.validRefreshTokens.contains(token)
            }
            guard valid else { return error(400, "invalid_grant", description: "Token \(token) has been expired or revoked.") }
            guard rotatesRefreshTokens else { return tokens(refreshToken: nil) }
            let next = "refresh-" + UUID().uuidString.lowercased()
            ledger.state.withLock { state in
                state.validRefreshTokens.remove(token)
                state.validRefreshTokens.insert(next)
            }
            return tokens(refreshToken: next)
        }

        private func tokens(refreshToken: String?) -> FakeResponse {
            let accessToken = "access-" + UUID().uuidString.lowercased()
            ledger.state.withLock { $0.issuedAccessTokens.append(accessToken) }
            var body: [String: Any] = ["access_token": accessToken, "token_type": "Bearer", "expires_in": 3599]
            body["refresh_token"] = refreshToken
            return json(200, body)
        }

        private func error(_ status: Int, _ code: String, description: String? = nil) -> FakeResponse {
            var body: [String: Any] = ["error": code]
            body["error_description"] = description
            return json(status, body)
        }

        private func json(_ status: Int, _ object: [String: Any]) -> FakeResponse {
            let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            return .status(status, body: String(decoding: data, as: UTF8.self), headers: [("content-type", "application/json")])
        }
    }
}
