import AirlockTestSupport
import Foundation
import Testing

@Suite("airlock dev seed")
struct DevSeedCommandTests {
    @Test("seeds the counts asked for, a long session, searchable memory and a verified audit log", arguments: ["sqlite", "files"])
    func seedsWorkspace(storage: String) async throws {
        let home = try CLIHome()
        let env = ["AIRLOCK_STORAGE": storage]
        let seeded = try await home.run(
            ["dev", "seed", "Seeded Co", "--id", "seeded", "--documents", "60", "--sessions", "3", "--messages-per-session", "4",
             "--long-session", "31", "--json"], environment: env)
        expectSuccess(seeded)
        let summary = try jsonObject(seeded.stdout)
        #expect(summary["id"] as? String == "seeded")
        #expect(summary["documents"] as? Int == 60)
        #expect(summary["sessions"] as? Int == 4)
        #expect(summary["messages"] as? Int == 3 * 4 + 31)
        #expect(try home.keyringToken(for: "seeded") == summary["token"] as? String)

        let memory = try await home.run(["memory", "list", "--workspace", "seeded", "--json"], environment: env)
        expectSuccess(memory)
        let documents = try jsonArray(memory.stdout)
        #expect(documents.count == 60)
        #expect(documents.filter { $0["pinned"] as? Bool == true }.count == 2)
        #expect(Set(documents.compactMap { $0["kind"] as? String }).count == 5)

        let sessions = try await home.run(["session", "list", "--workspace", "seeded", "--json"], environment: env)
        expectSuccess(sessions)
        let listed = try jsonArray(sessions.stdout)
        #expect(listed.count == 4)
        let long = try #require(listed.first { $0["title"] as? String == "Long conversation" })
        #expect(long["message_count"] as? Int == 31)
        #expect(listed.filter { $0["message_count"] as? Int == 4 }.count == 3)

        let transcript = try await home.run(["session", "show", "--workspace", "seeded", try #require(long["id"] as? String), "--json"], environment: env)
        expectSuccess(transcript)
        let messages = try #require(try jsonObject(transcript.stdout)["messages"] as? [[String: Any]])
        #expect(messages.count == 31)
        #expect(messages.prefix(4).compactMap { $0["role"] as? String } == ["user", "assistant", "user", "assistant"])

        let title = try #require(documents.first?["title"] as? String)
        let word = String(try #require(title.split(separator: " ").first))
        let search = try await home.run(["memory", "search", "--workspace", "seeded", word, "--limit", "100", "--json"], environment: env)
        expectSuccess(search)
        let hits = try jsonArray(search.stdout).compactMap { ($0["memory"] as? [String: Any])?["id"] as? String }
        #expect(hits.contains(try #require(documents.first?["id"] as? String)))

        let verify = try await home.run(["audit", "verify", "--workspace", "seeded"], environment: env)
        expectSuccess(verify)
        #expect(verify.stdout.contains("chain intact"))
    }

    @Test("refuses a negative count")
    func refusesNegativeCounts() async throws {
        let home = try CLIHome()
        let result = try await home.run(["dev", "seed", "Seeded Co", "--id", "seeded", "--documents=-1"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--documents must be zero or more"))
        #expect(result.stdout == "")
    }
}
