import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

/// Moving a workspace between backends: a snapshot holds everything, survives a snapshot
/// directory byte for byte, and restores in every backend with its audit chain intact and
/// one `workspace.import` event more; broken or foreign snapshots are refused, leaving
/// nothing behind.
@Suite("Conformance: snapshots", .serialized)
struct SnapshotConformanceTests {
    @Test(arguments: StoreBackend.allCases)
    func aSnapshotHoldsEverythingAndIsOneExportEvent(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let populated = try await SnapshotFixture.populate(bench)
            var snapshot: WorkspaceSnapshot?
            let events = try await auditEvents(appendedBy: { snapshot = try await bench.acme.snapshot() }, in: bench.acme)
            let taken = try #require(snapshot)
            #expect(events.map(\.action) == ["workspace.export"] && events.first?.resource == "workspace/acme")
            let log = try await bench.acme.auditEvents(last: nil)
            #expect(Array(log.prefix(taken.auditEvents.count)) == taken.auditEvents)
            #expect(log[taken.auditEvents.count].action == "workspace.export", "the log before the export event")

            #expect(taken.workspaceID == bench.acmeID)
            #expect(taken.memory == populated.memory.sorted { $0.id < $1.id })
            #expect(taken.sessions.map(\.messages) == [populated.messages])
            #expect(taken.integrations.map(\.id) == [populated.integration])
            #expect(taken.integrations.first?.lastUsedAt != nil)
            #expect(taken.credentials == [fakeSealed(populated.integration, name: .accessToken, byte: 0x11, label: "token …a91f"),
                                          fakeSealed(populated.integration, name: .apiKey, byte: 0x5A)])
            #expect(taken.alerts.map(\.acknowledged) == [true] && taken.alerts.first?.rule == .readBurst)
            let other = try await bench.globex.snapshot()
            #expect(other.memory.isEmpty && other.sessions.isEmpty && other.integrations.isEmpty && other.credentials.isEmpty && other.alerts.isEmpty,
                    "nothing of acme in globex's snapshot")
            #expect(other.auditEvents.allSatisfy { $0.workspaceID == bench.globexID && !$0.resource.contains("ads") })
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aSnapshotDirectoryReadsBackEqual(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            _ = try await SnapshotFixture.populate(bench)
            let snapshot = try await bench.acme.snapshot()
            let directory = try TemporaryDirectory(prefix: "airlock-snapshot")
            let target = directory.appending("export")
            try SnapshotDirectory.write(snapshot, to: target)
            try Data("{\"registry\": true}".utf8).write(to: URL(fileURLWithPath: target + "/manifest.json"))
            #expect(try SnapshotDirectory.read(from: target) == snapshot, "unknown files are ignored")
            #expect(try SnapshotFixture.mode(target) == 0o700 && SnapshotFixture.mode(target + "/memory") == 0o700)
            #expect(try SnapshotFixture.mode(target + "/audit.jsonl") == 0o600 && SnapshotFixture.mode(target + "/snapshot.json") == 0o600)
            let memoryFile = target + "/memory/" + snapshot.memory[0].id.rawValue + ".md"
            #expect(try SnapshotFixture.mode(memoryFile) == 0o600)
        }
    }

    @Test(arguments: StoreBackend.allCases, StoreBackend.allCases)
    func anImportRestoresEverythingInAnotherBackend(_ source: StoreBackend, _ target: StoreBackend) async throws {
        try await source.with { bench in
            let populated = try await SnapshotFixture.populate(bench)
            let snapshot = try await bench.acme.snapshot()
            try await ImportTarget.with(target) { place in
                let store = try await place.create(snapshot)
                let restored = try await store.snapshot()
                #expect(restored.workspaceID == snapshot.workspaceID && restored.createdAt == snapshot.createdAt)
                #expect(restored.memory == snapshot.memory)
                #expect(restored.sessions == snapshot.sessions)
                #expect(restored.integrations == snapshot.integrations)
                #expect(restored.credentials == snapshot.credentials)
                #expect(restored.alerts == snapshot.alerts)
                #expect(Array(restored.auditEvents.dropLast()) == snapshot.auditEvents, "the original events, byte for byte")
                let imported = try #require(restored.auditEvents.last)
                #expect(restored.auditEvents.count == snapshot.auditEvents.count + 1)
                #expect(imported.action == "workspace.import" && imported.resource == "workspace/acme?events=\(snapshot.auditEvents.count)")
                #expect(imported.time == Date(millisecondsSince1970: place.clock.now().millisecondsSince1970))

                #expect(try await store.verifyAudit() == .intact(events: Int64(snapshot.auditEvents.count + 2)), "and the import and the export")
                #expect(try await search(store, "zephyrine") == [populated.searchable])
                #expect(try await search(store, "東京") == [populated.cjk])
                #expect(try await store.searchMessages(try MessageSearchQuery("quasar")).map(\.sequence) == [2])
                #expect(try await store.alerts(limit: nil) == snapshot.alerts, "imported history raises no new alerts")
                await store.close()
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func brokenOrForeignSnapshotsAreRefusedLeavingNothing(_ target: StoreBackend) async throws {
        try await StoreBackend.sqlite.with { bench in
            _ = try await SnapshotFixture.populate(bench)
            let snapshot = try await bench.acme.snapshot()
            let foreign = try await bench.globex.snapshot()
            let tampered = SnapshotFixture.replacing(snapshot, events: snapshot.auditEvents.enumerated().map { index, event in
                index != 3 ? event : AuditEvent(workspaceID: event.workspaceID, sequence: event.sequence, time: event.time, actor: event.actor,
                                                 action: event.action, resource: "memory/forged", previousHash: event.previousHash, hash: event.hash)
            })
            let cut = SnapshotFixture.replacing(snapshot, events: Array(snapshot.auditEvents.dropFirst()))
            try await ImportTarget.with(target) { place in
                await #expect(throws: SnapshotError.brokenAuditLog(bench.acmeID, .modified(sequence: 4))) { _ = try await place.create(tampered) }
                await #expect(throws: SnapshotError.brokenAuditLog(bench.acmeID, .missing(sequence: 1))) { _ = try await place.create(cut) }
                await #expect(throws: SnapshotError.otherWorkspace(snapshot: bench.globexID, target: bench.acmeID)) { _ = try await place.create(foreign) }
                let orphaned = WorkspaceSnapshot(workspaceID: snapshot.workspaceID, createdAt: snapshot.createdAt, memory: snapshot.memory,
                                                 sessions: snapshot.sessions, integrations: [], credentials: snapshot.credentials,
                                                 auditEvents: snapshot.auditEvents, alerts: snapshot.alerts)
                let reason = "credential access_token belongs to integration ads, which the snapshot lacks"
                await #expect(throws: SnapshotError.inconsistent(bench.acmeID, reason: reason)) { _ = try await place.create(orphaned) }
                let created = try await place.create(nil)
                #expect(try await created.auditEvents(last: nil).map(\.action) == ["workspace.create"], "nothing was left behind")
                await created.close()
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aClosedStoreTakesNoSnapshot(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            await bench.acme.close()
            await #expect(throws: StoreError.closed(bench.acmeID)) { _ = try await bench.acme.snapshot() }
        }
    }

    @Test func aSnapshotDirectoryRefusesWhatItShouldNotTouch() async throws {
        try await StoreBackend.files.with { bench in
            _ = try await SnapshotFixture.populate(bench)
            let snapshot = try await bench.acme.snapshot()
            let directory = try TemporaryDirectory(prefix: "airlock-snapshot")
            try Data("x".utf8).write(to: URL(fileURLWithPath: directory.appending("stray")))
            #expect(throws: SnapshotError.directoryNotEmpty(path: directory.path)) { try SnapshotDirectory.write(snapshot, to: directory.path) }
            let real = directory.appending("real")
            try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: false)
            try FileManager.default.createSymbolicLink(atPath: directory.appending("link"), withDestinationPath: real)
            #expect(throws: FileSystemError.self) { try SnapshotDirectory.write(snapshot, to: directory.appending("link")) }
            #expect(try FileManager.default.contentsOfDirectory(atPath: real).isEmpty)
            #expect(throws: FileSystemError.self) { _ = try SnapshotDirectory.read(from: directory.appending("link")) }
        }
    }

    @Test func aDamagedSnapshotFileIsNamed() async throws {
        try await StoreBackend.files.with { bench in
            _ = try await SnapshotFixture.populate(bench)
            let snapshot = try await bench.acme.snapshot()
            let directory = try TemporaryDirectory(prefix: "airlock-snapshot")
            let memory = "memory/" + snapshot.memory[0].id.rawValue + ".md"
            let damages: [(file: String, bytes: String, expected: String)] = [
                (memory, "no front matter", memory),
                ("audit.jsonl", "{\"not\": \"an event\"}\n", "audit.jsonl"),
                ("sessions/" + snapshot.sessions[0].session.key.session.rawValue + ".jsonl", "", "sessions/"),
                ("integrations/BAD ID.json", "{}", "integrations/BAD ID.json"),
                ("snapshot.json", "{\"format\": \"other\", \"workspace\": \"acme\", \"created_at\": 0}", "snapshot.json"),
            ]
            for (index, damage) in damages.enumerated() {
                let target = directory.appending("export-\(index)")
                try SnapshotDirectory.write(snapshot, to: target)
                try Data(damage.bytes.utf8).write(to: URL(fileURLWithPath: target + "/" + damage.file))
                do {
                    _ = try SnapshotDirectory.read(from: target)
                    Issue.record("a damaged \(damage.file) was read")
                } catch let error as SnapshotError {
                    guard case .damagedFile(let name, _) = error else { Issue.record("unexpected \(error)"); continue }
                    #expect(name.hasPrefix(damage.expected))
                    #expect(!error.description.contains("\n"), "one line: \(error)")
                }
            }
            let forged = directory.appending("forged")
            try SnapshotDirectory.write(snapshot, to: forged)
            var lines = try String(contentsOfFile: forged + "/audit.jsonl", encoding: .utf8).split(separator: "\n").map(String.init)
            lines[2] = lines[2].replacingOccurrences(of: "\"resource\":\"", with: "\"resource\":\"forged-")
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: forged + "/audit.jsonl"))
            #expect(throws: SnapshotError.damagedFile(name: "audit.jsonl", reason: AuditBreak.modified(sequence: 3).description)) {
                _ = try SnapshotDirectory.read(from: forged)
            }
        }
    }
}
