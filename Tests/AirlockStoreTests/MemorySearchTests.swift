import AirlockCore
import AirlockStore
import AirlockTestSupport
import Foundation
import Testing

@Suite("WorkspaceStore memory search")
struct MemorySearchTests {
    private func search(_ store: any WorkspaceStore, _ text: String, limit: Int = 20, kind: MemoryKind? = nil) async throws -> [MemoryID] {
        try await store.searchMemory(try MemorySearchQuery(text, limit: limit, kind: kind)).map(\.memory.id)
    }

    @Test func titleMatchRanksAboveBodyOnlyMatch() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let bodyOnly = try await store.addMemory(try draft("Quarterly notes", body: "We discussed the spring launch and budget."))
            let inTitle = try await store.addMemory(try draft("Spring launch", body: "Details to follow."))
            _ = try await store.addMemory(try draft("Unrelated", body: "Nothing to see."))
            let hits = try await store.searchMemory(try MemorySearchQuery("launch"))
            #expect(hits.map(\.memory.id) == [inTitle.id, bodyOnly.id])
            #expect(hits[0].score > hits[1].score)
        }
    }

    @Test func prefixOfAWordMatches() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let doc = try await store.addMemory(try draft("Holiday", body: "The campaign starts in December."))
            #expect(try await search(store, "campa") == [doc.id])
            #expect(try await search(store, "CAMPAIGN") == [doc.id])
            #expect(try await search(store, "ampaign") == [])
        }
    }

    @Test func everyTermMustMatch() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let both = try await store.addMemory(try draft("Spring", body: "Launch of the spring campaign"))
            _ = try await store.addMemory(try draft("Autumn", body: "Launch of the autumn campaign"))
            #expect(try await search(store, "spring launch") == [both.id])
            #expect(try await search(store, "spring winter") == [])
        }
    }

    @Test func tagsAreSearched() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let tagged = try await store.addMemory(try draft("Plain", body: "plain", tags: ["pricing"]))
            #expect(try await search(store, "pricing") == [tagged.id])
        }
    }

    @Test func kindFilterLimitsResults() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let campaign = try await store.addMemory(try draft("Launch plan", kind: .campaign))
            _ = try await store.addMemory(try draft("Launch notes", kind: .note))
            #expect(try await search(store, "launch", kind: .campaign) == [campaign.id])
            #expect(try await search(store, "launch").count == 2)
        }
    }

    @Test func limitCapsTheNumberOfHits() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            for index in 0..<5 { _ = try await store.addMemory(try draft("Launch \(index)")) }
            #expect(try await search(store, "launch", limit: 2).count == 2)
            #expect(try await search(store, "launch", limit: 10).count == 5)
        }
    }

    @Test func twoCharacterKanjiTermIsFound() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let tokyo = try await store.addMemory(try draft("出張", body: "来週は東京で打ち合わせ"))
            _ = try await store.addMemory(try draft("出張", body: "来週は大阪で打ち合わせ"))
            #expect(try await search(store, "東京") == [tokyo.id])
        }
    }

    @Test func longerKatakanaTermIsFoundAsASubstring() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let doc = try await store.addMemory(try draft("春の計画", body: "新しいキャンペーンを四月に開始する"))
            _ = try await store.addMemory(try draft("秋の計画", body: "新しい広告を十月に開始する"))
            #expect(try await search(store, "キャンペーン") == [doc.id])
            #expect(try await search(store, "キャンペーン 四月") == [doc.id])
            #expect(try await search(store, "キャンペーン 十月") == [])
        }
    }

    @Test func substringTitleMatchRanksFirst() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let inBody = try await store.addMemory(try draft("計画", body: "東京のキャンペーン"))
            let inTitle = try await store.addMemory(try draft("東京キャンペーン", body: "詳細"))
            #expect(try await search(store, "キャンペーン") == [inTitle.id, inBody.id])
            #expect(try await search(store, "東京") == [inTitle.id, inBody.id])
        }
    }

    @Test(arguments: [
        "\"", "\"\"", "\"launch", "launch\"", "*", "launch*", "OR", "launch OR secret", "NEAR(launch secret)", "NEAR(",
        "-", "-launch", "launch -secret", ":", "title:secret", "body:hidden", "(", ")", "^launch", "AND", "NOT", "+", "{title}: x",
        "%", "_", "\\", "'", "';--", "東京\"", "キャンペーン OR", "キャンペーン*", "%東京%", "%京", "_京", "東_",
    ])
    func queryNeverParsesFTSSyntax(_ text: String) async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            _ = try await store.addMemory(try draft("Secret plan", body: "hidden details"))
            _ = try await store.addMemory(try draft("東京", body: "大阪"))
            let hits = try await store.searchMemory(try MemorySearchQuery(text))
            #expect(hits.isEmpty, "query \(text.debugDescription) found \(hits.map(\.memory.title))")
        }
    }

    @Test(arguments: ["secret*", "-secret", "secret:", "(secret)", "\"secret\"", "secret OR"])
    func syntaxCharactersAroundAWordAreIgnoredNotInterpreted(_ text: String) async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let secret = try await store.addMemory(try draft("Secret plan", body: "hidden details or more"))
            _ = try await store.addMemory(try draft("Public plan", body: "open details"))
            #expect(try await search(store, text) == [secret.id])
        }
    }

    @Test func quotesInATermAreMatchedLiterally() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let doc = try await store.addMemory(try draft("Launch", body: "the \"launch\" day"))
            #expect(try await search(store, "\"launch\"") == [doc.id])
            #expect(try await search(store, "launch:") == [doc.id])
        }
    }

    @Test func indexFollowsUpdates() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let doc = try await store.addMemory(try draft("Spring launch", body: "東京で開始"))
            _ = try await store.updateMemory(doc.id, with: try MemoryPatch(title: "Autumn launch", body: "大阪で開始"))
            #expect(try await search(store, "spring") == [])
            #expect(try await search(store, "autumn") == [doc.id])
            #expect(try await search(store, "東京") == [])
            #expect(try await search(store, "大阪") == [doc.id])
            let hits = try await store.searchMemory(try MemorySearchQuery("autumn"))
            #expect(hits.first?.memory.title == "Autumn launch")
        }
    }

    @Test func indexFollowsRemovals() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            let removed = try await store.addMemory(try draft("Spring launch", body: "キャンペーン"))
            let kept = try await store.addMemory(try draft("Spring sale", body: "キャンペーン"))
            try await store.removeMemory(removed.id)
            #expect(try await search(store, "spring") == [kept.id])
            #expect(try await search(store, "launch") == [])
            #expect(try await search(store, "キャンペーン") == [kept.id])
        }
    }

    @Test func snippetIsOneLineFromTheDocument() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        try await test.withStore(acme) { store in
            _ = try await store.addMemory(try draft("Notes", body: "first line\nthe budget is fixed\nlast line"))
            let hit = try #require(try await store.searchMemory(try MemorySearchQuery("budget")).first)
            #expect(hit.snippet.contains("budget"))
            #expect(!hit.snippet.contains("\n"))
        }
    }

    @Test func searchNeverReturnsAnotherWorkspacesDocuments() async throws {
        let test = try TestHome()
        let acme = try await test.createWorkspace("acme")
        let globex = try await test.createWorkspace("globex")
        let canary = Canary.make("globex")
        try await test.withStore(globex) { store in
            _ = try await store.addMemory(try draft("Launch \(canary)", body: "東京 キャンペーン launch"))
        }
        try await test.withStore(acme) { store in
            for text in ["launch", canary, "東京", "キャンペーン"] {
                let found = try await search(store, text)
                #expect(found.isEmpty)
            }
        }
    }
}
