import AirlockCore
import Crypto
import Foundation

/// A user as listed for the operator: no key, salt or token.
public struct UserSummary: Sendable, Equatable, Codable {
    /// The account's email.
    public let email: AccountEmail
    /// Whether the account signs in with a password.
    public let password: Bool
    /// Whether the account may sign in through the OpenID Connect identity provider.
    public let openIDConnect: Bool
    /// The workspaces the account is a member of.
    public let workspaces: [WorkspaceID]
    /// When the account was added.
    public let createdAt: Date
    /// Until when repeated failed sign-ins lock the account, if they do now.
    public let lockedUntil: Date?
}

/// The users and memberships of a home: adding and removing accounts, granting and
/// revoking workspaces.
///
/// Each account has an X25519 key pair. The public key is stored; the private key only
/// wrapped — under a key derived from the password (scrypt, see ``ScryptParameters``)
/// and/or, for accounts allowed to sign in through the identity provider, under a key
/// derived from the master key and the email. Granting a workspace seals its token to the
/// public key (``MembershipSeal``), so the operator needs the token but not the user's
/// password, and the user recovers the token at sign-in.
public struct UserAccounts: Sendable {
    /// The shortest password accepted, in characters.
    public static let minimumPasswordLength = 8
    /// The longest password accepted, in UTF-8 bytes.
    public static let maximumPasswordBytes = 1024

    private let manager: WorkspaceManager
    private let passwordCost: ScryptParameters

    /// The accounts of `manager`'s home; new passwords are stretched with `passwordCost`.
    public init(manager: WorkspaceManager, passwordCost: ScryptParameters = .standard) {
        self.manager = manager
        self.passwordCost = passwordCost
    }

    /// Adds an account that signs in with `password` (if given) and, if
    /// `openIDConnect`, through the identity provider.
    ///
    /// - Throws: ``UserAccountError`` if the email is taken, the password's length is out
    ///   of bounds, or the account would have no sign-in method.
    public func add(_ email: AccountEmail, password: String?, openIDConnect: Bool) async throws {
        guard password != nil || openIDConnect else { throw UserAccountError.noSignInMethod }
        let privateKey = Curve25519.KeyAgreement.PrivateKey()
        var credential: PasswordCredential?
        if let password {
            guard password.count >= Self.minimumPasswordLength, password.utf8.count <= Self.maximumPasswordBytes else {
                throw UserAccountError.passwordLength(minimum: Self.minimumPasswordLength, maximumBytes: Self.maximumPasswordBytes)
            }
            let salt = ScryptParameters.newSalt()
            let keys = manager.authenticator.passwordKeys(stretched: try passwordCost.stretch(password, salt: salt), email: email)
            credential = PasswordCredential(
                parameters: passwordCost, salt: salt, verifier: keys.verifier,
                wrappedKey: try AccountKeyWrap.wrap(privateKey, under: keys.wrappingKey, email: email, method: .password))
        }
        let identityProviderKey = openIDConnect
            ? try AccountKeyWrap.wrap(privateKey, under: manager.authenticator.identityProviderKey(for: email), email: email, method: .identityProvider)
            : nil
        try await manager.registry.insertAccount(StoredAccount(
            email: email, publicKey: Array(privateKey.publicKey.rawRepresentation), password: credential,
            identityProviderWrappedKey: identityProviderKey, createdAt: Date(millisecondsSince1970: manager.clock.now().millisecondsSince1970)))
    }

    /// Removes an account and all its memberships.
    ///
    /// - Throws: ``UserAccountError/unknown(_:)`` if there is no such account.
    public func remove(_ email: AccountEmail) async throws {
        guard try await manager.registry.deleteAccount(email) else { throw UserAccountError.unknown(email) }
    }

    /// Makes `email` a member of `workspace`: verifies `token` for the workspace first,
    /// then seals it to the account's public key. Granting again replaces the membership
    /// (e.g. after the token was rotated).
    ///
    /// - Throws: ``AuthenticationError/unknownWorkspaceOrInvalidToken`` if the token does
    ///   not open the workspace; ``UserAccountError/unknown(_:)`` without such an account.
    public func grant(_ email: AccountEmail, workspace: WorkspaceID, token: WorkspaceToken, actor: AuditActor) async throws {
        _ = try await manager.authenticate(workspace, token: token, actor: actor)
        guard let account = try await manager.registry.account(email) else { throw UserAccountError.unknown(email) }
        let sealed = try MembershipSeal.seal(
            token, to: try Curve25519.KeyAgreement.PublicKey(rawRepresentation: account.publicKey), email: email, workspace: workspace)
        try await manager.registry.putMembership(email, workspace: workspace, sealedToken: sealed, at: manager.clock.now())
    }

    /// Ends `email`'s membership of `workspace`.
    ///
    /// - Throws: ``UserAccountError/notMember(_:_:)`` if there is none.
    public func revoke(_ email: AccountEmail, workspace: WorkspaceID) async throws {
        guard try await manager.registry.deleteMembership(email, workspace: workspace) else {
            throw UserAccountError.notMember(email, workspace)
        }
    }

    /// Every account with its sign-in methods, workspaces and lockout (no secrets).
    public func list() async throws -> [UserSummary] {
        let registry = manager.registry
        let workspaces = try await registry.membershipWorkspaces()
        let now = manager.clock.now()
        var summaries: [UserSummary] = []
        for account in try await registry.allAccounts() {
            summaries.append(UserSummary(
                email: account.email, password: account.password != nil, openIDConnect: account.identityProviderWrappedKey != nil,
                workspaces: workspaces[account.email] ?? [], createdAt: account.createdAt,
                lockedUntil: try await registry.lockedUntil(manager.authenticator.attemptKey(.account(account.email)), at: now)))
        }
        return summaries
    }
}
