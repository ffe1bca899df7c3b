import AirlockCore
import Foundation
import Glibc

/// A workspace snapshot as a directory in the file backend's layout: what `airlock export`
/// writes and `airlock import` reads.
///
/// ```
/// snapshot.json                        format, workspace id, creation time
/// audit.jsonl                          the audit log, one hash-chained event a line
/// alerts.jsonl                         anomaly alerts, oldest first
/// memory/<memory-id>.md                front matter, then the body verbatim
/// sessions/<session-id>.jsonl          a header line, then one message a line
/// integrations/<integration-id>.json   settings and sealed credentials (never a secret)
/// ```
///
/// Directories are 0700 and files 0600, each written atomically; symbolic links are
/// refused. Reading ignores files it does not know (a `manifest.json` beside them, say).
public enum SnapshotDirectory {
    /// The file naming the snapshot's format and workspace.
    static let descriptionFile = "snapshot.json"

    /// `snapshot.json`.
    private struct Description: Codable {
        static let currentFormat = "airlock.snapshot.v1"

        var format = currentFormat
        let workspace: WorkspaceID
        let createdAt: Int64

        private enum CodingKeys: String, CodingKey {
            case format, workspace, createdAt = "created_at"
        }
    }

    /// Writes `snapshot` into `directory`, which must be missing (it is made) or empty.
    ///
    /// - Throws: ``SnapshotError/directoryNotEmpty(path:)``; ``FileSystemError`` for a
    ///   symbolic link or a path that cannot be written.
    public static func write(_ snapshot: WorkspaceSnapshot, to directory: String) throws {
        try prepare(directory)
        for folder in WorkspaceFiles.folders { try SecureFile.makeDirectory(directory + "/" + folder, mode: 0o700) }
        let description = Description(workspace: snapshot.workspaceID, createdAt: snapshot.createdAt.millisecondsSince1970)
        let files = try SnapshotLayout.items(of: snapshot, updatedAt: Date())
            + [(SnapshotLayout.audit, try SnapshotLayout.auditLog(snapshot.auditEvents)), (descriptionFile, try FileJSON.encode(description))]
        for file in files { try SecureFile.writeAtomically(file.bytes, to: directory + "/" + file.path, mode: 0o600) }
    }

    /// Reads the snapshot in `directory`, checking every file: names and ids, kinds,
    /// hashes, and that the audit log is one intact chain of the snapshot's workspace.
    ///
    /// - Throws: ``SnapshotError/damagedFile(name:reason:)`` naming the first bad file;
    ///   ``SnapshotError/inconsistent(_:reason:)``; ``FileSystemError`` if `directory` is
    ///   not a directory.
    public static func read(from directory: String) throws -> WorkspaceSnapshot {
        try requireDirectory(directory)
        let reader = SnapshotReader(directory: directory)
        let description = try reader.file(descriptionFile) { try FileJSON.decode(Description.self, from: $0) }
        guard description.format == Description.currentFormat else {
            throw SnapshotError.damagedFile(name: descriptionFile, reason: "unknown format \(TerminalText.quoted(description.format))")
        }
        let workspace = description.workspace
        let memory = try reader.items(in: "memory", suffix: ".md", id: { try MemoryID($0) }) { id, bytes in try MemoryFile.decode(bytes, id: id) }
        let sessions = try reader.items(in: "sessions", suffix: ".jsonl", id: { try SessionID($0) }) { id, bytes in
            let file = try SessionFile.decode(bytes)
            return SessionTranscript(session: file.session(id, in: workspace), messages: file.messages)
        }
        let integrations = try reader.items(in: "integrations", suffix: ".json", id: { try IntegrationID($0) }) { id, bytes in
            let file = try IntegrationFile.decode(bytes, id: id)
            return (file: file, credentials: try file.credentials.map { try $0.sealedCredential(of: id) })
        }
        var times = UpdateTimes()
        for integration in integrations { integration.file.recordTimes(in: &times) }
        let events = try reader.lines(SnapshotLayout.audit) { line in
            guard let event = try FileJSON.decode(FileAuditLog.Line.self, from: line).event else { throw StoreError.storage("its workspace id or a hash does not decode") }
            return event
        }
        let alerts = try reader.lines(SnapshotLayout.alerts, optional: true) { try FileJSON.decode(AlertFile.Line.self, from: $0).alert(in: workspace) }
        return try checked(WorkspaceSnapshot(
            workspaceID: workspace, createdAt: Date(millisecondsSince1970: description.createdAt), memory: memory, sessions: sessions,
            integrations: integrations.map { $0.file.integration }, credentials: integrations.flatMap { $0.credentials }, auditEvents: events,
            alerts: alerts.reversed(), updateTimes: times
        ))
    }

    /// `snapshot` once it is one intact chain of its workspace with consistent items; a
    /// broken chain is reported as a damaged `audit.jsonl`.
    private static func checked(_ snapshot: WorkspaceSnapshot) throws -> WorkspaceSnapshot {
        do {
            try snapshot.validate(for: snapshot.workspaceID)
        } catch {
            switch error {
            case .brokenAuditLog(_, let failure): throw SnapshotError.damagedFile(name: SnapshotLayout.audit, reason: failure.description)
            case .emptyAuditLog: throw SnapshotError.damagedFile(name: SnapshotLayout.audit, reason: "it holds no events")
            default: throw error
            }
        }
        return snapshot
    }

    /// Makes `directory` (0700) or checks that it is an empty directory.
    private static func prepare(_ directory: String) throws {
        switch try SecureFile.kind(of: directory) {
        case .missing:
            try SecureFile.makeDirectory(directory, mode: 0o700)
        case .directory:
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
                throw FileSystemError.failed(operation: "list", path: directory, reason: SecureFile.lastError())
            }
            guard names.isEmpty else { throw SnapshotError.directoryNotEmpty(path: directory) }
            guard chmod(directory, 0o700) == 0 else {
                throw FileSystemError.failed(operation: "protect", path: directory, reason: SecureFile.lastError())
            }
        case .symlink:
            throw FileSystemError.symlinkRefused(path: directory)
        case .regular, .other:
            throw FileSystemError.notADirectory(path: directory)
        }
    }

    private static func requireDirectory(_ directory: String) throws {
        switch try SecureFile.kind(of: directory) {
        case .directory: return
        case .missing: throw FileSystemError.missing(path: directory)
        case .symlink: throw FileSystemError.symlinkRefused(path: directory)
        case .regular, .other: throw FileSystemError.notADirectory(path: directory)
        }
    }
}
