import AirlockCore
import Foundation

/// Signing in when the home has users: email, then password (or, with an empty password,
/// the OpenID Connect identity provider); Esc at the email uses the keyring's tokens.
/// The password lives only in the prompt until Enter and then only in the effect.
extension Reducer {
    /// The title of the dialog that shows the identity provider's code.
    private static let providerCodeTitle = "Sign in with your identity provider"

    /// Handles the sign-in events.
    static func signInEvent(_ event: AppEvent, _ state: inout AppState) -> [Effect] {
        switch event {
        case .signInRequired(let openID):
            state.signInOffersOpenID = openID
            return askForSignIn(&state)
        case .signInCode(let userCode, let url):
            state.dialogs.append(.message(
                title: providerCodeTitle,
                body: "Open \(url)\nand enter the code \(userCode).\n\nAirlock waits until you have approved."))
            return []
        case .signedIn(let account, let workspaces, let outdated):
            dismissProviderCode(&state)
            state.account = account
            state.notice = Notice("Signed in as \(account).")
            if !outdated.isEmpty {
                state.dialogs.append(.message(
                    title: "Outdated memberships",
                    body: "The tokens of these workspaces changed since they were granted to you:\n\n"
                        + outdated.map(\.rawValue).joined(separator: ", ") + "\n\nAsk an operator to grant them again. Press any key."))
            }
            state.workspaces = workspaces
            state.workspacesLoaded = true
            guard let first = workspaces.first else {
                state.notice = Notice("No workspace is granted to \(account); ask an operator, or Ctrl+Q quits.", kind: .error)
                return []
            }
            return state.workspace == nil && state.airlock == .idle ? enter(first.id, &state) : []
        case .signInFailed(let message):
            dismissProviderCode(&state)
            let effects = askForSignIn(&state)
            state.notice = Notice(message, kind: .error)
            return effects
        default:
            return []
        }
    }

    /// Closes the dialog with the identity provider's code, once the flow has ended.
    private static func dismissProviderCode(_ state: inout AppState) {
        state.dialogs.removeAll { if case .message(let title, _) = $0 { title == providerCodeTitle } else { false } }
    }

    /// Shows the email prompt.
    static func askForSignIn(_ state: inout AppState) -> [Effect] {
        state.dialogs = [.prompt(.signInEmail, title: "Sign in: your email", text: [])]
        state.notice = Notice("Esc uses the workspace tokens in your keyring instead.")
        return []
    }

    /// Shows the password prompt for `email`.
    static func askForPassword(_ email: String, _ state: inout AppState) -> [Effect] {
        state.dialogs = [.prompt(.signInPassword(email: email), title: "Password for \(email)", text: [])]
        state.notice = Notice(state.signInOffersOpenID ? "Leave it empty to sign in with your identity provider." : "Esc goes back to the email.")
        return []
    }

    /// Signs `email` in with `password`, or through the identity provider if it is empty.
    static func signIn(_ email: String, password: String, _ state: inout AppState) -> [Effect] {
        if password.isEmpty {
            state.notice = Notice("Asking your identity provider…")
            return [.signInWithOpenID(email: email)]
        }
        state.notice = Notice("Signing in…")
        return [.signIn(email: email, password: password)]
    }

    /// Leaves the sign-in for the keyring's tokens.
    static func skipSignIn(_ state: inout AppState) -> [Effect] {
        state.notice = Notice("Using the workspace tokens in your keyring.")
        return [.useKeyringTokens]
    }
}
