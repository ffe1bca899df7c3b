import AirlockAgent
import AirlockCore
import Foundation

/// What floats over the views: help, dialogs, the approval dialog, the context inspector.
/// Every overlay's frame carries the workspace's name in its colour.
struct OverlayView {
    let state: AppState
    let theme: Theme
    let accent: Color
    let keyMap: KeyMap

    /// Draws the topmost overlay, if any.
    ///
    /// - Returns: whether one was drawn.
    func draw(into buffer: inout CellBuffer) -> Bool {
        if state.showingHelp {
            let box = frame(&buffer, width: 76, height: buffer.height - 2, title: "Keys and commands")
            HelpOverlay(theme: theme, keyMap: keyMap).draw(into: &buffer, frame: box)
            return true
        }
        if let dialog = state.dialogs.last {
            drawDialog(dialog, into: &buffer)
            return true
        }
        if let approval = state.workspace?.approvals.first {
            let box = frame(&buffer, width: 78, height: min(22, buffer.height - 2), title: "Tool call needs your approval")
            ApprovalOverlay(approval: approval, queued: state.workspace!.approvals.count - 1, now: state.now, theme: theme).draw(into: &buffer, frame: box)
            return true
        }
        if let context = state.workspace?.inspectedContext {
            let box = frame(&buffer, width: 90, height: buffer.height - 2, title: "Context of the next request")
            ContextOverlay(context: context, theme: theme).draw(into: &buffer, frame: box)
            return true
        }
        return false
    }

    /// Where the cursor goes in a prompt dialog.
    func cursor(in buffer: CellBuffer) -> CursorPosition? {
        guard !state.showingHelp, case .prompt(let purpose, _, let text)? = state.dialogs.last else { return nil }
        let shown = purpose.isSecret ? String(repeating: "•", count: text.count) : String(text)
        let box = Rect(buffer: buffer, width: 64, height: 7)
        return CursorPosition(x: box.x + 2 + min(DisplayWidth.of(shown), box.width - 5), y: box.y + 3)
    }

    private func drawDialog(_ dialog: Dialog, into buffer: inout CellBuffer) {
        switch dialog {
        case .prompt(let purpose, let title, let text):
            let box = frame(&buffer, width: 64, height: 7, title: title)
            let field = purpose.isSecret ? String(repeating: "•", count: text.count) : String(text)
            let visible = DisplayWidth.of(field) > box.width - 5 ? String(field.suffix(box.width - 6)) : field
            buffer.fill(x: box.x + 2, y: box.y + 3, width: box.width - 4, height: 1, style: CellStyle(foreground: theme.foreground, background: theme.selection))
            buffer.write(visible, x: box.x + 2, y: box.y + 3, style: CellStyle(foreground: theme.foreground, background: theme.selection), limit: box.width - 4)
            buffer.write("Enter confirms · Esc cancels", x: box.x + 2, y: box.y + 5, style: theme.text(theme.muted), limit: box.width - 4)
        case .confirm(_, let message):
            let lines = TextWrap.lines([StyledSpan(message, theme.plain)], width: 56)
            let box = frame(&buffer, width: 64, height: lines.count + 5, title: "Confirm")
            for (offset, line) in lines.enumerated() { line.draw(into: &buffer, x: box.x + 2, y: box.y + 2 + offset, limit: box.width - 4) }
            buffer.write("y deletes · n or Esc keeps it", x: box.x + 2, y: box.y + box.height - 2, style: theme.text(theme.warning, .bold), limit: box.width - 4)
        case .message(let title, let body):
            let lines = TextWrap.lines([StyledSpan(body, theme.plain)], width: 70)
            let box = frame(&buffer, width: 78, height: min(buffer.height - 2, lines.count + 4), title: title)
            for (offset, line) in lines.prefix(box.height - 4).enumerated() { line.draw(into: &buffer, x: box.x + 2, y: box.y + 2 + offset, limit: box.width - 4) }
        }
    }

    /// Clears a centred box, frames it with the workspace's name and `title`, and returns it.
    private func frame(_ buffer: inout CellBuffer, width: Int, height: Int, title: String) -> Rect {
        let box = Rect(buffer: buffer, width: width, height: height)
        buffer.fill(x: box.x, y: box.y, width: box.width, height: box.height, style: theme.plain)
        let workspace = state.workspace?.name ?? state.airlock.target?.rawValue
        var titleSpans = [StyledSpan(title, theme.text(theme.foreground, .bold))]
        if let workspace { titleSpans = [StyledSpan("● " + workspace, theme.text(accent, .bold)), StyledSpan(" · ", theme.text(theme.muted))] + titleSpans }
        buffer.box(x: box.x, y: box.y, width: box.width, height: box.height, style: theme.text(accent), title: titleSpans)
        return box
    }
}

/// A centred rectangle that fits the buffer.
struct Rect {
    let x: Int
    let y: Int
    let width: Int
    let height: Int

    init(buffer: CellBuffer, width: Int, height: Int) {
        self.width = max(10, min(width, buffer.width - 2))
        self.height = max(4, min(height, buffer.height - 1))
        x = max(0, (buffer.width - self.width) / 2)
        y = max(0, (buffer.height - 1 - self.height) / 2)
    }
}

/// The approval dialog: tool, effect, arguments, egress, credential label, why, countdown.
struct ApprovalOverlay {
    let approval: PendingApproval
    let queued: Int
    let now: Date
    let theme: Theme

    func draw(into buffer: inout CellBuffer, frame box: Rect) {
        let request = approval.request
        let tool = request.tool
        let muted = theme.text(theme.muted)
        let inner = box.width - 4
        let why = request.reasons.map { reason -> String in
            switch reason {
            case .sideEffects: "it changes something (\(tool.effect.rawValue))"
            case .untrustedArguments: "its arguments repeat text from memory or tool output"
            case .policy: "this workspace asks before every tool call"
            }
        }.joined(separator: "; ")
        var lines: [StyledLine] = [
            StyledLine([StyledSpan(tool.name, theme.text(theme.tool, .bold)), StyledSpan(" · " + tool.effect.rawValue, theme.text(tool.effect.hasSideEffects ? theme.warning : theme.muted, .bold))]),
        ]
        lines += TextWrap.lines([StyledSpan(tool.description, muted)], width: inner)
        lines.append(StyledLine([StyledSpan("Leaves this machine: ", muted), StyledSpan(tool.dataLeavingMachine ?? "nothing", theme.plain)]))
        lines.append(StyledLine([StyledSpan("Credential: ", muted), StyledSpan(tool.credentialLabel ?? "none", theme.plain)]))
        lines += TextWrap.lines([StyledSpan("Asking because ", muted), StyledSpan(why, theme.text(theme.warning))], width: inner)
        lines.append(StyledLine([StyledSpan(request.preview == nil ? "Arguments:" : "Request:", muted)]))
        for (offset, line) in lines.enumerated() { line.draw(into: &buffer, x: box.x + 2, y: box.y + 1 + offset, limit: inner) }
        let arguments = TextWrap.lines([StyledSpan(request.preview ?? Self.pretty(request.call.arguments), theme.text(theme.code))], width: inner - 2)
        let argumentRows = max(1, box.height - lines.count - 5)
        let first = min(approval.scroll, max(0, arguments.count - argumentRows))
        for (offset, line) in arguments.dropFirst(first).prefix(argumentRows).enumerated() {
            line.draw(into: &buffer, x: box.x + 4, y: box.y + 1 + lines.count + offset, limit: inner - 2)
        }
        let seconds = max(0, Int(approval.deadline.timeIntervalSince(now).rounded(.up)))
        let keys = request.offersSessionAllowance ? "a allow once · s allow for session · d deny" : "a allow once · d deny"
        StyledLine([StyledSpan(keys, theme.text(theme.accent, .bold)), StyledSpan("  ·  denied in \(seconds) s", theme.text(theme.warning)),
                    StyledSpan(queued > 0 ? "  ·  \(queued) more waiting" : "", muted)])
            .draw(into: &buffer, x: box.x + 2, y: box.y + box.height - 2, limit: inner)
        if arguments.count > argumentRows {
            buffer.write("↑↓ scroll", x: box.x + box.width - 12, y: box.y + box.height - 3, style: muted)
        }
    }

    /// The arguments pretty-printed when they are JSON, else as sent.
    static func pretty(_ arguments: String) -> String {
        guard let value = try? JSONValue(parsing: arguments) else { return arguments }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? arguments
    }
}

/// The context inspector: every part with provenance and tokens, and the budget by source.
struct ContextOverlay {
    let context: ModelContext
    let theme: Theme

    func draw(into buffer: inout CellBuffer, frame box: Rect) {
        let inner = box.width - 4
        let groups: [(String, Color, Int)] = Self.groups(context).map { ($0.0, color($0.0), $0.1) }
        let budget = max(1, context.budget.requestTokens)
        var column = box.x + 2
        for (_, color, tokens) in groups {
            let cells = max(tokens > 0 ? 1 : 0, tokens * inner / budget)
            buffer.write(String(repeating: "█", count: min(cells, box.x + 2 + inner - column)), x: column, y: box.y + 1, style: theme.text(color))
            column += cells
        }
        buffer.write(String(repeating: "░", count: max(0, box.x + 2 + inner - column)), x: column, y: box.y + 1, style: theme.text(theme.border))
        var legend = groups.map { StyledSpan("■ \($0.0) \($0.2)  ", theme.text($0.1)) }
        legend.append(StyledSpan("of \(context.budget.requestTokens) tokens", theme.text(theme.muted)))
        StyledLine(legend).draw(into: &buffer, x: box.x + 2, y: box.y + 2, limit: inner)
        if context.omissions.any {
            let omitted = context.omissions
            buffer.write("Left out: \(omitted.historyMessages) history messages, \(omitted.retrievedMemories) retrieved, \(omitted.pinnedMemories) pinned",
                         x: box.x + 2, y: box.y + 3, style: theme.text(theme.warning), limit: inner)
        }
        var row = box.y + 4
        for part in context.parts where row < box.y + box.height - 2 {
            StyledLine([StyledSpan(part.source.label, theme.text(color(Self.group(of: part.source)), .bold)), StyledSpan(" · \(part.tokens) tokens", theme.text(theme.muted))])
                .draw(into: &buffer, x: box.x + 2, y: row, limit: inner)
            row += 1
            let preview = part.text.split(whereSeparator: \.isNewline).prefix(2)
            for line in preview where row < box.y + box.height - 2 {
                buffer.write("  " + line, x: box.x + 2, y: row, style: theme.plain, limit: inner)
                row += 1
            }
        }
        buffer.write("Esc closes", x: box.x + 2, y: box.y + box.height - 2, style: theme.text(theme.muted), limit: inner)
    }

    private func color(_ group: String) -> Color {
        switch group {
        case "system": theme.accent
        case "memory": theme.warning
        case "history": theme.user
        default: theme.tool
        }
    }

    static func group(of source: ContextSource) -> String {
        switch source {
        case .instructions: "system"
        case .pinnedMemory, .retrievedMemory: "memory"
        case .message, .newMessage: "history"
        case .toolResult, .toolSchemas: "tools"
        }
    }

    static func groups(_ context: ModelContext) -> [(String, Int)] {
        ["system", "memory", "history", "tools"].map { name in
            (name, context.parts.filter { group(of: $0.source) == name }.reduce(0) { $0 + $1.tokens })
        }
    }
}

/// Keys and commands.
struct HelpOverlay {
    let theme: Theme
    let keyMap: KeyMap

    func draw(into buffer: inout CellBuffer, frame box: Rect) {
        var lines: [StyledLine] = []
        for action in Action.allCases {
            let keys = keyMap.keys(for: action).joined(separator: ", ")
            lines.append(StyledLine([StyledSpan(keys.padding(toLength: 18, withPad: " ", startingAt: 0), theme.text(theme.accent, .bold)), StyledSpan(action.summary, theme.plain)]))
        }
        lines.append(StyledLine([StyledSpan("alt+1…9".padding(toLength: 18, withPad: " ", startingAt: 0), theme.text(theme.accent, .bold)), StyledSpan("jump to workspace 1…9", theme.plain)]))
        lines.append(StyledLine())
        for command in Reducer.commands {
            lines.append(StyledLine([StyledSpan(command.name.padding(toLength: 18, withPad: " ", startingAt: 0), theme.text(theme.tool, .bold)), StyledSpan(command.summary, theme.plain)]))
        }
        let rows = box.height - 3
        let columns = lines.count > rows && box.width >= 150 ? 2 : 1
        let columnWidth = (box.width - 4) / columns
        for (index, line) in lines.prefix(rows * columns).enumerated() {
            line.draw(into: &buffer, x: box.x + 2 + (index / rows) * columnWidth, y: box.y + 1 + index % rows, limit: columnWidth - 1)
        }
        buffer.write("Any key closes", x: box.x + 2, y: box.y + box.height - 2, style: theme.text(theme.muted))
    }
}
