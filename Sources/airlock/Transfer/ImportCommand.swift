import AirlockCore
import AirlockStore
import ArgumentParser

/// `airlock import DIR`: an exported workspace into this home's storage.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a workspace exported with `airlock export`; its token is read from $AIRLOCK_TOKEN or stdin.",
        discussion: """
            The workspace keeps its id, name, token and data key, so its credentials still open; every memory
            document, message, integration, alert and audit event keeps its id, time and bytes, and the audit log
            records the import after them. The token is saved in your keyring for this home.
            """
    )

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: ArgumentHelp("The export directory.", valueName: "dir"))
    var directory: String

    func run() async throws {
        let source = TransferPath.absolute(directory)
        try await CommandContext.withManager(homeOptions, create: true) { context in
            let token = try context.environment["AIRLOCK_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }.map(WorkspaceToken.init(parsing:))
                ?? WorkspaceToken(parsing: try StandardInput.readSecret(prompt: "Token of the exported workspace: "))
            let summary = try await context.manager.importWorkspace(from: source, token: token, actor: context.actor)
            let record = summary.record
            try context.keyring.save(KeyringEntry(home: context.home, workspace: record.id, name: record.name, token: token))
            Output.lines([
                "Imported workspace \(record.id) (\(TerminalText.sanitized(record.name, singleLine: true))) into \(context.manager.storageName) storage: " + summary.counts,
                "Its token is saved in your keyring.",
            ])
        }
    }
}
