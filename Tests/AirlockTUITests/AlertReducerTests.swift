import AirlockAgent
import AirlockCore
import Foundation
import Testing

@testable import AirlockTUI

/// Alerts and rate limits in the console: events in, state and effects out, and what the
/// status bar then shows.
@Suite struct AlertReducerTests {
    let start = Date(timeIntervalSince1970: 1_767_225_600)
    let renderer = Renderer(theme: .builtIn, keyMap: .standard, timeZone: TimeZone(identifier: "UTC")!)

    private func send(_ event: AppEvent, to state: inout AppState) -> [Effect] {
        reduce(&state, event, context: renderer.reduceContext)
    }

    private func press(_ key: KeyPress, _ state: inout AppState) -> [Effect] {
        send(.input(.key(key)), to: &state)
    }

    private func alert(_ id: String, _ workspace: String, _ rule: AnomalyRule, acknowledged: Bool = false, summary: String? = nil) -> Alert {
        Alert(id: try! AlertID(id), workspaceID: try! WorkspaceID(workspace), time: start, rule: rule, severity: rule.severity,
              summary: summary ?? "\(rule.rawValue) in \(workspace)", details: AlertDetails(observed: 9, threshold: 5), acknowledged: acknowledged)
    }

    /// A console with `acme` and `globex` in the keyring and `id` open.
    private func opened(_ id: String) -> (AppState, [Effect]) {
        var state = AppState(width: 100, height: 30, themeName: "built-in", now: start)
        let entries = ["acme", "globex"].map { WorkspaceEntry(id: try! WorkspaceID($0), name: $0.capitalized) }
        _ = send(.workspacesLoaded(entries), to: &state)
        if id != "acme" { _ = press(KeyPress.alt(.character("2")), &state) }
        let workspace = WorkspaceState(id: try! WorkspaceID(id), name: id.capitalized,
                                       model: ModelDescriptor(provider: "local", model: "smollm2-135m", contextWindow: 4096, supportsTools: false), sessions: [])
        let effects = send(.workspaceOpened(epoch: state.epoch, workspace, SwitchReport(from: nil, to: try! WorkspaceID(id), teardown: .zero, build: .zero)), to: &state)
        return (state, effects)
    }

    /// The status bar's text.
    private func statusBar(_ state: AppState) -> String {
        String(renderer.render(state).buffer.text.split(separator: "\n").last ?? "")
    }

    @Test func openingAWorkspaceLoadsItsAlertsAndTheBadgeCountsTheUnacknowledged() {
        var (state, effects) = opened("acme")
        #expect(effects.contains(.loadAlerts))
        #expect(statusBar(state).contains(" · alerts 0"))
        _ = send(.workspace(epoch: state.epoch, .alertsLoaded([
            alert("al-one", "acme", .credentialUseBurst), alert("al-two", "acme", .readBurst), alert("al-old", "acme", .readBurst, acknowledged: true),
        ])), to: &state)
        #expect(state.workspace?.unacknowledgedAlerts.map(\.id.rawValue) == ["al-one", "al-two"])
        #expect(statusBar(state).contains(" Acme  alerts 2 · new session"), "open alerts come first")
    }

    @Test func eachTurnAndTheAuditViewReloadTheAlerts() {
        var (state, _) = opened("acme")
        #expect(send(.workspace(epoch: state.epoch, .turnEnded(error: nil)), to: &state).contains(.loadAlerts))
        #expect(press(KeyPress(.function(4)), &state) == [.loadAudit, .loadAlerts])
        #expect(state.view == .audit)
    }

    @Test func theAuditViewSelectsAndAcknowledgesAlerts() throws {
        var (state, _) = opened("acme")
        _ = press(KeyPress(.function(4)), &state)
        #expect(press(KeyPress.control("a"), &state).isEmpty, "nothing to acknowledge yet")
        _ = send(.workspace(epoch: state.epoch, .alertsLoaded([alert("al-one", "acme", .readBurst), alert("al-two", "acme", .deniedApprovals, acknowledged: true),
                                                                alert("al-three", "acme", .failedSignIns)])), to: &state)
        #expect(press(KeyPress.control("a"), &state) == [.acknowledgeAlert(try AlertID("al-one"))])
        _ = press(KeyPress(.down), &state)
        #expect(press(KeyPress.control("a"), &state).isEmpty, "already acknowledged")
        #expect(state.notice?.text == "That alert is already acknowledged.")
        _ = press(KeyPress(.down), &state)
        _ = press(KeyPress(.down), &state)
        #expect(state.workspace?.alertSelection == 2, "stops at the last alert")
        #expect(press(KeyPress.control("a"), &state) == [.acknowledgeAlert(try AlertID("al-three"))])
        _ = send(.workspace(epoch: state.epoch, .alertsLoaded([alert("al-one", "acme", .readBurst)])), to: &state)
        #expect(state.workspace?.alertSelection == 0, "the selection follows a shorter list")
        _ = press(KeyPress(.escape), &state)
        #expect(state.view == .chat)
        #expect(press(KeyPress.control("a"), &state).isEmpty, "the key acknowledges only in the audit view")
    }

    @Test func switchingDropsTheAlertsOfTheOldWorkspace() {
        var (state, _) = opened("acme")
        let acmeEpoch = state.epoch
        _ = send(.workspace(epoch: acmeEpoch, .alertsLoaded([alert("al-acme", "acme", .credentialUseBurst, summary: "acme canary burst")])), to: &state)
        _ = press(KeyPress(.function(4)), &state)
        #expect(renderer.render(state).buffer.text.contains("acme canary burst"))

        _ = press(KeyPress.alt(.character("2")), &state)
        #expect(state.workspace == nil)
        _ = send(.workspace(epoch: acmeEpoch, .alertsLoaded([alert("al-late", "acme", .readBurst, summary: "late acme canary")])), to: &state)
        #expect(state.workspace == nil, "a late load of the old runtime is dropped")
        let workspace = WorkspaceState(id: try! WorkspaceID("globex"), name: "Globex",
                                       model: ModelDescriptor(provider: "local", model: "m", contextWindow: 4096, supportsTools: false), sessions: [])
        _ = send(.workspaceOpened(epoch: state.epoch, workspace, SwitchReport(from: nil, to: workspace.id, teardown: .zero, build: .zero)), to: &state)
        _ = press(KeyPress(.function(4)), &state)
        #expect(state.workspace?.alerts.isEmpty == true)
        let text = renderer.render(state).buffer.text
        #expect(!text.contains("canary"))
        #expect(text.contains("alerts: none"))
        #expect(statusBar(state).contains(" · alerts 0"))
    }

    @Test func aRateLimitCountsDownInTheStatusBarUntilItsRetryTime() {
        var (state, _) = opened("acme")
        let message = "rate limit reached for workspace acme: 60 API operations a minute; try again in 12 s"
        _ = send(.rateLimited(message: message, retryAt: start.addingTimeInterval(12)), to: &state)
        #expect(state.rateLimit == RateLimitNotice(message: message, retryAt: start.addingTimeInterval(12)))
        #expect(state.notice == Notice(message, kind: .error))
        #expect(statusBar(state).contains(" limit: retry in 12 s · "))
        _ = press(KeyPress(.character("x")), &state)
        #expect(state.notice == nil)
        _ = send(.tick(start.addingTimeInterval(4.5)), to: &state)
        #expect(statusBar(state).contains(" limit: retry in 8 s · "), "the countdown outlives the notice")
        _ = send(.tick(start.addingTimeInterval(12)), to: &state)
        #expect(state.rateLimit == nil)
        #expect(!statusBar(state).contains("limit:"))
    }

    @Test func aRateLimitThatHasPassedOrBelongsToTheOldWorkspaceIsNotShown() {
        var (state, _) = opened("acme")
        _ = send(.rateLimited(message: "limited", retryAt: start.addingTimeInterval(-1)), to: &state)
        #expect(state.rateLimit == nil)
        _ = send(.rateLimited(message: "limited", retryAt: start.addingTimeInterval(30)), to: &state)
        #expect(state.rateLimit != nil)
        _ = press(KeyPress.alt(.character("2")), &state)
        #expect(state.rateLimit == nil, "limits are per workspace")
        #expect(!statusBar(state).contains("limit:"))
    }
}
