import AirlockCore
import AirlockStore
import ArgumentParser

/// `airlock export --workspace ID DIR`: the whole workspace into a new directory.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a workspace (memory, sessions, integrations with sealed credentials, alerts, audit log) to a new directory.",
        discussion: """
            The directory is written in the plain-file layout with a manifest.json; `airlock import DIR` restores it
            in any home and storage (sqlite, files, postgres) for whoever holds the workspace's token. Credentials stay
            sealed; memory and chats are in the clear, so keep the directory as private as the workspace.
            """
    )

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: ArgumentHelp("The directory to create (must not exist, or be empty).", valueName: "dir"))
    var directory: String

    func run() async throws {
        let id = try WorkspaceID(options.workspace)
        let target = TransferPath.absolute(directory)
        try await CommandContext.withManager(options.homeOptions) { context in
            let token = try context.token(for: id)
            let grant = try await context.gateway.enter(id, token: token, actor: context.actor, for: .api)
            let summary = try await context.manager.exportWorkspace(grant, token: token, to: target)
            Output.lines(["Exported workspace \(id) from \(context.manager.storageName) storage to \(TerminalText.quoted(target, limit: 200)): " + summary.counts])
        }
    }
}

extension TransferSummary {
    /// "3 memory documents, 2 sessions (14 messages), 1 integration, 57 audit events".
    var counts: String {
        func count(_ value: Int, _ noun: String) -> String { "\(value) \(noun)\(value == 1 ? "" : "s")" }
        return [
            count(memory, "memory document"), count(sessions, "session") + " (\(count(messages, "message")))",
            count(integrations, "integration"), count(auditEvents, "audit event"),
        ].joined(separator: ", ")
    }
}
