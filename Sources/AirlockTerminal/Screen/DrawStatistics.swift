/// What one `TerminalScreen.draw` call wrote.
public struct DrawStatistics: Hashable, Sendable {
    /// Runs of changed cells.
    public var runs: Int
    /// Cells written to ncurses (a wide character counts once).
    public var cells: Int

    /// Creates statistics.
    public init(runs: Int = 0, cells: Int = 0) {
        self.runs = runs
        self.cells = cells
    }
}
