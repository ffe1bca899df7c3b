import AirlockCore
import Foundation

/// A user as the registry keeps it: public key and wrapped private keys, no secret in the
/// clear.
struct StoredAccount {
    /// The account's email.
    let email: AccountEmail
    /// The X25519 public key memberships are sealed to.
    let publicKey: [UInt8]
    /// The password credential, if the account signs in with a password.
    let password: PasswordCredential?
    /// The private key wrapped under the master-derived key, if the account may sign in
    /// through the identity provider.
    let identityProviderWrappedKey: [UInt8]?
    /// When the account was added.
    let createdAt: Date
}

/// What the registry keeps of a password: the scrypt parameters and salt, the verifier,
/// and the private key wrapped under the password's key.
struct PasswordCredential {
    let parameters: ScryptParameters
    let salt: [UInt8]
    let verifier: [UInt8]
    let wrappedKey: [UInt8]

    /// A credential of the same shape and cost that no password opens: what an unknown
    /// account is checked against, so that both take the same path.
    static func decoy(parameters: ScryptParameters) -> PasswordCredential {
        PasswordCredential(
            parameters: parameters, salt: ScryptParameters.newSalt(), verifier: randomBytes(32),
            wrappedKey: randomBytes(AccountKeyWrap.wrappedByteCount))
    }

    private static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}

/// A membership row: a workspace token sealed to the account's public key.
struct StoredMembership {
    let workspace: WorkspaceID
    let sealedToken: [UInt8]
}
