import Crypto
import Foundation

/// Wraps and unwraps an account's X25519 private key.
///
/// The key is sealed with AES-256-GCM under a key derived from the password or from the
/// master key (``Authenticator/passwordKeys(stretched:email:)``,
/// ``Authenticator/identityProviderKey(for:)``), with associated data binding the method
/// and the email, so a wrapped key copied onto another account, or from one column to the
/// other, does not open.
package enum AccountKeyWrap {
    /// Which key a private key is wrapped under.
    package enum Method: String, Sendable {
        /// The key derived from the password.
        case password
        /// The key derived from the master key, for identity-provider sign-in.
        case identityProvider = "oidc"
    }

    /// The size of a wrapped key: 12-byte nonce, 32-byte ciphertext, 16-byte tag.
    package static let wrappedByteCount = 60

    /// `privateKey` sealed under `key` for `email` and `method`.
    package static func wrap(_ privateKey: Curve25519.KeyAgreement.PrivateKey, under key: SymmetricKey, email: AccountEmail, method: Method) throws -> [UInt8] {
        let box = try AES.GCM.seal(privateKey.rawRepresentation, using: key, authenticating: associatedData(email, method))
        guard let combined = box.combined else { throw CryptoKitError.incorrectParameterSize }
        return Array(combined)
    }

    /// The private key in `wrapped`, or nil if it does not open under `key` for `email`
    /// and `method`.
    package static func unwrap(_ wrapped: [UInt8], under key: SymmetricKey, email: AccountEmail, method: Method) -> Curve25519.KeyAgreement.PrivateKey? {
        guard wrapped.count == wrappedByteCount,
              let box = try? AES.GCM.SealedBox(combined: wrapped),
              var plain = try? AES.GCM.open(box, using: key, authenticating: associatedData(email, method))
        else { return nil }
        defer { plain.resetBytes(in: 0..<plain.count) }
        return try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: plain)
    }

    /// `"airlock.account-key.v1" ‖ 0 ‖ method ‖ 0 ‖ email`.
    private static func associatedData(_ email: AccountEmail, _ method: Method) -> Data {
        Authenticator.labelled("airlock.account-key.v1", method.rawValue, email.rawValue)
    }
}
