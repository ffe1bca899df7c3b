import AirlockTUI
import CNCursesW

extension TerminalScreen {
    /// Shows `frame`, writing only the cells that changed since the last frame.
    ///
    /// After a size change, a resume or on the first frame everything is redrawn. Cells
    /// beyond the screen are left out. With `cursor` the terminal's cursor is shown there
    /// (the input box's caret); without it the cursor is hidden.
    public func draw(_ frame: CellBuffer, cursor: CursorPosition? = nil) {
        guard !isEnded else { return }
        if previousFrame == nil || previousFrame?.width != frame.width || previousFrame?.height != frame.height {
            werase(window)
            clearok(window, true)
            previousFrame = nil
        }
        let runs = frame.changes(since: previousFrame)
        var written = 0
        var rendition: (style: CellStyle, attributes: attr_t, pair: Int32)?
        for run in runs where run.y < height {
            for (offset, cell) in run.cells.enumerated() where !cell.isContinuation && run.x + offset < width {
                if rendition?.style != cell.style {
                    rendition = (cell.style, Self.attributes(cell.style.attributes), colorPair(cell.style))
                }
                written += put(cell, x: run.x + offset, y: run.y, attributes: rendition!.attributes, pair: rendition!.pair)
            }
        }
        placeCursor(cursor)
        wnoutrefresh(window)
        doupdate()
        previousFrame = frame
        lastDraw = DrawStatistics(runs: runs.count, cells: written)
    }

    /// The characters ncurses gets for a grapheme `columns` wide, and whether a space must
    /// follow in the next column.
    ///
    /// ncurses measures with `wcwidth`, which can disagree with the frame's widths (an
    /// emoji made wide by VS16, a character newer than the C library). Drawing such a
    /// grapheme as-is would shift the rest of the row, so it is drawn narrow and padded
    /// (or as U+FFFD when the C library cannot measure it). Combining marks follow their
    /// base, up to ncurses' limit; a zero-width joiner ends the cell.
    static func glyph(for grapheme: String, columns: Int) -> (characters: [wchar_t], padded: Bool) {
        let columns = min(2, max(1, columns))
        guard let base = grapheme.unicodeScalars.first else { return ([0x20], false) }
        let baseWidth = Int(wcwidth(wchar_t(bitPattern: base.value)))
        guard baseWidth >= 1, baseWidth <= columns else { return ([0xFFFD], columns == 2) }
        var characters = [wchar_t(bitPattern: base.value)]
        for scalar in grapheme.unicodeScalars.dropFirst() {
            if characters.count == Int(CCHARW_MAX) || scalar == "\u{200D}" { break }
            if scalar == "\u{FE0F}", baseWidth < columns { continue }
            guard wcwidth(wchar_t(bitPattern: scalar.value)) == 0 else { break }
            characters.append(wchar_t(bitPattern: scalar.value))
        }
        return (characters, baseWidth < columns)
    }

    // MARK: - Helpers

    /// Writes one cell (and its padding); returns the cells written.
    private func put(_ cell: Cell, x: Int, y: Int, attributes: attr_t, pair: Int32) -> Int {
        let glyph = Self.glyph(for: cell.grapheme, columns: DisplayWidth.of(cell.grapheme))
        add(glyph.characters, x: x, y: y, attributes: attributes, pair: pair)
        guard glyph.padded, x + 1 < width else { return 1 }
        add([0x20], x: x + 1, y: y, attributes: attributes, pair: pair)
        return 2
    }

    private func add(_ characters: [wchar_t], x: Int, y: Int, attributes: attr_t, pair: Int32) {
        var character = cchar_t()
        var extendedPair = pair
        setcchar(&character, characters + [0], attributes, 0, &extendedPair)
        mvwadd_wch(window, Int32(y), Int32(x), &character)
    }

    private func placeCursor(_ cursor: CursorPosition?) {
        let shown: Bool
        if let cursor, cursor.x >= 0, cursor.y >= 0, cursor.x < width, cursor.y < height {
            wmove(window, Int32(cursor.y), Int32(cursor.x))
            shown = true
        } else {
            shown = false
        }
        leaveok(window, !shown)
        if cursorShown != shown {
            curs_set(shown ? 1 : 0)
            cursorShown = shown
        }
    }

    /// The colour pair for a style's colours, allocated on first use (`alloc_pair`).
    private func colorPair(_ style: CellStyle) -> Int32 {
        guard colorDepth != .none else { return 0 }
        let foreground = ColorMapper.terminalColor(for: style.foreground, depth: colorDepth).map(Int32.init) ?? (usesDefaultColors ? -1 : COLOR_WHITE)
        let background = ColorMapper.terminalColor(for: style.background, depth: colorDepth).map(Int32.init) ?? (usesDefaultColors ? -1 : COLOR_BLACK)
        if usesDefaultColors, foreground == -1, background == -1 { return 0 }
        return max(0, alloc_pair(foreground, background))
    }

    private static func attributes(_ attributes: TextAttributes) -> attr_t {
        var result = airlock_a_normal()
        if attributes.contains(.bold) { result |= airlock_a_bold() }
        if attributes.contains(.dim) { result |= airlock_a_dim() }
        if attributes.contains(.italic) { result |= airlock_a_italic() }
        if attributes.contains(.underline) { result |= airlock_a_underline() }
        if attributes.contains(.reverse) { result |= airlock_a_reverse() }
        return result
    }
}
