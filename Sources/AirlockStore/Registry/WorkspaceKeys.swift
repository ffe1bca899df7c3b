import AirlockCore
import Foundation

/// What the registry keeps of a workspace's secrets: its token digest and its data key,
/// which change together on token rotation.
package struct WorkspaceKeys: Sendable {
    /// The digest of the current token.
    package let digest: TokenDigest
    /// The data key, wrapped under the current token's key-encryption key.
    package let dataKey: StoredDataKey

    package init(digest: TokenDigest, dataKey: StoredDataKey) {
        self.digest = digest
        self.dataKey = dataKey
    }

    /// Whether both parts equal `other`'s (the digest compared in constant time).
    package func matches(_ other: WorkspaceKeys) -> Bool {
        digest.matches(other.digest) && dataKey == other.dataKey
    }
}

/// The registry's `wrapped_data_key` column of one workspace.
package enum StoredDataKey: Equatable, Sendable {
    /// None yet: the workspace predates data keys; one is made when its vault first opens.
    case absent
    /// The data key, wrapped.
    case wrapped([UInt8])
    /// Destroyed when the workspace's deletion began (crypto-shredding).
    case destroyed

    /// Reads the column: NULL, an empty blob, or the wrapped key.
    package init(column: Data?) {
        switch column {
        case nil: self = .absent
        case let data? where data.isEmpty: self = .destroyed
        case let data?: self = .wrapped(Array(data))
        }
    }

    /// The column's value.
    package var column: Data? {
        switch self {
        case .absent: return nil
        case .wrapped(let bytes): return Data(bytes)
        case .destroyed: return Data()
        }
    }
}

extension StoredDataKey {
    /// This key with a wrapped key passed through `rewrap` (token rotation); an absent or
    /// destroyed key stays so.
    package func rewrapped(_ rewrap: ([UInt8]) throws -> [UInt8]) rethrows -> StoredDataKey {
        guard case .wrapped(let wrapped) = self else { return self }
        return .wrapped(try rewrap(wrapped))
    }
}
