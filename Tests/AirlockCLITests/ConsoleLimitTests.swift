import AirlockTestSupport
import Foundation
import Testing

/// The gateway's limits in the running console.
@Suite("airlock console rate limits in tmux", .serialized)
struct ConsoleLimitTests {
    @Test func aRefusedActionShowsTheRetryTimeInTheStatusBarAndOtherWorkspacesStillOpen() async throws {
        let home = try CLIHome()
        try await home.createWorkspace("Acme", id: "acme")
        try await home.createWorkspace("Globex", id: "globex")
        try FileManager.default.createDirectory(atPath: home.configDirectory + "/airlock", withIntermediateDirectories: true)
        try Data(#"{ "limits": { "api_per_minute": 4 } }"#.utf8).write(to: URL(fileURLWithPath: home.configDirectory + "/airlock/config.json"))
        let tmux = try TmuxSession([AirlockProcess.executable], environment: home.environment.merging([
            "AIRLOCK_PROVIDER": "openai", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "AIRLOCK_MODEL": "fake-model",
        ]) { $1 }, width: 120, height: 36)
        func expectScreen(_ condition: @escaping (String) -> Bool, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let result = try await tmux.waitFor(condition)
            #expect(result.met, "never showed \(what):\n\(result.screen)", sourceLocation: sourceLocation)
        }

        try await expectScreen({ $0.contains("Ask the agent about Acme") }, "Acme")
        // Each view change reads the workspace: one API operation each, until the fourth.
        for key in ["F4", "F2", "F4", "F2", "F4", "F2", "F4"] {
            try tmux.press(key)
            try await Task.sleep(for: .milliseconds(150))
        }
        try await expectScreen({ $0.contains("limit: retry in") && $0.contains("rate limit reached for worksp") },
                               "the refusal and its countdown")
        try tmux.press("F2")
        try tmux.press("M-2")
        try await expectScreen({ $0.contains("Ask the agent about Globex") && !$0.contains("limit: retry in") }, "Globex opened, its own limits untouched")
        try tmux.press("C-q")
        #expect(try await tmux.waitForExit(), "Ctrl+Q quits")
    }
}
