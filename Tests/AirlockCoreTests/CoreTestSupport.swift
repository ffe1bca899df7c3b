import AirlockCore
import Foundation

/// A fixed registry of token digests for authenticator tests.
struct FixedDigests: TokenDigestVerifier {
    let digests: [WorkspaceID: TokenDigest]

    func holds(_ digest: TokenDigest, for workspace: WorkspaceID) async throws -> Bool {
        TokenDigest.isCurrent(digest, stored: digests[workspace])
    }
}

/// A master key from a repeated byte, so that two keys in one test are certainly different.
func masterKey(_ byte: UInt8) throws -> MasterKey {
    try MasterKey(bytes: [UInt8](repeating: byte, count: 32), source: "test")
}

/// Whether `text` holds a character that a terminal would act on: C0/C1 controls, DEL,
/// or a bidirectional formatting character.
func containsRawControl(_ text: String) -> Bool {
    text.unicodeScalars.contains { scalar in
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}

/// An authenticator over one workspace and a grant for it.
struct AuthenticatedWorkspace {
    let authenticator: Authenticator
    let grant: WorkspaceGrant
    let token: WorkspaceToken

    static func make(_ id: String, masterKey key: MasterKey, actor: String = "test:analyst") async throws -> AuthenticatedWorkspace {
        let workspace = try WorkspaceID(id)
        let token = WorkspaceToken.generate()
        let digest = TokenDigest(token: token, workspace: workspace, masterKey: key)
        let authenticator = Authenticator(masterKey: key, digests: FixedDigests(digests: [workspace: digest]))
        let grant = try await authenticator.authenticate(workspace, token: token, actor: AuditActor(actor))
        return AuthenticatedWorkspace(authenticator: authenticator, grant: grant, token: token)
    }
}
