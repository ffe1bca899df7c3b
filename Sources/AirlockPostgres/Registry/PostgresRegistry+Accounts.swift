import AirlockCore
import AirlockStore
import Foundation
import PostgresNIO

extension PostgresRegistry {
    // MARK: - Accounts

    /// Adds `account`; ``UserAccountError/exists(_:)`` if the email is taken.
    package func insertAccount(_ account: StoredAccount) async throws {
        let password = account.password
        let inserted = try await rows("""
            INSERT INTO airlock.user_account (email, public_key, scrypt_log_n, scrypt_r, scrypt_p, password_salt, password_verifier,
                                              password_wrapped_key, oidc_wrapped_key, created_at)
            VALUES (\(account.email.rawValue), \(Data(account.publicKey)), \(password?.parameters.logN), \(password?.parameters.r),
                    \(password?.parameters.p), \(password.map { Data($0.salt) }), \(password.map { Data($0.verifier) }),
                    \(password.map { Data($0.wrappedKey) }), \(account.identityProviderWrappedKey.map { Data($0) }),
                    \(account.createdAt.millisecondsSince1970))
            ON CONFLICT (email) DO NOTHING RETURNING email
            """)
        if inserted.isEmpty { throw UserAccountError.exists(account.email) }
    }

    /// The account of `email`, if there is one.
    package func account(_ email: AccountEmail) async throws -> StoredAccount? {
        try await rows("SELECT \(unescaped: Self.accountColumns) FROM airlock.user_account WHERE email = \(email.rawValue)").first.map(Self.account(from:))
    }

    /// Every account, by email.
    package func allAccounts() async throws -> [StoredAccount] {
        try await rows("SELECT \(unescaped: Self.accountColumns) FROM airlock.user_account ORDER BY email COLLATE \"C\"").map(Self.account(from:))
    }

    /// Whether there is any account.
    package func hasAccounts() async throws -> Bool {
        try await rows("SELECT EXISTS (SELECT 1 FROM airlock.user_account)").first?.decode(Bool.self) ?? false
    }

    /// Removes the account of `email` and its memberships; whether there was one.
    package func deleteAccount(_ email: AccountEmail) async throws -> Bool {
        try await !rows("DELETE FROM airlock.user_account WHERE email = \(email.rawValue) RETURNING email").isEmpty
    }

    // MARK: - Memberships

    /// Stores (or replaces) `email`'s membership of `workspace`; ``UserAccountError/unknown(_:)`` without the account.
    package func putMembership(_ email: AccountEmail, workspace: WorkspaceID, sealedToken: [UInt8], at time: Date) async throws {
        let (sealed, granted) = (Data(sealedToken), time.millisecondsSince1970)
        try await transaction { connection, logger in
            // Locks the account against a concurrent deletion until the membership is in.
            let account = try await connection.query(
                "SELECT 1 FROM airlock.user_account WHERE email = \(email.rawValue) FOR KEY SHARE", logger: logger).collect()
            guard !account.isEmpty else { throw UserAccountError.unknown(email) }
            try await connection.query("""
                INSERT INTO airlock.membership (email, workspace, sealed_token, granted_at)
                VALUES (\(email.rawValue), \(workspace.rawValue), \(sealed), \(granted))
                ON CONFLICT (email, workspace) DO UPDATE SET sealed_token = excluded.sealed_token, granted_at = excluded.granted_at
                """, logger: logger)
        }
    }

    /// Removes `email`'s membership of `workspace`; whether there was one.
    package func deleteMembership(_ email: AccountEmail, workspace: WorkspaceID) async throws -> Bool {
        try await !rows("DELETE FROM airlock.membership WHERE email = \(email.rawValue) AND workspace = \(workspace.rawValue) RETURNING email").isEmpty
    }

    /// The memberships of `email`, by workspace id.
    package func memberships(of email: AccountEmail) async throws -> [StoredMembership] {
        try await rows("SELECT workspace, sealed_token FROM airlock.membership WHERE email = \(email.rawValue) ORDER BY workspace COLLATE \"C\"").map { row in
            let (workspace, sealed) = try row.decode((String, Data).self)
            return StoredMembership(workspace: try WorkspaceID(workspace), sealedToken: Array(sealed))
        }
    }

    /// The workspace ids of every account's memberships (no sealed tokens).
    package func membershipWorkspaces() async throws -> [AccountEmail: [WorkspaceID]] {
        var result: [AccountEmail: [WorkspaceID]] = [:]
        for row in try await rows("SELECT email, workspace FROM airlock.membership ORDER BY email COLLATE \"C\", workspace COLLATE \"C\"") {
            let (email, workspace) = try row.decode((String, String).self)
            result[try AccountEmail(email), default: []].append(try WorkspaceID(workspace))
        }
        return result
    }

    // MARK: - Rows

    private static let accountColumns = """
        email, public_key, scrypt_log_n, scrypt_r, scrypt_p, password_salt, password_verifier, password_wrapped_key, oidc_wrapped_key, created_at
        """

    private static func account(from row: PostgresRow) throws -> StoredAccount {
        let (email, publicKey, logN, r, p, salt, verifier, wrappedKey, identityProviderKey, created) =
            try row.decode((String, Data, Int?, Int?, Int?, Data?, Data?, Data?, Data?, Int64).self)
        var password: PasswordCredential?
        if let salt, let logN, let r, let p, let verifier, let wrappedKey {
            password = PasswordCredential(
                parameters: try ScryptParameters(logN: logN, r: r, p: p), salt: Array(salt), verifier: Array(verifier), wrappedKey: Array(wrappedKey))
        }
        return StoredAccount(
            email: try AccountEmail(email), publicKey: Array(publicKey), password: password,
            identityProviderWrappedKey: identityProviderKey.map(Array.init), createdAt: Date(millisecondsSince1970: created))
    }
}
