import AirlockCore
import AirlockStore
import ArgumentParser

/// `airlock workspace delete ID --yes`.
struct WorkspaceDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a workspace and all its files (needs --yes)."
    )

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "The workspace id.")
    var id: String

    @Flag(help: "Confirm that the workspace and all its data are to be destroyed.")
    var yes = false

    func run() async throws {
        let workspace = try WorkspaceID(id)
        guard yes else { throw CLIError.confirmationRequired(workspace) }
        try await CommandContext.withManager(homeOptions) { context in
            let grant = try await context.enter(workspace, for: .api)
            try await context.manager.deleteWorkspace(grant)
            try context.keyring.remove(workspace, in: context.home)
            Output.lines(["Deleted workspace \(workspace) and its files."])
        }
    }
}
