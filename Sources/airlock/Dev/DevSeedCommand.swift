import AirlockCore
import AirlockStore
import ArgumentParser
import Foundation

/// `airlock dev seed NAME [--id ID] [--documents N] [--sessions S] [--messages-per-session K] [--long-session L] [--json]`.
struct DevSeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Create a workspace filled with generated memory and chats; prints its token once and saves it in your keyring.",
        discussion: """
            The text is generated deterministically (English with some accented and CJK words), so the same counts
            give the same workspace. The workspace is built in memory and created in one step, like an import, in
            whichever storage the home uses; its audit log starts with one workspace.create event.
            """
    )

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "The workspace's display name.")
    var name: String

    @Option(help: ArgumentHelp("The workspace id (lowercase letters, digits, '-'); derived from the name if omitted.", valueName: "id"))
    var id: String?

    @Option(help: ArgumentHelp("Memory documents to create.", valueName: "n"))
    var documents = 1_000

    @Option(help: ArgumentHelp("Sessions to create.", valueName: "s"))
    var sessions = 20

    @Option(name: .customLong("messages-per-session"), help: ArgumentHelp("Messages in each session.", valueName: "k"))
    var messagesPerSession = 50

    @Option(name: .customLong("long-session"), help: ArgumentHelp("Messages in one extra session titled \"Long conversation\" (0 for none).", valueName: "l"))
    var longSession = 0

    @Flag(help: "Print {\"id\", \"name\", \"token\", \"documents\", \"sessions\", \"messages\"} as JSON.")
    var json = false

    private struct Seeded: Encodable {
        let id: WorkspaceID
        let name: String
        let token: String
        let documents: Int
        let sessions: Int
        let messages: Int
    }

    func validate() throws {
        for (option, value) in [("--documents", documents), ("--sessions", sessions), ("--messages-per-session", messagesPerSession),
                                ("--long-session", longSession)] where value < 0 {
            throw ValidationError("\(option) must be zero or more")
        }
    }

    func run() async throws {
        let requestedID = try id.map { raw throws(IdentifierError) in try WorkspaceID(raw) }
        let name = try WorkspaceRecord.validatedName(name)
        let workspace = requestedID ?? WorkspaceID.derived(fromName: name)
        let plan = WorkspaceSeed(documents: documents, sessions: sessions, messagesPerSession: messagesPerSession, longSession: longSession)
        try await CommandContext.withManager(homeOptions, create: true) { context in
            let snapshot = plan.snapshot(of: workspace, actor: context.actor, at: Date())
            let created = try await context.manager.createWorkspace(name: name, id: workspace, actor: context.actor, restoring: snapshot)
            do {
                try context.keyring.save(KeyringEntry(home: context.home, workspace: created.record.id, name: created.record.name, token: created.token))
            } catch {
                // Without its saved (or printed) token nobody could ever open the workspace: undo it.
                if let grant = try? await context.manager.authenticate(created.record.id, token: created.token, actor: context.actor) {
                    try? await context.manager.deleteWorkspace(grant)
                }
                throw error
            }
            let messages = snapshot.sessions.reduce(0) { $0 + $1.messages.count }
            if json {
                try Output.json(Seeded(id: created.record.id, name: created.record.name, token: created.token.revealed,
                                       documents: snapshot.memory.count, sessions: snapshot.sessions.count, messages: messages))
            } else {
                Output.lines([
                    "Seeded workspace \(created.record.id) (\(TerminalText.sanitized(created.record.name, singleLine: true))): "
                        + "\(snapshot.memory.count) memory documents, \(snapshot.sessions.count) sessions, \(messages) messages.",
                    "Token (shown once; saved in your keyring): \(created.token.revealed)",
                ])
            }
        }
    }
}
