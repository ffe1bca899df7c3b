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
/// store for a grant.
///
/// This is the only way from a token to tenant data. ``authenticate(_:token:actor:)`` mints
/// a grant after a constant-time check; ``open(_:)`` re-checks that the grant was minted
/// here and that the token has not changed since, and only then resolves the workspace's
/// confined path and opens its file.
public final class WorkspaceManager: Sendable {
    /// The home whose workspaces this manages.
    public let home: AirlockHome
    private let registry: RegistryDatabase
    private let authenticator: Authenticator
    private let clock: any AirlockClock
    private let logger = Logger(label: "airlock.workspaces")

    private init(home: AirlockHome, registry: RegistryDatabase, authenticator: Authenticator, clock: any AirlockClock) {
        self.home = home
        self.registry = registry
        self.authenticator = authenticator
        self.clock = clock
    }

    /// Opens the registry of `home` with its master key.
    public static func open(home: AirlockHome, masterKey: MasterKey, clock: any AirlockClock = SystemClock()) throws -> WorkspaceManager {
        let registry = try RegistryDatabase.open(path: home.registryPath)
        let authenticator = Authenticator(masterKey: masterKey, digests: registry, clock: clock)
        return WorkspaceManager(home: home, registry: registry, authenticator: authenticator, clock: clock)
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

    /// The registry record of the granted workspace.
    public func record(for grant: WorkspaceGrant) async throws -> WorkspaceRecord {
        try await confirm(grant)
        guard let record = try await registry.record(grant.workspaceID) else { throw AuthenticationError.grantNoLongerValid }
        return record
    }

    // MARK: - Lifecycle

    /// Creates a workspace: a registry row with its token digest, its directory (0700) and
    /// its database, whose first audit event records the creation.
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
        try await registry.insert(record, digest: authenticator.digest(of: token, for: id))
        var createdDirectory: String?
        do {
            let grant = try await authenticator.authenticate(id, token: token, actor: actor)
            let directory = try home.workspaceDirectory(for: grant)
            guard try SecureFile.makeDirectory(directory, mode: 0o700) else { throw StoreError.workspaceExists(id) }
            createdDirectory = directory
            let store = try SQLiteWorkspaceStore.create(
                at: try home.workspaceDatabase(for: grant), grant: grant,
                sealKey: try authenticator.auditSealKey(for: grant), clock: clock
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

    /// Replaces the granted workspace's token and records the rotation in its audit log.
    /// Grants minted with the old token stop working.
    ///
    /// - Returns: The new token, to be shown once.
    public func rotateToken(_ grant: WorkspaceGrant) async throws -> WorkspaceToken {
        let current = try await confirm(grant)
        let token = WorkspaceToken.generate()
        let replacement = authenticator.digest(of: token, for: grant.workspaceID)
        guard try await registry.replaceDigest(of: grant.workspaceID, expected: current, with: replacement, at: clock.now()) else {
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
            _ = try? await registry.replaceDigest(of: grant.workspaceID, expected: replacement, with: current, at: nil)
            throw error
        }
        logger.debug("workspace token rotated", metadata: ["workspace": "\(grant.workspaceID)"])
        return token
    }

    /// Deletes the granted workspace: its directory is first moved aside (atomically), then
    /// its registry row is removed, then its files are erased.
    public func deleteWorkspace(_ grant: WorkspaceGrant) async throws {
        try await confirm(grant)
        let directory = try home.workspaceDirectory(for: grant)
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
        logger.debug("workspace deleted", metadata: ["workspace": "\(grant.workspaceID)"])
    }

    /// Every workspace in the registry — ids, names and times only (the operator's view).
    public func registryListing() async throws -> [WorkspaceRecord] {
        try await registry.allRecords()
    }

    // MARK: - Private

    @discardableResult
    private func confirm(_ grant: WorkspaceGrant) async throws -> TokenDigest {
        let current = try await registry.tokenDigest(for: grant.workspaceID)
        try authenticator.confirm(grant, currentDigest: current)
        guard let current else { throw AuthenticationError.grantNoLongerValid }
        return current
    }

    private func openStore(_ grant: WorkspaceGrant) throws -> SQLiteWorkspaceStore {
        try SQLiteWorkspaceStore.open(
            at: try home.workspaceDatabase(for: grant), grant: grant,
            sealKey: try authenticator.auditSealKey(for: grant), clock: clock
        )
    }
}
