import Crypto
import Foundation

/// The two keys derived from a password: one proves it, the other unwraps the account's
/// private key. Neither is stored; only the verifier's bytes are, to compare against.
package struct PasswordKeys: Sendable {
    /// Compared in constant time with the stored verifier.
    package let verifier: [UInt8]
    /// Wraps the account's private key (AES-256-GCM).
    package let wrappingKey: SymmetricKey
}

/// What failed sign-ins are counted against.
package enum SignInSubject: Sendable {
    /// An account, by email (password and identity-provider sign-ins).
    case account(AccountEmail)
    /// A workspace (token sign-ins).
    case workspace(WorkspaceID)
}

extension Authenticator {
    /// The verifier and wrapping key of a password, from its scrypt output.
    ///
    /// HKDF-SHA256 over the scrypt output, salted with HMAC-SHA256(master key,
    /// `"airlock.password.v1" ‖ 0 ‖ email`), with the info strings
    /// `"airlock.password-verifier.v1"` and `"airlock.password-wrap.v1"`: the two keys are
    /// independent, and neither can be computed — nor a password guessed offline — without
    /// the master key.
    package func passwordKeys(stretched: SymmetricKey, email: AccountEmail) -> PasswordKeys {
        let salt = Data(HMAC<SHA256>.authenticationCode(for: Self.labelled("airlock.password.v1", email.rawValue), using: masterKey.key))
        func derive(_ info: String) -> SymmetricKey {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: stretched, salt: salt, info: Data(info.utf8), outputByteCount: 32)
        }
        return PasswordKeys(
            verifier: derive("airlock.password-verifier.v1").withUnsafeBytes { Array($0) },
            wrappingKey: derive("airlock.password-wrap.v1"))
    }

    /// The key that wraps the private key of an account allowed to sign in through the
    /// identity provider: HKDF-SHA256 over the master key, salted with the email, info
    /// `"airlock.account-oidc-wrap.v1"`.
    ///
    /// Whoever holds the registry and the master key can derive it — signing in with OpenID
    /// Connect trusts the identity provider and this machine's master key, not a secret of
    /// the user.
    package func identityProviderKey(for email: AccountEmail) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: masterKey.key, salt: Data(email.rawValue.utf8),
            info: Data("airlock.account-oidc-wrap.v1".utf8), outputByteCount: 32)
    }

    /// The registry key under which failed sign-ins of `subject` are counted: an HMAC under
    /// the master key, so the registry does not list the emails that were tried.
    package func attemptKey(_ subject: SignInSubject) -> [UInt8] {
        let message = switch subject {
        case .account(let email): Self.labelled("airlock.sign-in-attempt.v1", "account", email.rawValue)
        case .workspace(let id): Self.labelled("airlock.sign-in-attempt.v1", "workspace", id.rawValue)
        }
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: masterKey.key))
    }

    /// `label ‖ 0 ‖ field ‖ 0 ‖ field …`.
    static func labelled(_ label: String, _ fields: String...) -> Data {
        var data = Data(label.utf8)
        for field in fields {
            data.append(0)
            data.append(contentsOf: field.utf8)
        }
        return data
    }
}
