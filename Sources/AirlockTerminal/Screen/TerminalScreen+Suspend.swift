import CNCursesW

extension TerminalScreen {
    /// Lends the real terminal to `body` — to run `$EDITOR`, say — and takes it back.
    ///
    /// The terminal goes back to its normal mode (`def_prog_mode`, `endwin`, bracketed
    /// paste off) while `body` runs; afterwards raw mode returns (`reset_prog_mode`, a
    /// refresh) and the next `draw` redraws everything.
    public func suspend<Result>(_ body: () throws -> Result) rethrows -> Result {
        guard !isEnded else { return try body() }
        setBracketedPaste(false)
        def_prog_mode()
        endwin()
        defer {
            reset_prog_mode()
            clearok(window, true)
            wrefresh(window)
            setBracketedPaste(true)
            previousFrame = nil
            cursorShown = nil
        }
        return try body()
    }
}
