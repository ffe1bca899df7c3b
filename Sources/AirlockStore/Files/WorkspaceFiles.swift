import AirlockCore
import Foundation

/// The paths of one workspace in the file backend, built only from validated identifiers
/// under the workspace's confined directory.
///
/// ```
/// clients/<id>/identity.json        workspace id, format, sealed audit head
/// clients/<id>/.lock                flock'd for every operation
/// clients/<id>/audit.jsonl          one hash-chained event per line
/// clients/<id>/alerts.jsonl         anomaly alerts, one per line
/// clients/<id>/anomaly.json         the anomaly detector's state
/// clients/<id>/memory/<memory-id>.md
/// clients/<id>/sessions/<session-id>.jsonl
/// clients/<id>/integrations/<integration-id>.json
/// ```
struct WorkspaceFiles: Sendable {
    /// The largest file the store reads (a session of many long messages).
    static let readLimit = 256 << 20
    /// The folders below the workspace directory.
    static let folders = ["memory", "sessions", "integrations"]

    /// The workspace directory (`clients/<id>`).
    let directory: String

    var identity: String { directory + "/identity.json" }
    var lock: String { directory + "/.lock" }
    var audit: String { directory + "/audit.jsonl" }
    var alerts: String { directory + "/alerts.jsonl" }
    var anomalyState: String { directory + "/anomaly.json" }
    var memoryFolder: String { directory + "/memory" }
    var sessionsFolder: String { directory + "/sessions" }
    var integrationsFolder: String { directory + "/integrations" }

    func memory(_ id: MemoryID) -> String { memoryFolder + "/" + id.rawValue + ".md" }
    func session(_ id: SessionID) -> String { sessionsFolder + "/" + id.rawValue + ".jsonl" }
    func integration(_ id: IntegrationID) -> String { integrationsFolder + "/" + id.rawValue + ".json" }

    /// Reads the private regular file `path`, or nil if there is none.
    func readIfPresent(_ path: String) throws(FileSystemError) -> [UInt8]? {
        guard try SecureFile.kind(of: path) != .missing else { return nil }
        return try SecureFile.read(path, limit: Self.readLimit, privateOnly: true)
    }

    /// The ids of the files named `<id><suffix>` in `folder`; other names are ignored.
    func ids<ID>(in folder: String, suffix: String, _ make: (String) throws -> ID) throws -> [ID] {
        try SecureFile.visibleNames(in: folder).compactMap { name in
            guard name.hasSuffix(suffix) else { return nil }
            return try? make(String(name.dropLast(suffix.count)))
        }
    }

    /// Runs `body` holding the workspace lock, after checking that the directory and its
    /// folders are still real directories, not symbolic links out of the home.
    func locked<T>(_ body: () throws -> T) throws -> T {
        try Self.requireDirectory(directory)
        guard try SecureFile.kind(of: lock) == .regular else { throw FileSystemError.notAFile(path: lock) }
        return try SecureFile.withLock(lock) {
            for folder in Self.folders { try Self.requireDirectory(directory + "/" + folder) }
            return try body()
        }
    }

    private static func requireDirectory(_ path: String) throws(FileSystemError) {
        switch try SecureFile.kind(of: path) {
        case .directory: return
        case .symlink: throw .symlinkRefused(path: path)
        case .missing: throw .missing(path: path)
        case .regular, .other: throw .notADirectory(path: path)
        }
    }
}

/// A change to one file, applied after the audit event that records it is written.
enum FileWrite: Sendable {
    /// Replace (or create) the file atomically.
    case replace(String, [UInt8])
    /// Remove the file.
    case remove(String)

    func apply() throws(FileSystemError) {
        switch self {
        case .replace(let path, let bytes): try SecureFile.writeAtomically(bytes, to: path, mode: 0o600)
        case .remove(let path): try SecureFile.remove(path)
        }
    }
}

/// What one audited operation reads and will change; its writes are applied only after
/// its audit event is written.
struct FileTransaction {
    let files: WorkspaceFiles
    /// The identity as checked at the start, with the sealed head before this operation.
    let identity: FileIdentity
    /// The writes to apply, in order.
    var writes: [FileWrite] = []
    /// Whether a memory document changes (moves ``FileIdentity/memoryVersion``).
    var memoryChanged = false
    /// Events to record before the operation's own (alerts raised on the way).
    var precedingEvents: [(entry: AuditEntry, actor: AuditActor)] = []
}
