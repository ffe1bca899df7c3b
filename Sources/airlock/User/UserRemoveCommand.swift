import AirlockCore
import AirlockStore
import ArgumentParser

/// `airlock user remove EMAIL`.
struct UserRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a user and all their memberships (the workspaces stay)."
    )

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "The user's email address.")
    var email: String

    func run() async throws {
        let email = try AccountEmail(email)
        try await CommandContext.withManager(homeOptions) { context in
            try await UserAccounts(manager: context.manager).remove(email)
        }
        Output.lines(["Removed user \(email) and their memberships."])
    }
}
