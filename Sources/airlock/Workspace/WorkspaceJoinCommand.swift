import AirlockCore
import AirlockStore
import ArgumentParser

/// `airlock workspace join ID`: reads a token from stdin, verifies it, saves it.
struct WorkspaceJoinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join",
        abstract: "Add a workspace to your keyring; its token is read from stdin and verified first."
    )

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "The workspace id.")
    var id: String

    func run() async throws {
        let workspace = try WorkspaceID(id)
        try await CommandContext.withManager(homeOptions) { context in
            let token = try WorkspaceToken(parsing: try StandardInput.readSecret(prompt: "Token for workspace \(workspace): "))
            let grant = try await context.gateway.signIn.token(token, workspace: workspace, actor: context.actor)
            try context.gateway.admit(grant, .api)
            let record = try await context.manager.record(for: grant)
            try context.keyring.save(KeyringEntry(home: context.home, workspace: workspace, name: record.name, token: token))
            Output.lines(["Joined workspace \(workspace) (\(record.name)); its token is saved in your keyring."])
        }
    }
}
