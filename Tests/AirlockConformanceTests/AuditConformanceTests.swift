import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// The audit trail on every backend: one event per call with the expected action and
/// resource, nothing for failed calls, no contents or queries in any event,
/// `auditEvents(last:)`, and a chain that verifies.
@Suite("Conformance: audit", .serialized)
struct AuditConformanceTests {
    /// Expects `events` to be exactly one event of `action` on `resource` by the test actor
    /// in `workspace`.
    private func expectSingle(_ events: [AuditEvent], _ action: AuditAction, _ resource: String, in workspace: WorkspaceID,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(events.count == 1, "\(events.map(\.action))", sourceLocation: sourceLocation)
        #expect(events.first?.action == action.rawValue, sourceLocation: sourceLocation)
        #expect(events.first?.resource == resource, sourceLocation: sourceLocation)
        #expect(events.first?.actor == "test:analyst", sourceLocation: sourceLocation)
        #expect(events.first?.workspaceID == workspace, sourceLocation: sourceLocation)
    }

    @Test(arguments: StoreBackend.allCases)
    func everyMemoryAndSessionCallAppendsOneEvent(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let acme = bench.acmeID
            var memory: MemoryDocument?
            expectSingle(try await auditEvents(appendedBy: { memory = try await store.addMemory(try draft("n")) }, in: store), .memoryAdd, "memory/\(memory!.id)", in: acme)
            let id = try #require(memory?.id)
            let one = "memory/\(id)"
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.memory(id) }, in: store), .memoryRead, one, in: acme)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.listMemory(kind: nil) }, in: store), .memoryList, "memory", in: acme)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.listMemory(kind: .campaign) }, in: store), .memoryList, "memory?kind=campaign", in: acme)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.searchMemory(try MemorySearchQuery("n")) }, in: store), .memorySearch, "memory", in: acme)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.retrieveMemory(try MemorySearchQuery("n")) }, in: store),
                         .memoryRetrieve, "memory", in: acme)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.pinnedMemory() }, in: store), .memoryRead, "memory?pinned", in: acme)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.updateMemory(id, with: try MemoryPatch(pinned: true)) }, in: store),
                         .memoryUpdate, one, in: acme)
            expectSingle(try await auditEvents(appendedBy: { try await store.removeMemory(id) }, in: store), .memoryRemove, one, in: acme)

            var session: ChatSession?
            expectSingle(try await auditEvents(appendedBy: { session = try await store.createSession(title: "t") }, in: store),
                         .sessionCreate, "session/\(session!.key.session)", in: acme)
            let key = try #require(session?.key)
            let resource = "session/\(key.session)"
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.sessions() }, in: store), .sessionList, "session", in: acme)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.session(key) }, in: store), .sessionRead, resource, in: acme)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.renameSession(key, to: "u") }, in: store), .sessionRename, resource, in: acme)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.appendMessage(try message("m"), to: key) }, in: store),
                         .messageAppend, resource, in: acme)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.transcript(key, lastMessages: 5) }, in: store), .sessionRead, resource, in: acme)
            let search = try await auditEvents(appendedBy: { _ = try await store.searchMessages(try MessageSearchQuery("m")) }, in: store)
            #expect(search.map(\.action) == ["message.search"])
            expectSingle(try await auditEvents(appendedBy: { try await store.deleteSession(key) }, in: store), .sessionDelete, resource, in: acme)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func everyIntegrationAndCredentialCallAppendsOneEvent(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let acme = bench.acmeID
            let ads = try IntegrationID("ads")
            let resource = "integration/ads"
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: bearer()) }, in: store),
                         .integrationAdd, resource, in: acme)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.integrations() }, in: store), .integrationList, "integration", in: acme)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.integration(ads) }, in: store), .integrationRead, resource, in: acme)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.updateIntegrationSettings(ads, bearer("https://v2.example.com")) }, in: store),
                         .integrationUpdate, resource, in: acme)
            expectSingle(try await auditEvents(appendedBy: { try await store.putCredential(fakeSealed(ads)) }, in: store),
                         .credentialPut, "integration/ads/credential/api_key", in: acme)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.credential(ads, .apiKey) }, in: store),
                         .credentialRead, "integration/ads/credential/api_key", in: acme)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.credentials(of: ads) }, in: store),
                         .credentialList, "integration/ads/credential", in: acme)
            expectSingle(try await auditEvents(appendedBy: {
                try await store.recordCredentialUse(integration: ads, tool: "http get&status=999", endpoint: "https://user:s3cret@API.Example.com:8443/v1/items?key=s3cret#f", status: 404)
            }, in: store), .credentialUse, "integration/ads?tool=http%20get%26status%3D999&endpoint=api.example.com:8443/v1/items&status=404", in: acme)
            expectSingle(try await auditEvents(appendedBy: { try await store.removeCredentials(of: ads) }, in: store),
                         .credentialRemove, "integration/ads/credential", in: acme)
            expectSingle(try await auditEvents(appendedBy: { try await store.removeIntegration(ads) }, in: store), .integrationRemove, resource, in: acme)
            let approvals = try await auditEvents(appendedBy: { try await store.recordApproval(tool: "http_get", outcome: .allowed) }, in: store)
            #expect(approvals.map(\.action) == ["approval.allowed"])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func theLogIsReadOldestFirstAndItsChainVerifies(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            bench.clock.advance(by: 3600)
            for index in 0..<4 { _ = try await store.addMemory(try draft("n\(index)")) }
            let last = try await store.auditEvents(last: 3)
            #expect(last.map(\.sequence) == [3, 4, 5])
            expectSingle(Array(try await store.auditEvents(last: 1)), .auditRead, "audit", in: bench.acmeID)
            let all = try await store.auditEvents(last: nil)
            #expect(all.map(\.sequence) == Array(1...7), "a read's own event follows what it read")
            #expect(all.map(\.action) == ["workspace.create", "memory.add", "memory.add", "memory.add", "memory.add", "audit.read", "audit.read"])
            #expect(all.first?.resource == "workspace/acme")
            #expect(all.first?.time == Date(timeIntervalSince1970: 1_767_225_600), "the creation is stamped when it happened")
            #expect(all[1].time == Date(timeIntervalSince1970: 1_767_225_600 + 3600), "events carry the clock's time")
            #expect(try await store.verifyAudit() == .intact(events: 8))
            expectSingle(Array(try await store.auditEvents(last: 1)), .auditVerify, "audit", in: bench.acmeID)
            let reopened = try await bench.reopenAcme()
            #expect(try await reopened.verifyAudit() == .intact(events: 10), "the chain survives reopening")
            await reopened.close()
            let none = try await store.auditEvents(last: 0)
            #expect(none.isEmpty, "last: 0 is no events")
            #expect(try await store.auditEvents(last: 1000).count == 12, "a limit beyond the log is the whole log")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func failedCallsLeaveNoEvent(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let missingMemory = try MemoryID("m-missing")
            let missingSession = SessionKey(workspace: bench.acmeID, session: try SessionID("s-missing"))
            let missingIntegration = try IntegrationID("missing")
            let version = try await store.memoryVersion()
            let operations: [() async throws -> Void] = [
                { _ = try await store.memory(missingMemory) },
                { _ = try await store.updateMemory(missingMemory, with: try MemoryPatch(title: "x")) },
                { try await store.removeMemory(missingMemory) },
                { _ = try await store.session(missingSession) },
                { _ = try await store.renameSession(missingSession, to: "x") },
                { try await store.deleteSession(missingSession) },
                { _ = try await store.appendMessage(try message("x"), to: missingSession) },
                { _ = try await store.transcript(missingSession, lastMessages: nil) },
                { _ = try await store.createSession(title: "two\nlines") },
                { _ = try await store.integration(missingIntegration) },
                { try await store.putCredential(fakeSealed(missingIntegration)) },
                { try await store.removeIntegration(missingIntegration) },
                { _ = try await store.acknowledgeAlert(try AlertID("al-missing")) },
            ]
            for operation in operations {
                let events = try await auditEvents(appendedBy: { await #expect(throws: (any Error).self) { try await operation() } }, in: store)
                #expect(events.isEmpty, "\(events.map(\.action))")
            }
            #expect(try await store.memoryVersion() == version, "and changed no memory")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func eventsNeverHoldContentsOrQueries(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let memory = try await store.addMemory(try draft("TITLE-CANARY", body: "BODY-CANARY", tags: ["tagcanary"]))
            _ = try await store.searchMemory(try MemorySearchQuery("QUERYCANARY"))
            _ = try await store.retrieveMemory(try MemorySearchQuery("RETRIEVECANARY"))
            let session = try await store.createSession(title: "SESSION-CANARY")
            _ = try await store.appendMessage(try message("MESSAGE-CANARY"), to: session.key)
            _ = try await store.searchMessages(try MessageSearchQuery("MSGQUERYCANARY"))
            _ = try await store.updateMemory(memory.id, with: try MemoryPatch(body: "NEW-BODY-CANARY"))
            _ = try await store.addIntegration(id: try IntegrationID("ads"), kind: .http, name: "NAME-CANARY",
                                               settings: bearer(parameters: ["account": "SETTING-CANARY"]))
            var log = ""
            dump(try await store.auditEvents(last: nil), to: &log)
            for canary in ["TITLE-CANARY", "BODY-CANARY", "tagcanary", "QUERYCANARY", "RETRIEVECANARY", "SESSION-CANARY", "MESSAGE-CANARY",
                           "MSGQUERYCANARY", "NAME-CANARY", "SETTING-CANARY"] {
                #expect(!log.lowercased().contains(canary.lowercased()), "\(canary) leaked into the audit log")
            }
        }
    }
}
