import ArgumentParser

/// `airlock workspace …`: create, list, join, rotate tokens, delete.
struct WorkspaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace",
        abstract: "Create, list, join and delete client workspaces.",
        subcommands: [
            WorkspaceCreateCommand.self,
            WorkspaceListCommand.self,
            WorkspaceJoinCommand.self,
            WorkspaceRotateTokenCommand.self,
            WorkspaceDeleteCommand.self,
        ]
    )
}
