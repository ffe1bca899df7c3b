import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import GRDB
import Testing

@Suite("Anomaly alerts in the workspace store")
struct AlertStoreTests {
    /// Reads memory document `id` `count` times, one a second.
    private func read(_ id: MemoryID, _ count: Int, in store: any WorkspaceStore, clock: ManualClock) async throws {
        for _ in 0..<count {
            clock.advance(by: 1)
            _ = try await store.memory(id)
        }
    }

    /// The alert rows in the database file of `id`, read behind the store's back.
    private func storedAlerts(_ test: TestHome, _ id: WorkspaceID) throws -> [String] {
        try withRawDatabase(test.databasePath(of: id)) { db in
            try String.fetchAll(db, sql: "SELECT workspace_id || ' ' || rule FROM alert ORDER BY time")
        }
    }

    @Test func sixtyReadsInAMinuteRaiseOneAlertInThatWorkspaceOnly() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let globex = try await test.createWorkspace("globex")
        let start = test.clock.now()
        try await test.withStore(acme) { store in
            let memory = try await store.addMemory(try draft("Brief"))
            try await read(memory.id, 60, in: store, clock: test.clock)
            // The detector looks every few events, so the alert is there before anyone asks.
            #expect(try storedAlerts(test, acme.id) == ["acme read-burst"])
            let alerts = try await store.alerts(limit: nil)
            #expect(alerts.count == 1)
            let alert = try #require(alerts.first)
            #expect(alert.workspaceID == acme.id)
            #expect(alert.rule == .readBurst)
            #expect(alert.severity == .warning)
            #expect(!alert.acknowledged)
            #expect(alert.time == start.addingTimeInterval(50), "the time of the 50th read")
            #expect(alert.details.observed == 50)
            #expect(alert.summary.hasPrefix("50 reads of memory and sessions within 1 min"))
            // More reads within the cooldown raise nothing new.
            try await read(memory.id, 30, in: store, clock: test.clock)
            #expect(try await store.alerts(limit: nil).map(\.id) == [alert.id])
        }
        #expect(try await test.withStore(acme) { try await $0.alerts(limit: nil).count } == 1, "stored, not cached")
        #expect(try await test.withStore(globex) { try await $0.alerts(limit: nil) }.isEmpty)
        #expect(try storedAlerts(test, globex.id).isEmpty)
    }

    @Test func interleavedReadsOfTwoWorkspacesAreCountedApart() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let globex = try await test.createWorkspace("globex")
        let acmeStore = try await test.manager.open(acme.grant)
        let globexStore = try await test.manager.open(globex.grant)
        let acmeMemory = try await acmeStore.addMemory(try draft("A"))
        let globexMemory = try await globexStore.addMemory(try draft("G"))
        // 80 reads in one minute in all, 40 in each: neither workspace is bursting.
        for _ in 0..<40 {
            test.clock.advance(by: 0.5)
            _ = try await acmeStore.memory(acmeMemory.id)
            _ = try await globexStore.memory(globexMemory.id)
        }
        #expect(try await acmeStore.alerts(limit: nil).isEmpty)
        #expect(try await globexStore.alerts(limit: nil).isEmpty)
        await acmeStore.close()
        await globexStore.close()
    }

    @Test func aDayOfOrdinaryUseRaisesNothing() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let session = try await store.createSession(title: "Day")
            var memories = [try await store.addMemory(try draft("Voice", kind: .brandVoice, pinned: true))]
            // Eight hours, an operation or so a minute, with quiet stretches and busier ones.
            for minute in 0..<(8 * 60) {
                test.clock.advance(by: 60)
                switch minute % 6 {
                case 0: _ = try await store.searchMemory(try MemorySearchQuery("voice"))
                case 1: _ = try await store.appendMessage(try MessageDraft(role: .user, content: "m\(minute)"), to: session.key)
                case 2: _ = try await store.transcript(session.key, lastMessages: 20)
                case 3 where minute % 60 == 3: memories.append(try await store.addMemory(try draft("Note \(minute)")))
                case 4: for memory in memories.suffix(3) { _ = try await store.memory(memory.id) }
                default: _ = try await store.listMemory(kind: nil)
                }
            }
            #expect(try await store.alerts(limit: nil).isEmpty)
            let logged = try await store.auditEvents(last: nil).count
            #expect(try await store.verifyAudit() == .intact(events: Int64(logged + 1)), "the log holds the read too")
        }
    }

    @Test func acknowledgingMarksTheAlertAndIsAudited() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let globex = try await test.createWorkspace("globex")
        try await test.withStore(acme) { store in
            let memory = try await store.addMemory(try draft("Brief"))
            try await read(memory.id, 55, in: store, clock: test.clock)
            let alert = try #require(try await store.alerts(limit: 1).first)
            let events = try await auditEvents(appendedBy: {
                let acknowledged = try await store.acknowledgeAlert(alert.id)
                #expect(acknowledged.acknowledged)
                #expect(acknowledged.id == alert.id)
            }, in: store)
            #expect(events.map(\.action) == ["alert.acknowledge"])
            #expect(events.first?.resource == "alert/\(alert.id)")
            #expect(events.first?.actor == "test:analyst")
            #expect(try await store.alerts(limit: nil).map(\.acknowledged) == [true])
            _ = try await store.acknowledgeAlert(alert.id)
            #expect(try await store.alerts(limit: nil).map(\.acknowledged) == [true], "acknowledging twice changes nothing")

            let missing = try AlertID("al-missing")
            let failed = try await auditEvents(appendedBy: {
                await #expect(throws: StoreError.alertNotFound(missing)) { _ = try await store.acknowledgeAlert(missing) }
            }, in: store)
            #expect(failed.isEmpty)
            // Another workspace cannot acknowledge it: to globex the alert does not exist.
            let other = try await test.manager.open(globex.grant)
            await #expect(throws: StoreError.alertNotFound(alert.id)) { _ = try await other.acknowledgeAlert(alert.id) }
            await other.close()
        }
    }

    @Test func deniedApprovalsRaiseAnAlert() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            for _ in 0..<20 {
                test.clock.advance(by: 10)
                try await store.recordApproval(tool: "memory_search", outcome: .allowed)
            }
            #expect(try await store.alerts(limit: nil).isEmpty, "allowed calls never alert")
            let events = try await auditEvents(appendedBy: {
                for _ in 0..<5 {
                    test.clock.advance(by: 30)
                    try await store.recordApproval(tool: "memory save\u{1B}[2J", outcome: .denied)
                }
            }, in: store)
            #expect(events.map(\.action) == Array(repeating: "approval.denied", count: 5))
            #expect(events.first?.resource == "tool/memory%20save%1B%5B2J")
            let alerts = try await store.alerts(limit: nil)
            #expect(alerts.map(\.rule) == [.deniedApprovals])
            #expect(alerts.first?.details.observed == 5)
            #expect(alerts.first?.summary.hasPrefix("5 denied tool calls within 10 min") == true)
        }
    }

    @Test func failedSignInsAreRecordedAndAlertAtTheThreshold() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            var raised: Alert?
            let nothing = try await auditEvents(appendedBy: { raised = try await store.reportFailedSignIns(0) }, in: store)
            #expect(raised == nil)
            #expect(nothing.isEmpty, "no failures, no event")
            let few = try await auditEvents(appendedBy: { raised = try await store.reportFailedSignIns(4) }, in: store)
            #expect(raised == nil)
            #expect(few.map(\.action) == ["signin.failures"])
            #expect(few.first?.resource == "workspace/acme?count=4")

            let many = try await auditEvents(appendedBy: { raised = try await store.reportFailedSignIns(6) }, in: store)
            let alert = try #require(raised)
            #expect(alert.rule == .failedSignIns)
            #expect(alert.severity == .critical)
            #expect(alert.workspaceID == acme.id)
            #expect(alert.details == AlertDetails(observed: 6, threshold: 5))
            #expect(Set(many.map(\.action)) == ["signin.failures", "alert.raise"])
            #expect(try await store.alerts(limit: nil) == [alert])
        }
    }

    @Test func raisingIsAuditedByTheDetectorAndTheChainStillVerifies() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let memory = try await store.addMemory(try draft("Brief"))
            try await read(memory.id, 60, in: store, clock: test.clock)
            let alert = try #require(try await store.alerts(limit: nil).first)
            let raises = try await store.auditEvents(last: nil).filter { $0.action == "alert.raise" }
            #expect(raises.count == 1)
            #expect(raises.first?.resource == "alert/\(alert.id)?rule=read-burst")
            #expect(raises.first?.actor == "airlock:anomaly-detector")
            #expect(raises.first.map { $0.time > alert.time } == true, "recorded when raised, after the burst it reports")
            guard case .intact = try await store.verifyAudit() else {
                Issue.record("the chain with the detector's events verifies")
                return
            }
        }
    }

    @Test func theNewestAlertsComeFirstAndTheLimitHolds() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            _ = try await store.reportFailedSignIns(5)
            test.clock.advance(by: 60)
            _ = try await store.reportFailedSignIns(9)
            let all = try await store.alerts(limit: nil)
            #expect(all.map(\.details.observed) == [9, 5])
            #expect(try await store.alerts(limit: 1).map(\.details.observed) == [9])
            #expect(try await store.alerts(limit: 0).isEmpty)
        }
    }

    @Test func aDamagedDetectorStateIsLearnedAfreshWithoutFailingAnAccess() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let memory = try await test.withStore(acme) { try await $0.addMemory(try draft("Brief")) }
        try withRawDatabase(test.databasePath(of: acme.id)) { db in
            try db.execute(sql: "INSERT OR REPLACE INTO anomaly_state (workspace_id, checkpoint_seq, state) VALUES ('acme', 0, '{\"signals\":7}')")
        }
        try await test.withStore(acme) { store in
            try await read(memory.id, 60, in: store, clock: test.clock)
            #expect(try await store.alerts(limit: nil).map(\.rule) == [.readBurst])
            guard case .intact = try await store.verifyAudit() else {
                Issue.record("the accesses were recorded")
                return
            }
        }
    }

    @Test func aDetectorThatCannotStoreItsAlertsNeverFailsAnAccess() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let memory = try await test.withStore(acme) { try await $0.addMemory(try draft("Brief")) }
        try withRawDatabase(test.databasePath(of: acme.id)) { db in
            try db.execute(sql: "CREATE TRIGGER no_alerts BEFORE INSERT ON alert BEGIN SELECT RAISE(ABORT, 'no alerts'); END")
        }
        try await test.withStore(acme) { store in
            try await read(memory.id, 60, in: store, clock: test.clock)
            let events = try await store.auditEvents(last: nil)
            #expect(events.filter { $0.action == "memory.read" }.count == 60)
            #expect(!events.contains { $0.action == "alert.raise" }, "the failed scan left nothing behind")
        }
        #expect(try storedAlerts(test, acme.id).isEmpty)
    }

    @Test func aWorkspaceCreatedBeforeAlertsKeepsWorkingAndJudgesOnlyNewEvents() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let memory = try await test.withStore(acme) { store in
            let memory = try await store.addMemory(try draft("Brief"))
            try await read(memory.id, 60, in: store, clock: test.clock)
            return memory
        }
        // Turn the file back into one made before the alerts migration, its busy log kept.
        try withRawDatabase(test.databasePath(of: acme.id)) { db in
            try db.execute(sql: """
                DROP TABLE alert;
                DROP TABLE anomaly_state;
                DELETE FROM grdb_migrations WHERE identifier = 'v4-alerts-anomaly-state';
                """)
        }
        test.clock.advance(by: 3600)
        try await test.withStore(acme) { store in
            #expect(try await store.memory(memory.id).title == "Brief")
            #expect(try await store.alerts(limit: nil).isEmpty, "the reads from before the upgrade raise nothing")
            try await read(memory.id, 60, in: store, clock: test.clock)
            #expect(try await store.alerts(limit: nil).map(\.rule) == [.readBurst], "new reads are judged")
            guard case .intact = try await store.verifyAudit() else {
                Issue.record("the log of the upgraded file verifies")
                return
            }
        }
    }
}
