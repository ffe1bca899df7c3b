import AirlockCore

/// Where the panes are, from the terminal size and the input's length.
///
/// ```
/// ┌sidebar┐┌header (workspace · session)──────┐  row 0
/// │       ││transcript                        │  rows 1 ..< inputY - 1
/// │       │├hint─────────────────────────────┤  row inputY - 1
/// │       ││› input (1–6 rows)                │  rows inputY ..< statusY - 1
/// └───────┘└──────────────────────────────────┘  row statusY - 1
/// status bar                                      row statusY
/// ```
struct ScreenGeometry {
    /// Columns of the sidebar (0 on very narrow terminals).
    let sidebarWidth: Int
    /// First column of the main pane.
    let mainX: Int
    /// Columns of the main pane.
    let mainWidth: Int
    /// Rows of the input box's text (1–6).
    let inputRows: Int
    /// First row of the input box's text.
    let inputY: Int
    /// Rows of the transcript.
    let transcriptHeight: Int
    /// Row of the status bar.
    let statusY: Int

    init(state: AppState) {
        let width = max(1, state.width)
        let height = max(4, state.height)
        sidebarWidth = width >= 60 ? min(32, max(18, width / 4)) : 0
        mainX = sidebarWidth
        mainWidth = width - sidebarWidth
        let textWidth = max(1, mainWidth - 4)
        let wanted = state.workspace.map { InputLayout.rows(of: $0.input, width: textWidth).count } ?? 1
        inputRows = min(6, max(1, wanted), max(1, height - 6))
        statusY = height - 1
        inputY = statusY - 1 - inputRows
        transcriptHeight = max(1, inputY - 2)
    }
}

/// The transcript pane's size, for scrolling.
struct TranscriptGeometry {
    let width: Int
    let height: Int

    init(state: AppState) {
        let geometry = ScreenGeometry(state: state)
        width = max(1, geometry.mainWidth - 2)
        height = geometry.transcriptHeight
    }
}

/// The input box's text laid out in rows: where each row starts and where the cursor is.
enum InputLayout {
    /// The input's rows at `width` columns: ranges of character indices, wrapping at the
    /// width and at line breaks.
    static func rows(of input: InputState, width: Int) -> [Range<Int>] {
        var rows: [Range<Int>] = []
        var start = 0
        var column = 0
        for (index, character) in input.characters.enumerated() {
            if character == "\n" {
                rows.append(start..<index)
                start = index + 1
                column = 0
                continue
            }
            let columns = max(1, DisplayWidth.of(character))
            if column + columns > width, index > start {
                rows.append(start..<index)
                start = index
                column = 0
            }
            column += columns
        }
        rows.append(start..<input.characters.count)
        return rows
    }

    /// The row and column of the cursor.
    static func cursor(of input: InputState, width: Int) -> (row: Int, column: Int) {
        let rows = rows(of: input, width: width)
        for (number, range) in rows.enumerated() where input.cursor >= range.lowerBound && input.cursor <= range.upperBound {
            if input.cursor == range.upperBound, number + 1 < rows.count, rows[number + 1].lowerBound == input.cursor { continue }
            let column = input.characters[range.lowerBound..<input.cursor].reduce(0) { $0 + max(1, DisplayWidth.of($1)) }
            return (number, column)
        }
        return (rows.count - 1, 0)
    }
}

/// The sidebar's rows: the workspaces, then the sessions of the open workspace (or the
/// hits of a session search).
struct SidebarEntries {
    /// One selectable row.
    enum Entry: Equatable {
        case workspace(Int)
        case session(SessionKey)
    }

    private let entries: [Entry]

    init(state: AppState) {
        var entries = state.workspaces.indices.map(Entry.workspace)
        if let workspace = state.workspace {
            if let search = workspace.sessionSearch {
                entries += search.hits.map { .session(SessionKey(workspace: workspace.id, session: $0.session)) }
            } else {
                entries += workspace.sessions.map { .session($0.key) }
            }
        }
        self.entries = entries
    }

    var count: Int { entries.count }

    func entry(at index: Int) -> Entry? {
        entries.indices.contains(index) ? entries[index] : nil
    }
}
