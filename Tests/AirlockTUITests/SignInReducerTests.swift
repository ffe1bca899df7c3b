import AirlockAgent
import AirlockCore
import Foundation
import Testing

@testable import AirlockTUI

/// Signing in when the home has users: the prompts, the effects, and what the screen
/// shows (never the password).
@Suite struct SignInReducerTests {
    let renderer = Renderer(theme: .builtIn, keyMap: .standard, timeZone: TimeZone(identifier: "UTC")!)

    private func send(_ event: AppEvent, to state: inout AppState) -> [Effect] {
        reduce(&state, event, context: renderer.reduceContext)
    }

    private func type(_ text: String, _ state: inout AppState) {
        for character in text { _ = send(.input(.key(KeyPress(.character(character)))), to: &state) }
    }

    private func press(_ key: Key, _ state: inout AppState) -> [Effect] {
        send(.input(.key(KeyPress(key))), to: &state)
    }

    private func screen(_ state: AppState) -> String {
        renderer.render(state).buffer.text
    }

    private func required(openID: Bool = false) -> AppState {
        var state = AppState(width: 100, height: 30, themeName: "built-in")
        _ = send(.signInRequired(openIDConnect: openID), to: &state)
        return state
    }

    @Test func theEmailAndThenThePasswordAreAskedAndThePasswordNeverShows() {
        var state = required()
        #expect(screen(state).contains("Sign in: your email"))
        type("alice@example.com", &state)
        #expect(press(.enter, &state).isEmpty)
        guard case .prompt(.signInPassword(let email), _, _)? = state.dialogs.last else {
            Issue.record("expected the password prompt, got \(state.dialogs)")
            return
        }
        #expect(email == "alice@example.com")
        type(" s3cret pass ", &state)
        let shown = screen(state)
        #expect(!shown.contains("s3cret"))
        #expect(shown.contains(String(repeating: "•", count: 13)))
        #expect(press(.enter, &state) == [.signIn(email: "alice@example.com", password: " s3cret pass ")], "taken as typed")
        #expect(state.dialogs.isEmpty)
        #expect(!screen(state).contains("s3cret"))
    }

    @Test func anEmptyPasswordAsksTheIdentityProviderOnlyWhenOneIsConfigured() {
        var without = required(openID: false)
        type("bob@example.com", &without)
        _ = press(.enter, &without)
        #expect(press(.enter, &without).isEmpty, "nothing to send without a password")
        #expect(!without.dialogs.isEmpty)

        var with = required(openID: true)
        type("bob@example.com", &with)
        _ = press(.enter, &with)
        #expect(screen(with).contains("Leave it empty to sign in with your identity provider."))
        #expect(press(.enter, &with) == [.signInWithOpenID(email: "bob@example.com")])
        _ = send(.signInCode(userCode: "WDJB-MJHT", url: "https://example.com/device"), to: &with)
        #expect(screen(with).contains("WDJB-MJHT"))
    }

    @Test func escapeAtTheEmailUsesTheKeyringAndAtThePasswordGoesBack() {
        var state = required()
        type("alice@example.com", &state)
        _ = press(.enter, &state)
        #expect(press(.escape, &state).isEmpty)
        guard case .prompt(.signInEmail, _, _)? = state.dialogs.last else {
            Issue.record("expected the email prompt again, got \(state.dialogs)")
            return
        }
        #expect(press(.escape, &state) == [.useKeyringTokens])
        #expect(state.dialogs.isEmpty)
    }

    @Test func aSuccessListsTheAccountsWorkspacesAndOpensTheFirst() {
        var state = required()
        let entries = ["acme", "globex"].map { WorkspaceEntry(id: try! WorkspaceID($0), name: $0.capitalized) }
        let effects = send(.signedIn(account: "alice@example.com", workspaces: entries, outdated: [try! WorkspaceID("initech")]), to: &state)
        #expect(effects.contains(.openWorkspace(try! WorkspaceID("acme"))))
        #expect(state.workspaces == entries)
        #expect(state.account == "alice@example.com")
        let shown = screen(state)
        #expect(shown.contains("alice@example.com"))
        #expect(shown.contains("Outdated memberships") && shown.contains("initech"), "outdated memberships are named")
    }

    @Test func anAccountWithoutWorkspacesIsToldSo() {
        var state = required()
        #expect(send(.signedIn(account: "carol@example.com", workspaces: [], outdated: []), to: &state).isEmpty)
        #expect(screen(state).contains("No workspace is granted to carol@example.com"))
    }

    @Test func aFailureSaysWhyAndAsksAgain() {
        var state = required()
        type("alice@example.com", &state)
        _ = press(.enter, &state)
        type("wrong", &state)
        _ = press(.enter, &state)
        _ = send(.signInFailed("unknown account or wrong credentials"), to: &state)
        #expect(screen(state).contains("unknown account or wrong credentials"))
        guard case .prompt(.signInEmail, _, let text)? = state.dialogs.last else {
            Issue.record("expected the email prompt again, got \(state.dialogs)")
            return
        }
        #expect(text.isEmpty)
    }
}
