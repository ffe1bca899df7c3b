import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation

/// A throwaway home for the file backend: workspaces with grants and audit seal keys from
/// one master key, and a manual clock.
final class FileStoreHome: Sendable {
    /// The temporary folder holding the home.
    let directory: TemporaryDirectory
    /// The opened home.
    let home: AirlockHome
    /// The clock the stores stamp times with.
    let clock = ManualClock()
    private let masterKey: MasterKey

    init() throws {
        directory = try TemporaryDirectory(prefix: "airlock-files")
        home = try AirlockHome.open(at: directory.appending("home"), create: true)
        masterKey = try MasterKey(bytes: MasterKey.generateBytes(), source: "test")
    }

    /// A grant for `id` minted after a real token check, with its audit seal key.
    func access(_ id: String) async throws -> (WorkspaceGrant, AuditSealKey) {
        let workspace = try WorkspaceID(id)
        let token = WorkspaceToken.generate()
        let digests = OneDigest(workspace: workspace, digest: TokenDigest(token: token, workspace: workspace, masterKey: masterKey))
        let authenticator = Authenticator(masterKey: masterKey, digests: digests, clock: clock)
        let grant = try await authenticator.authenticate(workspace, token: token, actor: AuditActor("test:analyst"))
        return (grant, try authenticator.auditSealKey(for: grant))
    }

    /// Creates the file-backend workspace `id` and returns its open store.
    func create(_ id: String, thresholds: AnomalyThresholds = AnomalyThresholds()) async throws -> FileWorkspaceStore {
        let (grant, sealKey) = try await access(id)
        return try FileWorkspaceStore.create(home: home, grant: grant, sealKey: sealKey, clock: clock, thresholds: thresholds)
    }

    /// Opens the existing file-backend workspace `id`.
    func open(_ id: String) async throws -> FileWorkspaceStore {
        let (grant, sealKey) = try await access(id)
        return try FileWorkspaceStore.open(home: home, grant: grant, sealKey: sealKey, clock: clock)
    }

    /// `clients/<id>` of this home.
    func directory(of id: String) -> String {
        home.root + "/clients/" + id
    }
}

/// The digest source of one workspace.
private struct OneDigest: TokenDigestVerifier {
    let workspace: WorkspaceID
    let digest: TokenDigest

    func holds(_ digest: TokenDigest, for workspace: WorkspaceID) async throws -> Bool {
        TokenDigest.isCurrent(digest, stored: workspace == self.workspace ? self.digest : nil)
    }
}

/// A sealed credential of plausible size (the file store never opens it).
func fakeSealed(_ integration: IntegrationID, name: CredentialName = .apiKey, bytes: [UInt8] = Array(repeating: 0xA5, count: 60)) -> SealedCredential {
    SealedCredential(integration: integration, name: name, sealed: bytes, label: "API key", expiresAt: nil)
}

/// The text of the file at `path`.
func text(at path: String) throws -> String {
    String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
}

/// Replaces the file at `path` with `text` behind the store's back, keeping it private.
func overwrite(_ path: String, with text: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    chmod(path, 0o600)
}
