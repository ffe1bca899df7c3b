import Crypto
import Foundation

/// The home's root secret: 32 bytes that key token digests, seal audit heads and — with a
/// workspace's token — wrap its data key.
///
/// It lives in `master.key` (mode 0600) or in `AIRLOCK_MASTER_KEY`. Subkeys are derived
/// with HKDF so that one purpose's key never serves another.
public struct MasterKey: Sendable {
    let key: SymmetricKey

    /// Wraps 32 bytes of key material.
    ///
    /// - Throws: ``SecretError/malformedMasterKey(source:)`` unless there are exactly 32 bytes.
    public init(bytes: [UInt8], source: String) throws(SecretError) {
        guard bytes.count == 32 else { throw .malformedMasterKey(source: source) }
        key = SymmetricKey(data: bytes)
    }

    /// Parses 64 lowercase hex characters, as given in `AIRLOCK_MASTER_KEY`.
    ///
    /// - Throws: ``SecretError/malformedMasterKey(source:)`` for anything else.
    public init(hex: String, source: String) throws(SecretError) {
        let trimmed = hex.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Hex.decode(trimmed, byteCount: 32) else { throw .malformedMasterKey(source: source) }
        try self.init(bytes: bytes, source: source)
    }

    /// 32 fresh bytes from the system CSPRNG.
    public static func generateBytes() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The key that seals the head of `workspace`'s audit chain.
    func auditKey(for workspace: WorkspaceID) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: key,
            salt: Data(workspace.rawValue.utf8),
            info: Data("airlock.audit-head.v1".utf8),
            outputByteCount: 32
        )
    }

    /// The key that wraps `workspace`'s data key: HKDF-SHA256 over the master key and the
    /// token bytes, salted with the workspace id, so neither secret alone unwraps it.
    package func keyEncryptionKey(token: WorkspaceToken, workspace: WorkspaceID) -> SymmetricKey {
        var material = [UInt8]()
        material.reserveCapacity(64)
        key.withUnsafeBytes { material.append(contentsOf: $0) }
        material.append(contentsOf: token.bytes)
        defer { material.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        return HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: material),
            salt: Data(workspace.rawValue.utf8),
            info: Data("airlock.data-key-wrap.v1".utf8),
            outputByteCount: 32
        )
    }
}
