import AirlockCore
import Foundation
import GRDB

/// The one way into a home's workspaces: every sign-in, command, console action, chat
/// message and tool call passes it.
///
/// It authenticates first (``SignIn``: lockouts, the sign-in rate limit per workspace and
/// per account, the one constant-time token check) and then admits the operation under
/// its workspace's rate limit — before any business logic runs, so a refused operation
/// has done nothing. Limits are per workspace: each workspace's API and chat logs are
/// kept in a file of their own, so a flood in one neither uses up nor waits on another's.
public struct Gateway: Sendable {
    /// The home's workspaces.
    public let manager: WorkspaceManager
    /// Signs users in under the gateway's sign-in limits.
    public let signIn: SignIn
    /// The limits applied.
    public let limiter: RateLimiter

    /// A gateway over `manager` that counts with `limiter` and locks out under `policy`.
    public init(manager: WorkspaceManager, limiter: RateLimiter, policy: SignInPolicy = SignInPolicy(), passwordCost: ScryptParameters = .standard) {
        self.manager = manager
        self.limiter = limiter
        self.signIn = SignIn(manager: manager, policy: policy, passwordCost: passwordCost, limiter: limiter)
    }

    /// Authenticates `token` for `workspace` and admits one `requestClass` operation.
    ///
    /// Pass nil as `requestClass` when the caller admits each operation itself through
    /// ``admission(for:)`` (the console, a chat turn).
    ///
    /// - Throws: ``AuthenticationError/unknownWorkspaceOrInvalidToken``,
    ///   ``SignInError/workspaceLocked(until:secondsLeft:)`` or ``RateLimitError``; nothing
    ///   of the operation has happened then.
    public func enter(_ workspace: WorkspaceID, token: WorkspaceToken, actor: AuditActor, for requestClass: RequestClass?) async throws -> WorkspaceGrant {
        let grant = try await signIn.presented(token, workspace: workspace, actor: actor)
        if let requestClass { try admit(grant, requestClass) }
        return grant
    }

    /// Admits one `requestClass` operation of the granted workspace.
    ///
    /// - Throws: ``RateLimitError`` when the workspace's window is full.
    public func admit(_ grant: WorkspaceGrant, _ requestClass: RequestClass) throws {
        try limiter.admit(requestClass, for: .workspace(grant.workspaceID))
    }

    /// Refuses if one more `requestClass` operation of the granted workspace would not fit
    /// now, counting nothing: for work that prepares an operation counted later (a chat
    /// command creating the session its message goes to).
    ///
    /// - Throws: ``RateLimitError`` when the workspace's window is full.
    public func ensureRoom(_ grant: WorkspaceGrant, _ requestClass: RequestClass) throws {
        try limiter.ensureRoom(requestClass, for: .workspace(grant.workspaceID))
    }

    /// The admission a runtime of the granted workspace asks before each chat message and
    /// tool call.
    public func admission(for grant: WorkspaceGrant) -> OperationAdmission {
        let limiter = limiter
        let subject = RateLimitSubject.workspace(grant.workspaceID)
        return OperationAdmission { requestClass in try limiter.admit(requestClass, for: subject) }
    }
}

extension WorkspaceManager {
    /// The rate-limit subject of the account `email` (an HMAC of it, never the address).
    func accountSubject(_ email: AccountEmail) -> RateLimitSubject {
        .account(email.rawValue, key: authenticator.accountSubjectKey)
    }
}

extension Gateway {
    /// Whether the home has user accounts, so that the console asks who is signing in.
    public func homeHasUsers() async throws -> Bool {
        try await manager.registry.hasAccounts()
    }
}
