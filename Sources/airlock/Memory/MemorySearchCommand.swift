import AirlockCore
import ArgumentParser

/// `airlock memory search --workspace ID QUERY… [--kind KIND] [--limit N] [--json]`.
struct MemorySearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search titles, tags and bodies; every word must match; best matches first."
    )

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The words to find.")
    var query: [String]

    @Option(help: ArgumentHelp("Only documents of this kind.", valueName: "kind"))
    var kind: String?

    @Option(help: "The most results to show.")
    var limit = 20

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let kind = try kind.map { raw throws(InputError) in try MemoryKind(parsing: raw) }
        let search = try MemorySearchQuery(query.joined(separator: " "), limit: limit, kind: kind)
        let hits = try await options.withStore { store in try await store.searchMemory(search) }
        if json { return try Output.json(hits) }
        guard !hits.isEmpty else { return Output.lines(["No matches."]) }
        Output.lines(hits.flatMap { hit in
            ["\(hit.memory.id)  \(hit.memory.kind)  \(hit.memory.title)", "    \(hit.snippet)"]
        })
    }
}
