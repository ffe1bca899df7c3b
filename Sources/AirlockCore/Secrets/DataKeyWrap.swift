import Crypto
import Foundation

/// Makes, wraps and unwraps workspace data keys.
///
/// A data key is 256 random bits. It is stored only wrapped: sealed with AES-GCM under the
/// key-encryption key of the workspace's current token (``WorkspaceGrant``), with the
/// workspace id bound as associated data, so a wrapped key copied onto another workspace's
/// row does not open either.
package enum DataKeyWrap {
    /// The size of a wrapped key: 12-byte nonce, 32-byte ciphertext, 16-byte tag.
    package static let wrappedByteCount = 60

    /// A fresh random data key, wrapped under `keyEncryptionKey` for `workspace`.
    package static func newWrappedKey(under keyEncryptionKey: SymmetricKey, workspace: WorkspaceID) throws(CredentialError) -> [UInt8] {
        try wrap(SymmetricKey(size: .bits256), under: keyEncryptionKey, workspace: workspace)
    }

    /// The data key in `wrapped`.
    ///
    /// - Throws: ``CredentialError/dataKeyUnavailable(_:)`` if it does not open under
    ///   `keyEncryptionKey` for `workspace`.
    package static func unwrap(_ wrapped: [UInt8], under keyEncryptionKey: SymmetricKey, workspace: WorkspaceID) throws(CredentialError) -> SymmetricKey {
        guard wrapped.count == wrappedByteCount,
              let box = try? AES.GCM.SealedBox(combined: wrapped),
              var plain = try? AES.GCM.open(box, using: keyEncryptionKey, authenticating: associatedData(workspace)),
              plain.count == 32
        else { throw .dataKeyUnavailable(workspace) }
        defer { plain.resetBytes(in: 0..<plain.count) }
        return SymmetricKey(data: plain)
    }

    /// `wrapped` unwrapped under `old` and wrapped again under `new` (token rotation).
    package static func rewrap(_ wrapped: [UInt8], from old: SymmetricKey, to new: SymmetricKey, workspace: WorkspaceID) throws(CredentialError) -> [UInt8] {
        try wrap(try unwrap(wrapped, under: old, workspace: workspace), under: new, workspace: workspace)
    }

    /// `dataKey` wrapped under `keyEncryptionKey` for `workspace`.
    package static func wrap(_ dataKey: SymmetricKey, under keyEncryptionKey: SymmetricKey, workspace: WorkspaceID) throws(CredentialError) -> [UInt8] {
        let box = dataKey.withUnsafeBytes { bytes in
            try? AES.GCM.seal(bytes, using: keyEncryptionKey, authenticating: associatedData(workspace))
        }
        guard let combined = box?.combined else { throw .sealingFailed(workspace) }
        return Array(combined)
    }

    /// The key an export's data key is wrapped under: HKDF-SHA256 over the token alone,
    /// salted with the workspace id — so an export opens in any home given the token, and
    /// in none without it.
    package static func exportKey(token: WorkspaceToken, workspace: WorkspaceID) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: token.bytes),
            salt: Data(workspace.rawValue.utf8),
            info: Data("airlock.export-key.v1".utf8),
            outputByteCount: 32
        )
    }

    /// `"airlock.data-key.v1" ‖ 0 ‖ workspace id`.
    private static func associatedData(_ workspace: WorkspaceID) -> Data {
        var data = Data("airlock.data-key.v1".utf8)
        data.append(0)
        data.append(contentsOf: workspace.rawValue.utf8)
        return data
    }
}
