import Crypto
import Foundation

/// One link of a workspace's hash-chained audit log.
///
/// `hash` is SHA-256 over the event's own fields and `previousHash`, so changing, removing
/// or reordering any event breaks every link after it.
public struct AuditEvent: Sendable, Equatable, Codable {
    /// The workspace whose log holds the event.
    public let workspaceID: WorkspaceID
    /// Position in the chain, from 1 without gaps.
    public let sequence: Int64
    /// When the access happened (millisecond resolution).
    public let time: Date
    /// Who acted.
    public let actor: String
    /// What was done (an ``AuditAction`` raw value).
    public let action: String
    /// What it was done to.
    public let resource: String
    /// The previous event's hash; 32 zero bytes for the first event.
    public let previousHash: [UInt8]
    /// SHA-256 over this event's fields and `previousHash`.
    public let hash: [UInt8]

    /// Restores an event read from storage, keeping its stored hash for verification.
    public init(workspaceID: WorkspaceID, sequence: Int64, time: Date, actor: String, action: String, resource: String, previousHash: [UInt8], hash: [UInt8]) {
        self.workspaceID = workspaceID
        self.sequence = sequence
        self.time = time
        self.actor = actor
        self.action = action
        self.resource = resource
        self.previousHash = previousHash
        self.hash = hash
    }

    /// Makes the event that follows `head`, computing its hash.
    public static func next(after head: AuditHead, workspace: WorkspaceID, entry: AuditEntry, actor: AuditActor, time: Date) -> AuditEvent {
        let sequence = head.sequence + 1
        let millis = Date(millisecondsSince1970: time.millisecondsSince1970)
        let hash = computeHash(workspace: workspace, sequence: sequence, time: millis, actor: actor.name, action: entry.action.rawValue, resource: entry.resource, previousHash: head.hash)
        return AuditEvent(workspaceID: workspace, sequence: sequence, time: millis, actor: actor.name, action: entry.action.rawValue, resource: entry.resource, previousHash: head.hash, hash: hash)
    }

    /// The hash this event's fields should have.
    public var expectedHash: [UInt8] {
        Self.computeHash(workspace: workspaceID, sequence: sequence, time: time, actor: actor, action: action, resource: resource, previousHash: previousHash)
    }

    /// The chain head this event forms.
    public var head: AuditHead { AuditHead(sequence: sequence, hash: hash) }

    private static func computeHash(workspace: WorkspaceID, sequence: Int64, time: Date, actor: String, action: String, resource: String, previousHash: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        func field(_ bytes: some Collection<UInt8>) {
            var length = UInt32(bytes.count).bigEndian
            withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
            hasher.update(data: Array(bytes))
        }
        field(Array("airlock.audit.v1".utf8))
        field(Array(workspace.rawValue.utf8))
        field(Array(String(sequence).utf8))
        field(Array(String(time.millisecondsSince1970).utf8))
        field(Array(actor.utf8))
        field(Array(action.utf8))
        field(Array(resource.utf8))
        field(previousHash)
        return Array(hasher.finalize())
    }

    private enum CodingKeys: String, CodingKey {
        case workspaceID = "workspace", sequence = "seq", time, actor, action, resource, previousHash = "prev_hash", hash
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func hex(_ key: CodingKeys) throws -> [UInt8] {
            let text = try container.decode(String.self, forKey: key)
            guard let bytes = Hex.decode(text, byteCount: 32) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "expected 64 hex digits")
            }
            return bytes
        }
        self.init(
            workspaceID: try container.decode(WorkspaceID.self, forKey: .workspaceID),
            sequence: try container.decode(Int64.self, forKey: .sequence),
            time: try container.decode(Date.self, forKey: .time),
            actor: try container.decode(String.self, forKey: .actor),
            action: try container.decode(String.self, forKey: .action),
            resource: try container.decode(String.self, forKey: .resource),
            previousHash: try hex(.previousHash),
            hash: try hex(.hash)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(workspaceID, forKey: .workspaceID)
        try container.encode(sequence, forKey: .sequence)
        try container.encode(time, forKey: .time)
        try container.encode(actor, forKey: .actor)
        try container.encode(action, forKey: .action)
        try container.encode(resource, forKey: .resource)
        try container.encode(Hex.encode(previousHash), forKey: .previousHash)
        try container.encode(Hex.encode(hash), forKey: .hash)
    }
}
