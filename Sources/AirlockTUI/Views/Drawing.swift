extension CellBuffer {
    /// A frame of box-drawing lines, optionally with a title in its top edge.
    mutating func box(x: Int, y: Int, width: Int, height: Int, style: CellStyle, title: [StyledSpan] = []) {
        guard width >= 2, height >= 2 else { return }
        write("┌" + String(repeating: "─", count: width - 2) + "┐", x: x, y: y, style: style)
        for row in (y + 1)..<(y + height - 1) {
            write("│", x: x, y: row, style: style)
            write("│", x: x + width - 1, y: row, style: style)
        }
        write("└" + String(repeating: "─", count: width - 2) + "┘", x: x, y: y + height - 1, style: style)
        guard !title.isEmpty else { return }
        var column = x + 2
        column += write(" ", x: column, y: y, style: style)
        for span in title where column < x + width - 3 {
            column += write(span.text, x: column, y: y, style: span.style, limit: x + width - 3 - column)
        }
        write(" ", x: column, y: y, style: style, limit: x + width - 1 - column)
    }

    /// A horizontal line of `─`.
    mutating func horizontalLine(x: Int, y: Int, width: Int, style: CellStyle) {
        guard width > 0 else { return }
        write(String(repeating: "─", count: width), x: x, y: y, style: style)
    }

    /// `text` centred in `width` columns from `x`.
    mutating func centered(_ text: String, x: Int, y: Int, width: Int, style: CellStyle) {
        let columns = DisplayWidth.of(text)
        write(text, x: x + max(0, (width - columns) / 2), y: y, style: style, limit: width)
    }
}

/// Short formats for times shown on screen.
enum ClockText {
    /// `14:02` in `zone`.
    static func time(_ date: Foundation.Date, in zone: TimeZone) -> String {
        let components = calendar(zone).dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", components.hour ?? 0, components.minute ?? 0)
    }

    /// `2026-11-29 14:02` in `zone`.
    static func dateTime(_ date: Foundation.Date, in zone: TimeZone) -> String {
        let components = calendar(zone).dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", components.year ?? 0, components.month ?? 0, components.day ?? 0, components.hour ?? 0, components.minute ?? 0)
    }

    private static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// `12 ms` or `1.4 s`.
    static func duration(_ duration: Duration) -> String {
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return milliseconds < 1000 ? String(format: "%.0f ms", milliseconds) : String(format: "%.1f s", milliseconds / 1000)
    }
}

import Foundation
