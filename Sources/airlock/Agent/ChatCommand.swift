import AirlockAgent
import AirlockCore
import AirlockStore
import ArgumentParser
import Foundation

/// `airlock chat --workspace ID [--session S] [--approve MODE] MESSAGE…`.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Send a message to the agent in a workspace and stream its answer.",
        discussion: """
            Without --session a new session is started; its id is printed on stderr at the end.
            The model comes from $XDG_CONFIG_HOME/airlock/config.json and the environment (see docs/AGENT.md); with none set, the embedded local model is started.
            Tool calls are approved on the terminal, or by --approve: read-only (allow read-only tools, deny the rest), none, all.
            """
    )

    @OptionGroup var options: WorkspaceOptions

    @Option(help: ArgumentHelp("Continue this session instead of starting a new one.", valueName: "session-id"))
    var session: String?

    @Option(help: "How tool calls are approved: ask, read-only, none or all.")
    var approve: ApproveMode = .ask

    @Argument(help: "The message.")
    var message: [String]

    func run() async throws {
        let text = message.joined(separator: " ")
        let draft = try MessageDraft(role: .user, content: text)
        guard !draft.content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw CLIError.emptyInput(what: "the message") }
        let sessionID = try session.map { raw throws(IdentifierError) in try SessionID(raw) }
        let workspace = try WorkspaceID(options.workspace)
        let environment = ProcessInfo.processInfo.environment
        let configuration = try AirlockConfiguration.load(environment: environment)
        let homeOptions = options.homeOptions
        let approve = approve
        try await Interruption.cancellable {
            try await CommandContext.withManager(homeOptions) { context in
                // The message is counted when the runtime sends it; until then nothing
                // (not even its new session) may be made if it could not be sent.
                let grant = try await context.enter(workspace, for: nil)
                try context.gateway.ensureRoom(grant, .chat)
                let connection = try await ModelConnection.open(configuration, environment: environment) { Output.note($0 + "\n") }
                do {
                    try await Self.converse(text, session: sessionID, grant: grant, context: context, connection: connection, configuration: configuration, approve: approve)
                    await connection.close()
                } catch {
                    await connection.close()
                    throw error
                }
            }
        }
    }

    private static func converse(_ text: String, session: SessionID?, grant: WorkspaceGrant, context: CommandContext, connection: ModelConnection, configuration: AirlockConfiguration, approve: ApproveMode) async throws {
        let settings = AgentSettings(
            provider: connection.provider, contextBudget: configuration.contextBudget,
            approvalPolicy: approve.policy(from: configuration.approvalPolicy(for: grant.workspaceID))
        )
        let runtime = try await WorkspaceRuntime.open(grant, manager: context.manager, settings: settings, admission: context.gateway.admission(for: grant))
        do {
            let store = try await runtime.openStore()
            let key: SessionKey
            if let session {
                key = try await store.session(SessionKey(workspace: grant.workspaceID, session: session)).key
            } else {
                key = try await store.createSession(title: Self.title(for: text)).key
            }
            for try await event in await runtime.send(text, in: key, approvals: approve.handler) {
                switch event {
                case .text(let delta):
                    Output.write(delta)
                case .toolCallDecided(let call, let outcome):
                    Output.note("\n[\(call.name): \(outcome.isAllowed ? "allowed" : "not run")]\n")
                case .finished(let summary):
                    Output.write("\n")
                    if summary.reachedStepLimit { Output.note("The turn stopped after \(summary.steps) model steps.\n") }
                case .userMessageSaved, .contextBuilt, .assistantMessageSaved, .toolResultSaved:
                    break
                }
            }
            Output.note("session \(key.session)\n")
            // A cancelled consumer sees its stream simply end; the turn did not.
            try Task.checkCancellation()
            await runtime.close()
        } catch {
            await runtime.close()
            throw error
        }
    }

    /// A session title from the first line of the message, cut to 60 characters.
    static func title(for message: String) -> String {
        let firstLine = message.split(whereSeparator: \.isNewline).first.map(String.init) ?? message
        let clean = TerminalText.sanitized(firstLine, singleLine: true).trimmingCharacters(in: .whitespaces)
        return clean.count > 60 ? String(clean.prefix(59)) + "…" : (clean.isEmpty ? "Chat" : clean)
    }
}
