import AirlockCore
import AirlockTestSupport
import Foundation
import Testing

/// Alerts in the running console: the badge, the audit view, acknowledging, switching.
@Suite("airlock console alerts in tmux", .serialized)
struct ConsoleAlertTests {
    @Test func theBadgeAndTheAuditViewShowTheOpenWorkspacesAlertsOnly() async throws {
        let home = try CLIHome()
        let acmeToken = try await home.createWorkspace("Acme", id: "acme")
        try await home.createWorkspace("Globex", id: "globex")
        let acme = try WorkspaceID("acme")
        let grant = try await home.test.manager.authenticate(acme, token: try WorkspaceToken(parsing: acmeToken), actor: home.test.actor)
        _ = try await home.test.manager.withStore(grant) { try await $0.reportFailedSignIns(7) }

        let server = try await FakeModelServer.start()
        let environment = home.environment.merging([
            "AIRLOCK_PROVIDER": "openai", "OPENAI_BASE_URL": server.baseURL + "/v1", "OPENAI_API_KEY": "sk-console", "AIRLOCK_MODEL": "fake-model",
        ]) { $1 }
        let tmux = try TmuxSession([AirlockProcess.executable], environment: environment, width: 120, height: 36)
        func expectScreen(_ condition: @escaping (String) -> Bool, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let result = try await tmux.waitFor(condition)
            #expect(result.met, "never showed \(what):\n\(result.screen)", sourceLocation: sourceLocation)
        }

        try await expectScreen({ $0.contains("Ask the agent about Acme") && $0.contains("alerts 1 ·") }, "Acme with one open alert")
        try tmux.press("F4")
        try await expectScreen({ $0.contains("failed-sign-ins") && $0.contains("7 failed sign-in or token attempts") }, "the alert in the audit view")
        try tmux.press("C-a")
        try await expectScreen({ $0.contains("acknowledged") && $0.contains("alerts 0") && $0.contains("alert.acknowledge") }, "the alert acknowledged")

        try tmux.press("M-2")
        try await expectScreen({ $0.contains("Ask the agent about Globex") }, "Globex")
        try tmux.press("F4")
        try await expectScreen({ $0.contains("alerts: none") }, "Globex's empty alert list")
        let screen = try tmux.screen()
        #expect(!screen.contains("failed-sign-ins") && !screen.contains("failed sign-in"), "nothing of Acme's alerts:\n\(screen)")

        try tmux.press("C-q")
        #expect(try await tmux.waitForExit(), "Ctrl+Q quits")
        try await server.shutdown()
        let alerts = try jsonArray(try await home.run(["audit", "alerts", "--workspace", "acme", "--json"]).stdout)
        #expect(alerts.map { $0["acknowledged"] as? Bool } == [true])
    }
}
