import AirlockCore
import AirlockStore
import AirlockPostgresTestSupport
import AirlockTestSupport
import Foundation
import Testing

/// `airlock export` / `airlock import` move a workspace losslessly between storages:
/// SQLite → files → PostgreSQL → SQLite, each hop on its own machine.
@Suite("Export and import across storages", .serialized, .timeLimit(.minutes(5)))
struct TransferRoundTripTests {
    private static let secret = "sk-live-round-trip-4711"

    @Test func aWorkspaceRoundTripsFromSQLiteThroughFilesAndPostgreSQLBackToSQLite() async throws {
        try await TestDatabase.with(prefix: "airlock_shared") { database in
            let origin = try Machine(storage: "sqlite", masterKey: Machine.newMasterKey())
            let files = try Machine(storage: "files", masterKey: Machine.newMasterKey())
            let postgres = try Machine(storage: "postgres", databaseURL: database.appURL, masterKey: Machine.newMasterKey())
            let back = try Machine(storage: "sqlite", masterKey: Machine.newMasterKey())
            let token = try await populate(origin)
            let withToken = ["AIRLOCK_TOKEN": token.revealed]
            let exports = try TemporaryDirectory(prefix: "airlock-exports")
            let hops = [(origin, files), (files, postgres), (postgres, back)]
            for (index, (source, target)) in hops.enumerated() {
                let directory = exports.appending("hop-\(index)")
                let exported = try await source.succeed(["export", "--workspace", "acme", directory], environment: withToken)
                #expect(exported.stdout.contains("3 memory documents, 1 session (3 messages), 1 integration"), "\(exported.stdout)")
                #expect(!exported.allOutput.contains(token.revealed) && !exported.allOutput.contains(Self.secret))
                let imported = try await target.succeed(["import", directory], environment: withToken)
                #expect(imported.stdout.contains("Imported workspace acme"), "\(imported.stdout)")
                try await target.succeed(["audit", "verify", "--workspace", "acme"], environment: withToken)
            }
            let last = exports.appending("final")
            try await back.succeed(["export", "--workspace", "acme", last], environment: withToken)

            let first = try contents(of: exports.appending("hop-0"))
            let final = try contents(of: last)
            #expect(Set(first.keys) == Set(final.keys), "the same files")
            for (name, bytes) in first where name != "manifest.json" && name != "audit.jsonl" {
                #expect(final[name] == bytes, "\(name) is byte-equal after three hops")
            }
            let originalLog = try #require(first["audit.jsonl"])
            let finalLog = try #require(final["audit.jsonl"])
            #expect(finalLog.starts(with: originalLog), "every original audit event is kept byte for byte")
            let added = String(decoding: finalLog.dropFirst(originalLog.count), as: UTF8.self).split(separator: "\n")
            let actions = try added.map { line in try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["action"] as? String }
            #expect(actions == Array(repeating: ["workspace.import", "audit.verify"], count: 3).flatMap { $0 }, "each hop's import and check: \(added)")

            // The same token still opens the workspace and its sealed credential at the end.
            let manager = try await manager(of: back)
            let grant = try await manager.authenticate(try WorkspaceID("acme"), token: token, actor: AuditActor("test:analyst"))
            let vault = try await manager.openVault(grant)
            let credential = try await manager.withStore(grant) { store in try await store.credential(try IntegrationID("ads"), .apiKey) }
            #expect(try vault.open(try #require(credential)) == Self.secret)
            let hits = try await manager.withStore(grant) { store in try await store.searchMemory(try MemorySearchQuery("Lisbon")) }
            #expect(hits.map(\.memory.title) == ["Q3 launch"], "search works on the imported copy")
            await manager.close()
        }
    }

    @Test func importRefusesAWrongTokenAnExistingIdAndATamperedLogLeavingNothing() async throws {
        let origin = try Machine(storage: "sqlite", masterKey: Machine.newMasterKey())
        let target = try Machine(storage: "files", masterKey: Machine.newMasterKey())
        let token = try await populate(origin)
        let exports = try TemporaryDirectory(prefix: "airlock-exports")
        let directory = exports.appending("acme")
        try await origin.succeed(["export", "--workspace", "acme", directory], environment: ["AIRLOCK_TOKEN": token.revealed])

        let wrong = try await target.run(["import", directory], environment: ["AIRLOCK_TOKEN": WorkspaceToken.generate().revealed])
        #expect(wrong.status != 0)
        #expect(wrong.stderr == "airlock: the token does not open the export of workspace acme\n")

        let taken = try await origin.run(["import", directory], environment: ["AIRLOCK_TOKEN": token.revealed])
        #expect(taken.status != 0)
        #expect(taken.stderr.contains("acme") && taken.stderr.contains("exists"), "\(taken.stderr)")

        let log = directory + "/audit.jsonl"
        let original = try String(contentsOfFile: log, encoding: .utf8)
        try original.replacingOccurrences(of: "workspace.create", with: "workspace.crate").write(toFile: log, atomically: true, encoding: .utf8)
        let tampered = try await target.run(["import", directory], environment: ["AIRLOCK_TOKEN": token.revealed])
        #expect(tampered.status != 0)
        #expect(tampered.stderr.filter(\.isNewline).count == 1, "\(tampered.stderr)")
        #expect(try await target.run(["workspace", "list", "--all"]).stdout.contains("acme") == false, "nothing of a refused import is left")
        try original.write(toFile: log, atomically: true, encoding: .utf8)
        try await target.succeed(["import", directory], environment: ["AIRLOCK_TOKEN": token.revealed])

        let occupied = try await origin.run(["export", "--workspace", "acme", directory], environment: ["AIRLOCK_TOKEN": token.revealed])
        #expect(occupied.status != 0, "an export never writes into a non-empty directory")
    }

    // MARK: - Helpers

    /// Creates workspace `acme` on `machine` with memory, a session with a tool call, an
    /// integration with a sealed credential and an acknowledged alert; returns its token.
    private func populate(_ machine: Machine) async throws -> WorkspaceToken {
        let manager = try await manager(of: machine)
        let actor = AuditActor("test:analyst")
        let created = try await manager.createWorkspace(name: "Acme Corp", id: try WorkspaceID("acme"), actor: actor)
        let grant = try await manager.authenticate(created.record.id, token: created.token, actor: actor)
        let vault = try await manager.openVault(grant)
        try await manager.withStore(grant) { store in
            _ = try await store.addMemory(try MemoryDraft(kind: .brandVoice, title: "Voice", body: "Plain, warm.\n---\nkind: forged\n", pinned: true))
            _ = try await store.addMemory(try MemoryDraft(kind: .campaign, title: "Q3 launch", body: "Launch in Lisbon 🇵🇹, 東京 next.", tags: ["q3", "launch"]))
            _ = try await store.addMemory(try MemoryDraft(kind: .persona, title: "Buyer Bea", body: "windows\r\nline endings\r\n"))
            let session = try await store.createSession(title: "Planning")
            _ = try await store.appendMessage(try MessageDraft(role: .user, content: "What is planned?", tokenCount: 5), to: session.key)
            _ = try await store.appendMessage(
                try MessageDraft(role: .assistant, content: "", toolCalls: [ToolCallRecord(id: "call-1", name: "ads_report", arguments: "{\"days\":7}")]),
                to: session.key)
            _ = try await store.appendMessage(
                try MessageDraft(role: .tool, content: "{\"clicks\": 12}", toolResult: ToolResultRecord(callID: "call-1", content: "{\"clicks\": 12}", isError: false)),
                to: session.key)
            let ads = try IntegrationID("ads")
            _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: IntegrationSettings(baseURL: "https://ads.example.com", auth: .bearer, parameters: [:]))
            try await store.putCredential(SealedCredential(
                integration: ads, name: .apiKey, sealed: try vault.seal(Self.secret, integration: ads, name: .apiKey), label: "API key", expiresAt: nil))
            let alert = try #require(try await store.reportFailedSignIns(25))
            _ = try await store.acknowledgeAlert(alert.id)
        }
        await manager.close()
        return created.token
    }

    /// An in-process manager on `machine`'s home and storage (SQLite or files).
    private func manager(of machine: Machine) async throws -> WorkspaceManager {
        let environment = machine.environment
        let home = try AirlockHome.open(at: try #require(environment["AIRLOCK_HOME"]), create: true)
        let masterKey = try MasterKeyLoader.load(home: home, environment: environment, create: true)
        let backend: StorageBackend = environment["AIRLOCK_STORAGE"] == "files" ? try .files(home) : try .sqlite(home)
        return try WorkspaceManager.open(home: home, masterKey: masterKey, backend: backend)
    }

    /// Every regular file under `directory`, by relative path.
    private func contents(of directory: String) throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: directory))
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            result[relative] = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + relative)))
        }
        return result
    }
}
