import AirlockCore
import Crypto
import Foundation

/// Signs users in — with email and password, through the identity provider, or with a
/// workspace token — and turns every success into ``WorkspaceGrant``s minted by
/// ``WorkspaceManager/authenticate(_:token:actor:)``, the one constant-time token check.
///
/// - Failures of account sign-ins are all ``SignInError/unknownAccountOrWrongCredentials``.
///   An unknown email (or an account without a password) is checked against a decoy
///   credential of the same cost, so it does the same work as a wrong password: one
///   lockout transaction, one scrypt, one constant-time comparison, one AES-GCM opening.
/// - Every attempt is counted against its account (or workspace, for tokens) in the
///   registry before credentials are checked; ``SignInPolicy`` decides when repeated
///   failures lock it, and a locked subject is refused before any check. A success forgets
///   the count. Unknown emails and workspaces are counted and locked alike.
/// - Before any of that, the `limiter` (when given) admits the attempt under the sign-in
///   rate limit of its account (or workspace), so a flood is refused without a scrypt.
/// - Failures that came before a success are reported to each workspace it opens
///   (``WorkspaceStore/reportFailedSignIns(_:)``), where the anomaly detector judges them.
public struct SignIn: Sendable {
    private let manager: WorkspaceManager
    private let policy: SignInPolicy
    private let decoyCost: ScryptParameters
    private let limiter: RateLimiter?

    /// Signs in to `manager`'s home under `policy`, with attempts admitted by `limiter`
    /// if given; unknown accounts are checked against a decoy stretched with
    /// `passwordCost` (the cost new passwords get).
    public init(manager: WorkspaceManager, policy: SignInPolicy = SignInPolicy(), passwordCost: ScryptParameters = .standard,
                limiter: RateLimiter? = nil) {
        self.manager = manager
        self.policy = policy
        self.decoyCost = passwordCost
        self.limiter = limiter
    }

    /// Signs in with `email` and `password` and opens the account's workspaces.
    ///
    /// - Throws: ``SignInError/unknownAccountOrWrongCredentials`` for an unknown account,
    ///   a wrong password or an account without a password;
    ///   ``SignInError/accountLocked(until:secondsLeft:)`` while locked (or when this
    ///   failure locks it); ``RateLimitError`` over the sign-in rate limit; ``InputError``
    ///   if `email` is not an email address.
    public func password(email: String, password: String) async throws -> SignedIn {
        let email = try AccountEmail(email)
        try limiter?.admit(.signIn, for: manager.accountSubject(email))
        let attempt = try await start(.account(email))
        let account = try await manager.registry.account(email)
        let privateKey = unlock(account?.password ?? .decoy(parameters: decoyCost), password: password, email: email)
        guard account?.password != nil, let privateKey else { throw attempt.failure }
        return try await finish(email, privateKey: privateKey, attempt: attempt)
    }

    /// Signs in the account the identity provider vouched for: the caller has verified an
    /// ID token naming `email` as verified (see AirlockAgent's `OpenIDSignIn`). Unwraps the
    /// account's private key with the key derived from the master key.
    ///
    /// - Throws: ``SignInError/unknownAccountOrWrongCredentials`` if there is no such
    ///   account or it may not sign in this way; ``SignInError/accountLocked(until:secondsLeft:)``.
    package func identityProviderVouched(for email: AccountEmail) async throws -> SignedIn {
        try limiter?.admit(.signIn, for: manager.accountSubject(email))
        let attempt = try await start(.account(email))
        let account = try await manager.registry.account(email)
        let key = manager.authenticator.identityProviderKey(for: email)
        guard let wrapped = account?.identityProviderWrappedKey,
              let privateKey = AccountKeyWrap.unwrap(wrapped, under: key, email: email, method: .identityProvider)
        else { throw attempt.failure }
        return try await finish(email, privateKey: privateKey, attempt: attempt)
    }

    /// Signs in to `workspace` with its token: ``WorkspaceManager/authenticate(_:token:actor:)``
    /// with failures counted against the workspace in the registry (no workspace file is
    /// touched before the token is verified).
    ///
    /// - Throws: ``AuthenticationError/unknownWorkspaceOrInvalidToken`` for an unknown
    ///   workspace or a wrong token; ``SignInError/workspaceLocked(until:secondsLeft:)``
    ///   while locked (or when this failure locks it); ``RateLimitError`` over the sign-in
    ///   rate limit.
    public func token(_ token: WorkspaceToken, workspace: WorkspaceID, actor: AuditActor) async throws -> WorkspaceGrant {
        try limiter?.admit(.signIn, for: .workspace(workspace))
        return try await verify(token, workspace: workspace, actor: actor)
    }

    /// Checks a token presented with an operation (a command, the console opening a
    /// workspace) like ``token(_:workspace:actor:)``, except that only a failure counts
    /// against the sign-in rate limit: a room is needed, but working with a valid token
    /// does not use it up.
    package func presented(_ token: WorkspaceToken, workspace: WorkspaceID, actor: AuditActor) async throws -> WorkspaceGrant {
        try limiter?.ensureRoom(.signIn, for: .workspace(workspace))
        do {
            return try await verify(token, workspace: workspace, actor: actor)
        } catch let error as SignInError {
            try limiter?.record(.signIn, for: .workspace(workspace))
            throw error
        } catch let error as AuthenticationError {
            try limiter?.record(.signIn, for: .workspace(workspace))
            throw error
        }
    }

    /// Verifies `token` with lockout counting; reports earlier failures to the workspace.
    private func verify(_ token: WorkspaceToken, workspace: WorkspaceID, actor: AuditActor) async throws -> WorkspaceGrant {
        let attempt = try await start(.workspace(workspace))
        let grant: WorkspaceGrant
        do {
            grant = try await manager.authenticate(workspace, token: token, actor: actor)
        } catch AuthenticationError.unknownWorkspaceOrInvalidToken {
            throw attempt.failure
        }
        try await manager.registry.forgetSignInAttempts(attempt.key)
        try await report(attempt.failedBefore, to: grant)
        return grant
    }

    /// Tells the granted workspace about `failures` failed attempts before this success.
    private func report(_ failures: Int, to grant: WorkspaceGrant) async throws {
        guard failures > 0 else { return }
        _ = try await manager.withStore(grant) { store in try await store.reportFailedSignIns(failures) }
    }

    // MARK: - Steps

    /// A started attempt: its registry key, the error a failure reports, and the failures
    /// counted before it since the subject's last success.
    struct Attempt {
        let key: [UInt8]
        let failure: any Error
        let failedBefore: Int
    }

    /// Counts an attempt of `subject`, or refuses it while the subject is locked.
    func start(_ subject: SignInSubject) async throws -> Attempt {
        let key = manager.authenticator.attemptKey(subject)
        let now = manager.clock.now()
        func locked(_ until: Date) -> SignInError {
            let seconds = Int(until.timeIntervalSince(now).rounded(.up))
            if case .workspace = subject { return .workspaceLocked(until: until, secondsLeft: seconds) }
            return .accountLocked(until: until, secondsLeft: seconds)
        }
        switch try await manager.registry.startSignInAttempt(key, at: now, policy: policy) {
        case .refused(let until):
            throw locked(until)
        case .counted(let counted, let lockedIfFailed?):
            return Attempt(key: key, failure: locked(lockedIfFailed), failedBefore: failedBefore(counted))
        case .counted(let counted, nil):
            let failure: any Error = if case .workspace = subject {
                AuthenticationError.unknownWorkspaceOrInvalidToken
            } else {
                SignInError.unknownAccountOrWrongCredentials
            }
            return Attempt(key: key, failure: failure, failedBefore: failedBefore(counted))
        }
    }

    /// The failures before the attempt just counted into `attempts` (each lockout took
    /// ``SignInPolicy/maxFailures`` of them).
    private func failedBefore(_ attempts: SignInAttempts) -> Int {
        max(0, attempts.failures - 1 + attempts.lockouts * policy.maxFailures)
    }

    /// The private key `credential` wraps, if `password` is right — the same work whether
    /// `credential` is an account's or a decoy: scrypt, HKDF, a constant-time comparison
    /// of the verifier and an AES-GCM opening, each always performed.
    func unlock(_ credential: PasswordCredential, password: String, email: AccountEmail) -> Curve25519.KeyAgreement.PrivateKey? {
        guard let stretched = try? credential.parameters.stretch(password, salt: credential.salt) else { return nil }
        let keys = manager.authenticator.passwordKeys(stretched: stretched, email: email)
        let verified = ConstantTime.equals(keys.verifier, credential.verifier)
        let privateKey = AccountKeyWrap.unwrap(credential.wrappedKey, under: keys.wrappingKey, email: email, method: .password)
        return verified ? privateKey : nil
    }

    /// Opens the memberships of a signed-in account, forgets its failures, and returns
    /// the grants.
    private func finish(_ email: AccountEmail, privateKey: Curve25519.KeyAgreement.PrivateKey, attempt: Attempt) async throws -> SignedIn {
        var workspaces: [WorkspaceAccess] = []
        var outdated: [WorkspaceID] = []
        for membership in try await manager.registry.memberships(of: email) {
            guard let token = MembershipSeal.open(membership.sealedToken, with: privateKey, email: email, workspace: membership.workspace),
                  let grant = try? await manager.authenticate(membership.workspace, token: token, actor: email.actor)
            else {
                outdated.append(membership.workspace)
                continue
            }
            workspaces.append(WorkspaceAccess(grant: grant, token: token))
        }
        try await manager.registry.forgetSignInAttempts(attempt.key)
        for access in workspaces { try await report(attempt.failedBefore, to: access.grant) }
        return SignedIn(email: email, workspaces: workspaces, outdated: outdated)
    }
}
