import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("WorkspaceStore audit trail")
struct StoreAuditTests {
    /// Expects `events` to be exactly one event of `action` on `resource` by the test actor.
    private func expectSingle(_ events: [AuditEvent], _ action: AuditAction, _ resource: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(events.count == 1, "\(events.map(\.action))", sourceLocation: sourceLocation)
        #expect(events.first?.action == action.rawValue, sourceLocation: sourceLocation)
        #expect(events.first?.resource == resource, sourceLocation: sourceLocation)
        #expect(events.first?.actor == "test:analyst", sourceLocation: sourceLocation)
        #expect(events.first?.workspaceID.rawValue == "acme", sourceLocation: sourceLocation)
    }

    @Test func everyMemoryOperationAppendsOneEvent() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            var memory: MemoryDocument?
            expectSingle(try await auditEvents(appendedBy: { memory = try await store.addMemory(try draft("n")) }, in: store),
                         .memoryAdd, "memory/\(memory!.id)")
            let id = try #require(memory?.id)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.memory(id) }, in: store), .memoryRead, "memory/\(id)")
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.listMemory(kind: nil) }, in: store), .memoryList, "memory")
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.listMemory(kind: .campaign) }, in: store), .memoryList, "memory?kind=campaign")
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.searchMemory(try MemorySearchQuery("n")) }, in: store), .memorySearch, "memory")
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.updateMemory(id, with: try MemoryPatch(pinned: true)) }, in: store),
                         .memoryUpdate, "memory/\(id)")
            expectSingle(try await auditEvents(appendedBy: { try await store.removeMemory(id) }, in: store), .memoryRemove, "memory/\(id)")
        }
    }

    @Test func everySessionOperationAppendsOneEvent() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            var session: ChatSession?
            expectSingle(try await auditEvents(appendedBy: { session = try await store.createSession(title: "t") }, in: store),
                         .sessionCreate, "session/\(session!.key.session)")
            let key = try #require(session?.key)
            let resource = "session/\(key.session)"
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.sessions() }, in: store), .sessionList, "session")
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.session(key) }, in: store), .sessionRead, resource)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.renameSession(key, to: "u") }, in: store), .sessionRename, resource)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.appendMessage(try MessageDraft(role: .user, content: "m"), to: key) }, in: store),
                         .messageAppend, resource)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.transcript(key, lastMessages: 5) }, in: store), .sessionRead, resource)
            expectSingle(try await auditEvents(appendedBy: { try await store.deleteSession(key) }, in: store), .sessionDelete, resource)
        }
    }

    @Test func everyIntegrationAndCredentialOperationAppendsOneEvent() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let vault = try await test.manager.openVault(acme.grant)
        let ads = try IntegrationID("ads")
        let credential = try sealed("sk-audited", by: vault, for: ads)
        try await test.withStore(acme) { store in
            let resource = "integration/ads"
            expectSingle(try await auditEvents(appendedBy: {
                _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: bearerSettings())
            }, in: store), .integrationAdd, resource)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.integrations() }, in: store), .integrationList, "integration")
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.integration(ads) }, in: store), .integrationRead, resource)
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.updateIntegrationSettings(ads, bearerSettings("https://v2.example.com")) }, in: store),
                         .integrationUpdate, resource)
            expectSingle(try await auditEvents(appendedBy: { try await store.putCredential(credential) }, in: store),
                         .credentialPut, "integration/ads/credential/api_key")
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.credential(ads, .apiKey) }, in: store),
                         .credentialRead, "integration/ads/credential/api_key")
            expectSingle(try await auditEvents(appendedBy: { _ = try await store.credentials(of: ads) }, in: store),
                         .credentialList, "integration/ads/credential")
            expectSingle(try await auditEvents(appendedBy: {
                try await store.recordCredentialUse(integration: ads, tool: "http_get", endpoint: "https://api.example.com/v1/items", status: 200)
            }, in: store), .credentialUse, "integration/ads?tool=http_get&endpoint=api.example.com/v1/items&status=200")
            expectSingle(try await auditEvents(appendedBy: { try await store.removeCredentials(of: ads) }, in: store),
                         .credentialRemove, "integration/ads/credential")
            expectSingle(try await auditEvents(appendedBy: { try await store.removeIntegration(ads) }, in: store), .integrationRemove, resource)
        }
    }

    @Test(arguments: [
        ("https://user:s3cret@API.Example.com:8443/v1/items?key=s3cret&x=1#frag", "api.example.com:8443/v1/items"),
        ("https://api.example.com/v1/search?q=s3cret", "api.example.com/v1/search"),
        ("/v1/reports?access_token=s3cret", "/v1/reports"),
        ("api.example.com/v1/people/jo@example.com", "api.example.com/v1/people/jo%40example.com"),
        ("https://api.example.com/a b/\u{1B}]0;x\u{07}", "api.example.com/a%20b/%1B%5D0%3Bx%07"),
        ("https://s3cret@api.example.com#s3cret", "api.example.com"),
    ])
    func credentialUseRecordsOnlyTheEndpointsHostAndPath(endpoint: String, recorded: String) async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let ads = try IntegrationID("ads")
            _ = try await store.addIntegration(id: ads, kind: .http, name: "Ads", settings: bearerSettings())
            let events = try await auditEvents(appendedBy: {
                try await store.recordCredentialUse(integration: ads, tool: "http get&status=999", endpoint: endpoint, status: 404)
            }, in: store)
            expectSingle(events, .credentialUse, "integration/ads?tool=http%20get%26status%3D999&endpoint=\(recorded)&status=404")
            #expect(events.first?.resource.contains("s3cret") == false)
        }
    }

    @Test func readingAndVerifyingTheLogAreAuditedToo() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            _ = try await store.auditEvents(last: nil)
            expectSingle(Array(try await store.auditEvents(last: 1)), .auditRead, "audit")
            _ = try await store.verifyAudit()
            expectSingle(Array(try await store.auditEvents(last: 1)), .auditVerify, "audit")
        }
    }

    @Test func auditEventsReturnsTheLastEventsOldestFirst() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            for index in 0..<4 { _ = try await store.addMemory(try draft("n\(index)")) }
            let last = try await store.auditEvents(last: 3)
            #expect(last.map(\.sequence) == [3, 4, 5])
            let all = try await store.auditEvents(last: nil)
            #expect(all.map(\.sequence) == Array(1...6))
            #expect(all.map(\.action) == ["workspace.create", "memory.add", "memory.add", "memory.add", "memory.add", "audit.read"])
        }
    }

    @Test func eventsCarryTheClockTime() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            test.clock.advance(by: 3600)
            _ = try await store.createSession(title: "t")
            let event = try #require(try await store.auditEvents(last: 1).first)
            #expect(event.action == "session.create")
            #expect(event.time == test.clock.now())
            #expect(event.time == Date(timeIntervalSince1970: 1_767_225_600 + 3600))
        }
    }

    @Test func failedOperationsLeaveNoEvent() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let missingMemory = try MemoryID("m-missing")
        let missingSession = SessionKey(workspace: acme.id, session: try SessionID("s-missing"))
        let foreignSession = SessionKey(workspace: try WorkspaceID("globex"), session: try SessionID("s-missing"))
        let missingIntegration = try IntegrationID("missing")
        try await test.withStore(acme) { store in
            let operations: [() async throws -> Void] = [
                { _ = try await store.memory(missingMemory) },
                { _ = try await store.updateMemory(missingMemory, with: try MemoryPatch(title: "x")) },
                { try await store.removeMemory(missingMemory) },
                { _ = try await store.session(missingSession) },
                { _ = try await store.renameSession(missingSession, to: "x") },
                { try await store.deleteSession(missingSession) },
                { _ = try await store.appendMessage(try MessageDraft(role: .user, content: "x"), to: missingSession) },
                { _ = try await store.transcript(missingSession, lastMessages: nil) },
                { _ = try await store.transcript(foreignSession, lastMessages: nil) },
                { _ = try await store.createSession(title: "") },
                { _ = try await store.integration(missingIntegration) },
                { _ = try await store.updateIntegrationSettings(missingIntegration, bearerSettings()) },
                { try await store.removeIntegration(missingIntegration) },
                { _ = try await store.addIntegration(id: missingIntegration, kind: .http, name: "", settings: bearerSettings()) },
                { try await store.putCredential(SealedCredential(integration: missingIntegration, name: .apiKey, sealed: Array(repeating: 7, count: 40), label: "key", expiresAt: nil)) },
                { _ = try await store.credential(missingIntegration, .apiKey) },
                { _ = try await store.credentials(of: missingIntegration) },
                { try await store.removeCredentials(of: missingIntegration) },
                { try await store.recordCredentialUse(integration: missingIntegration, tool: "t", endpoint: "https://x.example", status: 200) },
            ]
            for operation in operations {
                let events = try await auditEvents(appendedBy: {
                    await #expect(throws: (any Error).self) { try await operation() }
                }, in: store)
                #expect(events.isEmpty, "\(events.map(\.action))")
            }
            #expect(try await store.verifyAudit() == .intact(events: Int64(1 + 2 * operations.count)))
        }
    }

    @Test func eventsNeverContainContentsQueriesOrTokens() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let canaries = (0..<7).map { Canary.make("audit\($0)") }
        try await test.withStore(acme) { store in
            let memory = try await store.addMemory(try draft("Title \(canaries[0])", body: "Body \(canaries[1])", tags: [canaries[2].lowercased()]))
            _ = try await store.updateMemory(memory.id, with: try MemoryPatch(title: "New \(canaries[3])"))
            _ = try await store.searchMemory(try MemorySearchQuery(canaries[4]))
            let session = try await store.createSession(title: "Session \(canaries[5])")
            _ = try await store.appendMessage(try MessageDraft(role: .user, content: "Message \(canaries[6])"), to: session.key)
            _ = try await store.renameSession(session.key, to: "Renamed \(canaries[5])")
        }
        let newToken = try await test.manager.rotateToken(acme.grant)
        let grant = try await test.manager.authenticate(acme.id, token: newToken, actor: test.actor)
        let events = try await test.manager.withStore(grant) { try await $0.auditEvents(last: nil) }
        #expect(events.count == 8)
        let secrets = canaries + canaries.map { $0.lowercased() } + [acme.token.revealed, newToken.revealed]
        for event in events {
            let text = [event.actor, event.action, event.resource].joined(separator: " ")
            #expect(Canary.found(secrets, in: text).isEmpty, "\(text)")
        }
    }

    @Test func busyLogVerifiesIntact() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let memory = try await store.addMemory(try draft("n"))
            _ = try await store.updateMemory(memory.id, with: try MemoryPatch(body: "b"))
            let session = try await store.createSession(title: "s")
            _ = try await store.appendMessage(try MessageDraft(role: .user, content: "m"), to: session.key)
            try await store.removeMemory(memory.id)
            #expect(try await store.verifyAudit() == .intact(events: 6))
            #expect(try await store.verifyAudit() == .intact(events: 7))
        }
    }
}
