import AirlockAgent
import AirlockCore
import Foundation

/// The workspace switcher and the open workspace's sessions.
struct SidebarView {
    let state: AppState
    let theme: Theme
    let accent: Color

    func draw(into buffer: inout CellBuffer, width: Int, height: Int) {
        let border = theme.text(theme.border)
        buffer.box(x: 0, y: 0, width: width, height: height, style: border, title: [StyledSpan("Workspaces", theme.text(theme.muted))])
        let inner = width - 2
        var row = 1
        let selecting = state.focus == .sidebar && state.workspace != nil
        for (index, entry) in state.workspaces.enumerated() where row < height - 1 {
            let current = index == state.currentWorkspaceIndex
            let marker = current ? (state.airlock.target == entry.id ? "⟳" : "▸") : " "
            var style = theme.text(current ? theme.foreground : theme.muted, current ? .bold : [])
            if selecting, state.sidebarSelection == index { style.background = theme.selection }
            buffer.fill(x: 1, y: row, width: inner, height: 1, style: style)
            buffer.write("█", x: 1, y: row, style: theme.text(theme.workspaceAccent(index)))
            buffer.write("\(marker) \(index < 9 ? "\(index + 1) " : "  ")\(entry.name)", x: 3, y: row, style: style, limit: inner - 2)
            row += 1
        }
        guard let workspace = state.workspace, row < height - 2 else { return }
        row += 1
        let heading = workspace.sessionSearch.map { "Found: \($0.query)" } ?? "Sessions"
        buffer.horizontalLine(x: 1, y: row, width: inner, style: border)
        buffer.write(" \(heading) ", x: 2, y: row, style: theme.text(theme.muted), limit: inner - 2)
        row += 1
        let offset = state.workspaces.count
        let titles: [(String, String, Bool)]
        if let search = workspace.sessionSearch {
            titles = search.hits.map { ($0.sessionTitle, $0.snippet, $0.session == workspace.session?.session) }
        } else {
            titles = workspace.sessions.map { ($0.title, "\($0.messageCount)", $0.key == workspace.session) }
        }
        let visible = max(1, height - 1 - row)
        let selected = max(0, state.sidebarSelection - offset)
        let first = selecting && selected >= visible ? selected - visible + 1 : 0
        for (index, item) in titles.enumerated().dropFirst(first) where row < height - 1 {
            var style = theme.text(item.2 ? accent : theme.foreground, item.2 ? .bold : [])
            if selecting, state.sidebarSelection == offset + index { style.background = theme.selection }
            buffer.fill(x: 1, y: row, width: inner, height: 1, style: style)
            let used = buffer.write(item.0, x: 2, y: row, style: style, limit: inner - 2)
            buffer.write(" " + item.1, x: 2 + used, y: row, style: theme.text(theme.muted).with(style.attributes.intersection(.bold)), limit: max(0, inner - 2 - used))
            row += 1
        }
        if titles.isEmpty, row < height - 1 {
            buffer.write(workspace.sessionSearch == nil ? "none yet: type below" : "no match", x: 2, y: row, style: theme.text(theme.muted), limit: inner - 1)
        }
    }
}

/// The line above the transcript: workspace (in its colour) and session.
struct HeaderView {
    let state: AppState
    let theme: Theme
    let accent: Color

    func draw(into buffer: inout CellBuffer, x: Int, width: Int) {
        buffer.box(x: x, y: 0, width: width, height: max(2, buffer.height - 1), style: theme.text(theme.border))
        guard let workspace = state.workspace else { return }
        var spans = [StyledSpan("● " + workspace.name, theme.text(accent, .bold)), StyledSpan(" · \(workspace.id)", theme.text(theme.muted))]
        if let key = workspace.session, let session = workspace.sessions.first(where: { $0.key == key }) {
            spans += [StyledSpan(" │ ", theme.text(theme.border)), StyledSpan(session.title, theme.plain)]
        } else {
            spans.append(StyledSpan(" │ new session", theme.text(theme.muted)))
        }
        if case .anchored = workspace.transcript.scroll {
            spans.append(StyledSpan(" │ reading — Ctrl+End for newest", theme.text(theme.warning)))
        }
        StyledLine([StyledSpan(" ", theme.plain)] + spans + [StyledSpan(" ", theme.plain)]).draw(into: &buffer, x: x + 2, y: 0, limit: width - 4)
    }
}

/// The chat transcript, drawn from the bottom (following) or from an anchor (reading).
struct TranscriptView {
    let workspace: WorkspaceState
    let layout: TranscriptLayout
    let theme: Theme
    let timeZone: TimeZone

    func draw(into buffer: inout CellBuffer, x: Int, y: Int, width: Int, height: Int) {
        guard width > 0, height > 0 else { return }
        let count = TranscriptLayout.itemCount(workspace)
        if count == 0 {
            buffer.centered("Ask the agent about \(workspace.name). Enter sends; F1 shows the keys.", x: x, y: y + height / 2, width: width, style: theme.text(theme.muted))
            return
        }
        let lines = { (index: Int) in layout.lines(of: index, in: workspace, width: width, theme: theme, timeZone: timeZone) }
        let scroller = TranscriptScroller(workspace: workspace, width: width, height: height) { lines($0).count }
        var (item, line) = scroller.top(of: workspace.transcript.scroll)
        var row = y
        while row < y + height, item < count {
            let itemLines = lines(item)
            while line < itemLines.count, row < y + height {
                itemLines[line].draw(into: &buffer, x: x, y: row, limit: width)
                row += 1
                line += 1
            }
            item += 1
            line = 0
        }
    }
}

/// The input box, with the cursor where the analyst types.
struct InputView {
    let workspace: WorkspaceState
    let focused: Bool
    let theme: Theme
    let accent: Color

    /// Draws the box and returns the cursor position when focused.
    func draw(into buffer: inout CellBuffer, geometry: ScreenGeometry) -> CursorPosition? {
        let border = theme.text(theme.border)
        let x = geometry.mainX
        buffer.write("├" + String(repeating: "─", count: max(0, geometry.mainWidth - 2)) + "┤", x: x, y: geometry.inputY - 1, style: border)
        let hint = workspace.transcript.turnRunning ? " answering… Ctrl+C stops " : " Enter sends · Alt+Enter new line · /help "
        buffer.write(hint, x: x + 2, y: geometry.inputY - 1, style: theme.text(theme.muted), limit: geometry.mainWidth - 4)
        let textWidth = max(1, geometry.mainWidth - 4)
        let rows = InputLayout.rows(of: workspace.input, width: textWidth)
        let cursor = InputLayout.cursor(of: workspace.input, width: textWidth)
        let first = max(0, cursor.row - geometry.inputRows + 1)
        buffer.write("›", x: x + 1, y: geometry.inputY, style: theme.text(focused ? accent : theme.muted, .bold))
        for (offset, range) in rows.dropFirst(first).prefix(geometry.inputRows).enumerated() {
            buffer.write(String(workspace.input.characters[range]), x: x + 3, y: geometry.inputY + offset, style: theme.plain, limit: textWidth)
        }
        return focused ? CursorPosition(x: x + 3 + cursor.column, y: geometry.inputY + cursor.row - first) : nil
    }
}

/// The bottom line: workspace, a rate limit's countdown and open alerts, session, model,
/// context, approvals, the signed-in account, notices.
struct StatusBarView {
    let state: AppState
    let theme: Theme
    let accent: Color
    let keyMap: KeyMap

    func draw(into buffer: inout CellBuffer, y: Int) {
        buffer.fill(x: 0, y: y, width: buffer.width, height: 1, style: theme.text(theme.foreground))
        var spans: [StyledSpan] = []
        let name = state.workspace?.name ?? state.airlock.target.map { "→ \($0)" } ?? "no workspace"
        spans.append(StyledSpan(" \(name) ", CellStyle(foreground: theme.background == .default ? .indexed(0) : theme.background, background: accent, attributes: .bold)))
        // What needs the analyst comes first, so that a narrow terminal still shows it.
        let attention = self.attention
        if !attention.isEmpty {
            spans.append(StyledSpan(" ", theme.plain))
            for (index, span) in attention.enumerated() {
                if index > 0 { spans.append(StyledSpan(" · ", theme.text(theme.muted))) }
                spans.append(span)
            }
            if state.workspace != nil { spans.append(StyledSpan(" ·", theme.text(theme.muted))) }
        }
        if let workspace = state.workspace {
            let session = workspace.session.map(\.session.rawValue) ?? "new session"
            spans.append(StyledSpan(" \(session) · \(workspace.model.model)", theme.text(theme.muted)))
            if let tokens = workspace.contextTokens {
                spans.append(StyledSpan(" · ctx \(tokens.used)/\(tokens.budget)", theme.text(tokens.used * 10 > tokens.budget * 9 ? theme.warning : theme.muted)))
            }
            let pending = workspace.approvals.count
            spans.append(StyledSpan(" · approvals \(pending)", theme.text(pending > 0 ? theme.warning : theme.muted, pending > 0 ? .bold : [])))
            if workspace.unacknowledgedAlerts.isEmpty { spans.append(StyledSpan(" · alerts 0", theme.text(theme.muted))) }
        }
        if let account = state.account {
            spans.append(StyledSpan(" · " + account, theme.text(theme.muted)))
        }
        if case .passed(let report) = state.airlock, state.notice == nil {
            spans.append(StyledSpan(" · airlock \(ClockText.duration(report.teardown)) out, \(ClockText.duration(report.build)) in", theme.text(theme.muted)))
        }
        if let notice = state.notice {
            spans.append(StyledSpan(" · " + notice.text, theme.text(notice.kind == .error ? theme.error : theme.accent, .bold)))
        }
        let help = " " + (keyMap.keys(for: .help).first ?? "f1") + " help "
        let helpWidth = DisplayWidth.of(help)
        StyledLine(spans).draw(into: &buffer, x: 0, y: y, limit: max(0, buffer.width - helpWidth))
        buffer.write(help, x: max(0, buffer.width - helpWidth), y: y, style: theme.text(theme.muted))
    }

    /// A rate limit's countdown (warning colour) and unacknowledged alerts (error colour
    /// if one is critical, else warning).
    private var attention: [StyledSpan] {
        var spans: [StyledSpan] = []
        if let limit = state.rateLimit, limit.secondsLeft(at: state.now) > 0 {
            spans.append(StyledSpan("limit: retry in \(limit.secondsLeft(at: state.now)) s", theme.text(theme.warning, .bold)))
        }
        if let open = state.workspace?.unacknowledgedAlerts, !open.isEmpty {
            let color = open.contains { $0.severity == .critical } ? theme.error : theme.warning
            spans.append(StyledSpan("alerts \(open.count)", theme.text(color, .bold)))
        }
        return spans
    }
}

/// The main pane while passing through the airlock or when opening failed.
struct AirlockView {
    let state: AppState
    let theme: Theme
    let accent: Color

    func draw(into buffer: inout CellBuffer, geometry: ScreenGeometry) {
        let middle = max(1, geometry.statusY / 2)
        let x = geometry.mainX + 1
        let width = geometry.mainWidth - 2
        switch state.airlock {
        case .cycling(let from, let to):
            buffer.centered("⟳ airlock", x: x, y: middle - 1, width: width, style: theme.text(accent, .bold))
            buffer.centered((from.map { "closing \($0) · " } ?? "") + "opening \(to)", x: x, y: middle, width: width, style: theme.text(theme.muted))
        case .failed(let id, let message):
            buffer.centered("Could not open \(id)", x: x, y: middle - 1, width: width, style: theme.text(theme.error, .bold))
            buffer.centered(message, x: x, y: middle, width: width, style: theme.text(theme.muted))
        case .idle, .passed:
            buffer.centered(state.workspacesLoaded ? "No workspace open" : "Reading your keyring…", x: x, y: middle, width: width, style: theme.text(theme.muted))
        }
    }
}
