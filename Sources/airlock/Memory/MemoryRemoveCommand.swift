import AirlockCore
import ArgumentParser

/// `airlock memory rm --workspace ID MEMORY_ID`.
struct MemoryRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove a memory document."
    )

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The memory id.")
    var memoryID: String

    func run() async throws {
        let id = try MemoryID(memoryID)
        try await options.withStore { store in try await store.removeMemory(id) }
        Output.lines(["Removed memory \(id)."])
    }
}
