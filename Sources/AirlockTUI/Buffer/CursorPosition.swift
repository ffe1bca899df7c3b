/// A cell on the screen where the terminal's cursor is shown (the input box's caret).
public struct CursorPosition: Hashable, Sendable {
    /// The column.
    public var x: Int
    /// The row.
    public var y: Int

    /// Creates a position.
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}
