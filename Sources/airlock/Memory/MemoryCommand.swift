import AirlockCore
import ArgumentParser

/// `airlock memory …`: a workspace's brand voice, personas, competitive notes and campaigns.
struct MemoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "Add, list, search, show, edit and remove a workspace's memory documents.",
        subcommands: [
            MemoryAddCommand.self,
            MemoryListCommand.self,
            MemorySearchCommand.self,
            MemoryShowCommand.self,
            MemoryEditCommand.self,
            MemoryRemoveCommand.self,
        ]
    )
}

/// Reading a memory body from `--body TEXT`, `--body -` (stdin) or, where allowed, stdin alone.
enum MemoryBody {
    /// The body given by `option`; `-` means stdin.
    static func read(_ option: String) throws -> String {
        option == "-" ? try fromStandardInput() : option
    }

    /// The body piped on stdin.
    static func fromStandardInput() throws -> String {
        guard !StandardInput.isTerminal else {
            throw CLIError.standardInputIsTerminal(what: "the memory body", hint: "pass --body TEXT or pipe the body in")
        }
        return try StandardInput.readAll(limit: MemoryDraft.bodyByteLimit)
    }
}

/// How memory documents are shown to people.
enum MemoryText {
    static func summaryTable(_ summaries: [MemorySummary]) -> [String] {
        Output.table(["ID", "KIND", "PIN", "UPDATED", "TITLE"], summaries.map { summary in
            [summary.id.rawValue, summary.kind.rawValue, summary.pinned ? "yes" : "-", Output.date(summary.updatedAt),
             summary.title + (summary.tags.isEmpty ? "" : "  [" + summary.tags.joined(separator: ", ") + "]")]
        })
    }

    static func document(_ document: MemoryDocument) -> [String] {
        [
            document.title,
            "id: \(document.id)   kind: \(document.kind)   pinned: \(document.pinned ? "yes" : "no")",
            "tags: \(document.tags.isEmpty ? "-" : document.tags.joined(separator: ", "))",
            "created: \(Output.date(document.createdAt))   updated: \(Output.date(document.updatedAt))",
            "",
            document.body,
        ]
    }
}
