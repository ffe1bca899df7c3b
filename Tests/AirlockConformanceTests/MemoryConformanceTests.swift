import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// Memory CRUD, validation, listing order, the memory version, retrieval and pinned memory,
/// on every backend.
@Suite("Conformance: memory", .serialized)
struct MemoryConformanceTests {
    @Test(arguments: StoreBackend.allCases)
    func addedMemoryReadsBackVerbatim(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let body = "東京 🚀 \u{1B}[31mred\u{1B}[0m ' \" ; DROP TABLE memory; --\nsecond line"
            let added = try await store.addMemory(try draft("Quotes ' and \"", body: body, kind: .brandVoice, tags: ["Tone", "東京"], pinned: true))
            #expect(added.id.rawValue.hasPrefix("m-"))
            #expect(added.tags == ["tone", "東京"])
            #expect(added.createdAt == bench.clock.now())
            #expect(added.updatedAt == bench.clock.now())
            #expect(try await store.memory(added.id) == added)
            let reopened = try await bench.reopenAcme()
            #expect(try await reopened.memory(added.id) == added, "stored, not cached")
            await reopened.close()
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func updateChangesOnlyTheGivenFieldsAndEveryFieldCanChange(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let added = try await store.addMemory(try draft("Title", body: "Body", kind: .persona, tags: ["a"]))
            bench.clock.advance(by: 90)
            let updated = try await store.updateMemory(added.id, with: try MemoryPatch(body: "New body"))
            #expect(updated.body == "New body")
            #expect(updated.title == "Title" && updated.kind == .persona && updated.tags == ["a"] && !updated.pinned)
            #expect(updated.createdAt == added.createdAt)
            #expect(updated.updatedAt == added.updatedAt.addingTimeInterval(90))
            #expect(try await store.memory(added.id) == updated)
            let patch = try MemoryPatch(kind: .competitive, title: "Rivals", body: "They cut prices", tags: ["pricing"], pinned: true)
            let all = try await store.updateMemory(added.id, with: patch)
            #expect(all.kind == .competitive && all.title == "Rivals" && all.body == "They cut prices" && all.tags == ["pricing"] && all.pinned)
            #expect(try await store.memory(added.id) == all)
            #expect(try await store.pinnedMemory() == [all], "pinning by update makes it pinned memory")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func removeDeletesAndMissingIDsAreNotFoundEverywhere(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let kept = try await store.addMemory(try draft("kept"))
            let removed = try await store.addMemory(try draft("removed"))
            try await store.removeMemory(removed.id)
            #expect(try await store.listMemory(kind: nil).map(\.id) == [kept.id])
            for missing in [removed.id, try MemoryID("m-doesnotexist")] {
                await #expect(throws: StoreError.memoryNotFound(missing)) { _ = try await store.memory(missing) }
                await #expect(throws: StoreError.memoryNotFound(missing)) { _ = try await store.updateMemory(missing, with: try MemoryPatch(title: "x")) }
                await #expect(throws: StoreError.memoryNotFound(missing)) { try await store.removeMemory(missing) }
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func invalidDraftsAreRefusedBeforeTheStore(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            #expect(throws: InputError.self) { _ = try draft("") }
            #expect(throws: InputError.self) { _ = try draft("two\nlines") }
            #expect(throws: InputError.self) { _ = try MemoryPatch() }
            let refused = await #expect(throws: InputError.self) { _ = try await store.createSession(title: "two\nlines") }
            #expect(refused?.field == "session title")
            let memories = try await store.listMemory(kind: nil)
            let sessions = try await store.sessions()
            #expect(memories.isEmpty && sessions.isEmpty, "nothing was created")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func listingPutsPinnedFirstThenNewestAndFiltersByKind(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let oldest = try await store.addMemory(try draft("oldest"))
            bench.clock.advance(by: 1)
            let pinned = try await store.addMemory(try draft("pinned", pinned: true))
            bench.clock.advance(by: 1)
            let newest = try await store.addMemory(try draft("newest", kind: .campaign))
            #expect(try await store.listMemory(kind: nil).map(\.id) == [pinned.id, newest.id, oldest.id])
            #expect(try await store.listMemory(kind: .campaign).map(\.id) == [newest.id])
            #expect(try await store.listMemory(kind: .competitive).count == 0)
            bench.clock.advance(by: 1)
            _ = try await store.updateMemory(oldest.id, with: try MemoryPatch(title: "oldest, edited"))
            #expect(try await store.listMemory(kind: nil).map(\.id) == [pinned.id, oldest.id, newest.id], "an update moves it up")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func theMemoryVersionMovesOnEveryChangeAndOnlyThen(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
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
            #expect(try await store.auditEvents(last: nil).count == events + 1, "not audited: only the audit read itself was recorded")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func pinnedMemoryIsOldestFirstAndRetrievalReturnsWholeDocuments(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let first = try await store.addMemory(try draft("Voice", body: "Warm.", pinned: true))
            bench.clock.advance(by: 1)
            _ = try await store.addMemory(try draft("Loose note"))
            bench.clock.advance(by: 1)
            let second = try await store.addMemory(try draft("Rules", body: "No emojis.", pinned: true))
            let pinned = try await store.pinnedMemory()
            #expect(pinned.map(\.id) == [first.id, second.id])
            #expect(pinned.map(\.body) == ["Warm.", "No emojis."])

            let both = try await store.addMemory(try draft("Spring launch", body: "The spring launch budget is 40k."))
            let one = try await store.addMemory(try draft("Budget policy", body: "Budgets need sign-off."))
            let any = try await store.retrieveMemory(try MemorySearchQuery("spring budget", limit: 10, matching: .any))
            #expect(any.map(\.id) == [both.id, one.id], "documents matching more terms first")
            #expect(any.first?.body == "The spring launch budget is 40k.")
            #expect(try await store.retrieveMemory(try MemorySearchQuery("spring budget", limit: 10)).map(\.id) == [both.id])
        }
    }
}
