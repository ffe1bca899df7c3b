import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// Anomaly alerts on every backend: a read burst, denied approvals and failed sign-ins
/// raise alerts in their own workspace only; alerts can be acknowledged.
@Suite("Conformance: alerts", .serialized)
struct AlertConformanceTests {
    @Test(arguments: StoreBackend.allCases)
    func aReadBurstRaisesOneAlertInThatWorkspaceOnly(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let start = bench.clock.now()
            let memory = try await store.addMemory(try draft("Brief"))
            for _ in 0..<60 {
                bench.clock.advance(by: 1)
                _ = try await store.memory(memory.id)
            }
            let alerts = try await store.alerts(limit: nil)
            #expect(alerts.count == 1)
            let alert = try #require(alerts.first)
            #expect(alert.workspaceID == bench.acmeID && alert.rule == .readBurst && alert.severity == .warning && !alert.acknowledged)
            #expect(alert.time == start.addingTimeInterval(50), "the time of the 50th read")
            #expect(alert.details.observed == 50)
            #expect(try await bench.globex.alerts(limit: nil).count == 0)
            for _ in 0..<30 {
                bench.clock.advance(by: 1)
                _ = try await store.memory(memory.id)
            }
            #expect(try await store.alerts(limit: nil).map(\.id) == [alert.id], "nothing new within the cooldown")
            guard case .intact = try await store.verifyAudit() else {
                Issue.record("raising an alert broke the chain")
                return
            }
            let reopened = try await bench.reopenAcme()
            #expect(try await reopened.alerts(limit: nil).map(\.id) == [alert.id], "stored, not cached")
            await reopened.close()

            var acknowledged: Alert?
            let events = try await auditEvents(appendedBy: { acknowledged = try await store.acknowledgeAlert(alert.id) }, in: store)
            #expect(acknowledged?.acknowledged == true && acknowledged?.id == alert.id)
            #expect(events.map(\.action) == ["alert.acknowledge"])
            #expect(events.first?.resource == "alert/\(alert.id)")
            #expect(try await store.alerts(limit: nil).map(\.acknowledged) == [true])
            _ = try await store.acknowledgeAlert(alert.id)
            #expect(try await store.alerts(limit: nil).map(\.acknowledged) == [true], "acknowledging twice changes nothing")
            await #expect(throws: StoreError.alertNotFound(alert.id)) { _ = try await bench.globex.acknowledgeAlert(alert.id) }
            let missing = try AlertID("al-missing")
            await #expect(throws: StoreError.alertNotFound(missing)) { _ = try await store.acknowledgeAlert(missing) }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func deniedApprovalsRaiseAnAlert(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            for _ in 0..<20 {
                bench.clock.advance(by: 10)
                try await store.recordApproval(tool: "memory_search", outcome: .allowed)
            }
            #expect(try await store.alerts(limit: nil).count == 0, "allowed calls never alert")
            let events = try await auditEvents(appendedBy: {
                for _ in 0..<5 {
                    bench.clock.advance(by: 30)
                    try await store.recordApproval(tool: "memory save\u{1B}[2J", outcome: .denied)
                }
            }, in: store)
            #expect(events.map(\.action) == Array(repeating: "approval.denied", count: 5))
            #expect(events.first?.resource == "tool/memory%20save%1B%5B2J")
            let alerts = try await store.alerts(limit: nil)
            #expect(alerts.map(\.rule) == [.deniedApprovals])
            #expect(alerts.first?.details.observed == 5)
            #expect(try await bench.globex.alerts(limit: nil).count == 0)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func failedSignInsAreRecordedAndAlertAtTheThreshold(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            var raised: Alert?
            let nothing = try await auditEvents(appendedBy: { raised = try await store.reportFailedSignIns(0) }, in: store)
            #expect(raised == nil && nothing.isEmpty, "no failures, no event")
            let few = try await auditEvents(appendedBy: { raised = try await store.reportFailedSignIns(4) }, in: store)
            #expect(raised == nil)
            #expect(few.map(\.action) == ["signin.failures"])
            #expect(few.first?.resource == "workspace/acme?count=4")
            let many = try await auditEvents(appendedBy: { raised = try await store.reportFailedSignIns(6) }, in: store)
            let alert = try #require(raised)
            #expect(alert.rule == .failedSignIns && alert.severity == .critical && alert.workspaceID == bench.acmeID)
            #expect(alert.details == AlertDetails(observed: 6, threshold: 5))
            #expect(many.map(\.action) == ["alert.raise", "signin.failures"])
            #expect(many.first?.actor == "airlock:anomaly-detector", "the detector raises alerts")
            #expect(try await store.alerts(limit: nil) == [alert])
            #expect(try await bench.globex.alerts(limit: nil).count == 0)
        }
    }
}

extension AlertConformanceTests {
    @Test(arguments: StoreBackend.allCases)
    func alertsAreListedNewestFirstUpToTheLimitAndListingIsAudited(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let first = try #require(try await store.reportFailedSignIns(6))
            bench.clock.advance(by: 3600)
            let second = try #require(try await store.reportFailedSignIns(7))
            #expect(try await store.alerts(limit: nil).map(\.id) == [second.id, first.id])
            var newest: [Alert] = []
            let events = try await auditEvents(appendedBy: { newest = try await store.alerts(limit: 1) }, in: store)
            #expect(newest.map(\.id) == [second.id])
            let none = try await store.alerts(limit: 0)
            #expect(none.isEmpty, "limit: 0 is no alerts")
            #expect(events.map(\.action) == ["alert.list"])
        }
    }
}
