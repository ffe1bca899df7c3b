import AirlockCore
import AirlockStore
import ArgumentParser

/// `airlock workspace rotate-token ID [--json]`.
struct WorkspaceRotateTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-token",
        abstract: "Replace a workspace's token; the old one stops working at once."
    )

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "The workspace id.")
    var id: String

    @Flag(help: "Print {\"id\", \"token\"} as JSON.")
    var json = false

    private struct Rotated: Encodable {
        let id: WorkspaceID
        let token: String
    }

    func run() async throws {
        let workspace = try WorkspaceID(id)
        try await CommandContext.withManager(homeOptions) { context in
            let current = try context.token(for: workspace)
            let grant = try await context.gateway.enter(workspace, token: current, actor: context.actor, for: .api)
            let record = try await context.manager.record(for: grant)
            // Check that the keyring can be written before the old token stops working, so a
            // keyring failure cannot lose the only copy of the new token.
            try context.keyring.save(KeyringEntry(home: context.home, workspace: workspace, name: record.name, token: current))
            let token = try await context.manager.rotateToken(grant)
            try context.keyring.save(KeyringEntry(home: context.home, workspace: workspace, name: record.name, token: token))
            if json {
                try Output.json(Rotated(id: workspace, token: token.revealed))
            } else {
                Output.lines([
                    "Rotated the token of workspace \(workspace).",
                    "New token (shown once; saved in your keyring): \(token.revealed)",
                ])
            }
        }
    }
}
