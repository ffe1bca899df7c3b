import Foundation

/// Where the authenticator looks up stored token digests (the registry).
public protocol TokenDigestSource: Sendable {
    /// The stored digest of `workspace`'s token, or nil if there is no such workspace.
    func tokenDigest(for workspace: WorkspaceID) async throws -> TokenDigest?
}

/// Verifies workspace tokens and mints ``WorkspaceGrant``s — the only code that can.
///
/// Verification does the same work whether or not the workspace exists: an unknown id is
/// compared against a random decoy digest, so timing does not reveal existence either.
public struct Authenticator: Sendable {
    /// Distinguishes grants of one authenticator instance (one opened home) from another's.
    struct Identity: Hashable, Sendable {
        let value = UUID()
    }

    let masterKey: MasterKey
    private let digests: any TokenDigestSource
    private let clock: any AirlockClock
    private let identity = Identity()
    private let decoy: TokenDigest

    /// Creates an authenticator over a registry's digests.
    public init(masterKey: MasterKey, digests: any TokenDigestSource, clock: any AirlockClock = SystemClock()) {
        self.masterKey = masterKey
        self.digests = digests
        self.clock = clock
        self.decoy = TokenDigest(stored: MasterKey.generateBytes())!
    }

    /// Verifies `token` for `workspace` and returns a grant for `actor`.
    ///
    /// - Throws: ``AuthenticationError/unknownWorkspaceOrInvalidToken`` when the workspace is
    ///   unknown or the token is wrong — one error for both.
    public func authenticate(_ workspace: WorkspaceID, token: WorkspaceToken, actor: AuditActor) async throws -> WorkspaceGrant {
        let stored = try await digests.tokenDigest(for: workspace)
        let presented = digest(of: token, for: workspace)
        let matches = presented.matches(stored ?? decoy)
        guard matches, stored != nil else { throw AuthenticationError.unknownWorkspaceOrInvalidToken }
        return WorkspaceGrant(
            workspaceID: workspace, actor: actor, issuedAt: clock.now(), issuer: identity, verifiedDigest: presented,
            keyEncryptionKey: masterKey.keyEncryptionKey(token: token, workspace: workspace)
        )
    }

    /// A fresh data key for `workspace`, wrapped for `token` (a new workspace's first key).
    package func newWrappedDataKey(for token: WorkspaceToken, workspace: WorkspaceID) throws(CredentialError) -> [UInt8] {
        try DataKeyWrap.newWrappedKey(under: masterKey.keyEncryptionKey(token: token, workspace: workspace), workspace: workspace)
    }

    /// The granted workspace's data key, unwrapped with the grant and wrapped again for its
    /// next token.
    ///
    /// - Throws: ``CredentialError/dataKeyUnavailable(_:)`` if `wrapped` does not unwrap
    ///   with the grant.
    package func rewrapDataKey(_ wrapped: [UInt8], for grant: WorkspaceGrant, to token: WorkspaceToken) throws(CredentialError) -> [UInt8] {
        let workspace = grant.workspaceID
        return try DataKeyWrap.rewrap(wrapped, from: grant.keyEncryptionKey, to: masterKey.keyEncryptionKey(token: token, workspace: workspace), workspace: workspace)
    }

    /// The digest under which `token` is stored for `workspace`.
    public func digest(of token: WorkspaceToken, for workspace: WorkspaceID) -> TokenDigest {
        TokenDigest(token: token, workspace: workspace, masterKey: masterKey)
    }

    /// Checks that `grant` was minted here and that `currentDigest` — the registry's digest
    /// now — is still the one it verified.
    ///
    /// - Throws: ``AuthenticationError/grantNoLongerValid`` otherwise.
    public func confirm(_ grant: WorkspaceGrant, currentDigest: TokenDigest?) throws {
        guard grant.issuer == identity, let currentDigest, grant.verifiedDigest.matches(currentDigest) else {
            throw AuthenticationError.grantNoLongerValid
        }
    }

    /// The key that seals the audit chain head of the granted workspace.
    public func auditSealKey(for grant: WorkspaceGrant) throws -> AuditSealKey {
        guard grant.issuer == identity else { throw AuthenticationError.grantNoLongerValid }
        return AuditSealKey(workspace: grant.workspaceID, key: masterKey.auditKey(for: grant.workspaceID))
    }
}
