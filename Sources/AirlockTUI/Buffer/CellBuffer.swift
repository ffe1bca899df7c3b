import AirlockCore

/// A frame: a grid of cells that views draw into and the terminal backend shows.
///
/// Text written here is sanitized grapheme by grapheme, so no control character, escape
/// sequence or bidirectional override can be in a buffer, whatever a view passes in.
/// Wide characters take two cells; one that would be cut by the right edge is replaced
/// by a space, and overwriting half of one blanks the other half.
public struct CellBuffer: Equatable, Sendable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Cells, row by row.
    public private(set) var cells: [Cell]

    /// A buffer of blank cells in `style`.
    public init(width: Int, height: Int, style: CellStyle = .plain) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank(style), count: self.width * self.height)
    }

    /// The cell at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Whether (`x`, `y`) is on the buffer.
    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height
    }

    /// Writes `text` from column `x` of row `y` in `style`, stopping at `limit` columns
    /// (or the right edge).
    ///
    /// - Returns: the columns used.
    @discardableResult
    public mutating func write(_ text: some StringProtocol, x: Int, y: Int, style: CellStyle, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let end = min(width, x + (limit ?? width))
        var column = x
        for grapheme in text {
            let safe = Self.safe(grapheme)
            let columns = DisplayWidth.of(safe)
            if columns == 0 { continue }
            if column + columns > end {
                if column < end, column >= 0 { put(Cell(" ", style: style), x: column, y: y) }
                column = end
                break
            }
            if column >= 0 {
                put(Cell(String(safe), style: style), x: column, y: y)
                if columns == 2 { put(Cell("", style: style), x: column + 1, y: y) }
            }
            column += columns
        }
        return max(0, column - x)
    }

    /// Blanks a rectangle in `style`.
    public mutating func fill(x: Int, y: Int, width fillWidth: Int, height fillHeight: Int, style: CellStyle) {
        for row in max(0, y)..<min(height, y + fillHeight) {
            for column in max(0, x)..<min(width, x + fillWidth) {
                put(.blank(style), x: column, y: row)
            }
        }
    }

    /// Restyles the cells of a rectangle, keeping their text (for highlights).
    public mutating func restyle(x: Int, y: Int, width fillWidth: Int, height fillHeight: Int, _ change: (inout CellStyle) -> Void) {
        for row in max(0, y)..<min(height, y + fillHeight) {
            for column in max(0, x)..<min(width, x + fillWidth) {
                change(&cells[row * width + column].style)
            }
        }
    }

    /// The text of each row (continuation cells left out), for tests and snapshots.
    public var lines: [String] {
        (0..<height).map { row in
            cells[(row * width)..<((row + 1) * width)].map(\.grapheme).joined()
        }
    }

    /// The rows as text with trailing spaces removed, joined by newlines.
    public var text: String {
        lines.map { line in
            var trimmed = Substring(line)
            while trimmed.last == " " { trimmed.removeLast() }
            return String(trimmed)
        }.joined(separator: "\n")
    }

    /// The runs of cells that differ from `previous` (all of them when there is no
    /// previous frame or its size differs) — what a backend must redraw.
    public func changes(since previous: CellBuffer?) -> [CellRun] {
        var runs: [CellRun] = []
        let all = previous == nil || previous!.width != width || previous!.height != height
        for row in 0..<height {
            var column = 0
            while column < width {
                let index = row * width + column
                guard all || cells[index] != previous!.cells[index] else {
                    column += 1
                    continue
                }
                var end = column
                while end < width, all || cells[row * width + end] != previous!.cells[row * width + end] { end += 1 }
                // A run never starts on the right half of a wide character.
                let start = column > 0 && cells[index].isContinuation ? column - 1 : column
                runs.append(CellRun(x: start, y: row, cells: Array(cells[(row * width + start)..<(row * width + end)])))
                column = end
            }
        }
        return runs
    }

    private mutating func put(_ cell: Cell, x: Int, y: Int) {
        guard contains(x: x, y: y) else { return }
        let index = y * width + x
        if cells[index].isContinuation, x > 0, !cell.isContinuation {
            cells[index - 1] = .blank(cells[index - 1].style)
        }
        if x + 1 < width, cells[index + 1].isContinuation, !cell.isContinuation, DisplayWidth.of(cell.grapheme) < 2 {
            cells[index + 1] = .blank(cells[index + 1].style)
        }
        cells[index] = cell
    }

    private static func safe(_ grapheme: Character) -> Character {
        guard grapheme.unicodeScalars.contains(where: TerminalText.needsReplacement) else { return grapheme }
        return TerminalText.sanitized(String(grapheme), singleLine: true).first ?? "\u{FFFD}"
    }
}

/// Consecutive changed cells of one row.
public struct CellRun: Equatable, Sendable {
    /// The first column.
    public let x: Int
    /// The row.
    public let y: Int
    /// The cells, left to right (continuations included).
    public let cells: [Cell]
}
