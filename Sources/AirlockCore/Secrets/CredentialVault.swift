import Crypto
import Foundation
import Synchronization

/// The open data key of one workspace: seals and opens that workspace's credentials.
///
/// Opened from a grant by `WorkspaceManager.openVault(_:)`, which unwraps the data key;
/// the key lives only here, behind a lock, until ``close()`` drops it (its memory is zeroed
/// when released). Every credential is sealed with AES-GCM, its associated data binding
/// the workspace id, integration id and credential name, so a sealed credential moved to
/// another workspace, integration or name fails to open with
/// ``CredentialError/cannotOpen(integration:name:)`` — never with wrong plaintext.
/// Neither `description` nor a reflection (`dump`) shows the key.
public final class CredentialVault: Sendable, CustomStringConvertible, CustomReflectable {
    /// The largest secret, in UTF-8 bytes.
    public static let secretByteLimit = 65_536

    /// The workspace whose credentials this vault opens.
    public let workspaceID: WorkspaceID
    private let dataKey: Mutex<SymmetricKey?>

    /// A vault over `dataKey`, the unwrapped key of `workspace`.
    package init(workspace: WorkspaceID, dataKey: SymmetricKey) {
        self.workspaceID = workspace
        self.dataKey = Mutex(dataKey)
    }

    /// Encrypts `secret` as credential `name` of `integration`.
    ///
    /// - Returns: The sealed bytes (nonce, ciphertext, tag) for a ``SealedCredential``.
    /// - Throws: ``InputError`` for an empty or oversized secret;
    ///   ``CredentialError/vaultClosed(_:)`` after ``close()``.
    public func seal(_ secret: String, integration: IntegrationID, name: CredentialName) throws -> [UInt8] {
        guard !secret.isEmpty else { throw InputError(field: "credential", reason: "it is empty") }
        guard secret.utf8.count <= Self.secretByteLimit else {
            throw InputError(field: "credential", reason: "it is \(secret.utf8.count) bytes; the limit is \(Self.secretByteLimit)")
        }
        let key = try currentKey()
        let associatedData = Self.associatedData(workspace: workspaceID, integration: integration, name: name)
        guard let combined = (try? AES.GCM.seal(Data(secret.utf8), using: key, authenticating: associatedData))?.combined else {
            throw CredentialError.sealingFailed(workspaceID)
        }
        return Array(combined)
    }

    /// Decrypts `credential`.
    ///
    /// - Throws: ``CredentialError/cannotOpen(integration:name:)`` if it was sealed for
    ///   another workspace, integration or name, or was altered;
    ///   ``CredentialError/vaultClosed(_:)`` after ``close()``.
    public func open(_ credential: SealedCredential) throws -> String {
        let key = try currentKey()
        let associatedData = Self.associatedData(workspace: workspaceID, integration: credential.integration, name: credential.name)
        guard let box = try? AES.GCM.SealedBox(combined: credential.sealed),
              let plain = try? AES.GCM.open(box, using: key, authenticating: associatedData),
              let secret = String(validating: plain, as: UTF8.self)
        else { throw CredentialError.cannotOpen(integration: credential.integration, name: credential.name) }
        return secret
    }

    /// Drops the data key; later calls throw ``CredentialError/vaultClosed(_:)``.
    public func close() {
        dataKey.withLock { $0 = nil }
    }

    /// Whether ``close()`` has been called.
    public var isClosed: Bool {
        dataKey.withLock { $0 == nil }
    }

    public var description: String { "CredentialVault(\(workspaceID), \(isClosed ? "closed" : "open"))" }

    public var customMirror: Mirror {
        Mirror(self, children: ["workspaceID": workspaceID, "isClosed": isClosed])
    }

    private func currentKey() throws(CredentialError) -> SymmetricKey {
        guard let key = dataKey.withLock({ $0 }) else { throw .vaultClosed(workspaceID) }
        return key
    }

    /// `"airlock.credential.v1" ‖ 0 ‖ workspace ‖ 0 ‖ integration ‖ 0 ‖ name`.
    private static func associatedData(workspace: WorkspaceID, integration: IntegrationID, name: CredentialName) -> Data {
        var data = Data("airlock.credential.v1".utf8)
        for field in [workspace.rawValue, integration.rawValue, name.rawValue] {
            data.append(0)
            data.append(contentsOf: field.utf8)
        }
        return data
    }
}
