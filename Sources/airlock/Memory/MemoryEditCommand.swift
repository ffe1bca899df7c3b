import AirlockCore
import ArgumentParser

/// `airlock memory edit --workspace ID MEMORY_ID [--kind] [--title] [--body TEXT|-] [--tags] [--pin|--unpin]`.
struct MemoryEditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change a memory document; only the given fields change."
    )

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The memory id.")
    var memoryID: String

    @Option(help: ArgumentHelp("New kind.", valueName: "kind"))
    var kind: String?

    @Option(help: "New title.")
    var title: String?

    @Option(help: ArgumentHelp("New text; '-' reads stdin.", valueName: "text"))
    var body: String?

    @Option(help: ArgumentHelp("New comma-separated tags (replacing the old ones; '' clears them).", valueName: "tags"))
    var tags: String?

    /// `--pin` or `--unpin`.
    enum PinChange: String, EnumerableFlag {
        case pin, unpin

        static func help(for value: PinChange) -> ArgumentHelp? {
            value == .pin ? "Pin the document into every context." : "Unpin the document."
        }
    }

    @Flag var pinChange: PinChange?

    @Flag(help: "Print the changed document as JSON.")
    var json = false

    func run() async throws {
        let id = try MemoryID(memoryID)
        let patch = try MemoryPatch(
            kind: try kind.map { raw throws(InputError) in try MemoryKind(parsing: raw) },
            title: title,
            body: try body.map(MemoryBody.read),
            tags: tags.map(MemoryTags.split),
            pinned: pinChange.map { $0 == .pin }
        )
        let document = try await options.withStore { store in try await store.updateMemory(id, with: patch) }
        if json { return try Output.json(document) }
        Output.lines(["Updated memory \(document.id): \(document.title)"])
    }
}
