import AirlockCore
@testable import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

/// A file-backend import that fails half way removes what it wrote, so the workspace can
/// be created afterwards.
@Suite("Conformance: a failed file import")
struct FileImportCleanupTests {
    @Test func aFailedImportRemovesWhatItWrote() async throws {
        try await StoreBackend.sqlite.with { bench in
            _ = try await SnapshotFixture.populate(bench)
            let snapshot = try await bench.acme.snapshot()
            let directory = try TemporaryDirectory(prefix: "airlock-import-cleanup")
            let home = try AirlockHome.open(at: directory.appending("home"), create: true)
            let clock = ManualClock()
            let (grant, sealKey) = try await FileAccess(clock: clock).grant("acme")
            let workspace = try home.workspaceDirectory(for: grant)
            // The caller made the directory; a document's path is taken by a folder.
            let blocked = workspace + "/memory/" + snapshot.memory[0].id.rawValue + ".md"
            try FileManager.default.createDirectory(atPath: blocked, withIntermediateDirectories: true)
            #expect(throws: FileSystemError.self) {
                _ = try FileWorkspaceStore.create(home: home, grant: grant, sealKey: sealKey, clock: clock, importing: snapshot)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: workspace).isEmpty, "everything the import wrote is gone")
            let store = try FileWorkspaceStore.create(home: home, grant: grant, sealKey: sealKey, clock: clock)
            #expect(try await store.auditEvents(last: nil).map(\.action) == ["workspace.create"])
            await store.close()
        }
    }
}
