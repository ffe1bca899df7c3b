import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("FileWorkspaceStore memory")
struct FileStoreMemoryTests {
    @Test func addedMemoryIsReadBackAndStoredAsMarkdownWithItsBodyVerbatim() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let body = "東京 🚀 \u{1B}[31mred\u{1B}[0m\r\n---\nnot front matter: \"x\"\n"
        let added = try await store.addMemory(try draft("Quotes ' and \": colon", body: body, kind: .brandVoice, tags: ["Tone", "東京"], pinned: true))
        #expect(try await store.memory(added.id) == added)
        #expect(added.tags == ["tone", "東京"])
        #expect(added.createdAt == test.clock.now())
        let file = try text(at: test.directory(of: "acme") + "/memory/\(added.id).md")
        #expect(file.hasPrefix("---\nkind: \"brand_voice\"\n"))
        #expect(file.hasSuffix("\n---\n" + body))
        #expect(permissions(of: test.directory(of: "acme") + "/memory/\(added.id).md") == 0o600)
    }

    @Test func listingPutsPinnedFirstThenNewestAndFiltersByKind() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let oldest = try await store.addMemory(try draft("oldest"))
        test.clock.advance(by: 1)
        let pinned = try await store.addMemory(try draft("pinned", pinned: true))
        test.clock.advance(by: 1)
        let newest = try await store.addMemory(try draft("newest", kind: .campaign))
        #expect(try await store.listMemory(kind: nil).map(\.id) == [pinned.id, newest.id, oldest.id])
        #expect(try await store.listMemory(kind: .campaign).map(\.id) == [newest.id])
    }

    @Test func updateChangesTheGivenFieldsAndRemoveDeletesTheFile() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let added = try await store.addMemory(try draft("old", body: "keep", tags: ["a"]))
        test.clock.advance(by: 5)
        let updated = try await store.updateMemory(added.id, with: try MemoryPatch(title: "new", pinned: true))
        #expect(updated.title == "new" && updated.body == "keep" && updated.tags == ["a"] && updated.pinned)
        #expect(updated.createdAt == added.createdAt && updated.updatedAt == test.clock.now())
        #expect(try await store.memory(added.id) == updated)
        try await store.removeMemory(added.id)
        #expect(!exists(test.directory(of: "acme") + "/memory/\(added.id).md"))
        await #expect(throws: StoreError.memoryNotFound(added.id)) { try await store.memory(added.id) }
    }

    @Test func unknownMemoryIsNotFoundEverywhere() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let missing = try MemoryID("m-missing")
        await #expect(throws: StoreError.memoryNotFound(missing)) { try await store.memory(missing) }
        await #expect(throws: StoreError.memoryNotFound(missing)) { try await store.updateMemory(missing, with: try MemoryPatch(pinned: true)) }
        await #expect(throws: StoreError.memoryNotFound(missing)) { try await store.removeMemory(missing) }
    }

    @Test func memoryOfAnotherWorkspaceIsNotFound() async throws {
        let test = try FileStoreHome()
        let acme = try await test.create("acme")
        let globex = try await test.create("globex")
        let theirs = try await globex.addMemory(try draft("globex canary"))
        await #expect(throws: StoreError.memoryNotFound(theirs.id)) { try await acme.memory(theirs.id) }
        await #expect(throws: StoreError.memoryNotFound(theirs.id)) { try await acme.removeMemory(theirs.id) }
        #expect(try await acme.listMemory(kind: nil).isEmpty)
        #expect(try await acme.searchMemory(try MemorySearchQuery("canary")).isEmpty)
        #expect(try await globex.memory(theirs.id) == theirs)
    }

    @Test func damagedOrExposedDocumentsAreRefused() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let added = try await store.addMemory(try draft("n"))
        let path = test.directory(of: "acme") + "/memory/\(added.id).md"
        try overwrite(path, with: "no front matter")
        await #expect(throws: StoreError.self) { try await store.memory(added.id) }
        chmod(path, 0o644)
        await #expect(throws: FileSystemError.tooPermissive(path: path, mode: 0o644)) { try await store.memory(added.id) }
    }

    @Test func memorySurvivesReopening() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let added = try await store.addMemory(try draft("kept", body: "line one\nline two"))
        await store.close()
        let reopened = try await test.open("acme")
        #expect(try await reopened.memory(added.id) == added)
    }

    @Test func pinnedMemoryIsOldestFirstAndTheVersionMovesOnEveryChangeOnly() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let start = try await store.memoryVersion()
        let first = try await store.addMemory(try draft("first", pinned: true))
        test.clock.advance(by: 1)
        _ = try await store.addMemory(try draft("unpinned"))
        test.clock.advance(by: 1)
        let second = try await store.addMemory(try draft("second", pinned: true))
        #expect(try await store.pinnedMemory().map(\.id) == [first.id, second.id])
        let afterAdds = try await store.memoryVersion()
        #expect(afterAdds == start + 3)
        _ = try await store.listMemory(kind: nil)
        _ = try await store.memory(first.id)
        #expect(try await store.memoryVersion() == afterAdds)
        _ = try await store.updateMemory(first.id, with: try MemoryPatch(pinned: false))
        try await store.removeMemory(second.id)
        #expect(try await store.memoryVersion() == afterAdds + 2)
    }
}

@Suite("FileWorkspaceStore memory search")
struct FileStoreMemorySearchTests {
    @Test func titleMatchesOutrankTagMatchesOutrankBodyMatches() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let body = try await store.addMemory(try draft("Plain", body: "the launch launch launch plan"))
        let tag = try await store.addMemory(try draft("Tagged", body: "nothing", tags: ["launch"]))
        let title = try await store.addMemory(try draft("Launch notes", body: "nothing"))
        let hits = try await store.searchMemory(try MemorySearchQuery("launch"))
        #expect(hits.map(\.memory.id) == [title.id, tag.id, body.id])
        #expect(hits.map(\.score) == hits.map(\.score).sorted(by: >))
        #expect(hits.last?.snippet.contains("launch") == true)
    }

    @Test func prefixesMatchEveryTermMustMatchAndCaseAndAccentsAreIgnored() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let campaign = try await store.addMemory(try draft("Spring Campaign", body: "Café opening in Zürich"))
        _ = try await store.addMemory(try draft("Autumn", body: "campaign only"))
        #expect(try await store.searchMemory(try MemorySearchQuery("campa")).count == 2)
        #expect(try await store.searchMemory(try MemorySearchQuery("campaign spring")).map(\.memory.id) == [campaign.id])
        #expect(try await store.searchMemory(try MemorySearchQuery("cafe ZURICH")).map(\.memory.id) == [campaign.id])
        #expect(try await store.searchMemory(try MemorySearchQuery("amp")).isEmpty, "a word's middle is not a prefix")
        #expect(try await store.searchMemory(try MemorySearchQuery("* -- ()")).isEmpty)
    }

    @Test func cjkSubstringsAreFoundAndATitleHitRanksFirst() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let body = try await store.addMemory(try draft("Tokyo", body: "来週は東京都で会議"))
        let title = try await store.addMemory(try draft("東京の顧客", body: "notes"))
        _ = try await store.addMemory(try draft("Osaka", body: "大阪"))
        #expect(try await store.searchMemory(try MemorySearchQuery("東京")).map(\.memory.id) == [title.id, body.id])
        #expect(try await store.searchMemory(try MemorySearchQuery("京都で会")).map(\.memory.id) == [body.id])
    }

    @Test func kindFilterAndLimitHold() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        for index in 0..<5 { _ = try await store.addMemory(try draft("alpha \(index)", kind: index == 0 ? .persona : .note)) }
        #expect(try await store.searchMemory(try MemorySearchQuery("alpha", limit: 3)).count == 3)
        #expect(try await store.searchMemory(try MemorySearchQuery("alpha", kind: .persona)).count == 1)
    }

    @Test func retrievalWithAnyTermRanksDocumentsMatchingMoreTermsFirst() async throws {
        let test = try FileStoreHome()
        let store = try await test.create("acme")
        let one = try await store.addMemory(try draft("One", body: "budget"))
        let both = try await store.addMemory(try draft("Both", body: "budget and audience"))
        _ = try await store.addMemory(try draft("None", body: "unrelated"))
        let documents = try await store.retrieveMemory(try MemorySearchQuery("budget audience", matching: .any))
        #expect(documents.map(\.id) == [both.id, one.id])
        #expect(documents.first?.body == "budget and audience")
    }
}
