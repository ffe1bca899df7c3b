import AirlockCore
import Foundation

/// The memory browser: kind filter and search on top, the list left, a preview right.
struct MemoryView {
    let memory: MemoryBrowserState
    let theme: Theme
    let accent: Color
    let timeZone: TimeZone

    func draw(into buffer: inout CellBuffer, x: Int, y: Int, width: Int, height: Int) {
        let muted = theme.text(theme.muted)
        let kinds = ([nil] + MemoryKind.allCases).map { kind -> StyledSpan in
            let label = kind?.rawValue ?? "all"
            return kind == memory.kind ? StyledSpan(" \(label) ", CellStyle(foreground: theme.background == .default ? .indexed(0) : theme.background, background: accent, attributes: .bold)) : StyledSpan(" \(label) ", muted)
        }
        StyledLine([StyledSpan(" Memory ", theme.text(accent, .bold))] + kinds).draw(into: &buffer, x: x + 1, y: y, limit: width - 2)
        StyledLine([StyledSpan(" Search: ", muted), StyledSpan(memory.query, theme.plain), StyledSpan("▏", theme.text(accent))])
            .draw(into: &buffer, x: x + 1, y: y + 1, limit: width - 2)
        buffer.horizontalLine(x: x + 1, y: y + 2, width: width - 2, style: theme.text(theme.border))
        let listWidth = width >= 70 ? (width - 2) / 2 : width - 2
        let top = y + 3
        let rows = max(0, height - 4)
        let first = max(0, memory.selection - rows + 1)
        if memory.items.isEmpty {
            buffer.write(memory.query.isEmpty ? " No memory yet — Ctrl+O writes one in $EDITOR" : " Nothing matches", x: x + 1, y: top, style: muted, limit: listWidth)
        }
        for (offset, item) in memory.items.dropFirst(first).prefix(rows).enumerated() {
            let selected = first + offset == memory.selection
            var style = theme.text(theme.foreground, selected ? .bold : [])
            if selected { style.background = theme.selection }
            buffer.fill(x: x + 1, y: top + offset, width: listWidth, height: 1, style: style)
            let line = StyledLine([
                StyledSpan(item.pinned ? " ★ " : "   ", theme.text(theme.warning).with(style.attributes)),
                StyledSpan(ClockText.dateTime(item.updatedAt, in: timeZone) + " ", theme.text(theme.muted)),
                StyledSpan(item.kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0), theme.text(theme.tool)),
                StyledSpan(item.title, style),
            ])
            line.draw(into: &buffer, x: x + 1, y: top + offset, limit: listWidth)
            if selected { buffer.restyle(x: x + 1, y: top + offset, width: listWidth, height: 1) { $0.background = theme.selection } }
        }
        guard width >= 70 else { return }
        let previewX = x + 2 + listWidth
        let previewWidth = width - 3 - listWidth
        for row in top..<(top + rows) { buffer.write("│", x: previewX - 1, y: row, style: theme.text(theme.border)) }
        guard let document = memory.preview else { return }
        var lines = [
            StyledLine([StyledSpan(document.title, theme.text(accent, .bold))]),
            StyledLine([StyledSpan("\(document.kind) · \(document.pinned ? "pinned · " : "")updated \(ClockText.dateTime(document.updatedAt, in: timeZone))", theme.text(theme.muted))]),
        ]
        if !document.tags.isEmpty { lines.append(StyledLine([StyledSpan("tags: " + document.tags.joined(separator: ", "), theme.text(theme.muted))])) }
        lines.append(StyledLine())
        lines += MarkdownLite.render(document.body, width: max(1, previewWidth - 1), theme: theme)
        for (offset, line) in lines.prefix(rows).enumerated() {
            line.draw(into: &buffer, x: previewX + 1, y: top + offset, limit: previewWidth - 1)
        }
    }
}

/// The workspace's alerts above its recent audit events (newest at the bottom).
struct AuditView {
    let events: [AuditEvent]
    let alerts: [Alert]
    let alertSelection: Int
    /// The key that acknowledges the selected alert, as help shows it.
    let acknowledgeKey: String
    let theme: Theme
    let timeZone: TimeZone

    func draw(into buffer: inout CellBuffer, x: Int, y: Int, width: Int, height: Int) {
        let muted = theme.text(theme.muted)
        let open = alerts.filter { !$0.acknowledged }.count
        let hint = alerts.isEmpty
            ? "  alerts: none · Esc returns to chat"
            : "  alerts: \(open) new of \(alerts.count) · \(acknowledgeKey) acknowledges · ↑↓ select · Esc chat"
        StyledLine([StyledSpan(" Audit log ", theme.text(theme.accent, .bold)), StyledSpan(hint, muted)])
            .draw(into: &buffer, x: x + 1, y: y, limit: width - 2)
        buffer.horizontalLine(x: x + 1, y: y + 1, width: width - 2, style: theme.text(theme.border))
        var top = y + 2
        if !alerts.isEmpty {
            let shown = AlertList.shown(of: alerts.count, available: height - 3)
            AlertList(alerts: alerts, selection: alertSelection, theme: theme, timeZone: timeZone)
                .draw(into: &buffer, x: x + 1, y: top, width: width - 2, count: shown)
            top += shown * AlertList.linesPerAlert
            buffer.horizontalLine(x: x + 1, y: top, width: width - 2, style: theme.text(theme.border))
            buffer.write(" Events ", x: x + 3, y: top, style: muted, limit: width - 4)
            top += 1
        }
        let rows = max(0, y + height - 1 - top)
        for (offset, event) in events.suffix(rows).enumerated() {
            StyledLine([
                StyledSpan(String(event.sequence).padding(toLength: 7, withPad: " ", startingAt: 0), muted),
                StyledSpan(ClockText.dateTime(event.time, in: timeZone) + "  ", muted),
                StyledSpan(event.action.padding(toLength: 24, withPad: " ", startingAt: 0), theme.text(theme.tool)),
                StyledSpan(event.resource + "  ", theme.plain),
                StyledSpan(event.actor, muted),
            ]).draw(into: &buffer, x: x + 1, y: top + offset, limit: width - 2)
        }
    }
}

/// The workspace's integrations: connection state, token expiry, last use.
struct IntegrationsView {
    let rows: [IntegrationRow]
    let selection: Int
    let now: Date
    let theme: Theme
    let accent: Color
    let timeZone: TimeZone

    func draw(into buffer: inout CellBuffer, x: Int, y: Int, width: Int, height: Int) {
        let muted = theme.text(theme.muted)
        StyledLine([StyledSpan(" Integrations ", theme.text(accent, .bold)),
                    StyledSpan(" Ctrl+O add · Enter connect · Ctrl+D disconnect · Ctrl+Delete remove · Esc chat", muted)])
            .draw(into: &buffer, x: x + 1, y: y, limit: width - 2)
        buffer.horizontalLine(x: x + 1, y: y + 1, width: width - 2, style: theme.text(theme.border))
        guard !rows.isEmpty else {
            buffer.write(" No integrations yet — Ctrl+O adds one", x: x + 1, y: y + 2, style: muted, limit: width - 2)
            return
        }
        for (index, row) in rows.prefix(max(0, height - 2) / 2).enumerated() {
            let line = y + 2 + index * 2
            var style = theme.text(theme.foreground, index == selection ? .bold : [])
            if index == selection { style.background = theme.selection }
            buffer.fill(x: x + 1, y: line, width: width - 2, height: 1, style: style)
            let state = row.connected ? StyledSpan(" ● connected ", theme.text(theme.accent, .bold)) : StyledSpan(" ○ not connected ", theme.text(theme.warning, .bold))
            StyledLine([StyledSpan(" \(row.integration.name) ", style), StyledSpan("(\(row.integration.id), \(row.integration.kind.rawValue)) ", muted), state])
                .draw(into: &buffer, x: x + 1, y: line, limit: width - 2)
            if index == selection { buffer.restyle(x: x + 1, y: line, width: width - 2, height: 1) { $0.background = theme.selection } }
            var details = [row.integration.settings.baseURL.isEmpty ? "default API" : row.integration.settings.baseURL]
            if let expires = row.expiresAt { details.append(expires > now ? "token expires \(ClockText.dateTime(expires, in: timeZone))" : "token expired") }
            details.append(row.integration.lastUsedAt.map { "last used \(ClockText.dateTime($0, in: timeZone))" } ?? "never used")
            if !row.credentials.isEmpty { details.append(row.credentials.joined(separator: ", ")) }
            buffer.write("    " + details.joined(separator: " · "), x: x + 1, y: line + 1, style: muted, limit: width - 2)
        }
    }
}
