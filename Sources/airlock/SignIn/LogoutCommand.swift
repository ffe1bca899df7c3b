import AirlockCore
import AirlockStore
import ArgumentParser

/// `airlock logout [EMAIL]`: removes the tokens that signing in saved.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Remove from your keyring the tokens that `airlock login` saved.",
        discussion: """
            With EMAIL, only that account's sign-ins; without, every sign-in to this home (accounts and
            --workspace tokens). Tokens saved otherwise (workspace create or join), or saved again since, stay.
            """
    )

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "The account to sign out.")
    var email: String?

    func run() async throws {
        let account = try email.map { text throws(InputError) in try AccountEmail(text) }
        let removed = try await CommandContext.withManager(homeOptions) { context in
            try KeyringLogins(beside: context.keyring).signOut(account, from: context.home, keyring: context.keyring)
        }
        let who = account.map { " as \($0)" } ?? ""
        if removed.isEmpty {
            Output.lines(["No tokens saved by signing in\(who) are left in your keyring for this home."])
        } else {
            Output.lines(["Signed out\(who): removed the tokens of \(removed.map(\.rawValue).joined(separator: ", ")) from your keyring."])
        }
    }
}
