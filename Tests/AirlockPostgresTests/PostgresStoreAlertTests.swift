import AirlockCore
@testable import AirlockPostgres
import AirlockTestSupport
import Foundation
import Testing

/// Anomaly alerts in the PostgreSQL store: the same contract as the SQLite store's alert tests.
@Suite("PostgreSQL workspace store: alerts", .serialized, .timeLimit(.minutes(5)))
struct PostgresStoreAlertTests {
    /// Reads memory document `id` `count` times, one a second.
    private func read(_ id: MemoryID, _ count: Int, in store: PostgresWorkspaceStore, clock: ManualClock) async throws {
        for _ in 0..<count {
            clock.advance(by: 1)
            _ = try await store.memory(id)
        }
    }

    @Test func sixtyReadsInAMinuteRaiseOneAlertInThatWorkspaceOnly() async throws {
        try await StoreHarness.with { harness in
            let acme = try await harness.create(harness.acme)
            let globex = try await harness.create(harness.globex)
            let start = harness.clock.now()
            let memory = try await acme.addMemory(try memoryDraft("Brief"))
            try await read(memory.id, 60, in: acme, clock: harness.clock)
            let alerts = try await acme.alerts(limit: nil)
            let alert = try #require(alerts.first)
            #expect(alerts.count == 1)
            #expect(alert.workspaceID == harness.acme && alert.rule == .readBurst && alert.severity == .warning && !alert.acknowledged)
            #expect(alert.time == start.addingTimeInterval(50), "the time of the 50th read")
            #expect(alert.details.observed == 50)
            try await read(memory.id, 30, in: acme, clock: harness.clock)
            #expect(try await acme.alerts(limit: nil).map(\.id) == [alert.id], "nothing new within the cooldown")
            #expect(try await harness.open(harness.acme).alerts(limit: nil).count == 1, "stored, not cached")
            #expect(try await globex.alerts(limit: nil).isEmpty)
            guard case .intact = try await acme.verifyAudit() else {
                Issue.record("raising alerts broke the chain")
                return
            }
        }
    }

    @Test func acknowledgingMarksTheAlertAndIsAuditedInItsWorkspaceOnly() async throws {
        try await StoreHarness.with { harness in
            let acme = try await harness.create(harness.acme)
            let globex = try await harness.create(harness.globex)
            let alert = try #require(try await acme.reportFailedSignIns(6))
            let acknowledged = try await acme.acknowledgeAlert(alert.id)
            #expect(acknowledged.acknowledged && acknowledged.id == alert.id)
            let last = try #require(try await acme.auditEvents(last: 1).first)
            #expect(last.action == "alert.acknowledge" && last.resource == "alert/\(alert.id)")
            #expect(try await acme.alerts(limit: nil).map(\.acknowledged) == [true])
            let missing = try AlertID("al-missing")
            await #expect(throws: StoreError.alertNotFound(missing)) { try await acme.acknowledgeAlert(missing) }
            await #expect(throws: StoreError.alertNotFound(alert.id)) { try await globex.acknowledgeAlert(alert.id) }
        }
    }

    @Test func failedSignInsAndDeniedApprovalsRaiseAlertsNewestFirst() async throws {
        try await StoreHarness.with { harness in
            let store = try await harness.create(harness.acme)
            #expect(try await store.reportFailedSignIns(0) == nil)
            #expect(try await store.reportFailedSignIns(4) == nil)
            let signIns = try #require(try await store.reportFailedSignIns(6))
            #expect(signIns.rule == .failedSignIns && signIns.severity == .critical)
            #expect(signIns.details == AlertDetails(observed: 6, threshold: 5))
            for _ in 0..<5 {
                harness.clock.advance(by: 30)
                try await store.recordApproval(tool: "memory save\u{1B}[2J", outcome: .denied)
            }
            let denied = try #require(try await store.auditEvents(last: 1).first)
            #expect(denied.action == "approval.denied" && denied.resource == "tool/memory%20save%1B%5B2J")
            let alerts = try await store.alerts(limit: nil)
            #expect(alerts.map(\.rule) == [.deniedApprovals, .failedSignIns])
            #expect(try await store.alerts(limit: 1).map(\.rule) == [.deniedApprovals])
            #expect(try await store.alerts(limit: 0).isEmpty)
            guard case .intact = try await store.verifyAudit() else {
                Issue.record("raising alerts broke the chain")
                return
            }
        }
    }

    @Test func aDamagedDetectorStateIsLearnedAfreshWithoutFailingAnAccess() async throws {
        try await StoreHarness.with { harness in
            let store = try await harness.create(harness.acme)
            let memory = try await store.addMemory(try memoryDraft("Brief"))
            try await harness.fixture.admin.query("""
                INSERT INTO airlock.anomaly_state (workspace_id, checkpoint_seq, state) VALUES ('acme', 0, '{"signals": 7}')
                ON CONFLICT (workspace_id) DO UPDATE SET checkpoint_seq = 0, state = '{"signals": 7}'
                """)
            try await read(memory.id, 60, in: store, clock: harness.clock)
            #expect(try await store.alerts(limit: nil).map(\.rule) == [.readBurst])
        }
    }

    @Test func aDetectorThatCannotStoreItsAlertsNeverFailsAnAccess() async throws {
        try await StoreHarness.with { harness in
            let store = try await harness.create(harness.acme)
            let memory = try await store.addMemory(try memoryDraft("Brief"))
            try await harness.fixture.admin.query("""
                CREATE FUNCTION airlock.refuse_alerts_for_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no alerts'; END $$
                """)
            try await harness.fixture.admin.query(
                "CREATE TRIGGER refuse_alerts_for_test BEFORE INSERT ON airlock.alert FOR EACH ROW EXECUTE FUNCTION airlock.refuse_alerts_for_test()")
            try await read(memory.id, 60, in: store, clock: harness.clock)
            let events = try await store.auditEvents(last: nil)
            #expect(events.filter { $0.action == "memory.read" }.count == 60)
            #expect(!events.contains { $0.action == "alert.raise" }, "the failed scan left nothing behind")
        }
    }
}
