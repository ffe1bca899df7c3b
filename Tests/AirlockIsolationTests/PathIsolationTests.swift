import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import GRDB
import Testing

/// Files on disk: identifiers cannot climb out of the home, symlinks are refused, and a
/// database file moved into another workspace's folder is caught.
@Suite struct PathIsolationTests {
    static let trickIDs = [
        "", "a", "..", ".", "../bravo-client", "alpha-client/../bravo-client", "clients/bravo-client",
        "/etc", "bravo-client\0", "bravo\0client", "Bravo-Client", "bravo client", "bravo%2fclient",
        "bravo\\client", "-bravo", "аlpha-client", "ａlpha-client", "bravo\u{200B}client", "bravo-client\n",
        String(repeating: "a", count: 64),
    ]

    @Test(arguments: trickIDs)
    func trickIdentifiersAreRefusedBeforeAnyPathIsBuilt(_ raw: String) {
        #expect(throws: IdentifierError.self) { try WorkspaceID(raw) }
        #expect(throws: IdentifierError.self) { try MemoryID(raw) }
        #expect(throws: IdentifierError.self) { try SessionID(raw) }
    }

    @Test func aDatabaseCopiedFromAnotherWorkspaceIsRefused() async throws {
        let fixture = try await IsolationFixture.make()
        let aPath = fixture.home.databasePath(of: fixture.a.id)
        let bPath = fixture.home.databasePath(of: fixture.b.id)
        try FileManager.default.removeItem(atPath: aPath)
        try FileManager.default.copyItem(atPath: bPath, toPath: aPath)
        await #expect(throws: StoreError.foreignWorkspaceFile(expected: fixture.a.id)) {
            try await fixture.home.manager.open(fixture.a.workspace.grant)
        }
    }

    @Test func aCopiedDatabaseRelabelledAsTheTargetStillShowsNothingAndFailsVerification() async throws {
        let fixture = try await IsolationFixture.make()
        let aPath = fixture.home.databasePath(of: fixture.a.id)
        try FileManager.default.removeItem(atPath: aPath)
        try FileManager.default.copyItem(atPath: fixture.home.databasePath(of: fixture.b.id), toPath: aPath)
        let forger = try DatabaseQueue(path: aPath)
        try await forger.write { db in
            try db.execute(sql: "UPDATE workspace_identity SET workspace_id = ?", arguments: [fixture.a.id.rawValue])
        }
        try forger.close()

        try await fixture.home.withStore(fixture.a.workspace) { store in
            let output = [
                everything(in: try await store.listMemory(kind: nil)),
                everything(in: try await store.sessions()),
                everything(in: try await store.searchMemory(MemorySearchQuery("campaign"))),
                everything(in: try await store.integrations()),
                everything(in: try await store.auditEvents(last: nil)),
            ].joined(separator: "\n")
            expectNoLeak(of: fixture.b, in: output, from: "operations on a relabelled copy")
            guard case .broken = try await store.verifyAudit() else {
                Issue.record("verification must fail on another workspace's audit log")
                return
            }
        }
    }

    @Test func aSymlinkedWorkspaceFolderIsRefused() async throws {
        let fixture = try await IsolationFixture.make()
        let clients = fixture.home.home.root + "/clients"
        try FileManager.default.moveItem(atPath: clients + "/alpha-client", toPath: clients + "/alpha-moved")
        try FileManager.default.createSymbolicLink(atPath: clients + "/alpha-client", withDestinationPath: clients + "/bravo-client")
        let before = DirectorySnapshot(of: clients + "/bravo-client")
        await #expect(throws: FileSystemError.symlinkRefused(path: clients + "/alpha-client")) {
            try await fixture.home.manager.open(fixture.a.workspace.grant)
        }
        #expect(DirectorySnapshot(of: clients + "/bravo-client") == before)
        #expect(FileDescriptors.openPaths(under: clients).isEmpty)
    }

    @Test func aSymlinkedDatabaseFileIsRefused() async throws {
        let fixture = try await IsolationFixture.make()
        let aPath = fixture.home.databasePath(of: fixture.a.id)
        try FileManager.default.removeItem(atPath: aPath)
        try FileManager.default.createSymbolicLink(atPath: aPath, withDestinationPath: fixture.home.databasePath(of: fixture.b.id))
        await #expect(throws: FileSystemError.symlinkRefused(path: aPath)) {
            try await fixture.home.manager.open(fixture.a.workspace.grant)
        }
    }
}
