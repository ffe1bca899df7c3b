import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("WorkspaceManager.createWorkspace")
struct WorkspaceCreationTests {
    @Test func createMakesARegistryRowAndAPrivateDatabaseFile() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme", name: "Acme Corp.")
        let listing = try await test.manager.registryListing()
        #expect(listing.map(\.id) == [acme.id])
        #expect(listing.first?.name == "Acme Corp.")
        #expect(listing.first?.createdAt == test.clock.now())
        #expect(listing.first?.rotatedAt == nil)
        let database = test.databasePath(of: acme.id)
        #expect(database == test.home.root + "/clients/acme/workspace.sqlite")
        #expect(permissions(of: database) == 0o600)
        #expect(permissions(of: test.home.root + "/clients/acme") == 0o700)
    }

    @Test func firstAuditEventRecordsTheCreation() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let events = try await test.withStore(acme) { try await $0.auditEvents(last: nil) }
        let first = try #require(events.first)
        #expect(first.sequence == 1)
        #expect(first.action == AuditAction.workspaceCreate.rawValue)
        #expect(first.resource == "workspace/acme")
        #expect(first.actor == test.actor.name)
        #expect(first.workspaceID == acme.id)
        #expect(first.time == test.clock.now())
        #expect(events.count == 1)
    }

    @Test func newWorkspaceAuditLogVerifies() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let verification = try await test.withStore(acme) { try await $0.verifyAudit() }
        #expect(verification == .intact(events: 1))
    }

    @Test func idIsDerivedFromTheNameWhenNotGiven() async throws {
        let test = try TestHome()
        let created = try await test.manager.createWorkspace(name: "Globex Intl.", id: nil, actor: test.actor)
        #expect(created.record.id.rawValue == "globex-intl")
        #expect(exists(test.databasePath(of: created.record.id)))
    }

    @Test func tokenIsNeverWrittenToTheHome() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let hex = Array(acme.token.revealed.utf8)
        let raw = try #require(Hex(acme.token.revealed))
        let files = allFiles(under: test.home.root)
        #expect(files.keys.contains("registry.sqlite"))
        #expect(files.keys.contains("clients/acme/workspace.sqlite"))
        for (path, data) in files {
            #expect(!data.contains(bytes: hex), "token hex found in \(path)")
            #expect(!data.contains(bytes: raw), "raw token bytes found in \(path)")
        }
    }

    @Test func duplicateIDIsRefusedAndTheFirstWorkspaceIsUntouched() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme", name: "Original")
        let directory = test.home.root + "/clients/acme"
        let before = DirectorySnapshot(of: directory)
        await #expect(throws: StoreError.workspaceExists(acme.id)) {
            _ = try await test.manager.createWorkspace(name: "Impostor", id: acme.id, actor: test.actor)
        }
        #expect(DirectorySnapshot(of: directory) == before)
        #expect(try await test.manager.registryListing().map(\.name) == ["Original"])
        let grant = try await test.manager.authenticate(acme.id, token: acme.token, actor: test.actor)
        let verification = try await test.manager.withStore(grant) { try await $0.verifyAudit() }
        #expect(verification == .intact(events: 1))
    }

    @Test(arguments: ["", "   ", "two\nlines", "esc\u{1B}]0;x\u{07}", String(repeating: "n", count: 101)])
    func invalidNameLeavesNothingBehind(_ name: String) async throws {
        let test = try TestHome()
        let before = DirectorySnapshot(of: test.home.root + "/clients")
        await #expect(throws: InputError.self) {
            _ = try await test.manager.createWorkspace(name: name, id: try WorkspaceID("acme"), actor: test.actor)
        }
        #expect(DirectorySnapshot(of: test.home.root + "/clients") == before)
        #expect(try await test.manager.registryListing() == [])
    }

    @Test func invalidNameErrorNamesTheField() async throws {
        let test = try TestHome()
        let error = await #expect(throws: InputError.self) {
            _ = try await test.manager.createWorkspace(name: " ", id: nil, actor: test.actor)
        }
        #expect(error?.field == "workspace name")
    }

    @Test func leftoverDirectoryWithoutARegistryRowIsNotAdopted() async throws {
        let test = try TestHome()
        let directory = test.home.root + "/clients/acme"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        _ = FileManager.default.createFile(atPath: directory + "/workspace.sqlite", contents: Data("old".utf8))
        await #expect(throws: StoreError.workspaceExists(try WorkspaceID("acme"))) {
            _ = try await test.manager.createWorkspace(name: "Acme", id: try WorkspaceID("acme"), actor: test.actor)
        }
        #expect(try await test.manager.registryListing() == [])
        #expect(FileManager.default.contents(atPath: directory + "/workspace.sqlite") == Data("old".utf8))
    }

    @Test func registryListingShowsEveryWorkspaceByID() async throws {
        let test = try TestHome()
        _ = try await test.createWorkspace("globex", name: "Globex")
        _ = try await test.createWorkspace("acme", name: "Acme")
        _ = try await test.createWorkspace("initech", name: "Initech")
        let listing = try await test.manager.registryListing()
        #expect(listing.map(\.id.rawValue) == ["acme", "globex", "initech"])
        #expect(listing.map(\.name) == ["Acme", "Globex", "Initech"])
    }

    @Test func recordForAGrantIsThatWorkspacesRecord() async throws {
        let test = try TestHome()
        _ = try await test.createWorkspace("globex", name: "Globex")
        let acme = try await test.createWorkspace("acme", name: "Acme")
        let record = try await test.manager.record(for: acme.grant)
        #expect(record.id == acme.id)
        #expect(record.name == "Acme")
    }
}

/// Decodes lowercase hex (test helper; the production decoder is internal).
private func Hex(_ text: String) -> [UInt8]? {
    let digits = Array(text.utf8)
    guard digits.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    for index in stride(from: 0, to: digits.count, by: 2) {
        guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
        bytes.append(byte)
    }
    return bytes
}
