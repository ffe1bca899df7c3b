import Crypto
import Foundation

/// Where the authenticator checks presented token digests (the registry). The stored
/// digests need not be readable by the caller — PostgreSQL compares them itself.
public protocol TokenDigestVerifier: Sendable {
    /// Whether `digest` is the current token digest of `workspace`; false for an unknown
    /// workspace, after the same work as for a known one (see
    /// ``TokenDigest/isCurrent(_:stored:)``).
    func holds(_ digest: TokenDigest, for workspace: WorkspaceID) async throws -> Bool
}

/// Verifies workspace tokens and mints ``WorkspaceGrant``s — the only code that can.
public struct Authenticator: Sendable {
    /// Distinguishes grants of one authenticator instance (one opened home) from another's.
    struct Identity: Hashable, Sendable {
        let value = UUID()
    }

    let masterKey: MasterKey
    private let digests: any TokenDigestVerifier
    private let clock: any AirlockClock
    private let identity = Identity()

    /// Creates an authenticator over a registry's digests.
    public init(masterKey: MasterKey, digests: any TokenDigestVerifier, clock: any AirlockClock = SystemClock()) {
        self.masterKey = masterKey
        self.digests = digests
        self.clock = clock
    }

    /// Verifies `token` for `workspace` and returns a grant for `actor`.
    ///
    /// - Throws: ``AuthenticationError/unknownWorkspaceOrInvalidToken`` when the workspace is
    ///   unknown or the token is wrong — one error for both.
    public func authenticate(_ workspace: WorkspaceID, token: WorkspaceToken, actor: AuditActor) async throws -> WorkspaceGrant {
        let presented = digest(of: token, for: workspace)
        guard try await digests.holds(presented, for: workspace) else { throw AuthenticationError.unknownWorkspaceOrInvalidToken }
        return WorkspaceGrant(
            workspaceID: workspace, actor: actor, issuedAt: clock.now(), issuer: identity, verifiedDigest: presented,
            keyEncryptionKey: masterKey.keyEncryptionKey(token: token, workspace: workspace)
        )
    }

    /// A fresh data key for `workspace`, wrapped for `token` (a new workspace's first key).
    package func newWrappedDataKey(for token: WorkspaceToken, workspace: WorkspaceID) throws(CredentialError) -> [UInt8] {
        try DataKeyWrap.newWrappedKey(under: masterKey.keyEncryptionKey(token: token, workspace: workspace), workspace: workspace)
    }

    /// `dataKey` wrapped for `token` of `workspace` in this home (an imported workspace's key).
    package func wrapDataKey(_ dataKey: SymmetricKey, for token: WorkspaceToken, workspace: WorkspaceID) throws(CredentialError) -> [UInt8] {
        try DataKeyWrap.wrap(dataKey, under: masterKey.keyEncryptionKey(token: token, workspace: workspace), workspace: workspace)
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

    /// Checks that `grant` was minted here; whether its token is still current is the
    /// registry's to answer (presenting ``WorkspaceGrant/verifiedDigest``).
    ///
    /// - Throws: ``AuthenticationError/grantNoLongerValid`` otherwise.
    public func confirmIssuer(_ grant: WorkspaceGrant) throws {
        guard grant.issuer == identity else { throw AuthenticationError.grantNoLongerValid }
    }

    /// The key that seals the audit chain head of the granted workspace.
    public func auditSealKey(for grant: WorkspaceGrant) throws -> AuditSealKey {
        guard grant.issuer == identity else { throw AuthenticationError.grantNoLongerValid }
        return AuditSealKey(workspace: grant.workspaceID, key: masterKey.auditKey(for: grant.workspaceID))
    }
}
