import AirlockCore
import Foundation

/// A user as the registry keeps it: public key and wrapped private keys, no secret in the
/// clear.
package struct StoredAccount: Sendable {
    /// The account's email.
    package let email: AccountEmail
    /// The X25519 public key memberships are sealed to.
    package let publicKey: [UInt8]
    /// The password credential, if the account signs in with a password.
    package let password: PasswordCredential?
    /// The private key wrapped under the master-derived key, if the account may sign in
    /// through the identity provider.
    package let identityProviderWrappedKey: [UInt8]?
    /// When the account was added.
    package let createdAt: Date

    package init(email: AccountEmail, publicKey: [UInt8], password: PasswordCredential?, identityProviderWrappedKey: [UInt8]?, createdAt: Date) {
        self.email = email
        self.publicKey = publicKey
        self.password = password
        self.identityProviderWrappedKey = identityProviderWrappedKey
        self.createdAt = createdAt
    }
}

/// What the registry keeps of a password: the scrypt parameters and salt, the verifier,
/// and the private key wrapped under the password's key.
package struct PasswordCredential: Sendable {
    package let parameters: ScryptParameters
    package let salt: [UInt8]
    package let verifier: [UInt8]
    package let wrappedKey: [UInt8]

    package init(parameters: ScryptParameters, salt: [UInt8], verifier: [UInt8], wrappedKey: [UInt8]) {
        self.parameters = parameters
        self.salt = salt
        self.verifier = verifier
        self.wrappedKey = wrappedKey
    }

    /// A credential of the same shape and cost that no password opens: what an unknown
    /// account is checked against, so that both take the same path.
    package static func decoy(parameters: ScryptParameters) -> PasswordCredential {
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
package struct StoredMembership: Sendable {
    package let workspace: WorkspaceID
    package let sealedToken: [UInt8]

    package init(workspace: WorkspaceID, sealedToken: [UInt8]) {
        self.workspace = workspace
        self.sealedToken = sealedToken
    }
}
