import Crypto
import Foundation

/// The last link of an audit chain: its sequence number and hash.
public struct AuditHead: Sendable, Equatable {
    /// The last event's sequence number; 0 for an empty chain.
    public let sequence: Int64
    /// The last event's hash; 32 zero bytes for an empty chain.
    public let hash: [UInt8]

    /// Creates a head.
    public init(sequence: Int64, hash: [UInt8]) {
        self.sequence = sequence
        self.hash = hash
    }

    /// The head of a chain with no events.
    public static let genesis = AuditHead(sequence: 0, hash: [UInt8](repeating: 0, count: 32))

    /// The hash in hex, for display.
    public var hashHex: String { Hex.encode(hash) }
}

/// Seals and checks a workspace's audit head with a key derived from the master key.
///
/// The plain SHA-256 chain shows edits to the middle of a log, but anyone with write access
/// to the file could rebuild the whole chain or cut events off its end. The seal — an
/// HMAC over the head stored beside the log — cannot be recomputed without the master key,
/// and it is keyed per workspace, so another workspace's log does not verify either.
public struct AuditSealKey: Sendable {
    /// The workspace this key seals.
    public let workspace: WorkspaceID
    let key: SymmetricKey

    /// The seal of `head`.
    public func seal(_ head: AuditHead) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message(for: head), using: key))
    }

    /// Whether `seal` is the seal of `head`, checked in constant time.
    public func verifies(_ head: AuditHead, seal: [UInt8]) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(seal, authenticating: message(for: head), using: key)
    }

    private func message(for head: AuditHead) -> Data {
        var data = Data("airlock.audit-head.v1".utf8)
        data.append(0)
        data.append(contentsOf: workspace.rawValue.utf8)
        data.append(0)
        data.append(contentsOf: String(head.sequence).utf8)
        data.append(0)
        data.append(contentsOf: head.hash)
        return data
    }
}
