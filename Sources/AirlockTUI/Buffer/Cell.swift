/// One cell of the screen: a grapheme cluster and its style.
///
/// A character two columns wide occupies its cell and the next, which holds a
/// continuation (an empty grapheme), as in ratatui's buffer.
public struct Cell: Hashable, Sendable {
    /// The grapheme drawn here; empty for the second half of a wide character.
    public var grapheme: String
    /// How it is drawn.
    public var style: CellStyle

    /// Creates a cell.
    public init(_ grapheme: String, style: CellStyle = .plain) {
        self.grapheme = grapheme
        self.style = style
    }

    /// A space in `style`.
    public static func blank(_ style: CellStyle = .plain) -> Cell {
        Cell(" ", style: style)
    }

    /// Whether this is the right half of a wide character.
    public var isContinuation: Bool { grapheme.isEmpty }
}
