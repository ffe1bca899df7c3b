import AirlockCore
import ArgumentParser

/// `airlock memory list --workspace ID [--kind KIND] [--json]`.
struct MemoryListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List memory documents, pinned first, then most recently updated."
    )

    @OptionGroup var options: WorkspaceOptions

    @Option(help: ArgumentHelp("Only documents of this kind.", valueName: "kind"))
    var kind: String?

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let kind = try kind.map { raw throws(InputError) in try MemoryKind(parsing: raw) }
        let summaries = try await options.withStore { store in try await store.listMemory(kind: kind) }
        if json { return try Output.json(summaries) }
        Output.lines(summaries.isEmpty ? ["No memory documents."] : MemoryText.summaryTable(summaries))
    }
}
