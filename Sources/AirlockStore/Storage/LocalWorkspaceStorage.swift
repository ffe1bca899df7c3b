import AirlockCore
import Foundation

/// Workspace data in a home's `clients/<id>/` directories: one SQLite database per
/// workspace (the default), or the plain-file layout.
struct LocalWorkspaceStorage: WorkspaceStorage {
    /// The on-disk format of each workspace directory.
    enum Format {
        /// `workspace.sqlite`.
        case sqlite
        /// `identity.json`, `memory/`, `sessions/`, `integrations/`, `audit.jsonl`, ….
        case files
    }

    let home: AirlockHome
    let format: Format

    var name: String {
        switch format {
        case .sqlite: "sqlite"
        case .files: "files"
        }
    }

    func createStore(for grant: WorkspaceGrant, sealKey: AuditSealKey, clock: any AirlockClock, thresholds: AnomalyThresholds,
                     importing snapshot: WorkspaceSnapshot?) async throws -> any AuditedWorkspaceStore {
        let directory = try home.workspaceDirectory(for: grant)
        guard try SecureFile.makeDirectory(directory, mode: 0o700) else { throw StoreError.workspaceExists(grant.workspaceID) }
        do {
            switch format {
            case .sqlite:
                return try SQLiteWorkspaceStore.create(
                    at: try home.workspaceDatabase(for: grant), grant: grant, sealKey: sealKey, clock: clock, thresholds: thresholds, importing: snapshot)
            case .files:
                return try FileWorkspaceStore.create(home: home, grant: grant, sealKey: sealKey, clock: clock, thresholds: thresholds, importing: snapshot)
            }
        } catch {
            try? SecureFile.removeTree(directory)
            throw error
        }
    }

    func openStore(for grant: WorkspaceGrant, sealKey: AuditSealKey, clock: any AirlockClock, thresholds: AnomalyThresholds) async throws -> any AuditedWorkspaceStore {
        switch format {
        case .sqlite:
            return try SQLiteWorkspaceStore.open(at: try home.workspaceDatabase(for: grant), grant: grant, sealKey: sealKey, clock: clock, thresholds: thresholds)
        case .files:
            return try FileWorkspaceStore.open(home: home, grant: grant, sealKey: sealKey, clock: clock, thresholds: thresholds)
        }
    }

    func maintain(_ id: WorkspaceID, _ operation: MaintenanceOperation, sealKey: AuditSealKey, actor: AuditActor, clock: any AirlockClock) async -> MaintenanceReport {
        do {
            switch format {
            case .sqlite:
                return try WorkspaceMaintenance(workspace: id, path: try home.confinedDatabase(id), sealKey: sealKey, actor: actor, clock: clock).run(operation)
            case .files:
                return try FileMaintenance(workspace: id, files: WorkspaceFiles(directory: try home.confinedDirectory(id)), sealKey: sealKey, actor: actor, clock: clock)
                    .run(operation)
            }
        } catch {
            return MaintenanceReport(workspace: id, operation: operation, passed: false, detail: String(describing: error))
        }
    }

    /// Moves the directory aside (atomically) first, so that a failed registry update can
    /// put it back; erases it once the entry is gone.
    func removeData(of grant: WorkspaceGrant, removeRegistryEntry: () async throws -> Void) async throws {
        let directory = try home.workspaceDirectory(for: grant)
        var trash: String?
        if try SecureFile.kind(of: directory) == .directory {
            let destination = home.trashDirectory(for: grant)
            try SecureFile.rename(directory, to: destination)
            trash = destination
        }
        do {
            try await removeRegistryEntry()
        } catch {
            if let trash { try? SecureFile.rename(trash, to: directory) }
            throw error
        }
        if let trash { try SecureFile.removeTree(trash) }
    }
}

extension SQLiteWorkspaceStore: AuditedWorkspaceStore {}
extension FileWorkspaceStore: AuditedWorkspaceStore {}
