import Crypto
import Foundation

/// Seals a workspace token to an account's X25519 public key, and opens it with the
/// private key: how a membership lets its user recover the token at sign-in.
///
/// An ephemeral X25519 key agrees a secret with the account's key; HKDF-SHA256 (salt:
/// both public keys, info `"airlock.membership.v1"`) turns it into an AES-256-GCM key;
/// the associated data binds the email and the workspace id, so a sealed token moved to
/// another account or workspace does not open. Sealing needs only the public key, so an
/// operator who holds the token can grant it without the user's password.
package enum MembershipSeal {
    /// The size of a sealed token: the ephemeral public key (32), nonce (12), ciphertext
    /// (32) and tag (16).
    package static let sealedByteCount = 92

    /// `token` sealed to `publicKey` for `email`'s membership of `workspace`.
    package static func seal(_ token: WorkspaceToken, to publicKey: Curve25519.KeyAgreement.PublicKey, email: AccountEmail, workspace: WorkspaceID) throws -> [UInt8] {
        let ephemeral = Curve25519.KeyAgreement.PrivateKey()
        let key = sealingKey(try ephemeral.sharedSecretFromKeyAgreement(with: publicKey), ephemeral: ephemeral.publicKey, recipient: publicKey)
        let box = try AES.GCM.seal(token.bytes, using: key, authenticating: associatedData(email, workspace))
        guard let combined = box.combined else { throw CryptoKitError.incorrectParameterSize }
        return Array(ephemeral.publicKey.rawRepresentation) + Array(combined)
    }

    /// The token in `sealed`, or nil if it does not open with `privateKey` for `email`'s
    /// membership of `workspace`.
    package static func open(_ sealed: [UInt8], with privateKey: Curve25519.KeyAgreement.PrivateKey, email: AccountEmail, workspace: WorkspaceID) -> WorkspaceToken? {
        guard sealed.count == sealedByteCount,
              let ephemeral = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: sealed.prefix(32)),
              let secret = try? privateKey.sharedSecretFromKeyAgreement(with: ephemeral)
        else { return nil }
        let key = sealingKey(secret, ephemeral: ephemeral, recipient: privateKey.publicKey)
        guard let box = try? AES.GCM.SealedBox(combined: sealed.dropFirst(32)),
              var plain = try? AES.GCM.open(box, using: key, authenticating: associatedData(email, workspace))
        else { return nil }
        defer { plain.resetBytes(in: 0..<plain.count) }
        return try? WorkspaceToken(parsing: Hex.encode(plain))
    }

    private static func sealingKey(_ secret: SharedSecret, ephemeral: Curve25519.KeyAgreement.PublicKey, recipient: Curve25519.KeyAgreement.PublicKey) -> SymmetricKey {
        secret.hkdfDerivedSymmetricKey(
            using: SHA256.self, salt: ephemeral.rawRepresentation + recipient.rawRepresentation,
            sharedInfo: Data("airlock.membership.v1".utf8), outputByteCount: 32)
    }

    /// `"airlock.membership.v1" ‖ 0 ‖ email ‖ 0 ‖ workspace id`.
    private static func associatedData(_ email: AccountEmail, _ workspace: WorkspaceID) -> Data {
        Authenticator.labelled("airlock.membership.v1", email.rawValue, workspace.rawValue)
    }
}
