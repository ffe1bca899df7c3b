import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

@Suite("airlock memory")
struct MemoryCommandTests {
    /// Adds a memory document through the CLI and returns its JSON.
    private func add(_ home: CLIHome, _ arguments: [String], stdin: String = "", sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        let result = try await home.run(["memory", "add", "--workspace", "acme", "--json"] + arguments, stdin: stdin)
        expectSuccess(result, sourceLocation: sourceLocation)
        return try jsonObject(result.stdout, sourceLocation: sourceLocation)
    }

    /// `memory show --json` of document `id`.
    private func show(_ home: CLIHome, _ id: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        let result = try await home.run(["memory", "show", "--workspace", "acme", id, "--json"])
        expectSuccess(result, sourceLocation: sourceLocation)
        return try jsonObject(result.stdout, sourceLocation: sourceLocation)
    }

    // MARK: - add

    @Test func addWithBodyOptionStoresEveryField() async throws {
        let home = try CLIHome()
        try await home.createWorkspace("Acme", id: "acme")

        let added = try await add(home, ["--kind", "brand-voice", "--title", "  Voice  ", "--body", "Warm and direct.", "--tags", "Tone,web,tone", "--pinned"])

        #expect(keys(added) == ["body", "created_at", "id", "kind", "pinned", "tags", "title", "updated_at"])
        let id = try #require(added["id"] as? String)
        #expect(id.hasPrefix("m-") && id.count == 14)
        #expect(added["kind"] as? String == "brand_voice")
        #expect(added["title"] as? String == "Voice")
        #expect(added["body"] as? String == "Warm and direct.")
        #expect(added["tags"] as? [String] == ["tone", "web"])
        #expect(added["pinned"] as? Bool == true)
        #expect(added["created_at"] as? String == added["updated_at"] as? String)

        let shown = try await show(home, id)
        #expect(NSDictionary(dictionary: shown) == NSDictionary(dictionary: added))
    }

    @Test func addReadsBodyFromStdinWhenBodyIsDashOrOmitted() async throws {
        let home = try CLIHome()
        try await home.createWorkspace("Acme", id: "acme")
        let text = "line one\n  line two\twith tab\n\nlast line\n"

        let dash = try await add(home, ["--kind", "note", "--title", "Dash", "--body", "-"], stdin: text)
        let omitted = try await add(home, ["--kind", "note", "--title", "Omitted"], stdin: text)

        for document in [dash, omitted] {
            let id = try #require(document["id"] as? String)
            #expect(try await show(home, id)["body"] as? String == text)
            #expect(document["tags"] as? [String] == [])
            #expect(document["pinned"] as? Bool == false)
        }
    }

    @Test func addHumanOutputNamesIdKindAndTitle() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")

        let result = try await home.run(["memory", "add", "--workspace", "acme", "--kind", "persona", "--title", "Buyer Bob", "--body", "Runs a cafe."])
        expectSuccess(result)
        let listed = try jsonArray(try await home.run(["memory", "list", "--workspace", "acme", "--json"]).stdout)
        let id = try #require(listed.first?["id"] as? String)
        #expect(listed.count == 1)
        #expect(result.stdout == "Added memory \(id) (persona): Buyer Bob\n")
    }

    // MARK: - list

    @Test func listPutsPinnedFirstThenNewestAndFiltersByKind() async throws {
        let home = try CLIHome()
        let workspace = try await home.test.createWorkspace("acme")
        let (a, b, c) = try await home.test.withStore(workspace) { store in
            let a = try await store.addMemory(MemoryDraft(kind: .note, title: "Old note", body: "first"))
            home.test.clock.advance(by: 60)
            let b = try await store.addMemory(MemoryDraft(kind: .persona, title: "Buyer persona", body: "second", tags: ["retail"], pinned: true))
            home.test.clock.advance(by: 60)
            let c = try await store.addMemory(MemoryDraft(kind: .note, title: "New note", body: "third", tags: ["web", "q3"]))
            return (a.id.rawValue, b.id.rawValue, c.id.rawValue)
        }
        let token = ["AIRLOCK_TOKEN": workspace.token.revealed]

        let json = await try home.run(["memory", "list", "--workspace", "acme", "--json"], environment: token)
        expectSuccess(json)
        let summaries = try jsonArray(json.stdout)
        #expect(summaries.map { $0["id"] as? String } == [b, c, a])
        #expect(summaries.map(keys).allSatisfy { $0 == ["id", "kind", "pinned", "tags", "title", "updated_at"] })
        #expect(summaries.first?["updated_at"] as? String == "2026-01-01T00:01:00Z")

        let human = await try home.run(["memory", "list", "--workspace", "acme"], environment: token)
        expectSuccess(human)
        #expect(human.stdout == """
            ID              KIND     PIN  UPDATED               TITLE
            \(b)  persona  yes  2026-01-01T00:01:00Z  Buyer persona  [retail]
            \(c)  note     -    2026-01-01T00:02:00Z  New note  [web, q3]
            \(a)  note     -    2026-01-01T00:00:00Z  Old note

            """)

        let notes = await try home.run(["memory", "list", "--workspace", "acme", "--kind", "note", "--json"], environment: token)
        expectSuccess(notes)
        #expect(try jsonArray(notes.stdout).map { $0["id"] as? String } == [c, a])
    }

    @Test func listOfEmptyWorkspaceSaysSo() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")
        let human = try await home.run(["memory", "list", "--workspace", "acme"])
        expectSuccess(human)
        #expect(human.stdout == "No memory documents.\n")
        let json = try await home.run(["memory", "list", "--workspace", "acme", "--json"])
        expectSuccess(json)
        #expect(try jsonArray(json.stdout).isEmpty)
    }

    // MARK: - search

    @Test func searchFindsDocumentsByWordAndKind() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")
        let espresso = await try #require(try add(home, ["--kind", "note", "--title", "Roastery", "--body", "We roast espresso beans daily."])["id"] as? String)
        _ = await try add(home, ["--kind", "campaign", "--title", "Summer", "--body", "Iced tea promotion."])

        let json = try await home.run(["memory", "search", "--workspace", "acme", "espresso", "--json"])
        expectSuccess(json)
        let hits = try jsonArray(json.stdout)
        try #require(hits.count == 1)
        #expect(keys(hits[0]) == ["memory", "score", "snippet"])
        let memory = try #require(hits[0]["memory"] as? [String: Any])
        #expect(memory["id"] as? String == espresso)
        #expect(memory["title"] as? String == "Roastery")
        #expect((hits[0]["snippet"] as? String)?.contains("espresso") == true)

        let human = try await home.run(["memory", "search", "--workspace", "acme", "espre"])
        expectSuccess(human)
        let lines = human.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 2)
        #expect(lines[0] == "\(espresso)  note  Roastery")
        #expect(lines[1].hasPrefix("    ") && lines[1].contains("espresso"))

        let wrongKind = try await home.run(["memory", "search", "--workspace", "acme", "espresso", "--kind", "campaign"])
        expectSuccess(wrongKind)
        #expect(wrongKind.stdout == "No matches.\n")

        let none = try await home.run(["memory", "search", "--workspace", "acme", "cappuccino"])
        expectSuccess(none)
        #expect(none.stdout == "No matches.\n")
    }

    // MARK: - show

    @Test func showPrintsDocumentExactly() async throws {
        let home = try CLIHome()
        let workspace = try await home.test.createWorkspace("acme")
        let id = try await home.test.withStore(workspace) { store in
            try await store.addMemory(MemoryDraft(kind: .competitive, title: "Rival Roasters", body: "Cheaper beans.\nSlower service.", tags: ["pricing", "rivals"])).id.rawValue
        }

        let result = await try home.run(["memory", "show", "--workspace", "acme", id], environment: ["AIRLOCK_TOKEN": workspace.token.revealed])

        expectSuccess(result)
        #expect(result.stdout == """
            Rival Roasters
            id: \(id)   kind: competitive   pinned: no
            tags: pricing, rivals
            created: 2026-01-01T00:00:00Z   updated: 2026-01-01T00:00:00Z

            Cheaper beans.
            Slower service.

            """)
    }

    @Test func showNeutralizesEscapeSequencesWhileJSONRoundTripsThem() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")
        let body = "before \u{1B}]0;PWNED\u{07} middle \u{1B}[31mred\u{1B}[0m after \u{9B}2J"
        let id = await try #require(try add(home, ["--kind", "note", "--title", "Hostile", "--body", body])["id"] as? String)

        let human = try await home.run(["memory", "show", "--workspace", "acme", id])
        expectSuccess(human)
        #expect(!containsTerminalControl(human.stdout))
        #expect(human.stdout.hasSuffix("\n\nbefore \u{241B}]0;PWNED\u{2407} middle \u{241B}[31mred\u{241B}[0m after \u{FFFD}2J\n"))

        let json = try await home.run(["memory", "show", "--workspace", "acme", id, "--json"])
        expectSuccess(json)
        #expect(!containsTerminalControl(json.stdout))
        #expect(json.stdout.contains("\\u001b]0;PWNED\\u0007"))
        #expect(try jsonObject(json.stdout)["body"] as? String == body)

        let listed = try await home.run(["memory", "list", "--workspace", "acme", "--json"])
        expectSuccess(listed)
        #expect(!containsTerminalControl(listed.stdout))

        let search = try await home.run(["memory", "search", "--workspace", "acme", "PWNED"])
        expectSuccess(search)
        #expect(search.stdout.hasPrefix("\(id)  note  Hostile\n"))
        #expect(!containsTerminalControl(search.stdout))

        let searchJSON = try await home.run(["memory", "search", "--workspace", "acme", "PWNED", "--json"])
        expectSuccess(searchJSON)
        #expect(!containsTerminalControl(searchJSON.stdout))
    }

    @Test func showOfUnknownDocumentFails() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")
        expectFailure(try await home.run(["memory", "show", "--workspace", "acme", "m-doesnotexist"]),
                      "no memory document m-doesnotexist in this workspace")
    }

    // MARK: - edit

    @Test func editChangesOnlyTheGivenFields() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")
        let original = await try add(home, ["--kind", "note", "--title", "Draft", "--body", "Original body.", "--tags", "a,b"])
        let id = try #require(original["id"] as? String)

        let retitled = try await home.run(["memory", "edit", "--workspace", "acme", id, "--title", "Final"])
        expectSuccess(retitled)
        #expect(retitled.stdout == "Updated memory \(id): Final\n")
        var shown = await try show(home, id)
        #expect(shown["title"] as? String == "Final")
        #expect(shown["body"] as? String == "Original body.")
        #expect(shown["kind"] as? String == "note")
        #expect(shown["tags"] as? [String] == ["a", "b"])
        #expect(shown["pinned"] as? Bool == false)
        #expect(shown["created_at"] as? String == original["created_at"] as? String)

        expectSuccess(try await home.run(["memory", "edit", "--workspace", "acme", id, "--body", "-"], stdin: "New body\nfrom stdin.\n"))
        expectSuccess(try await home.run(["memory", "edit", "--workspace", "acme", id, "--kind", "campaign", "--tags", "Launch,q4", "--pin"]))
        shown = await try show(home, id)
        #expect(shown["title"] as? String == "Final")
        #expect(shown["body"] as? String == "New body\nfrom stdin.\n")
        #expect(shown["kind"] as? String == "campaign")
        #expect(shown["tags"] as? [String] == ["launch", "q4"])
        #expect(shown["pinned"] as? Bool == true)

        let unpinned = try await home.run(["memory", "edit", "--workspace", "acme", id, "--unpin", "--tags", "", "--json"])
        expectSuccess(unpinned)
        let object = try jsonObject(unpinned.stdout)
        #expect(object["pinned"] as? Bool == false)
        #expect(object["tags"] as? [String] == [])
        #expect(object["kind"] as? String == "campaign")
        #expect(object["body"] as? String == "New body\nfrom stdin.\n")
    }

    @Test func editWithNothingToChangeFailsAndChangesNothing() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")
        let original = await try add(home, ["--kind", "note", "--title", "Draft", "--body", "Body."])
        let id = try #require(original["id"] as? String)

        expectFailure(try await home.run(["memory", "edit", "--workspace", "acme", id]),
                      "invalid edit: nothing to change; give a new kind, title, body, tags or pin state")
        expectFailure(try await home.run(["memory", "edit", "--workspace", "acme", id, "--title", " "]), "invalid title: it is empty")
        expectFailure(try await home.run(["memory", "edit", "--workspace", "acme", id, "--kind", "gossip"]),
                      "invalid memory kind: \"gossip\" is not one of brand_voice, persona, competitive, campaign, note")

        #expect(NSDictionary(dictionary: try await show(home, id)) == NSDictionary(dictionary: original))
    }

    // MARK: - rm

    @Test func rmRemovesTheDocument() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")
        let keep = await try #require(try add(home, ["--kind", "note", "--title", "Keep", "--body", "k"])["id"] as? String)
        let drop = await try #require(try add(home, ["--kind", "note", "--title", "Drop", "--body", "d"])["id"] as? String)

        let removed = try await home.run(["memory", "rm", "--workspace", "acme", drop])
        expectSuccess(removed)
        #expect(removed.stdout == "Removed memory \(drop).\n")

        expectFailure(try await home.run(["memory", "show", "--workspace", "acme", drop]), "no memory document \(drop) in this workspace")
        expectFailure(try await home.run(["memory", "rm", "--workspace", "acme", drop]), "no memory document \(drop) in this workspace")
        let listed = try jsonArray(try await home.run(["memory", "list", "--workspace", "acme", "--json"]).stdout)
        #expect(listed.map { $0["id"] as? String } == [keep])
    }

    // MARK: - workspaces stay apart

    @Test func documentsOfOneWorkspaceAreNotFoundThroughAnother() async throws {
        let home = try CLIHome()
        await try home.createWorkspace("Acme", id: "acme")
        await try home.createWorkspace("Other", id: "other")
        let id = await try #require(try add(home, ["--kind", "note", "--title", "Secret plan", "--body", "acme only"])["id"] as? String)

        expectFailure(try await home.run(["memory", "show", "--workspace", "other", id]), "no memory document \(id) in this workspace")
        let listed = try await home.run(["memory", "list", "--workspace", "other"])
        expectSuccess(listed)
        #expect(listed.stdout == "No memory documents.\n")
        let search = try await home.run(["memory", "search", "--workspace", "other", "secret"])
        expectSuccess(search)
        #expect(search.stdout == "No matches.\n")
    }
}
