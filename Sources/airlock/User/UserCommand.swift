import ArgumentParser

/// `airlock user …`: the home's user accounts and their workspace memberships.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add, list and remove users; grant and revoke their workspaces.",
        discussion: """
            A user signs in with a password, through the OpenID Connect identity provider (--oidc), or both,
            and gets the tokens of the workspaces granted to them. Granting needs the workspace's token
            ($AIRLOCK_TOKEN or your keyring); the user's password is not needed.
            """,
        subcommands: [
            UserAddCommand.self,
            UserListCommand.self,
            UserGrantCommand.self,
            UserRevokeCommand.self,
            UserRemoveCommand.self,
        ]
    )
}
