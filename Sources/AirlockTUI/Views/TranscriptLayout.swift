import AirlockCore
import Foundation

/// Lays out transcript items (messages, then the streaming reply) into screen lines,
/// caching each message's lines per (session, message, width, theme, tools expanded).
///
/// Only items that are shown or scrolled past are laid out, so a 10,000-message session
/// costs what is on screen. The cache is emptied whenever the workspace changes, so no
/// rendered text of one workspace outlives its runtime.
public final class TranscriptLayout {
    private struct Key: Hashable {
        let session: SessionID?
        let sequence: Int64
        let width: Int
        let theme: String
        let expanded: Bool
    }

    private var cache: [Key: [StyledLine]] = [:]
    /// The streaming reply, rendered incrementally (only its last block changes as it grows).
    private var streaming: RenderedMarkdown?
    private var epoch = -1

    /// An empty layout.
    public init() {}

    /// How many messages' lines are cached (for tests).
    public var cachedCount: Int { cache.count }

    /// Forgets everything if `epoch` (the open runtime) changed.
    public func reset(for epoch: Int) {
        guard epoch != self.epoch else { return }
        cache.removeAll()
        streaming = nil
        self.epoch = epoch
    }

    /// The lines of item `index` of `workspace` at `width` columns.
    public func lines(of index: Int, in workspace: WorkspaceState, width: Int, theme: Theme, timeZone: TimeZone) -> [StyledLine] {
        let transcript = workspace.transcript
        guard index < transcript.messages.count else {
            let bodyWidth = max(1, width - 2)
            if streaming?.matches(width: bodyWidth, theme: theme) != true { streaming = RenderedMarkdown(width: bodyWidth, theme: theme) }
            streaming!.update(transcript.streaming ?? "")
            return MessageLines.streaming(streaming!.lines, theme: theme)
        }
        let message = transcript.messages[index]
        let key = Key(session: workspace.session?.session, sequence: message.sequence, width: width, theme: theme.name, expanded: transcript.toolsExpanded)
        if let cached = cache[key] { return cached }
        let lines = MessageLines.message(message, width: width, theme: theme, expanded: transcript.toolsExpanded, timeZone: timeZone)
        cache[key] = lines
        return lines
    }

    /// The number of items: messages, plus the streaming reply if any.
    public static func itemCount(_ workspace: WorkspaceState) -> Int {
        workspace.transcript.messages.count + (workspace.transcript.streaming == nil ? 0 : 1)
    }
}

/// How one message looks in the transcript.
enum MessageLines {
    /// The most lines of a tool result shown when expanded.
    static let expandedResultLimit = 40

    static func message(_ message: ChatMessage, width: Int, theme: Theme, expanded: Bool, timeZone: TimeZone) -> [StyledLine] {
        let muted = theme.text(theme.muted)
        let bodyWidth = max(1, width - 2)
        var lines: [StyledLine] = []
        switch message.role {
        case .user, .system:
            lines.append(header(message.role == .user ? "You" : "System", theme.user, message, theme, timeZone))
            lines += indent(TextWrap.lines([StyledSpan(message.content, theme.plain)], width: bodyWidth), theme)
        case .assistant:
            lines.append(header("Assistant", theme.assistant == .default ? theme.accent : theme.assistant, message, theme, timeZone))
            if !message.content.isEmpty {
                lines += indent(MarkdownLite.render(message.content, width: bodyWidth, theme: theme), theme)
            }
            for call in message.toolCalls {
                let summary = "⚙ \(call.name) \(oneLine(call.arguments))"
                if expanded {
                    lines += indent(TextWrap.lines([StyledSpan(summary, theme.text(theme.tool))], width: bodyWidth, continuationIndent: 2), theme)
                } else {
                    lines.append(StyledLine([StyledSpan("  ", theme.plain), StyledSpan(clip(summary, bodyWidth), theme.text(theme.tool))]))
                }
            }
        case .tool:
            let result = message.toolResult
            let content = result?.content ?? message.content
            let label = "↳ \(result?.isError == true ? "failed" : "result") · \(result?.callID ?? "?") · \(content.count) characters"
            lines.append(StyledLine([StyledSpan("  ", theme.plain), StyledSpan(label + (expanded ? "" : "  (Alt+T shows tool output)"), muted)]))
            if expanded {
                let body = TextWrap.lines([StyledSpan(content, theme.text(theme.code))], width: max(1, bodyWidth - 2))
                lines += body.prefix(expandedResultLimit).map { StyledLine([StyledSpan("    ", theme.plain)] + $0.spans) }
                if body.count > expandedResultLimit {
                    lines.append(StyledLine([StyledSpan("    … \(body.count - expandedResultLimit) more lines", muted)]))
                }
            }
        }
        lines.append(StyledLine())
        return lines
    }

    static func streaming(_ body: [StyledLine], theme: Theme) -> [StyledLine] {
        var lines = [StyledLine([StyledSpan("Assistant", theme.text(theme.accent, .bold)), StyledSpan(" · answering…", theme.text(theme.muted))])]
        lines += indent(body, theme)
        lines.append(StyledLine([StyledSpan("  ▌", theme.text(theme.accent))]))
        return lines
    }

    private static func header(_ who: String, _ color: Color, _ message: ChatMessage, _ theme: Theme, _ timeZone: TimeZone) -> StyledLine {
        StyledLine([StyledSpan(who, theme.text(color, .bold)), StyledSpan(" · " + ClockText.time(message.createdAt, in: timeZone), theme.text(theme.muted))])
    }

    private static func indent(_ lines: [StyledLine], _ theme: Theme) -> [StyledLine] {
        lines.map { StyledLine([StyledSpan("  ", theme.plain)] + $0.spans) }
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    private static func clip(_ text: String, _ width: Int) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        var result = ""
        var columns = 0
        for character in text {
            let next = DisplayWidth.of(character)
            if columns + next > width - 1 { break }
            result.append(character)
            columns += next
        }
        return result + "…"
    }
}
