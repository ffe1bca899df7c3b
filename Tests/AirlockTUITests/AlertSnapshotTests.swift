import AirlockAgent
import AirlockCore
import Foundation
import Testing

@testable import AirlockTUI

/// The audit view with alerts, and the status bar's alert badge and rate-limit countdown.
@Suite struct AlertSnapshotTests {
    let start = Date(timeIntervalSince1970: 1_767_225_600)

    private func renderer() -> Renderer {
        Renderer(theme: .builtIn, keyMap: .standard, timeZone: TimeZone(identifier: "UTC")!)
    }

    /// `acme-corp` open in the audit view with three alerts (one hostile) and some events.
    private func auditState(width: Int, height: Int) throws -> AppState {
        var state = AppState(width: width, height: height, themeName: "built-in", now: start)
        let acme = try WorkspaceID("acme-corp")
        state.workspaces = [WorkspaceEntry(id: acme, name: "Acme Corp"), WorkspaceEntry(id: try WorkspaceID("globex"), name: "Globex")]
        state.workspacesLoaded = true
        state.epoch = 1
        var workspace = WorkspaceState(id: acme, name: "Acme Corp", model: ModelDescriptor(provider: "local", model: "smollm2-135m", contextWindow: 4096, supportsTools: false), sessions: [])
        func alert(_ id: String, _ rule: AnomalyRule, _ minutes: Double, _ summary: String, acknowledged: Bool = false) throws -> Alert {
            Alert(id: try AlertID(id), workspaceID: acme, time: start.addingTimeInterval(minutes * 60), rule: rule, severity: rule.severity,
                  summary: summary, details: AlertDetails(observed: 50, threshold: 50), acknowledged: acknowledged)
        }
        workspace.alerts = [
            try alert("al-cred", .credentialUseBurst, 42, "20 credential uses within 1 min (usually 0.3; alert at 20)"),
            try alert("al-evil", .readBurst, 30, "evil \u{1B}]0;PWNED\u{07} summary\nsecond line \u{1B}[2J"),
            try alert("al-denied", .deniedApprovals, 5, "5 denied tool calls within 10 min (usually 0.0; alert at 5)", acknowledged: true),
        ]
        workspace.alertSelection = 1
        let events: [(action: String, resource: String)] = (1...5).map { ("memory.read", "memory/m-\($0)") } + [("alert.raise", "alert/al-cred?rule=credential-use-burst")]
        workspace.audit = events.enumerated().map { index, event in
            AuditEvent(workspaceID: acme, sequence: Int64(index + 1), time: start.addingTimeInterval(Double(index + 1) * 60), actor: "cli:analyst",
                       action: event.action, resource: event.resource, previousHash: [], hash: [])
        }
        state.workspace = workspace
        state.view = .audit
        state.airlock = .passed(SwitchReport(from: nil, to: acme, teardown: .milliseconds(4), build: .milliseconds(31)))
        state.rateLimit = RateLimitNotice(message: "rate limit reached", retryAt: start.addingTimeInterval(17))
        return state
    }

    @Test(arguments: ViewSnapshotTests.sizes)
    func auditViewWithAlerts(width: Int, height: Int) throws {
        let frame = renderer().render(try auditState(width: width, height: height))
        expectSnapshot(frame.buffer.text, named: "audit-alerts-\(width)x\(height)")
        let scalars = frame.buffer.cells.flatMap { $0.grapheme.unicodeScalars }
        #expect(!scalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    @Test func theBadgeAndTheCountdownHaveTheirColours() throws {
        let state = try auditState(width: 120, height: 40)
        let buffer = renderer().render(state).buffer
        let row = buffer.height - 1
        let status = (0..<buffer.width).map { buffer[$0, row] }
        /// The first cell of `text` in the status bar.
        func cell(_ text: String) -> Cell? {
            let count = text.count
            return status.indices.first { start in
                start + count <= status.count && status[start..<(start + count)].map(\.grapheme).joined() == text
            }.map { status[$0] }
        }
        #expect(try #require(cell("alerts 2")).style.foreground == Theme.builtIn.error, "a critical alert is open")
        #expect(try #require(cell("limit: retry in 17 s")).style.foreground == Theme.builtIn.warning)
    }
}
