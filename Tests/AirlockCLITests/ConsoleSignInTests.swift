import AirlockTestSupport
import Foundation
import Testing

/// Signing in to the running console when the home has users.
@Suite("airlock console sign-in in tmux", .serialized)
struct ConsoleSignInTests {
    private let password = "correct horse battery"

    @Test func aUserSignsInAndSeesOnlyTheWorkspacesGrantedToThem() async throws {
        let home = try CLIHome()
        for (name, id) in [("Acme", "acme"), ("Globex", "globex"), ("Initech", "initech")] {
            try await home.createWorkspace(name, id: id)
        }
        expectSuccess(try await home.run(["user", "add", "alice@example.com"], stdin: password + "\n"))
        for id in ["acme", "globex"] {
            expectSuccess(try await home.run(["user", "grant", "alice@example.com", "--workspace", id]))
        }
        // The user's own keyring is empty: what they reach comes from the sign-in alone.
        let environment = home.environment.merging([
            "XDG_CONFIG_HOME": home.test.directory.appending("user-config"), "AIRLOCK_PROVIDER": "openai",
            "OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "AIRLOCK_MODEL": "fake-model",
        ]) { $1 }
        let tmux = try TmuxSession([AirlockProcess.executable], environment: environment, width: 120, height: 36)
        func expectScreen(_ condition: @escaping (String) -> Bool, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let result = try await tmux.waitFor(condition)
            #expect(result.met, "never showed \(what):\n\(result.screen)", sourceLocation: sourceLocation)
        }

        try await expectScreen({ $0.contains("Sign in: your email") }, "the sign-in prompt")
        try tmux.type("alice@example.com")
        try tmux.press("Enter")
        try await expectScreen({ $0.contains("Password for alice@example.com") }, "the password prompt")
        try tmux.type("not the password")
        try await expectScreen({ $0.contains(String(repeating: "•", count: 16)) }, "the password as dots")
        try tmux.press("Enter")
        try await expectScreen({ $0.contains("unknown account or wrong credentials") && $0.contains("Sign in: your email") }, "the refusal")

        try tmux.type("alice@example.com")
        try tmux.press("Enter")
        try await expectScreen({ $0.contains("Password for alice@example.com") }, "the password prompt again")
        try tmux.type(password)
        try tmux.press("Enter")
        try await expectScreen({ $0.contains("1 Acme") && $0.contains("2 Globex") && $0.contains("alice@example.com") }, "the account's workspaces")
        let screen = try tmux.screen()
        #expect(!screen.contains("Initech"), "a workspace not granted is not listed:\n\(screen)")
        #expect(!screen.contains("horse") && !screen.contains("not the password"), "no password on screen")

        try tmux.press("C-q")
        #expect(try await tmux.waitForExit(), "Ctrl+Q quits")
        let audit = try await home.run(["audit", "show", "--workspace", "acme"])
        #expect(audit.stdout.contains("user:alice@example.com"), "the console acted as the signed-in user:\n\(audit.stdout)")
    }

    @Test func escapeUsesTheKeyringsTokens() async throws {
        let home = try CLIHome()
        try await home.createWorkspace("Acme", id: "acme")
        expectSuccess(try await home.run(["user", "add", "alice@example.com"], stdin: password + "\n"))
        let tmux = try TmuxSession([AirlockProcess.executable], environment: home.environment.merging([
            "AIRLOCK_PROVIDER": "openai", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "AIRLOCK_MODEL": "fake-model",
        ]) { $1 }, width: 100, height: 30)
        let prompt = try await tmux.waitFor { $0.contains("Sign in: your email") }
        #expect(prompt.met, "never asked to sign in:\n\(prompt.screen)")
        try tmux.press("Escape")
        let opened = try await tmux.waitFor { $0.contains("1 Acme") && $0.contains("Ask the agent about Acme") }
        #expect(opened.met, "never opened the keyring's workspace:\n\(opened.screen)")
        try tmux.press("C-q")
        #expect(try await tmux.waitForExit(), "Ctrl+Q quits")
    }
}
