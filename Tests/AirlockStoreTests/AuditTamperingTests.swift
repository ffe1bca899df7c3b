import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import GRDB
import Testing

@Suite("Audit fail-closed and tamper detection")
struct AuditTamperingTests {
    /// A workspace whose log holds `workspace.create` and four `memory.add` events (seq 1…5).
    private func workspaceWithFiveEvents() async throws -> (TestHome, TestHome.Workspace) {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            for index in 0..<4 {
                test.clock.advance(by: 1)
                _ = try await store.addMemory(try draft("note \(index)"))
            }
        }
        return (test, acme)
    }

    /// Runs `sql` on the workspace file after dropping the append-only triggers.
    private func tamper(_ test: TestHome, _ acme: TestHome.Workspace, _ sql: String) throws {
        try withRawDatabase(test.databasePath(of: acme.id)) { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_update; DROP TRIGGER audit_event_no_delete;")
            try db.execute(sql: sql)
        }
    }

    private func verification(_ test: TestHome, _ acme: TestHome.Workspace) async throws -> AuditVerification {
        try await test.withStore(acme) { try await $0.verifyAudit() }
    }

    @Test func eventThatCannotBeWrittenFailsTheAccessAndChangesNothing() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let store = try await test.manager.open(acme.grant)
        let existing = try await store.addMemory(try draft("existing"))
        try withRawDatabase(test.databasePath(of: acme.id)) { db in
            try db.execute(sql: "CREATE TRIGGER t BEFORE INSERT ON audit_event BEGIN SELECT RAISE(ABORT, 'x'); END")
        }
        await #expect(throws: StoreError.storage("x")) { _ = try await store.addMemory(try draft("unaudited")) }
        await #expect(throws: StoreError.storage("x")) { _ = try await store.updateMemory(existing.id, with: try MemoryPatch(title: "changed")) }
        await #expect(throws: StoreError.storage("x")) { try await store.removeMemory(existing.id) }
        await #expect(throws: StoreError.storage("x")) { _ = try await store.createSession(title: "unaudited") }
        await #expect(throws: StoreError.storage("x")) { _ = try await store.memory(existing.id) }
        await #expect(throws: StoreError.storage("x")) { _ = try await store.listMemory(kind: nil) }
        await store.close()
        let (titles, sessions, events) = try withRawDatabase(test.databasePath(of: acme.id)) { db in
            (try String.fetchAll(db, sql: "SELECT title FROM memory"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM chat_session"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_event"))
        }
        #expect(titles == ["existing"])
        #expect(sessions == 0)
        #expect(events == 2)
        try withRawDatabase(test.databasePath(of: acme.id)) { db in try db.execute(sql: "DROP TRIGGER t") }
        #expect(try await verification(test, acme) == .intact(events: 2))
    }

    @Test func intactLogVerifies() async throws {
        let (test, acme) = try await workspaceWithFiveEvents()
        #expect(try await verification(test, acme) == .intact(events: 5))
    }

    @Test func appendOnlyTriggersRefuseRawEdits() async throws {
        let (test, acme) = try await workspaceWithFiveEvents()
        #expect(throws: DatabaseError.self) {
            try withRawDatabase(test.databasePath(of: acme.id)) { db in try db.execute(sql: "UPDATE audit_event SET actor = 'x' WHERE seq = 2") }
        }
        #expect(throws: DatabaseError.self) {
            try withRawDatabase(test.databasePath(of: acme.id)) { db in try db.execute(sql: "DELETE FROM audit_event WHERE seq = 5") }
        }
        #expect(try await verification(test, acme) == .intact(events: 5))
    }

    @Test func modifiedEventIsReported() async throws {
        let (test, acme) = try await workspaceWithFiveEvents()
        try tamper(test, acme, "UPDATE audit_event SET resource = 'memory/m-forged' WHERE seq = 3")
        #expect(try await verification(test, acme) == .broken(.modified(sequence: 3)))
    }

    @Test func modifiedTimeIsReported() async throws {
        let (test, acme) = try await workspaceWithFiveEvents()
        try tamper(test, acme, "UPDATE audit_event SET time = time - 86400000 WHERE seq = 4")
        #expect(try await verification(test, acme) == .broken(.modified(sequence: 4)))
    }

    @Test func deletedMiddleEventIsReported() async throws {
        let (test, acme) = try await workspaceWithFiveEvents()
        try tamper(test, acme, "DELETE FROM audit_event WHERE seq = 3")
        #expect(try await verification(test, acme) == .broken(.missing(sequence: 3)))
    }

    @Test func reorderedEventsAreReportedAtTheFirstSwappedPosition() async throws {
        let (test, acme) = try await workspaceWithFiveEvents()
        try tamper(test, acme, """
            UPDATE audit_event SET seq = -2 WHERE seq = 2;
            UPDATE audit_event SET seq = 2 WHERE seq = 4;
            UPDATE audit_event SET seq = 4 WHERE seq = -2;
            """)
        let result = try await verification(test, acme)
        #expect(result == .broken(.modified(sequence: 2)))
    }

    @Test func swappedContentsUnderKeptSequenceNumbersAreReported() async throws {
        let (test, acme) = try await workspaceWithFiveEvents()
        // Swap time, resource and hash of events 2 and 3, keeping seq and prev_hash in place.
        try tamper(test, acme, """
            CREATE TEMP TABLE saved AS SELECT * FROM audit_event WHERE seq IN (2, 3);
            UPDATE audit_event SET
                time = (SELECT time FROM saved WHERE seq = 5 - audit_event.seq),
                resource = (SELECT resource FROM saved WHERE seq = 5 - audit_event.seq),
                hash = (SELECT hash FROM saved WHERE seq = 5 - audit_event.seq)
            WHERE seq IN (2, 3);
            """)
        #expect(try await verification(test, acme) == .broken(.modified(sequence: 2)))
    }

    @Test func deletedLastEventIsReportedAsTruncation() async throws {
        let (test, acme) = try await workspaceWithFiveEvents()
        try tamper(test, acme, "DELETE FROM audit_event WHERE seq = 5")
        let result = try await verification(test, acme)
        #expect(result == .broken(.truncated(lastSequence: 4, sealedSequence: 5)))
        if case .broken(let failure) = result { #expect(failure.sequence == 5) }
    }

    @Test func rewoundSealedHeadIsReported() async throws {
        let (test, acme) = try await workspaceWithFiveEvents()
        // Cut the log and move the head back to event 4 without the master key to re-seal it.
        try tamper(test, acme, """
            DELETE FROM audit_event WHERE seq = 5;
            UPDATE workspace_identity SET audit_head_seq = 4, audit_head_hash = (SELECT hash FROM audit_event WHERE seq = 4);
            """)
        #expect(try await verification(test, acme) == .broken(.sealInvalid))
    }

    @Test func forgedEventAfterTheHeadIsReported() async throws {
        let (test, acme) = try await workspaceWithFiveEvents()
        try tamper(test, acme, """
            INSERT INTO audit_event (workspace_id, seq, time, actor, action, resource, prev_hash, hash)
            SELECT workspace_id, 6, time, actor, action, resource, hash, hash FROM audit_event WHERE seq = 5;
            """)
        #expect(try await verification(test, acme) == .broken(.modified(sequence: 6)))
        // Nothing more can be recorded after the slipped-in event, so every access fails closed.
        await #expect(throws: StoreError.auditLogTampered(acme.id)) {
            try await test.withStore(acme) { store in try await store.listMemory(kind: nil) }
        }
    }

    @Test func tamperingIsStillReportedOnLaterVerifications() async throws {
        let (test, acme) = try await workspaceWithFiveEvents()
        try tamper(test, acme, "UPDATE audit_event SET actor = 'test:mallory' WHERE seq = 2")
        #expect(try await verification(test, acme) == .broken(.modified(sequence: 2)))
        #expect(try await verification(test, acme) == .broken(.modified(sequence: 2)))
    }
}
