import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

/// Operator maintenance of workspaces kept as plain files.
@Suite("Operator maintenance of plain-file workspaces")
struct FileMaintenanceTests {
    let operatorActor = AuditActor("cli:operator")

    /// A files-backed manager on a fresh home, with workspace `acme`.
    private func filesHome() async throws -> (TemporaryDirectory, WorkspaceManager, (id: WorkspaceID, grant: WorkspaceGrant)) {
        let directory = try TemporaryDirectory(prefix: "airlock-files-maintenance")
        let home = try AirlockHome.open(at: directory.appending("home"), create: true)
        let manager = try WorkspaceManager.open(home: home, masterKey: try MasterKeyLoader.load(home: home, environment: [:], create: true), backend: try .files(home))
        let actor = AuditActor("test:analyst")
        let created = try await manager.createWorkspace(name: "Acme", id: try WorkspaceID("acme"), actor: actor)
        let grant = try await manager.authenticate(created.record.id, token: created.token, actor: actor)
        try await manager.withStore(grant) { store in _ = try await store.addMemory(try MemoryDraft(kind: .note, title: "Notes", body: "x")) }
        return (directory, manager, (created.record.id, grant))
    }

    @Test func verifyWalksTheChainAndVacuumHasNothingToDoBothRecordedInTheWorkspace() async throws {
        let (directory, manager, acme) = try await filesHome()
        let verified = await manager.maintain(acme.id, .verify, actor: operatorActor)
        #expect(verified.passed, "\(verified.detail)")
        #expect(verified.detail == "audit chain intact (2 events)", "workspace.create and memory.add")
        let vacuumed = await manager.maintain(acme.id, .vacuum, actor: operatorActor)
        #expect(vacuumed.passed, "\(vacuumed.detail)")
        let events = try await manager.withStore(acme.grant) { store in try await store.auditEvents(last: nil) }
        let maintenance = events.filter { $0.action.hasPrefix("maintenance.") }
        #expect(maintenance.map(\.action) == ["maintenance.verify", "maintenance.vacuum"])
        #expect(maintenance.allSatisfy { $0.actor == "cli:operator" })
        let verification = try await manager.withStore(acme.grant) { store in try await store.verifyAudit() }
        guard case .intact = verification else { Issue.record("the chain stays intact: \(verification)"); return }
        await manager.close()
        withExtendedLifetime(directory) {}
    }

    @Test func aModifiedLogFailsVerificationNamingTheEvent() async throws {
        let (directory, manager, acme) = try await filesHome()
        let log = directory.appending("home") + "/clients/acme/audit.jsonl"
        let text = try String(contentsOfFile: log, encoding: .utf8)
        try text.replacingOccurrences(of: "memory.add", with: "memory.odd").write(toFile: log, atomically: false, encoding: .utf8)
        let report = await manager.maintain(acme.id, .verify, actor: operatorActor)
        #expect(!report.passed)
        #expect(report.detail.contains("audit event 2"), "\(report.detail)")
        await manager.close()
        withExtendedLifetime(directory) {}
    }

    @Test func anUnknownWorkspaceIsReportedNotOpened() async throws {
        let (directory, manager, _) = try await filesHome()
        let report = await manager.maintain(try WorkspaceID("globex"), .verify, actor: operatorActor)
        #expect(!report.passed)
        #expect(report.detail == "workspace globex is not in the registry")
        await manager.close()
        withExtendedLifetime(directory) {}
    }
}
