import AirlockCore
import Foundation

/// A rendered frame and where the terminal cursor belongs (the input box's caret), if shown.
public struct Frame: Sendable {
    /// The cells.
    public var buffer: CellBuffer
    /// The cursor's cell, or nil to hide it.
    public var cursor: CursorPosition?

    /// Creates a frame.
    public init(buffer: CellBuffer, cursor: CursorPosition? = nil) {
        self.buffer = buffer
        self.cursor = cursor
    }
}

/// Draws the console: `render(state)` is a function of the state and the theme, with a
/// layout cache for transcript lines. Used from the UI thread only.
public final class Renderer {
    /// The theme in use.
    public var theme: Theme
    /// The key map (for the help overlay and hints).
    public let keyMap: KeyMap
    /// The time zone times are shown in.
    public let timeZone: TimeZone
    let transcript = TranscriptLayout()

    /// A renderer with `theme` and `keyMap`, showing times in `timeZone`.
    public init(theme: Theme, keyMap: KeyMap, timeZone: TimeZone = .current) {
        self.theme = theme
        self.keyMap = keyMap
        self.timeZone = timeZone
    }

    /// The reducer's context, measuring transcript items with this renderer's layout.
    public var reduceContext: ReduceContext {
        ReduceContext(keyMap: keyMap) { [unowned self] workspace, index, width in
            transcript.lines(of: index, in: workspace, width: width, theme: theme, timeZone: timeZone).count
        }
    }

    /// The frame for `state`.
    public func render(_ state: AppState) -> Frame {
        transcript.reset(for: state.epoch)
        var buffer = CellBuffer(width: state.width, height: state.height, style: theme.plain)
        let geometry = ScreenGeometry(state: state)
        let accent = state.currentWorkspaceIndex.map(theme.workspaceAccent) ?? theme.accent
        var cursor: CursorPosition?
        if geometry.sidebarWidth > 0 {
            SidebarView(state: state, theme: theme, accent: accent).draw(into: &buffer, width: geometry.sidebarWidth, height: geometry.statusY)
        }
        HeaderView(state: state, theme: theme, accent: accent).draw(into: &buffer, x: geometry.mainX, width: geometry.mainWidth)
        switch (state.workspace, state.view) {
        case (nil, _):
            AirlockView(state: state, theme: theme, accent: accent).draw(into: &buffer, geometry: geometry)
        case (let workspace?, .chat):
            TranscriptView(workspace: workspace, layout: transcript, theme: theme, timeZone: timeZone)
                .draw(into: &buffer, x: geometry.mainX + 1, y: 1, width: geometry.mainWidth - 2, height: geometry.transcriptHeight)
            cursor = InputView(workspace: workspace, focused: state.focus == .input && state.dialogs.isEmpty, theme: theme, accent: accent)
                .draw(into: &buffer, geometry: geometry)
        case (let workspace?, .memory):
            MemoryView(memory: workspace.memory, theme: theme, accent: accent, timeZone: timeZone)
                .draw(into: &buffer, x: geometry.mainX, y: 1, width: geometry.mainWidth, height: geometry.statusY - 1)
        case (let workspace?, .integrations):
            IntegrationsView(rows: workspace.integrations, selection: workspace.integrationSelection, now: state.now, theme: theme, accent: accent, timeZone: timeZone)
                .draw(into: &buffer, x: geometry.mainX, y: 1, width: geometry.mainWidth, height: geometry.statusY - 1)
        case (let workspace?, .audit):
            AuditView(events: workspace.audit, alerts: workspace.alerts, alertSelection: workspace.alertSelection,
                      acknowledgeKey: keyMap.keys(for: .acknowledgeAlert).first ?? "-", theme: theme, timeZone: timeZone)
                .draw(into: &buffer, x: geometry.mainX, y: 1, width: geometry.mainWidth, height: geometry.statusY - 1)
        }
        StatusBarView(state: state, theme: theme, accent: accent, keyMap: keyMap).draw(into: &buffer, y: geometry.statusY)
        let overlay = OverlayView(state: state, theme: theme, accent: accent, keyMap: keyMap)
        if overlay.draw(into: &buffer) { cursor = overlay.cursor(in: buffer) }
        return Frame(buffer: buffer, cursor: cursor)
    }
}
