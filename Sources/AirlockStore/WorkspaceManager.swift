import AirlockCore
import Foundation
import Logging

/// A newly created workspace and its token, which is shown once and never stored here.
public struct NewWorkspace: Sendable {
    /// The registry's record of the workspace.
    public let record: WorkspaceRecord
    /// The token that unlocks it.
    public let token: WorkspaceToken
}

/// The workspaces of one home: creating them, verifying tokens, and opening a workspace's
/// store and credential vault for a grant.
///
/// This is the only way from a token to tenant data. ``authenticate(_:token:actor:)`` mints
/// a grant after a constant-time check; ``open(_:)`` and ``openVault(_:)`` re-check that
/// the grant was minted here and that the token has not changed since, and only then
/// resolve the workspace's confined path and open its file, or unwrap its data key.
public final class WorkspaceManager: Sendable {
    /// The home whose workspaces this manages.
    public let home: AirlockHome
    let registry: RegistryDatabase
    let authenticator: Authenticator
    let clock: any AirlockClock
    /// When the stores opened here raise anomaly alerts.
    let anomalyThresholds: AnomalyThresholds
    private let logger = Logger(label: "airlock.workspaces")

    private init(home: AirlockHome, registry: RegistryDatabase, authenticator: Authenticator, clock: any AirlockClock, anomalyThresholds: AnomalyThresholds) {
        self.home = home
        self.registry = registry
        self.authenticator = authenticator
        self.clock = clock
        self.anomalyThresholds = anomalyThresholds
    }

    /// Opens the registry of `home` with its master key; stores opened here raise anomaly
    /// alerts at `anomalyThresholds`.
    public static func open(home: AirlockHome, masterKey: MasterKey, clock: any AirlockClock = SystemClock(),
                            anomalyThresholds: AnomalyThresholds = AnomalyThresholds()) throws -> WorkspaceManager {
        let registry = try RegistryDatabase.open(path: home.registryPath)
        let authenticator = Authenticator(masterKey: masterKey, digests: registry, clock: clock)
        return WorkspaceManager(home: home, registry: registry, authenticator: authenticator, clock: clock, anomalyThresholds: anomalyThresholds)
    }

    /// Closes the registry.
    public func close() async {
        await registry.close()
    }

    // MARK: - Access

    /// Verifies `token` for `workspace` and returns a grant for `actor`.
    ///
    /// - Throws: ``AuthenticationError/unknownWorkspaceOrInvalidToken`` for an unknown
    ///   workspace and for a wrong token alike.
    public func authenticate(_ workspace: WorkspaceID, token: WorkspaceToken, actor: AuditActor) async throws -> WorkspaceGrant {
        try await authenticator.authenticate(workspace, token: token, actor: actor)
    }

    /// Opens the granted workspace's store.
    ///
    /// - Throws: ``AuthenticationError/grantNoLongerValid`` for a grant of another home or
    ///   one outlived by a token rotation; ``StoreError`` if the file is missing or belongs
    ///   to another workspace; ``FileSystemError`` if a symlink is in the way.
    public func open(_ grant: WorkspaceGrant) async throws -> any WorkspaceStore {
        try await confirm(grant)
        return try openStore(grant)
    }

    /// Opens the granted workspace's store, runs `body` with it, and closes it whether
    /// `body` returns or throws.
    public func withStore<T>(_ grant: WorkspaceGrant, _ body: (any WorkspaceStore) async throws -> T) async throws -> T {
        let store = try await open(grant)
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    /// Opens the granted workspace's credential vault: unwraps its data key with the key
    /// the grant derived from the master key and the token.
    ///
    /// A workspace made before data keys existed gets one now (stored only if it still has
    /// none, so concurrent first openings agree on one key).
    ///
    /// - Throws: ``AuthenticationError/grantNoLongerValid`` as ``open(_:)`` does;
    ///   ``CredentialError/dataKeyUnavailable(_:)`` if the stored key does not unwrap with
    ///   this grant; ``CredentialError/dataKeyDestroyed(_:)`` once deletion has begun.
    public func openVault(_ grant: WorkspaceGrant) async throws -> CredentialVault {
        while true {
            let keys = try await confirm(grant)
            switch keys.dataKey {
            case .wrapped(let wrapped):
                let dataKey = try DataKeyWrap.unwrap(wrapped, under: grant.keyEncryptionKey, workspace: grant.workspaceID)
                return CredentialVault(workspace: grant.workspaceID, dataKey: dataKey)
            case .destroyed:
                throw CredentialError.dataKeyDestroyed(grant.workspaceID)
            case .absent:
                let wrapped = try DataKeyWrap.newWrappedKey(under: grant.keyEncryptionKey, workspace: grant.workspaceID)
                let replacement = WorkspaceKeys(digest: keys.digest, dataKey: .wrapped(wrapped))
                // Whether this key or one stored meanwhile by another opening wins, the
                // next pass unwraps what the registry holds.
                _ = try await registry.replaceKeys(of: grant.workspaceID, expected: keys, with: replacement, at: nil)
            }
        }
    }

    /// The registry record of the granted workspace.
    public func record(for grant: WorkspaceGrant) async throws -> WorkspaceRecord {
        try await confirm(grant)
        guard let record = try await registry.record(grant.workspaceID) else { throw AuthenticationError.grantNoLongerValid }
        return record
    }

    // MARK: - Lifecycle

    /// Creates a workspace: a registry row with its token digest and a fresh data key
    /// wrapped under the token's key-encryption key, its directory (0700) and its database,
    /// whose first audit event records the creation.
    ///
    /// - Parameters:
    ///   - name: The display name (one line, 1–100 characters).
    ///   - id: The id to use; derived from the name when nil.
    ///   - actor: Who creates it.
    /// - Throws: ``InputError`` for a bad name; ``StoreError/workspaceExists(_:)`` if the id
    ///   is taken. On failure nothing of the workspace is left behind.
    public func createWorkspace(name: String, id: WorkspaceID?, actor: AuditActor) async throws -> NewWorkspace {
        let name = try WorkspaceRecord.validatedName(name)
        let id = id ?? WorkspaceID.derived(fromName: name)
        let token = WorkspaceToken.generate()
        let record = WorkspaceRecord(id: id, name: name, createdAt: Date(millisecondsSince1970: clock.now().millisecondsSince1970), rotatedAt: nil)
        let wrappedDataKey = try authenticator.newWrappedDataKey(for: token, workspace: id)
        try await registry.insert(record, keys: WorkspaceKeys(digest: authenticator.digest(of: token, for: id), dataKey: .wrapped(wrappedDataKey)))
        var createdDirectory: String?
        do {
            let grant = try await authenticator.authenticate(id, token: token, actor: actor)
            let directory = try home.workspaceDirectory(for: grant)
            guard try SecureFile.makeDirectory(directory, mode: 0o700) else { throw StoreError.workspaceExists(id) }
            createdDirectory = directory
            let store = try SQLiteWorkspaceStore.create(
                at: try home.workspaceDatabase(for: grant), grant: grant,
                sealKey: try authenticator.auditSealKey(for: grant), clock: clock, thresholds: anomalyThresholds
            )
            await store.close()
        } catch {
            if let createdDirectory { try? SecureFile.removeTree(createdDirectory) }
            try? await registry.delete(id)
            throw error
        }
        logger.debug("workspace created", metadata: ["workspace": "\(id)"])
        return NewWorkspace(record: record, token: token)
    }

    /// Replaces the granted workspace's token, rewraps its data key under the new token's
    /// key in the same registry update, and records the rotation in its audit log. Grants
    /// minted with the old token stop working; credentials sealed before still open.
    ///
    /// - Returns: The new token, to be shown once.
    /// - Throws: ``CredentialError/dataKeyUnavailable(_:)`` if the data key does not
    ///   unwrap with the old token; then nothing changes.
    public func rotateToken(_ grant: WorkspaceGrant) async throws -> WorkspaceToken {
        let current = try await confirm(grant)
        let token = WorkspaceToken.generate()
        let replacement = WorkspaceKeys(
            digest: authenticator.digest(of: token, for: grant.workspaceID),
            dataKey: try current.dataKey.rewrapped { try authenticator.rewrapDataKey($0, for: grant, to: token) }
        )
        guard try await registry.replaceKeys(of: grant.workspaceID, expected: current, with: replacement, at: clock.now()) else {
            throw AuthenticationError.grantNoLongerValid
        }
        do {
            let store = try openStore(grant)
            do {
                try await store.record(AuditEntry(.workspaceRotateToken, "workspace/\(grant.workspaceID)"))
                await store.close()
            } catch {
                await store.close()
                throw error
            }
        } catch {
            _ = try? await registry.replaceKeys(of: grant.workspaceID, expected: replacement, with: current, at: nil)
            throw error
        }
        logger.debug("workspace token rotated", metadata: ["workspace": "\(grant.workspaceID)"])
        return token
    }

    /// Deletes the granted workspace. First its wrapped data key is destroyed in a committed
    /// registry update (crypto-shredding: from then on its credentials cannot be decrypted,
    /// not even from a copy of its files, with the master key and the token); then its
    /// directory is moved aside (atomically), its registry row removed and its files erased.
    ///
    /// The shredding is not undone if a later step fails; deleting again finishes the job.
    public func deleteWorkspace(_ grant: WorkspaceGrant) async throws {
        let current = try await confirm(grant)
        let directory = try home.workspaceDirectory(for: grant)
        guard try await registry.destroyDataKey(of: grant.workspaceID, expected: current.digest) else {
            throw AuthenticationError.grantNoLongerValid
        }
        var trash: String?
        if try SecureFile.kind(of: directory) == .directory {
            let destination = home.trashDirectory(for: grant)
            try SecureFile.rename(directory, to: destination)
            trash = destination
        }
        do {
            try await registry.delete(grant.workspaceID)
        } catch {
            if let trash { try? SecureFile.rename(trash, to: directory) }
            throw error
        }
        if let trash { try SecureFile.removeTree(trash) }
        // A workspace created later under the same id starts with fresh limits.
        for suffix in ["", "-wal", "-shm"] { unlink(home.workspaceLimitsFile(grant.workspaceID) + suffix) }
        logger.debug("workspace deleted", metadata: ["workspace": "\(grant.workspaceID)"])
    }

    /// Every workspace in the registry — ids, names and times only (the operator's view).
    public func registryListing() async throws -> [WorkspaceRecord] {
        try await registry.allRecords()
    }

    // MARK: - Private

    /// The workspace's keys, after checking that `grant` was minted here for its current token.
    @discardableResult
    private func confirm(_ grant: WorkspaceGrant) async throws -> WorkspaceKeys {
        let current = try await registry.keys(of: grant.workspaceID)
        try authenticator.confirm(grant, currentDigest: current?.digest)
        guard let current else { throw AuthenticationError.grantNoLongerValid }
        return current
    }

    private func openStore(_ grant: WorkspaceGrant) throws -> SQLiteWorkspaceStore {
        try SQLiteWorkspaceStore.open(
            at: try home.workspaceDatabase(for: grant), grant: grant,
            sealKey: try authenticator.auditSealKey(for: grant), clock: clock, thresholds: anomalyThresholds
        )
    }
}
