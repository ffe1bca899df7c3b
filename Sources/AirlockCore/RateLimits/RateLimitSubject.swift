import Crypto
import Foundation

/// Whose requests a rate limit counts: one workspace, or one account (for sign-in).
///
/// Equality and hashing use ``key`` only. Accounts are keyed by an HMAC of the normalized
/// email under a key derived from the master key, so the limits file never holds an email
/// and its keys cannot be reversed by guessing addresses.
public struct RateLimitSubject: Hashable, Sendable, CustomStringConvertible {
    /// The persisted key: `workspace:<id>` or `account:<64 hex digits>`.
    public let key: String
    /// How messages name the subject: `workspace acme-corp`, `account alice@example.com`.
    public let description: String

    /// The subject of `workspace`.
    public static func workspace(_ workspace: WorkspaceID) -> RateLimitSubject {
        RateLimitSubject(key: "workspace:" + workspace.rawValue, description: "workspace \(workspace)")
    }

    /// The subject of the account `email` (trimmed and lowercased before hashing).
    public static func account(_ email: String, key: AccountSubjectKey) -> RateLimitSubject {
        let normalized = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let digest = HMAC<SHA256>.authenticationCode(for: Data(normalized.utf8), using: key.key)
        return RateLimitSubject(key: "account:" + Hex.encode(digest), description: "account " + TerminalText.quoted(normalized, limit: 100))
    }

    public static func == (lhs: RateLimitSubject, rhs: RateLimitSubject) -> Bool { lhs.key == rhs.key }

    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
}

/// The key that turns account emails into rate-limit subjects, derived from the master key.
public struct AccountSubjectKey: Sendable {
    let key: SymmetricKey

    /// Derives the key from the home's master key.
    public init(masterKey: MasterKey) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: masterKey.key,
            info: Data("airlock.rate-limit-account.v1".utf8),
            outputByteCount: 32
        )
    }
}

extension Authenticator {
    /// The key account emails are hashed with into rate-limit subjects.
    package var accountSubjectKey: AccountSubjectKey { AccountSubjectKey(masterKey: masterKey) }
}
