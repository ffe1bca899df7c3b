import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("WorkspaceStore retrieval, pinned memory, memory version and message search")
struct RetrievalAndMessageSearchTests {
    @Test func pinnedMemoryReturnsOnlyPinnedDocumentsOldestFirstAndIsAudited() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let first = try await store.addMemory(try draft("Voice", body: "Warm.", pinned: true))
            test.clock.advance(by: 1)
            _ = try await store.addMemory(try draft("Loose note"))
            test.clock.advance(by: 1)
            let second = try await store.addMemory(try draft("Rules", body: "No emojis.", pinned: true))
            let pinned = try await store.pinnedMemory()
            #expect(pinned.map(\.id) == [first.id, second.id])
            #expect(pinned.map(\.body) == ["Warm.", "No emojis."])
            let last = try #require(try await store.auditEvents(last: 2).last)
            #expect(last.action == "memory.read")
            #expect(last.resource == "memory?pinned")
        }
    }

    @Test func retrievalWithAnyTermRanksDocumentsMatchingMoreTermsFirst() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let both = try await store.addMemory(try draft("Spring launch", body: "The spring launch budget is 40k."))
            let one = try await store.addMemory(try draft("Budget policy", body: "Budgets need sign-off."))
            _ = try await store.addMemory(try draft("Unrelated", body: "Office plants."))
            let documents = try await store.retrieveMemory(try MemorySearchQuery("spring budget", limit: 10, matching: .any))
            #expect(documents.map(\.id) == [both.id, one.id])
            #expect(documents[0].body == "The spring launch budget is 40k.", "whole documents come back")
            let allTerms = try await store.retrieveMemory(try MemorySearchQuery("spring budget", limit: 10))
            #expect(allTerms.map(\.id) == [both.id])
            let event = try #require(try await store.auditEvents(last: 2).last)
            #expect(event.action == "memory.retrieve")
        }
    }

    @Test func theMemoryVersionMovesOnEveryChangeAndOnlyThen() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let start = try await store.memoryVersion()
            let document = try await store.addMemory(try draft("A"))
            let added = try await store.memoryVersion()
            _ = try await store.listMemory(kind: nil)
            _ = try await store.memory(document.id)
            #expect(try await store.memoryVersion() == added, "reads do not move it")
            _ = try await store.updateMemory(document.id, with: try MemoryPatch(title: "B"))
            let updated = try await store.memoryVersion()
            try await store.removeMemory(document.id)
            let removed = try await store.memoryVersion()
            #expect(start < added && added < updated && updated < removed)
            let events = try await store.auditEvents(last: nil).count
            _ = try await store.memoryVersion()
            #expect(try await store.auditEvents(last: nil).count == events + 1, "only the audit read itself was recorded")
        }
    }

    @Test func messageSearchFindsMessagesAcrossSessionsWithTheirSession() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let kickoff = try await store.createSession(title: "Kickoff")
            let review = try await store.createSession(title: "Review")
            _ = try await store.appendMessage(try MessageDraft(role: .user, content: "What is the launch budget?"), to: kickoff.key)
            _ = try await store.appendMessage(try MessageDraft(role: .assistant, content: "The launch budget is 40k."), to: kickoff.key)
            _ = try await store.appendMessage(try MessageDraft(role: .user, content: "東京のキャンペーンはどう？"), to: review.key)

            let hits = try await store.searchMessages(try MessageSearchQuery("launch budget"))
            #expect(hits.map(\.sequence) .sorted() == [1, 2])
            #expect(Set(hits.map(\.session)) == [kickoff.key.session])
            #expect(hits.allSatisfy { $0.sessionTitle == "Kickoff" })
            #expect(try await store.searchMessages(try MessageSearchQuery("launch tokyo")).isEmpty, "every term must match")
            let cjk = try await store.searchMessages(try MessageSearchQuery("キャンペーン"))
            #expect(cjk.map(\.session) == [review.key.session])
            #expect(try await store.searchMessages(try MessageSearchQuery("東京")).map(\.role) == [.user])

            try await store.deleteSession(kickoff.key)
            #expect(try await store.searchMessages(try MessageSearchQuery("budget")).isEmpty, "deleted sessions leave the index")
            let event = try #require(try await store.auditEvents(last: 2).last)
            #expect(event.action == "message.search")
        }
    }
}
