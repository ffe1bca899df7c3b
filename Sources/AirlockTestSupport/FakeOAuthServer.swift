import Foundation
import Synchronization

/// A scripted OAuth 2.0 authorization server on 127.0.0.1: a device authorization endpoint
/// (`POST /device/code`) and a token endpoint (`POST /token`) answering the device-code and
/// refresh-token grants. Every request is recorded by the underlying `FakeModelServer`.
public final class FakeOAuthServer: Sendable {
    /// How device flow polls are answered.
    public struct DeviceScript: Sendable {
        /// The `error` codes answered to the first polls, in order (`authorization_pending`,
        /// `slow_down`, …).
        public var pollErrors: [String]
        /// How the flow ends after them.
        public var outcome: Outcome
        /// The `interval` the device authorization response asks for.
        public var interval: Int
        /// The `expires_in` of the device code.
        public var expiresIn: Int

        /// How a device flow ends.
        public enum Outcome: Sendable {
            /// Tokens are issued.
            case tokens
            /// `access_denied`.
            case denied
            /// `expired_token`.
            case expired
        }

        /// Creates a script.
        public init(pollErrors: [String] = [], outcome: Outcome = .tokens, interval: Int = 5, expiresIn: Int = 900) {
            self.pollErrors = pollErrors
            self.outcome = outcome
            self.interval = interval
            self.expiresIn = expiresIn
        }
    }

    /// What the server has issued and seen, shared with its responder.
    final class Ledger: Sendable {
        struct State {
            var polls = 0
            var validRefreshTokens: Set<String>
            var refreshTokensUsed: [String] = []
            var issuedAccessTokens: [String] = []
        }

        let state: Mutex<State>

        init(refreshTokens: [String]) {
            state = Mutex(State(validRefreshTokens: Set(refreshTokens)))
        }
    }

    /// The underlying server (its `requests` are every request received).
    public let server: FakeModelServer
    /// The client id the server accepts.
    public let clientID: String
    /// The client secret the server requires, if any.
    public let clientSecret: String?
    /// The device code the server issues.
    public let deviceCode = "device-" + UUID().uuidString.lowercased()
    /// The user code the server issues.
    public let userCode = "WDJB-MJHT"
    private let ledger: Ledger

    private init(server: FakeModelServer, clientID: String, clientSecret: String?, ledger: Ledger) {
        self.server = server
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.ledger = ledger
    }

    /// Starts a server accepting `clientID` (and `clientSecret`, if given, on the token
    /// endpoint), answering device polls as `script` says and refreshing with any of
    /// `refreshTokens`; with `rotatesRefreshTokens`, each refresh issues a new refresh token
    /// (which replaces the one used).
    public static func start(
        clientID: String = "airlock-client", clientSecret: String? = nil, script: DeviceScript = DeviceScript(),
        refreshTokens: [String] = [], rotatesRefreshTokens: Bool = false
    ) async throws -> FakeOAuthServer {
        let server = try await FakeModelServer.start()
        let fake = FakeOAuthServer(server: server, clientID: clientID, clientSecret: clientSecret, ledger: Ledger(refreshTokens: refreshTokens))
        let responder = Responder(
            baseURL: server.baseURL, clientID: clientID, clientSecret: clientSecret, deviceCode: fake.deviceCode,
            userCode: fake.userCode, script: script, rotatesRefreshTokens: rotatesRefreshTokens, ledger: fake.ledger)
        server.respond(with: responder.answer)
        return fake
    }

    /// The token endpoint.
    public var tokenURL: String { server.baseURL + "/token" }
    /// The device authorization endpoint.
    public var deviceAuthorizationURL: String { server.baseURL + "/device/code" }

    /// Every request received, in order.
    public var requests: [RecordedRequest] { server.requests }
    /// The form fields of every token endpoint request, in order.
    public var tokenRequests: [[String: String]] {
        requests.filter { $0.path == "/token" }.map(Self.form)
    }
    /// The refresh tokens clients refreshed with, in order (valid or not).
    public var refreshTokensUsed: [String] { ledger.state.withLock { $0.refreshTokensUsed } }
    /// The access tokens issued, in order.
    public var issuedAccessTokens: [String] { ledger.state.withLock { $0.issuedAccessTokens } }

    /// The form fields of a form-encoded request body.
    public static func form(_ request: RecordedRequest) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in request.bodyText.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }

    /// Stops the server.
    public func shutdown() async throws {
        try await server.shutdown()
    }
}
