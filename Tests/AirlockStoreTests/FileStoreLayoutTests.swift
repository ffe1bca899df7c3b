import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

/// The file backend's own mechanics: the private layout and identity file of a workspace,
/// atomic writes, confinement to its own directory (other workspaces, symbolic links,
/// hostile identifiers) and the lock that serialises two stores of one workspace.
@Suite("FileWorkspaceStore layout and confinement")
struct FileStoreLayoutTests {
    @Test func aNewWorkspaceHasItsPrivateLayoutAndIdentity() async throws {
        let test = try FileStoreHome()
        _ = try await test.create("acme")
        let directory = test.directory(of: "acme")
        #expect(permissions(of: directory) == 0o700)
        for folder in ["memory", "sessions", "integrations"] { #expect(permissions(of: directory + "/" + folder) == 0o700) }
        for file in ["identity.json", "audit.jsonl", ".lock"] { #expect(permissions(of: directory + "/" + file) == 0o600) }
        let identity = try text(at: directory + "/identity.json")
        #expect(identity.contains("\"workspace\":\"acme\""))
        #expect(identity.contains("\"format\":\"airlock.files.v1\""))
        await #expect(throws: StoreError.workspaceExists(try WorkspaceID("acme"))) { try await test.create("acme") }
    }

    @Test func aCrashBetweenTheTemporaryWriteAndTheRenameLeavesTheOldFileIntact() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let added = try await store.addMemory(try draft("old title", body: "old body"))
        let folder = test.directory(of: "acme") + "/memory"
        // What an interrupted atomic write leaves behind: a half-written temporary file in
        // the same directory, never renamed over the document.
        try overwrite(folder + "/.\(added.id).md.tmp-1234", with: "---\nkind: \"note\"\ntitle: \"new ti")
        try overwrite(test.directory(of: "acme") + "/.identity.json.tmp-1234", with: "{\"workspace\":")
        #expect(try await store.memory(added.id) == added)
        #expect(try await store.listMemory(kind: nil).map(\.id) == [added.id])
        #expect(try await store.verifyAudit() == .intact(events: 4))
        await store.close()
        #expect(try await test.open("acme").memory(added.id).body == "old body")
    }

    @Test func aDirectoryOfAnotherWorkspaceIsRefusedUntouched() async throws {
        let test = try FileStoreHome()
        let acme = try await test.create("acme")
        _ = try await acme.addMemory(try draft("acme canary"))
        let globex = try await test.create("globex")
        await acme.close()
        await globex.close()
        // Globex's directory moved in place of acme's.
        try FileManager.default.removeItem(atPath: test.directory(of: "acme"))
        try FileManager.default.moveItem(atPath: test.directory(of: "globex"), toPath: test.directory(of: "acme"))
        let before = DirectorySnapshot(of: test.directory(of: "acme"))
        await #expect(throws: StoreError.foreignWorkspaceFile(expected: try WorkspaceID("acme"))) { try await test.open("acme") }
        #expect(DirectorySnapshot(of: test.directory(of: "acme")) == before)
    }

    @Test func anIdentitySwappedUnderAnOpenStoreIsRefusedBeforeAnyRead() async throws {
        let test = try FileStoreHome()
        let acme = try await test.create("acme")
        let globex = try await test.create("globex")
        let theirs = try await globex.addMemory(try draft("globex canary"))
        let acmeDirectory = test.directory(of: "acme")
        try FileManager.default.copyItem(atPath: test.directory(of: "globex") + "/memory/\(theirs.id).md", toPath: acmeDirectory + "/memory/\(theirs.id).md")
        try FileManager.default.removeItem(atPath: acmeDirectory + "/identity.json")
        try FileManager.default.copyItem(atPath: test.directory(of: "globex") + "/identity.json", toPath: acmeDirectory + "/identity.json")
        let before = DirectorySnapshot(of: acmeDirectory)
        await #expect(throws: StoreError.foreignWorkspaceFile(expected: try WorkspaceID("acme"))) { try await acme.memory(theirs.id) }
        await #expect(throws: StoreError.foreignWorkspaceFile(expected: try WorkspaceID("acme"))) { try await acme.addMemory(try draft("x")) }
        #expect(DirectorySnapshot(of: acmeDirectory) == before)
    }

    @Test func damagedOrMissingIdentitiesAreReported() async throws {
        let test = try FileStoreHome()
        try await test.create("acme").close()
        let identity = test.directory(of: "acme") + "/identity.json"
        try overwrite(identity, with: "not json")
        await #expect(throws: StoreError.unrecognizedWorkspaceFile(try WorkspaceID("acme"))) { try await test.open("acme") }
        try FileManager.default.removeItem(atPath: identity)
        await #expect(throws: StoreError.workspaceFileMissing(try WorkspaceID("acme"))) { try await test.open("acme") }
        await #expect(throws: StoreError.workspaceFileMissing(try WorkspaceID("nobody"))) { try await test.open("nobody") }
    }

    @Test func twoWorkspacesNeverSeeEachOthersFiles() async throws {
        let test = try FileStoreHome()
        let acme = try await test.create("acme")
        let globex = try await test.create("globex")
        for (store, canary) in [(acme, "CANARY-ACME-7f3a"), (globex, "CANARY-GLOBEX-91bc")] {
            _ = try await store.addMemory(try draft("memo \(canary)", body: canary, tags: [canary.lowercased()]))
            let session = try await store.createSession(title: "chat \(canary)")
            _ = try await store.appendMessage(try MessageDraft(role: .user, content: canary), to: session.key)
            _ = try await store.addIntegration(id: try IntegrationID("ads"), kind: .http, name: canary,
                                               settings: bearerSettings(parameters: ["account": canary]))
        }
        for (id, foreign) in [("acme", "CANARY-GLOBEX-91bc"), ("globex", "CANARY-ACME-7f3a")] {
            for (path, bytes) in allFiles(under: test.directory(of: id)) {
                #expect(!bytes.contains(bytes: Array(foreign.utf8)), "\(id)/\(path) holds \(foreign)")
            }
        }
        #expect(try await acme.searchMemory(try MemorySearchQuery("canary")).count == 1)
        #expect(try await acme.searchMessages(try MessageSearchQuery("globex")).isEmpty)
        #expect(try await acme.integration(try IntegrationID("ads")).name == "CANARY-ACME-7f3a")
        #expect(try await globex.sessions().map(\.title) == ["chat CANARY-GLOBEX-91bc"])
    }

    @Test(arguments: ["../globex", "a/b", "..", ".hidden", "a\u{0}b", "ａcme", String(repeating: "a", count: 300)])
    func hostileIdentifiersAreRefusedBeforeAnyIO(_ raw: String) {
        #expect(throws: IdentifierError.self) { try MemoryID(raw) }
        #expect(throws: IdentifierError.self) { try SessionID(raw) }
        #expect(throws: IdentifierError.self) { try IntegrationID(raw) }
        #expect(throws: IdentifierError.self) { try WorkspaceID(raw) }
    }

    @Test func symbolicLinksInsideTheWorkspaceAreRefused() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let outside = test.directory.appending("outside.md")
        try overwrite(outside, with: "---\nkind: \"note\"\ntitle: \"outside\"\ntags: []\npinned: false\ncreated_at: 0\nupdated_at: 0\n---\nsecret")
        try FileManager.default.createSymbolicLink(atPath: test.directory(of: "acme") + "/memory/m-link.md", withDestinationPath: outside)
        await #expect(throws: FileSystemError.symlinkRefused(path: test.directory(of: "acme") + "/memory/m-link.md")) {
            try await store.memory(try MemoryID("m-link"))
        }
        await #expect(throws: FileSystemError.self) { try await store.listMemory(kind: nil) }
    }

    @Test func aFolderReplacedByASymbolicLinkIsRefused() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let globex = try await test.create("globex")
        let theirs = try await globex.addMemory(try draft("globex canary"))
        let folder = test.directory(of: "acme") + "/memory"
        try FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createSymbolicLink(atPath: folder, withDestinationPath: test.directory(of: "globex") + "/memory")
        await #expect(throws: FileSystemError.symlinkRefused(path: folder)) { try await store.memory(theirs.id) }
        await #expect(throws: FileSystemError.symlinkRefused(path: folder)) { try await store.addMemory(try draft("x")) }
    }

    @Test func twoStoresOnOneWorkspaceTakeTurnsUnderTheLock() async throws {
        let test = try FileStoreHome()
        let first = try await test.create("acme")
        let second = try await test.open("acme")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for store in [first, second] {
                group.addTask { for index in 0..<25 { _ = try await store.addMemory(try draft("note \(index)")) } }
            }
            try await group.waitForAll()
        }
        #expect(try await first.listMemory(kind: nil).count == 50)
        #expect(try await second.memoryVersion() == 50)
        #expect(try await second.verifyAudit() == .intact(events: 52))
    }

    @Test func aSymlinkedWorkspaceDirectoryIsRefused() async throws {
        let test = try FileStoreHome()
        try await test.create("globex").close()
        try FileManager.default.createSymbolicLink(atPath: test.directory(of: "acme"), withDestinationPath: test.directory(of: "globex"))
        await #expect(throws: FileSystemError.symlinkRefused(path: test.directory(of: "acme"))) { try await test.open("acme") }
        await #expect(throws: FileSystemError.symlinkRefused(path: test.directory(of: "acme"))) { try await test.create("acme") }
    }
}
