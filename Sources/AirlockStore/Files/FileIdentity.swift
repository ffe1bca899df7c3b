import AirlockCore
import Foundation

/// `identity.json`: which workspace a directory belongs to, its format, and the sealed
/// head of its audit chain.
///
/// It is read and checked under the workspace lock before anything else of the directory
/// is read, so a directory of another workspace is refused untouched.
struct FileIdentity: Codable, Sendable {
    /// The format this code writes.
    static let currentFormat = "airlock.files.v1"

    let workspace: String
    let format: String
    let createdAt: Int64
    var headSequence: Int64
    var headHash: String
    var headSeal: String
    /// The length of `audit.jsonl` up to the sealed head; more bytes are unsealed events.
    var auditBytes: Int64
    /// Moves on every change of memory (``WorkspaceStore/memoryVersion()``).
    var memoryVersion: Int64
    /// The last event's line, written here before it is appended to the log, so that an
    /// append cut short by a crash can be completed (see ``FileAuditLog``).
    var lastLine: String?

    private enum CodingKeys: String, CodingKey {
        case workspace, format, createdAt = "created_at", headSequence = "audit_head_seq", headHash = "audit_head_hash",
             headSeal = "audit_head_seal", auditBytes = "audit_bytes", memoryVersion = "memory_version",
             lastLine = "last_line"
    }

    /// A new workspace's identity with an empty, sealed chain.
    init(workspace: WorkspaceID, createdAt: Date, sealKey: AuditSealKey) {
        self.workspace = workspace.rawValue
        self.format = Self.currentFormat
        self.createdAt = createdAt.millisecondsSince1970
        self.headSequence = 0
        self.headHash = FileJSON.hex(AuditHead.genesis.hash)
        self.headSeal = FileJSON.hex(sealKey.seal(.genesis))
        self.auditBytes = 0
        self.memoryVersion = 0
        self.lastLine = nil
    }

    /// The sealed head and its seal.
    var head: (AuditHead, [UInt8]) {
        (AuditHead(sequence: headSequence, hash: FileJSON.unhex(headHash) ?? []), FileJSON.unhex(headSeal) ?? [])
    }

    /// Moves the head to `head`, sealed with `sealKey`, whose event is `line` of the log.
    mutating func advance(to head: AuditHead, line: [UInt8], sealKey: AuditSealKey) {
        headSequence = head.sequence
        headHash = FileJSON.hex(head.hash)
        headSeal = FileJSON.hex(sealKey.seal(head))
        auditBytes += Int64(line.count)
        lastLine = String(decoding: line, as: UTF8.self)
    }

    /// Reads `identity.json` of `files` and checks that it names `expected`.
    ///
    /// - Throws: ``StoreError/workspaceFileMissing(_:)`` if there is none,
    ///   ``StoreError/unrecognizedWorkspaceFile(_:)`` if it is not one of ours,
    ///   ``StoreError/foreignWorkspaceFile(expected:)`` if it names another workspace.
    static func read(_ files: WorkspaceFiles, expected: WorkspaceID) throws -> FileIdentity {
        guard let bytes = try files.readIfPresent(files.identity) else { throw StoreError.workspaceFileMissing(expected) }
        guard let identity = try? JSONDecoder().decode(FileIdentity.self, from: Data(bytes)), identity.format == currentFormat else {
            throw StoreError.unrecognizedWorkspaceFile(expected)
        }
        guard identity.workspace == expected.rawValue else { throw StoreError.foreignWorkspaceFile(expected: expected) }
        return identity
    }

    /// Writes this identity atomically.
    func write(to files: WorkspaceFiles) throws {
        try SecureFile.writeAtomically(try FileJSON.encode(self), to: files.identity, mode: 0o600)
    }
}
