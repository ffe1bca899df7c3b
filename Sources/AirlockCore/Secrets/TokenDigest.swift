import Crypto
import Foundation

/// The stored form of a workspace token: HMAC-SHA256 keyed by the master key over the
/// workspace id and the token.
///
/// Binding the id means a digest copied onto another workspace's row verifies nothing.
/// Digests are compared only with ``matches(_:)``, in constant time.
public struct TokenDigest: Sendable {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// Computes the digest of `token` for `workspace`.
    public init(token: WorkspaceToken, workspace: WorkspaceID, masterKey: MasterKey) {
        var message = Data("airlock.token.v1".utf8)
        message.append(0)
        message.append(contentsOf: workspace.rawValue.utf8)
        message.append(0)
        message.append(contentsOf: token.bytes)
        bytes = Array(HMAC<SHA256>.authenticationCode(for: message, using: masterKey.key))
    }

    /// Restores a digest read from storage; nil unless it is 32 bytes.
    public init?(stored bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Whether two digests are equal, compared in constant time.
    public func matches(_ other: TokenDigest) -> Bool {
        ConstantTime.equals(bytes, other.bytes)
    }

    /// Whether `presented` equals `stored`, doing the same work when there is no stored
    /// digest (an unknown workspace): then it is compared against a random decoy, so timing
    /// does not reveal whether the workspace exists.
    public static func isCurrent(_ presented: TokenDigest, stored: TokenDigest?) -> Bool {
        let decoy = TokenDigest(stored: MasterKey.generateBytes())!
        let matches = presented.matches(stored ?? decoy)
        return matches && stored != nil
    }
}

extension TokenDigest {
    /// The digest in lowercase hex: how a PostgreSQL transaction names it to row-level
    /// security (`airlock.token_digest`).
    package var hex: String { Hex.encode(bytes) }
}
