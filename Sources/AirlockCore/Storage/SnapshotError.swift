/// Why a workspace snapshot could not be written, read or restored.
public enum SnapshotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The snapshot is of another workspace than the one it is restored into.
    case otherWorkspace(snapshot: WorkspaceID, target: WorkspaceID)
    /// The snapshot holds no audit events.
    case emptyAuditLog(WorkspaceID)
    /// The snapshot's audit events do not form an intact chain of its workspace.
    case brokenAuditLog(WorkspaceID, AuditBreak)
    /// An item of the snapshot is inconsistent (a duplicate id, an orphaned credential, …).
    case inconsistent(WorkspaceID, reason: String)
    /// A file of a snapshot directory is missing, damaged or not what it should be.
    case damagedFile(name: String, reason: String)
    /// The directory to write a snapshot into is not empty.
    case directoryNotEmpty(path: String)

    /// The message shown to the user, on one line.
    public var description: String {
        switch self {
        case .otherWorkspace(let snapshot, let target):
            return "the snapshot is of workspace \(snapshot), not \(target); refusing to import it"
        case .emptyAuditLog(let id):
            return "the snapshot of workspace \(id) holds no audit events; refusing to import it"
        case .brokenAuditLog(let id, let failure):
            return "the snapshot of workspace \(id) has a broken audit log (\(failure)); refusing to import it"
        case .inconsistent(let id, let reason):
            return "the snapshot of workspace \(id) is inconsistent: \(TerminalText.sanitized(reason, singleLine: true)); refusing to import it"
        case .damagedFile(let name, let reason):
            return "snapshot file \(TerminalText.quoted(name, limit: 200)) is damaged: \(TerminalText.sanitized(reason, singleLine: true))"
        case .directoryNotEmpty(let path):
            return "\(TerminalText.quoted(path, limit: 200)) is not empty; export into a new or empty directory"
        }
    }
}
