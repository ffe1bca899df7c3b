import AirlockCore
import AirlockStore
import Foundation
import Logging

/// A device flow sign-in under way: what the user must do, and what finishing needs.
public struct PendingOpenIDSignIn: Sendable, CustomStringConvertible {
    /// The code to enter and where (show it to the user).
    public let authorization: DeviceAuthorization
    let provider: OpenIDProvider
    let client: OAuthClient

    public var description: String { "PendingOpenIDSignIn(\(authorization))" }
}

/// Signs users in through an OpenID Connect identity provider (Google by default) with the
/// device authorization flow (RFC 8628), then through ``SignIn`` to their workspaces.
///
/// ``start()`` reads the issuer's discovery document and starts the device flow;
/// ``finish(_:expecting:)`` polls until the user approves, verifies the ID token (RS256
/// signature against the issuer's JWKS, issuer, audience, expiry, issue time, verified
/// email) and signs in the account with that email if it may sign in this way. The device
/// flow sends no nonce, so none is checked. Every rejection of the token, and an account
/// that is missing or not enabled, is ``SignInError/unknownAccountOrWrongCredentials``.
public struct OpenIDSignIn: Sendable {
    private let settings: OpenIDSettings
    private let signIn: SignIn
    private let http: IntegrationHTTP
    private let clock: any AirlockClock
    private let sleep: OAuthClient.Sleep
    private let logger = Logger(label: "airlock.sign-in")

    /// Creates a sign-in through `settings`' issuer into `signIn`'s home, sending through
    /// `http`; `clock` checks token times and `sleep` waits between polls (both replaceable
    /// in tests).
    public init(settings: OpenIDSettings, signIn: SignIn, http: IntegrationHTTP, clock: any AirlockClock = SystemClock(),
                sleep: @escaping OAuthClient.Sleep = { try await Task.sleep(for: $0) }) {
        self.settings = settings
        self.signIn = signIn
        self.http = http
        self.clock = clock
        self.sleep = sleep
    }

    /// Reads the issuer's discovery document and starts a device authorization.
    ///
    /// - Throws: ``OpenIDError`` if the issuer's document is unusable; ``OAuthError`` if
    ///   the device authorization fails; `CancellationError`.
    public func start() async throws -> PendingOpenIDSignIn {
        let provider = try await OpenIDProvider.discover(settings.issuer, http: http)
        let client = OAuthClient(
            settings: OAuthSettings(
                tokenURL: provider.tokenEndpoint, deviceAuthorizationURL: provider.deviceAuthorizationEndpoint,
                clientID: settings.clientID, scopes: settings.scopes),
            http: http, clock: clock, sleep: sleep)
        return PendingOpenIDSignIn(authorization: try await client.startDeviceAuthorization(), provider: provider, client: client)
    }

    /// Waits for the user to approve `pending`, verifies the ID token and signs in its
    /// account — only if it is `expected`, when given.
    ///
    /// - Throws: ``SignInError/unknownAccountOrWrongCredentials`` if the ID token does not
    ///   verify or names another or an unknown account;
    ///   ``SignInError/accountLocked(until:secondsLeft:)``; ``OAuthError`` if the user
    ///   denies the request or it expires; ``OpenIDError`` if the key set is unusable;
    ///   `CancellationError`.
    public func finish(_ pending: PendingOpenIDSignIn, expecting expected: AccountEmail? = nil) async throws -> SignedIn {
        let tokens = try await pending.client.pollForTokens(pending.authorization, clientSecret: settings.clientSecret)
        guard let idToken = tokens.idToken else { throw OAuthError.malformedResponse("the token response has no id_token") }
        let verifier = IDTokenVerifier(
            issuer: pending.provider.issuer, clientID: settings.clientID,
            keys: try await pending.provider.signingKeys(http: http), leeway: settings.clockLeeway)
        let email: AccountEmail
        do {
            email = try verifier.verifiedEmail(idToken, now: clock.now())
        } catch {
            logger.debug("ID token rejected", metadata: ["reason": "\(error)"])
            throw SignInError.unknownAccountOrWrongCredentials
        }
        guard expected == nil || expected == email else { throw SignInError.unknownAccountOrWrongCredentials }
        return try await signIn.identityProviderVouched(for: email)
    }
}
