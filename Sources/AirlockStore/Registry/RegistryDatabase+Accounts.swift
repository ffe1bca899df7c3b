import AirlockCore
import Foundation
import GRDB

extension RegistryDatabase {
    // MARK: - Accounts

    /// Adds `account`.
    ///
    /// - Throws: ``UserAccountError/exists(_:)`` if the email is taken.
    func insertAccount(_ account: StoredAccount) throws {
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM user_account WHERE email = ?", arguments: [account.email.rawValue]) != nil {
                throw UserAccountError.exists(account.email)
            }
            let password = account.password
            try db.execute(
                sql: """
                    INSERT INTO user_account (email, public_key, scrypt_log_n, scrypt_r, scrypt_p, password_salt, password_verifier,
                                              password_wrapped_key, oidc_wrapped_key, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    account.email.rawValue, Data(account.publicKey), password?.parameters.logN, password?.parameters.r, password?.parameters.p,
                    password.map { Data($0.salt) }, password.map { Data($0.verifier) }, password.map { Data($0.wrappedKey) },
                    account.identityProviderWrappedKey.map { Data($0) }, account.createdAt.millisecondsSince1970,
                ])
        }
    }

    /// The account of `email`, if there is one.
    func account(_ email: AccountEmail) throws -> StoredAccount? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM user_account WHERE email = ?", arguments: [email.rawValue]).map(Self.account(from:))
        }
    }

    /// Every account, by email.
    func allAccounts() throws -> [StoredAccount] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM user_account ORDER BY email").map(Self.account(from:))
        }
    }

    func hasAccounts() throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM user_account)") ?? false }
    }

    /// Removes the account of `email` and its memberships; whether there was one.
    func deleteAccount(_ email: AccountEmail) throws -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM user_account WHERE email = ?", arguments: [email.rawValue])
            return db.changesCount > 0
        }
    }

    // MARK: - Memberships

    /// Stores (or replaces) `email`'s membership of `workspace`.
    ///
    /// - Throws: ``UserAccountError/unknown(_:)`` if the account does not exist.
    func putMembership(_ email: AccountEmail, workspace: WorkspaceID, sealedToken: [UInt8], at time: Date) throws {
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM user_account WHERE email = ?", arguments: [email.rawValue]) != nil else {
                throw UserAccountError.unknown(email)
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO membership (email, workspace_id, sealed_token, granted_at) VALUES (?, ?, ?, ?)",
                arguments: [email.rawValue, workspace.rawValue, Data(sealedToken), time.millisecondsSince1970])
        }
    }

    /// Removes `email`'s membership of `workspace`; whether there was one.
    func deleteMembership(_ email: AccountEmail, workspace: WorkspaceID) throws -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM membership WHERE email = ? AND workspace_id = ?", arguments: [email.rawValue, workspace.rawValue])
            return db.changesCount > 0
        }
    }

    /// The memberships of `email`, by workspace id.
    func memberships(of email: AccountEmail) throws -> [StoredMembership] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT workspace_id, sealed_token FROM membership WHERE email = ? ORDER BY workspace_id", arguments: [email.rawValue]
            ).map { row in
                StoredMembership(workspace: try WorkspaceID(try row.decode(forColumn: "workspace_id")), sealedToken: Array(try row.decode(Data.self, forColumn: "sealed_token")))
            }
        }
    }

    /// The workspace ids of every account's memberships (no sealed tokens).
    func membershipWorkspaces() throws -> [AccountEmail: [WorkspaceID]] {
        try read { db in
            var result: [AccountEmail: [WorkspaceID]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT email, workspace_id FROM membership ORDER BY email, workspace_id") {
                result[try AccountEmail(try row.decode(forColumn: "email")), default: []].append(try WorkspaceID(try row.decode(forColumn: "workspace_id")))
            }
            return result
        }
    }

    // MARK: - Sign-in attempts

    /// Starts a sign-in attempt of the subject `key` at `now`: refuses it while locked,
    /// else counts it as a failure (a success forgets it afterwards) in the same
    /// transaction. Records untouched for a day and not locked are dropped on the way.
    func startSignInAttempt(_ key: [UInt8], at now: Date, policy: SignInPolicy) throws -> SignInAttempts.Start {
        try write { db in
            let stamp = now.millisecondsSince1970
            try db.execute(
                sql: "DELETE FROM sign_in_attempt WHERE updated_at < ? AND coalesce(locked_until, 0) < ?",
                arguments: [stamp - 86_400_000, stamp])
            let current = try Row.fetchOne(db, sql: "SELECT * FROM sign_in_attempt WHERE subject = ?", arguments: [Data(key)]).map(Self.attempts(from:))
            let start = (current ?? SignInAttempts(windowStart: now)).start(at: now, policy: policy)
            guard case .counted(let next, _) = start else { return start }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO sign_in_attempt (subject, failures, window_start, lockouts, locked_until, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [Data(key), next.failures, next.windowStart.millisecondsSince1970, next.lockouts, next.lockedUntil?.millisecondsSince1970, stamp])
            return start
        }
    }

    /// Forgets the failures and lockouts of the subject `key` (after a success).
    func forgetSignInAttempts(_ key: [UInt8]) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM sign_in_attempt WHERE subject = ?", arguments: [Data(key)])
        }
    }

    /// Until when the subject `key` is locked, if it is at `now`.
    func lockedUntil(_ key: [UInt8], at now: Date) throws -> Date? {
        try read { db in
            let until = try Int64.fetchOne(db, sql: "SELECT locked_until FROM sign_in_attempt WHERE subject = ?", arguments: [Data(key)])
            return until.map(Date.init(millisecondsSince1970:)).flatMap { $0 > now ? $0 : nil }
        }
    }

    // MARK: - Rows

    private static func account(from row: Row) throws -> StoredAccount {
        var password: PasswordCredential?
        if let salt = try row.decode(Data?.self, forColumn: "password_salt") {
            password = PasswordCredential(
                parameters: try ScryptParameters(logN: try row.decode(forColumn: "scrypt_log_n"), r: try row.decode(forColumn: "scrypt_r"), p: try row.decode(forColumn: "scrypt_p")),
                salt: Array(salt), verifier: Array(try row.decode(Data.self, forColumn: "password_verifier")),
                wrappedKey: Array(try row.decode(Data.self, forColumn: "password_wrapped_key")))
        }
        return StoredAccount(
            email: try AccountEmail(try row.decode(forColumn: "email")),
            publicKey: Array(try row.decode(Data.self, forColumn: "public_key")),
            password: password,
            identityProviderWrappedKey: (try row.decode(Data?.self, forColumn: "oidc_wrapped_key")).map(Array.init),
            createdAt: Date(millisecondsSince1970: try row.decode(forColumn: "created_at")))
    }

    private static func attempts(from row: Row) throws -> SignInAttempts {
        SignInAttempts(
            failures: try row.decode(forColumn: "failures"),
            windowStart: Date(millisecondsSince1970: try row.decode(forColumn: "window_start")),
            lockouts: try row.decode(forColumn: "lockouts"),
            lockedUntil: (try row.decode(Int64?.self, forColumn: "locked_until")).map(Date.init(millisecondsSince1970:)))
    }
}
