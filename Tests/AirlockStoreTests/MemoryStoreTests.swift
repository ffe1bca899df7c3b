import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("WorkspaceStore memory")
struct MemoryStoreTests {
    @Test func addedMemoryCanBeReadBack() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let added = try await store.addMemory(try draft("Brand voice", body: "Warm, direct.\nNo jargon.", kind: .brandVoice, tags: ["Tone", "voice"], pinned: true))
            #expect(added.id.rawValue.hasPrefix("m-"))
            #expect(added.title == "Brand voice")
            #expect(added.tags == ["tone", "voice"])
            #expect(added.createdAt == test.clock.now())
            #expect(added.updatedAt == test.clock.now())
            let read = try await store.memory(added.id)
            #expect(read == added)
        }
    }

    @Test func unicodeAndControlTextIsStoredVerbatim() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let body = "東京 🚀 \u{1B}[31mred\u{1B}[0m ' \" ; DROP TABLE memory; --"
        try await test.withStore(acme) { store in
            let added = try await store.addMemory(try draft("Quotes ' and \"", body: body, tags: ["東京"]))
            let read = try await store.memory(added.id)
            #expect(read.body == body)
            #expect(read.title == "Quotes ' and \"")
            #expect(read.tags == ["東京"])
        }
    }

    @Test func listingPutsPinnedFirstThenNewest() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let oldest = try await store.addMemory(try draft("oldest"))
            test.clock.advance(by: 1)
            let pinned = try await store.addMemory(try draft("pinned", pinned: true))
            test.clock.advance(by: 1)
            let newest = try await store.addMemory(try draft("newest", kind: .campaign))
            let listing = try await store.listMemory(kind: nil)
            #expect(listing.map(\.id) == [pinned.id, newest.id, oldest.id])
            #expect(listing.first?.pinned == true)
            #expect(listing.map(\.title) == ["pinned", "newest", "oldest"])
        }
    }

    @Test func listingFiltersByKind() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            _ = try await store.addMemory(try draft("note", kind: .note))
            let campaign = try await store.addMemory(try draft("spring", kind: .campaign))
            _ = try await store.addMemory(try draft("persona", kind: .persona))
            #expect(try await store.listMemory(kind: .campaign).map(\.id) == [campaign.id])
            #expect(try await store.listMemory(kind: .competitive) == [])
            #expect(try await store.listMemory(kind: nil).count == 3)
        }
    }

    @Test func updateChangesOnlyTheGivenFields() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let added = try await store.addMemory(try draft("Title", body: "Body", kind: .persona, tags: ["a"]))
            test.clock.advance(by: 90)
            let updated = try await store.updateMemory(added.id, with: try MemoryPatch(body: "New body"))
            #expect(updated.body == "New body")
            #expect(updated.title == "Title")
            #expect(updated.kind == .persona)
            #expect(updated.tags == ["a"])
            #expect(updated.pinned == false)
            #expect(updated.createdAt == added.createdAt)
            #expect(updated.updatedAt == added.updatedAt.addingTimeInterval(90))
            #expect(try await store.memory(added.id) == updated)
        }
    }

    @Test func updateCanChangeEveryField() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let added = try await store.addMemory(try draft("Title"))
            let patch = try MemoryPatch(kind: .competitive, title: "Rivals", body: "They cut prices", tags: ["pricing"], pinned: true)
            let updated = try await store.updateMemory(added.id, with: patch)
            let read = try await store.memory(added.id)
            #expect(read == updated)
            #expect(read.kind == .competitive)
            #expect(read.title == "Rivals")
            #expect(read.body == "They cut prices")
            #expect(read.tags == ["pricing"])
            #expect(read.pinned)
        }
    }

    @Test func updateMovesTheDocumentToTheTopOfItsGroup() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let first = try await store.addMemory(try draft("first"))
            test.clock.advance(by: 1)
            let second = try await store.addMemory(try draft("second"))
            test.clock.advance(by: 1)
            _ = try await store.updateMemory(first.id, with: try MemoryPatch(title: "first, edited"))
            #expect(try await store.listMemory(kind: nil).map(\.id) == [first.id, second.id])
        }
    }

    @Test func removeDeletesTheDocument() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let kept = try await store.addMemory(try draft("kept"))
            let removed = try await store.addMemory(try draft("removed"))
            try await store.removeMemory(removed.id)
            #expect(try await store.listMemory(kind: nil).map(\.id) == [kept.id])
            await #expect(throws: StoreError.memoryNotFound(removed.id)) { _ = try await store.memory(removed.id) }
        }
    }

    @Test func unknownMemoryIsNotFoundEverywhere() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let missing = try MemoryID("m-doesnotexist")
        try await test.withStore(acme) { store in
            await #expect(throws: StoreError.memoryNotFound(missing)) { _ = try await store.memory(missing) }
            await #expect(throws: StoreError.memoryNotFound(missing)) { _ = try await store.updateMemory(missing, with: try MemoryPatch(title: "x")) }
            await #expect(throws: StoreError.memoryNotFound(missing)) { try await store.removeMemory(missing) }
        }
    }

    @Test func memoryOfAnotherWorkspaceIsNotFound() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let globex = try await test.createWorkspace("globex")
        let theirs = try await test.withStore(globex) { try await $0.addMemory(try draft("Globex secret")) }
        try await test.withStore(acme) { store in
            await #expect(throws: StoreError.memoryNotFound(theirs.id)) { _ = try await store.memory(theirs.id) }
            await #expect(throws: StoreError.memoryNotFound(theirs.id)) { _ = try await store.updateMemory(theirs.id, with: try MemoryPatch(title: "x")) }
            await #expect(throws: StoreError.memoryNotFound(theirs.id)) { try await store.removeMemory(theirs.id) }
            let found = try await store.listMemory(kind: nil)
            #expect(found.isEmpty)
        }
        #expect(try await test.withStore(globex) { try await $0.memory(theirs.id) } == theirs)
    }

    @Test func memorySurvivesReopening() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let added = try await test.withStore(acme) { try await $0.addMemory(try draft("durable", body: "still here")) }
        #expect(try await test.withStore(acme) { try await $0.memory(added.id) } == added)
    }
}
