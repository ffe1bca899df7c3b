import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// The memory search ranking contract on every backend: title above tags above body,
/// prefixes, every term, CJK substrings, query syntax kept as data, kind filter and limit.
///
/// Scores and snippets are engine-specific (FTS5 `bm25`, `ts_rank`, a scan): only their
/// common contract is asserted — a better match scores higher, a snippet is one line of
/// the document containing the term.
@Suite("Conformance: memory search", .serialized)
struct SearchConformanceTests {
    @Test(arguments: StoreBackend.allCases)
    func titleRanksAboveTagsAboveBody(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let inBody = try await store.addMemory(try draft("Quarterly notes", body: "We discussed the spring launch and budget."))
            let inTags = try await store.addMemory(try draft("Plans", body: "Details to follow.", tags: ["launch"]))
            let inTitle = try await store.addMemory(try draft("Spring launch", body: "Details to follow."))
            _ = try await store.addMemory(try draft("Unrelated", body: "Nothing to see."))
            let hits = try await store.searchMemory(try MemorySearchQuery("launch"))
            #expect(hits.map(\.memory.id) == [inTitle.id, inTags.id, inBody.id])
            #expect(hits[0].score > hits[1].score && hits[1].score > hits[2].score)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func prefixesMatchCaseInsensitivelyAndEveryTermMustMatch(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let spring = try await store.addMemory(try draft("Spring", body: "Launch of the spring campaign in December."))
            _ = try await store.addMemory(try draft("Autumn", body: "Launch of the autumn push"))
            #expect(try await search(store, "campa") == [spring.id])
            #expect(try await search(store, "CAMPAIGN") == [spring.id])
            #expect(try await search(store, "ampaign") == [], "a word's middle is not a prefix")
            #expect(try await search(store, "spring launch") == [spring.id])
            #expect(try await search(store, "spring winter") == [])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func accentsAndCaseAreIgnoredInMemoryAndMessageSearch(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let cafe = try await store.addMemory(try draft("Spring Campaign", body: "Café opening in Zürich"))
            _ = try await store.addMemory(try draft("Autumn", body: "cafeteria menu in Basel"))
            #expect(try await search(store, "cafe ZURICH") == [cafe.id])
            #expect(try await search(store, "CAFÉ zürich") == [cafe.id])
            let hit = try #require(try await store.searchMemory(try MemorySearchQuery("zurich")).first)
            #expect(hit.snippet.contains("Zürich"), "the excerpt is centred on the accented word: \(hit.snippet)")
            let session = try await store.createSession(title: "Trip")
            _ = try await store.appendMessage(try message("Meet at the Crème brûlée café"), to: session.key)
            #expect(try await store.searchMessages(try MessageSearchQuery("creme brulee")).count == 1)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func cjkTermsMatchAsSubstringsWithTitleFirst(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let tokyo = try await store.addMemory(try draft("出張", body: "来週は東京で打ち合わせ"))
            _ = try await store.addMemory(try draft("出張", body: "来週は大阪で打ち合わせ"))
            #expect(try await search(store, "東京") == [tokyo.id])
            #expect(try await search(store, "京で打ち") == [tokyo.id], "a substring across characters of any script")
            let spring = try await store.addMemory(try draft("春の計画", body: "新しいキャンペーンを四月に開始する"))
            _ = try await store.addMemory(try draft("秋の計画", body: "新しい広告を十月に開始する"))
            #expect(try await search(store, "キャンペーン 四月") == [spring.id])
            #expect(try await search(store, "キャンペーン 十月") == [])
            let inTitle = try await store.addMemory(try draft("東京キャンペーン", body: "詳細"))
            #expect(try await search(store, "キャンペーン") == [inTitle.id, spring.id])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func querySyntaxIsHarmless(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let secret = try await store.addMemory(try draft("Secret plan", body: "hidden details"))
            _ = try await store.addMemory(try draft("東京", body: "大阪"))
            for text in ["\"", "\"\"", "*", "OR", "NEAR(", "-", ":", "(", ")", "^", "AND", "NOT", "+", "%", "_", "\\", "'", "';--",
                         "title:public", "{title}: x", "%東京%x", "_京x", "東_", "キャンペーン OR", "&", "|", "!", "<->", "a & !b",
                         "\"launch", "launch\"", "launch*", "launch OR secret", "NEAR(launch secret)", "-launch", "launch -secret",
                         "title:secret", "body:hidden", "^launch", "secret:*B", "'secret' & !'zzz'", "東京\"", "%東京%", "%京", "_京", "* -- ()"] {
                let hits = try await store.searchMemory(try MemorySearchQuery(text))
                #expect(hits.isEmpty, "query \(text.debugDescription) found \(hits.map(\.memory.title))")
            }
            _ = try await store.updateMemory(secret.id, with: try MemoryPatch(body: "hidden details or more"))
            _ = try await store.addMemory(try draft("Public plan", body: "open details"))
            for text in ["secret*", "-secret", "secret:", "(secret)", "\"secret\"", "secret&", "!secret", "secret OR", "'secret'"] {
                #expect(try await search(store, text) == [secret.id], "query \(text.debugDescription)")
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func kindFilterLimitAndIndexFollowChanges(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            let campaign = try await store.addMemory(try draft("Launch plan", kind: .campaign))
            for index in 0..<4 { _ = try await store.addMemory(try draft("Launch note \(index)")) }
            #expect(try await search(store, "launch", kind: .campaign) == [campaign.id])
            #expect(try await search(store, "launch", limit: 2).count == 2)
            #expect(try await search(store, "launch", limit: 10).count == 5)
            _ = try await store.updateMemory(campaign.id, with: try MemoryPatch(title: "Autumn push", body: "大阪で開始"))
            #expect(try await search(store, "autumn") == [campaign.id])
            #expect(try await search(store, "大阪") == [campaign.id])
            #expect(try await search(store, "launch", kind: .campaign) == [])
            try await store.removeMemory(campaign.id)
            #expect(try await search(store, "autumn") == [])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aSnippetIsOneLineOfTheDocument(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            _ = try await bench.acme.addMemory(try draft("Notes", body: "first line\nthe budget is fixed\nlast line"))
            let hit = try #require(try await bench.acme.searchMemory(try MemorySearchQuery("budget")).first)
            #expect(hit.snippet.contains("budget"))
            #expect(!hit.snippet.contains("\n"))
        }
    }
}
