import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation

/// Plain-file stores in a throwaway home, with grants minted by a real ``Authenticator``
/// over one master key.
enum FileBench {
    /// Runs `body` with the stores of two new workspaces; the home is removed afterwards.
    static func with(_ body: (StoreBench) async throws -> Void) async throws {
        let directory = try TemporaryDirectory(prefix: "airlock-conformance-files")
        let home = try AirlockHome.open(at: directory.appending("home"), create: true)
        let clock = ManualClock()
        let access = try FileAccess(clock: clock)
        let (acmeGrant, acmeSeal) = try await access.grant("acme")
        let (globexGrant, globexSeal) = try await access.grant("globex")
        let acme = try FileWorkspaceStore.create(home: home, grant: acmeGrant, sealKey: acmeSeal, clock: clock)
        let globex = try FileWorkspaceStore.create(home: home, grant: globexGrant, sealKey: globexSeal, clock: clock)
        try await StoreBench.run(
            backend: .files, acme: acme, globex: globex, clock: clock,
            reopenAcme: { try FileWorkspaceStore.open(home: home, grant: acmeGrant, sealKey: acmeSeal, clock: clock) }, body
        )
        withExtendedLifetime(directory) {}
    }
}

/// Tokens and digests of the file bench's workspaces under one master key.
struct FileAccess: Sendable {
    let masterKey: MasterKey
    let clock: ManualClock

    init(clock: ManualClock) throws {
        masterKey = try MasterKey(bytes: MasterKey.generateBytes(), source: "test")
        self.clock = clock
    }

    /// A grant for `id` minted after a real token check, with its audit seal key.
    func grant(_ id: String) async throws -> (WorkspaceGrant, AuditSealKey) {
        let workspace = try WorkspaceID(id)
        let token = WorkspaceToken.generate()
        let digests = FixedDigests(digests: [id: TokenDigest(token: token, workspace: workspace, masterKey: masterKey)])
        let authenticator = Authenticator(masterKey: masterKey, digests: digests, clock: clock)
        let grant = try await authenticator.authenticate(workspace, token: token, actor: AuditActor("test:analyst"))
        return (grant, try authenticator.auditSealKey(for: grant))
    }
}

/// A digest source holding a fixed set of digests, by workspace id.
struct FixedDigests: TokenDigestVerifier {
    let digests: [String: TokenDigest]

    func holds(_ digest: TokenDigest, for workspace: WorkspaceID) async throws -> Bool {
        TokenDigest.isCurrent(digest, stored: digests[workspace.rawValue])
    }
}
