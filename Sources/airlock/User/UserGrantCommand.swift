import AirlockCore
import AirlockStore
import ArgumentParser

/// `airlock user grant EMAIL --workspace ID`: seals the workspace's token to the user.
struct UserGrantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Make a user a member of a workspace (needs its token: $AIRLOCK_TOKEN or your keyring).",
        discussion: "Granting again replaces the membership, e.g. after the workspace's token was rotated."
    )

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The user's email address.")
    var email: String

    func run() async throws {
        let email = try AccountEmail(email)
        let workspace = try WorkspaceID(options.workspace)
        try await CommandContext.withManager(options.homeOptions) { context in
            _ = try await context.enter(workspace, for: .api)
            try await UserAccounts(manager: context.manager).grant(email, workspace: workspace, token: try context.token(for: workspace), actor: context.actor)
        }
        Output.lines(["Granted workspace \(workspace) to \(email)."])
    }
}

/// `airlock user revoke EMAIL --workspace ID`.
struct UserRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "End a user's membership of a workspace.",
        discussion: "Tokens the user already saved by signing in keep working until the workspace's token is rotated."
    )

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "The user's email address.")
    var email: String

    @Option(help: ArgumentHelp("The workspace.", valueName: "id"))
    var workspace: String

    func run() async throws {
        let email = try AccountEmail(email)
        let workspace = try WorkspaceID(workspace)
        try await CommandContext.withManager(homeOptions) { context in
            try await UserAccounts(manager: context.manager).revoke(email, workspace: workspace)
        }
        Output.lines(["Revoked the membership of \(email) in workspace \(workspace)."])
    }
}
