import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("Workspace file identity")
struct WorkspaceFileIdentityTests {
    /// Replaces A's database file (and any WAL companions) with `replacement`.
    private func replaceDatabase(_ test: TestHome, _ id: WorkspaceID, with replacement: (String) throws -> Void) throws {
        let path = test.databasePath(of: id)
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        try replacement(path)
    }

    @Test func databaseCopiedFromAnotherWorkspaceIsRefused() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let globex = try await test.createWorkspace("globex")
        let canary = Canary.make("globex")
        try await test.withStore(globex) { _ = try await $0.addMemory(try draft("Globex \(canary)")) }
        try replaceDatabase(test, acme.id) { path in
            try FileManager.default.copyItem(atPath: test.databasePath(of: globex.id), toPath: path)
        }
        let directory = test.home.root + "/clients/acme"
        let before = DirectorySnapshot(of: directory)
        let bytes = FileManager.default.contents(atPath: test.databasePath(of: acme.id))
        await #expect(throws: StoreError.foreignWorkspaceFile(expected: acme.id)) {
            _ = try await test.manager.open(acme.grant)
        }
        #expect(FileDescriptors.openPaths(under: directory).isEmpty)
        #expect(FileManager.default.contents(atPath: test.databasePath(of: acme.id)) == bytes)
        let after = DirectorySnapshot(of: directory)
        #expect(after.entries["workspace.sqlite"] == before.entries["workspace.sqlite"])
        #expect(Set(after.entries.keys) == Set(before.entries.keys))
    }

    @Test func foreignFileErrorDoesNotNameTheOtherWorkspace() {
        let description = StoreError.foreignWorkspaceFile(expected: try! WorkspaceID("acme")).description
        #expect(description.contains("acme"))
        #expect(!description.contains("globex"))
    }

    @Test func nonSQLiteFileIsRefusedUntouched() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let contents = Data(String(repeating: "not a database at all\n", count: 200).utf8)
        try replaceDatabase(test, acme.id) { path in
            _ = FileManager.default.createFile(atPath: path, contents: contents, attributes: [.posixPermissions: 0o600])
        }
        let before = DirectorySnapshot(of: test.home.root + "/clients/acme")
        await #expect(throws: StoreError.unrecognizedWorkspaceFile(acme.id)) {
            _ = try await test.manager.open(acme.grant)
        }
        #expect(FileDescriptors.openPaths(under: test.home.root + "/clients/acme").isEmpty)
        #expect(FileManager.default.contents(atPath: test.databasePath(of: acme.id)) == contents)
        #expect(DirectorySnapshot(of: test.home.root + "/clients/acme") == before)
    }

    @Test func emptyFileIsRefusedAndNotTurnedIntoADatabase() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try replaceDatabase(test, acme.id) { path in
            _ = FileManager.default.createFile(atPath: path, contents: Data(), attributes: [.posixPermissions: 0o600])
        }
        let before = DirectorySnapshot(of: test.home.root + "/clients/acme")
        await #expect(throws: StoreError.unrecognizedWorkspaceFile(acme.id)) {
            _ = try await test.manager.open(acme.grant)
        }
        #expect(FileManager.default.contents(atPath: test.databasePath(of: acme.id)) == Data())
        #expect(DirectorySnapshot(of: test.home.root + "/clients/acme") == before)
    }

    @Test func sqliteFileWithoutAnIdentityIsRefused() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try replaceDatabase(test, acme.id) { path in
            try withRawDatabase(path) { db in try db.execute(sql: "CREATE TABLE memory (id TEXT)") }
        }
        await #expect(throws: StoreError.unrecognizedWorkspaceFile(acme.id)) {
            _ = try await test.manager.open(acme.grant)
        }
    }

    @Test func missingFileIsReported() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try replaceDatabase(test, acme.id) { _ in }
        await #expect(throws: StoreError.workspaceFileMissing(acme.id)) {
            _ = try await test.manager.open(acme.grant)
        }
        #expect(!exists(test.databasePath(of: acme.id)))
    }

    @Test func missingDirectoryIsReported() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try FileManager.default.removeItem(atPath: test.home.root + "/clients/acme")
        await #expect(throws: StoreError.workspaceFileMissing(acme.id)) {
            _ = try await test.manager.open(acme.grant)
        }
        #expect(!exists(test.home.root + "/clients/acme"))
    }
}
