/// Why a data key or a credential could not be used. Messages never contain a secret.
public enum CredentialError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The vault was closed; its data key is gone from memory.
    case vaultClosed(WorkspaceID)
    /// The wrapped data key does not open under this grant's key: it was wrapped for
    /// another token or workspace, or the registry entry is damaged.
    case dataKeyUnavailable(WorkspaceID)
    /// The workspace's data key was destroyed when its deletion began (crypto-shredding).
    case dataKeyDestroyed(WorkspaceID)
    /// The sealed credential does not open in this vault: it was sealed for another
    /// workspace, integration or credential name, or it is damaged.
    case cannotOpen(integration: IntegrationID, name: CredentialName)
    /// Encryption itself failed (the cryptography library refused the key or nonce).
    case sealingFailed(WorkspaceID)

    public var description: String {
        switch self {
        case .vaultClosed(let id):
            return "the credential vault of workspace \(id) is closed; open it again"
        case .dataKeyUnavailable(let id):
            return "the data key of workspace \(id) cannot be unwrapped with this token: it was wrapped for another token or workspace, or the registry entry is damaged"
        case .dataKeyDestroyed(let id):
            return "the data key of workspace \(id) was destroyed when its deletion began; its credentials can no longer be decrypted — finish deleting it with `airlock workspace delete \(id) --yes`"
        case .cannotOpen(let integration, let name):
            return "credential \(name.rawValue) of integration \(integration) cannot be decrypted in this workspace: it was sealed for another workspace, integration or credential name, or it is damaged; connect the integration again"
        case .sealingFailed(let id):
            return "encrypting with the data key of workspace \(id) failed"
        }
    }
}
