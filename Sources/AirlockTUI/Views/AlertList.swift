import AirlockCore
import Foundation

/// The audit view's alerts, newest first, two lines each: severity in its colour, rule,
/// time and whether acknowledged, then the summary (sanitized to one line); the selected
/// alert highlighted.
struct AlertList {
    let alerts: [Alert]
    let selection: Int
    let theme: Theme
    let timeZone: TimeZone

    /// Screen lines per alert.
    static let linesPerAlert = 2

    /// How many of `count` alerts to show in `available` lines: all of them, in up to a third.
    static func shown(of count: Int, available: Int) -> Int {
        min(count, max(1, available / 3 / linesPerAlert))
    }

    func draw(into buffer: inout CellBuffer, x: Int, y: Int, width: Int, count: Int) {
        guard count > 0 else { return }
        let first = max(0, selection - count + 1)
        for (offset, alert) in alerts.dropFirst(first).prefix(count).enumerated() {
            let selected = first + offset == selection
            let row = y + offset * Self.linesPerAlert
            var base = theme.text(alert.acknowledged ? theme.muted : theme.foreground)
            if selected { base.background = theme.selection }
            buffer.fill(x: x, y: row, width: width, height: Self.linesPerAlert, style: base)
            let open = !alert.acknowledged
            let severity = alert.severity == .critical ? theme.error : theme.warning
            StyledLine([
                StyledSpan(selected ? "▸ " : "  ", base),
                StyledSpan((alert.severity == .critical ? "● " : "▲ ") + alert.severity.rawValue + "  ", theme.text(open ? severity : theme.muted, open ? .bold : [])),
                StyledSpan(alert.rule.rawValue + "  ", theme.text(theme.tool)),
                StyledSpan(ClockText.dateTime(alert.time, in: timeZone) + "  ", theme.text(theme.muted)),
                StyledSpan(open ? "new" : "acknowledged", theme.text(open ? theme.accent : theme.muted, open ? .bold : [])),
            ]).draw(into: &buffer, x: x, y: row, limit: width)
            buffer.write("    " + TerminalText.sanitized(alert.summary, singleLine: true), x: x, y: row + 1, style: base, limit: width)
            if selected { buffer.restyle(x: x, y: row, width: width, height: Self.linesPerAlert) { $0.background = theme.selection } }
        }
    }
}
