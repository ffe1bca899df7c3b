import AirlockCore
import ArgumentParser

/// `airlock memory show --workspace ID MEMORY_ID [--json]`.
struct MemoryShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one memory document."
    )

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The memory id.")
    var memoryID: String

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let id = try MemoryID(memoryID)
        let document = try await options.withStore { store in try await store.memory(id) }
        if json { return try Output.json(document) }
        Output.lines(MemoryText.document(document))
    }
}
