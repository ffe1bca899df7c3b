import AirlockCore
import GRDB

/// The registry tables of users, memberships and sign-in attempts (migration
/// `v3-users-memberships`).
enum AccountSchema {
    /// Creates the tables.
    ///
    /// - `user_account`: the X25519 public key; the password's scrypt parameters, salt,
    ///   verifier and the private key wrapped under it (all or none); the private key
    ///   wrapped under the master-derived key for identity-provider sign-in (or none).
    /// - `membership`: a workspace token sealed to the user's public key; removed with its
    ///   user or its workspace.
    /// - `sign_in_attempt`: failure counts and lockouts, keyed by an HMAC of the account or
    ///   workspace (``Authenticator/attemptKey(_:)``).
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE user_account (
                email TEXT PRIMARY KEY NOT NULL,
                public_key BLOB NOT NULL CHECK (length(public_key) = 32),
                scrypt_log_n INTEGER,
                scrypt_r INTEGER,
                scrypt_p INTEGER,
                password_salt BLOB CHECK (password_salt IS NULL OR length(password_salt) = \(ScryptParameters.saltByteCount)),
                password_verifier BLOB CHECK (password_verifier IS NULL OR length(password_verifier) = 32),
                password_wrapped_key BLOB CHECK (password_wrapped_key IS NULL OR length(password_wrapped_key) = \(AccountKeyWrap.wrappedByteCount)),
                oidc_wrapped_key BLOB CHECK (oidc_wrapped_key IS NULL OR length(oidc_wrapped_key) = \(AccountKeyWrap.wrappedByteCount)),
                created_at INTEGER NOT NULL,
                CHECK ((scrypt_log_n IS NULL) = (password_salt IS NULL) AND (scrypt_r IS NULL) = (password_salt IS NULL)
                       AND (scrypt_p IS NULL) = (password_salt IS NULL) AND (password_verifier IS NULL) = (password_salt IS NULL)
                       AND (password_wrapped_key IS NULL) = (password_salt IS NULL)),
                CHECK (password_wrapped_key IS NOT NULL OR oidc_wrapped_key IS NOT NULL)
            ) STRICT
            """)
        try db.execute(sql: """
            CREATE TABLE membership (
                email TEXT NOT NULL REFERENCES user_account (email) ON DELETE CASCADE,
                workspace_id TEXT NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
                sealed_token BLOB NOT NULL CHECK (length(sealed_token) = \(MembershipSeal.sealedByteCount)),
                granted_at INTEGER NOT NULL,
                PRIMARY KEY (email, workspace_id)
            ) STRICT
            """)
        try db.execute(sql: "CREATE INDEX membership_by_workspace ON membership (workspace_id)")
        try db.execute(sql: """
            CREATE TABLE sign_in_attempt (
                subject BLOB PRIMARY KEY NOT NULL CHECK (length(subject) = 32),
                failures INTEGER NOT NULL,
                window_start INTEGER NOT NULL,
                lockouts INTEGER NOT NULL,
                locked_until INTEGER,
                updated_at INTEGER NOT NULL
            ) STRICT
            """)
    }
}
