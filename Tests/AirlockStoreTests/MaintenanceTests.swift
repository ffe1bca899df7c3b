import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import GRDB
import Testing

@Suite("Operator maintenance, one workspace at a time")
struct MaintenanceTests {
    let operatorActor = AuditActor("cli:operator")

    /// A home with workspaces `ids`, each holding a memory document titled with a canary.
    private func home(_ ids: [String]) async throws -> (TestHome, [TestHome.Workspace], canaries: [String]) {
        let test = try TestHome()
        var workspaces: [TestHome.Workspace] = []
        var canaries: [String] = []
        for id in ids {
            let workspace = try await test.createWorkspace(id)
            let canary = Canary.make(id)
            try await test.withStore(workspace) { store in _ = try await store.addMemory(try draft("Notes \(canary)")) }
            workspaces.append(workspace)
            canaries.append(canary)
        }
        return (test, workspaces, canaries)
    }

    /// Runs `operation` on every workspace of the registry, one after another.
    private func maintainAll(_ test: TestHome, _ operation: MaintenanceOperation) async throws -> [MaintenanceReport] {
        var reports: [MaintenanceReport] = []
        for record in try await test.manager.registryListing() {
            reports.append(await test.manager.maintain(record.id, operation, actor: operatorActor))
        }
        return reports
    }

    /// Workspace `id`'s audit events, read behind the store's back (no event of its own).
    private func rawEvents(_ test: TestHome, _ id: WorkspaceID) throws -> [(action: String, resource: String, actor: String)] {
        try withRawDatabase(test.databasePath(of: id)) { db in
            try Row.fetchAll(db, sql: "SELECT action, resource, actor FROM audit_event ORDER BY seq").map { ($0["action"], $0["resource"], $0["actor"]) }
        }
    }

    @Test func vacuumAndVerifyEachWorkspaceWithOneEventInItsOwnLog() async throws {
        let (test, workspaces, canaries) = try await home(["acme", "globex", "initech"])
        let vacuumed = try await maintainAll(test, .vacuum)
        #expect(vacuumed.map(\.workspace.rawValue) == ["acme", "globex", "initech"])
        #expect(vacuumed.allSatisfy { $0.passed && $0.operation == .vacuum && $0.detail.hasPrefix("vacuumed: ") }, "\(vacuumed.map(\.detail))")

        let verified = try await maintainAll(test, .verify)
        #expect(verified.allSatisfy { $0.passed }, "\(verified.map(\.detail))")
        #expect(verified.map(\.detail) == Array(repeating: "integrity ok; audit chain intact (3 events)", count: 3))

        for workspace in workspaces {
            let events = try rawEvents(test, workspace.id)
            #expect(events.map(\.action) == ["workspace.create", "memory.add", "maintenance.vacuum", "maintenance.verify"])
            #expect(events[2].resource == "workspace/\(workspace.id)")
            #expect(events[3].resource == "workspace/\(workspace.id)?integrity=ok&audit=intact")
            #expect(events.suffix(2).allSatisfy { $0.actor == "cli:operator" })
            #expect(try await test.withStore(workspace) { try await $0.verifyAudit() } == .intact(events: 4))
        }
        let details = (vacuumed + verified).map(\.detail).joined(separator: "\n")
        #expect(Canary.found(canaries, in: details).isEmpty)
    }

    @Test func vacuumReturnsTheSpaceOfRemovedData() async throws {
        let (test, workspaces, _) = try await home(["acme"])
        try await test.withStore(workspaces[0]) { store in
            for index in 0..<40 {
                let memory = try await store.addMemory(try draft("Bulk \(index)", body: String(repeating: "x", count: 20_000)))
                try await store.removeMemory(memory.id)
            }
        }
        let report = await test.manager.maintain(workspaces[0].id, .vacuum, actor: operatorActor)
        #expect(report.passed)
        let sizes = report.detail.dropFirst("vacuumed: ".count).split(separator: " ").compactMap { Int($0) }
        try #require(sizes.count == 2, "\(report.detail)")
        #expect(sizes[1] < sizes[0], "\(report.detail)")
        #expect(try await test.withStore(workspaces[0]) { try await $0.listMemory(kind: nil).count } == 1)
    }

    @Test func aTamperedLogIsReportedAndTheOthersStillRun() async throws {
        let (test, workspaces, _) = try await home(["acme", "globex", "initech"])
        try withRawDatabase(test.databasePath(of: workspaces[1].id)) { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_update; UPDATE audit_event SET resource = 'memory/m-forged' WHERE seq = 2")
        }
        let reports = try await maintainAll(test, .verify)
        #expect(reports.map(\.passed) == [true, false, true])
        #expect(reports[1].detail == "audit event 2 was modified: its contents do not match its hash")
        #expect(try rawEvents(test, workspaces[1].id).last?.resource == "workspace/globex?integrity=ok&audit=broken", "the failed check is recorded too")
    }

    @Test func anEventSlippedInAfterTheSealedHeadIsReportedThoughTheCheckCannotBeRecorded() async throws {
        let (test, workspaces, _) = try await home(["acme"])
        try withRawDatabase(test.databasePath(of: workspaces[0].id)) { db in
            try db.execute(sql: """
                INSERT INTO audit_event (workspace_id, seq, time, actor, action, resource, prev_hash, hash)
                SELECT workspace_id, 3, time, actor, action, resource, hash, hash FROM audit_event WHERE seq = 2
                """)
        }
        let verified = await test.manager.maintain(workspaces[0].id, .verify, actor: operatorActor)
        #expect(!verified.passed)
        #expect(verified.detail == "audit event 3 was modified: its contents do not match its hash; this check could not be recorded in the audit log")
        let vacuumed = await test.manager.maintain(workspaces[0].id, .vacuum, actor: operatorActor)
        #expect(!vacuumed.passed, "nothing is rebuilt without its audit event")
        #expect(vacuumed.detail == StoreError.auditLogTampered(workspaces[0].id).description)
        #expect(try rawEvents(test, workspaces[0].id).count == 3)
    }

    @Test func aForeignFileIsReportedAndLeftUntouched() async throws {
        let (test, workspaces, _) = try await home(["acme", "globex"])
        let acmePath = test.databasePath(of: workspaces[0].id)
        try FileManager.default.removeItem(atPath: acmePath)
        try FileManager.default.copyItem(atPath: test.databasePath(of: workspaces[1].id), toPath: acmePath)
        let copied = try Data(contentsOf: URL(fileURLWithPath: acmePath))

        for operation in MaintenanceOperation.allCases {
            let report = await test.manager.maintain(workspaces[0].id, operation, actor: operatorActor)
            #expect(!report.passed)
            #expect(report.detail == StoreError.foreignWorkspaceFile(expected: workspaces[0].id).description)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: acmePath)) == copied, "nothing was written to globex's copy")
        #expect(try rawEvents(test, workspaces[1].id).count == 2)
    }

    @Test func aFileThatIsNoWorkspaceIsReported() async throws {
        let (test, workspaces, _) = try await home(["acme"])
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: test.databasePath(of: workspaces[0].id)))
        let report = await test.manager.maintain(workspaces[0].id, .verify, actor: operatorActor)
        #expect(!report.passed)
        #expect(report.detail == StoreError.unrecognizedWorkspaceFile(workspaces[0].id).description)
    }

    @Test func aWorkspaceNotInTheRegistryOrWithoutItsFileIsReported() async throws {
        let (test, workspaces, _) = try await home(["acme"])
        let ghost = try WorkspaceID("ghost")
        let unknown = await test.manager.maintain(ghost, .verify, actor: operatorActor)
        #expect(unknown == MaintenanceReport(workspace: ghost, operation: .verify, passed: false, detail: "workspace ghost is not in the registry"))
        #expect(!exists(test.home.root + "/clients/ghost"), "nothing was created for it")

        try FileManager.default.removeItem(atPath: test.databasePath(of: workspaces[0].id))
        let missing = await test.manager.maintain(workspaces[0].id, .vacuum, actor: operatorActor)
        #expect(!missing.passed)
        #expect(missing.detail == StoreError.workspaceFileMissing(workspaces[0].id).description)
        #expect(!exists(test.databasePath(of: workspaces[0].id)))
    }
}
