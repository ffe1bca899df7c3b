import AirlockCore
@testable import AirlockPostgres
import AirlockTestSupport
import Foundation
import Logging
import PostgresNIO
import Testing

/// The PostgreSQL store's audit log under attack: an event that cannot be written fails the
/// access, and rows changed behind the store's back show. (The audit contract itself is in
/// the conformance suite.)
@Suite("PostgreSQL workspace store: audit", .serialized, .timeLimit(.minutes(5)))
struct PostgresStoreAuditTests {
    /// A store whose log holds `workspace.create` and four `memory.add` events (seq 1…5).
    private func withFiveEvents(_ body: (PostgresWorkspaceStore, StoreHarness) async throws -> Void) async throws {
        try await StoreHarness.with { harness in
            let store = try await harness.create(harness.acme)
            for index in 0..<4 {
                harness.clock.advance(by: 1)
                _ = try await store.addMemory(try memoryDraft("note \(index)"))
            }
            try await body(store, harness)
        }
    }

    /// Runs `statements` as the administrator with triggers off (behind the store's back).
    private func tamper(_ harness: StoreHarness, _ statements: String...) async throws {
        let logger = harness.fixture.logger
        try await harness.fixture.admin.client.withConnection { connection in
            try await connection.query("SET session_replication_role = replica", logger: logger)
            for statement in statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await connection.query("RESET session_replication_role", logger: logger)
        }
    }

    @Test func anEventThatCannotBeWrittenFailsTheAccessAndChangesNothing() async throws {
        try await StoreHarness.with { harness in
            let store = try await harness.create(harness.acme)
            let existing = try await store.addMemory(try memoryDraft("existing"))
            try await harness.fixture.admin.query("""
                CREATE FUNCTION airlock.refuse_for_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no audit today'; END $$
                """)
            try await harness.fixture.admin.query(
                "CREATE TRIGGER refuse_for_test BEFORE INSERT ON airlock.audit_event FOR EACH ROW EXECUTE FUNCTION airlock.refuse_for_test()")
            let calls: [@Sendable () async throws -> Void] = [
                { _ = try await store.addMemory(try memoryDraft("unaudited")) },
                { _ = try await store.updateMemory(existing.id, with: try MemoryPatch(title: "changed")) },
                { try await store.removeMemory(existing.id) }, { _ = try await store.createSession(title: "unaudited") },
                { _ = try await store.memory(existing.id) }, { _ = try await store.listMemory(kind: nil) },
            ]
            for call in calls {
                await #expect { try await call() } throws: { error in
                    guard case StoreError.storage(let message) = error else { return false }
                    return message.contains("no audit today")
                }
            }
            try await harness.fixture.admin.query("DROP TRIGGER refuse_for_test ON airlock.audit_event")
            #expect(try await store.listMemory(kind: nil).map(\.title) == ["existing"])
            #expect(try await store.sessions().isEmpty)
            #expect(try await store.verifyAudit() == .intact(events: 4), "create, add and the two reads above")
        }
    }

    @Test func aModifiedEventBreaksTheChain() async throws {
        try await withFiveEvents { store, harness in
            try await tamper(harness, "UPDATE airlock.audit_event SET resource = 'memory/forged' WHERE workspace_id = 'acme' AND seq = 3")
            #expect(try await store.verifyAudit() == .broken(.modified(sequence: 3)))
        }
    }

    @Test func aDeletedEventBreaksTheChain() async throws {
        try await withFiveEvents { store, harness in
            try await tamper(harness, "DELETE FROM airlock.audit_event WHERE workspace_id = 'acme' AND seq = 2")
            #expect(try await store.verifyAudit() == .broken(.missing(sequence: 2)))
        }
    }

    @Test func aTruncatedLogDoesNotMatchItsSealedHead() async throws {
        try await withFiveEvents { store, harness in
            try await tamper(harness, "DELETE FROM airlock.audit_event WHERE workspace_id = 'acme' AND seq = 5")
            #expect(try await store.verifyAudit() == .broken(.truncated(lastSequence: 4, sealedSequence: 5)))
        }
    }

    @Test func eventsSlippedInAfterTheSealedHeadStopTheLog() async throws {
        try await withFiveEvents { store, harness in
            let hash = "'\\x" + String(repeating: "ab", count: 32) + "'"
            try await tamper(harness, """
                INSERT INTO airlock.audit_event (workspace_id, seq, time, actor, action, resource, prev_hash, hash)
                VALUES ('acme', 6, 0, 'intruder', 'memory.add', 'memory/forged', \(hash), \(hash))
                """)
            await #expect(throws: StoreError.auditLogTampered(harness.acme)) { try await store.addMemory(try memoryDraft("more")) }
            guard case .broken = try await store.verifyAudit() else {
                Issue.record("the slipped-in event went unnoticed")
                return
            }
        }
    }

    @Test func aForgedSealIsDetected() async throws {
        try await withFiveEvents { store, harness in
            try await tamper(harness, "UPDATE airlock.workspace_state SET audit_head_seal = '\\x\(String(repeating: "00", count: 32))' WHERE workspace_id = 'acme'")
            #expect(try await store.verifyAudit() == .broken(.sealInvalid))
        }
    }
}
