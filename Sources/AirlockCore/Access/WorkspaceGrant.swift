import Crypto
import Foundation

/// Proof that a workspace's token was verified: the only key to that workspace's data.
///
/// Only ``Authenticator`` can mint a grant — its initializer is internal to this module —
/// and it does so only after a constant-time check of the token against the registry's
/// digest. Store, vault, tool and context APIs take a grant, never a bare id string.
/// A grant remembers the authenticator that issued it and the digest it verified, so a
/// store can refuse grants from another home and grants outlived by a token rotation.
/// It also carries the key that unwraps the workspace's data key, derived from the master
/// key and the token; only Airlock's own modules can read it, and neither `description`
/// nor a reflection (`dump`) shows it.
public struct WorkspaceGrant: Sendable, CustomStringConvertible, CustomReflectable {
    /// The workspace whose data this grant reaches.
    public let workspaceID: WorkspaceID
    /// Who was authenticated, for audit events.
    public let actor: AuditActor
    /// When the token was verified.
    public let issuedAt: Date
    /// The authenticator instance that minted this grant.
    let issuer: Authenticator.Identity
    /// The digest that was verified; compared again when the grant is used, and named to
    /// PostgreSQL row-level security by tenant transactions.
    package let verifiedDigest: TokenDigest
    /// The key that wraps the workspace's data key (HKDF over the master key and the token).
    package let keyEncryptionKey: SymmetricKey

    init(workspaceID: WorkspaceID, actor: AuditActor, issuedAt: Date, issuer: Authenticator.Identity, verifiedDigest: TokenDigest,
         keyEncryptionKey: SymmetricKey) {
        self.workspaceID = workspaceID
        self.actor = actor
        self.issuedAt = issuedAt
        self.issuer = issuer
        self.verifiedDigest = verifiedDigest
        self.keyEncryptionKey = keyEncryptionKey
    }

    public var description: String { "WorkspaceGrant(\(workspaceID), actor: \(actor))" }

    public var customMirror: Mirror {
        Mirror(self, children: ["workspaceID": workspaceID, "actor": actor, "issuedAt": issuedAt])
    }
}
