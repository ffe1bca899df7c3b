import AirlockCore
@testable import AirlockPostgres
import AirlockTestSupport
import Foundation
import Testing

/// Memory in the PostgreSQL store: the same contract as the SQLite store's memory tests.
@Suite("PostgreSQL workspace store: memory", .serialized, .timeLimit(.minutes(5)))
struct PostgresStoreMemoryTests {
    private func withStore(_ body: (PostgresWorkspaceStore, StoreHarness) async throws -> Void) async throws {
        try await StoreHarness.with { harness in try await body(try await harness.create(harness.acme), harness) }
    }

    private func search(_ store: PostgresWorkspaceStore, _ text: String, limit: Int = 20, kind: MemoryKind? = nil) async throws -> [MemoryID] {
        try await store.searchMemory(try MemorySearchQuery(text, limit: limit, kind: kind)).map(\.memory.id)
    }

    @Test func addedMemoryCanBeReadBackVerbatim() async throws {
        try await withStore { store, _ in
            let added = try await store.addMemory(try memoryDraft("Brand voice ✨ 東京", body: "Say \u{1B}[31mhi\u{1B}[0m\nline two", kind: .brandVoice,
                                                                 tags: ["tone", "voice"], pinned: true))
            #expect(try await store.memory(added.id) == added)
        }
    }

    @Test func listingPutsPinnedFirstThenNewestAndFiltersByKind() async throws {
        try await withStore { store, harness in
            let old = try await store.addMemory(try memoryDraft("Old"))
            harness.clock.advance(by: 1)
            let pinned = try await store.addMemory(try memoryDraft("Pinned", kind: .persona, pinned: true))
            harness.clock.advance(by: 1)
            let new = try await store.addMemory(try memoryDraft("New"))
            #expect(try await store.listMemory(kind: nil).map(\.id) == [pinned.id, new.id, old.id])
            #expect(try await store.listMemory(kind: .persona).map(\.id) == [pinned.id])
        }
    }

    @Test func updateRemoveAndTheMemoryVersion() async throws {
        try await withStore { store, harness in
            let start = try await store.memoryVersion()
            let doc = try await store.addMemory(try memoryDraft("Draft", body: "old body", tags: ["a"]))
            let added = try await store.memoryVersion()
            #expect(added > start)
            _ = try await store.memory(doc.id)
            #expect(try await store.memoryVersion() == added, "reads do not move it")
            harness.clock.advance(by: 5)
            let updated = try await store.updateMemory(doc.id, with: try MemoryPatch(title: "Final", pinned: true))
            #expect(updated.title == "Final" && updated.body == "old body" && updated.pinned && updated.tags == ["a"])
            #expect(updated.updatedAt > doc.updatedAt)
            #expect(try await store.memory(doc.id) == updated)
            #expect(try await store.pinnedMemory() == [updated])
            let afterUpdate = try await store.memoryVersion()
            #expect(afterUpdate > added)
            try await store.removeMemory(doc.id)
            #expect(try await store.memoryVersion() > afterUpdate)
            await #expect(throws: StoreError.memoryNotFound(doc.id)) { try await store.memory(doc.id) }
            await #expect(throws: StoreError.memoryNotFound(doc.id)) { try await store.updateMemory(doc.id, with: try MemoryPatch(title: "x")) }
            await #expect(throws: StoreError.memoryNotFound(doc.id)) { try await store.removeMemory(doc.id) }
        }
    }

    @Test func everyMemoryOperationAppendsOneEvent() async throws {
        try await withStore { store, _ in
            let before = try await store.auditEvents(last: nil).count
            let doc = try await store.addMemory(try memoryDraft("Brief"))
            _ = try await store.memory(doc.id)
            _ = try await store.listMemory(kind: .note)
            _ = try await store.updateMemory(doc.id, with: try MemoryPatch(body: "new"))
            _ = try await store.searchMemory(try MemorySearchQuery("brief"))
            _ = try await store.retrieveMemory(try MemorySearchQuery("brief"))
            _ = try await store.pinnedMemory()
            _ = try await store.memoryVersion()
            try await store.removeMemory(doc.id)
            let events = Array(try await store.auditEvents(last: nil).dropFirst(before + 1))
            #expect(events.map(\.action) == ["memory.add", "memory.read", "memory.list", "memory.update", "memory.search", "memory.retrieve",
                                             "memory.read", "memory.remove"])
            #expect(events.map(\.resource) == ["memory/\(doc.id)", "memory/\(doc.id)", "memory?kind=note", "memory/\(doc.id)", "memory", "memory",
                                               "memory?pinned", "memory/\(doc.id)"])
            #expect(try await store.verifyAudit() == .intact(events: Int64(before + 10)))
        }
    }

    @Test func titleMatchesOutrankTagMatchesOutrankBodyMatches() async throws {
        try await withStore { store, _ in
            let inBody = try await store.addMemory(try memoryDraft("Quarterly notes", body: "We discussed the spring launch and budget."))
            let inTags = try await store.addMemory(try memoryDraft("Plans", body: "Details.", tags: ["launch"]))
            let inTitle = try await store.addMemory(try memoryDraft("Spring launch", body: "Details to follow."))
            _ = try await store.addMemory(try memoryDraft("Unrelated", body: "Nothing to see."))
            let hits = try await store.searchMemory(try MemorySearchQuery("launch"))
            #expect(hits.map(\.memory.id) == [inTitle.id, inTags.id, inBody.id])
            #expect(hits[0].score > hits[1].score && hits[1].score > hits[2].score)
            #expect(hits[2].snippet.contains("spring launch"))
        }
    }

    @Test func prefixesMatchEveryTermIsRequiredAndKindAndLimitHold() async throws {
        try await withStore { store, _ in
            let both = try await store.addMemory(try memoryDraft("Spring", body: "Launch of the spring campaign", kind: .campaign))
            _ = try await store.addMemory(try memoryDraft("Autumn", body: "Launch of the autumn campaign"))
            #expect(try await search(store, "campa").count == 2)
            #expect(try await search(store, "CAMPAIGN").count == 2)
            #expect(try await search(store, "ampaign").isEmpty)
            #expect(try await search(store, "spring launch") == [both.id])
            #expect(try await search(store, "spring winter").isEmpty)
            #expect(try await search(store, "launch", kind: .campaign) == [both.id])
            #expect(try await search(store, "launch", limit: 1).count == 1)
        }
    }

    @Test func searchFollowsUpdatesAndRemovals() async throws {
        try await withStore { store, _ in
            let doc = try await store.addMemory(try memoryDraft("Winter sale", body: "snow"))
            _ = try await store.updateMemory(doc.id, with: try MemoryPatch(title: "Summer sale", body: "東京の海"))
            #expect(try await search(store, "winter").isEmpty)
            #expect(try await search(store, "summer") == [doc.id])
            #expect(try await search(store, "東京") == [doc.id])
            try await store.removeMemory(doc.id)
            #expect(try await search(store, "summer").isEmpty)
            #expect(try await search(store, "東京").isEmpty)
        }
    }

    @Test func retrievalWithAnyTermRanksDocumentsMatchingMoreTermsFirst() async throws {
        try await withStore { store, _ in
            let one = try await store.addMemory(try memoryDraft("Pricing", body: "Our pricing page"))
            let two = try await store.addMemory(try memoryDraft("Pricing launch", body: "Pricing for the launch"))
            _ = try await store.addMemory(try memoryDraft("Other", body: "Nothing"))
            let documents = try await store.retrieveMemory(try MemorySearchQuery("launch pricing", matching: .any))
            #expect(documents.map(\.id) == [two.id, one.id])
        }
    }

    @Test func unsegmentedScriptsAreMatchedAsSubstringsTitleFirst() async throws {
        try await withStore { store, _ in
            let inBody = try await store.addMemory(try memoryDraft("計画", body: "来週は東京でキャンペーン、四月に開始"))
            let inTitle = try await store.addMemory(try memoryDraft("東京キャンペーン", body: "詳細"))
            _ = try await store.addMemory(try memoryDraft("出張", body: "来週は大阪で打ち合わせ"))
            #expect(try await search(store, "東京") == [inTitle.id, inBody.id])
            #expect(try await search(store, "キャンペーン") == [inTitle.id, inBody.id])
            #expect(try await search(store, "キャンペーン 四月") == [inBody.id])
            #expect(try await search(store, "キャンペーン 十月").isEmpty)
        }
    }

    @Test(arguments: [
        "\"", "\"\"", "\"launch", "launch\"", "*", "launch*", "OR", "launch OR secret", "NEAR(launch secret)", "NEAR(",
        "-", "-launch", "launch -secret", ":", "title:secret", "body:hidden", "(", ")", "^launch", "AND", "NOT", "+", "{title}: x",
        "%", "_", "\\", "'", "';--", "!", "&", "|", "<->", "secret:*B", "'secret' & !'zzz'", "東京\"", "キャンペーン OR", "%東京%", "%京", "_京", "東_",
    ])
    func queryNeverParsesSearchSyntax(_ text: String) async throws {
        try await withStore { store, _ in
            _ = try await store.addMemory(try memoryDraft("Secret plan", body: "hidden details"))
            _ = try await store.addMemory(try memoryDraft("東京", body: "大阪"))
            let hits = try await store.searchMemory(try MemorySearchQuery(text))
            #expect(hits.isEmpty, "query \(text.debugDescription) found \(hits.map(\.memory.title))")
        }
    }

    @Test(arguments: ["secret*", "-secret", "secret:", "(secret)", "\"secret\"", "secret OR", "'secret'", "secret&", "!secret"])
    func syntaxCharactersAroundAWordAreIgnoredNotInterpreted(_ text: String) async throws {
        try await withStore { store, _ in
            let secret = try await store.addMemory(try memoryDraft("Secret plan", body: "hidden details or more"))
            _ = try await store.addMemory(try memoryDraft("Public plan", body: "open details"))
            #expect(try await search(store, text) == [secret.id])
        }
    }
}
