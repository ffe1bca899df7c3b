import AirlockCore
import ArgumentParser

/// `airlock memory add --workspace ID --kind KIND --title TITLE [--body TEXT|-] [--tags a,b] [--pinned]`.
struct MemoryAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a memory document; the body comes from --body or stdin."
    )

    @OptionGroup var options: WorkspaceOptions

    @Option(help: ArgumentHelp("brand_voice, persona, competitive, campaign or note.", valueName: "kind"))
    var kind: String

    @Option(help: "One-line title.")
    var title: String

    @Option(help: ArgumentHelp("The text; '-' or omitted reads stdin.", valueName: "text"))
    var body: String?

    @Option(help: ArgumentHelp("Comma-separated tags.", valueName: "tags"))
    var tags: String?

    @Flag(help: "Always include this document in the agent's context.")
    var pinned = false

    @Flag(help: "Print the new document as JSON.")
    var json = false

    func run() async throws {
        let kind = try MemoryKind(parsing: kind)
        let text = try body.map(MemoryBody.read) ?? MemoryBody.fromStandardInput()
        let draft = try MemoryDraft(kind: kind, title: title, body: text, tags: tags.map(MemoryTags.split) ?? [], pinned: pinned)
        let document = try await options.withStore { store in try await store.addMemory(draft) }
        if json {
            try Output.json(document)
        } else {
            Output.lines(["Added memory \(document.id) (\(document.kind)): \(document.title)"])
        }
    }
}
