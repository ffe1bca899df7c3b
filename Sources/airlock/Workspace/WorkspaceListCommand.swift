import AirlockCore
import AirlockStore
import ArgumentParser

/// `airlock workspace list [--all] [--json]`.
struct WorkspaceListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the workspaces in your keyring, or with --all every workspace in the registry."
    )

    @OptionGroup var homeOptions: HomeOptions

    @Flag(help: "List the registry (operator view: ids, names and times only).")
    var all = false

    @Flag(help: "Print JSON.")
    var json = false

    private struct Held: Encodable {
        let id: WorkspaceID
        let name: String
    }

    func run() async throws {
        try await CommandContext.withManager(homeOptions) { context in
            if all {
                let records = try await context.manager.registryListing()
                if json { return try Output.json(records) }
                Output.lines(Output.table(
                    ["ID", "CREATED", "TOKEN ROTATED", "NAME"],
                    records.map { [$0.id.rawValue, Output.date($0.createdAt), $0.rotatedAt.map(Output.date) ?? "-", $0.name] }
                ))
            } else {
                let entries = try context.keyring.entries(for: context.home)
                if json { return try Output.json(entries.map { Held(id: $0.workspace, name: $0.name) }) }
                if entries.isEmpty {
                    Output.lines(["No workspaces in your keyring for this home. Create one with `airlock workspace create NAME`."])
                } else {
                    Output.lines(Output.table(["ID", "NAME"], entries.map { [$0.workspace.rawValue, $0.name] }))
                }
            }
        }
    }
}
