import AirlockAgent
import AirlockCore
import AirlockStore
import ArgumentParser
import Foundation

/// `airlock context --workspace ID [--session S] MESSAGE… [--json]`.
struct ContextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "context",
        abstract: "Show the context a message would send to the model — parts, provenance, token estimates — without sending it."
    )

    @OptionGroup var options: WorkspaceOptions

    @Option(help: ArgumentHelp("Include this session's history.", valueName: "session-id"))
    var session: String?

    @Argument(help: "The message.")
    var message: [String]

    @Flag(help: "Print JSON.")
    var json = false

    private struct Part: Encodable {
        let source: String
        let tokens: Int
        let text: String
    }

    private struct Document: Encodable {
        let workspace: WorkspaceID
        let model: String
        let budgetTokens: Int
        let estimatedTokens: Int
        let parts: [Part]
        let omitted: [String: Int]

        enum CodingKeys: String, CodingKey {
            case workspace, model, budgetTokens = "budget_tokens", estimatedTokens = "estimated_tokens", parts, omitted
        }
    }

    func run() async throws {
        let text = message.joined(separator: " ")
        let sessionID = try session.map { raw throws(IdentifierError) in try SessionID(raw) }
        let configuration = try AirlockConfiguration.load(environment: ProcessInfo.processInfo.environment)
        let builder = ContextBuilder(budget: ContextBudget(contextWindow: configuration.contextWindow, requestTokens: configuration.contextBudget))
        let workspace = try WorkspaceID(options.workspace)
        let built = try await CommandContext.withManager(options.homeOptions) { context in
            let grant = try await context.enter(workspace, for: .api)
            let name = try await context.manager.record(for: grant).name
            return try await context.manager.withStore(grant) { store in
                let source = ContextBuilder.Source(
                    store: store, workspaceName: name, cache: ComponentCache(workspace: workspace),
                    tools: configuration.supportsTools ? ToolSet.workspaceTools.definitions : []
                )
                return try await builder.build(from: source, session: sessionID.map { SessionKey(workspace: workspace, session: $0) }, newMessage: text)
            }
        }
        let omitted = ["history_messages": built.omissions.historyMessages, "retrieved_memories": built.omissions.retrievedMemories,
                       "pinned_memories": built.omissions.pinnedMemories].filter { $0.value > 0 }
        if json {
            return try Output.json(Document(
                workspace: built.workspace, model: configuration.model, budgetTokens: built.budget.requestTokens,
                estimatedTokens: built.estimatedTokens, parts: built.parts.map { Part(source: $0.source.label, tokens: $0.tokens, text: $0.text) },
                omitted: omitted
            ))
        }
        var lines: [String] = []
        for part in built.parts {
            lines += ["── \(part.source.label) · \(part.tokens) tokens", part.text, ""]
        }
        lines.append("About \(built.estimatedTokens) of \(built.budget.requestTokens) tokens (model \(configuration.model)).")
        if !omitted.isEmpty {
            lines.append("Left out to fit: " + omitted.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.replacingOccurrences(of: "_", with: " "))" }.joined(separator: ", ") + ".")
        }
        Output.lines(lines)
    }
}
