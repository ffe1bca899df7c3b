import AirlockCore
import Crypto
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
    let registry: any WorkspaceRegistry
    let storage: any WorkspaceStorage
    let authenticator: Authenticator
    let clock: any AirlockClock
    /// When the stores opened here raise anomaly alerts.
    let anomalyThresholds: AnomalyThresholds
    private let logger = Logger(label: "airlock.workspaces")

    private init(home: AirlockHome, backend: StorageBackend, authenticator: Authenticator, clock: any AirlockClock, anomalyThresholds: AnomalyThresholds) {
        self.home = home
        self.registry = backend.registry
        self.storage = backend.storage
        self.authenticator = authenticator
        self.clock = clock
        self.anomalyThresholds = anomalyThresholds
    }

    /// Opens the workspaces of `home` in `backend` (by default the home's own SQLite
    /// registry and databases) with the master key; stores opened here raise anomaly
    /// alerts at `anomalyThresholds`.
    public static func open(home: AirlockHome, masterKey: MasterKey, backend: StorageBackend? = nil, clock: any AirlockClock = SystemClock(),
                            anomalyThresholds: AnomalyThresholds = AnomalyThresholds()) throws -> WorkspaceManager {
        let backend = try backend ?? .sqlite(home)
        let authenticator = Authenticator(masterKey: masterKey, digests: backend.registry, clock: clock)
        return WorkspaceManager(home: home, backend: backend, authenticator: authenticator, clock: clock, anomalyThresholds: anomalyThresholds)
    }

    /// The name of the storage the workspaces are in: `sqlite`, `files` or `postgres`.
    public var storageName: String { storage.name }

    /// Closes the registry (and the storage's connections).
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
        return try await openStore(grant)
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
        CredentialVault(workspace: grant.workspaceID, dataKey: try await dataKey(for: grant))
    }

    /// The granted workspace's data key, unwrapped (made first if it has none yet), after
    /// the checks of ``openVault(_:)``.
    func dataKey(for grant: WorkspaceGrant) async throws -> SymmetricKey {
        while true {
            switch try await confirm(grant) {
            case .wrapped(let wrapped):
                return try DataKeyWrap.unwrap(wrapped, under: grant.keyEncryptionKey, workspace: grant.workspaceID)
            case .destroyed:
                throw CredentialError.dataKeyDestroyed(grant.workspaceID)
            case .absent:
                let wrapped = try DataKeyWrap.newWrappedKey(under: grant.keyEncryptionKey, workspace: grant.workspaceID)
                let replacement = WorkspaceKeys(digest: grant.verifiedDigest, dataKey: .wrapped(wrapped))
                // Whether this key or one stored meanwhile by another opening wins, the
                // next pass unwraps what the registry holds.
                _ = try await registry.replaceKeys(of: grant.workspaceID, presenting: grant.verifiedDigest, expected: .absent, with: replacement, at: nil)
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

    /// Creates a workspace: a registry entry with its token digest and a fresh data key
    /// wrapped under the token's key-encryption key, and its store, whose first audit
    /// event records the creation.
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
        let dataKey = try authenticator.newWrappedDataKey(for: token, workspace: id)
        let store = try await install(record, token: token, wrappedDataKey: dataKey, actor: actor, importing: nil)
        await store.close()
        logger.debug("workspace created", metadata: ["workspace": "\(id)"])
        return NewWorkspace(record: record, token: token)
    }

    /// Adds `record` to the registry with `token` and the data key wrapped for it, then
    /// creates its store (restoring `snapshot`, if given); removes the entry again if the
    /// store cannot be made.
    func install(_ record: WorkspaceRecord, token: WorkspaceToken, wrappedDataKey: [UInt8], actor: AuditActor,
                 importing snapshot: WorkspaceSnapshot?) async throws -> any AuditedWorkspaceStore {
        let digest = authenticator.digest(of: token, for: record.id)
        try await registry.insert(record, keys: WorkspaceKeys(digest: digest, dataKey: .wrapped(wrappedDataKey)))
        do {
            let grant = try await authenticator.authenticate(record.id, token: token, actor: actor)
            return try await storage.createStore(
                for: grant, sealKey: try authenticator.auditSealKey(for: grant), clock: clock, thresholds: anomalyThresholds, importing: snapshot)
        } catch {
            _ = try? await registry.delete(record.id, presenting: digest)
            throw error
        }
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
            dataKey: try current.rewrapped { try authenticator.rewrapDataKey($0, for: grant, to: token) }
        )
        guard try await registry.replaceKeys(of: grant.workspaceID, presenting: grant.verifiedDigest, expected: current, with: replacement, at: clock.now()) else {
            throw AuthenticationError.grantNoLongerValid
        }
        do {
            // The old grant no longer opens anything where the database checks digests.
            let rotated = try await authenticator.authenticate(grant.workspaceID, token: token, actor: grant.actor)
            let store = try await openStore(rotated)
            do {
                try await store.record(AuditEntry(.workspaceRotateToken, "workspace/\(grant.workspaceID)"))
                await store.close()
            } catch {
                await store.close()
                throw error
            }
        } catch {
            _ = try? await registry.replaceKeys(
                of: grant.workspaceID, presenting: replacement.digest, expected: replacement.dataKey,
                with: WorkspaceKeys(digest: grant.verifiedDigest, dataKey: current), at: nil)
            throw error
        }
        logger.debug("workspace token rotated", metadata: ["workspace": "\(grant.workspaceID)"])
        return token
    }

    /// Deletes the granted workspace. First its wrapped data key is destroyed in a committed
    /// registry update (crypto-shredding: from then on its credentials cannot be decrypted,
    /// not even from a copy of its data, with the master key and the token); then its data
    /// and registry entry are removed together.
    ///
    /// The shredding is not undone if a later step fails; deleting again finishes the job.
    public func deleteWorkspace(_ grant: WorkspaceGrant) async throws {
        try await confirm(grant)
        guard try await registry.destroyDataKey(of: grant.workspaceID, presenting: grant.verifiedDigest) else {
            throw AuthenticationError.grantNoLongerValid
        }
        try await storage.removeData(of: grant) {
            guard try await registry.delete(grant.workspaceID, presenting: grant.verifiedDigest) else { throw AuthenticationError.grantNoLongerValid }
        }
        // A workspace created later under the same id starts with fresh limits.
        for suffix in ["", "-wal", "-shm"] { unlink(home.workspaceLimitsFile(grant.workspaceID) + suffix) }
        logger.debug("workspace deleted", metadata: ["workspace": "\(grant.workspaceID)"])
    }

    /// Every workspace in the registry — ids, names and times only (the operator's view).
    public func registryListing() async throws -> [WorkspaceRecord] {
        try await registry.allRecords()
    }

    // MARK: - Private

    /// The workspace's stored data key, after checking that `grant` was minted here for
    /// its current token.
    @discardableResult
    private func confirm(_ grant: WorkspaceGrant) async throws -> StoredDataKey {
        try authenticator.confirmIssuer(grant)
        guard let dataKey = try await registry.dataKey(of: grant.workspaceID, presenting: grant.verifiedDigest) else {
            throw AuthenticationError.grantNoLongerValid
        }
        return dataKey
    }

    private func openStore(_ grant: WorkspaceGrant) async throws -> any AuditedWorkspaceStore {
        try await storage.openStore(for: grant, sealKey: try authenticator.auditSealKey(for: grant), clock: clock, thresholds: anomalyThresholds)
    }
}
