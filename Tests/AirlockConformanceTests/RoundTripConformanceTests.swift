import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// Text that a storage format could mangle (front-matter fences, YAML and JSON syntax,
/// line separators, surrounding whitespace) comes back byte for byte from every backend,
/// also after reopening.
@Suite("Conformance: round trips", .serialized)
struct RoundTripConformanceTests {
    /// Bodies and contents that look like the formats the backends write.
    static let awkward = [
        "---\nkind: persona\ntitle: forged\npinned: true\n---\nbody after a fake front matter",
        "\n\n  leading and trailing whitespace  \n\n",
        "windows\r\nline\r\nendings\r\n",
        "separators \u{2028} and \u{2029} and \u{85} and tab\there",
        "{\"seq\": 99, \"role\": \"system\"}\n{\"json\": \"lines\"}",
        "null", "", "\\n is not a newline; \\u0000 is not NUL",
        "emoji 👩‍👩‍👧‍👦 combining é vs é",
    ]

    @Test(arguments: StoreBackend.allCases)
    func awkwardTextRoundTrips(_ backend: StoreBackend) async throws {
        try await backend.with { bench in
            let store = bench.acme
            var documents: [MemoryDocument] = []
            for (index, body) in Self.awkward.enumerated() {
                let title = ["title: with colon", "# heading", "'quoted' \"twice\"", "- list item", "---", "[link](x)", "a: b: c", "null", "ü"][index % 9]
                documents.append(try await store.addMemory(try draft(title, body: body, tags: ["c-d", "東京_x"])))
            }
            let session = try await store.createSession(title: "title: \"quoted\" --- ")
            var messages: [ChatMessage] = []
            for content in Self.awkward { messages.append(try await store.appendMessage(try message(content), to: session.key)) }
            let ads = try IntegrationID("ads")
            let settings = bearer("https://api.example.com/v1", parameters: ["note": Self.awkward[0], "東京": "\"x\"\n"])
            let integration = try await store.addIntegration(id: ads, kind: .http, name: "Ads: \"quoted\"", settings: settings)

            let reopened = try await bench.reopenAcme()
            for source in [store, reopened] {
                for document in documents { #expect(try await source.memory(document.id) == document) }
                let transcript = try await source.transcript(session.key, lastMessages: nil)
                #expect(transcript.messages == messages)
                #expect(transcript.session.title == session.title)
                #expect(try await source.integration(ads) == integration)
            }
            await reopened.close()
        }
    }
}
