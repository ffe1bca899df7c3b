import ArgumentParser
import Foundation
import Logging

/// The `airlock` command: a terminal console for analysts who run an AI agent for many
/// client workspaces, kept apart by an airlock.
struct AirlockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "airlock",
        abstract: "A chat console for analysts working with an AI agent across isolated client workspaces.",
        discussion: """
            Every workspace has its own memory, sessions and audit log, unlocked only by its token.
            The home defaults to $AIRLOCK_HOME, else $XDG_DATA_HOME/airlock, else ~/.local/share/airlock.
            For --workspace ID the token comes from $AIRLOCK_TOKEN if set, else from your keyring.
            Without a command, airlock opens the chat console.
            """,
        subcommands: [
            ConsoleCommand.self,
            InitCommand.self,
            WorkspaceCommand.self,
            MemoryCommand.self,
            SessionCommand.self,
            AuditCommand.self,
            IntegrationCommand.self,
            ChatCommand.self,
            ContextCommand.self,
            ModelCommand.self,
            DatabaseCommand.self,
            UserCommand.self,
            LoginCommand.self,
            LogoutCommand.self,
            MaintenanceCommand.self,
            ExportCommand.self,
            ImportCommand.self,
            DevCommand.self,
        ],
        defaultSubcommand: ConsoleCommand.self
    )
}

/// Runs the command line and turns every failure into one line on stderr and a non-zero exit.
@main
enum AirlockMain {
    static func main() async {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: ProcessInfo.processInfo.environment["AIRLOCK_LOG_LEVEL"] ?? "") ?? .error
            return handler
        }
        do {
            var command = try AirlockCommand.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(reporting: error)
        }
    }

    private static func exit(reporting error: any Error) -> Never {
        if error is CancellationError {
            Output.error("interrupted")
            Foundation.exit(130)
        }
        let code = AirlockCommand.exitCode(for: error)
        if code == .success {
            Output.write(AirlockCommand.fullMessage(for: error) + "\n")
            Foundation.exit(0)
        }
        let message = AirlockCommand.message(for: error)
        if !message.isEmpty { Output.error(message) }
        Foundation.exit(code.rawValue)
    }
}
