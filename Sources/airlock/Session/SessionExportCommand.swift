import AirlockCore
import AirlockStore
import ArgumentParser
import Foundation
import Glibc

/// `airlock session export --workspace ID SESSION_ID [--format markdown|json] [--output FILE]`.
struct SessionExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a session as Markdown or JSON, to stdout or a file.",
        discussion: "Written to a file or a pipe, the export is exact; written to a terminal, control characters are made visible."
    )

    /// Export formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown, json
    }

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The session id.")
    var sessionID: String

    @Option(help: "markdown or json.")
    var format: Format = .markdown

    @Option(help: ArgumentHelp("Write to this file (replaced atomically, mode 0600) instead of stdout.", valueName: "file"))
    var output: String?

    func run() async throws {
        let id = try SessionID(sessionID)
        let transcript = try await options.withStore { store in
            try await store.transcript(SessionKey(workspace: store.workspaceID, session: id), lastMessages: nil)
        }
        let text = switch format {
        case .markdown: TranscriptMarkdown.render(transcript)
        case .json: try Output.jsonText(TranscriptDocument(transcript)) + "\n"
        }
        if let output {
            try ExportFile.write(text, to: output)
        } else if isatty(STDOUT_FILENO) == 1 {
            Output.write(text)
        } else {
            Output.raw(text)
        }
    }
}
