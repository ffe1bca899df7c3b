import AirlockCore
import Foundation

/// `manifest.json` of a workspace export: what the registry knows of the workspace, and
/// its data key wrapped under a key derived from the workspace token alone.
///
/// Written last, so a directory with a manifest holds a complete export.
struct ExportManifest: Codable, Equatable {
    /// The export format this code writes and reads.
    static let currentFormat = "airlock.export.v1"
    /// The file's name in the export directory.
    static let fileName = "manifest.json"

    let format: String
    let workspace: WorkspaceID
    let name: String
    /// When the workspace was created (milliseconds since 1970).
    let createdAt: Int64
    /// When it was exported (milliseconds since 1970).
    let exportedAt: Int64
    /// The storage it was exported from: `sqlite`, `files` or `postgres`.
    let storage: String
    /// The data key, wrapped under ``DataKeyWrap/exportKey(token:workspace:)``, in hex.
    let dataKey: String

    enum CodingKeys: String, CodingKey {
        case format, workspace, name, createdAt = "created_at", exportedAt = "exported_at", storage, dataKey = "data_key"
    }

    /// Reads and checks the manifest of the export at `directory`.
    ///
    /// - Throws: ``TransferError`` naming what is wrong.
    static func read(from directory: String) throws -> ExportManifest {
        let path = directory + "/" + fileName
        guard try SecureFile.kind(of: path) == .regular else { throw TransferError.notAnExport(directory) }
        let manifest: ExportManifest
        do {
            manifest = try JSONDecoder().decode(ExportManifest.self, from: Data(try SecureFile.read(path, limit: 64 * 1024, privateOnly: false)))
        } catch let error as FileSystemError {
            throw error
        } catch {
            throw TransferError.unreadableManifest(path)
        }
        guard manifest.format == currentFormat else { throw TransferError.unsupportedFormat(manifest.format) }
        _ = try WorkspaceRecord.validatedName(manifest.name)
        guard Hex.decode(manifest.dataKey, byteCount: DataKeyWrap.wrappedByteCount) != nil else { throw TransferError.unreadableManifest(path) }
        return manifest
    }

    /// Writes the manifest into `directory`, atomically and with mode 0600.
    func write(to directory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try SecureFile.writeAtomically(Array(try encoder.encode(self)) + [0x0A], to: directory + "/" + Self.fileName, mode: 0o600)
    }
}

/// Why an export or import could not be done.
public enum TransferError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The directory holds no `manifest.json`.
    case notAnExport(String)
    /// The manifest cannot be parsed or holds an impossible value.
    case unreadableManifest(String)
    /// The export was written in a format this version does not read.
    case unsupportedFormat(String)
    /// The export's data is of another workspace than its manifest names.
    case mismatchedWorkspace(manifest: WorkspaceID, data: WorkspaceID)
    /// The token does not open the export's data key.
    case wrongToken(WorkspaceID)
    /// The presented token is not the one the grant was made with.
    case tokenNotOfGrant(WorkspaceID)

    public var description: String {
        switch self {
        case .notAnExport(let directory):
            return "\(TerminalText.quoted(directory, limit: 200)) is not a workspace export (no \(ExportManifest.fileName))"
        case .unreadableManifest(let path):
            return "cannot read the export manifest \(TerminalText.quoted(path, limit: 200))"
        case .unsupportedFormat(let format):
            return "unsupported export format \(TerminalText.quoted(format)); this version reads \(ExportManifest.currentFormat)"
        case .mismatchedWorkspace(let manifest, let data):
            return "the export's manifest names workspace \(manifest) but its data is of \(data)"
        case .wrongToken(let id):
            return "the token does not open the export of workspace \(id)"
        case .tokenNotOfGrant(let id):
            return "the token given is not the current token of workspace \(id)"
        }
    }
}
