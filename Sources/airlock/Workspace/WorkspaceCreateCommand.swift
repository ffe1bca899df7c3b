import AirlockCore
import AirlockStore
import ArgumentParser

/// `airlock workspace create NAME [--id ID] [--json]`.
struct WorkspaceCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a workspace; prints its token once and saves it in your keyring."
    )

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "The workspace's display name.")
    var name: String

    @Option(help: ArgumentHelp("The workspace id (lowercase letters, digits, '-'); derived from the name if omitted.", valueName: "id"))
    var id: String?

    @Flag(help: "Print {\"id\", \"name\", \"token\"} as JSON.")
    var json = false

    private struct Created: Encodable {
        let id: WorkspaceID
        let name: String
        let token: String
    }

    func run() async throws {
        let requestedID = try id.map { raw throws(IdentifierError) in try WorkspaceID(raw) }
        try await CommandContext.withManager(homeOptions, create: true) { context in
            let created = try await context.manager.createWorkspace(name: name, id: requestedID, actor: context.actor)
            do {
                try context.keyring.save(KeyringEntry(home: context.home, workspace: created.record.id, name: created.record.name, token: created.token))
            } catch {
                // Without its saved (or printed) token nobody could ever open the workspace: undo it.
                if let grant = try? await context.manager.authenticate(created.record.id, token: created.token, actor: context.actor) {
                    try? await context.manager.deleteWorkspace(grant)
                }
                throw error
            }
            if json {
                try Output.json(Created(id: created.record.id, name: created.record.name, token: created.token.revealed))
            } else {
                Output.lines([
                    "Created workspace \(created.record.id) (\(created.record.name)).",
                    "Token (shown once; saved in your keyring): \(created.token.revealed)",
                ])
            }
        }
    }
}
