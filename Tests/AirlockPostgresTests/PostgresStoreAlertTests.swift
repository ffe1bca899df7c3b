import AirlockCore
@testable import AirlockPostgres
import AirlockTestSupport
import Foundation
import Testing

/// The PostgreSQL store's anomaly detector when its own rows are damaged or cannot be
/// written: accesses never fail. (The alert contract itself is in the conformance suite.)
@Suite("PostgreSQL workspace store: alerts", .serialized, .timeLimit(.minutes(5)))
struct PostgresStoreAlertTests {
    /// Reads memory document `id` `count` times, one a second.
    private func read(_ id: MemoryID, _ count: Int, in store: PostgresWorkspaceStore, clock: ManualClock) async throws {
        for _ in 0..<count {
            clock.advance(by: 1)
            _ = try await store.memory(id)
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
