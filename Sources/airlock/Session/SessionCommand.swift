import AirlockCore
import ArgumentParser

/// `airlock session …`: a workspace's chat sessions.
struct SessionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract: "List, show and export a workspace's chat sessions.",
        subcommands: [
            SessionListCommand.self,
            SessionShowCommand.self,
            SessionExportCommand.self,
        ]
    )
}

/// `airlock session list --workspace ID [--json]`.
struct SessionListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List chat sessions, most recently active first."
    )

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let sessions = try await options.withStore { store in try await store.sessions() }
        if json { return try Output.json(sessions) }
        guard !sessions.isEmpty else { return Output.lines(["No sessions."]) }
        Output.lines(Output.table(["ID", "MESSAGES", "UPDATED", "TITLE"], sessions.map { session in
            [session.key.session.rawValue, String(session.messageCount), Output.date(session.updatedAt), session.title]
        }))
    }
}

/// `airlock session show --workspace ID SESSION_ID [--last N] [--json]`.
struct SessionShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a session's messages."
    )

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The session id.")
    var sessionID: String

    @Option(help: ArgumentHelp("Only the last N messages.", valueName: "n"))
    var last: Int?

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let id = try SessionID(sessionID)
        let transcript = try await options.withStore { store in
            try await store.transcript(SessionKey(workspace: store.workspaceID, session: id), lastMessages: last)
        }
        if json { return try Output.json(TranscriptDocument(transcript)) }
        Output.write(TranscriptMarkdown.render(transcript))
    }
}
