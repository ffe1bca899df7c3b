import AirlockCore
import Foundation

/// The registry of a deployment: which workspaces exist with their token digests and
/// wrapped data keys, and the user accounts, memberships and sign-in attempts.
///
/// Implemented over `registry.sqlite` (``RegistryDatabase``) and over PostgreSQL. The
/// digests never leave it: every operation on a workspace's secrets *presents* a digest,
/// and the registry acts only if it is the workspace's current one (compared in constant
/// time, or by the database under row-level security), so a registry whose digests cannot
/// be read by the application — PostgreSQL's — fits the same contract.
package protocol WorkspaceRegistry: TokenDigestVerifier, AnyObject {
    // MARK: Workspaces

    /// The stored data key of `workspace` if `digest` is its current token digest; nil for
    /// an unknown workspace and a wrong digest alike.
    func dataKey(of workspace: WorkspaceID, presenting digest: TokenDigest) async throws -> StoredDataKey?
    /// Adds a workspace with its keys.
    ///
    /// - Throws: ``StoreError/workspaceExists(_:)`` if the id is taken.
    func insert(_ record: WorkspaceRecord, keys: WorkspaceKeys) async throws
    /// Replaces the keys of `workspace` if `digest` is still its current digest and its data
    /// key is still `expected` (compare and swap): digest and data key change together.
    ///
    /// - Parameter time: The rotation time to record, or nil to keep the recorded one.
    /// - Returns: whether the keys were replaced.
    func replaceKeys(of workspace: WorkspaceID, presenting digest: TokenDigest, expected: StoredDataKey,
                     with replacement: WorkspaceKeys, at time: Date?) async throws -> Bool
    /// Destroys the wrapped data key of `workspace` (crypto-shredding) if `digest` is still
    /// its current digest, leaving no copy of the old key in the registry's own files.
    ///
    /// - Returns: whether the key was destroyed.
    func destroyDataKey(of workspace: WorkspaceID, presenting digest: TokenDigest) async throws -> Bool
    /// Removes `workspace` (and its memberships) if `digest` is its current digest.
    ///
    /// - Returns: whether it was removed.
    @discardableResult
    func delete(_ workspace: WorkspaceID, presenting digest: TokenDigest) async throws -> Bool
    /// The record of `workspace`, if it exists.
    func record(_ workspace: WorkspaceID) async throws -> WorkspaceRecord?
    /// Every workspace, by id (the operator's view: ids, names and times only).
    func allRecords() async throws -> [WorkspaceRecord]

    // MARK: Accounts and memberships

    /// Adds `account`.
    ///
    /// - Throws: ``UserAccountError/exists(_:)`` if the email is taken.
    func insertAccount(_ account: StoredAccount) async throws
    /// The account of `email`, if there is one.
    func account(_ email: AccountEmail) async throws -> StoredAccount?
    /// Every account, by email.
    func allAccounts() async throws -> [StoredAccount]
    /// Whether there is any account.
    func hasAccounts() async throws -> Bool
    /// Removes the account of `email` and its memberships; whether there was one.
    func deleteAccount(_ email: AccountEmail) async throws -> Bool
    /// Stores (or replaces) `email`'s membership of `workspace`.
    ///
    /// - Throws: ``UserAccountError/unknown(_:)`` if the account does not exist.
    func putMembership(_ email: AccountEmail, workspace: WorkspaceID, sealedToken: [UInt8], at time: Date) async throws
    /// Removes `email`'s membership of `workspace`; whether there was one.
    func deleteMembership(_ email: AccountEmail, workspace: WorkspaceID) async throws -> Bool
    /// The memberships of `email`, by workspace id.
    func memberships(of email: AccountEmail) async throws -> [StoredMembership]
    /// The workspace ids of every account's memberships (no sealed tokens).
    func membershipWorkspaces() async throws -> [AccountEmail: [WorkspaceID]]

    // MARK: Sign-in attempts

    /// Starts a sign-in attempt of the subject `key` at `now`: refuses it while locked,
    /// else counts it as a failure (a success forgets it afterwards) atomically. Records
    /// untouched for a day and not locked are dropped on the way.
    func startSignInAttempt(_ key: [UInt8], at now: Date, policy: SignInPolicy) async throws -> SignInAttempts.Start
    /// Forgets the failures and lockouts of the subject `key` (after a success).
    func forgetSignInAttempts(_ key: [UInt8]) async throws
    /// Until when the subject `key` is locked, if it is at `now`.
    func lockedUntil(_ key: [UInt8], at now: Date) async throws -> Date?

    /// Closes the registry; later calls fail.
    func close() async
}
