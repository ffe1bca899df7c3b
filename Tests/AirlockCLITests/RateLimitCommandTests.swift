import AirlockTestSupport
import Foundation
import Testing

@Suite("Rate limits on the command line")
struct RateLimitCommandTests {
    /// A home whose configuration sets `limits`.
    func home(limits: String) async throws -> CLIHome {
        let home = try CLIHome()
        try FileManager.default.createDirectory(atPath: home.configDirectory + "/airlock", withIntermediateDirectories: true)
        try Data(#"{ "limits": \#(limits) }"#.utf8).write(to: URL(fileURLWithPath: home.configDirectory + "/airlock/config.json"))
        return home
    }

    @Test func commandsOverTheWorkspaceLimitFailWithTheRetryTimeAndChangeNothing() async throws {
        let home = try await home(limits: #"{ "api_per_minute": 3 }"#)
        try await home.createWorkspace("Acme", id: "acme")
        try await home.createWorkspace("Globex", id: "globex")
        for _ in 0..<3 {
            expectSuccess(try await home.run(["memory", "list", "--workspace", "acme"]))
        }
        let refused = try await home.run(["memory", "add", "--workspace", "acme", "--kind", "note", "--title", "Late", "--body", "x"])
        expectOneLineFailure(refused)
        #expect(refused.stderr.hasPrefix("airlock: rate limit reached for workspace acme: 3 API operations a minute; try again in "), "\(refused.stderr)")
        expectSuccess(try await home.run(["memory", "list", "--workspace", "globex"]))

        let titles = try await home.test.manager.withStore(
            try await home.test.manager.authenticate(try .init("acme"), token: try .init(parsing: try #require(home.keyringToken(for: "acme"))), actor: home.test.actor)
        ) { store in try await store.listMemory(kind: nil).map(\.title) }
        #expect(titles.isEmpty, "the refused command added nothing")
    }

    @Test func wrongTokensUseUpTheSignInLimitOfThatWorkspaceOnly() async throws {
        let home = try await home(limits: #"{ "sign_in_per_minute": 2 }"#)
        try await home.createWorkspace("Acme", id: "acme")
        try await home.createWorkspace("Globex", id: "globex")
        let wrong = ["AIRLOCK_TOKEN": String(repeating: "ab", count: 32)]
        for _ in 0..<2 {
            expectFailure(try await home.run(["memory", "list", "--workspace", "acme"], environment: wrong), "unknown workspace or invalid token")
        }
        let limited = try await home.run(["memory", "list", "--workspace", "acme"])
        expectOneLineFailure(limited)
        #expect(limited.stderr.contains("rate limit reached for workspace acme: 2 sign-in attempts a minute"), "\(limited.stderr)")
        for _ in 0..<5 {
            expectSuccess(try await home.run(["memory", "list", "--workspace", "globex"]))
        }
    }

    @Test func aBadLimitInTheConfigurationIsNamed() async throws {
        let home = try await home(limits: #"{ "chat_per_minute": 0 }"#)
        expectFailure(try await home.run(["workspace", "list"]),
                      "invalid configuration value limits.chat_per_minute: 0 is not between 1 and 100000")
    }
}
