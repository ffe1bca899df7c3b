import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

/// Every store operation, driven in workspace A, returns nothing of workspace B and
/// cannot read, change or detect B's items.
@Suite struct StoreIsolationTests {
    @Test func everyStoreOperationInAReturnsNothingOfB() async throws {
        let fixture = try await IsolationFixture.make()
        let bDirectory = fixture.home.home.root + "/clients/" + fixture.b.id.rawValue
        let before = DirectorySnapshot(of: bDirectory)
        var outputs: [(String, Any)] = []

        try await fixture.home.withStore(fixture.a.workspace) { store in
            #expect(FileDescriptors.openPaths(under: bDirectory).isEmpty)
            let added = try await store.addMemory(MemoryDraft(kind: .note, title: "Scratch", body: "campaign scratch"))
            outputs.append(("addMemory", added))
            for id in fixture.a.memoryIDs {
                outputs.append(("memory", try await store.memory(id)))
            }
            outputs.append(("listMemory", try await store.listMemory(kind: nil)))
            for kind in MemoryKind.allCases {
                outputs.append(("listMemory(\(kind))", try await store.listMemory(kind: kind)))
            }
            outputs.append(("updateMemory", try await store.updateMemory(added.id, with: MemoryPatch(body: "campaign scratch, edited"))))
            let general = try await store.searchMemory(MemorySearchQuery("campaign", limit: MemorySearchQuery.resultLimit))
            #expect(general.count == 3, "A's own documents are found")
            outputs.append(("searchMemory(campaign)", general))
            for term in ["東京", "キャンペーン", "voice", "persona", "spring"] {
                outputs.append(("searchMemory(\(term))", try await store.searchMemory(MemorySearchQuery(term, limit: MemorySearchQuery.resultLimit))))
            }
            outputs.append(("pinnedMemory", try await store.pinnedMemory()))
            outputs.append(("memoryVersion", try await store.memoryVersion()))
            let retrieved = try await store.retrieveMemory(MemorySearchQuery("campaign voice persona 東京 キャンペーン", limit: 50, matching: .any))
            #expect(!retrieved.isEmpty, "A's own documents are retrieved")
            outputs.append(("retrieveMemory", retrieved))
            let spring = try await store.searchMessages(MessageSearchQuery("spring campaign", limit: 500))
            #expect(spring.count == 1, "A's own message is found")
            outputs.append(("searchMessages", spring))
            for canary in fixture.b.canaries {
                #expect(try await store.retrieveMemory(MemorySearchQuery(canary + " campaign", matching: .any)).allSatisfy { !everything(in: $0).contains(canary) })
                #expect(try await store.searchMessages(MessageSearchQuery(canary)).isEmpty, "searching A's messages for B's canary finds nothing")
                let hits = try await store.searchMemory(MemorySearchQuery(canary))
                #expect(hits.isEmpty, "searching A for B's canary finds nothing")
                let prefix = try await store.searchMemory(MemorySearchQuery(String(canary.prefix(14))))
                outputs.append(("searchMemory(prefix of B canary)", prefix))
            }
            try await store.removeMemory(added.id)

            let session = try await store.createSession(title: "Scratch session")
            outputs.append(("createSession", session))
            outputs.append(("sessions", try await store.sessions()))
            for id in fixture.a.sessionIDs {
                let key = SessionKey(workspace: fixture.a.id, session: id)
                outputs.append(("session", try await store.session(key)))
                let transcript = try await store.transcript(key, lastMessages: nil)
                #expect(transcript.messages.count == 3)
                outputs.append(("transcript", transcript))
                outputs.append(("transcript(last 1)", try await store.transcript(key, lastMessages: 1)))
            }
            outputs.append(("appendMessage", try await store.appendMessage(MessageDraft(role: .user, content: "hello"), to: session.key)))
            outputs.append(("renameSession", try await store.renameSession(session.key, to: "Renamed")))
            try await store.deleteSession(session.key)
            outputs.append(("auditEvents", try await store.auditEvents(last: nil)))
            outputs.append(("verifyAudit", try await store.verifyAudit()))
            let snapshot = try await store.snapshot()
            #expect(snapshot.memory.count == fixture.a.memoryIDs.count && snapshot.sessions.count == fixture.a.sessionIDs.count,
                    "A's snapshot holds A's own items")
            outputs.append(("snapshot", snapshot))
            #expect(FileDescriptors.openPaths(under: bDirectory).isEmpty, "A's store holds nothing open in B's folder")
        }

        for (operation, output) in outputs {
            expectNoLeak(of: fixture.b, in: everything(in: output), from: operation)
        }
        #expect(DirectorySnapshot(of: bDirectory) == before, "nothing in B's folder changed")
    }

    @Test func bItemsLookExactlyLikeMissingItemsFromA() async throws {
        let fixture = try await IsolationFixture.make()
        let missingMemory = MemoryID.generate()
        let missingSession = SessionID.generate()

        try await fixture.home.withStore(fixture.a.workspace) { store in
            for id in fixture.b.memoryIDs + [missingMemory] {
                await #expect(throws: StoreError.memoryNotFound(id)) { try await store.memory(id) }
                await #expect(throws: StoreError.memoryNotFound(id)) {
                    try await store.updateMemory(id, with: MemoryPatch(body: "overwritten from A"))
                }
                await #expect(throws: StoreError.memoryNotFound(id)) { try await store.removeMemory(id) }
            }
            for id in fixture.b.sessionIDs + [missingSession] {
                // Addressed as A's session and as B's session: both are refused alike.
                for key in [SessionKey(workspace: fixture.a.id, session: id), SessionKey(workspace: fixture.b.id, session: id)] {
                    await #expect(throws: StoreError.sessionNotFound(id)) { try await store.session(key) }
                    await #expect(throws: StoreError.sessionNotFound(id)) { try await store.transcript(key, lastMessages: nil) }
                    await #expect(throws: StoreError.sessionNotFound(id)) { try await store.renameSession(key, to: "taken over") }
                    await #expect(throws: StoreError.sessionNotFound(id)) {
                        try await store.appendMessage(MessageDraft(role: .user, content: "injected from A"), to: key)
                    }
                    await #expect(throws: StoreError.sessionNotFound(id)) { try await store.deleteSession(key) }
                }
            }
        }

        try await fixture.home.withStore(fixture.b.workspace) { store in
            let voice = try await store.memory(fixture.b.memoryIDs[0])
            #expect(voice.body.contains(fixture.b.canaries[1]), "B's document is unchanged")
            #expect(try await store.listMemory(kind: nil).count == 2, "B lost no document")
            let transcript = try await store.transcript(SessionKey(workspace: fixture.b.id, session: fixture.b.sessionIDs[0]), lastMessages: nil)
            #expect(transcript.messages.count == 3, "nothing was appended to B's session")
            #expect(transcript.session.title.hasPrefix("Kickoff"), "B's session was not renamed")
            let events = try await store.auditEvents(last: nil)
            #expect(!events.contains { $0.actor != fixture.home.actor.name }, "only B's own accesses are in B's log")
            #expect(events.allSatisfy { $0.workspaceID == fixture.b.id })
        }
    }

    @Test func auditLogOfANamesNothingOfB() async throws {
        let fixture = try await IsolationFixture.make()
        let events = try await fixture.home.withStore(fixture.a.workspace) { store in
            _ = try await store.searchMemory(MemorySearchQuery(fixture.b.canaries[0]))
            _ = try? await store.memory(fixture.b.memoryIDs[0])
            return try await store.auditEvents(last: nil)
        }
        #expect(events.allSatisfy { $0.workspaceID == fixture.a.id })
        expectNoLeak(of: fixture.b, in: everything(in: events), from: "auditEvents")
        let auditText = everything(in: events)
        #expect(Canary.found(fixture.a.canaries, in: auditText).isEmpty, "events hold no contents, not even A's own")
        #expect(!auditText.contains(fixture.a.workspace.token.revealed), "events hold no token")
    }
}
