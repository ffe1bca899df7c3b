import AirlockCore
import Foundation

/// A transcript as exported to JSON: the session's fields and its messages.
struct TranscriptDocument: Encodable {
    let session: ChatSession
    let messages: [ChatMessage]

    init(_ transcript: SessionTranscript) {
        session = transcript.session
        messages = transcript.messages
    }
}

/// A transcript as Markdown: a heading per message, tool calls and results in fences.
enum TranscriptMarkdown {
    static func render(_ transcript: SessionTranscript) -> String {
        let session = transcript.session
        var lines = [
            "# \(session.title)",
            "",
            "Session `\(session.key.session)` · \(session.messageCount) messages · started \(Output.date(session.createdAt))",
        ]
        for message in transcript.messages {
            lines += ["", "## \(message.sequence). \(message.role.rawValue) · \(Output.date(message.createdAt))", ""]
            if !message.content.isEmpty { lines.append(message.content) }
            for call in message.toolCalls {
                lines += ["", "Tool call `\(call.id)`: `\(call.name)`", fenced(call.arguments, language: "json")]
            }
            if let result = message.toolResult {
                lines += ["", "Tool result for `\(result.callID)`\(result.isError ? " (error)" : ""):", fenced(result.content, language: "text")]
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` in a code fence longer than any run of backticks inside it.
    private static func fenced(_ text: String, language: String) -> String {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + language + "\n" + text + "\n" + fence
    }
}
